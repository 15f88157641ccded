//! `qcp fee estimate`'s report: the estimate with the fee and payment findings.

use crate::fees::{FeeDetails, FeeSchedule, check_payment, estimate, input_of, money};
use crate::model::Application;
use crate::rules::RuleEdition;
use crate::units::Date;

/// `qcp fee estimate FILE`: the estimate for one application with its fee findings.
#[must_use]
pub fn fee(
    source: &crate::source::SourceFile,
    app: &Application,
    rules: &RuleEdition,
    schedule: &FeeSchedule,
    as_of: Date,
) -> crate::report::Report {
    let (input, mut findings) = input_of(app, rules, schedule);
    let est = input.and_then(|i| estimate(&i, schedule).ok());
    findings.extend(check_payment(app, schedule, est.as_ref()));
    let mut r = crate::report::Report::new("fee", source, app, rules, as_of, findings);
    r.verdict = match &est {
        Some(e) => format!(
            "{}: estimated fee {}{}",
            app.practice.name,
            money(&e.schedule.currency, e.total),
            if e.invoice_request.required {
                ", invoice request required"
            } else {
                ""
            }
        ),
        None => format!("{}: no fee estimate possible", app.practice.name),
    };
    if let Some(e) = est.as_ref().filter(|e| !e.provisional.is_empty()) {
        r.verdict = format!("{} — provisional: {}", r.verdict, e.provisional.join("; "));
    }
    r.fee = Some(FeeDetails {
        schedule: schedule.reference(),
        estimate: est,
    });
    r
}
