//! iCalendar (RFC 5545) writer for all-day deadline events.
//!
//! It turns a list of dated events into the text of a `.ics` file that calendar programs import
//! or subscribe to: CRLF line endings, long lines folded at 75 octets without splitting a UTF-8
//! character (RFC 5545 §3.1), TEXT values escaped (§3.3.11), each event a whole day (§3.6.1).
//! The output depends only on the arguments: the DTSTAMP instant is passed in.
//!
//! It does not decide which deadlines exist or what they are called, does not parse iCalendar,
//! and writes no file: the caller builds the events and stores the returned text.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

/// RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break."
const MAX_LINE_OCTETS: usize = 75;

/// One all-day event (a deadline, a survey date) to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Globally unique, *stable* identifier (RFC 5545 §3.8.4.7).
    ///
    /// Build it from what the event is, never from when the file is written, e.g.
    /// `"action-plan-due.APP-2026-0042@qcp"`: a calendar that imports the file again then updates
    /// the event in place instead of adding a duplicate.
    pub uid: String,
    /// The day of the event; it lasts that whole day.
    pub date: Date,
    /// One-line title.
    pub summary: String,
    /// Longer text; may contain newlines. Left out of the file when empty.
    pub description: String,
    /// Category labels; empty labels are skipped.
    pub categories: Vec<String>,
}

/// Why a calendar could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// An event has an empty UID.
    #[error("event {index} has an empty uid")]
    EmptyUid {
        /// Position of the event in the input, from 0.
        index: usize,
    },
    /// Two events share a UID, so a calendar program would keep only one of them.
    #[error("uid {uid:?} is used by more than one event")]
    DuplicateUid {
        /// The repeated UID.
        uid: String,
    },
    /// A date cannot be written in iCalendar's four-digit year form.
    #[error("event {uid:?}: date {date} is outside the years 0001..=9999 that iCalendar can write")]
    DateOutOfRange {
        /// The event's UID.
        uid: String,
        /// The offending date.
        date: Date,
    },
    /// The DTSTAMP instant cannot be written in iCalendar's four-digit year form.
    #[error("dtstamp {dtstamp} is outside the years 0001..=9999 that iCalendar can write")]
    DtstampOutOfRange {
        /// The offending instant.
        dtstamp: Timestamp,
    },
}

/// Writes a VCALENDAR with one all-day VEVENT per event, in the order given.
///
/// `prodid` identifies the program (e.g. `"-//qcp//qcp 0.1//EN"`), `cal_name` is the name a
/// calendar program shows (`X-WR-CALNAME`), `dtstamp` is when the data was produced and is
/// written in UTC (pass a fixed instant for reproducible output).
///
/// # Errors
/// An empty or repeated UID, or a date (or `dtstamp`) before year 1, which iCalendar cannot write.
///
/// ```
/// use qcp::ics::{IcsEvent, write_calendar};
/// let event = IcsEvent {
///     uid: "action-plan-due.APP-1@qcp".into(),
///     date: jiff::civil::date(2027, 6, 1),
///     summary: "Action plan due".into(),
///     description: String::new(),
///     categories: vec!["QCP".into()],
/// };
/// let stamp: jiff::Timestamp = "2027-05-20T08:00:00Z".parse()?;
/// let text = write_calendar("-//qcp//EN", "QCP deadlines", stamp, &[event])?;
/// assert!(text.contains("\r\nDTSTART;VALUE=DATE:20270601\r\nDTEND;VALUE=DATE:20270602\r\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_calendar(
    prodid: &str,
    cal_name: &str,
    dtstamp: Timestamp,
    events: &[IcsEvent],
) -> Result<String, IcsError> {
    check_uids(events)?;
    let stamp = Offset::UTC.to_datetime(dtstamp);
    if stamp.year() < 1 {
        return Err(IcsError::DtstampOutOfRange { dtstamp });
    }
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        stamp.year(),
        stamp.month(),
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        stamp.second()
    );

    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, &format!("PRODID:{}", escape_text(prodid)));
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(cal_name)));
    for event in events {
        let start = ics_date(event.date).ok_or_else(|| IcsError::DateOutOfRange {
            uid: event.uid.clone(),
            date: event.date,
        })?;
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape_text(&event.uid)));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{start}"));
        // DTEND is exclusive, so an all-day event ends the next day. On 9999-12-31 there is no
        // next day to write; RFC 5545 §3.6.1 makes a DATE DTSTART without DTEND one day long.
        if let Some(end) = event.date.tomorrow().ok().and_then(ics_date) {
            push_line(&mut out, &format!("DTEND;VALUE=DATE:{end}"));
        }
        push_line(
            &mut out,
            &format!("SUMMARY:{}", escape_text(&event.summary)),
        );
        if !event.description.is_empty() {
            push_line(
                &mut out,
                &format!("DESCRIPTION:{}", escape_text(&event.description)),
            );
        }
        let categories: Vec<String> = event
            .categories
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| escape_text(c))
            .collect();
        if !categories.is_empty() {
            push_line(&mut out, &format!("CATEGORIES:{}", categories.join(",")));
        }
        // A deadline marks a day; it should not show the whole day as busy.
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

fn check_uids(events: &[IcsEvent]) -> Result<(), IcsError> {
    let mut seen = BTreeSet::new();
    for (index, event) in events.iter().enumerate() {
        if event.uid.trim().is_empty() {
            return Err(IcsError::EmptyUid { index });
        }
        if !seen.insert(event.uid.as_str()) {
            return Err(IcsError::DuplicateUid {
                uid: event.uid.clone(),
            });
        }
    }
    Ok(())
}

/// `YYYYMMDD` (RFC 5545 §3.3.4), or `None` for a year iCalendar cannot write.
fn ics_date(date: Date) -> Option<String> {
    (date.year() >= 1).then(|| format!("{:04}{:02}{:02}", date.year(), date.month(), date.day()))
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
///
/// A CRLF, a lone CR and a lone LF all become `\n`. Other ASCII control characters are not
/// allowed in TEXT and are dropped; a tab is kept.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line folded so that no physical line exceeds 75 octets (RFC 5545 §3.1),
/// each continuation starting with one space, never splitting a UTF-8 character; ends it with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut rest = line;
    // The first physical line holds 75 octets; a continuation holds its leading space and 74.
    let mut room = MAX_LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn physical_lines(text: &str) -> Vec<&str> {
        let body = text.strip_suffix("\r\n").unwrap_or(text);
        body.split("\r\n").collect()
    }

    fn fold_line(line: &str) -> String {
        let mut out = String::new();
        push_line(&mut out, line);
        out
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    fn event(uid: &str, day: Date) -> IcsEvent {
        IcsEvent {
            uid: uid.to_owned(),
            date: day,
            summary: "Action plan due".to_owned(),
            description: String::new(),
            categories: vec![],
        }
    }

    fn stamp() -> Timestamp {
        Timestamp::from_second(1_800_000_000).expect("test input is valid")
    }

    #[test]
    fn short_lines_are_not_folded() {
        // RFC 5545 §3.1: 75 octets is the limit, not 74.
        let line = "X".repeat(75);
        assert_eq!(fold_line(&line), format!("{line}\r\n"));
    }

    #[test]
    fn long_ascii_lines_fold_at_75_then_74_plus_space() {
        // RFC 5545 §3.1
        let line = "A".repeat(75 + 74 + 10);
        let folded = fold_line(&line);
        let lines = physical_lines(&folded);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
        assert_eq!(lines[2], format!(" {}", "A".repeat(10)));
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
    }

    #[test]
    fn a_multibyte_character_at_the_boundary_moves_to_the_next_line() {
        // RFC 5545 §3.1: a fold must not split a multi-octet UTF-8 sequence.
        for ch in ['é', '—', '😀'] {
            for prefix in 70..=75 {
                let line = format!("{}{ch}{}", "a".repeat(prefix), "b".repeat(100));
                let folded = fold_line(&line);
                for physical in physical_lines(&folded) {
                    assert!(
                        physical.len() <= 75,
                        "{ch} after {prefix}: {} octets",
                        physical.len()
                    );
                }
                assert_eq!(
                    unfold(&folded),
                    format!("{line}\r\n"),
                    "{ch} after {prefix}"
                );
                let first = physical_lines(&folded)[0];
                let char_end = prefix + ch.len_utf8();
                let expected = if char_end <= 75 { char_end } else { prefix };
                assert!(
                    first.len() >= expected && first.len() <= 75,
                    "{ch} after {prefix}"
                );
                if char_end > 75 {
                    assert_eq!(
                        first.len(),
                        prefix,
                        "{ch} after {prefix} must start line two"
                    );
                }
            }
        }
    }

    #[test]
    fn all_multibyte_text_folds_on_character_boundaries() {
        // Three-octet characters: 25 fit in the first line (75 octets), 24 in each continuation
        // (1 + 72 octets, since 1 + 75 would exceed the limit).
        let line = "—".repeat(60);
        let folded = fold_line(&line);
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].chars().count(), 25);
        assert_eq!(lines[1].chars().count(), 1 + 24);
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
    }

    #[test]
    fn text_escaping_follows_rfc_5545_3_3_11() {
        assert_eq!(escape_text(r"a\b"), r"a\\b");
        assert_eq!(escape_text("a;b,c"), r"a\;b\,c");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(
            escape_text("colon: \"quoted\"\ttab"),
            "colon: \"quoted\"\ttab"
        );
        assert_eq!(escape_text("bell\u{7}gone\u{0}"), "bellgone");
        assert_eq!(escape_text("São Paulo — Ærø"), "São Paulo — Ærø");
        assert_eq!(escape_text(r"\n is not a newline"), r"\\n is not a newline");
    }

    #[test]
    fn writes_the_expected_document() {
        // RFC 5545 §3.4 (VCALENDAR), §3.6.1 (VEVENT), §3.3.4 (DATE), §3.3.5 (UTC DATE-TIME)
        let mut e = event("deadline-1@qcp", date(2027, 12, 31));
        e.description = "Send it; now, please".to_owned();
        e.categories = vec!["QCP".to_owned(), String::new(), "a,b".to_owned()];
        let text = write_calendar("-//qcp//qcp 0.1//EN", "QCP, deadlines", stamp(), &[e])
            .expect("test input is valid");
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//qcp//qcp 0.1//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:QCP\\, deadlines",
            "BEGIN:VEVENT",
            "UID:deadline-1@qcp",
            "DTSTAMP:20270115T080000Z",
            "DTSTART;VALUE=DATE:20271231",
            "DTEND;VALUE=DATE:20280101",
            "SUMMARY:Action plan due",
            "DESCRIPTION:Send it\\; now\\, please",
            "CATEGORIES:QCP,a\\,b",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(text, expected);
    }

    #[test]
    fn every_line_is_crlf_terminated_and_short() {
        let mut e = event("long@qcp", date(2026, 7, 3));
        e.summary = "Résumé ".repeat(40);
        e.description = "line one\nline two, with ; and \\ ".repeat(20);
        let text = write_calendar("-//qcp//EN", "n", stamp(), &[e]).expect("test input is valid");
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(!text.replace("\r\n", "").contains('\r'));
        for line in physical_lines(&text) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
    }

    #[test]
    fn empty_description_and_categories_are_left_out() {
        let text = write_calendar("p", "n", stamp(), &[event("x@qcp", date(2026, 1, 2))])
            .expect("test input is valid");
        assert!(!text.contains("DESCRIPTION"));
        assert!(!text.contains("CATEGORIES"));
    }

    #[test]
    fn last_representable_day_has_no_dtend() {
        // RFC 5545 §3.6.1: a DATE DTSTART without DTEND lasts one day.
        let text = write_calendar("p", "n", stamp(), &[event("x@qcp", date(9999, 12, 31))])
            .expect("test input is valid");
        assert!(text.contains("DTSTART;VALUE=DATE:99991231\r\n"));
        assert!(!text.contains("DTEND"));
    }

    #[test]
    fn bad_uids_and_dates_are_errors() {
        let d = date(2026, 1, 2);
        assert_eq!(
            write_calendar("p", "n", stamp(), &[event("a", d), event(" ", d)]),
            Err(IcsError::EmptyUid { index: 1 })
        );
        assert_eq!(
            write_calendar("p", "n", stamp(), &[event("a", d), event("a", d)]),
            Err(IcsError::DuplicateUid {
                uid: "a".to_owned()
            })
        );
        let old = date(-5, 1, 1);
        assert_eq!(
            write_calendar("p", "n", stamp(), &[event("a", old)]),
            Err(IcsError::DateOutOfRange {
                uid: "a".to_owned(),
                date: old
            })
        );
        let ancient = Timestamp::MIN;
        assert!(matches!(
            write_calendar("p", "n", ancient, &[]),
            Err(IcsError::DtstampOutOfRange { .. })
        ));
    }

    #[test]
    fn dtstamp_is_written_in_utc_and_truncated_to_seconds() {
        let instant: Timestamp = "2026-03-08T01:59:59.999+05:00"
            .parse()
            .expect("test input is valid");
        let text = write_calendar("p", "n", instant, &[event("a", date(2026, 1, 2))])
            .expect("test input is valid");
        assert!(text.contains("\r\nDTSTAMP:20260307T205959Z\r\n"), "{text}");
    }
}
