//! PHI screen quality and speed on the labelled synthetic corpus (tests/docscan_common/phi_corpus.rs).
//!
//! Run: `cargo bench --bench phi_corpus` (release profile, one thread). Prints, for the training
//! seed and for the held-out seed: recall per kind, hit precision, PHI documents flagged, clean
//! documents flagged, and MB/s per format (sniff + extract + screen; file bytes and extracted
//! text bytes over the best of at least 3 passes; on Linux also by mean on-CPU time per pass,
//! which a loaded machine does not inflate).
//! `-- --misses` also lists misses and false hits (training seed only: never tune on held-out).
//! `-- --write DIR` writes the training seed's documents to DIR.
//! `-- --profile docx` (or txt, pdf) only loops over the held-out seed's documents of that format
//! for about ten seconds, for `perf record`; it also prints extract-only and screen-only times.
#![allow(
    clippy::expect_used,
    missing_docs,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::print_stdout
)]

#[path = "../tests/docscan_common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::phi_corpus::{self, Corpus, Format, Score};
use qcp::docscan::{self, Extracted};

const DOCS: usize = 200;

fn run(corpus: &Corpus, rules: &docscan::PhiRules, limits: &docscan::ExtractLimits) -> Score {
    let mut score = Score::default();
    for doc in &corpus.docs {
        let kind = docscan::sniff(&doc.bytes, &doc.name).actual.unwrap();
        match docscan::extract_text(kind, &doc.bytes, limits) {
            Ok(Extracted::Text(units)) => {
                let hits = docscan::screen_with(&units, rules, &corpus.practice.known());
                phi_corpus::score_doc(&mut score, doc, Some((&units, &hits)));
            }
            _ => phi_corpus::score_doc(&mut score, doc, None),
        }
    }
    score
}

fn speed(corpus: &Corpus, rules: &docscan::PhiRules, limits: &docscan::ExtractLimits) {
    for format in [Format::Txt, Format::Docx, Format::Pdf] {
        let docs: Vec<_> = corpus.docs.iter().filter(|d| d.format == format).collect();
        let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
        let known = corpus.practice.known();
        // Extracted text, for a throughput that does not depend on how a format compresses.
        let text: usize = docs
            .iter()
            .map(|doc| {
                let kind = docscan::sniff(&doc.bytes, &doc.name).actual.unwrap();
                match docscan::extract_text(kind, &doc.bytes, limits) {
                    Ok(Extracted::Text(units)) => units.iter().map(|u| u.text.len() + 1).sum(),
                    _ => 0,
                }
            })
            .sum();
        let mut best = Duration::MAX;
        // On-CPU time advances at scheduler ticks, so it is summed over at least 0.3 s of passes.
        let (mut passes, mut cpu_total) = (0u32, Duration::ZERO);
        let started = Instant::now();
        while passes < 3 || started.elapsed() < Duration::from_millis(300) {
            let c = on_cpu();
            let t = Instant::now();
            for doc in &docs {
                let kind = docscan::sniff(&doc.bytes, &doc.name).actual.unwrap();
                if let Ok(Extracted::Text(units)) = docscan::extract_text(kind, &doc.bytes, limits)
                {
                    std::hint::black_box(docscan::screen_with(&units, rules, &known));
                }
            }
            best = best.min(t.elapsed());
            passes += 1;
            if let (Some(a), Some(b)) = (c, on_cpu()) {
                cpu_total += b.saturating_sub(a);
            }
        }
        let best_cpu = if cpu_total.is_zero() {
            Duration::MAX
        } else {
            cpu_total / passes
        };
        let cpu = if best_cpu == Duration::MAX {
            String::new()
        } else {
            format!(
                "; {:6.1} MB/s of files on-CPU",
                bytes as f64 / 1e6 / best_cpu.as_secs_f64()
            )
        };
        println!(
            "  speed {:<4} {:6.1} MB/s of files, {:6.1} MB/s of text{cpu}  ({} documents, {:.2} MB files, {:.2} MB text)",
            format.ext(),
            bytes as f64 / 1e6 / best.as_secs_f64(),
            text as f64 / 1e6 / best.as_secs_f64(),
            docs.len(),
            bytes as f64 / 1e6,
            text as f64 / 1e6
        );
    }
}

/// Time this thread has spent running (Linux: /proc/thread-self/schedstat), so a figure taken
/// on a loaded machine is not inflated by time spent waiting for a core.
fn on_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(s.split(' ').next()?.parse().ok()?))
}

/// Extract-only and screen-only throughput for one format, then a ten-second loop to profile.
fn profile(format: Format, rules: &docscan::PhiRules, limits: &docscan::ExtractLimits) {
    let corpus = phi_corpus::corpus(phi_corpus::HELD_OUT_SEED, DOCS);
    let known = corpus.practice.known();
    let docs: Vec<_> = corpus.docs.iter().filter(|d| d.format == format).collect();
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let extract = |doc: &phi_corpus::Doc| {
        let kind = docscan::sniff(&doc.bytes, &doc.name).actual.unwrap();
        match docscan::extract_text(kind, &doc.bytes, limits) {
            Ok(Extracted::Text(units)) => units,
            other => panic!("{}: {other:?}", doc.name),
        }
    };
    let all: Vec<_> = docs.iter().map(|d| extract(d)).collect();
    let text: usize = all.iter().flatten().map(|u| u.text.len() + 1).sum();
    let mut ex = Duration::MAX;
    let mut sc = Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for doc in &docs {
            std::hint::black_box(extract(doc));
        }
        ex = ex.min(t.elapsed());
        let t = Instant::now();
        for units in &all {
            std::hint::black_box(docscan::screen_with(units, rules, &known));
        }
        sc = sc.min(t.elapsed());
    }
    let mb = |n: usize, d: Duration| n as f64 / 1e6 / d.as_secs_f64();
    println!(
        "{}: {} documents, {:.2} MB files, {:.2} MB text; sniff+extract {:.1} ms ({:.1} MB/s of files), screen {:.1} ms ({:.1} MB/s of text)",
        format.ext(),
        docs.len(),
        bytes as f64 / 1e6,
        text as f64 / 1e6,
        ex.as_secs_f64() * 1e3,
        mb(bytes, ex),
        sc.as_secs_f64() * 1e3,
        mb(text, sc)
    );
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(10) {
        for doc in &docs {
            let units = extract(doc);
            std::hint::black_box(docscan::screen_with(&units, rules, &known));
        }
    }
}

fn main() {
    let show_misses = std::env::args().any(|a| a == "--misses");
    let (rules, limits) = docscan::rules::parse(docscan::rules::DEFAULT_TOML).unwrap();
    // `-- --dump policy-009.txt`: the extracted lines of one training document (for tuning).
    let args: Vec<String> = std::env::args().collect();
    // `-- --write DIR`: the training seed's documents as files (to inspect them with other tools).
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir = std::path::Path::new(args.get(i + 1).unwrap());
        std::fs::create_dir_all(dir).unwrap();
        for doc in phi_corpus::corpus(phi_corpus::TRAIN_SEED, DOCS).docs {
            std::fs::write(dir.join(&doc.name), &doc.bytes).unwrap();
        }
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        let format = match args.get(i + 1).map(String::as_str) {
            Some("txt") => Format::Txt,
            Some("pdf") => Format::Pdf,
            _ => Format::Docx,
        };
        profile(format, &rules, &limits);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        let corpus = phi_corpus::corpus(phi_corpus::TRAIN_SEED, DOCS);
        let doc = corpus
            .docs
            .iter()
            .find(|d| Some(&d.name) == args.get(i + 1))
            .unwrap();
        let kind = docscan::sniff(&doc.bytes, &doc.name).actual.unwrap();
        if let Ok(Extracted::Text(units)) = docscan::extract_text(kind, &doc.bytes, &limits) {
            for u in &units {
                println!("{} {:?} {}: {:?}", u.part, u.page, u.line, u.text);
            }
        }
        return;
    }
    for (name, seed) in [
        ("training", phi_corpus::TRAIN_SEED),
        ("held-out", phi_corpus::HELD_OUT_SEED),
    ] {
        let corpus = phi_corpus::corpus(seed, DOCS);
        let score = run(&corpus, &rules, &limits);
        println!("{name} seed {seed:#x}: {DOCS} documents");
        print!("{}", score.report());
        if show_misses && seed == phi_corpus::TRAIN_SEED {
            for m in &score.misses {
                println!("  MISS {m:?}");
            }
            for f in &score.false_hits {
                println!("  FALSE {f:?}");
            }
        }
        speed(&corpus, &rules, &limits);
    }
}
