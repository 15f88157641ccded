//! `qcp readiness`: the self-assessment report as text and as a PDF document for the practice's
//! leadership (the CCR report's layout engine), and `qcp readiness compare` as text. Functions
//! of the report only; no rule is computed here.

use std::fmt::Write as _;

use crate::pdf::{Align, Block, Column, Document, Meta, Row, Table, TextStyle};
use crate::readiness::{Agreement, Comparison, ReadinessReport};
use crate::termsafe::escape;
use crate::units::{Date, Percent};
use crate::vocabulary::Assessment;

fn pct(p: Option<Percent>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| p.to_string())
}

fn rating(a: Option<Assessment>) -> &'static str {
    a.map_or("not rated", Assessment::label)
}

/// Readiness per domain, as the report and the application PDF both show it.
fn domain_table(domains: &[crate::readiness::DomainReadiness]) -> Block {
    Block::Table(Table {
        columns: vec![
            Column::new("Domain", 5.0, Align::Left),
            Column::new("Readiness", 1.4, Align::Right),
            Column::new("Met", 1.0, Align::Right),
            Column::new("Partially", 1.3, Align::Right),
            Column::new("Not Met", 1.2, Align::Right),
            Column::new("Unrated", 1.2, Align::Right),
        ],
        rows: domains
            .iter()
            .map(|d| {
                Row::new([
                    format!("{}. {}", d.domain, d.title),
                    pct(d.percent),
                    d.met.to_string(),
                    d.partially_met.to_string(),
                    d.not_met.to_string(),
                    d.unrated.to_string(),
                ])
            })
            .collect(),
    })
}

fn opt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

fn or_dash(s: Option<&String>) -> String {
    s.map_or_else(|| "—".to_owned(), |s| escape(s).into_owned())
}

/// The report as plain text (no findings: the caller renders those with `render::findings`).
#[must_use]
pub fn text(r: &ReadinessReport) -> String {
    let e = &r.evaluation;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} (standards {}, as of {})",
        escape(&r.practice),
        r.file,
        r.standards_catalog,
        r.as_of
    );
    let _ = writeln!(
        o,
        "self-assessment of {}; survey {}{}",
        opt_date(r.assessed),
        opt_date(e.survey_date),
        e.survey_date_from
            .map(|f| format!(" ({f})"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "\nreadiness: {} over {} of {} standards rated (Met 1, Partially Met ½, Not Met 0; N/A and unrated left out)",
        pct(e.overall),
        e.rated,
        e.standards_total
    );
    let _ = writeln!(
        o,
        "  {:<8} {:>9} {:>5} {:>9} {:>7} {:>5} {:>7}",
        "domain", "readiness", "met", "partially", "not met", "n/a", "unrated"
    );
    for d in &e.domains {
        let _ = writeln!(
            o,
            "  {:<8} {:>9} {:>5} {:>9} {:>7} {:>5} {:>7}",
            d.domain,
            pct(d.percent),
            d.met,
            d.partially_met,
            d.not_met,
            d.not_applicable,
            d.unrated
        );
    }
    let _ = writeln!(o, "\nwould become CCR issues:");
    if e.would_be_issues.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for w in &e.would_be_issues {
        let _ = writeln!(
            o,
            "  {:<8} {:<14} {} ({} if critical)",
            w.id,
            w.rating.label(),
            w.severity.label(),
            w.if_critical.label()
        );
    }
    if !e.met_without_evidence.is_empty() {
        let _ = writeln!(
            o,
            "\nrated Met without evidence: {}",
            e.met_without_evidence.join(", ")
        );
    }
    if !e.citations.is_empty() {
        let _ = writeln!(o, "\nsections cited by document summaries:");
        for c in &e.citations {
            let state = if !c.checked {
                "not checked (text not read)".to_owned()
            } else if c.missing.is_empty() {
                "all found".to_owned()
            } else {
                format!("missing {}", c.missing.join(", "))
            };
            let _ = writeln!(
                o,
                "  {:<40} {:<20} {state}",
                escape(&c.file),
                c.cited.join(", ")
            );
        }
    }
    let _ = writeln!(o, "\npre-survey actions:");
    if e.actions.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for a in &e.actions {
        let _ = writeln!(
            o,
            "  {:<8} {:<11} {:<22} {}{}",
            a.id,
            opt_date(a.due),
            or_dash(a.owner.as_ref()),
            or_dash(a.what.as_ref()),
            if a.after_survey {
                "  AFTER THE SURVEY"
            } else {
                ""
            }
        );
    }
    o
}

/// `qcp readiness compare` as plain text.
#[must_use]
pub fn compare_text(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} (as of {})",
        escape(&c.practice),
        c.file,
        c.as_of
    );
    let _ = writeln!(
        o,
        "\n  {:<8} {:<14} {:<14} how they stand",
        "id", "practice", "CCR"
    );
    for l in &c.lines {
        let how = match l.agreement {
            Agreement::Agree => "agree",
            Agreement::Missed => "MISSED: the practice rated it higher",
            Agreement::Feared => "feared needlessly: the practice rated it lower",
            Agreement::Differs => "differs (N/A on one side)",
            Agreement::NotRated => "not rated by the practice",
        };
        let _ = writeln!(
            o,
            "  {:<8} {:<14} {:<14} {how}",
            l.id,
            rating(l.practice),
            l.ccr.label()
        );
    }
    let _ = writeln!(
        o,
        "\nagreement: {} of {} ({})",
        c.agreed,
        c.compared,
        pct(c.agreement_rate)
    );
    let _ = writeln!(o, "{}", c.verdict);
    o
}

/// The self-assessment for leadership, laid out by the CCR report's engine. Findings are
/// listed by code and message, without YAML line numbers.
#[must_use]
pub fn document(r: &ReadinessReport, generated: Option<Date>) -> Document {
    let e = &r.evaluation;
    let name = crate::model::prescan::shorten(&r.practice);
    let mut meta = Meta::new(
        format!("Readiness self-assessment — {name}"),
        format!("{name} · readiness as of {}", r.as_of),
    );
    meta.subject = "QOPI Certification Program: the practice's own mock survey".into();
    meta.date = generated;
    let mut kv = vec![
        ("Practice".to_owned(), r.practice.clone()),
        ("Self-assessment".to_owned(), opt_date(r.assessed)),
        ("Survey date".to_owned(), opt_date(e.survey_date)),
        ("Standards".to_owned(), r.standards_catalog.clone()),
        ("As of".to_owned(), r.as_of.to_string()),
    ];
    if let Some(g) = generated {
        kv.push(("Generated".to_owned(), g.to_string()));
    }
    let mut blocks = vec![
        Block::Title(format!("Readiness self-assessment — {name}")),
        Block::KeyValues(kv),
        Block::Spacer(8.0),
        Block::Heading {
            level: 1,
            text: "Summary".into(),
        },
        Block::Paragraph {
            text: format!(
                "Overall readiness {} over {} of {} standards rated.",
                pct(e.overall),
                e.rated,
                e.standards_total
            ),
            style: TextStyle::Bold,
        },
        Block::Paragraph {
            text: "Readiness counts Met as 1, Partially Met as ½ and Not Met as 0 over the rated standards; N/A and unrated standards are left out.".into(),
            style: TextStyle::Muted,
        },
        super::report_pdf::domain_bars(
            e.domains.iter().map(|d| {
                (
                    d.domain,
                    [
                        d.met,
                        d.partially_met,
                        d.not_met,
                        d.not_applicable + d.unrated,
                    ],
                )
            }),
            "N/A or not rated",
        ),
        Block::Spacer(6.0),
        domain_table(&e.domains),
        Block::Heading {
            level: 2,
            text: "Standards that would become CCR issues".into(),
        },
    ];
    if e.would_be_issues.is_empty() {
        blocks.push(Block::Paragraph {
            text: "None: no standard is rated Partially Met or Not Met.".into(),
            style: TextStyle::Muted,
        });
    } else {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Standard", 1.2, Align::Left),
                Column::new("Rating", 1.6, Align::Left),
                Column::new("Severity", 2.4, Align::Left),
                Column::new("If critical", 2.8, Align::Left),
            ],
            rows: e
                .would_be_issues
                .iter()
                .map(|w| {
                    Row::new([
                        w.id.clone(),
                        w.rating.label().to_owned(),
                        w.severity.label().to_owned(),
                        w.if_critical.label().to_owned(),
                    ])
                })
                .collect(),
        }));
    }
    blocks.push(Block::Heading {
        level: 2,
        text: "Pre-survey actions".into(),
    });
    if e.actions.is_empty() {
        blocks.push(Block::Paragraph {
            text: "No action recorded.".into(),
            style: TextStyle::Muted,
        });
    } else {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Standard", 1.1, Align::Left),
                Column::new("Action", 4.5, Align::Left),
                Column::new("Owner", 2.0, Align::Left),
                Column::new("Due", 1.4, Align::Left),
                Column::new("Note", 1.6, Align::Left),
            ],
            rows: e
                .actions
                .iter()
                .map(|a| {
                    Row::new([
                        a.id.clone(),
                        a.what.clone().unwrap_or_else(|| "—".into()),
                        a.owner.clone().unwrap_or_else(|| "—".into()),
                        opt_date(a.due),
                        if a.after_survey {
                            "after the survey".to_owned()
                        } else {
                            String::new()
                        },
                    ])
                })
                .collect(),
        }));
    }
    blocks.push(Block::Heading {
        level: 2,
        text: "Every standard".into(),
    });
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Standard", 1.1, Align::Left),
            Column::new("Title", 5.0, Align::Left),
            Column::new("Rating", 1.8, Align::Left),
            Column::new("Owner", 2.0, Align::Left),
        ],
        rows: e
            .standards
            .iter()
            .map(|s| {
                Row::new([
                    s.id.clone(),
                    s.title.clone(),
                    format!(
                        "{}{}",
                        rating(s.rating),
                        if s.from_elements { " (elements)" } else { "" }
                    ),
                    s.owner.clone().unwrap_or_else(|| "—".into()),
                ])
            })
            .collect(),
    }));
    if !e.findings.is_empty() {
        blocks.push(Block::Heading {
            level: 2,
            text: format!(
                "Findings ({} error(s), {} warning(s))",
                r.summary.errors, r.summary.warnings
            ),
        });
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Severity", 1.2, Align::Left),
                Column::new("Code", 3.2, Align::Left),
                Column::new("Message", 6.0, Align::Left),
            ],
            rows: e
                .findings
                .iter()
                .map(|f| Row::new([f.severity.to_string(), f.code.to_owned(), f.message.clone()]))
                .collect(),
        }));
    }
    Document { meta, blocks }
}

/// The readiness section of the whole-application PDF (`qcp application render`): overall and
/// per-domain readiness; `None` without a `readiness` section.
#[must_use]
pub fn app_section(
    app: &crate::model::Application,
    catalog: &crate::catalog::Catalog,
) -> Option<super::report_pdf::Section> {
    let r = app.readiness.as_ref()?;
    let domains = crate::readiness::domain_percents(app, catalog);
    let mut blocks = vec![Block::Paragraph {
        text: format!(
            "Overall readiness {} (self-assessment of {}; `qcp readiness FILE` for the full report).",
            pct(crate::readiness::overall_percent(app, catalog)),
            opt_date(r.assessed)
        ),
        style: TextStyle::Normal,
    }];
    blocks.push(domain_table(&domains));
    Some(super::report_pdf::Section {
        title: "Readiness self-assessment".into(),
        covers: vec!["readiness"],
        blocks,
    })
}
