//! Per-document cost of sniff + extract + screen on ~30 KB policy-sized TXT, PDF and DOCX (a
//! bare package, and a Word-shaped one, `word`).
//! Run: `cargo bench --bench docscan` (release profile). Prints µs per document.
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::print_stdout
)]

#[path = "../tests/docscan_common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

use qcp::docscan::{self, Extracted};

fn main() {
    let (rules, limits) = docscan::rules::parse(docscan::rules::DEFAULT_TOML).unwrap();
    let mut prose = common::policy_text(30_000);
    // A little PHI so the hit path is exercised too.
    prose.insert(
        100,
        "Patient: Maria Gonzalez DOB: 03/14/1962 MRN: 00482913".into(),
    );
    let txt = prose.join("\n").into_bytes();
    let pages: Vec<Vec<String>> = prose.chunks(45).map(<[String]>::to_vec).collect();
    let pdf = common::pdf(
        &pages,
        &common::PdfOptions {
            compress: true,
            td_lines: true,
            encrypted: false,
        },
    );
    let docx = common::docx(&prose);
    // The same text as Word writes it (styles, theme, logo, rsids...: docs/bundle-check.md).
    let word = common::phi_corpus::word_docx(&prose);
    println!(
        "fixture sizes: txt {} B, pdf {} B ({} pages), docx {} B (bare), {} B (Word-shaped)",
        txt.len(),
        pdf.len(),
        pages.len(),
        docx.len(),
        word.len()
    );

    for (name, bytes, file) in [
        ("txt", &txt, "p.txt"),
        ("pdf", &pdf, "p.pdf"),
        ("docx", &docx, "p.docx"),
        ("word", &word, "w.docx"),
    ] {
        let run = || {
            let s = docscan::sniff(bytes, file);
            let kind = s.actual.unwrap();
            let t0 = Instant::now();
            let Extracted::Text(units) = docscan::extract_text(kind, bytes, &limits).unwrap()
            else {
                panic!()
            };
            let t1 = Instant::now();
            let hits = docscan::screen(&units, &rules);
            let t2 = Instant::now();
            assert_eq!(hits.len(), 3, "{name}");
            black_box((s, hits));
            (t1 - t0, t2 - t1)
        };
        for _ in 0..5 {
            run();
        }
        let n = 200;
        let mut sniff_ns = 0u128;
        let (mut ex, mut sc) = (0u128, 0u128);
        for _ in 0..n {
            let t = Instant::now();
            black_box(docscan::sniff(black_box(bytes), file));
            sniff_ns += t.elapsed().as_nanos();
            let (e, s) = run();
            ex += e.as_nanos();
            sc += s.as_nanos();
        }
        let us = |ns: u128| ns as f64 / f64::from(n) / 1000.0;
        println!(
            "{name:>4}: sniff {:8.1} µs  extract {:8.1} µs  screen {:8.1} µs  total {:8.1} µs",
            us(sniff_ns),
            us(ex),
            us(sc),
            us(sniff_ns + ex + sc)
        );
    }
}
