//! Codes of `journey`: milestones recorded out of order.

use super::{CodeInfo, Family};
use crate::finding::Severity;

use Family::Status as St;
use Severity::{Error as E, Warning as W};

/// Journey-order codes (docs/rules.md §2).
pub(crate) const CODES: &[CodeInfo] = &[
    code!("milestone-out-of-order", St, E, "a milestone is recorded before one that must precede it",
        explain: "The program's steps come in order: the eligibility form, then its approval, then (after agreements, questionnaire, payment and pre-survey documents) the survey availability form, the survey, the CCR and the implementation evidence. A date before the step it follows is a typo or a step recorded in the wrong place. The message names both dates and where each is recorded. In the 2024 edition the survey availability form also follows the payment and every pre-survey document (`[survey] form_after_payment_and_documents`). In the 2019 edition the QCP admin approves the pre-payment request after it is sent, and the payment follows that approval (`[payment] prepayment_request`, S0).",
        example: "eligibility:\n  form_date: 2026-11-20\nsurvey:\n  survey_date: 2026-08-25",
        fix: "Correct whichever of the two dates is wrong.",
        source: "docs/rules.md §2; S1"),
    code!("event-after-as-of", St, E, "an event is dated after the date checked",
        explain: "A CCR recorded as received after the date the rules are applied as of has not happened yet on that date; deadlines counted from it would be wrong.",
        example: "ccr:\n  received: 2027-05-01   # checked --as-of 2027-04-01",
        fix: "Record the date the CCR arrived, or check as of a later date (`--as-of`).",
        source: "docs/rules.md §2 (milestone 10)"),
    code!("prepayment-approval-missing", St, W, "a payment is recorded without the pre-payment approval its edition requires",
        explain: "In the 2019 portal the practice sends a pre-payment request to the QCP admin once every questionnaire tab is complete, and pays only after the admin approves it (`[payment] prepayment_request = true`). A payment recorded with no approval means the approval date is missing from the file, or the payment was made outside the process.",
        example: "payment:\n  prepayment_requested_on: 2019-06-03\n  paid_on: 2019-06-20   # no prepayment_approved_on",
        fix: "Record the date of the admin's approval e-mail as `payment.prepayment_approved_on`.",
        source: "docs/rules.md §4; S0 (pre-payment request)"),
    code!("prepayment-not-in-edition", St, W, "a pre-payment request is recorded under an edition without that step",
        explain: "The pre-payment request and its approval belong to the 2019 portal (S0). In the 2024 process (S1) staff issue an invoice to every applicant, so the edition in force (`[payment] prepayment_request = false`) has no such step and qcp does not use the recorded dates. Either the file belongs to the 2019 process (check it with `--rules standards/rules-qcp-2019.toml`) or the dates can go.",
        example: "payment:\n  prepayment_requested_on: 2026-12-01   # checked under qcp-2024",
        fix: "Check the file under the 2019 edition, or delete the pre-payment dates.",
        source: "docs/rules.md §4; S0, S1"),
    code!("survey-date-changed", St, W, "an agreed survey date was changed",
        explain: "When the practice changes a survey date already agreed with the program, it bears the resulting travel and surveyor costs. Recorded as `survey.rescheduled_from` (the earlier date) with `survey.survey_date` (the new one).",
        example: "survey:\n  survey_date: 2027-03-09\n  rescheduled_from: 2027-02-16",
        fix: "Budget for the costs; avoid further changes.",
        source: "docs/rules.md §4; S1"),
];
