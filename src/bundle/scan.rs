//! The content part of a document check — type by content and extension, text extraction, the
//! PHI screen — as a value ([`Scan`]) that can be kept between runs in a [`ScanCache`].
//!
//! Responsible for: scanning a document's bytes, the cache key of a scan ([`ScanKey`]: the
//! content's SHA-256 and length, the extension, and [`ScanIdentity`] — the qcp version, the rule
//! edition's document figures, the PHI-screen data), and the entry format: writing an entry and
//! validating one read back, so that a truncated, corrupt, foreign or version-mismatched entry is
//! ignored (and rebuilt by the caller), never trusted.
//!
//! Not responsible for: storing entries (the caller implements [`ScanCache`]; `qcp check
//! --cache DIR` keeps them on disk), path safety, sizes, or the file name in messages (a scan
//! holds each message after the document's name, so one entry serves every name of the file).
//!
//! Nothing PHI is ever in a scan: PHI problems name the kind, the place and the rule's label with
//! a placeholder, never the matched value; the file's text is not kept, only the section numbers
//! its lines start with (digits and dots, for summary citations).

use sha2::{Digest, Sha256};

use crate::docscan::{self, DocKind, ExtractLimits, Extracted, KnownIdentifiers, PhiRules};
use crate::rules::DocumentRules;

/// The entry format's name; a change of layout changes it (and so every key).
pub const FORMAT: &str = "qcp-scan-cache/3";

/// The largest entry a store needs to read back: a scan holds at most the PHI screen's
/// per-document findings budget, each a short message. A store reads at most this many bytes.
pub const MAX_ENTRY_BYTES: u64 = 1024 * 1024;

/// The codes a scan can produce; an entry naming any other code is foreign and ignored.
const SCAN_CODES: [&str; 5] = [
    "document-type-not-accepted",
    "document-type-mismatch",
    "document-not-screened",
    "document-unreadable",
    "phi-suspected",
];

/// One problem a scan found: its code, the message after the document's name (`` `file` ``
/// is put in front of it), and the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The finding code (one of the document codes).
    pub code: &'static str,
    /// The message after the quoted file name: `" is a PDF"`, `": the PDF is encrypted"`.
    pub rest: String,
    /// The hint.
    pub hint: String,
}

/// What reading one document's bytes found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// The type was refused (not accepted, or content and extension disagree): the one
    /// problem is that refusal and nothing was extracted.
    pub wrong_type: bool,
    /// The problems, in order: extraction, PHI hits (and the "more not listed" summary), gaps.
    pub problems: Vec<Problem>,
    /// The section numbers the document's lines start with, for summary citations (digits
    /// and dots only); `None` when no text was extracted.
    pub headings: Option<String>,
}

/// The headings read back, if they are section numbers (digits separated by dots, short) on
/// one line, separated by single spaces.
fn headings_in(raw: Option<String>) -> Option<Option<String>> {
    let Some(line) = raw else {
        return Some(None);
    };
    if line.is_empty() {
        return Some(Some(String::new())); // read, and no numbered heading
    }
    let mut n = 0usize;
    for h in line.split(' ') {
        n += 1;
        let number = h.len() <= 64
            && h.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !number || n > crate::readiness::MAX_HEADINGS {
            return None;
        }
    }
    Some(Some(line))
}

impl Scan {
    /// PHI problems in the scan. A scan without the practice's identifiers that has none holds
    /// for every practice: the practice's identifiers only ever remove hits (see
    /// [`scan`]), so there is nothing for them to remove.
    #[must_use]
    pub fn phi_hits(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.code == "phi-suspected")
            .count()
    }
}

/// Scans `bytes`, the content of a document named `file` (its extension is the declared type),
/// against the accepted types, and screens its text for PHI, skipping `known`.
///
/// The practice's identifiers only filter candidate hits (a name, number, phone, address or
/// e-mail domain that is the practice's own is not reported): a scan with no identifiers that
/// finds no PHI finds none with any identifiers, so that scan can be shared by every practice.
#[must_use]
pub fn scan(
    bytes: &[u8],
    file: &str,
    documents: &DocumentRules,
    phi: &PhiRules,
    limits: &ExtractLimits,
    known: &KnownIdentifiers,
) -> Scan {
    prepare(bytes, file, documents, limits).screen(phi, known)
}

/// A document read and its text extracted, ready to be screened (once, or once more with a
/// practice's identifiers) without being read again. Held in memory only: it holds the text.
#[derive(Debug)]
pub struct Prepared {
    /// The type was refused: this is the whole scan.
    refused: Option<Scan>,
    before: Vec<Problem>,
    units: Vec<docscan::TextUnit>,
    gaps: Vec<docscan::Gap>,
    /// The section numbers the text's lines start with, found once for every screen.
    headings: Option<std::collections::BTreeSet<String>>,
}

/// Sniffs `bytes` (named `file`) against the accepted types and extracts the text.
#[must_use]
pub fn prepare(
    bytes: &[u8],
    file: &str,
    documents: &DocumentRules,
    limits: &ExtractLimits,
) -> Prepared {
    let refused = |code: &'static str, rest: String, hint: &str| Prepared {
        refused: Some(Scan {
            wrong_type: true,
            problems: vec![Problem {
                code,
                rest,
                hint: hint.to_owned(),
            }],
            headings: None,
        }),
        before: Vec::new(),
        units: Vec::new(),
        gaps: Vec::new(),
        headings: None,
    };
    let sniffed = docscan::sniff(bytes, file);
    let accepted = |k: Option<DocKind>| {
        k.is_some_and(|k| documents.accepted_types.iter().any(|a| a == k.as_str()))
    };
    // The extension decides what the portal will expect; the content must then agree.
    if !accepted(sniffed.declared) {
        return refused(
            "document-type-not-accepted",
            format!(
                " is {}; accepted types: {}",
                sniffed.describe(),
                documents.accepted_types.join(", ")
            ),
            "export the document as PDF",
        );
    }
    if !sniffed.is_consistent() {
        return refused(
            "document-type-mismatch",
            format!(" is {}", sniffed.describe()),
            "export the document again in the format its name says, or rename it",
        );
    }
    let kind = sniffed.actual.unwrap_or(DocKind::Txt);
    let mut before = Vec::new();
    let mut push = |code: &'static str, rest: String, hint: &str| {
        before.push(Problem {
            code,
            rest,
            hint: hint.to_owned(),
        });
    };
    let (units, gaps) = match docscan::extract_text(kind, bytes, limits) {
        Ok(Extracted::Text(units)) => (units, Vec::new()),
        Ok(Extracted::Partial { units, gaps }) => (units, gaps),
        Ok(Extracted::NoTextLayer { pages }) => {
            push(
                "document-not-screened",
                format!(
                    " has no text layer ({pages} page(s), likely a scan): not screened for PHI"
                ),
                NOT_SCREENED,
            );
            (Vec::new(), Vec::new())
        }
        Ok(Extracted::NotScreened(k)) => {
            push(
                "document-not-screened",
                format!(
                    " is {}: qcp does not screen its content for PHI",
                    k.describe()
                ),
                NOT_SCREENED,
            );
            (Vec::new(), Vec::new())
        }
        Err(e) => {
            push(
                "document-unreadable",
                format!(": {e}"),
                "save an unprotected, undamaged copy",
            );
            (Vec::new(), Vec::new())
        }
    };
    // No text, no headings: an unreadable or textless document's citations are not checked;
    // past the bound, neither are a document's of numbered lines.
    let headings = (!units.is_empty())
        .then(|| crate::readiness::section_headings(units.iter().map(|u| u.text.as_str())))
        .filter(|h| h.len() <= crate::readiness::MAX_HEADINGS);
    Prepared {
        refused: None,
        before,
        units,
        gaps,
        headings,
    }
}

const NOT_SCREENED: &str = "check the document for patient identifiers by hand";

impl Prepared {
    /// The section numbers the document's lines start with (what summary citations are
    /// checked against); `None` when no text was extracted (a refused type, an unreadable or
    /// textless document): its citations are then not checked.
    #[must_use]
    pub fn headings(&self) -> Option<&std::collections::BTreeSet<String>> {
        self.headings.as_ref()
    }

    /// The scan: the extraction's problems, the PHI screen's hits skipping `known`, the gaps.
    #[must_use]
    pub fn screen(&self, phi: &PhiRules, known: &KnownIdentifiers) -> Scan {
        if let Some(r) = &self.refused {
            return r.clone();
        }
        let mut problems = self.before.clone();
        let screened = docscan::screen_document(&self.units, phi, known);
        let deidentify = "de-identify the document and review the rest of it by hand";
        let mut push = |code: &'static str, rest: String, hint: &str| {
            problems.push(Problem {
                code,
                rest,
                hint: hint.to_owned(),
            });
        };
        for hit in &screened.hits {
            push("phi-suspected", format!(" {hit}"), deidentify);
        }
        if screened.omitted > 0 {
            push(
                "phi-suspected",
                format!(
                    ": {} more possible identifier(s) not listed (at most {} per document)",
                    screened.omitted, phi.max_findings_per_document
                ),
                deidentify,
            );
        }
        for gap in &self.gaps {
            push("document-not-screened", format!(" {gap}"), NOT_SCREENED);
        }
        Scan {
            wrong_type: false,
            problems,
            headings: self.headings.as_ref().map(crate::readiness::headings_line),
        }
    }
}

/// Everything besides a document's bytes that a scan depends on: the qcp version, the rule
/// edition's identity and accepted types, and the PHI-screen data (its whole text, which holds
/// the screen's rules and the extraction budgets). Any change gives other keys, so entries
/// written under another identity are never found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanIdentity([u8; 32]);

impl ScanIdentity {
    /// The identity of scans made by qcp `qcp_version` under the rule edition `rules_id` (with
    /// its document figures `documents`) and the PHI-screen data `phi_data` (the TOML text).
    #[must_use]
    pub fn new(
        qcp_version: &str,
        rules_id: &str,
        documents: &DocumentRules,
        phi_data: &str,
    ) -> Self {
        let mut h = Sha256::new();
        for part in [FORMAT, qcp_version, rules_id] {
            field(&mut h, part.as_bytes());
        }
        field(&mut h, documents.accepted_types.join("\n").as_bytes());
        field(&mut h, &Sha256::digest(phi_data.as_bytes()));
        ScanIdentity(h.finalize().into())
    }
}

/// Length-prefixed, so no two different field lists hash the same bytes.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// A SHA-256 of the practice's own identifiers (for a scan made with them): each list and each
/// value length-prefixed.
#[must_use]
pub fn known_digest(known: &KnownIdentifiers) -> [u8; 32] {
    let mut h = Sha256::new();
    for list in [
        &known.names,
        &known.phones,
        &known.emails,
        &known.addresses,
        &known.numbers,
    ] {
        h.update((list.len() as u64).to_le_bytes());
        for v in list {
            field(&mut h, v.as_bytes());
        }
    }
    h.finalize().into()
}

/// A document's content: its SHA-256 and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Content {
    /// SHA-256 of the bytes.
    pub sha256: [u8; 32],
    /// Length in bytes.
    pub len: u64,
}

impl Content {
    /// The content of `bytes`.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        Content {
            sha256: Sha256::digest(bytes).into(),
            len: bytes.len() as u64,
        }
    }
}

/// The key of one scan: 64 lowercase hex digits, safe as a file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScanKey(String);

impl ScanKey {
    /// The key of the scan of `content` named with extension kind `declared`, under `identity`,
    /// made without (`None`) or with the practice identifiers whose [`known_digest`] is given.
    #[must_use]
    pub fn new(
        identity: &ScanIdentity,
        content: &Content,
        declared: Option<DocKind>,
        known: Option<&[u8; 32]>,
    ) -> Self {
        let mut h = Sha256::new();
        field(&mut h, &identity.0);
        field(&mut h, &content.sha256);
        h.update(content.len.to_le_bytes());
        field(&mut h, declared.map_or("", DocKind::as_str).as_bytes());
        field(&mut h, known.map_or(&[][..], |k| &k[..]));
        ScanKey(hex(&h.finalize()))
    }

    /// The key as 64 hex digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Where scans are kept between runs. Implementations are storage only: the library writes and
/// validates the entries' bytes. `get` returns `None` for a missing entry; errors of either
/// call are the store's to swallow (a cache that cannot be read or written costs a rescan).
pub trait ScanCache: Sync {
    /// The stored bytes of `key`, if any (read with a bound of [`MAX_ENTRY_BYTES`]).
    fn get(&self, key: &ScanKey) -> Option<Vec<u8>>;
    /// Stores `entry` under `key`, replacing any entry there as one step (readers see the old
    /// entry or the new one, never a mix).
    fn put(&self, key: &ScanKey, entry: &[u8]);
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    format: String,
    key: String,
    length: u64,
    content_sha256: String,
    wrong_type: bool,
    /// `[code, rest, hint]` of each problem.
    problems: Vec<[String; 3]>,
    /// The section numbers of the document's headings (one line), when its text was extracted.
    headings: Option<String>,
}

/// An entry as stored: its JSON, a newline, and the SHA-256 of the JSON in hex, so a damaged
/// entry that still parses is caught before it is parsed (one hash of the bytes read).
fn seal(mut body: Vec<u8>) -> Vec<u8> {
    let check = hex(&Sha256::digest(&body));
    body.push(b'\n');
    body.extend_from_slice(check.as_bytes());
    body
}

/// The JSON of a sealed entry, if its hash matches.
fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.len() as u64 > MAX_ENTRY_BYTES || bytes.len() < 65 {
        return None;
    }
    let (body, check) = bytes.split_at(bytes.len() - 65);
    let check = check.strip_prefix(b"\n")?;
    (check == hex(&Sha256::digest(body)).as_bytes()).then_some(body)
}

/// The bytes of the entry for `scan` under `key`, of `content`.
#[must_use]
pub fn encode(key: &ScanKey, content: &Content, scan: &Scan) -> Vec<u8> {
    let problems = problems_out(scan);
    let entry = EntryFile {
        format: FORMAT.to_owned(),
        key: key.0.clone(),
        length: content.len,
        content_sha256: hex(&content.sha256),
        wrong_type: scan.wrong_type,
        problems,
        headings: scan.headings.clone(),
    };
    seal(serde_json::to_vec(&entry).unwrap_or_default())
}

/// The scan in `bytes` if they are a whole, undamaged entry of this format for exactly `key`
/// and `content`; `None` otherwise (the caller rescans and writes the entry again).
#[must_use]
pub fn decode(bytes: &[u8], key: &ScanKey, content: &Content) -> Option<Scan> {
    let e: EntryFile = serde_json::from_slice(unseal(bytes)?).ok()?;
    if e.format != FORMAT
        || e.key != key.0
        || e.length != content.len
        || e.content_sha256 != hex(&content.sha256)
        || (e.wrong_type && e.problems.len() != 1)
    {
        return None;
    }
    Some(Scan {
        wrong_type: e.wrong_type,
        headings: headings_in(e.headings)?,
        problems: problems_in(e.problems)?,
    })
}

/// What the file system says about a document file: when any of it changes, the file is read
/// and hashed again. On Unix: length, modification and status-change times (nanoseconds),
/// inode and device; elsewhere the first two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
    dev: u64,
}

fn since_epoch_ns(t: std::time::SystemTime) -> i128 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

impl Fingerprint {
    /// The fingerprint of a file's metadata; `None` when the platform gives no modification time.
    #[must_use]
    pub fn of(meta: &std::fs::Metadata) -> Option<Self> {
        let mtime_ns = since_epoch_ns(meta.modified().ok()?);
        #[cfg(unix)]
        let (ctime_ns, ino, dev) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
                meta.dev(),
            )
        };
        #[cfg(not(unix))]
        let (ctime_ns, ino, dev) = (0, 0, 0);
        Some(Fingerprint {
            len: meta.len(),
            mtime_ns,
            ctime_ns,
            ino,
            dev,
        })
    }

    /// Whether the file was last changed at least `settle` before `now`: a file changed within
    /// the file system's time resolution of the read could change again without a new time, so
    /// only a settled file's fingerprint is recorded.
    #[must_use]
    pub fn settled(&self, now: std::time::SystemTime, settle: std::time::Duration) -> bool {
        let limit = since_epoch_ns(now) - i128::try_from(settle.as_nanos()).unwrap_or(0);
        self.mtime_ns <= limit && self.ctime_ns <= limit
    }
}

/// The key of a document path's fingerprint record: a SHA-256 of the path (the path itself is
/// not stored: a file name may name a patient).
#[must_use]
pub fn stat_key(canonical: &std::path::Path) -> ScanKey {
    let mut h = Sha256::new();
    field(&mut h, FORMAT.as_bytes());
    field(&mut h, b"stat");
    field(&mut h, canonical.as_os_str().as_encoded_bytes());
    ScanKey(hex(&h.finalize()))
}

/// The most scans a fingerprint record carries (the document's own scan and a few practices').
pub const MAX_RECORD_SCANS: usize = 8;

/// A document's fingerprint record as read: validated against the document in hand by
/// [`use_stat`] before anything in it is used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatRecord {
    format: String,
    key: String,
    fingerprint: Fingerprint,
    content_sha256: String,
    /// `(scan key, wrong_type, [code, rest, hint]..., headings)` of the scans made of this
    /// content, so a warm run reads no entry but this record.
    scans: RecordScans,
}

type RecordScans = Vec<(String, bool, Vec<[String; 3]>, Option<String>)>;

fn problems_out(scan: &Scan) -> Vec<[String; 3]> {
    scan.problems
        .iter()
        .map(|p| [p.code.to_owned(), p.rest.clone(), p.hint.clone()])
        .collect()
}

/// The problems read back, if every one is a document code with no control character.
fn problems_in(raw: Vec<[String; 3]>) -> Option<Vec<Problem>> {
    let mut problems = Vec::with_capacity(raw.len());
    for [code, rest, hint] in raw {
        let code = SCAN_CODES.iter().copied().find(|c| *c == code)?;
        // Messages qcp writes have no control characters; anything else was not written by it.
        if rest.chars().chain(hint.chars()).any(char::is_control) {
            return None;
        }
        problems.push(Problem { code, rest, hint });
    }
    Some(problems)
}

/// The record that the file with fingerprint `f` (under `key`, from [`stat_key`]) has `content`,
/// with the scans made of it (at most [`MAX_RECORD_SCANS`]).
#[must_use]
pub fn stat_record(
    key: &ScanKey,
    f: &Fingerprint,
    content: &Content,
    scans: &[(ScanKey, Scan)],
) -> StatRecord {
    let scans: RecordScans = scans
        .iter()
        .take(MAX_RECORD_SCANS)
        .map(|(k, s)| {
            (
                k.0.clone(),
                s.wrong_type,
                problems_out(s),
                s.headings.clone(),
            )
        })
        .collect();
    StatRecord {
        format: FORMAT.to_owned(),
        key: key.0.clone(),
        fingerprint: *f,
        content_sha256: hex(&content.sha256),
        scans,
    }
}

/// A fingerprint record as stored on its own.
#[must_use]
pub fn seal_stat(record: &StatRecord) -> Vec<u8> {
    seal(serde_json::to_vec(record).unwrap_or_default())
}

/// [`stat_record`], as stored.
#[must_use]
pub fn encode_stat(
    key: &ScanKey,
    f: &Fingerprint,
    content: &Content,
    scans: &[(ScanKey, Scan)],
) -> Vec<u8> {
    seal_stat(&stat_record(key, f, content, scans))
}

/// A stored fingerprint record, if it is whole (not yet checked against a document).
#[must_use]
pub fn read_stat(bytes: &[u8]) -> Option<StatRecord> {
    serde_json::from_slice(unseal(bytes)?).ok()
}

/// The content recorded for `key`, and the scans made of it, if the record is whole and its
/// fingerprint is exactly `f`.
#[must_use]
pub fn decode_stat(
    bytes: &[u8],
    key: &ScanKey,
    f: &Fingerprint,
) -> Option<(Content, Vec<(ScanKey, Scan)>)> {
    use_stat(read_stat(bytes)?, key, f)
}

/// The content `e` records for `key`, and the scans made of it, if it is this format's record
/// of `key` and its fingerprint is exactly `f` (the record's strings are moved, not copied).
#[must_use]
pub fn use_stat(
    e: StatRecord,
    key: &ScanKey,
    f: &Fingerprint,
) -> Option<(Content, Vec<(ScanKey, Scan)>)> {
    if e.format != FORMAT
        || e.key != key.0
        || e.fingerprint != *f
        || e.content_sha256.len() != 64
        || e.scans.len() > MAX_RECORD_SCANS
    {
        return None;
    }
    let mut sha256 = [0u8; 32];
    for (i, b) in sha256.iter_mut().enumerate() {
        *b = u8::from_str_radix(e.content_sha256.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    let mut scans = Vec::with_capacity(e.scans.len());
    for (k, wrong_type, raw, headings) in e.scans {
        if k.len() != 64 || (wrong_type && raw.len() != 1) {
            return None;
        }
        let problems = problems_in(raw)?;
        scans.push((
            ScanKey(k),
            Scan {
                wrong_type,
                problems,
                headings: headings_in(headings)?,
            },
        ));
    }
    Some((Content { sha256, len: f.len }, scans))
}

/// The key of a folder's record: a SHA-256 of the folder's canonical path.
#[must_use]
pub fn folder_key(canonical_dir: &std::path::Path) -> ScanKey {
    let mut h = Sha256::new();
    field(&mut h, FORMAT.as_bytes());
    field(&mut h, b"folder");
    field(&mut h, canonical_dir.as_os_str().as_encoded_bytes());
    ScanKey(hex(&h.finalize()))
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderFile {
    format: String,
    key: String,
    /// The fingerprint records of the folder's documents.
    records: Vec<StatRecord>,
}

/// The record of one folder: the fingerprint records of its documents in one entry (sealed as
/// a whole), so a warm run reads one small file per folder instead of one per document. Each
/// record inside is still checked against its document on use ([`use_stat`]). `None` when the
/// result would exceed [`MAX_ENTRY_BYTES`] (the documents' own records then serve).
#[must_use]
pub fn encode_folder(
    key: &ScanKey,
    records: &std::collections::BTreeMap<String, StatRecord>,
) -> Option<Vec<u8>> {
    let entry = FolderFile {
        format: FORMAT.to_owned(),
        key: key.0.clone(),
        records: records.values().cloned().collect(),
    };
    let bytes = seal(serde_json::to_vec(&entry).ok()?);
    (bytes.len() as u64 <= MAX_ENTRY_BYTES).then_some(bytes)
}

/// The fingerprint records in a folder's record, by their keys, if it is whole and this
/// folder's (`key` from [`folder_key`]); `None` otherwise.
#[must_use]
pub fn decode_folder(
    bytes: &[u8],
    key: &ScanKey,
) -> Option<std::collections::BTreeMap<String, StatRecord>> {
    let e: FolderFile = serde_json::from_slice(unseal(bytes)?).ok()?;
    if e.format != FORMAT || e.key != key.0 {
        return None;
    }
    Some(e.records.into_iter().map(|r| (r.key.clone(), r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> DocumentRules {
        DocumentRules {
            max_bytes: 10_000_000,
            refuse_above_bytes: None,
            partial_submission_after_confirmation: false,
            accepted_types: vec!["pdf".into(), "docx".into(), "txt".into()],
        }
    }

    fn phi() -> (PhiRules, ExtractLimits) {
        docscan::rules::parse(docscan::rules::DEFAULT_TOML).unwrap_or_else(|e| panic!("{e}"))
    }

    fn identity() -> ScanIdentity {
        ScanIdentity::new("0.1.0", "qcp-2024", &docs(), docscan::rules::DEFAULT_TOML)
    }

    const WITH_PHI: &[u8] = b"Intake checklist\nPatient: Maria Lopez\nDOB: 03/14/1962\n";

    #[test]
    fn an_entry_round_trips_and_holds_no_matched_value() {
        let (phi, limits) = phi();
        let s = scan(
            WITH_PHI,
            "intake.txt",
            &docs(),
            &phi,
            &limits,
            &KnownIdentifiers::default(),
        );
        assert_eq!(s.phi_hits(), 2, "{s:?}");
        let c = Content::of(WITH_PHI);
        let key = ScanKey::new(&identity(), &c, Some(DocKind::Txt), None);
        let bytes = encode(&key, &c, &s);
        let text = String::from_utf8_lossy(&bytes);
        for value in ["Maria", "Lopez", "1962", "03/14"] {
            assert!(!text.contains(value), "{value} in {text}");
        }
        assert_eq!(decode(&bytes, &key, &c), Some(s));
    }

    #[test]
    fn damaged_truncated_and_foreign_entries_are_refused() {
        let (phi, limits) = phi();
        let none = KnownIdentifiers::default();
        let s = scan(WITH_PHI, "intake.txt", &docs(), &phi, &limits, &none);
        let c = Content::of(WITH_PHI);
        let key = ScanKey::new(&identity(), &c, Some(DocKind::Txt), None);
        let good = encode(&key, &c, &s);
        assert!(
            decode(&good, &key, &c).is_some(),
            "the near miss: a whole entry"
        );
        // Truncated.
        assert_eq!(decode(&good[..good.len() / 2], &key, &c), None);
        assert_eq!(decode(b"", &key, &c), None);
        // A character of a message changed: still JSON, but the check fails.
        let text = String::from_utf8_lossy(&good).replace("line 3", "line 4");
        assert_ne!(text.as_bytes(), &good[..]);
        assert_eq!(decode(text.as_bytes(), &key, &c), None);
        // Another document's entry under this key (foreign), and this entry for other content.
        let other = Content::of(b"Policy text\n");
        let other_key = ScanKey::new(&identity(), &other, Some(DocKind::Txt), None);
        let foreign = encode(&other_key, &other, &Scan::default());
        assert_eq!(decode(&foreign, &key, &c), None);
        assert_eq!(decode(&good, &key, &other), None);
        // Not an entry at all; an unknown code; a control character in a message.
        assert_eq!(decode(b"\x00\x01garbage", &key, &c), None);
        let mut odd = s.clone();
        odd.problems[0].code = "document-missing";
        assert_eq!(decode(&encode(&key, &c, &odd), &key, &c), None);
        let mut esc = s.clone();
        esc.problems[0].rest.push('\u{1b}');
        assert_eq!(decode(&encode(&key, &c, &esc), &key, &c), None);
        // Headings are section numbers only: anything else is not an entry qcp wrote.
        let mut words = s.clone();
        words.headings = Some("2 Maria".into());
        assert_eq!(decode(&encode(&key, &c, &words), &key, &c), None);
        let mut numbers = s.clone();
        numbers.headings = Some("2 2.1".into());
        assert_eq!(
            decode(&encode(&key, &c, &numbers), &key, &c),
            Some(numbers),
            "the near miss"
        );
        let mut none = s;
        none.headings = Some(String::new());
        assert_eq!(
            decode(&encode(&key, &c, &none), &key, &c),
            Some(none),
            "read, with no numbered heading"
        );
    }

    #[test]
    fn a_folder_record_round_trips_and_refuses_damage_and_other_folders() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"text").unwrap_or_else(|e| panic!("{e}"));
        let f = Fingerprint::of(&std::fs::metadata(&p).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|| panic!("no fingerprint"));
        let c = Content::of(b"text");
        let key = stat_key(&p);
        let sk = ScanKey::new(&identity(), &c, Some(DocKind::Txt), None);
        let record = stat_record(&key, &f, &c, &[(sk.clone(), Scan::default())]);
        let records = [(key.as_str().to_owned(), record.clone())].into();
        let fk = folder_key(dir.path());
        let bytes = encode_folder(&fk, &records).unwrap_or_else(|| panic!("too large"));
        let back = decode_folder(&bytes, &fk).unwrap_or_else(|| panic!("refused"));
        assert_eq!(back, records);
        let inside = back.get(key.as_str()).unwrap_or_else(|| panic!("missing"));
        assert_eq!(
            use_stat(inside.clone(), &key, &f),
            Some((c, vec![(sk, Scan::default())]))
        );
        // Another folder's key; one byte changed; truncated.
        assert_eq!(decode_folder(&bytes, &folder_key(&p)), None);
        let text = String::from_utf8_lossy(&bytes).replacen("\"scans\":[", "\"scans\":[ ", 1);
        assert_eq!(decode_folder(text.as_bytes(), &fk), None);
        assert_eq!(decode_folder(&bytes[..bytes.len() - 1], &fk), None);
        // A record for another file state is still refused on use.
        let other = Fingerprint { len: 5, ..f };
        assert_eq!(use_stat(inside.clone(), &key, &other), None);
    }

    #[test]
    fn headings_are_section_numbers_and_too_many_are_not_checked() {
        let (_, limits) = phi();
        let text = "Roles policy\n2.1 Who may order\nSection 4 - Review\n§5.2. Audit\n3x not one\n";
        let p = prepare(text.as_bytes(), "roles.txt", &docs(), &limits);
        let h: Vec<String> = p
            .headings()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .collect();
        assert_eq!(h, ["2", "2.1", "4", "5", "5.2"]);
        // A document of numbered lines beyond the bound is not checked (near miss: at it).
        let many = |n: usize| (1..=n).map(|i| format!("{i} x\n")).collect::<String>();
        let at = prepare(
            many(crate::readiness::MAX_HEADINGS).as_bytes(),
            "a.txt",
            &docs(),
            &limits,
        );
        assert_eq!(
            at.headings().map(|h| h.len()),
            Some(crate::readiness::MAX_HEADINGS)
        );
        let over = prepare(
            many(crate::readiness::MAX_HEADINGS + 1).as_bytes(),
            "a.txt",
            &docs(),
            &limits,
        );
        assert_eq!(over.headings(), None);
        // A refused type has no text, so no headings.
        let refused = prepare(b"%PDF-1.4 not really", "roles.txt", &docs(), &limits);
        assert_eq!(refused.headings(), None);
    }

    #[test]
    fn every_version_and_the_extension_change_the_key() {
        let c = Content::of(b"text");
        let key = |id: &ScanIdentity, kind| ScanKey::new(id, &c, kind, None);
        let base = key(&identity(), Some(DocKind::Txt));
        let mut other_docs = docs();
        other_docs.accepted_types.pop();
        let changed = [
            ScanIdentity::new("0.1.1", "qcp-2024", &docs(), docscan::rules::DEFAULT_TOML),
            ScanIdentity::new("0.1.0", "qcp-2019", &docs(), docscan::rules::DEFAULT_TOML),
            ScanIdentity::new(
                "0.1.0",
                "qcp-2024",
                &other_docs,
                docscan::rules::DEFAULT_TOML,
            ),
            ScanIdentity::new(
                "0.1.0",
                "qcp-2024",
                &docs(),
                &format!("{}\n# edited\n", docscan::rules::DEFAULT_TOML),
            ),
        ];
        for id in &changed {
            assert_ne!(key(id, Some(DocKind::Txt)), base);
        }
        assert_ne!(key(&identity(), Some(DocKind::Pdf)), base);
        assert_ne!(
            ScanKey::new(&identity(), &c, Some(DocKind::Txt), Some(&[0; 32])),
            base
        );
        assert_ne!(
            ScanKey::new(&identity(), &Content::of(b"texT"), Some(DocKind::Txt), None),
            base
        );
        assert_eq!(
            key(&identity(), Some(DocKind::Txt)),
            base,
            "the near miss: same inputs"
        );
        assert_eq!(base.as_str().len(), 64);
    }

    #[test]
    fn a_fingerprint_record_holds_only_for_that_exact_file_state() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("a.txt");
        std::fs::write(&p, WITH_PHI).unwrap_or_else(|e| panic!("{e}"));
        let meta = std::fs::metadata(&p).unwrap_or_else(|e| panic!("{e}"));
        let f = Fingerprint::of(&meta).unwrap_or_else(|| panic!("no mtime"));
        let c = Content::of(WITH_PHI);
        let (phi, limits) = phi();
        let s = scan(
            WITH_PHI,
            "a.txt",
            &docs(),
            &phi,
            &limits,
            &KnownIdentifiers::default(),
        );
        let sk = ScanKey::new(&identity(), &c, Some(DocKind::Txt), None);
        let key = stat_key(&p);
        let bytes = encode_stat(&key, &f, &c, &[(sk.clone(), s.clone())]);
        assert!(
            !String::from_utf8_lossy(&bytes).contains("a.txt"),
            "no path stored"
        );
        assert_eq!(decode_stat(&bytes, &key, &f), Some((c, vec![(sk, s)])));
        // Another length, another file's record, a damaged record: not used.
        let mut other = f;
        other.len += 1;
        assert_eq!(decode_stat(&bytes, &key, &other), None);
        assert_eq!(
            decode_stat(&bytes, &stat_key(&dir.path().join("b.txt")), &f),
            None
        );
        let damaged = String::from_utf8_lossy(&bytes).replace("line 3", "line 9");
        assert_eq!(decode_stat(damaged.as_bytes(), &key, &f), None);
        // Only a file left alone for the settling time is recorded.
        let now = std::time::SystemTime::now();
        assert!(!f.settled(now, std::time::Duration::from_secs(2)));
        assert!(f.settled(
            now + std::time::Duration::from_secs(3),
            std::time::Duration::from_secs(2)
        ));
    }

    #[test]
    fn a_scan_without_hits_holds_for_any_practice() {
        // The property the shared scan relies on, over the screen's own examples: with no
        // hits without the practice's identifiers, there are none with them.
        let (phi, limits) = phi();
        let known = KnownIdentifiers {
            names: vec!["Maria Lopez".into(), "Karen Whitfield".into()],
            phones: vec!["555-201-3344".into()],
            emails: vec!["clinic.example".into()],
            addresses: vec!["1200 Oak Street".into()],
            numbers: vec!["1234567893".into()],
        };
        let texts: [&[u8]; 4] = [
            b"Policy: staff verify two identifiers.\nCall 555-201-3344 with questions.\n",
            b"Contact Karen Whitfield at 1200 Oak Street.\n",
            WITH_PHI,
            b"Patient: Karen Whitfield\nMRN: 123456789\n",
        ];
        for t in texts {
            let bare = scan(
                t,
                "a.txt",
                &docs(),
                &phi,
                &limits,
                &KnownIdentifiers::default(),
            );
            let with = scan(t, "a.txt", &docs(), &phi, &limits, &known);
            assert!(with.phi_hits() <= bare.phi_hits());
            if bare.phi_hits() == 0 {
                assert_eq!(with, bare);
            }
        }
    }
}
