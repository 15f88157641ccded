//! `qcp ccr import`: the surveyor's workbook (read by [`crate::ccr_xlsx`]) written into the
//! application's `ccr` section with [`crate::yaml_edit`], so the user's comments, key order and
//! the practice's own parts of `ccr` (action plan, evidence, extension, final date) survive.
//!
//! Only `ccr.received`, `ccr.survey`, `ccr.assessments` and `ccr.issues` are replaced.

use serde::Serialize;

use crate::catalog::StandardId;
use crate::ccr_xlsx::{self, ImportedCcr};
use crate::model::ccr::{Assessment, IssueSeverity, IssueStatus, SampleAnswer, SurveyMode};
use crate::yaml_edit::{self, EditError};

/// Why imported content cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ImportWriteError {
    /// A cell holds an id that is not a dotted standard id.
    #[error("{cell}: {message}")]
    BadId {
        /// `Issues!B4`.
        cell: String,
        /// What is wrong.
        message: String,
    },
    /// The application file could not be edited.
    #[error(transparent)]
    Edit(#[from] EditError),
}

#[derive(Serialize)]
struct OutSurvey<'a> {
    date: String,
    mode: SurveyMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    surveyor: Option<&'a str>,
}

#[derive(Serialize)]
struct OutSample<'a> {
    sample: &'a str,
    answer: SampleAnswer,
}

#[derive(Serialize)]
struct OutAssessment<'a> {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessment: Option<Assessment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    samples: Vec<OutSample<'a>>,
}

#[derive(Serialize)]
struct OutIssue<'a> {
    id: &'a str,
    standard: String,
    severity: IssueSeverity,
    status: IssueStatus,
    findings: &'a str,
    requirement: &'a str,
}

fn id(s: &ccr_xlsx::Sourced<String>) -> Result<String, ImportWriteError> {
    s.value
        .trim()
        .parse::<StandardId>()
        .map(|id| id.to_string())
        .map_err(|e| ImportWriteError::BadId {
            cell: s.cell.to_string(),
            message: e.to_string(),
        })
}

/// Writes `ccr` into the application `text`, returning the new text.
///
/// # Errors
/// A malformed standard id (with its cell), or a file `yaml_edit` cannot edit safely.
pub fn apply(text: &str, ccr: &ImportedCcr) -> Result<String, ImportWriteError> {
    let mut bad = Vec::new();
    let assessments: Vec<OutAssessment<'_>> = ccr
        .assessments
        .iter()
        .filter_map(|a| {
            let id = id(&a.id).map_err(|e| bad.push(e)).ok()?;
            Some(OutAssessment {
                id,
                description: a.description.as_ref().map(|d| d.value.as_str()),
                assessment: a.assessment.as_ref().map(|x| x.value),
                notes: a.notes.as_ref().map(|n| n.value.as_str()),
                samples: a
                    .samples
                    .iter()
                    .map(|s| OutSample {
                        sample: &s.column,
                        answer: s.answer.value,
                    })
                    .collect(),
            })
        })
        .collect();
    let issues: Vec<OutIssue<'_>> = ccr
        .issues
        .iter()
        .filter_map(|i| {
            let standard = id(&i.standard).map_err(|e| bad.push(e)).ok()?;
            Some(OutIssue {
                id: &i.id.value,
                standard,
                severity: i.severity.value,
                status: i.status.value,
                findings: &i.findings.value,
                requirement: &i.requirement.value,
            })
        })
        .collect();
    if let Some(e) = bad.into_iter().next() {
        return Err(e);
    }
    let s = &ccr.survey;
    let survey = OutSurvey {
        date: s.survey_date.value.to_string(),
        mode: s.mode.value,
        surveyor: s.surveyor.as_ref().map(|x| x.value.as_str()),
    };
    let mut out = yaml_edit::set_value(text, &["ccr", "received"], &s.received.value.to_string())?;
    out = yaml_edit::set_value(&out, &["ccr", "survey"], &survey)?;
    out = yaml_edit::set_value(&out, &["ccr", "assessments"], &assessments)?;
    out = yaml_edit::set_value(&out, &["ccr", "issues"], &issues)?;
    Ok(out)
}
