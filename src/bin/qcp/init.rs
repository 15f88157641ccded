//! `qcp init`: a commented starter application, written atomically.

use std::path::Path;

use anyhow::{Result, bail};

use crate::io::write_atomic;

/// The starter file. `{NAME}` and `{COUNTRY}` are substituted; everything else is a comment or
/// an example the user edits. It must itself load (a test checks it).
const TEMPLATE: &str = include_str!("template.yaml");

/// Quotes `s` as a YAML double-quoted scalar.
fn yaml_quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            c if c.is_control() => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

pub(crate) fn render(practice: &str, country: &str) -> Result<String> {
    let country = country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        bail!("--country `{country}` is not a two-letter ISO 3166-1 code (e.g. US, BR, ES)");
    }
    if practice.trim().is_empty() {
        bail!("--practice must name the practice");
    }
    Ok(TEMPLATE
        .replace("{NAME}", &yaml_quote(practice.trim()))
        .replace("{COUNTRY}", &country))
}

pub(crate) fn run(file: &Path, practice: &str, country: &str, force: bool) -> Result<()> {
    let text = render(practice, country)?;
    write_atomic(file, text.as_bytes(), force)
}
