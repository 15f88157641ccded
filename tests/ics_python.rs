#![allow(clippy::expect_used, missing_docs)]
//! Round trip through an independent iCalendar parser: the PyPI `icalendar` package reads what
//! `write_calendar` wrote, and every field must come back as it went in (RFC 5545 §3.1 folding,
//! §3.3.11 TEXT escaping, §3.6.1 all-day events).
//!
//! Needs `python3` with `icalendar` (`pip install icalendar`). Without them the test is skipped with
//! a message, or fails under `QCP_REQUIRE_TOOLS=1` (tests/common/tools.rs).

#[path = "common/tools.rs"]
mod tools;

use std::path::PathBuf;
use std::process::Command;

use jiff::Timestamp;
use jiff::civil::date;
use qcp::ics::{IcsEvent, write_calendar};
use serde_json::{Value, json};

/// Parses the file named by argv[1] with icalendar and prints its fields as JSON.
const READER: &str = r#"
import json, sys, datetime
from icalendar import Calendar
from icalendar.parser import unescape_backslash

with open(sys.argv[1], "rb") as f:
    cal = Calendar.from_ical(f.read())

def day(value):
    # An all-day event must carry a DATE, not a DATE-TIME.
    assert type(value) is datetime.date, repr(value)
    return value.isoformat()

events = []
for ev in cal.walk("VEVENT"):
    cats = ev.get("CATEGORIES")
    events.append({
        "uid": str(ev["UID"]),
        "dtstart": day(ev["DTSTART"].dt),
        "dtend": day(ev["DTEND"].dt),
        "dtstamp": ev["DTSTAMP"].dt.astimezone(datetime.timezone.utc).isoformat(),
        "summary": str(ev["SUMMARY"]),
        "description": str(ev.get("DESCRIPTION", "")),
        "categories": [str(c) for c in cats.cats] if cats is not None else [],
        "transp": str(ev.get("TRANSP", "")),
    })
print(json.dumps({
    "version": str(cal["VERSION"]),
    "prodid": str(cal["PRODID"]),
    "calscale": str(cal["CALSCALE"]),
    "method": str(cal["METHOD"]),
    # icalendar keeps X- properties raw (vUnknown); decode with its own TEXT unescaping.
    "calname": unescape_backslash(str(cal["X-WR-CALNAME"])),
    "events": events,
}, ensure_ascii=False))
"#;

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("qcp-ics-{}-{name}.ics", std::process::id()))
}

#[test]
fn icalendar_reads_back_every_field() {
    if !tools::python_icalendar() {
        return;
    }

    let long_description: String = "Ærø, São Paulo; line — "
        .chars()
        .cycle()
        .take(300)
        .collect();
    assert_eq!(long_description.chars().count(), 300);
    let events = vec![
        IcsEvent {
            uid: "action-plan-due.APP-2027-0042@qcp.example".to_owned(),
            date: date(2027, 6, 1),
            summary: "Action plan due, São Paulo — Ærø; ISS-11".to_owned(),
            description: "Submit the action plan.\nIssues: ISS-11, ISS-12; see C:\\reports\\ccr.pdf\n\nThen wait.".to_owned(),
            categories: vec!["QCP".to_owned(), "deadline, action plan".to_owned(), "São Paulo — Ærø".to_owned()],
        },
        IcsEvent {
            uid: "evidence-due.APP-2027-0042@qcp.example".to_owned(),
            date: date(2027, 12, 31),
            summary: "Implementation evidence due".to_owned(),
            description: long_description.clone(),
            categories: vec!["QCP".to_owned()],
        },
        IcsEvent {
            uid: "leap@qcp.example".to_owned(),
            date: date(2028, 2, 29),
            summary: "Windows line\r\nbreak, and a lone\rreturn".to_owned(),
            description: String::new(),
            categories: vec![],
        },
    ];
    let stamp: Timestamp = "2027-05-20T10:11:12.5+02:00"
        .parse()
        .expect("valid instant");
    let text = write_calendar(
        "-//qcp, test//qcp 0.1//EN",
        "QCP deadlines; São Paulo, Ærø",
        stamp,
        &events,
    )
    .expect("calendar is written");

    // RFC 5545 §3.1: CRLF everywhere, 75 octets at most per physical line.
    let body = text.strip_suffix("\r\n").expect("ends with CRLF");
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
    }
    assert!(
        body.split("\r\n").any(|l| l.starts_with(' ')),
        "the long description must be folded"
    );

    let path = temp_file("roundtrip");
    std::fs::write(&path, &text).expect("temp file is writable");
    let out = Command::new("python3")
        .arg("-c")
        .arg(READER)
        .arg(&path)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "icalendar failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("reader prints JSON");

    let expected = json!({
        "version": "2.0",
        "prodid": "-//qcp, test//qcp 0.1//EN",
        "calscale": "GREGORIAN",
        "method": "PUBLISH",
        "calname": "QCP deadlines; São Paulo, Ærø",
        "events": [
            {
                "uid": "action-plan-due.APP-2027-0042@qcp.example",
                "dtstart": "2027-06-01",
                "dtend": "2027-06-02",
                "dtstamp": "2027-05-20T08:11:12+00:00",
                "summary": "Action plan due, São Paulo — Ærø; ISS-11",
                "description": "Submit the action plan.\nIssues: ISS-11, ISS-12; see C:\\reports\\ccr.pdf\n\nThen wait.",
                "categories": ["QCP", "deadline, action plan", "São Paulo — Ærø"],
                "transp": "TRANSPARENT",
            },
            {
                "uid": "evidence-due.APP-2027-0042@qcp.example",
                "dtstart": "2027-12-31",
                "dtend": "2028-01-01",
                "dtstamp": "2027-05-20T08:11:12+00:00",
                "summary": "Implementation evidence due",
                "description": long_description,
                "categories": ["QCP"],
                "transp": "TRANSPARENT",
            },
            {
                "uid": "leap@qcp.example",
                "dtstart": "2028-02-29",
                "dtend": "2028-03-01",
                "dtstamp": "2027-05-20T08:11:12+00:00",
                "summary": "Windows line\nbreak, and a lone\nreturn",
                "description": "",
                "categories": [],
                "transp": "TRANSPARENT",
            },
        ],
    });
    assert_eq!(parsed, expected);
}
