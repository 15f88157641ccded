//! `qcp status` / `qcp deadlines`'s report: milestones, next actions, deadlines and findings.

use serde::Serialize;

use crate::calendar::HolidayCalendar;
use crate::finding::{self, Finding, Severity, Summary};
use crate::model::Application;
use crate::rules::{EditionRef, RuleEdition};
use crate::source::SourceFile;
use crate::status::{Deadline, Milestone, Progress, Steps, Who, check, legacy};
use crate::units::Date;

/// `qcp status` / `qcp deadlines`: one report every renderer consumes.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// JSON shape version.
    pub schema: &'static str,
    /// `status` or `deadlines`.
    pub command: &'static str,
    /// The file.
    pub file: String,
    /// The date the report is as of.
    pub as_of: Date,
    /// The rule edition.
    pub edition: EditionRef,
    /// The calendar used for business days.
    pub calendar: String,
    /// Practice name.
    pub practice: String,
    /// The milestone vocabulary.
    pub steps: Steps,
    /// Milestones (status only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Open practice deadlines, earliest first: what to do next.
    pub next_actions: Vec<Deadline>,
    /// Every due date computed (deadlines: the upcoming and the missed ones; status: all).
    pub deadlines: Vec<Deadline>,
    /// Findings, located and sorted.
    pub findings: Vec<Finding>,
    /// The placeholder figures the eligibility outcome rests on: the status is provisional.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<String>,
    /// Counts by severity.
    pub summary: Summary,
}

impl StatusReport {
    /// The worst severity present.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        finding::worst(&self.findings)
    }
}

/// Builds the status (or, with `command = "deadlines"`, the deadlines) report.
///
/// # Errors
/// When the edition has no `[deadlines]` table.
#[allow(clippy::too_many_arguments)]
pub fn status(
    command: &'static str,
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    steps: Steps,
    progress: Progress,
) -> Result<StatusReport, crate::status::StatusError> {
    let ev = check(app, rules, cal, as_of, progress)?;
    Ok(status_from(
        command, source, app, rules, cal, as_of, steps, ev,
    ))
}

/// [`status`] from an evaluation already made (`qcp check`'s `checks::Derived`), so status,
/// deadlines and check show the same milestones and deadlines.
#[allow(clippy::too_many_arguments)]
#[must_use]
pub fn status_from(
    command: &'static str,
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
    steps: Steps,
    ev: crate::status::Evaluation,
) -> StatusReport {
    let mut findings = ev.findings;
    // The journey's order belongs to the status family as `qcp check` runs it.
    findings.extend(crate::journey::check(
        &crate::facts::Events::of(app),
        rules,
        as_of,
    ));
    if !crate::checks::seeks_certification(app) {
        findings.push(crate::checks::certification_not_started());
    }
    finding::locate_all(&mut findings, source);
    finding::sort(&mut findings);
    let next_actions: Vec<Deadline> = ev
        .deadlines
        .iter()
        .filter(|d| d.who == Who::Practice && d.done.is_none())
        .cloned()
        .collect();
    let deadlines = if command == "deadlines" {
        ev.deadlines
            .into_iter()
            .filter(|d| d.done.is_none() && (d.days_left >= 0 || d.who == Who::Practice))
            .collect()
    } else {
        ev.deadlines
    };
    let provisional = ev.provisional;
    let milestones = match (command, steps) {
        ("deadlines", _) => Vec::new(),
        (_, Steps::Current) => ev.milestones,
        (_, Steps::Legacy) => legacy(&ev.milestones),
    };
    StatusReport {
        schema: crate::schemas::id(command),
        command,
        file: source.display_path(),
        as_of,
        edition: rules.reference(),
        calendar: cal.id().to_owned(),
        practice: app.practice.name.clone(),
        steps,
        milestones,
        next_actions,
        summary: Summary::of(&findings),
        deadlines,
        findings,
        provisional,
    }
}
