//! Text renderers: tables, rustc-style findings and JSON, all from a [`Report`].
//!
//! Renderers return strings; they never print. Colour is a parameter decided by the binary
//! (terminal, `NO_COLOR`, `--color`).

use std::fmt::Write as _;

use comfy_table::{ContentArrangement, Table, presets};

use crate::codes::CodeInfo;
use crate::eligibility::Status;
use crate::error::InputError;
use crate::finding::{Finding, Severity};
use crate::report::Report;
use crate::rules::RuleEdition;
use crate::source::SourceFile;
use crate::termsafe::escape;

pub mod app_sections;
pub mod bundle;
pub mod portfolio;
pub mod portfolio_html;
mod qopi;
pub mod readiness;
pub mod report_pdf;
mod status;
mod survey;

pub use portfolio::{portfolio, portfolio_ics};
pub use portfolio_html::portfolio_html;
pub use qopi::qopi_plan;
pub use status::{ics_events, status};
pub use survey::survey;

/// How to render text.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Maximum table width in columns.
    pub width: u16,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(self, s: Severity) -> String {
        let (code, word) = match s {
            Severity::Error => ("1;31", "error"),
            Severity::Warning => ("1;33", "warning"),
            Severity::Info => ("1;36", "info"),
        };
        self.paint(code, word)
    }
}

pub(crate) fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    t
}

/// Renders findings rustc-style, with a source snippet where a location is known.
#[must_use]
pub fn findings(
    findings: &[Finding],
    file: &str,
    source: Option<&SourceFile>,
    style: Style,
) -> String {
    let mut out = String::new();
    // Input text (keys, values, file names) never reaches the terminal raw: see termsafe.
    let file = escape(file);
    for f in findings {
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            style.severity(f.severity),
            f.code,
            style.paint("1", &escape(&f.message))
        );
        match f.location {
            Some(l) => {
                let _ = writeln!(out, "  --> {file}:{l}");
                if let Some(line) = source.and_then(|s| s.line(l.line)) {
                    let num = l.line.to_string();
                    let pad = " ".repeat(num.len());
                    let snip = crate::source::Snippet::of(line, l.column);
                    // Widths after escaping, so the carets stay under the escaped token.
                    let chars: Vec<char> = snip.text.chars().collect();
                    let cut = snip.caret_start.min(chars.len());
                    let end = (cut + snip.caret_len).min(chars.len());
                    let before: String = chars[..cut].iter().collect();
                    let token: String = chars[cut..end].iter().collect();
                    let start = escape(&before).chars().count();
                    let width = escape(&token).chars().count().max(1);
                    let _ = writeln!(out, "{pad} |");
                    let _ = writeln!(out, "{num} | {}", escape(&snip.text));
                    let marks = style.paint("1;31", &"^".repeat(width));
                    let _ = writeln!(out, "{pad} | {}{marks}", " ".repeat(start));
                }
            }
            None => {
                let _ = writeln!(out, "  --> {file}");
            }
        }
        if !f.path.is_empty() {
            let _ = writeln!(out, "   = at: {}", escape(&f.path));
        }
        if !f.hint.is_empty() {
            let _ = writeln!(out, "   = hint: {}", escape(&f.hint));
        }
        if let Some(r) = &f.rule {
            let _ = writeln!(out, "   = rule: {r}");
        }
        if f.waived {
            let _ = writeln!(out, "   = waived by the recorded staff exception");
        }
        out.push('\n');
    }
    out
}

/// Renders an input error (exit status 2) rustc-style.
#[must_use]
pub fn input_error(e: &InputError, source: Option<&SourceFile>, style: Style) -> String {
    findings(&e.problems, &e.path.display().to_string(), source, style)
}

fn status_text(s: Status, style: Style) -> String {
    match s {
        Status::Pass => style.paint("32", "pass"),
        Status::Fail => style.paint("1;31", "FAIL"),
        Status::Warn => style.paint("33", "warn"),
        Status::Waived => style.paint("33", "waived"),
        Status::NotApplicable => "n/a".to_owned(),
        Status::Pending => style.paint("36", "pending"),
    }
}

/// The report for people: a criteria table (eligibility), the findings, and a verdict line.
#[must_use]
pub fn human(report: &Report, source: Option<&SourceFile>, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} (rules {}, as of {})",
        escape(&report.practice),
        escape(&report.file),
        report.edition.id,
        report.as_of
    );
    if let Some(e) = &report.eligibility {
        let mut t = table(style);
        t.set_header(vec!["criterion", "your figure", "requirement", "result"]);
        for c in &e.criteria {
            // comfy-table measures ANSI escapes as text, so colour stays out of cells.
            let plain = Style {
                color: false,
                ..style
            };
            t.add_row(vec![
                c.criterion.clone(),
                c.yours.clone(),
                c.requirement.clone(),
                status_text(c.status, plain),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    if let Some(q) = &report.questionnaire {
        out.push_str(&q.render());
    }
    if let Some(f) = &report.fee {
        out.push_str(&f.render());
    }
    if !report.findings.is_empty() {
        out.push('\n');
        out.push_str(&findings(&report.findings, &report.file, source, style));
    }
    let s = report.summary;
    let verdict_color = match report.worst() {
        Some(Severity::Error) => "1;31",
        Some(Severity::Warning) => "1;33",
        _ => "1;32",
    };
    let _ = writeln!(
        out,
        "{} ({} error(s), {} warning(s), {} info)",
        style.paint(verdict_color, &report.verdict),
        s.errors,
        s.warnings,
        s.infos
    );
    out
}

/// The report as pretty JSON (shape: `docs/report-format.md`).
///
/// # Errors
/// Only if serialization fails, which the report's types rule out.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value).map(|mut s| {
        s.push('\n');
        s
    })
}

/// The explanation of one code, for `qcp explain`.
#[must_use]
pub fn explain(c: &CodeInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {}): {}\n",
        c.code,
        c.family.as_str(),
        c.severity,
        c.summary
    );
    let _ = writeln!(out, "{}\n", c.explanation);
    let _ = writeln!(out, "Example:\n");
    for l in c.example.lines() {
        let _ = writeln!(out, "    {l}");
    }
    let _ = writeln!(out, "\nHow to fix: {}\n", c.fix);
    let _ = writeln!(out, "Source: {}", c.source);
    out
}

/// The Markdown page of every code (`docs/findings.md`), generated from the code table.
#[must_use]
pub fn findings_markdown() -> String {
    let mut out = String::from(
        "# Finding codes\n\n<!-- Generated from src/codes.rs by `qcp explain --all --markdown`; a test keeps it in sync. -->\n\n\
         Every finding qcp reports has one of these stable codes. `qcp explain CODE` prints one entry.\n\
         Severity: `error` fails the run (exit 1; exit 2 for the `input` family), `warning` fails only with\n\
         `--deny warnings`, `info` never fails.\n\n| code | family | severity | summary |\n|---|---|---|---|\n",
    );
    for c in crate::codes::all() {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} | {3} |",
            c.code,
            c.family.as_str(),
            c.severity,
            c.summary
        );
    }
    for c in crate::codes::all() {
        let _ = writeln!(out, "\n## {}\n", c.code);
        let _ = writeln!(
            out,
            "*{} — {}.* {}\n",
            c.family.as_str(),
            c.severity,
            c.summary
        );
        let _ = writeln!(out, "{}\n", c.explanation);
        let _ = writeln!(out, "```yaml\n{}\n```\n", c.example);
        let _ = writeln!(out, "**Fix:** {}\n", c.fix);
        let _ = writeln!(out, "**Source:** {}", c.source);
    }
    out
}

/// The rule edition's figures as tables, for `qcp rules show`.
#[must_use]
pub fn rules(e: &RuleEdition, origin: &str, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Rule edition {} — {}", e.edition.id, e.edition.title);
    let _ = writeln!(
        out,
        "effective {}; loaded from {origin}",
        e.edition.effective
    );
    for s in &e.edition.sources {
        let _ = writeln!(out, "  source: {s}");
    }
    let el = &e.eligibility;
    let mut t = table(style);
    t.set_header(vec!["eligibility figure", "value"]);
    t.add_row(vec![
        "score threshold (inclusive)".to_owned(),
        format!("{} %", el.score_threshold),
    ]);
    t.add_row(vec![
        "hours per FTE".to_owned(),
        el.hours_per_fte.to_string(),
    ]);
    t.add_row(vec![
        "most recent unused rounds selectable".to_owned(),
        el.recent_unused_rounds.to_string(),
    ]);
    t.add_row(vec![
        "simultaneous: charts entered before survey".to_owned(),
        format!("{} % of the minimum", el.simultaneous_min_chart_percent),
    ]);
    t.add_row(vec![
        "QCP track required".to_owned(),
        el.require_qcp_track.to_string(),
    ]);
    t.add_row(vec![
        "webinar required before applying".to_owned(),
        el.require_webinar.to_string(),
    ]);
    t.add_row(vec![
        "certification countries".to_owned(),
        el.countries.join(", "),
    ]);
    // QOPI participation is a different, wider list (S2, S4): shown apart so the two are never
    // read as one.
    let q = e.qopi_countries();
    t.add_row(vec![
        "QOPI participation countries (not certification)".to_owned(),
        format!("{} ({})", q.countries.join(", "), q.basis),
    ]);
    t.add_row(vec![
        "US territories (QOPI participation)".to_owned(),
        el.us_territories.join(", "),
    ]);
    t.add_row(vec![
        "US territory certified as the US (data choice)".to_owned(),
        el.us_territories_certified_as_us.to_string(),
    ]);
    t.add_row(vec![
        "staff exception waives".to_owned(),
        el.exception_waives.join(", "),
    ]);
    let _ = writeln!(out, "\n{t}");
    let mut t = table(style);
    t.set_header(vec!["FTE", "minimum unique charts"]);
    for tier in &el.unique_charts {
        let range = match tier.below_fte {
            Some(b) => format!("{} ≤ FTE < {}", tier.min_fte.trimmed(), b.trimmed()),
            None => format!("FTE ≥ {}", tier.min_fte.trimmed()),
        };
        t.add_row(vec![range, tier.charts.to_string()]);
    }
    let _ = writeln!(out, "\n{t}");
    let mut t = table(style);
    t.set_header(vec![
        "round id",
        "label",
        "opens",
        "closes",
        "score valid until",
    ]);
    for r in &e.rounds {
        let (until, fallback) = e.validity_end(r);
        t.add_row(vec![
            r.id.clone(),
            r.label.clone(),
            r.opens.to_string(),
            r.closes.to_string(),
            format!("{until}{}", if fallback { " (fallback)" } else { "" }),
        ]);
    }
    let _ = writeln!(out, "\n{t}");
    // The other tables (survey, deadlines, agreements, documents, ccr, …) are shown from their
    // serialized form, so a table added to the edition appears here without new code.
    if let Ok(serde_json::Value::Object(all)) = serde_json::to_value(e) {
        for (name, value) in all {
            if matches!(name.as_str(), "edition" | "eligibility" | "rounds") {
                continue;
            }
            let serde_json::Value::Object(fields) = value else {
                continue;
            };
            let mut t = table(style);
            t.set_header(vec![format!("[{name}] figure"), "value".to_owned()]);
            for (k, v) in fields {
                t.add_row(vec![k, plain_value(&v)]);
            }
            let _ = writeln!(out, "\n{t}");
        }
    }
    let mut t = table(style);
    t.set_header(vec!["figure", "standing", "source"]);
    for key in crate::rules::FIGURE_KEYS {
        match e.provenance_of(key) {
            Some(p) => t.add_row(vec![
                (*key).to_owned(),
                p.standing.label().to_owned(),
                p.source.clone(),
            ]),
            None => t.add_row(vec![
                (*key).to_owned(),
                "UNLABELLED".to_owned(),
                "the edition does not say what this figure rests on".to_owned(),
            ]),
        };
    }
    let _ = writeln!(out, "\nWhat each figure rests on ([provenance]):\n{t}");
    out
}

/// A JSON value as a person reads it: strings unquoted, lists comma-separated.
fn plain_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        // Tabs are listed one per line; other lists comma-separated.
        serde_json::Value::Array(a)
            if a.iter().all(|v| v.get("items").is_some()) && !a.is_empty() =>
        {
            a.iter().map(plain_value).collect::<Vec<_>>().join("\n")
        }
        serde_json::Value::Array(a) => a.iter().map(plain_value).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null => "–".to_owned(),
        // A figure with its provenance (`[qopi]`): the value, then its standing and source.
        serde_json::Value::Object(o) if o.contains_key("value") && o.contains_key("standing") => {
            format!(
                "{} ({}; {})",
                plain_value(&o["value"]),
                plain_value(&o["standing"]),
                o.get("source").map(plain_value).unwrap_or_default()
            )
        }
        // A questionnaire tab (`[[questionnaire.tab]]`): its name, then the items it holds.
        serde_json::Value::Object(o) if o.contains_key("name") && o.contains_key("items") => {
            format!("{} ({})", plain_value(&o["name"]), plain_value(&o["items"]))
        }
        other => other.to_string(),
    }
}
