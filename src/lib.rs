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
//! Module map: [`model`] (the file, raw and validated), [`rules`] (rule editions),
//! [`eligibility`] and [`validate`] (checks), [`finding`] and [`codes`] (findings and their
//! documentation), [`report`] and [`render`] (results and their text forms), [`source`]
//! (positions), [`units`] (exact quantities), [`calendar`] (business days and holidays from
//! data), [`ics`] (iCalendar export of deadlines). `docs/DESIGN.md` explains the choices.

pub mod agreements;
pub mod bundle;
pub mod calendar;
pub mod catalog;
pub mod ccr;
pub mod ccr_xlsx;
pub mod checklist;
pub mod codes;
pub mod docscan;
pub mod eligibility;
pub mod error;
pub mod fees;
pub mod finding;
pub mod fsio;
pub mod ics;
pub mod model;
pub mod pdf;
pub mod questionnaire;
pub mod records;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod status;
pub mod survey;
pub mod units;
pub mod validate;
pub mod yaml_edit;

pub use error::InputError;
pub use finding::{Finding, Severity};
pub use report::Report;
pub use rules::RuleEdition;
