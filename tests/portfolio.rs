#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    missing_docs,
    clippy::disallowed_macros
)]
//! `qcp portfolio` (issue 15 part 2) end to end: the mixed folder, exit statuses, the HTML page
//! (escaped, self-contained, rendered by headless Chromium), and the merged calendar read back
//! by the PyPI `icalendar` package. Outside tools skip with a printed reason when missing
//! (tests/common/tools.rs), and fail under `QCP_REQUIRE_TOOLS=1`.

#[path = "common/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const AS_OF: &str = "2027-02-01";

fn qcp(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qcp"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run qcp")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

/// The mixed folder (docs/portfolio.md, "Bad input"): two practices and three unusable files.
#[test]
fn a_mixed_folder_shows_every_file_and_locates_the_unusable_ones_without_quoting_them() {
    let root = Path::new(ROOT);
    let dir = "tests/fixtures/portfolio-mixed";
    let o = qcp(
        &["portfolio", dir, "--as-of", AS_OF, "--format", "json"],
        root,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v = json(&o);
    let rows = v["rows"].as_array().expect("rows");
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "tests/fixtures/portfolio-mixed/broken-syntax.yaml",
            "tests/fixtures/portfolio-mixed/empty.yml",
            "tests/fixtures/portfolio-mixed/meadowfield.yaml",
            "tests/fixtures/portfolio-mixed/northgate.yaml",
            "tests/fixtures/portfolio-mixed/wrong-type.yaml",
        ]
    );
    let unusable = |i: usize| &rows[i]["unusable"];
    assert_eq!(unusable(0)["code"], "yaml-syntax");
    assert_eq!(unusable(0)["location"]["line"], 5);
    assert_eq!(unusable(1)["code"], "file-empty");
    assert_eq!(unusable(4)["location"]["line"], 6);
    for i in [2, 3] {
        assert!(rows[i]["unusable"].is_null(), "{}", rows[i]);
        assert!(rows[i]["stage"].is_object(), "{}", rows[i]);
    }
    assert_eq!(v["summary"]["practices"], 2);
    assert_eq!(v["summary"]["unusable"], 3);
    // The human table names every file too, and neither output quotes the suspected PHI.
    let h = qcp(
        &["portfolio", dir, "--as-of", AS_OF, "--color", "never"],
        root,
    );
    assert_eq!(h.status.code(), Some(1));
    let all = format!("{}{}", text(&o), text(&h));
    for needle in ["00482913", "LOPEZ", "03/14/1962"] {
        assert!(!all.contains(needle), "{needle} leaked:\n{all}");
    }
    assert_eq!(text(&h).matches("UNUSABLE").count(), 3, "{}", text(&h));
}

#[test]
fn exit_2_only_when_no_file_can_be_read_and_0_for_a_clean_practice() {
    let tmp = tempfile::tempdir().unwrap();
    let mixed = Path::new(ROOT).join("tests/fixtures/portfolio-mixed");
    for f in ["broken-syntax.yaml", "empty.yml"] {
        std::fs::copy(mixed.join(f), tmp.path().join(f)).unwrap();
    }
    let o = qcp(&["portfolio", ".", "--as-of", AS_OF], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("UNUSABLE"), "{}", text(&o));
    // Near miss: one readable practice among them makes it 1 (the unusable files still count).
    std::fs::copy(mixed.join("meadowfield.yaml"), tmp.path().join("m.yaml")).unwrap();
    let o = qcp(&["portfolio", ".", "--as-of", AS_OF], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // A practice with no error finding alone: 0.
    let o = qcp(&["portfolio", "m.yaml", "--as-of", AS_OF], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// A practice file named `name` (hostile names welcome), certified and late to re-certify.
fn practice(name: &str) -> String {
    let t =
        std::fs::read_to_string(Path::new(ROOT).join("examples/clients/northgate.yaml")).unwrap();
    t.replace(
        "name: Northgate Cancer Center",
        &format!("name: '{}'", name.replace('\'', "''")),
    )
    .replace("  program_id: \"101377\"\n", "")
}

#[test]
fn the_page_escapes_hostile_names_needs_nothing_outside_and_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile = "<script>alert('x')</script> & \"Sons\" <img src=x onerror=alert(1)>";
    std::fs::write(tmp.path().join("a.yaml"), practice(hostile)).unwrap();
    let o = qcp(
        &["portfolio", ".", "--as-of", AS_OF, "--html", "p.html"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let page = std::fs::read_to_string(tmp.path().join("p.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sons&quot;"),
        "{page}"
    );
    let lower = page.to_lowercase();
    for bad in [
        "<script", "<img", "<link", "@import", "url(", "http://", "https://",
    ] {
        assert!(!lower.contains(bad), "{bad} in the page");
    }
    // Accessible structure: headings, header cells with a scope, the late marker in words.
    for want in [
        "<h1>",
        "<h2 id=\"overview\">",
        "<th scope=\"col\">Practice</th>",
        "<th scope=\"row\">",
        "<strong class=\"late\">LATE</strong>",
        "@media print",
    ] {
        assert!(page.contains(want), "{want} missing");
    }
    // An existing page is not replaced without --force.
    let again = qcp(
        &["portfolio", ".", "--as-of", AS_OF, "--html", "p.html"],
        tmp.path(),
    );
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("--force"), "{}", text(&again));
    std::fs::write(tmp.path().join("a.yaml"), practice("Plain Oncology")).unwrap();
    let forced = qcp(
        &[
            "portfolio",
            ".",
            "--as-of",
            AS_OF,
            "--html",
            "p.html",
            "--force",
        ],
        tmp.path(),
    );
    assert_eq!(forced.status.code(), Some(1), "{}", text(&forced));
    // Near miss of the escaping: a plain name is written as is.
    let page = std::fs::read_to_string(tmp.path().join("p.html")).unwrap();
    assert!(page.contains(">Plain Oncology</a>"));
}

#[test]
fn control_characters_in_a_practice_name_never_reach_the_terminal_or_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let t = practice("X").replace("name: 'X'", "name: \"Evil \\e[2J\\e]0;owned\\a Oncology\"");
    std::fs::write(tmp.path().join("a.yaml"), t).unwrap();
    let o = qcp(
        &[
            "portfolio",
            "a.yaml",
            "--as-of",
            AS_OF,
            "--color",
            "never",
            "--html",
            "p.html",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("Evil"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    let page = std::fs::read_to_string(tmp.path().join("p.html")).unwrap();
    assert!(page.contains("Evil") && !page.contains('\u{1b}') && !page.contains('\u{7}'));
}

/// Copies the files below `from` into `to`, keeping the folders.
fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, dest).unwrap();
        }
    }
}

/// Parses an .ics file with icalendar and prints `uid<TAB>date<TAB>summary` per event.
const ICS_READER: &str = r#"
import sys
from icalendar import Calendar
with open(sys.argv[1], "rb") as f:
    cal = Calendar.from_ical(f.read())
for ev in cal.walk("VEVENT"):
    print("%s\t%s\t%s" % (ev["UID"], ev["DTSTART"].dt.isoformat(), ev["SUMMARY"]))
"#;

fn ics_events(path: &Path) -> Vec<(String, String, String)> {
    let o = Command::new("python3")
        .arg("-c")
        .arg(ICS_READER)
        .arg(path)
        .output()
        .expect("python3");
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let mut p = l.splitn(3, '\t').map(str::to_owned);
            (
                p.next().unwrap(),
                p.next().unwrap_or_default(),
                p.next().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn the_merged_calendar_parses_with_unique_uids_stable_and_shared_with_qcp_deadlines() {
    if !tools::python_icalendar() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // The tour's folder, documents and all (lakeshore lists policies under lakeshore/).
    copy_tree(&Path::new(ROOT).join("examples/clients"), tmp.path());
    // Two practices with the same name and no program id: still one UID per event.
    std::fs::write(tmp.path().join("twin-a.yaml"), practice("Twin Oncology")).unwrap();
    std::fs::write(tmp.path().join("twin-b.yaml"), practice("Twin Oncology")).unwrap();
    // A file name that differs from another only in punctuation.
    std::fs::write(tmp.path().join("twin_a.yaml"), practice("Twin Oncology")).unwrap();
    let run = |as_of: &str, out: &str| {
        let o = qcp(
            &["portfolio", ".", "--as-of", as_of, "--ics", out],
            tmp.path(),
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        ics_events(&tmp.path().join(out))
    };
    let first = run(AS_OF, "a.ics");
    let mut uids: Vec<&str> = first.iter().map(|e| e.0.as_str()).collect();
    let n = uids.len();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), n, "duplicate UIDs: {first:#?}");
    assert!(
        first.iter().any(|e| e.0.contains("twin-oncology.twin-a"))
            && first.iter().any(|e| e.0.contains("twin-oncology.twin-b")),
        "{first:#?}"
    );
    // Every practice's deadlines are there, named.
    for name in [
        "Northgate Cancer Center",
        "Riverside Oncology Associates",
        "Harbor Point Oncology",
    ] {
        assert!(first.iter().any(|e| e.2.contains(name)), "{name}");
    }
    // Stable: a later run keeps each event's UID (same date, same UID).
    let later = run("2027-02-15", "b.ics");
    for e in &later {
        if let Some(f) = first.iter().find(|f| f.0 == e.0) {
            assert_eq!(f.1, e.1, "{} moved", e.0);
        }
    }
    assert!(
        later
            .iter()
            .filter(|e| first.iter().any(|f| f.0 == e.0))
            .count()
            >= 5
    );
    // The same UIDs as `qcp deadlines --ics` for one practice: importing both never duplicates.
    let o = qcp(
        &[
            "deadlines",
            "riverside.yaml",
            "--as-of",
            AS_OF,
            "--ics",
            "r.ics",
        ],
        tmp.path(),
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
    let own = ics_events(&tmp.path().join("r.ics"));
    assert!(!own.is_empty());
    for e in &own {
        assert!(
            first.iter().any(|f| f.0 == e.0 && f.1 == e.1),
            "{} is not in the merged calendar",
            e.0
        );
    }
}

/// Runs chromium with `args` on `page` (its own profile folder, killed after two minutes).
fn chromium(args: &[String], page: &Path, profile: &Path) -> Output {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Issue 15: the page of examples/clients, loaded by a real browser: every practice, every
/// deadline and the LATE marker where a deadline has passed are in the rendered DOM; a
/// screenshot is kept as an artefact (target/artifacts/portfolio.png).
#[test]
fn headless_chromium_renders_every_practice_deadline_and_late_marker() {
    if !tools::chromium() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("portfolio.html");
    let root = Path::new(ROOT);
    let o = qcp(
        &[
            "portfolio",
            "examples/clients",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--html",
            page.to_str().unwrap(),
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v = json(&o);
    let dom = chromium(
        &["--dump-dom".to_owned()],
        &page,
        &tmp.path().join("profile-a"),
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(dom_text.contains("</table>"), "no DOM: {}", text(&dom));
    // Overview rows: one per practice; LATE exactly where the next deadline has passed.
    let body = dom_text.split("<tbody>").nth(1).unwrap();
    let body = body.split("</tbody>").next().unwrap();
    let trs: Vec<&str> = body.split("<tr>").skip(1).collect();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(trs.len(), rows.len());
    let mut late_seen = 0;
    let mut overdue_seen = 0;
    for (tr, r) in trs.iter().zip(rows) {
        let name = r["practice"].as_str().unwrap();
        assert!(tr.contains(name), "{name} not in {tr}");
        let late = r["next_deadline"]["late"] == true;
        assert_eq!(tr.contains(">LATE<"), late, "{name}: {tr}");
        late_seen += usize::from(late);
        if let Some(d) = r["next_deadline"]["date"].as_str() {
            assert!(tr.contains(d), "{name}: next deadline {d}");
        }
        // The program's passed date is "QCP overdue" in words, never the practice's LATE.
        let overdue = r["program_overdue"].as_u64().unwrap() > 0;
        assert_eq!(tr.contains(">QCP overdue<"), overdue, "{name}: {tr}");
        overdue_seen += usize::from(overdue);
        // Readiness says how many standards were rated, or "–".
        match r["readiness"].as_str() {
            Some(p) => assert!(
                tr.contains(&format!(
                    "{p} % ({}/{} rated)",
                    r["readiness_rated"], r["readiness_standards"]
                )),
                "{name}: {tr}"
            ),
            None => assert!(!tr.contains("rated)"), "{name}: {tr}"),
        }
    }
    assert!(late_seen >= 1, "the examples must show a late deadline");
    assert!(
        overdue_seen >= 1,
        "the examples must show a QCP overdue date"
    );
    // No field path reaches the page; each timeline marks the report date.
    assert!(!dom_text.contains("applicant.current_certification"));
    assert_eq!(
        dom_text.matches("Today (the report").count(),
        rows.len(),
        "one as-of marker per timeline"
    );
    // Every deadline of every practice is on its timeline.
    for r in rows {
        let id = format!("id=\"p{}\"", rows.iter().position(|x| x == r).unwrap());
        let article = dom_text.split(&id).nth(1).unwrap();
        let article = article.split("</article>").next().unwrap();
        for t in r["timeline"].as_array().unwrap() {
            let (d, title) = (t["date"].as_str().unwrap(), t["title"].as_str().unwrap());
            assert!(
                article.contains(&format!("{d}</time>")) && article.contains(title),
                "{} timeline: {d} {title}",
                r["practice"]
            );
        }
    }
    let artefacts = PathBuf::from(ROOT).join("target/artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    let png = artefacts.join("portfolio.png");
    let _ = std::fs::remove_file(&png);
    let shot = chromium(
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".to_owned(),
        ],
        &page,
        &tmp.path().join("profile-b"),
    );
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{e}: {}", text(&shot)));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
}

#[test]
fn the_terminal_table_says_late_and_qcp_overdue_in_words_and_in_colour_only_when_asked() {
    let root = Path::new(ROOT);
    let run = |color: &str| {
        let o = qcp(
            &[
                "portfolio",
                "examples/clients",
                "--as-of",
                AS_OF,
                "--color",
                color,
            ],
            root,
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let coloured = run("always");
    assert!(
        coloured.contains("\u{1b}[1;31mLATE\u{1b}[0m by"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\u{1b}[33mQCP overdue\u{1b}[0m"),
        "{coloured}"
    );
    // Near miss: without colour the same words, and not one escape sequence.
    let plain = run("never");
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    // (the table wraps to the terminal: the words are checked, not whole lines)
    assert!(
        plain.contains("LATE by") && plain.contains("QCP overdue"),
        "{plain}"
    );
    assert!(plain.contains(" in examples/clients/ "), "{plain}");
}
