//! The `[deadlines]` table of a rule edition (docs/rules.md §2, §7, §8) and the embedded business-day
//! calendar its `calendar` names.

use serde::{Deserialize, Serialize};

use super::RuleEdition;
use crate::calendar::{CalendarError, HolidayCalendar};

/// The embedded US federal calendar's text.
pub const US_FEDERAL_CALENDAR_TOML: &str = include_str!("../../standards/calendar-us-federal.toml");

/// The embedded calendar with `id`, parsed; `None` when no embedded calendar has that id (the
/// binary then reads it as a file).
#[must_use]
pub fn embedded_calendar(id: &str) -> Option<Result<HolidayCalendar, CalendarError>> {
    (id == "us-federal").then(|| HolidayCalendar::from_toml(US_FEDERAL_CALENDAR_TOML))
}

/// The `[deadlines]` table of a rule edition (docs/rules.md §2, §7, §8). Its `calendar` and
/// `roll_to_business_day` apply to every deadline, the `[ccr]` table's included.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRules {
    /// The business-day calendar: an embedded id (`us-federal`) or a TOML file path.
    pub calendar: String,
    /// Whether a deadline on a weekend or holiday moves to the next business day.
    pub roll_to_business_day: bool,
    /// Staff review of eligibility, business days (expected).
    pub eligibility_review_business_days: u32,
    /// Agreement e-signature after approval, calendar days.
    pub agreement_signing_days: u32,
    /// Invoice issued after the questionnaire, business days (expected).
    pub invoice_business_days: u32,
    /// Surveyor and date proposed after availability, weeks (expected).
    pub surveyor_proposal_weeks: u32,
    /// Conflict-of-interest reply after the surveyor notice, business days.
    pub coi_reply_business_days: u32,
    /// CCR after the survey, weeks (expected). The deadlines after the CCR are the `[ccr]`
    /// table's figures ([`super::CcrRules`]), computed by `ccr::deadlines_of`.
    pub ccr_after_survey_weeks: u32,
    /// "Certification pending" lapses this many months after applying.
    pub pending_lapse_months: u32,
    /// Certification term, months.
    pub certification_term_months: u32,
    /// Re-certifying practices apply from this many months before expiry…
    pub recertify_window_opens_months: u32,
    /// …and no later than this many months before expiry.
    pub recertify_window_closes_months: u32,
}

impl DeadlineRules {
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.recertify_window_closes_months > self.recertify_window_opens_months {
            out.push(format!(
                "deadlines.recertify_window_closes_months {} is above recertify_window_opens_months {}",
                self.recertify_window_closes_months, self.recertify_window_opens_months
            ));
        }
        if self.calendar.trim().is_empty() {
            out.push("deadlines.calendar is empty".to_owned());
        }
        out
    }
}

/// The deadline rules of `rules`, or an explanation naming the edition.
///
/// # Errors
/// When the edition has no `[deadlines]` table.
pub fn rules_of(rules: &RuleEdition) -> Result<&DeadlineRules, super::MissingTable> {
    rules.deadlines.as_ref().ok_or_else(|| super::MissingTable {
        edition: rules.edition.id.clone(),
        table: "deadlines",
    })
}
