//! Codes of `facts`: the one-home rule (each event of the journey recorded in one place).

use super::{CodeInfo, Family};
use crate::finding::Severity;

use Family::Validate as Val;
use Severity::{Error as E, Info as I, Warning as W};

/// The codes of the one-home rule.
pub(crate) const CODES: &[CodeInfo] = &[
    code!("fact-recorded-twice", Val, E, "one event is recorded in two places with different dates",
        explain: "Every event of the journey has one home in the file (docs/application-format.md, \"Where each fact lives\"). When the same event is also written in a second place with another date, qcp cannot know which is true, and commands reading different places would disagree. qcp uses the home's date and reports the other place.",
        example: "questionnaire:\n  submitted_on: 2026-12-01\ntimeline:\n  questionnaire_submitted: 2026-12-03",
        fix: "Keep the date in the home named by the message and delete the other entry.",
        source: "docs/application-format.md (where each fact lives)"),
    code!("fact-duplicate", Val, W, "one event is recorded twice with the same date",
        explain: "The event is written in its home and again in an older place (`timeline`, or a second section). The dates agree today, but two copies drift apart when one is edited.",
        example: "agreements:\n  participation:\n    signed_on: 2026-11-18\ntimeline:\n  agreement_signed: 2026-11-18",
        fix: "Delete the entry that is not the home named in the message.",
        source: "docs/application-format.md (where each fact lives)"),
    code!("fact-old-place", Val, I, "an event is recorded only in its older place",
        explain: "The event is recorded where earlier versions of the format kept it (for example `timeline.paid` instead of `payment.paid_on`). qcp reads it from there, so nothing is lost; moving it to its home keeps the file in one shape.",
        example: "timeline:\n  paid: 2026-12-20",
        fix: "Move the date to the home named in the message.",
        source: "docs/application-format.md (where each fact lives)"),
];
