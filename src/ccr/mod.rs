//! The Certification Compliance Report after the survey (DOMAIN §7): its checks, its deadlines,
//! its summary, the action-plan skeleton, the import from a spreadsheet and the PDF report.
//!
//! Responsible for: judging the application's `ccr` and `decision` sections against the
//! standards catalog and the rule edition's `[ccr]` figures, computing the action-plan,
//! implementation-evidence and extension deadlines through the business-day calendar, and
//! turning all of that into data (findings, [`CcrSummary`]) or documents (YAML fragments,
//! [`pdf::Document`](crate::pdf::Document)s). Not responsible for: reading files or the clock
//! (the binary passes text, bytes and `as_of`), or the spreadsheet format itself
//! ([`crate::ccr_xlsx`]).

pub mod app_sections;
mod checks;
mod deadlines;
pub mod import;
pub mod plan;
pub mod report_pdf;
mod summary;

pub use checks::check;
pub use deadlines::{CcrDates, Deadline, DeadlineKind, deadlines, deadlines_of, embedded_calendar};
pub use summary::{
    CcrSummary, DomainCount, IssueLine, days_words, deadline_state, summary, summary_text,
};

use crate::codes::{CodeInfo, Family::Ccr as C, code};
use crate::finding::Severity::{Error as E, Info as I, Warning as W};

/// The holiday calendar shipped with qcp (US federal), which CCR deadlines roll over.
pub const US_FEDERAL_CALENDAR_TOML: &str = include_str!("../../standards/calendar-us-federal.toml");

/// Finding codes of the CCR checks.
pub(crate) const CODES: &[CodeInfo] = &[
    code!("ccr-received-missing", C, E, "the CCR has no received date",
        explain: "The action-plan and extension deadlines count from the day the practice received the CCR; without it qcp cannot tell what is due when.",
        example: "ccr:\n  survey: {date: 2026-08-25}\n  # no received:",
        fix: "Add `ccr.received: YYYY-MM-DD`, the day the report reached the practice.",
        source: "DOMAIN §7; S1 (action plan due 10 days after the CCR is received)"),
    code!("ccr-standard-unassessed", C, E, "a standard in the CCR has no assessment",
        explain: "Every standard the surveyor reviewed is Met, Partially Met, Not Met or not applicable; a standard row without one cannot be counted. Element rows may leave it blank.",
        example: "assessments:\n  - id: \"3.8\"   # no assessment",
        fix: "Copy the assessment from the CCR (met, partially_met, not_met or not_applicable).",
        source: "DOMAIN §7; S1 CCR example"),
    code!("ccr-issue-missing", C, E, "a Partially Met or Not Met standard has no issue",
        explain: "The CCR opens an issue for every standard that is not fully met; the action plan and the implementation evidence are organised by issue, so a missing issue means a missing plan.",
        example: "assessments:\n  - {id: \"4.2\", assessment: not_met}\nissues: []",
        fix: "Add the issue (id, standard, severity, findings, requirement) from the CCR, or correct the assessment.",
        source: "DOMAIN §7; S1 (issues ISS-11, ISS-12)"),
    code!("ccr-issue-for-met-standard", C, E, "an issue names a standard assessed Met or N/A",
        explain: "Issues exist only for standards that are not fully met; one on a Met standard means either the assessment or the issue was copied wrongly.",
        example: "assessments: [{id: \"3.8\", assessment: met}]\nissues: [{id: ISS-11, standard: \"3.8\"}]",
        fix: "Correct the assessment or the issue's standard.",
        source: "DOMAIN §7"),
    code!("ccr-issue-standard-not-assessed", C, W, "an issue names a standard the CCR's assessments do not list",
        explain: "Each issue's standard should appear among the assessments so the report shows how it was assessed.",
        example: "issues: [{id: ISS-12, standard: \"4.2\"}]   # 4.2 missing from assessments",
        fix: "Add the standard's assessment row.",
        source: "DOMAIN §7"),
    code!("ccr-standard-unknown", C, E, "a CCR row names a standard the catalog lacks",
        explain: "Standard ids are checked against the standards catalog in force (the shipped one, or the one given with --standards FILE); an unknown id is usually a typo or a catalog from another edition.",
        example: "issues: [{id: ISS-13, standard: \"9.9\"}]",
        fix: "Correct the id, or load the catalog of your Standards Manual with --standards FILE.",
        source: "DOMAIN §1 (standards), §7"),
    code!("ccr-duplicate-id", C, E, "the same standard or issue id appears twice",
        explain: "Each standard is assessed once and each issue id is unique in a CCR; duplicates make counts and deadlines ambiguous.",
        example: "issues: [{id: ISS-11, …}, {id: ISS-11, …}]",
        fix: "Keep one row per standard and one per issue id.",
        source: "DOMAIN §7"),
    code!("ccr-unknown-issue", C, E, "an action-plan item or evidence names an issue the CCR lacks",
        explain: "Action-plan items and implementation evidence are filed per CCR issue; an id that is not among `ccr.issues` cannot be matched.",
        example: "action_plan:\n  items: [{issue: ISS-99}]",
        fix: "Use an issue id from `ccr.issues`.",
        source: "DOMAIN §5 (post-survey, per issue), §7"),
    code!("ccr-date-order", C, E, "CCR dates are out of order",
        explain: "The survey comes before the report, the report is received before the final CCR, and plans, approvals, evidence, extensions and the decision come after the report was received.",
        example: "survey: {date: 2026-10-10}\nreceived: 2026-10-01",
        fix: "Correct the date that is wrong.",
        source: "DOMAIN §2 milestones 9–13, §7"),
    code!("ccr-status-inconsistent", C, E, "an issue's or plan's status contradicts its dates",
        explain: "An issue marked resolved needs submitted implementation evidence; an approved action plan must have been submitted.",
        example: "issues: [{id: ISS-11, status: resolved}]   # no evidence submitted",
        fix: "Record the evidence's submitted date, or set the status back.",
        source: "DOMAIN §5, §7"),
    code!("ccr-decision-inconsistent", C, E, "the decision contradicts the CCR",
        explain: "Certification is awarded when every standard is Met; a `certified` decision with an unresolved issue or a standard still not met is contradictory.",
        example: "decision: {outcome: certified}\n# ISS-11 still open",
        fix: "Update the issues (resolved, with evidence) or the decision.",
        source: "DOMAIN §2 milestone 13, §7"),
    code!("ccr-action-plan-late", C, E, "the action plan is past its due date",
        explain: "The action plan is due a fixed number of calendar days after the CCR is received (rule `ccr.action_plan_days`), moved to the next business day if it falls on a weekend or holiday. Not submitted by then is an error; submitted late is a warning.",
        example: "received: 2026-10-02   # due 2026-10-13; as of 2026-10-20 not submitted",
        fix: "Submit the action plan and record `ccr.action_plan.submitted`; contact the program if late.",
        source: "DOMAIN §7; S1"),
    code!("ccr-action-plan-missing-item", C, W, "an open issue has no action-plan item",
        explain: "The action plan answers every issue of the CCR; an open issue without an item will be sent back.",
        example: "issues: [ISS-11, ISS-12]\naction_plan: {items: [{issue: ISS-11}]}",
        fix: "Add an item for the issue (`qcp ccr action-plan FILE --yaml` writes the skeleton).",
        source: "DOMAIN §2 milestone 11, §7"),
    code!("ccr-action-plan-item-incomplete", C, W, "a submitted action-plan item lacks actions, owner or target date",
        explain: "Each item of a submitted action plan says what will be done, who owns it and by when.",
        example: "items: [{issue: ISS-11, owner: ~}]",
        fix: "Fill in actions, owner and target_date.",
        source: "DOMAIN §7; S1 action plan"),
    code!("ccr-evidence-late", C, E, "implementation evidence is past its due date",
        explain: "Implementation evidence for every issue is due a fixed number of calendar days after the final CCR (rule `ccr.evidence_days`), rolled to a business day, or by the new date of a granted extension. Missing after that is an error; submitted late is a warning.",
        example: "final: 2026-06-01   # due 2026-09-29; evidence for ISS-11 not submitted",
        fix: "Submit the resolution statement and documents, or request an extension in time.",
        source: "DOMAIN §7; S1"),
    code!("ccr-extension-late", C, E, "the extension was requested after the window closed",
        explain: "An extension of the evidence deadline must be requested within a fixed number of days of receiving the CCR (rule `ccr.extension_request_days`).",
        example: "received: 2026-10-02\nextension: {requested: 2026-11-20}",
        fix: "Check the request date; a late request needs the program's agreement.",
        source: "DOMAIN §7; S1"),
    code!("ccr-final-date-missing", C, I, "no final CCR date: the evidence deadline counts from the received date",
        explain: "Implementation evidence is due a number of days after the *final* CCR. Without `ccr.final`, qcp counts from the received date and says so, rather than guessing silently.",
        example: "ccr:\n  received: 2026-10-02   # no final:",
        fix: "Add `ccr.final: YYYY-MM-DD` once the final CCR is issued.",
        source: "DOMAIN §7; S1"),
    code!("ccr-rules-missing", C, W, "the rule edition has no [ccr] deadlines",
        explain: "The edition loaded with --rules has no `[ccr]` table (the CCR figures) or no `[deadlines]` table (whose `calendar` and `roll_to_business_day` every deadline rolls under), so no CCR deadline can be computed or checked.",
        example: "--rules old-edition.toml   # without [ccr]",
        fix: "Add the missing [ccr] or [deadlines] table (see standards/rules-qcp-2024.toml).",
        source: "qcp rule data (standards/rules-*.toml)"),
];

/// Why a CCR command could not run (as opposed to findings about the CCR).
#[derive(Debug, thiserror::Error)]
pub enum CcrError {
    /// The application has no `ccr` section.
    #[error(
        "the application has no `ccr` section; import one with `qcp ccr import CCR.xlsx --into FILE`"
    )]
    NoCcr,
    /// Deadline arithmetic failed (a date out of range).
    #[error("deadline arithmetic: {0}")]
    Calendar(#[from] crate::calendar::CalendarError),
    /// The PDF could not be laid out.
    #[error("pdf: {0}")]
    Pdf(#[from] crate::pdf::PdfError),
}
