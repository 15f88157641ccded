//! The `[qopi]` table of a rule edition (docs/rules.md §1, §8): the figures of QOPI registration
//! and participation that come before (and during) certification. Every figure carries the
//! source it comes from and its standing, so a report can name both.

use serde::{Deserialize, Serialize};

use crate::units::Dec2;

/// How far a figure can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Confirmed against the program's current material.
    Verified,
    /// Read from the public user guides (seeds S0–S4), not confirmed since.
    UserGuides,
    /// A stand-in until the program's figure is known.
    Placeholder,
}

impl Standing {
    /// The word reports print (the same words as the edition's `[provenance]` standings).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Standing::Verified => "verified",
            Standing::UserGuides => "user guide",
            Standing::Placeholder => "placeholder",
        }
    }
}

/// One figure with its provenance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure<T> {
    /// The figure.
    pub value: T,
    /// Where it comes from (source key and section).
    pub source: String,
    /// How far it can be trusted.
    pub standing: Standing,
}

/// The `[qopi]` table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QopiRules {
    /// Whole months a new practice must be registered before a round's data collection opens.
    pub registration_lead_months: Figure<u32>,
    /// How many prequalification questions the registration form asks (all must be agreed).
    pub prequalification_questions: Figure<u32>,
    /// Charts per reporting physician per module selected, with physician-level reporting.
    pub charts_per_physician_per_module: Figure<u32>,
    /// Charts each fellow abstracts (fellowship programs).
    pub charts_per_fellow: Figure<u32>,
    /// Hours to abstract one chart (effort planning).
    pub hours_per_chart: Figure<Dec2>,
    /// Weeks after a round closes by which the performance report is expected.
    pub report_after_close_weeks: Figure<u32>,
    /// QOPI rounds a certified practice abstracts per year of its term.
    pub term_rounds_per_year: Figure<u32>,
    /// QOPI rounds a fellowship program takes part in per year.
    pub fellowship_rounds_per_year: Figure<u32>,
    /// The round season fellowship programs should prefer (`round-1`).
    pub fellowship_preferred_season: Figure<String>,
    /// The modules of the Fellowship track (the Core module first).
    pub fellowship_track_modules: Figure<Vec<String>>,
    /// The module every standard round includes.
    pub core_module: Figure<String>,
    /// Modules a standard round needs besides the Core module.
    pub min_additional_modules: Figure<u32>,
    /// Countries (ISO 3166-1 alpha-2) where practices may take part in QOPI rounds; elsewhere
    /// they may register interest only.
    pub participation_countries: Figure<Vec<String>>,
    /// Countries where the US-only identifiers (NPI, UPIN, ABIM id) exist.
    pub us_identifier_countries: Figure<Vec<String>>,
    /// The ASCO member id's documented shape: digits only, this many at least.
    pub member_id_min_digits: Figure<u32>,
    /// … and this many at most.
    pub member_id_max_digits: Figure<u32>,
}

impl QopiRules {
    /// Checks figures that the TOML types cannot express.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (lo, hi) = (
            self.member_id_min_digits.value,
            self.member_id_max_digits.value,
        );
        if lo == 0 || lo > hi {
            out.push(format!(
                "qopi.member_id_min_digits {lo} must be at least 1 and not above member_id_max_digits {hi}"
            ));
        }
        if self.hours_per_chart.value <= Dec2::ZERO {
            out.push(format!(
                "qopi.hours_per_chart {} must be above 0",
                self.hours_per_chart.value
            ));
        }
        if self.fellowship_track_modules.value.is_empty() {
            out.push("qopi.fellowship_track_modules is empty".to_owned());
        }
        out
    }
}
