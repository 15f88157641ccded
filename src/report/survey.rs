//! `qcp survey check`'s report: the findings with the lead-time window and the per-option table.

use crate::calendar::HolidayCalendar;
use crate::model::Application;
use crate::rules::RuleEdition;
use crate::survey::{OptionRow, Window, check};
use crate::units::Date;
use serde::Serialize;

/// `qcp survey check`: the report plus the window and the per-option table.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyReport {
    /// Findings, verdict, edition, as of.
    #[serde(flatten)]
    pub report: crate::report::Report,
    /// The lead-time window.
    pub window: Option<Window>,
    /// One row per option.
    pub options: Vec<OptionRow>,
}

/// Builds the `qcp survey check` report.
///
/// # Errors
/// When the edition has no `[survey]` table.
pub fn survey(
    source: &crate::source::SourceFile,
    app: &Application,
    rules: &RuleEdition,
    cal: &HolidayCalendar,
    as_of: Date,
) -> Result<SurveyReport, crate::rules::MissingTable> {
    let ev = check(app, rules, cal, as_of)?;
    let mut r = crate::report::findings_report("survey", source, app, rules, as_of, ev.findings);
    let bad = ev.options.iter().filter(|o| o.result == "error").count();
    r.verdict = if r.summary.errors == 0 {
        format!(
            "survey availability is acceptable as of {as_of}: {} option(s)",
            ev.options.len()
        )
    } else {
        format!(
            "survey availability needs changes: {bad} of {} option(s) fail a rule, {} error(s) in all",
            ev.options.len(),
            r.summary.errors
        )
    };
    Ok(SurveyReport {
        report: r,
        window: ev.window,
        options: ev.options,
    })
}
