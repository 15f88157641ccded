//! CI output of a bundle check, written as results arrive (nothing is held per application):
//! rustc-style text, JSON, JUnit XML (one test case per application × check family), SARIF 2.1.0
//! and GitHub Actions annotations. `docs/bundle-check.md` describes each shape.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::json;

use super::AppResult;
use crate::codes::{self, Family};
use crate::finding::{Finding, Severity};
use crate::render::{self, Style};

/// The version of the JSON shape.
pub const BUNDLE_SCHEMA: &str = "qcp-bundle/1";

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
}

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
    format: Format,
    out: W,
    style: Style,
    deny_warnings: bool,
    first: bool,
    /// Totals so far.
    pub totals: Totals,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
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

fn uri(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

fn family_of(f: &Finding) -> Family {
    codes::lookup(f.code).map_or(Family::Input, |c| c.family)
}

impl<W: Write> Writer<W> {
    /// A writer; `deny_warnings` makes warnings count as failures in JUnit.
    pub fn new(format: Format, out: W, style: Style, deny_warnings: bool) -> Self {
        Writer {
            format,
            out,
            style,
            deny_warnings,
            first: true,
            totals: Totals::default(),
        }
    }

    /// Writes the opening of the document.
    ///
    /// # Errors
    /// Write errors.
    pub fn begin(&mut self, meta: &Meta) -> io::Result<()> {
        match self.format {
            Format::Human | Format::Github => Ok(()),
            Format::Json => {
                let head = json!({
                    "schema": BUNDLE_SCHEMA, "edition": meta.edition,
                    "catalog": meta.catalog, "as_of": meta.as_of,
                });
                let head = head.to_string();
                // Re-open the object to stream the files array into it.
                write!(self.out, "{},\"files\":[", &head[..head.len() - 1])
            }
            Format::Junit => writeln!(
                self.out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"qcp bundle check\">"
            ),
            Format::Sarif => {
                let rules: Vec<_> = codes::all()
                    .map(|c| {
                        json!({
                            "id": c.code,
                            "shortDescription": {"text": c.summary},
                            "fullDescription": {"text": c.explanation},
                            "help": {"text": c.fix},
                            "defaultConfiguration": {"level": level(c.severity)},
                            "properties": {"family": c.family.as_str(), "source": c.source},
                        })
                    })
                    .collect();
                let tool = json!({"driver": {
                    "name": "qcp",
                    "version": meta.version,
                    "informationUri": "https://github.com/qcp-tools/qcp",
                    "rules": rules,
                }});
                let props =
                    json!({"edition": meta.edition, "catalog": meta.catalog, "as_of": meta.as_of});
                write!(
                    self.out,
                    "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{tool},\"properties\":{props},\"results\":["
                )
            }
        }
    }

    /// Writes one application's (or bundle-level) result.
    ///
    /// # Errors
    /// Write errors.
    pub fn result(&mut self, r: &AppResult) -> io::Result<()> {
        if r.source.is_some() || r.unusable || r.practice.is_some() {
            self.totals.applications += 1;
        }
        if r.unusable {
            self.totals.unusable += 1;
        }
        self.totals.suppressed += r.suppressed;
        for f in &r.findings {
            match f.severity {
                Severity::Error => self.totals.errors += 1,
                Severity::Warning => self.totals.warnings += 1,
                Severity::Info => self.totals.infos += 1,
            }
        }
        match self.format {
            Format::Human => {
                if r.findings.is_empty() {
                    return Ok(());
                }
                let s = render::findings(&r.findings, &r.file, r.source.as_ref(), self.style);
                self.out.write_all(s.as_bytes())
            }
            Format::Github => {
                let mut s = String::new();
                for f in &r.findings {
                    let kind = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    let _ = write!(s, "::{kind} file={}", gh_prop(&r.file));
                    if let Some(l) = f.location {
                        let _ = write!(s, ",line={},col={}", l.line, l.column);
                    }
                    let _ = writeln!(
                        s,
                        ",title={}::{}",
                        gh_prop(f.code),
                        gh_data(&format!("{} (hint: {})", f.message, f.hint))
                    );
                }
                self.out.write_all(s.as_bytes())
            }
            Format::Json => {
                let v = json!({
                    "file": r.file,
                    "practice": r.practice,
                    "unusable": r.unusable,
                    "suppressed": r.suppressed,
                    "findings": r.findings,
                });
                if !self.first {
                    self.out.write_all(b",")?;
                }
                self.first = false;
                write!(self.out, "\n{v}")
            }
            Format::Sarif => {
                let mut s = String::new();
                for f in &r.findings {
                    let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": uri(&r.relative)}}});
                    if let Some(l) = f.location {
                        loc["physicalLocation"]["region"] =
                            json!({"startLine": l.line, "startColumn": l.column});
                    }
                    let rule_index = codes::all().position(|c| c.code == f.code);
                    let mut v = json!({
                        "ruleId": f.code,
                        "level": level(f.severity),
                        "message": {"text": format!("{} (hint: {})", f.message, f.hint)},
                        "locations": [loc],
                    });
                    if let Some(i) = rule_index {
                        v["ruleIndex"] = json!(i);
                    }
                    if !f.path.is_empty() {
                        v["properties"] = json!({"yamlPath": f.path});
                    }
                    if !self.first {
                        s.push(',');
                    }
                    self.first = false;
                    let _ = write!(s, "\n{v}");
                }
                self.out.write_all(s.as_bytes())
            }
            Format::Junit => self.junit(r),
        }
    }

    fn junit(&mut self, r: &AppResult) -> io::Result<()> {
        let fails = |f: &Finding| {
            f.severity == Severity::Error || (self.deny_warnings && f.severity == Severity::Warning)
        };
        let mut cases = String::new();
        let mut failures = 0;
        for fam in &r.families {
            let mine: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| family_of(f) == *fam || (r.unusable && *fam == Family::Input))
                .collect();
            let failing: Vec<&&Finding> = mine.iter().filter(|f| fails(f)).collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&r.relative),
                fam.as_str()
            );
            if mine.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            let text = |fs: &mut dyn Iterator<Item = &Finding>| {
                let mut t = String::new();
                for f in fs {
                    let at = f.location.map(|l| format!(":{l}")).unwrap_or_default();
                    let _ = writeln!(
                        t,
                        "{}[{}] {}{at}: {} (hint: {})",
                        f.severity, f.code, r.file, f.message, f.hint
                    );
                }
                t
            };
            if let Some(first) = failing.first() {
                failures += 1;
                let _ = writeln!(
                    cases,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    xml(first.code),
                    xml(&format!(
                        "{} finding(s); first: {}",
                        failing.len(),
                        first.message
                    )),
                    xml(&text(&mut failing.iter().map(|f| **f)))
                );
            }
            let rest: Vec<&&Finding> = mine.iter().filter(|f| !fails(f)).collect();
            if !rest.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    xml(&text(&mut rest.iter().map(|f| **f)))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        write!(
            self.out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(&r.file),
            r.families.len()
        )
    }

    /// Writes the closing of the document with the totals.
    ///
    /// # Errors
    /// Write errors.
    pub fn end(&mut self, meta: &Meta, documents: usize) -> io::Result<()> {
        let t = self.totals;
        match self.format {
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
            Format::Github => {}
            Format::Json => {
                let summary = json!({
                    "applications": t.applications, "documents": documents,
                    "unusable": t.unusable, "errors": t.errors, "warnings": t.warnings,
                    "infos": t.infos, "suppressed": t.suppressed,
                });
                writeln!(self.out, "\n],\"summary\":{summary}}}")?;
            }
            Format::Junit => writeln!(self.out, "</testsuites>")?,
            Format::Sarif => writeln!(self.out, "\n]}}]}}")?,
        }
        self.out.flush()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}
