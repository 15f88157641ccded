//! Errors of the CCR import and the action-plan writer. Import problems are collected (one per
//! bad cell, column or sheet) so a user can fix a workbook in one pass.

use std::fmt;
use std::path::PathBuf;

use super::cell::{CellRef, sheet_prefix};

/// Why a CCR workbook could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read from disk.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// File that was asked for.
        path: PathBuf,
        /// Why the bounded read refused or failed.
        #[source]
        source: crate::fsio::ReadError,
    },
    /// The bytes are not an xlsx, xlsm, xlsb, xls or ods workbook.
    #[error("{} is not a spreadsheet qcp can read ({detail}); save it as .xlsx, .xls or .ods", .path.display())]
    UnsupportedFormat {
        /// File that was asked for.
        path: PathBuf,
        /// What was seen instead.
        detail: String,
    },
    /// The workbook is encrypted (saved with an open password).
    #[error("{} is password-protected; save an unprotected copy and import that", .path.display())]
    Encrypted {
        /// File that was asked for.
        path: PathBuf,
    },
    /// The workbook looks like a spreadsheet but its content is damaged.
    #[error(
        "{} is damaged or not a valid {format} workbook: {reason}; open it in its spreadsheet program and save a fresh copy, or download it again",
        .path.display()
    )]
    Corrupt {
        /// File that was asked for.
        path: PathBuf,
        /// Format the container claimed to be.
        format: &'static str,
        /// Reader's description of the damage.
        reason: String,
    },
    /// The workbook exceeds one of qcp's workbook budgets (docs/DESIGN.md, "Budgets"): checked
    /// on the raw container before any sheet is read, so a hostile size cannot exhaust memory.
    #[error("{} is beyond qcp's workbook limits: {reason}; save a copy with only the CCR sheets", .path.display())]
    OverBudget {
        /// File that was asked for.
        path: PathBuf,
        /// The budget exceeded, in a sentence.
        reason: String,
    },
    /// None of the sheets is a CCR sheet.
    #[error(
        "{} has no CCR sheet: found {}; expected sheets named Survey, Assessments and Issues",
        .path.display(),
        quoted_list(.found)
    )]
    NoCcrSheets {
        /// File that was asked for.
        path: PathBuf,
        /// Sheet names present in the workbook.
        found: Vec<String>,
    },
    /// The workbook was read, but some sheets, columns or cells are wrong.
    #[error("{} has {} problem(s):\n{}", .path.display(), .problems.len(), problem_lines(.problems))]
    Invalid {
        /// File that was asked for.
        path: PathBuf,
        /// Every problem found, in sheet, row, column order.
        problems: Vec<Problem>,
    },
}

/// One thing wrong with a workbook, with the place to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the problem is.
    pub at: Location,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

/// Place of a problem, as precise as the problem allows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The workbook as a whole (e.g. a missing sheet).
    Workbook,
    /// A whole sheet (e.g. an empty sheet, a missing key).
    Sheet(String),
    /// A whole row, 0-based absolute (e.g. a header row lacking a column); shown as `Issues!3:3`.
    Row {
        /// Sheet name as stored.
        sheet: String,
        /// 0-based absolute row.
        row: u32,
    },
    /// One cell.
    Cell(CellRef),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Workbook => f.write_str("workbook"),
            Self::Sheet(sheet) => f.write_str(&sheet_prefix(sheet)),
            Self::Row { sheet, row } => {
                let n = u64::from(*row) + 1;
                write!(f, "{}!{n}:{n}", sheet_prefix(sheet))
            }
            Self::Cell(cell) => cell.fmt(f),
        }
    }
}

/// What is wrong with a sheet, column or cell.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    /// A required sheet is missing.
    #[error("no {role} sheet; name one {}", quoted_list(.accepted))]
    MissingSheet {
        /// Sheet role (`Survey`, `Assessments`, `Issues`).
        role: &'static str,
        /// Names accepted for that role (case-insensitive).
        accepted: Vec<&'static str>,
    },
    /// Two sheets fill the same role.
    #[error("sheets \"{first}\" and \"{second}\" are both {role} sheets; keep one")]
    DuplicateSheet {
        /// Sheet role.
        role: &'static str,
        /// Name of the first sheet.
        first: String,
        /// Name of the second sheet.
        second: String,
    },
    /// The sheet has no non-blank cell.
    #[error("sheet is empty")]
    EmptySheet,
    /// More problems than one import reports; the first ones are listed before this one.
    #[error("{omitted} more problem(s) not listed; fix the ones above and import again")]
    TooManyProblems {
        /// Problems found but not listed.
        omitted: usize,
    },
    /// The header row lacks a required column.
    #[error("no \"{column}\" column in the header row (accepted headers: {})", quoted_list(.accepted))]
    MissingColumn {
        /// Canonical column name.
        column: &'static str,
        /// Header texts accepted for it (case-insensitive).
        accepted: Vec<&'static str>,
    },
    /// Two header cells name the same column.
    #[error("second \"{column}\" column (the first is at {first})")]
    DuplicateColumn {
        /// Canonical column name.
        column: &'static str,
        /// A1 address of the first one.
        first: String,
    },
    /// A required key/value row of the Survey sheet is missing.
    #[error("no \"{key}\" row (accepted keys: {})", quoted_list(.accepted))]
    MissingKey {
        /// Canonical key.
        key: &'static str,
        /// Key texts accepted for it (case-insensitive).
        accepted: Vec<&'static str>,
    },
    /// A Survey key appears twice.
    #[error("second \"{key}\" row (the first is at {first})")]
    DuplicateKey {
        /// Canonical key.
        key: &'static str,
        /// A1 address of the first one.
        first: String,
    },
    /// A required cell is blank.
    #[error("missing {what}")]
    MissingValue {
        /// What should be there (column or key name).
        what: &'static str,
    },
    /// The cell holds a spreadsheet error value such as `#N/A`.
    #[error("cell holds the error value {value}")]
    ErrorValue {
        /// The error as calamine renders it.
        value: String,
    },
    /// The cell holds a value of the wrong kind (e.g. TRUE where text is expected).
    #[error("expected {expected}, found {found}")]
    WrongKind {
        /// What was expected.
        expected: &'static str,
        /// What was found, rendered.
        found: String,
    },
    /// Not one of the four assessment words.
    #[error("unknown assessment \"{value}\"; expected Met, Partially Met, Not Met or N/A")]
    UnknownAssessment {
        /// Cell text.
        value: String,
    },
    /// Not a known issue severity.
    #[error(
        "unknown severity \"{value}\"; expected Critical Partial Compliance, Critical Non-Compliant, Partial Compliance or Non-Compliant"
    )]
    UnknownSeverity {
        /// Cell text.
        value: String,
    },
    /// Not a known issue status.
    #[error("unknown status \"{value}\"; expected Open, In Progress or Resolved")]
    UnknownStatus {
        /// Cell text.
        value: String,
    },
    /// Not a known survey mode.
    #[error("unknown survey mode \"{value}\"; expected in_person or virtual")]
    UnknownSurveyMode {
        /// Cell text.
        value: String,
    },
    /// Not a sampled-patient answer.
    #[error("unknown answer \"{value}\" in sample column \"{column}\"; expected Yes, No or N/A")]
    UnknownSampleAnswer {
        /// Header of the sample column.
        column: String,
        /// Cell text.
        value: String,
    },
    /// Not a standard or element id.
    #[error("bad standard id \"{value}\"; expected dotted numbers such as 3.8 or 3.8.1")]
    BadStandardId {
        /// Cell text.
        value: String,
    },
    /// A standard id typed as a number: 3.1 and 3.10 are the same number.
    #[error(
        "standard id {value} is stored as a number, which cannot tell 3.1 from 3.10; format the column as text and retype it"
    )]
    NumericStandardId {
        /// The number as read.
        value: f64,
    },
    /// Not an issue id.
    #[error("bad issue id \"{value}\"; expected ISS- followed by digits, such as ISS-11")]
    BadIssueId {
        /// Cell text.
        value: String,
    },
    /// The same id appears twice on a sheet.
    #[error("duplicate id \"{id}\" (first at {first})")]
    DuplicateId {
        /// The id.
        id: String,
        /// A1 address of the first occurrence.
        first: String,
    },
    /// A date that cannot be read.
    #[error("bad date {value}: {reason}")]
    BadDate {
        /// The cell value as shown to the user (quoted text, or a number).
        value: String,
        /// Why it was refused.
        reason: DateRefusal,
    },
}

/// Why a date value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateRefusal {
    /// Text in a form that reads differently in different countries.
    #[error(
        "ambiguous form; write the year first (2026-03-14) or as US month/day/year with four digits (03/14/2026)"
    )]
    Ambiguous,
    /// Text that is not a date at all.
    #[error("not a date; write 2026-03-14 or 03/14/2026 (US month/day/year)")]
    NotADate,
    /// Well-formed but impossible (e.g. February 30).
    #[error("no such day (text dates are year-month-day or US month/day/year)")]
    NoSuchDay,
    /// A plain number in a cell without a date format.
    #[error("a number without a date format; format the cell as a date or type 2026-03-14")]
    UnformattedNumber,
    /// A duration (`[h]:mm`) rather than a point in time.
    #[error("a duration, not a date")]
    Duration,
    /// Serial 60 in the 1900 system: Excel's non-existent 1900-02-29.
    #[error("serial 60 is 1900-02-29, a day that does not exist (Excel 1900 leap-year bug)")]
    Excel1900LeapBug,
    /// A serial outside the range Excel can show.
    #[error("serial is outside Excel's date range")]
    OutOfRange,
}

/// Why the action plan could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// rust_xlsxwriter refused a value or failed to package the file.
    #[error("cannot write action plan: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A date outside the years a spreadsheet can hold (1900–9999).
    #[error("cannot write date {date} ({field}): spreadsheets hold years 1900 to 9999 only")]
    DateOutOfRange {
        /// Field holding the date.
        field: &'static str,
        /// The date.
        date: jiff::civil::Date,
    },
}

fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn problem_lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
