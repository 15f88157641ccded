//! `qcp portfolio` as text, and every practice's deadlines as one merged calendar.
//!
//! Text from the files (practice names, round ids in deadline titles) goes through
//! [`crate::termsafe::escape`] before it reaches a terminal.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::ics::IcsEvent;
use crate::portfolio::{Entry, Portfolio, Row};
use crate::render::Style;
use crate::termsafe::escape;

/// "in 3 day(s)", "today", "12 day(s) LATE".
#[must_use]
pub fn days_text(days_left: i64, late: bool) -> String {
    match days_left {
        0 => "today".to_owned(),
        n if n < 0 && late => format!("{} day(s) LATE", -n),
        n if n < 0 => format!("{} day(s) ago", -n),
        n => format!("in {n} day(s)"),
    }
}

/// "documents 2, status 1", or "none".
#[must_use]
pub fn blockers_text(r: &Row) -> String {
    if r.blockers.is_empty() {
        return "none".to_owned();
    }
    r.blockers
        .iter()
        .map(|b| format!("{} {}", b.family.as_str(), b.errors))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stage as "12 Implementation evidence (in progress)".
#[must_use]
pub fn stage_text(r: &Row) -> String {
    r.stage.as_ref().map_or_else(
        || "–".to_owned(),
        |s| format!("{} {} ({})", s.number, s.name, s.state.describe()),
    )
}

/// Renders the portfolio as a table, then the unusable files with their located problem.
#[must_use]
pub fn portfolio(p: &Portfolio, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Portfolio of {} file(s) (rules {}, calendar {}, as of {})",
        p.summary.files, p.edition.id, p.calendar, p.as_of
    );
    let mut t = super::table(style);
    t.set_header(vec![
        "practice",
        "stage",
        "next deadline",
        "days left",
        "blockers",
        "readiness",
        "certification",
    ]);
    for r in &p.rows {
        let name = match (&r.practice, &r.unusable) {
            (Some(n), _) => format!("{}\n{}", escape(n), escape(&r.file)),
            (None, _) => format!("UNUSABLE\n{}", escape(&r.file)),
        };
        if let Some(u) = &r.unusable {
            let at = u.location.map_or_else(String::new, |l| format!(" at {l}"));
            t.add_row(vec![
                name,
                format!("{}{at}: {}", u.code, u.message),
                "–".into(),
                "–".into(),
                "–".into(),
                "–".into(),
                "–".into(),
            ]);
            continue;
        }
        let (next, days) = r.next_deadline.as_ref().map_or_else(
            || ("none".to_owned(), "–".to_owned()),
            |d| {
                (
                    format!("{} {}", d.date, escape(&d.title)),
                    days_text(d.days_left, d.late),
                )
            },
        );
        let cert = r.certification.as_ref().map_or_else(
            || "–".to_owned(),
            |c| {
                let mut s = format!("expires {}", c.expires);
                if let (Some(o), Some(cl)) = (c.window_opens, c.window_closes) {
                    let _ = write!(s, "\nre-certify {o} to {cl}");
                }
                if let Some(w) = c.window {
                    let _ = write!(s, " ({})", w.describe());
                }
                s
            },
        );
        t.add_row(vec![
            name,
            stage_text(r),
            next,
            days,
            blockers_text(r),
            r.readiness
                .map_or_else(|| "not recorded".to_owned(), |p| p.to_string()),
            cert,
        ]);
    }
    let _ = writeln!(out, "{t}");
    let s = p.summary;
    let _ = writeln!(
        out,
        "{} practice(s), {} unusable file(s), {} with blockers, {} with a late deadline",
        s.practices, s.unusable, s.with_blockers, s.late
    );
    out
}

/// Every practice's deadlines as calendar events: for each practice the events
/// `qcp deadlines --ics` writes for it (same UIDs, so importing both never duplicates an
/// event). Two practices whose identifiers coincide (same name, no program id) are told apart
/// by their file name in the UID, so every UID stays unique and stable.
#[must_use]
pub fn portfolio_ics(p: &Portfolio, entries: &[Entry]) -> Vec<IcsEvent> {
    let slugs: Vec<Option<String>> = entries
        .iter()
        .map(|e| e.app.as_ref().map(crate::status::practice_slug))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for s in slugs.iter().flatten() {
        *seen.entry(s.as_str()).or_default() += 1;
    }
    let mut out = Vec::new();
    for ((row, entry), slug) in p.rows.iter().zip(entries).zip(&slugs) {
        let (Some(r), Some(app), Some(slug)) = (&row.deadlines, &entry.app, slug) else {
            continue;
        };
        let shared = seen.get(slug.as_str()).is_some_and(|n| *n > 1);
        for mut ev in super::ics_events(r, app) {
            if shared {
                let tail = format!("{slug}@qcp");
                if let Some(head) = ev.uid.strip_suffix(&tail) {
                    ev.uid = format!("{head}{slug}.{}@qcp", file_slug(&row.file));
                }
            }
            ev.summary = format!("{} — {}", ev.summary, app.practice.name);
            out.push(ev);
        }
    }
    // File names that differ only in case or punctuation could still collide: number the
    // later ones, in file order (stable while the folder's files stay the same).
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for ev in &mut out {
        if !used.insert(ev.uid.clone()) {
            let head = ev.uid.strip_suffix("@qcp").unwrap_or(&ev.uid).to_owned();
            let mut n = 2;
            while used.contains(&format!("{head}.{n}@qcp")) {
                n += 1;
            }
            ev.uid = format!("{head}.{n}@qcp");
            used.insert(ev.uid.clone());
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.uid.cmp(&b.uid)));
    out
}

/// Letters and digits of a file path, lowercased, others as single dashes.
fn file_slug(file: &str) -> String {
    let mut s = String::new();
    for c in file.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_says_late_in_words_only_for_a_late_deadline() {
        assert_eq!(days_text(-3, true), "3 day(s) LATE");
        // Near miss: a passed date for information is not late.
        assert_eq!(days_text(-3, false), "3 day(s) ago");
        assert_eq!(days_text(0, false), "today");
        assert_eq!(days_text(4, false), "in 4 day(s)");
    }

    #[test]
    fn file_slugs_keep_letters_and_digits() {
        assert_eq!(file_slug("clients/Twin A.yaml"), "clients-twin-a-yaml");
        assert_eq!(file_slug("./b.yml"), "b-yml");
    }
}
