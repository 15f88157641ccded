//! The sections of `qcp application render` that other modules own: questionnaire completeness
//! ([`crate::questionnaire::completeness`]), the pre-survey documents checklist
//! ([`crate::checklist`]), the survey date options (`app.survey`) and the fee estimate
//! ([`crate::fees`]). Each becomes a [`Section`] that [`super::report_pdf::application_document`]
//! lays out after the eligibility verdict. Pure: the binary passes the catalog and fee schedule
//! it loaded (`--standards`, `--schedule`).

use super::report_pdf::Section;
use crate::catalog::Catalog;
use crate::fees::{self, FeeSchedule};
use crate::model::Application;
use crate::model::survey::weekday_name;
use crate::pdf::{Align, Block, Column, Row, Table, TextStyle};
use crate::rules::RuleEdition;

fn para(text: impl Into<String>, style: TextStyle) -> Block {
    Block::Paragraph {
        text: text.into(),
        style,
    }
}

/// Questionnaire completeness per portal section, with what is still unanswered.
#[must_use]
pub fn questionnaire(
    app: &Application,
    rules: &RuleEdition,
    schedule: &FeeSchedule,
    findings: &[crate::Finding],
) -> Section {
    let mut blocks = Vec::new();
    if app.questionnaire.is_none() {
        blocks.push(para(
            "No questionnaire section yet (`qcp questionnaire check` lists what to answer).",
            TextStyle::Muted,
        ));
    } else {
        let c = crate::questionnaire::completeness_in(app, rules, schedule);
        // The same checks and wording as `qcp questionnaire check`.
        let errors = findings
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .filter(|f| {
                crate::codes::lookup(f.code)
                    .is_some_and(|i| crate::checks::Selection::QUESTIONNAIRE.includes(i.family))
            })
            .count();
        blocks.push(para(
            format!(
                "Overall {} complete; questionnaire {}.",
                c.percent(),
                crate::questionnaire::verdict(&c, errors)
            ),
            TextStyle::Bold,
        ));
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Section", 3.0, Align::Left),
                Column::new("Answered", 1.5, Align::Right),
                Column::new("Complete", 1.5, Align::Right),
                Column::new("Still to answer", 5.0, Align::Left),
            ],
            rows: c
                .sections
                .iter()
                .map(|s| {
                    Row::new([
                        s.section.label().to_owned(),
                        format!("{} of {}", s.answered, s.total),
                        s.percent.to_string(),
                        if s.missing.is_empty() {
                            "—".to_owned()
                        } else {
                            s.missing
                                .iter()
                                .map(|m| m.label.as_str())
                                .collect::<Vec<_>>()
                                .join("; ")
                        },
                    ])
                })
                .collect(),
        }));
    }
    Section {
        title: "Questionnaire".into(),
        covers: vec!["questionnaire"],
        blocks,
    }
}

/// The pre-survey documents checklist against `catalog`: overall and per-domain completion.
#[must_use]
pub fn documents(
    app: &Application,
    catalog: &Catalog,
    states: &crate::checklist::DocStates,
) -> Section {
    let c = crate::checklist::build(app, catalog, &|d| states.of(&d.file));
    let present = c
        .items
        .iter()
        .filter(|i| i.status == crate::checklist::Status::Present)
        .count();
    let mut blocks = vec![para(
        format!(
            "{present} of {} upload slots have a document with a summary ({} complete; catalog {}).",
            c.items.len(),
            c.percent,
            c.catalog
        ),
        TextStyle::Bold,
    )];
    if app.documents.is_none() {
        blocks.push(para(
            "No documents section yet (`qcp checklist` lists the slots to fill).",
            TextStyle::Muted,
        ));
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Domain", 4.0, Align::Left),
            Column::new("Present", 1.5, Align::Right),
            Column::new("Complete", 1.5, Align::Right),
        ],
        rows: c
            .domains
            .iter()
            .map(|d| {
                let title = catalog
                    .domains()
                    .iter()
                    .find(|x| x.number == d.domain)
                    .map_or_else(String::new, |x| format!(" {}", x.title));
                Row::new([
                    format!("Domain {}{title}", d.domain),
                    format!("{} of {}", d.present, d.total),
                    d.percent.to_string(),
                ])
            })
            .collect(),
    }));
    Section {
        title: "Pre-survey documents".into(),
        covers: vec!["documents"],
        blocks,
    }
}

/// The survey availability form: mode, preferred weekdays and the date options in order.
#[must_use]
pub fn survey(app: &Application) -> Section {
    let mut blocks = Vec::new();
    match &app.survey {
        None => blocks.push(para(
            "No survey section yet (`qcp survey suggest FILE --write` proposes date options).",
            TextStyle::Muted,
        )),
        Some(s) => {
            let mut kv = Vec::new();
            if let Some(m) = s.mode {
                let mode = match m {
                    crate::model::survey::SurveyMode::Virtual => "virtual",
                    crate::model::survey::SurveyMode::InPerson => "in person",
                };
                kv.push(("Mode".to_owned(), mode.to_owned()));
            }
            if let Some(d) = s.form_date {
                kv.push(("Form date".to_owned(), d.to_string()));
            }
            if !s.preferred_weekdays.is_empty() {
                kv.push((
                    "Preferred weekdays".to_owned(),
                    s.preferred_weekdays
                        .iter()
                        .map(|w| weekday_name(*w))
                        .collect::<Vec<_>>()
                        .join(", "),
                ));
            }
            if let Some(d) = s.survey_date {
                kv.push(("Agreed survey date".to_owned(), d.to_string()));
            }
            if !kv.is_empty() {
                blocks.push(Block::KeyValues(kv));
            }
            if s.options.is_empty() {
                blocks.push(para("No date options yet.", TextStyle::Muted));
            } else {
                blocks.push(Block::Table(Table {
                    columns: vec![
                        Column::new("Preference", 1.0, Align::Right),
                        Column::new("Date option", 4.0, Align::Left),
                    ],
                    rows: s
                        .options
                        .iter()
                        .zip(1..)
                        .map(|(o, n): (_, u32)| {
                            Row::new([
                                n.to_string(),
                                if o.single || o.from == o.to {
                                    o.from.to_string()
                                } else {
                                    format!("{} to {}", o.from, o.to)
                                },
                            ])
                        })
                        .collect(),
                }));
            }
        }
    }
    Section {
        title: "Site survey availability".into(),
        covers: vec!["survey"],
        blocks,
    }
}

/// The fee estimate from `schedule` (the embedded one or `--schedule`), or why none is possible.
#[must_use]
pub fn fee(app: &Application, rules: &RuleEdition, schedule: &FeeSchedule) -> Section {
    let (input, findings) = fees::input_of(app, rules, schedule);
    let est = input.and_then(|i| fees::estimate(&i, schedule).ok());
    let mut blocks = Vec::new();
    match est {
        None => {
            blocks.push(para("No fee estimate possible.", TextStyle::Bold));
            for f in &findings {
                blocks.push(para(
                    format!("{} ({})", f.message, f.hint),
                    TextStyle::Normal,
                ));
            }
        }
        Some(e) => {
            let cur = &e.schedule.currency;
            blocks.push(para(
                format!(
                    "Estimated fee {} (tier {}; {} site(s) administering chemotherapy; schedule {}).",
                    fees::money(cur, e.total),
                    e.tier,
                    e.sites,
                    e.schedule.id
                ),
                TextStyle::Bold,
            ));
            blocks.push(Block::Table(Table {
                columns: vec![
                    Column::new("Item", 5.0, Align::Left),
                    Column::new("Qty", 1.0, Align::Right),
                    Column::new("Unit", 2.0, Align::Right),
                    Column::new("Amount", 2.0, Align::Right),
                ],
                rows: e
                    .lines
                    .iter()
                    .map(|l| {
                        Row::new([
                            l.item.clone(),
                            l.quantity.to_string(),
                            fees::money(cur, l.unit),
                            fees::money(cur, l.amount),
                        ])
                    })
                    .collect(),
            }));
            if e.invoice_request.required {
                blocks.push(para(
                    format!(
                        "Invoice request required: {}.",
                        e.invoice_request.reasons.join("; ")
                    ),
                    TextStyle::Normal,
                ));
            }
            blocks.push(para(e.notice.clone(), TextStyle::Muted));
        }
    }
    Section {
        title: "Fee estimate".into(),
        covers: vec!["payment"],
        blocks,
    }
}

/// Every contributed section, in milestone order (questionnaire 4, fee 5, documents 6, survey 7).
#[must_use]
pub fn all(
    app: &Application,
    rules: &RuleEdition,
    catalog: &Catalog,
    schedule: &FeeSchedule,
    states: &crate::checklist::DocStates,
    findings: &[crate::Finding],
) -> Vec<Section> {
    let mut out = vec![
        questionnaire(app, rules, schedule, findings),
        fee(app, rules, schedule),
        documents(app, catalog, states),
        survey(app),
    ];
    out.extend(super::readiness::app_section(app, catalog));
    out
}
