//! The CCR report and the whole-application summary as [`crate::pdf::Document`]s for the layout engine.
//!
//! Both are pure functions of the application, the summary (or eligibility report) and the dates
//! passed in, so the same input gives byte-identical PDFs. `qcp application render` builds its
//! document from sections; [`application_document`] marks where the questionnaire, fee and
//! survey sections of other modules plug in.

use crate::catalog::Catalog;
use crate::ccr::{CcrSummary, DeadlineKind, days_words, deadline_state};
use crate::model::Application;
use crate::model::ccr::{Assessment, AssessmentEntry, Ccr};
use crate::pdf::{
    Align, BarChart, BarRow, Block, Column, Document, Fill, Meta, Row, Segment, Table, TextStyle,
};
use crate::report::Report;
use crate::units::Date;

fn opt(d: Option<Date>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

fn fill(a: Option<Assessment>) -> &'static str {
    a.map_or("not assessed", Assessment::label)
}

/// The header key/values of the CCR report.
fn header(s: &CcrSummary, generated: Option<Date>) -> Block {
    let mut kv = vec![
        ("Practice".to_owned(), s.practice.clone()),
        (
            "Survey".to_owned(),
            format!(
                "{} ({})",
                opt(s.survey_date),
                s.survey_mode.unwrap_or("mode not recorded")
            ),
        ),
        (
            "Surveyor".to_owned(),
            s.surveyor.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        ("CCR received".to_owned(), opt(s.received)),
        ("Final CCR".to_owned(), opt(s.final_report)),
        (
            "Rule edition".to_owned(),
            format!("{} — {}", s.edition.id, s.edition.title),
        ),
        ("Standards".to_owned(), s.standards.clone()),
        ("As of".to_owned(), s.as_of.to_string()),
    ];
    if let Some(d) = s.decision {
        kv.push(("Decision".to_owned(), d.to_owned()));
    }
    if let Some(g) = generated {
        kv.push(("Generated".to_owned(), g.to_string()));
    }
    Block::KeyValues(kv)
}

/// One bar per domain, segmented Met / Partially Met / Not Met / the rest (`neutral` names the
/// rest): the CCR report's and the self-assessment's shared chart.
pub(crate) fn domain_bars(domains: impl Iterator<Item = (u16, [u32; 4])>, neutral: &str) -> Block {
    let fills = [Fill::Good, Fill::Warn, Fill::Bad, Fill::Neutral];
    Block::Bars(BarChart {
        rows: domains
            .map(|(domain, counts)| BarRow {
                label: format!("Domain {domain}"),
                segments: fills
                    .iter()
                    .zip(counts)
                    .map(|(fill, value)| Segment { value, fill: *fill })
                    .collect(),
            })
            .collect(),
        legend: vec![
            (Fill::Good, "Met".into()),
            (Fill::Warn, "Partially Met".into()),
            (Fill::Bad, "Not Met".into()),
            (Fill::Neutral, neutral.into()),
        ],
    })
}

/// Summary blocks: per-domain bars and counts, deadlines, the issues table.
fn summary_blocks(s: &CcrSummary) -> Vec<Block> {
    let mut out = Vec::new();
    out.push(Block::Heading {
        level: 1,
        text: "Summary".into(),
    });
    out.push(Block::Paragraph {
        text: s.verdict.clone(),
        style: TextStyle::Bold,
    });
    out.push(domain_bars(
        s.domains.iter().map(|d| {
            (
                d.domain,
                [
                    d.met,
                    d.partially_met,
                    d.not_met,
                    d.not_applicable + d.unassessed,
                ],
            )
        }),
        "N/A or not assessed",
    ));
    out.push(Block::Spacer(6.0));
    out.push(Block::Table(Table {
        columns: vec![
            Column::new("Domain", 5.0, Align::Left),
            Column::new("Met", 1.0, Align::Right),
            Column::new("Partially", 1.3, Align::Right),
            Column::new("Not Met", 1.2, Align::Right),
            Column::new("N/A", 1.0, Align::Right),
        ],
        rows: s
            .domains
            .iter()
            .map(|d| {
                Row::new([
                    if d.title.is_empty() {
                        format!("{}", d.domain)
                    } else {
                        format!("{}. {}", d.domain, d.title)
                    },
                    d.met.to_string(),
                    d.partially_met.to_string(),
                    d.not_met.to_string(),
                    d.not_applicable.to_string(),
                ])
            })
            .collect(),
    }));
    out.push(Block::Heading {
        level: 2,
        text: format!("Deadlines (calendar {})", s.calendar),
    });
    if s.deadlines.is_empty() {
        out.push(Block::Paragraph {
            text: "No deadlines computed: the CCR has no received date, or the rule edition has no [ccr] table.".into(),
            style: TextStyle::Muted,
        });
    } else {
        out.push(Block::Table(Table {
            columns: vec![
                Column::new("Deadline", 2.2, Align::Left),
                Column::new("Due", 1.3, Align::Left),
                Column::new("Status", 1.8, Align::Left),
                Column::new("How it is computed", 4.0, Align::Left),
            ],
            rows: s
                .deadlines
                .iter()
                .map(|d| {
                    let basis = match &d.rolled_from {
                        Some(r) => format!("{}; moved: {r}", d.basis),
                        None => d.basis.clone(),
                    };
                    let row = Row::new([
                        d.kind.label().to_owned(),
                        d.due.to_string(),
                        deadline_state(d),
                        basis,
                    ]);
                    if d.late { row.bold() } else { row }
                })
                .collect(),
        }));
    }
    out.push(Block::Heading {
        level: 2,
        text: format!("Issues ({} open)", s.open_issues),
    });
    if s.issues.is_empty() {
        out.push(Block::Paragraph {
            text: "No issues: no action plan is needed.".into(),
            style: TextStyle::Normal,
        });
    } else {
        let ev_due = s
            .deadlines
            .iter()
            .find(|d| d.kind == DeadlineKind::ImplementationEvidence);
        out.push(Block::Table(Table {
            columns: vec![
                Column::new("Issue", 1.1, Align::Left),
                Column::new("Standard", 1.0, Align::Left),
                Column::new("Severity", 2.4, Align::Left),
                Column::new("Status", 1.2, Align::Left),
                Column::new("Evidence due", 1.4, Align::Left),
                Column::new("Evidence", 2.2, Align::Left),
            ],
            rows: s
                .issues
                .iter()
                .map(|i| {
                    Row::new([
                        i.id.clone(),
                        i.standard.clone(),
                        i.severity.clone(),
                        i.status.clone(),
                        opt(i.evidence_due),
                        match (i.evidence_submitted, ev_due) {
                            (Some(d), _) => format!("submitted {d}"),
                            (None, Some(e)) if i.open => days_words(e.days_left),
                            (None, _) => "—".to_owned(),
                        },
                    ])
                })
                .collect(),
        }));
    }
    out
}

fn title_of(e: &AssessmentEntry, catalog: &Catalog) -> String {
    e.description
        .clone()
        .or_else(|| catalog.get(&e.id).map(|c| c.title.clone()))
        .unwrap_or_default()
}

fn elements_of<'a>(ccr: &'a Ccr, std: &AssessmentEntry) -> Vec<&'a AssessmentEntry> {
    ccr.assessments
        .iter()
        .filter(|e| {
            e.id.depth() > std.id.depth() && e.id.components().starts_with(std.id.components())
        })
        .collect()
}

fn has_detail(ccr: &Ccr, std: &AssessmentEntry) -> bool {
    std.notes.is_some()
        || !elements_of(ccr, std).is_empty()
        || ccr.issues.iter().any(|i| i.standard == std.id)
}

/// One standard with its elements, findings and requirement.
fn standard_blocks(ccr: &Ccr, catalog: &Catalog, std: &AssessmentEntry) -> Vec<Block> {
    let title = title_of(std, catalog);
    let mut group = vec![Block::Heading {
        level: 3,
        text: format!("{}  {} — {}", std.id, fill(std.assessment), title),
    }];
    if let Some(n) = &std.notes {
        group.push(Block::Paragraph {
            text: n.clone(),
            style: TextStyle::Normal,
        });
    }
    let elements = elements_of(ccr, std);
    let mut out = Vec::new();
    if elements.is_empty() {
        out.push(Block::KeepTogether(group));
    } else {
        out.extend(group);
        out.push(Block::Table(Table {
            columns: vec![
                Column::new("Element", 1.0, Align::Left),
                Column::new("Assessment", 1.3, Align::Left),
                Column::new("Detail", 5.5, Align::Left),
            ],
            rows: elements
                .iter()
                .map(|e| {
                    let mut detail = Vec::new();
                    if let Some(d) = &e.description {
                        detail.push(d.clone());
                    }
                    if let Some(n) = &e.notes {
                        detail.push(n.clone());
                    }
                    if !e.samples.is_empty() {
                        detail.push(
                            e.samples
                                .iter()
                                .map(|s| format!("{}: {}", s.sample, s.answer.label()))
                                .collect::<Vec<_>>()
                                .join("; "),
                        );
                    }
                    Row::new([
                        e.id.to_string(),
                        e.assessment.map_or("—", Assessment::label).to_owned(),
                        detail.join("\n"),
                    ])
                })
                .collect(),
        }));
    }
    for i in ccr.issues.iter().filter(|i| i.standard == std.id) {
        let sev = i.severity.map_or("", |s| s.label());
        // The issue's label, findings and requirement move to the next page together when they
        // fit on one, so a label is never left alone at the bottom of a page.
        let mut group = vec![Block::Paragraph {
            text: format!("{} · {} · {}", i.id, sev, i.status.label()),
            style: TextStyle::Bold,
        }];
        if let Some(f) = &i.findings {
            group.push(Block::Paragraph {
                text: format!("Findings: {f}"),
                style: TextStyle::Normal,
            });
        }
        if let Some(r) = &i.requirement {
            group.push(Block::Paragraph {
                text: format!("Requirement: {r}"),
                style: TextStyle::Normal,
            });
        }
        out.push(Block::KeepTogether(group));
    }
    out.push(Block::Spacer(4.0));
    out
}

/// Per domain: every standard with its assessment, elements, findings and requirement.
fn standards_blocks(ccr: &Ccr, s: &CcrSummary, catalog: &Catalog) -> Vec<Block> {
    let mut out = Vec::new();
    for d in &s.domains {
        let stds: Vec<&AssessmentEntry> = ccr
            .assessments
            .iter()
            .filter(|a| a.id.depth() == 2 && a.id.domain() == d.domain)
            .collect();
        if stds.is_empty() {
            continue;
        }
        out.push(Block::Heading {
            level: 2,
            text: if d.title.is_empty() {
                format!("Domain {}", d.domain)
            } else {
                format!("Domain {}: {}", d.domain, d.title)
            },
        });
        // Every standard on one line; then the detail of those with notes, elements or issues.
        out.push(Block::Table(Table {
            columns: vec![
                Column::new("Standard", 1.0, Align::Left),
                Column::new("Assessment", 1.4, Align::Left),
                Column::new("Title", 6.0, Align::Left),
            ],
            rows: stds
                .iter()
                .map(|st| {
                    let row = Row::new([
                        st.id.to_string(),
                        fill(st.assessment).to_owned(),
                        title_of(st, catalog),
                    ]);
                    if st.assessment.is_some_and(Assessment::needs_issue) {
                        row.bold()
                    } else {
                        row
                    }
                })
                .collect(),
        }));
        out.push(Block::Spacer(4.0));
        for st in stds.into_iter().filter(|st| has_detail(ccr, st)) {
            out.extend(standard_blocks(ccr, catalog, st));
        }
    }
    out
}

fn findings_blocks(s: &CcrSummary) -> Vec<Block> {
    findings_table(&s.findings)
}

/// A findings section for readers of the PDF: severity, code, the entry concerned and what
/// failed. No line numbers: the reader is a practice's board, not the file's editor.
fn findings_table(findings: &[crate::Finding]) -> Vec<Block> {
    if findings.is_empty() {
        return Vec::new();
    }
    let summary = crate::report::Summary::of(findings);
    vec![
        Block::Heading {
            level: 1,
            text: format!(
                "Findings ({} error(s), {} warning(s))",
                summary.errors, summary.warnings
            ),
        },
        Block::Table(Table {
            columns: vec![
                Column::new("Severity", 1.0, Align::Left),
                Column::new("Code", 2.2, Align::Left),
                Column::new("Where", 1.8, Align::Left),
                Column::new("What", 5.0, Align::Left),
            ],
            rows: findings
                .iter()
                .map(|f| {
                    Row::new([
                        f.severity.to_string(),
                        f.code.to_owned(),
                        f.path.clone(),
                        f.message.clone(),
                    ])
                })
                .collect(),
        }),
    ]
}

/// The action plan as recorded in `ccr.action_plan`: per issue, the actions, owner, target date
/// and status (docs/rules.md §7). Nothing when no plan is recorded.
fn plan_blocks(ccr: &Ccr) -> Vec<Block> {
    let Some(plan) = &ccr.action_plan else {
        return Vec::new();
    };
    let mut out = vec![Block::Heading {
        level: 2,
        text: "Action plan".into(),
    }];
    out.push(Block::Paragraph {
        text: format!(
            "Submitted: {}. Approved: {}.",
            opt(plan.submitted),
            opt(plan.approved)
        ),
        style: TextStyle::Normal,
    });
    if plan.items.is_empty() {
        out.push(Block::Paragraph {
            text: "No actions recorded yet.".into(),
            style: TextStyle::Normal,
        });
        return out;
    }
    out.push(Block::Table(Table {
        columns: vec![
            Column::new("Issue", 1.1, Align::Left),
            Column::new("Actions", 4.6, Align::Left),
            Column::new("Owner", 1.8, Align::Left),
            Column::new("Target date", 1.4, Align::Left),
            Column::new("Status", 1.3, Align::Left),
        ],
        rows: plan
            .items
            .iter()
            .map(|i| {
                Row::new([
                    i.issue.clone(),
                    i.actions.clone().unwrap_or_else(|| "—".to_owned()),
                    i.owner.clone().unwrap_or_else(|| "—".to_owned()),
                    opt(i.target_date),
                    i.status.label().to_owned(),
                ])
            })
            .collect(),
    }));
    out
}

/// The CCR section's blocks (summary, action plan, standards, findings), shared by both
/// documents.
fn ccr_blocks(ccr: &Ccr, s: &CcrSummary, catalog: &Catalog) -> Vec<Block> {
    let mut out = summary_blocks(s);
    out.extend(plan_blocks(ccr));
    out.push(Block::Heading {
        level: 1,
        text: "Standards by domain".into(),
    });
    out.extend(standards_blocks(ccr, s, catalog));
    out.extend(findings_blocks(s));
    out
}

/// The CCR report for leadership. `generated` is written only when the user asks for a
/// timestamp (`--timestamp`); otherwise the PDF carries no date but the as-of date in its text.
#[must_use]
pub fn ccr_document(
    app: &Application,
    s: &CcrSummary,
    catalog: &Catalog,
    generated: Option<Date>,
) -> Document {
    // Headings repeat on every page: a long name is shortened there (budgets, issue 11).
    let name = crate::model::prescan::shorten(&s.practice);
    let mut meta = Meta::new(
        format!("Certification Compliance Report — {name}"),
        format!("{name} · CCR as of {} · rules {}", s.as_of, s.edition.id),
    );
    meta.subject = "QOPI Certification Program: Certification Compliance Report".into();
    meta.date = generated;
    let mut blocks = vec![
        Block::Title(format!("Certification Compliance Report — {name}")),
        header(s, generated),
        Block::Spacer(8.0),
    ];
    if let Some(ccr) = &app.ccr {
        blocks.extend(ccr_blocks(ccr, s, catalog));
    }
    Document { meta, blocks }
}

/// A section of the application document contributed by another module (see
/// [`super::app_sections`]: questionnaire, fee estimate, documents, survey options): its heading
/// and blocks, laid out by [`application_document`] in the order given.
pub struct Section {
    /// Level-1 heading.
    pub title: String,
    /// The application file's sections it renders (not listed as "not yet rendered").
    pub covers: Vec<&'static str>,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The whole application ("download application"): practice, eligibility verdict, then every
/// section given (in order), then the CCR when present.
#[must_use]
pub fn application_document(
    app: &Application,
    eligibility: &Report,
    extra: Vec<Section>,
    ccr: Option<(&CcrSummary, &Catalog)>,
    findings: &[crate::Finding],
    generated: Option<Date>,
) -> Document {
    let p = &app.practice;
    let name = crate::model::prescan::shorten(&p.name);
    let mut meta = Meta::new(
        format!("QCP application — {name}"),
        format!(
            "{name} · application as of {} · rules {}",
            eligibility.as_of, eligibility.edition.id
        ),
    );
    meta.subject = "QOPI Certification Program application".into();
    meta.date = generated;
    let mut kv = vec![
        ("Practice".to_owned(), p.name.clone()),
        ("Country".to_owned(), p.country.clone()),
    ];
    if let Some(id) = &p.program_id {
        kv.push(("Program id".to_owned(), id.clone()));
    }
    kv.push((
        "Applicant".to_owned(),
        match app.applicant.kind {
            crate::model::ApplicantType::New => "new".to_owned(),
            crate::model::ApplicantType::Recertifying => "re-certifying".to_owned(),
        },
    ));
    kv.push((
        "Rule edition".to_owned(),
        format!("{} — {}", eligibility.edition.id, eligibility.edition.title),
    ));
    kv.push(("As of".to_owned(), eligibility.as_of.to_string()));
    if let Some(g) = generated {
        kv.push(("Generated".to_owned(), g.to_string()));
    }
    let mut blocks = vec![
        Block::Title(format!("QCP application — {}", p.name)),
        Block::KeyValues(kv),
        Block::Spacer(8.0),
    ];

    // Practice profile.
    blocks.push(Block::Heading {
        level: 1,
        text: "Practice".into(),
    });
    if !p.sites.is_empty() {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Site", 3.0, Align::Left),
                Column::new("City", 2.0, Align::Left),
                Column::new("Administers", 1.3, Align::Left),
                Column::new("Prepares", 1.3, Align::Left),
            ],
            rows: p
                .sites
                .iter()
                .map(|s| {
                    let yn = |b: Option<bool>| match b {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "—",
                    };
                    Row::new([
                        s.name.clone(),
                        s.city.clone().unwrap_or_else(|| "—".into()),
                        yn(s.administers_chemotherapy).to_owned(),
                        yn(s.prepares_chemotherapy).to_owned(),
                    ])
                })
                .collect(),
        }));
        blocks.push(Block::Spacer(8.0));
    }
    if !p.physicians.is_empty() {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Physician", 3.0, Align::Left),
                Column::new("NPI", 2.0, Align::Left),
            ],
            rows: p
                .physicians
                .iter()
                .map(|ph| Row::new([ph.name.clone(), ph.npi.clone()]))
                .collect(),
        }));
        blocks.push(Block::Spacer(8.0));
    }
    if !p.contacts.is_empty() {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Contact", 2.5, Align::Left),
                Column::new("E-mail", 3.0, Align::Left),
                Column::new("Role", 1.5, Align::Left),
            ],
            rows: p
                .contacts
                .iter()
                .map(|c| {
                    Row::new([
                        c.name.clone(),
                        c.email.clone().unwrap_or_else(|| "—".into()),
                        if c.primary { "primary" } else { "" }.to_owned(),
                    ])
                })
                .collect(),
        }));
    }

    // Eligibility.
    blocks.push(Block::Heading {
        level: 1,
        text: "Eligibility".into(),
    });
    blocks.push(Block::Paragraph {
        text: eligibility.verdict.clone(),
        style: TextStyle::Bold,
    });
    if let Some(e) = &eligibility.eligibility {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Criterion", 3.0, Align::Left),
                Column::new("Your figure", 2.5, Align::Left),
                Column::new("Requirement", 2.5, Align::Left),
                Column::new("Result", 1.0, Align::Left),
            ],
            rows: e
                .criteria
                .iter()
                .map(|c| {
                    Row::new([
                        c.criterion.clone(),
                        c.yours.clone(),
                        c.requirement.clone(),
                        format!("{:?}", c.status).to_lowercase(),
                    ])
                })
                .collect(),
        }));
    }

    // Sections other modules contribute (questionnaire, documents, survey options, fees).
    let covered: Vec<&'static str> = extra.iter().flat_map(|s| s.covers.clone()).collect();
    for s in extra {
        blocks.push(Block::Heading {
            level: 1,
            text: s.title,
        });
        blocks.extend(s.blocks);
    }
    let missing: Vec<&str> = app
        .other_sections
        .iter()
        .copied()
        .filter(|s| !matches!(*s, "ccr" | "decision") && !covered.contains(s))
        .collect();
    if !missing.is_empty() {
        blocks.push(Block::Paragraph {
            text: format!(
                "Sections present in the file but not yet rendered: {}.",
                missing.join(", ")
            ),
            style: TextStyle::Muted,
        });
    }

    if let (Some(ccr), Some((s, catalog))) = (&app.ccr, ccr) {
        blocks.push(Block::PageBreak);
        blocks.push(Block::Heading {
            level: 1,
            text: "Certification Compliance Report".into(),
        });
        blocks.push(header(s, None));
        blocks.extend(summary_blocks(s));
        blocks.push(Block::Heading {
            level: 1,
            text: "Standards by domain".into(),
        });
        blocks.extend(standards_blocks(ccr, s, catalog));
    }
    // Every check's findings (`qcp check`), the CCR's among them: one list, one count.
    blocks.extend(findings_table(findings));
    Document { meta, blocks }
}
