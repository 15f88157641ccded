//! The application as rule code sees it: validated, typed, with no raw strings left to parse.
//!
//! [`load`] reads a file, parses it fast into [`raw`] types and validates them into
//! [`Application`], where a date is a real date, a score a percentage of at most 100 with two
//! decimals, and a count a whole number. Anything that cannot become such a value is an
//! [`InputError`](crate::error::InputError) naming its line and column. Collections keep the YAML
//! path of each item so that checks can point findings at it.

pub mod ccr;
pub mod documents;
pub mod load;
pub mod prescan;
pub mod qopi;
pub mod raw;
pub mod readiness;
pub mod schema;
pub mod sections;
pub mod survey;
mod validate;
mod values;

use serde::Serialize;

pub use raw::{Answer, ApplicantType, Category, ContactType, Participation};
pub use sections::{
    Agreements, Payment, PaymentMode, PracticeRequest, Questionnaire, RequestKind,
    TransactionStructure,
};

use crate::units::{Date, Dec2, Fte, Percent};

/// A validated application file.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    /// The file's declared format version.
    pub format_version: u32,
    /// The practice (the applicant).
    pub practice: Practice,
    /// New or re-certifying, with the current certification when re-certifying.
    pub applicant: Applicant,
    /// QOPI / SmartLinQ / annual-pilot rounds the practice took part in.
    pub rounds: Vec<Round>,
    /// The eligibility form, when filled in.
    pub eligibility: Option<EligibilityForm>,
    /// The survey availability form and survey dates (docs/rules.md §6), when present.
    pub survey: Option<survey::SurveyForm>,
    /// Outcome dates of portal steps (docs/rules.md §9).
    pub timeline: survey::Timeline,
    /// The agreements step, when recorded.
    pub agreements: Option<Agreements>,
    /// The questionnaire, when recorded.
    pub questionnaire: Option<Questionnaire>,
    /// Payment records, when recorded.
    pub payment: Option<Payment>,
    /// Pre- and post-survey documents (docs/rules.md §5), when the section is present.
    pub documents: Option<documents::Documents>,
    /// The Certification Compliance Report, action plan and evidence (`ccr`, docs/rules.md §7).
    pub ccr: Option<ccr::Ccr>,
    /// The certification decision (`decision`).
    pub decision: Option<ccr::Decision>,
    /// QOPI registration, users and participation per round (`qopi`), when present.
    pub qopi: Option<qopi::Qopi>,
    /// The practice's own mock survey (`readiness`, issue 15), when present.
    pub readiness: Option<readiness::Readiness>,
    /// Names of later-milestone sections present in the file (checked by their own commands).
    pub other_sections: Vec<&'static str>,
}

/// The practice.
#[derive(Debug, Clone, Serialize)]
pub struct Practice {
    /// Practice name.
    pub name: String,
    /// QOPI practice id.
    pub program_id: Option<String>,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
    /// Practice- or site-level participation in QOPI rounds.
    pub participation: Participation,
    /// FTE as given, if given.
    pub fte: Option<Dec2>,
    /// Clinicians with weekly clinical hours, if listed.
    pub clinicians: Vec<Clinician>,
    /// Physicians with NPI.
    pub physicians: Vec<Physician>,
    /// Sites.
    pub sites: Vec<Site>,
    /// Tax ids.
    pub tax_ids: Vec<String>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Name-change and transaction requests.
    pub requests: Vec<PracticeRequest>,
}

/// Where an FTE figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FteSource {
    /// Given as a number.
    Given,
    /// Computed from clinicians' weekly hours.
    Hours,
}

/// An FTE figure and its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FteFigure {
    /// The value.
    pub value: Fte,
    /// Where it came from.
    pub source: FteSource,
    /// Total weekly hours, when computed from hours.
    pub hours: Option<Dec2>,
}

fn fte_of(given: Option<Dec2>, clinicians: &[Clinician], hours_per_fte: Dec2) -> Option<FteFigure> {
    if let Some(v) = given {
        return Some(FteFigure {
            value: Fte::from_dec(v),
            source: FteSource::Given,
            hours: None,
        });
    }
    if clinicians.is_empty() {
        return None;
    }
    let hours = clinicians.iter().fold(Dec2::ZERO, |acc, c| {
        Dec2::from_hundredths(acc.hundredths() + c.weekly_hours.hundredths())
    });
    Fte::from_hours(hours, hours_per_fte).map(|value| FteFigure {
        value,
        source: FteSource::Hours,
        hours: Some(hours),
    })
}

impl Practice {
    /// The practice's FTE: the `fte` figure if given, else the clinicians' weekly hours divided
    /// by the edition's hours per FTE (`rules.eligibility.hours_per_fte`).
    #[must_use]
    pub fn fte(&self, hours_per_fte: Dec2) -> Option<FteFigure> {
        fte_of(self.fte, &self.clinicians, hours_per_fte)
    }

    /// FTE computed from clinicians' hours, when clinicians are listed (used to cross-check a
    /// given `fte`).
    #[must_use]
    pub fn fte_from_hours(&self, hours_per_fte: Dec2) -> Option<FteFigure> {
        fte_of(None, &self.clinicians, hours_per_fte)
    }

    /// The site named `name`.
    #[must_use]
    pub fn site(&self, name: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.name == name)
    }
}

/// A clinician whose weekly clinical hours count towards FTE.
#[derive(Debug, Clone, Serialize)]
pub struct Clinician {
    /// Name.
    pub name: String,
    /// Weekly clinical hours.
    pub weekly_hours: Dec2,
}

/// A physician.
#[derive(Debug, Clone, Serialize)]
pub struct Physician {
    /// YAML path of the entry.
    pub path: String,
    /// Name.
    pub name: String,
    /// NPI as written (digits; `0` outside the US).
    pub npi: String,
}

/// A practice site.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// YAML path of the entry.
    pub path: String,
    /// Name (unique within the practice).
    pub name: String,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Does the site administer chemotherapy?
    pub administers_chemotherapy: Option<bool>,
    /// Does the site have a pharmacy that prepares chemotherapy?
    pub prepares_chemotherapy: Option<bool>,
    /// Site FTE as given (site-level participation).
    pub fte: Option<Dec2>,
    /// Site clinicians (site-level participation).
    pub clinicians: Vec<Clinician>,
}

impl Site {
    /// The site's FTE (given, or from its clinicians' hours per `hours_per_fte`).
    #[must_use]
    pub fn fte(&self, hours_per_fte: Dec2) -> Option<FteFigure> {
        fte_of(self.fte, &self.clinicians, hours_per_fte)
    }
}

/// A contact person of the practice.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    /// YAML path of the entry.
    pub path: String,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Contact types.
    pub types: Vec<ContactType>,
    /// May act for the practice.
    pub trusted: bool,
    /// The practice's primary contact.
    pub primary: bool,
}

/// Applicant type and current certification.
#[derive(Debug, Clone, Serialize)]
pub struct Applicant {
    /// New or re-certifying.
    pub kind: ApplicantType,
    /// The certification in force (re-certifying practices).
    pub current_certification: Option<Certification>,
}

/// A certification term.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Certification {
    /// Date awarded.
    pub awarded: Date,
    /// Date it expires.
    pub expires: Date,
}

/// A round the practice took part in, with its results.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// YAML path of the entry.
    pub path: String,
    /// Round id from the edition's calendar.
    pub id: String,
    /// Overall Quality Score.
    pub overall_score: Option<Percent>,
    /// Unique charts abstracted (practice-level participation).
    pub unique_charts: Option<u32>,
    /// Unique charts per site (site-level participation).
    pub site_charts: Vec<SiteCharts>,
    /// Whether the QCP track was abstracted.
    pub qcp_track: Option<bool>,
    /// Already used by an earlier application.
    pub used_by_earlier_application: bool,
    /// Charts entered so far (the current round, simultaneous applicants).
    pub charts_entered: Option<u32>,
    /// Date of the round's final report.
    pub final_report: Option<Date>,
    /// The minimum unique charts the practice's QOPI report shows (its own record).
    pub min_unique_charts: Option<u32>,
    /// The round's open date as the practice recorded it from the QOPI dashboard.
    pub opens: Option<Date>,
    /// The round's close date as the practice recorded it from the QOPI dashboard.
    pub closes: Option<Date>,
}

/// Unique charts of one site in a round.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCharts {
    /// YAML path of the entry.
    pub path: String,
    /// Site name.
    pub site: String,
    /// Unique charts.
    pub charts: u32,
}

/// The eligibility form (portal milestone 1).
#[derive(Debug, Clone, Serialize)]
pub struct EligibilityForm {
    /// The day the form is (to be) filled in.
    pub form_date: Option<Date>,
    /// The chosen round's id.
    pub round: Option<String>,
    /// Regular or simultaneous.
    pub category: Category,
    /// Staff approval of a simultaneous application.
    pub simultaneous_approved: Option<bool>,
    /// Charts abstracted from all sites seeking certification.
    pub charts_from_all_sites: Option<Answer>,
    /// All eligible charts exhausted (when below the minimum).
    pub charts_exhausted: Option<Answer>,
    /// Comment accompanying the attestations.
    pub attestation_comment: Option<String>,
    /// Whether the attestations section exists at all.
    pub has_attestations: bool,
    /// Webinar attendee.
    pub webinar_attendee: Option<String>,
    /// Webinar date.
    pub webinar_date: Option<Date>,
    /// Legal entity named on the participation agreement.
    pub legal_entity: Option<String>,
    /// Legal reviewer's name, e-mail, phone.
    pub legal_reviewer: Person,
    /// A staff exception, if recorded.
    pub staff_exception: Option<StaffException>,
}

/// A named person with contact details.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Person {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// An eligibility exception granted by QCP staff.
#[derive(Debug, Clone, Serialize)]
pub struct StaffException {
    /// Whether it was granted.
    pub granted: bool,
    /// When.
    pub date: Option<Date>,
    /// By whom.
    pub by: Option<String>,
    /// Why.
    pub reason: Option<String>,
}
