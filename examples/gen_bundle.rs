//! Writes a realistic bundle for benchmarking `qcp bundle check`:
//! `cargo run --release --example gen_bundle -- N DIR [--no-documents]`, or a consultant's
//! folder of practices (issue 15): `gen_bundle --portfolio PRACTICES DOCS DIR` (below).
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

#[path = "../tests/docscan_common/mod.rs"]
mod docs;

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

/// Who a generated practice is: the identifiers its documents may mention as its own.
struct Who {
    name: String,
    /// (name, NPI) of each physician; the first is the contact.
    physicians: Vec<(String, String)>,
    email: String,
    phone: String,
    /// (street address, town, state, postal code).
    site: (String, String, String, String),
}

fn who(a: usize, rng: &mut Rng) -> Who {
    let (town, state) = TOWNS[rng.below(TOWNS.len())];
    let physicians = (0..3 + rng.below(4))
        .map(|c| {
            let name = format!(
                "Dr. {} {}",
                FIRST[rng.below(FIRST.len())],
                LAST[(a + c) % LAST.len()]
            );
            (name, npi((a * 10 + c) as u64 + 1_000))
        })
        .collect();
    Who {
        name: format!("{town} Oncology Group {a}"),
        physicians,
        email: format!("quality{a}@practice.example"),
        phone: format!("+1 555 555 {:04}", rng.below(9999)),
        site: (
            format!("{} Main Street", 100 + rng.below(800)),
            town.to_owned(),
            state.to_owned(),
            format!("{:05}", 10_000 + rng.below(89_999)),
        ),
    }
}

/// One application file: `defect` (0–5) plants one problem; `docs` are (element, path) pairs.
fn application(
    a: usize,
    rng: &mut Rng,
    defect: Option<usize>,
    w: &Who,
    docs: Option<&[(String, String)]>,
) -> String {
    let mut y = String::new();
    let (street, town, state, postal) = &w.site;
    let _ = writeln!(
        y,
        "# Generated by examples/gen_bundle.rs (application {a}).\nformat_version: 1\n\npractice:"
    );
    let _ = writeln!(
        y,
        "  name: {}\n  program_id: \"{}\"\n  country: US\n  participation: practice\n  clinicians:",
        w.name,
        200_000 + a
    );
    for (name, _) in &w.physicians {
        let _ = writeln!(
            y,
            "    - name: {name}\n      weekly_hours: {}",
            20 + rng.below(21)
        );
    }
    y.push_str("  physicians:\n");
    for (name, npi) in &w.physicians {
        let _ = writeln!(y, "    - name: {name}\n      npi: \"{npi}\"");
    }
    y.push_str("  sites:\n");
    for s in 0..(1 + rng.below(2)) {
        let _ = writeln!(
            y,
            "    - name: {town} Site {s}\n      address: {street}\n      city: {town}\n      state: {state}\n      postal_code: \"{postal}\"\n      administers_chemotherapy: true\n      prepares_chemotherapy: {}",
            s == 0
        );
    }
    let _ = writeln!(
        y,
        "  tax_ids: [\"{:02}-{:07}\"]\n  contacts:\n    - name: {}\n      email: {}\n      phone: \"{}\"\n      types: [program_administrator]\n      trusted: true\n      primary: true\n",
        10 + rng.below(89),
        rng.below(9_999_999),
        w.physicians[0].0,
        w.email,
        w.phone,
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
        "applicant:\n  type: new\n\nrounds:\n  - id: QOPI-2026-R1\n    overall_score: {score}\n    unique_charts: {}\n    qcp_track: true\n\neligibility:\n  form_date: {form_date}\n  round: QOPI-2026-R1\n  category: regular\n  attestations:\n    charts_from_all_sites: yes\n    charts_exhausted: not_applicable\n  webinar:\n    attendee: {}\n    date: 2026-09-17\n  legal_entity: {}, LLC\n  legal_reviewer:\n    name: {}\n    email: legal{a}@practice.example\n    phone: \"+1 555 555 0199\"\n",
        160 + rng.below(100),
        w.physicians[0].0,
        w.name,
        w.physicians[1].0
    );
    if let Some(docs) = docs {
        let _ = writeln!(
            y,
            "documents:\n  phi_attestation: {}\n  elements:",
            defect != Some(4)
        );
        let mut by_slot: Vec<(&str, Vec<&str>)> = Vec::new();
        for (slot, path) in docs {
            match by_slot.iter_mut().find(|(s, _)| s == slot) {
                Some((_, v)) => v.push(path),
                None => by_slot.push((slot, vec![path])),
            }
        }
        for (i, (slot, paths)) in by_slot.iter().enumerate() {
            let key = if *slot == "1.1.1" && defect == Some(3) {
                "9.9.9"
            } else {
                slot
            };
            let _ = writeln!(y, "    \"{key}\":");
            for (k, path) in paths.iter().enumerate() {
                let path = if i == 5 && k == 0 && defect == Some(2) {
                    format!("pool/missing-{slot}.pdf")
                } else {
                    (*path).to_owned()
                };
                let _ = writeln!(y, "      - path: {path}");
                if !(i == 7 && defect == Some(1)) {
                    let _ = writeln!(
                        y,
                        "        summary: \"Sections 2-4 cover element {slot}; section 7 the yearly review.\""
                    );
                }
            }
        }
    }
    y
}

/// About one application in twenty gets exactly one defect.
fn defect(rng: &mut Rng) -> Option<usize> {
    if rng.below(20) == 0 {
        Some(rng.below(6))
    } else {
        None
    }
}

/// `--portfolio PRACTICES DOCS DIR`: a consultant's folder, one sub-folder per practice with
/// its application file and DOCS policy documents of its own (TXT, DOCX and PDF in turn), made
/// by the labelled generator of tests/docscan_common/phi_corpus.rs: realistic policy prose with
/// the practice's own identifiers and look-alikes; one document in ten also carries planted
/// patient identifiers (those are screened a second time, with the practice's identifiers left
/// out). Lengths: 60 % of the documents as the generator makes them (2–6 pages of 50 lines),
/// 40 % extended with the practice's other clean documents to 7–30 pages.
fn portfolio(practices: usize, per: usize, dir: &Path) {
    use docs::phi_corpus::{self, Format};
    let (_, limits) =
        qcp::docscan::rules::parse(qcp::docscan::rules::DEFAULT_TOML).expect("PHI rules");
    let mut rng = Rng(0x5EED_2026_0015);
    let (mut bytes, mut pages_total, mut defects, mut count) = (0usize, 0usize, 0usize, 0usize);
    for p in 0..practices {
        // Four times as many as needed, to pick from (the generator plants identifiers in about
        // 60 % of its documents): one document in ten with planted identifiers (a practice's
        // uploads are mostly clean), the rest without.
        let corpus = phi_corpus::corpus(0x5EED_0000 + p as u64, per * 4);
        let mut picked = Vec::new();
        let (mut with_phi, mut clean) = (0, 0);
        for d in &corpus.docs {
            if d.planted.is_empty() && clean < per - per / 10 {
                clean += 1;
                picked.push(d);
            } else if !d.planted.is_empty() && with_phi < per / 10 {
                with_phi += 1;
                picked.push(d);
            }
        }
        // Each clean document's extracted lines, to extend the long ones with.
        let lines: Vec<Vec<String>> = picked
            .iter()
            .filter(|d| d.planted.is_empty())
            .map(|d| {
                let kind = qcp::docscan::sniff(&d.bytes, &d.name).actual.expect("kind");
                match qcp::docscan::extract_text(kind, &d.bytes, &limits) {
                    Ok(qcp::docscan::Extracted::Text(u)) => u.into_iter().map(|u| u.text).collect(),
                    _ => Vec::new(),
                }
            })
            .collect();
        let folder = dir.join(format!("practice-{p:03}"));
        std::fs::create_dir_all(folder.join("docs")).unwrap();
        let mut refs = Vec::new();
        for (i, d) in picked.iter().enumerate() {
            let natural = lines.get(i).map_or(3, |l| l.len().div_ceil(50).max(1));
            let (content, pages) = if rng.below(10) < 6 || !d.planted.is_empty() {
                (d.bytes.clone(), natural)
            } else {
                let pages = 7 + rng.below(24);
                let mut text: Vec<String> = lines
                    .iter()
                    .cycle()
                    .skip(i)
                    .flatten()
                    .take(pages * 50)
                    .cloned()
                    .collect();
                text.truncate(pages * 50);
                let content = match d.format {
                    Format::Txt => (text.join("\n") + "\n").into_bytes(),
                    Format::Docx => docs::docx(&text),
                    Format::Pdf => {
                        let pp: Vec<Vec<String>> =
                            text.chunks(50).map(<[String]>::to_vec).collect();
                        docs::pdf(&pp, &docs::plain())
                    }
                };
                (content, pages)
            };
            bytes += content.len();
            count += 1;
            pages_total += pages;
            let name = format!("docs/{}", d.name);
            std::fs::write(folder.join(&name), content).unwrap();
            refs.push((SLOTS[i % SLOTS.len()].to_owned(), name));
        }
        let pr = &corpus.practice;
        let mut w = who(p, &mut rng);
        // The corpus's practice: its staff, NPIs, phone, e-mail and address are its own.
        w.name = format!("{} {p}", pr.name);
        w.physicians = pr
            .staff
            .iter()
            .enumerate()
            .map(|(k, n)| {
                let npi = pr
                    .npis
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| npi((p * 10 + k) as u64 + 5_000));
                (n.clone(), npi)
            })
            .collect();
        w.email.clone_from(&pr.emails[0]);
        w.phone.clone_from(&pr.phones[0]);
        w.site = (
            pr.address.clone(),
            pr.city.clone(),
            pr.state.clone(),
            pr.postal_code.clone(),
        );
        let d = defect(&mut rng);
        defects += usize::from(d.is_some());
        let y = application(p, &mut rng, d, &w, Some(&refs));
        std::fs::write(folder.join("application.yaml"), y).unwrap();
    }
    eprintln!(
        "wrote {practices} practices, {count} documents ({} pages, {:.1} MB), {defects} applications with one defect, to {}",
        pages_total,
        bytes as f64 / 1e6,
        dir.display()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--portfolio") {
        let usage = "usage: gen_bundle --portfolio PRACTICES DOCS DIR";
        let n = |i: usize| -> usize { args.get(i).and_then(|a| a.parse().ok()).expect(usage) };
        portfolio(n(1), n(2), Path::new(args.get(3).expect(usage)));
        return;
    }
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
        let defect = defect(&mut rng);
        defects += usize::from(defect.is_some());
        let w = who(a, &mut rng);
        let docs: Vec<(String, String)> = SLOTS
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                let v = (a + i) % VARIANTS;
                let ext = if (i + v).is_multiple_of(4) {
                    "docx"
                } else {
                    "txt"
                };
                ((*slot).to_owned(), format!("pool/policy-{slot}-{v}.{ext}"))
            })
            .collect();
        let y = application(a, &mut rng, defect, &w, with_docs.then_some(&docs[..]));
        std::fs::write(dir.join(format!("app-{a:05}.yaml")), y).unwrap();
    }
    eprintln!(
        "wrote {n} applications ({defects} with one defect) to {}",
        dir.display()
    );
}
