//! The `ccr` and `decision` sections of the application file: the surveyor's Certification
//! Compliance Report as the practice recorded (or imported) it, the practice's action plan and
//! implementation evidence, an extension request, a re-survey and the certification decision
//! (docs/rules.md §7).
//!
//! Responsible for: the raw serde shape (every key documented in docs/application-format.md) and
//! its validation into typed values (dates, standard ids), collecting every bad value. Not
//! responsible for: consistency between assessments and issues, deadlines or late items; those
//! are `ccr`'s checks.
#![allow(missing_docs)] // raw serde mirror of docs/application-format.md

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw::Text;
use crate::catalog::StandardId;
use crate::finding::Finding;
use crate::source::{index, join};
use crate::units::{Date, parse_date};

/// The CCR's words, defined once in [`crate::vocabulary`] and shared with the workbook reader.
pub use crate::vocabulary::{Assessment, IssueSeverity, IssueStatus, SampleAnswer, SurveyMode};

// ------------------------------------------------------------------------------------ raw shape

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCcr {
    /// The day the CCR reached the practice (action plan and extension deadlines count from it).
    pub received: Option<Text>,
    /// The date of the final CCR (implementation evidence counts from it).
    #[serde(rename = "final")]
    pub final_report: Option<Text>,
    pub survey: Option<RawCcrSurvey>,
    #[serde(default)]
    pub assessments: Vec<RawAssessment>,
    #[serde(default)]
    pub issues: Vec<RawIssue>,
    pub action_plan: Option<RawActionPlan>,
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
    pub extension: Option<RawExtension>,
    pub resurvey: Option<RawResurvey>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCcrSurvey {
    pub date: Option<Text>,
    pub mode: Option<SurveyMode>,
    pub surveyor: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAssessment {
    pub id: Text,
    pub description: Option<Text>,
    pub assessment: Option<Assessment>,
    pub notes: Option<Text>,
    #[serde(default)]
    pub samples: Vec<RawSample>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSample {
    /// The sampled item as the surveyor labels it, e.g. `Verified IV Patient 1`.
    pub sample: Text,
    pub answer: SampleAnswer,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub id: Text,
    pub standard: Text,
    pub severity: Option<IssueSeverity>,
    pub status: Option<IssueStatus>,
    pub findings: Option<Text>,
    pub requirement: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActionPlan {
    pub submitted: Option<Text>,
    pub approved: Option<Text>,
    #[serde(default)]
    pub items: Vec<RawPlanItem>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlanItem {
    pub issue: Text,
    /// Copied from the issue by `qcp ccr action-plan --yaml` for reference; not checked.
    pub standard: Option<Text>,
    /// Copied from the issue for reference; not checked.
    pub requirement: Option<Text>,
    pub actions: Option<Text>,
    pub owner: Option<Text>,
    pub target_date: Option<Text>,
    pub status: Option<PlanStatus>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    pub issue: Text,
    pub resolution: Option<Text>,
    #[serde(default)]
    pub documents: Vec<Text>,
    pub submitted: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExtension {
    pub requested: Option<Text>,
    pub reason: Option<Text>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub granted: Option<bool>,
    /// The new implementation-evidence due date the program granted.
    pub new_due: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResurvey {
    #[serde(deserialize_with = "crate::model::raw::flag_required")]
    #[schemars(with = "crate::model::raw::Flag")]
    pub required: bool,
    pub date: Option<Text>,
    pub note: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    pub outcome: DecisionOutcome,
    pub date: Option<Text>,
    pub note: Option<Text>,
}

// ------------------------------------------------------------------------------------ choices

/// Where one action-plan item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

impl PlanStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::NotStarted => "Not started",
            PlanStatus::InProgress => "In progress",
            PlanStatus::Done => "Done",
        }
    }
}

/// The program's certification decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionOutcome {
    Pending,
    Certified,
    NotCertified,
}

impl DecisionOutcome {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            DecisionOutcome::Pending => "pending",
            DecisionOutcome::Certified => "certified",
            DecisionOutcome::NotCertified => "not certified",
        }
    }
}

// ------------------------------------------------------------------------------------ validated

/// The CCR section, validated.
#[derive(Debug, Clone, Serialize)]
pub struct Ccr {
    pub received: Option<Date>,
    pub final_report: Option<Date>,
    pub survey_date: Option<Date>,
    pub survey_mode: Option<SurveyMode>,
    pub surveyor: Option<String>,
    pub assessments: Vec<AssessmentEntry>,
    pub issues: Vec<Issue>,
    pub action_plan: Option<ActionPlan>,
    pub evidence: Vec<Evidence>,
    pub extension: Option<Extension>,
    pub resurvey: Option<Resurvey>,
}

/// One assessed standard or element.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentEntry {
    pub path: String,
    pub id: StandardId,
    pub description: Option<String>,
    pub assessment: Option<Assessment>,
    pub notes: Option<String>,
    pub samples: Vec<Sample>,
}

/// One sampled item and the surveyor's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub sample: String,
    pub answer: SampleAnswer,
}

/// One CCR issue.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub path: String,
    pub id: String,
    pub standard: StandardId,
    pub severity: Option<IssueSeverity>,
    pub status: IssueStatus,
    pub findings: Option<String>,
    pub requirement: Option<String>,
}

/// The practice's action plan.
#[derive(Debug, Clone, Serialize)]
pub struct ActionPlan {
    pub path: String,
    pub submitted: Option<Date>,
    pub approved: Option<Date>,
    pub items: Vec<PlanItem>,
}

/// One action-plan entry for an issue.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    pub path: String,
    pub issue: String,
    pub actions: Option<String>,
    pub owner: Option<String>,
    pub target_date: Option<Date>,
    pub status: PlanStatus,
}

/// Implementation evidence for an issue.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub path: String,
    pub issue: String,
    pub resolution: Option<String>,
    pub documents: Vec<String>,
    pub submitted: Option<Date>,
}

/// A request to extend the implementation-evidence deadline.
#[derive(Debug, Clone, Serialize)]
pub struct Extension {
    pub path: String,
    pub requested: Option<Date>,
    pub reason: Option<String>,
    pub granted: Option<bool>,
    pub new_due: Option<Date>,
}

/// A re-survey.
#[derive(Debug, Clone, Serialize)]
pub struct Resurvey {
    pub required: bool,
    pub date: Option<Date>,
    pub note: Option<String>,
}

/// The certification decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub outcome: DecisionOutcome,
    pub date: Option<Date>,
    pub note: Option<String>,
}

// ------------------------------------------------------------------------------------ validation

fn text(t: Option<&Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty())
}

struct Cx<'a> {
    problems: &'a mut Vec<Finding>,
}

impl Cx<'_> {
    fn date(&mut self, t: Option<&Text>, path: &str) -> Option<Date> {
        let t = t?;
        match parse_date(&t.0) {
            Ok(d) => Some(d),
            Err(p) => {
                self.problems.push(Finding::new(
                    "invalid-date",
                    path,
                    format!("`{path}`: {}", p.message),
                    p.hint,
                ));
                None
            }
        }
    }

    fn standard(&mut self, t: &Text, path: &str) -> Option<StandardId> {
        match t.0.trim().parse::<StandardId>() {
            Ok(id) => Some(id),
            Err(e) => {
                self.problems.push(Finding::new(
                    "wrong-type",
                    path,
                    format!("`{path}`: `{}` is not a standard id ({e})", t.0.trim()),
                    "write the dotted id as the CCR shows it, e.g. \"3.8\" or \"3.8.1\" (quote it)",
                ));
                None
            }
        }
    }
}

/// Validates the `ccr` section, pushing every bad value into `problems`.
pub(crate) fn validate_ccr(raw: &RawCcr, problems: &mut Vec<Finding>) -> Ccr {
    let mut cx = Cx { problems };
    let base = "ccr";
    let survey = raw.survey.as_ref();
    let assessments = raw
        .assessments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let path = index(&join(base, "assessments"), i);
            let id = cx.standard(&a.id, &join(&path, "id"))?;
            Some(AssessmentEntry {
                id,
                description: text(a.description.as_ref()),
                assessment: a.assessment,
                notes: text(a.notes.as_ref()),
                samples: a
                    .samples
                    .iter()
                    .map(|s| Sample {
                        sample: s.sample.0.trim().to_owned(),
                        answer: s.answer,
                    })
                    .collect(),
                path,
            })
        })
        .collect();
    let issues = raw
        .issues
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let path = index(&join(base, "issues"), i);
            let standard = cx.standard(&r.standard, &join(&path, "standard"))?;
            Some(Issue {
                id: r.id.0.trim().to_owned(),
                standard,
                severity: r.severity,
                status: r.status.unwrap_or(IssueStatus::Open),
                findings: text(r.findings.as_ref()),
                requirement: text(r.requirement.as_ref()),
                path,
            })
        })
        .collect();
    let action_plan = raw.action_plan.as_ref().map(|p| {
        let path = join(base, "action_plan");
        ActionPlan {
            submitted: cx.date(p.submitted.as_ref(), &join(&path, "submitted")),
            approved: cx.date(p.approved.as_ref(), &join(&path, "approved")),
            items: p
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    let ip = index(&join(&path, "items"), i);
                    PlanItem {
                        issue: it.issue.0.trim().to_owned(),
                        actions: text(it.actions.as_ref()),
                        owner: text(it.owner.as_ref()),
                        target_date: cx.date(it.target_date.as_ref(), &join(&ip, "target_date")),
                        status: it.status.unwrap_or_default(),
                        path: ip,
                    }
                })
                .collect(),
            path,
        }
    });
    let evidence = raw
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = index(&join(base, "evidence"), i);
            Evidence {
                issue: e.issue.0.trim().to_owned(),
                resolution: text(e.resolution.as_ref()),
                documents: e.documents.iter().map(|d| d.0.trim().to_owned()).collect(),
                submitted: cx.date(e.submitted.as_ref(), &join(&path, "submitted")),
                path,
            }
        })
        .collect();
    let extension = raw.extension.as_ref().map(|x| {
        let path = join(base, "extension");
        Extension {
            requested: cx.date(x.requested.as_ref(), &join(&path, "requested")),
            reason: text(x.reason.as_ref()),
            granted: x.granted,
            new_due: cx.date(x.new_due.as_ref(), &join(&path, "new_due")),
            path,
        }
    });
    let resurvey = raw.resurvey.as_ref().map(|r| Resurvey {
        required: r.required,
        date: cx.date(r.date.as_ref(), "ccr.resurvey.date"),
        note: text(r.note.as_ref()),
    });
    Ccr {
        received: cx.date(raw.received.as_ref(), "ccr.received"),
        final_report: cx.date(raw.final_report.as_ref(), "ccr.final"),
        survey_date: survey.and_then(|s| cx.date(s.date.as_ref(), "ccr.survey.date")),
        survey_mode: survey.and_then(|s| s.mode),
        surveyor: survey.and_then(|s| text(s.surveyor.as_ref())),
        assessments,
        issues,
        action_plan,
        evidence,
        extension,
        resurvey,
    }
}

/// Validates the `decision` section.
pub(crate) fn validate_decision(raw: &RawDecision, problems: &mut Vec<Finding>) -> Decision {
    let mut cx = Cx { problems };
    Decision {
        outcome: raw.outcome,
        date: cx.date(raw.date.as_ref(), "decision.date"),
        note: text(raw.note.as_ref()),
    }
}
