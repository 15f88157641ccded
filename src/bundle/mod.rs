//! `qcp bundle check`: what CI runs over a folder of applications and the documents they
//! reference.
//!
//! Responsible for: finding the application files of a bundle, checking each one (everything
//! `qcp validate` and `qcp eligibility check` do, the document checklist, and the document files:
//! path safety, existence, size, type by content and extension, the PHI screen), listing
//! documents no application references, suppressions, and running on several threads while
//! handing results to the caller one by one in file order, so memory does not grow with the
//! number of applications. Each distinct document is read and screened once per run (once more
//! per practice when the screen found identifiers, with the practice's own left out), and not at
//! all when a [`ScanCache`] holds its scan (`qcp check --cache DIR`, [`scan`]).
//!
//! Not responsible for: printing or progress display (the caller's sink renders each result;
//! `render::bundle` has the CI formats), the clock (`as_of` is passed in).
//!
//! Document findings point at the YAML path of the reference (`documents.elements.1.1.1[0].path`)
//! in the application file. PHI findings name the document, the page/line and the kind of
//! identifier; they never contain the suspected value.

pub mod scan;
pub mod suppress;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use crate::catalog::Catalog;
use crate::checklist::{DocState, DocStates};
use crate::codes::Family;
use crate::docscan::{DocKind, ExtractLimits, KnownIdentifiers, PhiRules};
use crate::finding::{self, Finding};
use crate::model::load;
use crate::rules::{DocumentRules, RuleEdition};
use crate::source::{SourceFile, join};
use crate::units::Date;

pub use scan::{Scan, ScanCache, ScanIdentity, ScanKey};
pub use suppress::Suppressions;

/// What a bundle check needs besides the files.
pub struct Context<'a> {
    /// The bundle root; documents must resolve inside it.
    pub root: PathBuf,
    /// Rules, fees, catalog and calendar: every check of [`crate::checks`] runs against them.
    pub data: crate::checks::Data<'a>,
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
    /// Each document path's checks and scan without practice identifiers, once per run.
    paths: Mutex<HashMap<PathBuf, Arc<OnceLock<Shared>>>>,
    /// Documents whose screen found identifiers, screened again with a practice's own
    /// identifiers left out: by path and the identifiers' digest.
    variants: Mutex<HashMap<VariantKey, Arc<OnceLock<Arc<DocReport>>>>>,
    /// Each document folder's canonical form.
    dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Where scans are kept between runs, and the identity they are kept under.
    store: Option<(&'a dyn ScanCache, &'a ScanIdentity)>,
    /// Each document folder's record as the cache held it (read once per run).
    /// Each record is taken out when its document uses it.
    folders: Mutex<HashMap<PathBuf, Arc<FolderCell>>>,
    /// The fingerprint records valid in this run, by canonical folder (`None`: the one the
    /// folder's record holds): what the folder records are written from at the end of the run.
    records: Mutex<BTreeMap<PathBuf, BTreeMap<String, Option<scan::StatRecord>>>>,
    /// The time the run started (from the caller), for recording file fingerprints.
    now: Option<std::time::SystemTime>,
    counters: Counters,
}

/// `(code, message, hint)` of a document problem.
type DocProblem = (&'static str, String, String);
/// A document path and the digest of a practice's identifiers.
type VariantKey = (PathBuf, [u8; 32]);
/// A folder's fingerprint records by their keys.
type FolderRecords = BTreeMap<String, scan::StatRecord>;
/// A folder's record as read once per run (`None`: the cache has none, or not a valid one).
type FolderCell = OnceLock<Option<Mutex<FolderRecords>>>;

/// A document path's outcome shared by every reference and every practice.
#[derive(Debug)]
struct Shared {
    /// The report without practice identifiers.
    report: Arc<DocReport>,
    /// The screen found identifiers: a practice's own may be among them.
    needs_known: bool,
    /// The size warning, for a rescan with practice identifiers.
    near: Option<DocProblem>,
    /// The scan without practice identifiers, when the document was read.
    base: Option<Scan>,
    /// The first asking practice's report (the digest of its identifiers), when it differs.
    first: Option<([u8; 32], Arc<DocReport>)>,
}

/// A document being scanned: what is known of it so far.
#[derive(Default)]
struct Doc {
    fingerprint: Option<scan::Fingerprint>,
    /// Its content hash: from the cache's fingerprint record, or from reading it.
    content: Option<scan::Content>,
    bytes: Option<Vec<u8>>,
    prepared: Option<scan::Prepared>,
    /// Scans carried by the fingerprint record.
    inline: Vec<(scan::ScanKey, Scan)>,
    /// Scans this document got in this call (for its next fingerprint record).
    used: Vec<(scan::ScanKey, Scan)>,
}

/// How long a file must have been left unchanged before its fingerprint is recorded.
const STAT_SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

fn is_empty(k: &KnownIdentifiers) -> bool {
    k.names.is_empty()
        && k.phones.is_empty()
        && k.emails.is_empty()
        && k.addresses.is_empty()
        && k.numbers.is_empty()
}

#[derive(Debug, Default)]
struct Counters {
    read: AtomicUsize,
    screened: AtomicUsize,
    from_cache: AtomicUsize,
    rejected: AtomicUsize,
}

/// How this run's document scans were made (`qcp check` prints them with `--cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanCounts {
    /// Document files read (the others were known unchanged from the cache's fingerprints).
    pub read: usize,
    /// Scans made by reading the document's content (extraction and PHI screen).
    pub screened: usize,
    /// Scans taken from the scan cache.
    pub from_cache: usize,
    /// Cache entries found but not trusted (truncated, corrupt, foreign, another version):
    /// each was rescanned and written again.
    pub rejected: usize,
}

fn fail_report(
    code: &'static str,
    msg: String,
    hint: &str,
    canonical: Option<PathBuf>,
) -> DocReport {
    let state = match code {
        "document-too-large" => DocState::TooLarge(msg.clone()),
        "document-type-mismatch" | "document-type-not-accepted" => DocState::WrongType(msg.clone()),
        _ => DocState::Missing(msg.clone()),
    };
    DocReport {
        state,
        problems: vec![(code, msg, hint.to_owned())],
        canonical,
        headings: None,
    }
}

/// The outcome of checking one document file, shared by every reference to it.
#[derive(Debug, Clone)]
pub struct DocReport {
    /// The checklist state.
    pub state: DocState,
    /// `(code, message, hint)` of each problem; messages already name the file.
    pub problems: Vec<(&'static str, String, String)>,
    /// The canonical path, for the unreferenced-document listing.
    pub canonical: Option<PathBuf>,
    /// The section numbers of the document's headings, when its text was read.
    pub headings: Option<Arc<str>>,
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
    /// What was derived from the file on the way (milestones, deadlines, percentages), when
    /// it could be read.
    pub derived: Option<Box<crate::checks::Derived>>,
}

impl<'a> Context<'a> {
    /// A context for the bundle at `root`.
    ///
    /// # Errors
    /// When the root cannot be resolved.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root: PathBuf,
        data: crate::checks::Data<'a>,
        documents: &'a DocumentRules,
        phi: &'a PhiRules,
        limits: &'a ExtractLimits,
        as_of: Date,
        suppressions: &'a Suppressions,
    ) -> std::io::Result<Self> {
        let canonical_root = std::fs::canonicalize(&root)?;
        Ok(Context {
            root,
            data,
            rules: data.rules,
            documents,
            catalog: data.catalog,
            phi,
            limits,
            as_of,
            suppressions,
            canonical_root,
            paths: Mutex::new(HashMap::new()),
            variants: Mutex::new(HashMap::new()),
            dirs: Mutex::new(HashMap::new()),
            store: None,
            folders: Mutex::new(HashMap::new()),
            records: Mutex::new(BTreeMap::new()),
            now: None,
            counters: Counters::default(),
        })
    }

    /// Keeps document scans in `store` under `identity` between runs: a document whose bytes
    /// have a valid entry there is not extracted or screened again, and one whose file has not
    /// changed since (same length, times, inode) is not even read. `now` is the time the run
    /// started: a file changed in the two seconds before it is read again next time.
    #[must_use]
    pub fn with_scan_cache(
        mut self,
        store: &'a dyn ScanCache,
        identity: &'a ScanIdentity,
        now: std::time::SystemTime,
    ) -> Self {
        self.store = Some((store, identity));
        self.now = Some(now);
        self
    }

    /// How the scans of this run were made so far.
    #[must_use]
    pub fn scan_counts(&self) -> ScanCounts {
        ScanCounts {
            read: self.counters.read.load(Ordering::Relaxed),
            screened: self.counters.screened.load(Ordering::Relaxed),
            from_cache: self.counters.from_cache.load(Ordering::Relaxed),
            rejected: self.counters.rejected.load(Ordering::Relaxed),
        }
    }

    /// Distinct documents read so far.
    #[must_use]
    pub fn documents_checked(&self) -> usize {
        self.paths.lock().map_or(0, |c| {
            c.values()
                .filter_map(|r| r.get().and_then(|r| r.report.canonical.as_ref()))
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
        self.document_of(app_dir, file, known, &OnceLock::new())
    }

    /// [`Context::document_for`], with the digest of `known` computed at most once for all the
    /// documents of one application.
    fn document_of(
        &self,
        app_dir: &Path,
        file: &str,
        known: &KnownIdentifiers,
        digest: &OnceLock<[u8; 32]>,
    ) -> Arc<DocReport> {
        let p = Path::new(file);
        let early = |code: &'static str, msg: String, hint: &str| {
            Arc::new(DocReport {
                state: DocState::Missing(msg.clone()),
                problems: vec![(code, msg, hint.to_owned())],
                canonical: None,
                headings: None,
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
        let path = app_dir.join(p);
        // One cell per path, filled once: a thread that asks while another reads the file
        // waits for that result rather than reading it too.
        let cell = self
            .paths
            .lock()
            .map(|mut c| match c.get(&path) {
                Some(cell) => Arc::clone(cell),
                None => Arc::clone(c.entry(path.clone()).or_default()),
            })
            .unwrap_or_default();
        let shared = cell.get_or_init(|| self.inspect(&path, file, known));
        if !shared.needs_known || is_empty(known) {
            return Arc::clone(&shared.report);
        }
        // The screen found identifiers: which of them are the practice's own depends on the
        // practice, so this document is screened again with its identifiers (once per run and
        // practice; the first practice's was made with the first read).
        let digest = *digest.get_or_init(|| scan::known_digest(known));
        if let Some((d, r)) = &shared.first
            && *d == digest
        {
            return Arc::clone(r);
        }
        let key = (path, digest);
        let cell = self
            .variants
            .lock()
            .map(|mut c| Arc::clone(c.entry(key.clone()).or_default()))
            .unwrap_or_default();
        let report = cell.get_or_init(|| {
            Arc::new(match (&shared.report.canonical, &shared.base) {
                (Some(canonical), Some(base)) => {
                    match self.scan_document(canonical, None, file, known, Some(base)) {
                        Ok((b, v)) => Self::assemble(
                            file,
                            canonical.clone(),
                            shared.near.clone(),
                            v.as_ref().unwrap_or(&b),
                        ),
                        Err(r) => r,
                    }
                }
                _ => (*shared.report).clone(),
            })
        });
        Arc::clone(report)
    }

    /// Path checks and the scans of the document at `path`: without practice identifiers, and
    /// with `known` (the first asking practice's) when the first found PHI.
    fn inspect(&self, path: &Path, file: &str, known: &KnownIdentifiers) -> Shared {
        let unread = |report: DocReport| Shared {
            report: Arc::new(report),
            needs_known: false,
            near: None,
            base: None,
            first: None,
        };
        let (canonical, near, fingerprint) = match self.locate_document(path, file) {
            Ok(x) => x,
            Err(report) => return unread(report),
        };
        match self.scan_document(&canonical, fingerprint, file, known, None) {
            Ok((base, variant)) => Shared {
                needs_known: base.phi_hits() > 0,
                report: Arc::new(Self::assemble(file, canonical.clone(), near.clone(), &base)),
                first: variant.map(|v| {
                    let r = Self::assemble(file, canonical, near.clone(), &v);
                    (scan::known_digest(known), Arc::new(r))
                }),
                near,
                base: Some(base),
            },
            Err(report) => unread(report),
        }
    }

    /// The canonical form of folder `dir`, resolved once per run.
    fn canonical_dir(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(hit) = self.dirs.lock().ok()?.get(dir) {
            return hit.clone();
        }
        let c = std::fs::canonicalize(dir).ok();
        if let Ok(mut m) = self.dirs.lock() {
            m.insert(dir.to_path_buf(), c.clone());
        }
        c
    }

    /// The path checks of the document at `path` (named `file` in messages): existence,
    /// links leaving the bundle, regular file, size. `Err` is the report of a document that
    /// is not read; `Ok` its canonical path, size and the size warning, if any.
    fn locate_document(
        &self,
        path: &Path,
        file: &str,
    ) -> Result<(PathBuf, Option<DocProblem>, Option<scan::Fingerprint>), DocReport> {
        let fail = |code: &'static str, msg: String, hint: &str, canonical: Option<PathBuf>| {
            Err(fail_report(code, msg, hint, canonical))
        };
        let Ok(lmeta) = std::fs::symlink_metadata(path) else {
            return fail(
                "document-missing",
                format!("`{file}` does not exist"),
                "add the file to the bundle or correct the path (names are case-sensitive)",
                None,
            );
        };
        let link = lmeta.file_type().is_symlink();
        // A file that is no link itself: its folder's canonical form (resolved once per run,
        // links on the folders included) and its name; a link is resolved whole.
        let quick = match (link, path.parent(), path.file_name()) {
            (false, Some(dir), Some(name)) => self.canonical_dir(dir).map(|d| d.join(name)),
            _ => None,
        };
        let canonical = match quick.map_or_else(|| std::fs::canonicalize(path), Ok) {
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
        let meta = if link {
            std::fs::metadata(&canonical)
        } else {
            Ok(lmeta)
        };
        let meta = match meta {
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
        let strict = self.documents.max_bytes;
        let refuse = self.documents.refuse_above();
        let size = meta.len();
        if size > refuse {
            return fail(
                "document-too-large",
                format!(
                    "`{file}` is {size} bytes, above the 10 MB upload limit however it is read ({strict} or {refuse} bytes)"
                ),
                "compress or split the document",
                Some(canonical),
            );
        }
        let near = (size > strict).then(|| {
            (
                "document-near-size-limit",
                format!(
                    "`{file}` is {size} bytes: within 10 MB read as {refuse} bytes, above it read as {strict} bytes; the program does not say which it means, so the portal may refuse it"
                ),
                "compress or split the document to stay at or below the stricter figure".to_owned(),
            )
        });
        Ok((canonical, near, scan::Fingerprint::of(&meta)))
    }

    /// The document at `canonical` (named `file`): its scan without practice identifiers
    /// (`base`, when already made, is not made again) and, when that found PHI and `known` is
    /// not empty, its scan with the practice's identifiers left out. Each comes from the scan
    /// cache when it holds a valid entry for this content; the content is known without reading
    /// the file when the cache records it for the file's unchanged fingerprint. The file is read
    /// at most once and its text extracted at most once.
    fn scan_document(
        &self,
        canonical: &Path,
        fingerprint: Option<scan::Fingerprint>,
        file: &str,
        known: &KnownIdentifiers,
        base: Option<&Scan>,
    ) -> Result<(Scan, Option<Scan>), DocReport> {
        let mut doc = Doc::default();
        if let Some((store, _)) = self.store {
            // From the path checks' metadata when given (one system call less per document).
            doc.fingerprint = fingerprint.or_else(|| {
                std::fs::metadata(canonical)
                    .ok()
                    .and_then(|m| scan::Fingerprint::of(&m))
            });
            if let Some(f) = &doc.fingerprint {
                // The folder's record first (one read serves the whole folder), then the
                // document's own.
                let key = scan::stat_key(canonical);
                let dir = canonical.parent();
                // `None` beside the content: the record is the one the folder's record holds.
                let found = dir
                    .and_then(|d| self.folder_records(store, d))
                    .and_then(|h| h.get()?.as_ref()?.lock().ok()?.remove(key.as_str()))
                    .and_then(|r| scan::use_stat(r, &key, f))
                    .map(|x| (x, None))
                    .or_else(|| {
                        let record = scan::read_stat(&store.get(&key)?)?;
                        Some((scan::use_stat(record.clone(), &key, f)?, Some(record)))
                    });
                if let Some(((c, scans), record)) = found {
                    doc.content = Some(c);
                    doc.inline = scans;
                    if let Some(d) = dir {
                        self.note_record(d, &key, record);
                    }
                }
            }
        }
        let base = match base {
            Some(b) => b.clone(),
            None => self.screen(&mut doc, canonical, file, None)?,
        };
        let variant = if base.phi_hits() > 0 && !is_empty(known) {
            let digest = scan::known_digest(known);
            Some(self.screen(&mut doc, canonical, file, Some((known, &digest)))?)
        } else {
            None
        };
        // The file was read, or got scans its record lacks: record its fingerprint's content
        // and scans for the next run (one small read per document), when the file had settled
        // (not changed in the last seconds, where a further change could keep the same times).
        let news = doc
            .used
            .iter()
            .any(|(k, _)| !doc.inline.iter().any(|(i, _)| i == k));
        if let (Some((store, _)), Some(f), Some(c)) = (self.store, &doc.fingerprint, &doc.content)
            && (doc.bytes.is_some() || news)
            && self.now.is_some_and(|now| f.settled(now, STAT_SETTLE))
        {
            let mut scans = std::mem::take(&mut doc.used);
            for (k, s) in std::mem::take(&mut doc.inline) {
                if !scans.iter().any(|(u, _)| *u == k) {
                    scans.push((k, s));
                }
            }
            let key = scan::stat_key(canonical);
            let record = scan::stat_record(&key, f, c, &scans);
            store.put(&key, &scan::seal_stat(&record));
            if let Some(d) = canonical.parent() {
                self.note_record(d, &key, Some(record));
            }
        }
        Ok((base, variant))
    }

    /// The fingerprint records the cache holds for folder `dir` (read once per run).
    fn folder_records(&self, store: &dyn ScanCache, dir: &Path) -> Option<Arc<FolderCell>> {
        let cell = self
            .folders
            .lock()
            .map(|mut m| Arc::clone(m.entry(dir.to_path_buf()).or_default()))
            .ok()?;
        cell.get_or_init(|| {
            let k = scan::folder_key(dir);
            let bytes = store.get(&k)?;
            let records = scan::decode_folder(&bytes, &k);
            if records.is_none() {
                self.counters.rejected.fetch_add(1, Ordering::Relaxed);
            }
            records.map(Mutex::new)
        });
        Some(cell)
    }

    /// Notes that the fingerprint record `key` of a document in `dir` is valid in this run:
    /// `None` when it is the one the folder's record holds, else the record.
    fn note_record(&self, dir: &Path, key: &scan::ScanKey, record: Option<scan::StatRecord>) {
        if let Ok(mut m) = self.records.lock() {
            m.entry(dir.to_path_buf())
                .or_default()
                .insert(key.as_str().to_owned(), record);
        }
    }

    /// Writes the record of each document folder whose fingerprint records changed in this
    /// run: what the cache held, with this run's records over it. Entries are validated one
    /// by one when read, so one left over for a file that changed or went away is harmless.
    fn save_folder_records(&self) {
        let Some((store, _)) = self.store else {
            return;
        };
        let noted = self
            .records
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default();
        for (dir, records) in noted {
            let news: FolderRecords = records
                .into_iter()
                .filter_map(|(k, r)| Some((k, r?)))
                .collect();
            if news.is_empty() {
                continue;
            }
            // The records this run used were taken out of the folder's record: read it again
            // to keep the entries of documents this run did not look at.
            let key = scan::folder_key(&dir);
            let held = store
                .get(&key)
                .and_then(|b| scan::decode_folder(&b, &key))
                .unwrap_or_default();
            if news.iter().all(|(k, r)| held.get(k) == Some(r)) {
                continue;
            }
            let mut merged = held;
            merged.extend(news);
            if let Some(bytes) = scan::encode_folder(&key, &merged) {
                store.put(&key, &bytes);
            }
        }
    }

    /// Reads the document's bytes once (bounded), and its content hash when there is a cache.
    fn read<'d>(
        &self,
        doc: &'d mut Doc,
        canonical: &Path,
        file: &str,
    ) -> Result<&'d [u8], DocReport> {
        if doc.bytes.is_none() {
            let refuse = self.documents.refuse_above();
            let fail = |code: &'static str, msg: String, hint: &str| {
                fail_report(code, msg, hint, Some(canonical.to_path_buf()))
            };
            // Bounded like every other read: the file may have grown or been swapped since the
            // size check (a FIFO put in its place would block an unchecked open).
            let bytes = crate::fsio::read_bounded(canonical, refuse).map_err(|e| match e {
                crate::fsio::ReadError::TooLarge { .. } => fail(
                    "document-too-large",
                    format!("`{file}` is above the upload limit of {refuse} bytes"),
                    "compress or split the document",
                ),
                crate::fsio::ReadError::NotRegular(_) => fail(
                    "document-not-regular",
                    format!("`{file}` is not a regular file"),
                    "name the document file itself",
                ),
                e => fail(
                    "document-missing",
                    format!("`{file}` cannot be read: {e}"),
                    "check the file's permissions",
                ),
            })?;
            self.counters.read.fetch_add(1, Ordering::Relaxed);
            if self.store.is_some() {
                doc.content = Some(scan::Content::of(&bytes));
            }
            doc.bytes = Some(bytes);
        }
        Ok(doc.bytes.as_deref().unwrap_or_default())
    }

    /// One scan of the document, without or with the practice's identifiers (and their digest):
    /// from the scan cache when it holds a valid entry for the content, else screened (reading
    /// the file and extracting its text if no earlier scan of this document did) and written
    /// to the cache.
    fn screen(
        &self,
        doc: &mut Doc,
        canonical: &Path,
        file: &str,
        known: Option<(&KnownIdentifiers, &[u8; 32])>,
    ) -> Result<Scan, DocReport> {
        let key_of = |c: &scan::Content| {
            self.store.map(|(store, identity)| {
                let k = scan::ScanKey::new(
                    identity,
                    c,
                    DocKind::from_file_name(file),
                    known.map(|k| k.1),
                );
                (store, k)
            })
        };
        let lookup = |c: &scan::Content, inline: &[(scan::ScanKey, Scan)]| {
            let (store, key) = key_of(c)?;
            if let Some((_, s)) = inline.iter().find(|(k, _)| *k == key) {
                self.counters.from_cache.fetch_add(1, Ordering::Relaxed);
                return Some((key, s.clone()));
            }
            let entry = store.get(&key)?;
            let s = scan::decode(&entry, &key, c);
            let counter = if s.is_some() {
                &self.counters.from_cache
            } else {
                &self.counters.rejected
            };
            counter.fetch_add(1, Ordering::Relaxed);
            s.map(|s| (key, s))
        };
        if let Some((k, s)) = doc.content.and_then(|c| lookup(&c, &doc.inline)) {
            doc.used.push((k, s.clone()));
            return Ok(s);
        }
        let before = doc.content;
        self.read(doc, canonical, file)?;
        // Known only now, or the recorded content was stale (a change that kept every time).
        if before != doc.content
            && let Some((k, s)) = doc.content.and_then(|c| lookup(&c, &[]))
        {
            doc.used.push((k, s.clone()));
            return Ok(s);
        }
        self.counters.screened.fetch_add(1, Ordering::Relaxed);
        let bytes = doc.bytes.as_deref().unwrap_or_default();
        let p = doc
            .prepared
            .get_or_insert_with(|| scan::prepare(bytes, file, self.documents, self.limits));
        let none = KnownIdentifiers::default();
        let s = p.screen(self.phi, known.map_or(&none, |k| k.0));
        if let Some(c) = &doc.content
            && let Some((store, key)) = key_of(c)
        {
            store.put(&key, &scan::encode(&key, c, &s));
            doc.used.push((key, s.clone()));
        }
        Ok(s)
    }

    /// The report of one document from its path checks and its scan.
    fn assemble(
        file: &str,
        canonical: PathBuf,
        near: Option<DocProblem>,
        scan: &Scan,
    ) -> DocReport {
        let problems: Vec<(&'static str, String, String)> = scan
            .problems
            .iter()
            .map(|p| (p.code, format!("`{file}`{}", p.rest), p.hint.clone()))
            .collect();
        if scan.wrong_type {
            let msg = problems.first().map(|p| p.1.clone()).unwrap_or_default();
            return DocReport {
                state: DocState::WrongType(msg),
                problems,
                canonical: Some(canonical),
                headings: None,
            };
        }
        DocReport {
            state: DocState::Ok,
            problems: near.into_iter().chain(problems).collect(),
            canonical: Some(canonical),
            headings: scan.headings.as_deref().map(Arc::from),
        }
    }

    /// The path-safety check documents get, for an application file inside the bundle: a
    /// symbolic link (on the file or on a folder above it) that resolves outside the bundle is
    /// refused before anything is read, and its target is never named. A file given on the
    /// command line outside the root is the user's own choice and is not checked here.
    /// Returns what `lstat` said of a file that is no link, for the read to use.
    fn path_safety(
        &self,
        path: &Path,
    ) -> Result<Option<std::fs::Metadata>, crate::error::InputError> {
        if !path.starts_with(&self.root) {
            return Ok(None);
        }
        let refuse = |msg: &str, hint: &str| {
            Err(crate::error::InputError::single(
                path,
                "path-outside-bundle",
                None,
                msg.to_owned(),
                hint.to_owned(),
            ))
        };
        // A file that is no link itself: its folder's canonical form (resolved once per run)
        // and its name; a link, or a path without a folder and a name, is resolved whole.
        let seen = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| !m.file_type().is_symlink());
        let quick = seen.as_ref().and_then(|_| {
            let (dir, name) = path.parent().zip(path.file_name())?;
            Some(self.canonical_dir(dir)?.join(name))
        });
        match quick.map_or_else(|| std::fs::canonicalize(path), Ok) {
            Ok(c) if c.starts_with(&self.canonical_root) => Ok(seen),
            Ok(_) => refuse(
                "is a symbolic link that resolves outside the bundle; not read",
                "replace the link with the application file itself",
            ),
            // A broken link: the bounded read reports the missing file without following it.
            Err(_) => Ok(None),
        }
    }

    /// Checks one application file.
    #[must_use]
    pub fn application(&self, path: &Path) -> AppResult {
        let file = crate::source::display_path(path);
        let relative = self.relative(path);
        let loaded = self
            .path_safety(path)
            .and_then(|seen| {
                load::read_source_seen(path, load::MAX_APPLICATION_BYTES, seen.as_ref())
            })
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
                    derived: None,
                };
            }
        };
        let (_, ev) = self.check(path, &app);
        let derived = Some(Box::new(ev.derived));
        let mut findings = ev.findings;
        let suppressed = self.suppressions.apply(&relative, &mut findings);
        finding::locate_all(&mut findings, &src);
        finding::sort(&mut findings);
        AppResult {
            file,
            relative,
            practice: Some(app.practice.name.clone()),
            source: Some(src),
            findings,
            suppressed,
            unusable: false,
            families: {
                let mut f = crate::checks::Selection::All.families();
                f.push(Family::Phi);
                f
            },
            derived,
        }
    }

    /// Every check qcp has for the application `app` read from `path` (the registry), then its
    /// document files: `qcp check`'s findings, unlocated and before suppressions, with the
    /// document states they counted.
    #[must_use]
    pub fn check(
        &self,
        path: &Path,
        app: &crate::model::Application,
    ) -> (DocStates, crate::checks::Evaluation) {
        let reports = self.document_reports(path, app);
        let states = Self::states_of(&reports);
        let mut ev = crate::checks::evaluate(
            app,
            self.data,
            &states,
            self.as_of,
            crate::checks::Selection::All,
        );
        self.document_files(app, &reports, &mut ev.findings);
        (states, ev)
    }

    /// The report of each document file `app` (the file at `path`) references, each file
    /// looked up once however many references it has.
    fn document_reports<'app>(
        &self,
        path: &Path,
        app: &'app crate::model::Application,
    ) -> HashMap<&'app str, Arc<DocReport>> {
        let mut out = HashMap::new();
        let Some(docs) = app.documents.as_ref() else {
            return out;
        };
        // The same practice identifiers for every document: one cache entry per file.
        let known = known_identifiers(app);
        let digest = OnceLock::new();
        let dir = path.parent().unwrap_or(Path::new(""));
        for (_, d) in docs.all_refs() {
            if !d.file.is_empty() && !out.contains_key(d.file.as_str()) {
                let r = self.document_of(dir, &d.file, &known, &digest);
                out.insert(d.file.as_str(), r);
            }
        }
        out
    }

    fn states_of(reports: &HashMap<&str, Arc<DocReport>>) -> DocStates {
        let mut out = DocStates::default();
        for (file, r) in reports {
            out.insert(file, r.state.clone());
            if let Some(h) = &r.headings {
                out.insert_headings(file, Arc::clone(h));
            }
        }
        out
    }

    /// What this run finds about each document `app` (the file at `path`) references: the
    /// states every command counts documents with. Each file is read once per run.
    #[must_use]
    pub fn document_states(&self, path: &Path, app: &crate::model::Application) -> DocStates {
        Self::states_of(&self.document_reports(path, app))
    }

    /// The findings about the document files `app` (the file at `path`) references: path
    /// safety, existence, size, type and the PHI screen, each at the reference's YAML path.
    #[must_use]
    pub fn document_findings(&self, path: &Path, app: &crate::model::Application) -> Vec<Finding> {
        let mut out = Vec::new();
        let reports = self.document_reports(path, app);
        self.document_files(app, &reports, &mut out);
        out
    }

    fn document_files(
        &self,
        app: &crate::model::Application,
        reports: &HashMap<&str, Arc<DocReport>>,
        out: &mut Vec<Finding>,
    ) {
        let Some(docs) = app.documents.as_ref() else {
            return;
        };
        // canonical path → (domains served, any remark, first reference), found by a hash
        // of the path's bytes; the findings are then listed in the order of the paths, as
        // they always were.
        let mut at: HashMap<&std::ffi::OsStr, usize> = HashMap::new();
        let mut served: Vec<(&Path, Vec<u16>, bool, &crate::model::documents::DocumentRef)> =
            Vec::new();
        for (element, d) in docs.all_refs() {
            if d.file.is_empty() {
                continue;
            }
            let Some(r) = reports.get(d.file.as_str()) else {
                continue;
            };
            if !r.problems.is_empty() {
                let at = join(&d.path, "path");
                for (code, msg, hint) in &r.problems {
                    out.push(Finding::new(code, &at, msg.clone(), hint.clone()));
                }
            }
            // An element the catalog lacks has no meaningful domain (reported as unknown-element).
            let element = element.filter(|e| self.catalog.is_known(e));
            if let (Some(c), Some(el)) = (&r.canonical, element) {
                let i = *at.entry(c.as_os_str()).or_insert_with(|| {
                    served.push((c.as_path(), Vec::new(), false, d));
                    served.len() - 1
                });
                if let Some(e) = served.get_mut(i) {
                    if !e.1.contains(&el.domain()) {
                        e.1.push(el.domain());
                    }
                    e.2 |= d.remarks.is_some();
                }
            }
        }
        served.retain(|(_, domains, remark, _)| domains.len() > 1 && !remark);
        served.sort_by(|a, b| a.0.cmp(b.0));
        for (_, mut domains, _, first) in served {
            domains.sort_unstable();
            let ds: Vec<String> = domains.iter().map(u16::to_string).collect();
            out.push(Finding::new(
                "document-shared-across-domains",
                join(&first.path, "path"),
                format!(
                    "`{}` serves elements of domains {} and none of its references has a remark",
                    first.file,
                    ds.join(", ")
                ),
                "add `remarks:` naming the section that covers each element",
            ));
        }
    }

    /// Bundle-level results after every application: unreferenced documents (from `others`,
    /// the non-application files of the bundle) and unused suppressions. With a scan cache,
    /// the record of each document folder whose documents' records changed is written first.
    #[must_use]
    pub fn finish(&self, others: &[PathBuf]) -> Vec<AppResult> {
        self.save_folder_records();
        let referenced: HashSet<PathBuf> = self
            .paths
            .lock()
            .map(|c| {
                c.iter()
                    .flat_map(|(k, r)| {
                        let canonical = r.get().and_then(|r| r.report.canonical.clone());
                        std::iter::once(k.clone()).chain(canonical)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut results = Vec::new();
        for p in others {
            // Most references name the file as the folder walk found it: no need to resolve.
            if referenced.contains(p) {
                continue;
            }
            let canon = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            if referenced.contains(&canon) {
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
                derived: None,
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
                derived: None,
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
    run_with(ctx, files, threads, &|r| r, sink)
}

/// [`run`], with `prepare` applied to each result on the worker thread that checked it (to
/// render it there, say): the result's many small allocations are made and freed on one
/// thread, and `sink` receives only what it writes.
///
/// # Errors
/// The first error the sink returns.
pub fn run_with<T: Send, E: Send>(
    ctx: &Context<'_>,
    files: &[PathBuf],
    threads: usize,
    prepare: &(dyn Fn(AppResult) -> T + Sync),
    sink: &mut dyn FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let threads = threads.max(1);
    // Files are taken in small runs, and each run's results sent together: fewer wake-ups
    // of the writer on thousands of small files, still an even share on a few large ones.
    let chunk = (files.len() / (threads * 32)).clamp(1, 8);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<T>)>(threads * 4);
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            s.spawn(move || {
                loop {
                    let start = next.fetch_add(chunk, Ordering::Relaxed);
                    let Some(run) = files.get(start..files.len().min(start + chunk)) else {
                        break;
                    };
                    if run.is_empty() {
                        break;
                    }
                    let mut results = Vec::with_capacity(run.len());
                    for path in run {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        results.push(prepare(ctx.application(path)));
                    }
                    if tx.send((start, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Vec<T>> = BTreeMap::new();
        let mut want = 0usize;
        for (start, results) in rx.iter() {
            pending.insert(start, results);
            while let Some(results) = pending.remove(&want) {
                want += chunk;
                for r in results {
                    if let Err(e) = sink(r) {
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
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
