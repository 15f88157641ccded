//! # qcp — the QOPI Certification Program application, offline
//!
//! qcp models the rules of ASCO's QOPI Certification Program (QCP) so that a practice, its
//! consultant or a CI job can check an application kept as YAML before anything is paid or
//! uploaded: is the practice eligible, what is missing, what is due when.
//!
//! The library is pure: every check takes the application, a [`rules::RuleEdition`] and an
//! explicit `as_of` date, and returns findings as data. It never reads the clock, the
//! environment or the current directory, and never prints. The `qcp` binary does those things.
//!
//! ```
//! use qcp::{model::load, report, rules::RuleEdition, source::SourceFile};
//!
//! let text = r#"
//! practice:
//!   name: Meadowfield Oncology
//!   country: US
//!   fte: 3
//! rounds:
//!   - id: QOPI-2026-R1
//!     overall_score: 74.99
//!     unique_charts: 60
//!     qcp_track: true
//! eligibility:
//!   round: QOPI-2026-R1
//! "#;
//! let source = SourceFile::new("meadowfield.yaml", text);
//! let app = load::parse(&source)?;
//! let rules = RuleEdition::embedded()?;
//! let as_of = "2026-11-22".parse()?;
//!
//! let report = report::eligibility(&source, &app, &rules, as_of);
//! let low = report.findings.iter().find(|f| f.code == "score-below-threshold").unwrap();
//! assert_eq!(low.path, "rounds[0].overall_score");
//! assert_eq!(low.location.map(|l| l.line), Some(8));
//! assert!(low.message.contains("74.99 %"));
//! assert_eq!(report.edition.id, "qcp-2024");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Module map, by layer (each imports only from the layers before it; `docs/DESIGN.md` explains
//! the choices and a test in this file keeps the imports in order):
//! - foundations: [`units`] (exact quantities), [`source`] (positions), [`finding`] and
//!   [`codes`] (findings and their documentation), [`error`], [`suggest`] (did-you-mean
//!   hints), [`vocabulary`] (the CCR's words);
//! - leaf formats: [`calendar`] (business days and holidays from data), [`catalog`],
//!   [`docscan`], [`ccr_xlsx`], [`ics`], [`pdf`], [`yaml_edit`];
//! - input: [`model`] (the file, raw and validated), [`rules`] (rule editions);
//! - checks: [`validate`], [`eligibility`], [`agreements`], [`questionnaire`], [`records`],
//!   [`fees`], [`survey`], [`status`], [`journey`], [`checklist`], [`bundle`], [`ccr`],
//!   [`readiness`];
//! - reports and renderers: [`report`] (one value per command), [`portfolio`] (one row per
//!   practice of a folder) and [`render`] (its text, CI and PDF forms).

pub mod agreements;
pub mod bundle;
pub mod calendar;
pub mod catalog;
pub mod ccr;
pub mod ccr_xlsx;
pub mod checklist;
pub mod checks;
pub mod codes;
pub mod docscan;
pub mod eligibility;
pub mod error;
pub mod facts;
pub mod fees;
pub mod finding;
pub mod fsio;
pub mod ics;
pub mod journey;
pub mod junit;
pub mod model;
pub mod pdf;
pub mod portfolio;
pub mod qopi;
pub mod questionnaire;
pub mod readiness;
pub mod records;
pub mod render;
pub mod report;
pub mod rules;
pub mod sarif;
pub mod schemas;
pub mod source;
pub mod status;
pub mod suggest;
pub mod survey;
pub mod termsafe;
pub mod units;
pub mod validate;
pub mod vocabulary;
pub mod yaml_edit;

pub use error::InputError;
pub use finding::{Finding, Severity};
pub use report::Report;
pub use rules::RuleEdition;

/// The import graph among the library's top-level modules (docs/DESIGN.md, "Layers").
#[cfg(test)]
mod architecture_tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Every `.rs` file under `dir`, with the top-level module it belongs to.
    fn files(dir: &Path, top: Option<&str>, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                if top.is_none() && name == "bin" {
                    continue;
                }
                files(&p, Some(top.unwrap_or(&name)), out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let module = top.unwrap_or(stem).to_owned();
                if module != "lib" && module != "main" {
                    out.push((module, std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }

    fn ident(s: &str) -> &str {
        let end = s
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(s.len());
        &s[..end]
    }

    /// The top-level modules a file names through `crate::` paths (doc links included), before
    /// its `#[cfg(test)] mod tests` block.
    fn deps(text: &str) -> BTreeSet<String> {
        let mut text = text;
        let mut from = 0;
        while let Some(i) = text[from..].find("#[cfg(test)]") {
            let at = from + i;
            if text[at + "#[cfg(test)]".len()..]
                .trim_start()
                .starts_with("mod tests")
            {
                text = &text[..at];
                break;
            }
            from = at + 1;
        }
        let mut out = BTreeSet::new();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                out.extend(group.split(',').map(|p| ident(p.trim()).to_owned()));
            } else {
                out.insert(ident(rest).to_owned());
            }
        }
        out.remove("");
        out
    }

    /// Top-level module → the top-level modules it names.
    fn graph() -> Graph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut all = Vec::new();
        files(&src, None, &mut all);
        let mut graph = Graph::new();
        for (module, _) in &all {
            graph.entry(module.clone()).or_default();
        }
        for (module, text) in &all {
            let ds: BTreeSet<String> = deps(text)
                .into_iter()
                .filter(|d| d != module && graph.contains_key(d))
                .collect();
            graph.get_mut(module).unwrap().extend(ds);
        }
        graph
    }

    /// The layers of docs/DESIGN.md, lowest first. A module imports only from its own layer or
    /// those below it; a new top-level module must be placed here.
    const LAYERS: &[(&str, &[&str])] = &[
        (
            "foundations",
            &[
                "units",
                "source",
                "finding",
                "codes",
                "error",
                "suggest",
                "termsafe",
                // Bounded reads of regular files: every byte qcp reads goes through it.
                "fsio",
                "vocabulary",
                // The JSON shapes of the reports: ids and schemas, no program logic.
                "schemas",
            ],
        ),
        (
            "leaf formats",
            &[
                "calendar",
                "catalog",
                "docscan",
                "ccr_xlsx",
                "ics",
                "pdf",
                "yaml_edit",
                "sarif",
                "junit",
            ],
        ),
        ("input", &["model", "rules"]),
        // What the file says happened: every event read from its one home.
        ("facts", &["facts"]),
        (
            "checks",
            &[
                "validate",
                "eligibility",
                "agreements",
                "questionnaire",
                "records",
                "fees",
                "survey",
                "status",
                "journey",
                "checklist",
                "ccr",
                "qopi",
                // The practice's own mock survey (issue 15).
                "readiness",
            ],
        ),
        // The registry of every check, what it derives once per application, and the runner
        // that adds the document files of a folder.
        ("registry", &["checks", "bundle"]),
        ("reports", &["report", "portfolio"]),
        ("renderers", &["render"]),
    ];

    type Graph = BTreeMap<String, BTreeSet<String>>;

    /// Each import that points up the layers, and each module in no layer.
    fn against_layers(graph: &Graph, layers: &[(&str, &[&str])]) -> Vec<String> {
        let layer = |m: &str| layers.iter().position(|(_, ms)| ms.contains(&m));
        let mut bad = Vec::new();
        for (module, ds) in graph {
            let Some(own) = layer(module) else {
                bad.push(format!(
                    "{module} is in no layer: add it to LAYERS and docs/DESIGN.md"
                ));
                continue;
            };
            for d in ds {
                if let Some(l) = layer(d).filter(|&l| l > own) {
                    bad.push(format!(
                        "{module} ({}) imports {d} ({})",
                        layers[own].0, layers[l].0
                    ));
                }
            }
        }
        bad
    }

    /// Each strongly connected component of more than two modules, with its edges.
    fn long_cycles(graph: &Graph) -> Vec<String> {
        let reach = |from: &str| {
            let mut seen = BTreeSet::new();
            let mut todo = vec![from.to_owned()];
            while let Some(m) = todo.pop() {
                for d in graph.get(&m).into_iter().flatten() {
                    if seen.insert(d.clone()) {
                        todo.push(d.clone());
                    }
                }
            }
            seen
        };
        let reaches: BTreeMap<&String, BTreeSet<String>> =
            graph.keys().map(|m| (m, reach(m))).collect();
        let mut bad = Vec::new();
        for m in graph.keys() {
            let scc: BTreeSet<&String> = reaches[m]
                .iter()
                .filter(|w| reaches.get(*w).is_some_and(|r| r.contains(m)))
                .chain(std::iter::once(m))
                .collect();
            if scc.len() > 2 && scc.iter().next() == Some(&m) {
                let edges: Vec<String> = scc
                    .iter()
                    .flat_map(|a| {
                        graph[*a]
                            .iter()
                            .filter(|b| scc.contains(b))
                            .map(move |b| format!("{a} -> {b}"))
                    })
                    .collect();
                bad.push(format!(
                    "{} modules in one import cycle: {}\n  edges: {}",
                    scc.len(),
                    scc.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "),
                    edges.join(", ")
                ));
            }
        }
        bad
    }

    #[test]
    fn every_module_imports_only_from_its_layer_or_below() {
        let bad = against_layers(&graph(), LAYERS);
        assert!(
            bad.is_empty(),
            "imports against the layers:\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn no_import_cycle_spans_more_than_two_modules() {
        let bad = long_cycles(&graph());
        assert!(
            bad.is_empty(),
            "import cycles longer than two modules:\n{}",
            bad.join("\n")
        );
    }

    fn toy(edges: &[(&str, &str)]) -> Graph {
        let mut g = Graph::new();
        for (a, b) in edges {
            g.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
            g.entry((*b).to_owned()).or_default();
        }
        g
    }

    #[test]
    fn a_three_module_cycle_is_reported_and_a_two_module_one_is_not() {
        let two = toy(&[
            ("codes", "finding"),
            ("finding", "codes"),
            ("model", "finding"),
        ]);
        assert!(long_cycles(&two).is_empty());
        let three = toy(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]);
        let got = long_cycles(&three);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("3 modules in one import cycle: a b c"),
            "{}",
            got[0]
        );
        assert!(got[0].contains("c -> a"), "{}", got[0]);
    }

    #[test]
    fn an_import_up_the_layers_is_reported_and_one_down_is_not() {
        let layers: &[(&str, &[&str])] = &[("low", &["units"]), ("high", &["render"])];
        assert!(against_layers(&toy(&[("render", "units")]), layers).is_empty());
        assert_eq!(
            against_layers(&toy(&[("units", "render")]), layers),
            ["units (low) imports render (high)"]
        );
        assert_eq!(
            against_layers(&toy(&[("newcomer", "units")]), layers),
            ["newcomer is in no layer: add it to LAYERS and docs/DESIGN.md"]
        );
    }

    #[test]
    fn deps_reads_paths_groups_and_stops_at_tests() {
        let text = "use crate::a::B;\nuse crate::{b, c::D};\n/// [`crate::d`]\n#[cfg(test)]\nmod tests { use crate::e; }";
        let got: Vec<String> = deps(text).into_iter().collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
    }
}
