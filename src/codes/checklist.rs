//! Codes of `checklist`: the table of its findings with their documentation.

use super::{CodeInfo, Family};
use crate::finding::Severity;

use Family::{Documents as Doc, Input};
use Severity::{Error as E, Info as I, Warning as W};

/// The codes of the document checklist.
pub(crate) const CODES: &[CodeInfo] = &[
    code!("invalid-element-id", Input, E, "a documents entry is keyed by something that is not an element id",
        explain: "Pre-survey documents are listed per standard element, keyed by the element's dotted id (domain.standard.element). A key that is not such an id cannot be matched to the checklist.",
        example: "documents:\n  elements:\n    one-one-two: [...]",
        fix: "Key the entry by the element id, e.g. 1.1.2; `qcp standards list` shows them.",
        source: "docs/rules.md §5; docs/application-format.md"),
    code!("element-documents-missing", Doc, W, "a standard element has no document yet",
        explain: "Every element with an upload slot needs at least one supporting document before the practice can send a review request; with any element pending only an override request can be sent.",
        example: "documents:\n  elements: {}   # 1.1.1 not listed",
        fix: "Add the policy or record that meets the element under documents.elements.<id>, with a summary.",
        source: "docs/rules.md §5; S0 (review vs override request)"),
    code!("document-summary-missing", Doc, E, "a document has no summary",
        explain: "Each uploaded document needs a summary pointing the surveyor at the sections that meet the element.",
        example: "- path: policies/chemo-orders.pdf   # no summary",
        fix: "Add `summary:` naming the relevant sections, e.g. \"§2.1–2.4: who may sign orders\".",
        source: "docs/rules.md §5; S0, S1 (pre-survey documents)"),
    code!("unknown-element", Doc, E, "documents are given for an element the standards catalog does not list",
        explain: "The element id is not in the standards catalog in use, so the document would not land in any upload slot.",
        example: "documents:\n  elements:\n    9.9.9: [...]",
        fix: "Use an id from `qcp standards list`, or load the catalog of your manual with --standards FILE.",
        source: "docs/rules.md §1 (standards); standards/catalog-qcp-2020.toml"),
    code!("element-takes-no-documents", Doc, W, "documents are given for a standard whose uploads go to its elements",
        explain: "Some catalog entries have no upload slot of their own (a standard with numbered elements); documents go to the elements.",
        example: "documents:\n  elements:\n    1.1: [...]   # uploads go to 1.1.1, 1.1.2, 1.1.3",
        fix: "Move the documents to the elements the catalog names (`qcp standards show ID`).",
        source: "docs/rules.md §1; standards/catalog-qcp-2020.toml"),
    code!("phi-attestation-missing", Doc, E, "the PHI attestation of the documents is not given",
        explain: "One attestation that the uploaded documents contain no protected health information covers the pre-survey upload; each post-survey resolution has its own.",
        example: "documents:\n  phi_attestation: false",
        fix: "Check every document for patient identifiers, then set phi_attestation: true.",
        source: "docs/rules.md §5; S0, S1 (PHI attestation)"),
    code!("resolution-statement-missing", Doc, E, "a CCR issue has no resolution statement",
        explain: "After the survey, each issue of the Certification Compliance Report needs a statement of how the practice resolved it.",
        example: "post_survey:\n  ISS-11:\n    documents: [...]   # no statement",
        fix: "Add `statement:` describing what changed.",
        source: "docs/rules.md §5, §7; S0, S1 (implementation evidence)"),
    code!("resolution-documents-missing", Doc, E, "a CCR issue has no resolution document",
        explain: "Each resolution needs documents showing the change (the revised policy, a training log).",
        example: "post_survey:\n  ISS-11:\n    statement: revised the policy",
        fix: "Add the revised documents under `documents:`, each with a summary.",
        source: "docs/rules.md §5, §7; S0, S1"),
    code!("document-summary-missing-post", Doc, I, "a resolution document has no summary",
        explain: "Resolution documents are easier to review with a summary of where the change is; the portal does not require one.",
        example: "post_survey:\n  ISS-11:\n    documents:\n      - path: x.pdf",
        fix: "Add `summary:` naming the changed sections.",
        source: "docs/rules.md §5; S1"),
];
