//! The self-assessment workbook: one sheet, **Self-assessment**, with a header block (practice,
//! day of the self-assessment, survey date) and one row per catalog entry (standards and their
//! elements) for the team to fill in, in the action-plan workbook's conventions (bold header
//! row with the same fill, wrapped cells, frozen header, a dropdown for the rating). Reading it
//! back turns the rows into the `readiness` section's YAML, every bad cell named by its
//! address (`Self-assessment!C12`).
//!
//! Not responsible for reading the file (the guarded read of `ccr_xlsx::read_sheet`) or writing
//! the application file (the binary, with `yaml_edit`).

use std::collections::BTreeSet;

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
};
use serde::Serialize;

use crate::catalog::Catalog;
use crate::ccr_xlsx::SheetCells;
use crate::model::Application;
use crate::model::readiness::Rating;
use crate::units::{Date, parse_date};
use crate::vocabulary::Assessment;

/// The sheet's name.
pub const SHEET: &str = "Self-assessment";
/// Names accepted for the sheet on import (after case and space folding).
pub const SHEET_NAMES: &[&str] = &["self-assessment", "self assessment", "readiness"];
/// Column titles, in order.
pub const COLUMNS: [&str; 11] = [
    "Standard",
    "Title",
    "Rating",
    "Documents",
    "Observed",
    "Records sampled",
    "Owner",
    "Notes",
    "Action",
    "Action owner",
    "Action due",
];
const WIDTHS: [f64; 11] = [
    10.0, 45.0, 14.0, 30.0, 30.0, 30.0, 18.0, 30.0, 35.0, 18.0, 12.0,
];
/// 0-based row of the table's header (the action-plan workbook's row).
pub const HEADER_ROW: u32 = crate::ccr_xlsx::TABLE_HEADER_ROW;
/// Rating choices in the dropdown (the CCR's words).
pub const RATING_CHOICES: [&str; 4] = ["Met", "Partially Met", "Not Met", "N/A"];
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the self-assessment workbook: {0}")]
pub struct WriteError(String);

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Self(e.to_string())
    }
}

fn excel_date(d: Date) -> Result<ExcelDateTime, WriteError> {
    let m = u8::try_from(d.month()).map_err(|e| WriteError(e.to_string()))?;
    let day = u8::try_from(d.day()).map_err(|e| WriteError(e.to_string()))?;
    let y = u16::try_from(d.year()).map_err(|_| WriteError(format!("{d} is out of range")))?;
    Ok(ExcelDateTime::from_ymd(y, m, day)?)
}

/// Writes the workbook: every catalog entry, filled with the file's ratings (entries the
/// catalog lacks follow at the end, so nothing is lost). `created` stamps the document
/// properties (deterministic output).
///
/// # Errors
/// A value rust_xlsxwriter refuses (text over 32,767 characters, a date outside 1900–9999).
pub fn write(app: &Application, catalog: &Catalog, created: Date) -> Result<Vec<u8>, WriteError> {
    let r = app.readiness.as_ref();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Readiness self-assessment: {}", app.practice.name))
            .set_subject("QCP readiness self-assessment")
            .set_creation_datetime(&excel_date(created)?),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_bold();
    let date = Format::new()
        .set_num_format(DATE_FORMAT)
        .set_align(FormatAlign::Left);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let wrap_date = wrap.clone().set_num_format(DATE_FORMAT);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(0x00D9_E1F2);

    let sheet = wb.add_worksheet();
    sheet.set_name(SHEET)?;
    sheet.write_string_with_format(0, 0, "Readiness self-assessment", &title)?;
    sheet.write_string_with_format(1, 0, "Practice", &label)?;
    sheet.write_string(1, 2, &app.practice.name)?;
    for (row, (l, d)) in (2u32..).zip([
        ("Assessed", r.and_then(|r| r.assessed)),
        ("Survey date", r.and_then(|r| r.survey_date)),
    ]) {
        sheet.write_string_with_format(row, 0, l, &label)?;
        if let Some(d) = d {
            sheet.write_datetime_with_format(row, 2, excel_date(d)?, &date)?;
        }
    }
    sheet.write_string(
        4,
        0,
        "Rating: Met, Partially Met, Not Met or N/A. Documents: paths listed under documents.elements, one per line. Read back with `qcp readiness import`.",
    )?;
    for ((col, t), w) in (0u16..).zip(COLUMNS).zip(WIDTHS) {
        sheet.write_string_with_format(HEADER_ROW, col, t, &head)?;
        sheet.set_column_width(col, w)?;
    }
    let ratings: Vec<&Rating> = r.map(|r| r.ratings.iter().collect()).unwrap_or_default();
    let mut rows: Vec<(String, String, Option<&Rating>)> = catalog
        .entries()
        .iter()
        .map(|e| {
            let id = e.id.to_string();
            let rating = ratings.iter().find(|x| x.id == e.id).copied();
            (id, e.title.clone(), rating)
        })
        .collect();
    for x in &ratings {
        if !catalog.is_known(&x.id) {
            rows.push((x.id.to_string(), String::new(), Some(x)));
        }
    }
    let mut last = HEADER_ROW;
    for (row, (id, t, x)) in (HEADER_ROW + 1..).zip(&rows) {
        let cell = |v: Option<&String>| v.cloned().unwrap_or_default();
        let texts = [
            id.clone(),
            t.clone(),
            x.and_then(|x| x.rating)
                .map_or("", |a| rating_label(a))
                .to_owned(),
            x.map(|x| x.evidence.documents.join("\n"))
                .unwrap_or_default(),
            cell(x.and_then(|x| x.evidence.observed.as_ref())),
            cell(x.and_then(|x| x.evidence.records.as_ref())),
            cell(x.and_then(|x| x.owner.as_ref())),
            cell(x.and_then(|x| x.notes.as_ref())),
            cell(
                x.and_then(|x| x.action.as_ref())
                    .and_then(|a| a.what.as_ref()),
            ),
            cell(
                x.and_then(|x| x.action.as_ref())
                    .and_then(|a| a.owner.as_ref()),
            ),
        ];
        for (col, v) in (0u16..).zip(&texts) {
            sheet.write_string_with_format(row, col, v, &wrap)?;
        }
        match x.and_then(|x| x.action.as_ref()).and_then(|a| a.due) {
            Some(d) => sheet.write_datetime_with_format(row, 10, excel_date(d)?, &wrap_date)?,
            None => sheet.write_blank(row, 10, &wrap_date)?,
        };
        last = row;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.autofilter(HEADER_ROW, 0, last, 10)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    if last > HEADER_ROW {
        let v = DataValidation::new()
            .allow_list_strings(&RATING_CHOICES)?
            .set_error_title("Rating")?;
        sheet.add_data_validation(HEADER_ROW + 1, 2, last, 2, &v)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn rating_label(a: Assessment) -> &'static str {
    a.label()
}

fn parse_rating(text: &str) -> Option<Assessment> {
    let t = text.trim().to_lowercase().replace(['_', '-'], " ");
    match t.as_str() {
        "met" => Some(Assessment::Met),
        "partially met" | "partial" => Some(Assessment::PartiallyMet),
        "not met" => Some(Assessment::NotMet),
        "n/a" | "na" | "not applicable" => Some(Assessment::NotApplicable),
        _ => None,
    }
}

/// One bad cell of a self-assessment workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The cell (`Self-assessment!C12`), or the sheet when no cell is to blame.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

#[derive(Debug, Serialize)]
struct OutSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    assessed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    survey_date: Option<String>,
    ratings: Vec<OutRating>,
}

#[derive(Debug, Serialize)]
struct OutRating {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating: Option<Assessment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<OutEvidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<OutAction>,
}

#[derive(Debug, Serialize)]
struct OutEvidence {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    documents: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<String>,
}

#[derive(Debug, Serialize)]
struct OutAction {
    #[serde(skip_serializing_if = "Option::is_none")]
    what: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
}

/// The most problems one import reports.
const MAX_PROBLEMS: usize = 200;

/// Reads a filled-in sheet into the `readiness` section's YAML (block style, for
/// `yaml_edit::set(text, &["readiness"], …)`). Rows with nothing filled in beyond the id and
/// title are unrated and left out.
///
/// # Errors
/// Every bad cell: no header row, a blank or malformed id, a repeated id, a rating or date
/// that cannot be read.
pub fn section_yaml(cells: &SheetCells) -> Result<String, Vec<CellProblem>> {
    let mut problems = Vec::new();
    let sheet = crate::ccr_xlsx::CellRef::new(cells.sheet.clone(), 0, 0)
        .to_string()
        .trim_end_matches("!A1")
        .to_owned();
    let norm = |s: &str| s.trim().to_lowercase();
    let header_at = cells.rows.iter().position(|r| {
        r.first()
            .is_some_and(|(c, t)| c.col == 0 && norm(t) == "standard")
    });
    let Some(h) = header_at else {
        return Err(vec![CellProblem {
            at: sheet,
            message: format!(
                "no header row: column A of one row must read `Standard`, followed by {}",
                COLUMNS[1..].join(", ")
            ),
        }]);
    };
    let mut col_of = [None; COLUMNS.len()];
    for (c, t) in &cells.rows[h] {
        if let Some(i) = COLUMNS.iter().position(|k| norm(k) == norm(t)) {
            col_of[i] = Some(c.col);
        }
    }
    let header_row = cells.rows[h]
        .first()
        .map_or(0, |(c, _)| u64::from(c.row) + 1);
    for (i, name) in COLUMNS.iter().enumerate() {
        if col_of[i].is_none() && (i == 0 || i == 2) {
            problems.push(CellProblem {
                at: format!("{sheet}!{header_row}:{header_row}"),
                message: format!("the header row has no `{name}` column"),
            });
        }
    }
    let header_block = |label: &str| -> Option<&(crate::ccr_xlsx::CellRef, String)> {
        cells.rows[..h]
            .iter()
            .find(|r| r.first().is_some_and(|(_, t)| norm(t) == norm(label)))
            .and_then(|r| r.get(1))
    };
    let date_of = |cell: Option<&(crate::ccr_xlsx::CellRef, String)>,
                   problems: &mut Vec<CellProblem>| {
        let (c, t) = cell?;
        match parse_date(t) {
            Ok(d) => Some(d.to_string()),
            Err(p) => {
                problems.push(CellProblem {
                    at: c.to_string(),
                    message: format!("`{}` is not a date ({})", shorten(t), p.message),
                });
                None
            }
        }
    };
    let assessed = date_of(header_block("Assessed"), &mut problems);
    let survey_date = date_of(header_block("Survey date"), &mut problems);

    let mut ratings = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &cells.rows[h + 1..] {
        let get = |i: usize| -> Option<&(crate::ccr_xlsx::CellRef, String)> {
            let col = col_of[i]?;
            row.iter().find(|(c, _)| c.col == col)
        };
        let val = |i: usize| get(i).map(|(_, t)| t.clone());
        let filled = (2..COLUMNS.len()).any(|i| get(i).is_some());
        if !filled {
            continue;
        }
        let Some((id_cell, id)) = get(0) else {
            let at = row
                .first()
                .map_or_else(|| sheet.clone(), |(c, _)| c.to_string());
            problems.push(CellProblem {
                at,
                message: "a filled-in row has no standard id in the Standard column".into(),
            });
            continue;
        };
        if id.parse::<crate::catalog::StandardId>().is_err() {
            problems.push(CellProblem {
                at: id_cell.to_string(),
                message: format!(
                    "`{}` is not a standard id such as 3.8 or 1.1.2",
                    shorten(id)
                ),
            });
            continue;
        }
        if !seen.insert(id.clone()) {
            problems.push(CellProblem {
                at: id_cell.to_string(),
                message: format!("{id} has a second row; keep one"),
            });
            continue;
        }
        let rating = match get(2) {
            None => None,
            Some((c, t)) => match parse_rating(t) {
                Some(a) => Some(a),
                None => {
                    problems.push(CellProblem {
                        at: c.to_string(),
                        message: format!(
                            "`{}` is not a rating: write {}",
                            shorten(t),
                            RATING_CHOICES.join(", ")
                        ),
                    });
                    None
                }
            },
        };
        let documents: Vec<String> = val(3)
            .map(|t| {
                t.split(['\n', ';'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let (observed, records) = (val(4), val(5));
        let evidence = (!documents.is_empty() || observed.is_some() || records.is_some())
            .then_some(OutEvidence {
                documents,
                observed,
                records,
            });
        let due = date_of(get(10), &mut problems);
        let (what, a_owner) = (val(8), val(9));
        let action = (what.is_some() || a_owner.is_some() || due.is_some()).then_some(OutAction {
            what,
            owner: a_owner,
            due,
        });
        ratings.push(OutRating {
            id: id.clone(),
            rating,
            evidence,
            owner: val(6),
            notes: val(7),
            action,
        });
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(problems);
    }
    let out = OutSection {
        assessed,
        survey_date,
        ratings,
    };
    yaml_serde::to_string(&out).map_err(|e| {
        vec![CellProblem {
            at: sheet,
            message: format!("cannot write the section: {e}"),
        }]
    })
}

/// A cell's text shortened for a message.
fn shorten(t: &str) -> String {
    crate::termsafe::escape(&crate::model::prescan::shorten(t)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;
    use crate::source::SourceFile;

    const FILE: &str = "practice:\n  name: Demo\n  country: US\nreadiness:\n  assessed: 2026-07-20\n  ratings:\n    - id: \"3.8\"\n      rating: partially_met\n      owner: Dana\n      evidence: {documents: [a.pdf, b.pdf], records: two IV patients verified and documented}\n      action: {what: fix, owner: Dana, due: 2026-08-01}\n    - {id: \"9.9\", rating: met, notes: not in the catalog}\n";

    fn written() -> Vec<u8> {
        let app = load::parse(&SourceFile::new("a.yaml", FILE.to_owned())).expect("parses");
        let catalog = Catalog::embedded().expect("catalog");
        write(&app, &catalog, "2026-07-20".parse().expect("date")).expect("writes")
    }

    fn import(bytes: &[u8]) -> Result<String, String> {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("s.xlsx");
        std::fs::write(&p, bytes).expect("write");
        let cells = crate::ccr_xlsx::read_sheet(&p, "Self-assessment", SHEET_NAMES)
            .map_err(|e| e.to_string())?;
        section_yaml(&cells).map_err(|p| format!("{p:?}"))
    }

    #[test]
    fn the_written_workbook_reads_back_as_the_same_section() {
        let out = import(&written()).expect("imports");
        let text = format!("practice:\n  name: Demo\n  country: US\nreadiness:\n{}", {
            out.lines().map(|l| format!("  {l}\n")).collect::<String>()
        });
        let back = load::parse(&SourceFile::new("b.yaml", text)).expect("parses");
        let orig = load::parse(&SourceFile::new("a.yaml", FILE.to_owned())).expect("parses");
        let (a, b) = (
            orig.readiness.expect("section"),
            back.readiness.expect("section"),
        );
        assert_eq!(a.assessed, b.assessed);
        assert_eq!(
            serde_json::to_value(&a.ratings).expect("json"),
            serde_json::to_value(&b.ratings).expect("json"),
            "ratings differ"
        );
    }

    /// A damaged upload is an error, never a panic or a hang: every byte position of the
    /// workbook's first kilobytes flipped in turn (and the file cut short) is refused or read.
    #[test]
    fn flipped_or_truncated_workbooks_never_panic() {
        let good = written();
        for at in (0..good.len().min(4096)).step_by(13) {
            let mut b = good.clone();
            b[at] ^= 0xA5;
            let _ = import(&b);
        }
        for cut in [10, 100, 1000, good.len() / 2, good.len() - 1] {
            assert!(import(&good[..cut]).is_err(), "cut at {cut}");
        }
    }
}
