//! The application file exactly as serde reads it: strings and scalar text, no judgement yet.
//!
//! Every struct denies unknown keys, so a misspelt key is an error with a suggestion rather than
//! a silently ignored line. Numbers and dates are kept as the text the user wrote
//! ([`NumberText`], [`Text`]) so that the validation step can read them exactly and report every
//! bad value at once, each at its own line and column.
//!
//! Field by field documentation: `docs/application-format.md`.
#![allow(missing_docs)]

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use crate::units::NumberText;

/// A scalar's text as written (`2026-02-30`, `"86%"`, `0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a single value (text, a number or a date), not a list or mapping")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                // The value budget (docs/DESIGN.md, "Budgets"); the pre-scan then locates it.
                if v.len() > super::prescan::MAX_SCALAR_BYTES {
                    return Err(E::custom(format_args!(
                        "value too long ({} bytes)",
                        v.len()
                    )));
                }
                Ok(Text(v.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "a single value: text, a number or a date (YYYY-MM-DD)",
            "type": ["string", "number", "integer", "boolean"]
        })
    }
}

/// A mapping keyed by name (`questionnaire.supplemental`, `documents.elements`,
/// `documents.post_survey`) that refuses a repeated key instead of letting the last one win.
/// The typed parse then fails and the pre-scan reports the key at its second occurrence.
pub(crate) fn unique_map<'de, D, V>(d: D) -> Result<std::collections::BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct M<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for M<V> {
        type Value = std::collections::BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a mapping")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((k, v)) = m.next_entry::<String, V>()? {
                if k.len() > super::prescan::MAX_SCALAR_BYTES {
                    return Err(serde::de::Error::custom("key too long"));
                }
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format_args!(
                        "duplicate key `{}`",
                        super::prescan::shorten(&k)
                    )));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(M(std::marker::PhantomData))
}

/// [`unique_map`] for an optional section.
pub(crate) fn unique_map_opt<'de, D, V>(
    d: D,
) -> Result<Option<std::collections::BTreeMap<String, V>>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    unique_map(d).map(Some)
}

/// The whole file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawApplication {
    /// The file format's version: `1`, the only one this qcp reads. Optional.
    pub format_version: Option<NumberText>,
    /// The applicant practice (required): name, country, size, sites, physicians and contacts.
    pub practice: RawPractice,
    /// Whether this is a first application or a re-certification, with the certification in force.
    pub applicant: Option<RawApplicant>,
    /// QOPI / SmartLinQ rounds the practice took part in, with their results.
    #[serde(default)]
    pub rounds: Vec<RawRound>,
    /// The eligibility form (portal milestone 1), checked by `qcp eligibility check`.
    pub eligibility: Option<RawEligibility>,
    // Sections filled by later milestones; each has its own command and checks.
    /// The BAA, the participation agreement and the international review (milestone 3).
    pub agreements: Option<super::sections::RawAgreements>,
    /// The application questionnaire's three sections (milestone 4), checked by `qcp questionnaire check`.
    pub questionnaire: Option<super::sections::RawQuestionnaire>,
    /// Invoice request, invoice, payment and the recorded fee estimate (milestone 5).
    pub payment: Option<super::sections::RawPayment>,
    /// Pre-survey documents per standard element and post-survey resolutions per CCR issue, checked by `qcp checklist` and `qcp bundle check`.
    pub documents: Option<super::documents::RawDocuments>,
    /// Survey availability and the survey's dates (milestones 7 to 9), checked by `qcp survey check`.
    pub survey: Option<super::survey::RawSurvey>,
    /// Dates of portal steps qcp cannot see, read by `qcp status` and `qcp deadlines`.
    pub timeline: Option<super::survey::RawTimeline>,
    /// The Certification Compliance Report, action plan and implementation evidence, checked by `qcp ccr summary`.
    pub ccr: Option<super::ccr::RawCcr>,
    /// The certification decision.
    pub decision: Option<super::ccr::RawDecision>,
    /// QOPI registration, users and roles, and participation per round, checked by `qcp qopi check`.
    pub qopi: Option<super::qopi::RawQopi>,
    /// The practice's own mock survey: a rating per standard with evidence, owner and actions, reported by `qcp readiness`.
    pub readiness: Option<super::readiness::RawReadiness>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPractice {
    /// The practice's name (required).
    pub name: Text,
    /// The QOPI practice id.
    pub program_id: Option<Text>,
    /// ISO 3166-1 alpha-2 country code (required), e.g. `US` or `BR`.
    pub country: Text,
    /// How the QOPI round was abstracted: `practice` (default) or `site` (then chart minimums are per site).
    pub participation: Option<Participation>,
    /// Full-time equivalents (FTE) as a number with at most two decimals; or give `clinicians` instead.
    pub fte: Option<NumberText>,
    /// Clinicians with their weekly clinical hours; FTE is their total divided by the edition's hours per FTE. If `fte` is given too they must agree.
    pub clinicians: Option<Vec<RawClinician>>,
    /// Physicians with their NPI (10 digits with a valid check digit in the US, `0` elsewhere).
    #[serde(default)]
    pub physicians: Vec<RawPhysician>,
    /// The practice's sites; names are unique. With site-level participation each site needs `fte` or `clinicians`.
    #[serde(default)]
    pub sites: Vec<RawSite>,
    /// The practice's tax ids.
    #[serde(default)]
    pub tax_ids: Vec<Text>,
    /// People QCP staff may contact; exactly one is `primary: true`.
    #[serde(default)]
    pub contacts: Vec<RawContact>,
    /// Name-change and transaction requests sent to QCP staff.
    #[serde(default)]
    pub requests: Vec<super::sections::RawRequest>,
}

/// Whether the QOPI round was abstracted for the practice as a whole or per site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    /// One chart count for the practice.
    #[default]
    Practice,
    /// A chart count per site, each with its own minimum.
    Site,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClinician {
    /// The clinician's name.
    pub name: Text,
    /// Weekly clinical hours: a number of zero or more, at most two decimals.
    pub weekly_hours: NumberText,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPhysician {
    /// The physician's name.
    pub name: Text,
    /// National Provider Identifier: 10 digits with a valid check digit in the US, `0` elsewhere.
    pub npi: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// The site's name, unique within the practice.
    pub name: Text,
    /// Street address.
    pub address: Option<Text>,
    /// City.
    pub city: Option<Text>,
    /// State or province.
    pub state: Option<Text>,
    /// Postal code.
    pub postal_code: Option<Text>,
    /// ISO 3166-1 alpha-2 country code, when it differs from the practice's.
    pub country: Option<Text>,
    /// Whether chemotherapy is administered at this site.
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub administers_chemotherapy: Option<bool>,
    /// Whether chemotherapy is prepared at this site.
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub prepares_chemotherapy: Option<bool>,
    /// The site's FTE (site-level participation).
    pub fte: Option<NumberText>,
    /// The site's clinicians with their weekly hours (site-level participation).
    pub clinicians: Option<Vec<RawClinician>>,
}

/// Contact types as the portal lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactType {
    /// QOPI program administrator.
    ProgramAdministrator,
    /// Physician.
    Physician,
    /// Billing.
    Billing,
    /// Any other role.
    Other,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// The contact's name.
    pub name: Text,
    /// E-mail address; distinct across contacts.
    pub email: Option<Text>,
    /// Telephone number.
    pub phone: Option<Text>,
    /// Roles: `program_administrator`, `physician`, `billing`, `other`.
    #[serde(default)]
    pub types: Vec<ContactType>,
    /// A trusted contact (at least one is expected; the primary contact should be one).
    #[serde(default)]
    pub trusted: bool,
    /// The primary contact (exactly one).
    #[serde(default)]
    pub primary: bool,
}

/// New applicant or re-certifying practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// First application.
    New,
    /// A certified practice applying again.
    Recertifying,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawApplicant {
    /// `new` (first application) or `recertifying`.
    #[serde(rename = "type")]
    pub kind: ApplicantType,
    /// The certification in force, when re-certifying.
    pub current_certification: Option<RawCertification>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCertification {
    /// The day the certification in force was awarded (YYYY-MM-DD).
    pub awarded: Text,
    /// The day it expires (YYYY-MM-DD).
    pub expires: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRound {
    /// A round id from the edition's calendar (`qcp rules show`), e.g. `QOPI-2026-R1`.
    pub id: Text,
    /// The Overall Quality Score of the round's final report: 0 to 100 with at most two decimals, as a number (`86.25`) or text with a percent sign (`"86.25%"`).
    pub overall_score: Option<Text>,
    /// Unique charts abstracted (practice-level participation): a whole number.
    pub unique_charts: Option<NumberText>,
    /// Charts per site (site-level participation).
    pub site_charts: Option<Vec<RawSiteCharts>>,
    /// Whether the QCP track was abstracted.
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub qcp_track: Option<bool>,
    /// Whether the round's score already supported an application (default `false`).
    #[serde(default)]
    pub used_by_earlier_application: bool,
    /// Charts entered so far in the current round (simultaneous applicants): a whole number.
    pub charts_entered: Option<NumberText>,
    /// The date of the round's final report (YYYY-MM-DD).
    pub final_report: Option<Text>,
    /// The practice's own record: the minimum unique charts its QOPI report shows; takes
    /// precedence over the edition's chart table.
    pub min_unique_charts: Option<NumberText>,
    /// The practice's own record: the round's open date on the QOPI dashboard; takes precedence
    /// over the edition's round calendar.
    pub opens: Option<Text>,
    /// The practice's own record: the round's close date on the QOPI dashboard.
    pub closes: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSiteCharts {
    /// A site name from `practice.sites`.
    pub site: Text,
    /// Charts abstracted at that site: a whole number.
    pub charts: NumberText,
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`yes`, `no` or `not_applicable`")
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Answer, E> {
                Ok(if b { Answer::Yes } else { Answer::No })
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Answer, E> {
                match s {
                    "yes" => Ok(Answer::Yes),
                    "no" => Ok(Answer::No),
                    "not_applicable" => Ok(Answer::NotApplicable),
                    _ => Err(E::unknown_variant(s, &["yes", "no", "not_applicable"])),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Answer {
    fn schema_name() -> Cow<'static, str> {
        "Answer".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "`yes`, `no` or `not_applicable` (where offered); `true`/`false` read as yes/no",
            "anyOf": [{"enum": ["yes", "no", "not_applicable"]}, {"type": "boolean"}]
        })
    }
}

/// A yes/no flag of the file: YAML 1.2 `true`/`false`, or `yes`/`no` as the portal words it.
/// Every flag and every answer reads the same words (docs/application-format.md "Value forms").
pub(crate) fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("`true`/`false` (or `yes`/`no`)")
        }
        fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
            Ok(Some(b))
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            match s {
                "yes" => Ok(Some(true)),
                "no" => Ok(Some(false)),
                _ => Err(E::invalid_type(serde::de::Unexpected::Str(s), &self)),
            }
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_option(V)
}

/// [`flag`] for a flag that must be given.
pub(crate) fn flag_required<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    flag(d)?.ok_or_else(|| serde::de::Error::custom("expected `true`/`false` (or `yes`/`no`)"))
}

/// The JSON Schema of a flag: a boolean, or the words `yes` and `no`.
pub struct Flag;

impl JsonSchema for Flag {
    fn schema_name() -> Cow<'static, str> {
        "Flag".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "`true`/`false`, or `yes`/`no`",
            "anyOf": [{"type": "boolean"}, {"enum": ["yes", "no"]}]
        })
    }
}

/// Regular (completed round) or simultaneous (current round) applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Uses a completed round's final score.
    #[default]
    Regular,
    /// Uses the current round; needs staff approval.
    Simultaneous,
}

/// An attestation answer: `yes`, `no` or `not_applicable` (where the form offers it); `true`
/// and `false` are read as `yes` and `no`, as every flag of the file reads `yes` and `no`
/// (one vocabulary, docs/application-format.md "Value forms").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not applicable (only where the form offers it).
    NotApplicable,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEligibility {
    /// The day the form is filled in (YYYY-MM-DD; defaults to `--as-of`); the webinar must be on or before it.
    pub form_date: Option<Text>,
    /// The chosen round's id (one of `rounds`).
    pub round: Option<Text>,
    /// `regular` (default; a completed round) or `simultaneous` (the current round; needs staff approval).
    pub category: Option<Category>,
    /// Whether QCP staff approved a simultaneous application.
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub simultaneous_approved: Option<bool>,
    /// The form's attestations about charts.
    pub attestations: Option<RawAttestations>,
    /// Who attended the certification webinar, and when.
    pub webinar: Option<RawWebinar>,
    /// The legal entity named on the participation agreement.
    pub legal_entity: Option<Text>,
    /// The person who reviews and signs the agreements.
    pub legal_reviewer: Option<RawPerson>,
    /// An exception granted by QCP staff; it waives the failures the rule edition lists.
    pub staff_exception: Option<RawException>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAttestations {
    /// Charts were abstracted from all sites: `yes` or `no`.
    pub charts_from_all_sites: Option<Answer>,
    /// All eligible charts were abstracted: `yes`, `no` or `not_applicable`.
    pub charts_exhausted: Option<Answer>,
    /// Free-text comment.
    pub comment: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWebinar {
    /// Who attended.
    pub attendee: Option<Text>,
    /// The day of the webinar (YYYY-MM-DD).
    pub date: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    /// Name.
    pub name: Option<Text>,
    /// E-mail address.
    pub email: Option<Text>,
    /// Telephone number.
    pub phone: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawException {
    /// Whether the exception was granted.
    pub granted: bool,
    /// The day it was granted (YYYY-MM-DD).
    pub date: Option<Text>,
    /// Who granted it.
    pub by: Option<Text>,
    /// Why it was granted.
    pub reason: Option<Text>,
}
