//! The benchmark's baseline: a bare typed parse of application files with yaml_serde into the
//! raw types, on 2 threads, with no checks and no output (every `*.yaml` under DIR):
//! `cargo run --release --example parse_only -- DIR`.
//!
//! With `--qcp`, qcp's own reading instead (`qcp::model::load`: the block-style fast path or
//! yaml_serde, then validation), to see what the checks add beyond reading.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::disallowed_macros,
    missing_docs
)]

use std::sync::atomic::{AtomicUsize, Ordering};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: parse_only DIR [--qcp]");
    let own = std::env::args().nth(2).is_some_and(|a| a == "--qcp");
    // Every *.yaml under DIR, as `qcp check DIR` finds them (a portfolio has one per folder).
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let next = AtomicUsize::new(0);
    let ok = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some(p) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let read = if own {
                        qcp::model::load::load(p).is_ok()
                    } else {
                        let text = std::fs::read_to_string(p).unwrap();
                        yaml_serde::from_str::<qcp::model::raw::RawApplication>(&text).is_ok()
                    };
                    if read {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    eprintln!(
        "parsed {} of {} files",
        ok.load(Ordering::Relaxed),
        files.len()
    );
}
