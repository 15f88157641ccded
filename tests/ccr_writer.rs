//! Action-plan workbook: read back with calamine, checked for rows, dates and determinism.
//! docs/rules.md §7: one plan entry per CCR issue, answering its standard requirement.
#![allow(
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use jiff::civil::{Date, date};
use qcp::ccr_xlsx::{
    ACTION_PLAN_COLUMNS, ACTION_PLAN_SHEET, ActionPlanHeader, ActionPlanRow, TABLE_HEADER_ROW,
    WriteError, import_ccr, write_action_plan,
};

fn header() -> ActionPlanHeader {
    // The due dates are whatever the caller computed; the writer only shows them.
    ActionPlanHeader {
        practice: "Riverside Oncology".into(),
        ccr_received: date(2026, 3, 14),
        action_plan_due: date(2026, 3, 24),
        evidence_due: date(2026, 7, 13),
    }
}

fn rows_from_basic_fixture() -> Vec<ActionPlanRow> {
    let ccr = import_ccr(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ccr-xlsx/generated/ccr_basic.xlsx"),
    )
    .unwrap();
    ccr.issues
        .iter()
        .enumerate()
        .map(|(i, issue)| ActionPlanRow::from_issue(issue, (i == 0).then(|| date(2026, 7, 13))))
        .collect()
}

fn cell_date(d: &Data) -> Date {
    match d {
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            date(
                i16::try_from(y).unwrap(),
                i8::try_from(m).unwrap(),
                i8::try_from(day).unwrap(),
            )
        }
        other => panic!("not a date cell: {other:?}"),
    }
}

#[test]
fn action_plan_reads_back_with_one_row_per_issue() {
    let rows = rows_from_basic_fixture();
    let bytes = write_action_plan(&rows, &header()).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), [ACTION_PLAN_SHEET]);
    let range = wb.worksheet_range(ACTION_PLAN_SHEET).unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);

    // Header block.
    assert_eq!(at(0, 0), Data::String("Action plan".into()));
    assert_eq!(at(1, 2), Data::String("Riverside Oncology".into()));
    assert_eq!(cell_date(&at(2, 2)), date(2026, 3, 14));
    assert_eq!(cell_date(&at(3, 2)), date(2026, 3, 24));
    assert_eq!(cell_date(&at(4, 2)), date(2026, 7, 13));

    // Table header and rows.
    let h = TABLE_HEADER_ROW;
    let titles: Vec<Data> = (0..10).map(|c| at(h, c)).collect();
    let want: Vec<Data> = ACTION_PLAN_COLUMNS
        .iter()
        .map(|t| Data::String((*t).to_owned()))
        .collect();
    assert_eq!(titles, want);
    assert_eq!(at(h + 1, 0), Data::String("ISS-11".into()));
    assert_eq!(at(h + 1, 1), Data::String("3.8".into()));
    assert_eq!(
        at(h + 1, 2),
        Data::String("Critical Partial Compliance".into())
    );
    assert_eq!(at(h + 1, 3), Data::String(rows[0].findings.clone()));
    assert_eq!(at(h + 1, 4), Data::String(rows[0].requirement.clone()));
    assert_eq!(cell_date(&at(h + 1, 5)), date(2026, 7, 13));
    assert_eq!(at(h + 2, 0), Data::String("ISS-12".into()));
    assert_eq!(at(h + 2, 2), Data::String("Critical Non-Compliant".into()));
    // No due date given and the practice's columns are left empty.
    for c in 5..10 {
        assert_eq!(at(h + 2, c), Data::Empty, "column {c}");
    }
    assert_eq!(at(h + 3, 0), Data::Empty);
}

#[test]
fn action_plan_bytes_are_deterministic_and_dated_from_the_header() {
    let rows = rows_from_basic_fixture();
    let a = write_action_plan(&rows, &header()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100)); // cross a clock second
    let b = write_action_plan(&rows, &header()).unwrap();
    assert_eq!(a, b);

    let mut zip = zip::ZipArchive::new(Cursor::new(a)).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains("2026-03-14T00:00:00Z"), "{core}");

    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    // Status dropdown, frozen header, autofilter.
    assert!(sheet.contains("type=\"list\""), "no list validation");
    assert!(
        sheet.contains("\"Not started,In progress,Done\""),
        "{sheet}"
    );
    assert!(sheet.contains("state=\"frozen\""));
    assert!(sheet.contains("<autoFilter ref=\"A7:J9\""));
}

#[test]
fn empty_plan_still_writes_the_header() {
    let bytes = write_action_plan(&[], &header()).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range(ACTION_PLAN_SHEET).unwrap();
    assert_eq!(
        range.get_value((TABLE_HEADER_ROW, 0)),
        Some(&Data::String("Issue".into()))
    );
    assert_eq!(range.get_value((TABLE_HEADER_ROW + 1, 0)), None);
}

#[test]
fn dates_a_spreadsheet_cannot_hold_are_refused() {
    let mut h = header();
    h.evidence_due = date(1899, 12, 31);
    let err = write_action_plan(&[], &h).unwrap_err();
    assert!(matches!(
        err,
        WriteError::DateOutOfRange {
            field: "evidence_due",
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "cannot write date 1899-12-31 (evidence_due): spreadsheets hold years 1900 to 9999 only"
    );
}

/// Issue 10 (docs/rules.md §7): the workbook carries the plan recorded in the file — actions,
/// owner, target date, status — and its wrapped rows are tall enough to show every line (a
/// spreadsheet does not grow a row for text it did not lay out).
#[test]
fn the_workbook_carries_the_recorded_plan_with_row_heights() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ccr-partially-met.yaml");
    let src = qcp::source::SourceFile::new(&path, std::fs::read_to_string(&path).unwrap());
    let app = qcp::model::load::parse(&src).unwrap();
    let ccr = app.ccr.as_ref().unwrap();
    let (rows, _) = qcp::ccr::plan::workbook_rows(&app, ccr, &[]);
    let bytes = write_action_plan(&rows, &header()).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let range = wb.worksheet_range(ACTION_PLAN_SHEET).unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let h = TABLE_HEADER_ROW;
    assert_eq!(at(h + 1, 0), Data::String("ISS-11".into()));
    assert!(
        matches!(at(h + 1, 6), Data::String(s) if s.starts_with("Add a mandatory second-signature"))
    );
    assert_eq!(at(h + 1, 7), Data::String("Dana Whitfield".into()));
    assert_eq!(cell_date(&at(h + 1, 8)), date(2026, 11, 6));
    assert_eq!(at(h + 1, 9), Data::String("Done".into()));
    assert_eq!(at(h + 2, 9), Data::String("In progress".into()));

    // Row heights: the sheet XML gives every issue row a height of whole 15-point lines, more
    // than one line where a cell wraps.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for r in [h + 2, h + 3] {
        let tag = format!("<row r=\"{r}\"");
        let row = &xml[xml.find(&tag).unwrap()..];
        let row = &row[..row.find('>').unwrap()];
        let ht: f64 = row
            .split("ht=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("row {r} has no height: {row}"));
        assert!(ht >= 30.0 && ht % 15.0 == 0.0, "row {r}: {ht}");
    }
}
