//! The `documents` section: pre-survey documents per standard element and post-survey resolution
//! documents per CCR issue (docs/rules.md §5), raw and validated.
//!
//! The raw types are what serde reads; `convert` turns them into [`Documents`], where every
//! element id is a real [`StandardId`] and every text is trimmed (blank means absent). Whether a
//! referenced file exists, is small enough, of an accepted type or free of PHI is not judged
//! here: `checklist` and `bundle` do that. Post-survey entries are keyed by the CCR
//! issue id as text, so this module does not depend on the `ccr` section's types.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw::Text;
use crate::catalog::StandardId;
use crate::finding::Finding;
use crate::source::{index, join};

/// `documents:` as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDocuments {
    /// The practice attests that no uploaded pre-survey document contains PHI.
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub phi_attestation: Option<bool>,
    /// Per standard element id (`1.1.1`), one or more documents.
    #[serde(default, deserialize_with = "super::raw::unique_map")]
    pub elements: BTreeMap<String, Vec<RawDocument>>,
    /// Per CCR issue id (`ISS-11`), the resolution statement and documents.
    #[serde(default, deserialize_with = "super::raw::unique_map")]
    pub post_survey: BTreeMap<String, RawResolution>,
}

/// One uploaded document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    /// Path relative to the application file.
    pub path: Text,
    /// Which sections of the document meet the element.
    pub summary: Option<Text>,
    /// Optional remarks for the surveyor.
    pub remarks: Option<Text>,
}

/// The resolution of one CCR issue.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResolution {
    /// What the practice changed.
    pub statement: Option<Text>,
    /// Evidence of the change.
    #[serde(default)]
    pub documents: Vec<RawDocument>,
    /// The practice attests that these documents contain no PHI.
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub phi_attestation: Option<bool>,
}

/// The validated `documents` section.
#[derive(Debug, Clone, Serialize)]
pub struct Documents {
    /// The pre-survey PHI attestation (`None` when unanswered).
    pub phi_attestation: Option<bool>,
    /// Elements with their documents, in id order.
    pub elements: Vec<ElementDocuments>,
    /// Resolutions per CCR issue, in issue-id order.
    pub post_survey: Vec<Resolution>,
}

/// The documents given for one element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementDocuments {
    /// YAML path of the entry (`documents.elements.1.1.1`).
    pub path: String,
    /// The element.
    pub element: StandardId,
    /// Its documents, as listed.
    pub documents: Vec<DocumentRef>,
}

/// A reference to one document file.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRef {
    /// YAML path of the entry (`documents.elements.1.1.1[0]`).
    pub path: String,
    /// The file, relative to the application file, as written.
    pub file: String,
    /// Summary pointing at the relevant sections (`None` when blank).
    pub summary: Option<String>,
    /// Remarks (`None` when blank).
    pub remarks: Option<String>,
}

/// The resolution of one CCR issue.
#[derive(Debug, Clone, Serialize)]
pub struct Resolution {
    /// YAML path of the entry (`documents.post_survey.ISS-11`).
    pub path: String,
    /// The CCR issue id.
    pub issue: String,
    /// The resolution statement (`None` when blank).
    pub statement: Option<String>,
    /// Resolution documents.
    pub documents: Vec<DocumentRef>,
    /// The PHI attestation of these documents.
    pub phi_attestation: Option<bool>,
}

impl Documents {
    /// Every document reference, pre- and post-survey, with the element it serves (if any).
    pub fn all_refs(&self) -> impl Iterator<Item = (Option<&StandardId>, &DocumentRef)> {
        self.elements
            .iter()
            .flat_map(|e| e.documents.iter().map(move |d| (Some(&e.element), d)))
            .chain(
                self.post_survey
                    .iter()
                    .flat_map(|r| r.documents.iter().map(|d| (None, d))),
            )
    }

    /// The documents of `element`, if the section lists it.
    #[must_use]
    pub fn of(&self, element: &StandardId) -> Option<&ElementDocuments> {
        self.elements.iter().find(|e| &e.element == element)
    }
}

fn text(t: Option<&Text>) -> Option<String> {
    t.map(|t| t.0.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// `s` without surrounding whitespace, moved when there is none to remove.
fn trimmed(s: String) -> String {
    if s.trim().len() == s.len() {
        s
    } else {
        s.trim().to_owned()
    }
}

/// A text moved out of the raw file: trimmed, `None` when blank.
fn owned_text(t: Option<Text>) -> Option<String> {
    t.map(|t| trimmed(t.0)).filter(|s| !s.is_empty())
}

fn doc(d: RawDocument, path: String) -> DocumentRef {
    DocumentRef {
        file: trimmed(d.path.0),
        summary: owned_text(d.summary),
        remarks: owned_text(d.remarks),
        path,
    }
}

/// Raw → validated; bad element ids and blank paths become `input` findings in `problems`.
pub(crate) fn convert(raw: RawDocuments, problems: &mut Vec<Finding>) -> Documents {
    let base = "documents.elements";
    let mut elements = Vec::new();
    for (key, docs) in raw.elements {
        let path = join(base, &key);
        let element = match key.trim().parse::<StandardId>() {
            Ok(id) => id,
            Err(e) => {
                problems.push(Finding::new(
                    "invalid-element-id",
                    &path,
                    format!("`{path}`: {e}"),
                    "key each entry by the element's dotted id, e.g. 1.1.2 (`qcp standards list`)",
                ));
                continue;
            }
        };
        let documents = docs
            .into_iter()
            .enumerate()
            .map(|(i, d)| doc(d, index(&path, i)))
            .collect::<Vec<_>>();
        for d in &documents {
            if d.file.is_empty() {
                problems.push(Finding::new(
                    "missing-key",
                    join(&d.path, "path"),
                    format!("`{}`: the document path is blank", join(&d.path, "path")),
                    "write the document's path relative to the application file",
                ));
            }
        }
        elements.push(ElementDocuments {
            path,
            element,
            documents,
        });
    }
    elements.sort_by(|a, b| a.element.cmp(&b.element));
    let post_survey = raw
        .post_survey
        .into_iter()
        .map(|(issue, r)| {
            let path = join("documents.post_survey", &issue);
            let docs_path = join(&path, "documents");
            Resolution {
                issue: issue.trim().to_owned(),
                statement: text(r.statement.as_ref()),
                documents: r
                    .documents
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| doc(d, index(&docs_path, i)))
                    .collect(),
                phi_attestation: r.phi_attestation,
                path,
            }
        })
        .collect();
    Documents {
        phi_attestation: raw.phi_attestation,
        elements,
        post_survey,
    }
}
