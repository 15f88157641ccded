//! The `survey` section (docs/rules.md §2 milestone 7–9, §6) and the `timeline` section (outcome dates of
//! portal steps that happen outside qcp, docs/rules.md §9), raw and validated.
//!
//! Dates are read as text and validated exactly; a reversed range is *kept* (from after to) so
//! that `qcp survey check` can report it as a located finding rather than refuse the file. No
//! scheduling rule is judged here: that is `survey` and `status`.
#![allow(missing_docs)] // raw types: every key is documented in docs/application-format.md

use jiff::civil::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw::Text;
use crate::source::{index, join};
use crate::units::Date;

/// Virtual or on-site survey: the one vocabulary of the file and the CCR.
pub use crate::vocabulary::SurveyMode;

/// A weekday name as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WeekdayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<WeekdayName> for Weekday {
    fn from(w: WeekdayName) -> Self {
        match w {
            WeekdayName::Monday => Weekday::Monday,
            WeekdayName::Tuesday => Weekday::Tuesday,
            WeekdayName::Wednesday => Weekday::Wednesday,
            WeekdayName::Thursday => Weekday::Thursday,
            WeekdayName::Friday => Weekday::Friday,
            WeekdayName::Saturday => Weekday::Saturday,
            WeekdayName::Sunday => Weekday::Sunday,
        }
    }
}

/// The weekday's English name.
#[must_use]
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSurvey {
    pub mode: Option<SurveyMode>,
    pub form_date: Option<Text>,
    pub application_submitted: Option<Text>,
    pub preferred_weekdays: Option<Vec<WeekdayName>>,
    pub options: Option<Vec<RawDateOption>>,
    pub unavailable: Option<Vec<RawRange>>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub equipment_loan_attested: Option<bool>,
    pub surveyor_notice: Option<Text>,
    pub conflict_of_interest_reply: Option<Text>,
    pub survey_date: Option<Text>,
    /// The survey date agreed earlier, when the practice asked to change it (YYYY-MM-DD).
    pub rescheduled_from: Option<Text>,
}

/// A date option: one date, or a range of dates.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum RawDateOption {
    Single(Text),
    Range(RawRange),
}

/// Decided by the value's own shape, not by serde's untagged buffering: an error then points
/// at the bad option itself (not the first one) and never names this type.
impl<'de> Deserialize<'de> for RawDateOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawDateOption;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("one date (YYYY-MM-DD) or a mapping with `from:` and `to:`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawDateOption::Single(Text(v.to_owned())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawDateOption::Single(Text(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawDateOption::Single(Text(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawDateOption::Single(Text(v.to_string())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                m: A,
            ) -> Result<Self::Value, A::Error> {
                RawRange::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(RawDateOption::Range)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    pub from: Text,
    pub to: Text,
    pub reason: Option<Text>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTimeline {
    pub eligibility_approved: Option<Text>,
    pub agreement_signed: Option<Text>,
    pub questionnaire_submitted: Option<Text>,
    pub planned_submission: Option<Text>,
    pub invoice_received: Option<Text>,
    pub paid: Option<Text>,
    pub documents_submitted: Option<Text>,
    pub ccr_received: Option<Text>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub all_standards_met: Option<bool>,
    pub action_plan_submitted: Option<Text>,
    pub extension_requested: Option<Text>,
    pub final_ccr: Option<Text>,
    pub evidence_submitted: Option<Text>,
    pub certified: Option<Text>,
}

/// A run of days `from..=to` (equal for a single date). `from > to` is kept for the check to
/// report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateSpan {
    /// YAML path of the entry.
    pub path: String,
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// Written as a single date rather than a range.
    pub single: bool,
    /// Why (unavailable ranges).
    pub reason: Option<String>,
}

impl DateSpan {
    /// Whether the two spans share a day.
    #[must_use]
    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    /// Whether `d` lies in the span.
    #[must_use]
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The survey availability form and the survey's dates.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SurveyForm {
    /// Virtual or in person.
    pub mode: Option<SurveyMode>,
    /// The day the availability form is (to be) filled in.
    pub form_date: Option<Date>,
    /// The day the application was submitted (the older edition counts from it).
    pub application_submitted: Option<Date>,
    /// Preferred weekdays, in the order written.
    #[serde(serialize_with = "ser_weekdays")]
    pub preferred_weekdays: Vec<Weekday>,
    /// Date options in order of preference.
    pub options: Vec<DateSpan>,
    /// Days the practice cannot host the survey.
    pub unavailable: Vec<DateSpan>,
    /// The equipment loan agreement attestation (virtual surveys).
    pub equipment_loan_attested: Option<bool>,
    /// The day the surveyor assignment and date were notified.
    pub surveyor_notice: Option<Date>,
    /// The day the practice answered the conflict-of-interest question.
    pub conflict_of_interest_reply: Option<Date>,
    /// The survey's agreed date.
    pub survey_date: Option<Date>,
    /// The date agreed before the practice asked to change it.
    pub rescheduled_from: Option<Date>,
}

fn ser_weekdays<S: serde::Serializer>(w: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(w.iter().map(|d| weekday_name(*d)))
}

/// Outcome dates of portal steps (docs/rules.md §9): qcp records them so status and deadlines stay
/// right. Every field is optional.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Timeline {
    pub eligibility_approved: Option<Date>,
    pub agreement_signed: Option<Date>,
    pub questionnaire_submitted: Option<Date>,
    pub planned_submission: Option<Date>,
    pub invoice_received: Option<Date>,
    pub paid: Option<Date>,
    pub documents_submitted: Option<Date>,
    pub ccr_received: Option<Date>,
    pub all_standards_met: Option<bool>,
    pub action_plan_submitted: Option<Date>,
    pub extension_requested: Option<Date>,
    pub final_ccr: Option<Date>,
    pub evidence_submitted: Option<Date>,
    pub certified: Option<Date>,
}

/// Validates the survey section; `date` reads one date, recording bad values.
pub(super) fn survey(
    s: &RawSurvey,
    date: &mut dyn FnMut(Option<&Text>, &str) -> Option<Date>,
) -> SurveyForm {
    let span = |r: &RawRange,
                path: String,
                date: &mut dyn FnMut(Option<&Text>, &str) -> Option<Date>|
     -> Option<DateSpan> {
        let from = date(Some(&r.from), &join(&path, "from"));
        let to = date(Some(&r.to), &join(&path, "to"));
        Some(DateSpan {
            from: from?,
            to: to?,
            single: false,
            reason: r
                .reason
                .as_ref()
                .map(|t| t.0.trim().to_owned())
                .filter(|t| !t.is_empty()),
            path,
        })
    };
    let options = s
        .options
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, o)| {
            let path = index("survey.options", i);
            match o {
                RawDateOption::Single(t) => {
                    let d = date(Some(t), &path)?;
                    Some(DateSpan {
                        path,
                        from: d,
                        to: d,
                        single: true,
                        reason: None,
                    })
                }
                RawDateOption::Range(r) => span(r, path, date),
            }
        })
        .collect();
    let unavailable = s
        .unavailable
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, r)| span(r, index("survey.unavailable", i), date))
        .collect();
    let mut weekdays: Vec<Weekday> = Vec::new();
    for w in s.preferred_weekdays.iter().flatten() {
        let w = Weekday::from(*w);
        if !weekdays.contains(&w) {
            weekdays.push(w);
        }
    }
    SurveyForm {
        mode: s.mode,
        form_date: date(s.form_date.as_ref(), "survey.form_date"),
        application_submitted: date(
            s.application_submitted.as_ref(),
            "survey.application_submitted",
        ),
        preferred_weekdays: weekdays,
        options,
        unavailable,
        equipment_loan_attested: s.equipment_loan_attested,
        surveyor_notice: date(s.surveyor_notice.as_ref(), "survey.surveyor_notice"),
        conflict_of_interest_reply: date(
            s.conflict_of_interest_reply.as_ref(),
            "survey.conflict_of_interest_reply",
        ),
        survey_date: date(s.survey_date.as_ref(), "survey.survey_date"),
        rescheduled_from: date(s.rescheduled_from.as_ref(), "survey.rescheduled_from"),
    }
}

/// Validates the timeline section.
pub(super) fn timeline(
    t: &RawTimeline,
    date: &mut dyn FnMut(Option<&Text>, &str) -> Option<Date>,
) -> Timeline {
    let mut d = |v: &Option<Text>, key: &str| date(v.as_ref(), &join("timeline", key));
    Timeline {
        eligibility_approved: d(&t.eligibility_approved, "eligibility_approved"),
        agreement_signed: d(&t.agreement_signed, "agreement_signed"),
        questionnaire_submitted: d(&t.questionnaire_submitted, "questionnaire_submitted"),
        planned_submission: d(&t.planned_submission, "planned_submission"),
        invoice_received: d(&t.invoice_received, "invoice_received"),
        paid: d(&t.paid, "paid"),
        documents_submitted: d(&t.documents_submitted, "documents_submitted"),
        ccr_received: d(&t.ccr_received, "ccr_received"),
        all_standards_met: t.all_standards_met,
        action_plan_submitted: d(&t.action_plan_submitted, "action_plan_submitted"),
        extension_requested: d(&t.extension_requested, "extension_requested"),
        final_ccr: d(&t.final_ccr, "final_ccr"),
        evidence_submitted: d(&t.evidence_submitted, "evidence_submitted"),
        certified: d(&t.certified, "certified"),
    }
}
