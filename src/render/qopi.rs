//! `qcp qopi plan` as text: the round's dates and chart needs as a table, then the findings.

use std::fmt::Write as _;

use crate::report::QopiPlanReport;

/// Renders the round plan as text.
#[must_use]
pub fn qopi_plan(
    r: &QopiPlanReport,
    source: Option<&crate::source::SourceFile>,
    style: crate::render::Style,
) -> String {
    let base = crate::render::human(&r.report, source, style);
    let (head, rest) = base.split_once('\n').unwrap_or((&base, ""));
    let mut out = format!("{head}\n");
    let p = &r.plan;
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(style.width);
    t.set_header(vec!["round", p.round.as_str(), "rule"]);
    let date =
        |d: Option<crate::units::Date>| d.map_or_else(|| "unknown".to_owned(), |d| d.to_string());
    let src = |recorded: bool| {
        if recorded {
            "dates recorded by the practice"
        } else {
            "round calendar"
        }
    };
    if let Some(d) = &p.dates {
        t.add_row(vec!["label".to_owned(), d.label.clone(), String::new()]);
    }
    t.add_row(vec![
        "register by (new practice)".to_owned(),
        date(p.registration_deadline),
        "qopi.registration_lead_months".to_owned(),
    ]);
    t.add_row(vec![
        "data collection opens".to_owned(),
        date(p.dates.as_ref().map(|d| d.opens)),
        src(p.dates.as_ref().is_some_and(|d| d.recorded)).to_owned(),
    ]);
    t.add_row(vec![
        "data collection closes".to_owned(),
        date(p.dates.as_ref().map(|d| d.closes)),
        src(p.dates.as_ref().is_some_and(|d| d.recorded)).to_owned(),
    ]);
    t.add_row(vec![
        "performance report expected".to_owned(),
        date(p.report_expected),
        "qopi.report_after_close_weeks".to_owned(),
    ]);
    if p.listed {
        let mut chosen: Vec<String> = p.modules.clone();
        chosen.extend(p.tracks.iter().map(|t| match t {
            crate::model::qopi::Track::QcpCertification => "QCP Certification Track".to_owned(),
            crate::model::qopi::Track::Fellowship => "Fellowship track".to_owned(),
        }));
        t.add_row(vec![
            "modules and tracks".to_owned(),
            chosen.join(", "),
            "qopi.participation".to_owned(),
        ]);
    }
    for n in &p.needs {
        t.add_row(vec![n.what.clone(), n.charts.to_string(), n.rule.clone()]);
    }
    t.add_row(vec![
        "charts to abstract (the largest need)".to_owned(),
        p.charts.to_string(),
        String::new(),
    ]);
    t.add_row(vec![
        "abstraction effort, hours".to_owned(),
        p.hours.trimmed(),
        p.hours_rule.clone(),
    ]);
    let _ = writeln!(out, "{t}");
    if !p.listed {
        let _ = writeln!(
            out,
            "The file does not list {} under qopi.participation: modules, physician-level reporting and fellowship needs are not counted.",
            p.round
        );
    }
    out.push_str(rest);
    out
}
