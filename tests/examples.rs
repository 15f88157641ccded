#![allow(clippy::expect_used, missing_docs, clippy::disallowed_macros)]
//! Golden reports: every example in examples/ is evaluated at a fixed date and compared with its
//! snapshot, so no example rots. Review changes with `cargo insta review`.

#[path = "common/tools.rs"]
mod tools;

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

// ------------------------------------------------------------------------- one voice

/// Runs the binary and parses its JSON output (exit status 0 or 1: findings are fine here).
fn json_of(args: &[&str]) -> serde_json::Value {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run qcp");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "qcp {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("qcp {args:?}: {e}"))
}

/// Findings as comparable rows: code, severity, path, message.
fn rows(findings: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = findings
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["code"], f["severity"], f["path"], f["message"]
            )
        })
        .collect();
    v.sort();
    v
}

/// The rows of `findings` whose code belongs to one of `families`.
fn of_families(findings: &serde_json::Value, families: &[&str]) -> Vec<String> {
    let kept: Vec<serde_json::Value> = findings
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            let code = f["code"].as_str().unwrap_or_default();
            qcp::codes::lookup(code).is_some_and(|c| families.contains(&c.family.as_str()))
        })
        .cloned()
        .collect();
    rows(&serde_json::Value::Array(kept))
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every shipped example, as `examples/NAME.yaml`, sorted.
fn example_files() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| p.file_name()?.to_str().map(|n| format!("examples/{n}")))
        .collect();
    names.sort();
    names
}

/// Issue "one voice": for every example, before the survey, after the CCR and after the
/// decision, status, deadlines, questionnaire check, checklist, ccr summary and the
/// application PDF report the same milestone states, percentages, deadlines and findings as
/// `qcp check` for the same file.
#[test]
fn every_command_agrees_with_qcp_check() {
    let names = example_files();
    let tmp = tempfile::tempdir().expect("tempdir");
    // The PDF's text is read with poppler's pdftotext; without it that part is skipped.
    let read_pdfs = tools::pdftotext();
    for file in &names {
        for day in ["2026-11-22", "2027-03-01", "2027-12-01"] {
            let at = format!("{file} at {day}");
            let check = json_of(&["check", file, "--as-of", day, "--format", "json"]);
            let c = &check["files"][0];
            let findings = &c["findings"];
            // A QOPI participation file: `qcp check` runs only the QOPI participation checks
            // (docs/application-format.md); a command that names another family still runs it
            // on request, so only those families are compared.
            let qopi_only = rows(findings)
                .iter()
                .any(|r| r.starts_with("\"certification-not-started\""));
            if qopi_only {
                let certification = [
                    "eligibility",
                    "records",
                    "questionnaire",
                    "fees",
                    "documents",
                    "survey",
                    "ccr",
                ];
                assert_eq!(of_families(findings, &certification), Vec::<String>::new());
            }

            let status = json_of(&["status", file, "--as-of", day, "--format", "json"]);
            assert_eq!(status["milestones"], c["milestones"], "{at}: milestones");
            assert_eq!(status["deadlines"], c["deadlines"], "{at}: deadlines");
            assert_eq!(
                rows(&status["findings"]),
                of_families(findings, &["status"]),
                "{at}"
            );

            let dl = json_of(&["deadlines", file, "--as-of", day, "--format", "json"]);
            let open: Vec<&serde_json::Value> = c["deadlines"]
                .as_array()
                .expect("deadlines")
                .iter()
                .filter(|d| {
                    d["done"].is_null()
                        && (d["days_left"].as_i64() >= Some(0) || d["who"] == "practice")
                })
                .collect();
            let listed: Vec<&serde_json::Value> =
                dl["deadlines"].as_array().expect("list").iter().collect();
            assert_eq!(listed, open, "{at}: deadlines command");

            let q = json_of(&[
                "questionnaire",
                "check",
                file,
                "--as-of",
                day,
                "--format",
                "json",
            ]);
            if !c["progress"]["questionnaire"].is_null() {
                assert_eq!(
                    q["questionnaire"]["percent"], c["progress"]["questionnaire"],
                    "{at}"
                );
            }
            if !qopi_only {
                assert_eq!(
                    rows(&q["findings"]),
                    of_families(findings, &["agreements", "records", "questionnaire"]),
                    "{at}: questionnaire check"
                );
            }

            // validate, eligibility check and fee estimate: their families of qcp check.
            let v = json_of(&["validate", file, "--as-of", day, "--format", "json"]);
            let v_rows: Vec<String> = rows(&v["findings"])
                .into_iter()
                .filter(|r| !r.starts_with("\"section-not-checked\""))
                .collect();
            assert_eq!(
                v_rows,
                of_families(findings, &["validate"]),
                "{at}: validate"
            );
            let e = json_of(&[
                "eligibility",
                "check",
                file,
                "--as-of",
                day,
                "--format",
                "json",
            ]);
            if !qopi_only {
                assert_eq!(
                    rows(&e["findings"]),
                    of_families(findings, &["eligibility"]),
                    "{at}"
                );
            }
            assert_eq!(
                e["eligibility"]["outcome"], c["eligibility"]["outcome"],
                "{at}"
            );
            let fee = json_of(&["fee", "estimate", file, "--as-of", day, "--format", "json"]);
            if !qopi_only {
                assert_eq!(
                    rows(&fee["findings"]),
                    of_families(findings, &["fees"]),
                    "{at}: fee"
                );
            }

            let list = json_of(&["checklist", file, "--as-of", day, "--format", "json"]);
            if !c["progress"]["documents"].is_null() {
                assert_eq!(
                    list["checklist"]["percent"], c["progress"]["documents"],
                    "{at}"
                );
            }
            if !qopi_only {
                assert_eq!(
                    rows(&list["findings"]),
                    of_families(findings, &["documents", "phi"]),
                    "{at}: checklist"
                );
            }

            let qopi = json_of(&["qopi", "check", file, "--as-of", day, "--format", "json"]);
            assert_eq!(
                rows(&qopi["findings"]),
                of_families(findings, &["qopi"]),
                "{at}: qopi check"
            );

            let text = std::fs::read_to_string(file).expect("read");
            if text.lines().any(|l| l.starts_with("ccr:")) {
                let s = json_of(&["ccr", "summary", file, "--as-of", day, "--format", "json"]);
                assert_eq!(
                    rows(&s["findings"]),
                    of_families(findings, &["ccr"]),
                    "{at}: ccr"
                );
                for d in s["deadlines"].as_array().expect("ccr deadlines") {
                    let kind = d["kind"].as_str().unwrap_or_default().replace('_', "-");
                    if d["not_needed"] == true || kind == "extension-request" {
                        continue;
                    }
                    assert!(
                        c["deadlines"]
                            .as_array()
                            .expect("deadlines")
                            .iter()
                            .any(|x| x["kind"] == kind.as_str() && x["date"] == d["due"]),
                        "{at}: ccr summary's {kind} due {} is not in qcp check",
                        d["due"]
                    );
                }
            }

            if text.lines().any(|l| l.starts_with("readiness:")) {
                let r = json_of(&["readiness", file, "--as-of", day, "--format", "json"]);
                assert_eq!(
                    rows(&r["findings"]),
                    of_families(findings, &["readiness"]),
                    "{at}: readiness"
                );
            }

            let pdf = tmp.path().join("app.pdf");
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
                .args([
                    "application",
                    "render",
                    file,
                    "--as-of",
                    day,
                    "--force",
                    "--pdf",
                ])
                .arg(&pdf)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .expect("render");
            assert!(
                o.status.success(),
                "{at}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            if read_pdfs {
                let t = pdf_text(&pdf);
                let (e, w) = (
                    check["summary"]["errors"].as_u64().unwrap_or(0),
                    check["summary"]["warnings"].as_u64().unwrap_or(0),
                );
                let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !findings.as_array().is_some_and(Vec::is_empty) {
                    assert!(
                        words.contains(&format!("Findings ({e} error(s), {w} warning(s))")),
                        "{at}: the application PDF's findings are not qcp check's ({e}, {w})"
                    );
                }
                if let Some(p) = c["progress"]["questionnaire"].as_str() {
                    assert!(
                        words.contains(&format!("Overall {p} % complete")),
                        "{at}: PDF questionnaire"
                    );
                }
            }
        }
    }
}

/// Issue "one voice": `qcp check` on a file with one defect in each check family reports every
/// one of them, each located at its line and column.
#[test]
fn qcp_check_reports_one_defect_of_every_family_each_located() {
    let mut s = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/application-complete.yaml"
    ))
    .expect("example");
    let mut edit = |from: &str, to: &str| {
        assert!(s.contains(from), "{from}");
        s = s.replacen(from, to, 1);
    };
    edit("npi: \"1234567893\"", "npi: \"1234567890\""); // validate
    edit("overall_score: 86.25", "overall_score: 74.99"); // eligibility
    edit("    version_signed: \"2023-01\"", "    # no version"); // agreements
    edit("      email: quality@meadowfield.example\n", ""); // records
    edit("    emr: Epic\n", ""); // questionnaire
    edit("    interpreter_needed: no\n", ""); // fees
    edit(
        "payment:\n  mode: check",
        "payment:\n  mode: check\n  paid_on: 2026-12-20",
    );
    s.push_str(
        "\ntimeline:\n  paid: 2026-12-21\n  planned_submission: 2028-06-01\n\
         documents:\n  phi_attestation: true\n  elements:\n    \"9.9.9\": []\n    \"1.2\":\n      - path: intake.txt\n        summary: section 2\n\
         survey:\n  mode: in_person\n  preferred_weekdays: [tuesday]\n  options: [2026-11-03]\n\
         ccr:\n  assessments: []\n",
    );
    // qopi: the corresponding physician's membership has lapsed (S2).
    s.push_str(
        "qopi:\n  registered_on: 2026-10-01\n  prequalification: [true, true, true, true, true, true, true, true]\n  \
         users:\n    - name: Dr. Ana Ruiz\n      roles: [corresponding, administrator]\n      asco_member_id: \"123456\"\n      membership: inactive\n",
    );
    // readiness: a rating of a standard the catalog lacks (3.88 for 3.8).
    s.push_str("readiness:\n  ratings:\n    - {id: \"3.88\", rating: met}\n");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("app.yaml"), &s).expect("write");
    std::fs::write(
        dir.path().join("intake.txt"),
        "Intake policy\nPatient: LOPEZ, MARIA   MRN: 00482913   DOB: 03/14/1962\n",
    )
    .expect("write");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
        .args([
            "check",
            "app.yaml",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let findings = v["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .clone();
    let mut seen = std::collections::BTreeSet::new();
    for f in &findings {
        let code = f["code"].as_str().expect("code");
        let family = qcp::codes::lookup(code)
            .expect("known code")
            .family
            .as_str();
        assert!(
            f["location"]["line"].as_u64().is_some(),
            "{code} is not located"
        );
        seen.insert(family);
    }
    for family in [
        "validate",
        "eligibility",
        "agreements",
        "records",
        "questionnaire",
        "fees",
        "documents",
        "phi",
        "survey",
        "status",
        "ccr",
        "qopi",
        "readiness",
    ] {
        assert!(
            seen.contains(family),
            "no {family} finding in {findings:#?}"
        );
    }
    // Every family the registry runs is covered here.
    for f in qcp::checks::Selection::All.families() {
        assert!(seen.contains(f.as_str()), "{}", f.as_str());
    }
    let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    for c in [
        "npi-invalid",
        "fact-recorded-twice",
        "score-below-threshold",
        "baa-missing",
        "readiness-unknown-standard",
    ] {
        assert!(codes.contains(&c), "{c}: {codes:?}");
    }
}

/// Issue "one voice": every command's real JSON output validates against its published schema
/// (docs/schemas/), with an independent validator (check-jsonschema).
#[test]
fn every_json_report_matches_its_published_schema() {
    if !tools::check_jsonschema() {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let tmp = tempfile::tempdir().expect("tempdir");
    let day = "2027-03-01";
    let mut outputs: std::collections::BTreeMap<&str, Vec<std::path::PathBuf>> =
        std::collections::BTreeMap::new();
    let mut n = 0;
    let mut save = |command: &'static str, args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
            .args(args)
            .current_dir(root)
            .output()
            .expect("run");
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(v["schema"], qcp::schemas::id(command), "{args:?}");
        n += 1;
        let p = tmp.path().join(format!("{n}.json"));
        std::fs::write(&p, &o.stdout).expect("write");
        outputs.entry(command).or_default().push(p);
    };
    for e in [
        "application-complete",
        "ccr-partially-met",
        "eligible-new",
        "exception-brazil",
    ] {
        let f = format!("examples/{e}.yaml");
        let f = f.as_str();
        save("check", &["check", f, "--as-of", day, "--format", "json"]);
        save(
            "validate",
            &["validate", f, "--as-of", day, "--format", "json"],
        );
        save(
            "eligibility",
            &[
                "eligibility",
                "check",
                f,
                "--as-of",
                day,
                "--format",
                "json",
            ],
        );
        save(
            "questionnaire",
            &[
                "questionnaire",
                "check",
                f,
                "--as-of",
                day,
                "--format",
                "json",
            ],
        );
        save(
            "fee",
            &["fee", "estimate", f, "--as-of", day, "--format", "json"],
        );
        save(
            "survey",
            &["survey", "check", f, "--as-of", day, "--format", "json"],
        );
        save("status", &["status", f, "--as-of", day, "--format", "json"]);
        save(
            "deadlines",
            &["deadlines", f, "--as-of", day, "--format", "json"],
        );
        save(
            "checklist",
            &["checklist", f, "--as-of", day, "--format", "json"],
        );
    }
    save(
        "ccr-summary",
        &[
            "ccr",
            "summary",
            "examples/ccr-partially-met.yaml",
            "--as-of",
            day,
            "--format",
            "json",
        ],
    );
    save(
        "readiness",
        &[
            "readiness",
            "examples/ccr-partially-met.yaml",
            "--as-of",
            "2026-07-28",
            "--format",
            "json",
        ],
    );
    save(
        "readiness-compare",
        &[
            "readiness",
            "compare",
            "examples/ccr-partially-met.yaml",
            "--as-of",
            day,
            "--format",
            "json",
        ],
    );
    save(
        "fee-what-if",
        &[
            "fee", "estimate", "--fte", "12", "--sites", "2", "--format", "json",
        ],
    );
    for e in ["qopi-first-round", "fellowship-program", "eligible-new"] {
        let f = format!("examples/{e}.yaml");
        save(
            "qopi",
            &["qopi", "check", &f, "--as-of", day, "--format", "json"],
        );
        save(
            "status",
            &["status", &f, "--as-of", day, "--format", "json"],
        );
        save(
            "deadlines",
            &["deadlines", &f, "--as-of", day, "--format", "json"],
        );
    }
    for e in ["qopi-first-round", "fellowship-program"] {
        let f = format!("examples/{e}.yaml");
        save(
            "qopi-plan",
            &[
                "qopi",
                "plan",
                &f,
                "--round",
                "QOPI-2027-R1",
                "--as-of",
                day,
                "--format",
                "json",
            ],
        );
    }
    save(
        "error",
        &["validate", "no-such-file.yaml", "--format", "json"],
    );
    for dir in ["examples/clients", "tests/fixtures/portfolio-mixed"] {
        save(
            "portfolio",
            &["portfolio", dir, "--as-of", day, "--format", "json"],
        );
    }
    assert_eq!(
        outputs.len(),
        qcp::schemas::COMMANDS.len(),
        "every command's report is exercised"
    );
    for (command, files) in &outputs {
        let schema = format!("{root}/docs/schemas/{}", qcp::schemas::file_name(command));
        let o = std::process::Command::new("check-jsonschema")
            .arg("--schemafile")
            .arg(&schema)
            .args(files)
            .output()
            .expect("check-jsonschema");
        assert!(
            o.status.success(),
            "{command}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Issue 10 part 5: every command runs on every example under both editions (2024 per S1,
/// 2019 per S0): exit status 0 or 1, never 2 (unusable) or a crash. `survey check` and
/// `ccr summary` run on every example too: `survey check` reports a missing survey section as
/// the finding `survey-section-missing` (exit 1); `ccr summary` on a file without a CCR is the
/// documented usage error `ccr-section-missing` (exit 2, qcp-error JSON) and nothing else.
#[test]
fn every_command_runs_on_every_example_under_both_editions() {
    let names = example_files();
    let editions: [&[&str]; 2] = [
        &[],
        &[
            "--rules",
            "standards/rules-qcp-2019.toml",
            "--schedule",
            "standards/fees-qcp-2019.toml",
        ],
    ];
    let commands: &[&[&str]] = &[
        &["validate"],
        &["eligibility", "check"],
        &["questionnaire", "check"],
        &["fee", "estimate"],
        &["status"],
        &["deadlines"],
        &["checklist"],
        &["check"],
        &["bundle", "check"],
        &["survey", "check"],
        &["ccr", "summary"],
    ];
    // `qcp readiness` needs the section (exit 2 without it, by design): run where it exists.
    let readiness: &[&[&str]] = &[&["readiness"], &["readiness", "compare"]];
    for file in &names {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                .expect("example reads");
        let has = |section: &str| text.lines().any(|l| l.starts_with(&format!("{section}:")));
        let has_readiness = has("readiness");
        for ed in editions {
            let extra = if has_readiness { readiness } else { &[] };
            for cmd in commands.iter().chain(extra) {
                let mut args: Vec<&str> = cmd.to_vec();
                args.push(file);
                args.extend_from_slice(&["--as-of", "2026-11-22"]);
                args.extend_from_slice(ed);
                let o = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
                    .args(&args)
                    .current_dir(env!("CARGO_MANIFEST_DIR"))
                    .output()
                    .expect("run qcp");
                if cmd == &["ccr", "summary"] && !has("ccr") {
                    // The usage error, in JSON, with its documented code.
                    assert_eq!(o.status.code(), Some(2), "qcp {args:?}");
                    let mut json_args = args.clone();
                    json_args.extend_from_slice(&["--format", "json"]);
                    let j = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
                        .args(&json_args)
                        .current_dir(env!("CARGO_MANIFEST_DIR"))
                        .output()
                        .expect("run qcp");
                    assert_eq!(j.status.code(), Some(2), "qcp {json_args:?}");
                    let v: serde_json::Value =
                        serde_json::from_slice(&j.stdout).expect("qcp-error JSON");
                    assert_eq!(v["schema"], "qcp-error/1", "{v}");
                    let codes: Vec<&str> = v["error"]["problems"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p["code"].as_str())
                        .collect();
                    assert_eq!(codes, ["ccr-section-missing"], "{v}");
                    assert!(
                        qcp::codes::lookup("ccr-section-missing").is_some(),
                        "the code is documented"
                    );
                    continue;
                }
                assert!(
                    matches!(o.status.code(), Some(0 | 1)),
                    "qcp {args:?} exited {:?}: {}",
                    o.status.code(),
                    String::from_utf8_lossy(&o.stderr)
                );
                if cmd == &["survey", "check"] && !has("survey") {
                    assert_eq!(o.status.code(), Some(1), "qcp {args:?}");
                    assert!(
                        String::from_utf8_lossy(&o.stdout).contains("survey-section-missing"),
                        "qcp {args:?}: {}",
                        String::from_utf8_lossy(&o.stdout)
                    );
                }
            }
        }
    }
}

/// Issue 15 part 2: `qcp portfolio` over every example (and examples/clients) reads each
/// practice's stage, next deadline and certification expiry from the same evaluation as
/// `qcp status`, and counts as blockers exactly `qcp check`'s error findings.
#[test]
fn the_portfolio_agrees_with_qcp_status_and_qcp_check() {
    let mut files = example_files();
    let clients = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/clients");
    let mut more: Vec<String> = std::fs::read_dir(clients)
        .expect("examples/clients/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("examples/clients/{n}"))
        .collect();
    more.sort();
    assert!(more.len() >= 4, "examples/clients holds the portfolio tour");
    // The tour's files are shipped examples too: each a consistent file.
    for file in &more {
        let v = json_of(&["validate", file, "--format", "json"]);
        assert_eq!(
            v["summary"]["errors"], 0,
            "{file} must be a consistent file"
        );
    }
    files.extend(more);
    for day in ["2026-11-22", "2027-03-01"] {
        let mut args = vec!["portfolio", "--as-of", day, "--format", "json"];
        args.extend(files.iter().map(String::as_str));
        let p = json_of(&args);
        let rows = p["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), files.len());
        for (file, row) in files.iter().zip(rows) {
            let at = format!("{file} at {day}");
            assert_eq!(row["file"], file.as_str(), "{at}");
            let status = json_of(&["status", file, "--as-of", day, "--format", "json"]);
            let milestones = status["milestones"].as_array().expect("milestones");
            let furthest = milestones
                .iter()
                .rfind(|m| m["state"] != "not_started")
                .unwrap_or(&milestones[0]);
            for k in ["number", "name", "state", "done", "due"] {
                assert_eq!(row["stage"][k], furthest[k], "{at}: stage {k}");
            }
            match status["next_actions"].as_array().and_then(|a| a.first()) {
                Some(n) => {
                    for k in ["kind", "title", "date", "days_left"] {
                        assert_eq!(row["next_deadline"][k], n[k], "{at}: next deadline {k}");
                    }
                }
                None => assert!(row["next_deadline"].is_null(), "{at}"),
            }
            let expiry = status["deadlines"]
                .as_array()
                .expect("deadlines")
                .iter()
                .find(|d| d["kind"] == "certification-expiry");
            assert_eq!(
                row["certification"]["expires"],
                expiry.map_or(serde_json::Value::Null, |d| d["date"].clone()),
                "{at}: expiry"
            );
            let check = json_of(&["check", file, "--as-of", day, "--format", "json"]);
            let blockers: u64 = row["blockers"]
                .as_array()
                .expect("blockers")
                .iter()
                .map(|b| b["errors"].as_u64().unwrap_or(0))
                .sum();
            assert_eq!(
                blockers,
                check["summary"]["errors"].as_u64().unwrap_or(0),
                "{at}: blockers"
            );
        }
    }
}
