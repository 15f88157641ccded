//! CI output of `qcp check`: rustc-style text, JSON, JUnit XML (one test case per application ×
//! check family), SARIF 2.1.0 and GitHub Actions annotations. `docs/bundle-check.md` describes
//! each shape. Text, JSON, JUnit and GitHub are written as results arrive; SARIF is one typed
//! document ([`crate::sarif`]) written at the end (a result is a few hundred bytes).
//!
//! A finding waived by a staff exception never fails a run: it is a SARIF result with a
//! suppression, a GitHub notice, and JUnit output, not a failure, whatever `--deny` says.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::json;

use crate::bundle::AppResult;
use crate::codes::{self, Family};
use crate::finding::{Finding, Severity};
use crate::render::{self, Style};

/// The version of the JSON shape.
pub const BUNDLE_SCHEMA: &str = "qcp-check/1";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style findings with snippets, and a summary line.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

/// What the run used, named in every format.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Rule edition id.
    pub edition: String,
    /// Catalog edition id.
    pub catalog: String,
    /// As-of date.
    pub as_of: String,
    /// qcp version.
    pub version: String,
    /// The `file://` URI of the directory file names are relative to (the current directory),
    /// for SARIF's `originalUriBaseIds`; `None` leaves relative URIs unresolved.
    pub base_uri: Option<String>,
}

/// The SARIF base id of relative file URIs.
const SRCROOT: &str = "%SRCROOT%";

/// GitHub shows at most this many annotations of each kind per step.
const GITHUB_ANNOTATIONS_PER_KIND: usize = 10;

/// What a staff exception's waiver says in every CI format.
const WAIVED: &str = "waived by the staff exception recorded in the application";

/// Running totals.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    /// Application files checked.
    pub applications: usize,
    /// Files that could not be read as applications.
    pub unusable: usize,
    /// Error findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Informational findings.
    pub infos: usize,
    /// Findings removed by suppressions.
    pub suppressed: usize,
}

/// A streaming writer for one format.
pub struct Writer<W: Write> {
    renderer: Renderer,
    out: W,
    first: bool,
    sarif: Vec<crate::sarif::SarifResult>,
    github: [usize; 3],
    /// Totals so far.
    pub totals: Totals,
}

/// Renders one result on its own, so a worker thread can render what it checked while the
/// writer only appends bytes in order ([`crate::bundle::run_with`]).
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    format: Format,
    style: Style,
    deny_warnings: bool,
}

/// One result, rendered: its bytes, its counts, and what the formats written whole at the end
/// keep (SARIF results, GitHub annotation counts).
#[derive(Debug, Default)]
pub struct Rendered {
    bytes: Vec<u8>,
    totals: Totals,
    sarif: Vec<crate::sarif::SarifResult>,
    github: [usize; 3],
}

fn level(s: Severity) -> crate::sarif::Level {
    match s {
        Severity::Error => crate::sarif::Level::Error,
        Severity::Warning => crate::sarif::Level::Warning,
        Severity::Info => crate::sarif::Level::Note,
    }
}

/// A file name as a SARIF artifact: relative names (as given, like the GitHub format) against
/// the current directory's base id, absolute ones as `file://` URIs.
fn artifact(file: &str) -> crate::sarif::ArtifactLocation {
    let f = file.replace('\\', "/");
    if f.starts_with('/') {
        return crate::sarif::ArtifactLocation {
            uri: format!("file://{}", crate::sarif::uri_path(&f)),
            uri_base_id: None,
        };
    }
    crate::sarif::ArtifactLocation {
        uri: crate::sarif::uri_path(f.trim_start_matches("./")),
        uri_base_id: Some(SRCROOT.to_owned()),
    }
}

fn gh_data(s: &str) -> String {
    // Control and bidi characters from the input become visible escapes first (termsafe).
    crate::termsafe::escape(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn family_of(f: &Finding) -> Family {
    codes::lookup(f.code).map_or(Family::Input, |c| c.family)
}

impl<W: Write> Writer<W> {
    /// A writer; `deny_warnings` makes warnings count as failures in JUnit.
    pub fn new(format: Format, out: W, style: Style, deny_warnings: bool) -> Self {
        Writer {
            renderer: Renderer {
                format,
                style,
                deny_warnings,
            },
            out,
            first: true,
            sarif: Vec::new(),
            github: [0; 3],
            totals: Totals::default(),
        }
    }

    /// What renders one result for this writer (on any thread).
    #[must_use]
    pub fn renderer(&self) -> Renderer {
        self.renderer
    }

    /// Writes the opening of the document.
    ///
    /// # Errors
    /// Write errors.
    pub fn begin(&mut self, meta: &Meta) -> io::Result<()> {
        match self.renderer.format {
            Format::Human | Format::Github => Ok(()),
            Format::Json => {
                let head = json!({
                    "schema": BUNDLE_SCHEMA, "command": "check", "edition": meta.edition,
                    "catalog": meta.catalog, "as_of": meta.as_of,
                });
                let head = head.to_string();
                // Re-open the object to stream the files array into it.
                write!(self.out, "{},\"files\":[", &head[..head.len() - 1])
            }
            Format::Junit => self
                .out
                .write_all(crate::junit::TestSuites::open("qcp check").as_bytes()),
            // SARIF is written whole at the end.
            Format::Sarif => Ok(()),
        }
    }

    /// Writes one application's (or bundle-level) result.
    ///
    /// # Errors
    /// Write errors.
    pub fn result(&mut self, r: &AppResult) -> io::Result<()> {
        let rendered = self.renderer.render(r);
        self.write(rendered)
    }

    /// Writes a result rendered by [`Writer::renderer`], in the order results are written.
    ///
    /// # Errors
    /// Write errors.
    pub fn write(&mut self, r: Rendered) -> io::Result<()> {
        let t = &mut self.totals;
        t.applications += r.totals.applications;
        t.unusable += r.totals.unusable;
        t.suppressed += r.totals.suppressed;
        t.errors += r.totals.errors;
        t.warnings += r.totals.warnings;
        t.infos += r.totals.infos;
        for (a, b) in self.github.iter_mut().zip(r.github) {
            *a += b;
        }
        self.sarif.extend(r.sarif);
        if self.renderer.format == Format::Json && !r.bytes.is_empty() {
            if !self.first {
                self.out.write_all(b",")?;
            }
            self.first = false;
        }
        self.out.write_all(&r.bytes)
    }

    /// Writes the closing of the document with the totals.
    ///
    /// # Errors
    /// Write errors.
    pub fn end(&mut self, meta: &Meta, documents: usize) -> io::Result<()> {
        let t = self.totals;
        match self.renderer.format {
            Format::Human => {
                let mut s = format!(
                    "checked {} application(s) and {documents} document(s): {} error(s), {} warning(s), {} info",
                    t.applications, t.errors, t.warnings, t.infos
                );
                if t.suppressed > 0 {
                    let _ = write!(s, ", {} suppressed", t.suppressed);
                }
                if t.unusable > 0 {
                    let _ = write!(s, "; {} file(s) unusable", t.unusable);
                }
                let _ = write!(
                    s,
                    " (rules {}, catalog {}, as of {})",
                    meta.edition, meta.catalog, meta.as_of
                );
                writeln!(self.out, "{s}")?;
            }
            Format::Github => {
                // GitHub drops annotations past its per-step limit: say so in one more.
                let [e, w, n] = self.github;
                if e.max(w).max(n) > GITHUB_ANNOTATIONS_PER_KIND {
                    writeln!(
                        self.out,
                        "::notice title=qcp check::{}",
                        gh_data(&format!(
                            "{e} error(s), {w} warning(s), {n} notice(s) in all; GitHub shows at most {GITHUB_ANNOTATIONS_PER_KIND} annotations of each kind per step: read the job log, or upload --format sarif to code scanning"
                        ))
                    )?;
                }
            }
            Format::Json => {
                let summary = json!({
                    "applications": t.applications, "documents": documents,
                    "unusable": t.unusable, "errors": t.errors, "warnings": t.warnings,
                    "infos": t.infos, "suppressed": t.suppressed,
                });
                writeln!(self.out, "\n],\"summary\":{summary}}}")?;
            }
            Format::Junit => self
                .out
                .write_all(crate::junit::TestSuites::close().as_bytes())?,
            Format::Sarif => {
                let log = self.sarif_log(meta);
                serde_json::to_writer(&mut self.out, &log)?;
                writeln!(self.out)?;
            }
        }
        self.out.flush()
    }

    fn sarif_log(&mut self, meta: &Meta) -> crate::sarif::Log {
        use crate::sarif::{
            ArtifactLocation, Configuration, Driver, Log, Message, Rule, Run, Tool,
        };
        let rules = codes::all()
            .map(|c| Rule {
                id: c.code.to_owned(),
                short_description: Message::new(c.summary),
                full_description: Message::new(c.explanation),
                help: Message::new(c.fix),
                default_configuration: Configuration {
                    level: level(c.severity),
                },
                properties: [
                    ("family".to_owned(), c.family.as_str().to_owned()),
                    ("source".to_owned(), c.source.to_owned()),
                ]
                .into(),
            })
            .collect();
        let mut bases = std::collections::BTreeMap::new();
        if let Some(b) = &meta.base_uri {
            bases.insert(
                SRCROOT.to_owned(),
                ArtifactLocation {
                    uri: b.clone(),
                    uri_base_id: None,
                },
            );
        }
        Log {
            schema: crate::sarif::SCHEMA_URI,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "qcp".into(),
                        version: meta.version.clone(),
                        information_uri: "https://github.com/qcp-tools/qcp".into(),
                        rules,
                    },
                },
                original_uri_base_ids: bases,
                results: std::mem::take(&mut self.sarif),
                properties: [
                    ("edition".to_owned(), meta.edition.clone()),
                    ("catalog".to_owned(), meta.catalog.clone()),
                    ("as_of".to_owned(), meta.as_of.clone()),
                ]
                .into(),
            }],
        }
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl Renderer {
    /// Renders one application's (or bundle-level) result.
    #[must_use]
    pub fn render(&self, r: &AppResult) -> Rendered {
        let mut out = Rendered::default();
        let t = &mut out.totals;
        if r.source.is_some() || r.unusable || r.practice.is_some() {
            t.applications += 1;
        }
        if r.unusable {
            t.unusable += 1;
        }
        t.suppressed += r.suppressed;
        for f in &r.findings {
            match f.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        match self.format {
            Format::Human => {
                if !r.findings.is_empty() {
                    let s = render::findings(&r.findings, &r.file, r.source.as_ref(), self.style);
                    out.bytes = s.into_bytes();
                }
            }
            Format::Github => {
                let mut s = String::new();
                for f in &r.findings {
                    // A waived finding is a notice: it never fails the step.
                    let (kind, n) = match f.severity {
                        _ if f.waived => ("notice", 2),
                        Severity::Error => ("error", 0),
                        Severity::Warning => ("warning", 1),
                        Severity::Info => ("notice", 2),
                    };
                    out.github[n] += 1;
                    let _ = write!(s, "::{kind} file={}", gh_prop(&r.file));
                    let l = f.location.map_or((1, 1), |l| (l.line, l.column));
                    let _ = write!(s, ",line={},col={}", l.0, l.1);
                    let waived = if f.waived {
                        format!(" [{WAIVED}]")
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        s,
                        ",title={}::{}",
                        gh_prop(f.code),
                        gh_data(&format!("{}{waived} (hint: {})", f.message, f.hint))
                    );
                }
                out.bytes = s.into_bytes();
            }
            Format::Json => {
                // Written straight from the result (keys in the order a JSON object value
                // would sort them, as before), not through a `serde_json::Value`.
                #[derive(serde::Serialize)]
                struct Outcome {
                    outcome: crate::eligibility::Outcome,
                }
                #[derive(serde::Serialize)]
                struct File<'a> {
                    #[serde(skip_serializing_if = "Option::is_none")]
                    deadlines: Option<&'a [crate::status::Deadline]>,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    eligibility: Option<Outcome>,
                    file: &'a str,
                    findings: &'a [Finding],
                    #[serde(skip_serializing_if = "Option::is_none")]
                    milestones: Option<&'a [crate::status::Milestone]>,
                    practice: Option<&'a str>,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    progress: Option<&'a crate::status::Progress>,
                    suppressed: usize,
                    unusable: bool,
                }
                // What every other command shows about the same file, derived once here.
                let d = r.derived.as_deref();
                let status = d.and_then(|d| d.status.as_ref());
                let v = File {
                    deadlines: status.map(|s| s.deadlines.as_slice()),
                    eligibility: d.map(|d| Outcome {
                        outcome: d.eligibility.outcome,
                    }),
                    file: &r.file,
                    findings: &r.findings,
                    milestones: status.map(|s| s.milestones.as_slice()),
                    practice: r.practice.as_deref(),
                    progress: d.map(|d| &d.progress),
                    suppressed: r.suppressed,
                    unusable: r.unusable,
                };
                out.bytes.push(b'\n');
                // Serializing plain data into memory cannot fail.
                let _ = serde_json::to_writer(&mut out.bytes, &v);
                // (The writer puts the comma between results.)
            }
            Format::Sarif => {
                use crate::sarif::{
                    Location, Message, PhysicalLocation, Region, SarifResult, Suppression,
                };
                for f in &r.findings {
                    let region = match f.location {
                        Some(l) => Region {
                            start_line: l.line,
                            start_column: Some(l.column),
                        },
                        // Whole-file findings point at the file's first line.
                        None => Region {
                            start_line: 1,
                            start_column: None,
                        },
                    };
                    let mut properties = std::collections::BTreeMap::new();
                    if !f.path.is_empty() {
                        properties.insert("yamlPath".to_owned(), f.path.clone());
                    }
                    out.sarif.push(SarifResult {
                        rule_id: f.code.to_owned(),
                        rule_index: codes::all().position(|c| c.code == f.code),
                        level: level(f.severity),
                        message: Message::new(format!("{} (hint: {})", f.message, f.hint)),
                        locations: vec![Location {
                            physical_location: PhysicalLocation {
                                artifact_location: artifact(&r.file),
                                region,
                            },
                        }],
                        suppressions: if f.waived {
                            vec![Suppression {
                                kind: "external",
                                justification: WAIVED.to_owned(),
                            }]
                        } else {
                            Vec::new()
                        },
                        properties,
                    });
                }
            }
            Format::Junit => out.bytes = self.junit(r).into_bytes(),
        }
        out
    }

    fn junit(&self, r: &AppResult) -> String {
        use crate::junit::{Failure, TestCase, TestSuite};
        // Waived findings never fail, even with --deny warnings.
        let fails = |f: &Finding| {
            !f.waived
                && (f.severity == Severity::Error
                    || (self.deny_warnings && f.severity == Severity::Warning))
        };
        let text = |fs: &[&Finding]| {
            let mut t = String::new();
            for f in fs {
                let at = f.location.map(|l| format!(":{l}")).unwrap_or_default();
                let waived = if f.waived {
                    format!(" [{WAIVED}]")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    t,
                    "{}[{}] {}{at}: {}{waived} (hint: {})",
                    f.severity, f.code, r.file, f.message, f.hint
                );
            }
            t
        };
        let mut suite = TestSuite {
            name: r.file.clone(),
            cases: Vec::new(),
        };
        for fam in &r.families {
            let mine: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| family_of(f) == *fam || (r.unusable && *fam == Family::Input))
                .collect();
            let (failing, rest): (Vec<&Finding>, Vec<&Finding>) =
                mine.iter().partition(|f| fails(f));
            suite.cases.push(TestCase {
                classname: r.relative.clone(),
                name: fam.as_str().to_owned(),
                failure: failing.first().map(|first| Failure {
                    kind: first.code.to_owned(),
                    message: format!("{} finding(s); first: {}", failing.len(), first.message),
                    text: text(&failing),
                }),
                system_out: (!rest.is_empty()).then(|| text(&rest)),
            });
        }
        let mut o = String::new();
        suite.write(&mut o);
        o
    }
}
