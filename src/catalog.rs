//! The standards catalog: which QCP standards and elements exist, what evidence each one needs,
//! and which of them were actually seen in a program document.
//!
//! Responsible for: reading a catalog TOML file (the shipped one or a practice's own via
//! `--standards FILE`), validating it into types rule code can trust ([`StandardId`],
//! [`EvidenceKind`], ...), locating every problem at `origin:line:column`, and answering queries
//! (lookup, children, per-domain lists, pre-survey upload slots).
//!
//! Not responsible for: reading files (callers pass text and a name for messages), judging an
//! application against the standards, or rendering. The catalog holds no program figures
//! (deadlines, limits); those live in the rule edition.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

/// Name the embedded catalog goes by in messages.
pub const EMBEDDED_ORIGIN: &str = "standards/catalog-qcp-2020.toml";

/// Text of the catalog shipped with qcp.
pub const EMBEDDED_TOML: &str = include_str!("../standards/catalog-qcp-2020.toml");

// ---------------------------------------------------------------------------------------------
// Standard ids

/// A dotted standard or element id such as `1.1.2`: a domain number then at least one more part.
///
/// Ordering is numeric part by part, so `1.9 < 1.10` and a standard sorts before its elements.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StandardId(Box<[u16]>);

impl StandardId {
    /// The numeric parts, domain first.
    #[must_use]
    pub fn components(&self) -> &[u16] {
        &self.0
    }

    /// The domain number (the first part).
    #[must_use]
    pub fn domain(&self) -> u16 {
        // Parsing guarantees at least two parts.
        self.0.first().copied().unwrap_or_default()
    }

    /// How many parts the id has: 2 for a standard, 3 for an element, and so on.
    #[must_use]
    pub fn depth(&self) -> usize {
        self.0.len()
    }

    /// The id one level up (`1.1.2` → `1.1`); `None` for a standard, whose parent is its domain.
    #[must_use]
    pub fn parent(&self) -> Option<StandardId> {
        (self.0.len() > 2).then(|| StandardId(self.0[..self.0.len() - 1].into()))
    }

    /// Whether `self` is exactly one level below `other`.
    #[must_use]
    pub fn is_child_of(&self, other: &StandardId) -> bool {
        self.0.len() == other.0.len() + 1 && self.0.starts_with(&other.0)
    }
}

impl fmt::Display for StandardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

/// Why a text is not a standard id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed standard id `{input}`: {fault}")]
pub struct StandardIdError {
    /// The text as given.
    pub input: String,
    /// What is wrong with it.
    pub fault: IdFault,
}

/// The specific defect in a malformed standard id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdFault {
    /// Fewer than two parts (a bare domain number is not a standard).
    #[error("it needs at least a domain and a standard number, like `1.1`")]
    TooShort,
    /// Two dots in a row, or a leading or trailing dot.
    #[error("it has an empty part")]
    EmptyPart,
    /// A part with something other than digits.
    #[error("part `{0}` is not a whole number")]
    NotANumber(String),
    /// A part written with a leading zero, which would make `1.01` and `1.1` look different.
    #[error("part `{0}` has a leading zero")]
    LeadingZero(String),
    /// A part equal to zero; numbering starts at 1.
    #[error("parts are numbered from 1, not 0")]
    Zero,
    /// A part too large to be a real standard number.
    #[error("part `{0}` is too large")]
    TooLarge(String),
}

impl FromStr for StandardId {
    type Err = StandardIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |fault| StandardIdError {
            input: s.to_owned(),
            fault,
        };
        let parts = s
            .split('.')
            .map(parse_part)
            .collect::<Result<Vec<u16>, IdFault>>()
            .map_err(fail)?;
        if parts.len() < 2 {
            return Err(fail(IdFault::TooShort));
        }
        Ok(StandardId(parts.into()))
    }
}

fn parse_part(part: &str) -> Result<u16, IdFault> {
    if part.is_empty() {
        return Err(IdFault::EmptyPart);
    }
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdFault::NotANumber(part.to_owned()));
    }
    if part.len() > 1 && part.starts_with('0') {
        return Err(IdFault::LeadingZero(part.to_owned()));
    }
    match part.parse::<u16>() {
        Ok(0) => Err(IdFault::Zero),
        Ok(n) => Ok(n),
        Err(_) => Err(IdFault::TooLarge(part.to_owned())),
    }
}

impl Serialize for StandardId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StandardId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Keywords

/// A fixed vocabulary read from a string in the catalog file.
trait Keyword: Copy + PartialEq + 'static {
    /// The catalog key this vocabulary is used in.
    const FIELD: &'static str;
    /// The problem reported for a word outside the vocabulary.
    const UNKNOWN: ProblemKind;
    /// Every value with its spelling in the file.
    const ALL: &'static [(&'static str, Self)];

    fn keyword(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(k, _)| k)
    }
}

macro_rules! keyword_enum {
    (
        $(#[$meta:meta])* $name:ident, field = $field:literal, unknown = $unknown:ident,
        { $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl Keyword for $name {
            const FIELD: &'static str = $field;
            const UNKNOWN: ProblemKind = ProblemKind::$unknown;
            const ALL: &'static [(&'static str, Self)] = &[ $( ($word, $name::$variant), )+ ];
        }

        impl $name {
            /// The spelling used in catalog files.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                Keyword::keyword(self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// A kind of document a practice uploads as evidence for an entry.
    EvidenceKind, field = "evidence", unknown = UnknownEvidence, {
        /// A written policy.
        Policy = "policy",
        /// A procedure or workflow.
        Procedure = "procedure",
        /// Training, education or competency records.
        TrainingRecord = "training-record",
        /// Credentialing records.
        CredentialingRecord = "credentialing-record",
        /// A form, template or order set.
        Template = "template",
        /// A log or audit record.
        Log = "log",
    }
);

keyword_enum!(
    /// How the surveyor verifies an entry during the survey.
    SurveyMethod, field = "survey", unknown = UnknownSurvey, {
        /// Watching the practice at work (on site or virtually).
        Observation = "observation",
        /// Reviewing a sample of patient charts.
        ChartSample = "chart-sample",
        /// Asking staff how the process runs.
        Interview = "interview",
    }
);

keyword_enum!(
    /// How we know an entry's content (see standards-reference.md §0).
    Basis, field = "basis", unknown = UnknownBasis, {
        /// Content (and usually number) read in a QCP document.
        Seen = "SEEN",
        /// A QCP document places the requirement in this domain; its number was not seen.
        SeenDomain = "SEEN-domain",
        /// Id and meaning come from the portal guide or CCR examples, not from a manual.
        Brief = "BRIEF",
        /// Derived from the ASCO/ONS standards QCP adapts, or by analogy; likely real, id guessed.
        Inferred = "INFERRED",
    }
);

keyword_enum!(
    /// Confidence that the entry, id and content together, matches the current manual.
    Confidence, field = "confidence", unknown = UnknownConfidence, {
        /// Seen, or a direct consequence of what was seen.
        High = "high",
        /// Content seen or well supported; id or detail uncertain.
        Medium = "medium",
        /// Placeholder: the requirement likely exists, the id is a guess.
        Low = "low",
    }
);

fn parse_keyword<K: Keyword>(check: &mut Check<'_>, word: &Spanned<String>) -> Option<K> {
    let text = word.get_ref();
    if let Some((_, value)) = K::ALL.iter().find(|(k, _)| k == text) {
        return Some(*value);
    }
    let choices: Vec<&str> = K::ALL.iter().map(|(k, _)| *k).collect();
    check.push(
        K::UNKNOWN,
        word.span(),
        format!("unknown {} `{text}`", K::FIELD),
        format!("use one of: {}", choices.join(", ")),
    );
    None
}

// ---------------------------------------------------------------------------------------------
// The validated catalog

/// The edition a catalog describes and where its content comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edition {
    /// Short id, e.g. `qcp-2020`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the catalog's structure and ids rest on.
    pub basis: String,
    /// Caveats for readers.
    pub notes: Option<String>,
    /// The documents the content was taken from.
    pub provenance: Vec<String>,
}

/// One of the catalog's domains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Domain {
    /// Domain number, the first part of every id in it.
    pub number: u16,
    /// Title in qcp's own words.
    pub title: String,
    /// What the domain covers, in a sentence.
    pub scope: Option<String>,
}

/// A standard or element of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Dotted id.
    pub id: StandardId,
    /// Domain number (always equal to `id.domain()`).
    pub domain: u16,
    /// Title in qcp's own words.
    pub title: String,
    /// Kinds of documents to upload.
    pub evidence: Vec<EvidenceKind>,
    /// What the surveyor does to verify it.
    pub survey: Vec<SurveyMethod>,
    /// True only when id and content were seen in a program document.
    pub verified: bool,
    /// How the content is known.
    pub basis: Basis,
    /// Confidence in id and content together.
    pub confidence: Confidence,
    /// URL or seed reference the entry rests on.
    pub source: String,
    /// Whether the pre-survey checklist has an upload slot for this entry.
    pub documents: bool,
    /// Free-text remark (why the id is a guess, where uploads go, ...).
    pub note: Option<String>,
}

/// An element known from a published standard whose QCP number is not known: listed under
/// its parent for reading, never given a guessed id (so no upload slot and no CCR id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unnumbered {
    /// The standard it belongs to.
    pub parent: StandardId,
    /// What it covers, in qcp's own words.
    pub title: String,
    /// How it is known (`INFERRED` for published standards QCP adapts).
    pub basis: Basis,
    /// The published standard it comes from.
    pub source: String,
}

/// A validated standards catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    edition: Edition,
    domains: Vec<Domain>,
    /// Sorted by id, which is the order the program lists them in.
    entries: Vec<Entry>,
    /// Elements without a known id, in file order.
    unnumbered: Vec<Unnumbered>,
}

impl Catalog {
    /// The catalog shipped with qcp.
    ///
    /// # Errors
    /// Only if the embedded file is broken, which a unit test rules out.
    pub fn embedded() -> Result<Self, CatalogError> {
        Self::from_toml(EMBEDDED_TOML, EMBEDDED_ORIGIN)
    }

    /// Parses and validates a catalog; `origin` names the text in messages (usually its path).
    ///
    /// # Errors
    /// [`CatalogError::Syntax`] for TOML that does not parse or has unknown, missing or mistyped
    /// keys (the first such problem); [`CatalogError::Invalid`] with every semantic problem found.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, CatalogError> {
        let raw: RawCatalog = toml::from_str(text).map_err(|e| CatalogError::Syntax {
            origin: origin.to_owned(),
            location: e.span().map(|s| Location::of_offset(text, s.start)),
            message: e.message().trim().to_owned(),
            help: syntax_help(e.message()),
        })?;
        let mut check = Check {
            text,
            problems: Vec::new(),
        };
        let catalog = check.catalog(raw);
        if check.problems.is_empty() {
            Ok(catalog)
        } else {
            let mut problems = check.problems;
            problems.sort_by_key(|p| p.location);
            Err(CatalogError::Invalid {
                origin: origin.to_owned(),
                problems,
            })
        }
    }

    /// The edition this catalog describes.
    #[must_use]
    pub fn edition(&self) -> &Edition {
        &self.edition
    }

    /// The domains, by number.
    #[must_use]
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// Every entry, standards and elements, in id order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    #[must_use]
    pub fn get(&self, id: &StandardId) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.id.cmp(id))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// Whether the catalog lists this id.
    #[must_use]
    pub fn is_known(&self, id: &StandardId) -> bool {
        self.get(id).is_some()
    }

    /// The entries one level below `id` (the elements of a standard), in id order.
    pub fn children<'a>(&'a self, id: &'a StandardId) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.id.is_child_of(id))
    }

    /// The elements of `id` whose QCP numbers are not known (inferred from published standards).
    pub fn unnumbered(&self, id: &StandardId) -> impl Iterator<Item = &Unnumbered> + '_ {
        let id = id.clone();
        self.unnumbered.iter().filter(move |u| u.parent == id)
    }

    /// Every entry of domain `number`, in id order.
    pub fn in_domain(&self, number: u16) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(move |e| e.domain == number)
    }

    /// The entries the pre-survey checklist asks an upload for, in id order.
    pub fn document_slots(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(|e| e.documents)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

pub use crate::source::Location;

/// What is wrong in a catalog that parsed as TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The file declares no `[[domain]]`.
    NoDomains,
    /// A domain numbered 0.
    BadDomainNumber,
    /// Two domains with the same number.
    DuplicateDomain,
    /// A domain no entry belongs to.
    EmptyDomain,
    /// An entry in a domain the file does not declare.
    UnknownDomain,
    /// An id that is not dotted numbers.
    MalformedId,
    /// An id listed twice.
    DuplicateId,
    /// `domain` differs from the id's first part.
    DomainMismatch,
    /// An element whose parent id is not in the catalog.
    MissingParent,
    /// An evidence word outside the vocabulary.
    UnknownEvidence,
    /// A survey word outside the vocabulary.
    UnknownSurvey,
    /// A basis word outside the vocabulary.
    UnknownBasis,
    /// A confidence word outside the vocabulary.
    UnknownConfidence,
    /// `documents = true` with no evidence kinds to ask for.
    DocumentsWithoutEvidence,
    /// `verified = true` on an entry whose content was not seen.
    VerifiedWithoutSighting,
    /// A required text left empty.
    EmptyText,
}

impl ProblemKind {
    /// Stable code for machine-readable output.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::NoDomains => "no-domains",
            ProblemKind::BadDomainNumber => "bad-domain-number",
            ProblemKind::DuplicateDomain => "duplicate-domain",
            ProblemKind::EmptyDomain => "empty-domain",
            ProblemKind::UnknownDomain => "unknown-domain",
            ProblemKind::MalformedId => "malformed-id",
            ProblemKind::DuplicateId => "duplicate-id",
            ProblemKind::DomainMismatch => "domain-mismatch",
            ProblemKind::MissingParent => "missing-parent",
            ProblemKind::UnknownEvidence => "unknown-evidence",
            ProblemKind::UnknownSurvey => "unknown-survey",
            ProblemKind::UnknownBasis => "unknown-basis",
            ProblemKind::UnknownConfidence => "unknown-confidence",
            ProblemKind::DocumentsWithoutEvidence => "documents-without-evidence",
            ProblemKind::VerifiedWithoutSighting => "verified-without-sighting",
            ProblemKind::EmptyText => "empty-text",
        }
    }
}

/// One semantic problem, located in the catalog text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// Where: the offending value.
    pub location: Location,
    /// What is wrong, quoting the value.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Why a catalog could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The text is not TOML, or keys are unknown, missing or of the wrong type.
    #[error("{}", render_one(origin, *location, message, help))]
    Syntax {
        /// Name of the text (path).
        origin: String,
        /// Where, when the parser could tell.
        location: Option<Location>,
        /// The parser's message.
        message: String,
        /// How to fix it.
        help: String,
    },
    /// The TOML is well-formed but the catalog is inconsistent.
    #[error("{}", render_invalid(origin, problems))]
    Invalid {
        /// Name of the text (path).
        origin: String,
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
}

fn render_one(origin: &str, at: Option<Location>, message: &str, help: &str) -> String {
    match at {
        Some(at) => format!("{origin}:{at}: {message}\n  help: {help}"),
        None => format!("{origin}: {message}\n  help: {help}"),
    }
}

fn render_invalid(origin: &str, problems: &[Problem]) -> String {
    let mut out = format!(
        "{origin}: the standards catalog has {} problem(s)",
        problems.len()
    );
    for p in problems {
        out.push('\n');
        out.push_str(&render_one(origin, Some(p.location), &p.message, &p.help));
    }
    out
}

fn syntax_help(message: &str) -> String {
    let hint = if message.contains("unknown field") {
        "remove the key or correct its spelling to one of the expected keys"
    } else if message.contains("missing field") {
        "add the missing key; NOTES.md lists the keys of each table"
    } else if message.contains("invalid type") || message.contains("invalid value") {
        "write the value in the form NOTES.md gives for this key"
    } else {
        "fix the TOML syntax at this position"
    };
    hint.to_owned()
}

// ---------------------------------------------------------------------------------------------
// Raw file shape and validation

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    edition: RawEdition,
    #[serde(default)]
    domain: Vec<RawDomain>,
    #[serde(default)]
    standard: Vec<RawEntry>,
    #[serde(default)]
    unnumbered: Vec<RawUnnumbered>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnnumbered {
    parent: Spanned<String>,
    title: Spanned<String>,
    basis: Spanned<String>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    id: Spanned<String>,
    title: Spanned<String>,
    basis: String,
    #[serde(default)]
    notes: Option<String>,
    provenance: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    number: Spanned<u16>,
    title: Spanned<String>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    domain: Spanned<u16>,
    title: Spanned<String>,
    evidence: Vec<Spanned<String>>,
    survey: Vec<Spanned<String>>,
    verified: Spanned<bool>,
    basis: Spanned<String>,
    confidence: Spanned<String>,
    source: Spanned<String>,
    documents: Spanned<bool>,
    #[serde(default)]
    note: Option<String>,
}

/// Collects problems while turning the raw file into a [`Catalog`].
struct Check<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Check<'_> {
    fn push(&mut self, kind: ProblemKind, span: Range<usize>, message: String, help: String) {
        self.problems.push(Problem {
            kind,
            location: Location::of_offset(self.text, span.start),
            message,
            help,
        });
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        Location::of_offset(self.text, span.start).line
    }

    fn text_field(&mut self, field: &str, what: &str, value: Spanned<String>) -> String {
        if value.get_ref().trim().is_empty() {
            self.push(
                ProblemKind::EmptyText,
                value.span(),
                format!("`{field}` is empty"),
                format!("write {what}"),
            );
        }
        value.into_inner()
    }

    fn catalog(&mut self, raw: RawCatalog) -> Catalog {
        let edition = Edition {
            id: self.text_field(
                "id",
                "a short edition id such as \"qcp-2020\"",
                raw.edition.id,
            ),
            title: self.text_field("title", "the edition's title", raw.edition.title),
            basis: raw.edition.basis,
            notes: raw.edition.notes,
            provenance: raw.edition.provenance,
        };
        let (domains, domain_spans) = self.domains(raw.domain);
        let mut entries = self.entries(raw.standard, &domain_spans);
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let unnumbered = self.unnumbered(raw.unnumbered, &entries);
        Catalog {
            edition,
            domains,
            entries,
            unnumbered,
        }
    }

    /// Validates the elements without ids: each names a parent the catalog lists.
    fn unnumbered(&mut self, raw: Vec<RawUnnumbered>, entries: &[Entry]) -> Vec<Unnumbered> {
        let mut out = Vec::new();
        for u in raw {
            let span = u.parent.span();
            let parent = match u.parent.get_ref().parse::<StandardId>() {
                Ok(p) => p,
                Err(err) => {
                    self.push(
                        ProblemKind::MalformedId,
                        span,
                        err.to_string(),
                        "write the parent as dotted numbers, e.g. \"3.8\"".to_owned(),
                    );
                    continue;
                }
            };
            if !entries.iter().any(|e| e.id == parent) {
                self.push(
                    ProblemKind::MissingParent,
                    span,
                    format!("unnumbered element's parent `{parent}` is not in the catalog"),
                    "add the parent standard, or correct `parent`".to_owned(),
                );
                continue;
            }
            let basis = parse_keyword::<Basis>(self, &u.basis);
            let title = self.text_field("title", "what the element covers", u.title);
            let source = self.text_field("source", "the published standard", u.source);
            if let Some(basis) = basis {
                out.push(Unnumbered {
                    parent,
                    title,
                    basis,
                    source,
                });
            }
        }
        out
    }

    /// Validates the domains; returns them by number, with where each number is written.
    fn domains(&mut self, raw: Vec<RawDomain>) -> (Vec<Domain>, HashMap<u16, Range<usize>>) {
        if raw.is_empty() {
            self.push(
                ProblemKind::NoDomains,
                0..0,
                "the catalog declares no domains".to_owned(),
                "add a `[[domain]]` table with `number` and `title` for each domain".to_owned(),
            );
        }
        let mut spans: HashMap<u16, Range<usize>> = HashMap::new();
        let mut domains = Vec::new();
        for d in raw {
            let number = *d.number.get_ref();
            if number == 0 {
                self.push(
                    ProblemKind::BadDomainNumber,
                    d.number.span(),
                    "domain number `0`: domains are numbered from 1".to_owned(),
                    "number the domains 1, 2, 3, ...".to_owned(),
                );
            } else if let Some(first) = spans.get(&number) {
                let line = self.line_of(first);
                self.push(
                    ProblemKind::DuplicateDomain,
                    d.number.span(),
                    format!("domain `{number}` is declared twice (first on line {line})"),
                    "remove one of the two `[[domain]]` tables or renumber it".to_owned(),
                );
            } else {
                spans.insert(number, d.number.span());
            }
            domains.push(Domain {
                number,
                title: self.text_field("title", "the domain's title in your own words", d.title),
                scope: d.scope,
            });
        }
        domains.sort_by_key(|d| d.number);
        (domains, spans)
    }

    fn entries(
        &mut self,
        raw: Vec<RawEntry>,
        domain_spans: &HashMap<u16, Range<usize>>,
    ) -> Vec<Entry> {
        let mut first_seen: HashMap<StandardId, Range<usize>> = HashMap::new();
        let mut used_domains: HashSet<u16> = HashSet::new();
        let mut kept: Vec<(Entry, Range<usize>)> = Vec::new();
        for e in raw {
            let domain = *e.domain.get_ref();
            used_domains.insert(domain);
            let id = match e.id.get_ref().parse::<StandardId>() {
                Ok(id) => Some(id),
                Err(err) => {
                    self.push(
                        ProblemKind::MalformedId,
                        e.id.span(),
                        err.to_string(),
                        "write the id as dotted numbers from 1: domain.standard[.element...], e.g. \"1.1.2\"".to_owned(),
                    );
                    None
                }
            };
            if let Some(id) = &id
                && id.domain() != domain
            {
                self.push(
                    ProblemKind::DomainMismatch,
                    e.domain.span(),
                    format!(
                        "`domain = {domain}` but id `{id}` is in domain {}",
                        id.domain()
                    ),
                    format!("set `domain = {}` or correct the id", id.domain()),
                );
            }
            if !domain_spans.is_empty() && !domain_spans.contains_key(&domain) {
                self.push(
                    ProblemKind::UnknownDomain,
                    e.domain.span(),
                    format!("domain `{domain}` is not declared"),
                    format!("add a `[[domain]]` table with `number = {domain}` or fix the number"),
                );
            }
            let evidence: Vec<EvidenceKind> = e
                .evidence
                .iter()
                .filter_map(|w| parse_keyword(self, w))
                .collect();
            let survey: Vec<SurveyMethod> = e
                .survey
                .iter()
                .filter_map(|w| parse_keyword(self, w))
                .collect();
            let basis = parse_keyword::<Basis>(self, &e.basis);
            let confidence = parse_keyword::<Confidence>(self, &e.confidence);
            let documents = *e.documents.get_ref();
            if documents && e.evidence.is_empty() {
                self.push(
                    ProblemKind::DocumentsWithoutEvidence,
                    e.documents.span(),
                    format!("`documents = true` for `{}` but `evidence` is empty", e.id.get_ref()),
                    "list the kinds of documents to upload in `evidence`, or set `documents = false`"
                        .to_owned(),
                );
            }
            let verified = *e.verified.get_ref();
            if verified && matches!(basis, Some(Basis::SeenDomain | Basis::Inferred)) {
                self.push(
                    ProblemKind::VerifiedWithoutSighting,
                    e.verified.span(),
                    format!(
                        "`{}` is `verified = true` with basis `{}`",
                        e.id.get_ref(),
                        e.basis.get_ref()
                    ),
                    "set `verified = false` until the id and content are seen in the manual, then set basis to SEEN".to_owned(),
                );
            }
            let title = self.text_field("title", "the entry's title in your own words", e.title);
            let source = self.text_field(
                "source",
                "where the entry comes from: a URL or a document reference",
                e.source,
            );
            let (Some(id), Some(basis), Some(confidence)) = (id, basis, confidence) else {
                continue;
            };
            if let Some(first) = first_seen.get(&id) {
                let line = self.line_of(first);
                self.push(
                    ProblemKind::DuplicateId,
                    e.id.span(),
                    format!("id `{id}` is listed twice (first on line {line})"),
                    "remove the repeated entry or correct its id".to_owned(),
                );
                continue;
            }
            first_seen.insert(id.clone(), e.id.span());
            kept.push((
                Entry {
                    id,
                    domain,
                    title,
                    evidence,
                    survey,
                    verified,
                    basis,
                    confidence,
                    source,
                    documents,
                    note: e.note,
                },
                e.id.span(),
            ));
        }
        for (entry, span) in &kept {
            if let Some(parent) = entry.id.parent()
                && !first_seen.contains_key(&parent)
            {
                self.push(
                    ProblemKind::MissingParent,
                    span.clone(),
                    format!("element `{}` has no parent entry `{parent}`", entry.id),
                    format!("add an entry with `id = \"{parent}\"` or correct this id"),
                );
            }
        }
        // Order does not matter here: problems are sorted by location at the end.
        for (number, span) in domain_spans
            .iter()
            .filter(|(n, _)| !used_domains.contains(n))
        {
            self.push(
                ProblemKind::EmptyDomain,
                span.clone(),
                format!("domain `{number}` has no standards"),
                format!("add `[[standard]]` entries with `domain = {number}` or remove the domain"),
            );
        }
        kept.into_iter().map(|(entry, _)| entry).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids standards-reference.md §7 allows to ship as verified: Domain 1 entries seen with
    /// their number (§1, basis SEEN, id not inferred), plus 3.8 and 4.2 from seed 001.
    const SEEN_IDS: [&str; 8] = [
        "1.1", "1.1.1", "1.1.1.1", "1.1.2", "3.8", "3.8.1", "3.8.2", "4.2",
    ];

    // Five lines.
    const HEAD: &str = "[edition]\nid = \"t\"\ntitle = \"t\"\nbasis = \"b\"\nprovenance = []\n";

    /// Three lines; `number` is on the second, its value at column 10.
    fn domain(n: u16) -> String {
        format!("[[domain]]\nnumber = {n}\ntitle = \"d\"\n")
    }

    /// Eleven lines; `id` value on the second at column 6, `domain` value on the third at column 10.
    fn entry(id: &str, domain: u16) -> String {
        format!(
            "[[standard]]\nid = \"{id}\"\ndomain = {domain}\ntitle = \"s\"\n\
             evidence = [\"policy\"]\nsurvey = [\"observation\"]\nverified = false\n\
             basis = \"SEEN\"\nconfidence = \"high\"\nsource = \"x\"\ndocuments = true\n"
        )
    }

    fn id(s: &str) -> StandardId {
        s.parse().unwrap()
    }

    fn problems(text: &str) -> Vec<(ProblemKind, usize, usize)> {
        match Catalog::from_toml(text, "t.toml") {
            Err(CatalogError::Invalid { problems, .. }) => problems
                .iter()
                .map(|p| (p.kind, p.location.line, p.location.column))
                .collect(),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    // --- StandardId ------------------------------------------------------------------------

    #[test]
    fn ids_parse_and_display_round_trip() {
        for s in ["1.1", "1.1.2", "1.1.1.1", "3.10", "4.2"] {
            assert_eq!(id(s).to_string(), s);
        }
        assert_eq!(id("1.1.2").components(), &[1, 1, 2]);
        assert_eq!(id("3.8.1").domain(), 3);
        assert_eq!(id("3.8.1").depth(), 3);
    }

    #[test]
    fn ids_order_numerically_not_as_text() {
        assert!(id("1.9") < id("1.10"));
        assert!(id("3.2") < id("3.10"));
        assert!(id("1.1") < id("1.1.1"));
        assert!(id("1.1.3.3") < id("1.2"));
        assert!(id("1.10") < id("2.1"));
        let mut ids = [id("3.10"), id("1.10"), id("1.9"), id("1.1.2"), id("1.1")];
        ids.sort();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["1.1", "1.1.2", "1.9", "1.10", "3.10"]);
    }

    #[test]
    fn malformed_ids_are_rejected_with_the_reason() {
        let fault = |s: &str| s.parse::<StandardId>().unwrap_err().fault;
        assert_eq!(fault("1"), IdFault::TooShort);
        assert_eq!(fault(""), IdFault::EmptyPart);
        assert_eq!(fault("1..2"), IdFault::EmptyPart);
        assert_eq!(fault("1.2."), IdFault::EmptyPart);
        assert_eq!(fault("1.x"), IdFault::NotANumber("x".into()));
        assert_eq!(fault(" 1.1"), IdFault::NotANumber(" 1".into()));
        assert_eq!(fault("1.-1"), IdFault::NotANumber("-1".into()));
        assert_eq!(fault("1.01"), IdFault::LeadingZero("01".into()));
        assert_eq!(fault("1.0"), IdFault::Zero);
        assert_eq!(fault("1.70000"), IdFault::TooLarge("70000".into()));
        let msg = "1.x".parse::<StandardId>().unwrap_err().to_string();
        assert_eq!(
            msg,
            "malformed standard id `1.x`: part `x` is not a whole number"
        );
    }

    #[test]
    fn parent_and_child_relations() {
        assert_eq!(id("1.1.2").parent(), Some(id("1.1")));
        assert_eq!(id("1.1.1.1").parent(), Some(id("1.1.1")));
        assert_eq!(id("1.1").parent(), None);
        assert!(id("1.1.2").is_child_of(&id("1.1")));
        assert!(!id("1.1.2.1").is_child_of(&id("1.1")));
        assert!(!id("1.2.1").is_child_of(&id("1.1")));
    }

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "ab\ncé\u{1F600}x\n";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 3),
            Location { line: 2, column: 1 }
        );
        // 'x' follows a 2-byte and a 4-byte character: column counts characters, not bytes.
        let x = text.find('x').unwrap();
        assert_eq!(
            Location::of_offset(text, x),
            Location { line: 2, column: 4 }
        );
        // Inside a multi-byte character, and past the end, stay in bounds.
        assert_eq!(
            Location::of_offset(text, 5),
            Location { line: 2, column: 2 }
        );
        assert_eq!(
            Location::of_offset(text, 999),
            Location { line: 3, column: 1 }
        );
    }

    // --- The shipped catalog (standards-reference.md) ---------------------------------------

    #[test]
    fn shipped_catalog_loads_with_four_domains() {
        let c = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
        let numbers: Vec<u16> = c.domains().iter().map(|d| d.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4], "docs/rules.md §1: four domains");
        assert_eq!(c.edition().id, "qcp-2020");
        assert!(!c.edition().provenance.is_empty());
        for n in 1..=4 {
            assert!(c.in_domain(n).count() > 0, "domain {n} has entries");
            assert!(c.in_domain(n).all(|e| e.id.domain() == n));
        }
    }

    #[test]
    fn shipped_catalog_verifies_only_seen_ids() {
        // Only ids seen in a program document may be verified: the 2018 manual's Domain 1 ids and
        // what S1 (February 2024 portal guide) shows: 1.1, 1.1.1, 1.1.2, 3.8, 3.8.1, 3.8.2, 4.2.
        let c = Catalog::embedded().unwrap();
        let verified: Vec<String> = c
            .entries()
            .iter()
            .filter(|e| e.verified)
            .map(|e| e.id.to_string())
            .collect();
        assert_eq!(verified, SEEN_IDS);
        for e in c.entries().iter().filter(|e| e.verified) {
            assert!(matches!(e.basis, Basis::Seen | Basis::Brief), "{}", e.id);
        }
    }

    #[test]
    fn shipped_catalog_has_the_seed_001_standards() {
        // Seed 001's CCR example shows 3.8 (with elements 3.8.1, 3.8.2) and 4.2.
        let c = Catalog::embedded().unwrap();
        for s in ["1.1", "1.1.1", "1.1.2", "3.8", "3.8.1", "3.8.2", "4.2"] {
            assert!(c.is_known(&id(s)), "{s} missing");
        }
        let e38 = c.get(&id("3.8")).unwrap();
        assert!(e38.verified);
        assert_eq!(e38.domain, 3);
        let kids: Vec<String> = c.children(&id("3.8")).map(|e| e.id.to_string()).collect();
        // S1 numbers only 3.8.1 and 3.8.2, both verified; no guessed 3.8.x id remains.
        assert_eq!(kids, ["3.8.1", "3.8.2"]);
        assert!(c.children(&id("3.8")).all(|e| e.verified));
        // The rest of the double check: unnumbered, from the ASCO/ONS standards (2016, 2024).
        let un: Vec<&Unnumbered> = c.unnumbered(&id("3.8")).collect();
        let has = |w: &str| un.iter().any(|u| u.title.contains(w));
        for w in [
            "expiration date",
            "pump",
            "dose calculation",
            "cycle and day",
            "route",
        ] {
            assert!(has(w), "unnumbered 3.8 element about {w}");
        }
        assert!(
            un.iter()
                .all(|u| u.basis == Basis::Inferred && u.source.contains("ONS"))
        );
        // Near miss: a standard with all its elements numbered has none.
        assert_eq!(c.unnumbered(&id("4.2")).count(), 0);
        let kids: Vec<String> = c.children(&id("1.1")).map(|e| e.id.to_string()).collect();
        assert_eq!(kids, ["1.1.1", "1.1.2", "1.1.3"]);
        assert!(c.get(&id("4.2")).unwrap().verified);
        assert!(!c.is_known(&id("9.9")));
        // Numeric order: 3.10 comes after 3.9, not after 3.1.
        let d3: Vec<String> = c
            .in_domain(3)
            .filter(|e| e.id.depth() == 2)
            .map(|e| e.id.to_string())
            .collect();
        assert_eq!(d3.last().map(String::as_str), Some("3.10"));
    }

    #[test]
    fn shipped_catalog_upload_slots_follow_the_portal() {
        // docs/rules.md §5: one upload per element; a standard without elements is its own slot.
        let c = Catalog::embedded().unwrap();
        for e in c.entries() {
            let has_children = c.children(&e.id).next().is_some();
            match e.id.depth() {
                2 => assert_eq!(e.documents, !has_children, "{}", e.id),
                3 => assert!(e.documents, "{}", e.id),
                _ => assert!(!e.documents, "{} is part of its element's upload", e.id),
            }
        }
        let slots: Vec<&StandardId> = c.document_slots().map(|e| &e.id).collect();
        assert!(slots.windows(2).all(|w| w[0] < w[1]), "slots in id order");
        assert!(slots.contains(&&id("4.2")));
        assert!(!slots.contains(&&id("3.8")));
    }

    #[test]
    fn shipped_titles_are_not_copied_from_the_seeds() {
        // CONVENTIONS: never copy sentences from the seeds. Skipped where the seeds are absent.
        // CI clones the repository with shared/ beside it; developers have it at ../shared too.
        let seeds_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let Ok(dir) = std::fs::read_dir(&seeds_dir) else {
            return;
        };
        let seeds: Vec<String> = dir
            .filter_map(Result::ok)
            .filter(|f| f.file_name().to_string_lossy().ends_with(".txt"))
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .map(|t| t.to_lowercase())
            .collect();
        let c = Catalog::embedded().unwrap();
        let titles = c
            .entries()
            .iter()
            .map(|e| e.title.as_str())
            .chain(c.domains().iter().map(|d| d.title.as_str()));
        for title in titles {
            let t = title.to_lowercase();
            assert!(
                !seeds.iter().any(|s| s.contains(&t)),
                "copied title: {title}"
            );
        }
    }

    #[test]
    fn shipped_file_lists_entries_in_id_order() {
        // So that "catalog order" and file order agree for readers of the file.
        let ids: Vec<StandardId> = EMBEDDED_TOML
            .lines()
            .filter_map(|l| l.strip_prefix("id = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .filter_map(|s| s.parse().ok())
            .collect();
        assert!(ids.len() > 30);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    // --- Validation: one test per problem kind, located at the offending value ---------------

    #[test]
    fn minimal_catalog_loads() {
        let text = format!("{HEAD}{}{}", domain(1), entry("1.1", 1));
        let c = Catalog::from_toml(&text, "t.toml").unwrap();
        assert_eq!(c.entries().len(), 1);
        assert_eq!(c.document_slots().count(), 1);
    }

    #[test]
    fn malformed_id_is_located() {
        let text = format!("{HEAD}{}{}", domain(1), entry("1.x", 1));
        assert_eq!(problems(&text), [(ProblemKind::MalformedId, 10, 6)]);
    }

    #[test]
    fn duplicate_id_points_at_the_second_and_names_the_first() {
        let text = format!("{HEAD}{}{}{}", domain(1), entry("1.1", 1), entry("1.1", 1));
        assert_eq!(problems(&text), [(ProblemKind::DuplicateId, 21, 6)]);
        let msg = Catalog::from_toml(&text, "t.toml").unwrap_err().to_string();
        assert!(
            msg.contains("t.toml:21:6: id `1.1` is listed twice (first on line 10)"),
            "{msg}"
        );
    }

    #[test]
    fn domain_mismatch_is_located_at_domain() {
        let text = format!("{HEAD}{}{}{}", domain(1), entry("1.1", 1), entry("2.1", 1));
        assert_eq!(problems(&text), [(ProblemKind::DomainMismatch, 22, 10)]);
    }

    #[test]
    fn element_without_parent_is_located() {
        let text = format!(
            "{HEAD}{}{}{}",
            domain(1),
            entry("1.1", 1),
            entry("1.2.1", 1)
        );
        assert_eq!(problems(&text), [(ProblemKind::MissingParent, 21, 6)]);
        // Same for a sub-element whose element is missing.
        let text = format!(
            "{HEAD}{}{}{}",
            domain(1),
            entry("1.1", 1),
            entry("1.1.1.1", 1)
        );
        assert_eq!(problems(&text), [(ProblemKind::MissingParent, 21, 6)]);
    }

    #[test]
    fn unknown_evidence_kind_is_located_at_the_word() {
        let e = entry("1.1", 1).replace(
            "evidence = [\"policy\"]",
            "evidence = [\"policy\", \"memo\"]",
        );
        let text = format!("{HEAD}{}{e}", domain(1));
        assert_eq!(problems(&text), [(ProblemKind::UnknownEvidence, 13, 23)]);
        let msg = Catalog::from_toml(&text, "t.toml").unwrap_err().to_string();
        assert!(msg.contains("unknown evidence `memo`"), "{msg}");
        assert!(
            msg.contains("help: use one of: policy, procedure, training-record"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_survey_kind_is_located_at_the_word() {
        let e = entry("1.1", 1).replace("[\"observation\"]", "[\"walkthrough\"]");
        let text = format!("{HEAD}{}{e}", domain(1));
        assert_eq!(problems(&text), [(ProblemKind::UnknownSurvey, 14, 11)]);
    }

    #[test]
    fn unknown_basis_and_confidence_are_located() {
        let e = entry("1.1", 1)
            .replace("\"SEEN\"", "\"seen\"")
            .replace("\"high\"", "\"certain\"");
        let text = format!("{HEAD}{}{e}", domain(1));
        assert_eq!(
            problems(&text),
            [
                (ProblemKind::UnknownBasis, 16, 9),
                (ProblemKind::UnknownConfidence, 17, 14)
            ]
        );
    }

    #[test]
    fn no_domains_is_reported_at_the_start() {
        let text = format!("{HEAD}{}", entry("1.1", 1));
        assert_eq!(problems(&text), [(ProblemKind::NoDomains, 1, 1)]);
    }

    #[test]
    fn domain_without_standards_is_located_at_its_number() {
        let text = format!("{HEAD}{}{}{}", domain(1), domain(2), entry("1.1", 1));
        assert_eq!(problems(&text), [(ProblemKind::EmptyDomain, 10, 10)]);
    }

    #[test]
    fn undeclared_domain_is_located() {
        let text = format!("{HEAD}{}{}{}", domain(1), entry("1.1", 1), entry("5.1", 5));
        assert_eq!(problems(&text), [(ProblemKind::UnknownDomain, 22, 10)]);
    }

    #[test]
    fn bad_and_duplicate_domain_numbers_are_located() {
        let text = format!("{HEAD}{}{}{}", domain(0), domain(1), entry("1.1", 1));
        let mut got = problems(&text);
        // Domain 0 is also "empty": nothing can be numbered 0.x.
        assert!(
            got.contains(&(ProblemKind::BadDomainNumber, 7, 10)),
            "{got:?}"
        );
        let text = format!("{HEAD}{}{}{}", domain(1), domain(1), entry("1.1", 1));
        got = problems(&text);
        assert_eq!(got, [(ProblemKind::DuplicateDomain, 10, 10)]);
    }

    #[test]
    fn documents_without_evidence_is_located() {
        let e = entry("1.1", 1).replace("evidence = [\"policy\"]", "evidence = []");
        let text = format!("{HEAD}{}{e}", domain(1));
        assert_eq!(
            problems(&text),
            [(ProblemKind::DocumentsWithoutEvidence, 19, 13)]
        );
        // Without an upload slot, no evidence is fine.
        let e = e.replace("documents = true", "documents = false");
        let text = format!("{HEAD}{}{e}", domain(1));
        assert!(Catalog::from_toml(&text, "t.toml").is_ok());
    }

    #[test]
    fn verified_placeholder_is_refused() {
        let e = entry("1.1", 1)
            .replace("verified = false", "verified = true")
            .replace("\"SEEN\"", "\"INFERRED\"");
        let text = format!("{HEAD}{}{e}", domain(1));
        assert_eq!(
            problems(&text),
            [(ProblemKind::VerifiedWithoutSighting, 15, 12)]
        );
    }

    #[test]
    fn empty_title_is_located() {
        let e = entry("1.1", 1).replace("title = \"s\"", "title = \" \"");
        let text = format!("{HEAD}{}{e}", domain(1));
        assert_eq!(problems(&text), [(ProblemKind::EmptyText, 12, 9)]);
    }

    #[test]
    fn all_problems_are_collected_in_file_order() {
        let text = format!(
            "{HEAD}{}{}{}{}{}",
            domain(1),
            domain(2),
            entry("1.x", 1),
            entry("1.4.1", 1),
            entry("1.4.1", 2)
        );
        let kinds: Vec<ProblemKind> = problems(&text).into_iter().map(|p| p.0).collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::MalformedId,
                ProblemKind::MissingParent,
                ProblemKind::DuplicateId,
                ProblemKind::DomainMismatch,
            ]
        );
    }

    #[test]
    fn syntax_errors_are_located_with_help() {
        let e = entry("1.1", 1).replace("title = \"s\"", "titel = \"s\"");
        let text = format!("{HEAD}{}{e}", domain(1));
        let err = Catalog::from_toml(&text, "t.toml").unwrap_err();
        let CatalogError::Syntax {
            location,
            message,
            help,
            ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(
            *location,
            Some(Location {
                line: 12,
                column: 1
            })
        );
        assert!(message.contains("unknown field `titel`"), "{message}");
        assert!(help.contains("spelling"), "{help}");
        assert!(
            err.to_string()
                .starts_with("t.toml:12:1: unknown field `titel`"),
            "{err}"
        );

        let err = Catalog::from_toml("[edition\n", "t.toml").unwrap_err();
        assert!(err.to_string().starts_with("t.toml:1:"), "{err}");
        assert!(
            err.to_string().contains("help: fix the TOML syntax"),
            "{err}"
        );

        let e = entry("1.1", 1).replace("domain = 1", "domain = \"one\"");
        let err = Catalog::from_toml(&format!("{HEAD}{}{e}", domain(1)), "t.toml").unwrap_err();
        assert!(
            err.to_string().starts_with("t.toml:11:10: invalid type"),
            "{err}"
        );
    }

    #[test]
    fn problem_codes_are_unique() {
        use ProblemKind::*;
        let all = [
            NoDomains,
            BadDomainNumber,
            DuplicateDomain,
            EmptyDomain,
            UnknownDomain,
            MalformedId,
            DuplicateId,
            DomainMismatch,
            MissingParent,
            UnknownEvidence,
            UnknownSurvey,
            UnknownBasis,
            UnknownConfidence,
            DocumentsWithoutEvidence,
            VerifiedWithoutSighting,
            EmptyText,
        ];
        let codes: HashSet<&str> = all.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), all.len());
    }
}
