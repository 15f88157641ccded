//! Writing the action-plan workbook: a header block (practice, CCR received, due dates) and one
//! row per CCR issue with its findings and standard requirement, and the Actions / Owner /
//! Target date / Status the file records for it (empty for the practice to fill in otherwise).
//! Each row's height fits its longest wrapped cell.
//! Not responsible for computing the due dates (the caller applies the program rules) or for
//! choosing which issues need a plan.
//!
//! Output is deterministic: rust_xlsxwriter stamps `docProps/core.xml` with the current time
//! unless a creation date is set, so the CCR-received date is used; zip entry times are fixed
//! by rust_xlsxwriter itself.

use jiff::civil::Date;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet,
};

use super::error::WriteError;
use super::model::IssueRow;

/// Name of the action-plan sheet.
pub const ACTION_PLAN_SHEET: &str = "Action Plan";

/// Column titles of the issue table, in order.
pub const ACTION_PLAN_COLUMNS: [&str; 10] = [
    "Issue",
    "Standard",
    "Severity",
    "Findings",
    "Standard requirement",
    "Due",
    "Actions",
    "Owner",
    "Target date",
    "Status",
];

/// Choices offered in the Status column's dropdown.
pub const ACTION_STATUS_CHOICES: [&str; 3] = ["Not started", "In progress", "Done"];

/// Widths (in characters) of the columns in `ACTION_PLAN_COLUMNS`.
const WIDTHS: [f64; 10] = [10.0, 10.0, 24.0, 45.0, 60.0, 12.0, 50.0, 18.0, 12.0, 14.0];
/// 0-based row of the issue table's header (rows above hold the header block).
pub const TABLE_HEADER_ROW: u32 = 6;
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// One issue to plan for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPlanRow {
    /// Issue id, e.g. `ISS-11`.
    pub issue_id: String,
    /// Standard, e.g. `3.8`.
    pub standard: String,
    /// Severity text as the CCR states it.
    pub severity: String,
    /// Findings text.
    pub findings: String,
    /// Standard requirement text.
    pub requirement: String,
    /// Due date for this issue's evidence, if the caller has one.
    pub due: Option<Date>,
    /// The actions recorded in the plan (empty for the practice to fill in).
    pub actions: String,
    /// Who owns them.
    pub owner: String,
    /// Their target date.
    pub target: Option<Date>,
    /// Their status, as the Status column's dropdown words it (empty when not recorded).
    pub status: String,
}

impl ActionPlanRow {
    /// Builds a row from an imported issue.
    pub fn from_issue(issue: &IssueRow, due: Option<Date>) -> Self {
        Self {
            issue_id: issue.id.value.clone(),
            standard: issue.standard.value.clone(),
            severity: issue.severity.value.label().to_owned(),
            findings: issue.findings.value.clone(),
            requirement: issue.requirement.value.clone(),
            due,
            actions: String::new(),
            owner: String::new(),
            target: None,
            status: String::new(),
        }
    }
}

/// Facts shown above the issue table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPlanHeader {
    /// Practice name.
    pub practice: String,
    /// Day the CCR was received (also used as the file's creation date).
    pub ccr_received: Date,
    /// Day the action plan is due.
    pub action_plan_due: Date,
    /// Day the implementation evidence is due.
    pub evidence_due: Date,
}

/// Writes the action-plan workbook and returns its xlsx bytes (identical for identical input).
///
/// # Errors
/// [`WriteError::DateOutOfRange`] for a date before 1900 or after 9999, and
/// [`WriteError::Xlsx`] if rust_xlsxwriter refuses a value (e.g. text over 32,767 characters).
pub fn write_action_plan(
    rows: &[ActionPlanRow],
    header: &ActionPlanHeader,
) -> Result<Vec<u8>, WriteError> {
    let mut workbook = Workbook::new();
    let created = excel_date(header.ccr_received, "ccr_received")?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Action plan: {}", header.practice))
            .set_subject("QCP action plan")
            .set_creation_datetime(&created),
    );

    let f = Formats::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(ACTION_PLAN_SHEET)?;
    write_header_block(sheet, header, &f)?;
    write_table(sheet, rows, &f)?;
    Ok(workbook.save_to_buffer()?)
}

struct Formats {
    title: Format,
    label: Format,
    date: Format,
    head: Format,
    wrap: Format,
    wrap_date: Format,
}

impl Formats {
    fn new() -> Self {
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            date: Format::new()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Left),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin)
                .set_background_color(0x00D9_E1F2),
            wrap_date: wrap.clone().set_num_format(DATE_FORMAT),
            wrap,
        }
    }
}

fn write_header_block(
    sheet: &mut Worksheet,
    header: &ActionPlanHeader,
    f: &Formats,
) -> Result<(), WriteError> {
    sheet.write_string_with_format(0, 0, "Action plan", &f.title)?;
    sheet.write_string_with_format(1, 0, "Practice", &f.label)?;
    sheet.write_string(1, 2, &header.practice)?;
    let dates = [
        ("CCR received", header.ccr_received, "ccr_received"),
        ("Action plan due", header.action_plan_due, "action_plan_due"),
        ("Evidence due", header.evidence_due, "evidence_due"),
    ];
    for (row, (label, date, field)) in (2u32..).zip(dates) {
        sheet.write_string_with_format(row, 0, label, &f.label)?;
        sheet.write_datetime_with_format(row, 2, excel_date(date, field)?, &f.date)?;
    }
    Ok(())
}

fn write_table(
    sheet: &mut Worksheet,
    rows: &[ActionPlanRow],
    f: &Formats,
) -> Result<(), WriteError> {
    let head = TABLE_HEADER_ROW;
    for ((col, title), width) in (0u16..).zip(ACTION_PLAN_COLUMNS).zip(WIDTHS) {
        sheet.write_string_with_format(head, col, title, &f.head)?;
        sheet.set_column_width(col, width)?;
    }
    let mut last = head;
    for (row, r) in (head + 1..).zip(rows) {
        sheet.write_string_with_format(row, 0, &r.issue_id, &f.wrap)?;
        sheet.write_string_with_format(row, 1, &r.standard, &f.wrap)?;
        sheet.write_string_with_format(row, 2, &r.severity, &f.wrap)?;
        sheet.write_string_with_format(row, 3, &r.findings, &f.wrap)?;
        sheet.write_string_with_format(row, 4, &r.requirement, &f.wrap)?;
        match r.due {
            Some(d) => {
                sheet.write_datetime_with_format(row, 5, excel_date(d, "due")?, &f.wrap_date)?
            }
            None => sheet.write_blank(row, 5, &f.wrap_date)?,
        };
        sheet.write_string_with_format(row, 6, &r.actions, &f.wrap)?;
        sheet.write_string_with_format(row, 7, &r.owner, &f.wrap)?;
        match r.target {
            Some(d) => {
                sheet.write_datetime_with_format(row, 8, excel_date(d, "target")?, &f.wrap_date)?
            }
            None => sheet.write_blank(row, 8, &f.wrap_date)?,
        };
        sheet.write_string_with_format(row, 9, &r.status, &f.wrap)?;
        // Spreadsheet programs do not grow a row for wrapped text they did not lay out
        // themselves: set the height from the longest wrapped cell.
        sheet.set_row_height(row, row_height(r))?;
        last = row;
    }
    let last_col = u16::try_from(ACTION_PLAN_COLUMNS.len() - 1).unwrap_or(u16::MAX);
    sheet.set_freeze_panes(head + 1, 0)?;
    sheet.autofilter(head, 0, last, last_col)?;
    sheet.set_repeat_rows(head, head)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    if last > head {
        let status = DataValidation::new()
            .allow_list_strings(&ACTION_STATUS_CHOICES)?
            .set_error_title("Status")?;
        sheet.add_data_validation(head + 1, 9, last, 9, &status)?;
        let target = DataValidation::new()
            .allow_date(rust_xlsxwriter::DataValidationRule::GreaterThan(
                ExcelDateTime::from_ymd(1900, 1, 1)?,
            ))
            .set_error_title("Target date")?;
        sheet.add_data_validation(head + 1, 8, last, 8, &target)?;
    }
    Ok(())
}

/// Points per line of the default 11-point font, as Excel and LibreOffice lay it out.
const LINE_POINTS: f64 = 15.0;

/// Lines `text` takes in a column `width` characters wide (wrapping at that width, at least 1).
fn wrapped_lines(text: &str, width: f64) -> usize {
    // Characters per line, with a margin for proportional glyphs wider than the average.
    let per_line = ((width * 0.9).floor() as usize).max(1);
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// The height of a table row: enough lines for its longest wrapped cell.
fn row_height(r: &ActionPlanRow) -> f64 {
    let cells = [
        (&r.issue_id, WIDTHS[0]),
        (&r.standard, WIDTHS[1]),
        (&r.severity, WIDTHS[2]),
        (&r.findings, WIDTHS[3]),
        (&r.requirement, WIDTHS[4]),
        (&r.actions, WIDTHS[6]),
        (&r.owner, WIDTHS[7]),
        (&r.status, WIDTHS[9]),
    ];
    let lines = cells
        .iter()
        .map(|(t, w)| wrapped_lines(t, *w))
        .max()
        .unwrap_or(1);
    // Excel's largest row height is 409 points.
    (lines as f64 * LINE_POINTS).min(409.0)
}

fn excel_date(date: Date, field: &'static str) -> Result<ExcelDateTime, WriteError> {
    let out_of_range = || WriteError::DateOutOfRange { field, date };
    if !(1900..=9999).contains(&date.year()) {
        return Err(out_of_range());
    }
    let year = u16::try_from(date.year()).map_err(|_| out_of_range())?;
    let month = u8::try_from(date.month()).map_err(|_| out_of_range())?;
    let day = u8::try_from(date.day()).map_err(|_| out_of_range())?;
    ExcelDateTime::from_ymd(year, month, day).map_err(|_| out_of_range())
}
