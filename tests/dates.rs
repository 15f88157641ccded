#![allow(clippy::expect_used, missing_docs)]
//! Survey scheduling (docs/rules.md §6), status and deadlines (docs/rules.md §2, §7, §8): one case per finding
//! code that fires and a near miss that must not, goldens of every example's status at two dates,
//! the CLI's bad-input cases, `--write` keeping comments, and the iCalendar round trip through an
//! independent parser (PyPI `icalendar`, installed by .ci/run).

mod common;
#[path = "common/tools.rs"]
mod tools;
use common::Test;

use std::path::Path;

use qcp::catalog::Catalog;
use qcp::model::load;
use qcp::render::Style;
use qcp::rules::RuleEdition;
use qcp::source::SourceFile;
use qcp::status::{self, Progress, Steps};

const BASE: &str = "\
practice: {name: Demo Oncology, country: US}
eligibility:
  form_date: 2026-11-02
survey:
  mode: in_person
  form_date: 2026-11-23        # a Monday: 4 weeks → 2026-12-21, 6 weeks → 2027-01-04
  preferred_weekdays: [tuesday, thursday]
  options:
    - 2027-01-05
    - 2027-01-07
    - 2027-01-12
    - 2027-01-14
    - 2027-01-19
    - {from: 2027-01-20, to: 2027-01-22}
  unavailable:
    - {from: 2027-02-01, to: 2027-02-05, reason: EMR upgrade}
";

/// S0 edition fixture: five dates, 5–12 weeks after submission (2026-11-02 → 2026-12-07..2027-01-25).
const OLD: &str = "\
practice: {name: Demo Oncology, country: US}
eligibility:
  form_date: 2026-10-01
survey:
  mode: in_person
  application_submitted: 2026-11-02
  options: [2026-12-08, 2026-12-15, 2027-01-05, 2027-01-12, 2027-01-25]
";

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture edit: {from:?} not found");
    text.replacen(from, to, 1)
}

fn example(name: &str) -> String {
    std::fs::read_to_string(common::repo().join("examples").join(name)).expect("example")
}

fn rules_2019() -> RuleEdition {
    let text = std::fs::read_to_string(common::repo().join("standards/rules-qcp-2019.toml"))
        .expect("2019 edition");
    RuleEdition::from_toml(std::path::Path::new("rules-qcp-2019.toml"), &text).expect("loads")
}

fn cal() -> qcp::calendar::HolidayCalendar {
    qcp::rules::deadlines::embedded_calendar("us-federal")
        .expect("embedded")
        .expect("valid")
}

fn survey_with(text: &str, as_of: &str, rules: &RuleEdition) -> Vec<&'static str> {
    let app = load::parse(&SourceFile::new("t.yaml", text)).expect("fixture loads");
    qcp::survey::check(&app, rules, &cal(), as_of.parse().expect("date"))
        .expect("survey rules")
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn survey(text: &str) -> Vec<&'static str> {
    survey_with(text, "2026-11-23", &RuleEdition::embedded().expect("rules"))
}

fn fires(text: &str, code: &str) -> bool {
    survey(text).contains(&code)
}

#[test]
fn base_fixture_has_only_the_weekday_reminder() {
    assert_eq!(survey(BASE), ["survey-iv-patients-reminder"]);
    assert_eq!(
        survey_with(OLD, "2026-11-23", &rules_2019()),
        Vec::<&str>::new()
    );
}

#[test]
fn section_presence_and_order() {
    // docs/rules.md §2: availability (milestone 7) follows the eligibility form (milestone 1).
    let none = "practice: {name: D, country: US}\neligibility: {form_date: 2026-11-02}\n";
    assert_eq!(survey(none), ["survey-section-missing"]);
    let no_elig = edit(BASE, "eligibility:\n  form_date: 2026-11-02\n", "");
    assert!(fires(&no_elig, "survey-without-eligibility"));
    assert!(!fires(BASE, "survey-without-eligibility"));
}

#[test]
fn simultaneous_applicant_needs_half_the_chart_minimum_entered() {
    // docs/rules.md §3, S0: 12.5 FTE → minimum 100 (placeholder table), half = 50; the figure is the
    // eligibility check's `survey_chart_requirement`.
    let rules = RuleEdition::embedded().expect("rules");
    let sim = example("simultaneous.yaml");
    let codes = survey_with(&sim, "2026-11-22", &rules);
    assert!(codes.contains(&"survey-charts-not-entered"), "{codes:?}");
    let app = load::parse(&SourceFile::new("s.yaml", sim.as_str())).expect("loads");
    let needed = qcp::eligibility::check(&app, &rules, "2026-11-22".parse().expect("date"))
        .figures
        .survey_chart_requirement;
    assert_eq!(needed, Some(50));
    let at = edit(&sim, "charts_entered: 38", "charts_entered: 50");
    assert!(!survey_with(&at, "2026-11-22", &rules).contains(&"survey-charts-not-entered"));
    let below = edit(&sim, "charts_entered: 38", "charts_entered: 49");
    assert!(survey_with(&below, "2026-11-22", &rules).contains(&"survey-charts-not-entered"));
}

#[test]
fn option_count_weekdays_mode_and_attestation() {
    // docs/rules.md §6, S1: 6–10 options; preferred weekdays; virtual needs the equipment attestation.
    let five = edit(BASE, "    - 2027-01-19\n", "");
    assert!(fires(&five, "survey-option-count"));
    assert!(!fires(BASE, "survey-option-count"));
    let no_days = edit(BASE, "  preferred_weekdays: [tuesday, thursday]\n", "");
    assert!(fires(&no_days, "survey-weekdays-missing"));
    assert!(!fires(&no_days, "survey-iv-patients-reminder"));
    assert!(fires(BASE, "survey-iv-patients-reminder"));
    assert!(!fires(BASE, "survey-weekdays-missing"));
    let no_mode = edit(BASE, "  mode: in_person\n", "");
    assert!(fires(&no_mode, "survey-mode-missing"));
    let virt = edit(BASE, "mode: in_person", "mode: virtual");
    assert!(fires(&virt, "survey-equipment-attestation-missing"));
    let attested = edit(
        BASE,
        "mode: in_person",
        "mode: virtual\n  equipment_loan_attested: true",
    );
    assert!(!fires(&attested, "survey-equipment-attestation-missing"));
    assert!(!fires(BASE, "survey-equipment-attestation-missing"));
}

#[test]
fn each_option_rule_fires_with_a_near_miss() {
    let opt = |new: &str| edit(BASE, "    - 2027-01-19\n", &format!("    - {new}\n"));
    // Weekend: Saturday 2027-01-16 vs Tuesday 2027-01-19.
    assert!(fires(&opt("2027-01-16"), "survey-option-weekend"));
    assert!(!fires(BASE, "survey-option-weekend"));
    // US federal holiday: Monday 2027-01-18 (Martin Luther King, Jr.) vs Tuesday 2027-01-26.
    assert!(fires(&opt("2027-01-18"), "survey-option-holiday"));
    assert!(fires(
        &opt("{from: 2027-01-16, to: 2027-01-18}"),
        "survey-option-holiday"
    ));
    assert!(!fires(&opt("2027-01-26"), "survey-option-holiday"));
    // Unavailable range 2027-02-01..05.
    assert!(fires(&opt("2027-02-02"), "survey-option-unavailable"));
    assert!(!fires(&opt("2027-02-09"), "survey-option-unavailable"));
    // Reversed ranges, in options and unavailable ranges.
    assert!(fires(
        &opt("{from: 2027-01-28, to: 2027-01-26}"),
        "survey-range-reversed"
    ));
    let rev_unavail = edit(
        BASE,
        "from: 2027-02-01, to: 2027-02-05",
        "from: 2027-02-05, to: 2027-02-01",
    );
    assert!(fires(&rev_unavail, "survey-range-reversed"));
    assert!(!fires(BASE, "survey-range-reversed"));
    // Overlap with an earlier option: 2027-01-21 sits inside the range listed after it.
    assert!(fires(&opt("2027-01-21"), "survey-options-overlap"));
    assert!(!fires(BASE, "survey-options-overlap"));
    // None of the preferred weekdays: Friday 2027-01-08.
    assert!(fires(
        &opt("2027-01-08"),
        "survey-option-not-preferred-weekday"
    ));
    assert!(!fires(BASE, "survey-option-not-preferred-weekday"));
    // In the past (docs/rules.md §6): a draft form (no `survey.form_date`) is judged as of
    // --as-of: 2027-01-05 is past on 2027-01-06, not on the day itself.
    let rules = RuleEdition::embedded().expect("rules");
    let draft = edit(BASE, "  form_date: 2026-11-23 ", "  # not filed ");
    assert!(survey_with(&draft, "2027-01-06", &rules).contains(&"survey-option-past"));
    assert!(!survey_with(&draft, "2027-01-05", &rules).contains(&"survey-option-past"));
    // A filed form is judged as of its filing date, as `qcp status` judges the milestone: its
    // options offered on 2026-11-23 are not past later (near miss) …
    assert!(!survey_with(BASE, "2027-02-01", &rules).contains(&"survey-option-past"));
    // … but an option already past on the filing day is.
    let filed_late = edit(BASE, "form_date: 2026-11-23 ", "form_date: 2027-01-06 ");
    assert!(survey_with(&filed_late, "2027-01-06", &rules).contains(&"survey-option-past"));
}

#[test]
fn lead_time_boundaries_of_both_editions() {
    // S1: form 2026-11-23 → error before 2026-12-21 (4 weeks), warning until 2027-01-04 (6 weeks).
    let opt = |new: &str| edit(BASE, "    - 2027-01-19\n", &format!("    - {new}\n"));
    assert!(fires(&opt("2026-12-17"), "survey-option-too-early"));
    assert!(!fires(&opt("2026-12-22"), "survey-option-too-early"));
    assert!(fires(&opt("2026-12-22"), "survey-option-short-notice"));
    assert!(!fires(BASE, "survey-option-short-notice"));
    // S0: 5–12 weeks after submission (2026-11-02): 2026-12-07 .. 2027-01-25; later needs consent.
    let r = rules_2019();
    let codes = |t: &str| survey_with(t, "2026-11-03", &r);
    assert!(
        codes(&edit(OLD, "2027-01-25]", "2027-01-26]")).contains(&"survey-option-needs-consent")
    );
    assert!(!codes(OLD).contains(&"survey-option-needs-consent"));
    assert!(codes(&edit(OLD, "2026-12-08,", "2026-12-04,")).contains(&"survey-option-too-early"));
    assert!(!codes(&edit(OLD, "2026-12-08,", "2026-12-07,")).contains(&"survey-option-too-early"));
    // S0 asks for exactly five dates.
    assert!(codes(&edit(OLD, ", 2027-01-25]", "]")).contains(&"survey-option-count"));
    // S0 counts from the submission: without it the window cannot be computed.
    let no_anchor = edit(OLD, "  application_submitted: 2026-11-02\n", "");
    assert!(codes(&no_anchor).contains(&"survey-anchor-missing"));
}

fn status_eval(text: &str, as_of: &str) -> qcp::status::Evaluation {
    let app = load::parse(&SourceFile::new("t.yaml", text)).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    status::check(
        &app,
        &rules,
        &cal(),
        as_of.parse().expect("date"),
        Progress::of(
            &app,
            &Catalog::embedded().expect("catalog"),
            &Default::default(),
        ),
    )
    .expect("deadline rules")
}

fn status_codes(text: &str, as_of: &str) -> Vec<&'static str> {
    status_eval(text, as_of)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn status_warnings_with_near_misses() {
    // docs/rules.md §7: action plan 10 days after the CCR (2027-01-05 → Friday 2027-01-15).
    let ccr = "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-05\n";
    assert!(status_codes(ccr, "2027-01-16").contains(&"deadline-overdue"));
    assert!(!status_codes(ccr, "2027-01-15").contains(&"deadline-overdue"));
    let done = format!("{ccr}  action_plan_submitted: 2027-01-14\n");
    assert!(!status_codes(&done, "2027-01-16").contains(&"deadline-overdue"));
    // docs/rules.md §3: QOPI-2026-R1 is valid until the close of Round 1 2027 (2027-05-28).
    let new = example("eligible-new.yaml");
    let plan = |d: &str| format!("{new}\ntimeline:\n  planned_submission: {d}\n");
    assert!(
        status_codes(&plan("2027-05-31"), "2026-11-22")
            .contains(&"score-expires-before-submission")
    );
    assert!(
        !status_codes(&plan("2027-05-28"), "2026-11-22")
            .contains(&"score-expires-before-submission")
    );
    // docs/rules.md §8: pending status lapses a year after applying (form 2026-11-20).
    assert!(status_codes(&new, "2027-11-21").contains(&"pending-status-lapsed"));
    assert!(!status_codes(&new, "2027-11-20").contains(&"pending-status-lapsed"));
    // docs/rules.md §8: re-certifying practices apply 9–12 months before expiry (2027-03-31 → 2026-06-30).
    let recert = example("recertifying.yaml");
    assert!(status_codes(&recert, "2026-11-22").contains(&"recertification-too-late"));
    let in_time = edit(&recert, "form_date: 2026-11-10", "form_date: 2026-06-30");
    assert!(!status_codes(&in_time, "2026-11-22").contains(&"recertification-too-late"));
}

fn too_late_message(text: &str, as_of: &str) -> Option<String> {
    status_eval(text, as_of)
        .findings
        .into_iter()
        .find(|f| f.code == "recertification-too-late")
        .map(|f| f.message)
}

#[test]
fn recertification_too_late_says_what_is_recorded_rules_8_s3() {
    // docs/rules.md §8, S3: the window to re-apply closes 9 months before expiry (2027-03-31 →
    // 2026-06-30). The message names the application date when one is recorded …
    let recert = example("recertifying.yaml");
    let m = too_late_message(&recert, "2027-02-01").expect("applied late");
    assert!(m.contains("applied for on 2026-11-10"), "{m}");
    assert!(!m.contains("2027-02-01"), "not the as-of date: {m}");
    // … and, with no application recorded, that the practice has not applied by --as-of.
    let start = recert.find("eligibility:\n").expect("eligibility");
    let end = start + recert[start..].find("\ntimeline:").expect("timeline");
    let unapplied = format!("{}{}", &recert[..start], &recert[end..]);
    let m = too_late_message(&unapplied, "2027-02-01").expect("not applied");
    assert!(
        m.contains("has not applied for re-certification by 2027-02-01"),
        "{m}"
    );
    // Near miss: applied on the last day of the window.
    let in_time = edit(&recert, "form_date: 2026-11-10", "form_date: 2026-06-30");
    assert!(too_late_message(&in_time, "2027-02-01").is_none());
}

#[test]
fn deadlines_follow_the_rule_data() {
    // Saturday before a Monday holiday → Tuesday (docs/rules.md §7, S1): CCR 2027-01-06 + 10 days =
    // Saturday 2027-01-16; Monday 2027-01-18 is Martin Luther King, Jr. Day.
    let ev = status_eval(
        "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-06\n  final_ccr: 2027-02-01\n",
        "2027-02-01",
    );
    let get = |k: &str| {
        ev.deadlines
            .iter()
            .find(|d| d.kind == k)
            .expect(k)
            .date
            .to_string()
    };
    assert_eq!(get("action-plan"), "2027-01-19");
    // Extension within 30 days: 2027-02-05 (a Friday, not moved).
    assert_eq!(get("extension-request"), "2027-02-05");
    // Evidence 120 days after the final CCR: 2027-06-01 (a Tuesday).
    assert_eq!(get("implementation-evidence"), "2027-06-01");
    // Certification term: awarded + 36 months, window 12 and 9 months before.
    let ev = status_eval(
        "practice: {name: D, country: US}\ntimeline:\n  certified: 2027-06-15\n",
        "2027-07-01",
    );
    let get = |k: &str| {
        ev.deadlines
            .iter()
            .find(|d| d.kind == k)
            .expect(k)
            .date
            .to_string()
    };
    assert_eq!(get("certification-expiry"), "2030-06-15");
    assert_eq!(get("recertification-window-opens"), "2029-06-15");
    assert_eq!(get("recertification-window-closes"), "2029-09-15");
}

#[test]
fn recertification_before_expiry_extends_the_current_term_s3() {
    // docs/rules.md §8, S3: re-certifying before expiry extends the term by three years from the
    // current expiry; a lapsed certification starts a new term at the award; the next window
    // follows from the new expiry.
    let recert = |awarded: &str| {
        format!(
            "practice: {{name: D, country: US}}\napplicant:\n  type: recertifying\n  current_certification:\n    awarded: 2024-03-31\n    expires: 2027-03-31\ndecision:\n  outcome: certified\n  date: {awarded}\n"
        )
    };
    let get = |text: &str, k: &str| {
        let ev = status_eval(text, "2027-07-01");
        let d = ev.deadlines.iter().find(|d| d.kind == k).expect(k);
        (d.date.to_string(), d.rule.clone())
    };
    // Awarded 2027-01-15, certified until 2027-03-31 → 2030-03-31 (not 2030-01-15).
    let (e, note) = get(&recert("2027-01-15"), "certification-expiry");
    assert_eq!(e, "2030-03-31");
    assert!(note.contains("current expiry"), "{note}");
    assert_eq!(
        get(&recert("2027-01-15"), "recertification-window-opens").0,
        "2029-03-31"
    );
    assert_eq!(
        get(&recert("2027-01-15"), "recertification-window-closes").0,
        "2029-06-30"
    );
    // The day before expiry still extends; so does the expiry day itself.
    assert_eq!(
        get(&recert("2027-03-30"), "certification-expiry").0,
        "2030-03-31"
    );
    assert_eq!(
        get(&recert("2027-03-31"), "certification-expiry").0,
        "2030-03-31"
    );
    // Near miss: the day after expiry the certification had lapsed → a new term from the award.
    let (e, note) = get(&recert("2027-04-01"), "certification-expiry");
    assert_eq!(e, "2030-04-01");
    assert!(note.contains("lapsed"), "{note}");
}

#[test]
fn every_example_status_at_two_dates_is_golden() {
    let rules = RuleEdition::embedded().expect("rules");
    let catalog = Catalog::embedded().expect("catalog");
    let mut names: Vec<_> = std::fs::read_dir(common::repo().join("examples"))
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    for path in names {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let src = SourceFile::new(
            format!("examples/{name}.yaml"),
            std::fs::read_to_string(&path).expect("read"),
        );
        let app = load::parse(&src).expect("example loads");
        for as_of in ["2026-11-22", "2027-03-01"] {
            let r = qcp::report::status(
                "status",
                &src,
                &app,
                &rules,
                &cal(),
                as_of.parse().expect("date"),
                Steps::Current,
                Progress::of(&app, &catalog, &Default::default()),
            )
            .expect("status");
            let text = qcp::render::status(
                &r,
                Some(&src),
                Style {
                    color: false,
                    width: 140,
                },
            );
            insta::assert_snapshot!(format!("status-{name}-{as_of}"), text);
        }
    }
}

const SURVEY_FILE: &str = "\
# Our application: comments must survive qcp's edits.
practice:
  name: Demo Oncology     # trading name
  country: US
eligibility:
  form_date: 2026-11-02
survey:
  mode: in_person
  form_date: 2026-11-23
  preferred_weekdays: [monday]   # infusion day
  options:
    - 2027-01-04
  unavailable:
    - {from: 2027-01-25, to: 2027-01-29, reason: move}
# end of file
";

#[test]
fn suggest_write_adds_valid_dates_and_keeps_comments() {
    let out = Test::new()
        .file("app.yaml", SURVEY_FILE)
        .args(&[
            "survey",
            "suggest",
            "app.yaml",
            "--as-of",
            "2026-11-23",
            "--write",
        ])
        .stdout_has("2027-01-11")
        .stdout_has("skipped 2027-01-18 (Birthday of Martin Luther King, Jr.)")
        .run();
    let text = std::fs::read_to_string(out.dir.join("app.yaml")).expect("written");
    for keep in [
        "# Our application",
        "# trading name",
        "# infusion day",
        "# end of file",
    ] {
        assert!(text.contains(keep), "lost {keep:?}:\n{text}");
    }
    // 1 existing + 5 suggested = 6 options, Mondays, skipping MLK day and the unavailable week.
    for d in [
        "2027-01-11",
        "2027-02-01",
        "2027-02-08",
        "2027-02-22",
        "2027-03-01",
    ] {
        assert!(text.contains(&format!("- {d}")), "{d} missing:\n{text}");
    }
    assert!(
        !text.contains("- 2027-01-18") && !text.contains("- 2027-01-25"),
        "{text}"
    );
    // Presidents' Day (Washington's Birthday) 2027-02-15 is a holiday: skipped.
    assert!(!text.contains("- 2027-02-15"), "{text}");
    // The written file passes the check (only the weekday reminder remains).
    std::fs::write(out.dir.join("app.yaml"), &text).expect("keep");
    let src = SourceFile::new("app.yaml", text.as_str());
    let app = load::parse(&src).expect("still loads");
    let ev = qcp::survey::check(
        &app,
        &RuleEdition::embedded().expect("r"),
        &cal(),
        "2026-11-23".parse().expect("d"),
    )
    .expect("check");
    let codes: Vec<&str> = ev.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["survey-iv-patients-reminder"], "{text}");
}

#[test]
fn survey_check_cli_exit_statuses_and_bad_input() {
    Test::new()
        .file("app.yaml", BASE)
        .args(&["survey", "check", "app.yaml", "--as-of", "2026-11-23"])
        .stdout_has("survey availability is acceptable")
        .run();
    // A reversed range is a located finding (exit 1), not a panic or a refusal.
    Test::new()
        .file(
            "app.yaml",
            edit(
                BASE,
                "from: 2027-01-20, to: 2027-01-22",
                "from: 2027-01-22, to: 2027-01-20",
            ),
        )
        .args(&["survey", "check", "app.yaml", "--as-of", "2026-11-23"])
        .status(1)
        .stdout_has("error[survey-range-reversed]")
        .stdout_has("app.yaml:14:30")
        .run();
    // An unknown weekday is unusable input (exit 2), located, with a suggestion.
    Test::new()
        .file(
            "app.yaml",
            edit(BASE, "[tuesday, thursday]", "[tuesday, thurzday]"),
        )
        .args(&["survey", "check", "app.yaml", "--as-of", "2026-11-23"])
        .status(2)
        .stderr_has("thursday")
        .stderr_has("app.yaml:7:")
        .run();
    // An impossible date: exit 2, located.
    Test::new()
        .file("app.yaml", edit(BASE, "2027-01-05", "2027-02-30"))
        .args(&["survey", "check", "app.yaml", "--as-of", "2026-11-23"])
        .status(2)
        .stderr_has("app.yaml:9:")
        .run();
    // Survey section without eligibility: exit 1.
    Test::new()
        .file(
            "app.yaml",
            edit(BASE, "eligibility:\n  form_date: 2026-11-02\n", ""),
        )
        .args(&["survey", "check", "app.yaml", "--as-of", "2026-11-23"])
        .status(1)
        .stdout_has("error[survey-without-eligibility]")
        .run();
    // Warnings fail only with --deny warnings.
    let short = edit(BASE, "    - 2027-01-19\n", "    - 2026-12-22\n");
    Test::new()
        .file("app.yaml", short.as_str())
        .args(&["survey", "check", "app.yaml", "--as-of", "2026-11-23"])
        .stdout_has("warning[survey-option-short-notice]")
        .run();
    Test::new()
        .file("app.yaml", short.as_str())
        .args(&[
            "survey",
            "check",
            "app.yaml",
            "--as-of",
            "2026-11-23",
            "--deny",
            "warnings",
        ])
        .status(1)
        .run();
    // The older edition, selected with --rules.
    let rules = std::fs::read_to_string(common::repo().join("standards/rules-qcp-2019.toml"))
        .expect("rules");
    Test::new()
        .file("app.yaml", OLD)
        .file("old.toml", rules)
        .args(&[
            "--rules",
            "old.toml",
            "survey",
            "check",
            "app.yaml",
            "--as-of",
            "2026-11-03",
            "--format",
            "json",
        ])
        .stdout_has("\"id\": \"qcp-2019\"")
        .run();
}

#[test]
fn status_and_deadlines_cli() {
    Test::new()
        .example("recertifying.yaml")
        .args(&[
            "status",
            "recertifying.yaml",
            "--as-of",
            "2026-11-22",
            "--steps",
            "legacy",
        ])
        .stdout_has("Post-survey documents")
        .stdout_has("warning[recertification-too-late]")
        .run();
    let out = Test::new()
        .example("charts-exhausted.yaml")
        .args(&[
            "status",
            "charts-exhausted.yaml",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ])
        .run();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["milestones"].as_array().map(Vec::len), Some(13));
    assert_eq!(v["calendar"], "us-federal");
    // A missing calendar file is unusable input.
    Test::new()
        .example("charts-exhausted.yaml")
        .args(&[
            "--calendar",
            "nope.toml",
            "deadlines",
            "charts-exhausted.yaml",
            "--as-of",
            "2026-11-22",
        ])
        .status(2)
        .stderr_has("nope.toml")
        .run();
}

/// Reads an .ics file with the PyPI icalendar package and prints UID → start date as JSON.
const READER: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
print(json.dumps({str(e["UID"]): [e["DTSTART"].dt.isoformat(), str(e["SUMMARY"])] for e in cal.walk("VEVENT")}))
"#;

#[test]
fn ics_round_trip_with_stable_uids() {
    if !tools::python_icalendar() {
        return;
    }
    let yaml = "practice: {name: Demo Oncology, country: US}\neligibility: {form_date: 2026-11-02}\ntimeline:\n  ccr_received: 2027-01-06\n  final_ccr: 2027-02-01\n";
    // The action plan is overdue (exit 1) but still listed: a missed deadline stays visible.
    let read = |as_of: &str| {
        let out = Test::new()
            .file("app.yaml", yaml)
            .args(&["deadlines", "app.yaml", "--as-of", as_of, "--ics", "d.ics"])
            .status(1)
            .run();
        let parsed = std::process::Command::new("python3")
            .args(["-c", READER])
            .arg(out.dir.join("d.ics"))
            .output()
            .expect("python");
        assert!(
            parsed.status.success(),
            "{}",
            String::from_utf8_lossy(&parsed.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&parsed.stdout).expect("json");
        v
    };
    let a = read("2027-02-02");
    let plan = &a["action-plan.demo-oncology@qcp"];
    assert_eq!(plan[0], "2027-01-19", "{a}");
    assert!(
        plan[1].as_str().is_some_and(|s| s.contains("action plan")),
        "{a}"
    );
    assert_eq!(
        a["implementation-evidence.demo-oncology@qcp"][0],
        "2027-06-01"
    );
    // Later: the action plan is past; the remaining events keep their UIDs.
    let b = read("2027-02-20");
    for (uid, _) in b.as_object().expect("map") {
        assert!(a.get(uid).is_some(), "uid {uid} changed between runs");
    }
}

#[test]
fn suggest_starts_a_survey_section_and_reports_blockers() {
    // No survey section yet: the window counts from --as-of (S1) and --write creates the list.
    let out = Test::new()
        .file(
            "app.yaml",
            "# keep\npractice: {name: D, country: US}\neligibility:\n  form_date: 2026-11-02\n",
        )
        .args(&[
            "survey",
            "suggest",
            "app.yaml",
            "--as-of",
            "2026-11-22",
            "--count",
            "2",
            "--write",
        ])
        .stdout_has("2027-01-04")
        .run();
    let text = std::fs::read_to_string(out.dir.join("app.yaml")).expect("written");
    assert!(
        text.starts_with("# keep\n") && text.contains("survey:\n  options:\n    - 2027-01-04"),
        "{text}"
    );
    // The 2019 edition needs the submission date: no proposals, the reason located, exit 1.
    let rules = std::fs::read_to_string(common::repo().join("standards/rules-qcp-2019.toml"))
        .expect("rules");
    Test::new()
        .file(
            "app.yaml",
            edit(OLD, "  application_submitted: 2026-11-02\n", ""),
        )
        .file("old.toml", rules)
        .args(&[
            "--rules",
            "old.toml",
            "survey",
            "suggest",
            "app.yaml",
            "--as-of",
            "2026-11-03",
        ])
        .status(1)
        .stdout_has("error[survey-anchor-missing]")
        .run();
}

#[test]
fn ccr_figures_have_one_home_in_the_ccr_table() {
    // docs/rules.md §7, S1: the action-plan figure is read from `[ccr]` by `qcp status` too; changing
    // it there moves the status deadline (CCR 2027-01-05 + 10 → Fri 2027-01-15; + 11 → Sat 16,
    // rolled over the weekend and MLK Day 2027-01-18 to Tue 2027-01-19).
    let text =
        qcp::rules::DEFAULT_EDITION_TOML.replace("action_plan_days = 10", "action_plan_days = 11");
    let rules = RuleEdition::from_toml(Path::new("r.toml"), &text).expect("edition");
    let app = load::parse(&SourceFile::new(
        "t.yaml",
        "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-05\n",
    ))
    .expect("fixture");
    let day = |s: &str| s.parse().expect("date");
    let ev = status::check(&app, &rules, &cal(), day("2027-01-06"), Progress::default())
        .expect("status");
    let ap = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "action-plan")
        .expect("ap");
    assert_eq!(ap.date.to_string(), "2027-01-19");
    assert!(ap.rule.starts_with("ccr.action_plan_days"), "{}", ap.rule);
    // Near miss: the shipped figure gives Friday 2027-01-15.
    let ev = status::check(
        &app,
        &RuleEdition::embedded().expect("rules"),
        &cal(),
        day("2027-01-06"),
        Progress::default(),
    )
    .expect("status");
    let ap = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "action-plan")
        .expect("ap");
    assert_eq!(ap.date.to_string(), "2027-01-15");
    // The old duplicate key in [deadlines] is refused, not silently ignored.
    let dup = qcp::rules::DEFAULT_EDITION_TOML.replace(
        "ccr_after_survey_weeks = 6",
        "ccr_after_survey_weeks = 6\naction_plan_days = 10",
    );
    assert!(RuleEdition::from_toml(Path::new("r.toml"), &dup).is_err());
    // Both shipped editions carry a [ccr] table.
    assert!(rules_2019().ccr_deadline_rules().is_some());
}

#[test]
fn ccr_milestones_read_the_ccr_section_before_the_timeline() {
    // docs/rules.md §2 milestones 10–13, §7. The `ccr` section's dates win; the timeline fills gaps.
    let base = "practice: {name: D, country: US}\n";
    let ccr = format!(
        "{base}ccr:\n  received: 2027-01-05\n  assessments:\n    - {{id: \"3.8\", assessment: partially_met}}\n  issues:\n    - {{id: ISS-1, standard: \"3.8\"}}\n"
    );
    let ev = status_eval(&ccr, "2027-01-07");
    assert_eq!(ev.milestones[9].state, status::State::Done);
    assert_eq!(
        ev.milestones[9].done.map(|d| d.to_string()).as_deref(),
        Some("2027-01-05")
    );
    assert_eq!(ev.milestones[10].state, status::State::InProgress);
    let ap = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "action-plan")
        .expect("ap");
    assert_eq!(ap.date.to_string(), "2027-01-15");
    // A timeline date the ccr section contradicts is ignored...
    let both = format!("{ccr}timeline:\n  ccr_received: 2027-01-01\n  final_ccr: 2027-02-01\n");
    let ev = status_eval(&both, "2027-02-02");
    assert_eq!(
        ev.milestones[9].done.map(|d| d.to_string()).as_deref(),
        Some("2027-01-05")
    );
    // ...but one it lacks is used: the final CCR from the timeline (2027-02-01 + 120 = 06-01).
    let ev_due = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "implementation-evidence")
        .expect("ev");
    assert_eq!(ev_due.date.to_string(), "2027-06-01");
    // A submitted plan waits for staff (5 business days: Mon 2027-01-11 → Mon 01-18 is MLK
    // Day, so Tue 01-19) and is done once approved.
    let sub = format!("{ccr}  action_plan:\n    submitted: 2027-01-11\n");
    let ev = status_eval(&sub, "2027-01-12");
    assert_eq!(ev.milestones[10].state, status::State::WaitingOnProgram);
    assert_eq!(
        ev.milestones[10].due.map(|d| d.to_string()).as_deref(),
        Some("2027-01-19")
    );
    let ok = format!("{sub}    approved: 2027-01-14\n");
    let ev = status_eval(&ok, "2027-01-15");
    assert_eq!(ev.milestones[10].state, status::State::Done);
    assert_eq!(
        ev.milestones[10].done.map(|d| d.to_string()).as_deref(),
        Some("2027-01-14")
    );
    // Evidence for every issue and a certified decision finish milestones 12 and 13.
    let done = format!(
        "{ok}  final: 2027-02-01\n  evidence:\n    - {{issue: ISS-1, submitted: 2027-03-01}}\ndecision: {{outcome: certified, date: 2027-04-01}}\n"
    );
    let ev = status_eval(&done, "2027-04-02");
    assert_eq!(ev.milestones[11].state, status::State::Done);
    assert_eq!(ev.milestones[12].state, status::State::Done);
    assert_eq!(
        ev.milestones[12].done.map(|d| d.to_string()).as_deref(),
        Some("2027-04-01")
    );
    // Near miss: without the decision section, milestone 13 waits on the program.
    let waiting = done.replace("decision: {outcome: certified, date: 2027-04-01}\n", "");
    let ev = status_eval(&waiting, "2027-04-02");
    assert_eq!(ev.milestones[12].state, status::State::WaitingOnProgram);
}

#[test]
fn documents_percent_comes_from_the_checklist_with_the_catalog_in_force() {
    // docs/rules.md §2 milestone 6, §5: the pre-survey documents' percent is the checklist's.
    let new = example("eligible-new.yaml");
    let docs = format!(
        "{new}\ndocuments:\n  phi_attestation: true\n  elements:\n    \"1.1.1\":\n      - path: pool/a.txt\n        summary: \"section 2\"\n    \"1.2\":\n      - path: pool/b.txt\n        summary: \"section 1\"\n"
    );
    let app = load::parse(&SourceFile::new("t.yaml", &docs)).expect("fixture");
    let catalog = Catalog::embedded().expect("catalog");
    let p = Progress::of(&app, &catalog, &Default::default());
    let want = qcp::checklist::percent_complete(&app, &catalog, &Default::default());
    assert_eq!(p.documents, Some(want));
    assert!(
        want.to_string() != "0.00 %" && want.to_string() != "100.00 %",
        "{want}"
    );
    let ev = status_eval(&docs, "2026-11-22");
    assert_eq!(ev.milestones[5].percent, Some(want));
    // Near miss: no documents section, no percent (shown as "–"), as before.
    let app = load::parse(&SourceFile::new("t.yaml", &new)).expect("fixture");
    assert_eq!(
        Progress::of(&app, &catalog, &Default::default()).documents,
        None
    );
    assert_eq!(status_eval(&new, "2026-11-22").milestones[5].percent, None);
}

fn journey(text: &str, as_of: &str) -> Vec<qcp::Finding> {
    let app = load::parse(&SourceFile::new("t.yaml", text)).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    qcp::journey::check(
        &qcp::facts::Events::of(&app),
        &rules,
        as_of.parse().expect("date"),
    )
}

fn journey_codes(text: &str, as_of: &str) -> Vec<&'static str> {
    journey(text, as_of).iter().map(|f| f.code).collect()
}

#[test]
fn journey_order_names_both_dates_s1() {
    // docs/rules.md §2, S1: the eligibility form, its approval, the survey, the CCR and the
    // evidence come in that order; each finding names both dates.
    let app = "practice: {name: D, country: US}\neligibility:\n  form_date: 2026-11-20\ntimeline:\n  eligibility_approved: 2026-11-25\n";
    assert!(journey_codes(app, "2027-06-01").is_empty());
    // The eligibility form after its approval: the day after vs the same day.
    let late_form = edit(app, "form_date: 2026-11-20", "form_date: 2026-11-26");
    let f = journey(&late_form, "2027-06-01");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code, "milestone-out-of-order");
    assert!(f[0].message.contains("2026-11-26") && f[0].message.contains("2026-11-25"));
    let same_day = edit(app, "form_date: 2026-11-20", "form_date: 2026-11-25");
    assert!(journey_codes(&same_day, "2027-06-01").is_empty());
    // The survey before the eligibility form and its approval (examples/ccr-partially-met.yaml
    // had its survey on 2026-08-25 and its form on 2026-11-20).
    let early_survey = format!("{app}survey:\n  survey_date: 2026-08-25\n");
    assert_eq!(
        journey_codes(&early_survey, "2027-06-01"),
        ["milestone-out-of-order", "milestone-out-of-order"]
    );
    let survey_ok = format!("{app}survey:\n  survey_date: 2027-02-10\n");
    assert!(journey_codes(&survey_ok, "2027-06-01").is_empty());
    // The CCR before the survey; the evidence before the CCR.
    let ccr_early = format!("{survey_ok}ccr:\n  received: 2027-02-09\n");
    assert_eq!(
        journey_codes(&ccr_early, "2027-06-01"),
        ["milestone-out-of-order"]
    );
    let ev_early =
        format!("{app}timeline:\n  ccr_received: 2027-03-20\n  evidence_submitted: 2027-03-19\n")
            .replacen("timeline:\n  eligibility_approved: 2026-11-25\n", "", 1)
            .replacen(
                "timeline:\n",
                "timeline:\n  eligibility_approved: 2026-11-25\n",
                1,
            );
    assert_eq!(
        journey_codes(&ev_early, "2027-06-01"),
        ["milestone-out-of-order"]
    );
}

#[test]
fn ccr_received_after_as_of_s1() {
    // docs/rules.md §2 (milestone 10): a CCR received after the date checked has not arrived.
    let t = "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-03-02\n";
    assert_eq!(journey_codes(t, "2027-03-01"), ["event-after-as-of"]);
    // Near miss: received on the day checked.
    assert!(journey_codes(t, "2027-03-02").is_empty());
}

#[test]
fn survey_form_after_payment_and_documents_in_2024_edition_s1() {
    // S1: the survey availability form follows the payment and every pre-survey document: the
    // day before payment fires, the day of payment does not; the 2019 edition has no such order.
    let t = "practice: {name: D, country: US}\npayment:\n  paid_on: 2026-12-01\ntimeline:\n  documents_submitted: 2026-11-28\nsurvey:\n  mode: in_person\n  form_date: 2026-11-30\n  options: [2027-02-02]\n";
    let f = journey(t, "2027-01-01");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].message.contains("2026-11-30") && f[0].message.contains("2026-12-01"));
    let same_day = edit(t, "form_date: 2026-11-30", "form_date: 2026-12-01");
    assert!(journey_codes(&same_day, "2027-01-01").is_empty());
    let before_docs = edit(
        &same_day,
        "documents_submitted: 2026-11-28",
        "documents_submitted: 2026-12-02",
    );
    assert_eq!(
        journey_codes(&before_docs, "2027-01-01"),
        ["milestone-out-of-order"]
    );
    let app = load::parse(&SourceFile::new("t.yaml", t)).expect("fixture loads");
    let old = qcp::journey::check(
        &qcp::facts::Events::of(&app),
        &rules_2019(),
        "2027-01-01".parse().expect("date"),
    );
    // (The 2019 edition's own pre-payment warning may fire; no order finding does.)
    assert!(
        !old.iter().any(|f| f.code == "milestone-out-of-order"),
        "{old:?}"
    );
}

#[test]
fn prepayment_request_and_approval_in_the_2019_edition_only_s0_s1() {
    // S0 (2019 portal): the practice pays after the QCP admin approves its pre-payment request;
    // S1 (2024): staff invoice every applicant, with no such request.
    let t = "practice: {name: D, country: US}\npayment:\n  prepayment_requested_on: 2019-06-03\n  prepayment_approved_on: 2019-06-05\n  paid_on: 2019-06-05\n";
    let under_2019 = |text: &str| {
        let app = load::parse(&SourceFile::new("t.yaml", text)).expect("fixture loads");
        qcp::journey::check(
            &qcp::facts::Events::of(&app),
            &rules_2019(),
            "2019-12-01".parse().expect("date"),
        )
        .iter()
        .map(|f| f.code)
        .collect::<Vec<_>>()
    };
    // Paid the day of the approval: in order. The day before: out of order.
    assert!(under_2019(t).is_empty());
    let early = edit(t, "paid_on: 2019-06-05", "paid_on: 2019-06-04");
    assert_eq!(under_2019(&early), ["milestone-out-of-order"]);
    // Paid with no approval recorded: a warning asking for it.
    let none = edit(t, "  prepayment_approved_on: 2019-06-05\n", "");
    assert_eq!(under_2019(&none), ["prepayment-approval-missing"]);
    // The same dates under the 2024 edition: not part of its process.
    assert_eq!(
        journey_codes(t, "2019-12-01"),
        ["prepayment-not-in-edition"]
    );
    let plain = edit(&none, "  prepayment_requested_on: 2019-06-03\n", "");
    assert!(journey_codes(&plain, "2019-12-01").is_empty());
}

#[test]
fn program_expected_dates_roll_to_a_business_day_s1() {
    // docs/rules.md §7, S1: a date on a weekend or US federal holiday moves to the next business
    // day; the program's expected dates too. Survey 2026-11-20 + 6 weeks = Friday 2027-01-01,
    // New Year's Day → Monday 2027-01-04.
    let t = |survey: &str| {
        format!("practice: {{name: D, country: US}}\nsurvey:\n  survey_date: {survey}\n")
    };
    let ev = status_eval(&t("2026-11-20"), "2026-12-01");
    let d = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "ccr-expected")
        .expect("ccr expected");
    assert_eq!(d.date.to_string(), "2027-01-04");
    assert_eq!(
        d.rolled_from.map(|d| d.to_string()).as_deref(),
        Some("2027-01-01")
    );
    // Near miss: a day earlier lands on Thursday 2026-12-31, a business day.
    let ev = status_eval(&t("2026-11-19"), "2026-12-01");
    let d = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "ccr-expected")
        .expect("ccr expected");
    assert_eq!(d.date.to_string(), "2026-12-31");
    assert!(d.rolled_from.is_none());
}

#[test]
fn evidence_review_expected_date_is_shown_s1() {
    // docs/rules.md §7, S1: staff and the committee review submitted evidence in about 4-6
    // weeks; the expected date (6 weeks, rolled to a business day) is shown until a decision.
    let t = "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-06\n  final_ccr: 2027-02-01\n  evidence_submitted: 2027-03-01\n";
    let ev = status_eval(t, "2027-03-02");
    let d = ev
        .deadlines
        .iter()
        .find(|d| d.kind == "evidence-review-expected")
        .expect("review expected");
    assert_eq!(d.date.to_string(), "2027-04-12");
    // Near miss: no evidence submitted → no review date.
    let none = t.replace("  evidence_submitted: 2027-03-01\n", "");
    assert!(
        !status_eval(&none, "2027-03-02")
            .deadlines
            .iter()
            .any(|d| d.kind == "evidence-review-expected")
    );
}

#[test]
fn suggest_write_replaces_failing_options_and_comments_survive_a_second_run_s1() {
    // docs/rules.md §6, S1: an option on a federal holiday (2027-01-18) or under 4 weeks
    // (2026-12-14) fails `survey check`; --write replaces them, keeps the valid ones in order with
    // their comments, and a second run keeps the comments the first wrote.
    let file = SURVEY_FILE.replace(
        "    - 2027-01-04\n",
        "    - 2026-12-14   # too early\n    - 2027-01-04   # our first choice\n    - 2027-01-18\n",
    );
    let args = [
        "survey",
        "suggest",
        "app.yaml",
        "--as-of",
        "2026-11-23",
        "--write",
    ];
    let out = Test::new().file("app.yaml", &file).args(&args).run();
    let path = out.dir.join("app.yaml");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(
        !text.contains("- 2026-12-14") && !text.contains("- 2027-01-18"),
        "{text}"
    );
    assert!(text.contains("- 2027-01-04   # our first choice"), "{text}");
    let check = |text: &str| {
        let app = load::parse(&SourceFile::new("app.yaml", text)).expect("loads");
        qcp::survey::check(
            &app,
            &RuleEdition::embedded().expect("r"),
            &cal(),
            "2026-11-23".parse().expect("d"),
        )
        .expect("check")
        .findings
        .iter()
        .filter(|f| f.severity == qcp::Severity::Error)
        .map(|f| f.code)
        .collect::<Vec<_>>()
    };
    assert!(check(&text).is_empty(), "{text}");
    let first_comments = text.matches("# qcp survey suggest").count();
    assert!(first_comments >= 4, "{text}");
    // A second run (asking for one more) keeps every comment written by the first.
    let again = Test::new()
        .file("app.yaml", &text)
        .args(&[
            "survey",
            "suggest",
            "app.yaml",
            "--as-of",
            "2026-11-23",
            "--count",
            "1",
            "--write",
        ])
        .run();
    let text2 = std::fs::read_to_string(again.dir.join("app.yaml")).expect("written");
    assert!(
        text2.contains("- 2027-01-04   # our first choice"),
        "{text2}"
    );
    assert_eq!(
        text2.matches("# qcp survey suggest").count(),
        first_comments + 1,
        "{text2}"
    );
    assert!(check(&text2).is_empty(), "{text2}");
}

#[test]
fn changing_an_agreed_survey_date_warns_about_costs_s1() {
    // docs/rules.md §4, S1: changing an agreed survey date leaves the practice with the travel
    // and surveyor costs.
    let t = "practice: {name: D, country: US}\nsurvey:\n  survey_date: 2027-03-09\n  rescheduled_from: 2027-02-16\n";
    let f = journey(t, "2027-03-01");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, "survey-date-changed");
    assert!(f[0].message.contains("2027-02-16") && f[0].message.contains("2027-03-09"));
    assert!(f[0].message.contains("costs"));
    // Near miss: no change recorded.
    let same = t.replace("  rescheduled_from: 2027-02-16\n", "");
    assert!(journey_codes(&same, "2027-03-01").is_empty());
}

#[test]
fn status_on_a_placeholder_figure_says_provisional() {
    // Issue 10 part 1: a status report whose eligibility rests on the placeholder chart table
    // or round calendar says "provisional"; the practice's own figures lift it.
    let rules = RuleEdition::embedded().expect("rules");
    let report = |name: &str| {
        let text = example(name);
        let src = SourceFile::new(format!("examples/{name}"), text.as_str());
        let app = load::parse(&src).expect("loads");
        let progress = Progress::of(
            &app,
            &Catalog::embedded().expect("catalog"),
            &Default::default(),
        );
        qcp::report::status(
            "status",
            &src,
            &app,
            &rules,
            &cal(),
            "2026-11-22".parse().expect("date"),
            Steps::Current,
            progress,
        )
        .expect("status")
    };
    let r = report("eligible-new.yaml");
    assert!(!r.provisional.is_empty());
    assert!(qcp::render::status(&r, None, Style::default()).contains("provisional: the"));
    // Near miss: application-complete.yaml records the practice's own figures.
    assert!(report("application-complete.yaml").provisional.is_empty());
}

#[test]
fn survey_availability_is_not_done_while_its_options_fail_the_check_s1() {
    // docs/rules.md §6, S1: a date option on a federal holiday is an error, so the survey
    // availability milestone stays in progress until `qcp survey check` passes.
    let m7 = |text: &str| {
        status_eval(text, "2026-11-23")
            .milestones
            .into_iter()
            .find(|m| m.number == 7)
            .expect("milestone 7")
    };
    // Near miss: BASE passes `qcp survey check` → done.
    assert_eq!(m7(BASE).state, status::State::Done);
    // Martin Luther King, Jr. Day 2027-01-18 instead of 2027-01-19 → in progress, with the reason.
    let holiday = edit(BASE, "    - 2027-01-19\n", "    - 2027-01-18\n");
    let m = m7(&holiday);
    assert_eq!(m.state, status::State::InProgress);
    assert!(m.note.contains("qcp survey check"), "{}", m.note);
    assert!(m.done.is_none());
}

/// docs/rules.md §2 milestone 6 (S1): the pre-survey documents are under way once the documents
/// section exists or the fee is paid (they come next); an eligibility approval alone does not
/// start them (near miss).
#[test]
fn pre_survey_documents_start_with_payment_or_documents_not_approval_s1() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/recertifying.yaml"),
    )
    .expect("example");
    let state = |text: &str| {
        let ev = status_eval(text, "2027-01-15");
        let m = ev
            .milestones
            .iter()
            .find(|m| m.number == 6)
            .expect("milestone 6");
        format!("{:?}", m.state)
    };
    assert!(
        base.contains("eligibility_approved"),
        "approved in the example"
    );
    assert_eq!(state(&base), "NotStarted");
    let paid = format!("{base}\npayment:\n  mode: check\n  paid_on: 2027-01-08\n");
    assert_eq!(state(&paid), "InProgress");
}

#[test]
fn the_documents_percent_counts_as_the_checklist_does_under_every_document_state() {
    // docs/rules.md §5: `percent_complete` counts without building the checklist; it must give
    // the checklist's percent whatever the files' states (one rule, `element_status`).
    use qcp::checklist::{DocState, DocStates};
    let catalog = Catalog::embedded().expect("catalog");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut compared = 0;
    for name in ["clients/lakeshore.yaml", "clients/riverside.yaml"] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("example");
        let app = load::parse(&SourceFile::new(name, &text)).expect("example loads");
        let Some(docs) = app.documents.as_ref() else {
            continue;
        };
        let files: Vec<String> = docs
            .elements
            .iter()
            .flat_map(|e| e.documents.iter().map(|d| d.file.clone()))
            .collect();
        let mut variants = vec![DocStates::default()];
        for (i, f) in files.iter().enumerate().take(12) {
            let mut s = DocStates::default();
            for g in &files {
                s.insert(g, DocState::Ok);
            }
            let bad = match i % 3 {
                0 => DocState::Missing("gone".to_owned()),
                1 => DocState::WrongType("exe".to_owned()),
                _ => DocState::TooLarge("big".to_owned()),
            };
            s.insert(f, bad);
            variants.push(s);
        }
        for states in &variants {
            let full = qcp::checklist::build(&app, &catalog, &|d| states.of(&d.file)).percent;
            assert_eq!(
                qcp::checklist::percent_complete(&app, &catalog, states),
                full,
                "{name}"
            );
            compared += 1;
        }
    }
    assert!(compared > 10, "{compared}");
}
