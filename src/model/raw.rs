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
    pub format_version: Option<NumberText>,
    pub practice: RawPractice,
    pub applicant: Option<RawApplicant>,
    #[serde(default)]
    pub rounds: Vec<RawRound>,
    pub eligibility: Option<RawEligibility>,
    // Sections filled by later milestones; each has its own command and checks.
    pub agreements: Option<super::sections::RawAgreements>,
    pub questionnaire: Option<super::sections::RawQuestionnaire>,
    pub payment: Option<super::sections::RawPayment>,
    pub documents: Option<super::documents::RawDocuments>,
    pub survey: Option<super::survey::RawSurvey>,
    pub timeline: Option<super::survey::RawTimeline>,
    pub ccr: Option<super::ccr::RawCcr>,
    pub decision: Option<super::ccr::RawDecision>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPractice {
    pub name: Text,
    pub program_id: Option<Text>,
    pub country: Text,
    pub participation: Option<Participation>,
    pub fte: Option<NumberText>,
    pub clinicians: Option<Vec<RawClinician>>,
    #[serde(default)]
    pub physicians: Vec<RawPhysician>,
    #[serde(default)]
    pub sites: Vec<RawSite>,
    #[serde(default)]
    pub tax_ids: Vec<Text>,
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
    pub name: Text,
    pub weekly_hours: NumberText,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPhysician {
    pub name: Text,
    pub npi: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub name: Text,
    pub address: Option<Text>,
    pub city: Option<Text>,
    pub state: Option<Text>,
    pub postal_code: Option<Text>,
    pub country: Option<Text>,
    pub administers_chemotherapy: Option<bool>,
    pub prepares_chemotherapy: Option<bool>,
    pub fte: Option<NumberText>,
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
    pub name: Text,
    pub email: Option<Text>,
    pub phone: Option<Text>,
    #[serde(default)]
    pub types: Vec<ContactType>,
    #[serde(default)]
    pub trusted: bool,
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
    #[serde(rename = "type")]
    pub kind: ApplicantType,
    pub current_certification: Option<RawCertification>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCertification {
    pub awarded: Text,
    pub expires: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRound {
    pub id: Text,
    pub overall_score: Option<Text>,
    pub unique_charts: Option<NumberText>,
    pub site_charts: Option<Vec<RawSiteCharts>>,
    pub qcp_track: Option<bool>,
    #[serde(default)]
    pub used_by_earlier_application: bool,
    pub charts_entered: Option<NumberText>,
    pub final_report: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSiteCharts {
    pub site: Text,
    pub charts: NumberText,
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

/// An attestation answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
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
    pub form_date: Option<Text>,
    pub round: Option<Text>,
    pub category: Option<Category>,
    pub simultaneous_approved: Option<bool>,
    pub attestations: Option<RawAttestations>,
    pub webinar: Option<RawWebinar>,
    pub legal_entity: Option<Text>,
    pub legal_reviewer: Option<RawPerson>,
    pub staff_exception: Option<RawException>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAttestations {
    pub charts_from_all_sites: Option<Answer>,
    pub charts_exhausted: Option<Answer>,
    pub comment: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWebinar {
    pub attendee: Option<Text>,
    pub date: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: Option<Text>,
    pub email: Option<Text>,
    pub phone: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawException {
    pub granted: bool,
    pub date: Option<Text>,
    pub by: Option<Text>,
    pub reason: Option<Text>,
}
