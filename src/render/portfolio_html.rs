//! `qcp portfolio --html`: one self-contained static page.
//!
//! Inline CSS only: no script, no network, no external asset, so the page opens from a shared
//! drive and prints. Accessible: real headings, a table with `<th scope>`, and every state
//! (late, unusable, blockers) said in words, with colour only as a second signal. Every piece
//! of text from the files (practice names, file names, titles) is escaped.

use std::fmt::Write as _;

use crate::portfolio::{Portfolio, Row, TimelineKind};
use crate::render::portfolio::{
    blockers_text, days_text, program_overdue_text, readiness_text, stage_text, warnings_text,
};
use crate::status::Who;
use crate::units::Date;

/// Escapes text for HTML element content and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a page; show them as a visible mark.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 1.5rem;
  color: #1a1a1a; background: #fff; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .25rem; }
h4 { font-size: 1rem; margin: .75rem 0 .25rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
tbody th { font-weight: 600; }
.file { display: block; font-weight: normal; font-size: .8rem; color: #555; }
.late { color: #b00020; font-weight: 700; }
.unusable { color: #b00020; font-weight: 700; }
.overdue { color: #8a5a00; font-weight: 700; }
.warnings { display: block; color: #555; }
.ok { color: #1b5e20; }
.muted { color: #555; }
ol.timeline { list-style: none; padding-left: 0; margin: 0; }
ol.timeline li { padding: .15rem 0 .15rem .75rem; border-left: 3px solid #9aa5b1; }
ol.timeline li.is-late { border-left-color: #b00020; }
ol.timeline li.is-done { border-left-color: #2e7d32; }
ol.timeline li.is-overdue { border-left-color: #8a5a00; }
ol.timeline li.today { border-left: 3px dashed #1a1a1a; font-weight: 700; }
ol.timeline time { font-variant-numeric: tabular-nums; margin-right: .5rem; }
.bars { list-style: none; padding: 0; margin: 0; max-width: 52rem; }
.bars li { display: grid; grid-template-columns: 24rem 1fr 10rem; gap: .5rem; align-items: center; }
.bar { height: .8rem; border: 1px solid #555; background: #fff; }
.bar span { display: block; height: 100%; background: #3b6ea5; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
article + article { border-top: 1px solid #ddd; }
footer { margin-top: 2rem; font-size: .8rem; color: #555; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9.5pt; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, li, dl { break-inside: avoid; }
  article { break-inside: avoid-page; }
  .late, .unusable, .overdue { color: #000; text-decoration: underline; }
  .bar { border-color: #000; }
  .bar span { background: #000; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
";

fn who(w: Option<Who>) -> &'static str {
    match w {
        Some(Who::Practice) => "practice",
        Some(Who::Program) => "QCP",
        Some(Who::Info) => "for information",
        None => "",
    }
}

/// The page.
#[must_use]
pub fn portfolio_html(p: &Portfolio, generator: &str) -> String {
    let mut h = String::new();
    let title = format!("QCP portfolio as of {}", p.as_of);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let s = p.summary;
    let _ = writeln!(
        h,
        "<p>Rules edition {} · calendar {} · {} practice(s), {} unusable file(s), {} with blockers, {} with a late deadline, {} waiting on QCP past its date.</p>\n</header>\n<main>",
        escape(&p.edition.id),
        escape(&p.calendar),
        s.practices,
        s.unusable,
        s.with_blockers,
        s.late,
        p.rows.iter().filter(|r| r.program_overdue > 0).count()
    );
    overview(&mut h, p);
    let _ = writeln!(
        h,
        "<section aria-labelledby=\"practices\">\n<h2 id=\"practices\">Practices</h2>"
    );
    for (i, r) in p.rows.iter().enumerate() {
        practice(&mut h, i, r, p.as_of);
    }
    let _ = writeln!(
        h,
        "</section>\n</main>\n<footer><p>Generated by {} as of {}. Late items are marked LATE; \
         QCP overdue marks a date the program was expected to act by that has passed; \
         colour is never the only signal. Readiness comes from each practice's self-assessment; \
         \"–\" means the file has none; the figure is followed by the standards rated of the catalog's.</p></footer>\n</body>\n</html>",
        escape(generator),
        p.as_of
    );
    h
}

fn overview(h: &mut String, p: &Portfolio) {
    let _ = writeln!(
        h,
        "<section aria-labelledby=\"overview\">\n<h2 id=\"overview\">Overview</h2>\n<table>\n\
         <caption>One row per practice: stage, next deadline, blockers, readiness, certification</caption>\n\
         <thead><tr><th scope=\"col\">Practice</th><th scope=\"col\">Stage</th>\
         <th scope=\"col\">Next deadline</th><th scope=\"col\">Days left</th>\
         <th scope=\"col\">Blockers (errors by check family)</th><th scope=\"col\">Readiness</th>\
         <th scope=\"col\">Certification expires</th><th scope=\"col\">Re-certification window</th></tr></thead>\n<tbody>"
    );
    for (i, r) in p.rows.iter().enumerate() {
        let name = r.practice.as_deref().unwrap_or("Unusable file");
        let _ = write!(
            h,
            "<tr><th scope=\"row\"><a href=\"#p{i}\">{}</a><span class=\"file\">{}</span></th>",
            escape(name),
            escape(&r.file)
        );
        if let Some(u) = &r.unusable {
            let at = where_in(u.location);
            let _ = writeln!(
                h,
                "<td colspan=\"7\"><strong class=\"unusable\">UNUSABLE</strong> {}{at}: {}</td></tr>",
                escape(u.code),
                escape(&u.message)
            );
            continue;
        }
        let _ = write!(h, "<td>{}</td>", escape(&stage_text(r)));
        match &r.next_deadline {
            Some(d) => {
                let late = if d.late {
                    " <strong class=\"late\">LATE</strong>"
                } else {
                    ""
                };
                let _ = write!(
                    h,
                    "<td><time datetime=\"{0}\">{0}</time> {1}{late}{2}</td><td{3}>{4}</td>",
                    d.date,
                    escape(&d.title),
                    overdue_html(r),
                    if d.late { " class=\"late\"" } else { "" },
                    escape(&days_text(d.days_left, d.late))
                );
            }
            None => {
                let _ = write!(h, "<td>none{}</td><td>–</td>", overdue_html(r));
            }
        }
        let _ = write!(
            h,
            "<td>{}{}</td><td>{}</td>",
            escape(&blockers_text(r)),
            warnings_text(r).map_or_else(String::new, |w| format!(
                "<span class=\"warnings\">+ {}</span>",
                escape(&w)
            )),
            escape(&readiness_text(r))
        );
        match &r.certification {
            Some(c) => {
                let window = match (c.window_opens, c.window_closes) {
                    (Some(o), Some(cl)) => format!(
                        "{o} to {cl}{}",
                        c.window
                            .map_or_else(String::new, |w| format!(" ({})", w.describe()))
                    ),
                    _ => "–".to_owned(),
                };
                let _ = writeln!(
                    h,
                    "<td><time datetime=\"{0}\">{0}</time></td><td>{1}</td></tr>",
                    c.expires,
                    escape(&window)
                );
            }
            None => h.push_str("<td>–</td><td>–</td></tr>\n"),
        }
    }
    let _ = writeln!(h, "</tbody>\n</table>\n</section>");
}

/// The program's overdue date in a cell: "QCP overdue" in words, on a line of its own.
fn overdue_html(r: &Row) -> String {
    program_overdue_text(r).map_or_else(String::new, |t| {
        let rest = t.strip_prefix("QCP overdue").unwrap_or(&t);
        format!(
            "<br><strong class=\"overdue\">QCP overdue</strong>{}",
            escape(rest)
        )
    })
}

/// What the expiry is counted from, in words: the rule's name and field paths stay in the
/// JSON ("as recorded", "36 months from the award").
fn basis_words(basis: &str) -> &str {
    if basis.ends_with("(as recorded)") {
        return "as recorded";
    }
    basis.split_once(": ").map_or(basis, |(_, words)| words)
}

/// " at line L, column C" for an unusable file's first problem, or nothing.
fn where_in(location: Option<crate::source::Location>) -> String {
    location.map_or_else(String::new, |l| {
        format!(" at line {}, column {}", l.line, l.column)
    })
}

fn practice(h: &mut String, i: usize, r: &Row, as_of: Date) {
    let name = r.practice.as_deref().unwrap_or("Unusable file");
    let _ = writeln!(
        h,
        "<article id=\"p{i}\" aria-labelledby=\"p{i}h\">\n<h3 id=\"p{i}h\">{}</h3>\n<p class=\"muted\">{}</p>",
        escape(name),
        escape(&r.file)
    );
    if let Some(u) = &r.unusable {
        let at = where_in(u.location);
        let _ = writeln!(
            h,
            "<p><strong class=\"unusable\">UNUSABLE</strong>: {} problem(s); the first is {}{at}: {}. \
             Run <code>qcp validate</code> on the file for every problem.</p>\n</article>",
            u.problems,
            escape(u.code),
            escape(&u.message)
        );
        return;
    }
    let _ = writeln!(
        h,
        "<dl class=\"facts\"><dt>Stage</dt><dd>{}</dd><dt>Blockers</dt><dd>{}</dd>\
         <dt>Findings</dt><dd>{} error(s), {} warning(s){}</dd></dl>",
        escape(&stage_text(r)),
        escape(&blockers_text(r)),
        r.summary.errors,
        r.summary.warnings,
        findings_more(r)
    );
    let _ = writeln!(h, "<h4>Timeline</h4>");
    if r.timeline.is_empty() {
        let _ = writeln!(h, "<p>No dated milestone or deadline yet.</p>");
    } else {
        let _ = writeln!(h, "<ol class=\"timeline\">");
        let mut today_shown = false;
        for t in &r.timeline {
            if !today_shown && t.date > as_of {
                today_line(h, as_of);
                today_shown = true;
            }
            let (class, state) = if t.late {
                (
                    " class=\"is-late\"",
                    " <strong class=\"late\">LATE</strong>".to_owned(),
                )
            } else if t.overdue {
                (
                    " class=\"is-overdue\"",
                    " <strong class=\"overdue\">QCP overdue</strong>".to_owned(),
                )
            } else if t.kind == TimelineKind::Milestone {
                (" class=\"is-done\"", String::new())
            } else if t.who == Some(Who::Info) {
                // A date for information is never "done": it is a fact of the calendar.
                ("", String::new())
            } else if let Some(d) = t.done {
                // Done, but after the date: said, so a late step does not pass as on time.
                let after = if d > t.date { ", after the date" } else { "" };
                (
                    " class=\"is-done\"",
                    format!(" <span class=\"ok\">done {d}{after}</span>"),
                )
            } else {
                ("", String::new())
            };
            let by = match t.kind {
                TimelineKind::Milestone => String::new(),
                TimelineKind::Deadline => format!(" <span class=\"muted\">({})</span>", who(t.who)),
            };
            let _ = writeln!(
                h,
                "<li{class}><time datetime=\"{0}\">{0}</time>{1}{by}{state}</li>",
                t.date,
                escape(&t.title)
            );
        }
        if !today_shown {
            today_line(h, as_of);
        }
        let _ = writeln!(h, "</ol>");
    }
    let _ = writeln!(h, "<h4>Readiness by domain</h4>");
    if r.readiness.is_none() && r.readiness_domains.iter().all(|d| d.percent.is_none()) {
        let _ = writeln!(h, "<p>Self-assessment not recorded.</p>");
    } else {
        let _ = writeln!(h, "<ul class=\"bars\">");
        for d in &r.readiness_domains {
            let label = format!("Domain {}: {}", d.number, d.title);
            match d.percent {
                Some(p) => {
                    let _ = writeln!(
                        h,
                        "<li><span>{}</span><span class=\"bar\" role=\"img\" aria-label=\"{} {p}\"><span style=\"width:{}%\"></span></span><span>{p} ({}/{} rated)</span></li>",
                        escape(&label),
                        escape(&label),
                        p.value(),
                        d.rated,
                        d.standards
                    );
                }
                None => {
                    let _ = writeln!(
                        h,
                        "<li><span>{}</span><span></span><span>not recorded</span></li>",
                        escape(&label)
                    );
                }
            }
        }
        let _ = writeln!(h, "</ul>");
    }
    if let Some(c) = &r.certification {
        let _ = writeln!(
            h,
            "<h4>Certification</h4>\n<p>Expires <time datetime=\"{0}\">{0}</time> ({1}; {2}).",
            c.expires,
            escape(&days_text(c.days_left, false)),
            escape(basis_words(&c.basis))
        );
        if let (Some(o), Some(cl)) = (c.window_opens, c.window_closes) {
            let _ = write!(
                h,
                " Re-certification window: apply from <time datetime=\"{o}\">{o}</time>, by <time datetime=\"{cl}\">{cl}</time> to stay continuously certified"
            );
            if let Some(w) = c.window {
                let _ = write!(h, " ({})", w.describe());
            }
            h.push('.');
        }
        h.push_str("</p>\n");
    }
    let _ = writeln!(h, "</article>");
}

/// The report date's place on a timeline.
fn today_line(h: &mut String, as_of: Date) {
    let _ = writeln!(
        h,
        "<li class=\"today\"><time datetime=\"{as_of}\">{as_of}</time>Today (the report's as-of date)</li>"
    );
}

/// After the counts: the most frequent codes, and the command that lists every finding.
fn findings_more(r: &Row) -> String {
    if r.top_codes.is_empty() {
        return String::new();
    }
    let codes = r
        .top_codes
        .iter()
        .map(|c| format!("<code>{}</code> ×{}", escape(c.code), c.count))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "; most often {codes}. Run <code>qcp check {}</code> for every finding",
        escape(&r.file)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::DomainReadiness;
    use crate::units::Percent;

    #[test]
    fn markup_and_control_characters_from_a_file_are_escaped_and_plain_text_is_kept() {
        assert_eq!(
            escape("<b onclick=\"x\">A & B's</b>\u{1b}[2J"),
            "&lt;b onclick=&quot;x&quot;&gt;A &amp; B&#39;s&lt;/b&gt;\u{fffd}[2J"
        );
        // Near miss: ordinary text, accents included, passes unchanged.
        assert_eq!(
            escape("Clínica São Paulo – 2027"),
            "Clínica São Paulo – 2027"
        );
    }

    fn row(domains: Vec<DomainReadiness>, readiness: Option<Percent>) -> Row {
        Row {
            file: "a.yaml".into(),
            practice: Some("A & B Oncology".into()),
            unusable: None,
            stage: None,
            next_deadline: None,
            late: 0,
            program_overdue: 0,
            blockers: Vec::new(),
            summary: crate::finding::Summary::default(),
            top_codes: Vec::new(),
            readiness,
            readiness_rated: 3,
            readiness_standards: 22,
            readiness_domains: domains,
            certification: None,
            timeline: Vec::new(),
            status: None,
            deadlines: None,
        }
    }

    fn page(r: Row) -> String {
        let p = Portfolio {
            schema: "qcp-portfolio/1",
            command: "portfolio",
            as_of: "2027-02-01".parse().unwrap(),
            edition: crate::rules::EditionRef {
                id: "e".into(),
                title: "t".into(),
            },
            calendar: "c".into(),
            rows: vec![r],
            summary: crate::portfolio::PortfolioSummary::default(),
        };
        portfolio_html(&p, "qcp test")
    }

    #[test]
    fn a_step_done_after_its_date_says_so_and_information_is_never_done() {
        use crate::portfolio::TimelineItem;
        let item = |date: &str, done: &str, who: Who, title: &str| TimelineItem {
            date: date.parse().unwrap(),
            kind: TimelineKind::Deadline,
            title: title.into(),
            who: Some(who),
            done: Some(done.parse().unwrap()),
            late: false,
            overdue: false,
        };
        let mut r = row(Vec::new(), None);
        r.timeline = vec![
            item("2026-06-30", "2026-11-10", Who::Practice, "Apply late"),
            item("2026-10-13", "2026-10-09", Who::Practice, "Plan on time"),
            item("2026-03-31", "2026-11-10", Who::Info, "Window opens"),
        ];
        let html = page(r);
        assert!(html.contains("Apply late <span class=\"muted\">(practice)</span> <span class=\"ok\">done 2026-11-10, after the date</span>"), "{html}");
        // Near misses: done before the date reads plain "done"; information has no "done".
        assert!(html.contains("<span class=\"ok\">done 2026-10-09</span>"));
        assert!(html.contains("Window opens <span class=\"muted\">(for information)</span></li>"));
        // The report date's marker sits after the past entries.
        assert!(html.find("Today (the report").unwrap() > html.find("Apply late").unwrap());
    }

    #[test]
    fn readiness_bars_carry_their_percent_in_words_and_absent_ones_say_not_recorded() {
        let d = |n: u16, p: Option<i64>| DomainReadiness {
            number: n,
            title: format!("Domain <{n}>"),
            percent: p.map(Percent::from_hundredths),
            rated: 0,
            standards: 6,
        };
        let html = page(row(
            vec![d(1, Some(8050)), d(2, None)],
            Some(Percent::from_hundredths(6000)),
        ));
        assert!(html.contains("style=\"width:80.50%\""), "{html}");
        assert!(html.contains("aria-label=\"Domain 1: Domain &lt;1&gt; 80.50 %\""));
        assert!(html.contains("<span>80.50 % (0/6 rated)</span>"), "{html}");
        assert!(html.contains("Domain 2: Domain &lt;2&gt;</span><span></span><span>not recorded"));
        assert!(html.contains("<td>60.00 % (3/22 rated)</td>"), "{html}");
        // Near miss: no self-assessment at all is one line, no empty bars.
        let html = page(row(vec![d(1, None), d(2, None)], None));
        assert!(html.contains("Self-assessment not recorded."));
        assert!(!html.contains("class=\"bar\""));
        assert!(html.contains("A &amp; B Oncology"));
    }
}
