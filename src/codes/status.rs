//! Codes of `status`: the table of its findings with their documentation.

use super::{CodeInfo, Family};
use crate::finding::Severity;

use Family::Status as St;
use Severity::{Error as E, Info as I, Warning as W};

/// Status and deadline codes (docs/rules.md §2, §7, §8).
pub(crate) const CODES: &[CodeInfo] = &[
    code!("certification-not-started", St, I, "the file records QOPI participation only: the certification checks were not run",
        explain: "A file with a `qopi` section and none of the certification application's sections (applicant's current certification, eligibility, agreements other than the QOPI BAA, questionnaire, payment, survey, documents, CCR, decision, timeline) is a QOPI participation file: a fellowship program (which cannot be certified) or a practice preparing the round it will apply with. Checking it against the certification steps would report every step as missing, so `qcp check` runs the checks that concern QOPI participation (the file's consistency, the QOPI BAA and the `qopi` section) and says so once.",
        example: "practice: {...}\nqopi:\n  registered_on: 2026-10-20",
        fix: "Nothing to fix. When the practice applies for certification, add its `eligibility:` section and every certification check runs.",
        source: "docs/application-format.md (\"QOPI participation files\")"),
    code!("deadline-overdue", St, E, "a practice deadline has passed with nothing recorded as done",
        explain: "Deadlines are computed from the recorded dates and the edition's [deadlines] table (e.g. the action plan 10 calendar days after the CCR is received, moved to the next business day). Past the date, with no completion recorded, the step is late.",
        example: "timeline:\n  ccr_received: 2027-04-01   # no action_plan_submitted, checked 2027-04-20",
        fix: "Do it now; then record the date it was done (the path names the key).",
        source: "docs/rules.md §7; S1"),
    code!("score-expires-before-submission", St, W, "the score's validity ends before the planned submission",
        explain: "A qualifying score is valid until the close of the next round of the same season. Planning to submit after that day means re-qualifying with a newer round.",
        example: "round QOPI-2025-R2 valid until 2026-12-11\ntimeline:\n  planned_submission: 2027-01-15",
        fix: "Submit before the validity end, or plan on a more recent round.",
        source: "docs/rules.md §3 (round validity); S3"),
    code!("recertification-too-late", St, W, "a re-certifying practice applies later than the window allows",
        explain: "Re-certifying practices apply 9–12 months before their certification expires so that the new term follows the current one without a gap.",
        example: "expires: 2027-03-31\neligibility:\n  form_date: 2026-11-10   # later than 2026-06-30",
        fix: "Apply at once and ask the program how to keep the certification continuous.",
        source: "docs/rules.md §8; S3"),
    code!("pending-status-lapsed", St, W, "certification-pending status has lapsed",
        explain: "Certification pending lasts about a year after applying; past that with no decision recorded, the application's status needs the program's attention.",
        example: "eligibility.form_date: 2025-06-01, checked 2026-07-01 with no timeline.certified",
        fix: "Contact the program; record timeline.certified when awarded.",
        source: "docs/rules.md §8; S3"),
];
