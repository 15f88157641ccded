//! `qcp questionnaire check`'s report: progress with the agreement, records and questionnaire
//! findings.

use crate::model::Application;
use crate::questionnaire::{check, completeness_in};
use crate::rules::RuleEdition;

/// `qcp questionnaire check`: questionnaire progress with the agreement, records and
/// questionnaire findings of one application.
#[must_use]
pub fn questionnaire(
    source: &crate::source::SourceFile,
    app: &Application,
    rules: &RuleEdition,
    schedule: &crate::fees::FeeSchedule,
    as_of: crate::units::Date,
) -> crate::report::Report {
    let mut findings = crate::agreements::check(app, rules);
    findings.extend(crate::records::check(app, as_of));
    findings.extend(check(app, rules, schedule));
    let c = completeness_in(app, rules, schedule);
    let mut r = crate::report::Report::new("questionnaire", source, app, rules, as_of, findings);
    r.verdict = format!(
        "{}: questionnaire {}",
        app.practice.name,
        crate::questionnaire::verdict(&c, r.summary.errors)
    );
    r.questionnaire = Some(c);
    r
}
