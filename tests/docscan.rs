//! End-to-end: sniff → extract → screen on fixtures built in code (docs/rules.md §5: no PHI in uploads).
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used
)] // fixture helpers outside #[test] fns

#[path = "docscan_common/mod.rs"]
mod common;
#[path = "common/tools.rs"]
mod tools;

use qcp::docscan::{
    self, Content, DocKind, ExtractError, ExtractLimits, Extracted, PhiHit, PhiKind, PhiRules,
    TextUnit,
};

fn setup() -> (PhiRules, ExtractLimits) {
    docscan::rules::parse(docscan::rules::DEFAULT_TOML).unwrap()
}

fn units(kind: DocKind, bytes: &[u8]) -> Vec<TextUnit> {
    let (_, limits) = setup();
    match docscan::extract_text(kind, bytes, &limits).unwrap() {
        Extracted::Text(u) => u,
        other => panic!("expected text, got {other:?}"),
    }
}

fn txt_units(text: &str) -> Vec<TextUnit> {
    units(DocKind::Txt, text.as_bytes())
}

fn kinds(hits: &[PhiHit]) -> Vec<PhiKind> {
    hits.iter().map(|h| h.kind).collect()
}

/// Every planted value must be absent from Debug and Display of the hits (no leaks).
fn assert_no_leak(hits: &[PhiHit], planted: &[&str]) {
    let debug = format!("{hits:?}");
    let display: String = hits.iter().map(|h| format!("{h}\n")).collect();
    for v in planted {
        assert!(!debug.contains(v), "debug leaks {v:?}: {debug}");
        assert!(!display.contains(v), "display leaks {v:?}: {display}");
        // Also the digits alone, so a reformatted value cannot slip through.
        let digits: String = v.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 4 {
            assert!(
                !debug.contains(&digits) && !display.contains(&digits),
                "leaks digits of {v:?}"
            );
        }
    }
}

// --- sniff (magic bytes vs extension) ---

#[test]
fn sniff_pdf_docx_xlsx_png_jpeg_txt() {
    let pdf = common::pdf(&[vec!["Policy".into()]], &common::plain());
    assert!(docscan::sniff(&pdf, "policy.PDF").is_consistent());
    let docx = common::docx(&["Policy".into()]);
    assert_eq!(docscan::sniff(&docx, "p.docx").actual, Some(DocKind::Docx));
    let xlsx = common::zip(&[
        ("[Content_Types].xml", common::CONTENT_TYPES),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    assert_eq!(docscan::sniff(&xlsx, "p.xlsx").actual, Some(DocKind::Xlsx));
    // PNG: ISO/IEC 15948 §5.2 signature; JPEG: SOI + marker (ITU T.81 B.1.1.3).
    assert!(docscan::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a.png").is_consistent());
    assert!(docscan::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", "a.JPG").is_consistent());
    assert!(docscan::sniff("Politique d’accès\n".as_bytes(), "a.txt").is_consistent());
}

#[test]
fn pdf_named_file_that_is_really_a_zip() {
    let z = common::zip(&[("notes/readme.txt", b"hello")]);
    let s = docscan::sniff(&z, "Policy.pdf");
    assert_eq!(
        (s.declared, s.actual, s.content),
        (Some(DocKind::Pdf), None, Content::ZipArchive)
    );
    assert_eq!(s.describe(), "a ZIP archive, not a PDF");
    let d = common::docx(&["x".into()]);
    assert_eq!(
        docscan::sniff(&d, "Policy.pdf").describe(),
        "a Word document (.docx), not a PDF"
    );
}

#[test]
fn empty_and_binary_files() {
    let s = docscan::sniff(b"", "empty.pdf");
    assert_eq!((s.actual, s.content), (None, Content::Empty));
    assert_eq!(s.describe(), "an empty file, not a PDF");
    let s = docscan::sniff(b"\x00\x01\x02binary", "x.txt");
    assert_eq!(s.content, Content::Unrecognized);
    let s = docscan::sniff(b"%PDF-1.7", "notes.md");
    assert_eq!(
        s.describe(),
        "a PDF (the file extension names no accepted type)"
    );
}

// --- extraction ---

#[test]
fn pdf_text_layer_by_page_and_line() {
    let pages = vec![
        vec![
            "Chemotherapy consent policy".into(),
            "Effective date: 01/15/2024".into(),
        ],
        vec![
            "Attachment A".into(),
            "Patient:|Jane Q. Doe".into(),
            "DOB: 04/21/1957   MRN: 00482913".into(),
        ],
    ];
    for opt in [
        common::plain(),
        common::PdfOptions {
            compress: true,
            td_lines: false,
            encrypted: false,
        },
    ] {
        let bytes = common::pdf(&pages, &opt);
        let u = units(DocKind::Pdf, &bytes);
        let got: Vec<(Option<u32>, u32, &str)> = u
            .iter()
            .map(|u| (u.page, u.line, u.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(1), 1, "Chemotherapy consent policy"),
                (Some(1), 2, "Effective date: 01/15/2024"),
                (Some(2), 1, "Attachment A"),
                // Two runs on one baseline, 160 pt apart: laid out in columns, so a tab.
                (Some(2), 2, "Patient:\tJane Q. Doe"),
                (Some(2), 3, "DOB: 04/21/1957   MRN: 00482913"),
            ]
        );
        let (rules, _) = setup();
        let hits = docscan::screen(&u, &rules);
        assert_eq!(
            kinds(&hits),
            vec![
                PhiKind::PatientName,
                PhiKind::DateOfBirth,
                PhiKind::MedicalRecordNumber
            ]
        );
        assert!(hits.iter().all(|h| h.page == Some(2)));
        assert_no_leak(&hits, &["Jane", "Doe", "04/21/1957", "00482913"]);
    }
}

#[test]
fn pdf_matches_pdftotext_when_available() {
    if !tools::pdftotext() {
        return;
    }
    // STYLE: PDFs are tested through what a reader gets; poppler is the reference reader.
    let bytes = common::pdf(
        &[vec!["Patient:|John Smith".into(), "second line".into()]],
        &common::plain(),
    );
    let dir = std::env::temp_dir().join(format!("docscan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let _ = std::fs::remove_dir_all(&dir);
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let poppler: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect();
    // Column gaps come out as tabs (poppler's -layout gives spaces): compare words.
    let ours: Vec<String> = units(DocKind::Pdf, &bytes)
        .into_iter()
        .map(|u| collapse(&u.text))
        .collect();
    assert_eq!(ours, poppler);
}

#[test]
fn truncated_pdf_is_an_error_never_a_panic() {
    let bytes = common::pdf(
        &[vec!["DOB: 04/21/1957".into()], vec!["page two".into()]],
        &common::PdfOptions {
            compress: true,
            td_lines: true,
            encrypted: false,
        },
    );
    let (_, limits) = setup();
    for cut in (0..bytes.len()).step_by(7) {
        // Any outcome but a panic is acceptable for a damaged file; most cuts lose the xref.
        let _ = docscan::extract_text(DocKind::Pdf, &bytes[..cut], &limits);
    }
    let half = &bytes[..bytes.len() / 2];
    assert!(matches!(
        docscan::extract_text(DocKind::Pdf, half, &limits),
        Err(ExtractError::Corrupt { .. })
    ));
    assert!(matches!(
        docscan::extract_text(DocKind::Pdf, b"%PDF-1.4\n", &limits),
        Err(ExtractError::Corrupt { .. })
    ));
}

#[test]
fn encrypted_pdf_is_reported_as_encrypted() {
    let bytes = common::pdf(
        &[vec!["secret".into()]],
        &common::PdfOptions {
            compress: false,
            td_lines: true,
            encrypted: true,
        },
    );
    let (_, limits) = setup();
    let e = docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap_err();
    assert!(
        matches!(e, ExtractError::Encrypted { kind: DocKind::Pdf }),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "the pdf is encrypted, so its text cannot be screened"
    );
}

#[test]
fn pdf_without_text_is_no_text_layer() {
    let bytes = common::pdf(&[vec![], vec![]], &common::plain());
    let (_, limits) = setup();
    assert_eq!(
        docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap(),
        Extracted::NoTextLayer { pages: 2 }
    );
}

#[test]
fn docx_paragraphs_and_table_cells() {
    let bytes = common::docx(&[
        "Infusion room checklist".into(),
        "Patient name: Maria Gonzalez".into(),
        "Date of birth:|03/14/1962".into(),
    ]);
    let u = units(DocKind::Docx, &bytes);
    assert_eq!(u[1].text, "Patient name: Maria Gonzalez");
    assert_eq!(u[2].text, "Date of birth:\t03/14/1962\t");
    let (rules, _) = setup();
    let hits = docscan::screen(&u, &rules);
    assert_eq!(
        kinds(&hits),
        vec![PhiKind::PatientName, PhiKind::DateOfBirth]
    );
    assert_eq!((hits[1].line, hits[1].column), (3, 1));
    assert_no_leak(&hits, &["Maria", "Gonzalez", "03/14/1962"]);
}

#[test]
fn docx_zip_bomb_is_capped_per_document() {
    // 4 MiB of one letter deflates to a few KB; the budget is 1 MiB for the whole document, so
    // two parts of 600 KB each exceed it together though each fits alone (issue 11 item 5).
    let big = vec![b'a'; 4 << 20];
    let bytes = common::zip(&[("word/document.xml", &big)]);
    assert!(bytes.len() < 64 * 1024);
    let (_, mut limits) = setup();
    limits.max_decompressed_bytes = 1 << 20;
    let e = docscan::extract_text(DocKind::Docx, &bytes, &limits).unwrap_err();
    assert!(
        matches!(
            e,
            ExtractError::OverBudget {
                limit: 1_048_576,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("decompressed bytes"), "{e}");
    let mut part = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    part.extend(std::iter::repeat_n(b'a', 600 << 10));
    part.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let one = common::zip(&[("word/document.xml", &part)]);
    assert!(docscan::extract_text(DocKind::Docx, &one, &limits).is_ok());
    let two = common::zip(&[("word/document.xml", &part), ("word/header1.xml", &part)]);
    assert!(matches!(
        docscan::extract_text(DocKind::Docx, &two, &limits),
        Err(ExtractError::OverBudget { .. })
    ));
}

#[test]
fn docx_missing_body_or_garbage() {
    let (_, limits) = setup();
    let z = common::zip(&[("xl/workbook.xml", b"<x/>")]);
    assert!(matches!(
        docscan::extract_text(DocKind::Docx, &z, &limits),
        Err(ExtractError::MissingPart { .. })
    ));
    let mut cut = common::docx(&["hello".into()]);
    cut.truncate(cut.len() - 30);
    assert!(matches!(
        docscan::extract_text(DocKind::Docx, &cut, &limits),
        Err(ExtractError::Corrupt { .. })
    ));
}

#[test]
fn unscreened_kinds_say_so() {
    let (_, limits) = setup();
    for k in [
        DocKind::Xlsx,
        DocKind::Doc,
        DocKind::Xls,
        DocKind::Png,
        DocKind::Jpeg,
    ] {
        assert_eq!(
            docscan::extract_text(k, b"whatever", &limits).unwrap(),
            Extracted::NotScreened(k)
        );
    }
    assert_eq!(
        docscan::extract_text(DocKind::Txt, b"", &limits).unwrap(),
        Extracted::Text(vec![])
    );
}

// --- the screen ---

#[test]
fn txt_with_each_kind_of_phi() {
    let text = "\
Intake worksheet (example of what must NOT be uploaded)
DOB: 03/14/1962
D.O.B. 3-14-62
Date of Birth: March 14, 1962
birth date 1962-03-14
MRN: 00482913
Medical Record Number: A1234567
medical record #: 55512345
Patient ID 7788123
SSN: 123456789
Emergency contact 219-09-9999 on file
Patient: Maria Gonzalez
Patient name: Smith, John
Pt name: J. Smith
Patient initials: J.S.
Patient admitted 02/03/2024 to infusion
Date of service: 2/3/2024 for pt follow-up
";
    let (rules, _) = setup();
    let hits = docscan::screen(&txt_units(text), &rules);
    use PhiKind::*;
    assert_eq!(
        kinds(&hits),
        vec![
            DateOfBirth,
            DateOfBirth,
            DateOfBirth,
            DateOfBirth,
            MedicalRecordNumber,
            MedicalRecordNumber,
            MedicalRecordNumber,
            MedicalRecordNumber,
            Ssn,
            Ssn,
            PatientName,
            PatientName,
            PatientName,
            PatientName,
            VisitDate,
            VisitDate,
        ]
    );
    let lines: Vec<u32> = hits.iter().map(|h| h.line).collect();
    assert_eq!(lines, (2..=17).collect::<Vec<u32>>());
    assert_eq!(hits[0].redacted, "DOB: [date redacted]");
    assert_eq!(hits[9].redacted, "[number redacted]");
    assert_eq!(hits[9].column, 19);
    assert_eq!(
        hits[10].to_string(),
        "line 12, column 1: possible patient name (patient: [name redacted])"
    );
    assert_no_leak(
        &hits,
        &[
            "03/14/1962",
            "3-14-62",
            "March 14",
            "1962-03-14",
            "00482913",
            "A1234567",
            "55512345",
            "7788123",
            "123456789",
            "219-09-9999",
            "Maria",
            "Gonzalez",
            "Smith",
            "John",
            "J.S.",
            "02/03/2024",
            "2/3/2024",
        ],
    );
}

#[test]
fn policy_prose_does_not_fire() {
    let near_misses = "\
Verify two patient identifiers, such as name and date of birth, before each treatment.
Date of birth verification is required at registration.
Staff confirm the patient's date of birth (DOB) at every visit.
Patient: refers to any individual receiving care.
Patient Name: ______________________
Patient name: First Last
DOB: __/__/____
MRN: (enter the medical record number)
The patient ID band must be checked; patient identifiers are never photocopied.
Effective date: 01/15/2024. Revised 03/01/2023 by the Patient Safety Committee.
Patients seen on or after 01/01/2024 follow this policy.
Patient Education: Chemotherapy Basics
Patient Safety: Reporting Errors
Phone 217-555-0100, fax 212-555-0100, ISBN 978-1-23-456789-7.
Invalid SSN shapes: 000-12-3456, 666-12-3456, 912-34-5678, 123-00-4567, 123-45-0000.
MRN is assigned by the EHR at first visit; the medical record is retained 10 years.
Policy 2024-03 applies to all patients admitted through the infusion center.
";
    let (rules, _) = setup();
    // The phone after "Phone" is the practice's own (known from the application file).
    let known = docscan::KnownIdentifiers {
        phones: vec!["(217) 555-0100".into()],
        ..Default::default()
    };
    let hits = docscan::screen_with(&txt_units(near_misses), &rules, &known);
    assert!(hits.is_empty(), "false positives: {hits:#?}");
    // Unknown to the screen, the same number after "Phone" is reported.
    let hits = docscan::screen(&txt_units(near_misses), &rules);
    assert_eq!(kinds(&hits), vec![PhiKind::Phone]);
    let prose = common::policy_text(30_000);
    let hits = docscan::screen(&txt_units(&prose.join("\n")), &rules);
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn overlapping_labels_report_once_with_the_longest_label() {
    let (rules, _) = setup();
    let hits = docscan::screen(&txt_units("Medical record number: 55512345"), &rules);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].redacted, "medical record number: [number redacted]");
}

#[test]
fn rules_are_data() {
    // The lead can narrow the screen in TOML: drop unlabelled SSNs and the "Patient:" label.
    let toml = docscan::rules::DEFAULT_TOML
        .replace("unlabelled = true", "unlabelled = false")
        .replace(
            "person_labels = [\n  \"patient\",\n  \"pt\",\n  \"pt.\",\n]",
            "person_labels = []",
        );
    let rules = PhiRules::from_toml(&toml).unwrap();
    let hits = docscan::screen(
        &txt_units("Call 219-09-9999\nPatient: Maria Gonzalez"),
        &rules,
    );
    assert!(hits.is_empty(), "{hits:?}");
}

// --- budgets and unscreenable parts (issue 11 items 5 and 10, issue 12 part 1) ---

/// A PDF with raw (deflated) content streams, one per page, and the given font object.
fn raw_pdf(contents: &[Vec<u8>], font: &str) -> Vec<u8> {
    use std::io::Write;
    let n = contents.len();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 5 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
        font.as_bytes().to_vec(),
        // A 1x1 grey image, for "scanned" pages.
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream".to_vec(),
    ];
    for (i, c) in contents.iter().enumerate() {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(c).unwrap();
        let data = e.finish().unwrap();
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> /Contents {} 0 R >>", 6 + 2 * i).into_bytes());
        let mut s = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            data.len()
        )
        .into_bytes();
        s.extend_from_slice(&data);
        s.extend_from_slice(b"\nendstream");
        objects.push(s);
    }
    common::assemble(b"%PDF-1.4\n", &objects, "")
}

const HELVETICA: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

#[test]
fn pdf_operator_bomb_is_over_budget_not_gigabytes() {
    // issue 11 item 5: a small PDF whose content inflates to megabytes of text operators.
    let mut content = b"BT /F1 10 Tf 72 720 Td ".to_vec();
    for _ in 0..400_000 {
        content.extend_from_slice(b"(a) Tj ");
    }
    content.extend_from_slice(b"ET");
    let bytes = raw_pdf(&[content], HELVETICA);
    assert!(bytes.len() < 64 * 1024, "{}", bytes.len());
    let (_, mut limits) = setup();
    limits.max_pdf_operations = 100_000;
    let e = docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap_err();
    assert!(
        matches!(
            e,
            ExtractError::OverBudget {
                what: "PDF operators per document",
                limit: 100_000,
                ..
            }
        ),
        "{e:?}"
    );
    // A one-item-per-glyph TJ array counts each item.
    let mut tj = b"BT /F1 10 Tf 72 720 Td [".to_vec();
    for _ in 0..150_000 {
        tj.extend_from_slice(b"(a) -1 ");
    }
    tj.extend_from_slice(b"] TJ ET");
    let bytes = raw_pdf(&[tj], HELVETICA);
    let e = docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap_err();
    assert!(matches!(e, ExtractError::OverBudget { .. }), "{e:?}");
    // Under the operator budget, one array is still bounded on its own.
    let (_, defaults) = setup();
    let e = docscan::extract_text(DocKind::Pdf, &bytes, &defaults).unwrap_err();
    assert!(
        matches!(
            e,
            ExtractError::OverBudget {
                what: "items in one PDF array",
                limit: 100_000,
                ..
            }
        ),
        "{e:?}"
    );
    // Inflated bytes are budgeted per document, not per stream: two pages of 600 KB each
    // pass one at a time but not together under a 1 MiB budget.
    let page = vec![b' '; 600 << 10];
    let (_, mut limits) = setup();
    limits.max_decompressed_bytes = 1 << 20;
    let one = raw_pdf(std::slice::from_ref(&page), HELVETICA);
    assert!(docscan::extract_text(DocKind::Pdf, &one, &limits).is_ok());
    let two = raw_pdf(&[page.clone(), page], HELVETICA);
    let e = docscan::extract_text(DocKind::Pdf, &two, &limits).unwrap_err();
    assert!(
        matches!(
            e,
            ExtractError::OverBudget {
                what: "decompressed bytes per document",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn scanned_page_inside_a_text_pdf_is_named() {
    let text = b"BT /F1 10 Tf 72 720 Td (Policy text) Tj ET".to_vec();
    let scan = b"q 612 0 0 792 0 0 cm /Im1 Do Q".to_vec();
    let bytes = raw_pdf(&[text.clone(), scan.clone(), text], HELVETICA);
    let (_, limits) = setup();
    let Extracted::Partial { units, gaps } =
        docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap()
    else {
        panic!("expected a partial result")
    };
    assert_eq!(units.len(), 2);
    assert_eq!(gaps, vec![docscan::Gap::PagesWithoutText(vec![2])]);
    assert_eq!(
        gaps[0].to_string(),
        "page 2 has no text layer (likely scanned): not screened for PHI"
    );
    // Only scanned pages: the whole PDF has no text layer.
    let bytes = raw_pdf(&[scan.clone(), scan], HELVETICA);
    assert_eq!(
        docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap(),
        Extracted::NoTextLayer { pages: 2 }
    );
}

#[test]
fn undecodable_font_is_not_called_a_scan() {
    // issue 11 item 10: a font whose encoding refers to itself decodes to nothing; that is
    // text qcp cannot read, not a scan.
    let selfref = "<< /Type /Font /Subtype /Type1 /BaseFont /X /Encoding 3 0 R >>";
    let content = b"BT /F1 10 Tf 72 720 Td (DOB: 03/14/1962) Tj ET".to_vec();
    for font in [
        selfref,
        "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Nope >>",
    ] {
        let bytes = raw_pdf(std::slice::from_ref(&content), font);
        let (_, limits) = setup();
        let got = docscan::extract_text(DocKind::Pdf, &bytes, &limits).unwrap();
        match got {
            Extracted::Partial { units, gaps } => {
                assert!(units.is_empty());
                assert_eq!(gaps, vec![docscan::Gap::UndecodableText(vec![1])]);
                assert!(gaps[0].to_string().contains("font qcp cannot decode"));
            }
            // lopdf may decode some fonts after all; then the date must be screened.
            Extracted::Text(units) => {
                let (rules, _) = setup();
                assert!(!docscan::screen(&units, &rules).is_empty(), "{units:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn damaged_files_never_quote_their_content() {
    let (_, limits) = setup();
    let docx = common::zip(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p><w:t>x</DOB-03-14-1962-Quixote></w:body></w:document>",
    )]);
    let e = docscan::extract_text(DocKind::Docx, &docx, &limits).unwrap_err();
    let msg = e.to_string();
    assert!(!msg.contains("Quixote") && !msg.contains("1962"), "{msg}");
    let mut pdf = common::pdf(&[vec!["MRN: 00482913".into()]], &common::plain());
    let at = pdf.windows(4).position(|w| w == b"xref").unwrap();
    pdf.truncate(at);
    pdf.extend_from_slice(b"trailer << /Root (Quixote 00482913) >>");
    if let Err(e) = docscan::extract_text(DocKind::Pdf, &pdf, &limits) {
        let msg = e.to_string();
        assert!(
            !msg.contains("Quixote") && !msg.contains("00482913"),
            "{msg}"
        );
    }
}

#[test]
fn utf16_docx_header_is_screened() {
    let header = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:hdr xmlns:w=\"x\"><w:p><w:r><w:t>Patient: LOPEZ, MARIA   MRN: 00482913   DOB: 03/14/1962</w:t></w:r></w:p></w:hdr>";
    let mut raw = vec![0xFF, 0xFE];
    for u in header.encode_utf16() {
        raw.extend_from_slice(&u.to_le_bytes());
    }
    let body = common::docx_xml(&["Chemotherapy consent policy".into()]);
    let bytes = common::zip(&[
        ("[Content_Types].xml", common::CONTENT_TYPES),
        ("word/document.xml", body.as_bytes()),
        ("word/header1.xml", &raw),
    ]);
    let (rules, _) = setup();
    let u = units(DocKind::Docx, &bytes);
    let hits = docscan::screen(&u, &rules);
    assert_eq!(
        kinds(&hits),
        vec![
            PhiKind::PatientName,
            PhiKind::MedicalRecordNumber,
            PhiKind::DateOfBirth
        ]
    );
    assert!(
        hits[0]
            .to_string()
            .starts_with("header 1, line 1, column 1: possible patient name"),
        "{}",
        hits[0]
    );
    assert_no_leak(&hits, &["LOPEZ", "MARIA", "00482913", "03/14/1962"]);
}

// --- never reveal: every output format, every planted value (issue 12 part 5) ---

#[test]
fn no_output_format_prints_a_planted_value() {
    use common::phi_corpus::{self, Kind};
    let corpus = phi_corpus::corpus(phi_corpus::TRAIN_SEED, 60);
    // Documents until every kind is planted at least once.
    let mut chosen = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for d in &corpus.docs {
        if d.planted.iter().any(|p| kinds.insert(p.kind)) {
            chosen.push(d);
        }
    }
    assert_eq!(kinds.len(), Kind::ALL.len(), "{kinds:?}");
    let slots = [
        "1.1.1", "1.1.2", "1.1.3", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2.1", "2.3", "2.4", "3.1",
        "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8.1", "3.8.2", "3.8.3",
    ];
    assert!(chosen.len() <= slots.len(), "{}", chosen.len());
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = std::fs::read_to_string(repo.join("examples/eligible-new.yaml")).unwrap();
    let mut docs = String::from("documents:\n  phi_attestation: true\n  elements:\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pool")).unwrap();
    for (d, slot) in chosen.iter().zip(slots) {
        std::fs::write(dir.path().join("pool").join(&d.name), &d.bytes).unwrap();
        docs.push_str(&format!("    \"{slot}\":\n      - path: pool/{}\n", d.name));
    }
    std::fs::write(dir.path().join("app.yaml"), format!("{app}\n{docs}")).unwrap();
    // Planted values, and the corpus practice's own (unknown to this application, so flagged).
    let mut secrets: Vec<String> = chosen
        .iter()
        .flat_map(|d| d.planted.iter().map(|p| p.value.clone()))
        .filter(|v| v.len() >= 5)
        .collect();
    secrets.extend(corpus.practice.staff.iter().cloned());
    secrets.extend(corpus.practice.phones.iter().cloned());
    for format in ["human", "json", "junit", "sarif", "github"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
            .args([
                "bundle",
                "check",
                ".",
                "--as-of",
                "2026-11-22",
                "--format",
                format,
            ])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stdout.contains("phi-suspected"), "{format}: {stdout}");
        if format == "human" {
            // Hits in a DOCX header and in table columns are reported by place.
            assert!(stdout.contains("header 1, line 1"), "{stdout}");
            assert!(stdout.contains(" column: [date redacted]"), "{stdout}");
        }
        for s in &secrets {
            assert!(!stdout.contains(s.as_str()), "{format} prints {s:?}");
            assert!(
                !stderr.contains(s.as_str()),
                "{format} prints {s:?} on stderr"
            );
        }
    }
}

// --- the measured screen (issue 12 part 4) ---

/// The targets on the held-out seed (a smaller corpus than the benchmark's 200 documents, to
/// keep the debug-build test quick). `cargo bench --bench phi_corpus` prints the full figures.
#[test]
fn held_out_corpus_meets_the_targets() {
    use common::phi_corpus::{self, Score};
    let (rules, limits) = setup();
    let corpus = phi_corpus::corpus(phi_corpus::HELD_OUT_SEED, 90);
    let known = corpus.practice.known();
    let mut score = Score::default();
    for doc in &corpus.docs {
        let kind = docscan::sniff(&doc.bytes, &doc.name).actual.unwrap();
        match docscan::extract_text(kind, &doc.bytes, &limits).unwrap() {
            Extracted::Text(units) => {
                let hits = docscan::screen_with(&units, &rules, &known);
                phi_corpus::score_doc(&mut score, doc, Some((&units, &hits)));
            }
            _ => phi_corpus::score_doc(&mut score, doc, None),
        }
    }
    let report = score.report();
    assert!(score.recall() >= 90.0, "{report}");
    assert!(score.precision() >= 95.0, "{report}");
    assert!(score.phi_docs_flagged_pct() >= 98.0, "{report}");
    assert!(score.clean_docs_flagged_pct() <= 2.0, "{report}");
    assert_eq!(score.unscreened, 0, "{report}");
}

#[test]
fn corpus_is_deterministic() {
    use common::phi_corpus;
    let a = phi_corpus::corpus(phi_corpus::TRAIN_SEED, 9);
    let b = phi_corpus::corpus(phi_corpus::TRAIN_SEED, 9);
    for (x, y) in a.docs.iter().zip(&b.docs) {
        assert_eq!(x.bytes, y.bytes, "{}", x.name);
    }
    let c = phi_corpus::corpus(phi_corpus::HELD_OUT_SEED, 9);
    assert_ne!(a.docs[0].bytes, c.docs[0].bytes);
}

/// `qcp bundle check` (JSON) on examples/eligible-new.yaml with documents in the first slots.
fn bundle_json(docs: &[(&str, &[u8])]) -> serde_json::Value {
    let slots = ["1.1.1", "1.1.2", "1.1.3", "1.2", "1.3"];
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = std::fs::read_to_string(repo.join("examples/eligible-new.yaml")).unwrap();
    let mut section = String::from("documents:\n  phi_attestation: true\n  elements:\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pool")).unwrap();
    for ((name, bytes), slot) in docs.iter().zip(slots) {
        std::fs::write(dir.path().join("pool").join(name), bytes).unwrap();
        section.push_str(&format!("    \"{slot}\":\n      - path: pool/{name}\n"));
    }
    std::fs::write(dir.path().join("app.yaml"), format!("{app}\n{section}")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
        .args([
            "bundle",
            "check",
            ".",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn findings_with_code(v: &serde_json::Value, code: &str) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .filter(|f| f["code"] == code)
        .map(|f| f["message"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn the_practice_own_identifiers_are_not_phi_in_bundle_check() {
    // examples/eligible-new.yaml: contact Dana Whitfield (+1 217 555 0140,
    // quality@meadowfield.example), physicians with NPIs, site 400 Orchard Avenue.
    let policy = "\
Policy owner: Dana Whitfield
Name: Dana Whitfield
Phone: (217) 555-0140
Questions: quality@meadowfield.example or aruiz@meadowfield.example
Location: 400 Orchard Avenue, Springfield
Ordering physician NPI 1456789027; Mrs. Vogel reviewed this policy.
Cell: (217) 555-0148
";
    let v = bundle_json(&[("policy.txt", policy.as_bytes())]);
    let phi = findings_with_code(&v, "phi-suspected");
    assert_eq!(phi.len(), 1, "{phi:?}");
    assert!(
        phi[0].contains("line 7") && phi[0].contains("phone number"),
        "{phi:?}"
    );
}

#[test]
fn unscreened_pages_and_the_findings_budget_reach_bundle_check() {
    let text = b"BT /F1 10 Tf 72 720 Td (Policy text) Tj ET".to_vec();
    let scan = b"q 612 0 0 792 0 0 cm /Im1 Do Q".to_vec();
    let pdf = raw_pdf(&[text, scan], HELVETICA);
    let many = "DOB: 03/14/1962\n".repeat(30);
    let v = bundle_json(&[("scan.pdf", &pdf), ("log.txt", many.as_bytes())]);
    let not = findings_with_code(&v, "document-not-screened");
    assert!(
        not.iter().any(|m| m.contains("page 2 has no text layer")),
        "{not:?}"
    );
    let phi = findings_with_code(&v, "phi-suspected");
    assert_eq!(phi.len(), 26, "{phi:?}");
    assert!(
        phi.iter()
            .any(|m| m.contains("5 more possible identifier(s) not listed")),
        "{phi:?}"
    );
    let sev: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "document-not-screened")
        .map(|f| f["severity"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sev, ["warning"]);
}

// --- hostile text never panics the screen or the lexers (issue 11 part 6) ---

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn screen_never_panics_on_any_text(s in "\\PC{0,300}") {
            let (rules, _) = setup();
            let _ = docscan::screen(&txt_units(&s), &rules);
        }

        #[test]
        fn screen_never_panics_on_label_soup(
            s in "((DOB|MRN|Patient|Pt|Name|Mrs\\.|I,|SSN|Cell|Member ID|S/N|age|aged|Date|on|seen)[:#]? ?|[0-9]{1,5}|[-/.|\t '’,]|é|[A-Z][a-z]{0,6}|@|example\\.com|\n){0,60}"
        ) {
            let (rules, _) = setup();
            let known = docscan::KnownIdentifiers {
                names: vec!["Ana Ruiz".into()],
                phones: vec!["217 555 0140".into()],
                emails: vec!["x@example.com".into()],
                addresses: vec!["12 Oak Street".into()],
                numbers: vec!["1234567893".into()],
            };
            let hits = docscan::screen_with(&txt_units(&s), &rules, &known);
            for h in &hits {
                prop_assert!(h.column >= 1);
            }
        }

        #[test]
        fn pdf_and_docx_readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let (_, limits) = setup();
            let mut pdf = b"%PDF-1.4\n".to_vec();
            pdf.extend_from_slice(&bytes);
            let _ = docscan::extract_text(DocKind::Pdf, &pdf, &limits);
            let docx = common::zip(&[("word/document.xml", &bytes), ("word/header1.xml", &bytes)]);
            let _ = docscan::extract_text(DocKind::Docx, &docx, &limits);
        }

        #[test]
        fn content_streams_never_panic(body in "(BT|ET|Tj|TJ|Td|Tm|Tf|q|Q|cm|BI|ID|EI|Do|/F1|\\(|\\)|\\[|\\]|<<|>>|<|>|[0-9.-]{1,4}|\\\\[0-7nrt(]| |\n|%){0,200}") {
            let (_, limits) = setup();
            let bytes = raw_pdf(&[body.into_bytes()], HELVETICA);
            let _ = docscan::extract_text(DocKind::Pdf, &bytes, &limits);
        }
    }
}
