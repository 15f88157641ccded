//! Survey scheduling (docs/rules.md §6): are the practice's survey date options acceptable, and which
//! dates would be?
//!
//! [`check`] judges the `survey` section against the edition's `[survey]` figures and a
//! business-day calendar: how many options, how far after the anchor date (the availability
//! form's date in the current edition, the application's submission in the 2019 one), weekends,
//! holidays, unavailable ranges, reversed ranges, overlapping options, preferred weekdays, the
//! virtual survey's equipment-loan attestation, and — for simultaneous applicants — the charts
//! that must be entered first (the figure comes from [`crate::eligibility::check`], never
//! recomputed here). [`suggest`] proposes dates that pass every one of those checks.
//!
//! Pure: the caller passes the calendar and `as_of`. It does not write the file (the binary does,
//! through [`crate::yaml_edit`]) and does not know deadlines after the survey (`status`).

use std::fmt::Write as _;

use jiff::Span;
use serde::Serialize;

use crate::calendar::HolidayCalendar;
use crate::finding::{Finding, Severity};
use crate::model::survey::{DateSpan, SurveyMode, weekday_name};
use crate::model::{Application, Category};
use crate::rules::RuleEdition;
use crate::rules::survey::{LeadFrom, SurveyRules, rules_of};
use crate::source::join;
use crate::units::Date;

/// Ranges longer than this are not walked day by day: a year holds every weekday and business
/// day a check looks for. A safety bound, not a program rule.
const WALK_LIMIT_DAYS: i64 = 366;

/// The dates the options are judged against.
#[derive(Debug, Clone, Serialize)]
pub struct Window {
    /// The anchor date lead times count from.
    pub anchor: Date,
    /// What the anchor is (`survey.form_date`, `as-of`, `survey.application_submitted`).
    pub anchor_source: String,
    /// First allowed day (earlier is an error).
    pub earliest: Date,
    /// First day without a short-notice warning.
    pub recommended: Date,
    /// Last day without the program's consent, when the edition has a ceiling.
    pub latest: Option<Date>,
}

/// One option's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct OptionRow {
    /// YAML path.
    pub path: String,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// `ok`, `warning` or `error`.
    pub result: &'static str,
    /// Codes of the findings on it.
    pub codes: Vec<&'static str>,
}

/// What [`check`] found.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The lead-time window, when an anchor date is known.
    pub window: Option<Window>,
    /// One row per option, in preference order.
    pub options: Vec<OptionRow>,
    /// Findings.
    pub findings: Vec<Finding>,
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().days(n)).ok()
}

fn weeks(n: u32) -> i64 {
    i64::from(n) * 7
}

/// Computes the lead-time window, or the finding that says why it cannot be computed.
fn window(app: &Application, sr: &SurveyRules, as_of: Date) -> Result<Window, Box<Finding>> {
    let survey = app.survey.as_ref();
    let (anchor, source) = match sr.lead_from {
        LeadFrom::FormDate => match survey.and_then(|s| s.form_date) {
            Some(d) => (d, "survey.form_date".to_owned()),
            None => (as_of, "as-of date (no survey.form_date)".to_owned()),
        },
        LeadFrom::ApplicationSubmitted => {
            // The submission date has one home (crate::facts); older places still count.
            match crate::facts::Events::of(app).questionnaire_submitted {
                Some(f) => (f.date, f.path),
                None => {
                    return Err(Box::new(
                        Finding::new(
                            "survey-anchor-missing",
                            "questionnaire",
                            "this edition counts survey dates from the application's submission, but questionnaire.submitted_on is not given",
                            "record the day the application was submitted as questionnaire.submitted_on",
                        )
                        .rule("survey.lead_from"),
                    ));
                }
            }
        }
    };
    let at = |w: u32| add_days(anchor, weeks(w)).unwrap_or(anchor);
    Ok(Window {
        anchor,
        anchor_source: source,
        earliest: at(sr.min_lead_weeks),
        recommended: at(sr.recommended_lead_weeks),
        latest: sr.max_lead_weeks.map(at),
    })
}

/// Days of a span, at most [`WALK_LIMIT_DAYS`] of them.
fn days(s: &DateSpan) -> impl Iterator<Item = Date> + '_ {
    let mut next = Some(s.from);
    std::iter::from_fn(move || {
        let d = next?;
        next = add_days(d, 1);
        Some(d)
    })
    .take_while(move |d| *d <= s.to)
    .take(usize::try_from(WALK_LIMIT_DAYS).unwrap_or(usize::MAX))
}

fn describe(s: &DateSpan) -> String {
    if s.single || s.from == s.to {
        format!("{} ({})", s.from, weekday_name(s.from.weekday()))
    } else {
        format!("{} to {}", s.from, s.to)
    }
}

fn weeks_days(from: Date, to: Date) -> String {
    let n = i64::from((to - from).get_days());
    let (w, d) = (n.div_euclid(7), n.rem_euclid(7));
    match (w, d) {
        (_, 0) => format!("{w} week(s)"),
        (0, _) => format!("{d} day(s)"),
        _ => format!("{w} week(s) {d} day(s)"),
    }
}

/// Judges the survey section as of `as_of`.
///
/// ```
/// use qcp::{calendar::HolidayCalendar, model::load, rules::RuleEdition, source::SourceFile};
/// let rules = RuleEdition::embedded().unwrap();
/// let cal = qcp::rules::deadlines::embedded_calendar("us-federal").unwrap().unwrap();
/// let text = "practice: {name: D, country: US}\neligibility: {form_date: 2026-11-01}\n\
///             survey:\n  form_date: 2026-11-23\n  options: [2026-12-18]\n";
/// let app = load::parse(&SourceFile::new("a.yaml", text)).unwrap();
/// let ev = qcp::survey::check(&app, &rules, &cal, "2026-11-23".parse().unwrap()).unwrap();
/// assert!(ev.findings.iter().any(|f| f.code == "survey-option-too-early"));
/// ```
///
/// # Errors
/// When the edition has no `[survey]` table.
pub fn check(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
) -> Result<Evaluation, crate::rules::MissingTable> {
    let sr = rules_of(rules)?;
    let mut out = Vec::new();
    let Some(survey) = app.survey.as_ref() else {
        out.push(Finding::new(
            "survey-section-missing",
            "",
            "the application has no `survey` section, so there are no date options to check",
            "add a survey section (docs/application-format.md), or run `qcp survey suggest FILE --write`",
        ));
        return Ok(Evaluation {
            window: None,
            options: Vec::new(),
            findings: out,
        });
    };
    if app.eligibility.is_none() {
        out.push(Finding::new(
            "survey-without-eligibility",
            "survey",
            "the file has a survey section but no eligibility section; survey availability comes after eligibility is approved",
            "add the eligibility form first (see `qcp eligibility check`)",
        ));
    }
    out.extend(chart_gate(app, rules, as_of));
    let n = survey.options.len();
    if n < sr.options_min || n > sr.options_max {
        let want = if sr.options_min == sr.options_max {
            format!("{}", sr.options_min)
        } else {
            format!("{} to {}", sr.options_min, sr.options_max)
        };
        out.push(
            Finding::new(
                "survey-option-count",
                if n == 0 { "survey" } else { "survey.options" },
                format!(
                    "{n} date option(s) given; edition {} asks for {want}",
                    rules.edition.id
                ),
                if n < sr.options_min {
                    "add options (`qcp survey suggest FILE --write` proposes valid ones)"
                } else {
                    "keep only your most preferred options"
                },
            )
            .rule("survey.options_min / survey.options_max"),
        );
    }
    if sr.preferred_weekdays_required && survey.preferred_weekdays.is_empty() {
        out.push(
            Finding::new(
                "survey-weekdays-missing",
                "survey",
                "no preferred weekdays are given",
                "list survey.preferred_weekdays: the days on which the practice treats the most infusion patients",
            )
            .rule("survey.preferred_weekdays_required"),
        );
    }
    if let (Some(iv), false) = (
        sr.iv_patients_per_weekday,
        survey.preferred_weekdays.is_empty(),
    ) {
        let names: Vec<&str> = survey
            .preferred_weekdays
            .iter()
            .map(|w| weekday_name(*w))
            .collect();
        out.push(
            Finding::new(
                "survey-iv-patients-reminder",
                "survey.preferred_weekdays",
                format!(
                    "choose weekdays on which at least {iv} IV chemotherapy patients are seen (chosen: {})",
                    names.join(", ")
                ),
                "the surveyor observes chemotherapy administration; change the weekdays if fewer patients come",
            )
            .rule("survey.iv_patients_per_weekday"),
        );
    }
    if survey.mode.is_none() {
        out.push(Finding::new(
            "survey-mode-missing",
            "survey",
            "the survey mode (virtual or in person) is not given",
            "set survey.mode to virtual or in_person",
        ));
    }
    if survey.mode == Some(SurveyMode::Virtual)
        && sr.virtual_needs_equipment_attestation
        && survey.equipment_loan_attested != Some(true)
    {
        out.push(
            Finding::new(
                "survey-equipment-attestation-missing",
                if survey.equipment_loan_attested.is_some() {
                    "survey.equipment_loan_attested"
                } else {
                    "survey.mode"
                },
                "a virtual survey needs the equipment loan agreement attestation, which is not given",
                "attest the equipment loan agreement: survey.equipment_loan_attested: true",
            )
            .rule("survey.virtual_needs_equipment_attestation"),
        );
    }
    for u in &survey.unavailable {
        if u.from > u.to {
            out.push(reversed(u, "unavailable range"));
        }
    }

    let win = match window(app, sr, as_of) {
        Ok(w) => Some(w),
        Err(f) => {
            out.push(*f);
            None
        }
    };
    // A filed form's options are judged as of its filing date (they were offered then, and
    // `status` judges the milestone the same way); a draft's as of `as_of`.
    let filed = crate::facts::Events::date(crate::facts::Events::of(app).survey_form.as_ref());
    let mut rows = Vec::new();
    for (i, o) in survey.options.iter().enumerate() {
        let mut fs = Vec::new();
        option_checks(o, i, survey, sr, win.as_ref(), cal, (as_of, filed), &mut fs);
        let result = match fs.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => "error",
            Some(Severity::Warning) => "warning",
            _ => "ok",
        };
        rows.push(OptionRow {
            path: o.path.clone(),
            from: o.from,
            to: o.to,
            result,
            codes: fs.iter().map(|f| f.code).collect(),
        });
        out.extend(fs);
    }
    Ok(Evaluation {
        window: win,
        options: rows,
        findings: out,
    })
}

/// Simultaneous applicants: the chart share that must be entered before the survey can be
/// scheduled, as the eligibility evaluation computes it (never recomputed here).
fn chart_gate(app: &Application, rules: &RuleEdition, as_of: Date) -> Option<Finding> {
    if app
        .eligibility
        .as_ref()
        .is_some_and(|e| e.category == Category::Simultaneous)
    {
        let ev = crate::eligibility::check(app, rules, as_of);
        if let Some(needed) = ev.figures.survey_chart_requirement {
            let round = ev.figures.round.as_deref().unwrap_or_default();
            let chosen = app.rounds.iter().find(|r| r.id == round);
            let entered = chosen.and_then(|r| r.charts_entered);
            let path =
                chosen.map_or_else(|| "survey".to_owned(), |r| join(&r.path, "charts_entered"));
            if entered.is_none_or(|e| e < needed) {
                return Some(
                    Finding::new(
                        "survey-charts-not-entered",
                        path,
                        format!(
                            "a simultaneous applicant cannot schedule its survey before {needed} charts are entered in `{round}`; {} entered",
                            entered.map_or_else(|| "none recorded".to_owned(), |e| e.to_string())
                        ),
                        "enter charts in the current round and record rounds[].charts_entered before sending availability",
                    )
                    .rule("eligibility.simultaneous_min_chart_percent"),
                );
            }
        }
    }
    None
}

fn reversed(s: &DateSpan, what: &str) -> Finding {
    Finding::new(
        "survey-range-reversed",
        join(&s.path, "to"),
        format!("the {what} ends on {} before it starts on {}", s.to, s.from),
        "swap `from` and `to`, or correct the date that is wrong",
    )
}

#[allow(clippy::too_many_arguments)]
fn option_checks(
    o: &DateSpan,
    i: usize,
    survey: &crate::model::survey::SurveyForm,
    sr: &SurveyRules,
    win: Option<&Window>,
    cal: &HolidayCalendar,
    (as_of, filed): (Date, Option<Date>),
    fs: &mut Vec<Finding>,
) {
    let what = describe(o);
    if o.from > o.to {
        fs.push(reversed(o, "option's range"));
        return;
    }
    let (judged, when) = match filed {
        Some(d) => (
            d,
            format!("was already in the past when the form was filed on {d}"),
        ),
        None => (as_of, format!("is in the past (as of {as_of})")),
    };
    if o.to < judged {
        fs.push(
            Finding::new(
                "survey-option-past",
                o.path.clone(),
                format!("option {what} {when}"),
                "replace it with a future date",
            )
            .rule("docs/rules.md §6"),
        );
        return;
    }
    if let Some(prev) = survey.options[..i]
        .iter()
        .find(|p| p.from <= p.to && p.overlaps(o))
    {
        fs.push(Finding::new(
            "survey-options-overlap",
            o.path.clone(),
            format!(
                "option {what} overlaps the earlier option {} ({})",
                describe(prev),
                prev.path
            ),
            "each option should offer different days; remove or change one of them",
        ));
    }
    // Weekends and holidays: a single date must be a business day; a range must hold one.
    if o.single || o.from == o.to {
        let d = o.from;
        if cal.is_weekend(d) {
            fs.push(Finding::new(
                "survey-option-weekend",
                o.path.clone(),
                format!("option {what} is on a weekend"),
                "choose a weekday",
            ));
        } else if let Some(h) = cal.holiday_on(d) {
            fs.push(
                Finding::new(
                    "survey-option-holiday",
                    o.path.clone(),
                    format!("option {what} is a holiday ({h}, calendar {})", cal.id()),
                    "choose another business day",
                )
                .rule("deadlines.calendar"),
            );
        }
    } else if !days(o).any(|d| cal.is_business_day(d)) {
        fs.push(
            Finding::new(
                "survey-option-holiday",
                o.path.clone(),
                format!(
                    "option {what} holds no business day (only weekend days or holidays of calendar {})",
                    cal.id()
                ),
                "widen the range to include business days",
            )
            .rule("deadlines.calendar"),
        );
    }
    if let Some(u) = survey
        .unavailable
        .iter()
        .find(|u| u.from <= u.to && u.overlaps(o))
    {
        fs.push(Finding::new(
            "survey-option-unavailable",
            o.path.clone(),
            format!(
                "option {what} overlaps the unavailable range {} to {}{} ({})",
                u.from,
                u.to,
                u.reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default(),
                u.path
            ),
            "choose days outside the practice's unavailable ranges, or correct the range",
        ));
    }
    if !survey.preferred_weekdays.is_empty()
        && !days(o).any(|d| survey.preferred_weekdays.contains(&d.weekday()))
    {
        let names: Vec<&str> = survey
            .preferred_weekdays
            .iter()
            .map(|w| weekday_name(*w))
            .collect();
        fs.push(Finding::new(
            "survey-option-not-preferred-weekday",
            o.path.clone(),
            format!(
                "option {what} holds none of the preferred weekdays ({})",
                names.join(", ")
            ),
            "offer days on the preferred weekdays, or update preferred_weekdays",
        ));
    }
    if let Some(w) = win {
        if o.from < w.earliest {
            fs.push(
                Finding::new(
                    "survey-option-too-early",
                    o.path.clone(),
                    format!(
                        "option {what} is {} after {} {}; the minimum is {} week(s), so the earliest allowed day is {}",
                        weeks_days(w.anchor, o.from),
                        w.anchor_source,
                        w.anchor,
                        sr.min_lead_weeks,
                        w.earliest
                    ),
                    format!("choose {} or later", w.earliest),
                )
                .rule("survey.min_lead_weeks"),
            );
        } else if o.from < w.recommended {
            fs.push(
                Finding::new(
                    "survey-option-short-notice",
                    o.path.clone(),
                    format!(
                        "option {what} is {} after {} {}: allowed, but under the recommended {} weeks (from {})",
                        weeks_days(w.anchor, o.from),
                        w.anchor_source,
                        w.anchor,
                        sr.recommended_lead_weeks,
                        w.recommended
                    ),
                    "later dates give the program time to assign a surveyor",
                )
                .rule("survey.recommended_lead_weeks"),
            );
        }
        if let (Some(latest), Some(max)) = (w.latest, sr.max_lead_weeks)
            && o.to > latest
        {
            fs.push(
                Finding::new(
                    "survey-option-needs-consent",
                    o.path.clone(),
                    format!(
                        "option {what} is more than {max} weeks after {} {} (last day {latest}); it needs the program's consent",
                        w.anchor_source, w.anchor
                    ),
                    format!("choose days up to {latest}, or obtain the program's consent"),
                )
                .rule("survey.max_lead_weeks"),
            );
        }
    }
}

/// A proposed survey date and why it was chosen.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The date.
    pub date: Date,
    /// Why it qualifies.
    pub reason: String,
}

/// What [`suggest`] proposes.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// The window the dates respect.
    pub window: Option<Window>,
    /// The proposals, earliest first.
    pub suggestions: Vec<Suggestion>,
    /// Findings that stop scheduling whatever the dates (charts not entered, no anchor date).
    pub blockers: Vec<Finding>,
    /// Indices of the recorded options that fail `survey check` (an error on the option): the
    /// suggestions replace them, and `--write` drops them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<usize>,
}

/// Proposes `count` dates (default: enough to reach the edition's minimum number of options)
/// that pass every option check: on or after the recommended lead time and after `as_of`, within
/// the edition's ceiling, business days only, on the preferred weekdays, outside unavailable
/// ranges and existing options. Deterministic: earliest first.
///
/// # Errors
/// When the edition has no `[survey]` table.
pub fn suggest(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    count: Option<usize>,
) -> Result<Proposal, crate::rules::MissingTable> {
    let sr = rules_of(rules)?;
    let empty = crate::model::survey::SurveyForm::default();
    let survey = app.survey.as_ref().unwrap_or(&empty);
    let mut blockers: Vec<Finding> = chart_gate(app, rules, as_of).into_iter().collect();
    let win = match window(app, sr, as_of) {
        Ok(w) => w,
        Err(f) => {
            blockers.push(*f);
            return Ok(Proposal {
                window: None,
                suggestions: Vec::new(),
                blockers,
                replaces: Vec::new(),
            });
        }
    };
    let replaces = failing_options(app, rules, cal, as_of, survey.options.len());
    let kept = survey.options.len() - replaces.len();
    let want = count.unwrap_or_else(|| sr.options_min.saturating_sub(kept).max(1));
    let tomorrow = add_days(as_of, 1).unwrap_or(as_of);
    let start = win.recommended.max(tomorrow);
    let end = win
        .latest
        .unwrap_or_else(|| add_days(start, WALK_LIMIT_DAYS).unwrap_or(start));
    let mut out = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut d = start;
    while d <= end && out.len() < want {
        let preferred = survey.preferred_weekdays.is_empty()
            || survey.preferred_weekdays.contains(&d.weekday());
        if preferred && !cal.is_weekend(d) {
            if let Some(h) = cal.holiday_on(d) {
                skipped.push(format!("{d} ({h})"));
            } else if let Some(u) = survey
                .unavailable
                .iter()
                .find(|u| u.from <= u.to && u.contains(d))
            {
                skipped.push(format!(
                    "{d} (unavailable{})",
                    u.reason
                        .as_ref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                ));
            } else if survey.options.iter().any(|o| o.contains(d)) {
                // Already offered.
            } else {
                let mut reason = format!(
                    "{}{}, {} after {} {} (recommended ≥ {} weeks)",
                    weekday_name(d.weekday()),
                    if survey.preferred_weekdays.is_empty() {
                        ""
                    } else {
                        " (a preferred weekday)"
                    },
                    weeks_days(win.anchor, d),
                    win.anchor_source,
                    win.anchor,
                    sr.recommended_lead_weeks
                );
                if let (Some(l), Some(max)) = (win.latest, sr.max_lead_weeks) {
                    let _ = write!(reason, ", within {max} weeks (by {l})");
                }
                reason.push_str("; a business day outside every unavailable range");
                if !skipped.is_empty() {
                    let _ = write!(reason, "; skipped {}", skipped.join(", "));
                    skipped.clear();
                }
                out.push(Suggestion { date: d, reason });
            }
        }
        let Some(next) = add_days(d, 1) else { break };
        d = next;
    }
    Ok(Proposal {
        window: Some(win),
        suggestions: out,
        blockers,
        replaces,
    })
}

/// The indices of recorded options with an error of their own in `survey check`.
fn failing_options(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    n: usize,
) -> Vec<usize> {
    let Ok(ev) = check(app, rules, cal, as_of) else {
        return Vec::new();
    };
    (0..n)
        .filter(|i| {
            let at = crate::source::index("survey.options", *i);
            ev.findings.iter().any(|f| {
                f.severity == crate::finding::Severity::Error
                    && (f.path == at || f.path.starts_with(&format!("{at}.")))
            })
        })
        .collect()
}

/// The YAML list of `existing` options followed by `new` suggestions (each with its reason as a
/// comment), for `yaml_edit::set(text, &["survey", "options"], ..)`.
#[must_use]
///
/// Options listed in `drop` (failing ones, [`Proposal::replaces`]) are left out; the others keep
/// their order and the trailing comment their line has in `text`, so a second run keeps what
/// the first wrote. New dates get a short comment.
pub fn options_yaml(
    text: &str,
    existing: &[DateSpan],
    drop: &[usize],
    new: &[Suggestion],
) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let index = crate::source::PositionIndex::build(text);
    let mut s = String::new();
    for (i, o) in existing.iter().enumerate() {
        if drop.contains(&i) {
            continue;
        }
        let item = if o.single {
            format!("- {}", o.from)
        } else {
            format!("- {{from: {}, to: {}}}", o.from, o.to)
        };
        let comment = index
            .locate(&o.path)
            .and_then(|l| lines.get(l.line.saturating_sub(1)))
            .and_then(|line| trailing_comment(line));
        match comment {
            Some(c) => {
                let _ = writeln!(s, "{item}   {c}");
            }
            None => {
                let _ = writeln!(s, "{item}");
            }
        }
    }
    for n in new {
        let _ = writeln!(
            s,
            "- {}   # qcp survey suggest: {}",
            n.date,
            weekday_name(n.date.weekday())
        );
    }
    s
}

/// The `# ...` comment ending a one-entry YAML line (`- 2027-01-05   # note`), if any: a `#`
/// preceded by whitespace outside quotes.
fn trailing_comment(line: &str) -> Option<String> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => {
                return Some(line[i..].trim_end().replace(['\n', '\r'], " "));
            }
            _ => {}
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;
    use crate::source::SourceFile;

    fn cal() -> HolidayCalendar {
        crate::rules::deadlines::embedded_calendar("us-federal")
            .expect("embedded")
            .expect("valid")
    }

    fn app(survey: &str) -> Application {
        let text = format!(
            "practice: {{name: D, country: US}}\neligibility: {{form_date: 2026-11-01}}\nsurvey:\n{survey}"
        );
        load::parse(&SourceFile::new("a.yaml", text)).expect("parses")
    }

    fn codes(ev: &Evaluation) -> Vec<&'static str> {
        ev.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn an_option_is_too_early_the_day_before_four_weeks_and_allowed_on_the_day() {
        // docs/rules.md §6, S1: under 4 weeks from the form date is an error, 4–6 weeks a warning.
        let rules = RuleEdition::embedded().unwrap();
        let as_of = "2026-11-23".parse().unwrap();
        // Form 2026-11-23 (Monday): 4 weeks later is Monday 2026-12-21.
        let early = app("  mode: in_person\n  form_date: 2026-11-23\n  options: [2026-12-18]\n");
        let ev = check(&early, &rules, &cal(), as_of).unwrap();
        assert!(
            codes(&ev).contains(&"survey-option-too-early"),
            "{:?}",
            codes(&ev)
        );
        let day_before =
            app("  mode: in_person\n  form_date: 2026-11-24\n  options: [2026-12-21]\n");
        let ev = check(&day_before, &rules, &cal(), as_of).unwrap();
        assert!(codes(&ev).contains(&"survey-option-too-early"));
        let on_day = app("  mode: in_person\n  form_date: 2026-11-23\n  options: [2026-12-21]\n");
        let ev = check(&on_day, &rules, &cal(), as_of).unwrap();
        assert!(!codes(&ev).contains(&"survey-option-too-early"));
        assert!(codes(&ev).contains(&"survey-option-short-notice"));
        let six = app("  mode: in_person\n  form_date: 2026-11-23\n  options: [2027-01-04]\n");
        let ev = check(&six, &rules, &cal(), as_of).unwrap();
        assert!(
            !codes(&ev).contains(&"survey-option-short-notice"),
            "{:?}",
            codes(&ev)
        );
    }

    #[test]
    fn suggestions_pass_every_check_and_skip_holidays() {
        let rules = RuleEdition::embedded().unwrap();
        let as_of = "2026-11-23".parse().unwrap();
        let a = app(
            "  mode: in_person\n  form_date: 2026-11-23\n  preferred_weekdays: [monday]\n  unavailable:\n    - {from: 2027-01-25, to: 2027-01-29, reason: move}\n",
        );
        let p = suggest(&a, &rules, &cal(), as_of, Some(4)).unwrap();
        let dates: Vec<String> = p.suggestions.iter().map(|s| s.date.to_string()).collect();
        // 6 weeks after 2026-11-23 is 2027-01-04; 2027-01-18 is MLK day, 2027-01-25 unavailable.
        assert_eq!(
            dates,
            ["2027-01-04", "2027-01-11", "2027-02-01", "2027-02-08"]
        );
        assert!(
            p.suggestions[2].reason.contains("skipped 2027-01-18"),
            "{}",
            p.suggestions[2].reason
        );
    }
}
