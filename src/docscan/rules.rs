//! Screen configuration read from TOML: which labels the PHI screen looks for, and extraction limits.
//!
//! Responsible for: parsing `standards/phi-screen.toml` (or a lead-edited copy) into validated
//! [`PhiRules`] and [`ExtractLimits`], and indexing every label by its first word so the screen
//! looks up labels per word instead of searching for each one. Not responsible for: matching (see
//! `screen`) or deciding what a hit means for the application.

use std::hash::{BuildHasherDefault, Hasher};

use serde::Deserialize;

/// FNV-1a for the rule tables: the screen looks up every word of every line in them, the keys
/// are short and come from the rules file, and a keyed (SipHash) hasher's flooding resistance
/// buys nothing for lookups in a fixed table while costing a visible share of the screen's time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xCBF2_9CE4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
        self.0 = h;
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;

/// The shipped configuration; [`PhiRules::default_rules`] parses exactly this text.
pub const DEFAULT_TOML: &str = include_str!("../../standards/phi-screen.toml");

/// Why a screen configuration was rejected.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The TOML did not parse or had unknown/missing keys.
    #[error("invalid phi screen toml: {0}")]
    Toml(#[from] toml::de::Error),
    /// A label list was empty where at least one label is needed.
    #[error("phi screen list `{list}` is empty")]
    EmptyList {
        /// Dotted key of the list.
        list: &'static str,
    },
    /// A label was blank or had no letter or digit.
    #[error("phi screen list `{list}` has a blank label {label:?}")]
    BlankLabel {
        /// Dotted key of the list.
        list: &'static str,
        /// The offending entry.
        label: String,
    },
    /// A numeric bound was out of range or inverted.
    #[error("phi screen setting `{key}` = {value} is out of range ({expected})")]
    BadNumber {
        /// Dotted key.
        key: &'static str,
        /// The value found.
        value: u64,
        /// What is allowed.
        expected: &'static str,
    },
}

/// Budgets for text extraction, per document, from the caller's data (`[extract]` in the TOML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractLimits {
    /// Largest total decompressed size accepted for one document (all ZIP parts of a DOCX
    /// together; all PDF page contents together).
    pub max_decompressed_bytes: u64,
    /// Most PDF content-stream operators (and `TJ` array items) per document.
    pub max_pdf_operations: u64,
    /// Most items in one PDF content-stream array (a `TJ` array shows one line).
    pub max_pdf_array_items: u64,
    /// Most bytes of extracted text per document.
    pub max_text_bytes: u64,
    /// Most lines (TXT lines, DOCX paragraphs, PDF text lines) per document.
    pub max_lines: u64,
}

/// A label as written in the rules (for messages) and in matching form (lowercase, one space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// As written in the TOML; appears in redacted hit text.
    pub display: String,
    /// Folded form compared against folded document text.
    pub(crate) folded: String,
}

/// What a label introduces (or marks), as the screen uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Dob,
    Mrn,
    Ssn,
    NameField,
    LineStartName,
    Person,
    Initials,
    Title,
    FirstPerson,
    VisitStrong,
    VisitWeak,
    VisitProse,
    DateColumn,
    Phone,
    Address,
    Age,
    Insurance,
    Serial,
    NotPhiNumber,
    PatientWord,
    PolicyWord,
    AgeGroup,
    Institution,
}

impl Role {
    /// Whether a value follows this label (as opposed to a word that only marks the line).
    pub(crate) fn takes_value(self) -> bool {
        !matches!(
            self,
            Role::PatientWord
                | Role::PolicyWord
                | Role::AgeGroup
                | Role::NotPhiNumber
                | Role::Institution
        )
    }
}

/// One indexed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) label: Label,
    pub(crate) role: Role,
}

/// Which labels and value shapes the PHI screen looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhiRules {
    /// Every label of every list, with its role.
    pub(crate) entries: Vec<Entry>,
    /// Entries by the leading letters of their folded label.
    pub(crate) index: HashMap<String, Vec<u32>>,
    /// Shortest identifier (letters and digits, at least one digit) after an MRN label.
    pub mrn_min_len: usize,
    /// Longest identifier after an MRN label.
    pub mrn_max_len: usize,
    /// Shortest insurance/member identifier.
    pub insurance_min_len: usize,
    /// Longest insurance/member identifier.
    pub insurance_max_len: usize,
    /// Shortest device serial.
    pub serial_min_len: usize,
    /// Longest device serial.
    pub serial_max_len: usize,
    /// Whether an unlabelled `ddd-dd-dddd` with a valid area/group/serial is reported.
    pub ssn_unlabelled: bool,
    /// Whether an unlabelled e-mail address is reported.
    pub email_unlabelled: bool,
    /// Whether an unlabelled street address is reported.
    pub address_unlabelled: bool,
    /// Whether an unlabelled Medicare Beneficiary Identifier is reported.
    pub mbi_unlabelled: bool,
    /// Most name words taken after a label (bounds the scan, not the verdict).
    pub name_max_words: usize,
    /// Lines before a weak visit label in which a patient word counts.
    pub context_lines: u32,
    /// Youngest age reported.
    pub min_age: u32,
    /// Findings listed per document before one summary.
    pub max_findings_per_document: usize,
    pub(crate) not_names: HashSet<String>,
    pub(crate) not_initials: HashSet<String>,
    pub(crate) toll_free: Vec<String>,
    pub(crate) role_accounts: HashSet<String>,
    pub(crate) organization_domains: Vec<String>,
    pub(crate) street_suffixes: HashSet<String>,
    pub(crate) age_suffixes: Vec<String>,
    /// First words of every value-taking label, lowercased: a name stops before one of these.
    pub(crate) stop_words: HashSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    extract: RawExtract,
    report: RawReport,
    dob: RawLabels,
    mrn: RawIdent,
    ssn: RawSsn,
    patient_name: RawName,
    visit_date: RawVisit,
    phone: RawPhone,
    email: RawEmail,
    address: RawAddress,
    age: RawAge,
    insurance: RawInsurance,
    device_serial: RawIdent,
    not_phi: RawNotPhi,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtract {
    max_decompressed_bytes: u64,
    max_pdf_operations: u64,
    max_pdf_array_items: u64,
    max_text_bytes: u64,
    max_lines: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    max_findings_per_document: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdent {
    labels: Vec<String>,
    min_len: u64,
    max_len: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInsurance {
    labels: Vec<String>,
    min_len: u64,
    max_len: u64,
    mbi_unlabelled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSsn {
    labels: Vec<String>,
    unlabelled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawName {
    name_labels: Vec<String>,
    line_start_name_labels: Vec<String>,
    person_labels: Vec<String>,
    initials_labels: Vec<String>,
    titles: Vec<String>,
    first_person_labels: Vec<String>,
    max_words: u64,
    not_names: Vec<String>,
    not_initials: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVisit {
    strong_labels: Vec<String>,
    weak_labels: Vec<String>,
    prose_labels: Vec<String>,
    date_column_labels: Vec<String>,
    context_lines: u64,
    patient_words: Vec<String>,
    policy_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhone {
    labels: Vec<String>,
    toll_free: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    unlabelled: bool,
    organization_domains: Vec<String>,
    role_accounts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddress {
    labels: Vec<String>,
    unlabelled: bool,
    institution_words: Vec<String>,
    street_suffixes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAge {
    min_age: u64,
    labels: Vec<String>,
    suffixes: Vec<String>,
    group_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotPhi {
    number_labels: Vec<String>,
}

impl PhiRules {
    /// Parse a whole screen TOML (see `standards/phi-screen.toml`) and keep the rules.
    pub fn from_toml(text: &str) -> Result<PhiRules, RulesError> {
        parse(text).map(|(rules, _)| rules)
    }

    /// The shipped rules: [`DEFAULT_TOML`] (`standards/phi-screen.toml`) parsed.
    pub fn default_rules() -> Result<PhiRules, RulesError> {
        PhiRules::from_toml(DEFAULT_TOML)
    }

    /// Labels of one role, for tests and documentation.
    pub(crate) fn labels_of(&self, role: Role) -> impl Iterator<Item = &Label> {
        self.entries
            .iter()
            .filter(move |e| e.role == role)
            .map(|e| &e.label)
    }
}

impl ExtractLimits {
    /// Parse the `[extract]` table of a screen TOML.
    pub fn from_toml(text: &str) -> Result<ExtractLimits, RulesError> {
        parse(text).map(|(_, limits)| limits)
    }
}

/// Leading ASCII letters of a folded label or word: the key labels are indexed under.
pub(crate) fn index_key(folded: &str) -> &str {
    let n = folded.bytes().take_while(u8::is_ascii_lowercase).count();
    &folded[..n]
}

/// Parse both halves of a screen TOML at once.
pub fn parse(text: &str) -> Result<(PhiRules, ExtractLimits), RulesError> {
    let raw: RawFile = toml::from_str(text)?;
    let limits = ExtractLimits {
        max_decompressed_bytes: positive(
            "extract.max_decompressed_bytes",
            raw.extract.max_decompressed_bytes,
        )?,
        max_pdf_operations: positive("extract.max_pdf_operations", raw.extract.max_pdf_operations)?,
        max_pdf_array_items: positive(
            "extract.max_pdf_array_items",
            raw.extract.max_pdf_array_items,
        )?,
        max_text_bytes: positive("extract.max_text_bytes", raw.extract.max_text_bytes)?,
        max_lines: positive("extract.max_lines", raw.extract.max_lines)?,
    };
    let (mrn_min_len, mrn_max_len) = bounds("mrn", raw.mrn.min_len, raw.mrn.max_len)?;
    let (insurance_min_len, insurance_max_len) =
        bounds("insurance", raw.insurance.min_len, raw.insurance.max_len)?;
    let (serial_min_len, serial_max_len) = bounds(
        "device_serial",
        raw.device_serial.min_len,
        raw.device_serial.max_len,
    )?;
    let n = raw.patient_name;
    let v = raw.visit_date;
    let lists: Vec<(&'static str, Vec<String>, Role, bool)> = vec![
        ("dob.labels", raw.dob.labels, Role::Dob, true),
        ("mrn.labels", raw.mrn.labels, Role::Mrn, true),
        ("ssn.labels", raw.ssn.labels, Role::Ssn, true),
        (
            "patient_name.name_labels",
            n.name_labels,
            Role::NameField,
            true,
        ),
        (
            "patient_name.line_start_name_labels",
            n.line_start_name_labels,
            Role::LineStartName,
            false,
        ),
        (
            "patient_name.person_labels",
            n.person_labels,
            Role::Person,
            false,
        ),
        (
            "patient_name.initials_labels",
            n.initials_labels,
            Role::Initials,
            false,
        ),
        ("patient_name.titles", n.titles, Role::Title, false),
        (
            "patient_name.first_person_labels",
            n.first_person_labels,
            Role::FirstPerson,
            false,
        ),
        (
            "visit_date.strong_labels",
            v.strong_labels,
            Role::VisitStrong,
            false,
        ),
        (
            "visit_date.weak_labels",
            v.weak_labels,
            Role::VisitWeak,
            false,
        ),
        (
            "visit_date.prose_labels",
            v.prose_labels,
            Role::VisitProse,
            false,
        ),
        (
            "visit_date.date_column_labels",
            v.date_column_labels,
            Role::DateColumn,
            false,
        ),
        (
            "visit_date.patient_words",
            v.patient_words,
            Role::PatientWord,
            true,
        ),
        (
            "visit_date.policy_words",
            v.policy_words,
            Role::PolicyWord,
            false,
        ),
        ("phone.labels", raw.phone.labels, Role::Phone, false),
        ("address.labels", raw.address.labels, Role::Address, false),
        (
            "address.institution_words",
            raw.address.institution_words,
            Role::Institution,
            false,
        ),
        ("age.labels", raw.age.labels, Role::Age, false),
        (
            "age.group_words",
            raw.age.group_words,
            Role::AgeGroup,
            false,
        ),
        (
            "insurance.labels",
            raw.insurance.labels,
            Role::Insurance,
            false,
        ),
        (
            "device_serial.labels",
            raw.device_serial.labels,
            Role::Serial,
            false,
        ),
        (
            "not_phi.number_labels",
            raw.not_phi.number_labels,
            Role::NotPhiNumber,
            false,
        ),
    ];
    let mut entries = Vec::new();
    for (list, raw_labels, role, required) in lists {
        for label in labels(list, raw_labels, required)? {
            entries.push(Entry { label, role });
        }
    }
    let mut index: HashMap<String, Vec<u32>> = HashMap::default();
    for (i, e) in entries.iter().enumerate() {
        let key = index_key(&e.label.folded);
        // Age group words such as "+" have no letters: they are looked up directly, not indexed.
        if key.is_empty() {
            continue;
        }
        index
            .entry(key.to_owned())
            .or_default()
            .push(u32::try_from(i).unwrap_or(u32::MAX));
    }
    let stop_words: HashSet<String> = entries
        .iter()
        .filter(|e| {
            e.role.takes_value()
                && !matches!(e.role, Role::Title | Role::FirstPerson | Role::VisitProse)
        })
        .filter_map(|e| {
            e.label
                .folded
                .split(' ')
                .next()
                .map(|w| w.trim_end_matches(['.', ':', '#']).to_owned())
        })
        .collect();
    let folded_set =
        |list: &'static str, raw: Vec<String>| -> Result<HashSet<String>, RulesError> {
            Ok(labels(list, raw, false)?
                .into_iter()
                .map(|l| l.folded)
                .collect())
        };
    let min_age = u32::try_from(raw.age.min_age)
        .ok()
        .filter(|a| (1..=150).contains(a))
        .ok_or(RulesError::BadNumber {
            key: "age.min_age",
            value: raw.age.min_age,
            expected: "1 to 150",
        })?;
    let context_lines = u32::try_from(v.context_lines)
        .ok()
        .filter(|c| *c <= 20)
        .ok_or(RulesError::BadNumber {
            key: "visit_date.context_lines",
            value: v.context_lines,
            expected: "0 to 20",
        })?;
    let max_findings = usize::try_from(raw.report.max_findings_per_document)
        .ok()
        .filter(|m| (1..=10_000).contains(m))
        .ok_or(RulesError::BadNumber {
            key: "report.max_findings_per_document",
            value: raw.report.max_findings_per_document,
            expected: "1 to 10000",
        })?;
    let rules = PhiRules {
        entries,
        index,
        mrn_min_len,
        mrn_max_len,
        insurance_min_len,
        insurance_max_len,
        serial_min_len,
        serial_max_len,
        ssn_unlabelled: raw.ssn.unlabelled,
        email_unlabelled: raw.email.unlabelled,
        address_unlabelled: raw.address.unlabelled,
        mbi_unlabelled: raw.insurance.mbi_unlabelled,
        name_max_words: small("patient_name.max_words", n.max_words)?,
        context_lines,
        min_age,
        max_findings_per_document: max_findings,
        not_names: folded_set("patient_name.not_names", n.not_names)?,
        not_initials: folded_set("patient_name.not_initials", n.not_initials)?,
        toll_free: raw.phone.toll_free,
        role_accounts: folded_set("email.role_accounts", raw.email.role_accounts)?,
        organization_domains: labels(
            "email.organization_domains",
            raw.email.organization_domains,
            false,
        )?
        .into_iter()
        .map(|l| l.folded)
        .collect(),
        street_suffixes: folded_set("address.street_suffixes", raw.address.street_suffixes)?,
        age_suffixes: raw
            .age
            .suffixes
            .iter()
            .map(|s| fold_label_keep_edges(s))
            .filter(|s| !s.trim().is_empty())
            .collect(),
        stop_words,
    };
    Ok((rules, limits))
}

fn bounds(section: &'static str, min: u64, max: u64) -> Result<(usize, usize), RulesError> {
    let (kmin, kmax) = match section {
        "mrn" => ("mrn.min_len", "mrn.max_len"),
        "insurance" => ("insurance.min_len", "insurance.max_len"),
        _ => ("device_serial.min_len", "device_serial.max_len"),
    };
    let lo = small(kmin, min)?;
    let hi = small(kmax, max)?;
    if hi < lo {
        return Err(RulesError::BadNumber {
            key: kmax,
            value: max,
            expected: "at least the min_len",
        });
    }
    Ok((lo, hi))
}

fn positive(key: &'static str, value: u64) -> Result<u64, RulesError> {
    if value == 0 {
        return Err(RulesError::BadNumber {
            key,
            value,
            expected: "greater than 0",
        });
    }
    Ok(value)
}

fn small(key: &'static str, value: u64) -> Result<usize, RulesError> {
    match usize::try_from(value) {
        Ok(v) if (1..=64).contains(&v) => Ok(v),
        _ => Err(RulesError::BadNumber {
            key,
            value,
            expected: "1 to 64",
        }),
    }
}

fn labels(list: &'static str, raw: Vec<String>, required: bool) -> Result<Vec<Label>, RulesError> {
    if required && raw.is_empty() {
        return Err(RulesError::EmptyList { list });
    }
    raw.into_iter()
        .map(|display| {
            let folded = fold_label(&display);
            if !folded.chars().any(|c| c.is_alphanumeric() || c == '+') {
                return Err(RulesError::BlankLabel {
                    list,
                    label: display,
                });
            }
            Ok(Label { display, folded })
        })
        .collect()
}

/// Same folding as document text (see `screen::fold_char`), applied to a label.
pub(crate) fn fold_label(s: &str) -> String {
    fold_label_keep_edges(s.trim())
}

/// Folding without trimming, for suffixes that start with a space (" year old").
fn fold_label_keep_edges(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = super::screen::fold_char(c);
        let c = if c == '\t' { ' ' } else { c };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_toml_parses() {
        let (rules, limits) = parse(DEFAULT_TOML).unwrap();
        assert_eq!(limits.max_decompressed_bytes, 64 * 1024 * 1024);
        assert!(
            rules
                .labels_of(Role::Dob)
                .any(|l| l.folded == "date of birth")
        );
        assert!(rules.stop_words.contains("dob"));
        assert_eq!(PhiRules::default_rules().unwrap(), rules);
    }

    #[test]
    fn bad_values_are_quoted() {
        let bad = DEFAULT_TOML.replace("min_len = 5\nmax_len = 12", "min_len = 0\nmax_len = 12");
        let e = parse(&bad).unwrap_err().to_string();
        assert!(e.contains("mrn.min_len") && e.contains("= 0"), "{e}");
        let blank = DEFAULT_TOML.replace("\"DOB\",", "\" :: \",");
        let e = parse(&blank).unwrap_err().to_string();
        assert!(e.contains("\" :: \""), "{e}");
        let bad = DEFAULT_TOML.replace("min_age = 90", "min_age = 0");
        assert!(parse(&bad).unwrap_err().to_string().contains("age.min_age"));
    }

    #[test]
    fn labels_fold_case_and_spaces() {
        assert_eq!(fold_label("  Date   of\tBirth "), "date of birth");
        assert_eq!(fold_label("Patient’s name"), "patient's name");
        assert_eq!(index_key("d.o.b."), "d");
        assert_eq!(index_key("mrn00482913"), "mrn");
    }
}
