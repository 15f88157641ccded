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

/// Why a status could not be evaluated at all.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// The edition has no `[deadlines]` table.
    #[error(transparent)]
    MissingTable(#[from] crate::rules::MissingTable),
    /// CCR deadline arithmetic left the calendar's range.
    #[error("CCR deadlines: {0}")]
    Ccr(#[from] crate::ccr::CcrError),
}

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
            documents: Self::documents(app, catalog, states),
        }
    }

    fn documents(
        app: &Application,
        catalog: &crate::catalog::Catalog,
        states: &crate::checklist::DocStates,
    ) -> Option<crate::units::Percent> {
        app.documents
            .as_ref()
            .map(|_| crate::checklist::percent_complete(app, catalog, states))
    }

    /// [`Progress::of`] with the questionnaire counted per tab of the edition in force
    /// (`[questionnaire]`, with the fee schedule's supplemental-cost questions), so `status`
    /// and `qcp check` show the percentage `qcp questionnaire check` shows under that edition.
    #[must_use]
    pub fn of_in(
        app: &Application,
        rules: &RuleEdition,
        schedule: &crate::fees::FeeSchedule,
        catalog: &crate::catalog::Catalog,
        states: &crate::checklist::DocStates,
    ) -> Self {
        Progress {
            questionnaire: app
                .questionnaire
                .as_ref()
                .map(|_| crate::questionnaire::completeness_in(app, rules, schedule).percent()),
            documents: Self::documents(app, catalog, states),
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
    /// What the deadline is about when one kind recurs (a QOPI round id, a term year); part of
    /// the iCalendar UID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
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
            subject: None,
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
pub fn check(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    progress: Progress,
) -> Result<Evaluation, StatusError> {
    let elig = crate::eligibility::check(app, rules, as_of);
    evaluate(app, rules, cal, as_of, progress, &elig)
}

/// [`check`] with the eligibility evaluation already made (the registry's
/// `checks::Derived` makes it once per application).
///
/// The dates every milestone reads are gathered once (`Journey`, from `facts::Events`); each
/// milestone is one small function in `MILESTONES`, which computes its state and pushes the
/// deadlines it owns; the term dates and the overdue check follow.
///
/// # Errors
/// When the edition has no `[deadlines]` table, or CCR date arithmetic leaves the calendar.
pub fn evaluate(
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    progress: Progress,
    elig: &crate::eligibility::Evaluation,
) -> Result<Evaluation, StatusError> {
    let dr = rules_of(rules)?;
    let j = Journey::of(app, rules, dr, cal, as_of, progress, elig)?;
    let mut cx = Cx {
        cal,
        dr,
        as_of,
        deadlines: Vec::new(),
    };
    let milestones = MILESTONES
        .iter()
        .map(|&(number, name, actor, step)| {
            let s = step(&j, &mut cx);
            Milestone {
                number,
                name,
                actor,
                state: s.state,
                percent: s.percent,
                done: s.done,
                due: s.due,
                note: s.note,
            }
        })
        .collect();
    let mut findings = Vec::new();
    term(&j, &mut cx, &mut findings);
    evidence_review(&mut cx, rules, j.evidence, j.certified);
    let mut deadlines = cx.deadlines;
    deadlines.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(b.kind)));
    overdue(&deadlines, app.ccr.is_some(), &mut findings);
    let mut ev = Evaluation {
        milestones,
        deadlines,
        findings,
        provisional: elig.provisional.clone(),
    };
    // The QOPI participation stage (0) and its dates: the qopi module's, after the overdue
    // check (the qopi family reports its own lateness).
    crate::qopi::add_to_status(&mut ev, app, rules, as_of);
    Ok(ev)
}

/// The dates and figures every milestone reads, gathered once. Every event comes from its one
/// home (`facts::Events`); a date after `as_of` has not happened yet.
struct Journey<'a> {
    app: &'a Application,
    rules: &'a RuleEdition,
    cal: &'a HolidayCalendar,
    dr: &'a DeadlineRules,
    elig: &'a crate::eligibility::Evaluation,
    progress: Progress,
    as_of: Date,
    applied: Option<Date>,
    approved: Option<Date>,
    signed: Option<Date>,
    q_sub: Option<Date>,
    planned: Option<Date>,
    prepay_requested: Option<Date>,
    prepay_approved: Option<Date>,
    invoice: Option<Date>,
    paid: Option<Date>,
    docs: Option<Date>,
    avail: Option<Date>,
    notice: Option<Date>,
    coi: Option<Date>,
    survey_date: Option<Date>,
    surveyed: Option<Date>,
    ccr: Option<Date>,
    all_met: bool,
    ap: Option<Date>,
    ap_approved: Option<Date>,
    plan_recorded: bool,
    ext: Option<Date>,
    extension_granted: Option<Date>,
    final_ccr: Option<Date>,
    evidence: Option<Date>,
    issues_with_evidence: Option<(usize, usize)>,
    certified: Option<Date>,
    not_certified: Option<Option<Date>>,
    decision_recorded: bool,
    /// The CCR's deadlines (`[ccr]` figures through `ccr::deadlines_of`, the one copy of that
    /// arithmetic).
    ccr_deadlines: Vec<crate::ccr::Deadline>,
}

impl<'a> Journey<'a> {
    fn of(
        app: &'a Application,
        rules: &'a RuleEdition,
        dr: &'a DeadlineRules,
        cal: &'a HolidayCalendar,
        as_of: Date,
        progress: Progress,
        elig: &'a crate::eligibility::Evaluation,
    ) -> Result<Self, StatusError> {
        let ev = crate::facts::Events::of(app);
        let on = |f: &Option<crate::facts::Fact>| done_by(f.as_ref().map(|f| f.date), as_of);
        let cs = app.ccr.as_ref();
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
            None => app.timeline.all_standards_met == Some(true),
        };
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
        let plan = cs.and_then(|c| c.action_plan.as_ref());
        let survey_date = ev.survey.as_ref().map(|f| f.date);
        let decision = app.decision.as_ref();
        let mut j = Journey {
            app,
            rules,
            cal,
            dr,
            elig,
            progress,
            as_of,
            applied: on(&ev.eligibility_form),
            approved: on(&ev.eligibility_approved),
            signed: on(&ev.agreement_signed),
            q_sub: on(&ev.questionnaire_submitted),
            planned: ev.planned_submission.as_ref().map(|f| f.date),
            prepay_requested: on(&ev.prepayment_requested),
            prepay_approved: on(&ev.prepayment_approved),
            invoice: on(&ev.invoice_received),
            paid: on(&ev.paid),
            docs: on(&ev.documents_submitted),
            avail: on(&ev.survey_form),
            notice: on(&ev.surveyor_notice),
            coi: on(&ev.coi_reply),
            survey_date,
            surveyed: done_by(survey_date, as_of),
            ccr: on(&ev.ccr_received),
            all_met,
            ap: on(&ev.action_plan_submitted),
            ap_approved: done_by(plan.and_then(|p| p.approved), as_of),
            plan_recorded: plan.is_some(),
            ext: on(&ev.extension_requested),
            extension_granted: cs
                .map(crate::ccr::CcrDates::of)
                .and_then(|c| c.extension_new_due),
            final_ccr: on(&ev.final_ccr),
            evidence: on(&ev.evidence_submitted),
            issues_with_evidence,
            certified: on(&ev.certified),
            not_certified: decision
                .filter(|d| d.outcome == crate::model::ccr::DecisionOutcome::NotCertified)
                .map(|d| d.date),
            decision_recorded: decision.is_some(),
            ccr_deadlines: Vec::new(),
        };
        let dates = crate::ccr::CcrDates {
            received: j.ccr,
            final_report: j.final_ccr,
            needs_plan: !j.all_met,
            plan_submitted: j.ap,
            extension_requested: j.ext,
            extension_new_due: j.extension_granted,
            needs_evidence: !j.all_met,
            evidence_done: j.evidence,
        };
        if let Some((r, roll)) = rules.ccr_deadline_rules() {
            j.ccr_deadlines = crate::ccr::deadlines_of(&dates, r, roll, cal, as_of)?;
        }
        Ok(j)
    }

    /// The CCR deadline of `kind`: (due, unrolled date when rolling moved it, the deadline).
    fn ccr_due(
        &self,
        kind: crate::ccr::DeadlineKind,
    ) -> Option<(Date, Option<Date>, &crate::ccr::Deadline)> {
        self.ccr_deadlines
            .iter()
            .find(|d| d.kind == kind)
            .map(|d| (d.due, (d.due != d.nominal).then_some(d.nominal), d))
    }

    /// When staff are expected to answer a submitted, not yet approved action plan
    /// (`ccr.staff_response_business_days`), with that figure.
    fn plan_response_due(&self, cx: &Cx<'_>) -> Option<(Date, u32)> {
        match (self.ap, self.ap_approved, self.rules.ccr.as_ref()) {
            (Some(sub), None, Some(r)) if self.plan_recorded && !self.all_met => cx
                .business_days(sub, r.staff_response_business_days)
                .map(|d| (d, r.staff_response_business_days)),
            _ => None,
        }
    }
}

/// A CCR deadline's rule in words, saying when rolling moved it.
fn rolled(d: &crate::ccr::Deadline) -> String {
    let mut rule = format!("{}: {}", d.rule, d.basis);
    if d.due != d.nominal {
        rule.push_str(", moved to the next business day");
    }
    rule
}

/// What one milestone function finds.
struct Step {
    state: State,
    percent: Option<Percent>,
    done: Option<Date>,
    due: Option<Date>,
    note: String,
}

impl Step {
    fn new(state: State) -> Self {
        Step {
            state,
            percent: None,
            done: None,
            due: None,
            note: String::new(),
        }
    }
    fn percent(mut self, p: Option<Percent>) -> Self {
        self.percent = p;
        self
    }
    fn done(mut self, d: Option<Date>) -> Self {
        self.done = d;
        self
    }
    fn due(mut self, d: Option<Date>) -> Self {
        self.due = d;
        self
    }
    fn note(mut self, n: impl Into<String>) -> Self {
        self.note = n.into();
        self
    }
}

/// One milestone: its number, name, who acts, and the function that judges it.
type MilestoneFn = fn(&Journey<'_>, &mut Cx<'_>) -> Step;

/// The 13 milestones of the current process (S1), in order (docs/rules.md §2).
const MILESTONES: &[(u8, &str, &str, MilestoneFn)] = &[
    (1, "Eligibility form", "practice", eligibility_form),
    (2, "Staff review of eligibility", "QCP", eligibility_review),
    (
        3,
        "Agreement signing",
        "practice's legal signatory",
        agreement_signing,
    ),
    (4, "Questionnaire", "practice", questionnaire),
    (
        5,
        "Invoice and payment",
        "QCP, then practice",
        invoice_and_payment,
    ),
    (6, "Pre-survey documents", "practice", pre_survey_documents),
    (
        7,
        "Site survey availability",
        "practice",
        survey_availability,
    ),
    (
        8,
        "Surveyor assignment and date",
        "QCP",
        surveyor_assignment,
    ),
    (9, "Survey", "surveyor", survey),
    (10, "CCR review", "practice", ccr_review),
    (11, "Action plan", "practice", action_plan),
    (
        12,
        "Implementation evidence",
        "practice",
        implementation_evidence,
    ),
    (13, "Certification decision", "QCP and committee", decision),
];

fn eligibility_form(j: &Journey<'_>, _: &mut Cx<'_>) -> Step {
    let elig = j.elig;
    let crit_ok = elig
        .criteria
        .iter()
        .filter(|c| c.status != crate::eligibility::Status::Fail)
        .count();
    let step = match (&j.app.eligibility, j.applied) {
        (None, _) => Step::new(State::NotStarted).note("no eligibility section"),
        (Some(_), Some(_)) => {
            Step::new(State::Done).note(format!("outcome: {}", elig.outcome.describe()))
        }
        (Some(_), None) => Step::new(State::InProgress)
            .note(format!("outcome so far: {}", elig.outcome.describe())),
    };
    step.percent(pct(crit_ok, elig.criteria.len()))
        .done(j.applied)
}

fn eligibility_review(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    let days = j.dr.eligibility_review_business_days;
    let review_due = j.applied.and_then(|a| cx.business_days(a, days));
    if let (Some(a), Some(due), None) = (j.applied, review_due, j.approved) {
        cx.push(
            "eligibility-review",
            "QCP staff review of the eligibility form expected".into(),
            (due, None),
            Who::Program,
            format!(
                "deadlines.eligibility_review_business_days: about {days} business days after the form ({a})"
            ),
            "docs/rules.md §2 milestone 2; S1",
            None,
        );
    }
    let step = match (j.approved, j.applied) {
        (Some(_), _) => Step::new(State::Done),
        (None, Some(_)) => Step::new(pending(review_due, j.as_of, true)).due(review_due),
        _ => Step::new(State::NotStarted),
    };
    step.done(j.approved)
}

fn agreement_signing(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    let days = j.dr.agreement_signing_days;
    let sign_due = j.approved.and_then(|a| cx.calendar_days(a, days));
    if let (Some(d), None) = (sign_due, j.signed) {
        cx.push(
            "agreement-signing",
            "Sign the participation agreement (e-signature)".into(),
            d,
            Who::Practice,
            format!("deadlines.agreement_signing_days: within {days} days of eligibility approval"),
            "docs/rules.md §2 milestone 3; S1",
            None,
        );
    }
    let due = sign_due.map(|d| d.0);
    let step = match (j.signed, j.approved) {
        (Some(_), _) => Step::new(State::Done),
        (None, Some(_)) => Step::new(pending(due, j.as_of, false)).due(due),
        _ => Step::new(State::NotStarted),
    };
    step.done(j.signed)
}

fn questionnaire(j: &Journey<'_>, _: &mut Cx<'_>) -> Step {
    let q_pct = j.progress.questionnaire;
    let state = if j.q_sub.is_some() {
        State::Done
    } else if j.planned.is_some_and(|p| j.as_of > p) {
        // Past the practice's own plan: late against it (the plan is the only due date here).
        State::Late
    } else if j.approved.is_some() || q_pct.is_some() {
        State::InProgress
    } else {
        State::NotStarted
    };
    let note = match j.planned {
        Some(p) if j.q_sub.is_none() => format!("planned submission {p}"),
        _ => String::new(),
    };
    Step::new(state)
        .percent(q_pct)
        .done(j.q_sub)
        .due(j.planned.filter(|_| j.q_sub.is_none()))
        .note(note)
}

fn invoice_and_payment(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    if j.rules.prepayment_request() {
        return prepayment_and_payment(j);
    }
    let days = j.dr.invoice_business_days;
    let invoice_due = j.q_sub.and_then(|q| cx.business_days(q, days));
    if let (Some(d), None) = (invoice_due, j.invoice) {
        cx.push(
            "invoice",
            "QCP staff issue the invoice (expected)".into(),
            (d, None),
            Who::Program,
            format!(
                "deadlines.invoice_business_days: about {days} business days after the questionnaire"
            ),
            "docs/rules.md §2 milestone 5; S1",
            None,
        );
    }
    let step = match (j.paid, j.invoice, j.q_sub) {
        (Some(_), _, _) => Step::new(State::Done),
        (None, Some(i), _) => {
            Step::new(State::InProgress).note(format!("invoice received {i}; pay by check or wire"))
        }
        (None, None, Some(_)) => Step::new(pending(invoice_due, j.as_of, true))
            .due(invoice_due)
            .note("invoice expected"),
        _ => Step::new(State::NotStarted),
    };
    step.done(j.paid)
}

/// Milestone 5 in an edition with S0's pre-payment request (`[payment] prepayment_request`):
/// the request sent once the questionnaire is complete, its approval by the QCP admin, then the
/// payment (online by card or by check). S0 gives no turnaround for the approval, so no
/// expected date is shown.
fn prepayment_and_payment(j: &Journey<'_>) -> Step {
    let step = match (j.paid, j.prepay_approved, j.prepay_requested) {
        (Some(_), _, _) => Step::new(State::Done),
        (None, Some(a), _) => Step::new(State::InProgress).note(format!(
            "pre-payment request approved {a}; pay online by card or by check"
        )),
        (None, None, Some(r)) => Step::new(State::WaitingOnProgram).note(format!(
            "pre-payment request sent {r}; waiting for the QCP admin's approval"
        )),
        (None, None, None)
            if j.q_sub.is_some()
                || j.progress.questionnaire == Some(Percent::from_hundredths(10_000)) =>
        {
            Step::new(State::InProgress)
                .note("send the pre-payment request: every questionnaire tab is complete")
        }
        _ => Step::new(State::NotStarted),
    };
    step.done(j.paid)
}

fn pre_survey_documents(j: &Journey<'_>, _: &mut Cx<'_>) -> Step {
    let d_pct = j.progress.documents;
    // Under way once something of it is recorded (the documents section) or its turn has come
    // (the fee is paid: the documents are next, S1); an approval alone does not start it.
    let state = if j.docs.is_some() {
        State::Done
    } else if j.paid.is_some() || d_pct.is_some() {
        State::InProgress
    } else {
        State::NotStarted
    };
    Step::new(state).percent(d_pct).done(j.docs)
}

fn survey_availability(j: &Journey<'_>, _: &mut Cx<'_>) -> Step {
    let survey = j.app.survey.as_ref();
    let s_pct = survey.and_then(|s| {
        let min = j.rules.survey.as_ref().map_or(1, |r| r.options_min);
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
    let failing = survey_options_failing(j.app, j.rules, j.cal, j.avail.unwrap_or(j.as_of));
    let state = match (j.avail, survey) {
        (Some(_), _) if failing == 0 => State::Done,
        (Some(_), _) | (None, Some(_)) => State::InProgress,
        _ => State::NotStarted,
    };
    let step = Step::new(state)
        .percent(s_pct)
        .done(j.avail.filter(|_| failing == 0));
    if failing > 0 {
        step.note(format!("{failing} error(s) in `qcp survey check`"))
    } else {
        step
    }
}

fn surveyor_assignment(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    let weeks = j.dr.surveyor_proposal_weeks;
    let proposal_due = j.avail.and_then(|a| add_days(a, i64::from(weeks) * 7));
    if let (Some(d), None) = (proposal_due, j.notice) {
        cx.push(
            "surveyor-proposal",
            "QCP proposes a surveyor and survey date (expected)".into(),
            (d, None),
            Who::Program,
            format!(
                "deadlines.surveyor_proposal_weeks: within about {weeks} weeks of the availability form"
            ),
            "docs/rules.md §2 milestone 8; S1",
            None,
        );
    }
    let days = j.dr.coi_reply_business_days;
    let coi_due = j.notice.and_then(|n| cx.business_days(n, days));
    if let Some(d) = coi_due {
        cx.push(
            "conflict-of-interest-reply",
            "Report any conflict of interest with the assigned surveyor".into(),
            (d, None),
            Who::Practice,
            format!(
                "deadlines.coi_reply_business_days: {days} business days after the surveyor notice"
            ),
            "docs/rules.md §2 milestone 8; S1",
            j.coi,
        );
    }
    let step = match (j.notice, j.avail) {
        (Some(n), _) if j.coi.is_none() && coi_due.is_some_and(|d| j.as_of <= d) => {
            Step::new(State::InProgress).due(coi_due).note(format!(
                "surveyor notified {n}; conflict-of-interest reply due"
            ))
        }
        (Some(n), _) => Step::new(State::Done).note(format!("surveyor notified {n}")),
        (None, Some(_)) => Step::new(pending(proposal_due, j.as_of, true)).due(proposal_due),
        _ => Step::new(State::NotStarted),
    };
    step.done(j.notice)
}

fn survey(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    if let Some(d) = j.survey_date {
        cx.push(
            "survey",
            "Site survey".into(),
            (d, None),
            Who::Info,
            "survey.survey_date (agreed with the program)".into(),
            "docs/rules.md §2 milestone 9",
            j.surveyed,
        );
    }
    let state = match (j.surveyed, j.survey_date) {
        (Some(_), _) => State::Done,
        (None, Some(_)) => State::WaitingOnProgram,
        _ => State::NotStarted,
    };
    Step::new(state)
        .done(j.surveyed)
        .due(j.survey_date.filter(|_| j.surveyed.is_none()))
}

fn ccr_review(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    let weeks = j.dr.ccr_after_survey_weeks;
    let ccr_expected = j.surveyed.and_then(|s| add_days(s, i64::from(weeks) * 7));
    if let (Some(d), None) = (ccr_expected, j.ccr) {
        cx.push(
            "ccr-expected",
            "Certification Compliance Report expected".into(),
            (d, None),
            Who::Program,
            format!("deadlines.ccr_after_survey_weeks: about {weeks} weeks after the survey"),
            "docs/rules.md §2 milestone 10; S1",
            None,
        );
    }
    let state = match (j.ccr, j.surveyed) {
        (Some(_), _) => State::Done,
        (None, Some(_)) => pending(ccr_expected, j.as_of, true),
        _ => State::NotStarted,
    };
    Step::new(state)
        .done(j.ccr)
        .due(ccr_expected.filter(|_| j.ccr.is_none()))
}

fn action_plan(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    use crate::ccr::DeadlineKind;
    let ap_due = j.ccr_due(DeadlineKind::ActionPlan);
    if !j.all_met {
        if let Some((due, from, d)) = ap_due {
            cx.push(
                "action-plan",
                "Submit the action plan for every standard not fully met".into(),
                (due, from),
                Who::Practice,
                rolled(d),
                "docs/rules.md §7; S1",
                j.ap,
            );
        }
        // The extension is optional: its window is an action while open, or a record once a
        // request exists; a window that closed unused is nothing to do.
        if let Some((due, from, d)) = j.ccr_due(DeadlineKind::ExtensionRequest)
            && j.evidence.is_none()
            && (j.ext.is_some() || j.as_of <= due)
        {
            cx.push(
                "extension-request",
                "Last day to request an extension for implementation evidence".into(),
                (due, from),
                Who::Practice,
                rolled(d),
                "docs/rules.md §7; S1",
                j.ext,
            );
        }
    }
    // A plan recorded in the `ccr` section is done once approved; until then staff answer it
    // within `ccr.staff_response_business_days` (expected, the program's step).
    let response_due = j.plan_response_due(cx);
    if let (Some(sub), Some((d, n))) = (j.ap, response_due) {
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
    let ap_due = ap_due.map(|(due, _, _)| due);
    let (state, note) = match (j.ccr, j.all_met, j.ap) {
        (Some(_), true, _) => (State::Done, "not needed: every standard met".to_owned()),
        (Some(_), false, Some(s)) => match (j.ap_approved, response_due) {
            (Some(a), _) => (State::Done, format!("submitted {s}, approved {a}")),
            (None, Some((d, _))) => (
                pending(Some(d), j.as_of, true),
                format!("submitted {s}; approval awaited"),
            ),
            (None, None) => (State::Done, String::new()),
        },
        (Some(_), false, None) => (pending(ap_due, j.as_of, false), String::new()),
        _ => (State::NotStarted, String::new()),
    };
    let due = match (j.ap, response_due) {
        (None, _) => ap_due.filter(|_| !j.all_met),
        (Some(_), Some((d, _))) if j.ap_approved.is_none() => Some(d),
        _ => None,
    };
    Step::new(state)
        .done(j.ap_approved.or(j.ap).filter(|_| state == State::Done))
        .due(due)
        .note(note)
}

fn implementation_evidence(j: &Journey<'_>, cx: &mut Cx<'_>) -> Step {
    // The evidence deadline counts from the final CCR; until its date is recorded the received
    // date stands in for it, and the deadline says it is provisional (as `ccr summary` does).
    let ev_due = j.ccr_due(crate::ccr::DeadlineKind::ImplementationEvidence);
    if !j.all_met
        && let Some((due, from, d)) = ev_due
    {
        let title = if j.final_ccr.is_some() {
            "Submit implementation evidence for every CCR issue"
        } else {
            "Submit implementation evidence for every CCR issue (provisional: counted from the CCR's receipt until the final CCR's date is recorded)"
        };
        cx.push(
            "implementation-evidence",
            title.to_owned(),
            (due, from),
            Who::Practice,
            rolled(d),
            "docs/rules.md §7; S1",
            j.evidence,
        );
    }
    let ev_due = ev_due.map(|(due, _, _)| due);
    let (state, note) = match (j.all_met, j.evidence, j.final_ccr) {
        (true, _, _) if j.ccr.is_some() => {
            (State::Done, "not needed: every standard met".to_owned())
        }
        (_, Some(_), _) => (State::Done, String::new()),
        (_, None, f) if f.is_some() || j.ccr.is_some() => (
            pending(ev_due, j.as_of, false),
            match (j.extension_granted, j.ext, f) {
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
    let note = match j.issues_with_evidence {
        Some((with, of)) if state != State::Done || with < of => {
            let sep = if note.is_empty() { "" } else { "; " };
            format!("{note}{sep}evidence for {with} of {of} issue(s)")
        }
        _ => note,
    };
    Step::new(state)
        .percent(j.issues_with_evidence.and_then(|(with, of)| pct(with, of)))
        .done(j.evidence)
        .due(ev_due.filter(|_| j.evidence.is_none() && !j.all_met))
        .note(note)
}

/// 13: the `decision` section (or its older place, `timeline.certified`).
fn decision(j: &Journey<'_>, _: &mut Cx<'_>) -> Step {
    match (j.certified, j.not_certified) {
        (Some(c), _) => Step::new(State::Done).done(Some(c)),
        (None, Some(d)) => Step::new(State::Done)
            .done(done_by(d, j.as_of))
            .note("not certified"),
        (None, None) if j.evidence.is_some() || (j.all_met && j.ccr.is_some()) => {
            Step::new(State::WaitingOnProgram).note(if j.decision_recorded {
                "decision pending"
            } else {
                ""
            })
        }
        (None, None) => Step::new(State::NotStarted),
    }
}

/// Term dates — score validity, pending lapse, expiry and the re-certification window — with
/// the warnings they give (docs/rules.md §3, §8).
fn term(j: &Journey<'_>, cx: &mut Cx<'_>, findings: &mut Vec<Finding>) {
    let (app, dr, elig, as_of) = (j.app, j.dr, j.elig, j.as_of);
    if let Some(v) = elig.figures.valid_until {
        let round = elig.figures.round.as_deref().unwrap_or("the chosen round");
        cx.push(
            "score-validity-end",
            format!("Last day the score of {round} may be used"),
            (v, None),
            Who::Info,
            "round calendar: the close of the next round of the same season".into(),
            "docs/rules.md §3; S3",
            j.q_sub,
        );
        if let (Some(p), None) = (j.planned, j.q_sub)
            && p > v
        {
            findings.push(
                Finding::new(
                    "score-expires-before-submission",
                    "timeline.planned_submission",
                    format!(
                        "the score of {round} is valid until {v}, before the planned submission on {p}"
                    ),
                    format!("submit by {v}, or plan on a more recent round's score"),
                )
                .rule("round calendar (validity_end)"),
            );
        }
    }
    if let Some(a) = j.applied
        && let Some(l) = add_months(a, i64::from(dr.pending_lapse_months))
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
            j.certified,
        );
        if j.certified.is_none() && as_of > l {
            findings.push(
                Finding::new(
                    "pending-status-lapsed",
                    "eligibility.form_date",
                    format!("applied on {a}; certification-pending status lapsed on {l} with no decision recorded"),
                    "contact the program about the application's status; record decision.date when awarded",
                )
                .rule("deadlines.pending_lapse_months"),
            );
        }
    }
    let term = certification_term(
        j.certified,
        app.applicant.current_certification.map(|c| c.expires),
        app.applicant.kind == ApplicantType::Recertifying,
        dr.certification_term_months,
    );
    let Some(Term { expires: e, basis }) = term else {
        return;
    };
    let recert = app.applicant.kind == ApplicantType::Recertifying && j.certified.is_none();
    cx.push(
        "certification-expiry",
        "Certification expires".into(),
        (e, None),
        Who::Info,
        basis.note(dr.certification_term_months),
        "docs/rules.md §8; S3",
        None,
    );
    let applied_recert = if recert { j.applied } else { None };
    if let Some(o) = add_months(e, -i64::from(dr.recertify_window_opens_months)) {
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
    let Some(c) = add_months(e, -i64::from(dr.recertify_window_closes_months)) else {
        return;
    };
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
    if !recert {
        return;
    }
    // Worded from what is recorded: the application (eligibility form) date when there is one,
    // else that the practice has not applied by `as_of`.
    let form_date = j.applied;
    let when = form_date.unwrap_or(as_of);
    if when > c {
        let what = match form_date {
            Some(d) => format!("re-certification applied for on {d}, after {c}"),
            None => format!(
                "the practice has not applied for re-certification by {as_of}; the window to apply closed on {c}"
            ),
        };
        findings.push(
            Finding::new(
                "recertification-too-late",
                if form_date.is_some() {
                    "eligibility.form_date"
                } else {
                    "applicant.current_certification.expires"
                },
                format!(
                    "{what} ({} months before the expiry on {e}): the new term may not be awarded before the current one ends",
                    dr.recertify_window_closes_months
                ),
                "apply as soon as possible and ask the program about keeping the certification continuous",
            )
            .rule("deadlines.recertify_window_closes_months"),
        );
    }
}

/// A practice deadline passed with nothing recorded as done.
fn overdue(deadlines: &[Deadline], ccr_section: bool, findings: &mut Vec<Finding>) {
    for d in deadlines {
        if d.who == Who::Practice && d.done.is_none() && d.days_left < 0 {
            findings.push(
                Finding::new(
                    "deadline-overdue",
                    overdue_path(d.kind, ccr_section),
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
}

/// Where an overdue step is recorded: the `ccr` section when the file has one, else `timeline`.
fn overdue_path(kind: &str, ccr_section: bool) -> &'static str {
    match (kind, ccr_section) {
        ("agreement-signing", _) => "agreements.participation",
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
    fn milestone_5_follows_the_prepayment_request_in_the_2019_edition_s0() {
        // S0: request sent → waiting for the QCP admin; approved → the practice pays. The 2024
        // edition (S1) has no such step: the same file shows the invoice milestone unchanged.
        let rules_2019 = RuleEdition::from_toml(
            std::path::Path::new("rules-qcp-2019.toml"),
            include_str!("../standards/rules-qcp-2019.toml"),
        )
        .unwrap();
        let run = |pay: &str, rules: &RuleEdition| {
            let yaml = format!(
                "practice: {{name: D, country: US}}\nquestionnaire:\n  submitted_on: 2019-06-01\npayment:\n{pay}"
            );
            let app = load::parse(&SourceFile::new("a.yaml", &yaml)).unwrap();
            let ev = check(
                &app,
                rules,
                &cal(),
                "2019-06-20".parse().unwrap(),
                Progress::default(),
            )
            .unwrap();
            ev.milestones[4].clone()
        };
        let sent = run("  prepayment_requested_on: 2019-06-03\n", &rules_2019);
        assert_eq!(sent.state, State::WaitingOnProgram);
        assert!(
            sent.note.contains("pre-payment request sent 2019-06-03"),
            "{}",
            sent.note
        );
        let ok = run(
            "  prepayment_requested_on: 2019-06-03\n  prepayment_approved_on: 2019-06-05\n",
            &rules_2019,
        );
        assert_eq!(ok.state, State::InProgress);
        assert!(ok.note.contains("approved 2019-06-05"), "{}", ok.note);
        let none = run("  mode: check\n", &rules_2019);
        assert!(
            none.note.contains("send the pre-payment request"),
            "{}",
            none.note
        );
        // Near miss: the 2024 edition ignores the request and expects the invoice.
        let s1 = run(
            "  prepayment_requested_on: 2019-06-03\n",
            &RuleEdition::embedded().unwrap(),
        );
        assert!(!s1.note.contains("pre-payment"), "{}", s1.note);
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
