//! The pre- and post-survey document checklist (docs/rules.md §5): per standard element, is a document
//! there and does it have a summary; per domain, how complete; overall, can the practice send a
//! review request or only an override request; per CCR issue, is the resolution complete.
//!
//! Responsible for: the structural document findings of an application (elements without
//! documents, documents without a summary, unknown element ids, the PHI attestations, incomplete
//! resolutions) and the checklist table. Pure: whether a referenced file exists, is too large or
//! of the wrong type is passed in by the caller as a [`DocState`] per document (the binary and
//! `bundle` look at the files). Not responsible for: the PHI screen or path safety
//! (`bundle`), reading files, rendering.

use serde::Serialize;

use crate::catalog::{Catalog, StandardId};
use crate::finding::Finding;
use crate::model::Application;
use crate::model::documents::{DocumentRef, Documents};
use crate::source::join;
use crate::units::Percent;

/// What the caller found about one referenced document file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "kebab-case")]
pub enum DocState {
    /// Exists, within the size limit, of an accepted type.
    Ok,
    /// Not there or not usable (missing, outside the bundle, not a regular file).
    Missing(String),
    /// Above the edition's size limit.
    TooLarge(String),
    /// Not an accepted type, or content and extension disagree.
    WrongType(String),
    /// Not looked at (no file access requested).
    Unchecked,
}

/// What was found about each referenced document file, keyed by its path as written in the
/// application. A file not in the map is [`DocState::Unchecked`] (judged from the file alone).
/// Every command that shows documents (status, checklist, the PDFs, `qcp check`) takes the same
/// states, so they count the same documents as present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocStates {
    states: std::collections::BTreeMap<String, DocState>,
    /// The section numbers of each read document's headings (for summary citations), shared
    /// with the run's document table.
    headings: std::collections::BTreeMap<String, std::sync::Arc<str>>,
}

impl DocStates {
    /// The state of `file` (as written in the application).
    #[must_use]
    pub fn of(&self, file: &str) -> DocState {
        self.states
            .get(file)
            .cloned()
            .unwrap_or(DocState::Unchecked)
    }

    /// Records the state of `file`.
    pub fn insert(&mut self, file: &str, state: DocState) {
        self.states.insert(file.to_owned(), state);
    }

    /// Records the section numbers `file`'s text starts lines with (when its text was read),
    /// as one line separated by single spaces ([`crate::readiness::headings_line`]).
    pub fn insert_headings(&mut self, file: &str, headings: std::sync::Arc<str>) {
        self.headings.insert(file.to_owned(), headings);
    }

    /// The section numbers of `file`'s headings as one line, when its text was read.
    #[must_use]
    pub fn headings(&self, file: &str) -> Option<&str> {
        self.headings.get(file).map(|h| &**h)
    }
}

/// An element's status on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// At least one usable document with a summary.
    Present,
    /// No document listed.
    Missing,
    /// Documents listed, none with a summary.
    SummaryMissing,
    /// A listed document is above the size limit.
    TooLarge,
    /// A listed document is missing or of the wrong type.
    WrongType,
}

impl Status {
    /// The status as printed.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Missing => "missing",
            Status::SummaryMissing => "summary missing",
            Status::TooLarge => "too large",
            Status::WrongType => "wrong type",
        }
    }
}

/// One row of the pre-survey checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The element id.
    pub element: String,
    /// Its domain.
    pub domain: u16,
    /// Its title (qcp's words).
    pub title: String,
    /// Whether the catalog entry was seen in a program document.
    pub verified: bool,
    /// Status.
    pub status: Status,
    /// Why, in a sentence.
    pub reason: String,
    /// The files listed.
    pub documents: Vec<String>,
}

/// Completion of one domain.
#[derive(Debug, Clone, Serialize)]
pub struct DomainProgress {
    /// Domain number.
    pub domain: u16,
    /// Elements with status present.
    pub present: usize,
    /// Elements with an upload slot.
    pub total: usize,
    /// present ÷ total, rounded down to hundredths of a percent.
    pub percent: Percent,
}

/// Which request the practice can send to QCP staff (docs/rules.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Every element has a document: a review request.
    Review,
    /// Some element is pending: only an override request.
    OverrideOnly,
}

/// One post-survey row: a CCR issue's resolution.
#[derive(Debug, Clone, Serialize)]
pub struct PostItem {
    /// The CCR issue id.
    pub issue: String,
    /// Whether a statement is written.
    pub statement: bool,
    /// The resolution documents and their state.
    pub documents: Vec<(String, DocState)>,
    /// The resolution's PHI attestation.
    pub phi_attestation: Option<bool>,
    /// Complete: statement, at least one usable document and the attestation.
    pub complete: bool,
}

/// The checklist of one application.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// The catalog edition used.
    pub catalog: String,
    /// Pre-survey rows, in element order.
    pub items: Vec<Item>,
    /// Per-domain completion.
    pub domains: Vec<DomainProgress>,
    /// Overall completion.
    pub percent: Percent,
    /// Review or override request.
    pub request: Request,
    /// The pre-survey PHI attestation.
    pub phi_attestation: Option<bool>,
    /// Post-survey rows, in issue order.
    pub post_survey: Vec<PostItem>,
}

fn percent(present: usize, total: usize) -> Percent {
    if total == 0 {
        return Percent::from_hundredths(10_000);
    }
    let h = (present as u128 * 10_000) / total as u128;
    Percent::from_hundredths(i64::try_from(h).unwrap_or(10_000))
}

fn summary_ok(d: &DocumentRef) -> bool {
    d.summary.is_some()
}

fn status_of(docs: &[DocumentRef], state: &dyn Fn(&DocumentRef) -> DocState) -> (Status, String) {
    let (status, problem) = element_status(docs, state);
    let reason = match (&status, problem) {
        (_, Some(DocState::Missing(r) | DocState::WrongType(r) | DocState::TooLarge(r))) => r,
        (Status::Missing, _) => "no document listed".to_owned(),
        (Status::Present, _) => {
            let n = docs.len();
            format!("{n} document{}", if n == 1 { "" } else { "s" })
        }
        _ => "no listed document has a summary".to_owned(),
    };
    (status, reason)
}

/// The rule behind an element's status: nothing listed is missing; else the first listed
/// document with a problem decides; else the element is present when a usable document has a
/// summary. Returns the deciding document's state when a problem decided.
fn element_status<S: std::borrow::Borrow<DocState>>(
    docs: &[DocumentRef],
    state: impl Fn(&DocumentRef) -> S,
) -> (Status, Option<S>) {
    if docs.is_empty() {
        return (Status::Missing, None);
    }
    let mut any_usable_with_summary = false;
    for d in docs {
        let s = state(d);
        let status = match s.borrow() {
            DocState::Ok | DocState::Unchecked => {
                any_usable_with_summary |= summary_ok(d);
                continue;
            }
            DocState::Missing(_) => Status::Missing,
            DocState::WrongType(_) => Status::WrongType,
            DocState::TooLarge(_) => Status::TooLarge,
        };
        return (status, Some(s));
    }
    if any_usable_with_summary {
        (Status::Present, None)
    } else {
        (Status::SummaryMissing, None)
    }
}

/// The checklist of `app` against `catalog`; `state` tells what the caller found about each
/// referenced file (pass `|_| DocState::Unchecked` to judge the file alone).
#[must_use]
pub fn build(
    app: &Application,
    catalog: &Catalog,
    state: &dyn Fn(&DocumentRef) -> DocState,
) -> Checklist {
    let empty = Documents {
        phi_attestation: None,
        elements: Vec::new(),
        post_survey: Vec::new(),
    };
    let docs = app.documents.as_ref().unwrap_or(&empty);
    let mut items = Vec::new();
    for slot in catalog.document_slots() {
        let listed = docs.of(&slot.id).map_or(&[][..], |e| &e.documents[..]);
        let (status, reason) = status_of(listed, state);
        items.push(Item {
            element: slot.id.to_string(),
            domain: slot.domain,
            title: slot.title.clone(),
            verified: slot.verified,
            status,
            reason,
            documents: listed.iter().map(|d| d.file.clone()).collect(),
        });
    }
    let domains = catalog
        .domains()
        .iter()
        .map(|d| {
            let total = items.iter().filter(|i| i.domain == d.number).count();
            let present = items
                .iter()
                .filter(|i| i.domain == d.number && i.status == Status::Present)
                .count();
            DomainProgress {
                domain: d.number,
                present,
                total,
                percent: percent(present, total),
            }
        })
        .collect();
    let present = items.iter().filter(|i| i.status == Status::Present).count();
    let post_survey = docs
        .post_survey
        .iter()
        .map(|r| {
            let documents: Vec<(String, DocState)> = r
                .documents
                .iter()
                .map(|d| (d.file.clone(), state(d)))
                .collect();
            let usable = documents
                .iter()
                .any(|(_, s)| matches!(s, DocState::Ok | DocState::Unchecked));
            let problem = documents
                .iter()
                .any(|(_, s)| !matches!(s, DocState::Ok | DocState::Unchecked));
            PostItem {
                issue: r.issue.clone(),
                statement: r.statement.is_some(),
                complete: r.statement.is_some()
                    && usable
                    && !problem
                    && r.phi_attestation == Some(true),
                documents,
                phi_attestation: r.phi_attestation,
            }
        })
        .collect();
    Checklist {
        catalog: catalog.edition().id.clone(),
        percent: percent(present, items.len()),
        request: if present == items.len() {
            Request::Review
        } else {
            Request::OverrideOnly
        },
        items,
        domains,
        phi_attestation: docs.phi_attestation,
        post_survey,
    }
}

/// Percent of the catalog's upload slots that have at least one usable document with a summary
/// (usable as far as `states` knows), rounded down to hundredths: the one documents percentage
/// every command shows.
#[must_use]
pub fn percent_complete(app: &Application, catalog: &Catalog, states: &DocStates) -> Percent {
    // `build`'s count without building the checklist (every command's status line asks).
    let unchecked = DocState::Unchecked;
    let (mut present, mut total) = (0, 0);
    for slot in catalog.document_slots() {
        let listed = app
            .documents
            .as_ref()
            .and_then(|docs| docs.of(&slot.id))
            .map_or(&[][..], |e| &e.documents[..]);
        let (status, _) =
            element_status(listed, |d| states.states.get(&d.file).unwrap_or(&unchecked));
        total += 1;
        present += usize::from(status == Status::Present);
    }
    percent(present, total)
}

/// The structural document findings of `app` (no file access): pending elements, missing
/// summaries, unknown element ids, attestations and incomplete resolutions.
#[must_use]
pub fn check(app: &Application, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(docs) = app.documents.as_ref() else {
        return out;
    };
    for e in &docs.elements {
        match catalog.get(&e.element) {
            None => out.push(
                Finding::new(
                    "unknown-element",
                    &e.path,
                    format!(
                        "element `{}` is not in the standards catalog {}",
                        e.element,
                        catalog.edition().id
                    ),
                    closest_hint(catalog, &e.element),
                )
                .rule("standards catalog"),
            ),
            Some(entry) if !entry.documents => {
                let kids: Vec<String> = catalog
                    .children(&e.element)
                    .filter(|c| c.documents)
                    .map(|c| c.id.to_string())
                    .collect();
                out.push(Finding::new(
                    "element-takes-no-documents",
                    &e.path,
                    format!(
                        "`{}` has no upload slot of its own in catalog {}",
                        e.element,
                        catalog.edition().id
                    ),
                    if kids.is_empty() {
                        "see `qcp standards show` for where its documents go".to_owned()
                    } else {
                        format!("list the documents under {}", kids.join(", "))
                    },
                ));
            }
            Some(_) => {}
        }
        for d in &e.documents {
            if !summary_ok(d) {
                out.push(Finding::new(
                    "document-summary-missing",
                    join(&d.path, "summary"),
                    format!("`{}` for element {} has no summary", d.file, e.element),
                    "add `summary:` pointing at the sections that meet the element",
                ));
            }
        }
    }
    let pending: Vec<String> = catalog
        .document_slots()
        .filter(|s| docs.of(&s.id).is_none_or(|e| e.documents.is_empty()))
        .map(|s| s.id.to_string())
        .collect();
    if !pending.is_empty() {
        let total = catalog.document_slots().count();
        let shown: Vec<&str> = pending.iter().take(8).map(String::as_str).collect();
        out.push(Finding::new(
            "element-documents-missing",
            "documents.elements",
            format!(
                "{} of {total} elements have no document ({}{}): only an override request can be sent",
                pending.len(),
                shown.join(", "),
                if pending.len() > shown.len() { ", …" } else { "" }
            ),
            "add a document with a summary for each element; `qcp checklist FILE` lists them",
        ));
    }
    let any_pre = docs.elements.iter().any(|e| !e.documents.is_empty());
    if any_pre && docs.phi_attestation != Some(true) {
        out.push(Finding::new(
            "phi-attestation-missing",
            "documents.phi_attestation",
            match docs.phi_attestation {
                Some(false) => "the pre-survey PHI attestation is answered false".to_owned(),
                _ => "the pre-survey documents have no PHI attestation".to_owned(),
            },
            "check the documents for patient identifiers, then set phi_attestation: true",
        ));
    }
    for r in &docs.post_survey {
        if r.statement.is_none() {
            out.push(Finding::new(
                "resolution-statement-missing",
                join(&r.path, "statement"),
                format!("CCR issue {} has no resolution statement", r.issue),
                "add `statement:` saying what the practice changed",
            ));
        }
        if r.documents.is_empty() {
            out.push(Finding::new(
                "resolution-documents-missing",
                join(&r.path, "documents"),
                format!("CCR issue {} has no resolution document", r.issue),
                "add the revised policy or record under `documents:`",
            ));
        } else if r.phi_attestation != Some(true) {
            out.push(Finding::new(
                "phi-attestation-missing",
                join(&r.path, "phi_attestation"),
                format!(
                    "the resolution documents of CCR issue {} have no PHI attestation",
                    r.issue
                ),
                "check the documents for patient identifiers, then set phi_attestation: true",
            ));
        }
        for d in &r.documents {
            if !summary_ok(d) {
                out.push(Finding::new(
                    "document-summary-missing-post",
                    join(&d.path, "summary"),
                    format!("`{}` for CCR issue {} has no summary", d.file, r.issue),
                    "add `summary:` naming the changed sections",
                ));
            }
        }
    }
    out
}

fn closest_hint(catalog: &Catalog, id: &StandardId) -> String {
    let ids: Vec<String> = catalog.document_slots().map(|e| e.id.to_string()).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    match crate::rules::closest(&id.to_string(), &refs) {
        Some(c) => format!("did you mean {c}? `qcp standards list` shows every id"),
        None => {
            "use an id from `qcp standards list`, or --standards FILE for your manual's catalog"
                .to_owned()
        }
    }
}
