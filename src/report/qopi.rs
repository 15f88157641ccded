//! `qcp qopi check` and `qcp qopi plan`: the `qopi` family's findings with a verdict, and a
//! round's plan with the findings that concern it.

use serde::Serialize;

use crate::finding::Finding;
use crate::model::Application;
use crate::qopi::Plan;
use crate::rules::RuleEdition;
use crate::source::SourceFile;
use crate::units::Date;

/// `qcp qopi check`: `findings` are the `qopi` family of the registry (what `qcp check` finds
/// for the same file).
#[must_use]
pub fn qopi(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    as_of: Date,
    findings: Vec<Finding>,
) -> crate::report::Report {
    let mut r = crate::report::findings_report("qopi", source, app, rules, as_of, findings);
    r.verdict = if app.qopi.is_none() {
        "the file has no qopi section: nothing to check (see docs/application-format.md `qopi`)"
            .to_owned()
    } else if r.summary.errors == 0 {
        format!(
            "QOPI registration and participation are in order as of {as_of}{}",
            if r.summary.warnings > 0 {
                format!(", with {} warning(s)", r.summary.warnings)
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "QOPI registration or participation needs attention: {} error(s)",
            r.summary.errors
        )
    };
    r
}

/// `qcp qopi plan`: the report header and findings plus the round's plan.
#[derive(Debug, Clone, Serialize)]
pub struct QopiPlanReport {
    /// Header, findings (the `qopi` family), summary and verdict.
    #[serde(flatten)]
    pub report: crate::report::Report,
    /// What the round asks of the practice.
    pub plan: Plan,
}

/// Builds the `qcp qopi plan` report.
///
/// # Errors
/// When the edition has no `[qopi]` table.
pub fn qopi_plan(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    as_of: Date,
    round: &str,
    findings: Vec<Finding>,
) -> Result<QopiPlanReport, String> {
    let plan = crate::qopi::plan(app, rules, round)?;
    let mut r = crate::report::findings_report("qopi-plan", source, app, rules, as_of, findings);
    r.verdict = match &plan.dates {
        Some(d) => format!(
            "{round}: {} chart(s), about {} hour(s) of abstraction; data collection {} to {}",
            plan.charts,
            plan.hours.trimmed(),
            d.opens,
            d.closes
        ),
        None => format!(
            "{round} is not in the round calendar and has no recorded dates: {} chart(s), about {} hour(s)",
            plan.charts,
            plan.hours.trimmed()
        ),
    };
    Ok(QopiPlanReport { report: r, plan })
}
