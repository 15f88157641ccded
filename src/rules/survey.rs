//! The `[survey]` table of a rule edition (docs/rules.md §6): the figures the survey checks use.

use serde::{Deserialize, Serialize};

use super::RuleEdition;

/// Which date the survey lead time counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadFrom {
    /// The day the availability form is filled in (S1).
    FormDate,
    /// The day the application was submitted (S0).
    ApplicationSubmitted,
}

/// The `[survey]` table of a rule edition (docs/rules.md §6).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyRules {
    /// Fewest date options the form accepts.
    pub options_min: usize,
    /// Most date options the form accepts.
    pub options_max: usize,
    /// The date lead times count from.
    pub lead_from: LeadFrom,
    /// An option earlier than this many weeks after the anchor is an error.
    pub min_lead_weeks: u32,
    /// An option earlier than this many weeks (but not under the minimum) is a warning.
    pub recommended_lead_weeks: u32,
    /// An option later than this many weeks needs the program's consent (warning); none if absent.
    #[serde(default)]
    pub max_lead_weeks: Option<u32>,
    /// Whether the form asks for preferred weekdays.
    pub preferred_weekdays_required: bool,
    /// IV chemotherapy patients the practice should see on a chosen weekday (a reminder).
    #[serde(default)]
    pub iv_patients_per_weekday: Option<u32>,
    /// Whether a virtual survey needs the equipment loan agreement attestation.
    pub virtual_needs_equipment_attestation: bool,
    /// Whether the survey availability form comes after the payment and every pre-survey
    /// document (S1, the 2024 process); `false` where the edition does not order them.
    #[serde(default)]
    pub form_after_payment_and_documents: bool,
}

impl SurveyRules {
    /// Checks figures that the TOML types cannot express.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.options_min == 0 || self.options_min > self.options_max {
            out.push(format!(
                "survey.options_min {} must be at least 1 and not above options_max {}",
                self.options_min, self.options_max
            ));
        }
        if self.recommended_lead_weeks < self.min_lead_weeks {
            out.push(format!(
                "survey.recommended_lead_weeks {} is below min_lead_weeks {}",
                self.recommended_lead_weeks, self.min_lead_weeks
            ));
        }
        if let Some(max) = self.max_lead_weeks
            && max < self.recommended_lead_weeks
        {
            out.push(format!(
                "survey.max_lead_weeks {max} is below recommended_lead_weeks {}",
                self.recommended_lead_weeks
            ));
        }
        out
    }
}

/// The survey rules of `rules`, or an explanation naming the edition.
///
/// # Errors
/// When the edition has no `[survey]` table.
pub fn rules_of(rules: &RuleEdition) -> Result<&SurveyRules, super::MissingTable> {
    rules.survey.as_ref().ok_or_else(|| super::MissingTable {
        edition: rules.edition.id.clone(),
        table: "survey",
    })
}
