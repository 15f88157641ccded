//! `qcp ccr action-plan`: the action-plan skeleton, one entry per issue with its standard,
//! findings and requirement, and empty actions, owner, target date and status for the practice to
//! fill in. As YAML (for `ccr.action_plan.items`) or as the program-shaped workbook.

use serde::Serialize;

use super::{Deadline, DeadlineKind};
use crate::ccr_xlsx::{ActionPlanHeader, ActionPlanRow};
use crate::model::Application;
use crate::model::ccr::{Ccr, PlanStatus};
use crate::units::Date;

/// One skeleton item as written into `ccr.action_plan.items`.
#[derive(Debug, Clone, Serialize)]
pub struct SkeletonItem {
    /// Issue id.
    pub issue: String,
    /// Standard (for reference).
    pub standard: String,
    /// Requirement (for reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// To fill in.
    pub actions: Option<String>,
    /// To fill in.
    pub owner: Option<String>,
    /// To fill in.
    pub target_date: Option<String>,
    /// Starts as not started.
    pub status: PlanStatus,
}

/// Skeleton items for every issue that has no item yet, keeping existing items first and as
/// they are.
#[must_use]
pub fn skeleton_items(ccr: &Ccr) -> Vec<SkeletonItem> {
    ccr.issues
        .iter()
        .filter(|i| {
            ccr.action_plan
                .as_ref()
                .is_none_or(|p| !p.items.iter().any(|it| it.issue == i.id))
        })
        .map(|i| SkeletonItem {
            issue: i.id.clone(),
            standard: i.standard.to_string(),
            requirement: i.requirement.clone(),
            actions: None,
            owner: None,
            target_date: None,
            status: PlanStatus::NotStarted,
        })
        .collect()
}

/// The skeleton as a standalone YAML document (`ccr: action_plan: items: …`), for writing beside
/// the application.
///
/// # Errors
/// Serialization failure, which the types rule out.
pub fn skeleton_yaml(ccr: &Ccr) -> Result<String, yaml_serde::Error> {
    #[derive(Serialize)]
    struct Items {
        items: Vec<SkeletonItem>,
    }
    #[derive(Serialize)]
    struct Plan {
        action_plan: Items,
    }
    #[derive(Serialize)]
    struct Doc {
        ccr: Plan,
    }
    let body = yaml_serde::to_string(&Doc {
        ccr: Plan {
            action_plan: Items {
                items: skeleton_items(ccr),
            },
        },
    })?;
    Ok(format!(
        "# Action-plan skeleton written by qcp: one item per CCR issue. Fill in actions, owner,\n\
         # target_date (YYYY-MM-DD) and status (not_started, in_progress, done), then copy the\n\
         # items under `ccr.action_plan.items` of the application file.\n{body}"
    ))
}

/// Text for `yaml_edit` to set at `ccr.action_plan.items`: existing items plus the new skeleton
/// items, serialized together.
///
/// # Errors
/// Serialization failure.
pub fn merged_items_yaml(app_text: &str, ccr: &Ccr) -> Result<String, yaml_serde::Error> {
    // Existing items are re-read from the file's own YAML so that what the user wrote (including
    // keys the skeleton does not have) is kept value for value.
    let doc: yaml_serde::Value = yaml_serde::from_str(app_text)?;
    let mut items: Vec<yaml_serde::Value> = doc
        .get("ccr")
        .and_then(|c| c.get("action_plan"))
        .and_then(|p| p.get("items"))
        .and_then(|i| i.as_sequence())
        .cloned()
        .unwrap_or_default();
    for s in skeleton_items(ccr) {
        items.push(yaml_serde::to_value(&s)?);
    }
    yaml_serde::to_string(&items)
}

/// Rows and header for the action-plan workbook.
#[must_use]
pub fn workbook_rows(
    app: &Application,
    ccr: &Ccr,
    deadlines: &[Deadline],
) -> (Vec<ActionPlanRow>, Option<ActionPlanHeader>) {
    let due = |k: DeadlineKind| deadlines.iter().find(|d| d.kind == k).map(|d| d.due);
    let evidence_due: Option<Date> = due(DeadlineKind::ImplementationEvidence);
    let rows = ccr
        .issues
        .iter()
        .map(|i| {
            // The plan recorded in the file (`ccr.action_plan.items`) fills its columns.
            let item = ccr
                .action_plan
                .as_ref()
                .and_then(|p| p.items.iter().find(|it| it.issue == i.id));
            ActionPlanRow {
                issue_id: i.id.clone(),
                standard: i.standard.to_string(),
                severity: i.severity.map_or("", |s| s.label()).to_owned(),
                findings: i.findings.clone().unwrap_or_default(),
                requirement: i.requirement.clone().unwrap_or_default(),
                due: evidence_due,
                actions: item.and_then(|it| it.actions.clone()).unwrap_or_default(),
                owner: item.and_then(|it| it.owner.clone()).unwrap_or_default(),
                target: item.and_then(|it| it.target_date),
                status: item.map_or(String::new(), |it| it.status.label().to_owned()),
            }
        })
        .collect();
    let header = match (ccr.received, due(DeadlineKind::ActionPlan), evidence_due) {
        (Some(r), Some(a), Some(e)) => Some(ActionPlanHeader {
            practice: app.practice.name.clone(),
            ccr_received: r,
            action_plan_due: a,
            evidence_due: e,
        }),
        _ => None,
    };
    (rows, header)
}
