//! A small, deterministic document layout engine on top of printpdf: a generic block model
//! (titles, headings, key/value blocks, wrapped paragraphs, tables, stacked bar charts) is laid
//! out onto US Letter or A4 pages with a "page N of M" footer and written as a PDF whose bytes
//! depend only on the input.
//!
//! Responsible for: measuring and wrapping text with the embedded QcpSans faces (subset DejaVu
//! Sans, so Latin, Greek and Cyrillic names survive), pagination (repeated table headers, rows
//! kept whole, no orphaned headings, widow/orphan control for paragraphs), and reproducible
//! output (fixed font ids, `/ID` from a content hash, dates only from [`Meta::date`]).
//!
//! Not responsible for: what a report says. Callers (the compliance report, the application
//! summary) turn their domain types into [`Block`]s; this module knows nothing of QCP.
//!
//! ```
//! use qcp::pdf::{render, Block, Document, Meta, Paper, TextStyle};
//! let doc = Document {
//!     meta: Meta::new("Report", "Example practice · as of 2025-01-31"),
//!     blocks: vec![
//!         Block::Title("Report".into()),
//!         Block::Paragraph { text: "Hello, Łódź.".into(), style: TextStyle::Normal },
//!     ],
//! };
//! let out = render(&doc, Paper::Letter).unwrap();
//! assert!(out.bytes.starts_with(b"%PDF-"));
//! assert!(out.warnings.is_empty());
//! ```

mod emit;
mod font;
mod layout;
mod subset;

pub use font::Face;
pub use layout::{Item, LaidOut, Rgb, layout};

/// Page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// US Letter, 612 × 792 pt.
    #[default]
    Letter,
    /// ISO A4, 595.28 × 841.89 pt.
    A4,
}

impl Paper {
    /// Width and height in points.
    #[must_use]
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (210.0 * MM, 297.0 * MM),
        }
    }
}

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// A document: metadata plus the blocks to lay out, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, subject, footer text and date.
    pub meta: Meta,
    /// Content in reading order.
    pub blocks: Vec<Block>,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// PDF `/Title`; also the running header on pages 2 and later.
    pub title: String,
    /// PDF `/Subject`.
    pub subject: String,
    /// Left side of every footer, e.g. practice name and as-of date.
    pub footer_left: String,
    /// Written as creation and modification date (midnight UTC); `None` writes no date at all.
    /// The library never reads the clock: the binary passes `--timestamp` or
    /// `SOURCE_DATE_EPOCH` here.
    pub date: Option<jiff::civil::Date>,
    /// The document's natural language as a BCP 47 tag (`/Lang`, for screen readers).
    pub lang: String,
}

impl Meta {
    /// Metadata with a title and footer text, empty subject and no date.
    #[must_use]
    pub fn new(title: impl Into<String>, footer_left: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            subject: String::new(),
            footer_left: footer_left.into(),
            date: None,
            lang: "en-US".to_owned(),
        }
    }
}

/// One piece of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Large bold document title.
    Title(String),
    /// Section heading, `level` 1 (largest) to 3; never left alone at the bottom of a page.
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// Heading text; wraps if long.
        text: String,
    },
    /// Aligned two-column block (bold keys, wrapped values), e.g. a report header.
    KeyValues(Vec<(String, String)>),
    /// Wrapped text; `\n` forces a line break.
    Paragraph {
        /// The text.
        text: String,
        /// Its look.
        style: TextStyle,
    },
    /// A table whose header row repeats on every page it spans.
    Table(Table),
    /// Horizontal stacked bars with a legend.
    Bars(BarChart),
    /// Vertical space in points (dropped at the top of a page).
    Spacer(f32),
    /// Start a new page (ignored when already at the top of one).
    PageBreak,
    /// Keep these blocks on one page when they fit on one.
    KeepTogether(Vec<Block>),
}

/// Paragraph look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextStyle {
    /// Body text, 10 pt.
    #[default]
    Normal,
    /// Bold body text, 10 pt.
    Bold,
    /// Small print, 8 pt.
    Small,
    /// Grey secondary text, 9 pt (stands in for italics, which the embedded faces lack).
    Muted,
}

/// Horizontal alignment within a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right (numbers).
    Right,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text (bold, may wrap).
    pub header: String,
    /// Relative width: columns share the text width in proportion to these (must be > 0).
    pub width: f32,
    /// Alignment of the header and the cells.
    pub align: Align,
}

impl Column {
    /// A column with the given header, relative width and alignment.
    #[must_use]
    pub fn new(header: impl Into<String>, width: f32, align: Align) -> Self {
        Self {
            header: header.into(),
            width,
            align,
        }
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One text per column; `\n` forces a line break.
    pub cells: Vec<String>,
    /// Bold (e.g. a totals row).
    pub bold: bool,
}

impl Row {
    /// A normal-weight row.
    #[must_use]
    pub fn new<S: Into<String>>(cells: impl IntoIterator<Item = S>) -> Self {
        Self {
            cells: cells.into_iter().map(Into::into).collect(),
            bold: false,
        }
    }

    /// The same row in bold.
    #[must_use]
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

/// A table: columns and rows; every row must have one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// Rows, top to bottom. A row is never split across pages unless it is taller than a page.
    pub rows: Vec<Row>,
}

/// Colour of a bar segment or legend swatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fill {
    /// Green.
    Good,
    /// Amber.
    Warn,
    /// Red.
    Bad,
    /// Grey.
    Neutral,
}

/// One coloured part of a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Size; bars are scaled so the largest row total spans the bar area.
    pub value: u32,
    /// Colour.
    pub fill: Fill,
}

/// One bar: a label and its segments, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    /// Shown left of the bar.
    pub label: String,
    /// Stacked left to right; the total is printed after the bar.
    pub segments: Vec<Segment>,
}

/// Horizontal stacked bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Bars, top to bottom.
    pub rows: Vec<BarRow>,
    /// Legend entries shown under the bars.
    pub legend: Vec<(Fill, String)>,
}

/// The rendered PDF and anything the caller should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// E.g. characters the embedded font lacks (drawn as U+FFFD), one entry per character.
    pub warnings: Vec<String>,
    /// Number of pages.
    pub pages: usize,
}

/// Why a document could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// A table row has the wrong number of cells.
    #[error("table row {row} has {cells} cells but the table has {columns} columns")]
    RowShape {
        /// 0-based row index within its table.
        row: usize,
        /// Cells in that row.
        cells: usize,
        /// Columns in the table.
        columns: usize,
    },
    /// A table has no columns, or a column width is not a positive finite number.
    #[error("table column {column} has width {width}; widths must be positive")]
    ColumnWidth {
        /// 0-based column index (0 also for a table with no columns).
        column: usize,
        /// The offending width.
        width: f32,
    },
    /// A heading level outside 1..=3.
    #[error("heading level {level} for {text:?} is not 1, 2 or 3")]
    HeadingLevel {
        /// The level given.
        level: u8,
        /// The heading text.
        text: String,
    },
    /// A spacer that is negative, not finite, or taller than a page.
    #[error("spacer of {points} pt is not between 0 and the page height")]
    Spacer {
        /// The height given.
        points: f32,
    },
    /// An embedded font failed to parse (a build problem, not an input problem).
    #[error("embedded font {face} could not be parsed")]
    FontParse {
        /// Which face.
        face: &'static str,
    },
    /// lopdf failed to write the file.
    #[error("writing the pdf failed: {message}")]
    Write {
        /// lopdf's error text.
        message: String,
    },
}

/// Lays out `doc` on `paper` and writes it as a PDF; the bytes depend only on the arguments.
///
/// # Errors
/// A [`PdfError`] for malformed input (row/column mismatch, bad widths, heading levels, spacers)
/// or a failure to write.
pub fn render(doc: &Document, paper: Paper) -> Result<Rendered, PdfError> {
    let laid = layout(doc, paper)?;
    let bytes = emit::emit(&laid, &doc.meta)?;
    Ok(Rendered {
        bytes,
        pages: laid.pages.len(),
        warnings: laid.warnings,
    })
}
