#![allow(clippy::expect_used, missing_docs)]
//! The `qcp` binary end to end: commands, exit statuses, bad input, atomic writes.

mod common;
#[path = "common/tools.rs"]
mod tools;
use common::Test;

const MINIMAL: &str = "practice:\n  name: Demo\n  country: US\n";

#[test]
fn eligibility_exit_status_follows_findings() {
    Test::new()
        .example("eligible-new.yaml")
        .args(&[
            "eligibility",
            "check",
            "eligible-new.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .stdout_has("Meadowfield Oncology is eligible to apply as of 2026-11-22")
        .run();
    Test::new()
        .example("score-74-99.yaml")
        .args(&[
            "eligibility",
            "check",
            "score-74-99.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .status(1)
        .stdout_has("error[score-below-threshold]")
        .stdout_has("score-74-99.yaml:38:20")
        .run();
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let args = [
        "eligibility",
        "check",
        "charts-exhausted.yaml",
        "--as-of",
        "2026-11-22",
    ];
    Test::new()
        .example("charts-exhausted.yaml")
        .args(&args)
        .run();
    Test::new()
        .example("charts-exhausted.yaml")
        .args(&args)
        .args(&["--deny", "warnings"])
        .status(1)
        .run();
}

#[test]
fn json_output_is_versioned_and_names_the_edition() {
    let out = Test::new()
        .example("eligible-new.yaml")
        .args(&[
            "eligibility",
            "check",
            "eligible-new.yaml",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ])
        .run();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(v["schema"], "qcp-eligibility/1");
    assert_eq!(v["edition"]["id"], "qcp-2024");
    assert_eq!(v["as_of"], "2026-11-22");
    assert_eq!(v["eligibility"]["outcome"], "eligible");
}

#[test]
fn as_of_is_validated() {
    Test::new()
        .file("a.yaml", MINIMAL)
        .args(&["eligibility", "check", "a.yaml", "--as-of", "2026-02-30"])
        .status(2)
        .stderr_has("2026-02-30")
        .run();
}

#[test]
fn qcp_as_of_pins_the_date_and_as_of_wins() {
    Test::new()
        .example("application-complete.yaml")
        .env("QCP_AS_OF", "2026-11-22")
        .args(&["check", "application-complete.yaml", "--format", "json"])
        .status(0)
        .stdout_has("\"as_of\":\"2026-11-22\"")
        .run();
    Test::new()
        .example("application-complete.yaml")
        .env("QCP_AS_OF", "2026-11-22")
        .args(&["check", "application-complete.yaml", "--format", "json"])
        .args(&["--as-of", "2026-11-23"])
        .stdout_has("\"as_of\":\"2026-11-23\"")
        .run();
    Test::new()
        .file("a.yaml", MINIMAL)
        .env("QCP_AS_OF", "22/11/2026")
        .args(&["eligibility", "check", "a.yaml"])
        .status(2)
        .stderr_has("QCP_AS_OF")
        .run();
}

/// A QOPI participation file (docs/application-format.md, "QOPI participation files") gets the
/// QOPI checks and one info; the same file with an eligibility form is an application and gets
/// every certification check (near miss).
#[test]
fn a_qopi_participation_file_is_not_checked_as_an_application() {
    let example = std::fs::read_to_string(common::repo().join("examples/qopi-first-round.yaml"))
        .expect("example");
    Test::new()
        .file("a.yaml", &example)
        .args(&["check", "a.yaml", "--as-of", "2026-11-22"])
        .status(0)
        .stdout_has("info[certification-not-started]")
        .stdout_lacks("eligibility-form-missing")
        .stdout_lacks("participation-agreement-unsigned")
        .run();
    // Without the BAA, the QOPI BAA check still runs.
    let start = example.find("agreements:\n").expect("agreements");
    let end = start + example[start..].find("\nqopi:").expect("qopi");
    let no_baa = format!("{}{}", &example[..start], &example[end..]);
    Test::new()
        .file("a.yaml", no_baa)
        .args(&["check", "a.yaml", "--as-of", "2026-11-22"])
        .status(1)
        .stdout_has("error[baa-missing]")
        .stdout_lacks("eligibility-form-missing")
        .run();
    let applying = format!("{example}\neligibility:\n  form_date: 2026-11-20\n");
    Test::new()
        .file("a.yaml", applying)
        .args(&["check", "a.yaml", "--as-of", "2026-11-22"])
        .status(1)
        .stdout_lacks("certification-not-started")
        // Before eligibility approval the agreement is not due yet (docs/rules.md §2, S1).
        .stdout_has("info[participation-agreement-not-yet]")
        .stdout_lacks("participation-agreement-unsigned")
        .run();
}

#[test]
fn bad_input_is_located_and_exits_2() {
    // Each case: file text, expected code, expected file:line:column.
    let cases: &[(&str, &str, &str)] = &[
        (
            "practice:\n  name: Demo\n  country: US\n  physicans: []\n",
            "unknown-key",
            "a.yaml:4:3",
        ),
        (
            "practice:\n  name: Demo\n  country: US\n  fte: twelve\n",
            "invalid-number",
            "a.yaml:4:8",
        ),
        (
            "practice:\n  name: Demo\n  country: US\nrounds:\n  - id: QOPI-2026-R1\n    overall_score: 120\n",
            "invalid-percent",
            "a.yaml:6:20",
        ),
        (
            "practice:\n  name: Demo\n  country: US\napplicant:\n  type: recertifying\n  current_certification:\n    awarded: 2026-02-30\n    expires: 2029-02-28\n",
            "invalid-date",
            "a.yaml:7:14",
        ),
        (
            // The unclosed quote is reported where it opens, not at the end of the file.
            "practice:\n  name: \"Demo\n  country: US\n",
            "yaml-syntax",
            "a.yaml:2:9",
        ),
        ("practice:\n\tname: Demo\n", "yaml-syntax", "a.yaml:2:1"),
        ("practice: [name, Demo]\n", "wrong-type", "a.yaml:1:11"),
        ("practice:\n  name: Demo\n", "missing-key", "a.yaml:2:3"),
        (
            // A flag takes true/false or yes/no (one vocabulary); anything else is refused.
            "practice:\n  name: Demo\n  country: US\nrounds:\n  - id: QOPI-2026-R1\n    qcp_track: maybe\n",
            "wrong-type",
            "a.yaml:6:16",
        ),
    ];
    for (text, code, at) in cases {
        Test::new()
            .file("a.yaml", text)
            .args(&["validate", "a.yaml"])
            .status(2)
            .stderr_has(&format!("[{code}]"))
            .stderr_has(at)
            .stderr_has("hint:")
            .run();
    }
}

#[test]
fn unsupported_format_version() {
    Test::new()
        .file(
            "a.yaml",
            "format_version: 7\npractice: {name: X, country: US}\n",
        )
        .args(&["validate", "a.yaml"])
        .status(2)
        .stderr_has("[unsupported-format-version]")
        .stderr_has("a.yaml:1:17")
        .run();
    Test::new()
        .file(
            "a.yaml",
            "format_version: 1\npractice: {name: X, country: US}\n",
        )
        .args(&["validate", "a.yaml"])
        .run();
}

#[test]
fn misspelt_key_gets_a_suggestion() {
    Test::new()
        .file(
            "a.yaml",
            "practice:\n  name: Demo\n  country: US\n  physicans: []\n",
        )
        .args(&["validate", "a.yaml"])
        .status(2)
        .stderr_has("did you mean `physicians`?")
        .run();
}

#[test]
fn percent_forms_documented_and_ambiguous_refused() {
    let with = |score: &str| {
        format!(
            "practice:\n  name: Demo\n  country: US\nrounds:\n  - id: QOPI-2026-R1\n    overall_score: {score}\n"
        )
    };
    for ok in ["86", "86.25", "\"86%\""] {
        Test::new()
            .file("a.yaml", with(ok))
            .args(&["validate", "a.yaml"])
            .run();
    }
    Test::new()
        .file("a.yaml", with("0.86"))
        .args(&["validate", "a.yaml"])
        .status(2)
        .stderr_has("ambiguous")
        .run();
}

#[test]
fn every_bad_value_is_reported_at_once() {
    let text = "practice:\n  name: Demo\n  country: US\n  fte: -1\nrounds:\n  - id: QOPI-2026-R1\n    overall_score: 101\n    final_report: 2026-13-01\n";
    let out = Test::new()
        .file("a.yaml", text)
        .args(&["validate", "a.yaml"])
        .status(2)
        .run();
    for at in ["a.yaml:4:8", "a.yaml:7:20", "a.yaml:8:19"] {
        assert!(out.stderr.contains(at), "missing {at}\n{}", out.stderr);
    }
}

#[test]
fn unusable_files_exit_2_without_panicking() {
    Test::new()
        .args(&["validate", "missing.yaml"])
        .status(2)
        .stderr_has("no such file")
        .run();
    let t = Test::new();
    std::fs::create_dir(t.path().join("dir.yaml")).expect("mkdir");
    t.args(&["validate", "dir.yaml"])
        .status(2)
        .stderr_has("is a directory")
        .run();
    Test::new()
        .file("e.yaml", "")
        .args(&["validate", "e.yaml"])
        .status(2)
        .stderr_has("[file-empty]")
        .run();
    Test::new()
        .file("c.yaml", "# only a comment\n")
        .args(&["validate", "c.yaml"])
        .status(2)
        .stderr_has("[file-empty]")
        .run();
    Test::new()
        .file("b.yaml", [0xff_u8, 0xfe, 0x00, 0x41])
        .args(&["validate", "b.yaml"])
        .status(2)
        .stderr_has("not UTF-8")
        .run();
}

#[test]
fn alias_bomb_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{i}: &{i} [{refs}]\n"));
    }
    bomb.push_str("practice: {name: X, country: US}\n");
    Test::new()
        .file("bomb.yaml", bomb)
        .args(&["validate", "bomb.yaml"])
        .status(2)
        .run();
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let big = format!(
        "practice:\n  name: Demo\n  country: US\n# {}\n",
        "x".repeat(3 * 1024 * 1024)
    );
    Test::new()
        .file("big.yaml", big)
        .args(&["validate", "big.yaml"])
        .status(2)
        .stderr_has("[file-too-large]")
        .run();
}

#[test]
fn init_writes_a_loadable_file_and_refuses_to_overwrite() {
    let out = Test::new()
        .args(&[
            "init",
            "new.yaml",
            "--practice",
            "Ærø \"Kræft\" Klinik",
            "--country",
            "es",
        ])
        .run();
    let text = std::fs::read_to_string(out.dir.join("new.yaml")).expect("written");
    assert!(text.contains("country: ES"));
    let src = qcp::source::SourceFile::new("new.yaml", text);
    let app = qcp::model::load::parse(&src).expect("the starter file loads");
    assert_eq!(app.practice.name, "Ærø \"Kræft\" Klinik");

    let t = Test::new().file("keep.yaml", "# my notes\n");
    let dir = t.path().to_path_buf();
    t.args(&["init", "keep.yaml", "--practice", "X", "--country", "US"])
        .status(2)
        .stderr_has("--force")
        .run();
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.yaml")).unwrap_or_default(),
        ""
    );
}

#[test]
fn init_force_overwrites_and_leaves_no_temporary_files() {
    let out = Test::new()
        .file("keep.yaml", "# old\n")
        .args(&[
            "init",
            "keep.yaml",
            "--practice",
            "X",
            "--country",
            "US",
            "--force",
        ])
        .run();
    let names: Vec<String> = std::fs::read_dir(&out.dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, vec!["keep.yaml".to_owned()]);
}

#[test]
fn init_refuses_a_bad_country() {
    Test::new()
        .args(&["init", "x.yaml", "--practice", "X", "--country", "USA"])
        .status(2)
        .stderr_has("two-letter")
        .run();
}

#[test]
fn explain_every_code_and_unknown_code() {
    for c in qcp::codes::all() {
        Test::new()
            .args(&["explain", c.code])
            .stdout_has(c.summary)
            .stdout_has("How to fix")
            .run();
    }
    Test::new()
        .args(&["explain", "score-below-treshold"])
        .status(2)
        .stderr_has("did you mean `score-below-threshold`?")
        .run();
}

#[test]
fn rules_show_and_bad_rules_file() {
    Test::new()
        .args(&["rules", "show"])
        .stdout_has("qcp-2024")
        .stdout_has("QOPI-2027-R2")
        .stdout_has("75.00 %")
        // Every table of the edition is shown, not only eligibility.
        .stdout_has("[survey] figure")
        .stdout_has("[documents] figure")
        .stdout_has("10000000")
        .stdout_has("10485760")
        .run();
    let bad = qcp::rules::DEFAULT_EDITION_TOML.replacen(
        "hours_per_fte = 40",
        "hours_per_fte = \"forty\"",
        1,
    );
    Test::new()
        .file("r.toml", bad)
        .args(&["--rules", "r.toml", "rules", "show"])
        .status(2)
        .stderr_has("r.toml:")
        .run();
    // A different edition is named in the report.
    let other = qcp::rules::DEFAULT_EDITION_TOML
        .replacen("id = \"qcp-2024\"", "id = \"practice-packet-2027\"", 1)
        .replacen("score_threshold = 75", "score_threshold = 80", 1);
    Test::new()
        .file("r.toml", other)
        .example("eligible-new.yaml")
        .args(&[
            "--rules",
            "r.toml",
            "eligibility",
            "check",
            "eligible-new.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .stdout_has("practice-packet-2027")
        .stdout_has("≥ 80.00 %")
        .run();
}

#[test]
fn rules_show_prints_each_figures_standing_and_unlabelled_ones_s1() {
    // Issue 10 part 1: every figure says what it rests on; the chart table is a placeholder.
    Test::new()
        .args(&["rules", "show"])
        .stdout_has("What each figure rests on")
        .stdout_has("eligibility.unique_charts")
        .stdout_has("placeholder")
        .stdout_has("user guide")
        .run();
    // Bad input: a rules file without [provenance] still loads; its figures read UNLABELLED.
    let text = qcp::rules::DEFAULT_EDITION_TOML;
    let cut = text.find("\n[provenance]").expect("provenance table");
    let bare = &text[..cut];
    Test::new()
        .file("r.toml", bare)
        .args(&["--rules", "r.toml", "rules", "show"])
        .stdout_has("UNLABELLED")
        .run();
    // Near miss: the shipped edition labels every figure.
    let e = qcp::rules::RuleEdition::embedded().expect("rules");
    assert!(e.unlabelled().is_empty(), "{:?}", e.unlabelled());
}

#[test]
fn standards_show_lists_unnumbered_elements_with_their_source() {
    // Issue 10 part 10: 3.8's checks beyond 3.8.1/3.8.2 come from the ASCO/ONS standards, with no
    // guessed id; S1's 3.8.1 is verified with that source.
    Test::new()
        .args(&["standards", "show", "3.8"])
        .stdout_has("3.8.1")
        .stdout_has("without a known QCP number")
        .stdout_has("expiration date")
        .stdout_has("dose calculation")
        .run();
    Test::new()
        .args(&["standards", "show", "3.8.1"])
        .stdout_has("verified:  yes")
        .stdout_has("Certification Portal user guide 2024-02-21")
        .run();
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = [
        "eligibility",
        "check",
        "score-74-99.yaml",
        "--as-of",
        "2026-11-22",
    ];
    let plain = Test::new()
        .example("score-74-99.yaml")
        .args(&args)
        .status(1)
        .run();
    assert!(!plain.stdout.contains('\x1b'), "no colour when piped");
    let forced = Test::new()
        .example("score-74-99.yaml")
        .args(&args)
        .args(&["--color", "always"])
        .status(1)
        .run();
    assert!(forced.stdout.contains("\x1b["));
}

#[test]
fn completions_and_man_page() {
    Test::new()
        .args(&["completions", "bash"])
        .stdout_has("qcp")
        .stdout_has("eligibility")
        .run();
    Test::new().args(&["man"]).stdout_has(".TH qcp").run();
}

#[test]
fn usage_errors_exit_2() {
    Test::new().args(&["frobnicate"]).status(2).run();
    Test::new().args(&["eligibility", "check"]).status(2).run();
}

#[test]
fn validate_reports_consistency_findings_with_exit_1() {
    let text = "practice:\n  name: Demo\n  country: US\n  physicians:\n    - name: Dr A\n      npi: \"1234567890\"\n";
    Test::new()
        .file("a.yaml", text)
        .args(&["validate", "a.yaml"])
        .status(1)
        .stdout_has("error[npi-invalid]")
        .stdout_has("a.yaml:6:12")
        .run();
}

/// Issue 14: one overwrite policy for every output qcp writes (PDF, iCalendar, workbook, YAML
/// skeleton): an existing file is refused with a hint to pass --force, and replaced with it.
#[test]
fn every_output_refuses_an_existing_file_without_force() {
    let cases: [&[&str]; 4] = [
        &[
            "application",
            "render",
            "ccr-partially-met.yaml",
            "--pdf",
            "out",
        ],
        &["deadlines", "ccr-partially-met.yaml", "--ics", "out"],
        &[
            "ccr",
            "action-plan",
            "ccr-partially-met.yaml",
            "--xlsx",
            "out",
        ],
        &[
            "ccr",
            "action-plan",
            "ccr-partially-met.yaml",
            "--yaml",
            "out",
        ],
    ];
    for args in cases {
        let mut refused: Vec<&str> = args.to_vec();
        refused.extend(["--as-of", "2026-11-22"]);
        let t = Test::new()
            .example("ccr-partially-met.yaml")
            .file("out", "keep me")
            .args(&refused)
            .status(2)
            .stderr_has("--force")
            .run();
        assert_eq!(
            std::fs::read_to_string(t.dir.join("out")).expect("kept"),
            "keep me",
            "{args:?}"
        );
        let mut forced = refused.clone();
        forced.push("--force");
        let t = Test::new()
            .example("ccr-partially-met.yaml")
            .file("out", "keep me")
            .args(&forced)
            .run();
        assert_ne!(
            std::fs::read(t.dir.join("out")).expect("written"),
            b"keep me",
            "{args:?}"
        );
    }
    // Near miss: the global options are listed apart from a command's own.
    let help = Test::new().args(&["check", "--help"]).run();
    let own = help.stdout.find("--as-of").expect("own option");
    let global = help.stdout.find("Global options").expect("global heading");
    assert!(own < global, "{}", help.stdout);
}

/// Issue 14: a usage error shows every form a command accepts (`fee estimate` takes a file or
/// a what-if).
#[test]
fn fee_estimate_usage_shows_the_what_if_form() {
    Test::new()
        .args(&["fee", "estimate"])
        .status(2)
        .stderr_has("qcp fee estimate <FILE>")
        .stderr_has("qcp fee estimate --fte <FTE> --sites <N>")
        .run();
}

/// Issue 13: `qcp qopi check` and `qcp qopi plan` (S2, S4), their exit statuses and bad input.
#[test]
fn qopi_check_and_plan() {
    Test::new()
        .example("qopi-first-round.yaml")
        .args(&[
            "qopi",
            "check",
            "qopi-first-round.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .stdout_has("QOPI registration and participation are in order as of 2026-11-22")
        .run();
    Test::new()
        .example("qopi-first-round.yaml")
        .args(&[
            "qopi",
            "plan",
            "qopi-first-round.yaml",
            "--round",
            "QOPI-2027-R1",
            "--as-of",
            "2026-11-22",
        ])
        .stdout_has("QOPI-2027-R1: 96 chart(s), about 96 hour(s) of abstraction")
        .stdout_has("2026-12-11")
        .run();
    // A round neither in the calendar nor in the file: a usage error naming the nearest id.
    Test::new()
        .example("qopi-first-round.yaml")
        .args(&[
            "qopi",
            "plan",
            "qopi-first-round.yaml",
            "--round",
            "QOPI-2027-R3",
        ])
        .status(2)
        .stderr_has("did you mean `QOPI-2027-R2`")
        .run();
    // Two corresponding physicians and an id in another shape: located findings, exit 1.
    let bad = "practice:\n  name: Demo\n  country: US\nqopi:\n  registered_on: 2026-10-01\n  prequalification: [true, true, true, true, true, true, true, true]\n  users:\n    - name: A\n      roles: [corresponding, administrator]\n      asco_member_id: \"12-34\"\n    - name: B\n      roles: [corresponding]\n";
    Test::new()
        .file("bad.yaml", bad)
        .args(&["qopi", "check", "bad.yaml", "--as-of", "2026-11-22"])
        .status(1)
        .stdout_has("error[qopi-corresponding-count]")
        .stdout_has("bad.yaml:12:")
        .stdout_has("error[qopi-member-id-shape]")
        .stdout_has("bad.yaml:10:")
        .run();
    // A role outside the list: unusable input (exit 2) at its line.
    Test::new()
        .file(
            "role.yaml",
            bad.replace("roles: [corresponding]", "roles: [owner]"),
        )
        .args(&["qopi", "check", "role.yaml"])
        .status(2)
        .stderr_has("role.yaml:12:")
        .run();
}

/// Issue 13 (S2, S4): `qcp deadlines` and its .ics carry the QOPI registration deadline and the
/// round's dates; registering (recording `registered_on`) takes the deadline off the open list.
#[test]
fn deadlines_and_ics_carry_the_qopi_dates() {
    let text = std::fs::read_to_string(common::repo().join("examples/qopi-first-round.yaml"))
        .expect("example");
    let unregistered = text.replace("  registered_on: 2026-10-20\n", "");
    let o = Test::new()
        .file("new.yaml", &unregistered)
        .args(&[
            "deadlines",
            "new.yaml",
            "--as-of",
            "2026-11-22",
            "--ics",
            "d.ics",
        ])
        .stdout_has("Register with QOPI")
        .stdout_has("2026-12-11")
        .stdout_has("2027-01-11")
        .stdout_has("2027-06-18")
        .run();
    let ics = std::fs::read_to_string(o.dir.join("d.ics")).expect("ics");
    assert!(
        ics.contains("Register with QOPI to take part in QOPI-2027-R1"),
        "{ics}"
    );
    assert!(ics.contains("DTSTART;VALUE=DATE:20261211"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270111"), "{ics}");
    // One UID per event, even with several rounds (the round id is part of it).
    let fellows = Test::new()
        .example("fellowship-program.yaml")
        .args(&[
            "deadlines",
            "fellowship-program.yaml",
            "--as-of",
            "2024-11-22",
            "--ics",
            "f.ics",
        ])
        .run();
    let ics = std::fs::read_to_string(fellows.dir.join("f.ics")).expect("ics");
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    let unique: std::collections::BTreeSet<&&str> = uids.iter().collect();
    assert!(uids.len() >= 6, "{ics}");
    assert_eq!(unique.len(), uids.len(), "{uids:?}");
    assert!(ics.contains("UID:qopi-round-opens.QOPI-2026-R1."), "{ics}");
    // Registered: the registration deadline is done, the round's dates stay.
    Test::new()
        .example("qopi-first-round.yaml")
        .args(&[
            "deadlines",
            "qopi-first-round.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .stdout_lacks("Register with QOPI")
        .stdout_has("2027-01-11")
        .run();
    // After the deadline, still unregistered: a located error, and the stage is late.
    Test::new()
        .file("late.yaml", &unregistered)
        .args(&["qopi", "check", "late.yaml", "--as-of", "2026-12-12"])
        .status(1)
        .stdout_has("error[qopi-registration-late]")
        .run();
    Test::new()
        .file("late.yaml", &unregistered)
        .args(&["status", "late.yaml", "--as-of", "2026-12-12"])
        .stdout_has("QOPI")
        .stdout_has("late")
        .run();
}

/// Issue 14: one boolean vocabulary across the file — every flag and every answer takes
/// `true`/`false` and `yes`/`no` alike (docs/application-format.md, "Value forms"); other words
/// are refused at their position.
#[test]
fn flags_and_answers_take_the_same_words() {
    let base = "practice:\n  name: Demo\n  country: US\n  fte: 3\nrounds:\n  - id: QOPI-2026-R1\n    overall_score: 90\n    unique_charts: 100\n";
    for (track, attested) in [
        ("yes", "true"),
        ("true", "yes"),
        ("no", "false"),
        ("false", "no"),
    ] {
        let text = format!(
            "{base}    qcp_track: {track}\nquestionnaire:\n  attestations:\n    standards_reviewed: {attested}\n    resurvey_fee_acknowledged: {attested}\n"
        );
        Test::new()
            .file("a.yaml", &text)
            .args(&["validate", "a.yaml", "--as-of", "2026-11-22"])
            .stdout_lacks("wrong-type")
            .run();
    }
    Test::new()
        .file(
            "a.yaml",
            format!("{base}questionnaire:\n  attestations:\n    resurvey_fee_acknowledged: sure\n"),
        )
        .args(&["validate", "a.yaml"])
        .status(2)
        .stderr_has("a.yaml:11:32")
        .run();
}

// ------------------------------------------------------------------ readiness (issue 15 part 1)

/// Runs qcp in `dir`: (exit status, stdout, stderr).
fn qcp_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qcp"))
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "120")
        .output()
        .expect("run qcp");
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(!err.contains("panicked"), "qcp {args:?} panicked: {err}");
    (o.status.code().unwrap_or(-1), out, err)
}

#[test]
fn readiness_reports_figures_issues_and_actions_of_the_example() {
    Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "readiness",
            "ccr-partially-met.yaml",
            "--as-of",
            "2026-07-28",
        ])
        // 19 Met and 2 Partially Met of 21 counted (2.4 is N/A): 40/42 = 95.23 %.
        .stdout_has("readiness: 95.23 % over 22 of 22 standards rated")
        .stdout_has(
            "2.3      Partially Met  Partial Compliance (Critical Partial Compliance if critical)",
        )
        .stdout_has("4.2      2026-09-30  Dr. Priya Natarajan")
        .stdout_has("AFTER THE SURVEY")
        .stdout_has("warning[readiness-action-after-survey]")
        .stdout_has("ccr-partially-met.yaml:214:113")
        .run();
    // Warnings only: exit 1 only with --deny warnings.
    Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "readiness",
            "ccr-partially-met.yaml",
            "--as-of",
            "2026-07-28",
            "--deny",
            "warnings",
        ])
        .status(1)
        .run();
    // A file without the section is a usage problem: exit 2 with what to do.
    Test::new()
        .example("eligible-new.yaml")
        .args(&["readiness", "eligible-new.yaml", "--as-of", "2026-07-28"])
        .status(2)
        .stderr_has("no `readiness` section")
        .run();
}

#[test]
fn readiness_compare_names_what_was_missed_and_feared_and_needs_a_ccr() {
    let out = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "readiness",
            "compare",
            "ccr-partially-met.yaml",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ])
        .run();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["schema"], "qcp-readiness-compare/1");
    assert_eq!(v["missed"], serde_json::json!(["3.8", "4.2"]));
    assert_eq!(v["feared"], serde_json::json!(["2.3"]));
    assert_eq!(v["agreement_rate"], "86.36");
    // No CCR recorded: exit 2 and a clear error.
    let no_ccr = format!(
        "{MINIMAL}readiness:\n  ratings:\n    - {{id: \"1.1\", rating: met, evidence: {{observed: x}}}}\n"
    );
    Test::new()
        .file("a.yaml", no_ccr)
        .args(&["readiness", "compare", "a.yaml"])
        .status(2)
        .stderr_has("no `ccr` section with assessments")
        .run();
}

#[test]
fn readiness_workbook_round_trip_keeps_the_section() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let src = std::fs::read_to_string(common::repo().join("examples/ccr-partially-met.yaml"))
        .expect("example");
    std::fs::write(d.join("a.yaml"), &src).expect("write");
    let json = |d: &std::path::Path| {
        let (s, out, err) = qcp_in(
            d,
            &[
                "readiness",
                "a.yaml",
                "--as-of",
                "2026-07-28",
                "--format",
                "json",
            ],
        );
        assert_eq!(s, 0, "{err}");
        let mut v: serde_json::Value = serde_json::from_str(&out).expect("json");
        // Positions move when the section is rewritten in block style; the content must not.
        for f in v["findings"].as_array_mut().expect("findings") {
            f.as_object_mut().expect("finding").remove("location");
        }
        v
    };
    let before = json(d);
    let (s, _, err) = qcp_in(
        d,
        &[
            "readiness",
            "a.yaml",
            "--as-of",
            "2026-07-28",
            "--xlsx",
            "self.xlsx",
        ],
    );
    assert_eq!(s, 0, "{err}");
    assert!(err.contains("wrote self.xlsx"), "{err}");
    // Every output refuses an existing file without --force.
    let (s, _, err) = qcp_in(d, &["readiness", "a.yaml", "--xlsx", "self.xlsx"]);
    assert_eq!(s, 2);
    assert!(err.contains("pass --force"), "{err}");
    // Without --write the section is shown and the file left alone.
    let (s, out, err) = qcp_in(d, &["readiness", "import", "self.xlsx", "--into", "a.yaml"]);
    assert_eq!(s, 0, "{err}");
    assert!(
        out.starts_with("readiness:\n  assessed: 2026-07-28\n"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("a.yaml")).expect("read"),
        src
    );
    let (s, _, err) = qcp_in(
        d,
        &[
            "readiness",
            "import",
            "self.xlsx",
            "--into",
            "a.yaml",
            "--write",
        ],
    );
    assert_eq!(s, 0, "{err}");
    let after_text = std::fs::read_to_string(d.join("a.yaml")).expect("read");
    assert_ne!(after_text, src, "the section was rewritten");
    // Comments outside the section are kept, and so are the section's own outside the
    // ratings list (on `assessed:` and between the keys): the import edits key by key.
    assert!(after_text.contains("# the CCR e-mail arrived on this day"));
    assert!(
        after_text.contains("# mock survey by the quality team"),
        "{after_text}"
    );
    assert!(after_text.contains("# survey_date is not repeated here"));
    assert_eq!(json(d), before, "export then import gives the same section");
}

/// Writes a one-sheet workbook with `rows` (row, col, text) on a sheet named `sheet`.
fn workbook(path: &std::path::Path, sheet: &str, rows: &[(u32, u16, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).expect("name");
    for (r, c, t) in rows {
        ws.write_string(*r, *c, *t).expect("cell");
    }
    wb.save(path).expect("save");
}

#[test]
fn readiness_import_refuses_a_damaged_or_hostile_workbook_with_located_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    std::fs::write(d.join("a.yaml"), MINIMAL).expect("write");
    let import = |book: &str| {
        qcp_in(
            d,
            &["readiness", "import", book, "--into", "a.yaml", "--write"],
        )
    };
    // A bad rating and a bad date, each named by its cell.
    let header = [
        (6, 0, "Standard"),
        (6, 1, "Title"),
        (6, 2, "Rating"),
        (6, 10, "Action due"),
    ];
    let mut cells = header.to_vec();
    cells.extend([
        (11, 0, "3.8"),
        (11, 2, "Mett"),
        (12, 0, "4.2"),
        (12, 2, "Not Met"),
        (12, 10, "2026-02-30"),
    ]);
    workbook(&d.join("bad.xlsx"), "Self-assessment", &cells);
    let (s, _, err) = import("bad.xlsx");
    assert_eq!(s, 2, "{err}");
    assert!(
        err.contains("'Self-assessment'!C12: `Mett` is not a rating"),
        "{err}"
    );
    assert!(
        err.contains("'Self-assessment'!K13: `2026-02-30` is not a date"),
        "{err}"
    );
    // Near miss: the same sheet with good values imports.
    let mut good = header.to_vec();
    good.extend([
        (11, 0, "3.8"),
        (11, 2, "Partially Met"),
        (12, 0, "4.2"),
        (12, 2, "not_met"),
    ]);
    workbook(&d.join("good.xlsx"), "Self-assessment", &good);
    let (s, _, err) = import("good.xlsx");
    assert_eq!(s, 0, "{err}");
    let text = std::fs::read_to_string(d.join("a.yaml")).expect("read");
    assert!(
        text.contains("rating: partially_met") && text.contains("rating: not_met"),
        "{text}"
    );
    // No sheet of that name.
    workbook(&d.join("other.xlsx"), "Sheet1", &header);
    let (s, _, err) = import("other.xlsx");
    assert_eq!(s, 2);
    assert!(err.contains("no Self-assessment sheet"), "{err}");
    // Not a spreadsheet, and a truncated one: refused, never a panic.
    std::fs::write(d.join("junk.xlsx"), b"not a workbook at all").expect("write");
    let (s, _, err) = import("junk.xlsx");
    assert_eq!(s, 2);
    assert!(err.contains("not a spreadsheet"), "{err}");
    let bytes = std::fs::read(d.join("good.xlsx")).expect("read");
    std::fs::write(d.join("cut.xlsx"), &bytes[..bytes.len() / 2]).expect("write");
    let (s, _, err) = import("cut.xlsx");
    assert_eq!(s, 2, "{err}");
    // The CCR import's budgets: a sheet that claims the last cell of the grid is refused
    // before any cell is read (calamine would size its grid from it).
    let mut far = header.to_vec();
    far.push((1_048_575, 16_383, "x"));
    workbook(&d.join("far.xlsx"), "Self-assessment", &far);
    let (s, _, err) = import("far.xlsx");
    assert_eq!(s, 2, "{err}");
    assert!(err.contains("beyond qcp's workbook limits"), "{err}");
}

#[test]
fn readiness_reads_documents_to_check_the_sections_their_summaries_cite() {
    let yaml = format!(
        "{MINIMAL}documents:\n  phi_attestation: true\n  elements:\n    1.1.1:\n      - {{path: roles.txt, summary: \"§2.1 and §7.2 name who may order\"}}\n\
         readiness:\n  ratings:\n    - {{id: \"1.1.1\", rating: met, evidence: {{documents: [roles.txt]}}}}\n"
    );
    Test::new()
        .file("a.yaml", &yaml)
        .file(
            "roles.txt",
            "Ordering policy\n1 Purpose\n2 Who may order\n2.1 Physicians\n3 Review\n",
        )
        .args(&["readiness", "a.yaml", "--as-of", "2026-07-28"])
        .stdout_has("warning[readiness-summary-cites-missing-section]")
        .stdout_has("cites section(s) 7.2 that `roles.txt` does not have as headings")
        .stdout_has("roles.txt")
        .stdout_has("missing 7.2")
        .run();
    // Near miss: the document has both headings.
    Test::new()
        .file("a.yaml", &yaml)
        .file("roles.txt", "2.1 Physicians\n7.2 Nurses\n")
        .args(&["readiness", "a.yaml", "--as-of", "2026-07-28"])
        .stdout_lacks("readiness-summary-cites-missing-section")
        .stdout_has("all found")
        .run();
    // Without the file nothing is claimed either way.
    Test::new()
        .file("a.yaml", &yaml)
        .args(&["readiness", "a.yaml", "--as-of", "2026-07-28"])
        .stdout_lacks("readiness-summary-cites-missing-section")
        .stdout_has("not checked (text not read)")
        .run();
}

/// One voice: `qcp check` reads the same headings (from its document scan, kept in the scan
/// cache) and reports the same citation finding as `qcp readiness`, at the same place.
#[test]
fn check_reports_the_citations_readiness_reports() {
    let yaml = format!(
        "{MINIMAL}documents:\n  phi_attestation: true\n  elements:\n    1.1.1:\n      - {{path: roles.txt, summary: \"§2.1 and §7.2 name who may order\"}}\n\
         readiness:\n  ratings:\n    - {{id: \"1.1.1\", rating: met, evidence: {{documents: [roles.txt]}}}}\n"
    );
    let citation = |d: &std::path::Path, args: &[&str]| -> Vec<String> {
        let (_, out, err) = qcp_in(d, args);
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        let findings = v["files"][0]["findings"]
            .as_array()
            .or_else(|| v["findings"].as_array())
            .cloned()
            .unwrap_or_default();
        findings
            .iter()
            .filter(|f| f["code"] == "readiness-summary-cites-missing-section")
            .map(|f| format!("{} {} {}", f["path"], f["location"], f["message"]))
            .collect()
    };
    for (doc, expected) in [
        ("1 Purpose\n2 Who may order\n2.1 Physicians\n3 Review\n", 1),
        // Near miss: both cited headings are there.
        ("2.1 Physicians\n7.2 Nurses\n", 0),
    ] {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.yaml"), &yaml).unwrap();
        std::fs::write(d.path().join("roles.txt"), doc).unwrap();
        let readiness = citation(
            d.path(),
            &[
                "readiness",
                "a.yaml",
                "--as-of",
                "2026-07-28",
                "--format",
                "json",
            ],
        );
        assert_eq!(readiness.len(), expected, "{readiness:?}");
        let check = [
            "check",
            "a.yaml",
            "--as-of",
            "2026-07-28",
            "--format",
            "json",
        ];
        assert_eq!(citation(d.path(), &check), readiness);
        // With a scan cache, cold and warm: the headings come back from the cache.
        let cached: Vec<&str> = check.iter().copied().chain(["--cache", "c"]).collect();
        assert_eq!(citation(d.path(), &cached), readiness, "cold cache");
        assert_eq!(citation(d.path(), &cached), readiness, "warm cache");
    }
}

#[test]
fn readiness_pdf_carries_the_figures_without_yaml_positions() {
    if !tools::pdftotext() {
        return;
    }
    let out = Test::new()
        .example("ccr-partially-met.yaml")
        .args(&[
            "readiness",
            "ccr-partially-met.yaml",
            "--as-of",
            "2026-07-28",
            "--pdf",
            "r.pdf",
        ])
        .run();
    let t = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(out.dir.join("r.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&t.stdout);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Overall readiness 95.23 % over 22 of 22 standards rated"),
        "{words}"
    );
    assert!(
        words.contains("Standards that would become CCR issues"),
        "{words}"
    );
    assert!(
        words.contains("Write the oral adherence assessment policy"),
        "{words}"
    );
    assert!(words.contains("after the survey"), "{words}");
    assert!(words.contains("readiness-action-after-survey"), "{words}");
    assert!(
        !words.contains("ccr-partially-met.yaml:"),
        "no YAML positions: {words}"
    );
}

#[test]
fn readiness_workbook_starts_a_section_in_a_file_without_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let src = std::fs::read_to_string(common::repo().join("examples/eligible-new.yaml"))
        .expect("example");
    std::fs::write(d.join("a.yaml"), &src).expect("write");
    let (s, _, err) = qcp_in(d, &["readiness", "a.yaml", "--xlsx", "blank.xlsx"]);
    assert_eq!(s, 0, "{err}");
    // Nothing rated yet: importing the blank workbook gives an empty list, and the report
    // then names every standard as unrated.
    let (s, _, err) = qcp_in(
        d,
        &[
            "readiness",
            "import",
            "blank.xlsx",
            "--into",
            "a.yaml",
            "--write",
        ],
    );
    assert_eq!(s, 0, "{err}");
    let text = std::fs::read_to_string(d.join("a.yaml")).expect("read");
    assert!(
        text.starts_with(&src[..200]),
        "the rest of the file is kept"
    );
    assert!(text.contains("readiness:\n  ratings: []"), "{text}");
    let (s, out, err) = qcp_in(d, &["readiness", "a.yaml", "--as-of", "2026-07-28"]);
    assert_eq!(s, 0, "{err}");
    assert!(
        out.contains("22 of 22 standards of the catalog are not rated"),
        "{out}"
    );
    assert!(
        out.contains("readiness: — over 0 of 22 standards rated"),
        "{out}"
    );
}

#[test]
fn readiness_never_prints_what_a_document_says() {
    // The cited-section check reads the document; its findings name section numbers from the
    // summary and the file, never the document's text (which may hold patient identifiers).
    let yaml = format!(
        "{MINIMAL}documents:\n  phi_attestation: true\n  elements:\n    1.1.1:\n      - {{path: intake.txt, summary: \"section 9 covers intake\"}}\n\
         readiness:\n  ratings:\n    - {{id: \"1.1.1\", rating: met, evidence: {{documents: [intake.txt]}}}}\n"
    );
    let out = Test::new()
        .file("a.yaml", &yaml)
        .file(
            "intake.txt",
            "1 Intake\nPatient: LOPEZ, MARIA   MRN: 00482913   DOB: 03/14/1962\n2 Review\n",
        )
        .args(&[
            "readiness",
            "a.yaml",
            "--as-of",
            "2026-07-28",
            "--format",
            "json",
        ])
        .run();
    assert!(
        out.stdout
            .contains("readiness-summary-cites-missing-section")
    );
    for secret in ["LOPEZ", "00482913", "03/14/1962"] {
        assert!(
            !out.stdout.contains(secret) && !out.stderr.contains(secret),
            "{secret}"
        );
    }
}
