//! Where an application stands (docs/rules.md §2, §7, §8): the 13 milestones with their state, percent
//! and dates, every due date computed through the business-day calendar, and warnings that save a
//! practice real trouble (a score that expires before the planned submission, a re-certification
//! applied for too late to stay continuous).
//!
//! Pure: application + rule edition (its `[deadlines]` and `[ccr]` tables) + calendar + `as_of`.
//! Percent complete of the questionnaire and the documents comes precomputed in [`Progress`]
//! ([`Progress::of`] asks those modules, with the standards catalog in force); an absent section
//! is unknown (shown as "–"), never guessed. Milestones 9–13 read the `ccr` and
//! `decision` sections when present (their CCR deadlines through [`crate::ccr::deadlines_of`],
//! the `[ccr]` figures); dates of portal steps that qcp cannot observe otherwise come from the
//! file's `timeline` section (docs/rules.md §9).
//!
//! It does not write files: `render::ics_events` returns events for [`crate::ics::write_calendar`].

use jiff::Span;
use serde::Serialize;

use crate::calendar::HolidayCalendar;
use crate::finding::Finding;
use crate::model::{ApplicantType, Application};
use crate::rules::RuleEdition;
use crate::units::{Date, Percent};

/// Re-exported for callers that still name them here; their home is [`crate::rules::deadlines`].
pub use crate::rules::deadlines::{
    DeadlineRules, US_FEDERAL_CALENDAR_TOML, embedded_calendar, rules_of,
};

/// Percent complete of the milestones whose sections other modules own: the questionnaire
/// (docs/rules.md §2 milestone 4) and the pre-survey documents (milestone 6). Precomputed by
/// [`Progress::of`]; `None` shows "–" (the section is absent), never a guess.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Questionnaire completeness ([`crate::questionnaire::completeness`]).
    pub questionnaire: Option<Percent>,
    /// Pre-survey documents completeness ([`crate::checklist::percent_complete`]).
    pub documents: Option<Percent>,
}

impl Progress {
    /// The questionnaire's completeness when the file has a `questionnaire` section, and the
    /// documents checklist's against `catalog` (the one in force, `--standards`) when it has a
    /// `documents` section.
    #[must_use]
    pub fn of(
        app: &Application,
        catalog: &crate::catalog::Catalog,
        states: &crate::checklist::DocStates,
    ) -> Self {
        Progress {
            questionnaire: app
                .questionnaire
                .as_ref()
                .map(|_| crate::questionnaire::completeness(app).percent()),
            documents: app
                .documents
                .as_ref()
                .map(|_| crate::checklist::percent_complete(app, catalog, states)),
        }
    }
}

/// A milestone's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Nothing recorded yet.
    NotStarted,
    /// The practice is working on it.
    InProgress,
    /// The program (staff, surveyor, committee) acts next.
    WaitingOnProgram,
    /// Done.
    Done,
    /// Its due date has passed and it is not done.
    Late,
}

impl State {
    /// Wording for tables.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            State::NotStarted => "not started",
            State::InProgress => "in progress",
            State::WaitingOnProgram => "waiting on the program",
            State::Done => "done",
            State::Late => "late",
        }
    }
}

/// Which vocabulary the milestones are reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Steps {
    /// The 13 milestones of the current process (S1).
    #[default]
    Current,
    /// The seven steps of the 2019 portal (S0).
    Legacy,
}

/// One milestone (or legacy step).
#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    /// Number in its vocabulary.
    pub number: u8,
    /// Name.
    pub name: &'static str,
    /// Who acts.
    pub actor: &'static str,
    /// State as of the report date.
    pub state: State,
    /// Percent complete, where the file allows it.
    pub percent: Option<Percent>,
    /// When it was done.
    pub done: Option<Date>,
    /// When it is due (or expected, for the program's steps).
    pub due: Option<Date>,
    /// A short note.
    pub note: String,
}

/// Who must act by a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The practice.
    Practice,
    /// The program (an expected date, not the practice's deadline).
    Program,
    /// A date for information (validity, expiry).
    Info,
}

/// A due date.
#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    /// Stable kind, e.g. `action-plan`; part of the iCalendar UID.
    pub kind: &'static str,
    /// What is due.
    pub title: String,
    /// The date (after rolling).
    pub date: Date,
    /// The unrolled date, when rolling moved it.
    pub rolled_from: Option<Date>,
    /// Who acts.
    pub who: Who,
    /// The rule-data entry and the rule in words.
    pub rule: String,
    /// Where the rule comes from.
    pub source: &'static str,
    /// When it was done, if recorded.
    pub done: Option<Date>,
    /// Days from `as_of` to `date` (negative: passed).
    pub days_left: i64,
}

/// The status evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Milestones.
    pub milestones: Vec<Milestone>,
    /// Every due date computed, in date order.
    pub deadlines: Vec<Deadline>,
    /// Findings (late steps, expiring scores, late re-certification).
    pub findings: Vec<Finding>,
    /// The placeholder figures the eligibility outcome rests on (`eligibility::Evaluation`'s).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<String>,
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().days(n)).ok()
}

/// Errors `qcp survey check` reports for the survey form as of `on`: a form with failing
/// options is not done (docs/rules.md §6).
fn survey_options_failing(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    on: Date,
) -> usize {
    if app.survey.is_none() {
        return 0;
    }
    crate::survey::check(app, rules, cal, on).map_or(0, |ev| {
        ev.findings
            .iter()
            .filter(|f| f.severity == crate::finding::Severity::Error)
            .count()
    })
}

/// The program's expected date for its review of submitted implementation evidence (S1: staff
/// and committee review in about `[ccr] evidence_review_weeks`), shown until a decision is
/// recorded.
fn evidence_review(
    cx: &mut Cx<'_>,
    rules: &RuleEdition,
    evidence: Option<Date>,
    decided: Option<Date>,
) {
    let weeks = rules.ccr.as_ref().and_then(|c| c.evidence_review_weeks);
    let (Some(e), Some(w), None) = (evidence, weeks, decided) else {
        return;
    };
    let Some(d) = add_days(e, i64::from(w) * 7) else {
        return;
    };
    cx.push(
        "evidence-review-expected",
        "QCP staff and committee review the implementation evidence (expected)".into(),
        (d, None),
        Who::Program,
        format!("ccr.evidence_review_weeks: about {w} weeks after the evidence is submitted"),
        "docs/rules.md §7; S1",
        None,
    );
}

/// What a certification's expiry is counted from (docs/rules.md §8, S3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermBasis {
    /// A first certification: the term runs from the award.
    Award,
    /// Re-certified on or before the current expiry: the current expiry is extended by the term.
    ExtendsCurrent,
    /// Re-certified after the current certification lapsed: a new term runs from the award.
    LapsedNewTerm,
    /// No award recorded: the current certification's recorded expiry.
    Current,
}

impl TermBasis {
    /// The note a report shows next to the expiry date.
    #[must_use]
    pub fn note(self, term_months: u32) -> String {
        let what = match self {
            TermBasis::Award => "from the award",
            TermBasis::ExtendsCurrent => {
                "added to the current expiry (re-certified before it expired)"
            }
            TermBasis::LapsedNewTerm => {
                "from the award (re-certified after the current certification lapsed)"
            }
            TermBasis::Current => {
                return "applicant.current_certification.expires (as recorded)".to_owned();
            }
        };
        format!("deadlines.certification_term_months: {term_months} months {what}")
    }
}

/// A certification's expiry and what it is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The last day of the certification.
    pub expires: Date,
    /// What it is counted from.
    pub basis: TermBasis,
}

/// The certification term (docs/rules.md §8, S3): a re-certification awarded on or before the
/// current expiry extends that expiry by the term (awarded 2027-01-15 while certified until
/// 2027-03-31 → 2030-03-31); one awarded after it lapsed starts a new term at the award; a first
/// certification runs from the award; with no award the recorded expiry stands. The
/// re-certification window follows from the result.
#[must_use]
pub fn certification_term(
    awarded: Option<Date>,
    current_expiry: Option<Date>,
    recertifying: bool,
    term_months: u32,
) -> Option<Term> {
    let term = i64::from(term_months);
    match (awarded, current_expiry) {
        (Some(a), Some(cur)) if recertifying && a <= cur => Some(Term {
            expires: add_months(cur, term)?,
            basis: TermBasis::ExtendsCurrent,
        }),
        (Some(a), Some(_)) if recertifying => Some(Term {
            expires: add_months(a, term)?,
            basis: TermBasis::LapsedNewTerm,
        }),
        (Some(a), _) => Some(Term {
            expires: add_months(a, term)?,
            basis: TermBasis::Award,
        }),
        (None, Some(cur)) => Some(Term {
            expires: cur,
            basis: TermBasis::Current,
        }),
        (None, None) => None,
    }
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().months(n)).ok()
}

fn done_by(d: Option<Date>, as_of: Date) -> Option<Date> {
    d.filter(|d| *d <= as_of)
}

fn pct(num: usize, den: usize) -> Option<Percent> {
    let den = i64::try_from(den).ok().filter(|d| *d > 0)?;
    let num = i64::try_from(num).ok()?.min(den);
    Some(Percent::from_hundredths(num * 10_000 / den))
}

struct Cx<'a> {
    cal: &'a HolidayCalendar,
    dr: &'a DeadlineRules,
    as_of: Date,
    deadlines: Vec<Deadline>,
}

impl Cx<'_> {
    /// `base + days` calendar days, rolled when the rules say so.
    fn calendar_days(&self, base: Date, days: u32) -> Option<(Date, Option<Date>)> {
        let raw = add_days(base, i64::from(days))?;
        if self.dr.roll_to_business_day {
            let rolled = self.cal.roll_forward(raw).ok()?;
            Some((rolled, (rolled != raw).then_some(raw)))
        } else {
            Some((raw, None))
        }
    }

    fn business_days(&self, base: Date, days: u32) -> Option<Date> {
        self.cal.add_business_days(base, days).ok()
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: &'static str,
        title: String,
        date: (Date, Option<Date>),
        who: Who,
        rule: String,
        source: &'static str,
        done: Option<Date>,
    ) {
        // The program's expected dates roll to a business day like the practice's deadlines
        // (S1: staff do not act on weekends or federal holidays).
        let date = if who == Who::Program && date.1.is_none() && self.dr.roll_to_business_day {
            match self.cal.roll_forward(date.0) {
                Ok(r) if r != date.0 => (r, Some(date.0)),
                _ => date,
            }
        } else {
            date
        };
        self.deadlines.push(Deadline {
            kind,
            title,
            date: date.0,
            rolled_from: date.1,
            who,
            rule,
            source,
            done,
            days_left: i64::from((date.0 - self.as_of).get_days()),
        });
    }
}

/// State of a step with a due date that is not done.
fn pending(due: Option<Date>, as_of: Date, waiting: bool) -> State {
    match due {
        Some(d) if as_of > d => State::Late,
        _ if waiting => State::WaitingOnProgram,
        _ => State::InProgress,
    }
}

/// Evaluates milestones, deadlines and warnings as of `as_of`.
///
/// # Errors
/// When the edition has no `[deadlines]` table.
#[allow(clippy::too_many_lines)]
pub fn check(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    progress: Progress,
) -> Result<Evaluation, String> {
    let elig = crate::eligibility::check(app, rules, as_of);
    evaluate(app, rules, cal, as_of, progress, &elig)
}

/// [`check`] with the eligibility evaluation already made (the registry's
/// `checks::Derived` makes it once per application).
///
/// # Errors
/// When the edition has no `[deadlines]` table.
#[allow(clippy::too_many_lines)]
pub fn evaluate(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    progress: Progress,
    elig: &crate::eligibility::Evaluation,
) -> Result<Evaluation, String> {
    let dr = rules_of(rules)?;
    let mut cx = Cx {
        cal,
        dr,
        as_of,
        deadlines: Vec::new(),
    };
    let mut findings = Vec::new();
    let t = &app.timeline;
    let survey = app.survey.as_ref();
    // Every date comes from its one home (crate::facts), never from a second copy.
    let ev = crate::facts::Events::of(app);
    let on = |f: &Option<crate::facts::Fact>| done_by(f.as_ref().map(|f| f.date), as_of);
    let applied = on(&ev.eligibility_form);
    let approved = on(&ev.eligibility_approved);
    let signed = on(&ev.agreement_signed);
    let q_sub = on(&ev.questionnaire_submitted);
    let planned = ev.planned_submission.as_ref().map(|f| f.date);
    let invoice = on(&ev.invoice_received);
    let paid = on(&ev.paid);
    let docs = on(&ev.documents_submitted);
    let avail = on(&ev.survey_form);
    let notice = on(&ev.surveyor_notice);
    let coi = on(&ev.coi_reply);
    let cs = app.ccr.as_ref();
    let cd = cs.map(crate::ccr::CcrDates::of);
    let survey_date = ev.survey.as_ref().map(|f| f.date);
    let surveyed = done_by(survey_date, as_of);
    let ccr = on(&ev.ccr_received);
    // The CCR's own assessments decide whether every standard was met; without any, the
    // timeline's `all_standards_met`.
    let assessed = cs.filter(|c| !c.assessments.is_empty() || !c.issues.is_empty());
    let all_met = match assessed {
        Some(c) => {
            c.issues.is_empty()
                && !c
                    .assessments
                    .iter()
                    .any(|a| a.assessment.is_some_and(|x| x.needs_issue()))
        }
        None => t.all_standards_met == Some(true),
    };
    let plan = cs.and_then(|c| c.action_plan.as_ref());
    let ap = on(&ev.action_plan_submitted);
    let ap_approved = done_by(plan.and_then(|p| p.approved), as_of);
    let ext = on(&ev.extension_requested);
    let final_ccr = on(&ev.final_ccr);
    // Evidence is in when every issue of the CCR has submitted evidence (the last date).
    let issues_with_evidence = assessed.filter(|c| !c.issues.is_empty()).map(|c| {
        let with = c
            .issues
            .iter()
            .filter(|i| {
                c.evidence
                    .iter()
                    .any(|e| e.issue == i.id && done_by(e.submitted, as_of).is_some())
            })
            .count();
        (with, c.issues.len())
    });
    let evidence = on(&ev.evidence_submitted);
    let decision = app.decision.as_ref();
    let certified = on(&ev.certified);
    let not_certified = decision
        .filter(|d| d.outcome == crate::model::ccr::DecisionOutcome::NotCertified)
        .map(|d| d.date);

    let mut ms: Vec<Milestone> = Vec::new();
    let mut m = |number: u8,
                 name: &'static str,
                 actor: &'static str,
                 state: State,
                 percent: Option<Percent>,
                 done: Option<Date>,
                 due: Option<Date>,
                 note: String| {
        ms.push(Milestone {
            number,
            name,
            actor,
            state,
            percent,
            done,
            due,
            note,
        });
    };

    // 1. Eligibility form.
    let crit_ok = elig
        .criteria
        .iter()
        .filter(|c| c.status != crate::eligibility::Status::Fail)
        .count();
    let elig_pct = pct(crit_ok, elig.criteria.len());
    let (state, note) = match (&app.eligibility, applied) {
        (None, _) => (State::NotStarted, "no eligibility section".to_owned()),
        (Some(_), Some(_)) => (State::Done, format!("outcome: {}", elig.outcome.describe())),
        (Some(_), None) => (
            State::InProgress,
            format!("outcome so far: {}", elig.outcome.describe()),
        ),
    };
    m(
        1,
        "Eligibility form",
        "practice",
        state,
        elig_pct,
        applied,
        None,
        note,
    );

    // 2. Staff review of eligibility.
    let review_due = applied.and_then(|a| cx.business_days(a, dr.eligibility_review_business_days));
    if let (Some(a), Some(due), None) = (applied, review_due, approved) {
        cx.push(
            "eligibility-review",
            "QCP staff review of the eligibility form expected".into(),
            (due, None),
            Who::Program,
            format!(
                "deadlines.eligibility_review_business_days: about {} business days after the form ({a})",
                dr.eligibility_review_business_days
            ),
            "docs/rules.md §2 milestone 2; S1",
            None,
        );
    }
    let (state, due) = match (approved, applied) {
        (Some(_), _) => (State::Done, None),
        (None, Some(_)) => (pending(review_due, as_of, true), review_due),
        _ => (State::NotStarted, None),
    };
    m(
        2,
        "Staff review of eligibility",
        "QCP",
        state,
        None,
        approved,
        due,
        String::new(),
    );

    // 3. Agreement signing.
    let sign_due = approved.and_then(|a| cx.calendar_days(a, dr.agreement_signing_days));
    if let (Some(d), None) = (sign_due, signed) {
        cx.push(
            "agreement-signing",
            "Sign the participation agreement (e-signature)".into(),
            d,
            Who::Practice,
            format!(
                "deadlines.agreement_signing_days: within {} days of eligibility approval",
                dr.agreement_signing_days
            ),
            "docs/rules.md §2 milestone 3; S1",
            None,
        );
    }
    let (state, due) = match (signed, approved) {
        (Some(_), _) => (State::Done, None),
        (None, Some(_)) => (
            pending(sign_due.map(|d| d.0), as_of, false),
            sign_due.map(|d| d.0),
        ),
        _ => (State::NotStarted, None),
    };
    m(
        3,
        "Agreement signing",
        "practice's legal signatory",
        state,
        None,
        signed,
        due,
        String::new(),
    );

    // 4. Questionnaire.
    let q_pct = progress.questionnaire;
    let state = if q_sub.is_some() {
        State::Done
    } else if planned.is_some_and(|p| as_of > p) {
        // Past the practice's own plan: late against it (the plan is the only due date here).
        State::Late
    } else if approved.is_some() || q_pct.is_some() {
        State::InProgress
    } else {
        State::NotStarted
    };
    let note = match planned {
        Some(p) if q_sub.is_none() => format!("planned submission {p}"),
        _ => String::new(),
    };
    m(
        4,
        "Questionnaire",
        "practice",
        state,
        q_pct,
        q_sub,
        planned.filter(|_| q_sub.is_none()),
        note,
    );

    // 5. Invoice and payment.
    let invoice_due = q_sub.and_then(|q| cx.business_days(q, dr.invoice_business_days));
    if let (Some(d), None) = (invoice_due, invoice) {
        cx.push(
            "invoice",
            "QCP staff issue the invoice (expected)".into(),
            (d, None),
            Who::Program,
            format!(
                "deadlines.invoice_business_days: about {} business days after the questionnaire",
                dr.invoice_business_days
            ),
            "docs/rules.md §2 milestone 5; S1",
            None,
        );
    }
    let (state, due, note) = match (paid, invoice, q_sub) {
        (Some(_), _, _) => (State::Done, None, String::new()),
        (None, Some(i), _) => (
            State::InProgress,
            None,
            format!("invoice received {i}; pay by check or wire"),
        ),
        (None, None, Some(_)) => (
            pending(invoice_due, as_of, true),
            invoice_due,
            "invoice expected".into(),
        ),
        _ => (State::NotStarted, None, String::new()),
    };
    m(
        5,
        "Invoice and payment",
        "QCP, then practice",
        state,
        None,
        paid,
        due,
        note,
    );

    // 6. Pre-survey documents.
    let d_pct = progress.documents;
    let state = if docs.is_some() {
        State::Done
    } else if approved.is_some() || d_pct.is_some() {
        State::InProgress
    } else {
        State::NotStarted
    };
    m(
        6,
        "Pre-survey documents",
        "practice",
        state,
        d_pct,
        docs,
        None,
        String::new(),
    );

    // 7. Survey availability.
    let s_pct = survey.map(|s| {
        let min = rules.survey.as_ref().map_or(1, |r| r.options_min);
        let parts = [
            s.mode.is_some(),
            !s.preferred_weekdays.is_empty(),
            s.options.len() >= min,
            s.form_date.is_some(),
        ];
        pct(parts.iter().filter(|p| **p).count(), parts.len())
    });
    // A submitted form is judged as of the day it was filed (its options were not in the past
    // then); a draft as of today.
    let failing = survey_options_failing(app, rules, cal, avail.unwrap_or(as_of));
    let state = match (avail, survey) {
        (Some(_), _) if failing == 0 => State::Done,
        (Some(_), _) | (None, Some(_)) => State::InProgress,
        _ => State::NotStarted,
    };
    m(
        7,
        "Site survey availability",
        "practice",
        state,
        s_pct.flatten(),
        avail.filter(|_| failing == 0),
        None,
        if failing > 0 {
            format!("{failing} error(s) in `qcp survey check`")
        } else {
            String::new()
        },
    );

    // 8. Surveyor assignment and date.
    let proposal_due = avail.and_then(|a| add_days(a, i64::from(dr.surveyor_proposal_weeks) * 7));
    if let (Some(d), None) = (proposal_due, notice) {
        cx.push(
            "surveyor-proposal",
            "QCP proposes a surveyor and survey date (expected)".into(),
            (d, None),
            Who::Program,
            format!(
                "deadlines.surveyor_proposal_weeks: within about {} weeks of the availability form",
                dr.surveyor_proposal_weeks
            ),
            "docs/rules.md §2 milestone 8; S1",
            None,
        );
    }
    let coi_due = notice.and_then(|n| cx.business_days(n, dr.coi_reply_business_days));
    if let Some(d) = coi_due {
        cx.push(
            "conflict-of-interest-reply",
            "Report any conflict of interest with the assigned surveyor".into(),
            (d, None),
            Who::Practice,
            format!(
                "deadlines.coi_reply_business_days: {} business days after the surveyor notice",
                dr.coi_reply_business_days
            ),
            "docs/rules.md §2 milestone 8; S1",
            coi,
        );
    }
    let (state, due, note) = match (notice, avail) {
        (Some(n), _) if coi.is_none() && coi_due.is_some_and(|d| as_of <= d) => (
            State::InProgress,
            coi_due,
            format!("surveyor notified {n}; conflict-of-interest reply due"),
        ),
        (Some(n), _) => (State::Done, None, format!("surveyor notified {n}")),
        (None, Some(_)) => (
            pending(proposal_due, as_of, true),
            proposal_due,
            String::new(),
        ),
        _ => (State::NotStarted, None, String::new()),
    };
    m(
        8,
        "Surveyor assignment and date",
        "QCP",
        state,
        None,
        notice,
        due,
        note,
    );

    // 9. Survey.
    if let Some(d) = survey_date {
        cx.push(
            "survey",
            "Site survey".into(),
            (d, None),
            Who::Info,
            "survey.survey_date (agreed with the program)".into(),
            "docs/rules.md §2 milestone 9",
            surveyed,
        );
    }
    let state = match (surveyed, survey_date) {
        (Some(_), _) => State::Done,
        (None, Some(_)) => State::WaitingOnProgram,
        _ => State::NotStarted,
    };
    m(
        9,
        "Survey",
        "surveyor",
        state,
        None,
        surveyed,
        survey_date.filter(|_| surveyed.is_none()),
        String::new(),
    );

    // 10. CCR review.
    let ccr_expected = surveyed.and_then(|s| add_days(s, i64::from(dr.ccr_after_survey_weeks) * 7));
    if let (Some(d), None) = (ccr_expected, ccr) {
        cx.push(
            "ccr-expected",
            "Certification Compliance Report expected".into(),
            (d, None),
            Who::Program,
            format!(
                "deadlines.ccr_after_survey_weeks: about {} weeks after the survey",
                dr.ccr_after_survey_weeks
            ),
            "docs/rules.md §2 milestone 10; S1",
            None,
        );
    }
    let state = match (ccr, surveyed) {
        (Some(_), _) => State::Done,
        (None, Some(_)) => pending(ccr_expected, as_of, true),
        _ => State::NotStarted,
    };
    m(
        10,
        "CCR review",
        "practice",
        state,
        None,
        ccr,
        ccr_expected.filter(|_| ccr.is_none()),
        String::new(),
    );

    // 11. Action plan; 12. implementation evidence (and the extension request): the `[ccr]`
    // figures through the CCR module's deadline function, the one copy of that arithmetic.
    let ccr_dates = crate::ccr::CcrDates {
        received: ccr,
        final_report: final_ccr,
        needs_plan: !all_met,
        plan_submitted: ap,
        extension_requested: ext,
        extension_new_due: cd.as_ref().and_then(|c| c.extension_new_due),
        needs_evidence: !all_met,
        evidence_done: evidence,
    };
    let ccr_deadlines = match rules.ccr_deadline_rules() {
        Some((r, roll)) => crate::ccr::deadlines_of(&ccr_dates, r, roll, cal, as_of)
            .map_err(|e| format!("CCR deadlines: {e}"))?,
        None => Vec::new(),
    };
    let ccr_due = |k: crate::ccr::DeadlineKind| {
        ccr_deadlines
            .iter()
            .find(|d| d.kind == k)
            .map(|d| (d.due, (d.due != d.nominal).then_some(d.nominal), d))
    };
    let rolled = |d: &crate::ccr::Deadline| {
        let mut rule = format!("{}: {}", d.rule, d.basis);
        if d.due != d.nominal {
            rule.push_str(", moved to the next business day");
        }
        rule
    };
    let ap_due = ccr_due(crate::ccr::DeadlineKind::ActionPlan);
    let ext_due = ccr_due(crate::ccr::DeadlineKind::ExtensionRequest);
    // The evidence deadline counts from the final CCR; until its date is recorded the received
    // date stands in for it, and the deadline says it is provisional (as `ccr summary` does).
    let ev_due = ccr_due(crate::ccr::DeadlineKind::ImplementationEvidence);
    let ev_title = if final_ccr.is_some() {
        "Submit implementation evidence for every CCR issue".to_owned()
    } else {
        "Submit implementation evidence for every CCR issue (provisional: counted from the CCR's receipt until the final CCR's date is recorded)".to_owned()
    };
    if !all_met {
        if let Some((due, from, d)) = ap_due {
            cx.push(
                "action-plan",
                "Submit the action plan for every standard not fully met".into(),
                (due, from),
                Who::Practice,
                rolled(d),
                "docs/rules.md §7; S1",
                ap,
            );
        }
        // The extension is optional: its window is an action while open, or a record once a
        // request exists; a window that closed unused is nothing to do.
        if let Some((due, from, d)) = ext_due
            && evidence.is_none()
            && (ext.is_some() || as_of <= due)
        {
            cx.push(
                "extension-request",
                "Last day to request an extension for implementation evidence".into(),
                (due, from),
                Who::Practice,
                rolled(d),
                "docs/rules.md §7; S1",
                ext,
            );
        }
        if let Some((due, from, d)) = ev_due {
            cx.push(
                "implementation-evidence",
                ev_title,
                (due, from),
                Who::Practice,
                rolled(d),
                "docs/rules.md §7; S1",
                evidence,
            );
        }
    }
    let ap_due = ap_due.map(|(due, from, _)| (due, from));
    let ev_due = ev_due.map(|(due, from, _)| (due, from));
    // A plan recorded in the `ccr` section is done once approved; until then staff answer it
    // within `ccr.staff_response_business_days` (expected, the program's step).
    let response_due = match (ap, ap_approved, plan, rules.ccr.as_ref()) {
        (Some(sub), None, Some(_), Some(r)) if !all_met => cx
            .business_days(sub, r.staff_response_business_days)
            .map(|d| (d, r.staff_response_business_days)),
        _ => None,
    };
    if let (Some(sub), Some((d, n))) = (ap, response_due) {
        cx.push(
            "action-plan-response",
            "QCP staff answer the submitted action plan (expected)".into(),
            (d, None),
            Who::Program,
            format!(
                "ccr.staff_response_business_days: about {n} business days after the plan was submitted ({sub})"
            ),
            "docs/rules.md §7; S1",
            None,
        );
    }
    let (state, note) = match (ccr, all_met, ap) {
        (Some(_), true, _) => (State::Done, "not needed: every standard met".to_owned()),
        (Some(_), false, Some(s)) => match (ap_approved, response_due) {
            (Some(a), _) => (State::Done, format!("submitted {s}, approved {a}")),
            (None, Some((d, _))) => (
                pending(Some(d), as_of, true),
                format!("submitted {s}; approval awaited"),
            ),
            (None, None) => (State::Done, String::new()),
        },
        (Some(_), false, None) => (pending(ap_due.map(|d| d.0), as_of, false), String::new()),
        _ => (State::NotStarted, String::new()),
    };
    m(
        11,
        "Action plan",
        "practice",
        state,
        None,
        ap_approved.or(ap).filter(|_| state == State::Done),
        match (ap, response_due) {
            (None, _) => ap_due.map(|d| d.0).filter(|_| !all_met),
            (Some(_), Some((d, _))) if ap_approved.is_none() => Some(d),
            _ => None,
        },
        note,
    );
    let granted = cd.as_ref().and_then(|c| c.extension_new_due);
    let (state, note) = match (all_met, evidence, final_ccr) {
        (true, _, _) if ccr.is_some() => (State::Done, "not needed: every standard met".to_owned()),
        (_, Some(_), _) => (State::Done, String::new()),
        (_, None, f) if f.is_some() || ccr.is_some() => (
            pending(ev_due.map(|d| d.0), as_of, false),
            match (granted, ext, f) {
                (Some(n), _, _) => format!("extension granted to {n}"),
                (None, Some(e), _) => {
                    format!("extension requested {e}; the program sets the new date")
                }
                (None, None, Some(_)) => String::new(),
                (None, None, None) => {
                    "due date provisional: counted from the CCR's receipt until the final CCR is recorded".to_owned()
                }
            },
        ),
        _ => (State::NotStarted, String::new()),
    };
    let note = match issues_with_evidence {
        Some((with, of)) if state != State::Done || with < of => {
            let sep = if note.is_empty() { "" } else { "; " };
            format!("{note}{sep}evidence for {with} of {of} issue(s)")
        }
        _ => note,
    };
    m(
        12,
        "Implementation evidence",
        "practice",
        state,
        issues_with_evidence.and_then(|(with, of)| pct(with, of)),
        evidence,
        ev_due
            .map(|d| d.0)
            .filter(|_| evidence.is_none() && !all_met),
        note,
    );

    // 13. Certification decision (the `decision` section, else `timeline.certified`).
    let (state, done, note) = match (certified, not_certified) {
        (Some(c), _) => (State::Done, Some(c), String::new()),
        (None, Some(d)) => (State::Done, done_by(d, as_of), "not certified".to_owned()),
        (None, None) if evidence.is_some() || (all_met && ccr.is_some()) => (
            State::WaitingOnProgram,
            None,
            if decision.is_some() {
                "decision pending".to_owned()
            } else {
                String::new()
            },
        ),
        (None, None) => (State::NotStarted, None, String::new()),
    };
    m(
        13,
        "Certification decision",
        "QCP and committee",
        state,
        None,
        done,
        None,
        note,
    );

    // Term dates: score validity, pending lapse, expiry and the re-certification window.
    if let Some(v) = elig.figures.valid_until {
        cx.push(
            "score-validity-end",
            format!(
                "Last day the score of {} may be used",
                elig.figures.round.as_deref().unwrap_or("the chosen round")
            ),
            (v, None),
            Who::Info,
            "round calendar: the close of the next round of the same season".into(),
            "docs/rules.md §3; S3",
            q_sub,
        );
        if let (Some(p), None) = (planned, q_sub)
            && p > v
        {
            findings.push(
                Finding::new(
                    "score-expires-before-submission",
                    "timeline.planned_submission",
                    format!(
                        "the score of {} is valid until {v}, before the planned submission on {p}",
                        elig.figures.round.as_deref().unwrap_or("the chosen round")
                    ),
                    format!("submit by {v}, or plan on a more recent round's score"),
                )
                .rule("round calendar (validity_end)"),
            );
        }
    }
    if let Some(a) = applied
        && let Some(l) = add_months(a, i64::from(dr.pending_lapse_months))
    {
        {
            cx.push(
                "pending-lapse",
                "Certification-pending status lapses".into(),
                (l, None),
                Who::Info,
                format!(
                    "deadlines.pending_lapse_months: about {} months after applying ({a})",
                    dr.pending_lapse_months
                ),
                "docs/rules.md §8; S3",
                certified,
            );
            if certified.is_none() && as_of > l {
                findings.push(
                    Finding::new(
                        "pending-status-lapsed",
                        "eligibility.form_date",
                        format!("applied on {a}; certification-pending status lapsed on {l} with no decision recorded"),
                        "contact the program about the application's status; record timeline.certified when awarded",
                    )
                    .rule("deadlines.pending_lapse_months"),
                );
            }
        }
    }
    let term = certification_term(
        certified,
        app.applicant.current_certification.map(|c| c.expires),
        app.applicant.kind == ApplicantType::Recertifying,
        dr.certification_term_months,
    );
    if let Some(Term { expires: e, basis }) = term {
        let recert = app.applicant.kind == ApplicantType::Recertifying && certified.is_none();
        cx.push(
            "certification-expiry",
            "Certification expires".into(),
            (e, None),
            Who::Info,
            basis.note(dr.certification_term_months),
            "docs/rules.md §8; S3",
            None,
        );
        let opens = add_months(e, -i64::from(dr.recertify_window_opens_months));
        let closes = add_months(e, -i64::from(dr.recertify_window_closes_months));
        let applied_recert = if recert { applied } else { None };
        if let Some(o) = opens {
            cx.push(
                "recertification-window-opens",
                "Re-certification window opens (apply from this day)".into(),
                (o, None),
                Who::Info,
                format!(
                    "deadlines.recertify_window_opens_months: {} months before expiry",
                    dr.recertify_window_opens_months
                ),
                "docs/rules.md §8; S3",
                applied_recert,
            );
        }
        if let Some(c) = closes {
            cx.push(
                "recertification-window-closes",
                "Apply for re-certification by this day to stay continuously certified".into(),
                (c, None),
                Who::Practice,
                format!(
                    "deadlines.recertify_window_closes_months: {} months before expiry",
                    dr.recertify_window_closes_months
                ),
                "docs/rules.md §8; S3",
                applied_recert,
            );
            if recert {
                let when = app
                    .eligibility
                    .as_ref()
                    .and_then(|f| f.form_date)
                    .unwrap_or(as_of);
                if when > c {
                    findings.push(
                        Finding::new(
                            "recertification-too-late",
                            if app.eligibility.as_ref().and_then(|f| f.form_date).is_some() {
                                "eligibility.form_date"
                            } else {
                                "applicant.current_certification.expires"
                            },
                            format!(
                                "re-certifying on {when}, after {c} ({} months before the expiry on {e}): the new term may not be awarded before the current one ends",
                                dr.recertify_window_closes_months
                            ),
                            "apply as soon as possible and ask the program about keeping the certification continuous",
                        )
                        .rule("deadlines.recertify_window_closes_months"),
                    );
                }
            }
        }
    }

    evidence_review(&mut cx, rules, evidence, certified);
    let mut deadlines = cx.deadlines;
    deadlines.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(b.kind)));
    for d in &deadlines {
        if d.who == Who::Practice && d.done.is_none() && d.days_left < 0 {
            findings.push(
                Finding::new(
                    "deadline-overdue",
                    overdue_path(d.kind, cs.is_some()),
                    format!(
                        "{} was due on {} ({} day(s) ago); nothing is recorded as done",
                        d.title, d.date, -d.days_left
                    ),
                    "act now, then record the date it was done in the file",
                )
                .rule(d.rule.split(':').next().unwrap_or_default().to_owned()),
            );
        }
    }
    Ok(Evaluation {
        milestones: ms,
        deadlines,
        findings,
        provisional: elig.provisional.clone(),
    })
}

/// Where an overdue step is recorded: the `ccr` section when the file has one, else `timeline`.
fn overdue_path(kind: &str, ccr_section: bool) -> &'static str {
    match (kind, ccr_section) {
        ("agreement-signing", _) => "timeline.agreement_signed",
        ("conflict-of-interest-reply", _) => "survey.conflict_of_interest_reply",
        ("action-plan", true) => "ccr.action_plan",
        ("action-plan", false) => "timeline.action_plan_submitted",
        ("extension-request", true) => "ccr.extension",
        ("extension-request", false) => "timeline.extension_requested",
        ("implementation-evidence", true) => "ccr.evidence",
        ("implementation-evidence", false) => "timeline.evidence_submitted",
        _ => "timeline",
    }
}

/// The seven steps of the 2019 portal (S0), each made of current milestones.
const LEGACY: &[(&str, &[u8])] = &[
    ("Eligibility", &[1, 2]),
    ("Agreements", &[3]),
    ("Questionnaire", &[4]),
    ("Payment", &[5]),
    ("Pre-survey documents", &[6]),
    ("Survey availability", &[7, 8, 9]),
    ("Post-survey documents", &[10, 11, 12, 13]),
];

/// The milestones folded into the seven legacy steps.
#[must_use]
pub fn legacy(milestones: &[Milestone]) -> Vec<Milestone> {
    LEGACY
        .iter()
        .zip(1u8..)
        .map(|((name, parts), number)| {
            let ms: Vec<&Milestone> = milestones
                .iter()
                .filter(|m| parts.contains(&m.number))
                .collect();
            let all = |s: State| ms.iter().all(|m| m.state == s);
            let any = |s: State| ms.iter().any(|m| m.state == s);
            let state = if any(State::Late) {
                State::Late
            } else if all(State::Done) {
                State::Done
            } else if all(State::NotStarted) {
                State::NotStarted
            } else if any(State::InProgress)
                || ms.first().is_some_and(|m| m.state == State::Done) && any(State::NotStarted)
            {
                State::InProgress
            } else {
                State::WaitingOnProgram
            };
            let percent = if parts.len() == 1 {
                ms.first().and_then(|m| m.percent)
            } else {
                None
            };
            Milestone {
                number,
                name,
                actor: if parts.len() == 1 {
                    ms.first().map_or("", |m| m.actor)
                } else {
                    "practice and QCP"
                },
                state,
                percent,
                done: if state == State::Done {
                    ms.iter().filter_map(|m| m.done).max()
                } else {
                    None
                },
                due: ms
                    .iter()
                    .filter(|m| m.state != State::Done)
                    .filter_map(|m| m.due)
                    .min(),
                note: format!(
                    "milestones {}",
                    parts
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        })
        .collect()
}

/// A stable identifier of the practice for UIDs: the QOPI program id, or a slug of its name.
#[must_use]
pub fn practice_slug(app: &Application) -> String {
    if let Some(id) = &app.practice.program_id {
        return id.clone();
    }
    let mut s = String::new();
    for c in app.practice.name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() {
        "practice".to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;
    use crate::source::SourceFile;

    fn cal() -> HolidayCalendar {
        embedded_calendar("us-federal").unwrap().unwrap()
    }

    fn eval(yaml: &str, as_of: &str) -> Evaluation {
        let app = load::parse(&SourceFile::new("a.yaml", yaml)).unwrap();
        let rules = RuleEdition::embedded().unwrap();
        check(
            &app,
            &rules,
            &cal(),
            as_of.parse().unwrap(),
            Progress::default(),
        )
        .unwrap()
    }

    #[test]
    fn action_plan_due_on_a_saturday_before_a_monday_holiday_rolls_to_tuesday() {
        // docs/rules.md §7: 10 calendar days after the CCR; weekend/holiday → next business day.
        // CCR received 2027-01-06 + 10 = Saturday 2027-01-16; Monday 01-18 is MLK Day.
        let ev = eval(
            "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-06\n",
            "2027-01-07",
        );
        let ap = ev
            .deadlines
            .iter()
            .find(|d| d.kind == "action-plan")
            .unwrap();
        assert_eq!(ap.date.to_string(), "2027-01-19");
        assert_eq!(
            ap.rolled_from.map(|d| d.to_string()).as_deref(),
            Some("2027-01-16")
        );
        assert_eq!(ap.days_left, 12);
        // Near miss: a CCR one day earlier gives Friday 2027-01-15, not moved.
        let ev = eval(
            "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-05\n",
            "2027-01-07",
        );
        let ap = ev
            .deadlines
            .iter()
            .find(|d| d.kind == "action-plan")
            .unwrap();
        assert_eq!(ap.date.to_string(), "2027-01-15");
        assert_eq!(ap.rolled_from, None);
    }

    #[test]
    fn coi_reply_is_three_business_days_after_the_notice() {
        // Notice Friday 2026-11-20 → Mon 23, Tue 24, Wed 25.
        let ev = eval(
            "practice: {name: D, country: US}\neligibility: {form_date: 2026-06-01}\nsurvey:\n  surveyor_notice: 2026-11-20\n",
            "2026-11-22",
        );
        let d = ev
            .deadlines
            .iter()
            .find(|d| d.kind == "conflict-of-interest-reply")
            .unwrap();
        assert_eq!(d.date.to_string(), "2026-11-25");
        // Over Thanksgiving (Thu 2026-11-26): notice Wed 25 → Fri 27, Mon 30, Tue Dec 1.
        let ev = eval(
            "practice: {name: D, country: US}\neligibility: {form_date: 2026-06-01}\nsurvey:\n  surveyor_notice: 2026-11-25\n",
            "2026-11-25",
        );
        let d = ev
            .deadlines
            .iter()
            .find(|d| d.kind == "conflict-of-interest-reply")
            .unwrap();
        assert_eq!(d.date.to_string(), "2026-12-01");
    }

    #[test]
    fn overdue_action_plan_is_late_and_an_error() {
        let ev = eval(
            "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-05\n",
            "2027-01-16",
        );
        assert_eq!(ev.milestones[10].state, State::Late);
        assert!(ev.findings.iter().any(|f| f.code == "deadline-overdue"));
        // Near miss: on the due day itself it is not late.
        let ev = eval(
            "practice: {name: D, country: US}\ntimeline:\n  ccr_received: 2027-01-05\n",
            "2027-01-15",
        );
        assert_eq!(ev.milestones[10].state, State::InProgress);
        assert!(!ev.findings.iter().any(|f| f.code == "deadline-overdue"));
    }

    #[test]
    fn legacy_vocabulary_has_seven_steps() {
        let ev = eval("practice: {name: D, country: US}\n", "2026-11-22");
        assert_eq!(ev.milestones.len(), 13);
        let l = legacy(&ev.milestones);
        assert_eq!(l.len(), 7);
        assert!(l.iter().all(|m| m.state == State::NotStarted));
    }
}
