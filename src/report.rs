//! The report: what a command found, in one value every renderer consumes.
//!
//! A [`Report`] names the file, the `as_of` date and the rule edition it used, holds the
//! findings (located), a summary, and the command's own details (for eligibility: the outcome
//! and the criteria table). The JSON form is documented in `docs/report-format.md` and versioned
//! per command by [`schema_id`] ([`crate::schemas`] has the JSON Schemas).

use serde::Serialize;

use crate::eligibility::{self, Criterion, Figures, Outcome};
use crate::finding::{self, Finding, Severity};
/// Re-exported: their home is [`crate::finding`], where checks can use them.
pub use crate::finding::{REPORT_SCHEMA, Summary};
use crate::model::Application;
use crate::rules::{EditionRef, RuleEdition};
use crate::source::SourceFile;
use crate::units::Date;

/// The JSON shape id of `command`'s report ([`crate::schemas`]): one per command, bumped on any
/// incompatible change.
#[must_use]
pub fn schema_id(command: &str) -> &'static str {
    crate::schemas::id(command)
}

mod fee;
mod qopi;
mod questionnaire;
mod status;
mod survey;

pub use fee::fee;
pub use qopi::{QopiPlanReport, qopi, qopi_plan};
pub use questionnaire::questionnaire;
pub use status::{StatusReport, status, status_from};
pub use survey::{SurveyReport, survey};

/// Eligibility details of a report.
#[derive(Debug, Clone, Serialize)]
pub struct EligibilityDetails {
    /// The verdict.
    pub outcome: Outcome,
    /// One row per criterion.
    pub criteria: Vec<Criterion>,
    /// Derived figures (FTE, chart minimum, validity).
    pub figures: Figures,
    /// The placeholder figures the outcome rests on: provisional while non-empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<String>,
}

/// What one command found about one file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// JSON shape version.
    pub schema: &'static str,
    /// The command that produced it (`validate`, `eligibility`).
    pub command: &'static str,
    /// The file checked.
    pub file: String,
    /// The date the rules were applied as of.
    pub as_of: Date,
    /// The rule edition used.
    pub edition: EditionRef,
    /// The practice name, for headings.
    pub practice: String,
    /// A one-line verdict.
    pub verdict: String,
    /// Eligibility details (eligibility command).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<EligibilityDetails>,
    /// Questionnaire progress (questionnaire command).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<crate::questionnaire::Completeness>,
    /// Fee estimate (fee command).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<crate::fees::FeeDetails>,
    /// Findings, located and sorted.
    pub findings: Vec<Finding>,
    /// Counts by severity.
    pub summary: Summary,
}

impl Report {
    pub(crate) fn new(
        command: &'static str,
        source: &SourceFile,
        app: &Application,
        rules: &RuleEdition,
        as_of: Date,
        mut findings: Vec<Finding>,
    ) -> Self {
        finding::locate_all(&mut findings, source);
        finding::sort(&mut findings);
        let summary = Summary::of(&findings);
        finding::cap(&mut findings, finding::MAX_FINDINGS_PER_FILE);
        Report {
            schema: schema_id(command),
            command,
            file: source.display_path(),
            as_of,
            edition: rules.reference(),
            practice: app.practice.name.clone(),
            verdict: String::new(),
            eligibility: None,
            questionnaire: None,
            fee: None,
            findings,
            summary,
        }
    }

    /// The worst severity present.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        finding::worst(&self.findings)
    }
}

/// A report of `findings` for `command` (used by rule modules with their own details).
#[must_use]
pub fn findings_report(
    command: &'static str,
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    as_of: Date,
    findings: Vec<Finding>,
) -> Report {
    Report::new(command, source, app, rules, as_of, findings)
}

/// `qcp validate`: consistency findings of one application.
#[must_use]
pub fn validate(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    as_of: Date,
) -> Report {
    // The validate family of the registry: the file's consistency and one home per fact.
    let mut findings = crate::validate::check(app, rules, as_of);
    findings.extend(crate::facts::check(app));
    let mut r = Report::new("validate", source, app, rules, as_of, findings);
    r.verdict = match r.summary {
        Summary {
            errors: 0,
            warnings: 0,
            ..
        } => "the application file is consistent".to_owned(),
        Summary {
            errors: 0,
            warnings,
            ..
        } => format!("consistent, with {warnings} warning(s)"),
        Summary { errors, .. } => format!("{errors} problem(s) to fix"),
    };
    r
}

/// `qcp eligibility check`: the eligibility verdict of one application.
#[must_use]
pub fn eligibility(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    as_of: Date,
) -> Report {
    let ev = eligibility::check(app, rules, as_of);
    let mut r = Report::new("eligibility", source, app, rules, as_of, ev.findings);
    let failed: Vec<&str> = ev
        .criteria
        .iter()
        .filter(|c| c.status == eligibility::Status::Fail)
        .map(|c| c.criterion.as_str())
        .collect();
    r.verdict = match ev.outcome {
        Outcome::Eligible => format!("{} is eligible to apply as of {as_of}", app.practice.name),
        Outcome::EligibleByException => format!(
            "{} is eligible by staff exception as of {as_of}",
            app.practice.name
        ),
        Outcome::AwaitingStaffApproval => format!(
            "{} cannot proceed as of {as_of}: the simultaneous application awaits QCP staff approval",
            app.practice.name
        ),
        Outcome::NotEligible => format!(
            "{} is not eligible as of {as_of}: {}",
            app.practice.name,
            failed.join("; ")
        ),
    };
    if !ev.provisional.is_empty() {
        r.verdict = format!("{} — provisional: {}", r.verdict, ev.provisional.join("; "));
    }
    r.eligibility = Some(EligibilityDetails {
        outcome: ev.outcome,
        criteria: ev.criteria,
        figures: ev.figures,
        provisional: ev.provisional,
    });
    r
}
