//! Agreement checks (docs/rules.md §2 milestone 3): the QOPI BAA is the current version, the
//! participation agreement is signed (with a date and a signatory who may sign), and practices
//! outside the domestic countries have completed the international agreement review.
//!
//! Figures (the current BAA version, the domestic countries) come from the rule edition's
//! `[agreements]` table. Not here: e-signature itself (the portal's), deadlines (`status`).

use crate::finding::Finding;
use crate::model::Application;
use crate::model::sections::{AgreementStatus, ReviewStatus};
use crate::rules::RuleEdition;

/// Runs the agreement checks, reading the journey's events from the file.
#[must_use]
pub fn check(app: &Application, rules: &RuleEdition) -> Vec<Finding> {
    check_at(app, rules, &crate::facts::Events::of(app))
}

/// Runs the agreement checks with the events already derived (`checks::Derived::events`).
/// Before the agreement step is reached ([`agreement_step_reached`]) an agreement that is not
/// recorded, or recorded as not sent, is what the journey expects: one info says when it will
/// be needed instead of an error (docs/rules.md §2 milestone 3, S1).
#[must_use]
pub fn check_at(
    app: &Application,
    rules: &RuleEdition,
    events: &crate::facts::Events,
) -> Vec<Finding> {
    check_parts(app, rules, true, agreement_step_reached(app, events))
}

/// Whether the practice has reached the agreement step (milestone 3): staff approval of the
/// eligibility form is recorded (`timeline.eligibility_approved`), or the file records the
/// agreement sent or signed, or any later milestone (the questionnaire submitted, the invoice,
/// pre-payment or payment, the pre-survey documents, the survey form or the survey). The
/// participation agreement is sent only after eligibility approval and the questionnaire opens
/// after it (S1), so before this neither is missing.
#[must_use]
pub fn agreement_step_reached(app: &Application, e: &crate::facts::Events) -> bool {
    let sent = app
        .agreements
        .as_ref()
        .and_then(|a| a.participation.as_ref())
        .is_some_and(|p| p.status != AgreementStatus::NotSent || p.sent_on.is_some());
    sent || [
        &e.eligibility_approved,
        &e.agreement_signed,
        &e.questionnaire_submitted,
        &e.prepayment_requested,
        &e.prepayment_approved,
        &e.invoice_received,
        &e.paid,
        &e.documents_submitted,
        &e.survey_form,
        &e.surveyor_notice,
        &e.survey,
    ]
    .iter()
    .any(|f| f.is_some())
}

/// The one note for an agreement step not reached yet.
fn not_yet(path: &str) -> Finding {
    Finding::new(
        "participation-agreement-not-yet",
        path,
        "no eligibility approval is recorded, so the participation agreement has not been sent yet; \
         it will be needed after staff approve the eligibility form",
        "when staff approve the eligibility form, record timeline.eligibility_approved; the agreement \
         then arrives for e-signature",
    )
    .rule("docs/rules.md §2 milestone 3; S1")
}

/// Checks the QOPI BAA only: what a QOPI participation file (no certification application,
/// `checks::seeks_certification`) needs of its agreements.
#[must_use]
pub fn check_baa(app: &Application, rules: &RuleEdition) -> Vec<Finding> {
    check_parts(app, rules, false, false)
}

fn check_parts(
    app: &Application,
    rules: &RuleEdition,
    certification: bool,
    reached: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(ar) = &rules.agreements else {
        out.push(
            Finding::new(
                "agreement-rules-missing",
                "agreements",
                format!(
                    "rule edition {} has no [agreements] table, so the BAA version cannot be checked",
                    rules.edition.id
                ),
                "use an edition with [agreements] (the shipped one has it) via --rules FILE",
            )
            .rule("agreements"),
        );
        return out;
    };
    let ag = app.agreements.as_ref();
    // QOPI BAA.
    baa(ag.and_then(|a| a.baa.as_ref()), ar, rules, &mut out);
    if !certification {
        return out;
    }
    // Participation agreement.
    let base = "agreements.participation";
    match ag.and_then(|a| a.participation.as_ref()) {
        None if !reached => out.push(not_yet(base)),
        None => out.push(Finding::new(
            "participation-agreement-unsigned",
            "agreements.participation",
            "the participation agreement is not recorded (not sent)",
            "after eligibility approval, QCP sends it for e-signature to the legal contact; record its status",
        )),
        Some(p) => {
            match p.status {
                AgreementStatus::NotSent if !reached => out.push(not_yet(&format!("{base}.status"))),
                AgreementStatus::NotSent => out.push(Finding::new(
                    "participation-agreement-unsigned",
                    format!("{base}.status"),
                    "the participation agreement has not been sent for signature yet",
                    "it is sent after staff approve the eligibility form; record `status: sent` when it arrives",
                )),
                AgreementStatus::Sent => out.push(Finding::new(
                    "participation-agreement-unsigned",
                    format!("{base}.status"),
                    match p.sent_on {
                        Some(d) => format!(
                            "the participation agreement was sent for signature on {d} and is not signed"
                        ),
                        None => "the participation agreement is awaiting signature".to_owned(),
                    },
                    "the legal signatory signs it by e-signature; then record status: signed, signed_on and signatory",
                )),
                AgreementStatus::Signed => {
                    if p.signed_on.is_none() {
                        out.push(Finding::new(
                            "agreement-incomplete",
                            format!("{base}.signed_on"),
                            "the participation agreement is signed but the date is not recorded",
                            "add signed_on (YYYY-MM-DD)",
                        ));
                    }
                    if p.signatory_name.is_none() {
                        out.push(Finding::new(
                            "agreement-incomplete",
                            format!("{base}.signatory"),
                            "the participation agreement is signed but the signatory is not recorded",
                            "add signatory.name (and title, email)",
                        ));
                    }
                }
            }
            if let (Some(sent), Some(signed)) = (p.sent_on, p.signed_on)
                && signed < sent
            {
                out.push(Finding::new(
                    "date-order",
                    format!("{base}.signed_on"),
                    format!("the agreement is signed ({signed}) before it was sent ({sent})"),
                    "correct one of the dates",
                ));
            }
            if p.applicant_signing_authority == Some(false) {
                match (&p.signatory_name, &p.applicant_name) {
                    (Some(s), Some(a)) if s.eq_ignore_ascii_case(a) => out.push(Finding::new(
                        "signatory-lacks-authority",
                        format!("{base}.signatory.name"),
                        format!(
                            "{s} completes the application without legal signing authority and is also recorded as the signatory"
                        ),
                        "the agreement must be signed by a person with legal signing authority: use 'sign later' with the legal signatory's e-mail",
                    )),
                    (None, _)
                        if p.status != AgreementStatus::Signed && p.signatory_email.is_none() =>
                    {
                        out.push(Finding::new(
                            "signatory-lacks-authority",
                            format!("{base}.signatory"),
                            "the person completing the application lacks signing authority and no legal signatory is named",
                            "name the legal signatory (signatory.name, signatory.email) who will receive the agreement",
                        ));
                    }
                    _ => {}
                }
            }
            if let (Some(s), Some(e)) = (
                &p.signatory_name,
                app.eligibility
                    .as_ref()
                    .and_then(|e| e.legal_reviewer.name.as_ref()),
            ) && !s.eq_ignore_ascii_case(e)
            {
                out.push(Finding::new(
                    "signatory-not-legal-reviewer",
                    format!("{base}.signatory.name"),
                    format!(
                        "the signatory {s} is not the legal reviewer named on the eligibility form ({e})"
                    ),
                    "the agreement is sent to the legal reviewer of the eligibility form; correct either name if this is a mistake",
                ));
            }
        }
    }
    // International review.
    let country = rules
        .eligibility
        .certification_country(&app.practice.country);
    let domestic = ar
        .domestic_countries
        .iter()
        .any(|c| c.eq_ignore_ascii_case(country));
    if !domestic {
        let r = ag.and_then(|a| a.international_review.as_ref());
        if r.is_none_or(|r| r.status != ReviewStatus::Completed) {
            out.push(
                Finding::new(
                    "international-review-incomplete",
                    if r.is_some() {
                        "agreements.international_review.status"
                    } else {
                        "agreements"
                    },
                    format!(
                        "the practice is in {}, outside {}: the international participation agreement needs a legal review ({})",
                        app.practice.country,
                        ar.domestic_countries.join(", "),
                        match r.map(|r| r.status) {
                            Some(ReviewStatus::Requested) => "requested, not completed",
                            _ => "not requested",
                        }
                    ),
                    "request the international participation agreement review; record international_review.status: completed when done",
                )
                .rule("agreements.domestic_countries"),
            );
        }
    }
    out
}

/// The QOPI BAA: the version to sign is the one the portal asks for, as the practice records it
/// (`agreements.baa.version_requested`); the edition's version is used only when it is not a
/// placeholder, and a placeholder is never presented as the program's version.
fn baa(
    b: Option<&crate::model::sections::Baa>,
    ar: &crate::rules::AgreementRules,
    rules: &RuleEdition,
    out: &mut Vec<Finding>,
) {
    let placeholder = rules.is_placeholder("agreements.baa_current_version");
    let requested = b.and_then(|b| b.version_requested.as_deref());
    // The version to compare with, and how to name it.
    let current: Option<(&str, String)> = match requested {
        Some(v) => Some((
            v,
            format!("the portal asks for version {v} (the practice's records)"),
        )),
        None if placeholder => None,
        None => Some((
            ar.baa_current_version.as_str(),
            format!(
                "the current version is {} (edition {})",
                ar.baa_current_version, rules.edition.id
            ),
        )),
    };
    let Some(b) = b else {
        out.push(
            Finding::new(
                "baa-missing",
                "agreements.baa",
                match &current {
                    Some((_, said)) => format!("no QOPI BAA is recorded; {said}"),
                    None => "no QOPI BAA is recorded".to_owned(),
                },
                "record agreements.baa.version_signed and signed_on from the QOPI registration portal",
            )
            .rule("agreements.baa_current_version"),
        );
        return;
    };
    if current.is_none() {
        out.push(
            Finding::new(
                "baa-version-unknown",
                "agreements.baa",
                format!(
                    "qcp does not know the current QOPI BAA version (edition {} has only a placeholder), so the signed version cannot be checked",
                    rules.edition.id
                ),
                "record agreements.baa.version_requested: the version the QOPI registration portal asks you to sign",
            )
            .rule("agreements.baa_current_version"),
        );
    }
    match (&b.version_signed, &current) {
        (None, _) => out.push(
            Finding::new(
                "baa-missing",
                "agreements.baa.version_signed",
                match &current {
                    Some((_, said)) => format!("the BAA's signed version is not recorded; {said}"),
                    None => "the BAA's signed version is not recorded".to_owned(),
                },
                "copy the version from the QOPI registration portal's agreement details",
            )
            .rule("agreements.baa_current_version"),
        ),
        (Some(v), Some((cur, said))) if v != cur => out.push(
            Finding::new(
                "baa-stale",
                "agreements.baa.version_signed",
                format!("the BAA signed is version {v}; {said}, which needs a new signature"),
                "sign the new BAA version in the QOPI registration portal, then record it",
            )
            .rule("agreements.baa_current_version"),
        ),
        (Some(_), _) => {
            if b.signed_on.is_none() {
                out.push(Finding::new(
                    "agreement-incomplete",
                    "agreements.baa.signed_on",
                    "the BAA's signature date is not recorded",
                    "add agreements.baa.signed_on",
                ));
            }
        }
    }
}
