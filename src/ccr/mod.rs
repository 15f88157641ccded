//! The Certification Compliance Report after the survey (docs/rules.md §7): its checks, its deadlines,
//! its summary, the action-plan skeleton, the import from a spreadsheet and the PDF report.
//!
//! Responsible for: judging the application's `ccr` and `decision` sections against the
//! standards catalog and the rule edition's `[ccr]` figures, computing the action-plan,
//! implementation-evidence and extension deadlines through the business-day calendar, and
//! turning all of that into data (findings, [`CcrSummary`]) or documents (YAML fragments,
//! [`pdf::Document`](crate::pdf::Document)s). Not responsible for: reading files or the clock
//! (the binary passes text, bytes and `as_of`), or the spreadsheet format itself
//! ([`crate::ccr_xlsx`]).

mod checks;
mod deadlines;
pub mod import;
pub mod plan;
mod summary;

pub use checks::check;
pub use deadlines::{CcrDates, Deadline, DeadlineKind, deadlines, deadlines_of, embedded_calendar};
pub use summary::{
    CcrSummary, DomainCount, IssueLine, days_words, deadline_state, summary, summary_text,
};

/// The holiday calendar shipped with qcp (US federal), which CCR deadlines roll over; its home
/// is [`crate::rules::deadlines`].
pub use crate::rules::deadlines::US_FEDERAL_CALENDAR_TOML;

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
