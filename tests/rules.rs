#![allow(clippy::expect_used, missing_docs)]
//! One case per finding code that fires, and a near-miss that must not, each naming the rule
//! it comes from (docs/rules.md section and source document).

use qcp::model::load;
use qcp::rules::RuleEdition;
use qcp::source::SourceFile;
use qcp::{Finding, Severity, report};

fn base() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/eligible-new.yaml"
    ))
    .expect("example")
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture edit: {from:?} not found");
    text.replacen(from, to, 1)
}

/// Eligibility findings, without the `provisional-figure` notes the shipped placeholder chart
/// table and calendar add to most fixtures (tested on their own in
/// `placeholder_figures_make_the_result_provisional`).
fn eligibility(text: &str, as_of: &str) -> Vec<Finding> {
    let src = SourceFile::new("t.yaml", text);
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    report::eligibility(&src, &app, &rules, as_of.parse().expect("date"))
        .findings
        .into_iter()
        .filter(|f| f.code != "provisional-figure")
        .collect()
}

fn validate(text: &str) -> Vec<Finding> {
    let src = SourceFile::new("t.yaml", text);
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    report::validate(&src, &app, &rules, "2026-11-22".parse().expect("date")).findings
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code).collect()
}

const AS_OF: &str = "2026-11-22";

#[test]
fn base_example_is_clean() {
    assert!(eligibility(&base(), AS_OF).is_empty());
    assert!(validate(&base()).is_empty());
}

#[test]
fn score_threshold_is_exact() {
    // docs/rules.md §3, S0 criterion B1: ≥ 75 %, equal passes, 74.99 fails.
    let t = edit(&base(), "overall_score: 86.25", "overall_score: 74.99");
    let f = eligibility(&t, AS_OF);
    assert_eq!(codes(&f), ["score-below-threshold"]);
    assert!(f[0].message.contains("74.99 %") && f[0].message.contains("75.00 %"));
    assert_eq!(f[0].rule.as_deref(), Some("eligibility.score_threshold"));
    assert!(f[0].location.is_some());
    let near = edit(&base(), "overall_score: 86.25", "overall_score: 75.00");
    assert!(eligibility(&near, AS_OF).is_empty());
}

#[test]
fn score_missing() {
    // docs/rules.md §3: a regular applicant is judged on a completed round's final score.
    let t = edit(&base(), "    overall_score: 86.25\n", "");
    assert_eq!(codes(&eligibility(&t, AS_OF)), ["score-missing"]);
}

#[test]
fn chart_minimum_one_short_vs_exact() {
    // docs/rules.md §3 (S0 B2): 4.2 FTE → 50 charts in the shipped table.
    let t = edit(&base(), "unique_charts: 64", "unique_charts: 49");
    let f = eligibility(&t, AS_OF);
    assert_eq!(codes(&f), ["charts-below-minimum"]);
    assert!(
        f[0].message.contains("1 short of the minimum of 50"),
        "{}",
        f[0].message
    );
    let exact = edit(&base(), "unique_charts: 64", "unique_charts: 50");
    assert!(eligibility(&exact, AS_OF).is_empty());
}

#[test]
fn chart_minimum_with_exhaustion_attested_is_a_warning() {
    // docs/rules.md §3, S1: the unique-chart exhaustion attestation.
    let t = edit(&base(), "unique_charts: 64", "unique_charts: 49");
    let t = edit(
        &t,
        "charts_exhausted: not_applicable",
        "charts_exhausted: yes",
    );
    let f = eligibility(&t, AS_OF);
    assert_eq!(codes(&f), ["charts-below-minimum-attested"]);
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn fte_tier_boundary_from_hours() {
    // docs/rules.md §3: FTE = hours ÷ 40. 200 h = 5 FTE → next tier (75 charts); 199.99 h stays at 50.
    let five = edit(&base(), "weekly_hours: 20", "weekly_hours: 52");
    let f = eligibility(&five, AS_OF);
    assert_eq!(codes(&f), ["charts-below-minimum"]);
    assert!(f[0].message.contains("minimum of 75"), "{}", f[0].message);
    let just_below = edit(&base(), "weekly_hours: 20", "weekly_hours: 51.99");
    assert!(eligibility(&just_below, AS_OF).is_empty());
}

#[test]
fn fte_missing() {
    assert_eq!(
        codes(&eligibility(&without_clinicians(""), AS_OF)),
        ["fte-missing"]
    );
}

/// The base example with its clinician list replaced by `with`.
fn without_clinicians(with: &str) -> String {
    let mut t = base();
    let start = t.find("  clinicians:").expect("clinicians");
    let end = t.find("  physicians:").expect("physicians");
    t.replace_range(start..end, with);
    t
}

#[test]
fn charts_missing() {
    let t = edit(&base(), "    unique_charts: 64\n", "");
    assert_eq!(codes(&eligibility(&t, AS_OF)), ["charts-missing"]);
}

#[test]
fn validity_last_day_vs_day_after() {
    // docs/rules.md §3, S3: a score is valid until the close of the next round of the same season.
    // QOPI-2025-R2 → valid until the close of QOPI-2026-R2 (2026-12-11 in the shipped calendar).
    let t = edit(&base(), "round: QOPI-2026-R1", "round: QOPI-2025-R2");
    let t = edit(&t, "unique_charts: 48", "unique_charts: 60");
    let t = edit(&t, "overall_score: 79.40", "overall_score: 79.4");
    let t = edit(&t, "form_date: 2026-11-20", "form_date: 2026-12-11");
    assert!(
        eligibility(&t, "2026-12-11").is_empty(),
        "last day of validity"
    );
    let t = edit(&t, "form_date: 2026-12-11", "form_date: 2026-12-12");
    let f = eligibility(&t, "2026-12-12");
    assert!(codes(&f).contains(&"round-expired"), "{:?}", codes(&f));
}

#[test]
fn validity_is_judged_when_the_form_is_filed_rules_3_s3() {
    // docs/rules.md §3, S3: a score can be used until the close of the next round of the same
    // season; it is used when the eligibility form is filed, so a filed form is judged on its
    // date and the application does not expire while it goes through the later steps.
    // QOPI-2025-R2 is valid until 2026-12-11 in the shipped calendar; the form is filed on
    // 2026-11-20.
    let t = edit(&base(), "round: QOPI-2026-R1", "round: QOPI-2025-R2");
    let t = edit(&t, "unique_charts: 48", "unique_charts: 60");
    let expired = |t: &str, as_of: &str| {
        eligibility(t, as_of)
            .into_iter()
            .find(|f| f.code == "round-expired")
    };
    // Near miss: months later the filed form's score is still judged on 2026-11-20.
    assert!(expired(&t, "2027-02-01").is_none());
    // Fires: a form filed after the validity ended, named with its date.
    let late = edit(&t, "form_date: 2026-11-20", "form_date: 2026-12-14");
    let f = expired(&late, "2027-02-01").expect("form filed after validity");
    assert!(f.message.contains("filed on 2026-12-14"), "{}", f.message);
    // No form date recorded: judged as of --as-of, and the message says so.
    let undated = edit(&t, "form_date: 2026-11-20\n  ", "");
    assert!(expired(&undated, "2026-12-11").is_none());
    let f = expired(&undated, "2026-12-12").expect("undated form, as of after validity");
    assert!(f.message.contains("as of 2026-12-12"), "{}", f.message);
}

#[test]
fn only_the_most_recent_unused_rounds() {
    // docs/rules.md §3, S0: only the two most recent completed rounds not used before.
    let t = edit(
        &base(),
        "rounds:\n",
        "rounds:\n  - id: QOPI-2025-R1\n    overall_score: 90\n    unique_charts: 60\n    qcp_track: true\n",
    );
    let chose_old = edit(&t, "round: QOPI-2026-R1", "round: QOPI-2025-R1");
    assert!(codes(&eligibility(&chose_old, "2026-06-20")).contains(&"round-not-recent"));
    // Near-miss: once QOPI-2025-R2 is marked used, QOPI-2025-R1 becomes one of the two.
    let used = edit(
        &chose_old,
        "    unique_charts: 48\n",
        "    unique_charts: 48\n    used_by_earlier_application: true\n",
    );
    assert!(!codes(&eligibility(&used, "2026-06-20")).contains(&"round-not-recent"));
}

#[test]
fn round_already_used() {
    let t = edit(
        &base(),
        "    final_report: 2026-06-19\n",
        "    final_report: 2026-06-19\n    used_by_earlier_application: true\n",
    );
    assert_eq!(codes(&eligibility(&t, AS_OF)), ["round-already-used"]);
}

#[test]
fn regular_applicant_needs_a_closed_round() {
    // docs/rules.md §3, S0: the current round makes an applicant simultaneous.
    let f = eligibility(&base(), "2026-05-29");
    assert!(codes(&f).contains(&"round-still-open"), "{:?}", codes(&f));
    assert!(!codes(&eligibility(&base(), "2026-05-30")).contains(&"round-still-open"));
    let f = eligibility(&base(), "2026-01-05");
    assert!(codes(&f).contains(&"round-not-started"), "{:?}", codes(&f));
}

#[test]
fn simultaneous_rules() {
    // docs/rules.md §3, S0: simultaneous applicants use the current round, need approval, and must
    // have half the chart minimum entered before the survey.
    let t = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/simultaneous.yaml"
    ))
    .expect("example");
    assert_eq!(
        codes(&eligibility(&t, AS_OF)),
        ["simultaneous-charts-for-survey"]
    );
    let half = edit(&t, "charts_entered: 38", "charts_entered: 50");
    assert!(
        eligibility(&half, AS_OF).is_empty(),
        "exactly half is enough"
    );
    let one_short = edit(&t, "charts_entered: 38", "charts_entered: 49");
    assert_eq!(
        codes(&eligibility(&one_short, AS_OF)),
        ["simultaneous-charts-for-survey"]
    );
    let unapproved = edit(
        &half,
        "simultaneous_approved: true",
        "simultaneous_approved: false",
    );
    // The survey availability form (2026-11-20) is a later milestone recorded without approval.
    assert_eq!(
        codes(&eligibility(&unapproved, AS_OF)),
        [
            "simultaneous-approval-pending",
            "milestone-before-simultaneous-approval"
        ]
    );
    assert!(codes(&eligibility(&half, "2026-12-14")).contains(&"simultaneous-round-not-current"));
}

fn outcome(
    text: &str,
    as_of: &str,
) -> (qcp::eligibility::Outcome, Vec<qcp::eligibility::Criterion>) {
    let src = SourceFile::new("t.yaml", text);
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    let e = qcp::eligibility::check(&app, &rules, as_of.parse().expect("date"));
    (e.outcome, e.criteria)
}

#[test]
fn simultaneous_without_approval_is_not_eligible_s0() {
    // docs/rules.md §3, S0: a simultaneous applicant needs QCP staff approval before the
    // application can proceed. Without it: a distinct outcome and an error (exit status 1).
    use qcp::eligibility::Outcome;
    let t = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/simultaneous.yaml"
    ))
    .expect("example");
    let half = edit(&t, "charts_entered: 38", "charts_entered: 50");
    // Near miss: approval recorded → eligible.
    assert_eq!(outcome(&half, AS_OF).0, Outcome::Eligible);
    let unapproved = edit(
        &half,
        "  simultaneous_approved: true    # approved by QCP staff on 2026-11-12\n",
        "",
    );
    let f = eligibility(&unapproved, AS_OF);
    assert_eq!(
        outcome(&unapproved, AS_OF).0,
        Outcome::AwaitingStaffApproval
    );
    assert!(
        f.iter()
            .any(|f| f.code == "simultaneous-approval-pending" && f.severity == Severity::Error)
    );
    let src = SourceFile::new("t.yaml", unapproved.as_str());
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    let r = report::eligibility(&src, &app, &rules, AS_OF.parse().expect("date"));
    assert!(!r.verdict.contains("is eligible"), "{}", r.verdict);
    assert!(
        r.verdict.contains("awaits QCP staff approval"),
        "{}",
        r.verdict
    );
    // The later milestone names its date; without the survey form there is none.
    let m = f
        .iter()
        .find(|f| f.code == "milestone-before-simultaneous-approval")
        .expect("milestone");
    assert!(m.message.contains("2026-11-20"), "{}", m.message);
    let no_form = edit(&unapproved, "  form_date: 2026-11-20\n", "");
    assert_eq!(
        codes(&eligibility(&no_form, AS_OF)),
        ["simultaneous-approval-pending"]
    );
    // Another failure outranks the wait: not eligible.
    let low = edit(&unapproved, "country: US", "country: FR");
    assert_eq!(outcome(&low, AS_OF).0, Outcome::NotEligible);
}

#[test]
fn simultaneous_score_and_charts_pending_while_round_open_s0() {
    // docs/rules.md §3, S0: a simultaneous applicant uses the round in progress, whose final
    // report (score, unique charts) does not exist until the round closes: pending, not pass;
    // judged once the report is recorded.
    use qcp::eligibility::Status;
    let t = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/simultaneous.yaml"
    ))
    .expect("example");
    let (_, crit) = outcome(&t, AS_OF);
    let st = |c: &[qcp::eligibility::Criterion], name: &str| {
        c.iter().find(|c| c.criterion == name).map(|c| c.status)
    };
    assert_eq!(st(&crit, "Overall Quality Score"), Some(Status::Pending));
    assert_eq!(st(&crit, "Unique charts"), Some(Status::Pending));
    // The final report recorded: judged (a failing score fails, a passing one passes).
    let reported = edit(
        &t,
        "    charts_entered: 38           # the current round is still open\n",
        "    charts_entered: 38\n    overall_score: 74.99\n    unique_charts: 120\n",
    );
    let (_, crit) = outcome(&reported, AS_OF);
    assert_eq!(st(&crit, "Overall Quality Score"), Some(Status::Fail));
    assert_eq!(st(&crit, "Unique charts"), Some(Status::Pass));
    assert!(codes(&eligibility(&reported, AS_OF)).contains(&"score-below-threshold"));
}

#[test]
fn site_level_one_short_vs_exact() {
    // docs/rules.md §3, S0: with site-level participation the minimum applies per site.
    let t = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/site-level-short.yaml"
    ))
    .expect("example");
    assert_eq!(
        codes(&eligibility(&t, AS_OF)),
        ["site-charts-below-minimum"]
    );
    let exact = edit(&t, "charts: 49", "charts: 50");
    assert!(eligibility(&exact, AS_OF).is_empty());
}

#[test]
fn qcp_track_country_attestations_webinar_legal() {
    // docs/rules.md §3 (S0, S3: QCP track; S4: countries; S1: attestations, webinar, legal reviewer).
    let b = base();
    assert_eq!(
        codes(&eligibility(
            &edit(
                &b,
                "qcp_track: true\n    final_report",
                "qcp_track: false\n    final_report"
            ),
            AS_OF
        )),
        ["qcp-track-missing"]
    );
    assert_eq!(
        codes(&eligibility(&edit(&b, "country: US", "country: FR"), AS_OF)),
        ["country-not-offered"]
    );
    assert!(
        eligibility(&edit(&b, "country: US", "country: GR"), AS_OF)
            .iter()
            .all(|f| f.code != "country-not-offered")
    );
    assert_eq!(
        codes(&eligibility(
            &edit(
                &b,
                "charts_from_all_sites: yes",
                "charts_from_all_sites: no\n    comment: one site joined late"
            ),
            AS_OF
        )),
        ["attestation-answered-no"]
    );
    assert_eq!(
        codes(&eligibility(
            &edit(
                &b,
                "charts_from_all_sites: yes",
                "charts_from_all_sites: no"
            ),
            AS_OF
        )),
        ["attestation-answered-no", "attestation-comment-missing"]
    );
    assert_eq!(
        codes(&eligibility(
            &edit(&b, "    charts_from_all_sites: yes\n", ""),
            AS_OF
        )),
        ["attestation-missing"]
    );
    assert_eq!(
        codes(&eligibility(&edit(&b, "    date: 2026-09-17\n", ""), AS_OF)),
        ["webinar-missing"]
    );
    assert_eq!(
        codes(&eligibility(
            &edit(&b, "date: 2026-09-17", "date: 2026-11-21"),
            AS_OF
        )),
        ["webinar-after-application"]
    );
    assert!(
        eligibility(&edit(&b, "date: 2026-09-17", "date: 2026-11-20"), AS_OF).is_empty(),
        "same day is before applying"
    );
    assert_eq!(
        codes(&eligibility(
            &edit(&b, "    phone: \"+1 217 555 0199\"\n", ""),
            AS_OF
        )),
        ["legal-contact-incomplete"]
    );
}

#[test]
fn form_missing_and_round_not_listed() {
    let b = base();
    let no_form = &b[..b.find("eligibility:").expect("form")];
    assert_eq!(
        codes(&eligibility(no_form, AS_OF)),
        ["eligibility-form-missing"]
    );
    assert_eq!(
        codes(&eligibility(
            &edit(&b, "round: QOPI-2026-R1", "round: QOPI-2024-R1"),
            AS_OF
        )),
        ["chosen-round-missing"]
    );
    let uncal = edit(
        &edit(&b, "round: QOPI-2026-R1", "round: QOPI-2031-R1"),
        "- id: QOPI-2026-R1",
        "- id: QOPI-2031-R1",
    );
    assert_eq!(
        codes(&eligibility(&uncal, AS_OF)),
        ["round-not-found-in-calendar"]
    );
}

#[test]
fn staff_exception_waives_only_what_the_edition_lists() {
    // docs/rules.md §3 (outcome), S0: an exception lets a practice proceed; the report says so.
    let t = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/exception-brazil.yaml"
    ))
    .expect("example");
    let f = eligibility(&t, AS_OF);
    assert_eq!(
        codes(&f),
        ["score-below-threshold", "eligible-by-exception"]
    );
    assert!(f[0].waived && f[0].severity == Severity::Warning);
    // Country is not waivable: the exception does not make a practice in France eligible.
    let fr = edit(&t, "country: BR", "country: FR");
    let f = eligibility(&fr, AS_OF);
    assert!(
        f.iter()
            .any(|f| f.code == "country-not-offered" && f.severity == Severity::Error)
    );
    assert!(!codes(&f).contains(&"eligible-by-exception"));
    // Near-miss: an exception that was not granted waives nothing.
    let denied = edit(&t, "granted: true", "granted: false");
    assert_eq!(
        codes(&eligibility(&denied, AS_OF)),
        ["score-below-threshold"]
    );
}

#[test]
fn validate_codes_fire_with_near_misses() {
    let b = base();
    // NPI check digit (CMS): 1234567893 valid, 1234567890 not.
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "npi: \"1234567893\"",
            "npi: \"1234567890\""
        ))),
        ["npi-invalid"]
    );
    assert_eq!(
        codes(&validate(&edit(&b, "npi: \"1234567893\"", "npi: \"0\""))),
        ["npi-invalid"]
    );
    let br = edit(&b, "country: US", "country: BR");
    assert!(
        validate(&edit(&br, "npi: \"1234567893\"", "npi: \"0\"")).is_empty(),
        "0 is right outside the US"
    );
    // Exactly one primary contact (S1).
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "      trusted: true\n\napplicant",
            "      trusted: true\n      primary: true\n\napplicant"
        ))),
        ["primary-contact-count"]
    );
    assert_eq!(
        codes(&validate(&edit(&b, "      primary: true\n", ""))),
        ["primary-contact-count"]
    );
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "name: Meadowfield East",
            "name: Meadowfield Main"
        ))),
        ["duplicate-site-name"]
    );
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "- id: QOPI-2025-R2",
            "- id: QOPI-2025-R3"
        ))),
        ["unknown-round"]
    );
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "- id: QOPI-2025-R2",
            "- id: QOPI-2026-R1"
        ))),
        ["duplicate-round"]
    );
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "round: QOPI-2026-R1",
            "round: QOPI-2024-R1"
        ))),
        ["chosen-round-missing"]
    );
    assert_eq!(
        codes(&validate(&edit(&b, "date: 2026-09-17", "date: 2026-11-21"))),
        ["date-order"]
    );
    // FTE given and from hours must agree: 168 h / 40 = 4.2.
    assert_eq!(
        codes(&validate(&edit(
            &b,
            "  clinicians:",
            "  fte: 4.3\n  clinicians:"
        ))),
        ["fte-mismatch"]
    );
    assert!(validate(&edit(&b, "  clinicians:", "  fte: 4.2\n  clinicians:")).is_empty());
    assert_eq!(
        codes(&validate(&without_clinicians("  fte: 0\n"))),
        ["fte-not-positive"]
    );
    assert!(validate(&without_clinicians("  fte: 0.01\n")).is_empty());
    let site = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/site-level-short.yaml"
    ))
    .expect("example");
    assert_eq!(
        codes(&validate(&edit(
            &site,
            "- site: Tri-County North",
            "- site: Tri-County Nrth"
        ))),
        ["site-charts-unknown-site"]
    );
    assert_eq!(
        codes(&validate(&edit(&site, "      fte: 4\n", ""))),
        ["site-fte-missing"]
    );
    assert_eq!(
        codes(&validate(&format!("{b}\nsurvey: {{}}\n"))),
        ["section-not-checked"]
    );
    let cert = "applicant:\n  type: recertifying\n  current_certification:\n    awarded: 2027-01-01\n    expires: 2026-01-01\n";
    assert_eq!(
        codes(&validate(&edit(&b, "applicant:\n  type: new\n", cert))),
        ["date-order"]
    );
}

#[test]
fn one_home_per_fact() {
    // docs/application-format.md, "Where each fact lives": payment.paid_on is the home of the
    // payment date; timeline.paid is its older place.
    let b = base();
    let twice = |home: &str, old: &str| {
        format!("{b}\npayment:\n  paid_on: {home}\ntimeline:\n  paid: {old}\n")
    };
    // (`section-not-checked` points validate at the commands that check payment and timeline.)
    let facts = |t: &str| -> Vec<Finding> {
        validate(t)
            .into_iter()
            .filter(|f| f.code != "section-not-checked")
            .collect()
    };
    let f = facts(&twice("2026-12-20", "2026-12-21"));
    assert_eq!(codes(&f), ["fact-recorded-twice"]);
    assert_eq!(f[0].path, "timeline.paid");
    assert_eq!(f[0].location.map(|l| l.line), Some(b.lines().count() + 5));
    assert!(f[0].message.contains("payment.paid_on") && f[0].message.contains("2026-12-21"));
    assert_eq!(
        codes(&facts(&twice("2026-12-20", "2026-12-20"))),
        ["fact-duplicate"]
    );
    // Near misses: the home alone is silent; the older place alone is read, with a note.
    assert!(facts(&format!("{b}\npayment:\n  paid_on: 2026-12-20\n")).is_empty());
    assert_eq!(
        codes(&facts(&format!("{b}\ntimeline:\n  paid: 2026-12-20\n"))),
        ["fact-old-place"]
    );
}

/// docs/application-format.md, "Where each fact lives": `ccr.survey.date` is the CCR's own copy
/// of the survey date (what `qcp ccr import` writes), not a misplaced record: alone it is read
/// without a note; beside a different `survey.survey_date` it is a finding (near miss).
#[test]
fn the_ccrs_survey_date_is_a_copy_not_an_old_place() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ccr-partially-met.yaml"
    ))
    .expect("example");
    assert!(
        !text.contains("\nsurvey:"),
        "the example has no survey section"
    );
    let facts = |t: &str| -> Vec<&'static str> {
        codes(&validate(t))
            .into_iter()
            .filter(|c| c.starts_with("fact-"))
            .collect()
    };
    assert!(facts(&text).is_empty(), "{:?}", facts(&text));
    let other = format!("{text}\nsurvey:\n  survey_date: 2026-08-26\n");
    assert_eq!(facts(&other), ["fact-recorded-twice"]);
    let same = format!("{text}\nsurvey:\n  survey_date: 2026-08-25\n");
    assert_eq!(facts(&same), ["fact-duplicate"]);
}

/// docs/application-format.md "QOPI participation files": a file with only QOPI sections gets
/// `"certification-not-started"` from status and no certification step as missing; the same
/// file with an eligibility form (near miss) is an application.
#[test]
fn qopi_participation_file_vs_application() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/fellowship-program.yaml"
    ))
    .expect("example");
    let status = |text: &str| {
        let src = SourceFile::new("t.yaml", text);
        let app = load::parse(&src).expect("fixture loads");
        assert_eq!(
            qcp::checks::seeks_certification(&app),
            text.contains("\neligibility:")
        );
        let rules = RuleEdition::embedded().expect("rules");
        let cal = qcp::rules::deadlines::embedded_calendar("us-federal")
            .expect("embedded")
            .expect("valid");
        let progress = qcp::status::Progress::default();
        report::status(
            "status",
            &src,
            &app,
            &rules,
            &cal,
            AS_OF.parse().expect("date"),
            qcp::status::Steps::default(),
            progress,
        )
        .expect("status")
        .findings
    };
    assert!(codes(&status(&text)).contains(&"certification-not-started"));
    let applying = format!("{text}\neligibility:\n  form_date: 2026-11-20\n");
    assert!(!codes(&status(&applying)).contains(&"certification-not-started"));
}

#[test]
fn every_eligibility_and_validate_code_is_exercised_here() {
    // Keeps this file honest: a new code must come with a case above.
    let src = concat!(include_str!("rules.rs"), include_str!("dates.rs"));
    for c in qcp::codes::all() {
        use qcp::codes::Family;
        // Input codes: tests/cli.rs. Agreements, questionnaire, records and fees:
        // tests/application.rs. Documents, bundle and PHI: tests/bundle.rs.
        if !matches!(
            c.family,
            Family::Validate | Family::Eligibility | Family::Survey | Family::Status
        ) {
            continue;
        }
        assert!(
            src.contains(&format!("\"{}\"", c.code)),
            "no case for {}",
            c.code
        );
    }
}

#[test]
fn section_not_checked_names_each_sections_own_command() {
    // Each later-milestone section has its own command; `qcp validate`'s hint must name it, and
    // that command must exist in the binary.
    let cases = [
        ("agreements: {}", "agreements", "qcp questionnaire check"),
        (
            "questionnaire: {}",
            "questionnaire",
            "qcp questionnaire check",
        ),
        ("payment: {}", "payment", "qcp fee estimate"),
        ("documents: {}", "documents", "qcp checklist"),
        ("survey: {}", "survey", "qcp survey check"),
        ("ccr: {}", "ccr", "qcp ccr summary"),
        (
            "decision: {outcome: pending}",
            "decision",
            "qcp ccr summary",
        ),
        ("timeline: {}", "timeline", "qcp status"),
    ];
    let exe = env!("CARGO_BIN_EXE_qcp");
    for (yaml, section, command) in cases {
        let f = validate(&format!("{}\n{yaml}\n", base()));
        let f: Vec<&Finding> = f
            .iter()
            .filter(|f| f.code == "section-not-checked")
            .collect();
        assert_eq!(f.len(), 1, "{section}: {f:?}");
        assert_eq!(f[0].path, section);
        assert!(
            f[0].hint.contains(&format!("`{command} ")),
            "{section}: {}",
            f[0].hint
        );
        let words: Vec<&str> = command.split(' ').skip(1).collect();
        let ok = std::process::Command::new(exe)
            .args(&words)
            .arg("--help")
            .output()
            .expect("run qcp");
        assert!(ok.status.success(), "`{command} --help` fails");
    }
    // Documents also name the bundle check.
    let f = validate(&format!("{}\ndocuments: {{}}\n", base()));
    assert!(f.iter().any(|f| f.hint.contains("`qcp bundle check ")));
    // Near miss: a file without those sections has no section-not-checked finding.
    assert!(!codes(&validate(&base())).contains(&"section-not-checked"));
}

#[test]
fn us_territory_is_certified_as_us_by_documented_data_choice_s2_s4() {
    // S4: certification in the US, BR, GR, RO, SA, ES; QOPI (S2, S4) is open to US territories
    // and a wider list. Data choice (standards/rules-qcp-2024.toml): a US territory is certified
    // as the US.
    let pr = edit(&base(), "country: US", "country: PR");
    assert!(!codes(&eligibility(&pr, AS_OF)).contains(&"country-not-offered"));
    let src = SourceFile::new("t.yaml", pr.as_str());
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    let ag = qcp::agreements::check(&app, &rules);
    assert!(
        !ag.iter()
            .any(|f| f.code == "international-review-incomplete"),
        "a US territory signs the standard agreement"
    );
    // The data choice turned off: not offered, and the message says QOPI itself is open there.
    let mut off = rules.clone();
    off.eligibility.us_territories_certified_as_us = false;
    let e = qcp::eligibility::check(&app, &off, AS_OF.parse().expect("date"));
    let f = e
        .findings
        .iter()
        .find(|f| f.code == "country-not-offered")
        .expect("not offered");
    assert!(
        f.message.contains("QOPI participation is open in PR"),
        "{}",
        f.message
    );
    // A QOPI country without certification: not offered, QOPI named apart.
    let ar = edit(&base(), "country: US", "country: AR");
    let f = eligibility(&ar, AS_OF);
    let f = f
        .iter()
        .find(|f| f.code == "country-not-offered")
        .expect("AR");
    assert!(
        f.message.contains("QOPI participation is open in AR"),
        "{}",
        f.message
    );
    // Neither list: no QOPI claim.
    let jp = edit(&base(), "country: US", "country: JP");
    let f = eligibility(&jp, AS_OF);
    let f = f
        .iter()
        .find(|f| f.code == "country-not-offered")
        .expect("JP");
    assert!(!f.message.contains("QOPI participation"), "{}", f.message);
}

#[test]
fn placeholder_figures_make_the_result_provisional() {
    // Issue 10 part 1: the chart table and round calendar are placeholders ([provenance]); a
    // result resting on them says "provisional" and names the figure. Part 2: the practice's own
    // figures (QOPI report, dashboard) take precedence and lift it; one that contradicts the
    // table is used and both are named.
    let src = SourceFile::new("t.yaml", base());
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    let r = report::eligibility(&src, &app, &rules, AS_OF.parse().expect("date"));
    assert!(r.verdict.contains("provisional"), "{}", r.verdict);
    assert!(
        r.verdict.contains("is a placeholder figure"),
        "{}",
        r.verdict
    );
    let p: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == "provisional-figure")
        .collect();
    assert_eq!(p.len(), 2, "chart minimum and round dates");
    assert!(p.iter().all(|f| f.severity == Severity::Info));
    // Near miss: the practice's own figures recorded → not provisional.
    let rid = app
        .eligibility
        .as_ref()
        .and_then(|e| e.round.clone())
        .expect("round");
    let def = rules.round(&rid).expect("calendar");
    let elig = qcp::eligibility::check(&app, &rules, AS_OF.parse().expect("date"));
    let min = elig.figures.min_charts.expect("min");
    let own = base().replacen(
        &format!("  - id: {rid}\n"),
        &format!(
            "  - id: {rid}\n    min_unique_charts: {min}\n    opens: {}\n    closes: {}\n",
            def.opens, def.closes
        ),
        1,
    );
    let src2 = SourceFile::new("t.yaml", own.as_str());
    let app2 = load::parse(&src2).expect("fixture loads");
    let r2 = report::eligibility(&src2, &app2, &rules, AS_OF.parse().expect("date"));
    assert!(!r2.verdict.contains("provisional"), "{}", r2.verdict);
    assert!(r2.findings.is_empty(), "{:?}", codes(&r2.findings));
    // Bad input: a recorded minimum that contradicts the table is used, and both are named.
    let other = own.replacen(
        &format!("min_unique_charts: {min}"),
        "min_unique_charts: 999",
        1,
    );
    let f = eligibility(&other, AS_OF);
    let used = f
        .iter()
        .find(|f| f.code == "practice-figure-used")
        .expect("named");
    assert!(
        used.message.contains("999") && used.message.contains(&min.to_string()),
        "{}",
        used.message
    );
    assert!(
        codes(&f).contains(&"charts-below-minimum"),
        "the practice's 999 is applied"
    );
    // The practice's round dates that differ from the calendar: used and named.
    let moved = own.replacen(&format!("closes: {}", def.closes), "closes: 2026-06-05", 1);
    let f = eligibility(&moved, AS_OF);
    assert!(
        codes(&f).contains(&"practice-figure-used"),
        "{:?}",
        codes(&f)
    );
}

/// Agreement and questionnaire findings of `text`, each read with the journey's events.
fn agreement_and_questionnaire(text: &str) -> Vec<Finding> {
    let src = SourceFile::new("t.yaml", text);
    let app = load::parse(&src).expect("fixture loads");
    let rules = RuleEdition::embedded().expect("rules");
    let fees = qcp::fees::FeeSchedule::embedded().expect("schedule");
    let mut f = qcp::agreements::check(&app, &rules);
    f.extend(qcp::questionnaire::check(&app, &rules, &fees));
    f
}

#[test]
fn agreement_and_questionnaire_wait_for_eligibility_approval_rules_2_s1() {
    // docs/rules.md §2 milestones 3–4, S1: the participation agreement is sent after staff
    // approve the eligibility form, and the questionnaire follows it. Before the approval an
    // absent agreement or questionnaire is expected: one info each, no error.
    let before = agreement_and_questionnaire(&base());
    let c = codes(&before);
    assert!(!c.contains(&"participation-agreement-unsigned"), "{c:?}");
    assert!(!c.contains(&"questionnaire-item-missing"), "{c:?}");
    assert!(!c.contains(&"chemotherapy-preparer-missing"), "{c:?}");
    for code in [
        "participation-agreement-not-yet",
        "questionnaire-not-yet-open",
    ] {
        let f = before.iter().find(|f| f.code == code).expect(code);
        assert_eq!(f.severity, Severity::Info, "{code}");
        assert_eq!(c.iter().filter(|c| **c == code).count(), 1, "{code} once");
    }
    // Recorded as not sent before the approval: still the info.
    let not_sent = format!(
        "{}\nagreements:\n  participation:\n    status: not_sent\n",
        base()
    );
    let c = codes(&agreement_and_questionnaire(&not_sent));
    assert!(c.contains(&"participation-agreement-not-yet"), "{c:?}");
    assert!(!c.contains(&"participation-agreement-unsigned"), "{c:?}");
    // Fires: once the approval is recorded, the missing agreement and items are errors.
    let approved = format!(
        "{}\ntimeline:\n  eligibility_approved: 2026-11-20\n",
        base()
    );
    let after = agreement_and_questionnaire(&approved);
    let c = codes(&after);
    assert!(c.contains(&"participation-agreement-unsigned"), "{c:?}");
    assert!(c.contains(&"questionnaire-item-missing"), "{c:?}");
    assert!(!c.contains(&"participation-agreement-not-yet"), "{c:?}");
    assert!(!c.contains(&"questionnaire-not-yet-open"), "{c:?}");
    // A recorded answer that is wrong is reported at every stage: a questionnaire FTE that
    // differs from the practice's, before any approval.
    let wrong = format!(
        "{}\nquestionnaire:\n  practice_profile:\n    fte: 99\n",
        base()
    );
    let c = codes(&agreement_and_questionnaire(&wrong));
    assert!(c.contains(&"questionnaire-fte-mismatch"), "{c:?}");
    assert!(!c.contains(&"questionnaire-item-missing"), "{c:?}");
}
