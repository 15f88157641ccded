//! Builds the rust_xlsxwriter-made fixture workbooks (tests/fixtures/ccr-xlsx/generated/). Shared by
//! `examples/make_fixtures.rs`, which writes them, and `tests/fixtures_fresh.rs`, which checks
//! the committed files still match this code byte for byte.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Fixture file name and bytes.
pub(crate) type Fixture = (&'static str, Vec<u8>);

/// Every generated fixture.
pub(crate) fn all() -> Vec<Fixture> {
    let basic = basic(false);
    let truncated = basic[..basic.len() / 2].to_vec();
    vec![
        ("ccr_basic.xlsx", basic),
        ("ccr_1904.xlsx", set_date1904(&self::basic(true))),
        ("ccr_variations.xlsx", variations()),
        ("ccr_all_met.xlsx", all_met()),
        ("ccr_bad_values.xlsx", bad_values()),
        ("ccr_structure.xlsx", structure()),
        ("no_ccr_sheets.xlsx", no_ccr_sheets()),
        ("corrupt_truncated.xlsx", truncated),
        ("not_a_workbook.xlsx", b"id,assessment\n3.8,Met\n".to_vec()),
    ]
}

fn book() -> Workbook {
    let mut wb = Workbook::new();
    // Fixed creation time so the fixture bytes do not depend on the clock.
    let created = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    wb
}

fn date_fmt() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

/// Writes a date-formatted serial: 1900 system unless `date1904` (then the caller must also
/// flag the workbook with `set_date1904`).
fn write_date(ws: &mut Worksheet, row: u32, col: u16, ymd: (u16, u8, u8), date1904: bool) {
    let serial = ExcelDateTime::from_ymd(ymd.0, ymd.1, ymd.2)
        .unwrap()
        .to_excel();
    let serial = if date1904 { serial - 1462.0 } else { serial };
    ws.write_number_with_format(row, col, serial, &date_fmt())
        .unwrap();
}

fn rows(ws: &mut Worksheet, first_row: u32, first_col: u16, rows: &[&[&str]]) {
    for (r, cells) in (first_row..).zip(rows) {
        for (c, text) in (first_col..).zip(cells.iter()) {
            if !text.is_empty() {
                ws.write_string(r, c, *text).unwrap();
            }
        }
    }
}

const FIND_38: &str = "Drug appearance and integrity check was not recorded for sampled patients.";
const REQ_38: &str = "Show the tool or template by which two approved staff verify drug appearance \
before each administration, with staff training and monitoring records.";
const FIND_42: &str =
    "Records reviewed had no initial assessment of ability to adhere to oral therapy.";
const REQ_42: &str = "Submit the adherence-assessment policy and evidence that it is used at the start of treatment.";

/// Canonical layout, everything in column A / row 1 positions.
fn basic(date1904: bool) -> Vec<u8> {
    let mut wb = book();
    let ws = wb.add_worksheet().set_name("Survey").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &["Practice", "Riverside Oncology"],
            &["Received date"],
            &["Survey date"],
            &["Survey mode", "in_person"],
            &["Surveyor", "R. Okafor"],
        ],
    );
    write_date(ws, 1, 1, (2026, 3, 14), date1904);
    write_date(ws, 2, 1, (2026, 2, 3), date1904);

    let ws = wb.add_worksheet().set_name("Assessments").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &[
                "ID",
                "Assessment",
                "Description",
                "Notes",
                "IV Patient 1",
                "IV Patient 2",
            ],
            &["1.1", "Met", "Practice information is documented"],
            &[
                "3.8",
                "Partially Met",
                "Two practitioners verify chemotherapy before administration",
                "Drug appearance check not recorded.",
            ],
            &["3.8.1", "", "Drug name", "", "No", "No"],
            &["3.8.2", "", "Drug dose", "", "No", "Yes"],
            &["3.9", "N/A"],
            &[
                "4.2",
                "Not Met",
                "Oral therapy adherence",
                "No adherence assessment found.",
            ],
        ],
    );

    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &[
                "ID",
                "Standard",
                "Severity",
                "Status",
                "Findings",
                "Requirement",
            ],
            &[
                "ISS-11",
                "3.8",
                "Critical Partial Compliance",
                "In Progress",
                FIND_38,
                REQ_38,
            ],
            &[
                "ISS-12",
                "4.2",
                "Critical Non-Compliant",
                "Open",
                FIND_42,
                REQ_42,
            ],
        ],
    );
    wb.save_to_buffer().unwrap()
}

/// Same facts as `basic`, typed the untidy way a person might: other sheet and header
/// spellings, shuffled columns, title rows, data not starting at A1, blank rows, text dates.
fn variations() -> Vec<u8> {
    let mut wb = book();
    let ws = wb.add_worksheet().set_name("SURVEY INFORMATION").unwrap();
    rows(
        ws,
        2,
        1,
        &[
            &["  received:  ", "03/14/2026"],
            &["Date of survey", "2026-02-03"],
            &["MODE", "In-Person"],
            &[],
            &["Notes", "virtual follow-up possible"],
        ],
    );

    let ws = wb.add_worksheet().set_name("assessment_summary").unwrap();
    rows(ws, 0, 0, &[&["CCR assessments (from the surveyor)"]]);
    rows(
        ws,
        2,
        1,
        &[
            &[
                " notes ",
                "Standard/Element",
                "IV Patient 1",
                " Result ",
                "TITLE",
            ],
            &[
                "Drug appearance check not recorded.",
                "3.8",
                "",
                "PARTIALLY MET",
            ],
            &[],
            &["", "3.8.1", "", "", "Drug name"],
            &["", "3.10", "", "not applicable"],
        ],
    );
    ws.write_boolean(5, 3, false).unwrap(); // D6: FALSE in the sample column reads as No

    let ws = wb.add_worksheet().set_name("Issue").unwrap();
    rows(
        ws,
        1,
        0,
        &[
            &[
                "Findings",
                "Status",
                "severity",
                "Issue ID",
                "Standard Requirement",
                "Standard",
                "Owner",
            ],
            &[
                FIND_38,
                "open - in progress",
                "critical partial compliance",
                "iss-11",
                REQ_38,
                "Standard 3.8",
                "Dr. Ames",
            ],
            &[],
            &[],
            &[
                FIND_42,
                "OPEN",
                "Critical Non-Compliant",
                "ISS-12",
                REQ_42,
                "4.2",
            ],
        ],
    );
    wb.save_to_buffer().unwrap()
}

/// Every standard met: the Issues sheet has only its header.
fn all_met() -> Vec<u8> {
    let mut wb = book();
    let ws = wb.add_worksheet().set_name("Survey").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &["Received date", "2026-05-04"],
            &["Survey date", "2026-04-02"],
            &["Survey mode", "virtual"],
        ],
    );
    let ws = wb.add_worksheet().set_name("Assessments").unwrap();
    rows(
        ws,
        0,
        0,
        &[&["ID", "Assessment"], &["1.1", "Met"], &["3.8", "met"]],
    );
    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    rows(
        ws,
        0,
        0,
        &[&[
            "ID",
            "Standard",
            "Severity",
            "Status",
            "Findings",
            "Requirement",
        ]],
    );
    wb.save_to_buffer().unwrap()
}

/// Right structure, wrong values; each bad cell is listed in tests/import.rs.
fn bad_values() -> Vec<u8> {
    let mut wb = book();
    let ws = wb.add_worksheet().set_name("Survey").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &["Practice", "Riverside Oncology"],
            &["Received date", "03-04-26"],
            &["Survey date"],
            &["Survey mode", "remote"],
        ],
    );
    ws.write_number(2, 1, 46_056.0).unwrap(); // B3: a serial without a date format

    let ws = wb.add_worksheet().set_name("Assessments").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &["ID", "Assessment", "Notes", "IV Patient 1"],
            &["3.8", "Mett"],
            &["", "Met"],
            &["3.9", ""],
            &["3.8.1", "", "", "Maybe"],
            &["3.8", "Met"],
        ],
    );
    ws.write_number(2, 0, 3.1).unwrap(); // A3: id typed as a number

    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &[
                "ID",
                "Standard",
                "Severity",
                "Status",
                "Findings",
                "Requirement",
            ],
            &["ISS-11", "3.8", "Critical", "Open", FIND_38, REQ_38],
            &[
                "ISS-12",
                "4.2",
                "Critical Non-Compliant",
                "Closed",
                FIND_42,
                "",
            ],
            &["", "3.x", "Non-Compliant", "Open", "f", "r"],
            &["ISS-11", "3.8", "Partial Compliance", "Resolved", "f", "r"],
        ],
    );
    ws.write_number(3, 0, 12.0).unwrap(); // A4: issue id typed as a number
    wb.save_to_buffer().unwrap()
}

/// Structural problems: missing and duplicate keys, a missing sheet, a duplicate sheet role,
/// missing and duplicate columns.
fn structure() -> Vec<u8> {
    let mut wb = book();
    let ws = wb.add_worksheet().set_name("Survey").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &["Received date", "2026-03-14"],
            &["Survey date"],
            &["CCR received", "2026-03-15"],
        ],
    );
    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    rows(
        ws,
        0,
        0,
        &[
            &["ID", "Standard", "Severity", "Status", "Findings", "status"],
            &[
                "ISS-11",
                "3.8",
                "Critical Partial Compliance",
                "Open",
                FIND_38,
                "Open",
            ],
        ],
    );
    wb.add_worksheet().set_name("ISSUE").unwrap();
    wb.save_to_buffer().unwrap()
}

fn no_ccr_sheets() -> Vec<u8> {
    let mut wb = book();
    let ws = wb.add_worksheet();
    rows(ws, 0, 0, &[&["Budget", "2026"]]);
    wb.add_worksheet().set_name("Notes").unwrap();
    wb.save_to_buffer().unwrap()
}

/// Re-zips an xlsx with `<workbookPr date1904="1" …>`, which rust_xlsxwriter cannot set.
pub(crate) fn set_date1904(xlsx: &[u8]) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..src.len() {
        let mut entry = src.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains("<workbookPr"), "workbookPr not found");
            data = xml
                .replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                .into_bytes();
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}
