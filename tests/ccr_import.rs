//! CCR import against the committed fixtures (tests/fixtures/). Facts checked are those of
//! docs/rules.md §7 (Met / Partially Met / Not Met, issues with id, standard, severity, status,
//! findings, requirement) and the sheet layout in NOTES.md.
#![allow(
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use jiff::civil::date;
use qcp::ccr_xlsx::{
    Assessment, DateRefusal, ImportError, ImportedCcr, IssueStatus, Location, Problem, ProblemKind,
    SampleAnswer, Severity, SurveyMode, WarningKind, WorkbookFormat, import_ccr, import_ccr_bytes,
};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ccr-xlsx")
        .join(rel)
}

fn import(rel: &str) -> ImportedCcr {
    import_ccr(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn problems(rel: &str) -> Vec<Problem> {
    match import_ccr(&fixture(rel)) {
        Err(ImportError::Invalid { problems, .. }) => problems,
        other => panic!("{rel}: expected Invalid, got {other:?}"),
    }
}

/// (cell or place, message) pairs, the way a user reads them.
fn rendered(problems: &[Problem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.at.to_string(), p.kind.to_string()))
        .collect()
}

/// Every observable value of the two-issue CCR in ccr_basic / ccr_1904 (rust_xlsxwriter).
fn assert_basic(ccr: &ImportedCcr) {
    let s = &ccr.survey;
    assert_eq!(s.received.value, date(2026, 3, 14));
    assert_eq!(s.received.cell.to_string(), "Survey!B2");
    assert_eq!(s.survey_date.value, date(2026, 2, 3));
    assert_eq!(s.survey_date.cell.to_string(), "Survey!B3");
    assert_eq!(s.mode.value, SurveyMode::InPerson);
    assert_eq!(s.surveyor.as_ref().unwrap().value, "R. Okafor");
    assert_eq!(s.practice.as_ref().unwrap().value, "Riverside Oncology");

    let ids: Vec<&str> = ccr
        .assessments
        .iter()
        .map(|a| a.id.value.as_str())
        .collect();
    assert_eq!(ids, ["1.1", "3.8", "3.8.1", "3.8.2", "3.9", "4.2"]);
    let a38 = &ccr.assessments[1];
    assert_eq!(
        a38.assessment.as_ref().unwrap().value,
        Assessment::PartiallyMet
    );
    assert_eq!(
        a38.assessment.as_ref().unwrap().cell.to_string(),
        "Assessments!B3"
    );
    assert!(!a38.is_element());
    assert_eq!(
        a38.notes.as_ref().unwrap().value,
        "Drug appearance check not recorded."
    );
    // Seed 001: element 3.8.1 was not verified for either sampled IV patient.
    let e381 = &ccr.assessments[2];
    assert!(e381.is_element());
    assert_eq!(e381.assessment, None);
    assert_eq!(e381.description.as_ref().unwrap().value, "Drug name");
    let samples: Vec<(&str, SampleAnswer, String)> = e381
        .samples
        .iter()
        .map(|s| (s.column.as_str(), s.answer.value, s.answer.cell.to_string()))
        .collect();
    assert_eq!(
        samples,
        [
            (
                "IV Patient 1",
                SampleAnswer::No,
                "Assessments!E4".to_owned()
            ),
            (
                "IV Patient 2",
                SampleAnswer::No,
                "Assessments!F4".to_owned()
            ),
        ]
    );
    assert_eq!(
        ccr.assessments[4].assessment.as_ref().unwrap().value,
        Assessment::NotApplicable
    );
    assert_eq!(
        ccr.assessments[5].assessment.as_ref().unwrap().value,
        Assessment::NotMet
    );

    assert_eq!(ccr.issues.len(), 2);
    let i11 = &ccr.issues[0];
    assert_eq!(i11.id.value, "ISS-11");
    assert_eq!(i11.id.cell.to_string(), "Issues!A2");
    assert_eq!(i11.standard.value, "3.8");
    assert_eq!(i11.severity.value, Severity::CriticalPartialCompliance);
    assert_eq!(i11.status.value, IssueStatus::InProgress);
    assert!(i11.findings.value.starts_with("Drug appearance"));
    assert_eq!(i11.requirement.cell.to_string(), "Issues!F2");
    let i12 = &ccr.issues[1];
    assert_eq!(
        (i12.id.value.as_str(), i12.standard.value.as_str()),
        ("ISS-12", "4.2")
    );
    assert_eq!(i12.severity.value, Severity::CriticalNonCompliant);
    assert_eq!(i12.status.value, IssueStatus::Open);
    assert!(ccr.warnings.is_empty(), "{:?}", ccr.warnings);
}

#[test]
fn basic_xlsx_imports_every_value_with_its_cell() {
    let ccr = import("generated/ccr_basic.xlsx");
    assert_eq!(ccr.format, WorkbookFormat::Xlsx);
    assert_basic(&ccr);
}

#[test]
fn date1904_workbook_gives_the_same_dates() {
    // ECMA-376 Part 1 §18.2.28 (workbookPr date1904): same days, serials 1462 lower.
    let ccr = import("generated/ccr_1904.xlsx");
    assert_basic(&ccr);
    assert_eq!(ccr, import("generated/ccr_basic.xlsx"));

    // The fixture really stores 1904-system serials.
    let raw = |rel: &str| {
        let mut wb = open_workbook_auto(fixture(rel)).unwrap();
        match wb.worksheet_range("Survey").unwrap().get_value((1, 1)) {
            Some(Data::DateTime(dt)) => dt.as_f64(),
            other => panic!("{rel}: {other:?}"),
        }
    };
    assert_eq!(raw("generated/ccr_basic.xlsx"), 46095.0);
    assert_eq!(raw("generated/ccr_1904.xlsx"), 46095.0 - 1462.0);
}

/// The LibreOffice-made workbook, saved as xlsx, xls and ods (and xlsx in the 1904 system).
fn assert_libreoffice(ccr: &ImportedCcr) {
    let s = &ccr.survey;
    assert_eq!(s.received.value, date(2026, 3, 14));
    // Text "02/03/2026" is US month/day/year.
    assert_eq!(s.survey_date.value, date(2026, 2, 3));
    assert_eq!(s.mode.value, SurveyMode::Virtual);
    assert_eq!(
        s.practice.as_ref().unwrap().value,
        "Łódź Riverside Oncology — Ærø"
    );
    // Title row and a blank row above the header; sheet name needs quoting.
    let a = &ccr.assessments;
    let got: Vec<(&str, Option<Assessment>, String)> = a
        .iter()
        .map(|r| {
            (
                r.id.value.as_str(),
                r.assessment.as_ref().map(|x| x.value),
                r.id.cell.to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "1.1",
                Some(Assessment::Met),
                "'Assessment Summary'!B4".to_owned()
            ),
            (
                "3.8",
                Some(Assessment::PartiallyMet),
                "'Assessment Summary'!B5".to_owned()
            ),
            ("3.8.1", None, "'Assessment Summary'!B6".to_owned()),
            (
                "4.2",
                Some(Assessment::NotMet),
                "'Assessment Summary'!B8".to_owned()
            ),
        ]
    );
    assert_eq!(a[2].samples[1].answer.value, SampleAnswer::Yes);
    assert_eq!(
        a[2].samples[1].answer.cell.to_string(),
        "'Assessment Summary'!E6"
    );
    assert_eq!(a[3].samples[0].answer.value, SampleAnswer::NotApplicable);
    // The Issues sheet's first used cell is B2: A1 references must add the range start.
    let i = &ccr.issues;
    assert_eq!(i.len(), 2);
    assert_eq!(i[0].id.cell.to_string(), "issues!B3");
    assert_eq!(i[0].standard.value, "3.8"); // typed "Standard 3.8"
    assert_eq!(i[0].status.value, IssueStatus::InProgress); // typed "OPEN In Progress"
    assert_eq!(i[0].requirement.cell.to_string(), "issues!F3");
    assert_eq!(i[1].id.value, "ISS-12"); // typed "iss-12"
    assert_eq!(i[1].findings.cell.to_string(), "issues!G4");
    assert_eq!(
        ccr.warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["Survey!A6: ignored unknown key \"Final report date\""]
    );
}

#[test]
fn libreoffice_xlsx_imports() {
    let ccr = import("libreoffice/lo_ccr.xlsx");
    assert_eq!(ccr.format, WorkbookFormat::Xlsx);
    assert_libreoffice(&ccr);
}

#[test]
fn libreoffice_ods_imports_iso_dates() {
    let ccr = import("libreoffice/lo_ccr.ods");
    assert_eq!(ccr.format, WorkbookFormat::Ods);
    assert_libreoffice(&ccr);
    // notes/pdf-and-xlsx.md §7: ODS dates arrive as DateTimeIso, not serials.
    let mut wb = open_workbook_auto(fixture("libreoffice/lo_ccr.ods")).unwrap();
    let range = wb.worksheet_range("Survey").unwrap();
    assert!(matches!(range.get_value((1, 1)), Some(Data::DateTimeIso(s)) if s == "2026-03-14"));
}

#[test]
fn libreoffice_xls_imports() {
    let ccr = import("libreoffice/lo_ccr.xls");
    assert_eq!(ccr.format, WorkbookFormat::Xls);
    assert_libreoffice(&ccr);
}

#[test]
fn libreoffice_1904_xlsx_gives_the_same_values() {
    let ccr = import("libreoffice/lo_ccr_1904.xlsx");
    assert_libreoffice(&ccr);
    assert_eq!(ccr, import("libreoffice/lo_ccr.xlsx"));
    let mut wb = open_workbook_auto(fixture("libreoffice/lo_ccr_1904.xlsx")).unwrap();
    let range = wb.worksheet_range("Survey").unwrap();
    assert!(
        matches!(range.get_value((1, 1)), Some(Data::DateTime(dt)) if dt.as_f64() == 46095.0 - 1462.0)
    );
}

#[test]
fn header_and_layout_variations_are_tolerated() {
    let ccr = import("generated/ccr_variations.xlsx");
    let s = &ccr.survey;
    // Key "  received:  " at B3, text date in US form.
    assert_eq!(s.received.value, date(2026, 3, 14));
    assert_eq!(s.received.cell.to_string(), "'SURVEY INFORMATION'!C3");
    assert_eq!(s.survey_date.value, date(2026, 2, 3));
    assert_eq!(s.mode.value, SurveyMode::InPerson);
    assert_eq!(s.surveyor, None);

    let a = &ccr.assessments;
    let ids: Vec<&str> = a.iter().map(|r| r.id.value.as_str()).collect();
    assert_eq!(ids, ["3.8", "3.8.1", "3.10"]);
    assert_eq!(a[0].id.cell.to_string(), "assessment_summary!C4");
    assert_eq!(
        a[0].assessment.as_ref().unwrap().value,
        Assessment::PartiallyMet
    );
    assert_eq!(
        a[0].notes.as_ref().unwrap().cell.to_string(),
        "assessment_summary!B4"
    );
    // Boolean FALSE in a sample column reads as No.
    assert_eq!(a[1].samples[0].answer.value, SampleAnswer::No);
    assert_eq!(a[1].description.as_ref().unwrap().value, "Drug name");
    assert_eq!(
        a[2].assessment.as_ref().unwrap().value,
        Assessment::NotApplicable
    );

    let i = &ccr.issues;
    assert_eq!(i.len(), 2);
    assert_eq!(i[0].id.value, "ISS-11");
    assert_eq!(i[0].id.cell.to_string(), "Issue!D3");
    assert_eq!(i[0].status.value, IssueStatus::InProgress);
    assert_eq!(i[1].id.cell.to_string(), "Issue!D6");
    let warnings: Vec<(String, WarningKind)> = ccr
        .warnings
        .iter()
        .map(|w| (w.cell.to_string(), w.kind.clone()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "'SURVEY INFORMATION'!B7".to_owned(),
                WarningKind::UnknownKey("Notes".into())
            ),
            (
                "Issue!G2".to_owned(),
                WarningKind::UnknownColumn("Owner".into())
            ),
        ]
    );
}

#[test]
fn all_met_workbook_has_no_issues() {
    // docs/rules.md §7: only Partially Met / Not Met standards yield issues.
    let ccr = import("generated/ccr_all_met.xlsx");
    assert!(ccr.issues.is_empty());
    assert_eq!(ccr.survey.mode.value, SurveyMode::Virtual);
    assert_eq!(ccr.survey.received.value, date(2026, 5, 4));
}

#[test]
fn every_bad_value_is_reported_at_its_cell() {
    let got = rendered(&problems("generated/ccr_bad_values.xlsx"));
    let want = [
        (
            "Survey!B2",
            "bad date \"03-04-26\": ambiguous form; write the year first (2026-03-14) or as US month/day/year with four digits (03/14/2026)",
        ),
        (
            "Survey!B3",
            "bad date 46056: a number without a date format; format the cell as a date or type 2026-03-14",
        ),
        (
            "Survey!B4",
            "unknown survey mode \"remote\"; expected in_person or virtual",
        ),
        (
            "Assessments!B2",
            "unknown assessment \"Mett\"; expected Met, Partially Met, Not Met or N/A",
        ),
        (
            "Assessments!A3",
            "standard id 3.1 is stored as a number, which cannot tell 3.1 from 3.10; format the column as text and retype it",
        ),
        ("Assessments!B4", "missing assessment"),
        (
            "Assessments!D5",
            "unknown answer \"Maybe\" in sample column \"IV Patient 1\"; expected Yes, No or N/A",
        ),
        ("Assessments!A6", "duplicate id \"3.8\" (first at A2)"),
        (
            "Issues!C2",
            "unknown severity \"Critical\"; expected Critical Partial Compliance, Critical Non-Compliant, Partial Compliance or Non-Compliant",
        ),
        (
            "Issues!D3",
            "unknown status \"Closed\"; expected Open, In Progress or Resolved",
        ),
        ("Issues!F3", "missing requirement"),
        (
            "Issues!A4",
            "bad issue id \"12\"; expected ISS- followed by digits, such as ISS-11",
        ),
        (
            "Issues!B4",
            "bad standard id \"3.x\"; expected dotted numbers such as 3.8 or 3.8.1",
        ),
        ("Issues!A5", "duplicate id \"ISS-11\" (first at A2)"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn structural_problems_name_sheet_row_or_cell() {
    let probs = problems("generated/ccr_structure.xlsx");
    let got = rendered(&probs);
    assert_eq!(got[0].0, "workbook");
    assert_eq!(
        got[0].1,
        "sheets \"Issues\" and \"ISSUE\" are both Issues sheets; keep one"
    );
    assert_eq!(got[1].0, "workbook");
    assert!(
        got[1]
            .1
            .starts_with("no Assessments sheet; name one \"assessments\"")
    );
    assert_eq!(got[2], ("Survey!B2".into(), "missing survey date".into()));
    assert_eq!(
        got[3],
        (
            "Survey!A3".into(),
            "second \"received date\" row (the first is at A1)".into()
        )
    );
    assert_eq!(got[4].0, "Survey");
    assert!(got[4].1.starts_with("no \"survey mode\" row"));
    assert_eq!(
        got[5],
        (
            "Issues!F1".into(),
            "second \"status\" column (the first is at D1)".into()
        )
    );
    assert_eq!(got[6].0, "Issues!1:1");
    assert!(
        got[6]
            .1
            .starts_with("no \"requirement\" column in the header row")
    );
    assert_eq!(got.len(), 7);
    assert!(matches!(
        &probs[6].at,
        Location::Row { sheet, row: 0 } if sheet == "Issues"
    ));
}

#[test]
fn whole_error_message_lists_every_problem() {
    let err = import_ccr(&fixture("generated/ccr_bad_values.xlsx")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("has 14 problem(s):\n  Survey!B2: bad date"));
    assert!(text.contains("\n  Issues!A5: duplicate id \"ISS-11\""));
}

#[test]
fn no_ccr_sheet_is_a_clear_error() {
    match import_ccr(&fixture("generated/no_ccr_sheets.xlsx")) {
        Err(ImportError::NoCcrSheets { found, .. }) => assert_eq!(found, ["Sheet1", "Notes"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn encrypted_workbooks_are_reported_as_password_protected() {
    for rel in [
        "libreoffice/lo_password.xlsx", // OLE2 with EncryptionInfo + EncryptedPackage
        "libreoffice/lo_password.xls",  // BIFF8 FILEPASS record
        "libreoffice/lo_password.ods",  // manifest encryption-data
    ] {
        let err = import_ccr(&fixture(rel)).unwrap_err();
        assert!(
            matches!(err, ImportError::Encrypted { .. }),
            "{rel}: {err:?}"
        );
        assert!(
            err.to_string()
                .ends_with("is password-protected; save an unprotected copy and import that")
        );
    }
}

#[test]
fn damaged_and_foreign_files_are_errors() {
    let err = import_ccr(&fixture("generated/corrupt_truncated.xlsx")).unwrap_err();
    assert!(
        matches!(err, ImportError::Corrupt { format: "xlsx", .. }),
        "{err:?}"
    );
    // In qcp's words, never the zip reader's ("Could not find EOCD").
    let text = err.to_string();
    assert!(
        text.contains("zip container is truncated or damaged"),
        "{text}"
    );
    assert!(!text.contains("EOCD") && !text.contains("Zip"), "{text}");
    assert!(text.contains("save a fresh copy"), "{text}");
    let err = import_ccr(&fixture("generated/not_a_workbook.xlsx")).unwrap_err();
    assert!(
        matches!(err, ImportError::UnsupportedFormat { .. }),
        "{err:?}"
    );
    let err = import_ccr(&fixture("libreoffice/lo_ccr.fods")).unwrap_err();
    assert!(err.to_string().contains("flat .fods"), "{err}");
    let err = import_ccr(&fixture("does-not-exist.xlsx")).unwrap_err();
    assert!(matches!(err, ImportError::Io { .. }), "{err:?}");
    let err = import_ccr_bytes(&[], Path::new("empty.xlsx")).unwrap_err();
    assert!(err.to_string().contains("the file is empty"), "{err}");
}

#[test]
fn damaged_ole2_does_not_panic() {
    // calamine 0.38's CFB reader panics on some damaged OLE2 containers (slice bounds,
    // assertions); byte flips in the encrypted xlsx provoke some. The import catches them
    // with a quiet panic hook (tests/hostile.rs checks that the binary prints nothing).
    let orig = std::fs::read(fixture("libreoffice/lo_password.xlsx")).unwrap();
    let mut state: u64 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % (1 << 32)).unwrap()
    };
    let mut caught = 0;
    for _ in 0..1000 {
        let mut bytes = orig.clone();
        for _ in 0..1 + next() % 4 {
            let i = next() % bytes.len();
            bytes[i] = u8::try_from(next() % 256).unwrap();
        }
        if next() % 5 == 0 {
            let len = next() % bytes.len();
            bytes.truncate(len.max(9));
        }
        // Must return (Ok or Err) rather than unwind.
        if let Err(ImportError::Corrupt { reason, .. }) =
            import_ccr_bytes(&bytes, Path::new("flipped.xlsx"))
            && reason.starts_with("the reader failed on malformed data")
        {
            caught += 1;
        }
    }
    assert!(
        caught > 0,
        "no calamine panic was provoked; the guard went untested"
    );
}

#[test]
fn renamed_extension_still_opens_by_content() {
    let bytes = std::fs::read(fixture("libreoffice/lo_ccr.ods")).unwrap();
    let ccr = import_ccr_bytes(&bytes, Path::new("CCR.XLSX")).unwrap();
    assert_eq!(ccr.format, WorkbookFormat::Ods);
}

#[test]
fn date_refusals_are_typed() {
    let probs = problems("generated/ccr_bad_values.xlsx");
    assert!(matches!(
        &probs[0].kind,
        ProblemKind::BadDate {
            reason: DateRefusal::Ambiguous,
            ..
        }
    ));
    assert!(matches!(
        &probs[1].kind,
        ProblemKind::BadDate {
            reason: DateRefusal::UnformattedNumber,
            ..
        }
    ));
}

// ---------------------------------------------------------------------------------------
// Hostile workbooks (issue 11): sizes written in the file are checked before calamine
// allocates from them. An abort here would kill the whole test binary, so these tests also
// prove the absence of aborts.

mod hostile {
    use std::io::{Cursor, Read, Write};
    use std::path::Path;

    use proptest::prelude::*;
    use qcp::ccr_xlsx::{ImportError, import_ccr_bytes};

    use super::fixture;

    /// Rewrites the entries of a zip fixture through `edit(name, bytes)`.
    fn rewrite_zip(rel: &str, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
        let src = std::fs::read(fixture(rel)).unwrap();
        let mut zin = zip::ZipArchive::new(Cursor::new(src)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zin.len() {
            let mut e = zin.by_index(i).unwrap();
            let name = e.name().unwrap().into_owned();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            let method = if name == "mimetype" {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            let opts = zip::write::SimpleFileOptions::default().compression_method(method);
            out.start_file(name.as_str(), opts).unwrap();
            out.write_all(&edit(&name, data)).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn replace_once(text: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
        String::from_utf8(text)
            .unwrap()
            .replacen(from, to, 1)
            .into_bytes()
    }

    fn over_budget(bytes: &[u8], name: &str) -> String {
        match import_ccr_bytes(bytes, Path::new(name)) {
            Err(ImportError::OverBudget { reason, .. }) => reason,
            other => panic!("{name}: expected OverBudget, got {other:?}"),
        }
    }

    #[test]
    fn a_far_cell_reference_is_refused_before_calamine_allocates() {
        // One reference changed to XFD1048576 asked calamine for 17 billion cells (SIGABRT).
        let bytes = rewrite_zip("libreoffice/lo_ccr.xlsx", |n, d| {
            if n == "xl/worksheets/sheet1.xml" {
                replace_once(d, "r=\"B2\"", "r=\"XFD1048576\"")
            } else {
                d
            }
        });
        let why = over_budget(&bytes, "far.xlsx");
        assert!(why.contains("1048576 rows"), "{why}");
    }

    #[test]
    fn a_huge_shared_string_count_is_refused() {
        let bytes = rewrite_zip("libreoffice/lo_ccr.xlsx", |n, d| {
            if n == "xl/sharedStrings.xml" {
                let s = String::from_utf8(d).unwrap();
                let at = s.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
                let end = at + s[at..].find('"').unwrap();
                format!("{}4294967295{}", &s[..at], &s[end..]).into_bytes()
            } else {
                d
            }
        });
        let why = over_budget(&bytes, "sst.xlsx");
        assert!(why.contains("4294967295"), "{why}");
    }

    #[test]
    fn a_negative_shared_string_index_is_an_error_not_string_zero() {
        let bytes = rewrite_zip("libreoffice/lo_ccr.xlsx", |n, d| {
            if n == "xl/worksheets/sheet1.xml" {
                let s = String::from_utf8(d).unwrap();
                let at = s.find("t=\"s\"").unwrap();
                let v = at + s[at..].find("<v>").unwrap() + 3;
                let end = v + s[v..].find('<').unwrap();
                format!("{}-1{}", &s[..v], &s[end..]).into_bytes()
            } else {
                d
            }
        });
        match import_ccr_bytes(&bytes, Path::new("neg.xlsx")) {
            Err(ImportError::Corrupt { reason, .. }) => {
                assert!(reason.contains("invalid index"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_inflation_bomb_is_refused_within_the_workbook_budget() {
        // 100 MB of one letter deflates to ~100 KB.
        let bytes = rewrite_zip("libreoffice/lo_ccr.xlsx", |n, d| {
            if n == "xl/sharedStrings.xml" {
                let s = String::from_utf8(d).unwrap();
                let at = s.find("<t").unwrap();
                let at = at + s[at..].find('>').unwrap() + 1;
                let mut out = s[..at].to_owned();
                out.push_str(&"A".repeat(100_000_000));
                out.push_str(&s[at..]);
                out.into_bytes()
            } else {
                d
            }
        });
        assert!(bytes.len() < 1_000_000);
        let why = over_budget(&bytes, "bomb.xlsx");
        assert!(why.contains("inflates to more than"), "{why}");
    }

    #[test]
    fn a_million_repeated_ods_rows_are_refused_not_reported_a_million_times() {
        let bytes = rewrite_zip("libreoffice/lo_ccr.ods", |n, d| {
            if n == "content.xml" {
                replace_once(
                    d,
                    "<table:table-row",
                    "<table:table-row table:number-rows-repeated=\"1048576\"",
                )
            } else {
                d
            }
        });
        let why = over_budget(&bytes, "rows.ods");
        assert!(why.contains("1048576 rows"), "{why}");
    }

    #[test]
    fn the_libreoffice_trailing_empty_rows_still_import() {
        // LibreOffice writes the rest of the sheet as one repeated *empty* row: not a bomb.
        let bytes = rewrite_zip("libreoffice/lo_ccr.ods", |n, d| {
            if n == "content.xml" {
                replace_once(
                    d,
                    "</table:table>",
                    "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>",
                )
            } else {
                d
            }
        });
        import_ccr_bytes(&bytes, Path::new("trailing.ods")).unwrap();
    }

    #[test]
    fn corrupt_xls_dimensions_are_refused() {
        // BIFF8 DIMENSIONS (type 0x0200, 14 bytes): last row + 1 as u32 at offset 4.
        let mut bytes = std::fs::read(fixture("libreoffice/lo_ccr.xls")).unwrap();
        let at = bytes
            .windows(4)
            .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
            .unwrap();
        bytes[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        let why = over_budget(&bytes, "dims.xls");
        assert!(why.contains("rows"), "{why}");
    }

    #[test]
    fn a_far_xls_cell_is_refused() {
        // A NUMBER/LABELSST record moved to row 65535, column 255: 16.7 million cells.
        let mut bytes = std::fs::read(fixture("libreoffice/lo_ccr.xls")).unwrap();
        let at = bytes
            .windows(4)
            .position(|w| w == [0xFD, 0x00, 0x0A, 0x00])
            .unwrap();
        bytes[at + 4..at + 6].copy_from_slice(&0xFFFFu16.to_le_bytes());
        bytes[at + 6..at + 8].copy_from_slice(&0x00FFu16.to_le_bytes());
        let why = over_budget(&bytes, "far.xls");
        assert!(why.contains("65536 × 256 cells"), "{why}");
    }

    /// Seconds an import may take in these tests.
    const TIMEOUT: u64 = 60;

    /// Runs the import on another thread and fails the test if it has not returned within a
    /// minute (a loop in the reader would otherwise hang the suite).
    fn import_within_a_minute(bytes: Vec<u8>, name: &'static str) -> Result<(), String> {
        // (On a timeout the import's thread is left running: the test has failed anyway.)
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = import_ccr_bytes(&bytes, Path::new(name)).map(|_| ());
            let _ = tx.send(r.map_err(|e| e.to_string()));
        });
        rx.recv_timeout(std::time::Duration::from_secs(TIMEOUT))
            .unwrap_or_else(|_| panic!("{name}: the import did not return within a minute"))
    }

    /// calamine 0.38 reads an ODS table until its `</table:table>` and loops forever on the
    /// end of the file when that end tag is damaged (found by the mutation test below): such a
    /// workbook is refused as damaged, quickly. The near miss: the same fixture, untouched.
    #[test]
    fn an_ods_table_left_open_is_refused_not_read_forever() {
        let bytes = rewrite_zip("libreoffice/lo_ccr.ods", |n, d| {
            if n == "content.xml" {
                // The last table's end tag: the reader then runs into the end of the file.
                let text = String::from_utf8(d).unwrap();
                let at = text.rfind("</table:table>").expect("a table");
                let mut text = text;
                text.replace_range(at..at + "</table:table>".len(), "</table:tablX>");
                text.into_bytes()
            } else {
                d
            }
        });
        let err = import_within_a_minute(bytes, "open.ods").expect_err("must be refused");
        assert!(err.contains("not well-formed"), "{err}");
        let fine = rewrite_zip("libreoffice/lo_ccr.ods", |_, d| d);
        import_within_a_minute(fine, "fine.ods").expect("the untouched fixture imports");
    }

    /// An XLSX part left open or closed by another name is refused as damaged before calamine
    /// reads it (the near miss is the untouched fixture, which imports).
    #[test]
    fn an_xlsx_part_that_is_not_well_formed_is_refused() {
        for part in [
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
            "xl/workbook.xml",
        ] {
            let bytes = rewrite_zip("libreoffice/lo_ccr.xlsx", |n, d| {
                if n == part {
                    let text = String::from_utf8(d).unwrap();
                    let at = text.rfind("</").expect("an end tag");
                    text.as_bytes()[..at].to_vec()
                } else {
                    d
                }
            });
            let err = import_within_a_minute(bytes, "cut.xlsx").expect_err("must be refused");
            assert!(err.contains("not well-formed"), "{part}: {err}");
        }
        let fine = rewrite_zip("libreoffice/lo_ccr.xlsx", |_, d| d);
        import_within_a_minute(fine, "fine.xlsx").expect("the untouched fixture imports");
    }

    /// `<text:s text:c="4000000000"/>` asked calamine for four billion spaces, one push at a
    /// time: refused by the budget before calamine reads it (a run of 20 is read as usual).
    #[test]
    fn an_ods_space_run_bomb_is_refused() {
        let with = |n: u64| {
            rewrite_zip("libreoffice/lo_ccr.ods", |name, d| {
                if name == "content.xml" {
                    let text = String::from_utf8(d).unwrap();
                    let at = text.find("<text:p>").expect("a paragraph") + "<text:p>".len();
                    format!("{}<text:s text:c=\"{n}\"/>{}", &text[..at], &text[at..]).into_bytes()
                } else {
                    d
                }
            })
        };
        let why = over_budget(&with(4_000_000_000), "spaces.ods");
        assert!(why.contains("spaces"), "{why}");
        import_within_a_minute(with(20), "spaces-ok.ods").expect("a short run imports");
    }

    /// Any outcome but a panic or an abort is acceptable for a damaged workbook.
    fn survives(bytes: &[u8], name: &str) {
        let r = std::panic::catch_unwind(|| import_ccr_bytes(bytes, Path::new(name)));
        assert!(
            r.is_ok(),
            "{name}: the import unwound out of import_ccr_bytes"
        );
    }

    fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
        for &(i, v) in edits {
            let n = bytes.len();
            bytes[i % n] = v;
        }
        if let Some(c) = cut {
            let n = bytes.len();
            bytes.truncate((c % n).max(9));
        }
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn mutated_xls_never_panics_or_aborts(
            edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
            cut in prop::option::weighted(0.2, any::<usize>()),
        ) {
            let orig = std::fs::read(fixture("libreoffice/lo_ccr.xls")).unwrap();
            survives(&mutate(orig, &edits, cut), "m.xls");
        }

        #[test]
        fn mutated_xlsx_parts_never_panic_or_abort(
            edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6),
            part in 0usize..3,
        ) {
            // Mutate inside the inflated XML (where the sizes live), then re-zip.
            let target = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet2.xml"][part];
            let bytes = rewrite_zip("libreoffice/lo_ccr.xlsx", |n, d| {
                if n == target { mutate(d, &edits, None) } else { d }
            });
            survives(&bytes, "m.xlsx");
        }

        #[test]
        fn mutated_ods_content_never_panics_or_aborts(
            edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6),
            digits in "[0-9]{1,10}",
        ) {
            let bytes = rewrite_zip("libreoffice/lo_ccr.ods", |n, d| {
                if n == "content.xml" {
                    let d = replace_once(d, "<table:table-row", &format!("<table:table-row table:number-rows-repeated=\"{digits}\""));
                    mutate(d, &edits, None)
                } else { d }
            });
            survives(&bytes, "m.ods");
        }
    }
}
