//! `qcp status` and `qcp deadlines` as text, and their deadlines as iCalendar events.

use std::fmt::Write as _;

use comfy_table::{ContentArrangement, Table, presets};

use crate::ics::IcsEvent;
use crate::model::Application;
use crate::render::Style;
use crate::report::StatusReport;
use crate::source::SourceFile;
use crate::status::{Deadline, Who, practice_slug};

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    t
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

fn days_left(d: &Deadline) -> String {
    match d.days_left {
        0 => "today".to_owned(),
        n if n < 0 => format!("{} day(s) ago", -n),
        n => format!("in {n} day(s)"),
    }
}

fn deadline_table(list: &[Deadline], style: Style) -> String {
    let mut t = table(style);
    t.set_header(vec!["due", "when", "what", "who", "rule"]);
    for d in list {
        let date = match d.rolled_from {
            Some(r) => format!("{} (from {r})", d.date),
            None => d.date.to_string(),
        };
        let who = match d.who {
            Who::Practice => "practice",
            Who::Program => "QCP (expected)",
            Who::Info => "for information",
        };
        t.add_row(vec![
            date,
            days_left(d),
            d.title.clone(),
            who.to_owned(),
            d.rule.clone(),
        ]);
    }
    t.to_string()
}

/// Renders the report as text.
#[must_use]
pub fn status(r: &StatusReport, source: Option<&SourceFile>, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} (rules {}, calendar {}, as of {})",
        r.practice, r.file, r.edition.id, r.calendar, r.as_of
    );
    if !r.provisional.is_empty() {
        let _ = writeln!(out, "provisional: {}", r.provisional.join("; "));
    }
    if !r.milestones.is_empty() {
        let mut t = table(style);
        t.set_header(vec![
            "#",
            "milestone",
            "who",
            "state",
            "%",
            "done",
            "due",
            "note",
        ]);
        for m in &r.milestones {
            t.add_row(vec![
                m.number.to_string(),
                m.name.to_owned(),
                m.actor.to_owned(),
                m.state.describe().to_owned(),
                m.percent.map_or_else(|| "–".to_owned(), |p| p.to_string()),
                opt(m.done),
                opt(m.due),
                m.note.clone(),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    if r.command == "status" {
        if r.next_actions.is_empty() {
            let _ = writeln!(out, "\nNext actions: none with a due date.");
        } else {
            let _ = writeln!(
                out,
                "\nNext actions:\n{}",
                deadline_table(&r.next_actions, style)
            );
        }
    } else if r.deadlines.is_empty() {
        let _ = writeln!(out, "No upcoming due dates.");
    } else {
        let _ = writeln!(out, "{}", deadline_table(&r.deadlines, style));
    }
    if !r.findings.is_empty() {
        out.push('\n');
        out.push_str(&crate::render::findings(
            &r.findings,
            &r.file,
            source,
            style,
        ));
    }
    let s = r.summary;
    let _ = writeln!(
        out,
        "{} error(s), {} warning(s), {} info",
        s.errors, s.warnings, s.infos
    );
    out
}

/// One all-day event per deadline of the report, with UIDs `<kind>.<practice>@qcp` that stay the
/// same when a date moves, so a re-import updates events instead of duplicating them.
#[must_use]
pub fn ics_events(r: &StatusReport, app: &Application) -> Vec<IcsEvent> {
    let slug = practice_slug(app);
    r.deadlines
        .iter()
        .map(|d| {
            let mut description = format!(
                "{} — {}.\nRule: {} ({}",
                d.title, r.practice, d.rule, d.source
            );
            let _ = write!(description, "; edition {})", r.edition.id);
            if let Some(f) = d.rolled_from {
                let _ = write!(
                    description,
                    "\nMoved from {f} to the next business day (calendar {}).",
                    r.calendar
                );
            }
            IcsEvent {
                uid: match &d.subject {
                    Some(s) => format!("{}.{s}.{slug}@qcp", d.kind),
                    None => format!("{}.{slug}@qcp", d.kind),
                },
                date: d.date,
                summary: format!("QCP: {}", d.title),
                description,
                categories: vec![
                    "QCP".to_owned(),
                    match d.who {
                        Who::Practice => "practice",
                        Who::Program => "program",
                        Who::Info => "information",
                    }
                    .to_owned(),
                ],
            }
        })
        .collect()
}
