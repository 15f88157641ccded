//! `qcp bundle check`: what CI runs over a folder of applications and the documents they
//! reference.
//!
//! Responsible for: finding the application files of a bundle, checking each one (everything
//! `qcp validate` and `qcp eligibility check` do, the document checklist, and the document files:
//! path safety, existence, size, type by content and extension, the PHI screen), listing
//! documents no application references, suppressions, and running on several threads while
//! handing results to the caller one by one in file order, so memory does not grow with the
//! number of applications. Each distinct document is read and screened once per run.
//!
//! Not responsible for: printing or progress display (the caller's sink renders each result;
//! [`output`] has the CI formats), the clock (`as_of` is passed in).
//!
//! Document findings point at the YAML path of the reference (`documents.elements.1.1.1[0].path`)
//! in the application file. PHI findings name the document, the page/line and the kind of
//! identifier; they never contain the suspected value.

pub mod output;
pub mod suppress;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use crate::catalog::Catalog;
use crate::checklist::{self, DocState};
use crate::codes::{CodeInfo, Family, code};
use crate::docscan::{self, DocKind, ExtractLimits, Extracted, KnownIdentifiers, PhiRules};
use crate::finding::{self, Finding, Severity};
use crate::model::load;
use crate::rules::{DocumentRules, RuleEdition};
use crate::source::{SourceFile, join};
use crate::units::Date;

pub use suppress::Suppressions;

use Family::{Bundle as Bun, Documents as Doc, Input, Phi};
use Severity::{Error as E, Info as I, Warning as W};

/// The codes of the bundle check.
pub(crate) const CODES: &[CodeInfo] = &[
    code!("suppression-invalid", Input, E, "the suppressions file cannot be used",
        explain: "Every suppression names a finding code and says why it does not apply; an entry without a reason, with an unknown code or an unknown key is refused so that nothing is silenced by accident.",
        example: "[[suppress]]\ncode = \"document-shared-across-domains\"   # no reason",
        fix: "Add `reason = \"...\"`, correct the code (`qcp explain --all`), or remove the entry.",
        source: "docs/bundle-check.md (suppressions)"),
    code!("document-path-absolute", Doc, E, "a document path is absolute",
        explain: "Document paths are relative to the application file so a bundle can be moved or checked out anywhere; an absolute path points outside the bundle.",
        example: "- path: /home/lee/policies/orders.pdf",
        fix: "Copy the document into the bundle and give its path relative to the application file.",
        source: "docs/bundle-check.md (path safety)"),
    code!("document-path-parent", Doc, E, "a document path climbs out with `..`",
        explain: "A path with `..` can reach files outside the bundle that CI and the reviewer never see; qcp refuses every `..` component.",
        example: "- path: ../shared/orders.pdf",
        fix: "Keep documents in the bundle folder (or a subfolder) and refer to them without `..`.",
        source: "docs/bundle-check.md (path safety)"),
    code!("document-symlink-escape", Doc, E, "a document is a symbolic link leading out of the bundle",
        explain: "The path stays inside the bundle but a symbolic link on the way resolves to a file outside it.",
        example: "policies/orders.pdf -> /etc/passwd",
        fix: "Replace the link with the file itself.",
        source: "docs/bundle-check.md (path safety)"),
    code!("document-missing", Doc, E, "a referenced document does not exist",
        explain: "The application lists a document that is not at the given path (relative to the application file).",
        example: "- path: policies/orders.pdf   # no such file",
        fix: "Add the file to the bundle or correct the path (names are case-sensitive).",
        source: "DOMAIN §5"),
    code!("document-not-regular", Doc, E, "a referenced document is not a regular file",
        explain: "The path names a folder or a special file, which cannot be uploaded.",
        example: "- path: policies/",
        fix: "Name the document file itself.",
        source: "DOMAIN §5"),
    code!("document-too-large", Doc, E, "a document is above the upload size limit",
        explain: "The portal rejects files above the edition's limit (10 MB by default, `[documents] max_bytes`).",
        example: "an 11 MB scanned policy",
        fix: "Compress the PDF, remove scanned pages that are not needed, or split the document.",
        source: "DOMAIN §5; S0 (10 MB limit)"),
    code!("document-type-mismatch", Doc, E, "a document's content is not what its extension says",
        explain: "qcp reads the first bytes of every document: a `.pdf` that is really a ZIP archive, or a `.docx` that is a legacy `.doc`, would be refused or mis-read after upload.",
        example: "policies/orders.pdf (a ZIP archive)",
        fix: "Export the document again in the format its name says, or rename it to its real type.",
        source: "DOMAIN §5; docs/bundle-check.md"),
    code!("document-type-not-accepted", Doc, E, "a document is of a type the portal does not accept",
        explain: "Accepted types come from the rule edition (`[documents] accepted_types`): PDF, DOCX, XLSX, DOC, XLS, PNG, JPEG and TXT by default; both the extension and the content must be one of them.",
        example: "policies/orders.pages",
        fix: "Export the document as PDF.",
        source: "DOMAIN §5; S0 (upload dialog)"),
    code!("document-shared-across-domains", Doc, W, "one document serves elements of different domains without a remark",
        explain: "A document used for elements in different domains (a general policy manual) should say in a remark where each element is covered, or the surveyor has to search it.",
        example: "policies/manual.pdf listed for 1.2 and 3.4 with no remarks",
        fix: "Add `remarks:` on the references naming the section for each element.",
        source: "DOMAIN §5; docs/bundle-check.md"),
    code!("document-unreferenced", Bun, I, "a file in the bundle is not referenced by any application",
        explain: "A document no application lists will not be uploaded; it may be a leftover or a forgotten reference.",
        example: "policies/old-orders.pdf (no application lists it)",
        fix: "Reference it from the element it supports, or remove it from the bundle.",
        source: "docs/bundle-check.md"),
    code!("suppression-unused", Bun, W, "a suppression matches no finding",
        explain: "A suppression that no longer matches anything is stale: the finding was fixed or the entry is misspelt. Stale entries would silently hide a future finding.",
        example: "[[suppress]]\ncode = \"document-too-large\"\nfile = \"a.yaml\"\nreason = \"...\"",
        fix: "Remove the entry, or correct its file or path.",
        source: "docs/bundle-check.md (suppressions)"),
    code!("phi-suspected", Phi, E, "a document appears to contain patient identifiers",
        explain: "The PHI screen found what looks like a patient identifier (date of birth, medical record number, SSN, patient name or initials, visit date, phone, e-mail, street address, age in the top band, insurance or member id, device serial) in the document's text, tables, headers, footers, notes or comments. The value itself is never printed. The practice's own names, phones, e-mail domains, addresses and NPIs from the application file are not reported. Past the per-document limit, one summary finding counts the rest. The screen supports, never replaces, the practice's privacy review.",
        example: "policies/intake.txt line 2: possible date of birth (DOB: [date redacted])",
        fix: "Remove or de-identify the identifier, replace the file, and review the rest of the document by hand.",
        source: "DOMAIN §5; S1 (no PHI in uploads); standards/phi-screen.toml"),
    code!("document-not-screened", Phi, W, "a document's content could not be screened for PHI",
        explain: "qcp reads the text of TXT files, DOCX files (body, tables, text boxes, headers, footers, footnotes, endnotes, comments) and text-layer PDFs; images, spreadsheets, legacy Office files, scanned PDF pages and text in fonts qcp cannot decode are not screened. A warning, so CI notices.",
        example: "policies/scan.pdf (no text layer)",
        fix: "Check the document for patient identifiers by hand.",
        source: "DOMAIN §5; docs/bundle-check.md (limits of the screen)"),
    code!("document-unreadable", Phi, W, "a document could not be read for the PHI screen",
        explain: "The file has an accepted type but its content is damaged, encrypted or too large to decompress, so its text was not screened (and the portal may refuse it).",
        example: "a password-protected PDF",
        fix: "Save an unprotected, undamaged copy.",
        source: "DOMAIN §5"),
];

/// What a bundle check needs besides the files.
pub struct Context<'a> {
    /// The bundle root; documents must resolve inside it.
    pub root: PathBuf,
    /// The rule edition.
    pub rules: &'a RuleEdition,
    /// Its document figures.
    pub documents: &'a DocumentRules,
    /// The standards catalog.
    pub catalog: &'a Catalog,
    /// The PHI screen.
    pub phi: &'a PhiRules,
    /// Extraction limits.
    pub limits: &'a ExtractLimits,
    /// The date the rules are applied as of.
    pub as_of: Date,
    /// Suppressions.
    pub suppressions: &'a Suppressions,
    canonical_root: PathBuf,
    /// Keyed by path and by the practice identifiers the screen skipped (hash).
    cache: Mutex<HashMap<(PathBuf, u64), Arc<DocReport>>>,
}

/// The outcome of checking one document file, shared by every reference to it.
#[derive(Debug)]
pub struct DocReport {
    /// The checklist state.
    pub state: DocState,
    /// `(code, message, hint)` of each problem; messages already name the file.
    pub problems: Vec<(&'static str, String, String)>,
    /// The canonical path, for the unreferenced-document listing.
    pub canonical: Option<PathBuf>,
}

/// One application's result.
#[derive(Debug)]
pub struct AppResult {
    /// The file as displayed.
    pub file: String,
    /// The file relative to the bundle root (suppressions match this).
    pub relative: String,
    /// The text, for snippets (absent when unreadable or for bundle-level results).
    pub source: Option<SourceFile>,
    /// The practice name, when the file parsed.
    pub practice: Option<String>,
    /// Located, sorted findings after suppressions.
    pub findings: Vec<Finding>,
    /// Findings removed by suppressions.
    pub suppressed: usize,
    /// The file could not be read as an application (exit status 2).
    pub unusable: bool,
    /// Check families run on this file (for one JUnit test case each).
    pub families: Vec<Family>,
}

impl<'a> Context<'a> {
    /// A context for the bundle at `root`.
    ///
    /// # Errors
    /// When the root cannot be resolved.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root: PathBuf,
        rules: &'a RuleEdition,
        documents: &'a DocumentRules,
        catalog: &'a Catalog,
        phi: &'a PhiRules,
        limits: &'a ExtractLimits,
        as_of: Date,
        suppressions: &'a Suppressions,
    ) -> std::io::Result<Self> {
        let canonical_root = std::fs::canonicalize(&root)?;
        Ok(Context {
            root,
            rules,
            documents,
            catalog,
            phi,
            limits,
            as_of,
            suppressions,
            canonical_root,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Distinct documents read so far.
    #[must_use]
    pub fn documents_checked(&self) -> usize {
        self.cache.lock().map_or(0, |c| {
            c.values()
                .filter_map(|r| r.canonical.as_ref())
                .collect::<HashSet<_>>()
                .len()
        })
    }

    fn relative(&self, p: &Path) -> String {
        let rel = p.strip_prefix(&self.root).unwrap_or(p);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// Checks one referenced document (`file` as written, relative to `app_dir`), once per run.
    pub fn document(&self, app_dir: &Path, file: &str) -> Arc<DocReport> {
        self.document_for(app_dir, file, &KnownIdentifiers::default())
    }

    /// [`Context::document`], with the practice's own identifiers left out of the PHI screen.
    pub fn document_for(
        &self,
        app_dir: &Path,
        file: &str,
        known: &KnownIdentifiers,
    ) -> Arc<DocReport> {
        let p = Path::new(file);
        let early = |code: &'static str, msg: String, hint: &str| {
            Arc::new(DocReport {
                state: DocState::Missing(msg.clone()),
                problems: vec![(code, msg, hint.to_owned())],
                canonical: None,
            })
        };
        let windows_abs = file.len() > 2 && file.as_bytes()[1] == b':';
        if p.is_absolute() || file.starts_with('/') || file.starts_with('\\') || windows_abs {
            return early(
                "document-path-absolute",
                format!("`{file}` is an absolute path"),
                "give the path relative to the application file, inside the bundle",
            );
        }
        if p.components().any(|c| matches!(c, Component::ParentDir)) || file.contains("..\\") {
            return early(
                "document-path-parent",
                format!("`{file}` uses `..` to leave the application's folder"),
                "keep the document inside the bundle and refer to it without `..`",
            );
        }
        let key = (app_dir.join(p), {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            known.hash(&mut h);
            h.finish()
        });
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return hit;
        }
        let report = Arc::new(self.inspect(&key.0, file, known));
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, Arc::clone(&report));
        }
        report
    }

    fn inspect(&self, path: &Path, file: &str, known: &KnownIdentifiers) -> DocReport {
        let fail = |code: &'static str, msg: String, hint: &str, canonical: Option<PathBuf>| {
            let state = match code {
                "document-too-large" => DocState::TooLarge(msg.clone()),
                "document-type-mismatch" | "document-type-not-accepted" => {
                    DocState::WrongType(msg.clone())
                }
                _ => DocState::Missing(msg.clone()),
            };
            DocReport {
                state,
                problems: vec![(code, msg, hint.to_owned())],
                canonical,
            }
        };
        if std::fs::symlink_metadata(path).is_err() {
            return fail(
                "document-missing",
                format!("`{file}` does not exist"),
                "add the file to the bundle or correct the path (names are case-sensitive)",
                None,
            );
        }
        let canonical = match std::fs::canonicalize(path) {
            Ok(c) => c,
            Err(_) => {
                return fail(
                    "document-missing",
                    format!("`{file}` is a broken symbolic link"),
                    "replace the link with the file itself",
                    None,
                );
            }
        };
        if !canonical.starts_with(&self.canonical_root) {
            return fail(
                "document-symlink-escape",
                format!("`{file}` is a symbolic link that resolves outside the bundle"),
                "replace the link with the file itself",
                None,
            );
        }
        let meta = match std::fs::metadata(&canonical) {
            Ok(m) if m.is_file() => m,
            _ => {
                return fail(
                    "document-not-regular",
                    format!("`{file}` is not a regular file"),
                    "name the document file itself",
                    Some(canonical),
                );
            }
        };
        let max = self.documents.max_bytes;
        if meta.len() > max {
            return fail(
                "document-too-large",
                format!(
                    "`{file}` is {} bytes, above the upload limit of {max} bytes",
                    meta.len()
                ),
                "compress or split the document",
                Some(canonical),
            );
        }
        let bytes = match std::fs::read(&canonical) {
            Ok(b) => b,
            Err(e) => {
                return fail(
                    "document-missing",
                    format!("`{file}` cannot be read: {e}"),
                    "check the file's permissions",
                    Some(canonical),
                );
            }
        };
        let sniffed = docscan::sniff(&bytes, file);
        let accepted = |k: Option<DocKind>| {
            k.is_some_and(|k| {
                self.documents
                    .accepted_types
                    .iter()
                    .any(|a| a == k.as_str())
            })
        };
        // The extension decides what the portal will expect; the content must then agree.
        if !accepted(sniffed.declared) {
            return fail(
                "document-type-not-accepted",
                format!(
                    "`{file}` is {}; accepted types: {}",
                    sniffed.describe(),
                    self.documents.accepted_types.join(", ")
                ),
                "export the document as PDF",
                Some(canonical),
            );
        }
        if !sniffed.is_consistent() {
            return fail(
                "document-type-mismatch",
                format!("`{file}` is {}", sniffed.describe()),
                "export the document again in the format its name says, or rename it",
                Some(canonical),
            );
        }
        let mut problems = Vec::new();
        let kind = sniffed.actual.unwrap_or(DocKind::Txt);
        let not_screened = "check the document for patient identifiers by hand".to_owned();
        let (units, gaps) = match docscan::extract_text(kind, &bytes, self.limits) {
            Ok(Extracted::Text(units)) => (units, Vec::new()),
            Ok(Extracted::Partial { units, gaps }) => (units, gaps),
            Ok(Extracted::NoTextLayer { pages }) => {
                problems.push((
                    "document-not-screened",
                    format!("`{file}` has no text layer ({pages} page(s), likely a scan): not screened for PHI"),
                    not_screened.clone(),
                ));
                (Vec::new(), Vec::new())
            }
            Ok(Extracted::NotScreened(k)) => {
                problems.push((
                    "document-not-screened",
                    format!(
                        "`{file}` is {}: qcp does not screen its content for PHI",
                        k.describe()
                    ),
                    not_screened.clone(),
                ));
                (Vec::new(), Vec::new())
            }
            Err(e) => {
                problems.push((
                    "document-unreadable",
                    format!("`{file}`: {e}"),
                    "save an unprotected, undamaged copy".to_owned(),
                ));
                (Vec::new(), Vec::new())
            }
        };
        let screened = docscan::screen_document(&units, self.phi, known);
        for hit in &screened.hits {
            problems.push((
                "phi-suspected",
                format!("`{file}` {hit}"),
                "de-identify the document and review the rest of it by hand".to_owned(),
            ));
        }
        if screened.omitted > 0 {
            problems.push((
                "phi-suspected",
                format!(
                    "`{file}`: {} more possible identifier(s) not listed (at most {} per document)",
                    screened.omitted, self.phi.max_findings_per_document
                ),
                "de-identify the document and review the rest of it by hand".to_owned(),
            ));
        }
        for gap in gaps {
            problems.push((
                "document-not-screened",
                format!("`{file}` {gap}"),
                not_screened.clone(),
            ));
        }
        DocReport {
            state: DocState::Ok,
            problems,
            canonical: Some(canonical),
        }
    }

    /// Checks one application file.
    #[must_use]
    pub fn application(&self, path: &Path) -> AppResult {
        let file = crate::source::display_path(path);
        let relative = self.relative(path);
        let loaded = load::read_source(path, load::MAX_APPLICATION_BYTES)
            .map_err(|e| (None, e))
            .and_then(|src| match load::parse(&src) {
                Ok(app) => Ok((src, app)),
                Err(e) => Err((Some(src), e)),
            });
        let (src, app) = match loaded {
            Ok(x) => x,
            Err((src, e)) => {
                let mut findings = e.problems;
                finding::sort(&mut findings);
                return AppResult {
                    file,
                    relative,
                    source: src,
                    practice: None,
                    findings,
                    suppressed: 0,
                    unusable: true,
                    families: vec![Family::Input],
                };
            }
        };
        let mut findings = crate::validate::check(&app, self.rules, self.as_of);
        // The documents section is checked right here, not left to another command.
        findings.retain(|f| !(f.code == "section-not-checked" && f.path == "documents"));
        findings.extend(crate::eligibility::check(&app, self.rules, self.as_of).findings);
        findings.extend(checklist::check(&app, self.catalog));
        self.document_files(path, &app, &mut findings);
        let suppressed = self.suppressions.apply(&relative, &mut findings);
        finding::locate_all(&mut findings, &src.text);
        finding::sort(&mut findings);
        AppResult {
            file,
            relative,
            practice: Some(app.practice.name.clone()),
            source: Some(src),
            findings,
            suppressed,
            unusable: false,
            families: vec![
                Family::Validate,
                Family::Eligibility,
                Family::Documents,
                Family::Phi,
            ],
        }
    }

    fn document_files(&self, path: &Path, app: &crate::model::Application, out: &mut Vec<Finding>) {
        let Some(docs) = app.documents.as_ref() else {
            return;
        };
        let dir = path.parent().unwrap_or(Path::new(""));
        let known = known_identifiers(app);
        // canonical path → (domains served, any remark, first reference's YAML path)
        let mut served: BTreeMap<PathBuf, (HashSet<u16>, bool, String, String)> = BTreeMap::new();
        for (element, d) in docs.all_refs() {
            if d.file.is_empty() {
                continue;
            }
            let r = self.document_for(dir, &d.file, &known);
            let at = join(&d.path, "path");
            for (code, msg, hint) in &r.problems {
                out.push(Finding::new(code, &at, msg.clone(), hint.clone()));
            }
            // An element the catalog lacks has no meaningful domain (reported as unknown-element).
            let element = element.filter(|e| self.catalog.is_known(e));
            if let (Some(c), Some(el)) = (&r.canonical, element) {
                let e = served
                    .entry(c.clone())
                    .or_insert_with(|| (HashSet::new(), false, at.clone(), d.file.clone()));
                e.0.insert(el.domain());
                e.1 |= d.remarks.is_some();
            }
        }
        for (_, (domains, remark, at, file)) in served {
            if domains.len() > 1 && !remark {
                let mut ds: Vec<u16> = domains.into_iter().collect();
                ds.sort_unstable();
                let ds: Vec<String> = ds.iter().map(u16::to_string).collect();
                out.push(Finding::new(
                    "document-shared-across-domains",
                    at,
                    format!(
                        "`{file}` serves elements of domains {} and none of its references has a remark",
                        ds.join(", ")
                    ),
                    "add `remarks:` naming the section that covers each element",
                ));
            }
        }
    }

    /// Bundle-level results after every application: unreferenced documents (from `others`,
    /// the non-application files of the bundle) and unused suppressions.
    #[must_use]
    pub fn finish(&self, others: &[PathBuf]) -> Vec<AppResult> {
        let referenced: HashSet<PathBuf> = self
            .cache
            .lock()
            .map(|c| {
                c.iter()
                    .flat_map(|(k, r)| std::iter::once(k.0.clone()).chain(r.canonical.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut results = Vec::new();
        for p in others {
            let canon = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            if referenced.contains(&canon) || referenced.contains(p) {
                continue;
            }
            let relative = self.relative(p);
            let mut findings = vec![Finding::new(
                "document-unreferenced",
                "",
                format!("`{relative}` is in the bundle but no application references it"),
                "reference it from the element it supports, or remove it",
            )];
            let suppressed = self.suppressions.apply(&relative, &mut findings);
            results.push(AppResult {
                file: crate::source::display_path(p),
                relative,
                source: None,
                practice: None,
                findings,
                suppressed,
                unusable: false,
                families: vec![Family::Bundle],
            });
        }
        let unused = self.suppressions.unused();
        if !unused.is_empty() {
            results.push(AppResult {
                file: self.suppressions.origin.clone(),
                relative: self.suppressions.origin.clone(),
                source: None,
                practice: None,
                findings: unused,
                suppressed: 0,
                unusable: false,
                families: vec![Family::Bundle],
            });
        }
        results
    }
}

/// The files of a bundle folder: application files (`*.yaml`, `*.yml`) and the other regular
/// files (documents), both sorted; hidden entries and the suppressions file are skipped.
///
/// # Errors
/// When the folder cannot be read.
pub fn discover(root: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut apps = Vec::new();
    let mut others = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == suppress::FILE_NAME {
                continue;
            }
            let ft = entry.file_type()?;
            let p = entry.path();
            if ft.is_dir() {
                stack.push(p);
            } else if name.ends_with(".yaml") || name.ends_with(".yml") {
                apps.push(p);
            } else if ft.is_file() || ft.is_symlink() {
                others.push(p);
            }
        }
    }
    apps.sort();
    others.sort();
    Ok((apps, others))
}

/// Checks `files` on `threads` threads and hands each result to `sink` in file order, holding
/// only the results that finished ahead of their turn. A sink error stops the run.
///
/// # Errors
/// The first error the sink returns.
pub fn run<E: Send>(
    ctx: &Context<'_>,
    files: &[PathBuf],
    threads: usize,
    sink: &mut dyn FnMut(AppResult) -> Result<(), E>,
) -> Result<(), E> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let threads = threads.max(1);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<(usize, AppResult)>(threads * 16);
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            s.spawn(move || {
                loop {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if tx.send((i, ctx.application(path))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, AppResult> = BTreeMap::new();
        let mut want = 0usize;
        for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                want += 1;
                if let Err(e) = sink(r) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
    })
}

/// The practice's own identifiers from the application file, which the PHI screen never reports:
/// staff, physician and contact names, phones, e-mail domains, site addresses, NPIs and tax ids.
fn known_identifiers(app: &crate::model::Application) -> KnownIdentifiers {
    let p = &app.practice;
    let mut k = KnownIdentifiers::default();
    let clinicians = p
        .clinicians
        .iter()
        .chain(p.sites.iter().flat_map(|s| s.clinicians.iter()));
    k.names.extend(clinicians.map(|c| c.name.clone()));
    k.names.extend(p.physicians.iter().map(|d| d.name.clone()));
    k.numbers.extend(p.physicians.iter().map(|d| d.npi.clone()));
    k.numbers.extend(p.tax_ids.iter().cloned());
    for c in &p.contacts {
        k.names.push(c.name.clone());
        k.emails.extend(c.email.clone());
        k.phones.extend(c.phone.clone());
    }
    k.addresses
        .extend(p.sites.iter().filter_map(|s| s.address.clone()));
    if let Some(e) = &app.eligibility {
        k.names.extend(e.legal_reviewer.name.clone());
        k.emails.extend(e.legal_reviewer.email.clone());
        k.phones.extend(e.legal_reviewer.phone.clone());
        k.names.extend(e.webinar_attendee.clone());
    }
    k
}
