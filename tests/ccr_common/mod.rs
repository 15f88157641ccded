//! Shared by tests/ccr.rs and benches/ccr_render.rs: a large CCR (40 standards, long findings).
#![allow(clippy::expect_used, dead_code, unreachable_pub, missing_docs)]

use std::fmt::Write as _;

/// A deterministic sentence of `n` words (seeded), for long findings.
pub fn words(seed: usize, n: usize) -> String {
    const W: &[&str] = &[
        "the",
        "infusion",
        "record",
        "showed",
        "that",
        "nurses",
        "checked",
        "each",
        "dose",
        "against",
        "signed",
        "order",
        "but",
        "second",
        "signature",
        "was",
        "missing",
        "for",
        "several",
        "sampled",
        "patients",
        "policy",
        "requires",
        "documentation",
        "before",
    ];
    (0..n)
        .map(|i| W[(seed * 7 + i * 13) % W.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Standard ids of the big CCR: 10 per domain, 1.1 … 4.10.
pub fn big_ids() -> Vec<String> {
    (1..=4)
        .flat_map(|d| (1..=10).map(move |s| format!("{d}.{s}")))
        .collect()
}

/// An application whose CCR assesses 40 standards; every fourth is Partially Met or Not Met with
/// an issue carrying long findings and a long requirement.
pub fn big_ccr_yaml() -> String {
    let mut y = String::from(
        "practice:\n  name: Ærø Onkologi São Paulo\n  country: US\n  fte: 3\nccr:\n  received: 2026-10-02\n  final: 2026-10-16\n  survey: {date: 2026-08-25, mode: in_person, surveyor: Łucja Nowak}\n  assessments:\n",
    );
    let mut issues = String::from("  issues:\n");
    for (k, id) in big_ids().iter().enumerate() {
        let a = match k % 4 {
            1 => "partially_met",
            3 => "not_met",
            _ => "met",
        };
        let _ = writeln!(
            y,
            "    - id: \"{id}\"\n      description: Standard {id} {}\n      assessment: {a}\n      notes: {}",
            words(k, 8),
            words(k + 1, 30)
        );
        if a != "met" {
            let _ = writeln!(
                issues,
                "    - id: ISS-{}\n      standard: \"{id}\"\n      severity: {}\n      status: open\n      findings: {}\n      requirement: {}",
                100 + k,
                if a == "not_met" {
                    "critical_non_compliant"
                } else {
                    "critical_partial_compliance"
                },
                words(k + 2, 120),
                words(k + 3, 60)
            );
        }
    }
    y.push_str(&issues);
    y
}
