//! The CCR's closed vocabularies, defined once: how the survey was held, the surveyor's
//! assessment of a standard, a sampled-patient answer, an issue's severity and its status.
//!
//! The application file (`model::ccr`, in its YAML spelling) and the surveyor's workbook
//! (`ccr_xlsx`, which adds the spellings it accepts in cells) both use these types, so an
//! imported CCR needs no translation. No program rule is here (which assessments need an issue
//! is `Assessment::needs_issue`, a fact of the CCR, not a check).
#![allow(missing_docs)] // variant docs would change the published JSON Schema (`qcp schema`)

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the survey is (or was) held: in the availability form and in the CCR alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SurveyMode {
    /// A surveyor visits the practice.
    InPerson,
    /// A virtual survey (needs the equipment loan agreement attestation, S1).
    Virtual,
}

impl SurveyMode {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            SurveyMode::InPerson => "in person",
            SurveyMode::Virtual => "virtual",
        }
    }
}

/// The surveyor's assessment of a standard or element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Met,           // fully compliant
    PartiallyMet,  // partly compliant: yields an issue
    NotMet,        // not compliant: yields an issue
    NotApplicable, // does not apply to this practice
}

impl Assessment {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Assessment::Met => "Met",
            Assessment::PartiallyMet => "Partially Met",
            Assessment::NotMet => "Not Met",
            Assessment::NotApplicable => "N/A",
        }
    }

    /// Partially Met and Not Met standards each need an issue and an action plan.
    #[must_use]
    pub fn needs_issue(self) -> bool {
        matches!(self, Assessment::PartiallyMet | Assessment::NotMet)
    }

    /// The YAML word.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Assessment::Met => "met",
            Assessment::PartiallyMet => "partially_met",
            Assessment::NotMet => "not_met",
            Assessment::NotApplicable => "not_applicable",
        }
    }
}

/// A per-sample answer (e.g. verified for IV patient 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SampleAnswer {
    Yes,
    No,
    NotApplicable,
}

impl SampleAnswer {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            SampleAnswer::Yes => "yes",
            SampleAnswer::No => "no",
            SampleAnswer::NotApplicable => "n/a",
        }
    }
}

/// How serious an issue is, in the CCR's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueSeverity {
    CriticalPartialCompliance, // critical standard, partly met
    CriticalNonCompliant,      // critical standard, not met
    PartialCompliance,         // non-critical standard, partly met
    NonCompliant,              // non-critical standard, not met
}

impl IssueSeverity {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            IssueSeverity::CriticalPartialCompliance => "Critical Partial Compliance",
            IssueSeverity::CriticalNonCompliant => "Critical Non-Compliant",
            IssueSeverity::PartialCompliance => "Partial Compliance",
            IssueSeverity::NonCompliant => "Non-Compliant",
        }
    }
}

/// Where an issue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Open,       // raised, nothing done yet
    InProgress, // being worked on (the portal shows "OPEN In Progress")
    Resolved,   // closed by the program
}

impl IssueStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            IssueStatus::Open => "Open",
            IssueStatus::InProgress => "In Progress",
            IssueStatus::Resolved => "Resolved",
        }
    }
}
