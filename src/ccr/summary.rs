//! `qcp ccr summary`: counts per domain, open issues, deadlines and findings in one value that the
//! text, JSON and PDF forms all consume.

use std::fmt::Write as _;

use serde::Serialize;

use super::{CcrError, Deadline, check, deadlines};
use crate::calendar::HolidayCalendar;
use crate::catalog::Catalog;
use crate::finding::{self, Finding, Severity, Summary};
use crate::model::Application;
use crate::model::ccr::{Assessment, IssueStatus};
use crate::rules::{EditionRef, RuleEdition};
use crate::source::SourceFile;
use crate::units::Date;

/// Assessment counts of one domain (standards only; elements are detail).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DomainCount {
    /// Domain number.
    pub domain: u16,
    /// Domain title from the catalog (empty when the catalog lacks the domain).
    pub title: String,
    /// Met.
    pub met: u32,
    /// Partially Met.
    pub partially_met: u32,
    /// Not Met.
    pub not_met: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Listed without an assessment.
    pub unassessed: u32,
}

/// One issue as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueLine {
    /// Issue id.
    pub id: String,
    /// Standard id.
    pub standard: String,
    /// Severity label.
    pub severity: String,
    /// Status label.
    pub status: String,
    /// Whether it is still open (not resolved).
    pub open: bool,
    /// Day its evidence was submitted, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_submitted: Option<Date>,
    /// Evidence due date (shared by all issues), when computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_due: Option<Date>,
}

/// The CCR summary of one application.
#[derive(Debug, Clone, Serialize)]
pub struct CcrSummary {
    /// JSON shape version (shared with the other reports).
    pub schema: &'static str,
    /// `ccr summary`.
    pub command: &'static str,
    /// The file.
    pub file: String,
    /// As-of date.
    pub as_of: Date,
    /// Rule edition used.
    pub edition: EditionRef,
    /// Standards catalog edition id.
    pub standards: String,
    /// Holiday calendar id deadlines roll over.
    pub calendar: String,
    /// Practice name.
    pub practice: String,
    /// CCR received.
    pub received: Option<Date>,
    /// Final CCR.
    pub final_report: Option<Date>,
    /// Survey date.
    pub survey_date: Option<Date>,
    /// Survey mode label.
    pub survey_mode: Option<&'static str>,
    /// Surveyor.
    pub surveyor: Option<String>,
    /// Counts per domain, in domain order.
    pub domains: Vec<DomainCount>,
    /// Every issue, in file order.
    pub issues: Vec<IssueLine>,
    /// Number of issues not resolved.
    pub open_issues: usize,
    /// Deadlines with days left and late flags.
    pub deadlines: Vec<Deadline>,
    /// Decision outcome, when recorded.
    pub decision: Option<&'static str>,
    /// One line.
    pub verdict: String,
    /// Findings, located and sorted.
    pub findings: Vec<Finding>,
    /// Counts by severity.
    pub summary: Summary,
}

impl CcrSummary {
    /// The worst severity among the findings.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        finding::worst(&self.findings)
    }
}

/// Builds the CCR summary: counts, issues, deadlines (rolled over `cal`) and every CCR finding.
///
/// # Errors
/// [`CcrError::NoCcr`] without a `ccr` section; date overflow.
pub fn summary(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    catalog: &Catalog,
    cal: &HolidayCalendar,
    as_of: Date,
) -> Result<CcrSummary, CcrError> {
    let ccr = app.ccr.as_ref().ok_or(CcrError::NoCcr)?;
    let ccr_rules = rules.ccr_deadline_rules();
    let dl = match ccr_rules {
        Some((r, roll)) => deadlines(ccr, r, roll, cal, as_of)?,
        None => Vec::new(),
    };
    let mut findings = check(app, catalog, ccr_rules.is_some(), &dl);
    finding::locate_all(&mut findings, source);
    finding::sort(&mut findings);

    let mut domains: Vec<DomainCount> = catalog
        .domains()
        .iter()
        .map(|d| DomainCount {
            domain: d.number,
            title: d.title.clone(),
            ..DomainCount::default()
        })
        .collect();
    for a in ccr.assessments.iter().filter(|a| a.id.depth() == 2) {
        let n = a.id.domain();
        let idx = match domains.iter().position(|d| d.domain == n) {
            Some(i) => i,
            None => {
                domains.push(DomainCount {
                    domain: n,
                    ..DomainCount::default()
                });
                domains.sort_by_key(|d| d.domain);
                domains.iter().position(|d| d.domain == n).unwrap_or(0)
            }
        };
        let d = &mut domains[idx];
        match a.assessment {
            Some(Assessment::Met) => d.met += 1,
            Some(Assessment::PartiallyMet) => d.partially_met += 1,
            Some(Assessment::NotMet) => d.not_met += 1,
            Some(Assessment::NotApplicable) => d.not_applicable += 1,
            None => d.unassessed += 1,
        }
    }
    let evidence_due = dl
        .iter()
        .find(|d| d.kind == super::DeadlineKind::ImplementationEvidence)
        .map(|d| d.due);
    let issues: Vec<IssueLine> = ccr
        .issues
        .iter()
        .map(|i| IssueLine {
            id: i.id.clone(),
            standard: i.standard.to_string(),
            severity: i.severity.map_or("—", |s| s.label()).to_owned(),
            status: i.status.label().to_owned(),
            open: i.status != IssueStatus::Resolved,
            evidence_submitted: ccr
                .evidence
                .iter()
                .filter(|e| e.issue == i.id)
                .filter_map(|e| e.submitted)
                .max(),
            evidence_due,
        })
        .collect();
    let open_issues = issues.iter().filter(|i| i.open).count();
    let summary = Summary::of(&findings);
    let late = dl.iter().filter(|d| d.late && d.done.is_none()).count();
    let verdict = verdict(ccr, issues.len(), open_issues, late);
    Ok(CcrSummary {
        schema: crate::schemas::id("ccr-summary"),
        command: "ccr summary",
        file: source.display_path(),
        as_of,
        edition: rules.reference(),
        standards: catalog.edition().id.clone(),
        calendar: cal.id().to_owned(),
        practice: app.practice.name.clone(),
        received: ccr.received,
        final_report: ccr.final_report,
        survey_date: ccr.survey_date,
        survey_mode: ccr.survey_mode.map(|m| m.label()),
        surveyor: ccr.surveyor.clone(),
        domains,
        issues,
        open_issues,
        deadlines: dl,
        decision: app.decision.as_ref().map(|d| d.outcome.label()),
        verdict,
        findings,
        summary,
    })
}

/// The one-line verdict. It claims every standard Met only when every assessed standard and
/// element is Met or not applicable and none is unassessed; a standard assessed Partially Met
/// or Not Met is named even when no issue records it (docs/rules.md §7).
fn verdict(ccr: &crate::model::ccr::Ccr, issues: usize, open_issues: usize, late: usize) -> String {
    let not_met: Vec<String> = ccr
        .assessments
        .iter()
        .filter(|a| {
            matches!(
                a.assessment,
                Some(Assessment::PartiallyMet | Assessment::NotMet)
            )
        })
        .map(|a| format!("{} {}", a.id, a.assessment.map_or("", |x| x.label())))
        .collect();
    let unassessed = ccr
        .assessments
        .iter()
        .filter(|a| a.id.depth() == 2 && a.assessment.is_none())
        .count();
    let without_issue: Vec<String> = ccr
        .assessments
        .iter()
        .filter(|a| {
            matches!(
                a.assessment,
                Some(Assessment::PartiallyMet | Assessment::NotMet)
            ) && !ccr.issues.iter().any(|i| i.standard == a.id)
        })
        .map(|a| a.id.to_string())
        .collect();
    if ccr.assessments.is_empty() {
        return format!(
            "{open_issues} open issue(s) of {issues}; {late} deadline(s) missed; no assessments recorded"
        );
    }
    if not_met.is_empty() && unassessed == 0 && issues == 0 {
        return "every standard in the CCR is Met or not applicable".to_owned();
    }
    let mut s = format!(
        "not every standard is Met: {} standard(s) or element(s) Partially Met or Not Met",
        not_met.len()
    );
    if !not_met.is_empty() {
        s.push_str(&format!(" ({})", not_met.join(", ")));
    }
    if unassessed > 0 {
        s.push_str(&format!("; {unassessed} unassessed"));
    }
    if !without_issue.is_empty() {
        s.push_str(&format!(
            "; no issue recorded for {}",
            without_issue.join(", ")
        ));
    }
    s.push_str(&format!(
        "; {open_issues} open issue(s) of {issues}; {late} deadline(s) missed"
    ));
    s
}

/// Days left in words: "in 3 days", "today", "5 days ago".
#[must_use]
pub fn days_words(n: i64) -> String {
    match n {
        0 => "today".to_owned(),
        1 => "in 1 day".to_owned(),
        -1 => "1 day ago".to_owned(),
        n if n > 0 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

/// The state of a deadline in a word or two.
#[must_use]
pub fn deadline_state(d: &Deadline) -> String {
    match (d.not_needed, d.done, d.late) {
        (true, _, _) if d.kind == super::DeadlineKind::ExtensionRequest => {
            "none requested".to_owned()
        }
        (true, _, _) => "not needed".to_owned(),
        (_, Some(done), true) => format!("LATE (done {done})"),
        (_, Some(done), false) => format!("done {done}"),
        (_, None, true) => format!("LATE ({})", days_words(d.days_left)),
        (_, None, false) => format!("due {}", days_words(d.days_left)),
    }
}

/// The summary as plain text (no findings: the caller renders those with `render::findings`).
#[must_use]
pub fn summary_text(s: &CcrSummary) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} (rules {}, standards {}, as of {})",
        s.practice, s.file, s.edition.id, s.standards, s.as_of
    );
    let opt = |d: Option<Date>| d.map_or_else(|| "—".to_owned(), |d| d.to_string());
    let _ = writeln!(
        o,
        "survey {} ({}), surveyor {}; CCR received {}, final {}",
        opt(s.survey_date),
        s.survey_mode.unwrap_or("mode not recorded"),
        s.surveyor.as_deref().unwrap_or("—"),
        opt(s.received),
        opt(s.final_report)
    );
    let _ = writeln!(o, "\nassessments per domain:");
    let _ = writeln!(
        o,
        "  {:<8} {:>5} {:>9} {:>7} {:>5}",
        "domain", "met", "partially", "not met", "n/a"
    );
    for d in &s.domains {
        let _ = write!(
            o,
            "  {:<8} {:>5} {:>9} {:>7} {:>5}",
            d.domain, d.met, d.partially_met, d.not_met, d.not_applicable
        );
        if d.unassessed > 0 {
            let _ = write!(o, "   ({} unassessed)", d.unassessed);
        }
        o.push('\n');
    }
    let _ = writeln!(o, "\nissues ({} open):", s.open_issues);
    if s.issues.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for i in &s.issues {
        let _ = writeln!(
            o,
            "  {:<8} {:<6} {:<28} {:<12} evidence {}",
            i.id,
            i.standard,
            i.severity,
            i.status,
            i.evidence_submitted
                .map_or_else(|| "not submitted".to_owned(), |d| format!("submitted {d}"))
        );
    }
    let _ = writeln!(o, "\ndeadlines (calendar {}):", s.calendar);
    if s.deadlines.is_empty() {
        let _ = writeln!(o, "  none computed");
    }
    for d in &s.deadlines {
        let rolled = d
            .rolled_from
            .as_ref()
            .map(|r| format!("; moved: {r}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {:<24} {}  {:<22} {}{rolled}",
            d.kind.label(),
            d.due,
            deadline_state(d),
            d.basis
        );
    }
    if let Some(dec) = s.decision {
        let _ = writeln!(o, "\ndecision: {dec}");
    }
    o
}
