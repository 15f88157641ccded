//! CCR deadlines from the edition's `[ccr]` figures through the holiday calendar.

use serde::Serialize;

use super::CcrError;
use crate::calendar::HolidayCalendar;
use crate::model::ccr::Ccr;
use crate::rules::CcrRules;
use crate::units::Date;

/// The shipped US federal holiday calendar.
///
/// # Errors
/// Only if the embedded file were broken, which the calendar's own tests rule out.
pub fn embedded_calendar() -> Result<HolidayCalendar, crate::calendar::CalendarError> {
    HolidayCalendar::from_toml(super::US_FEDERAL_CALENDAR_TOML)
}

/// Which deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The action plan (after the CCR is received).
    ActionPlan,
    /// The last day to request an extension of the evidence deadline.
    ExtensionRequest,
    /// Implementation evidence for every issue (after the final CCR).
    ImplementationEvidence,
}

impl DeadlineKind {
    /// Human label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::ActionPlan => "Action plan",
            DeadlineKind::ExtensionRequest => "Extension request",
            DeadlineKind::ImplementationEvidence => "Implementation evidence",
        }
    }
}

/// One computed deadline and where it stands as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// How it was computed, e.g. "10 calendar days after the CCR was received (2026-10-02)".
    pub basis: String,
    /// The rule-data entry behind it, e.g. `ccr.action_plan_days`.
    pub rule: &'static str,
    /// The date before rolling.
    pub nominal: Date,
    /// The due date (rolled to a business day when the edition says so).
    pub due: Date,
    /// Why it moved, e.g. "Saturday" or "Columbus Day", when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolled_from: Option<String>,
    /// Calendar days from `as_of` to `due` (negative when past).
    pub days_left: i64,
    /// The day it was met (submitted / requested), when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
    /// Whether it is not needed (no issues: no action plan; all evidence in).
    pub not_needed: bool,
    /// Past due and not done, or done after the due date.
    pub late: bool,
}

/// Why `nominal` moved to `due`: the first day's reason and every holiday on the way, e.g.
/// "2027-02-13 is a Saturday; 2027-02-15 is Washington's Birthday".
fn why_moved(cal: &HolidayCalendar, nominal: Date, due: Date) -> String {
    let mut reasons = Vec::new();
    let mut d = nominal;
    while d < due {
        match cal.holiday_on(d) {
            Some(h) => reasons.push(format!("{d} is {h}")),
            None if d == nominal => reasons.push(format!("{d} is a {:?}", d.weekday())),
            None => {}
        }
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    reasons.join("; ")
}

fn make(
    kind: DeadlineKind,
    basis: String,
    rule: &'static str,
    from: Date,
    days: u32,
    roll: bool,
    cal: &HolidayCalendar,
) -> Result<Deadline, CcrError> {
    let nominal = jiff::Span::new()
        .try_days(i64::from(days))
        .and_then(|span| from.checked_add(span))
        .map_err(|_| crate::calendar::CalendarError::OutOfRange {
            date: from,
            days: i64::from(days),
        })?;
    let due = if roll {
        cal.add_calendar_days_rolled(from, days)?
    } else {
        nominal
    };
    Ok(Deadline {
        kind,
        basis,
        rule,
        nominal,
        due,
        rolled_from: (due != nominal).then(|| why_moved(cal, nominal, due)),
        days_left: 0,
        done: None,
        not_needed: false,
        late: false,
    })
}

fn finish(mut d: Deadline, done: Option<Date>, not_needed: bool, as_of: Date) -> Deadline {
    d.days_left = i64::from((d.due - as_of).get_days());
    d.done = done;
    d.not_needed = not_needed;
    d.late = !not_needed
        && match done {
            Some(done) => done > d.due,
            None => as_of > d.due,
        };
    d
}

/// The dates and facts the CCR deadlines count from, whichever section of the file recorded
/// them: [`CcrDates::of`] reads the `ccr` section; `qcp status` fills in the `timeline`
/// section's dates where the `ccr` section lacks them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CcrDates {
    /// The day the CCR reached the practice.
    pub received: Option<Date>,
    /// The date of the final CCR.
    pub final_report: Option<Date>,
    /// Whether an action plan is needed (a standard is not fully met).
    pub needs_plan: bool,
    /// When the action plan was submitted.
    pub plan_submitted: Option<Date>,
    /// When an extension of the evidence deadline was requested.
    pub extension_requested: Option<Date>,
    /// The new evidence due date of a granted extension.
    pub extension_new_due: Option<Date>,
    /// Whether implementation evidence is needed.
    pub needs_evidence: bool,
    /// When the last of the needed evidence was submitted, once all of it is in.
    pub evidence_done: Option<Date>,
}

impl CcrDates {
    /// The dates of a `ccr` section: a plan and evidence are needed when the CCR has issues;
    /// evidence is done when every issue has submitted evidence (its date is the last one).
    #[must_use]
    pub fn of(ccr: &Ccr) -> Self {
        let submitted: Vec<Option<Date>> = ccr
            .issues
            .iter()
            .map(|i| {
                ccr.evidence
                    .iter()
                    .filter(|e| e.issue == i.id)
                    .filter_map(|e| e.submitted)
                    .max()
            })
            .collect();
        let all_in = !submitted.is_empty() && submitted.iter().all(Option::is_some);
        CcrDates {
            received: ccr.received,
            final_report: ccr.final_report,
            needs_plan: !ccr.issues.is_empty(),
            plan_submitted: ccr.action_plan.as_ref().and_then(|p| p.submitted),
            extension_requested: ccr.extension.as_ref().and_then(|x| x.requested),
            extension_new_due: ccr
                .extension
                .as_ref()
                .filter(|x| x.granted == Some(true))
                .and_then(|x| x.new_due),
            needs_evidence: !ccr.issues.is_empty(),
            evidence_done: if all_in {
                submitted.iter().flatten().max().copied()
            } else {
                None
            },
        }
    }
}

/// The CCR's deadlines as of `as_of`: action plan, extension request, implementation evidence.
/// Empty without a received date (the check `ccr-received-missing` reports that).
///
/// `rules` are the edition's `[ccr]` figures; `roll` is its `deadlines.roll_to_business_day`
/// and `cal` the calendar its `deadlines.calendar` names (or the one `--calendar` loaded):
/// see [`RuleEdition::ccr_deadline_rules`](crate::rules::RuleEdition::ccr_deadline_rules).
///
/// # Errors
/// Date arithmetic leaves the calendar's range.
pub fn deadlines(
    ccr: &Ccr,
    rules: &CcrRules,
    roll: bool,
    cal: &HolidayCalendar,
    as_of: Date,
) -> Result<Vec<Deadline>, CcrError> {
    deadlines_of(&CcrDates::of(ccr), rules, roll, cal, as_of)
}

/// [`deadlines`] from dates gathered by the caller (`qcp status` merges the `ccr` and
/// `timeline` sections): the one place the CCR deadline arithmetic lives.
///
/// # Errors
/// Date arithmetic leaves the calendar's range.
pub fn deadlines_of(
    c: &CcrDates,
    rules: &CcrRules,
    roll: bool,
    cal: &HolidayCalendar,
    as_of: Date,
) -> Result<Vec<Deadline>, CcrError> {
    let Some(received) = c.received else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let plan = make(
        DeadlineKind::ActionPlan,
        format!(
            "{} calendar days after the CCR was received ({received})",
            rules.action_plan_days
        ),
        "ccr.action_plan_days",
        received,
        rules.action_plan_days,
        roll,
        cal,
    )?;
    out.push(finish(plan, c.plan_submitted, !c.needs_plan, as_of));

    let ext = make(
        DeadlineKind::ExtensionRequest,
        format!(
            "within {} days of receiving the CCR ({received})",
            rules.extension_request_days
        ),
        "ccr.extension_request_days",
        received,
        rules.extension_request_days,
        roll,
        cal,
    )?;
    // An extension is optional: the window only matters once a request exists.
    let ext = finish(
        ext,
        c.extension_requested,
        c.extension_requested.is_none(),
        as_of,
    );
    out.push(ext);

    let (from, what) = match c.final_report {
        Some(f) => (f, format!("the final CCR ({f})")),
        None => (
            received,
            format!("the CCR was received ({received}; no final CCR date recorded)"),
        ),
    };
    let mut ev = make(
        DeadlineKind::ImplementationEvidence,
        format!("{} calendar days after {what}", rules.evidence_days),
        "ccr.evidence_days",
        from,
        rules.evidence_days,
        roll,
        cal,
    )?;
    if let Some(new_due) = c.extension_new_due {
        ev.basis = format!("extension granted to {new_due} (was {})", ev.due);
        ev.rule = "ccr.extension.new_due";
        ev.nominal = new_due;
        ev.due = new_due;
        ev.rolled_from = None;
    }
    out.push(finish(ev, c.evidence_done, !c.needs_evidence, as_of));
    Ok(out)
}
