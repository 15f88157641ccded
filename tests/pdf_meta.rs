#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]
//! What a PDF says about itself (issue 14, part 5): no invented dates (`SOURCE_DATE_EPOCH` and
//! `--timestamp` are the only sources), `/Lang`, Title / Subject / Producer and XMP metadata,
//! and fonts subset to the glyphs a document draws. The catalog is read with lopdf; qpdf and
//! poppler check the file as a reader gets it when installed (tests/common/tools.rs).

mod common;
#[path = "common/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;

use common::Test;

const AS_OF: &str = "2026-12-20";

/// `qcp application render` of the complete example, with extra environment.
fn render(env: &[(&str, &str)], extra: &[&str]) -> (Vec<u8>, std::path::PathBuf) {
    let mut t = Test::new().example("application-complete.yaml");
    for (k, v) in env {
        t = t.env(k, v);
    }
    let mut args = vec![
        "application",
        "render",
        "application-complete.yaml",
        "--pdf",
        "app.pdf",
        "--as-of",
        AS_OF,
    ];
    args.extend_from_slice(extra);
    let o = t.args(&args).run();
    let path = o.dir.join("app.pdf");
    let bytes = std::fs::read(&path).unwrap();
    // Keep the folder: copy the PDF somewhere that outlives `o`.
    // One name per call: tests run in parallel and may render PDFs of the same size.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let keep = std::env::temp_dir().join(format!("qcp-pdf-meta-{}-{n}.pdf", std::process::id()));
    std::fs::write(&keep, &bytes).unwrap();
    (bytes, keep)
}

fn info_string(doc: &lopdf::Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let dict = doc.get_object(info).ok()?.as_dict().ok()?;
    match dict.get(key).ok()? {
        lopdf::Object::String(s, _) => Some(
            lopdf::decode_text_string(&lopdf::Object::String(
                s.clone(),
                lopdf::StringFormat::Literal,
            ))
            .unwrap_or_else(|_| String::from_utf8_lossy(s).into_owned()),
        ),
        _ => None,
    }
}

fn catalog(doc: &lopdf::Document) -> &lopdf::Dictionary {
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_object(root).unwrap().as_dict().unwrap()
}

fn run(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn no_invented_dates_and_source_date_epoch_is_honoured() {
    let (bytes, _) = render(&[], &[]);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(info_string(&doc, b"CreationDate"), None);
    assert_eq!(info_string(&doc, b"ModDate"), None);
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("1970"), "a 1970 date is in the file");
    assert!(
        !text.contains("xmp:CreateDate"),
        "XMP must not carry a date either"
    );

    // SOURCE_DATE_EPOCH=1800000000 is 2027-01-15T08:00:00Z.
    let (bytes, _) = render(&[("SOURCE_DATE_EPOCH", "1800000000")], &[]);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let created = info_string(&doc, b"CreationDate").unwrap();
    assert!(created.starts_with("D:20270115"), "{created}");
    assert!(String::from_utf8_lossy(&bytes).contains("<xmp:CreateDate>2027-01-15"));

    // A bad value is an error, not a silent fallback to the clock or to no date.
    Test::new()
        .example("application-complete.yaml")
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(&[
            "application",
            "render",
            "application-complete.yaml",
            "--pdf",
            "x.pdf",
        ])
        .status(2)
        .stderr_has("SOURCE_DATE_EPOCH")
        .run();
}

#[test]
fn lang_title_producer_and_xmp_metadata() {
    let (bytes, _) = render(&[], &[]);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let cat = catalog(&doc);
    assert_eq!(
        cat.get(b"Lang").unwrap().as_str().unwrap(),
        b"en-US",
        "screen readers need the document language"
    );
    let prefs = cat.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert_eq!(
        info_string(&doc, b"Title").as_deref(),
        Some("QCP application — Meadowfield Oncology")
    );
    assert_eq!(
        info_string(&doc, b"Subject").as_deref(),
        Some("QOPI Certification Program application")
    );
    assert_eq!(
        info_string(&doc, b"Producer"),
        Some(format!("qcp {}", env!("CARGO_PKG_VERSION")))
    );
    let md = cat.get(b"Metadata").unwrap().as_reference().unwrap();
    let lopdf::Object::Stream(xmp) = doc.get_object(md).unwrap() else {
        panic!("metadata is not a stream");
    };
    let xml = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(
        xml.contains(
            "<rdf:li xml:lang=\"x-default\">QCP application — Meadowfield Oncology</rdf:li>"
        ),
        "{xml}"
    );
    assert!(xml.contains("<rdf:li>en-US</rdf:li>"), "{xml}");
    assert!(xml.contains("<pdf:Producer>qcp "), "{xml}");
}

#[test]
fn fonts_are_subset_so_a_two_page_application_is_small() {
    let (bytes, path) = render(&[], &[]);
    // Was 146 KB with both faces embedded whole (~125 KB each before compression).
    assert!(bytes.len() < 48 * 1024, "{} bytes", bytes.len());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut names = Vec::new();
    for object in doc.objects.values() {
        if let Ok(d) = object.as_dict()
            && let Ok(lopdf::Object::Name(n)) = d.get(b"FontName")
        {
            names.push(String::from_utf8_lossy(n).into_owned());
        }
    }
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    for n in &names {
        // ISO 32000-1 §9.6.4: a subset font's name has a six-capital-letter tag.
        let (tag, base) = n.split_once('+').unwrap();
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "{n}"
        );
        assert!(base.starts_with("QcpSans"), "{n}");
    }
    // The same input gives the same bytes (the tag is derived from the glyphs, not random).
    assert_eq!(render(&[], &[]).0, bytes);

    if !tools::pdf_readers() {
        return;
    }
    let p = path.to_str().unwrap();
    assert!(run("qpdf", &["--check", p]).contains("No syntax or stream encoding errors"));
    let text = run("pdftotext", &["-layout", p, "-"]);
    for s in [
        "QCP application — Meadowfield Oncology",
        "Overall Quality Score",
        "86.25 %",
        "Dr. Priya Natarajan",
        "page 2 of 2",
    ] {
        assert!(text.contains(s), "pdftotext lacks {s:?}:\n{text}");
    }
    let info = run("pdfinfo", &[p]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(!info.contains("1970"), "{info}");
    let fonts = run("pdffonts", &[p]);
    assert_eq!(
        fonts
            .lines()
            .filter(|l| l.contains(" yes yes yes "))
            .count(),
        2,
        "{fonts}"
    );
    let _ = std::fs::remove_file(Path::new(p));
}

#[test]
fn tagged_structure_gives_headings_tables_and_reading_order() {
    let (bytes, path) = render(&[], &[]);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let cat = catalog(&doc);
    let mark = cat.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(cat.get(b"StructTreeRoot").is_ok(), "no structure tree");

    if !tools::pdf_readers() {
        return;
    }
    let p = path.to_str().unwrap();
    assert!(run("pdfinfo", &[p]).contains("Tagged:          yes"));
    // poppler's view of the tree: element types with the text under each, in reading order.
    let tree = run("pdfinfo", &["-struct-text", p]);
    let at = |needle: &str| {
        tree.find(needle)
            .unwrap_or_else(|| panic!("structure lacks {needle:?}:\n{tree}"))
    };
    assert!(tree.starts_with("Document"), "{tree}");
    assert!(
        at("H1 (block)\n    \"QCP application — Meadowfield Oncology\"")
            < at("H2 (block)\n    \"Practice\"")
    );
    assert!(at("\"Practice\"") < at("\"Eligibility\""));
    assert!(at("\"Eligibility\"") < at("\"Questionnaire\""));
    // A key/value list is a table whose keys head their rows; a table's header heads columns.
    assert!(
        tree.contains("TH:\n         /Scope /Row\n        \"Practice\""),
        "{tree}"
    );
    assert!(
        tree.contains("TH:\n         /Scope /Column\n        \"Site\""),
        "{tree}"
    );
    assert!(
        tree.contains("TD\n        \"Dr. Priya Natarajan\""),
        "{tree}"
    );
    // Running headers and footers are artifacts: a screen reader does not read them.
    assert!(!tree.contains("page 1 of 2"), "{tree}");
    assert!(
        !tree.contains("application as of 2026-12-20 · rules"),
        "{tree}"
    );
}
