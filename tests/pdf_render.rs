#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::unwrap_used,
    clippy::disallowed_macros
)]
//! PDFs tested as a reader gets them (STYLE.md "Tests"): `qpdf --check` for validity,
//! `pdftotext -layout` for content and reading order, `pdfinfo` for page size and count.
//!
//! Needs `qpdf` and `poppler-utils` (`apt-get install -y qpdf poppler-utils`). Without them the
//! tests print why and skip, except under `QCP_REQUIRE_TOOLS=1`, where a missing tool is a failure
//! (tests/common/tools.rs).

#[path = "pdf_common/mod.rs"]
mod common;
#[path = "common/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use qcp::pdf::{
    Align, BarChart, BarRow, Block, Column, Document, Fill, Meta, Paper, Row, Segment, Table,
    TextStyle, render,
};

fn have_tools() -> bool {
    tools::pdf_readers()
}

/// Writes `bytes` to a fresh file under the system temp dir and returns its path.
fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qcp-pdf-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn text(path: &Path, page: Option<usize>) -> String {
    let p = path.to_str().unwrap();
    match page {
        Some(n) => {
            let n = n.to_string();
            run("pdftotext", &["-layout", "-f", &n, "-l", &n, p, "-"])
        }
        None => run("pdftotext", &["-layout", p, "-"]),
    }
}

fn qpdf_ok(path: &Path) {
    let out = run("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
}

fn pdfinfo(path: &Path) -> String {
    run("pdfinfo", &[path.to_str().unwrap()])
}

fn page_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Asserts `needles` occur in `hay` in this order.
fn in_order(hay: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        let Some(at) = hay[from..].find(n) else {
            panic!("{n:?} missing or out of order after byte {from} in:\n{hay}");
        };
        from += at + n.len();
    }
}

fn small_document() -> Document {
    Document {
        meta: Meta::new("Small report", "Example Oncology · as of 2025-01-31"),
        blocks: vec![
            Block::Title("Small report".into()),
            Block::KeyValues(vec![
                ("Practice".into(), "Example Oncology".into()),
                ("As of".into(), "2025-01-31".into()),
            ]),
            Block::Heading {
                level: 1,
                text: "First heading".into(),
            },
            Block::Paragraph {
                text: "Alpha paragraph text that is plain.".into(),
                style: TextStyle::Normal,
            },
            Block::Table(Table {
                columns: vec![
                    Column::new("Code", 1.0, Align::Left),
                    Column::new("Name", 2.0, Align::Left),
                    Column::new("Count", 1.0, Align::Right),
                ],
                rows: vec![
                    Row::new(["c-one", "first name", "11"]),
                    Row::new(["c-two", "second name", "22"]),
                    Row::new(["Total", "", "33"]).bold(),
                ],
            }),
            Block::Heading {
                level: 2,
                text: "Second heading".into(),
            },
            Block::Bars(BarChart {
                rows: vec![BarRow {
                    label: "bar-one".into(),
                    segments: vec![
                        Segment {
                            value: 30,
                            fill: Fill::Good,
                        },
                        Segment {
                            value: 10,
                            fill: Fill::Bad,
                        },
                    ],
                }],
                legend: vec![
                    (Fill::Good, "legend-good".into()),
                    (Fill::Bad, "legend-bad".into()),
                ],
            }),
            Block::Paragraph {
                text: "Closing small print.".into(),
                style: TextStyle::Small,
            },
        ],
    }
}

#[test]
fn small_document_is_valid_and_reads_in_order() {
    if !have_tools() {
        return;
    }
    let out = render(&small_document(), Paper::Letter).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let path = write("small.pdf", &out.bytes);
    qpdf_ok(&path);
    let t = text(&path, None);
    in_order(
        &t,
        &[
            "Small report",
            "Practice",
            "Example Oncology",
            "As of",
            "2025-01-31",
            "First heading",
            "Alpha paragraph text that is plain.",
            "Code",
            "Name",
            "Count",
            "c-one",
            "first name",
            "11",
            "c-two",
            "second name",
            "22",
            "Total",
            "33",
            "Second heading",
            "bar-one",
            "30",
            "10",
            "40",
            "legend-good",
            "legend-bad",
            "Closing small print.",
            "page 1 of 1",
        ],
    );
    // Cells of a row share one line, in column order.
    assert!(
        t.lines().any(|l| l.contains("c-one")
            && l.contains("first name")
            && l.trim_end().ends_with("11"))
    );
}

#[test]
fn non_ascii_names_round_trip() {
    if !have_tools() {
        return;
    }
    let mut doc = small_document();
    for name in common::NAMES {
        doc.blocks.push(Block::Paragraph {
            text: (*name).to_owned(),
            style: TextStyle::Normal,
        });
    }
    doc.blocks.push(Block::Table(Table {
        columns: vec![Column::new("Ελλάδα", 1.0, Align::Left)],
        rows: vec![Row::new(["Łódź – “quoted” € 5 — Ærø"])],
    }));
    let out = render(&doc, Paper::Letter).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let path = write("names.pdf", &out.bytes);
    qpdf_ok(&path);
    let t = text(&path, None);
    for name in common::NAMES {
        assert!(t.contains(name), "{name} not extracted:\n{t}");
    }
    assert!(t.contains("Łódź – “quoted” € 5 — Ærø"), "{t}");
}

#[test]
fn missing_glyphs_are_visible_and_reported() {
    if !have_tools() {
        return;
    }
    let doc = Document {
        meta: Meta::new("x", ""),
        blocks: vec![Block::Paragraph {
            text: "chart 📈 and 中文".into(),
            style: TextStyle::Normal,
        }],
    };
    let out = render(&doc, Paper::Letter).unwrap();
    assert_eq!(out.warnings.len(), 3, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("U+1F4C8"), "{:?}", out.warnings);
    let path = write("missing.pdf", &out.bytes);
    qpdf_ok(&path);
    let t = text(&path, None);
    assert!(t.contains("chart \u{FFFD} and \u{FFFD}\u{FFFD}"), "{t}");
    assert!(!t.contains('?'), "{t}");
}

#[test]
fn forty_sections_paginate_with_headers_footers_and_every_row() {
    if !have_tools() {
        return;
    }
    let out = render(&common::big_document(), Paper::Letter).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let path = write("big.pdf", &out.bytes);
    qpdf_ok(&path);
    let info = pdfinfo(&path);
    let pages = page_count(&info);
    assert_eq!(pages, out.pages);
    assert!(pages >= 10, "only {pages} pages");
    assert!(info.contains("612 x 792 pts"), "{info}");

    let mut seen = vec![vec![0usize; common::ROWS + 1]; common::SECTIONS + 1];
    let mut pages_with_continued_table = 0;
    for n in 1..=pages {
        let t = text(&path, Some(n));
        // Footer: exactly one "page N of M" and it is this page's.
        let footer = format!("page {n} of {pages}");
        assert_eq!(t.matches("page ").count(), 1, "page {n}:\n{t}");
        assert!(t.contains(&footer), "page {n} lacks {footer:?}");
        assert!(
            t.contains("Clínica São José · as of 2025-01-31"),
            "page {n}"
        );
        // Every page with table rows shows the header row above its first row.
        let mut sections_here = std::collections::BTreeSet::new();
        let mut header_at = None;
        for (i, line) in t.lines().enumerate() {
            if line.contains("Requirement and evidence") && header_at.is_none() {
                header_at = Some(i);
            }
            let Some(start) = line.trim_start().strip_prefix('S') else {
                continue;
            };
            let id: String = start.chars().take_while(|c| *c != ' ').collect();
            let Some((s, r)) = id.split_once("-R") else {
                continue;
            };
            let (Ok(s), Ok(r)) = (s.parse::<usize>(), r.parse::<usize>()) else {
                continue;
            };
            seen[s][r] += 1;
            assert!(
                header_at.is_some_and(|h| h < i),
                "page {n}: row {id} before any header:\n{t}"
            );
            sections_here.insert(s);
        }
        let headers = t.matches("Requirement and evidence").count();
        assert_eq!(
            headers,
            sections_here.len(),
            "page {n}: header count vs tables:\n{t}"
        );
        // A table whose first row is not on this page but whose rows are continues from before.
        if sections_here
            .iter()
            .any(|s| !t.contains(&format!("S{s}-R1 ")))
        {
            pages_with_continued_table += 1;
        }
    }
    for (s, rows) in seen.iter().enumerate().skip(1) {
        for (r, count) in rows.iter().enumerate().skip(1) {
            assert_eq!(*count, 1, "row S{s}-R{r} seen {count} times");
        }
    }
    assert!(
        pages_with_continued_table > 0,
        "no table spanned a page break; fixture too small"
    );
}

#[test]
fn output_is_byte_identical_across_renders_in_one_process() {
    let doc = common::big_document();
    let a = render(&doc, Paper::Letter).unwrap();
    // Unrelated printpdf work bumps its global id counters in between.
    for _ in 0..5 {
        let _ = printpdf::FontId::new();
    }
    let _other = render(&small_document(), Paper::A4).unwrap();
    let b = render(&doc, Paper::Letter).unwrap();
    assert!(a.bytes == b.bytes, "two renders differ");
    // ...and the /ID follows the content.
    let c = render(&small_document(), Paper::Letter).unwrap();
    let id = |bytes: &[u8]| {
        let s = String::from_utf8_lossy(bytes);
        let at = s.rfind("/ID").unwrap();
        s[at..at + 80].to_owned()
    };
    assert_ne!(id(&a.bytes), id(&c.bytes));
}

#[test]
fn a4_page_size_and_dates() {
    if !have_tools() {
        return;
    }
    let out = render(&common::big_document(), Paper::A4).unwrap();
    let path = write("a4.pdf", &out.bytes);
    qpdf_ok(&path);
    let info = pdfinfo(&path);
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    assert!(
        info.contains("CreationDate:    Fri Jan 31 00:00:00 2025 UTC"),
        "{info}"
    );
    assert!(!info.contains("PDF/X"), "must not claim PDF/X:\n{info}");

    let mut doc = small_document();
    doc.meta.date = None;
    let path = write("nodate.pdf", &render(&doc, Paper::Letter).unwrap().bytes);
    let info = pdfinfo(&path);
    // No date given, no date written: never an invented 1970-01-01.
    assert!(
        !info.contains("CreationDate") && !info.contains("ModDate"),
        "{info}"
    );
    assert!(!info.contains("1970"), "{info}");
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
}
