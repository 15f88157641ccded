#![allow(clippy::expect_used, missing_docs)]
//! Golden reports: every example in examples/ is evaluated at a fixed date and compared with its
//! snapshot, so no example rots. Review changes with `cargo insta review`.

use qcp::model::load;
use qcp::render::{self, Style};
use qcp::rules::RuleEdition;

const AS_OF: &str = "2026-11-22";

#[test]
fn every_example_matches_its_golden_report() {
    let rules = RuleEdition::embedded().expect("rules");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "at least six examples");
    for path in names {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let rel = format!("examples/{name}.yaml");
        let text = std::fs::read_to_string(&path).expect("read");
        let src = qcp::source::SourceFile::new(&rel, text);
        let app = load::parse(&src).expect("example loads");
        let as_of = AS_OF.parse().expect("date");
        let validate = qcp::report::validate(&src, &app, &rules, as_of);
        assert_eq!(
            validate.summary.errors, 0,
            "{rel} must be a consistent file"
        );
        let report = qcp::report::eligibility(&src, &app, &rules, as_of);
        let human = render::human(
            &report,
            Some(&src),
            Style {
                color: false,
                width: 120,
            },
        );
        let json = render::json(&report).expect("json");
        insta::assert_snapshot!(
            format!("eligibility-{name}"),
            format!("{human}\n---- json\n{json}")
        );
    }
}

#[test]
fn findings_page_is_generated_from_the_code_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/findings.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == render::findings_markdown(),
        "docs/findings.md is stale: run `cargo run -- explain --all --markdown > docs/findings.md`"
    );
}
