//! Document checks for `bundle check`: what a referenced document really is, and whether its
//! readable text carries PHI (docs/rules.md §5: uploads must contain no patient identifiers).
//!
//! Responsible for: content sniffing ([`sniff`]), text extraction from TXT, PDF (text layer) and
//! DOCX (body, tables, text boxes, headers, footers, footnotes, endnotes, comments) under
//! per-document budgets ([`extract_text`], [`ExtractLimits`]), and the PHI screen ([`screen`],
//! [`screen_with`], [`screen_document`]) driven by [`PhiRules`] from TOML, skipping the
//! practice's own identifiers ([`KnownIdentifiers`]). Not responsible for: path safety, the
//! 10 MB size limit or reading files (the caller does those and passes bytes), turning results
//! into findings, OCR of images or scanned PDF pages (named as [`Gap`]s or
//! [`Extracted::NoTextLayer`]), or XLSX/DOC/XLS content (reported as [`Extracted::NotScreened`]).
//! A clean screen is not a privacy review: it finds labelled identifiers and a few unlabelled
//! shapes, not every name in free prose. Nothing here ever returns document text in an error.
//!
//! Typical use:
//! ```
//! use qcp::docscan::{self, DocKind, Extracted, PhiRules};
//! let (rules, limits) = docscan::rules::parse(docscan::rules::DEFAULT_TOML).unwrap();
//! let bytes = b"Intake checklist\nDOB: 03/14/1962\n";
//! let s = docscan::sniff(bytes, "intake.txt");
//! assert_eq!(s.actual, Some(DocKind::Txt));
//! let Extracted::Text(units) = docscan::extract_text(DocKind::Txt, bytes, &limits).unwrap() else { panic!() };
//! let hits = docscan::screen(&units, &rules);
//! assert_eq!(hits[0].to_string(), "line 2, column 1: possible date of birth (DOB: [date redacted])");
//! ```

mod docx;
mod ole2;
mod pdf;
mod pdflex;
pub mod rules;
mod screen;
mod sniff;
mod text;
mod zipdir;

pub use rules::{ExtractLimits, PhiRules, RulesError};
pub use screen::{
    KnownIdentifiers, PhiHit, PhiKind, Screened, screen, screen_document, screen_with,
};
pub use sniff::{Content, DocKind, SNIFF_PREFIX, Sniffed, describe, sniff};

/// Which part of a document a line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Part {
    /// The main text (TXT file, DOCX body including tables and text boxes, PDF pages).
    #[default]
    Body,
    /// A DOCX header (`word/headerN.xml`), numbered as in the package.
    Header(u16),
    /// A DOCX footer (`word/footerN.xml`).
    Footer(u16),
    /// DOCX footnotes.
    Footnotes,
    /// DOCX endnotes.
    Endnotes,
    /// DOCX comments.
    Comments,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Part::Body => f.write_str("body"),
            Part::Header(n) => write!(f, "header {n}"),
            Part::Footer(n) => write!(f, "footer {n}"),
            Part::Footnotes => f.write_str("footnotes"),
            Part::Endnotes => f.write_str("endnotes"),
            Part::Comments => f.write_str("comments"),
        }
    }
}

/// One line of extracted text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextUnit {
    /// The part of the document (always [`Part::Body`] for TXT and PDF).
    pub part: Part,
    /// 1-based page for PDFs; `None` for TXT and DOCX.
    pub page: Option<u32>,
    /// 1-based line: file line for TXT, paragraph (or table row) within its part for DOCX, text
    /// line within the page for PDF.
    pub line: u32,
    /// The text, without the line terminator.
    pub text: String,
}

/// A part of a readable document that was not screened; each becomes its own finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// PDF pages with no text layer (likely scanned) in a PDF that has text elsewhere.
    PagesWithoutText(Vec<u32>),
    /// PDF pages that show text in a font qcp cannot decode (no usable encoding or a broken one).
    UndecodableText(Vec<u32>),
}

fn page_list(pages: &[u32]) -> String {
    let shown: Vec<String> = pages.iter().take(10).map(u32::to_string).collect();
    let more = if pages.len() > 10 {
        format!(" and {} more", pages.len() - 10)
    } else {
        String::new()
    };
    let noun = if pages.len() == 1 { "page" } else { "pages" };
    format!("{noun} {}{more}", shown.join(", "))
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gap::PagesWithoutText(p) => write!(
                f,
                "{} {} no text layer (likely scanned): not screened for PHI",
                page_list(p),
                if p.len() == 1 { "has" } else { "have" }
            ),
            Gap::UndecodableText(p) => write!(
                f,
                "{} {} text in a font qcp cannot decode: not screened for PHI",
                page_list(p),
                if p.len() == 1 { "shows" } else { "show" }
            ),
        }
    }
}

/// Outcome of [`extract_text`] when the document could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
    /// Lines to screen (possibly none, for an empty document).
    Text(Vec<TextUnit>),
    /// Lines to screen, and parts that could not be screened (name each in a finding).
    Partial {
        /// Lines to screen.
        units: Vec<TextUnit>,
        /// What was not screened.
        gaps: Vec<Gap>,
    },
    /// A PDF whose pages carry no text layer (likely a scan); its content was not screened.
    NoTextLayer {
        /// Number of pages in the PDF.
        pages: u32,
    },
    /// A kind whose content qcp does not screen (XLSX, DOC, XLS, PNG, JPEG): report as info.
    NotScreened(DocKind),
}

/// Why a document's text could not be read. Messages are lowercase and name the kind.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// Password-protected or otherwise encrypted content.
    #[error("the {kind} is encrypted, so its text cannot be screened")]
    Encrypted {
        /// The kind being read.
        kind: DocKind,
    },
    /// Unparseable bytes (truncated, damaged, or not really this kind).
    #[error("the {kind} could not be read: {reason}")]
    Corrupt {
        /// The kind being read.
        kind: DocKind,
        /// Parser's explanation (never document text).
        reason: String,
    },
    /// A compressed part would inflate past the caller's limit (decompression-bomb guard).
    /// Extraction now reports [`ExtractError::OverBudget`]; kept for callers that match on it.
    #[error("the {kind} part `{part}` decompresses to more than {limit} bytes")]
    TooLarge {
        /// The kind being read.
        kind: DocKind,
        /// Part or stream that hit the limit.
        part: String,
        /// The limit in force (`[extract] max_decompressed_bytes`).
        limit: u64,
    },
    /// The document exceeds a per-document budget (`[extract]` in the screen TOML): inflated
    /// bytes, PDF operators, text or lines.
    #[error("the {kind} exceeds the screening budget of {limit} {what}, so it was not screened")]
    OverBudget {
        /// The kind being read.
        kind: DocKind,
        /// What was counted ("decompressed bytes per document", "items in one PDF array", ...).
        what: &'static str,
        /// The budget in force.
        limit: u64,
    },
    /// A required part of the container is missing.
    #[error("the {kind} has no `{part}` part")]
    MissingPart {
        /// The kind being read.
        kind: DocKind,
        /// The missing part's name.
        part: &'static str,
    },
}

/// Extract screenable text from a document already judged to be `kind` (by [`sniff`]).
///
/// Never panics on hostile input: parser failures become [`ExtractError`]s.
pub fn extract_text(
    kind: DocKind,
    bytes: &[u8],
    limits: &ExtractLimits,
) -> Result<Extracted, ExtractError> {
    match kind {
        DocKind::Txt => text::lines(bytes, limits).map(Extracted::Text),
        DocKind::Pdf => pdf::extract(bytes, limits),
        DocKind::Docx => docx::extract(bytes, limits).map(Extracted::Text),
        DocKind::Xlsx | DocKind::Doc | DocKind::Xls | DocKind::Png | DocKind::Jpeg => {
            Ok(Extracted::NotScreened(kind))
        }
    }
}
