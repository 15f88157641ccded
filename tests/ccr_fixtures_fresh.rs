//! The committed rust_xlsxwriter fixtures must be exactly what tests/support/fixtures.rs
//! builds (regenerate with `cargo run --example make_ccr_fixtures`).
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used
)]

#[path = "ccr_xlsx_support/fixtures.rs"]
mod fixtures;

#[test]
fn committed_generated_fixtures_match_the_maker() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ccr-xlsx/generated");
    for (name, bytes) in fixtures::all() {
        let committed = std::fs::read(dir.join(name)).unwrap();
        assert!(
            committed == bytes,
            "{name} is stale: run cargo run --example make_ccr_fixtures"
        );
    }
}
