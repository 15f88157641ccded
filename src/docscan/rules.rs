//! Screen configuration read from TOML: which labels the PHI screen looks for, and extraction limits.
//!
//! Responsible for: parsing `standards/phi-screen.toml` (or a lead-edited copy) into validated
//! [`PhiRules`] and [`ExtractLimits`]. Not responsible for: matching (see `screen`) or deciding
//! what a hit means for the application.

use serde::Deserialize;

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

/// Limits for text extraction, from the caller's data (`[extract]` in the TOML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractLimits {
    /// Largest decompressed size accepted for one ZIP part or one PDF stream/page content.
    pub max_decompressed_bytes: u64,
}

/// A label as written in the rules (for messages) and in matching form (lowercase, one space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// As written in the TOML; appears in redacted hit text.
    pub display: String,
    /// Folded form compared against folded document text.
    pub(crate) folded: String,
}

/// Which labels and value shapes the PHI screen looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhiRules {
    /// Labels that introduce a date of birth.
    pub dob_labels: Vec<Label>,
    /// Labels that introduce a medical record number or patient identifier.
    pub mrn_labels: Vec<Label>,
    /// Shortest identifier (letters and digits, at least one digit) after an MRN label.
    pub mrn_min_len: usize,
    /// Longest identifier after an MRN label.
    pub mrn_max_len: usize,
    /// Labels that introduce a Social Security number (9 digits, any grouping).
    pub ssn_labels: Vec<Label>,
    /// Whether an unlabelled `ddd-dd-dddd` with a valid area/group/serial is reported.
    pub ssn_unlabelled: bool,
    /// Labels that name a name field ("Patient name:"); one name word suffices.
    pub name_labels: Vec<Label>,
    /// Labels for a person ("Patient:"); need a colon or dash and at least two name words.
    pub person_labels: Vec<Label>,
    /// Labels for initials ("Patient initials: JS").
    pub initials_labels: Vec<Label>,
    /// Most name words taken after a label (bounds the scan, not the verdict).
    pub name_max_words: usize,
    /// Capitalized words that are not names (form placeholders, headings).
    pub not_names: Vec<String>,
    /// Labels that introduce a visit, admission, discharge or service date.
    pub visit_labels: Vec<Label>,
    /// Words that must appear on the same line for a visit date to count.
    pub patient_words: Vec<Label>,
    /// First words of every label, lowercased: a name stops before one of these.
    pub(crate) stop_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    extract: RawExtract,
    dob: RawLabels,
    mrn: RawMrn,
    ssn: RawSsn,
    patient_name: RawName,
    visit_date: RawVisit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtract {
    max_decompressed_bytes: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMrn {
    labels: Vec<String>,
    min_len: u64,
    max_len: u64,
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
    person_labels: Vec<String>,
    initials_labels: Vec<String>,
    max_words: u64,
    not_names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVisit {
    labels: Vec<String>,
    patient_words: Vec<String>,
}

impl PhiRules {
    /// Parse the `[dob]`, `[mrn]`, `[ssn]`, `[patient_name]`, `[visit_date]` tables of a screen TOML.
    pub fn from_toml(text: &str) -> Result<PhiRules, RulesError> {
        parse(text).map(|(rules, _)| rules)
    }

    /// The shipped rules: [`DEFAULT_TOML`] (`standards/phi-screen.toml`) parsed.
    pub fn default_rules() -> Result<PhiRules, RulesError> {
        PhiRules::from_toml(DEFAULT_TOML)
    }
}

impl ExtractLimits {
    /// Parse the `[extract]` table of a screen TOML.
    pub fn from_toml(text: &str) -> Result<ExtractLimits, RulesError> {
        parse(text).map(|(_, limits)| limits)
    }
}

/// Parse both halves of a screen TOML at once.
pub fn parse(text: &str) -> Result<(PhiRules, ExtractLimits), RulesError> {
    let raw: RawFile = toml::from_str(text)?;
    let limits = ExtractLimits {
        max_decompressed_bytes: positive(
            "extract.max_decompressed_bytes",
            raw.extract.max_decompressed_bytes,
        )?,
    };
    let mrn_min_len = small("mrn.min_len", raw.mrn.min_len)?;
    let mrn_max_len = small("mrn.max_len", raw.mrn.max_len)?;
    if mrn_max_len < mrn_min_len {
        return Err(RulesError::BadNumber {
            key: "mrn.max_len",
            value: raw.mrn.max_len,
            expected: "at least mrn.min_len",
        });
    }
    let mut rules = PhiRules {
        dob_labels: labels("dob.labels", raw.dob.labels, true)?,
        mrn_labels: labels("mrn.labels", raw.mrn.labels, true)?,
        mrn_min_len,
        mrn_max_len,
        ssn_labels: labels("ssn.labels", raw.ssn.labels, true)?,
        ssn_unlabelled: raw.ssn.unlabelled,
        name_labels: labels(
            "patient_name.name_labels",
            raw.patient_name.name_labels,
            true,
        )?,
        person_labels: labels(
            "patient_name.person_labels",
            raw.patient_name.person_labels,
            false,
        )?,
        initials_labels: labels(
            "patient_name.initials_labels",
            raw.patient_name.initials_labels,
            false,
        )?,
        name_max_words: small("patient_name.max_words", raw.patient_name.max_words)?,
        not_names: labels("patient_name.not_names", raw.patient_name.not_names, false)?
            .into_iter()
            .map(|l| l.folded)
            .collect(),
        visit_labels: labels("visit_date.labels", raw.visit_date.labels, false)?,
        patient_words: labels(
            "visit_date.patient_words",
            raw.visit_date.patient_words,
            false,
        )?,
        stop_words: Vec::new(),
    };
    let mut stop: Vec<String> = [
        &rules.dob_labels,
        &rules.mrn_labels,
        &rules.ssn_labels,
        &rules.name_labels,
        &rules.person_labels,
        &rules.initials_labels,
        &rules.visit_labels,
    ]
    .into_iter()
    .flatten()
    .filter_map(|l| {
        l.folded
            .split(' ')
            .next()
            .map(|w| w.trim_end_matches('.').to_owned())
    })
    .collect();
    stop.sort();
    stop.dedup();
    rules.stop_words = stop;
    if !rules.visit_labels.is_empty() && rules.patient_words.is_empty() {
        return Err(RulesError::EmptyList {
            list: "visit_date.patient_words",
        });
    }
    Ok((rules, limits))
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
            if !folded.chars().any(char::is_alphanumeric) {
                return Err(RulesError::BlankLabel {
                    list,
                    label: display,
                });
            }
            Ok(Label { display, folded })
        })
        .collect()
}

/// Same folding as document text (see `screen::fold_line`), applied to a label.
fn fold_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        let c = super::screen::fold_char(c);
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
        assert_eq!(limits.max_decompressed_bytes, 50 * 1024 * 1024);
        assert!(rules.dob_labels.iter().any(|l| l.folded == "date of birth"));
        assert!(rules.stop_words.iter().any(|w| w == "dob"));
        assert_eq!(PhiRules::default_rules().unwrap(), rules);
    }

    #[test]
    fn bad_values_are_quoted() {
        let bad = DEFAULT_TOML.replace("min_len = 5", "min_len = 0");
        let e = parse(&bad).unwrap_err().to_string();
        assert!(e.contains("mrn.min_len") && e.contains("= 0"), "{e}");
        let blank = DEFAULT_TOML.replace("\"DOB\",", "\" :: \",");
        let e = parse(&blank).unwrap_err().to_string();
        assert!(e.contains("\" :: \""), "{e}");
    }

    #[test]
    fn labels_fold_case_and_spaces() {
        assert_eq!(fold_label("  Date   of\tBirth "), "date of birth");
        assert_eq!(fold_label("Patient’s name"), "patient's name");
    }
}
