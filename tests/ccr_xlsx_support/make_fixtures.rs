//! Writes the rust_xlsxwriter-made fixtures into tests/fixtures/ccr-xlsx/generated/.
//! Run: `cargo run --example make_ccr_fixtures` (the LibreOffice ones come from
//! tests/fixtures/ccr-xlsx/make-libreoffice-fixtures.sh).
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::print_stdout
)]

#[path = "fixtures.rs"]
mod fixtures;

fn main() -> std::io::Result<()> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ccr-xlsx/generated");
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in fixtures::all() {
        std::fs::write(dir.join(name), &bytes)?;
        println!("wrote {name} ({} bytes)", bytes.len());
    }
    Ok(())
}
