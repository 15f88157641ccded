//! Practice records the portal keeps (docs/rules.md §1, S1 "Requests" and "Contacts"): contacts and
//! users, and the practice name-change and transaction requests.
//!
//! The count of primary contacts is the foundation's check (`crate::validate`,
//! `primary-contact-count`); this module reuses it and adds what a practice must get right for
//! the application: someone trusted can act for the practice, the primary contact can receive
//! program mail, each contact has a type, and every request sent to staff carries its structure,
//! effective date and signed form. Not here: file existence of the form (the library does no IO).

use std::collections::HashMap;

use crate::finding::Finding;
use crate::model::Application;
use crate::model::sections::{RequestKind, RequestStatus, TransactionStructure};
use crate::source::join;
use crate::units::Date;

/// Runs the records checks as of `as_of` (a name change takes effect on its date).
#[must_use]
pub fn check(app: &Application, as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    crate::validate::contacts(app, &mut out);
    contacts(app, &mut out);
    requests(app, as_of, &mut out);
    out
}

fn contacts(app: &Application, out: &mut Vec<Finding>) {
    let cs = &app.practice.contacts;
    if cs.is_empty() {
        out.push(Finding::new(
            "no-trusted-contact",
            "practice.contacts",
            "no contacts are recorded; the practice needs a trusted primary contact",
            "list the practice's contacts with types, trusted and one primary",
        ));
        return;
    }
    if !cs.iter().any(|c| c.trusted) {
        out.push(Finding::new(
            "no-trusted-contact",
            "practice.contacts",
            format!(
                "none of the {} contacts is trusted, so nobody may act for the practice in the portal",
                cs.len()
            ),
            "mark at least one contact `trusted: true` (trusted contacts also receive program notifications)",
        ));
    }
    let mut emails: HashMap<String, &str> = HashMap::new();
    for c in cs {
        if c.types.is_empty() {
            out.push(Finding::new(
                "contact-type-missing",
                join(&c.path, "types"),
                format!("contact {} has no type", c.name),
                "add types: program_administrator, physician, billing or other",
            ));
        }
        if c.primary {
            if !c.trusted {
                out.push(Finding::new(
                    "primary-contact-untrusted",
                    join(&c.path, "trusted"),
                    format!(
                        "the primary contact {} is not trusted and cannot act on the application",
                        c.name
                    ),
                    "set `trusted: true` on the primary contact, or choose a trusted primary",
                ));
            }
            if c.email.is_none() {
                out.push(Finding::new(
                    "primary-contact-no-email",
                    join(&c.path, "email"),
                    format!(
                        "the primary contact {} has no e-mail; program notifications go by e-mail",
                        c.name
                    ),
                    "add the contact's e-mail",
                ));
            }
        }
        if let Some(e) = &c.email
            && let Some(first) = emails.insert(e.to_ascii_lowercase(), &c.name)
        {
            out.push(Finding::new(
                "duplicate-contact-email",
                join(&c.path, "email"),
                format!(
                    "contacts {first} and {} share the e-mail {e}; portal users are identified by e-mail",
                    c.name
                ),
                "give each contact their own e-mail",
            ));
        }
    }
}

fn requests(app: &Application, as_of: Date, out: &mut Vec<Finding>) {
    for r in &app.practice.requests {
        let sent = r.status != RequestStatus::Draft;
        let kind = match r.kind {
            RequestKind::NameChange => "name-change request",
            RequestKind::Transaction => "transaction request",
        };
        if r.kind == RequestKind::Transaction && r.structure.is_none() {
            out.push(Finding::new(
                "request-incomplete",
                join(&r.path, "structure"),
                "the transaction request does not say its structure",
                "structure: name_change_only, merger, sale_acquisition, consortium_or_affiliation or other",
            ));
        }
        if r.kind == RequestKind::NameChange && r.structure.is_some() {
            out.push(Finding::new(
                "request-incomplete",
                join(&r.path, "structure"),
                "a name-change request has no structure; structure belongs to transaction requests",
                "remove `structure`, or make it `kind: transaction`",
            ));
        }
        if r.structure == Some(TransactionStructure::Other) && r.structure_other.is_none() {
            out.push(Finding::new(
                "request-incomplete",
                join(&r.path, "structure_other"),
                "the transaction structure is `other` with no description",
                "describe the transaction in structure_other",
            ));
        }
        let renames = r.kind == RequestKind::NameChange
            || r.structure == Some(TransactionStructure::NameChangeOnly);
        if renames && r.new_name.is_none() {
            out.push(Finding::new(
                "request-incomplete",
                join(&r.path, "new_name"),
                format!("the {kind} changes the practice's name but gives no new name"),
                "add new_name",
            ));
        }
        if r.effective.is_none() {
            out.push(Finding::new(
                "request-incomplete",
                join(&r.path, "effective"),
                format!("the {kind} has no effective date"),
                "add effective (YYYY-MM-DD)",
            ));
        }
        if sent && r.signed_form.is_none() {
            out.push(Finding::new(
                "request-form-missing",
                join(&r.path, "signed_form"),
                format!(
                    "the {kind} is {} without the completed, signed form",
                    if r.status == RequestStatus::Approved {
                        "approved"
                    } else {
                        "submitted"
                    }
                ),
                "download the program's form, complete and sign it, and record its path in signed_form",
            ));
        }
        if r.status == RequestStatus::Approved
            && renames
            && let (Some(new), Some(eff)) = (&r.new_name, r.effective)
            && eff <= as_of
            && !new.eq_ignore_ascii_case(&app.practice.name)
        {
            out.push(Finding::new(
                "name-change-not-applied",
                "practice.name",
                format!(
                    "the approved name change to `{new}` took effect on {eff}, but practice.name is still `{}`",
                    app.practice.name
                ),
                format!("set practice.name to `{new}`"),
            ));
        }
    }
}
