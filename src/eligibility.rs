//! Eligibility to apply (docs/rules.md §3): score, unique charts, round validity and recency,
//! applicant category, attestations, webinar, legal contact, country, QCP track, exceptions.
//!
//! [`check`] is a pure function of the application, a rule edition and an `as_of` date. It
//! returns the outcome, one row per criterion (your figure, the requirement, the result) and
//! findings as data. It never reads the clock: "today" is whatever the caller passes.
//! It does not check the file's internal consistency (NPIs, contacts): see `validate`.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::model::{Answer, Application, Category, EligibilityForm, FteFigure, FteSource, Round};
use crate::rules::{RoundDef, RuleEdition};
use crate::source::join;
use crate::units::{Date, Dec2};

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every criterion is met.
    Eligible,
    /// At least one criterion fails.
    NotEligible,
    /// Criteria fail, but a staff exception waives every one of them.
    EligibleByException,
    /// A simultaneous applicant whose staff approval is not recorded: the application cannot
    /// proceed until QCP staff approve it (docs/rules.md §3, S0). Not `eligible`: exit status 1.
    AwaitingStaffApproval,
}

impl Outcome {
    /// Wording for a one-line verdict.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not eligible",
            Outcome::EligibleByException => "eligible by staff exception",
            Outcome::AwaitingStaffApproval => {
                "awaiting QCP staff approval (simultaneous applicant)"
            }
        }
    }
}

/// The result of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// Met with a caveat, or pending the program's approval.
    Warn,
    /// Not met, but waived by a staff exception.
    Waived,
    /// Does not apply to this application.
    NotApplicable,
    /// Cannot be judged yet: the chosen round is still open and its final report does not
    /// exist (a simultaneous applicant's score and charts); judged once the report is recorded.
    Pending,
}

/// One row of the eligibility table.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// What is judged.
    pub criterion: String,
    /// The practice's figure.
    pub yours: String,
    /// What the rules require.
    pub requirement: String,
    /// The result.
    pub status: Status,
    /// Finding codes behind a non-pass result.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<&'static str>,
}

/// Figures the checks derived, for other modules (survey scheduling reuses the chart figures).
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Practice FTE.
    pub fte: Option<FteFigure>,
    /// Minimum unique charts for that FTE (practice level).
    pub min_charts: Option<u32>,
    /// The chosen round's id.
    pub round: Option<String>,
    /// Last day the chosen round's score may be used.
    pub valid_until: Option<Date>,
    /// Charts a simultaneous applicant must have entered before the survey can be scheduled.
    pub survey_chart_requirement: Option<u32>,
}

/// The eligibility evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The verdict.
    pub outcome: Outcome,
    /// One row per criterion.
    pub criteria: Vec<Criterion>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Derived figures.
    pub figures: Figures,
    /// Why the outcome is provisional: each placeholder figure it rests on (empty: none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<String>,
}

struct Eval<'a> {
    app: &'a Application,
    rules: &'a RuleEdition,
    as_of: Date,
    criteria: Vec<Criterion>,
    findings: Vec<Finding>,
    /// Placeholder figures the evaluation used (see [`Evaluation::provisional`]).
    provisional: Vec<(String, String)>,
}

impl Eval<'_> {
    /// Records that the evaluation used a placeholder figure: why, and where.
    fn placeholder(&mut self, why: String, path: &str) {
        self.provisional.push((why, path.to_owned()));
    }

    fn row(&mut self, criterion: &str, yours: String, requirement: String, findings: Vec<Finding>) {
        let status = match findings.iter().map(|f| f.severity).max() {
            None => Status::Pass,
            Some(Severity::Error) => Status::Fail,
            Some(Severity::Warning) => Status::Warn,
            Some(Severity::Info) => Status::Pass,
        };
        self.criteria.push(Criterion {
            criterion: criterion.to_owned(),
            yours,
            requirement,
            status,
            codes: findings.iter().map(|f| f.code).collect(),
        });
        self.findings.extend(findings);
    }

    /// A criterion that cannot be judged yet (no findings; status `pending`).
    fn pending(&mut self, criterion: &str, yours: String, requirement: String) {
        self.criteria.push(Criterion {
            criterion: criterion.to_owned(),
            yours,
            requirement,
            status: Status::Pending,
            codes: Vec::new(),
        });
    }

    fn na(&mut self, criterion: &str, why: &str) {
        self.criteria.push(Criterion {
            criterion: criterion.to_owned(),
            yours: why.to_owned(),
            requirement: String::new(),
            status: Status::NotApplicable,
            codes: Vec::new(),
        });
    }
}

/// Evaluates eligibility as of `as_of`.
///
/// ```
/// use qcp::{eligibility, model::load, rules::RuleEdition, source::SourceFile};
/// let rules = RuleEdition::embedded().unwrap();
/// let src = SourceFile::new("app.yaml", "practice: {name: Demo, country: FR}\n");
/// let app = load::parse(&src).unwrap();
/// let eval = eligibility::check(&app, &rules, "2026-11-22".parse().unwrap());
/// assert_eq!(eval.outcome, eligibility::Outcome::NotEligible);
/// assert!(eval.findings.iter().any(|f| f.code == "country-not-offered"));
/// ```
#[must_use]
pub fn check(app: &Application, rules: &RuleEdition, as_of: Date) -> Evaluation {
    let mut ev = Eval {
        app,
        rules,
        as_of,
        criteria: Vec::new(),
        findings: Vec::new(),
        provisional: Vec::new(),
    };
    let mut figures = Figures {
        fte: app.practice.fte(rules.eligibility.hours_per_fte),
        min_charts: None,
        round: None,
        valid_until: None,
        survey_chart_requirement: None,
    };
    country(&mut ev);
    match &app.eligibility {
        None => {
            let f = Finding::new(
                "eligibility-form-missing",
                "eligibility",
                "the application has no eligibility form, so the chosen round, attestations and webinar cannot be judged",
                "add an `eligibility:` section (see `qcp init` or docs/application-format.md)",
            );
            ev.row(
                "Eligibility form",
                "missing".into(),
                "filled in".into(),
                vec![f],
            );
        }
        Some(form) => {
            let round = chosen_round(&mut ev, form, &mut figures);
            if let Some((r, def)) = round {
                track(&mut ev, r);
                score(&mut ev, form, r, &def);
                charts(&mut ev, form, r, &def, &mut figures);
            }
            attestations(&mut ev, form);
            webinar(&mut ev, form);
            legal(&mut ev, form);
            milestones_without_approval(&mut ev, form);
        }
    }
    let outcome = apply_exception(&mut ev);
    let mut provisional = Vec::new();
    for (why, path) in std::mem::take(&mut ev.provisional) {
        ev.findings.push(
            Finding::new(
                "provisional-figure",
                path,
                format!("provisional: {why}"),
                "replace it with the program's figure: record the practice's own (see docs/application-format.md, \"The practice's own figures\") or load the program's edition (--rules FILE)",
            )
            .rule("provenance"),
        );
        provisional.push(why);
    }
    Evaluation {
        outcome,
        criteria: ev.criteria,
        findings: ev.findings,
        figures,
        provisional,
    }
}

fn country(ev: &mut Eval<'_>) {
    let er = &ev.rules.eligibility;
    let c = &ev.app.practice.country;
    // A US territory is certified as the US or not, by the edition's documented data choice.
    let as_country = er.certification_country(c);
    let list = &er.countries;
    let mut fs = Vec::new();
    if !list.iter().any(|x| x.eq_ignore_ascii_case(as_country)) {
        let qopi = if ev.rules.qopi_open_in(c) {
            format!(
                " (QOPI participation is open in {c}, but certification is a separate, shorter list)"
            )
        } else {
            String::new()
        };
        fs.push(
            Finding::new(
                "country-not-offered",
                "practice.country",
                format!(
                    "certification is not offered in {c}{qopi}; edition {} offers it in {}",
                    ev.rules.edition.id,
                    list.join(", ")
                ),
                "contact the program about international availability, or correct the country code",
            )
            .rule("eligibility.countries"),
        );
    }
    let yours = if as_country == c.as_str() {
        c.clone()
    } else {
        format!("{c} (a US territory: certified as {as_country})")
    };
    ev.row("Country", yours, format!("one of {}", list.join(", ")), fs);
}

/// Finds the chosen round, checks category, calendar, validity and recency.
fn chosen_round<'a>(
    ev: &mut Eval<'a>,
    form: &EligibilityForm,
    figures: &mut Figures,
) -> Option<(&'a Round, RoundDef)> {
    let app = ev.app;
    let rules = ev.rules;
    let Some(id) = form.round.as_deref() else {
        let f = Finding::new(
            "chosen-round-missing",
            "eligibility.round",
            "the eligibility form does not choose a scoring round",
            "set eligibility.round to one of the ids under `rounds`",
        );
        ev.row(
            "Scoring round",
            "none chosen".into(),
            "a round with a qualifying score".into(),
            vec![f],
        );
        return None;
    };
    figures.round = Some(id.to_owned());
    let Some(round) = app.rounds.iter().find(|r| r.id == id) else {
        let listed: Vec<&str> = app.rounds.iter().map(|r| r.id.as_str()).collect();
        let f = Finding::new(
            "chosen-round-missing",
            "eligibility.round",
            format!(
                "the chosen round `{id}` is not listed under `rounds` ({})",
                if listed.is_empty() {
                    "no rounds listed".into()
                } else {
                    listed.join(", ")
                }
            ),
            "add the round with its score and charts under `rounds`, or choose a listed one",
        );
        ev.row(
            "Scoring round",
            id.to_owned(),
            "a listed round".into(),
            vec![f],
        );
        return None;
    };
    let Some(table_def) = rules.round(id) else {
        let f = Finding::new(
            "round-not-found-in-calendar",
            "eligibility.round",
            format!(
                "round `{id}` is not in the round calendar of edition {}",
                rules.edition.id
            ),
            "use a round id from `qcp rules show`, or load an edition that lists it (--rules FILE)",
        )
        .rule("round");
        ev.row(
            "Scoring round",
            id.to_owned(),
            "a round in the calendar".into(),
            vec![f],
        );
        return None;
    };
    let def = practice_round(ev, round, table_def);
    let as_of = ev.as_of;
    let path = "eligibility.round";
    let mut fs = Vec::new();
    let completed = def.closes < as_of;
    let current = def.opens <= as_of && as_of <= def.closes;
    let requirement;
    match form.category {
        Category::Regular => {
            let recent = recent_unused(app, rules, as_of);
            let names: Vec<&str> = recent.iter().map(|(r, _)| r.id.as_str()).collect();
            let n = rules.eligibility.recent_unused_rounds;
            requirement = if names.is_empty() {
                format!("one of the {n} most recent completed unused rounds (none yet)")
            } else {
                format!("one of {}", names.join(", "))
            };
            if def.opens > as_of {
                fs.push(Finding::new(
                    "round-not-started",
                    path,
                    format!("round `{id}` opens on {}, after {as_of}", def.opens),
                    "choose a completed round",
                ));
            } else if current {
                fs.push(Finding::new(
                    "round-still-open",
                    path,
                    format!(
                        "round `{id}` is still open (it closes on {}); a regular applicant needs a completed round",
                        def.closes
                    ),
                    "choose a completed round, or apply as `category: simultaneous` with staff approval",
                ));
            } else if round.used_by_earlier_application {
                fs.push(Finding::new(
                    "round-already-used",
                    join(&round.path, "used_by_earlier_application"),
                    format!("round `{id}` was already used by an earlier application"),
                    if names.is_empty() {
                        "wait for the next completed round".to_owned()
                    } else {
                        format!("choose one of {}", names.join(", "))
                    },
                ));
            } else if !names.contains(&id) {
                fs.push(
                    Finding::new(
                        "round-not-recent",
                        path,
                        format!(
                            "round `{id}` is not one of the {n} most recent completed unused rounds ({})",
                            names.join(", ")
                        ),
                        format!("choose one of {}", names.join(", ")),
                    )
                    .rule("eligibility.recent_unused_rounds"),
                );
            }
        }
        Category::Simultaneous => {
            requirement = "the current round, approved by QCP staff".to_owned();
            if !current {
                fs.push(Finding::new(
                    "simultaneous-round-not-current",
                    path,
                    format!(
                        "a simultaneous applicant uses the current round, but `{id}` runs {} to {} and {as_of} is outside it",
                        def.opens, def.closes
                    ),
                    if completed {
                        "use `category: regular` for a completed round"
                    } else {
                        "choose the round in progress"
                    },
                ));
            }
            if form.simultaneous_approved != Some(true) {
                fs.push(Finding::new(
                    "simultaneous-approval-pending",
                    "eligibility.simultaneous_approved",
                    "a simultaneous application cannot proceed until QCP staff approve it, and no approval is recorded",
                    "request approval; when granted, set simultaneous_approved: true",
                ));
            }
        }
    }
    let category = match form.category {
        Category::Regular => "regular",
        Category::Simultaneous => "simultaneous",
    };
    ev.row(
        "Scoring round",
        format!(
            "{} ({category}, {} to {})",
            def.label, def.opens, def.closes
        ),
        requirement,
        fs,
    );

    // Validity: until the close of the next round of the same season. A score is used when the
    // eligibility form is filed (docs/rules.md §3, S3), so a filed form is judged on its date;
    // `as_of` only while no form date is recorded.
    let (valid_until, fallback) = rules.validity_end(&def);
    figures.valid_until = Some(valid_until);
    let (judged, when) = match form.form_date {
        Some(d) => (d, format!("when the eligibility form was filed on {d}")),
        None => (
            as_of,
            format!("as of {as_of} (no eligibility form date is recorded)"),
        ),
    };
    let mut vf = Vec::new();
    if def.opens <= judged && judged > valid_until {
        vf.push(
            Finding::new(
                "round-expired",
                path,
                format!(
                    "the score of `{id}` was valid until {valid_until}{}; it had expired {when}",
                    if fallback { " (12 months after its close: the calendar lacks the next round of its season)" } else { "" }
                ),
                "use a more recent round's score",
            )
            .rule("eligibility.fallback_validity_months / round calendar"),
        );
    }
    ev.row(
        "Score validity",
        format!("valid until {valid_until}"),
        match form.form_date {
            Some(d) => format!("valid on {d} (form filed)"),
            None => format!("valid on {as_of}"),
        },
        vf,
    );
    Some((round, def))
}

/// The chosen round's dates: the practice's own record from the QOPI dashboard
/// (`rounds[].opens` / `closes`) takes precedence over the edition's calendar, and a difference
/// is reported naming both; dates from a placeholder calendar make the result provisional.
fn practice_round(ev: &mut Eval<'_>, round: &Round, table: &RoundDef) -> RoundDef {
    let mut def = table.clone();
    if round.opens.is_none() && round.closes.is_none() {
        if ev.rules.is_placeholder("round") {
            ev.placeholder(
                format!(
                    "the dates of `{}` ({} to {}) come from the edition's round calendar, a placeholder",
                    def.id, def.opens, def.closes
                ),
                "eligibility.round",
            );
        }
        return def;
    }
    def.opens = round.opens.unwrap_or(def.opens);
    def.closes = round.closes.unwrap_or(def.closes);
    if def.opens != table.opens || def.closes != table.closes {
        ev.findings.push(
            Finding::new(
                "practice-figure-used",
                join(&round.path, if round.closes.is_some() { "closes" } else { "opens" }),
                format!(
                    "`{}` runs {} to {} by the practice's records (QOPI dashboard); edition {} says {} to {}: the practice's records are used",
                    def.id, def.opens, def.closes, ev.rules.edition.id, table.opens, table.closes
                ),
                "nothing to do if the dashboard says so; otherwise correct the recorded dates",
            )
            .rule("round"),
        );
    }
    def
}

/// The practice's completed rounds not used before, most recent first, limited to the edition's
/// number of selectable rounds.
fn recent_unused<'a>(
    app: &'a Application,
    rules: &'a RuleEdition,
    as_of: Date,
) -> Vec<(&'a Round, &'a RoundDef)> {
    let mut done: Vec<(&Round, &RoundDef)> = app
        .rounds
        .iter()
        .filter(|r| !r.used_by_earlier_application)
        .filter_map(|r| rules.round(&r.id).map(|d| (r, d)))
        .filter(|(_, d)| d.closes < as_of)
        .collect();
    done.sort_by(|a, b| b.1.closes.cmp(&a.1.closes).then(a.1.id.cmp(&b.1.id)));
    done.truncate(rules.eligibility.recent_unused_rounds);
    done
}

fn track(ev: &mut Eval<'_>, r: &Round) {
    if !ev.rules.eligibility.require_qcp_track {
        return ev.na("QCP track", "not required by this edition");
    }
    let mut fs = Vec::new();
    let yours = match r.qcp_track {
        Some(true) => "abstracted",
        Some(false) => "not abstracted",
        None => "not stated",
    };
    if r.qcp_track != Some(true) {
        fs.push(
            Finding::new(
                "qcp-track-missing",
                join(&r.path, "qcp_track"),
                format!("round `{}`: QCP track {yours}; it is required", r.id),
                "use a round in which the QCP track was abstracted (record qcp_track: true)",
            )
            .rule("eligibility.require_qcp_track"),
        );
    }
    ev.row(
        "QCP track",
        yours.into(),
        "abstracted in the round".into(),
        fs,
    );
}

fn score(ev: &mut Eval<'_>, form: &EligibilityForm, r: &Round, def: &RoundDef) {
    let threshold = ev.rules.eligibility.score_threshold;
    let req = format!("≥ {threshold} %");
    let path = join(&r.path, "overall_score");
    let open = round_open(form, def, ev.as_of);
    match r.overall_score {
        None if open => {
            ev.pending(
                "Overall Quality Score",
                format!("not final yet: `{}` closes on {}", r.id, def.closes),
                req,
            );
        }
        None => {
            let f = Finding::new(
                "score-missing",
                path,
                format!("round `{}` has no overall_score", r.id),
                "copy the Overall Quality Score from the round's final report",
            );
            ev.row("Overall Quality Score", "missing".into(), req, vec![f]);
        }
        Some(s) => {
            let mut fs = Vec::new();
            if s.value() < threshold {
                fs.push(
                    Finding::new(
                        "score-below-threshold",
                        path,
                        format!(
                            "Overall Quality Score {s} in `{}` is below the {threshold} % threshold",
                            r.id
                        ),
                        "choose another eligible round with a qualifying score, or ask QCP staff for an exception (eligibility.staff_exception)",
                    )
                    .rule("eligibility.score_threshold"),
                );
            }
            ev.row("Overall Quality Score", s.to_string(), req, fs);
        }
    }
}

fn describe_fte(f: &FteFigure, hours_per_fte: Dec2) -> String {
    match (f.source, f.hours) {
        (FteSource::Hours, Some(h)) => format!(
            "{} ({} h ÷ {})",
            f.value,
            h.trimmed(),
            hours_per_fte.trimmed()
        ),
        _ => f.value.to_string(),
    }
}

fn tier_text(t: &crate::rules::ChartTier) -> String {
    match t.below_fte {
        Some(b) => format!("{} ≤ FTE < {}", t.min_fte.trimmed(), b.trimmed()),
        None => format!("FTE ≥ {}", t.min_fte.trimmed()),
    }
}

fn charts(
    ev: &mut Eval<'_>,
    form: &EligibilityForm,
    r: &Round,
    def: &RoundDef,
    figures: &mut Figures,
) {
    let open = round_open(form, def, ev.as_of);
    let app = ev.app;
    let rules = ev.rules;
    let exhausted = form.charts_exhausted == Some(Answer::Yes);
    let hpf = rules.eligibility.hours_per_fte;
    let below = |path: String,
                 code: &'static str,
                 who: String,
                 have: u32,
                 min: u32,
                 tier: String| {
        if exhausted {
            Finding::new(
                "charts-below-minimum-attested",
                path,
                format!("{who}: {have} unique charts, below the minimum of {min} for {tier}; exhaustion of eligible charts is attested"),
                "keep evidence that every eligible chart was abstracted; QCP staff review the attestation",
            )
            .rule("eligibility.unique_charts")
        } else {
            Finding::new(
                code,
                path,
                format!("{who}: {have} unique charts, {} short of the minimum of {min} for {tier}", min - have),
                "abstract more charts; if every eligible chart was abstracted, set eligibility.attestations.charts_exhausted: yes",
            )
            .rule("eligibility.unique_charts")
        }
    };
    match app.practice.participation {
        crate::model::Participation::Practice => {
            let Some(fte) = figures.fte else {
                let f = Finding::new(
                    "fte-missing",
                    "practice.fte",
                    "the practice's FTE is not given, so the chart minimum cannot be derived",
                    "add practice.fte, or practice.clinicians with weekly_hours",
                );
                return ev.row(
                    "Unique charts",
                    "FTE unknown".into(),
                    "minimum for the practice's FTE".into(),
                    vec![f],
                );
            };
            let table = rules.min_charts(fte.value);
            let (min, req, tier) = match (r.min_unique_charts, table) {
                (Some(own), t) => {
                    if let Some((tm, tier)) = t.filter(|(tm, _)| *tm != own) {
                        ev.findings.push(
                            Finding::new(
                                "practice-figure-used",
                                join(&r.path, "min_unique_charts"),
                                format!(
                                    "the minimum of {own} unique charts is the practice's QOPI report's; edition {} gives {tm} ({}): the practice's figure is used",
                                    rules.edition.id,
                                    tier_text(tier)
                                ),
                                "nothing to do if the QOPI report says so; otherwise correct min_unique_charts",
                            )
                            .rule("eligibility.unique_charts"),
                        );
                    }
                    (
                        own,
                        format!("≥ {own} (the practice's QOPI report)"),
                        "the practice's QOPI report".to_owned(),
                    )
                }
                (None, Some((min, tier))) => {
                    if rules.is_placeholder("eligibility.unique_charts") {
                        ev.placeholder(
                            format!("the chart minimum of {min} is a placeholder figure"),
                            &join(&r.path, "unique_charts"),
                        );
                    }
                    (
                        min,
                        format!(
                            "≥ {min} ({}; FTE {})",
                            tier_text(tier),
                            describe_fte(&fte, hpf)
                        ),
                        tier_text(tier),
                    )
                }
                (None, None) => {
                    return ev.row(
                        "Unique charts",
                        "FTE outside the chart table".into(),
                        String::new(),
                        Vec::new(),
                    );
                }
            };
            figures.min_charts = Some(min);
            match r.unique_charts {
                None if open => {
                    ev.pending(
                        "Unique charts",
                        format!("in progress: `{}` closes on {}", r.id, def.closes),
                        req,
                    );
                }
                None => {
                    let f = Finding::new(
                        "charts-missing",
                        join(&r.path, "unique_charts"),
                        format!(
                            "round `{}` does not give unique_charts (minimum {min})",
                            r.id
                        ),
                        "copy the unique-chart count from the round report",
                    );
                    ev.row("Unique charts", "missing".into(), req, vec![f]);
                }
                Some(have) => {
                    let fs = if have < min {
                        vec![below(
                            join(&r.path, "unique_charts"),
                            "charts-below-minimum",
                            format!("round `{}`", r.id),
                            have,
                            min,
                            tier,
                        )]
                    } else {
                        Vec::new()
                    };
                    ev.row("Unique charts", have.to_string(), req, fs);
                }
            }
        }
        crate::model::Participation::Site => {
            let mut total_min = 0u32;
            for site in &app.practice.sites {
                let crit = format!("Unique charts: {}", site.name);
                let Some(fte) = site.fte(rules.eligibility.hours_per_fte) else {
                    let f = Finding::new(
                        "fte-missing",
                        join(&site.path, "fte"),
                        format!(
                            "site `{}` has no FTE; with site-level participation each site's minimum comes from its own FTE",
                            site.name
                        ),
                        "add fte (or clinicians) to the site",
                    );
                    ev.row(
                        &crit,
                        "FTE unknown".into(),
                        "minimum for the site's FTE".into(),
                        vec![f],
                    );
                    continue;
                };
                let Some((min, tier)) = rules.min_charts(fte.value) else {
                    continue;
                };
                total_min += min;
                let tier = tier_text(tier);
                let req = format!("≥ {min} ({tier}; FTE {})", describe_fte(&fte, hpf));
                match r.site_charts.iter().find(|sc| sc.site == site.name) {
                    None if open => {
                        ev.pending(
                            &crit,
                            format!("in progress: `{}` closes on {}", r.id, def.closes),
                            req,
                        );
                    }
                    None => {
                        let f = Finding::new(
                            "charts-missing",
                            join(&r.path, "site_charts"),
                            format!(
                                "round `{}` gives no unique charts for site `{}` (minimum {min})",
                                r.id, site.name
                            ),
                            "add a site_charts entry for the site",
                        );
                        ev.row(&crit, "missing".into(), req, vec![f]);
                    }
                    Some(sc) => {
                        let fs = if sc.charts < min {
                            vec![below(
                                join(&sc.path, "charts"),
                                "site-charts-below-minimum",
                                format!("site `{}`", site.name),
                                sc.charts,
                                min,
                                tier,
                            )]
                        } else {
                            Vec::new()
                        };
                        ev.row(&crit, sc.charts.to_string(), req, fs);
                    }
                }
            }
            figures.min_charts = Some(total_min);
        }
    }
    // Simultaneous applicants: half the minimum entered before the survey can be scheduled.
    if form.category == Category::Simultaneous
        && let Some(min) = figures.min_charts
    {
        let pct = rules.eligibility.simultaneous_min_chart_percent;
        let needed = ceil_share(min, pct);
        figures.survey_chart_requirement = Some(needed);
        let entered = r.charts_entered;
        let mut fs = Vec::new();
        if entered.is_none_or(|e| e < needed) {
            fs.push(
                Finding::new(
                    "simultaneous-charts-for-survey",
                    join(&r.path, "charts_entered"),
                    format!(
                        "{} charts entered in `{}`; at least {needed} ({} % of {min}) are needed before the site survey can be scheduled",
                        entered.map_or_else(|| "no".to_owned(), |e| e.to_string()),
                        r.id,
                        pct.trimmed()
                    ),
                    "enter more charts in the current round and record charts_entered",
                )
                .rule("eligibility.simultaneous_min_chart_percent"),
            );
        }
        ev.row(
            "Charts entered (survey)",
            entered.map_or_else(|| "not recorded".to_owned(), |e| e.to_string()),
            format!("≥ {needed} before the survey is scheduled"),
            fs,
        );
    }
}

/// Whether a simultaneous applicant's chosen round is still open on `as_of`, so its final
/// report (score, unique charts) cannot exist yet (docs/rules.md §3, S0).
fn round_open(form: &EligibilityForm, def: &RoundDef, as_of: Date) -> bool {
    form.category == Category::Simultaneous && as_of <= def.closes
}

/// The codes that hold a simultaneous application until staff approve it.
const AWAITING_APPROVAL: &[&str] = &[
    "simultaneous-approval-pending",
    "milestone-before-simultaneous-approval",
];

/// Later milestones recorded while a simultaneous application has no recorded staff approval:
/// the application cannot proceed without it (docs/rules.md §3, S0), so each is a finding
/// naming the milestone and its date.
fn milestones_without_approval(ev: &mut Eval<'_>, form: &EligibilityForm) {
    if form.category != Category::Simultaneous || form.simultaneous_approved == Some(true) {
        return;
    }
    let e = crate::facts::Events::of(ev.app);
    let later = [
        ("eligibility approval", &e.eligibility_approved),
        ("the participation agreement signature", &e.agreement_signed),
        ("the questionnaire submission", &e.questionnaire_submitted),
        ("the payment", &e.paid),
        (
            "the pre-survey documents submission",
            &e.documents_submitted,
        ),
        ("the survey availability form", &e.survey_form),
        ("the survey", &e.survey),
    ];
    for (what, fact) in later {
        if let Some(f) = fact {
            ev.findings.push(
                Finding::new(
                    "milestone-before-simultaneous-approval",
                    f.path.clone(),
                    format!(
                        "{what} is recorded ({}) but the simultaneous application has no recorded staff approval",
                        f.date
                    ),
                    "record the approval (eligibility.simultaneous_approved: true) if staff granted it; otherwise the application cannot proceed",
                )
                .rule("eligibility: simultaneous applicants"),
            );
        }
    }
}

/// `ceil(min × pct / 100)` in integers.
fn ceil_share(min: u32, pct: Dec2) -> u32 {
    let num = i64::from(min) * pct.hundredths();
    let den = 100 * 100;
    u32::try_from((num + den - 1) / den).unwrap_or(u32::MAX)
}

fn answer_text(a: Option<Answer>) -> &'static str {
    match a {
        Some(Answer::Yes) => "yes",
        Some(Answer::No) => "no",
        Some(Answer::NotApplicable) => "not applicable",
        None => "unanswered",
    }
}

fn attestations(ev: &mut Eval<'_>, form: &EligibilityForm) {
    let base = "eligibility.attestations";
    let no_comment = form.attestation_comment.is_none();
    for (key, label, value, allow_na) in [
        (
            "charts_from_all_sites",
            "Attestation: charts from all sites",
            form.charts_from_all_sites,
            false,
        ),
        (
            "charts_exhausted",
            "Attestation: eligible charts exhausted",
            form.charts_exhausted,
            true,
        ),
    ] {
        let path = join(base, key);
        let mut fs = Vec::new();
        match value {
            None => fs.push(Finding::new(
                "attestation-missing",
                path,
                format!("`{key}` is unanswered; every attestation must be answered"),
                if allow_na {
                    "answer yes, no or not_applicable"
                } else {
                    "answer yes or no"
                },
            )),
            Some(Answer::NotApplicable) if !allow_na => fs.push(Finding::new(
                "wrong-type",
                path,
                format!("`{key}` does not offer not_applicable"),
                "answer yes or no",
            )),
            Some(Answer::No) if key == "charts_from_all_sites" => {
                fs.push(Finding::new(
                    "attestation-answered-no",
                    path.clone(),
                    "charts were not abstracted from all sites seeking certification",
                    "abstract charts from every site, or record the staff override under eligibility.staff_exception",
                ));
                if no_comment {
                    fs.push(Finding::new(
                        "attestation-comment-missing",
                        join(base, "comment"),
                        format!("`{key}` is answered no without a comment for staff"),
                        "add eligibility.attestations.comment explaining the answer",
                    ));
                }
            }
            Some(Answer::No) if no_comment => fs.push(Finding::new(
                "attestation-comment-missing",
                join(base, "comment"),
                format!("`{key}` is answered no without a comment for staff"),
                "add eligibility.attestations.comment explaining the answer",
            )),
            _ => {}
        }
        let requirement = if allow_na {
            "answered (yes if below the chart minimum)"
        } else {
            "yes"
        };
        ev.row(label, answer_text(value).into(), requirement.into(), fs);
    }
}

fn webinar(ev: &mut Eval<'_>, form: &EligibilityForm) {
    if !ev.rules.eligibility.require_webinar {
        return ev.na("Certification webinar", "not required by this edition");
    }
    let applied = form.form_date.unwrap_or(ev.as_of);
    let mut fs = Vec::new();
    let yours = match (&form.webinar_attendee, form.webinar_date) {
        (Some(a), Some(d)) => format!("{a}, {d}"),
        (Some(a), None) => format!("{a}, no date"),
        (None, Some(d)) => format!("no attendee, {d}"),
        (None, None) => "not recorded".to_owned(),
    };
    if form.webinar_attendee.is_none() || form.webinar_date.is_none() {
        let missing: Vec<&str> = [
            form.webinar_attendee.is_none().then_some("attendee"),
            form.webinar_date.is_none().then_some("date"),
        ]
        .into_iter()
        .flatten()
        .collect();
        fs.push(
            Finding::new(
                "webinar-missing",
                "eligibility.webinar",
                format!("webinar attendance is incomplete: no {}", missing.join(" and no ")),
                "a practice representative attends a certification webinar before applying; record attendee and date",
            )
            .rule("eligibility.require_webinar"),
        );
    } else if let Some(d) = form.webinar_date
        && d > applied
    {
        fs.push(
            Finding::new(
                "webinar-after-application",
                "eligibility.webinar.date",
                format!(
                    "webinar on {d} is after the application date {applied}; it must come before applying"
                ),
                "attend a webinar before applying, or correct the date",
            )
            .rule("eligibility.require_webinar"),
        );
    }
    ev.row(
        "Certification webinar",
        yours,
        format!("attended on or before {applied}"),
        fs,
    );
}

fn legal(ev: &mut Eval<'_>, form: &EligibilityForm) {
    let lr = &form.legal_reviewer;
    let missing: Vec<&str> = [
        form.legal_entity.is_none().then_some("legal_entity"),
        lr.name.is_none().then_some("legal_reviewer.name"),
        lr.email.is_none().then_some("legal_reviewer.email"),
        lr.phone.is_none().then_some("legal_reviewer.phone"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut fs = Vec::new();
    if !missing.is_empty() {
        let path = if form.legal_entity.is_none() {
            "eligibility.legal_entity"
        } else {
            "eligibility.legal_reviewer"
        };
        fs.push(Finding::new(
            "legal-contact-incomplete",
            path,
            format!(
                "the participation agreement cannot be sent: missing {}",
                missing.join(", ")
            ),
            "fill in the legal entity and the legal reviewer's name, email and phone",
        ));
    }
    let yours = if missing.is_empty() {
        format!(
            "{} / {}",
            form.legal_entity.as_deref().unwrap_or_default(),
            lr.name.as_deref().unwrap_or_default()
        )
    } else {
        format!("missing {}", missing.len())
    };
    ev.row(
        "Legal entity and reviewer",
        yours,
        "entity, reviewer name, email, phone".into(),
        fs,
    );
}

/// Applies a granted staff exception to the failures it may waive and decides the outcome.
fn apply_exception(ev: &mut Eval<'_>) -> Outcome {
    let granted = ev
        .app
        .eligibility
        .as_ref()
        .and_then(|e| e.staff_exception.as_ref())
        .filter(|x| x.granted);
    let waivable = &ev.rules.eligibility.exception_waives;
    let mut waived_codes = Vec::new();
    if granted.is_some() {
        for f in &mut ev.findings {
            if f.severity == Severity::Error && waivable.iter().any(|c| c == f.code) {
                f.severity = Severity::Warning;
                f.waived = true;
                waived_codes.push(f.code);
            }
        }
        for c in &mut ev.criteria {
            if c.status == Status::Fail
                && c.codes
                    .iter()
                    .all(|code| waived_codes.contains(code) || !is_error_code(code))
            {
                c.status = Status::Waived;
            }
        }
    }
    let errors = ev
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && !AWAITING_APPROVAL.contains(&f.code));
    let awaiting = ev
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && AWAITING_APPROVAL.contains(&f.code));
    if errors {
        Outcome::NotEligible
    } else if awaiting {
        Outcome::AwaitingStaffApproval
    } else if waived_codes.is_empty() {
        Outcome::Eligible
    } else {
        let x = granted.map(|x| {
            let mut s = String::new();
            if let Some(d) = x.date {
                s.push_str(&format!(" on {d}"));
            }
            if let Some(b) = &x.by {
                s.push_str(&format!(" by {b}"));
            }
            s
        });
        waived_codes.dedup();
        ev.findings.push(
            Finding::new(
                "eligible-by-exception",
                "eligibility.staff_exception",
                format!(
                    "eligible only by the staff exception granted{}; it waives: {}",
                    x.unwrap_or_default(),
                    waived_codes.join(", ")
                ),
                "keep the exception's record with the application",
            )
            .rule("eligibility.exception_waives"),
        );
        Outcome::EligibleByException
    }
}

fn is_error_code(code: &str) -> bool {
    crate::codes::lookup(code).is_some_and(|c| c.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceil_share_rounds_up() {
        assert_eq!(ceil_share(75, Dec2::from_int(50)), 38);
        assert_eq!(ceil_share(100, Dec2::from_int(50)), 50);
        assert_eq!(ceil_share(0, Dec2::from_int(50)), 0);
    }
}
