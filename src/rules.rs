//! Rule editions: every figure of the program's rules, read from TOML data.
//!
//! The program changes its rules from year to year, so no rule figure is a literal in code: the
//! score threshold, the FTE → minimum-unique-charts table, hours per FTE, the round calendar, how
//! many recent rounds may be chosen, the simultaneous-applicant chart share and the countries
//! all come from a rule edition. The default edition is embedded in the binary; users load
//! another with `--rules FILE`. Every report names the edition it used.
//!
//! This module loads and validates editions. It does not apply them; the checks do.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{InputError, offset_to_location};
use crate::finding::Finding;
use crate::units::{Date, Dec2, Fte};

pub mod deadlines;
pub mod qopi;
pub mod survey;
pub mod tabs;

pub use deadlines::DeadlineRules;

/// An edition lacks a table a command needs (an older or hand-made edition file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "rule edition {edition} has no [{table}] table; add one (see standards/rules-qcp-2024.toml)"
)]
pub struct MissingTable {
    /// The edition's id.
    pub edition: String,
    /// The table, e.g. `deadlines`.
    pub table: &'static str,
}
pub use qopi::QopiRules;
pub use survey::{LeadFrom, SurveyRules};
pub use tabs::{QuestionnaireRules, TabDef};

/// Re-exported for callers that still name it here; its home is [`crate::suggest`].
pub use crate::suggest::closest;
pub(crate) use crate::suggest::suggest_from_message;

/// The default edition's text, embedded so qcp works with no files beside it.
pub const DEFAULT_EDITION_TOML: &str = include_str!("../standards/rules-qcp-2024.toml");
/// The file name the default edition is shipped as.
pub const DEFAULT_EDITION_FILE: &str = "standards/rules-qcp-2024.toml";

/// A complete, validated rule edition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEdition {
    /// Identity and provenance.
    pub edition: EditionInfo,
    /// Eligibility figures (docs/rules.md §3).
    pub eligibility: EligibilityRules,
    /// The round calendar.
    #[serde(default, rename = "round")]
    pub rounds: Vec<RoundDef>,
    /// Survey scheduling figures (docs/rules.md §6); optional so older files load, shipped in every
    /// edition.
    #[serde(default)]
    pub survey: Option<SurveyRules>,
    /// Deadlines, certification term and the business-day calendar (docs/rules.md §2, §7, §8).
    #[serde(default)]
    pub deadlines: Option<DeadlineRules>,
    /// Agreement figures (docs/rules.md §2 milestone 3). Optional in serde so older edition files
    /// still load; the shipped edition has it, and the agreements check says when it is absent.
    #[serde(default)]
    pub agreements: Option<AgreementRules>,
    /// Pre- and post-survey document figures (docs/rules.md §5); optional in user files, present in
    /// the shipped edition. Commands that need it say so when it is missing.
    #[serde(default)]
    pub documents: Option<DocumentRules>,
    /// CCR deadlines (docs/rules.md §7); optional so older edition files still load, present in the
    /// shipped edition. Used by `qcp ccr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccr: Option<CcrRules>,
    /// The questionnaire's tabs and what each holds (docs/rules.md §2 milestone 4); optional so
    /// older edition files load (then the 2024 portal's three sections, S1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<QuestionnaireRules>,
    /// Payment-step figures (docs/rules.md §4): whether the edition has S0's pre-payment request.
    /// Optional so older edition files load; absent means no pre-payment request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentRules>,
    /// QOPI registration and participation figures (docs/rules.md §1, §8); optional so older
    /// edition files still load, present in the shipped editions. Used by `qcp qopi`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qopi: Option<QopiRules>,
    /// What each figure rests on, by its key (`eligibility.unique_charts`, `round`, ...). A
    /// figure without an entry loads and is reported as unlabelled.
    #[serde(default)]
    pub provenance: std::collections::BTreeMap<String, FigureSource>,
}

/// How far a figure can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Seen in a program document, which `source` names.
    Verified,
    /// Taken from one of the program's user guides, which `source` names.
    UserGuide,
    /// No public source gives it: a stand-in the practice replaces with the program's figure.
    Placeholder,
}

impl Standing {
    /// The word reports print.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Standing::Verified => "verified",
            Standing::UserGuide => "user guide",
            Standing::Placeholder => "placeholder",
        }
    }
}

/// What one figure rests on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    /// Verified, user guide or placeholder.
    pub standing: Standing,
    /// The document (and place in it) the figure comes from, or why it is a placeholder.
    pub source: String,
}

/// Every figure key of an edition that `[provenance]` labels; `rules show` lists them all.
pub const FIGURE_KEYS: &[&str] = &[
    "eligibility.score_threshold",
    "eligibility.hours_per_fte",
    "eligibility.recent_unused_rounds",
    "eligibility.simultaneous_min_chart_percent",
    "eligibility.countries",
    "eligibility.us_territories",
    "eligibility.us_territories_certified_as_us",
    "eligibility.fallback_validity_months",
    "eligibility.unique_charts",
    "round",
    "survey",
    "deadlines",
    "ccr",
    "agreements.baa_current_version",
    "documents.max_bytes",
    "payment.prepayment_request",
    "questionnaire",
];

impl RuleEdition {
    /// What `key` rests on; `None`: unlabelled.
    #[must_use]
    pub fn provenance_of(&self, key: &str) -> Option<&FigureSource> {
        self.provenance.get(key)
    }

    /// Whether the figure `key` is a placeholder (an unlabelled figure is not claimed as one;
    /// `rules show` reports it as unlabelled).
    #[must_use]
    pub fn is_placeholder(&self, key: &str) -> bool {
        self.provenance_of(key)
            .is_some_and(|p| p.standing == Standing::Placeholder)
    }

    /// The figure keys the edition does not label.
    #[must_use]
    pub fn unlabelled(&self) -> Vec<&'static str> {
        FIGURE_KEYS
            .iter()
            .copied()
            .filter(|k| !self.provenance.contains_key(*k))
            .collect()
    }
}

/// Agreement figures: which BAA version is current, and which countries sign the standard
/// participation agreement without the international review.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementRules {
    /// The QOPI BAA version currently in force; a BAA signed under another version needs a new
    /// signature.
    pub baa_current_version: String,
    /// Countries (ISO 3166-1 alpha-2) whose practices sign the standard agreement; any other
    /// country needs the international agreement review first.
    pub domestic_countries: Vec<String>,
}

/// Payment-step figures (docs/rules.md §4). The fee amounts and payment modes live in the fee
/// schedule; this table says which steps the edition's process has.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentRules {
    /// S0 (2019 portal): once every questionnaire tab is complete the practice sends a
    /// pre-payment request, and pays only after the QCP admin approves it. `false` (S1, 2024):
    /// staff invoice every applicant, with no such request.
    pub prepayment_request: bool,
}

impl RuleEdition {
    /// The questionnaire's tabs: the edition's `[questionnaire]`, else the 2024 portal's three
    /// sections (S1).
    #[must_use]
    pub fn questionnaire_tabs(&self) -> std::borrow::Cow<'_, QuestionnaireRules> {
        match &self.questionnaire {
            Some(q) => std::borrow::Cow::Borrowed(q),
            None => std::borrow::Cow::Owned(QuestionnaireRules::s1_default()),
        }
    }

    /// Whether the edition's process has the pre-payment request and its approval (S0).
    #[must_use]
    pub fn prepayment_request(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| p.prepayment_request)
    }
}

/// Document figures (docs/rules.md §5): the upload size limit and the accepted file types.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRules {
    /// The upload limit read the strict way, in bytes (S0: files above 10 MB are rejected;
    /// 10 MB as 10,000,000 bytes). A larger file draws a warning up to `refuse_above_bytes`.
    pub max_bytes: u64,
    /// The same limit read the lenient way (10 MB as 10 × 1024 × 1024 = 10,485,760 bytes): a
    /// file above it exceeds both readings and is refused. Absent: `max_bytes`.
    #[serde(default)]
    pub refuse_above_bytes: Option<u64>,
    /// S1 (the 2024 process): with elements still pending, the practice may submit a partial
    /// response after confirming it; `false` (S0, 2019): only an override request can be sent.
    #[serde(default)]
    pub partial_submission_after_confirmation: bool,
    /// Accepted types, by the names `docscan::DocKind::as_str` gives (pdf, docx, ...).
    pub accepted_types: Vec<String>,
}

impl EligibilityRules {
    /// Whether `country` is one of the US territories the edition lists.
    #[must_use]
    pub fn is_us_territory(&self, country: &str) -> bool {
        self.us_territories
            .iter()
            .any(|t| t.eq_ignore_ascii_case(country))
    }

    /// The country certification treats `country` as: "US" for a US territory when the
    /// edition's data choice says so, else the country itself.
    #[must_use]
    pub fn certification_country<'a>(&self, country: &'a str) -> &'a str {
        if self.us_territories_certified_as_us && self.is_us_territory(country) {
            "US"
        } else {
            country
        }
    }
}

/// The countries where QOPI itself (rounds, scores; not certification) is open, and what that
/// list rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QopiCountries<'a> {
    /// ISO 3166-1 alpha-2 codes.
    pub countries: &'a [String],
    /// `[qopi] participation_countries`'s standing and source, or why the list is unlabelled.
    pub basis: String,
}

impl RuleEdition {
    /// The QOPI participation countries in force: their one home, `[qopi]
    /// participation_countries` (with its source and standing); for an older edition file
    /// without a `[qopi]` table, `[eligibility] qopi_participation_countries` plus the US
    /// territories.
    #[must_use]
    pub fn qopi_countries(&self) -> QopiCountries<'_> {
        match &self.qopi {
            Some(q) => QopiCountries {
                countries: &q.participation_countries.value,
                basis: format!(
                    "[qopi] participation_countries; {}: {}",
                    q.participation_countries.standing.label(),
                    q.participation_countries.source
                ),
            },
            None => QopiCountries {
                countries: &self.eligibility.qopi_participation_countries,
                basis: "[eligibility] qopi_participation_countries (older file; unlabelled)"
                    .to_owned(),
            },
        }
    }

    /// Whether practices in `country` may take part in QOPI (rounds, scores): one answer for
    /// `qcp eligibility` and `qcp qopi`.
    #[must_use]
    pub fn qopi_open_in(&self, country: &str) -> bool {
        let q = self.qopi_countries();
        q.countries.iter().any(|c| c.eq_ignore_ascii_case(country))
            || (self.qopi.is_none() && self.eligibility.is_us_territory(country))
    }
}

impl DocumentRules {
    /// The size above which a document is refused: `refuse_above_bytes`, never below
    /// `max_bytes`.
    #[must_use]
    pub fn refuse_above(&self) -> u64 {
        self.refuse_above_bytes
            .unwrap_or(self.max_bytes)
            .max(self.max_bytes)
    }
}

/// Deadlines after the Certification Compliance Report (docs/rules.md §7): the only home of these
/// figures (`qcp status`, `qcp deadlines` and `qcp ccr` all read them through
/// `ccr::deadlines_of`). Whether they roll to a business day, and over which calendar,
/// is the `[deadlines]` table's `roll_to_business_day` and `calendar`, shared by every deadline.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CcrRules {
    /// Calendar days from receiving the CCR to the action plan's due date.
    pub action_plan_days: u32,
    /// Business days staff take to answer a submitted action plan (shown, not enforced).
    pub staff_response_business_days: u32,
    /// Calendar days from the final CCR to the implementation evidence's due date.
    pub evidence_days: u32,
    /// Calendar days from receiving the CCR within which an extension must be requested.
    pub extension_request_days: u32,
    /// Weeks staff and the committee take to review submitted implementation evidence (S1:
    /// 4-6 weeks; the later bound). Shown as the program's expected date, not enforced.
    #[serde(default)]
    pub evidence_review_weeks: Option<u32>,
}

/// Identity of an edition, named in every report.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditionInfo {
    /// Stable id, e.g. `qcp-2024`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The date from which the edition applies.
    #[serde(with = "toml_date")]
    pub effective: Date,
    /// Where its figures come from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Eligibility figures.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRules {
    /// Minimum Overall Quality Score in percent, inclusive.
    pub score_threshold: Dec2,
    /// Weekly clinical hours that make one FTE.
    pub hours_per_fte: Dec2,
    /// How many of the most recent completed, unused rounds may be chosen.
    pub recent_unused_rounds: usize,
    /// Share of the chart minimum (percent) a simultaneous applicant must have entered before an
    /// on-site survey can be scheduled.
    pub simultaneous_min_chart_percent: Dec2,
    /// Whether the chosen round must have the QCP track abstracted.
    pub require_qcp_track: bool,
    /// Whether webinar attendance is required before applying.
    pub require_webinar: bool,
    /// Countries (ISO 3166-1 alpha-2) where certification is offered.
    pub countries: Vec<String>,
    /// Older edition files only: the countries where practices may take part in QOPI itself.
    /// Its home is now `[qopi] participation_countries` (with its provenance); this list is read
    /// only when an edition has no `[qopi]` table ([`RuleEdition::qopi_countries`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qopi_participation_countries: Vec<String>,
    /// US territories (ISO 3166-1 alpha-2 codes of their own): open to QOPI (S2, S4).
    #[serde(default)]
    pub us_territories: Vec<String>,
    /// The data choice for certification in a US territory: `true` treats the practice as in
    /// the US (certification offered, standard agreement), `false` as not offered.
    #[serde(default)]
    pub us_territories_certified_as_us: bool,
    /// Months a score stays valid when the calendar lacks the next round of the same season.
    pub fallback_validity_months: i32,
    /// Finding codes a staff exception may waive.
    pub exception_waives: Vec<String>,
    /// FTE → minimum unique charts.
    pub unique_charts: Vec<ChartTier>,
}

/// One row of the FTE → minimum-unique-charts table: `min_fte <= FTE < below_fte`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChartTier {
    /// Lower bound, inclusive.
    pub min_fte: Dec2,
    /// Upper bound, exclusive; absent on the last, open-ended row.
    #[serde(default)]
    pub below_fte: Option<Dec2>,
    /// Minimum unique charts for this row.
    pub charts: u32,
}

/// The program a round belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// A QOPI chart-abstraction round.
    Qopi,
    /// An annual SmartLinQ QCP score.
    Smartlinq,
    /// The QOPI Annual Pilot (older edition).
    AnnualPilot,
}

/// One round of the calendar.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundDef {
    /// Id used in application files, e.g. `QOPI-2026-R1`.
    pub id: String,
    /// Label as the portal shows it.
    pub label: String,
    /// Program.
    pub program: Program,
    /// Season; a score is valid until the close of the next round of the same program and
    /// season.
    pub season: String,
    /// First day of abstraction.
    #[serde(with = "toml_date")]
    pub opens: Date,
    /// Last day of abstraction.
    #[serde(with = "toml_date")]
    pub closes: Date,
}

/// Reads TOML native dates (`2026-03-14`) into civil dates (shared by every TOML data file).
pub(crate) mod toml_date {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::units::Date;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => Date::new(
                i16::try_from(date.year).unwrap_or(i16::MAX),
                i8::try_from(date.month).unwrap_or(0),
                i8::try_from(date.day).unwrap_or(0),
            )
            .map_err(serde::de::Error::custom),
            _ => Err(serde::de::Error::custom(
                "expected a date without time, e.g. 2026-03-14",
            )),
        }
    }

    pub(crate) fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }
}

impl RuleEdition {
    /// The embedded default edition.
    ///
    /// # Errors
    /// Only if the embedded file is broken, which a unit test rules out.
    pub fn embedded() -> Result<Self, InputError> {
        Self::from_toml(Path::new(DEFAULT_EDITION_FILE), DEFAULT_EDITION_TOML)
    }

    /// Parses and validates an edition; `path` names it in errors.
    ///
    /// # Errors
    /// Malformed TOML, unknown keys, wrong types and inconsistent figures (gapped or overlapping
    /// chart tiers, a round closing before it opens, duplicate round ids), each located.
    pub fn from_toml(path: &Path, text: &str) -> Result<Self, InputError> {
        let edition: RuleEdition = parse_toml(path, text)?;
        let problems = edition.consistency_problems(text);
        if problems.is_empty() {
            Ok(edition)
        } else {
            Err(InputError {
                path: path.to_path_buf(),
                problems,
            })
        }
    }

    /// Checks figures that TOML types cannot express.
    fn consistency_problems(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let at = |needle: &str| text.find(needle).map(|off| offset_to_location(text, off));
        let mut push = |msg: String, hint: &str, needle: &str| {
            let mut f = Finding::new("wrong-type", "", msg, hint);
            f.location = at(needle);
            out.push(f);
        };
        let dated = self.survey.iter().flat_map(SurveyRules::problems);
        let dated: Vec<String> = dated
            .chain(self.deadlines.iter().flat_map(DeadlineRules::problems))
            .chain(self.qopi.iter().flat_map(QopiRules::problems))
            .chain(
                self.questionnaire
                    .iter()
                    .flat_map(QuestionnaireRules::problems),
            )
            .collect();
        for msg in dated {
            let key = if msg.starts_with("survey") {
                "[survey]"
            } else if msg.starts_with("questionnaire") {
                "[questionnaire"
            } else if msg.starts_with("qopi") {
                "[qopi]"
            } else {
                "[deadlines]"
            };
            push(msg, "correct the figure from the program's guide", key);
        }
        let e = &self.eligibility;
        if e.hours_per_fte <= Dec2::ZERO {
            push(
                format!("hours_per_fte is {}, it must be above 0", e.hours_per_fte),
                "set hours_per_fte to the weekly hours of one FTE (40 in the program's guides)",
                "hours_per_fte",
            );
        }
        if e.score_threshold > Dec2::from_int(100) {
            push(
                format!("score_threshold {} is above 100", e.score_threshold),
                "the threshold is a percentage",
                "score_threshold",
            );
        }
        // The chart table must start at 0, be contiguous and end open-ended, so every FTE falls
        // in exactly one row.
        let tiers = &e.unique_charts;
        if tiers.is_empty() {
            push(
                "the unique_charts table is empty".into(),
                "add [[eligibility.unique_charts]] rows from the program's round manual",
                "[eligibility]",
            );
        }
        let bands: Vec<(String, Dec2, Option<Dec2>)> = tiers
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    format!("unique_charts row {}", i + 1),
                    t.min_fte,
                    t.below_fte,
                )
            })
            .collect();
        for (_, msg, hint) in fte_band_problems(&bands, "row", "have no minimum") {
            push(msg, hint, "unique_charts");
        }
        let mut ids = std::collections::HashSet::new();
        for r in &self.rounds {
            if !ids.insert(r.id.as_str()) {
                push(
                    format!("round `{}` is defined twice", r.id),
                    "keep one [[round]] per id",
                    &format!("\"{}\"", r.id),
                );
            }
            if r.closes < r.opens {
                push(
                    format!(
                        "round `{}` closes ({}) before it opens ({})",
                        r.id, r.closes, r.opens
                    ),
                    "swap or correct the dates",
                    &format!("\"{}\"", r.id),
                );
            }
        }
        out
    }

    /// The CCR figures (`[ccr]`) with the business-day rolling of `[deadlines]` they are
    /// computed under; `None` when either table is missing (the CCR check
    /// `ccr-rules-missing` says so).
    #[must_use]
    pub fn ccr_deadline_rules(&self) -> Option<(&CcrRules, bool)> {
        Some((
            self.ccr.as_ref()?,
            self.deadlines.as_ref()?.roll_to_business_day,
        ))
    }

    /// A short reference to this edition for reports.
    #[must_use]
    pub fn reference(&self) -> EditionRef {
        EditionRef {
            id: self.edition.id.clone(),
            title: self.edition.title.clone(),
        }
    }

    /// The round with id `id`.
    #[must_use]
    pub fn round(&self, id: &str) -> Option<&RoundDef> {
        self.rounds.iter().find(|r| r.id == id)
    }

    /// Minimum unique charts for `fte`, with the row that gave it.
    #[must_use]
    pub fn min_charts(&self, fte: Fte) -> Option<(u32, &ChartTier)> {
        self.eligibility
            .unique_charts
            .iter()
            .find(|t| {
                fte.cmp_dec(t.min_fte).is_ge() && t.below_fte.is_none_or(|b| fte.cmp_dec(b).is_lt())
            })
            .map(|t| (t.charts, t))
    }

    /// The last day a score from `round` may be used: the close of the next round of the same
    /// program and season, or the fallback number of months after its own close when the
    /// calendar does not yet list that round. The flag says whether the fallback was used.
    #[must_use]
    pub fn validity_end(&self, round: &RoundDef) -> (Date, bool) {
        let next = self
            .rounds
            .iter()
            .filter(|r| r.program == round.program && r.season == round.season)
            .filter(|r| r.opens > round.closes)
            .min_by_key(|r| r.opens);
        match next {
            Some(n) => (n.closes, false),
            None => {
                let months = self.eligibility.fallback_validity_months;
                let end = round
                    .closes
                    .checked_add(jiff::Span::new().months(months))
                    .unwrap_or(round.closes);
                (end, true)
            }
        }
    }
}

/// Identifies the edition used, in every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionRef {
    /// Edition id.
    pub id: String,
    /// Edition title.
    pub title: String,
}

/// The problems of a table banded by FTE (the chart minimums, the fee tiers): rows must start at
/// 0, follow each other without gap or overlap, and end with one open-ended row, so that every
/// FTE falls in exactly one row. `bands` holds each row's name, `min_fte` and `below_fte`;
/// `noun` names a row ("row", "tier") and `beyond` says what larger practices would lack. Each
/// problem comes with the index of the row concerned, for the caller to locate.
pub(crate) fn fte_band_problems(
    bands: &[(String, Dec2, Option<Dec2>)],
    noun: &str,
    beyond: &str,
) -> Vec<(usize, String, &'static str)> {
    let describe = |(name, min, below): &(String, Dec2, Option<Dec2>)| match below {
        Some(b) => format!("{name} ({} ≤ FTE < {})", min.trimmed(), b.trimmed()),
        None => format!("{name} (FTE ≥ {})", min.trimmed()),
    };
    let mut out = Vec::new();
    let mut expected = Dec2::ZERO;
    for (i, band) in bands.iter().enumerate() {
        let (_, min, below) = band;
        if *min != expected {
            let what = if *min > expected {
                "leaves a gap"
            } else {
                "overlaps"
            };
            let prev = if i == 0 {
                "the start at 0 FTE".to_owned()
            } else {
                describe(&bands[i - 1])
            };
            out.push((
                i,
                format!("{} {what} after {prev}", describe(band)),
                "each min_fte must equal the previous below_fte (the first starts at 0)",
            ));
        }
        match below {
            Some(b) if b <= min => out.push((
                i,
                format!("{} is empty", describe(band)),
                "below_fte must be greater than min_fte",
            )),
            Some(b) => expected = *b,
            None if i + 1 != bands.len() => out.push((
                i,
                format!(
                    "{} is open-ended but is not the last {noun}",
                    describe(band)
                ),
                "only the last one may omit below_fte",
            )),
            None => {}
        }
    }
    if let Some(last) = bands.last().filter(|b| b.2.is_some()) {
        out.push((
            bands.len() - 1,
            format!(
                "the last {noun}, {}, has an upper bound, so larger practices {beyond}",
                describe(last)
            ),
            "omit below_fte on the last one",
        ));
    }
    out
}

/// Parses a TOML data file into `T`, turning a syntax, key or type error into a located
/// [`InputError`] (the same shape as a malformed application's).
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, InputError> {
    toml::from_str(text).map_err(|e| {
        let location = e.span().map(|s| offset_to_location(text, s.start));
        let (code, hint) = classify_toml_error(e.message());
        InputError::single(path, code, location, e.message().trim().to_owned(), hint)
    })
}

/// Maps a serde/TOML message to an input code and a hint.
pub(crate) fn classify_toml_error(msg: &str) -> (&'static str, String) {
    if msg.contains("unknown field") {
        ("unknown-key", suggest_from_message(msg))
    } else if msg.contains("missing field") {
        ("missing-key", "add the missing key".into())
    } else if msg.contains("invalid type") || msg.contains("unknown variant") {
        ("wrong-type", "write the value in the expected form".into())
    } else {
        ("yaml-syntax", "fix the TOML syntax at this position".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> RuleEdition {
        RuleEdition::embedded().expect("embedded edition loads")
    }

    #[test]
    fn embedded_edition_loads_and_covers_2023_to_2027() {
        let e = edition();
        for year in 2023..=2027 {
            assert!(
                e.rounds.iter().any(|r| r.opens.year() == year),
                "no round opens in {year}"
            );
        }
        assert_eq!(e.eligibility.score_threshold, Dec2::from_int(75));
        assert_eq!(e.eligibility.hours_per_fte, Dec2::from_int(40));
    }

    #[test]
    fn validity_runs_to_the_close_of_the_next_round_of_the_same_season() {
        // docs/rules.md §3: a Fall 2024 score is valid until the last day of the Fall 2025 round.
        let e = edition();
        let r = e.round("QOPI-2024-R2").unwrap();
        let next = e.round("QOPI-2025-R2").unwrap();
        assert_eq!(e.validity_end(r), (next.closes, false));
    }

    #[test]
    fn tiers_with_gaps_or_overlaps_are_rejected_naming_the_rows() {
        let broken = DEFAULT_EDITION_TOML.replacen("min_fte = 2\n", "min_fte = 3\n", 1);
        let err = RuleEdition::from_toml(Path::new("r.toml"), &broken).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("leaves a gap"), "{msg}");
        assert!(msg.contains("row 2"), "{msg}");
        let overl = DEFAULT_EDITION_TOML.replacen("min_fte = 2\n", "min_fte = 1\n", 1);
        let msg = RuleEdition::from_toml(Path::new("r.toml"), &overl)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("overlaps"), "{msg}");
    }

    #[test]
    fn malformed_rules_get_a_located_error() {
        let bad = DEFAULT_EDITION_TOML.replacen("score_threshold", "score_treshold", 1);
        let err = RuleEdition::from_toml(Path::new("r.toml"), &bad).unwrap_err();
        let p = &err.problems[0];
        assert_eq!(p.code, "unknown-key");
        assert!(p.location.is_some());
        assert!(p.hint.contains("score_threshold"), "{}", p.hint);
    }

    /// The 2019 edition (S0), as shipped.
    fn edition_2019() -> RuleEdition {
        RuleEdition::from_toml(
            Path::new("rules-qcp-2019.toml"),
            include_str!("../standards/rules-qcp-2019.toml"),
        )
        .expect("2019 edition loads")
    }

    #[test]
    fn rules_show_lists_qopi_participation_countries_apart_from_certification_s4() {
        // S4: certification is offered in six countries; QOPI itself is open to a wider list
        // and to the US territories (S2). `rules show` prints both lists, apart, with their
        // provenance, in both editions.
        for e in [edition(), edition_2019()] {
            let wide = crate::render::Style {
                color: false,
                width: 400,
            };
            let text = crate::render::rules(&e, "test", wide);
            let line = |label: &str| {
                text.lines()
                    .find(|l| l.contains(label))
                    .unwrap_or_else(|| panic!("no `{label}` row in:\n{text}"))
                    .to_owned()
            };
            let cert = line("certification countries");
            let qopi = line("QOPI participation countries (not certification)");
            assert!(cert.contains("US, BR, GR, RO, SA, ES"), "{cert}");
            // Near miss: Puerto Rico takes part in QOPI but is not on the certification list.
            assert!(
                qopi.contains("PR") && !cert.contains("PR"),
                "{cert}\n{qopi}"
            );
            // The one list in force, `[qopi] participation_countries`, with its source.
            let q = e.qopi_countries();
            assert!(
                q.basis.contains("[qopi] participation_countries"),
                "{}",
                q.basis
            );
            assert!(qopi.contains(&q.basis), "{qopi}");
            assert!(e.qopi_open_in("pr") && !e.qopi_open_in("ZZ"));
            assert!(line("US territories (QOPI participation)").contains("PR"));
            for key in [
                "eligibility.us_territories",
                "eligibility.us_territories_certified_as_us",
            ] {
                let p = e.provenance_of(key).expect("labelled");
                assert!(p.source.contains("S4") || p.source.contains("data choice"));
                assert!(line(key).contains(p.standing.label()), "{key}");
            }
            assert!(e.unlabelled().is_empty(), "{:?}", e.unlabelled());
        }
    }

    #[test]
    fn chart_minimum_boundaries() {
        let e = edition();
        for t in &e.eligibility.unique_charts {
            let at_min = Fte::from_dec(if t.min_fte == Dec2::ZERO {
                Dec2::from_hundredths(1)
            } else {
                t.min_fte
            });
            assert_eq!(e.min_charts(at_min).map(|x| x.0), Some(t.charts));
            if let Some(b) = t.below_fte {
                let just_below = Fte::from_dec(Dec2::from_hundredths(b.hundredths() - 1));
                assert_eq!(e.min_charts(just_below).map(|x| x.0), Some(t.charts));
            }
        }
    }
}
