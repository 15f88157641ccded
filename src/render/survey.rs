//! `qcp survey check` as text.

use std::fmt::Write as _;

use crate::model::survey::weekday_name;
use crate::report::SurveyReport;

/// Renders the survey report as text.
#[must_use]
pub fn survey(
    r: &SurveyReport,
    source: Option<&crate::source::SourceFile>,
    style: crate::render::Style,
) -> String {
    let base = crate::render::human(&r.report, source, style);
    let (head, rest) = base.split_once('\n').unwrap_or((&base, ""));
    let mut out = format!("{head}\n");
    if let Some(w) = &r.window {
        let _ = writeln!(
            out,
            "Lead time from {} {}: earliest {}, recommended from {}{}",
            w.anchor_source,
            w.anchor,
            w.earliest,
            w.recommended,
            w.latest
                .map(|l| format!(", latest without consent {l}"))
                .unwrap_or_default()
        );
    }
    if !r.options.is_empty() {
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_width(style.width);
        t.set_header(vec!["#", "option", "result", "findings"]);
        for (i, o) in r.options.iter().enumerate() {
            let span = if o.from == o.to {
                format!("{} ({})", o.from, weekday_name(o.from.weekday()))
            } else {
                format!("{} to {}", o.from, o.to)
            };
            t.add_row(vec![
                (i + 1).to_string(),
                span,
                o.result.to_owned(),
                o.codes.join(", "),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out.push_str(rest);
    out
}
