//! QOPI registration and participation (docs/rules.md §1, §8): what comes before the application
//! (a registered practice that has abstracted a round) and what a certified practice keeps doing
//! during its term.
//!
//! Pure functions of the application, the rule edition's `[qopi]` table and its round calendar:
//! [`check`] (the `qopi` family of the registry), [`plan`] (`qcp qopi plan`), and for the
//! status view [`milestone`] (the "QOPI participation" stage before the eligibility form) and
//! [`deadlines`] (registration deadline, round dates, expected report, one round per term year).
//!
//! Not responsible for: eligibility's own round checks (`eligibility`), or rendering.

use jiff::Span;
use serde::Serialize;

use crate::finding::Finding;
use crate::model::Application;
use crate::model::qopi::{Membership, Qopi, Role, RoundParticipation, Track};
use crate::rules::{QopiRules, RuleEdition};
use crate::source::join;
use crate::status::{Deadline, Milestone, State, Who};
use crate::units::{Date, Dec2};

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().months(n)).ok()
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().days(n)).ok()
}

/// A round's data collection dates and season: the practice's recorded dates first, else the
/// edition's calendar. `None` when neither gives both dates.
#[derive(Debug, Clone, Serialize)]
pub struct RoundDates {
    /// The round's label (the calendar's, else its id).
    pub label: String,
    /// First day of data collection.
    pub opens: Date,
    /// Last day of data collection.
    pub closes: Date,
    /// The calendar's season (`round-1`, `round-2`), when the calendar has the round.
    pub season: Option<String>,
    /// Whether the dates come from the practice's record rather than the calendar.
    pub recorded: bool,
}

/// The dates of participation `p` (see [`RoundDates`]).
#[must_use]
pub fn round_dates(rules: &RuleEdition, p: &RoundParticipation) -> Option<RoundDates> {
    let cal = rules.round(&p.round);
    let opens = p.opens.or(cal.map(|r| r.opens))?;
    let closes = p.closes.or(cal.map(|r| r.closes))?;
    Some(RoundDates {
        label: cal.map_or_else(|| p.round.clone(), |r| r.label.clone()),
        opens,
        closes,
        season: cal.map(|r| r.season.clone()),
        recorded: p.opens.is_some() || p.closes.is_some(),
    })
}

/// The last day a new practice may register to take part in a round opening on `opens`.
#[must_use]
pub fn registration_deadline(q: &QopiRules, opens: Date) -> Option<Date> {
    add_months(opens, -i64::from(q.registration_lead_months.value))
}

/// The day the round's performance report is expected.
#[must_use]
pub fn report_expected(q: &QopiRules, closes: Date) -> Option<Date> {
    add_days(closes, 7 * i64::from(q.report_after_close_weeks.value))
}

/// Whether `id` has the documented shape: ASCII digits only, within the edition's length range.
#[must_use]
pub fn member_id_ok(q: &QopiRules, id: &str) -> bool {
    let n = id.len();
    id.bytes().all(|b| b.is_ascii_digit())
        && u32::try_from(n)
            .is_ok_and(|n| n >= q.member_id_min_digits.value && n <= q.member_id_max_digits.value)
}

/// Whether participation `p` is the round the practice applies (or will apply) with.
fn for_certification(app: &Application, p: &RoundParticipation) -> bool {
    p.for_certification
        || app
            .eligibility
            .as_ref()
            .and_then(|e| e.round.as_deref())
            .is_some_and(|r| r == p.round)
}

/// How many physicians physician-level reporting counts: users with `reporting`, else the
/// practice's physicians.
fn reporting_physicians(app: &Application, q: &Qopi) -> usize {
    let n = q.users.iter().filter(|u| u.has(Role::Reporting)).count();
    if n > 0 {
        n
    } else {
        app.practice.physicians.len()
    }
}

fn fellows(q: &Qopi) -> usize {
    q.users.iter().filter(|u| u.has(Role::Fellow)).count()
}

/// Modules counted for physician-level reporting: those chosen, at least one.
fn module_count(p: &RoundParticipation) -> u32 {
    u32::try_from(p.modules.len()).unwrap_or(u32::MAX).max(1)
}

/// The `qopi` family: every check of the `qopi` section (nothing when the file has none).
#[must_use]
pub fn check(app: &Application, rules: &RuleEdition, as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(q) = app.qopi.as_ref() else {
        return out;
    };
    let Some(qr) = rules.qopi.as_ref() else {
        out.push(Finding::new(
            "qopi-rules-missing",
            "qopi",
            format!(
                "rule edition {} has no [qopi] table: the qopi section is not checked",
                rules.edition.id
            ),
            "use a shipped edition, or add [qopi] (see standards/rules-qcp-2024.toml)",
        ));
        return out;
    };
    country(app, qr, &mut out);
    registration(app, q, qr, rules, as_of, &mut out);
    users(q, qr, &mut out);
    participation(app, q, qr, rules, &mut out);
    if q.fellowship_program {
        fellowship(app, q, qr, rules, as_of, &mut out);
    }
    out.extend(term_findings(app, rules, as_of));
    out
}

fn country(app: &Application, qr: &QopiRules, out: &mut Vec<Finding>) {
    let c = &app.practice.country;
    if !qr.participation_countries.value.iter().any(|x| x == c) {
        out.push(
            Finding::new(
                "qopi-country-not-participating",
                "practice.country",
                format!(
                    "QOPI rounds are open in {} countries ([qopi] participation_countries, {}); {c} is not one of them, so the practice may register its interest only",
                    qr.participation_countries.value.len(),
                    qr.participation_countries.source
                ),
                "register interest with QOPI and wait for rounds to open in the country; certification countries are a separate list ([eligibility] countries)",
            )
            .rule("qopi.participation_countries"),
        );
    }
}

fn registration(
    app: &Application,
    q: &Qopi,
    qr: &QopiRules,
    rules: &RuleEdition,
    as_of: Date,
    out: &mut Vec<Finding>,
) {
    let lead = qr.registration_lead_months.value;
    // The first round the practice has not abstracted yet: the one registration is for.
    let next = q
        .participation
        .iter()
        .filter(|p| p.abstracted.is_none())
        .filter_map(|p| round_dates(rules, p).map(|d| (p, d)))
        .filter(|(_, d)| d.closes >= as_of)
        .min_by_key(|(_, d)| d.opens);
    // A practice that has abstracted a round is registered, whether or not the file says when.
    let participated = !abstracted_days(app, rules).is_empty();
    match q.registered_on {
        None if participated => {}
        None => {
            let (msg, late) = match &next {
                Some((p, d)) => match registration_deadline(qr, d.opens) {
                    Some(dl) if as_of > dl => (
                        format!(
                            "not registered with QOPI, and the registration deadline for {} passed on {dl} ({lead} month(s) before data collection opens on {})",
                            p.round, d.opens
                        ),
                        Some(p.path.clone()),
                    ),
                    Some(dl) => (
                        format!(
                            "not registered with QOPI yet: register by {dl} to take part in {} ({lead} month(s) before data collection opens on {})",
                            p.round, d.opens
                        ),
                        None,
                    ),
                    None => ("not registered with QOPI yet".to_owned(), None),
                },
                None => ("not registered with QOPI yet".to_owned(), None),
            };
            match late {
                Some(path) => out.push(
                    Finding::new(
                        "qopi-registration-late",
                        join(&path, "round"),
                        msg,
                        "plan for a later round, or record qopi.registered_on if the practice is registered",
                    )
                    .rule("qopi.registration_lead_months"),
                ),
                None => out.push(
                    Finding::new(
                        "qopi-not-registered",
                        "qopi",
                        msg,
                        "register the practice in the QOPI system, then record qopi.registered_on",
                    )
                    .rule("qopi.registration_lead_months"),
                ),
            }
        }
        Some(reg) => {
            // A practice is new to QOPI for the rounds that open after it registered; any of
            // them that opens less than the lead time after registration is too early for it.
            for p in &q.participation {
                let Some(d) = round_dates(rules, p) else {
                    continue;
                };
                let Some(dl) = registration_deadline(qr, d.opens) else {
                    continue;
                };
                if reg > dl && reg <= d.closes {
                    out.push(
                        Finding::new(
                            "qopi-registration-late",
                            join(&p.path, "round"),
                            format!(
                                "registered on {reg}, after {dl}: a new practice registers at least {lead} month(s) before data collection opens ({} opens {})",
                                p.round, d.opens
                            ),
                            "take part in the next round, or record the round's dates if QOPI accepted the practice",
                        )
                        .rule("qopi.registration_lead_months"),
                    );
                }
            }
        }
    }
    let n = usize::try_from(qr.prequalification_questions.value).unwrap_or(usize::MAX);
    match &q.prequalification {
        None if q.registered_on.is_some() => out.push(
            Finding::new(
                "qopi-prequalification-missing",
                "qopi",
                format!(
                    "the registration's {n} prequalification answers are not recorded ([qopi] prequalification_questions)"
                ),
                "record qopi.prequalification: one true per question, in order",
            )
            .rule("qopi.prequalification_questions"),
        ),
        None => {}
        Some(answers) => {
            if answers.len() < n {
                out.push(
                    Finding::new(
                        "qopi-prequalification-missing",
                        "qopi.prequalification",
                        format!(
                            "{} prequalification answer(s) recorded, the registration asks {n} ([qopi] prequalification_questions)",
                            answers.len()
                        ),
                        "record every answer in question order",
                    )
                    .rule("qopi.prequalification_questions"),
                );
            }
            for (i, a) in answers.iter().enumerate() {
                if !a {
                    out.push(Finding::new(
                        "qopi-prequalification-not-agreed",
                        format!("qopi.prequalification[{i}]"),
                        format!(
                            "prequalification question {} is not agreed: every question must be agreed to take part in QOPI",
                            i + 1
                        ),
                        "agree to the question (after checking with the practice's counsel), or do not register",
                    ));
                }
            }
        }
    }
}

fn users(q: &Qopi, qr: &QopiRules, out: &mut Vec<Finding>) {
    let corresponding: Vec<_> = q
        .users
        .iter()
        .filter(|u| u.has(Role::Corresponding))
        .collect();
    match corresponding.as_slice() {
        [] => out.push(Finding::new(
            "qopi-corresponding-count",
            "qopi.users",
            "no user is the corresponding physician; a practice has exactly one",
            "add corresponding to one physician's roles",
        )),
        [one] => {
            if one.asco_member_id.is_none() {
                out.push(Finding::new(
                    "qopi-member-id-missing",
                    one.path.clone(),
                    format!(
                        "the corresponding physician {} has no ASCO member id; registration checks it",
                        one.name
                    ),
                    "record asco_member_id (from the member's ASCO account)",
                ));
            }
            if one.membership == Some(Membership::Inactive) {
                out.push(Finding::new(
                    "qopi-membership-inactive",
                    join(&one.path, "membership"),
                    format!(
                        "the corresponding physician {}'s ASCO membership is inactive: QOPI needs a member in good standing",
                        one.name
                    ),
                    "reactivate the membership through ASCO Member Services (allow about a day), or make another ASCO member in good standing the corresponding physician",
                ));
            }
        }
        [_, rest @ ..] => {
            for u in rest {
                out.push(Finding::new(
                    "qopi-corresponding-count",
                    join(&u.path, "roles"),
                    format!(
                        "{} corresponding physicians ({}); a practice has exactly one",
                        corresponding.len(),
                        corresponding
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "keep the corresponding role on one user",
                ));
            }
        }
    }
    for u in &q.users {
        if let Some(id) = u.asco_member_id.as_deref()
            && !member_id_ok(qr, id)
        {
            out.push(
                Finding::new(
                    "qopi-member-id-shape",
                    join(&u.path, "asco_member_id"),
                    format!(
                        "{}'s ASCO member id is not {} to {} digits",
                        u.name, qr.member_id_min_digits.value, qr.member_id_max_digits.value
                    ),
                    "copy the id from the member's ASCO account; quote it to keep leading zeros",
                )
                .rule("qopi.member_id_min_digits"),
            );
        }
        if let Some(o) = &u.office
            && !q.offices.contains(o)
        {
            out.push(Finding::new(
                "qopi-unknown-office",
                join(&u.path, "office"),
                format!(
                    "{} belongs to office `{o}`, which qopi.offices does not list",
                    u.name
                ),
                match crate::suggest::closest(
                    o,
                    &q.offices.iter().map(String::as_str).collect::<Vec<_>>(),
                ) {
                    Some(s) => format!("did you mean `{s}`? Otherwise add it to qopi.offices"),
                    None => "add the office to qopi.offices, or correct the name".to_owned(),
                },
            ));
        }
        if u.enters_chart_data && !u.has(Role::Abstractor) {
            out.push(Finding::new(
                "qopi-chart-entry-not-abstractor",
                join(&u.path, "roles"),
                format!("{} enters chart data without the abstractor role", u.name),
                "add abstractor to the user's roles",
            ));
        }
    }
    if !q.users.iter().any(|u| u.has(Role::Administrator)) {
        out.push(Finding::new(
            "qopi-administrator-missing",
            "qopi.users",
            "no user is a QOPI administrator; a practice has at least one (it may be the corresponding physician)",
            "add administrator to a user's roles",
        ));
    }
    let abstracts = q
        .users
        .iter()
        .any(|u| u.has(Role::Abstractor) || u.enters_chart_data);
    if (abstracts || q.fellowship_program) && q.no_own_charts_attested != Some(true) {
        out.push(Finding::new(
            "qopi-own-charts-not-attested",
            if q.no_own_charts_attested.is_some() {
                "qopi.no_own_charts_attested"
            } else {
                "qopi"
            },
            if q.fellowship_program {
                "no attestation that abstractors, fellows included, never abstract their own patients' charts"
            } else {
                "no attestation that abstractors never abstract their own patients' charts"
            },
            "assign charts so nobody abstracts their own, then record no_own_charts_attested: true",
        ));
    }
}

fn participation(
    app: &Application,
    q: &Qopi,
    qr: &QopiRules,
    rules: &RuleEdition,
    out: &mut Vec<Finding>,
) {
    let core = &qr.core_module.value;
    let min_more = usize::try_from(qr.min_additional_modules.value).unwrap_or(usize::MAX);
    for (i, p) in q.participation.iter().enumerate() {
        if q.participation[..i].iter().any(|e| e.round == p.round) {
            out.push(Finding::new(
                "qopi-duplicate-round",
                join(&p.path, "round"),
                format!("round `{}` is listed more than once", p.round),
                "keep one entry per round",
            ));
        }
        let result = app.rounds.iter().find(|r| r.id == p.round);
        if let Some(track) = result.and_then(|r| r.qcp_track)
            && track != p.tracks.contains(&Track::QcpCertification)
        {
            out.push(Finding::new(
                "qopi-track-disagrees",
                join(&p.path, "tracks"),
                format!(
                    "{}: rounds[] says the QCP track was {}abstracted (qcp_track: {track}), qopi.participation {} qcp_certification",
                    p.round,
                    if track { "" } else { "not " },
                    if track { "does not list" } else { "lists" }
                ),
                "correct the one that is out of date (the round's final report says which track was abstracted)",
            ));
        }
        if round_dates(rules, p).is_none() {
            let known: Vec<&str> = rules.rounds.iter().map(|r| r.id.as_str()).collect();
            out.push(Finding::new(
                "qopi-unknown-round",
                join(&p.path, "round"),
                format!(
                    "round `{}` is not in the calendar of edition {} and has no recorded opens/closes dates",
                    p.round, rules.edition.id
                ),
                match crate::suggest::closest(&p.round, &known) {
                    Some(s) => format!("did you mean `{s}`? Otherwise record opens and closes from the QOPI dashboard"),
                    None => "record the round's opens and closes dates from the QOPI dashboard".to_owned(),
                },
            ));
        }
        if p.tracks.is_empty() {
            let has_core = p.modules.iter().any(|m| m == core);
            let more = p.modules.iter().filter(|m| *m != core).count();
            if !has_core || more < min_more {
                out.push(
                    Finding::new(
                        "qopi-modules-incomplete",
                        join(&p.path, "modules"),
                        format!(
                            "{}: a standard round takes the `{core}` module plus at least {min_more} more; chosen: {}",
                            p.round,
                            if p.modules.is_empty() {
                                "none".to_owned()
                            } else {
                                p.modules.join(", ")
                            }
                        ),
                        "add the missing module(s), or take the QCP Certification Track (tracks: [qcp_certification])",
                    )
                    .rule("qopi.min_additional_modules"),
                );
            }
        }
        if for_certification(app, p)
            && !q.fellowship_program
            && !p.tracks.contains(&Track::QcpCertification)
        {
            out.push(Finding::new(
                "qopi-certification-track-missing",
                join(&p.path, "tracks"),
                format!(
                    "{} is the round the practice applies with, but it does not take the QCP Certification Track",
                    p.round
                ),
                "add qcp_certification to the round's tracks",
            ));
        }
        if q.fellowship_program && !p.tracks.contains(&Track::Fellowship) {
            out.push(
                Finding::new(
                    "qopi-fellowship-track-missing",
                    join(&p.path, "tracks"),
                    format!(
                        "{}: a fellowship program takes the Fellowship track ({})",
                        p.round,
                        qr.fellowship_track_modules.value.join(" + ")
                    ),
                    "add fellowship to the round's tracks",
                )
                .rule("qopi.fellowship_track_modules"),
            );
        }
        if p.physician_level_reporting {
            let phys = reporting_physicians(app, q);
            if phys == 0 {
                out.push(Finding::new(
                    "qopi-reporting-physicians-missing",
                    join(&p.path, "physician_level_reporting"),
                    format!(
                        "{}: physician-level reporting is on, but no user has the reporting role and practice.physicians is empty",
                        p.round
                    ),
                    "give the physicians the reporting role, or turn physician-level reporting off",
                ));
            } else {
                let need = physician_level_charts(qr, phys, p);
                let done = app
                    .rounds
                    .iter()
                    .find(|r| r.id == p.round)
                    .and_then(|r| r.unique_charts);
                if let Some(done) = done
                    && u64::from(done) < need
                {
                    out.push(
                        Finding::new(
                            "qopi-physician-charts-short",
                            join(&p.path, "physician_level_reporting"),
                            format!(
                                "{}: {done} unique charts, physician-level reporting needs {need} ({} per physician per module × {phys} physician(s) × {} module(s))",
                                p.round,
                                qr.charts_per_physician_per_module.value,
                                module_count(p)
                            ),
                            "abstract more charts, or turn physician-level reporting off",
                        )
                        .rule("qopi.charts_per_physician_per_module"),
                    );
                }
            }
        }
    }
}

fn physician_level_charts(qr: &QopiRules, physicians: usize, p: &RoundParticipation) -> u64 {
    u64::from(qr.charts_per_physician_per_module.value)
        * u64::try_from(physicians)
            .unwrap_or(u64::MAX / 1024)
            .min(1 << 20)
        * u64::from(module_count(p))
}

fn fellowship(
    app: &Application,
    q: &Qopi,
    qr: &QopiRules,
    rules: &RuleEdition,
    as_of: Date,
    out: &mut Vec<Finding>,
) {
    if fellows(q) == 0 {
        out.push(
            Finding::new(
                "qopi-fellowship-no-fellows",
                "qopi.users",
                format!(
                    "a fellowship program with no user holding the fellow role: each fellow abstracts {} charts",
                    qr.charts_per_fellow.value
                ),
                "add the fellows as users with roles: [fellow, abstractor]",
            )
            .rule("qopi.charts_per_fellow"),
        );
    }
    let asks = if app.eligibility.is_some() {
        Some("eligibility".to_owned())
    } else {
        q.participation
            .iter()
            .find(|p| p.for_certification || p.tracks.contains(&Track::QcpCertification))
            .map(|p| join(&p.path, "tracks"))
    };
    if let Some(path) = asks {
        out.push(Finding::new(
            "qopi-fellowship-certification",
            path,
            "QOPI Certification is not offered to fellowship programs; the program takes part in QOPI rounds and is compared with the fellowship aggregate",
            "apply as the practice rather than the fellowship program, or drop the certification sections",
        ));
    }
    // Years from the first round to the last full year before `as_of`.
    let dated: Vec<(i16, Option<String>)> = q
        .participation
        .iter()
        .filter_map(|p| round_dates(rules, p).map(|d| (d.opens.year(), d.season)))
        .collect();
    let Some(first) = dated.iter().map(|(y, _)| *y).min() else {
        return;
    };
    let preferred = &qr.fellowship_preferred_season.value;
    // A hostile file may date a round centuries back: look at most a decade back.
    let first = first.max(as_of.year().saturating_sub(10));
    for year in first..as_of.year() {
        let of_year: Vec<&Option<String>> = dated
            .iter()
            .filter(|(y, _)| *y == year)
            .map(|(_, s)| s)
            .collect();
        if of_year.is_empty() {
            let end = Date::new(year, 12, 31).unwrap_or(as_of);
            out.push(
                Finding::new(
                    "qopi-fellowship-year-missed",
                    "qopi.participation",
                    format!(
                        "no QOPI round in {year} (the year ended {end}): a fellowship program takes part at least {} time(s) a year",
                        qr.fellowship_rounds_per_year.value
                    ),
                    "take part in a round this year (preferably Round 1) and record it",
                )
                .rule("qopi.fellowship_rounds_per_year"),
            );
        } else if !of_year
            .iter()
            .any(|s| s.as_deref() == Some(preferred.as_str()))
        {
            out.push(
                Finding::new(
                    "qopi-fellowship-not-round-1",
                    "qopi.participation",
                    format!(
                        "in {year} the program took part outside {preferred} only; fellowship programs prefer {preferred}"
                    ),
                    "plan next year's participation in Round 1 if possible",
                )
                .rule("qopi.fellowship_preferred_season"),
            );
        }
    }
}

/// The certification term in force: (awarded, expires), from the current certification or the
/// recorded certification date plus the edition's term.
fn term(app: &Application, rules: &RuleEdition) -> Option<(Date, Date, &'static str)> {
    if let Some(c) = &app.applicant.current_certification {
        return Some((c.awarded, c.expires, "applicant.current_certification"));
    }
    let certified = crate::facts::Events::of(app).certified?.date;
    let months = rules.deadlines.as_ref()?.certification_term_months;
    Some((
        certified,
        add_months(certified, i64::from(months))?,
        "timeline.certified",
    ))
}

/// Days on which the practice finished a QOPI round: rounds with results (at the calendar's
/// close) and participation entries with `abstracted`.
fn abstracted_days(app: &Application, rules: &RuleEdition) -> Vec<Date> {
    let mut days: Vec<Date> = app
        .rounds
        .iter()
        .filter(|r| r.overall_score.is_some() || r.unique_charts.is_some())
        .filter_map(|r| rules.round(&r.id).map(|d| d.closes))
        .collect();
    if let Some(q) = &app.qopi {
        days.extend(q.participation.iter().filter_map(|p| p.abstracted));
    }
    days
}

/// The term's years: (number, first day, last day).
fn term_years(start: Date, end: Date) -> Vec<(u32, Date, Date)> {
    let mut out = Vec::new();
    for k in 0u32..10 {
        let Some(from) = add_months(start, 12 * i64::from(k)) else {
            break;
        };
        if from >= end {
            break;
        }
        let Some(to) = add_months(start, 12 * i64::from(k + 1)).and_then(|d| add_days(d, -1))
        else {
            break;
        };
        out.push((k + 1, from, to.min(end)));
    }
    out
}

/// DOMAIN §8: every year of the term that has ended without a QOPI round is a finding dated by
/// the year's last day (only for files with a `qopi` section).
#[must_use]
pub fn term_findings(app: &Application, rules: &RuleEdition, as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let (Some(_), Some(qr)) = (app.qopi.as_ref(), rules.qopi.as_ref()) else {
        return out;
    };
    let Some((start, end, path)) = term(app, rules) else {
        return out;
    };
    let days = abstracted_days(app, rules);
    for (n, from, to) in term_years(start, end) {
        if to >= as_of {
            break;
        }
        if !days.iter().any(|d| from <= *d && *d <= to) {
            out.push(
                Finding::new(
                    "qopi-term-round-missing",
                    path,
                    format!(
                        "term year {n} ({from} to {to}) ended on {to} without a QOPI round: a certified practice abstracts at least {} round(s) a year",
                        qr.term_rounds_per_year.value
                    ),
                    "take part in the next round and record it; explain the gap to QCP staff",
                )
                .rule("qopi.term_rounds_per_year"),
            );
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn deadline(
    kind: &'static str,
    subject: &str,
    title: String,
    date: Date,
    who: Who,
    rule: String,
    source: &'static str,
    done: Option<Date>,
    as_of: Date,
) -> Deadline {
    Deadline {
        kind,
        title,
        date,
        rolled_from: None,
        who,
        rule,
        source,
        done,
        days_left: i64::from((date - as_of).get_days()),
        // UID-safe: letters, digits and dashes.
        subject: Some(
            subject
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect(),
        ),
    }
}

/// The QOPI dates of the status view: the registration deadline of a new practice's first round,
/// each planned round's data collection dates and expected report, and one round per term year.
#[must_use]
pub fn deadlines(app: &Application, rules: &RuleEdition, as_of: Date) -> Vec<Deadline> {
    let mut out = Vec::new();
    let (Some(q), Some(qr)) = (app.qopi.as_ref(), rules.qopi.as_ref()) else {
        return out;
    };
    let done = |d: Option<Date>| d.filter(|d| *d <= as_of);
    let new_practice =
        app.rounds.is_empty() && q.participation.iter().all(|p| p.abstracted.is_none());
    let first = q
        .participation
        .iter()
        .filter_map(|p| round_dates(rules, p).map(|d| (p, d)))
        .min_by_key(|(_, d)| d.opens);
    if new_practice
        && let Some((p, d)) = &first
        && let Some(dl) = registration_deadline(qr, d.opens)
    {
        out.push(deadline(
            "qopi-registration",
            &p.round,
            format!("Register with QOPI to take part in {}", p.round),
            dl,
            Who::Practice,
            format!(
                "qopi.registration_lead_months: {} month(s) before data collection opens",
                qr.registration_lead_months.value
            ),
            "docs/rules.md §1; S2",
            done(q.registered_on),
            as_of,
        ));
    }
    for p in &q.participation {
        let Some(d) = round_dates(rules, p) else {
            continue;
        };
        // Where the round's dates come from: the practice's record, else the calendar.
        let basis = |what: &str| {
            if d.recorded {
                "qopi.participation: dates recorded by the practice".to_owned()
            } else {
                format!("round calendar: {what}")
            }
        };
        out.push(deadline(
            "qopi-round-opens",
            &p.round,
            format!("{}: QOPI data collection opens", p.round),
            d.opens,
            Who::Info,
            basis("opens"),
            "docs/rules.md §1; S4",
            None,
            as_of,
        ));
        out.push(deadline(
            "qopi-round-closes",
            &p.round,
            format!("{}: finish abstracting (data collection closes)", p.round),
            d.closes,
            Who::Practice,
            basis("closes"),
            "docs/rules.md §1; S4",
            done(p.abstracted),
            as_of,
        ));
        if let Some(r) = report_expected(qr, d.closes) {
            out.push(deadline(
                "qopi-report-expected",
                &p.round,
                format!("{}: QOPI performance report expected", p.round),
                r,
                Who::Program,
                format!(
                    "qopi.report_after_close_weeks: {} week(s) after close",
                    qr.report_after_close_weeks.value
                ),
                "docs/rules.md §1; S4",
                None,
                as_of,
            ));
        }
    }
    if let Some((start, end, _)) = term(app, rules) {
        let days = abstracted_days(app, rules);
        for (n, from, to) in term_years(start, end) {
            out.push(deadline(
                "qopi-term-round",
                &format!("term-year-{n}"),
                format!("Abstract a QOPI round in term year {n} ({from} to {to})"),
                to,
                Who::Practice,
                format!(
                    "qopi.term_rounds_per_year: {} round(s) each year of the term",
                    qr.term_rounds_per_year.value
                ),
                "docs/rules.md §8; DOMAIN §8",
                done(
                    days.iter()
                        .copied()
                        .filter(|d| from <= *d && *d <= to)
                        .min(),
                ),
                as_of,
            ));
        }
    }
    out
}

/// The "QOPI participation" stage of the journey (number 0, before the eligibility form); `None`
/// when the file has no `qopi` section.
#[must_use]
pub fn milestone(app: &Application, rules: &RuleEdition, as_of: Date) -> Option<Milestone> {
    let q = app.qopi.as_ref()?;
    let ds = deadlines(app, rules, as_of);
    let term_missed = term_findings(app, rules, as_of);
    let abstracted = abstracted_days(app, rules)
        .into_iter()
        .filter(|d| *d <= as_of)
        .max();
    let registered = q.registered_on.filter(|d| *d <= as_of);
    let open: Vec<&Deadline> = ds
        .iter()
        .filter(|d| d.who == Who::Practice && d.done.is_none())
        .collect();
    let next_due = open.iter().map(|d| d.date).filter(|d| *d >= as_of).min();
    let late = open.iter().find(|d| d.date < as_of);
    let state = if late.is_some() || !term_missed.is_empty() {
        State::Late
    } else if registered.is_some() && abstracted.is_some() && next_due.is_none() {
        State::Done
    } else if registered.is_some() || !q.participation.is_empty() || abstracted.is_some() {
        State::InProgress
    } else {
        State::NotStarted
    };
    let mut note = match (registered, abstracted) {
        (Some(r), Some(a)) => format!("registered {r}; last round abstracted {a}"),
        (Some(r), None) => format!("registered {r}; no round abstracted yet"),
        (None, Some(a)) => format!("last round abstracted {a}"),
        (None, None) => "not registered with QOPI yet".to_owned(),
    };
    if let Some(d) = late {
        note.push_str(&format!("; {} was due {}", d.title, d.date));
    } else if let Some(f) = term_missed.first() {
        note.push_str("; ");
        note.push_str(&f.message);
    }
    Some(Milestone {
        number: 0,
        name: "QOPI participation",
        actor: "practice",
        state,
        percent: None,
        done: if state == State::Done {
            abstracted
        } else {
            None
        },
        due: next_due,
        note,
    })
}

/// Adds the QOPI participation stage (first) and the QOPI dates (in date order) to a status
/// evaluation; `status::evaluate` calls it last.
pub fn add_to_status(
    ev: &mut crate::status::Evaluation,
    app: &Application,
    rules: &RuleEdition,
    as_of: Date,
) {
    if let Some(m) = milestone(app, rules, as_of) {
        ev.milestones.insert(0, m);
    }
    ev.deadlines.extend(deadlines(app, rules, as_of));
    ev.deadlines
        .sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(b.kind)));
}

/// A round's plan: what it asks of the practice (`qcp qopi plan`).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The round id.
    pub round: String,
    /// Its dates; `None` when the round is neither in the calendar nor recorded.
    pub dates: Option<RoundDates>,
    /// The last day a new practice may register for it.
    pub registration_deadline: Option<Date>,
    /// When the performance report is expected.
    pub report_expected: Option<Date>,
    /// Whether the practice's file lists the round under `qopi.participation`.
    pub listed: bool,
    /// Modules and tracks chosen (empty when the round is not listed).
    pub modules: Vec<String>,
    /// Tracks chosen.
    pub tracks: Vec<Track>,
    /// Each chart need with its rule.
    pub needs: Vec<ChartNeed>,
    /// Charts to abstract: the largest need (one chart counts toward every need it meets).
    pub charts: u64,
    /// Effort in hours at the edition's hours per chart.
    pub hours: Dec2,
    /// The rule of the effort figure.
    pub hours_rule: String,
}

/// One chart need of a round.
#[derive(Debug, Clone, Serialize)]
pub struct ChartNeed {
    /// What needs the charts.
    pub what: String,
    /// How many.
    pub charts: u64,
    /// The rule-data entry and the rule in words.
    pub rule: String,
}

/// Plans round `round` for the practice.
///
/// # Errors
/// When the edition has no `[qopi]` table.
pub fn plan(app: &Application, rules: &RuleEdition, round: &str) -> Result<Plan, String> {
    let qr = rules.qopi.as_ref().ok_or_else(|| {
        format!(
            "rule edition {} has no [qopi] table; add one (see standards/rules-qcp-2024.toml)",
            rules.edition.id
        )
    })?;
    let q = app.qopi.as_ref();
    let listed = q.and_then(|q| q.participation.iter().find(|p| p.round == round));
    let synthetic = RoundParticipation {
        path: String::new(),
        round: round.to_owned(),
        level: app.practice.participation,
        modules: Vec::new(),
        tracks: Vec::new(),
        physician_level_reporting: false,
        for_certification: false,
        charts_required: None,
        opens: None,
        closes: None,
        abstracted: None,
    };
    let p = listed.unwrap_or(&synthetic);
    let dates = round_dates(rules, p);
    if dates.is_none() && listed.is_none() {
        let known: Vec<&str> = rules.rounds.iter().map(|r| r.id.as_str()).collect();
        return Err(format!(
            "round `{round}` is neither in the calendar of edition {} nor recorded under qopi.participation{}",
            rules.edition.id,
            crate::suggest::closest(round, &known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default()
        ));
    }
    let mut needs = Vec::new();
    if let Some(n) = p.charts_required {
        needs.push(ChartNeed {
            what: "the practice's minimum (recorded from QOPI)".into(),
            charts: u64::from(n),
            rule: "qopi.participation[].charts_required".into(),
        });
    } else if let Some(fte) = app.practice.fte(rules.eligibility.hours_per_fte)
        && let Some((n, _)) = rules.min_charts(fte.value)
    {
        needs.push(ChartNeed {
            what: format!("the practice's minimum for {} FTE", fte.value),
            charts: u64::from(n),
            rule: "eligibility.unique_charts: the chart table by FTE".into(),
        });
    }
    if p.physician_level_reporting
        && let Some(q) = q
    {
        let phys = reporting_physicians(app, q);
        needs.push(ChartNeed {
            what: format!(
                "physician-level reporting: {phys} physician(s) × {} module(s)",
                module_count(p)
            ),
            charts: physician_level_charts(qr, phys, p),
            rule: format!(
                "qopi.charts_per_physician_per_module: {} ({})",
                qr.charts_per_physician_per_module.value, qr.charts_per_physician_per_module.source
            ),
        });
    }
    if let Some(q) = q.filter(|q| q.fellowship_program) {
        let n = fellows(q);
        needs.push(ChartNeed {
            what: format!("fellowship: {n} fellow(s)"),
            charts: u64::from(qr.charts_per_fellow.value)
                * u64::try_from(n).unwrap_or(0).min(1 << 20),
            rule: format!(
                "qopi.charts_per_fellow: {} ({})",
                qr.charts_per_fellow.value, qr.charts_per_fellow.source
            ),
        });
    }
    let charts = needs.iter().map(|n| n.charts).max().unwrap_or(0);
    let per = qr.hours_per_chart.value.hundredths();
    let hours = i64::try_from(charts)
        .ok()
        .and_then(|c| c.checked_mul(per))
        .map_or(Dec2::ZERO, Dec2::from_hundredths);
    Ok(Plan {
        round: round.to_owned(),
        registration_deadline: dates
            .as_ref()
            .and_then(|d| registration_deadline(qr, d.opens)),
        report_expected: dates.as_ref().and_then(|d| report_expected(qr, d.closes)),
        dates,
        listed: listed.is_some(),
        modules: p.modules.clone(),
        tracks: p.tracks.clone(),
        needs,
        charts,
        hours,
        hours_rule: format!(
            "qopi.hours_per_chart: {} hour(s) per chart ({})",
            qr.hours_per_chart.value.trimmed(),
            qr.hours_per_chart.source
        ),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::model::load;
    use crate::source::SourceFile;

    const BASE: &str = "\
practice:
  name: Riverside Oncology
  country: US
  fte: 4
qopi:
  registered_on: 2026-10-01
  prequalification: [true, true, true, true, true, true, true, true]
  offices:
    - name: Main
  users:
    - name: Dr. Ana Ruiz
      roles: [corresponding, administrator]
      asco_member_id: \"123456\"
      membership: active
    - name: Sam Lee
      roles: [abstractor]
      office: Main
      enters_chart_data: true
  no_own_charts_attested: true
  participation:
    - round: QOPI-2027-R1
      modules: [core, breast]
";

    fn rules() -> RuleEdition {
        RuleEdition::embedded().unwrap()
    }

    fn app(yaml: &str) -> Application {
        load::parse(&SourceFile::new("a.yaml", yaml.to_owned())).expect("parses")
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn codes_of(yaml: &str, as_of: &str) -> Vec<&'static str> {
        check(&app(yaml), &rules(), day(as_of))
            .iter()
            .map(|f| f.code)
            .collect()
    }

    fn with(from: &str, to: &str) -> String {
        assert!(BASE.contains(from), "{from}");
        BASE.replacen(from, to, 1)
    }

    #[test]
    fn the_base_file_is_clean() {
        assert_eq!(codes_of(BASE, "2026-11-22"), Vec::<&str>::new());
    }

    #[test]
    fn every_figure_has_a_source_and_both_editions_have_the_table() {
        for text in [
            crate::rules::DEFAULT_EDITION_TOML,
            include_str!("../standards/rules-qcp-2019.toml"),
        ] {
            let r = RuleEdition::from_toml(std::path::Path::new("e.toml"), text).unwrap();
            let q = r.qopi.expect("[qopi]");
            assert_eq!(q.charts_per_physician_per_module.value, 24); // S2
            assert_eq!(q.charts_per_fellow.value, 10); // S4
            assert!(q.charts_per_fellow.source.starts_with("S4"));
            assert_eq!(q.registration_lead_months.value, 1); // S2
        }
    }

    // S2 (user roles): exactly one corresponding physician.
    #[test]
    fn two_corresponding_physicians_fire_and_one_does_not() {
        let two = with("roles: [abstractor]", "roles: [abstractor, corresponding]");
        let f = check(&app(&two), &rules(), day("2026-11-22"));
        let c: Vec<_> = f
            .iter()
            .filter(|f| f.code == "qopi-corresponding-count")
            .collect();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].path, "qopi.users[1].roles");
        assert!(!codes_of(BASE, "2026-11-22").contains(&"qopi-corresponding-count"));
        let none = with(
            "roles: [corresponding, administrator]",
            "roles: [administrator]",
        );
        assert!(codes_of(&none, "2026-11-22").contains(&"qopi-corresponding-count"));
    }

    // S2 (verification of corresponding physician, invalid member id).
    #[test]
    fn member_id_missing_or_misshapen_fires_and_a_digit_id_does_not() {
        let missing = with("      asco_member_id: \"123456\"\n", "");
        assert!(codes_of(&missing, "2026-11-22").contains(&"qopi-member-id-missing"));
        let bad = with("\"123456\"", "\"AB-12\"");
        let f = check(&app(&bad), &rules(), day("2026-11-22"));
        let s = f.iter().find(|f| f.code == "qopi-member-id-shape").unwrap();
        assert_eq!(s.path, "qopi.users[0].asco_member_id");
        let short = with("\"123456\"", "\"1234\"");
        assert!(codes_of(&short, "2026-11-22").contains(&"qopi-member-id-shape"));
        // Near miss: five digits with a leading zero is the documented shape.
        let ok = with("\"123456\"", "\"01234\"");
        assert!(!codes_of(&ok, "2026-11-22").contains(&"qopi-member-id-shape"));
    }

    // S2 (inactive ASCO membership): reactivate or name another member in good standing.
    #[test]
    fn inactive_membership_fires_with_what_s2_says_to_do() {
        let y = with("membership: active", "membership: inactive");
        let f = check(&app(&y), &rules(), day("2026-11-22"));
        let m = f
            .iter()
            .find(|f| f.code == "qopi-membership-inactive")
            .unwrap();
        assert!(m.hint.contains("reactivate"), "{}", m.hint);
        assert!(m.hint.contains("another ASCO member in good standing"));
        assert!(!codes_of(BASE, "2026-11-22").contains(&"qopi-membership-inactive"));
    }

    // S2: at least one administrator; it may be the corresponding physician (the base file).
    #[test]
    fn no_administrator_fires() {
        let y = with(
            "roles: [corresponding, administrator]",
            "roles: [corresponding]",
        );
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-administrator-missing"));
        assert!(!codes_of(BASE, "2026-11-22").contains(&"qopi-administrator-missing"));
    }

    // S2 (prequalification questions): every one agreed.
    #[test]
    fn a_prequalification_no_or_a_short_list_fires() {
        let no = with("true, true, true]", "true, true, false]");
        let f = check(&app(&no), &rules(), day("2026-11-22"));
        let n = f
            .iter()
            .find(|f| f.code == "qopi-prequalification-not-agreed")
            .unwrap();
        assert_eq!(n.path, "qopi.prequalification[7]");
        assert!(n.message.contains("question 8"));
        let short = with(
            "[true, true, true, true, true, true, true, true]",
            "[true, true]",
        );
        assert!(codes_of(&short, "2026-11-22").contains(&"qopi-prequalification-missing"));
        let c = codes_of(BASE, "2026-11-22");
        assert!(!c.contains(&"qopi-prequalification-missing"));
        assert!(!c.contains(&"qopi-prequalification-not-agreed"));
    }

    // S2 (initial registration): at least one month before data collection opens.
    #[test]
    fn registration_one_month_before_opening_passes_a_day_later_fires() {
        // QOPI-2027-R1 opens 2027-01-11: the deadline is 2026-12-11.
        let on_time = with("registered_on: 2026-10-01", "registered_on: 2026-12-11");
        assert!(!codes_of(&on_time, "2026-12-20").contains(&"qopi-registration-late"));
        let late = with("registered_on: 2026-10-01", "registered_on: 2026-12-12");
        let f = check(&app(&late), &rules(), day("2026-12-20"));
        let l = f
            .iter()
            .find(|f| f.code == "qopi-registration-late")
            .unwrap();
        assert_eq!(l.path, "qopi.participation[0].round");
        assert!(l.message.contains("2026-12-11"), "{}", l.message);
        // Not registered: a reminder before the deadline, late after it.
        let none = with("  registered_on: 2026-10-01\n", "");
        let before = codes_of(&none, "2026-11-22");
        assert!(before.contains(&"qopi-not-registered"));
        assert!(!before.contains(&"qopi-registration-late"));
        assert!(codes_of(&none, "2026-12-12").contains(&"qopi-registration-late"));
    }

    // S2 (abstractor): chart entry needs the abstractor role; nobody abstracts their own charts.
    #[test]
    fn chart_entry_without_abstractor_and_missing_attestation_fire() {
        let y = with("roles: [abstractor]", "roles: [reporting]");
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-chart-entry-not-abstractor"));
        let y = with("  no_own_charts_attested: true\n", "");
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-own-charts-not-attested"));
        let c = codes_of(BASE, "2026-11-22");
        assert!(!c.contains(&"qopi-chart-entry-not-abstractor"));
        assert!(!c.contains(&"qopi-own-charts-not-attested"));
    }

    // One home per fact: a round listed twice, or rounds[] and the plan disagreeing.
    #[test]
    fn a_round_listed_twice_or_contradicted_by_its_result_fires() {
        let twice = format!("{BASE}    - round: QOPI-2027-R1\n      modules: [core, lung]\n");
        assert!(codes_of(&twice, "2026-11-22").contains(&"qopi-duplicate-round"));
        let agree = with(
            "modules: [core, breast]",
            "modules: [core, breast]\n      tracks: [qcp_certification]",
        );
        let with_result =
            |y: &str, t: bool| format!("{y}rounds:\n  - id: QOPI-2027-R1\n    qcp_track: {t}\n");
        let c = codes_of(&with_result(&agree, true), "2027-06-01");
        assert!(!c.contains(&"qopi-track-disagrees"));
        assert!(!c.contains(&"qopi-duplicate-round"));
        assert!(
            codes_of(&with_result(&agree, false), "2027-06-01").contains(&"qopi-track-disagrees")
        );
        assert!(codes_of(&with_result(BASE, true), "2027-06-01").contains(&"qopi-track-disagrees"));
    }

    #[test]
    fn an_unlisted_office_fires_with_a_suggestion() {
        let y = with("office: Main", "office: Mian");
        let f = check(&app(&y), &rules(), day("2026-11-22"));
        let o = f.iter().find(|f| f.code == "qopi-unknown-office").unwrap();
        assert!(o.hint.contains("`Main`"));
    }

    // S4 (round dates): a round outside the calendar needs recorded dates.
    #[test]
    fn a_round_outside_the_calendar_fires_unless_its_dates_are_recorded() {
        let y = with("round: QOPI-2027-R1", "round: QOPI-2031-R1");
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-unknown-round"));
        let y = with(
            "round: QOPI-2027-R1",
            "round: QOPI-2031-R1\n      opens: 2031-01-13\n      closes: 2031-05-30",
        );
        assert!(!codes_of(&y, "2026-11-22").contains(&"qopi-unknown-round"));
    }

    // S4: Core plus at least one module, or the QCP Certification Track.
    #[test]
    fn core_alone_fires_and_the_certification_track_alone_does_not() {
        let y = with("modules: [core, breast]", "modules: [core]");
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-modules-incomplete"));
        let y = with("modules: [core, breast]", "tracks: [qcp_certification]");
        assert!(!codes_of(&y, "2026-11-22").contains(&"qopi-modules-incomplete"));
    }

    // S3, S4: the round used for certification takes the QCP Certification Track.
    #[test]
    fn the_certification_round_without_the_track_fires() {
        let y = with(
            "modules: [core, breast]",
            "modules: [core, breast]\n      for_certification: true",
        );
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-certification-track-missing"));
        let y = with(
            "modules: [core, breast]",
            "modules: [core, breast]\n      for_certification: true\n      tracks: [qcp_certification]",
        );
        assert!(!codes_of(&y, "2026-11-22").contains(&"qopi-certification-track-missing"));
    }

    // S2 (reporting): 24 charts per physician per module.
    #[test]
    fn physician_level_reporting_needs_24_charts_per_physician_per_module() {
        let on = with(
            "modules: [core, breast]",
            "modules: [core, breast]\n      physician_level_reporting: true",
        )
        .replace("roles: [abstractor]", "roles: [abstractor, reporting]");
        // One reporting physician × 2 modules × 24 = 48.
        let short = format!("{on}rounds:\n  - id: QOPI-2027-R1\n    unique_charts: 47\n");
        let f = check(&app(&short), &rules(), day("2027-06-01"));
        let s = f
            .iter()
            .find(|f| f.code == "qopi-physician-charts-short")
            .unwrap();
        assert!(s.message.contains("needs 48"), "{}", s.message);
        let enough = format!("{on}rounds:\n  - id: QOPI-2027-R1\n    unique_charts: 48\n");
        assert!(!codes_of(&enough, "2027-06-01").contains(&"qopi-physician-charts-short"));
        let p = plan(&app(&on), &rules(), "QOPI-2027-R1").unwrap();
        assert!(p.needs.iter().any(|n| n.charts == 48));
    }

    const FELLOWS: &str = "\
practice:
  name: University Fellowship
  country: US
qopi:
  registered_on: 2024-09-01
  prequalification: [true, true, true, true, true, true, true, true]
  fellowship_program: true
  users:
    - name: Dr. Program Director
      roles: [corresponding, administrator]
      asco_member_id: \"765432\"
      membership: active
    - name: Dr. Fellow One
      roles: [fellow, abstractor]
    - name: Dr. Fellow Two
      roles: [fellow, abstractor]
  no_own_charts_attested: true
  participation:
    - round: QOPI-2025-R1
      tracks: [fellowship]
      abstracted: 2025-05-20
    - round: QOPI-2026-R1
      tracks: [fellowship]
      abstracted: 2026-05-15
";

    // S4 (participating as a fellowship program).
    #[test]
    fn a_fellowship_program_round_by_round() {
        assert_eq!(codes_of(FELLOWS, "2026-11-22"), Vec::<&str>::new());
        let y = FELLOWS.replacen("tracks: [fellowship]", "modules: [core, breast]", 1);
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-fellowship-track-missing"));
        // A year without a round, and a year in Round 2 only.
        let y = FELLOWS.replace("QOPI-2026-R1", "QOPI-2027-R1");
        let c = codes_of(&y, "2027-06-01");
        assert!(c.contains(&"qopi-fellowship-year-missed"));
        let y = FELLOWS.replace("QOPI-2026-R1", "QOPI-2026-R2");
        let c = codes_of(&y, "2027-06-01");
        assert!(c.contains(&"qopi-fellowship-not-round-1"));
        assert!(!c.contains(&"qopi-fellowship-year-missed"));
        // 10 charts per fellow.
        let p = plan(&app(FELLOWS), &rules(), "QOPI-2027-R1").unwrap();
        assert_eq!(p.charts, 20);
        assert_eq!(p.hours, Dec2::from_int(20));
    }

    #[test]
    fn a_fellowship_program_asking_for_certification_is_told_it_is_not_offered() {
        let y = format!("{FELLOWS}eligibility:\n  round: QOPI-2026-R1\n");
        let f = check(&app(&y), &rules(), day("2026-11-22"));
        let c = f
            .iter()
            .find(|f| f.code == "qopi-fellowship-certification")
            .unwrap();
        assert!(c.message.contains("not offered to fellowship programs"));
        assert!(!codes_of(FELLOWS, "2026-11-22").contains(&"qopi-fellowship-certification"));
        let y = FELLOWS.replacen(
            "      roles: [fellow, abstractor]\n",
            "      roles: [abstractor]\n",
            2,
        );
        assert!(codes_of(&y, "2026-11-22").contains(&"qopi-fellowship-no-fellows"));
    }

    #[test]
    fn a_practice_that_has_abstracted_a_round_is_not_told_to_register() {
        let none = with("  registered_on: 2026-10-01\n", "");
        let done = format!("{none}rounds:\n  - id: QOPI-2026-R1\n    unique_charts: 60\n");
        assert!(!codes_of(&done, "2026-11-22").contains(&"qopi-not-registered"));
        assert!(codes_of(&none, "2026-11-22").contains(&"qopi-not-registered"));
    }

    // S2 (2009 edition): US and US territories only; S4 (2024 edition) adds Brazil and others.
    #[test]
    fn the_2019_edition_admits_us_practices_only() {
        let r2019 = RuleEdition::from_toml(
            std::path::Path::new("rules-qcp-2019.toml"),
            include_str!("../standards/rules-qcp-2019.toml"),
        )
        .unwrap();
        let br = BASE.replace("country: US", "country: BR");
        let c: Vec<_> = check(&app(&br), &r2019, day("2026-11-22"))
            .iter()
            .map(|f| f.code)
            .collect();
        assert!(c.contains(&"qopi-country-not-participating"));
        let pr = BASE.replace("country: US", "country: PR");
        let c: Vec<_> = check(&app(&pr), &r2019, day("2026-11-22"))
            .iter()
            .map(|f| f.code)
            .collect();
        assert!(!c.contains(&"qopi-country-not-participating"));
    }

    // S4 (participation countries) vs S2 (international sites register interest only).
    #[test]
    fn participation_countries_are_their_own_list() {
        // Brazil: QOPI rounds are open (S4); Japan: interest only.
        let br = BASE.replace("country: US", "country: BR");
        assert!(!codes_of(&br, "2026-11-22").contains(&"qopi-country-not-participating"));
        let jp = BASE.replace("country: US", "country: JP");
        let f = check(&app(&jp), &rules(), day("2026-11-22"));
        assert!(f.iter().any(|f| f.code == "qopi-country-not-participating"));
        // Never a US-only identifier asked of a non-US practice.
        assert!(
            f.iter()
                .all(|f| !f.message.contains("NPI") && !f.hint.contains("NPI"))
        );
        // Greece offers certification (S4) and QOPI rounds: no finding either way here.
        let gr = BASE.replace("country: US", "country: GR");
        assert!(!codes_of(&gr, "2026-11-22").contains(&"qopi-country-not-participating"));
    }

    // DOMAIN §8: at least one round each year of the term.
    #[test]
    fn a_term_year_without_a_round_is_a_dated_finding() {
        let term = "applicant:\n  type: recertifying\n  current_certification:\n    awarded: 2024-03-01\n    expires: 2027-03-01\n";
        let gap = format!(
            "{BASE}{term}rounds:\n  - id: QOPI-2024-R2\n    overall_score: 80\n    unique_charts: 60\n"
        );
        let f = check(&app(&gap), &rules(), day("2026-11-22"));
        let t: Vec<_> = f
            .iter()
            .filter(|f| f.code == "qopi-term-round-missing")
            .collect();
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(
            t[0].message.contains("ended on 2026-02-28"),
            "{}",
            t[0].message
        );
        let ok =
            format!("{gap}  - id: QOPI-2025-R2\n    overall_score: 80\n    unique_charts: 60\n");
        assert!(!codes_of(&ok, "2026-11-22").contains(&"qopi-term-round-missing"));
        // Status: the stage is late, and each term year is a dated deadline.
        let m = milestone(&app(&gap), &rules(), day("2026-11-22")).unwrap();
        assert_eq!(m.state, State::Late);
        let d = deadlines(&app(&gap), &rules(), day("2026-11-22"));
        assert_eq!(d.iter().filter(|d| d.kind == "qopi-term-round").count(), 3);
    }

    #[test]
    fn planning_and_status_dates_of_a_new_practice() {
        let a = app(BASE);
        let p = plan(&a, &rules(), "QOPI-2027-R1").unwrap();
        assert_eq!(p.registration_deadline, Some(day("2026-12-11")));
        let d = p.dates.as_ref().unwrap();
        assert_eq!((d.opens, d.closes), (day("2027-01-11"), day("2027-05-28")));
        // S4: two to three weeks after close (the later bound).
        assert_eq!(p.report_expected, Some(day("2027-06-18")));
        // 4 FTE → the chart table's minimum; one hour per chart (S4).
        assert!(p.charts > 0);
        assert_eq!(p.hours.hundredths(), i64::try_from(p.charts).unwrap() * 100);
        let ds = deadlines(&a, &rules(), day("2026-11-22"));
        let kinds: Vec<&str> = ds.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                "qopi-registration",
                "qopi-round-opens",
                "qopi-round-closes",
                "qopi-report-expected"
            ]
        );
        assert_eq!(ds[0].done, Some(day("2026-10-01")));
        let m = milestone(&a, &rules(), day("2026-11-22")).unwrap();
        assert_eq!((m.number, m.state), (0, State::InProgress));
        assert!(
            milestone(
                &app("practice: {name: X, country: US}\n"),
                &rules(),
                day("2026-11-22")
            )
            .is_none()
        );
    }

    #[test]
    fn bad_input_is_located_never_a_panic() {
        // A round recorded in year 1: a bounded number of findings, no panic.
        let y = with(
            "round: QOPI-2027-R1",
            "round: OLD\n      opens: 0001-01-01\n      closes: 0001-05-01",
        )
        .replace(
            "  participation:",
            "  fellowship_program: true\n  participation:",
        );
        let f = check(&app(&y), &rules(), day("2026-11-22"));
        assert!(f.len() < 30, "{}", f.len());
        let _ = deadlines(&app(&y), &rules(), day("2026-11-22"));
        let _ = milestone(&app(&y), &rules(), day("2026-11-22"));
        // A role outside the list is refused (exit 2) at its line.
        let y = with("roles: [abstractor]", "roles: [abstracter]");
        let e = load::parse(&SourceFile::new("a.yaml", y)).unwrap_err();
        assert!(e.problems.iter().any(|p| p.location.is_some()), "{e:?}");
        // A bad date in participation is a located input problem.
        let y = with(
            "modules: [core, breast]",
            "modules: [core, breast]\n      abstracted: 2027-02-30",
        );
        let e = load::parse(&SourceFile::new("a.yaml", y)).unwrap_err();
        assert!(
            e.problems
                .iter()
                .any(|p| p.path == "qopi.participation[0].abstracted")
        );
        // An edition without [qopi] says so rather than checking half.
        let mut r = rules();
        r.qopi = None;
        let f = check(&app(BASE), &r, day("2026-11-22"));
        assert_eq!(
            f.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["qopi-rules-missing"]
        );
        assert!(plan(&app(BASE), &r, "QOPI-2027-R1").is_err());
        // A round outside the calendar and the file: an error naming the nearest id.
        let e = plan(&app(BASE), &rules(), "QOPI-2027-R3").unwrap_err();
        assert!(e.contains("did you mean"), "{e}");
    }
}
