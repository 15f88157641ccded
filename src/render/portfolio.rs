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

/// "in 3 day(s)", "today", "LATE by 12 day(s)".
///
/// A late deadline leads with LATE so that, in a column headed "days left", the count is never
/// read as days still to go.
#[must_use]
pub fn days_text(days_left: i64, late: bool) -> String {
    match days_left {
        0 => "today".to_owned(),
        n if n < 0 && late => format!("LATE by {} day(s)", -n),
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

/// "83.33 % (3/22 rated)": the self-assessment's figure and how many standards it rates, so three
/// rated standards never read as a practice 83 % ready; "–" when not recorded.
#[must_use]
pub fn readiness_text(r: &Row) -> String {
    r.readiness.map_or_else(
        || "–".to_owned(),
        |p| {
            format!(
                "{p} ({}/{} rated)",
                r.readiness_rated, r.readiness_standards
            )
        },
    )
}

/// "3 warning(s)" when there are any: warnings are not blockers, but they are not hidden.
#[must_use]
pub fn warnings_text(r: &Row) -> Option<String> {
    (r.summary.warnings > 0).then(|| format!("{} warning(s)", r.summary.warnings))
}

/// The program's earliest expected date already passed with nothing recorded:
/// "QCP overdue since 2026-12-17: QCP staff issue the invoice (expected)". The practice is
/// waiting on the program, which is not the practice's LATE.
#[must_use]
pub fn program_overdue_text(r: &Row) -> Option<String> {
    r.timeline.iter().find(|t| t.overdue).map(|t| {
        // Overdue says it was expected: the title's own "(expected)" would say it twice.
        let title = t.title.strip_suffix(" (expected)").unwrap_or(&t.title);
        format!("QCP overdue since {}: {title}", t.date)
    })
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
    // The files' common folder is said once, in the title line; the table then names each
    // file under that folder, short enough not to be cut mid-word.
    let dir = common_dir(p.rows.iter().map(|r| r.file.as_str()));
    let within = if dir.is_empty() {
        String::new()
    } else {
        format!(" in {}", escape(dir))
    };
    let _ = writeln!(
        out,
        "Portfolio of {} file(s){within} (rules {}, calendar {}, as of {})",
        p.summary.files, p.edition.id, p.calendar, p.as_of
    );
    let header = [
        "practice",
        "stage",
        "next deadline",
        "days left",
        "blockers",
        "ready",
        "expires",
    ];
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(p.rows.len());
    for r in &p.rows {
        let file = escape(r.file.strip_prefix(dir).unwrap_or(&r.file));
        let name = match (&r.practice, &r.unusable) {
            (Some(n), _) => format!("{}\n{file}", escape(n)),
            (None, _) => format!("UNUSABLE\n{file}"),
        };
        if let Some(u) = &r.unusable {
            let at = u.location.map_or_else(String::new, |l| format!(" at {l}"));
            cells.push(vec![
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
        let (mut next, days) = r.next_deadline.as_ref().map_or_else(
            || ("none".to_owned(), "–".to_owned()),
            |d| {
                (
                    format!("{} {}", d.date, escape(&d.title)),
                    days_text(d.days_left, d.late),
                )
            },
        );
        if let Some(o) = program_overdue_text(r) {
            let _ = write!(next, "\n{}", escape(&o));
        }
        let mut blockers = blockers_text(r);
        if let Some(w) = warnings_text(r) {
            let _ = write!(blockers, "\n+ {w}");
        }
        let cert = r.certification.as_ref().map_or_else(
            || "–".to_owned(),
            |c| {
                let mut s = c.expires.to_string();
                if let (Some(o), Some(cl)) = (c.window_opens, c.window_closes) {
                    let _ = write!(s, "\nre-certify {o} to {cl}");
                }
                if let Some(w) = c.window {
                    let _ = write!(s, " ({})", w.describe());
                }
                s
            },
        );
        cells.push(vec![
            name,
            stage_text(r),
            next,
            days,
            blockers,
            readiness_text(r),
            cert,
        ]);
    }
    let mut t = super::table(style);
    t.set_header(header);
    keep_words_whole(&mut t, &header, &cells, style.width);
    for c in cells {
        t.add_row(c);
    }
    let _ = writeln!(out, "{}", paint_markers(&t.to_string(), style));
    let s = p.summary;
    let _ = writeln!(
        out,
        "{} practice(s), {} unusable file(s), {} with blockers, {} with a late deadline, {} waiting on QCP past its date",
        s.practices,
        s.unusable,
        s.with_blockers,
        s.late,
        p.rows.iter().filter(|r| r.program_overdue > 0).count()
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

/// Colours the table's markers once it is laid out (the table measures text, and escape
/// sequences would count as width): LATE and UNUSABLE in red, "QCP overdue" in yellow. Only
/// whole words are painted, and nothing at all without colour; the words themselves carry
/// the meaning.
fn paint_markers(table: &str, style: Style) -> String {
    if !style.color {
        return table.to_owned();
    }
    let mut out = String::with_capacity(table.len());
    let mut rest = table;
    'scan: while !rest.is_empty() {
        for (word, code) in [
            ("LATE", "1;31"),
            ("UNUSABLE", "1;31"),
            ("QCP overdue", "33"),
        ] {
            if let Some(after) = rest.strip_prefix(word) {
                let before_ok = !out.chars().next_back().is_some_and(char::is_alphanumeric);
                let after_ok = !after.chars().next().is_some_and(char::is_alphanumeric);
                if before_ok && after_ok {
                    out.push_str(&style.paint(code, word));
                    rest = after;
                    continue 'scan;
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// The folder part (up to and including a `/`) that every file path starts with, or "".
/// Each file keeps a name of its own: the folder never reaches past a file's last `/`.
fn common_dir<'a>(mut files: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = files.next() else {
        return "";
    };
    let rest: Vec<&str> = files.collect();
    // Every `/` of the first path ends a candidate folder; the longest shared one wins.
    first
        .match_indices('/')
        .rev()
        .map(|(i, _)| &first[..=i])
        .find(|d| rest.iter().all(|f| f.starts_with(d)))
        .unwrap_or("")
}

/// Asks the table to give each column at least the width of its longest word (a date, a
/// family name such as "questionnaire"), so a narrow terminal wraps between words rather than
/// inside one. Long words are capped, at 18 characters and less while the columns do not fit,
/// never below a date's 10; when even that does not fit, the table keeps its own arrangement.
fn keep_words_whole(t: &mut comfy_table::Table, header: &[&str], rows: &[Vec<String>], width: u16) {
    let longest = |s: &str| {
        s.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    let words: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| longest(c))
                .chain([longest(h)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    for cap in (10..=18).rev() {
        let mins: Vec<usize> = words.iter().map(|w| (*w).min(cap)).collect();
        // Each column has a space either side and a border after it; the table one more border.
        let needed: usize = mins.iter().map(|m| m + 3).sum::<usize>() + 1;
        if needed > usize::from(width) {
            continue;
        }
        for (i, m) in mins.into_iter().enumerate() {
            // The boundary counts the column's padding (a space either side) as well.
            if let (Some(c), Ok(m)) = (t.column_mut(i), u16::try_from(m + 2)) {
                c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(m),
                ));
            }
        }
        return;
    }
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
        assert_eq!(days_text(-3, true), "LATE by 3 day(s)");
        // Near miss: a passed date for information is not late.
        assert_eq!(days_text(-3, false), "3 day(s) ago");
        assert_eq!(days_text(0, false), "today");
        assert_eq!(days_text(4, false), "in 4 day(s)");
    }

    #[test]
    fn the_shared_folder_is_said_once_and_every_file_keeps_its_name() {
        let files = ["examples/clients/a.yaml", "examples/clients/lake/b.yaml"];
        assert_eq!(common_dir(files.into_iter()), "examples/clients/");
        // Near misses: a shared prefix that is not a whole folder name is not a folder, and a
        // single file keeps its folder out of the name but never loses its own name.
        let files = [
            "clients/north.yaml",
            "clients/northgate.yaml",
            "clientsb/x.yaml",
        ];
        assert_eq!(common_dir(files.into_iter()), "");
        assert_eq!(common_dir(["c/ü/x.yaml"].into_iter()), "c/ü/");
        assert_eq!(common_dir(["x.yaml", "c/y.yaml"].into_iter()), "");
        assert_eq!(common_dir(std::iter::empty()), "");
    }

    #[test]
    fn a_narrow_table_wraps_between_words_not_inside_them() {
        let header = ["practice", "certification"];
        let rows = vec![vec![
            "North\nnorth.yaml".to_owned(),
            "expires 2027-09-30".to_owned(),
        ]];
        let render = |width: u16| {
            let mut t = crate::render::table(Style {
                color: false,
                width,
            });
            t.set_header(header);
            keep_words_whole(&mut t, &header, &rows, width);
            t.add_row(rows[0].clone());
            t.to_string()
        };
        let narrow = render(32);
        for word in ["north.yaml", "certification", "2027-09-30"] {
            assert!(narrow.contains(word), "{word} cut:\n{narrow}");
        }
        // Near miss: too narrow for the longest words, the table keeps its own arrangement
        // (and still fits the width) rather than overflowing the terminal.
        let tiny = render(20);
        assert!(tiny.lines().all(|l| l.chars().count() <= 20), "{tiny}");
        assert!(!tiny.contains("certification"), "{tiny}");
    }

    #[test]
    fn markers_are_painted_only_as_whole_words_and_only_with_colour() {
        let on = Style {
            color: true,
            width: 100,
        };
        let t = "│ LATE by 3 day(s) ┆ QCP overdue since ┆ UNUSABLE │";
        let painted = paint_markers(t, on);
        assert!(
            painted.contains("\x1b[1;31mLATE\x1b[0m by 3"),
            "{painted:?}"
        );
        assert!(painted.contains("\x1b[33mQCP overdue\x1b[0m since"));
        assert!(painted.contains("\x1b[1;31mUNUSABLE\x1b[0m"));
        // Near misses: a word that merely contains the marker, and no colour at all.
        let plain = "│ PLATELET LATER Chocolate │";
        assert_eq!(paint_markers(plain, on), plain);
        assert_eq!(paint_markers(t, Style::default()), t);
    }

    #[test]
    fn file_slugs_keep_letters_and_digits() {
        assert_eq!(file_slug("clients/Twin A.yaml"), "clients-twin-a-yaml");
        assert_eq!(file_slug("./b.yml"), "b-yml");
    }
}
