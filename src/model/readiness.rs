//! The `readiness` section: the practice's own mock survey, standard by standard, before the
//! real one (issue 15). Each rating uses the CCR's words ([`Assessment`]) so that it can be set
//! beside the surveyor's CCR after the survey.
//!
//! Responsible for: the raw serde shape (every key documented in docs/application-format.md)
//! and its validation into typed values (dates, standard ids), collecting every bad value. Not
//! responsible for: whether an id is in the catalog, whether evidence exists, what the ratings
//! add up to; those are `readiness`'s checks.
#![allow(missing_docs)] // raw serde mirror of docs/application-format.md

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw::Text;
use crate::catalog::StandardId;
use crate::finding::Finding;
use crate::source::{index, join};
use crate::units::{Date, parse_date};

pub use crate::vocabulary::Assessment;

// ------------------------------------------------------------------------------------ raw shape

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReadiness {
    /// The day the self-assessment was made (YYYY-MM-DD).
    pub assessed: Option<Text>,
    /// The survey date the action list is planned against; defaults to `survey.survey_date`, then `ccr.survey.date`.
    pub survey_date: Option<Text>,
    /// One entry per standard or element rated, keyed by its catalog id.
    #[serde(default)]
    pub ratings: Vec<RawRating>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRating {
    /// The standard or element id from the catalog, e.g. `"3.8"` or `"1.1.2"` (quoted).
    pub id: Text,
    /// The practice's own rating: `met`, `partially_met`, `not_met` or `not_applicable`.
    pub rating: Option<Assessment>,
    /// What the practice would show the surveyor.
    pub evidence: Option<RawReadinessEvidence>,
    /// Who answers for this standard.
    pub owner: Option<Text>,
    /// Free-text notes.
    pub notes: Option<Text>,
    /// What is still to be done before the survey.
    pub action: Option<RawReadinessAction>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReadinessEvidence {
    /// Documents already listed for this element under `documents.elements`, by their path.
    #[serde(default)]
    pub documents: Vec<Text>,
    /// Practice observed, e.g. `two-person check watched at the chair on 2026-07-14`.
    pub observed: Option<Text>,
    /// Records sampled, e.g. `two IV patients verified and documented`.
    pub records: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReadinessAction {
    /// What is to be done.
    pub what: Option<Text>,
    /// Who does it.
    pub owner: Option<Text>,
    /// The day it is to be done by (YYYY-MM-DD).
    pub due: Option<Text>,
}

// ------------------------------------------------------------------------------------ validated

/// The `readiness` section, validated.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    /// The day of the self-assessment.
    pub assessed: Option<Date>,
    /// The survey date the practice plans against, as written in this section.
    pub survey_date: Option<Date>,
    /// Every rating, in file order.
    pub ratings: Vec<Rating>,
}

/// The practice's rating of one standard or element.
#[derive(Debug, Clone, Serialize)]
pub struct Rating {
    /// YAML path of the entry (`readiness.ratings[3]`).
    pub path: String,
    pub id: StandardId,
    pub rating: Option<Assessment>,
    pub evidence: ReadinessEvidence,
    pub owner: Option<String>,
    pub notes: Option<String>,
    pub action: Option<Action>,
}

/// What the practice would show for one rating.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReadinessEvidence {
    /// Document paths, as written.
    pub documents: Vec<String>,
    pub observed: Option<String>,
    pub records: Option<String>,
}

impl ReadinessEvidence {
    /// Whether anything at all is offered as evidence.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.observed.is_none() && self.records.is_none()
    }
}

/// A pre-survey action.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// YAML path of the action (`readiness.ratings[3].action`).
    pub path: String,
    pub what: Option<String>,
    pub owner: Option<String>,
    pub due: Option<Date>,
}

fn text(t: Option<&Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty())
}

fn date(t: Option<&Text>, path: &str, problems: &mut Vec<Finding>) -> Option<Date> {
    let t = t?;
    match parse_date(&t.0) {
        Ok(d) => Some(d),
        Err(p) => {
            problems.push(Finding::new(
                "invalid-date",
                path,
                format!("`{path}`: {}", p.message),
                p.hint,
            ));
            None
        }
    }
}

/// Validates the `readiness` section, pushing every bad value into `problems`.
pub(crate) fn validate(raw: &RawReadiness, problems: &mut Vec<Finding>) -> Readiness {
    let base = "readiness";
    let ratings = raw
        .ratings
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let path = index(&join(base, "ratings"), i);
            let id_path = join(&path, "id");
            let id = match r.id.0.trim().parse::<StandardId>() {
                Ok(id) => id,
                Err(e) => {
                    problems.push(Finding::new(
                        "wrong-type",
                        &id_path,
                        format!("`{id_path}`: `{}` is not a standard id ({e})", r.id.0.trim()),
                        "write the dotted id as the catalog shows it, e.g. \"3.8\" or \"1.1.2\" (quote it)",
                    ));
                    return None;
                }
            };
            let evidence = r
                .evidence
                .as_ref()
                .map(|e| ReadinessEvidence {
                    documents: e
                        .documents
                        .iter()
                        .map(|d| d.0.trim().to_owned())
                        .filter(|d| !d.is_empty())
                        .collect(),
                    observed: text(e.observed.as_ref()),
                    records: text(e.records.as_ref()),
                })
                .unwrap_or_default();
            let action = r.action.as_ref().map(|a| {
                let ap = join(&path, "action");
                Action {
                    what: text(a.what.as_ref()),
                    owner: text(a.owner.as_ref()),
                    due: date(a.due.as_ref(), &join(&ap, "due"), problems),
                    path: ap,
                }
            });
            Some(Rating {
                id,
                rating: r.rating,
                evidence,
                owner: text(r.owner.as_ref()),
                notes: text(r.notes.as_ref()),
                action,
                path,
            })
        })
        .collect();
    Readiness {
        assessed: date(raw.assessed.as_ref(), "readiness.assessed", problems),
        survey_date: date(raw.survey_date.as_ref(), "readiness.survey_date", problems),
        ratings,
    }
}
