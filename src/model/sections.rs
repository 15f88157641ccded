//! The application's own sections after eligibility: agreements, the questionnaire, payment, and
//! the practice's name-change and transaction requests — raw serde types and their validation.
//!
//! Raw types read every date and amount as the text written; the validation step turns them into the
//! typed values the checks use ([`Agreements`], [`Questionnaire`], [`Payment`],
//! [`PracticeRequest`]), collecting every bad value as an `input` finding at its YAML path. Whether
//! the values are *complete or consistent* is judged by `agreements`,
//! `questionnaire`, `records` and `fees`, not here.
//!
//! Which questionnaire items live where: the portal's practice profile asks for physicians with
//! NPI, sites, tax ids and the primary contact, which this file already records under `practice`
//! (one source of truth, also used by eligibility); the questionnaire section holds only what the
//! `practice` section has no place for (primary address, the FTE and site count declared at
//! application, the three "same across all sites" answers, practice detail, attestations and the
//! supplemental-cost answers). `docs/application-format.md` has the table.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw::{Answer, Text};
use crate::source::{index, join};
use crate::units::{Cents, Date, Dec2, NumberText};

// ------------------------------------------------------------------------------------ raw

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAgreements {
    pub baa: Option<RawBaa>,
    pub participation: Option<RawParticipationAgreement>,
    pub international_review: Option<RawInternationalReview>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBaa {
    pub version_signed: Option<Text>,
    pub signed_on: Option<Text>,
    /// The version the QOPI registration portal asks the practice to sign (its own record).
    pub version_requested: Option<Text>,
}

/// Where the participation agreement is in its e-signature workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Not yet sent for signature.
    NotSent,
    /// Sent for e-signature, not signed yet.
    Sent,
    /// Signed.
    Signed,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParticipationAgreement {
    pub status: AgreementStatus,
    pub sent_on: Option<Text>,
    pub signed_on: Option<Text>,
    pub signatory: Option<RawSignatory>,
    pub applicant: Option<RawApplicantPerson>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSignatory {
    pub name: Option<Text>,
    pub title: Option<Text>,
    pub email: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawApplicantPerson {
    pub name: Option<Text>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub signing_authority: Option<bool>,
}

/// The international agreement review (practices outside the US).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Not requested.
    NotRequested,
    /// Requested, legal review under way.
    Requested,
    /// Review completed; the international agreement can be signed.
    Completed,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInternationalReview {
    pub status: ReviewStatus,
    pub requested_on: Option<Text>,
    pub completed_on: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaire {
    pub practice_profile: Option<RawPracticeProfile>,
    pub practice_detail: Option<RawPracticeDetail>,
    pub attestations: Option<RawQuestionnaireAttestations>,
    /// Supplemental-cost answers keyed by the fee schedule's question id.
    #[serde(default, deserialize_with = "super::raw::unique_map_opt")]
    pub supplemental: Option<BTreeMap<String, Answer>>,
    pub submitted_on: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPracticeProfile {
    pub primary_address: Option<RawAddress>,
    pub fte: Option<NumberText>,
    pub sites_administering_chemotherapy: Option<NumberText>,
    pub same_tax_id: Option<Answer>,
    pub same_policies: Option<Answer>,
    pub same_ownership: Option<Answer>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAddress {
    pub address: Option<Text>,
    pub city: Option<Text>,
    pub state: Option<Text>,
    pub postal_code: Option<Text>,
    pub country: Option<Text>,
}

/// Who prepares chemotherapy (check all that apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preparer {
    Pharmacist,
    PharmacyTechnician,
    RegisteredNurse,
    Physician,
    PhysicianAssistant,
    AdvancedPracticeNurse,
    Other,
}

/// Routes of chemotherapy administered by practice staff (check all that apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Parenteral,
    Intrathecal,
    Intraperitoneal,
    Intravesicular,
    Other,
}

/// Practice affiliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Affiliation {
    AcademicFullTime,
    PrivateWithAcademicAffiliation,
    Employed,
    PrivateIndependent,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPracticeDetail {
    pub chemotherapy_prepared_by: Option<Vec<Preparer>>,
    pub prepared_by_other: Option<Text>,
    pub routes: Option<Vec<Route>>,
    pub routes_other: Option<Text>,
    pub affiliation: Option<Affiliation>,
    pub leadership_controls_infusion_policies: Option<Answer>,
    pub emr: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaireAttestations {
    pub standards_reviewed: Option<Answer>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub resurvey_fee_acknowledged: Option<bool>,
    pub application_accurate: Option<Answer>,
}

/// How the certification fee is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    /// A check to the payee on the invoice.
    Check,
    /// Wire / electronic funds transfer.
    ElectronicTransfer,
    /// Online credit-card payment in the portal (older portal only).
    OnlineCard,
}

impl PaymentMode {
    /// The mode as people read it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            PaymentMode::Check => "check",
            PaymentMode::ElectronicTransfer => "electronic transfer",
            PaymentMode::OnlineCard => "online card",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPayment {
    /// 2019 edition (S0): the pre-payment request sent to the QCP admin.
    pub prepayment_requested_on: Option<Text>,
    /// 2019 edition (S0): the QCP admin approved the pre-payment request.
    pub prepayment_approved_on: Option<Text>,
    pub invoice_requested_on: Option<Text>,
    pub invoice: Option<RawInvoice>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub invoice_and_w9_downloaded: Option<bool>,
    pub mode: Option<PaymentMode>,
    pub paid_on: Option<Text>,
    pub amount_paid: Option<NumberText>,
    /// Written by `qcp fee estimate --write`; read back only to keep the file loadable.
    pub estimate: Option<RawEstimateRecord>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInvoice {
    pub number: Option<Text>,
    pub date: Option<Text>,
    pub amount: Option<NumberText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEstimateRecord {
    pub estimated_on: Option<Text>,
    pub schedule: Option<Text>,
    pub schedule_version: Option<Text>,
    pub currency: Option<Text>,
    #[serde(default)]
    pub lines: Vec<RawEstimateLine>,
    pub total: Option<NumberText>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub invoice_request: Option<bool>,
    #[serde(default)]
    pub invoice_request_reasons: Vec<Text>,
    pub resurvey_fee_up_to: Option<NumberText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEstimateLine {
    pub item: Text,
    pub quantity: NumberText,
    pub unit: NumberText,
    pub amount: NumberText,
}

/// The kind of request sent to QCP staff about the practice's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Practice name change request.
    NameChange,
    /// Practice transaction request.
    Transaction,
}

/// Structure of a practice transaction, as the transaction form lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransactionStructure {
    /// Only the legal name changes.
    NameChangeOnly,
    /// The practice combined with another entity into a new company.
    Merger,
    /// The practice was bought by another entity.
    SaleAcquisition,
    /// Joined a consortium, or an affiliation with a hospital, practice-management or insurance
    /// company.
    ConsortiumOrAffiliation,
    /// Something else, described in `structure_other`.
    Other,
}

/// Where a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Being prepared.
    #[default]
    Draft,
    /// Sent to QCP staff.
    Submitted,
    /// Accepted by QCP staff.
    Approved,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRequest {
    pub kind: RequestKind,
    pub status: Option<RequestStatus>,
    pub structure: Option<TransactionStructure>,
    pub structure_other: Option<Text>,
    pub new_name: Option<Text>,
    pub effective: Option<Text>,
    pub signed_form: Option<Text>,
    pub submitted_on: Option<Text>,
}

// ------------------------------------------------------------------------------ validated

/// The agreements step (portal milestone 3).
#[derive(Debug, Clone, Serialize)]
pub struct Agreements {
    /// The QOPI business associate agreement.
    pub baa: Option<Baa>,
    /// The QCP participation agreement.
    pub participation: Option<ParticipationAgreement>,
    /// The international agreement review.
    pub international_review: Option<InternationalReview>,
}

/// The QOPI BAA as signed.
#[derive(Debug, Clone, Serialize)]
pub struct Baa {
    /// Version signed, as the QOPI registration portal names it.
    pub version_signed: Option<String>,
    /// When.
    pub signed_on: Option<Date>,
    /// The version the portal asks the practice to sign, as the practice recorded it.
    pub version_requested: Option<String>,
}

/// The participation agreement.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipationAgreement {
    /// Workflow status.
    pub status: AgreementStatus,
    /// Sent for e-signature on.
    pub sent_on: Option<Date>,
    /// Signed on.
    pub signed_on: Option<Date>,
    /// Who signed (or is to sign).
    pub signatory_name: Option<String>,
    /// The signatory's title.
    pub signatory_title: Option<String>,
    /// The signatory's e-mail.
    pub signatory_email: Option<String>,
    /// The person completing the application.
    pub applicant_name: Option<String>,
    /// Whether that person has legal signing authority.
    pub applicant_signing_authority: Option<bool>,
}

/// The international agreement review.
#[derive(Debug, Clone, Serialize)]
pub struct InternationalReview {
    /// Status.
    pub status: ReviewStatus,
    /// Requested on.
    pub requested_on: Option<Date>,
    /// Completed on.
    pub completed_on: Option<Date>,
}

/// The questionnaire's own answers (see the module docs for what comes from `practice`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Questionnaire {
    /// Practice profile answers.
    pub profile: Profile,
    /// Practice detail answers.
    pub detail: Detail,
    /// Attestations.
    pub attestations: QAttestations,
    /// Supplemental-cost answers by question id, with each answer's YAML path.
    pub supplemental: Vec<(String, Answer)>,
    /// Submitted on.
    pub submitted_on: Option<Date>,
}

/// Practice profile answers that are not in `practice`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Profile {
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// FTE declared at application.
    pub fte: Option<Dec2>,
    /// Number of sites administering chemotherapy declared at application.
    pub sites_administering_chemotherapy: Option<u32>,
    /// Do all sites share the same tax id?
    pub same_tax_id: Option<Answer>,
    /// Do all sites follow the same policies?
    pub same_policies: Option<Answer>,
    /// Is the ownership of all sites the same?
    pub same_ownership: Option<Answer>,
}

/// Practice detail answers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Detail {
    /// Who prepares chemotherapy (`None`: not answered).
    pub prepared_by: Option<Vec<Preparer>>,
    /// Description when `other` is checked.
    pub prepared_by_other: Option<String>,
    /// Routes administered (`None`: not answered).
    pub routes: Option<Vec<Route>>,
    /// Description when `other` is checked.
    pub routes_other: Option<String>,
    /// Affiliation.
    pub affiliation: Option<Affiliation>,
    /// Practice leadership controls infusion-centre policies.
    pub leadership_controls_infusion_policies: Option<Answer>,
    /// Electronic medical record system.
    pub emr: Option<String>,
}

/// Questionnaire attestations.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QAttestations {
    /// The latest standards were reviewed.
    pub standards_reviewed: Option<Answer>,
    /// The possible re-survey fee is acknowledged.
    pub resurvey_fee_acknowledged: Option<bool>,
    /// The application is accurate.
    pub application_accurate: Option<Answer>,
}

/// Payment records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Payment {
    /// The pre-payment request was sent on (2019 edition, S0).
    pub prepayment_requested_on: Option<Date>,
    /// The QCP admin approved the pre-payment request on (2019 edition, S0).
    pub prepayment_approved_on: Option<Date>,
    /// The invoice request was sent on.
    pub invoice_requested_on: Option<Date>,
    /// Invoice number.
    pub invoice_number: Option<String>,
    /// Invoice date.
    pub invoice_date: Option<Date>,
    /// Invoice amount.
    pub invoice_amount: Option<Cents>,
    /// Invoice and W-9 downloaded (confirmed in the portal).
    pub invoice_and_w9_downloaded: Option<bool>,
    /// Payment mode.
    pub mode: Option<PaymentMode>,
    /// Paid on.
    pub paid_on: Option<Date>,
    /// Amount paid.
    pub amount_paid: Option<Cents>,
    /// Total of the recorded estimate, if any.
    pub estimate_total: Option<Cents>,
}

/// A name-change or transaction request.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeRequest {
    /// YAML path of the entry.
    pub path: String,
    /// Kind.
    pub kind: RequestKind,
    /// Status.
    pub status: RequestStatus,
    /// Transaction structure.
    pub structure: Option<TransactionStructure>,
    /// Description of an `other` structure.
    pub structure_other: Option<String>,
    /// The new practice name.
    pub new_name: Option<String>,
    /// Effective date.
    pub effective: Option<Date>,
    /// Path of the signed form document.
    pub signed_form: Option<String>,
    /// Submitted on.
    pub submitted_on: Option<Date>,
}

// ----------------------------------------------------------------------------- validation

pub(crate) use super::values::Problems;

fn text(t: Option<&Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Validates the agreements section.
pub(crate) fn agreements(raw: &RawAgreements, px: &mut Problems<'_>) -> Agreements {
    let base = "agreements";
    Agreements {
        baa: raw.baa.as_ref().map(|b| Baa {
            version_signed: text(b.version_signed.as_ref()),
            signed_on: px.date(b.signed_on.as_ref(), &format!("{base}.baa.signed_on")),
            version_requested: text(b.version_requested.as_ref()),
        }),
        participation: raw.participation.as_ref().map(|p| {
            let pb = format!("{base}.participation");
            ParticipationAgreement {
                status: p.status,
                sent_on: px.date(p.sent_on.as_ref(), &join(&pb, "sent_on")),
                signed_on: px.date(p.signed_on.as_ref(), &join(&pb, "signed_on")),
                signatory_name: p.signatory.as_ref().and_then(|s| text(s.name.as_ref())),
                signatory_title: p.signatory.as_ref().and_then(|s| text(s.title.as_ref())),
                signatory_email: p.signatory.as_ref().and_then(|s| text(s.email.as_ref())),
                applicant_name: p.applicant.as_ref().and_then(|a| text(a.name.as_ref())),
                applicant_signing_authority: p.applicant.as_ref().and_then(|a| a.signing_authority),
            }
        }),
        international_review: raw.international_review.as_ref().map(|r| {
            let rb = format!("{base}.international_review");
            InternationalReview {
                status: r.status,
                requested_on: px.date(r.requested_on.as_ref(), &join(&rb, "requested_on")),
                completed_on: px.date(r.completed_on.as_ref(), &join(&rb, "completed_on")),
            }
        }),
    }
}

/// Validates the questionnaire section.
pub(crate) fn questionnaire(raw: &RawQuestionnaire, px: &mut Problems<'_>) -> Questionnaire {
    let pp = raw.practice_profile.as_ref();
    let addr = pp.and_then(|p| p.primary_address.as_ref());
    let pd = raw.practice_detail.as_ref();
    let at = raw.attestations.as_ref();
    Questionnaire {
        profile: Profile {
            address: addr.and_then(|a| text(a.address.as_ref())),
            city: addr.and_then(|a| text(a.city.as_ref())),
            state: addr.and_then(|a| text(a.state.as_ref())),
            postal_code: addr.and_then(|a| text(a.postal_code.as_ref())),
            country: addr.and_then(|a| text(a.country.as_ref())),
            fte: px.dec(
                pp.and_then(|p| p.fte.as_ref()),
                "questionnaire.practice_profile.fte",
            ),
            sites_administering_chemotherapy: px.count(
                pp.and_then(|p| p.sites_administering_chemotherapy.as_ref()),
                "questionnaire.practice_profile.sites_administering_chemotherapy",
            ),
            same_tax_id: pp.and_then(|p| p.same_tax_id),
            same_policies: pp.and_then(|p| p.same_policies),
            same_ownership: pp.and_then(|p| p.same_ownership),
        },
        detail: Detail {
            prepared_by: pd.and_then(|d| d.chemotherapy_prepared_by.clone()),
            prepared_by_other: pd.and_then(|d| text(d.prepared_by_other.as_ref())),
            routes: pd.and_then(|d| d.routes.clone()),
            routes_other: pd.and_then(|d| text(d.routes_other.as_ref())),
            affiliation: pd.and_then(|d| d.affiliation),
            leadership_controls_infusion_policies: pd
                .and_then(|d| d.leadership_controls_infusion_policies),
            emr: pd.and_then(|d| text(d.emr.as_ref())),
        },
        attestations: QAttestations {
            standards_reviewed: at.and_then(|a| a.standards_reviewed),
            resurvey_fee_acknowledged: at.and_then(|a| a.resurvey_fee_acknowledged),
            application_accurate: at.and_then(|a| a.application_accurate),
        },
        supplemental: raw
            .supplemental
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        submitted_on: px.date(raw.submitted_on.as_ref(), "questionnaire.submitted_on"),
    }
}

/// Validates the payment section.
pub(crate) fn payment(raw: &RawPayment, px: &mut Problems<'_>) -> Payment {
    let inv = raw.invoice.as_ref();
    let estimate_total = raw
        .estimate
        .as_ref()
        .and_then(|e| px.cents(e.total.as_ref(), "payment.estimate.total"));
    if let Some(e) = &raw.estimate {
        px.date(e.estimated_on.as_ref(), "payment.estimate.estimated_on");
        for (i, l) in e.lines.iter().enumerate() {
            let lp = index("payment.estimate.lines", i);
            px.cents(Some(&l.unit), &join(&lp, "unit"));
            px.cents(Some(&l.amount), &join(&lp, "amount"));
            px.count(Some(&l.quantity), &join(&lp, "quantity"));
        }
    }
    Payment {
        prepayment_requested_on: px.date(
            raw.prepayment_requested_on.as_ref(),
            "payment.prepayment_requested_on",
        ),
        prepayment_approved_on: px.date(
            raw.prepayment_approved_on.as_ref(),
            "payment.prepayment_approved_on",
        ),
        invoice_requested_on: px.date(
            raw.invoice_requested_on.as_ref(),
            "payment.invoice_requested_on",
        ),
        invoice_number: inv.and_then(|i| text(i.number.as_ref())),
        invoice_date: px.date(inv.and_then(|i| i.date.as_ref()), "payment.invoice.date"),
        invoice_amount: px.cents(
            inv.and_then(|i| i.amount.as_ref()),
            "payment.invoice.amount",
        ),
        invoice_and_w9_downloaded: raw.invoice_and_w9_downloaded,
        mode: raw.mode,
        paid_on: px.date(raw.paid_on.as_ref(), "payment.paid_on"),
        amount_paid: px.cents(raw.amount_paid.as_ref(), "payment.amount_paid"),
        estimate_total,
    }
}

/// Validates `practice.requests`.
pub(crate) fn requests(raw: &[RawRequest], px: &mut Problems<'_>) -> Vec<PracticeRequest> {
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            let path = index("practice.requests", i);
            PracticeRequest {
                kind: r.kind,
                status: r.status.unwrap_or_default(),
                structure: r.structure,
                structure_other: text(r.structure_other.as_ref()),
                new_name: text(r.new_name.as_ref()),
                effective: px.date(r.effective.as_ref(), &join(&path, "effective")),
                signed_form: text(r.signed_form.as_ref()),
                submitted_on: px.date(r.submitted_on.as_ref(), &join(&path, "submitted_on")),
                path,
            }
        })
        .collect()
}
