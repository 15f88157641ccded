//! The CCR checks: assessments against issues, ids against the catalog, statuses against dates,
//! and late items against the computed deadlines.

use std::collections::{HashMap, HashSet};

use super::{Deadline, DeadlineKind};
use crate::catalog::{Catalog, StandardId};
use crate::finding::{Finding, Severity};
use crate::model::Application;
use crate::model::ccr::{Assessment, Ccr, DecisionOutcome, IssueStatus};
use crate::source::join;
use crate::units::Date;

/// Runs every CCR check. `deadlines` comes from [`super::deadlines`] (empty when the edition has
/// no `[ccr]` table, which `rules_present = false` reports).
#[must_use]
pub fn check(
    app: &Application,
    catalog: &Catalog,
    rules_present: bool,
    deadlines: &[Deadline],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(ccr) = &app.ccr else {
        return out;
    };
    if ccr.received.is_none() {
        out.push(Finding::new(
            "ccr-received-missing",
            "ccr",
            "the CCR has no `received` date, so no action-plan or extension deadline can be computed",
            "add `received: YYYY-MM-DD` under `ccr`: the day the report reached the practice",
        ));
    } else if ccr.final_report.is_none() && !ccr.issues.is_empty() {
        out.push(Finding::new(
            "ccr-final-date-missing",
            "ccr.received",
            "no `ccr.final` date: the implementation-evidence deadline is counted from the received date",
            "add `final: YYYY-MM-DD` under `ccr` when the final CCR is issued",
        ));
    }
    if !rules_present {
        out.push(Finding::new(
            "ccr-rules-missing",
            "ccr",
            "the rule edition in use lacks its [ccr] figures or its [deadlines] calendar: CCR deadlines are not computed",
            "use an edition with [ccr] and [deadlines] tables (the embedded one has both)",
        ));
    }
    assessments_and_issues(ccr, catalog, &mut out);
    plan_and_evidence(ccr, &mut out);
    dates(app, ccr, &mut out);
    late(ccr, deadlines, &mut out);
    decision(app, ccr, &mut out);
    out
}

fn assessments_and_issues(ccr: &Ccr, catalog: &Catalog, out: &mut Vec<Finding>) {
    let mut assessed: HashMap<&StandardId, Option<Assessment>> = HashMap::new();
    for a in &ccr.assessments {
        if assessed.insert(&a.id, a.assessment).is_some() {
            out.push(Finding::new(
                "ccr-duplicate-id",
                join(&a.path, "id"),
                format!("standard {} is assessed more than once", a.id),
                "keep one assessment row per standard or element",
            ));
        }
        if !catalog.is_known(&a.id) {
            out.push(unknown_standard(&a.id, &join(&a.path, "id"), catalog));
        }
        if a.id.depth() == 2 && a.assessment.is_none() {
            out.push(Finding::new(
                "ccr-standard-unassessed",
                join(&a.path, "id"),
                format!("standard {} has no assessment", a.id),
                "add `assessment:` met, partially_met, not_met or not_applicable as the CCR gives it",
            ));
        }
    }
    let mut issue_ids = HashSet::new();
    let mut with_issue: HashSet<&StandardId> = HashSet::new();
    for i in &ccr.issues {
        if !issue_ids.insert(i.id.as_str()) {
            out.push(Finding::new(
                "ccr-duplicate-id",
                join(&i.path, "id"),
                format!("issue {} is listed more than once", i.id),
                "keep one row per issue id",
            ));
        }
        with_issue.insert(&i.standard);
        let path = join(&i.path, "standard");
        if !catalog.is_known(&i.standard) {
            out.push(unknown_standard(&i.standard, &path, catalog));
        }
        match assessed.get(&i.standard) {
            Some(Some(a @ (Assessment::Met | Assessment::NotApplicable))) => {
                out.push(Finding::new(
                    "ccr-issue-for-met-standard",
                    path,
                    format!(
                        "issue {} names standard {}, which is assessed {}",
                        i.id,
                        i.standard,
                        a.label()
                    ),
                    "issues exist only for Partially Met or Not Met standards: correct the assessment or the issue's standard",
                ));
            }
            None if !ccr.assessments.is_empty() => out.push(Finding::new(
                "ccr-issue-standard-not-assessed",
                path,
                format!(
                    "issue {} names standard {}, which `ccr.assessments` does not list",
                    i.id, i.standard
                ),
                "add the standard's assessment row from the CCR",
            )),
            _ => {}
        }
    }
    for a in &ccr.assessments {
        if let Some(x) = a.assessment.filter(|x| x.needs_issue()) {
            // An element's issue is usually filed on its standard.
            let covered = with_issue.contains(&a.id)
                || a.id.parent().is_some_and(|p| with_issue.contains(&p));
            if !covered {
                out.push(Finding::new(
                    "ccr-issue-missing",
                    join(&a.path, "assessment"),
                    format!("standard {} is {} but no issue names it", a.id, x.label()),
                    "add the CCR's issue for this standard under `ccr.issues`",
                ));
            }
        }
    }
}

fn unknown_standard(id: &StandardId, path: &str, catalog: &Catalog) -> Finding {
    Finding::new(
        "ccr-standard-unknown",
        path,
        format!(
            "standard {id} is not in the standards catalog `{}`",
            catalog.edition().id
        ),
        "correct the id, or load your Standards Manual's catalog with --standards FILE",
    )
    .rule(format!("catalog {}", catalog.edition().id))
}

fn plan_and_evidence(ccr: &Ccr, out: &mut Vec<Finding>) {
    let ids: HashSet<&str> = ccr.issues.iter().map(|i| i.id.as_str()).collect();
    let unknown = |what: &str, id: &str, path: &str| {
        Finding::new(
            "ccr-unknown-issue",
            join(path, "issue"),
            format!("{what} names issue `{id}`, which `ccr.issues` does not list"),
            format!(
                "use one of: {}",
                ccr.issues
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    if let Some(plan) = &ccr.action_plan {
        for it in &plan.items {
            if !ids.contains(it.issue.as_str()) {
                out.push(unknown("action-plan item", &it.issue, &it.path));
            }
        }
        for i in ccr
            .issues
            .iter()
            .filter(|i| i.status != IssueStatus::Resolved)
        {
            if !plan.items.iter().any(|it| it.issue == i.id) {
                out.push(Finding::new(
                    "ccr-action-plan-missing-item",
                    join(&plan.path, "items"),
                    format!(
                        "issue {} (standard {}) has no action-plan item",
                        i.id, i.standard
                    ),
                    "add an item for it; `qcp ccr action-plan FILE --yaml` writes the skeleton",
                ));
            }
        }
        if plan.submitted.is_some() {
            for it in &plan.items {
                let mut missing = Vec::new();
                if it.actions.is_none() {
                    missing.push("actions");
                }
                if it.owner.is_none() {
                    missing.push("owner");
                }
                if it.target_date.is_none() {
                    missing.push("target_date");
                }
                if !missing.is_empty() {
                    out.push(Finding::new(
                        "ccr-action-plan-item-incomplete",
                        it.path.clone(),
                        format!(
                            "the submitted plan's item for {} has no {}",
                            it.issue,
                            missing.join(", ")
                        ),
                        "fill in what will be done, who owns it and by when",
                    ));
                }
            }
        } else if plan.approved.is_some() {
            out.push(Finding::new(
                "ccr-status-inconsistent",
                join(&plan.path, "approved"),
                "the action plan is approved but has no `submitted` date",
                "record the day the plan was submitted",
            ));
        }
    }
    for e in &ccr.evidence {
        if !ids.contains(e.issue.as_str()) {
            out.push(unknown("implementation evidence", &e.issue, &e.path));
        }
    }
    for i in ccr
        .issues
        .iter()
        .filter(|i| i.status == IssueStatus::Resolved)
    {
        let has = ccr
            .evidence
            .iter()
            .any(|e| e.issue == i.id && e.submitted.is_some());
        if !has {
            out.push(Finding::new(
                "ccr-status-inconsistent",
                join(&i.path, "status"),
                format!(
                    "issue {} is resolved but no implementation evidence for it has a `submitted` date",
                    i.id
                ),
                "record the evidence (resolution, documents, submitted) under `ccr.evidence`, or set the status back",
            ));
        }
    }
}

fn dates(app: &Application, ccr: &Ccr, out: &mut Vec<Finding>) {
    let mut order = |earlier: Option<Date>, en: &str, later: Option<Date>, ln: &str, path: &str| {
        if let (Some(a), Some(b)) = (earlier, later)
            && b < a
        {
            out.push(Finding::new(
                "ccr-date-order",
                path,
                format!("{ln} ({b}) is before {en} ({a})"),
                "correct the date that is wrong",
            ));
        }
    };
    let rec = ccr.received;
    order(
        ccr.survey_date,
        "the survey",
        rec,
        "the CCR's received date",
        "ccr.received",
    );
    order(
        rec,
        "the CCR was received",
        ccr.final_report,
        "the final CCR",
        "ccr.final",
    );
    if let Some(p) = &ccr.action_plan {
        order(
            rec,
            "the CCR was received",
            p.submitted,
            "the action plan's submission",
            &join(&p.path, "submitted"),
        );
        order(
            p.submitted,
            "its submission",
            p.approved,
            "the action plan's approval",
            &join(&p.path, "approved"),
        );
    }
    for e in &ccr.evidence {
        order(
            rec,
            "the CCR was received",
            e.submitted,
            &format!("evidence for {}", e.issue),
            &join(&e.path, "submitted"),
        );
    }
    if let Some(x) = &ccr.extension {
        order(
            rec,
            "the CCR was received",
            x.requested,
            "the extension request",
            &join(&x.path, "requested"),
        );
    }
    if let Some(d) = &app.decision {
        order(
            rec,
            "the CCR was received",
            d.date,
            "the decision",
            "decision.date",
        );
    }
}

fn late(ccr: &Ccr, deadlines: &[Deadline], out: &mut Vec<Finding>) {
    for d in deadlines.iter().filter(|d| d.late) {
        let rolled = d
            .rolled_from
            .as_ref()
            .map(|r| format!("; moved: {r}"))
            .unwrap_or_default();
        match d.kind {
            DeadlineKind::ActionPlan => {
                let path = ccr
                    .action_plan
                    .as_ref()
                    .map_or_else(|| "ccr.received".to_owned(), |p| join(&p.path, "submitted"));
                out.push(late_finding(
                    "ccr-action-plan-late",
                    path,
                    "the action plan",
                    d,
                    &rolled,
                ));
            }
            DeadlineKind::ExtensionRequest => {
                let path = ccr.extension.as_ref().map_or_else(
                    || "ccr.extension".to_owned(),
                    |x| join(&x.path, "requested"),
                );
                out.push(late_finding(
                    "ccr-extension-late",
                    path,
                    "the extension request",
                    d,
                    &rolled,
                ));
            }
            DeadlineKind::ImplementationEvidence => {
                for i in ccr
                    .issues
                    .iter()
                    .filter(|i| i.status != IssueStatus::Resolved || d.done.is_some())
                {
                    let sub = ccr
                        .evidence
                        .iter()
                        .filter(|e| e.issue == i.id)
                        .filter_map(|e| e.submitted.map(|s| (s, e)))
                        .max_by_key(|(s, _)| *s);
                    match sub {
                        Some((s, e)) if s > d.due => out.push(late_finding(
                            "ccr-evidence-late",
                            join(&e.path, "submitted"),
                            &format!("implementation evidence for {}", i.id),
                            &Deadline {
                                done: Some(s),
                                ..d.clone()
                            },
                            &rolled,
                        )),
                        Some(_) => {}
                        None => out.push(late_finding(
                            "ccr-evidence-late",
                            join(&i.path, "id"),
                            &format!("implementation evidence for {}", i.id),
                            &Deadline {
                                done: None,
                                ..d.clone()
                            },
                            &rolled,
                        )),
                    }
                }
            }
        }
    }
}

fn late_finding(
    code: &'static str,
    path: String,
    what: &str,
    d: &Deadline,
    rolled: &str,
) -> Finding {
    match d.done {
        Some(done) => Finding::new(
            code,
            path,
            format!(
                "{what} was submitted {done}, after its due date {} ({}{rolled})",
                d.due, d.basis
            ),
            "nothing to change in the file; keep the program's acknowledgement of the late item",
        )
        .with_severity(Severity::Warning),
        None => Finding::new(
            code,
            path,
            format!(
                "{what} was due {} ({}{rolled}) and is {} day(s) late",
                d.due, d.basis, -d.days_left
            ),
            "submit it and record the date; contact the program about the delay",
        ),
    }
    .rule(d.rule)
}

fn decision(app: &Application, ccr: &Ccr, out: &mut Vec<Finding>) {
    let Some(dec) = &app.decision else { return };
    if dec.outcome != DecisionOutcome::Certified {
        return;
    }
    let open: Vec<&str> = ccr
        .issues
        .iter()
        .filter(|i| i.status != IssueStatus::Resolved)
        .map(|i| i.id.as_str())
        .collect();
    if !open.is_empty() {
        out.push(Finding::new(
            "ccr-decision-inconsistent",
            "decision.outcome",
            format!(
                "the decision is `certified` but issue(s) {} are not resolved",
                open.join(", ")
            ),
            "certification requires every standard Met: resolve the issues (with evidence) or correct the decision",
        ));
    }
}
