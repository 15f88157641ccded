//! Not a timed test: renders the 40-standard CCR (tests/ccr_common) N times and prints ms per
//! render; the target is under 50 ms. Run with `cargo bench --bench ccr_render [-- N]`.
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::print_stdout,
    clippy::disallowed_macros,
    clippy::unwrap_used
)]

#[path = "../tests/ccr_common/mod.rs"]
mod big;

use std::time::Instant;

use qcp::catalog::Catalog;
use qcp::ccr;
use qcp::model::load;
use qcp::pdf::{Paper, render};
use qcp::rules::RuleEdition;
use qcp::source::SourceFile;

fn main() {
    let n: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let src = SourceFile::new("big.yaml", big::big_ccr_yaml());
    let app = load::parse(&src).unwrap();
    let rules = RuleEdition::embedded().unwrap();
    let cat = Catalog::embedded().unwrap();
    let cal = ccr::embedded_calendar().unwrap();
    let as_of = "2026-11-22".parse().unwrap();
    let once = || {
        let s = ccr::summary(&src, &app, &rules, &cat, &cal, as_of).unwrap();
        let doc = qcp::render::report_pdf::ccr_document(&app, &s, &cat, None);
        render(&doc, Paper::Letter).unwrap()
    };
    let first = once(); // warm-up: parses the embedded fonts once per process
    let start = Instant::now();
    for _ in 0..n {
        assert_eq!(once().bytes.len(), first.bytes.len());
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!(
        "40-standard CCR: {} pages, {} bytes; summary + document + render {ms:.1} ms per render (n = {n})",
        first.pages,
        first.bytes.len()
    );
}
