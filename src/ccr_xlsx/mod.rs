//! Spreadsheet side of the Certification Compliance Report (CCR, docs/rules.md §7): importing the
//! surveyor's report from an xlsx/xls/ods workbook into plain, validated values that each cite
//! their source cell, and writing the action-plan skeleton workbook.
//!
//! Responsible for: the workbook layout (sheets Survey, Assessments, Issues — see NOTES.md),
//! tolerant structure (sheet/header names, column order, blank rows), strict values (closed
//! vocabularies, dates), reporting every bad cell by its A1 address, and deterministic output.
//! Not responsible for: program rules (deadlines, which issues need a plan, whether every
//! Partially Met standard has an issue), which the caller applies to [`ImportedCcr`].

mod cell;
mod dates;
mod error;
mod guard;
mod import;
mod model;
mod table;
mod writer;

pub use cell::{CellRef, column_letters};
pub use error::{DateRefusal, ImportError, Location, Problem, ProblemKind, WriteError};
pub use import::{
    MAX_IMPORT_PROBLEMS, MAX_WORKBOOK_BYTES, SheetCells, import_ccr, import_ccr_bytes, read_sheet,
};
pub use model::{
    Assessment, AssessmentRow, ImportWarning, ImportedCcr, IssueRow, IssueStatus, SampleAnswer,
    SampleCheck, Severity, Sourced, SurveyInfo, SurveyMode, WarningKind, WorkbookFormat,
};
pub use writer::{
    ACTION_PLAN_COLUMNS, ACTION_PLAN_SHEET, ACTION_STATUS_CHOICES, ActionPlanHeader, ActionPlanRow,
    TABLE_HEADER_ROW, write_action_plan,
};
