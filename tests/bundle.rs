//! `qcp bundle check`, `qcp checklist`, `qcp standards` and `qcp schema` through the binary
//! (docs/rules.md §5: documents per element, 10 MB limit, accepted types, no PHI; issue 4).
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::unwrap_used,
    clippy::disallowed_macros
)]

mod common;
#[path = "docscan_common/mod.rs"]
mod docs;
#[path = "common/tools.rs"]
mod tools;

use std::process::Command;

use common::{Test, repo};

const AS_OF: &str = "2026-11-22";

/// The 25 upload slots of the shipped catalog, each served by its domain's policy.
const SLOTS: &[&str] = &[
    "1.1.1", "1.1.2", "1.1.3", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2.1", "2.3", "2.4", "3.1",
    "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8.1", "3.8.2", "3.9", "3.10", "4.1", "4.2", "4.3",
];

fn documents_section(skip: &str) -> String {
    let mut s = String::from("documents:\n  phi_attestation: true\n  elements:\n");
    for slot in SLOTS.iter().filter(|s| **s != skip) {
        let d = &slot[..1];
        s.push_str(&format!(
            "    \"{slot}\":\n      - path: pool/domain-{d}.txt\n        summary: \"sections 2-4\"\n"
        ));
    }
    s
}

/// A complete application (clean under every check of `qcp check`) with its documents.
fn base_app() -> String {
    let ex = std::fs::read_to_string(repo().join("examples/application-complete.yaml")).unwrap();
    format!("{ex}\n{}", documents_section(""))
}

fn policy(d: &str) -> String {
    format!("Domain {d} policy\nSection 2. Staff verify two identifiers before each dose.\n")
}

/// A clean bundle: the application and the four domain policies.
fn bundle(app: &str) -> Test {
    let mut t = Test::new().file("app.yaml", app);
    for d in 1..=4 {
        t = t.file(&format!("pool/domain-{d}.txt"), policy(&d.to_string()));
    }
    t
}

fn codes(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut out: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn run(t: Test, status: i32) -> (Vec<String>, String) {
    let o = t
        .args(&["bundle", "check", ".", "--as-of", AS_OF, "--format", "json"])
        .status(status)
        .run();
    (codes(&o.stdout), o.stdout)
}

fn replace_doc(app: &str, slot: &str, new_path: &str) -> String {
    let d = &slot[..1];
    app.replacen(
        &format!("\"{slot}\":\n      - path: pool/domain-{d}.txt"),
        &format!("\"{slot}\":\n      - path: {new_path}"),
        1,
    )
}

#[test]
fn clean_bundle_has_no_findings() {
    // Near-miss for every document code: all slots filled, one policy per domain, attested.
    let (c, _) = run(bundle(&base_app()), 0);
    assert!(c.is_empty(), "{c:?}");
}

#[test]
fn path_safety_absolute_parent_and_symlink_escape() {
    let app = replace_doc(&base_app(), "1.2", "/etc/hostname");
    assert_eq!(run(bundle(&app), 1).0, ["document-path-absolute"]);
    let app = replace_doc(&base_app(), "1.2", "../outside.txt");
    assert_eq!(run(bundle(&app), 1).0, ["document-path-parent"]);

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "outside").unwrap();
    let app = replace_doc(&base_app(), "1.2", "pool/link.txt");
    let t = bundle(&app);
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        t.path().join("pool/link.txt"),
    )
    .unwrap();
    assert_eq!(run(t, 1).0, ["document-symlink-escape"]);
    // Near-miss: a link that stays inside the bundle is fine.
    let t = bundle(&app);
    std::os::unix::fs::symlink(
        t.path().join("pool/domain-1.txt"),
        t.path().join("pool/link.txt"),
    )
    .unwrap();
    assert!(run(t, 0).0.is_empty());
}

#[test]
fn missing_and_non_regular_documents() {
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf");
    assert_eq!(run(bundle(&app), 1).0, ["document-missing"]);
    let app = replace_doc(&base_app(), "1.2", "pool");
    assert_eq!(run(bundle(&app), 1).0, ["document-not-regular"]);
}

/// A text document of exactly `n` bytes.
fn text_of(n: usize) -> Vec<u8> {
    let mut v = "policy line\n".repeat(n / 12 + 1).into_bytes();
    v.truncate(n - 1);
    v.push(b'\n');
    v
}

#[test]
fn size_limit_from_rule_data_s0() {
    // docs/rules.md §5 / S0: files above 10 MB are rejected. 10,000,000 bytes is the stricter
    // reading: above it a warning that says why; above 10,485,760 bytes (10 × 1024 × 1024) the
    // file exceeds both readings and is refused.
    let app = replace_doc(&base_app(), "1.2", "pool/big.txt");
    let one = |n: usize, status: i32| run(bundle(&app).file("pool/big.txt", text_of(n)), status);
    let (c, out) = one(10_485_761, 1);
    assert_eq!(c, ["document-too-large"]);
    assert!(out.contains("10485761 bytes"), "{out}");
    // Between the readings: a warning (exit 0) naming both figures.
    let (c, out) = one(10_485_760, 0);
    assert_eq!(c, ["document-near-size-limit"]);
    assert!(
        out.contains("10000000") && out.contains("10485760"),
        "{out}"
    );
    assert_eq!(one(10_000_001, 0).0, ["document-near-size-limit"]);
    // Near miss: exactly 10,000,000 bytes is within both readings.
    assert!(one(10_000_000, 0).0.is_empty());
}

#[test]
fn checklist_reports_file_findings_with_bundle_codes_and_exit_status() {
    // docs/rules.md §5: `qcp checklist` reports missing and oversized files as findings, with the
    // same codes and exit status as `qcp bundle check`.
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf");
    let o = bundle(&app)
        .args(&[
            "checklist",
            "app.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .status(1)
        .run();
    assert!(o.stdout.contains("\"document-missing\""), "{}", o.stdout);
    let app = replace_doc(&base_app(), "1.2", "pool/big.txt");
    let o = bundle(&app)
        .file("pool/big.txt", text_of(10_485_761))
        .args(&[
            "checklist",
            "app.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .status(1)
        .run();
    assert!(o.stdout.contains("\"document-too-large\""), "{}", o.stdout);
    // Near miss: every file present and within the limit → exit 0.
    bundle(&base_app())
        .args(&[
            "checklist",
            "app.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .status(0)
        .run();
}

#[test]
fn type_by_content_and_extension() {
    let zip = docs::zip(&[("a.txt", b"hello")]);
    let app = replace_doc(&base_app(), "1.2", "pool/policy.pdf");
    let (c, out) = run(bundle(&app).file("pool/policy.pdf", &zip), 1);
    assert_eq!(c, ["document-type-mismatch"]);
    assert!(out.contains("a ZIP archive, not a PDF"), "{out}");
    let app = replace_doc(&base_app(), "1.2", "pool/policy.pages");
    assert_eq!(
        run(bundle(&app).file("pool/policy.pages", "text"), 1).0,
        ["document-type-not-accepted"]
    );
    // Near-miss: a real DOCX named .docx.
    let app = replace_doc(&base_app(), "1.2", "pool/policy.docx");
    let docx = docs::docx(&["Section 2. Double checks.".to_owned()]);
    assert!(
        run(bundle(&app).file("pool/policy.docx", &docx), 0)
            .0
            .is_empty()
    );
    // A PNG is accepted but its content is not screened: info only.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let app = replace_doc(&base_app(), "1.2", "pool/chart.png");
    assert_eq!(
        run(bundle(&app).file("pool/chart.png", png), 0).0,
        ["document-not-screened"]
    );
    // A damaged PDF cannot be screened: a warning.
    let app = replace_doc(&base_app(), "1.2", "pool/broken.pdf");
    assert_eq!(
        run(bundle(&app).file("pool/broken.pdf", "%PDF-1.4\n"), 0).0,
        ["document-unreadable"]
    );
}

#[test]
fn phi_in_txt_and_pdf_is_caught_and_never_printed() {
    let dob = "03/14/1962";
    let mrn = "00482913";
    let txt = format!("Intake checklist\nDOB: {dob}\n");
    let pdf = docs::pdf(
        &[vec!["Consent policy".into(), format!("MRN: {mrn}")]],
        &docs::plain(),
    );
    let app = replace_doc(&base_app(), "1.2", "pool/intake.txt");
    let app = replace_doc(&app, "2.1", "pool/consent.pdf");
    for format in ["human", "json", "junit", "sarif", "github"] {
        let o = bundle(&app)
            .file("pool/intake.txt", &txt)
            .file("pool/consent.pdf", &pdf)
            .args(&["bundle", "check", ".", "--as-of", AS_OF, "--format", format])
            .status(1)
            .stdout_has("phi-suspected")
            .stdout_lacks(dob)
            .stdout_lacks(mrn)
            .stdout_lacks("1962")
            .run();
        assert!(!o.stderr.contains(dob) && !o.stderr.contains(mrn));
        if format == "human" {
            assert!(
                o.stdout
                    .contains("possible date of birth (DOB: [date redacted])"),
                "{}",
                o.stdout
            );
            assert!(o.stdout.contains("page 1, line 2"), "{}", o.stdout);
        }
    }
}

#[test]
fn shared_document_across_domains_needs_a_remark() {
    let app = replace_doc(&base_app(), "2.1", "pool/domain-1.txt");
    assert_eq!(run(bundle(&app), 0).0, ["document-shared-across-domains"]);
    bundle(&app)
        .args(&[
            "bundle", "check", ".", "--as-of", AS_OF, "--deny", "warnings",
        ])
        .status(1)
        .run();
    let with_remark = app.replacen(
        "- path: pool/domain-1.txt\n        summary: \"sections 2-4\"\n    \"2.2.1\"",
        "- path: pool/domain-1.txt\n        summary: \"sections 2-4\"\n        remarks: section 9 covers consent\n    \"2.2.1\"",
        1,
    );
    assert_ne!(with_remark, app);
    assert!(run(bundle(&with_remark), 0).0.is_empty());
}

#[test]
fn unreferenced_documents_are_info() {
    let (c, _) = run(bundle(&base_app()).file("pool/old.txt", "old"), 0);
    assert_eq!(c, ["document-unreferenced"]);
}

#[test]
fn checklist_structure_codes() {
    let b = base_app();
    let cases: Vec<(String, &str)> = vec![
        (
            format!(
                "{}\n{}",
                std::fs::read_to_string(repo().join("examples/application-complete.yaml")).unwrap(),
                documents_section("4.3")
            ),
            "element-documents-missing",
        ),
        (
            b.replacen("        summary: \"sections 2-4\"\n", "", 1),
            "document-summary-missing",
        ),
        (b.replacen("\"1.1.1\":", "\"9.9.9\":", 1), "unknown-element"),
        (
            b.replacen("\"1.1.1\":", "\"1.1\":", 1),
            "element-takes-no-documents",
        ),
        (
            b.replacen("phi_attestation: true", "phi_attestation: false", 1),
            "phi-attestation-missing",
        ),
    ];
    for (app, code) in cases {
        let (c, _) = run(
            bundle(&app),
            if code.contains("missing") && code != "element-documents-missing"
                || code == "unknown-element"
            {
                1
            } else {
                0
            },
        );
        assert!(c.contains(&code.to_owned()), "{code}: {c:?}");
        // 9.9.9 and 1.1 also leave 1.1.1 pending; nothing else fires.
        assert!(
            c.iter()
                .all(|x| x == code || x == "element-documents-missing"),
            "{code}: {c:?}"
        );
    }
    let post = |body: &str| format!("{b}  post_survey:\n    ISS-11:\n{body}");
    let ok = "      statement: revised the labelling procedure\n      phi_attestation: true\n      documents:\n        - path: pool/domain-3.txt\n          summary: section 4\n";
    assert!(run(bundle(&post(ok)), 0).0.is_empty());
    assert_eq!(
        run(
            bundle(&post(&ok.replacen(
                "      statement: revised the labelling procedure\n",
                "",
                1
            ))),
            1
        )
        .0,
        ["resolution-statement-missing"]
    );
    assert_eq!(
        run(
            bundle(&post("      statement: x\n      phi_attestation: true\n")),
            1
        )
        .0,
        ["resolution-documents-missing"]
    );
    assert_eq!(
        run(
            bundle(&post(&ok.replacen("      phi_attestation: true\n", "", 1))),
            1
        )
        .0,
        ["phi-attestation-missing"]
    );
    assert_eq!(
        run(
            bundle(&post(&ok.replacen("          summary: section 4\n", "", 1))),
            0
        )
        .0,
        ["document-summary-missing-post"]
    );
}

#[test]
fn invalid_element_id_is_unusable_input() {
    let app = base_app().replacen("\"1.1.1\":", "\"one.1\":", 1);
    let o = bundle(&app)
        .args(&["bundle", "check", ".", "--as-of", AS_OF])
        .status(2)
        .stdout_has("invalid-element-id")
        .run();
    assert!(o.stdout.contains("app.yaml:"), "{}", o.stdout);
}

#[test]
fn suppressions_need_a_reason_and_stale_ones_warn() {
    let app = replace_doc(&base_app(), "2.1", "pool/domain-1.txt");
    let sup = "[[suppress]]\ncode = \"document-shared-across-domains\"\nfile = \"app.yaml\"\nreason = \"the manual's index maps every element\"\n";
    let (c, out) = run(bundle(&app).file("qcp-suppressions.toml", sup), 0);
    assert!(c.is_empty(), "{c:?}");
    assert!(out.contains("\"suppressed\":1"), "{out}");
    // The same suppression on a clean bundle matches nothing.
    assert_eq!(
        run(bundle(&base_app()).file("qcp-suppressions.toml", sup), 0).0,
        ["suppression-unused"]
    );
    let no_reason = "[[suppress]]\ncode = \"document-shared-across-domains\"\nreason = \"  \"\n";
    bundle(&app)
        .file("qcp-suppressions.toml", no_reason)
        .args(&["bundle", "check", ".", "--as-of", AS_OF])
        .status(2)
        .stderr_has("suppression-invalid")
        .run();
    let missing = "[[suppress]]\ncode = \"document-shared-across-domains\"\n";
    bundle(&app)
        .file("qcp-suppressions.toml", missing)
        .args(&["bundle", "check", ".", "--as-of", AS_OF])
        .status(2)
        .stderr_has("reason")
        .run();
}

/// Runs `script` under python3 with `input` on stdin; `None` (a printed skip) without python3.
fn python(script: &str, input: &str) -> Option<String> {
    use std::io::Write;
    if !tools::python3() {
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (installed by .ci/run)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed");
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn junit_parses_with_an_independent_xml_parser() {
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf");
    let o = bundle(&app)
        .file("b.yaml", base_app())
        .args(&[
            "bundle", "check", ".", "--as-of", AS_OF, "--format", "junit",
        ])
        .status(1)
        .run();
    let Some(summary) = python(
        "import sys, xml.etree.ElementTree as ET\n\
         root = ET.fromstring(sys.stdin.read())\n\
         assert root.tag == 'testsuites'\n\
         for s in root.findall('testsuite'):\n\
         \x20   for c in s.findall('testcase'):\n\
         \x20       f = c.find('failure')\n\
         \x20       print(s.get('name'), c.get('name'), f.get('type') if f is not None else 'pass')\n",
        &o.stdout,
    ) else {
        return;
    };
    assert!(
        summary.contains("./app.yaml documents document-missing"),
        "{summary}"
    );
    assert!(summary.contains("./app.yaml eligibility pass"), "{summary}");
    assert!(summary.contains("./b.yaml documents pass"), "{summary}");
    // One test case per application and check family: every family of the registry, and
    // the PHI screen.
    let families = qcp::checks::Selection::All.families().len() + 1;
    assert_eq!(summary.lines().count(), 2 * families, "{summary}");
}

#[test]
fn sarif_has_the_required_fields() {
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf");
    let o = bundle(&app)
        .args(&[
            "bundle", "check", ".", "--as-of", AS_OF, "--format", "sarif",
        ])
        .status(1)
        .run();
    let Some(checked) = python(
        "import sys, json\n\
         d = json.load(sys.stdin)\n\
         assert d['version'] == '2.1.0' and '$schema' in d\n\
         run = d['runs'][0]\n\
         rules = run['tool']['driver']['rules']\n\
         assert run['tool']['driver']['name'] == 'qcp'\n\
         for r in run['results']:\n\
         \x20   assert r['message']['text'] and r['level'] in ('error','warning','note','none')\n\
         \x20   assert rules[r['ruleIndex']]['id'] == r['ruleId']\n\
         \x20   loc = r['locations'][0]['physicalLocation']\n\
         \x20   print(r['ruleId'], loc['artifactLocation']['uri'], loc['region']['startLine'])\n",
        &o.stdout,
    ) else {
        return;
    };
    assert!(
        checked.starts_with("document-missing app.yaml "),
        "{checked}"
    );
}

/// Issue 14: SARIF that lands — valid against the OASIS SARIF 2.1.0 schema, file names as
/// given relative to %SRCROOT% (the current directory), a region on every result, and a finding
/// waived by a staff exception as a suppressed result that no `--deny warnings` turns into a
/// failure in JUnit or GitHub output.
#[test]
fn sarif_validates_against_the_oasis_schema_and_waivers_are_suppressions() {
    let t = Test::new().example("exception-brazil.yaml");
    let args = |format: &'static str| -> Vec<&'static str> {
        vec![
            "check",
            "exception-brazil.yaml",
            "--as-of",
            AS_OF,
            "--format",
            format,
            "--deny",
            "warnings",
        ]
    };
    let sarif = Test::new()
        .example("exception-brazil.yaml")
        .args(&args("sarif"))
        .status(1)
        .run();
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let run = &v["runs"][0];
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("file:///")
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let mut waived = 0;
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "exception-brazil.yaml");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1, "{r}");
        if let Some(s) = r["suppressions"].as_array() {
            assert_eq!(s[0]["kind"], "external");
            assert!(
                s[0]["justification"]
                    .as_str()
                    .unwrap()
                    .contains("staff exception")
            );
            waived += 1;
        }
    }
    assert!(
        waived > 0,
        "the example's waived findings are SARIF suppressions"
    );

    // JUnit: a waived finding is never a failure, even with --deny warnings.
    let junit = t.args(&args("junit")).status(1).run();
    let elig = junit
        .stdout
        .split("<testcase ")
        .find(|c| c.contains("name=\"eligibility\""))
        .unwrap();
    assert!(!elig.contains("<failure"), "{elig}");
    assert!(elig.contains("waived by the staff exception"), "{elig}");
    // GitHub: a notice.
    Test::new()
        .example("exception-brazil.yaml")
        .args(&args("github"))
        .status(1)
        .stdout_has("::notice file=exception-brazil.yaml,line=")
        .run();

    let Some(schema) = tools::sarif_schema() else {
        return;
    };
    let file = sarif.dir.join("out.sarif");
    std::fs::write(&file, &sarif.stdout).unwrap();
    let o = Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn github_annotations() {
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf");
    bundle(&app)
        .args(&[
            "bundle", "check", ".", "--as-of", AS_OF, "--format", "github",
        ])
        .status(1)
        .stdout_has("::error file=./app.yaml,line=")
        .stdout_has(",title=document-missing::")
        .run();
}

#[test]
fn human_output_has_snippets_and_no_progress_off_a_terminal() {
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf");
    let o = bundle(&app)
        .args(&["bundle", "check", ".", "--as-of", AS_OF])
        .status(1)
        .stdout_has("error[document-missing]: `pool/nope.pdf` does not exist")
        .stdout_has("  --> ./app.yaml:")
        .stdout_has("- path: pool/nope.pdf")
        .stdout_has("checked 1 application(s)")
        .run();
    assert!(o.stderr.is_empty(), "{}", o.stderr);
}

#[test]
fn checklist_statuses_percent_and_request() {
    let app = replace_doc(&base_app(), "1.2", "pool/nope.pdf").replacen(
        "        summary: \"sections 2-4\"\n    \"1.4\"",
        "    \"1.4\"",
        1,
    );
    let o = bundle(&app)
        .args(&["checklist", "app.yaml", "--format", "json"])
        .status(1)
        .run();
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let items = v["checklist"]["items"].as_array().unwrap();
    let st = |id: &str| items.iter().find(|i| i["element"] == id).unwrap()["status"].clone();
    assert_eq!(st("1.2"), "missing");
    assert_eq!(st("1.3"), "summary-missing");
    assert_eq!(st("1.1.1"), "present");
    assert_eq!(v["checklist"]["request"], "override-only");
    assert_eq!(v["checklist"]["domains"][0]["present"], 5);
    assert_eq!(v["checklist"]["domains"][0]["percent"], "71.42");
    bundle(&base_app())
        .args(&["checklist", "app.yaml"])
        .stdout_has("a review request can be sent")
        .stdout_has("overall: 100.00 % complete")
        .run();
}

#[test]
fn standards_list_and_show_are_honest_about_unverified_ids() {
    Test::new()
        .args(&["standards", "show", "1.1.2"])
        .stdout_has("verified:  yes")
        .run();
    Test::new()
        .args(&["standards", "show", "3.4"])
        .stdout_has("verified:  NO")
        .run();
    Test::new()
        .args(&["standards", "list", "--domain", "4"])
        .stdout_has("4.2")
        .stdout_lacks("1.1.2")
        .stdout_has("placeholders")
        .run();
    Test::new()
        .args(&["standards", "show", "9.9"])
        .status(2)
        .run();
}

#[test]
fn schema_validates_examples_with_check_jsonschema() {
    let o = Test::new().args(&["schema"]).run();
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if !tools::check_jsonschema() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, &o.stdout).unwrap();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    let with_docs = dir.path().join("with-documents.yaml");
    std::fs::write(&with_docs, base_app()).unwrap();
    files.push(with_docs);
    let status = Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(&schema)
        .args(&files)
        .status()
        .expect("check-jsonschema (installed by .ci/run)");
    assert!(status.success());
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        base_app().replacen("summary: \"sections 2-4\"", "sumary: \"sections 2-4\"", 1),
    )
    .unwrap();
    let status = Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(&schema)
        .arg(&broken)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "a misspelt key must fail the schema");
}

#[test]
fn every_documents_bundle_and_phi_code_is_exercised_here() {
    let src = include_str!("bundle.rs");
    for c in qcp::codes::all() {
        use qcp::codes::Family::{Bundle, Documents, Phi};
        if matches!(c.family, Documents | Bundle | Phi) {
            assert!(
                src.contains(&format!("\"{}\"", c.code)),
                "no case for {}",
                c.code
            );
        }
    }
}

#[test]
fn pending_elements_wording_follows_the_edition_s0_s1() {
    // docs/rules.md §5: with an element pending, S1 (2024) lets the practice submit a partial
    // response after confirming it; S0 (2019) offered only an override request.
    let app = base_app().replacen(
        "    \"1.2\":\n      - path: pool/domain-1.txt\n        summary: \"sections 2-4\"\n",
        "",
        1,
    );
    assert_ne!(app, base_app(), "fixture edit");
    bundle(&app)
        .args(&["checklist", "app.yaml", "--as-of", AS_OF])
        .stdout_has("a partial response can be submitted after confirming it")
        .run();
    bundle(&app)
        .file("r.toml", include_str!("../standards/rules-qcp-2019.toml"))
        .args(&[
            "--rules",
            "r.toml",
            "checklist",
            "app.yaml",
            "--as-of",
            AS_OF,
        ])
        .stdout_has("only an override request can be sent")
        .run();
    // Near miss: every element has a document → a review request.
    bundle(&base_app())
        .args(&["checklist", "app.yaml", "--as-of", AS_OF])
        .stdout_has("a review request can be sent")
        .run();
}

// ---------------------------------------------------------------------------------------------
// `qcp check --cache DIR` (issue 15, part 3): scans kept by content and versions.

/// Runs the binary in `dir` with `args`: (exit status, stdout, stderr).
fn qcp_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_qcp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code().unwrap_or(-1), out, err)
}

const CHECK: &[&str] = &["check", ".", "--as-of", AS_OF, "--format", "json"];

fn cached(dir: &std::path::Path) -> (i32, String, String) {
    let mut args = CHECK.to_vec();
    args.extend(["--cache", ".qcp-cache"]);
    qcp_in(dir, &args)
}

/// `documents screened: N, from cache: M` → (N, M).
fn counts(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("documents screened: "))
        .unwrap_or_else(|| panic!("no counts in {stderr}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1])
}

/// Every scan entry file of the cache (not the tag, not the files' fingerprint records).
fn entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    all_entries(dir)
        .into_iter()
        .filter(|p| {
            !std::fs::read_to_string(p)
                .unwrap()
                .contains("\"fingerprint\"")
        })
        .collect()
}

fn all_entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(dir.join(".qcp-cache")).unwrap() {
        let sub = sub.unwrap().path();
        if sub.is_dir() {
            for e in std::fs::read_dir(&sub).unwrap() {
                out.push(e.unwrap().path());
            }
        }
    }
    out.sort();
    out
}

/// `document files read: N` → N.
fn files_read(stderr: &str) -> usize {
    let (_, n) = stderr
        .split_once("document files read: ")
        .unwrap_or_else(|| panic!("no read count in {stderr}"));
    n.trim().parse().unwrap()
}

#[test]
fn unchanged_files_are_not_read_again() {
    let t = phi_bundle();
    let dir = t.path().to_path_buf();
    let (status, plain, _) = qcp_in(&dir, CHECK);
    // A file changed in the last two seconds is read again next time (its times could stay
    // the same through a further change): let the fixtures settle.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let (_, _, err) = cached(&dir);
    assert_eq!(files_read(&err), 6, "{err}");
    let (s, out, err) = cached(&dir);
    assert_eq!((s, &out), (status, &plain));
    assert_eq!(counts(&err), (0, 8), "{err}");
    assert_eq!(files_read(&err), 0, "unchanged files are not read: {err}");
    // Damaged fingerprint records are ignored: the files are read and hashed again.
    for e in all_entries(&dir) {
        if std::fs::read_to_string(&e)
            .unwrap()
            .contains("\"fingerprint\"")
        {
            std::fs::write(&e, b"{\"format\":\"qcp-scan-cache/1\"}").unwrap();
        }
    }
    let (s, out, err) = cached(&dir);
    assert_eq!((s, &out), (status, &plain));
    assert_eq!((counts(&err), files_read(&err)), ((0, 8), 6), "{err}");
    // New content of the same length with the old modification time: the status-change time
    // still moves, so the file is read and screened again.
    let p = dir.join("pool/intake.txt");
    let old = std::fs::metadata(&p).unwrap().modified().unwrap();
    std::fs::write(&p, format!("Intake checklist\nDOB: {}\n", "04/15/1963")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let (_, out, err) = cached(&dir);
    assert_eq!(files_read(&err), 1, "{err}");
    assert_eq!(counts(&err).0, 2, "its two scans are made again: {err}");
    let (_, fresh, _) = qcp_in(&dir, CHECK);
    assert_eq!(out, fresh);
}

/// The documents of one folder share one record (one read per folder on a warm run); a
/// damaged folder record is ignored, never trusted, and written again.
#[test]
fn one_record_per_folder_serves_a_warm_run_and_a_damaged_one_is_rebuilt() {
    let t = phi_bundle();
    let dir = t.path().to_path_buf();
    let (status, plain, _) = qcp_in(&dir, CHECK);
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let (_, _, err) = cached(&dir);
    assert_eq!(files_read(&err), 6, "{err}");
    let is_folder = |p: &std::path::Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .contains("\"records\":[")
    };
    let folders: Vec<_> = all_entries(&dir)
        .into_iter()
        .filter(|p| is_folder(p))
        .collect();
    assert_eq!(folders.len(), 1, "the six documents are in one folder");
    // The documents' own records gone: the folder's record alone serves the warm run.
    for e in all_entries(&dir) {
        let text = std::fs::read_to_string(&e).unwrap();
        if text.contains("\"fingerprint\"") && !is_folder(&e) {
            std::fs::remove_file(&e).unwrap();
        }
    }
    let (s, out, err) = cached(&dir);
    assert_eq!((s, &out), (status, &plain));
    assert_eq!((counts(&err), files_read(&err)), ((0, 8), 0), "{err}");
    // A byte of the folder's record changed: ignored, the files read and hashed, the record
    // written again (the near miss above: the whole record is used).
    let text = std::fs::read_to_string(&folders[0]).unwrap();
    std::fs::write(&folders[0], text.replacen("\"scans\":[", "\"scans\":[ ", 1)).unwrap();
    let (s, out, err) = cached(&dir);
    assert_eq!((s, &out), (status, &plain));
    assert_eq!((counts(&err), files_read(&err)), ((0, 8), 6), "{err}");
    assert!(err.contains("1 cache entr(ies) not valid"), "{err}");
    let (_, out, err) = cached(&dir);
    assert_eq!(out, plain);
    assert_eq!(
        files_read(&err),
        0,
        "the folder's record was rebuilt: {err}"
    );
    assert!(!err.contains("not valid"), "{err}");
    // A warm run writes nothing: every entry and record is as it was.
    let snapshot = |d: &std::path::Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        all_entries(d)
            .into_iter()
            .map(|p| {
                let b = std::fs::read(&p).unwrap();
                (p, b)
            })
            .collect()
    };
    let before = snapshot(&dir);
    let (_, out, _) = cached(&dir);
    assert_eq!(out, plain);
    assert_eq!(snapshot(&dir), before);
}

const DOB: &str = "03/14/1962";
const MRN: &str = "00482913";

/// A bundle of two practices sharing the domain policies, one with a TXT and a PDF that carry
/// PHI; six distinct documents.
fn phi_bundle() -> Test {
    let pdf = docs::pdf(
        &[vec!["Consent policy".into(), format!("MRN: {MRN}")]],
        &docs::plain(),
    );
    let app = replace_doc(&base_app(), "1.2", "pool/intake.txt");
    let app = replace_doc(&app, "2.1", "pool/consent.pdf");
    bundle(&app)
        .file(
            "second.yaml",
            base_app().replace("Meadowfield", "Brookside"),
        )
        .file("pool/intake.txt", format!("Intake checklist\nDOB: {DOB}\n"))
        .file("pool/consent.pdf", pdf)
}

#[test]
fn cache_hits_skip_the_screen_and_give_the_same_results() {
    let t = phi_bundle();
    let dir = t.path().to_path_buf();
    let (status, plain, _) = qcp_in(&dir, CHECK);
    assert_eq!(status, 1, "{plain}");
    assert!(codes(&plain).contains(&"phi-suspected".to_owned()));
    let (s1, cold, e1) = cached(&dir);
    assert_eq!(
        (s1, &cold),
        (status, &plain),
        "a cold cache changes nothing"
    );
    assert_eq!(
        counts(&e1),
        (8, 0),
        "6 documents, 2 with PHI screened again with the practice's identifiers left out: {e1}"
    );
    let (s2, warm, e2) = cached(&dir);
    assert_eq!(
        (s2, &warm),
        (status, &plain),
        "cached results are the uncached ones"
    );
    assert_eq!(
        counts(&e2),
        (0, 8),
        "a warm cache reads no document again: {e2}"
    );
    // Nothing PHI is written to the cache: kinds and places only.
    for e in entries(&dir) {
        let text = std::fs::read_to_string(&e).unwrap();
        for value in [DOB, MRN, "1962", "482913"] {
            assert!(!text.contains(value), "{value} in {}", e.display());
        }
    }
    // A changed document is screened again; the others are not.
    std::fs::write(dir.join("pool/domain-3.txt"), policy("3 (revised)")).unwrap();
    let (s3, _, e3) = cached(&dir);
    assert_eq!(s3, 1);
    assert_eq!(counts(&e3), (1, 7), "{e3}");
    // The shipped examples give the same report with and without a cache.
    let ex = repo().join("examples");
    let args = ["check", ".", "--as-of", AS_OF, "--format", "json"];
    let (es, eo, _) = qcp_in(&ex, &args);
    let cache = tempfile::tempdir().unwrap();
    let c = cache.path().to_str().unwrap();
    let with: Vec<&str> = args.iter().copied().chain(["--cache", c]).collect();
    let (cs, co, _) = qcp_in(&ex, &with);
    assert_eq!((cs, co), (es, eo));
}

#[test]
fn corrupt_truncated_and_foreign_entries_are_rebuilt_not_trusted() {
    let t = phi_bundle();
    let dir = t.path().to_path_buf();
    let (status, plain, _) = qcp_in(&dir, CHECK);
    cached(&dir);
    let files = entries(&dir);
    assert_eq!(
        files.len(),
        8,
        "6 documents, 2 with PHI screened again for their practice"
    );
    let first = std::fs::read(&files[0]).unwrap();
    // Truncated; one byte of a message changed; another document's entry in its place (foreign);
    // not an entry at all; empty.
    std::fs::write(&files[0], &first[..first.len() / 2]).unwrap();
    let second = std::fs::read_to_string(&files[1]).unwrap();
    let damaged = second.replacen(
        "\"problems\":[",
        "\"problems\":[[\"phi-suspected\",\" x\",\"y\"],",
        1,
    );
    assert_ne!(damaged, second);
    std::fs::write(&files[1], damaged).unwrap();
    std::fs::write(&files[2], &first).unwrap();
    std::fs::write(&files[3], b"\x00\xffnot json").unwrap();
    std::fs::write(&files[4], b"").unwrap();
    let (s, out, err) = cached(&dir);
    assert_eq!(
        (s, &out),
        (status, &plain),
        "damaged entries never change the report"
    );
    assert_eq!(counts(&err), (5, 3), "{err}");
    assert!(
        err.contains("5 cache entr(ies) not valid: rebuilt"),
        "{err}"
    );
    // Rebuilt: the next run takes everything from the cache again.
    let (_, out, err) = cached(&dir);
    assert_eq!(out, plain);
    assert_eq!(counts(&err), (0, 8), "{err}");
    assert!(!err.contains("not valid"), "{err}");
}

#[test]
fn a_change_of_rule_edition_invalidates_the_cache() {
    let t = phi_bundle();
    let dir = t.path().to_path_buf();
    let rules = std::fs::read_to_string(repo().join("standards/rules-qcp-2024.toml")).unwrap();
    let local = rules.replacen("id = \"qcp-2024\"", "id = \"qcp-2024-local\"", 1);
    assert_ne!(local, rules);
    let elsewhere = tempfile::tempdir().unwrap();
    let local_path = elsewhere.path().join("rules-local.toml");
    std::fs::write(&local_path, local).unwrap();
    cached(&dir);
    let mut args = CHECK.to_vec();
    let local_arg = local_path.to_str().unwrap();
    args.extend(["--cache", ".qcp-cache", "--rules", local_arg]);
    let (_, _, err) = qcp_in(&dir, &args);
    assert_eq!(
        counts(&err),
        (8, 0),
        "another edition: every document again: {err}"
    );
    // The near miss: the same edition again finds its entries.
    let (_, _, err) = cached(&dir);
    assert_eq!(counts(&err), (0, 8), "{err}");
    // A cache folder inside the bundle (not hidden) is not taken for unreferenced documents.
    let mut args = CHECK.to_vec();
    args.extend(["--cache", "scan-cache"]);
    for _ in 0..2 {
        let (_, out, _) = qcp_in(&dir, &args);
        assert!(
            !codes(&out).contains(&"document-unreferenced".to_owned()),
            "{out}"
        );
    }
}

#[test]
fn concurrent_runs_share_a_cache_without_damage() {
    let mut t = phi_bundle();
    // More documents, so the runs overlap on many entries.
    let mut app = base_app();
    for (i, slot) in SLOTS.iter().enumerate() {
        let name = format!("pool/extra-{i}.txt");
        app = replace_doc(&app, slot, &name);
        t = t.file(&name, policy(&format!("{i}")));
    }
    let t = t.file("third.yaml", app.replace("Meadowfield", "Elmwood"));
    let dir = t.path().to_path_buf();
    let (status, plain, _) = qcp_in(&dir, CHECK);
    let mut args: Vec<String> = CHECK.iter().map(|s| (*s).to_owned()).collect();
    args.extend(["--cache".into(), ".qcp-cache".into()]);
    // Four runs at once on a cold cache, then four at once on the warm one.
    for _ in 0..2 {
        let spawned: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_qcp"))
                    .args(&args)
                    .current_dir(&dir)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in spawned {
            let o = c.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(!err.contains("panicked"), "{err}");
            assert!(!err.contains("not valid"), "{err}");
            assert_eq!(o.status.code(), Some(status), "{err}");
            assert_eq!(String::from_utf8_lossy(&o.stdout), plain);
        }
    }
    let (s, out, err) = cached(&dir);
    assert_eq!((s, out), (status, plain));
    let (screened, hits) = counts(&err);
    assert_eq!(
        (screened, hits),
        (0, 33),
        "31 documents, 2 with PHI screened again for their practice: {err}"
    );
    assert!(
        !err.contains("not valid"),
        "no run left a damaged entry: {err}"
    );
    // No temporary file is left behind.
    for e in entries(&dir) {
        let name = e.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.ends_with(".json") && !name.starts_with('.'), "{name}");
    }
}

/// Results are taken in runs of several files per thread: the report lists every file once,
/// in the folder's order, with its own findings, whatever the thread count (the near miss:
/// one thread).
#[test]
fn many_files_on_several_threads_are_reported_once_each_in_order() {
    let d = tempfile::tempdir().unwrap();
    let ex = std::fs::read_to_string(repo().join("examples/eligible-new.yaml")).unwrap();
    let n = 300;
    for i in 0..n {
        // Every seventh file is unusable, so results differ in kind and cost.
        let text = if i % 7 == 0 {
            "practice: [unclosed\n".to_owned()
        } else {
            ex.clone()
        };
        std::fs::write(d.path().join(format!("app-{i:04}.yaml")), text).unwrap();
    }
    let files = |threads: &str| -> Vec<(String, bool)> {
        let mut args = CHECK.to_vec();
        args.extend(["--threads", threads]);
        let (code, out, err) = qcp_in(d.path(), &args);
        assert_eq!(code, 2, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["file"].as_str().unwrap().to_owned(),
                    f["unusable"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let one = files("1");
    let expected: Vec<(String, bool)> = (0..n)
        .map(|i| (format!("./app-{i:04}.yaml"), i % 7 == 0))
        .collect();
    assert_eq!(one, expected);
    assert_eq!(files("3"), one);
}
