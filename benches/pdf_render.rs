//! Not a timed test: renders the 40-section fixture N times and prints ms per render.
//! Run with `cargo bench --bench pdf_render` (release profile). Optional first argument: N.
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::print_stdout,
    clippy::disallowed_macros,
    clippy::unwrap_used
)]

#[path = "../tests/pdf_common/mod.rs"]
mod common;

use std::time::Instant;

use qcp::pdf::{Paper, layout, render};

fn main() {
    let n: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let doc = common::big_document();
    // Warm-up: parses the embedded fonts once per process.
    let first = render(&doc, Paper::Letter).expect("render");
    let start = Instant::now();
    for _ in 0..n {
        let _ = layout(&doc, Paper::Letter).expect("layout");
    }
    let layout_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    let start = Instant::now();
    for _ in 0..n {
        let out = render(&doc, Paper::Letter).expect("render");
        assert_eq!(out.bytes.len(), first.bytes.len());
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!(
        "40-section document: {} pages, {} bytes; layout {layout_ms:.1} ms, full render {ms:.1} ms per render (n = {n})",
        first.pages,
        first.bytes.len()
    );
}
