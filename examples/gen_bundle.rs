//! Writes a realistic bundle for benchmarking `qcp bundle check`:
//! `cargo run --release --example gen_bundle -- N DIR [--no-documents]`.
//!
//! N application files (3–6 KB each, every catalog element with a document and a summary) and a
//! shared pool of TXT and DOCX policies they reference. About 5 % of the applications carry
//! exactly one defect (a score below the threshold, a missing summary, a missing file, an unknown
//! element, no PHI attestation, an impossible date). Deterministic: the same N gives the same files.
//! `--no-documents` leaves the documents section out (to measure the document checks' cost).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::disallowed_macros,
    missing_docs
)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

const SLOTS: &[&str] = &[
    "1.1.1", "1.1.2", "1.1.3", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2.1", "2.3", "2.4", "3.1",
    "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8.1", "3.8.2", "3.9", "3.10", "4.1", "4.2", "4.3",
];
const VARIANTS: usize = 3;
const FIRST: &[&str] = &[
    "Ana", "Owen", "Priya", "Samuel", "Lena", "Marcus", "Dana", "Ines", "Tomas", "Keiko",
];
const LAST: &[&str] = &[
    "Ruiz",
    "Hale",
    "Natarajan",
    "Okafor",
    "Vogel",
    "Bell",
    "Whitfield",
    "Moreau",
    "Sato",
    "Lindqvist",
];
const TOWNS: &[(&str, &str)] = &[
    ("Springfield", "IL"),
    ("Dayton", "OH"),
    ("Fresno", "CA"),
    ("Albany", "NY"),
    ("Tulsa", "OK"),
];

/// A small deterministic generator (xorshift), so runs are reproducible without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn npi(seed: u64) -> String {
    // Luhn over "80840" + 9 digits, as NPIs are checked.
    let base: Vec<u32> = format!("1{:08}", seed % 100_000_000)
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let mut digits: Vec<u32> = vec![8, 0, 8, 4, 0];
    digits.extend(&base);
    let mut sum = 0;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = *d;
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    let check = (10 - sum % 10) % 10;
    format!(
        "{}{check}",
        base.iter().map(u32::to_string).collect::<String>()
    )
}

fn docx(text: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("[Content_Types].xml", o).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        z.start_file("word/document.xml", o).unwrap();
        let mut body = String::new();
        for l in text.lines() {
            let _ = write!(body, "<w:p><w:r><w:t>{l}</w:t></w:r></w:p>");
        }
        write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn policy_text(slot: &str, v: usize) -> String {
    let mut t = format!("Policy for standard element {slot} (revision {v})\n\n");
    for s in 1..=12 {
        let _ = writeln!(
            t,
            "Section {s}. Staff verify two patient identifiers before each step; the nurse documents the check in the record. \
             Orders are reviewed by a second qualified clinician. Training is repeated every year and logged."
        );
    }
    t
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .expect("usage: gen_bundle N DIR [--no-documents]");
    let dir = Path::new(
        args.get(1)
            .expect("usage: gen_bundle N DIR [--no-documents]"),
    );
    let with_docs = !args.iter().any(|a| a == "--no-documents");
    std::fs::create_dir_all(dir.join("pool")).unwrap();
    if with_docs {
        for (i, slot) in SLOTS.iter().enumerate() {
            for v in 0..VARIANTS {
                let text = policy_text(slot, v);
                if (i + v).is_multiple_of(4) {
                    std::fs::write(
                        dir.join(format!("pool/policy-{slot}-{v}.docx")),
                        docx(&text),
                    )
                    .unwrap();
                } else {
                    std::fs::write(dir.join(format!("pool/policy-{slot}-{v}.txt")), text).unwrap();
                }
            }
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut defects = 0;
    for a in 0..n {
        // About one in twenty applications gets exactly one defect.
        let defect = if rng.below(20) == 0 {
            Some(rng.below(6))
        } else {
            None
        };
        defects += usize::from(defect.is_some());
        let mut y = String::new();
        let (town, state) = TOWNS[rng.below(TOWNS.len())];
        let _ = writeln!(
            y,
            "# Generated by examples/gen_bundle.rs (application {a}).\nformat_version: 1\n\npractice:"
        );
        let _ = writeln!(
            y,
            "  name: {town} Oncology Group {a}\n  program_id: \"{}\"\n  country: US\n  participation: practice\n  clinicians:",
            200_000 + a
        );
        let clinicians = 3 + rng.below(4);
        let mut names = Vec::new();
        for c in 0..clinicians {
            let name = format!(
                "Dr. {} {}",
                FIRST[rng.below(FIRST.len())],
                LAST[(a + c) % LAST.len()]
            );
            let _ = writeln!(
                y,
                "    - name: {name}\n      weekly_hours: {}",
                20 + rng.below(21)
            );
            names.push(name);
        }
        y.push_str("  physicians:\n");
        for (c, name) in names.iter().enumerate() {
            let _ = writeln!(
                y,
                "    - name: {name}\n      npi: \"{}\"",
                npi((a * 10 + c) as u64 + 1_000)
            );
        }
        y.push_str("  sites:\n");
        for s in 0..(1 + rng.below(2)) {
            let _ = writeln!(
                y,
                "    - name: {town} Site {s}\n      address: {} Main Street\n      city: {town}\n      state: {state}\n      postal_code: \"{:05}\"\n      administers_chemotherapy: true\n      prepares_chemotherapy: {}",
                100 + rng.below(800),
                10_000 + rng.below(89_999),
                s == 0
            );
        }
        let _ = writeln!(
            y,
            "  tax_ids: [\"{:02}-{:07}\"]\n  contacts:\n    - name: {}\n      email: quality{a}@practice.example\n      phone: \"+1 555 555 {:04}\"\n      types: [program_administrator]\n      trusted: true\n      primary: true\n",
            10 + rng.below(89),
            rng.below(9_999_999),
            names[0],
            rng.below(9999)
        );
        let score = if defect == Some(0) {
            "74.99".to_owned()
        } else {
            format!("{}.{:02}", 76 + rng.below(20), rng.below(100))
        };
        let form_date = if defect == Some(5) {
            "2026-02-30"
        } else {
            "2026-11-20"
        };
        let _ = writeln!(
            y,
            "applicant:\n  type: new\n\nrounds:\n  - id: QOPI-2026-R1\n    overall_score: {score}\n    unique_charts: {}\n    qcp_track: true\n\neligibility:\n  form_date: {form_date}\n  round: QOPI-2026-R1\n  category: regular\n  attestations:\n    charts_from_all_sites: yes\n    charts_exhausted: not_applicable\n  webinar:\n    attendee: {}\n    date: 2026-09-17\n  legal_entity: {town} Oncology Group {a}, LLC\n  legal_reviewer:\n    name: {}\n    email: legal{a}@practice.example\n    phone: \"+1 555 555 0199\"\n",
            160 + rng.below(100),
            names[0],
            names[1]
        );
        if with_docs {
            let _ = writeln!(
                y,
                "documents:\n  phi_attestation: {}\n  elements:",
                defect != Some(4)
            );
            for (i, slot) in SLOTS.iter().enumerate() {
                let v = (a + i) % VARIANTS;
                let ext = if (i + v).is_multiple_of(4) {
                    "docx"
                } else {
                    "txt"
                };
                let key = if *slot == "1.1.1" && defect == Some(3) {
                    "9.9.9"
                } else {
                    slot
                };
                let file = if i == 5 && defect == Some(2) {
                    format!("pool/missing-{slot}.pdf")
                } else {
                    format!("pool/policy-{slot}-{v}.{ext}")
                };
                let _ = writeln!(y, "    \"{key}\":\n      - path: {file}");
                if !(i == 7 && defect == Some(1)) {
                    let _ = writeln!(
                        y,
                        "        summary: \"Sections 2-4 cover element {slot}; section 7 the yearly review.\""
                    );
                }
            }
        }
        std::fs::write(dir.join(format!("app-{a:05}.yaml")), y).unwrap();
    }
    eprintln!(
        "wrote {n} applications ({defects} with one defect) to {}",
        dir.display()
    );
}
