#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::unwrap_used,
    clippy::disallowed_macros,
    clippy::print_stderr
)]
//! The Certification Compliance Report (docs/rules.md §7; seed S1's CCR pages with ISS-11 on 3.8 and
//! ISS-12 on 4.2): deadlines over the US federal calendar, one fixture per finding code with a
//! near miss, import from the ccr_xlsx fixtures, the action plan, and PDFs read back with
//! qpdf / pdftotext.

#[path = "ccr_common/mod.rs"]
mod big;
mod common;
#[path = "common/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;

use common::Test;
use qcp::catalog::Catalog;
use qcp::ccr::{self, DeadlineKind};
use qcp::model::load;
use qcp::rules::RuleEdition;
use qcp::source::SourceFile;
use qcp::units::Date;

const PRACTICE: &str = "practice:\n  name: Test Oncology\n  country: US\n  fte: 3\n";
const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ccr-xlsx");

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn summary_of(yaml: &str, as_of: &str) -> ccr::CcrSummary {
    let src = SourceFile::new("t.yaml", yaml);
    let app = load::parse(&src).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let rules = RuleEdition::embedded().unwrap();
    let cat = Catalog::embedded().unwrap();
    let cal = ccr::embedded_calendar().unwrap();
    ccr::summary(&src, &app, &rules, &cat, &cal, d(as_of)).unwrap()
}

fn codes(yaml: &str, as_of: &str) -> Vec<&'static str> {
    summary_of(yaml, as_of)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn due(s: &ccr::CcrSummary, k: DeadlineKind) -> &ccr::Deadline {
    s.deadlines.iter().find(|x| x.kind == k).unwrap()
}

/// A consistent CCR: 3.8 Partially Met with ISS-11, everything else Met.
fn base() -> String {
    format!(
        "{PRACTICE}ccr:\n  received: 2026-10-02\n  final: 2026-10-16\n  survey: {{date: 2026-08-25, mode: virtual}}\n  assessments:\n    - {{id: \"1.1\", assessment: met}}\n    - {{id: \"3.8\", assessment: partially_met}}\n  issues:\n    - {{id: ISS-11, standard: \"3.8\", severity: critical_partial_compliance, status: open, findings: f, requirement: r}}\n"
    )
}

// ------------------------------------------------------------------------------ deadlines

#[test]
fn deadlines_roll_over_weekends_and_federal_holidays() {
    // docs/rules.md §7 / S1: 10 calendar days after receipt, 120 after the final CCR, 30 for an
    // extension; a weekend or federal holiday moves the deadline to the next business day.
    let s = summary_of(&base(), "2026-10-05");
    // 2026-10-02 + 10 = Monday 2026-10-12, Columbus Day → Tuesday.
    let a = due(&s, DeadlineKind::ActionPlan);
    assert_eq!((a.nominal, a.due), (d("2026-10-12"), d("2026-10-13")));
    assert!(a.rolled_from.as_deref().unwrap().contains("Columbus Day"));
    assert_eq!(a.days_left, 8);
    // 2026-10-16 + 120 = Saturday 2027-02-13; Monday 2027-02-15 is Washington's Birthday.
    let e = due(&s, DeadlineKind::ImplementationEvidence);
    assert_eq!((e.nominal, e.due), (d("2027-02-13"), d("2027-02-16")));
    // 2026-10-02 + 30 = Sunday 2026-11-01 → Monday.
    let x = due(&s, DeadlineKind::ExtensionRequest);
    assert_eq!(x.due, d("2026-11-02"));
}

#[test]
fn deadline_boundaries_holiday_friday_and_plain_weekday() {
    let with = |received: &str| base().replace("2026-10-02", received);
    // Christmas Day 2026 is a Friday: 2026-12-15 + 10 → Monday 2026-12-28.
    let s = summary_of(&with("2026-12-15"), "2026-12-15");
    assert_eq!(due(&s, DeadlineKind::ActionPlan).due, d("2026-12-28"));
    // Saturday before the Labor Day Monday: 2026-08-26 + 10 = Sat 09-05 → Tue 09-08.
    let s = summary_of(
        &with("2026-08-26").replace("2026-08-25", "2026-08-20"),
        "2026-08-26",
    );
    assert_eq!(due(&s, DeadlineKind::ActionPlan).due, d("2026-09-08"));
    // Near miss: 2026-06-05 + 10 = Monday 2026-06-15, an ordinary business day: no move.
    let s = summary_of(
        &with("2026-06-05").replace("2026-08-25", "2026-05-20"),
        "2026-06-05",
    );
    let a = due(&s, DeadlineKind::ActionPlan);
    assert_eq!(
        (a.nominal, a.due, a.rolled_from.clone()),
        (d("2026-06-15"), d("2026-06-15"), None)
    );
}

#[test]
fn late_only_after_the_rolled_due_date() {
    // Due Tuesday 2026-10-13: on the day it is not late, the day after it is.
    let on = summary_of(&base(), "2026-10-13");
    assert!(!due(&on, DeadlineKind::ActionPlan).late);
    assert!(!codes(&base(), "2026-10-13").contains(&"ccr-action-plan-late"));
    let after = summary_of(&base(), "2026-10-14");
    let a = due(&after, DeadlineKind::ActionPlan);
    assert!(a.late && a.days_left == -1);
    let f = after
        .findings
        .iter()
        .find(|f| f.code == "ccr-action-plan-late")
        .unwrap();
    assert!(f.message.contains("2026-10-13"), "{}", f.message);
    assert_eq!(f.rule.as_deref(), Some("ccr.action_plan_days"));
}

// ------------------------------------------------------------------------------ codes

/// (code, yaml that fires it, as_of, near miss that must not fire it)
fn cases() -> Vec<(&'static str, String, &'static str, String)> {
    let b = base();
    vec![
        (
            "ccr-received-missing",
            b.replace("  received: 2026-10-02\n", ""),
            "2026-10-05",
            b.clone(),
        ),
        (
            "ccr-standard-unassessed",
            b.replace("{id: \"1.1\", assessment: met}", "{id: \"1.1\"}"),
            "2026-10-05",
            b.replace("{id: \"1.1\", assessment: met}", "{id: \"1.1.1\"}"),
        ),
        (
            "ccr-issue-missing",
            b.replace(
                "{id: \"1.1\", assessment: met}",
                "{id: \"1.1\", assessment: not_met}",
            ),
            "2026-10-05",
            b.clone(),
        ),
        (
            "ccr-issue-for-met-standard",
            b.replace(
                "{id: \"3.8\", assessment: partially_met}",
                "{id: \"3.8\", assessment: met}",
            ),
            "2026-10-05",
            b.clone(),
        ),
        (
            "ccr-issue-standard-not-assessed",
            format!("{b}    - {{id: ISS-12, standard: \"4.2\"}}\n"),
            "2026-10-05",
            format!("{b}    - {{id: ISS-12, standard: \"4.2\"}}\n").replace(
                "  issues:\n",
                "    - {id: \"4.2\", assessment: not_met}\n  issues:\n",
            ),
        ),
        (
            "ccr-standard-unknown",
            b.replace(
                "{id: \"1.1\", assessment: met}",
                "{id: \"9.9\", assessment: met}",
            ),
            "2026-10-05",
            b.replace(
                "{id: \"1.1\", assessment: met}",
                "{id: \"4.3\", assessment: met}",
            ),
        ),
        (
            "ccr-duplicate-id",
            format!("{b}    - {{id: ISS-11, standard: \"3.8\"}}\n"),
            "2026-10-05",
            format!("{b}    - {{id: ISS-13, standard: \"3.8\"}}\n"),
        ),
        (
            "ccr-unknown-issue",
            format!("{b}  evidence:\n    - {{issue: ISS-99}}\n"),
            "2026-10-05",
            format!("{b}  evidence:\n    - {{issue: ISS-11}}\n"),
        ),
        (
            "ccr-date-order",
            b.replace("final: 2026-10-16", "final: 2026-10-01"),
            "2026-10-05",
            b.replace("final: 2026-10-16", "final: 2026-10-02"),
        ),
        (
            "ccr-status-inconsistent",
            b.replace("status: open", "status: resolved"),
            "2026-10-05",
            format!(
                "{}  evidence:\n    - {{issue: ISS-11, submitted: 2026-11-01}}\n",
                b.replace("status: open", "status: resolved")
            ),
        ),
        (
            "ccr-decision-inconsistent",
            format!("{b}decision: {{outcome: certified}}\n"),
            "2026-10-05",
            format!("{b}decision: {{outcome: pending}}\n"),
        ),
        (
            "ccr-action-plan-late",
            b.clone(),
            "2026-10-14",
            format!(
                "{b}  action_plan: {{submitted: 2026-10-13, items: [{{issue: ISS-11, actions: a, owner: o, target_date: 2026-11-01}}]}}\n"
            ),
        ),
        (
            "ccr-action-plan-missing-item",
            format!("{b}  action_plan: {{items: []}}\n"),
            "2026-10-05",
            format!("{b}  action_plan: {{items: [{{issue: ISS-11}}]}}\n"),
        ),
        (
            "ccr-action-plan-item-incomplete",
            format!(
                "{b}  action_plan: {{submitted: 2026-10-09, items: [{{issue: ISS-11, actions: a, owner: o}}]}}\n"
            ),
            "2026-10-10",
            format!(
                "{b}  action_plan: {{submitted: 2026-10-09, items: [{{issue: ISS-11, actions: a, owner: o, target_date: 2026-11-01}}]}}\n"
            ),
        ),
        ("ccr-evidence-late", b.clone(), "2027-02-17", b.clone()),
        (
            "ccr-extension-late",
            format!("{b}  extension: {{requested: 2026-11-03}}\n"),
            "2026-11-05",
            format!("{b}  extension: {{requested: 2026-11-02}}\n"),
        ),
        (
            "ccr-final-date-missing",
            b.replace("  final: 2026-10-16\n", ""),
            "2026-10-05",
            b.clone(),
        ),
    ]
}

#[test]
fn every_code_fires_on_its_fixture_and_not_on_its_near_miss() {
    for (code, yes, as_of, no) in cases() {
        let got = codes(&yes, as_of);
        assert!(got.contains(&code), "{code} should fire: {got:?}\n{yes}");
        // The evidence near miss is the day of the due date itself.
        let no_as_of = if code == "ccr-evidence-late" {
            "2027-02-16"
        } else {
            as_of
        };
        let got = codes(&no, no_as_of);
        assert!(
            !got.contains(&code),
            "{code} should not fire: {got:?}\n{no}"
        );
    }
}

#[test]
fn every_ccr_code_has_a_fixture() {
    let covered: Vec<&str> = cases().iter().map(|c| c.0).collect();
    for c in qcp::codes::all().filter(|c| c.family == qcp::codes::Family::Ccr) {
        assert!(
            covered.contains(&c.code) || c.code == "ccr-rules-missing",
            "no fixture for {}",
            c.code
        );
    }
}

#[test]
fn an_edition_without_ccr_table_is_reported_not_guessed() {
    let text = qcp::rules::DEFAULT_EDITION_TOML;
    let start = text.find("[ccr]").unwrap();
    let end = text.find("# FTE -> minimum").unwrap();
    let stripped = format!("{}{}", &text[..start], &text[end..]);
    let rules = RuleEdition::from_toml(Path::new("old.toml"), &stripped).unwrap();
    assert!(rules.ccr.is_none());
    let src = SourceFile::new("t.yaml", base());
    let app = load::parse(&src).unwrap();
    let s = ccr::summary(
        &src,
        &app,
        &rules,
        &Catalog::embedded().unwrap(),
        &ccr::embedded_calendar().unwrap(),
        d("2026-10-05"),
    )
    .unwrap();
    assert!(s.deadlines.is_empty());
    assert!(s.findings.iter().any(|f| f.code == "ccr-rules-missing"));
}

#[test]
fn findings_point_at_yaml_lines() {
    let yaml = base().replace(
        "{id: \"1.1\", assessment: met}",
        "{id: \"9.9\", assessment: met}",
    );
    let s = summary_of(&yaml, "2026-10-05");
    let f = s
        .findings
        .iter()
        .find(|f| f.code == "ccr-standard-unknown")
        .unwrap();
    assert_eq!(f.path, "ccr.assessments[0].id");
    assert_eq!(f.location.map(|l| l.line), Some(10));
}

// ------------------------------------------------------------------------------ example + summary

#[test]
fn example_summary_golden() {
    // The example follows seed S1's CCR screenshots (ISS-11 on 3.8, ISS-12 on 4.2), paraphrased.
    let t = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "ccr",
            "summary",
            "ccr-partially-met.yaml",
            "--as-of",
            "2026-11-22",
            "--color",
            "never",
        ])
        .run();
    insta::assert_snapshot!("ccr-summary-human", t.stdout);
    let t = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "ccr",
            "summary",
            "ccr-partially-met.yaml",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ])
        .run();
    insta::assert_snapshot!("ccr-summary-json", t.stdout);
}

#[test]
fn a_ccr_without_received_date_exits_1_naming_the_path() {
    let yaml = base().replace("  received: 2026-10-02\n", "");
    Test::new()
        .file("a.yaml", yaml)
        .args(&[
            "ccr",
            "summary",
            "a.yaml",
            "--as-of",
            "2026-10-05",
            "--color",
            "never",
        ])
        .status(1)
        .stdout_has("ccr-received-missing")
        .stdout_has("--> a.yaml:6")
        .run();
}

#[test]
fn summary_without_ccr_section_is_unusable() {
    Test::new()
        .file("a.yaml", PRACTICE)
        .args(&["ccr", "summary", "a.yaml", "--as-of", "2026-10-05"])
        .status(2)
        .stderr_has("no `ccr` section")
        .run();
}

#[test]
fn another_catalog_can_be_loaded_with_standards_flag() {
    let cat = qcp::catalog::EMBEDDED_TOML.replace("id = \"4.3\"", "id = \"4.9\"");
    let yaml = base().replace(
        "{id: \"1.1\", assessment: met}",
        "{id: \"4.9\", assessment: met}",
    );
    Test::new()
        .file("a.yaml", &yaml)
        .file("cat.toml", cat)
        .args(&[
            "ccr",
            "summary",
            "a.yaml",
            "--as-of",
            "2026-10-05",
            "--standards",
            "cat.toml",
        ])
        .status(0)
        .run();
    Test::new()
        .file("a.yaml", &yaml)
        .args(&["ccr", "summary", "a.yaml", "--as-of", "2026-10-05"])
        .status(1)
        .stdout_has("ccr-standard-unknown")
        .run();
}

// ------------------------------------------------------------------------------ import

const APP_WITH_COMMENTS: &str = "# Riverside's application — keep this comment\nformat_version: 1\npractice:\n  name: Riverside Oncology   # trading name\n  country: US\n  fte: 3\nccr:\n  final: 2026-03-20   # final CCR arrived by post\n# trailing comment\n";

#[test]
fn import_writes_the_ccr_keeping_comments_and_the_practices_own_keys() {
    let wb = std::fs::read(format!("{FIX}/generated/ccr_basic.xlsx")).unwrap();
    let t = Test::new()
        .file("ccr.xlsx", wb)
        .file("app.yaml", APP_WITH_COMMENTS)
        .args(&[
            "ccr",
            "import",
            "ccr.xlsx",
            "--into",
            "app.yaml",
            "--as-of",
            "2026-03-20",
        ])
        .stderr_has("imported 6 assessment row(s) and 2 issue(s)")
        .run();
    let text = std::fs::read_to_string(t.dir.join("app.yaml")).unwrap();
    for keep in [
        "# Riverside's application — keep this comment",
        "# trading name",
        "# final CCR arrived by post",
        "# trailing comment",
        "final: 2026-03-20",
    ] {
        assert!(text.contains(keep), "lost {keep:?}:\n{text}");
    }
    let app = load::parse(&SourceFile::new("app.yaml", text.clone())).unwrap();
    let c = app.ccr.unwrap();
    assert_eq!(c.received, Some(d("2026-03-14")));
    assert_eq!(
        c.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["ISS-11", "ISS-12"]
    );
    assert_eq!(c.issues[0].standard.to_string(), "3.8");
    let e = c
        .assessments
        .iter()
        .find(|a| a.id.to_string() == "3.8.1")
        .unwrap();
    assert_eq!(e.samples.len(), 2);
    // Importing again is idempotent.
    let again = Test::new()
        .file(
            "ccr.xlsx",
            std::fs::read(format!("{FIX}/generated/ccr_basic.xlsx")).unwrap(),
        )
        .file("app.yaml", &text)
        .args(&[
            "ccr",
            "import",
            "ccr.xlsx",
            "--into",
            "app.yaml",
            "--as-of",
            "2026-03-20",
        ])
        .run();
    assert_eq!(
        std::fs::read_to_string(again.dir.join("app.yaml")).unwrap(),
        text
    );
}

#[test]
fn import_reads_a_libreoffice_saved_workbook() {
    for f in ["lo_ccr.xlsx", "lo_ccr.ods", "lo_ccr.xls"] {
        let wb = std::fs::read(format!("{FIX}/libreoffice/{f}")).unwrap();
        let t = Test::new()
            .file(f, wb)
            .file("app.yaml", APP_WITH_COMMENTS)
            .args(&[
                "ccr",
                "import",
                f,
                "--into",
                "app.yaml",
                "--as-of",
                "2026-03-20",
            ])
            .run();
        assert!(t.status <= 1, "{f}: {}", t.stderr);
        let text = std::fs::read_to_string(t.dir.join("app.yaml")).unwrap();
        assert!(text.contains("issues:"), "{f}");
    }
}

#[test]
fn import_rejects_bad_cells_with_their_reference_and_leaves_the_file() {
    let wb = std::fs::read(format!("{FIX}/generated/ccr_bad_values.xlsx")).unwrap();
    let t = Test::new()
        .file("ccr.xlsx", wb)
        .file("app.yaml", APP_WITH_COMMENTS)
        .args(&["ccr", "import", "ccr.xlsx", "--into", "app.yaml"])
        .status(2)
        .stderr_has("Issues!C2")
        .stderr_has("Issues!B4")
        .run();
    assert_eq!(
        std::fs::read_to_string(t.dir.join("app.yaml")).unwrap(),
        APP_WITH_COMMENTS
    );
}

#[test]
fn import_bad_workbooks_exit_2_without_panic() {
    for (file, expect) in [
        ("generated/no_ccr_sheets.xlsx", "no CCR sheet"),
        ("generated/corrupt_truncated.xlsx", "damaged"),
        ("generated/not_a_workbook.xlsx", "not a spreadsheet"),
        ("libreoffice/lo_password.xlsx", "password-protected"),
        ("libreoffice/lo_password.ods", "password-protected"),
    ] {
        let wb = std::fs::read(format!("{FIX}/{file}")).unwrap();
        Test::new()
            .file("ccr.xlsx", wb)
            .file("app.yaml", APP_WITH_COMMENTS)
            .args(&["ccr", "import", "ccr.xlsx", "--into", "app.yaml"])
            .status(2)
            .stderr_has(expect)
            .run();
    }
}

#[test]
fn import_of_an_issue_on_a_standard_the_catalog_lacks_is_a_finding_citing_the_cell() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Survey").unwrap();
    for (r, (k, v)) in [
        ("Received date", "2026-03-14"),
        ("Survey date", "2026-02-03"),
        ("Survey mode", "virtual"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *k).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    let ws = wb.add_worksheet().set_name("Assessments").unwrap();
    for (r, row) in [["ID", "Assessment"], ["9.9", "Not Met"]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    for (r, row) in [
        [
            "ID",
            "Standard",
            "Severity",
            "Status",
            "Findings",
            "Requirement",
        ],
        ["ISS-11", "9.9", "Critical Non-Compliant", "Open", "f", "r"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    Test::new()
        .file("ccr.xlsx", bytes)
        .file("app.yaml", APP_WITH_COMMENTS)
        .args(&[
            "ccr",
            "import",
            "ccr.xlsx",
            "--into",
            "app.yaml",
            "--as-of",
            "2026-03-20",
            "--color",
            "never",
        ])
        .status(1)
        .stdout_has("ccr-standard-unknown")
        .stdout_has("workbook cell Issues!B2")
        .run();
}

// ------------------------------------------------------------------------------ action plan

#[test]
fn action_plan_workbook_yaml_and_into() {
    let t = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "ccr",
            "action-plan",
            "ccr-partially-met.yaml",
            "--xlsx",
            "plan.xlsx",
            "--yaml",
            "plan.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .run();
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(t.dir.join("plan.xlsx")).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    for want in ["ISS-11", "ISS-12", "3.8", "4.2"] {
        assert!(
            cells.iter().any(|c| c == want),
            "{want} missing from the workbook"
        );
    }
    let y = std::fs::read_to_string(t.dir.join("plan.yaml")).unwrap();
    // Both issues already have items in the example, so the skeleton is empty.
    assert!(y.contains("items: []"), "{y}");

    // Into a file with no action plan: one item per issue, comments kept.
    let yaml = format!("# keep me\n{}", base());
    let t = Test::new()
        .file("a.yaml", yaml)
        .args(&[
            "ccr",
            "action-plan",
            "a.yaml",
            "--write",
            "--as-of",
            "2026-10-05",
        ])
        .run();
    let text = std::fs::read_to_string(t.dir.join("a.yaml")).unwrap();
    assert!(text.starts_with("# keep me\n"));
    let app = load::parse(&SourceFile::new("a.yaml", text)).unwrap();
    let plan = app.ccr.unwrap().action_plan.unwrap();
    assert_eq!(plan.items.len(), 1);
    assert_eq!(plan.items[0].issue, "ISS-11");
    // The written file refuses to be overwritten without --force.
    Test::new()
        .example("ccr-partially-met.yaml")
        .file("plan.yaml", "x")
        .args(&[
            "ccr",
            "action-plan",
            "ccr-partially-met.yaml",
            "--yaml",
            "plan.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .status(2)
        .stderr_has("--force")
        .run();
}

// ------------------------------------------------------------------------------ PDF

fn have_tools() -> bool {
    tools::pdf_readers()
}

fn tool(t: &str, args: &[&str]) -> String {
    let o = Command::new(t).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{t} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// Asserts that `needles` occur in `hay` in this order.
fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} missing or out of order after byte {at}"),
        }
    }
}

#[test]
fn ccr_pdf_is_valid_complete_in_order_and_deterministic() {
    if !have_tools() {
        return;
    }
    let args = [
        "ccr",
        "render",
        "ccr-partially-met.yaml",
        "--pdf",
        "out/ccr.pdf",
        "--as-of",
        "2026-11-22",
    ];
    let t = Test::new()
        .example("ccr-partially-met.yaml")
        .file("out/.keep", "")
        .args(&args)
        .run();
    let pdf = t.dir.join("out/ccr.pdf");
    assert!(
        tool("qpdf", &["--check", pdf.to_str().unwrap()])
            .contains("No syntax or stream encoding errors")
    );
    let text = text_of(&pdf);
    in_order(
        &text,
        &[
            "Meadowfield Oncology",
            "qcp-2024",
            "qcp-2020",
            "2026-11-22",
            "Summary",
        ],
    );
    // Deadlines, then the issue table, then every standard by domain.
    in_order(
        &text,
        &["2026-10-13", "2026-11-02", "2027-02-16", "ISS-11", "ISS-12"],
    );
    // docs/rules.md §7: the recorded action plan (actions, owner, target date, status), after
    // the issues and before the standards. Cells wrap, so only the section's content is checked.
    // A report for the practice's board: no YAML line numbers anywhere.
    assert!(
        !text.contains(".yaml:")
            && !text
                .match_indices("line ")
                .any(|(i, _)| text[i + 5..].starts_with(|c: char| c.is_ascii_digit())),
        "line numbers in the board report:\n{text}"
    );
    let plan = &text[text.find("Action plan").expect("plan section")..];
    let plan = &plan[..plan
        .find("Standards by domain")
        .expect("standards after the plan")];
    for n in [
        "2026-10-09",
        "ISS-11",
        "Whitfield",
        "2026-11-06",
        "Done",
        "ISS-12",
        "Natarajan",
        "2027-01-29",
        "In progress",
    ] {
        assert!(
            plan.contains(n),
            "{n} missing from the action plan:\n{plan}"
        );
    }
    let standards = [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
        "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "4.1", "4.2", "4.3",
    ];
    let body = &text[text.find("Standards by domain").unwrap()..];
    let mut needles: Vec<String> = standards.iter().map(|s| format!("\n{s} ")).collect();
    needles.insert(0, String::new());
    let refs: Vec<&str> = needles
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    in_order(&format!("\n{body}"), &refs);
    // Element detail follows its standard's heading, then the issue's findings and requirement.
    in_order(
        body,
        &[
            "3.8 Partially Met",
            "3.8.1",
            "Documented IV Patient 2: no",
            "ISS-11",
            "Findings:",
            "Requirement:",
            "4.2 Not Met",
            "ISS-12",
        ],
    );
    assert!(text.contains("page 1 of"));
    // Same input, same bytes.
    let again = Test::new()
        .example("ccr-partially-met.yaml")
        .file("out/.keep", "")
        .args(&args)
        .run();
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        std::fs::read(again.dir.join("out/ccr.pdf")).unwrap()
    );
    // A4 on request.
    let a4 = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "ccr",
            "render",
            "ccr-partially-met.yaml",
            "--pdf",
            "a4.pdf",
            "--paper",
            "a4",
            "--as-of",
            "2026-11-22",
        ])
        .run();
    assert!(tool("pdfinfo", &[a4.dir.join("a4.pdf").to_str().unwrap()]).contains("(A4)"));
}

#[test]
fn a_failed_render_leaves_no_file() {
    // Unusable application: nothing written.
    let t = Test::new()
        .file("a.yaml", "practice: [")
        .args(&[
            "ccr",
            "render",
            "a.yaml",
            "--pdf",
            "out.pdf",
            "--as-of",
            "2026-10-05",
        ])
        .status(2)
        .run();
    assert!(!t.dir.join("out.pdf").exists());
    // Unwritable destination: an error, and no temporary file left behind.
    let t = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "ccr",
            "render",
            "ccr-partially-met.yaml",
            "--pdf",
            "missing-dir/out.pdf",
            "--as-of",
            "2026-11-22",
        ])
        .status(2)
        .run();
    let leftovers: Vec<_> = std::fs::read_dir(&t.dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn forty_standard_ccr_spans_pages_with_every_id_once_in_order() {
    if !have_tools() {
        return;
    }
    let yaml = big::big_ccr_yaml();
    let s = summary_of(&yaml, "2026-11-22");
    let src = SourceFile::new("big.yaml", yaml.as_str());
    let app = load::parse(&src).unwrap();
    let doc = qcp::render::report_pdf::ccr_document(&app, &s, &Catalog::embedded().unwrap(), None);
    let out = qcp::pdf::render(&doc, qcp::pdf::Paper::Letter).unwrap();
    assert!(out.pages >= 6, "{} pages", out.pages);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("big.pdf");
    std::fs::write(&pdf, &out.bytes).unwrap();
    assert!(
        tool("qpdf", &["--check", pdf.to_str().unwrap()])
            .contains("No syntax or stream encoding errors")
    );
    let text = text_of(&pdf);
    assert!(text.contains("Ærø Onkologi São Paulo"));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), out.pages);
    for (n, p) in pages.iter().enumerate() {
        assert_eq!(
            p.matches(&format!("page {} of {}", n + 1, out.pages))
                .count(),
            1,
            "page {}",
            n + 1
        );
    }
    // Every issue once in the issues table, in order, before the standards section.
    let issues: Vec<String> = s.issues.iter().map(|i| i.id.clone()).collect();
    assert_eq!(issues.len(), 20);
    let refs: Vec<&str> = issues.iter().map(String::as_str).collect();
    in_order(&text, &refs);
    // Every standard id in the per-domain sections, in order.
    let body = &text[text.find("Standards by domain").unwrap()..];
    let ids: Vec<String> = big::big_ids()
        .iter()
        .map(|i| format!("Standard {i} "))
        .collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    in_order(body, &refs);
}

#[test]
fn application_pdf_has_practice_eligibility_and_ccr() {
    if !have_tools() {
        return;
    }
    let t = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "application",
            "render",
            "ccr-partially-met.yaml",
            "--pdf",
            "app.pdf",
            "--as-of",
            "2026-11-22",
        ])
        .run();
    let pdf = t.dir.join("app.pdf");
    assert!(
        tool("qpdf", &["--check", pdf.to_str().unwrap()])
            .contains("No syntax or stream encoding errors")
    );
    let text = text_of(&pdf);
    in_order(
        &text,
        &[
            "QCP application",
            "Meadowfield Oncology",
            "Practice",
            "Meadowfield Main",
            "Eligibility",
            "is eligible",
            "Certification Compliance Report",
            "ISS-11",
            "ISS-12",
        ],
    );
    // Without a CCR the application still renders.
    let t = Test::new()
        .example("eligible-new.yaml")
        .args(&[
            "application",
            "render",
            "eligible-new.yaml",
            "--pdf",
            "app.pdf",
            "--as-of",
            "2026-11-22",
        ])
        .run();
    let text = text_of(&t.dir.join("app.pdf"));
    assert!(text.contains("Eligibility") && !text.contains("Certification Compliance Report"));
}

#[test]
fn application_pdf_renders_questionnaire_fee_documents_and_survey_sections() {
    // docs/rules.md §2 milestones 4–7: questionnaire completeness per section, the fee estimate from
    // the (embedded) schedule, the pre-survey documents checklist and the survey date options.
    if !have_tools() {
        return;
    }
    let example =
        std::fs::read_to_string(common::repo().join("examples/application-complete.yaml")).unwrap();
    let with_survey = format!(
        "{example}\nsurvey:\n  mode: in_person\n  form_date: 2026-11-23\n  preferred_weekdays: [monday, tuesday]\n  options:\n    - 2027-01-11\n    - {{from: 2027-01-19, to: 2027-01-21}}\n"
    );
    let t = Test::new()
        .file("application-complete.yaml", &with_survey)
        .args(&[
            "application",
            "render",
            "application-complete.yaml",
            "--pdf",
            "app.pdf",
            "--as-of",
            "2026-12-15",
        ])
        .run();
    let text = text_of(&t.dir.join("app.pdf"));
    in_order(
        &text,
        &[
            "Eligibility",
            "Questionnaire",
            "Overall 100.00 % complete",
            "Practice Profile",
            "26 of 26",
            "Practice Detail",
            "Attestation",
            "Fee estimate",
            "Estimated fee USD 5,500.00 (tier A",
            "certification fee",
            "Pre-survey documents",
            "0 of 25 upload slots",
            "Domain 1",
            "Domain 4",
            "Site survey availability",
            "in person",
            "Monday, Tuesday",
            "2027-01-11",
            "2027-01-19 to 2027-01-21",
        ],
    );
    // Rendered sections are no longer listed as unrendered; agreements still are.
    assert!(text.contains("not yet rendered: agreements."), "{text}");
    // Near miss: the file as shipped has no survey section, and the PDF says so.
    let t = Test::new()
        .example("application-complete.yaml")
        .args(&[
            "application",
            "render",
            "application-complete.yaml",
            "--pdf",
            "app.pdf",
            "--as-of",
            "2026-12-15",
        ])
        .run();
    let text = text_of(&t.dir.join("app.pdf"));
    assert!(text.contains("No survey section yet"), "{text}");
    assert!(text.contains("Estimated fee USD 5,500.00"), "{text}");
}

#[test]
fn summary_verdict_never_claims_all_met_when_a_standard_is_not() {
    // docs/rules.md §7: certification needs every standard Met; a Partially Met standard with no
    // issue recorded for it must not read as "every standard … Met".
    let ex = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ccr-partially-met.yaml"
    ))
    .unwrap();
    let start = ex.find("  issues:\n").expect("issues");
    let end = start
        + ex[start..]
            .find("\n  evidence:")
            .unwrap_or(ex.len() - start);
    let no_issues = format!("{}{}", &ex[..start], &ex[end + 1..]);
    let v = summary_of(&no_issues, "2026-11-22").verdict;
    assert!(!v.contains("every standard in the CCR is Met"), "{v}");
    assert!(
        v.contains("3.8 Partially Met") && v.contains("no issue recorded for 3.8"),
        "{v}"
    );
    // Near miss: every standard Met → the all-Met verdict.
    let all_met = no_issues
        .replace("assessment: partially_met", "assessment: met")
        .replace("assessment: not_met", "assessment: met");
    let v = summary_of(&all_met, "2026-11-22").verdict;
    assert_eq!(v, "every standard in the CCR is Met or not applicable");
}
