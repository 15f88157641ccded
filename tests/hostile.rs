//! Hostile input (issue 11): a corpus of crafted files for every reader qcp owns outside the
//! document scanner (YAML applications, TOML data files, XLSX/XLS/ODS workbooks, ZIP and
//! OLE2 containers, bundle folders, write targets), each run through the real binary, plus
//! property-based mutations of the parsers in process.
//!
//! Every run must end with a documented exit status (0 clean, 1 findings, 2 unusable input),
//! never a panic or an abort, within a wall-time bound and, where `/usr/bin/time` is present,
//! a peak-memory bound of the child process. The bounds are generous on purpose (a debug
//! build on a shared machine): before the fixes these inputs took 10–460 s and 4–959 GiB.
#![allow(
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use proptest::prelude::*;

/// Wall time allowed for one run of the debug binary.
const MAX_WALL: Duration = Duration::from_secs(30);
/// Peak resident memory allowed for one run, in KiB (the bombs stay far below).
const MAX_RSS_KB: u64 = 250 * 1024;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> String {
    std::fs::read_to_string(repo().join("examples").join(name)).unwrap()
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Whether `/usr/bin/time` can report the child's peak memory; prints the reason once if not.
fn time_tool() -> Option<&'static str> {
    static ONCE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *ONCE.get_or_init(|| {
        let ok = Command::new("/usr/bin/time")
            .args(["-f", "%M", "true"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var("QCP_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "QCP_REQUIRE_TOOLS=1 but /usr/bin/time (GNU time) is missing"
            );
            eprintln!(
                "skipping the peak-memory assertions: /usr/bin/time (GNU time) is not installed"
            );
        }
        ok
    });
    ok.then_some("/usr/bin/time")
}

/// Runs qcp in `dir` and checks the invariants every hostile input must keep.
fn qcp(dir: &Path, args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_qcp");
    let rss_file = dir.join(".rss");
    let mut cmd = match time_tool() {
        Some(t) => {
            let mut c = Command::new(t);
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let started = Instant::now();
    let out = cmd
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "120")
        .env("NO_COLOR", "1")
        .output()
        .expect("run qcp");
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let status = out.status.code().unwrap_or(-1);
    let ctx = format!(
        "qcp {} (status {status}, {wall:?})\n--- stderr (first 2000 bytes)\n{}",
        args.join(" "),
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        matches!(status, 0..=2),
        "exit status outside 0/1/2 (an abort is 134)\n{ctx}"
    );
    assert!(
        !stderr.contains("panicked"),
        "a panic reached stderr\n{ctx}"
    );
    assert!(wall < MAX_WALL, "took {wall:?}\n{ctx}");
    if time_tool().is_some() {
        let text = std::fs::read_to_string(&rss_file).unwrap_or_default();
        // GNU time writes the figure on the last line (after any "Command exited" note).
        let kb: u64 = text
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        assert!(kb > 0, "no peak-memory figure from /usr/bin/time: {text:?}");
        assert!(kb < MAX_RSS_KB, "peak memory {kb} KiB\n{ctx}");
        let _ = std::fs::remove_file(&rss_file);
    }
    Run {
        status,
        stdout,
        stderr,
    }
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

// ---------------------------------------------------------------------------------------
// YAML applications

/// The alias reproducer: 5,000 clinicians anchored once, 5,000 sites aliasing them.
fn alias_multiplier() -> String {
    let mut t = String::from(
        "format_version: 1\npractice:\n  name: Alias Oncology\n  country: US\n  clinicians: &c\n",
    );
    for i in 0..5000 {
        t.push_str(&format!(
            "    - {{name: Clinician {i}, weekly_hours: 40}}\n"
        ));
    }
    t.push_str("  sites:\n");
    for i in 0..5000 {
        t.push_str(&format!("    - {{name: Site {i}, clinicians: *c}}\n"));
    }
    t
}

fn billion_laughs() -> String {
    let mut b = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for c in 'b'..='i' {
        b.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
        prev = c;
    }
    b
}

fn many(prefix: &str, item: impl Fn(usize) -> String, n: usize) -> String {
    let mut t = String::from(prefix);
    for i in 0..n {
        t.push_str(&item(i));
    }
    t
}

/// (name, file text, expected exit status, expected code in stderr).
fn yaml_corpus() -> Vec<(&'static str, Vec<u8>, i32, &'static str)> {
    let head = "format_version: 1\npractice:\n  name: Demo\n  country: US\n";
    vec![
        ("alias-multiplier", alias_multiplier().into_bytes(), 2, "[yaml-too-complex]"),
        ("billion-laughs", billion_laughs().into_bytes(), 2, "[yaml-too-complex]"),
        (
            "unclosed-brackets",
            format!("practice: {}", "[".repeat(100_000)).into_bytes(),
            2,
            "[yaml-too-complex]",
        ),
        (
            "deep-mappings",
            format!("practice:\n{}", (1..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>()).into_bytes(),
            2,
            "",
        ),
        (
            "long-value",
            format!("format_version: 1\npractice:\n  name: {}\n  country: US\n", "N".repeat(1_900_000)).into_bytes(),
            2,
            "[value-too-long]",
        ),
        ("nul", format!("{head}  fte: 3\0\n").into_bytes(), 2, "a.yaml:5:9"),
        ("two-documents", format!("{head}---\n{head}").into_bytes(), 2, "a.yaml:5:1"),
        ("unclosed-flow", b"practice:\n  name: [unclosed\n".to_vec(), 2, "[yaml-syntax]"),
        ("not-utf8", b"practice:\n  name: \xff\xfe\n".to_vec(), 2, "a.yaml:2:9"),
        ("empty", Vec::new(), 2, "[file-empty]"),
        (
            "many-unknown-keys",
            many(head, |i| format!("  key{i}: 1\n"), 5000).into_bytes(),
            2,
            "[too-many-findings]",
        ),
        (
            "duplicate-supplemental",
            format!("{head}questionnaire:\n  supplemental:\n    distant_sites: no\n    distant_sites: yes\n").into_bytes(),
            2,
            "a.yaml:8:5",
        ),
        (
            "thirty-thousand-rounds",
            many(&format!("{head}  fte: 3\nrounds:\n"), |_| "  - id: QOPI-2026-R1\n    overall_score: 80\n".to_owned(), 30_000).into_bytes(),
            1,
            "[too-many-findings]",
        ),
        (
            "huge-numbers",
            format!("{head}  fte: 1{}\n", "0".repeat(100_000)).into_bytes(),
            2,
            "",
        ),
    ]
}

#[test]
fn crafted_yaml_ends_in_a_located_error_not_a_hang() {
    let d = dir();
    for (name, text, status, needle) in yaml_corpus() {
        put(d.path(), "a.yaml", &text);
        let r = qcp(d.path(), &["validate", "a.yaml"]);
        assert_eq!(
            r.status,
            status,
            "{name}\n{}",
            &r.stderr[..r.stderr.len().min(2000)]
        );
        assert!(
            r.stderr.contains(needle) || r.stdout.contains(needle),
            "{name}: output lacks {needle:?}\n{}",
            &r.stderr[..r.stderr.len().min(2000)]
        );
        // Nothing is echoed at length: every line of output stays short.
        let longest = r.stderr.lines().chain(r.stdout.lines()).map(str::len).max();
        assert!(
            longest.unwrap_or(0) < 1_000,
            "{name}: a line of {longest:?} bytes"
        );
    }
}

#[test]
fn forty_thousand_sites_stay_linear_and_bounded() {
    let d = dir();
    let text = many(
        // Eligibility approved: the questionnaire is open, so each site's unanswered address
        // is a finding (docs/rules.md §2) and the findings cap is reached.
        "format_version: 1\ntimeline:\n  eligibility_approved: 2026-11-13\npractice:\n  name: Many Sites\n  country: US\n  fte: 3\n  sites:\n",
        |i| format!("    - name: Site {i}\n"),
        40_000,
    );
    put(d.path(), "a.yaml", text);
    let r = qcp(d.path(), &["questionnaire", "check", "a.yaml"]);
    assert_eq!(r.status, 1);
    assert!(r.stdout.contains("[too-many-findings]") || r.stderr.contains("[too-many-findings]"));
}

#[test]
fn a_duplicate_key_cannot_move_the_fee() {
    // The case: `distant_sites: yes` under `distant_sites: no` moved the fee from
    // USD 5,500 to 7,000 with exit 0.
    let d = dir();
    let text = example("application-complete.yaml");
    let edited = text.replacen(
        "distant_sites: no",
        "distant_sites: no\n    distant_sites: yes",
        1,
    );
    if edited == text {
        eprintln!("skipping: application-complete.yaml has no `distant_sites: no` line");
        return;
    }
    put(d.path(), "a.yaml", edited);
    let r = qcp(
        d.path(),
        &["fee", "estimate", "a.yaml", "--as-of", "2026-06-01"],
    );
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(r.stderr.contains("[duplicate-key]"), "{}", r.stderr);
}

#[test]
fn every_unknown_key_is_reported_in_one_run() {
    let d = dir();
    put(
        d.path(),
        "a.yaml",
        "practice:\n  name: Demo\n  country: US\n  physicans: []\n  sitez: []\nrounds: []\ncolour: blue\n",
    );
    let r = qcp(d.path(), &["validate", "a.yaml"]);
    assert_eq!(r.status, 2);
    for at in ["a.yaml:4:3", "a.yaml:5:3", "a.yaml:7:1"] {
        assert!(r.stderr.contains(at), "lacks {at}\n{}", r.stderr);
    }
    assert!(
        r.stderr.contains("did you mean `physicians`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_bad_survey_option_is_located_at_itself_in_plain_words() {
    let d = dir();
    put(
        d.path(),
        "a.yaml",
        "practice:\n  name: Demo\n  country: US\nsurvey:\n  options:\n    - 2026-05-01\n    - [2026-07-01]\n",
    );
    let r = qcp(d.path(), &["validate", "a.yaml"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("a.yaml:7:7"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("Raw"),
        "an internal type name leaked\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("untagged"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// Non-regular files and TOML data files

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_before_reading() {
    let d = dir();
    put(d.path(), "a.yaml", example("eligible-new.yaml"));
    let zero = "/dev/zero";
    for args in [
        vec!["validate", zero],
        vec!["--rules", zero, "validate", "a.yaml"],
        vec!["--schedule", zero, "fee", "estimate", "a.yaml"],
        vec![
            "--calendar",
            zero,
            "status",
            "a.yaml",
            "--as-of",
            "2026-06-01",
        ],
        vec!["--standards", zero, "standards", "list"],
        vec!["ccr", "import", zero, "--into", "a.yaml"],
    ] {
        let r = qcp(d.path(), &args);
        assert_eq!(r.status, 2, "{args:?}\n{}", r.stderr);
        assert!(
            r.stderr.contains("not a regular file"),
            "{args:?}\n{}",
            r.stderr
        );
    }
    // A FIFO would block the open forever; it is refused by its type.
    if Command::new("mkfifo")
        .arg(d.path().join("pipe.yaml"))
        .status()
        .is_ok_and(|s| s.success())
    {
        let r = qcp(d.path(), &["validate", "pipe.yaml"]);
        assert_eq!(r.status, 2);
        assert!(r.stderr.contains("[file-not-regular]"), "{}", r.stderr);
    } else {
        eprintln!("skipping the FIFO case: mkfifo is not available");
    }
}

#[test]
fn crafted_toml_data_files_are_located_errors() {
    let d = dir();
    put(d.path(), "a.yaml", example("eligible-new.yaml"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep.toml",
            format!("a = {}", "[".repeat(100_000)).into_bytes(),
        ),
        (
            "inline.toml",
            format!("a = {}", "{b = ".repeat(50_000)).into_bytes(),
        ),
        (
            "long.toml",
            format!("a = \"{}\"\n", "x".repeat(1_500_000)).into_bytes(),
        ),
        ("big.toml", vec![b'#'; 3 * 1024 * 1024]),
        ("binary.toml", vec![0xff, 0xfe, 0x00, 0x01]),
        ("dup.toml", b"a = 1\na = 2\n".to_vec()),
    ];
    for (name, bytes) in cases {
        put(d.path(), name, &bytes);
        for flag in ["--rules", "--schedule", "--calendar", "--standards"] {
            let args: Vec<&str> = match flag {
                "--schedule" => vec![flag, name, "fee", "estimate", "a.yaml"],
                "--calendar" => vec![flag, name, "status", "a.yaml", "--as-of", "2026-06-01"],
                "--standards" => vec![flag, name, "standards", "list"],
                _ => vec![flag, name, "validate", "a.yaml"],
            };
            let r = qcp(d.path(), &args);
            assert_eq!(r.status, 2, "{args:?}\n{}", r.stderr);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Bundles

#[cfg(unix)]
#[test]
fn a_bundle_never_follows_an_application_link_out_of_the_bundle() {
    let d = dir();
    let b = d.path().join("b");
    std::fs::create_dir(&b).unwrap();
    put(&b, "eligible-new.yaml", example("eligible-new.yaml"));
    let outside = put(
        d.path(),
        "secret.yaml",
        "root:x:0:0:SECRET-LINE:/root:/bin/bash\n",
    );
    std::os::unix::fs::symlink(&outside, b.join("evil.yaml")).unwrap();
    let _ = Command::new("mkfifo").arg(b.join("x.yaml")).status();
    let r = qcp(d.path(), &["bundle", "check", "b", "--as-of", "2026-06-01"]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("[path-outside-bundle]"), "{all}");
    assert!(
        !all.contains("SECRET-LINE"),
        "the link target was printed\n{all}"
    );
}

// ---------------------------------------------------------------------------------------
// Workbooks, ZIP and OLE2 containers

fn rewrite_zip(src: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(src)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        out.start_file(
            name.as_str(),
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/ccr-xlsx").join(rel)).unwrap()
}

fn workbook_corpus() -> Vec<(&'static str, Vec<u8>)> {
    let xlsx = fixture("libreoffice/lo_ccr.xlsx");
    let ods = fixture("libreoffice/lo_ccr.ods");
    let mut xls = fixture("libreoffice/lo_ccr.xls");
    let dims = xls
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .unwrap();
    xls[dims + 8..dims + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let many_entries = {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..20_000 {
            out.start_file(format!("x/{i}"), zip::write::SimpleFileOptions::default())
                .unwrap();
        }
        out.finish().unwrap().into_inner()
    };
    let mut ole_garbage = fixture("libreoffice/lo_ccr.xls");
    for b in ole_garbage.iter_mut().skip(512).step_by(7) {
        *b = 0xFF;
    }
    vec![
        (
            "far-cell.xlsx",
            rewrite_zip(&xlsx, |n, d| {
                if n == "xl/worksheets/sheet1.xml" {
                    String::from_utf8(d)
                        .unwrap()
                        .replacen("r=\"B2\"", "r=\"XFD1048576\"", 1)
                        .into_bytes()
                } else {
                    d
                }
            }),
        ),
        (
            "sst-count.xlsx",
            rewrite_zip(&xlsx, |n, d| {
                if n == "xl/sharedStrings.xml" {
                    String::from_utf8(d)
                        .unwrap()
                        .replacen(
                            "<sst ",
                            "<sst uniqueCount=\"4294967295\" count=\"4294967295\" ",
                            1,
                        )
                        .into_bytes()
                } else {
                    d
                }
            }),
        ),
        (
            "inflate-bomb.xlsx",
            rewrite_zip(&xlsx, |n, d| {
                if n == "xl/sharedStrings.xml" {
                    let s = String::from_utf8(d).unwrap();
                    let at = s.find("<t").unwrap();
                    let at = at + s[at..].find('>').unwrap() + 1;
                    format!("{}{}{}", &s[..at], "A".repeat(300_000_000), &s[at..]).into_bytes()
                } else {
                    d
                }
            }),
        ),
        (
            "million-rows.ods",
            rewrite_zip(&ods, |n, d| {
                if n == "content.xml" {
                    String::from_utf8(d)
                        .unwrap()
                        .replacen(
                            "<table:table-row",
                            "<table:table-row table:number-rows-repeated=\"1048576\"",
                            1,
                        )
                        .into_bytes()
                } else {
                    d
                }
            }),
        ),
        ("dimensions.xls", xls),
        ("many-entries.xlsx", many_entries),
        ("ole-garbage.xls", ole_garbage),
        ("truncated.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        ("not-a-workbook.xlsx", b"PK\x03\x04 but not really".to_vec()),
    ]
}

#[test]
fn crafted_workbooks_are_refused_without_abort_or_noise() {
    let d = dir();
    put(d.path(), "a.yaml", example("application-complete.yaml"));
    for (name, bytes) in workbook_corpus() {
        put(d.path(), name, &bytes);
        let r = qcp(
            d.path(),
            &[
                "ccr",
                "import",
                name,
                "--into",
                "a.yaml",
                "--as-of",
                "2026-06-01",
            ],
        );
        assert_eq!(r.status, 2, "{name}\n{}", r.stderr);
        assert!(r.stderr.lines().count() < 250, "{name}: bounded problems");
    }
}

#[test]
fn caught_reader_panics_print_nothing() {
    // Byte flips in the encrypted xlsx make calamine's CFB reader panic (see ccr_import.rs);
    // find one and check the binary says "damaged" without a panic message.
    let orig = fixture("libreoffice/lo_password.xlsx");
    let mut state: u64 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % (1 << 32)).unwrap()
    };
    let d = dir();
    put(d.path(), "a.yaml", example("application-complete.yaml"));
    for _ in 0..1000 {
        let mut bytes = orig.clone();
        for _ in 0..1 + next() % 4 {
            let i = next() % bytes.len();
            bytes[i] = u8::try_from(next() % 256).unwrap();
        }
        if next() % 5 == 0 {
            let len = next() % bytes.len();
            bytes.truncate(len.max(9));
        }
        if let Err(qcp::ccr_xlsx::ImportError::Corrupt { reason, .. }) =
            qcp::ccr_xlsx::import_ccr_bytes(&bytes, Path::new("f.xlsx"))
            && reason.starts_with("the reader failed")
        {
            put(d.path(), "f.xlsx", &bytes);
            let r = qcp(d.path(), &["ccr", "import", "f.xlsx", "--into", "a.yaml"]);
            assert_eq!(r.status, 2);
            assert!(r.stderr.contains("damaged"), "{}", r.stderr);
            return;
        }
    }
    eprintln!("no calamine panic was provoked in 1000 flips; nothing to check");
}

// ---------------------------------------------------------------------------------------
// Writes

#[cfg(unix)]
#[test]
fn a_write_through_a_symlink_updates_the_real_file_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let real = put(d.path(), "real.yaml", example("application-complete.yaml"));
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(&real, d.path().join("link.yaml")).unwrap();
    let before = std::fs::read_to_string(&real).unwrap();
    let r = qcp(
        d.path(),
        &[
            "fee",
            "estimate",
            "link.yaml",
            "--write",
            "--as-of",
            "2026-06-01",
        ],
    );
    assert!(r.status <= 1, "{}", r.stderr);
    let link_meta = std::fs::symlink_metadata(d.path().join("link.yaml")).unwrap();
    assert!(link_meta.file_type().is_symlink(), "the link was replaced");
    let after = std::fs::read_to_string(&real).unwrap();
    assert_ne!(before, after, "the real file was not updated");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".qcp-"))
        .collect();
    assert!(leftovers.is_empty());

    // A read-only file is refused, not replaced.
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = qcp(
        d.path(),
        &[
            "fee",
            "estimate",
            "real.yaml",
            "--write",
            "--as-of",
            "2026-06-02",
        ],
    );
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), after);
}

// ---------------------------------------------------------------------------------------
// Mutations of the parsers, in process (an abort would kill this test binary).

fn mutate(text: &str, edits: &[(usize, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(i, v) in edits {
        let n = bytes.len();
        // Printable ASCII and YAML/TOML punctuation: the mutations stay text.
        const ALPHABET: &[u8] = b" \n:-[]{}&*!|>'\"#%@`,?0123456789abcdefghijklmnopqrstuvwxyz";
        bytes[i % n] = ALPHABET[usize::from(v) % ALPHABET.len()];
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mutated_applications_never_panic(
        which in 0usize..4,
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..12),
    ) {
        let name = ["application-complete.yaml", "eligible-new.yaml", "recertifying.yaml", "simultaneous.yaml"][which];
        let text = mutate(&example(name), &edits);
        let src = qcp::source::SourceFile::new("m.yaml", text);
        let started = Instant::now();
        let _ = qcp::model::load::parse(&src);
        prop_assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn mutated_data_files_never_panic(
        which in 0usize..4,
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..12),
    ) {
        let file = ["rules-qcp-2024.toml", "fees-qcp-2024.toml", "calendar-us-federal.toml", "catalog-qcp-2020.toml"][which];
        let text = std::fs::read_to_string(repo().join("standards").join(file)).unwrap();
        let text = mutate(&text, &edits);
        let p = Path::new(file);
        match which {
            0 => { let _ = qcp::RuleEdition::from_toml(p, &text); }
            1 => { let _ = qcp::fees::FeeSchedule::from_toml(p, &text); }
            2 => { let _ = qcp::calendar::HolidayCalendar::from_toml(&text); }
            _ => { let _ = qcp::catalog::Catalog::from_toml(&text, file); }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The budgets leave room for realistic large inputs.

#[test]
fn a_400_physician_practice_passes_every_budget() {
    let base = example("application-complete.yaml");
    let mut clinicians = String::from("  clinicians:\n");
    let mut physicians = String::from("  physicians:\n");
    for i in 0..400 {
        clinicians.push_str(&format!(
            "    - name: Dr. Clinician {i}   # oncology\n      weekly_hours: 40\n"
        ));
        physicians.push_str(&format!(
            "    - name: Dr. Clinician {i}\n      npi: \"1234567893\"\n"
        ));
    }
    let start = base.find("  clinicians:\n").unwrap();
    let end = base.find("  sites:\n").unwrap();
    let mut sites = String::new();
    for i in 0..60 {
        sites.push_str(&format!(
            "    - name: Site {i}\n      address: {i} Orchard Avenue\n      city: Springfield\n      state: IL\n      postal_code: \"62704\"\n      administers_chemotherapy: true\n      prepares_chemotherapy: false\n"
        ));
    }
    let text = format!(
        "{}{clinicians}{physicians}  sites:\n{sites}{}",
        &base[..start],
        &base[end + "  sites:\n".len()..]
    );
    let d = dir();
    put(d.path(), "big.yaml", &text);
    for args in [
        vec!["validate", "big.yaml", "--as-of", "2026-11-22"],
        vec![
            "questionnaire",
            "check",
            "big.yaml",
            "--as-of",
            "2026-11-22",
        ],
        vec!["fee", "estimate", "big.yaml", "--as-of", "2026-11-22"],
    ] {
        let r = qcp(d.path(), &args);
        assert_ne!(r.status, 2, "{args:?}: refused\n{}", r.stderr);
        assert!(!r.stderr.contains("too-complex"), "{}", r.stderr);
    }
}

#[test]
fn a_5000_row_workbook_passes_every_budget() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Survey").unwrap();
    for (r, (k, v)) in [
        ("Received date", "2026-03-14"),
        ("Survey date", "2026-02-03"),
        ("Survey mode", "In Person"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = u32::try_from(r).unwrap();
        ws.write_string(r, 0, k).unwrap();
        ws.write_string(r, 1, v).unwrap();
    }
    let ws = wb.add_worksheet().set_name("Assessments").unwrap();
    for (c, h) in ["ID", "Assessment", "Description", "Notes"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for r in 1..=5000u32 {
        ws.write_string(r, 0, format!("{}.{}", 1 + r / 100, r % 100 + 1))
            .unwrap();
        ws.write_string(r, 1, "Met").unwrap();
        ws.write_string(
            r,
            2,
            format!("Requirement text of row {r}, a sentence or two long."),
        )
        .unwrap();
    }
    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    for (c, h) in [
        "ID",
        "Standard",
        "Severity",
        "Status",
        "Findings",
        "Requirement",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    match qcp::ccr_xlsx::import_ccr_bytes(&bytes, Path::new("big.xlsx")) {
        Err(e @ qcp::ccr_xlsx::ImportError::OverBudget { .. }) => panic!("{e}"),
        Err(e @ qcp::ccr_xlsx::ImportError::Corrupt { .. }) => panic!("{e}"),
        _ => {}
    }
}
