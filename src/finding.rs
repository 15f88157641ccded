//! Findings: what a check found, as data.
//!
//! A finding is never an `Err`: `Err` means qcp could not run at all. Every finding carries a
//! stable code from [`crate::codes`], a severity, the YAML path it concerns (and line:column once
//! located), a message that names the figure that failed, a hint, and the rule-data entry that
//! triggered it. Renderers turn findings into tables, JSON, JUnit, SARIF or PDF; checks never
//! format output themselves.

use std::fmt;

use serde::Serialize;

use crate::codes::{self, CodeInfo};
use crate::source::{Location, SourceFile};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Will cause trouble later or needs the program's approval; fails only with `--deny warnings`.
    Warning,
    /// Blocks the step it concerns; exit status 1.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `score-below-threshold`.
    pub code: &'static str,
    /// Severity (normally the code's default; a staff exception can lower it).
    pub severity: Severity,
    /// YAML path of the value concerned, e.g. `rounds[0].overall_score`; empty for the whole file.
    pub path: String,
    /// Line and column in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What failed, naming the figure and the requirement.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The rule-data entry behind the check, e.g. `eligibility.score_threshold`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Set when a staff exception turned this failure into a non-blocking finding.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub waived: bool,
}

impl Finding {
    /// A finding with the code's default severity.
    ///
    /// # Panics
    /// Never for codes in the table; an unknown code is a programming error caught by the unit
    /// test that walks every check's codes (`codes::tests`), so this falls back to `Error`.
    #[must_use]
    pub fn new(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let severity = codes::lookup(code).map_or(Severity::Error, |c: &CodeInfo| c.severity);
        debug_assert!(
            codes::lookup(code).is_some(),
            "unregistered finding code {code}"
        );
        Self {
            code,
            severity,
            path: path.into(),
            location: None,
            message: message.into(),
            hint: hint.into(),
            rule: None,
            waived: false,
        }
    }

    /// Names the rule-data entry that triggered the finding.
    #[must_use]
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// Overrides the severity (used for the rare code whose severity depends on an answer).
    #[must_use]
    pub fn with_severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }
}

/// Fills in `location` for every finding that lacks one, from the file's kept tree or by
/// scanning its text at most once.
pub fn locate_all(findings: &mut [Finding], source: &SourceFile) {
    if findings.iter().all(|f| f.location.is_some()) {
        return;
    }
    let wanted = findings
        .iter()
        .filter(|f| f.location.is_none())
        .map(|f| f.path.as_str());
    let idx = source.positions(wanted);
    for f in findings.iter_mut().filter(|f| f.location.is_none()) {
        f.location = idx.locate(&f.path);
    }
}

/// Sorts findings for display: by severity (errors first), then position, then code.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.location.cmp(&b.location))
            .then(a.path.cmp(&b.path))
            .then(a.code.cmp(b.code))
    });
}

/// The most findings listed for one file (see docs/DESIGN.md, "Budgets"): a foreign or damaged
/// file with 40,000 sites would otherwise print hundreds of thousands of lines.
pub const MAX_FINDINGS_PER_FILE: usize = 1_000;

/// Keeps the first `max` of sorted `findings` (errors first, so the worst severity survives)
/// and counts the rest in one `too-many-findings` finding.
pub fn cap(findings: &mut Vec<Finding>, max: usize) {
    if findings.len() <= max {
        return;
    }
    let omitted = findings.len() - max;
    findings.truncate(max);
    findings.push(
        Finding::new(
            "too-many-findings",
            "",
            format!("{omitted} more finding(s) not listed (qcp lists at most {max} per file)"),
            "fix the findings above and run qcp again",
        )
        .with_severity(Severity::Info),
    );
}

/// The highest severity among `findings`, or `None` when there are none.
#[must_use]
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

/// The version of the JSON report shape. Bumped on any incompatible change.
pub const REPORT_SCHEMA: &str = "qcp-report/1";

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Informational findings.
    pub infos: usize,
}

impl Summary {
    /// Counts `findings`.
    #[must_use]
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}
