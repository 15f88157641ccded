#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]
//! The JSON Schema `qcp schema` prints refuses what qcp refuses and accepts what it accepts,
//! checked with an independent validator (check-jsonschema, `pip install check-jsonschema`;
//! skipped with a message when missing, a failure under `QCP_REQUIRE_TOOLS=1`).

mod common;
#[path = "common/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Test, repo};

/// A small valid file touching each constrained kind: version, decimal, percentage, date.
const BASE: &str = "format_version: 1
practice:
  name: Demo Oncology
  country: US
  clinicians:
    - {name: A, weekly_hours: 40}
rounds:
  - id: QOPI-2026-R1
    overall_score: 86.25
    unique_charts: 60
    qcp_track: true
    final_report: 2026-03-14
";

/// Each broken value of issue 14 (find, replace, what it is).
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "overall_score: 86.25",
        "overall_score: 150",
        "a score above 100",
    ),
    (
        "overall_score: 86.25",
        "overall_score: -5",
        "a negative score",
    ),
    (
        "overall_score: 86.25",
        "overall_score: \"high\"",
        "a score in words",
    ),
    (
        "overall_score: 86.25",
        "overall_score: true",
        "a boolean score",
    ),
    (
        "overall_score: 86.25",
        "overall_score: 0.86",
        "a fraction-looking score",
    ),
    (
        "final_report: 2026-03-14",
        "final_report: 2026-02-30",
        "an impossible date",
    ),
    (
        "final_report: 2026-03-14",
        "final_report: 03/14/2026",
        "a US-style date",
    ),
    ("weekly_hours: 40", "weekly_hours: -20", "negative hours"),
    (
        "unique_charts: 60",
        "unique_charts: 60.5",
        "a fractional count",
    ),
    (
        "format_version: 1",
        "format_version: 99",
        "an unknown format version",
    ),
];

/// Near misses: forms qcp accepts, which the schema must accept too.
const GOOD: &[(&str, &str)] = &[
    ("overall_score: 86.25", "overall_score: 74.99"),
    ("overall_score: 86.25", "overall_score: \"86.25%\""),
    ("overall_score: 86.25", "overall_score: 100"),
    ("overall_score: 86.25", "overall_score: 0"),
    ("final_report: 2026-03-14", "final_report: 2028-02-29"),
    ("weekly_hours: 40", "weekly_hours: 12.5"),
];

fn schema_file(dir: &Path) -> PathBuf {
    let o = Test::new().args(&["schema"]).run();
    let printed: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    // The binary prints the library's schema, nothing else.
    assert_eq!(printed, qcp::model::schema::application_schema());
    let path = dir.join("schema.json");
    std::fs::write(&path, &o.stdout).unwrap();
    path
}

fn check(schema: &Path, files: &[PathBuf]) -> bool {
    Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(schema)
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("check-jsonschema runs")
        .success()
}

fn qcp_validate(yaml: &str) -> i32 {
    Test::new()
        .file("app.yaml", yaml)
        .args(&["validate", "app.yaml", "--as-of", "2026-11-22"])
        .status(if yaml == BASE { 0 } else { 2 })
        .run()
        .status
}

#[test]
fn qcp_refuses_every_broken_value_and_accepts_the_near_misses() {
    // The schema below is measured against this: what qcp itself does with each value.
    assert_eq!(qcp_validate(BASE), 0);
    for (from, to, what) in BROKEN {
        assert_eq!(qcp_validate(&BASE.replace(from, to)), 2, "{what}");
    }
    for (from, to) in GOOD {
        let yaml = BASE.replace(from, to);
        let o = Test::new()
            .file("app.yaml", &yaml)
            .args(&["validate", "app.yaml", "--as-of", "2026-11-22"])
            .run();
        assert_eq!(o.status, 0, "{to}");
    }
}

#[test]
fn check_jsonschema_rejects_each_broken_value_and_accepts_every_example() {
    if !tools::check_jsonschema() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let schema = schema_file(dir.path());

    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    assert!(check(&schema, &[write("base.yaml", BASE)]), "the base file");
    for (i, (from, to)) in GOOD.iter().enumerate() {
        let p = write(&format!("good-{i}.yaml"), &BASE.replace(from, to));
        assert!(
            check(&schema, &[p]),
            "the schema refuses `{to}`, which qcp accepts"
        );
    }
    for (i, (from, to, what)) in BROKEN.iter().enumerate() {
        let p = write(&format!("broken-{i}.yaml"), &BASE.replace(from, to));
        assert!(!check(&schema, &[p]), "the schema accepts {what} (`{to}`)");
    }

    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 5);
    for e in &examples {
        assert!(check(&schema, std::slice::from_ref(e)), "{}", e.display());
    }
    // The starter file `qcp init` writes is valid too.
    let init = Test::new()
        .args(&["init", "new.yaml", "--practice", "Demo", "--country", "US"])
        .run();
    assert!(
        check(&schema, &[init.dir.join("new.yaml")]),
        "qcp init's file"
    );
}

/// The top-level sections of the format, from the schema.
fn sections() -> Vec<String> {
    let v = qcp::model::schema::application_schema();
    v["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// The starter with every commented-out section block (`# key:` at the margin up to the next
/// blank line) uncommented.
fn uncommented(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        let top = line
            .strip_prefix("# ")
            .is_some_and(|l| sections().iter().any(|s| l.starts_with(&format!("{s}:"))));
        if top {
            inside = true;
        } else if line.trim().is_empty() {
            inside = false;
        }
        if inside {
            out.push_str(line.strip_prefix("# ").unwrap_or(line));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[test]
fn init_writes_every_section_and_the_schema_line() {
    let o = Test::new()
        .args(&["init", "new.yaml", "--practice", "Demo", "--country", "US"])
        .run();
    let text = std::fs::read_to_string(o.dir.join("new.yaml")).unwrap();
    assert_eq!(
        text.lines().next(),
        Some(
            format!(
                "# yaml-language-server: $schema=./{}",
                qcp::model::schema::SCHEMA_FILE_NAME
            )
            .as_str()
        )
    );
    for s in sections() {
        let written = text
            .lines()
            .any(|l| l.starts_with(&format!("{s}:")) || l.starts_with(&format!("# {s}:")));
        assert!(written, "qcp init leaves out `{s}`");
    }
    // As written it is clean...
    Test::new()
        .file("new.yaml", &text)
        .args(&["validate", "new.yaml", "--as-of", "2026-11-22"])
        .run();
    // ...and every commented-out section is a loadable example once uncommented: findings
    // (exit 1) are fine, an unusable file (exit 2) is not.
    let all = uncommented(&text);
    assert!(
        all.contains("\ndecision:\n") && all.contains("\nccr:\n"),
        "{all}"
    );
    let o = Test::new()
        .file("all.yaml", &all)
        .args(&["validate", "all.yaml", "--as-of", "2026-11-22"])
        .status(1)
        .run();
    assert!(!o.stderr.contains("error[invalid"), "{}", o.stderr);
}
