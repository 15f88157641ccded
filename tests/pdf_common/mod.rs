//! Shared fixtures for the integration tests and the benchmark.
#![allow(clippy::expect_used, dead_code, unreachable_pub)]

use qcp::pdf::{
    Align, BarChart, BarRow, Block, Column, Document, Fill, Meta, Row, Segment, Table, TextStyle,
};

pub const SECTIONS: usize = 40;
pub const ROWS: usize = 6;

const WORDS: &[&str] = &[
    "measure",
    "documentation",
    "oncology",
    "practice",
    "chemotherapy",
    "consent",
    "plan",
    "pathology",
    "staging",
    "review",
    "treatment",
    "summary",
    "patient",
    "survivorship",
    "abstraction",
    "threshold",
    "performance",
    "interdisciplinary",
    "policy",
    "evidence",
];

/// Deterministic filler text of `n` words, varied by `seed`.
pub fn words(seed: usize, n: usize) -> String {
    let mut x = (seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            // xorshift: varied but reproducible word order.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[(x % WORDS.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Names that built-in PDF fonts cannot show (facilities and people come from user data).
pub const NAMES: &[&str] = &[
    "São Paulo",
    "Ærø",
    "Łódź",
    "Ελλάδα",
    "Москва",
    "Nguyễn Thị Minh",
];

/// The 40-section document the brief asks for: heading, key-values, 2 long paragraphs and a
/// 6-row table with long cells per section; row ids `S{n}-R{r}` make rows countable.
pub fn big_document() -> Document {
    let mut blocks = vec![
        Block::Title("Certification Compliance Report".into()),
        Block::KeyValues(vec![
            ("Practice".into(), "Clínica São José — Łódź site".into()),
            ("As of".into(), "2025-01-31".into()),
            ("Edition".into(), "2025 standards (test fixture)".into()),
        ]),
        Block::Bars(BarChart {
            rows: (0..5)
                .map(|i| BarRow {
                    label: format!("Domain {} {}", i + 1, NAMES[i % NAMES.len()]),
                    segments: vec![
                        Segment {
                            value: 10 + i as u32 * 3,
                            fill: Fill::Good,
                        },
                        Segment {
                            value: 4 + (i as u32 % 3),
                            fill: Fill::Warn,
                        },
                        Segment {
                            value: i as u32,
                            fill: Fill::Bad,
                        },
                        Segment {
                            value: 2,
                            fill: Fill::Neutral,
                        },
                    ],
                })
                .collect(),
            legend: vec![
                (Fill::Good, "met".into()),
                (Fill::Warn, "partially met".into()),
                (Fill::Bad, "not met".into()),
                (Fill::Neutral, "not applicable".into()),
            ],
        }),
    ];
    for s in 1..=SECTIONS {
        blocks.push(Block::Heading {
            level: 1,
            text: format!("Section {s}: {}", NAMES[s % NAMES.len()]),
        });
        blocks.push(Block::KeyValues(vec![
            ("Standard".into(), format!("STD-{s:03}")),
            (
                "Owner".into(),
                format!("Dr. {} {}", NAMES[(s + 1) % NAMES.len()], words(s, 3)),
            ),
            (
                "Status".into(),
                if s % 3 == 0 {
                    "not met".into()
                } else {
                    "met".into()
                },
            ),
        ]));
        blocks.push(Block::Paragraph {
            text: words(s, 90),
            style: TextStyle::Normal,
        });
        blocks.push(Block::Paragraph {
            text: words(s + 1, 70),
            style: TextStyle::Muted,
        });
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Item", 1.0, Align::Left),
                Column::new("Requirement and evidence", 3.0, Align::Left),
                Column::new("Site", 1.4, Align::Left),
                Column::new("Score", 0.8, Align::Right),
            ],
            rows: (1..=ROWS)
                .map(|r| {
                    Row::new([
                        format!("S{s}-R{r}"),
                        words(s * 10 + r, 18 + (r * 5) % 17),
                        NAMES[(s + r) % NAMES.len()].to_string(),
                        format!("{}.{}%", 50 + (s * r) % 50, r),
                    ])
                })
                .collect(),
        }));
    }
    Document {
        meta: Meta {
            title: "Certification Compliance Report".into(),
            subject: "test fixture".into(),
            footer_left: "Clínica São José · as of 2025-01-31".into(),
            date: Some(jiff::civil::date(2025, 1, 31)),
            lang: "en-US".into(),
        },
        blocks,
    }
}
