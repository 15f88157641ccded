//! Plain output types of the CCR import and the closed vocabularies (assessment, severity,
//! status, survey mode, sample answer) with their accepted spellings. Not responsible for
//! reading cells or for any program rule (deadlines, which issues need a plan).

use jiff::civil::Date;

use super::cell::CellRef;

/// The CCR's words, defined once in [`crate::vocabulary`]; this module adds the spellings a
/// workbook cell may use (`parse`). `Severity` is an issue's severity.
pub use crate::vocabulary::{
    Assessment, IssueSeverity as Severity, IssueStatus, SampleAnswer, SurveyMode,
};

/// A value together with the cell it was read from, so callers can cite it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The validated value.
    pub value: T,
    /// Where it was read.
    pub cell: CellRef,
}

/// Container format the workbook was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl WorkbookFormat {
    /// Short name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Xlsb => "xlsb",
            Self::Xls => "xls",
            Self::Ods => "ods",
        }
    }
}

/// Everything read from a surveyor's CCR workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCcr {
    /// Format the file was read as.
    pub format: WorkbookFormat,
    /// The Survey sheet.
    pub survey: SurveyInfo,
    /// The Assessments sheet, one entry per data row, in sheet order.
    pub assessments: Vec<AssessmentRow>,
    /// The Issues sheet, one entry per data row, in sheet order.
    pub issues: Vec<IssueRow>,
    /// Things that were skipped rather than refused (unknown keys and columns).
    pub warnings: Vec<ImportWarning>,
}

/// Key/value facts of the Survey sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyInfo {
    /// Day the practice received the CCR (the action-plan clock starts here, docs/rules.md §7).
    pub received: Sourced<Date>,
    /// Day of the site survey.
    pub survey_date: Sourced<Date>,
    /// In person or virtual.
    pub mode: Sourced<SurveyMode>,
    /// Surveyor's name, if given.
    pub surveyor: Option<Sourced<String>>,
    /// Practice name, if given.
    pub practice: Option<Sourced<String>>,
}

impl SurveyMode {
    /// Parses `in_person`/`in person`/`in-person` or `virtual`, ignoring case.
    pub fn parse(text: &str) -> Option<Self> {
        match normalize(text).as_str() {
            "in person" => Some(Self::InPerson),
            "virtual" => Some(Self::Virtual),
            _ => None,
        }
    }
}

/// One row of the Assessments sheet: a standard (`3.8`) or one of its elements (`3.8.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRow {
    /// Standard or element id, dotted numbers.
    pub id: Sourced<String>,
    /// Description text, if the sheet has that column and the cell is filled.
    pub description: Option<Sourced<String>>,
    /// Assessment; always present on standard rows, optional on element rows.
    pub assessment: Option<Sourced<Assessment>>,
    /// Surveyor's notes or findings, if any.
    pub notes: Option<Sourced<String>>,
    /// Filled sampled-patient cells, in column order (blank cells are left out).
    pub samples: Vec<SampleCheck>,
}

impl AssessmentRow {
    /// True for an element id (`3.8.1`), false for a standard id (`3.8`).
    pub fn is_element(&self) -> bool {
        is_element_id(&self.id.value)
    }
}

/// Whether a validated id names an element (three or more parts) rather than a standard.
pub(crate) fn is_element_id(id: &str) -> bool {
    id.split('.').count() > 2
}

/// A sampled-patient check, e.g. column "IV Patient 1" answered No.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleCheck {
    /// Column header as written (trimmed), e.g. `IV Patient 1`.
    pub column: String,
    /// The answer and its cell.
    pub answer: Sourced<SampleAnswer>,
}

impl Assessment {
    /// Parses Met, Partially Met, Not Met, N/A or Not Applicable, ignoring case and spacing.
    pub fn parse(text: &str) -> Option<Self> {
        match normalize(text).as_str() {
            "met" => Some(Self::Met),
            "partially met" => Some(Self::PartiallyMet),
            "not met" => Some(Self::NotMet),
            "n/a" | "not applicable" => Some(Self::NotApplicable),
            _ => None,
        }
    }
}

impl SampleAnswer {
    /// Parses Yes, No, NA, N/A or Not Applicable, ignoring case.
    pub fn parse(text: &str) -> Option<Self> {
        match normalize(text).as_str() {
            "yes" => Some(Self::Yes),
            "no" => Some(Self::No),
            "na" | "n/a" | "not applicable" => Some(Self::NotApplicable),
            _ => None,
        }
    }
}

/// One row of the Issues sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRow {
    /// Issue id, upper-cased (`ISS-11`).
    pub id: Sourced<String>,
    /// Standard the issue is about (`3.8`).
    pub standard: Sourced<String>,
    /// Severity.
    pub severity: Sourced<Severity>,
    /// Status in the portal.
    pub status: Sourced<IssueStatus>,
    /// Why the standard was not met.
    pub findings: Sourced<String>,
    /// What the practice must show to comply.
    pub requirement: Sourced<String>,
}

impl Severity {
    /// Parses the four severities, ignoring case; hyphen and space are interchangeable and
    /// "Non-Compliance"/"Noncompliant" are accepted for "Non-Compliant".
    pub fn parse(text: &str) -> Option<Self> {
        let t = normalize(text);
        let (critical, rest) = match t.strip_prefix("critical ") {
            Some(rest) => (true, rest),
            None => (false, t.as_str()),
        };
        let partial = match rest {
            "partial compliance" | "partially compliant" => true,
            "non compliant" | "noncompliant" | "non compliance" | "noncompliance" => false,
            _ => return None,
        };
        Some(match (critical, partial) {
            (true, true) => Self::CriticalPartialCompliance,
            (true, false) => Self::CriticalNonCompliant,
            (false, true) => Self::PartialCompliance,
            (false, false) => Self::NonCompliant,
        })
    }
}

impl IssueStatus {
    /// Parses Open, In Progress or Resolved, ignoring case; the portal's combined
    /// "OPEN In Progress" / "Open - In Progress" reads as In Progress.
    pub fn parse(text: &str) -> Option<Self> {
        match normalize(text).as_str() {
            "open" => Some(Self::Open),
            "in progress" | "open in progress" => Some(Self::InProgress),
            "resolved" => Some(Self::Resolved),
            _ => None,
        }
    }
}

/// Something skipped rather than refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// Cell of the skipped key or header.
    pub cell: CellRef,
    /// What was skipped.
    pub kind: WarningKind,
}

/// Kinds of skipped content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// A Survey key qcp does not use.
    UnknownKey(String),
    /// An Issues column qcp does not use.
    UnknownColumn(String),
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            WarningKind::UnknownKey(k) => write!(f, "{}: ignored unknown key \"{k}\"", self.cell),
            WarningKind::UnknownColumn(c) => {
                write!(f, "{}: ignored unknown column \"{c}\"", self.cell)
            }
        }
    }
}

/// Lower-cases, turns `_` and `-` (except inside `n/a`) into spaces, collapses whitespace and
/// drops a trailing `:` — the "same word, different typing" tolerance used for every
/// vocabulary, header and key.
pub(crate) fn normalize(text: &str) -> String {
    let lowered = text.trim().trim_end_matches(':').to_lowercase();
    let spaced: String = lowered
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessment_accepts_only_the_four_words() {
        // docs/rules.md §7: Met / Partially Met / Not Met (plus N/A for non-applicable standards).
        assert_eq!(
            Assessment::parse(" partially  MET "),
            Some(Assessment::PartiallyMet)
        );
        assert_eq!(
            Assessment::parse("Not Applicable"),
            Some(Assessment::NotApplicable)
        );
        assert_eq!(Assessment::parse("n/a"), Some(Assessment::NotApplicable));
        for bad in ["Mett", "Partial", "Yes", "NA", "Met?", ""] {
            assert_eq!(Assessment::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn severity_spellings_from_the_ccr_screens() {
        // Seed 001 shows "Critical Partial Compliance" and "Critical Non-Compliant".
        assert_eq!(
            Severity::parse("Critical Partial Compliance"),
            Some(Severity::CriticalPartialCompliance)
        );
        assert_eq!(
            Severity::parse("critical non-compliant"),
            Some(Severity::CriticalNonCompliant)
        );
        assert_eq!(
            Severity::parse("Noncompliant"),
            Some(Severity::NonCompliant)
        );
        assert_eq!(Severity::parse("Critical"), None);
        assert_eq!(Severity::parse("Critical Partial"), None);
    }

    #[test]
    fn status_reads_the_portal_combined_form() {
        // Seed 001 shows an issue header "ISS-11 - OPEN In Progress".
        assert_eq!(
            IssueStatus::parse("OPEN In Progress"),
            Some(IssueStatus::InProgress)
        );
        assert_eq!(
            IssueStatus::parse("in-progress"),
            Some(IssueStatus::InProgress)
        );
        assert_eq!(IssueStatus::parse("Closed"), None);
    }

    #[test]
    fn survey_mode_spellings() {
        assert_eq!(SurveyMode::parse("in_person"), Some(SurveyMode::InPerson));
        assert_eq!(SurveyMode::parse("In-Person"), Some(SurveyMode::InPerson));
        assert_eq!(SurveyMode::parse("VIRTUAL"), Some(SurveyMode::Virtual));
        assert_eq!(SurveyMode::parse("remote"), None);
    }
}
