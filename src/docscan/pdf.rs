//! PDF text layer to numbered lines per page.
//!
//! Responsible for: loading with lopdf under a decompression cap, walking each page's content
//! stream, and placing text on lines by position (PDF 32000-1 §9.4: `Td`, `TD`, `Tm`, `T*`,
//! `'`, `"`, with `cm`/`q`/`Q` for the page transform). Not responsible for: OCR, text inside
//! form XObjects or annotations, reading order of multi-column layouts, or right-to-left text.
//!
//! Why not `Document::extract_text`: lopdf 0.44 starts a new line only on `T*`, `'`, `"` and `ET`,
//! so lines positioned with `Td`/`Tm` inside one text object run together ("Patient:JohnSmith"),
//! and word gaps made by repositioning are lost. The screen depends on lines and word gaps.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object};

use super::rules::ExtractLimits;
use super::{DocKind, ExtractError, Extracted, Gap, TextUnit, pdflex};

/// Affine matrix `[a b c d e f]` as in PDF 32000-1 §8.3.4.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn corrupt(reason: impl std::fmt::Display) -> ExtractError {
    ExtractError::Corrupt {
        kind: DocKind::Pdf,
        reason: reason.to_string(),
    }
}

pub(crate) fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<Extracted, ExtractError> {
    // lopdf is a large parser fed untrusted bytes; a panic inside it must become an error here,
    // not take down `bundle check` for every other document.
    match catch_unwind(AssertUnwindSafe(|| extract_inner(bytes, limits))) {
        Ok(r) => r,
        Err(_) => Err(corrupt("the pdf parser failed on this file")),
    }
}

fn over(what: &'static str, limit: u64) -> ExtractError {
    ExtractError::OverBudget {
        kind: DocKind::Pdf,
        what,
        limit,
    }
}

fn extract_inner(bytes: &[u8], limits: &ExtractLimits) -> Result<Extracted, ExtractError> {
    let limit = usize::try_from(limits.max_decompressed_bytes).unwrap_or(usize::MAX);
    let options = LoadOptions {
        max_decompressed_size: Some(limit),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(e) => return Err(load_error(bytes, &e, limits)),
    };
    // lopdf opens files whose user password is empty; anything else stays encrypted.
    // (`is_encrypted` would look the dictionary up, but a locked file has no objects loaded.)
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(ExtractError::Encrypted { kind: DocKind::Pdf });
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt("it has no pages"));
    }
    // Per-document budgets (issue 11): inflated content, operators, text and lines.
    let mut inflated_left = limit;
    let mut ops_left = limits.max_pdf_operations;
    let mut text_left = limits.max_text_bytes;
    let mut lines_left = limits.max_lines;
    let mut units = Vec::new();
    let (mut scanned, mut undecodable) = (Vec::new(), Vec::new());
    for (&number, &page_id) in &pages {
        let content = doc
            .get_page_content_with_limit(page_id, inflated_left.max(1))
            .map_err(|e| map_err(&e, limits))?;
        inflated_left = inflated_left.saturating_sub(content.len());
        if inflated_left == 0 {
            return Err(over(
                "decompressed bytes per document",
                limits.max_decompressed_bytes,
            ));
        }
        let fonts = page_fonts(&doc, page_id, limit);
        let mut walker = Walker::new(&fonts);
        let max_array = usize::try_from(limits.max_pdf_array_items).unwrap_or(usize::MAX);
        pdflex::for_each_op(&content, &mut ops_left, max_array, |op, args| {
            walker.op(op, args);
        })
        .map_err(|e| match e {
            pdflex::Over::Ops => over("PDF operators per document", limits.max_pdf_operations),
            pdflex::Over::ArrayItems => over("items in one PDF array", limits.max_pdf_array_items),
        })?;
        let (shown, decoded, images) = (walker.shown, walker.decoded, walker.images);
        let mut line = 0u32;
        for text in walker.finish() {
            line = line.saturating_add(1);
            if lines_left == 0 {
                return Err(over("lines per document", limits.max_lines));
            }
            lines_left -= 1;
            let len = text.len() as u64;
            if len > text_left {
                return Err(over("bytes of text per document", limits.max_text_bytes));
            }
            text_left -= len;
            units.push(TextUnit {
                part: super::Part::Body,
                page: Some(number),
                line,
                text,
            });
        }
        if shown > 0 && decoded == 0 {
            undecodable.push(number);
        } else if shown == 0 && images {
            scanned.push(number);
        }
    }
    if units.is_empty() && undecodable.is_empty() {
        let pages = u32::try_from(pages.len()).unwrap_or(u32::MAX);
        return Ok(Extracted::NoTextLayer { pages });
    }
    let mut gaps = Vec::new();
    if !scanned.is_empty() {
        gaps.push(Gap::PagesWithoutText(scanned));
    }
    if !undecodable.is_empty() {
        gaps.push(Gap::UndecodableText(undecodable));
    }
    if gaps.is_empty() {
        Ok(Extracted::Text(units))
    } else {
        Ok(Extracted::Partial { units, gaps })
    }
}

fn load_error(bytes: &[u8], e: &lopdf::Error, limits: &ExtractLimits) -> ExtractError {
    // A trailer naming /Encrypt that lopdf could not open means a password we do not have.
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    if matches!(e, lopdf::Error::Decryption(_)) || tail.windows(8).any(|w| w == b"/Encrypt") {
        return ExtractError::Encrypted { kind: DocKind::Pdf };
    }
    map_err(e, limits)
}

/// lopdf's messages can quote bytes of the file (names, strings): keep to fixed wording.
fn map_err(e: &lopdf::Error, limits: &ExtractLimits) -> ExtractError {
    let reason = e.to_string();
    if reason.contains("limit") && reason.contains("exceed") {
        return over(
            "decompressed bytes per document",
            limits.max_decompressed_bytes,
        );
    }
    corrupt("its structure is damaged")
}

/// What the walker needs from a font: how to decode and how wide each code is.
struct FontInfo<'a> {
    encoding: Option<Encoding<'a>>,
    two_byte: bool,
    /// Widths in 1/1000 text space units by character code.
    widths: BTreeMap<u32, f32>,
    default_width: f32,
}

fn page_fonts<'a>(
    doc: &'a Document,
    page_id: lopdf::ObjectId,
    limit: usize,
) -> BTreeMap<Vec<u8>, FontInfo<'a>> {
    let Ok(fonts) = doc.get_page_fonts(page_id) else {
        return BTreeMap::new();
    };
    fonts
        .into_iter()
        .map(|(name, dict)| (name, font_info(doc, dict, limit)))
        .collect()
}

fn font_info<'a>(doc: &'a Document, dict: &'a Dictionary, limit: usize) -> FontInfo<'a> {
    let encoding = dict.get_font_encoding_with_limit(doc, limit).ok();
    let two_byte = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Type0");
    let num = |o: &Object| {
        o.as_float()
            .ok()
            .or_else(|| o.as_i64().ok().map(|i| i as f32))
    };
    let arr = |d: &'a Dictionary, key: &[u8]| d.get_deref(key, doc).and_then(Object::as_array).ok();
    let mut widths = BTreeMap::new();
    let mut default_width = 500.0;
    if two_byte {
        // Type0: widths live on the descendant CIDFont (§9.7.4.3 `W`, `DW`).
        let desc = arr(dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        if let Some(d) = desc {
            default_width = d.get(b"DW").ok().and_then(num).unwrap_or(1000.0);
            if let Some(w) = arr(d, b"W") {
                let mut i = 0;
                while i + 1 < w.len() {
                    let Some(first) = num(&w[i]).map(|f| f as u32) else {
                        break;
                    };
                    if let Ok(list) = doc.dereference(&w[i + 1]).and_then(|(_, o)| o.as_array()) {
                        for (k, v) in list.iter().enumerate() {
                            if let Some(v) = num(v) {
                                widths.insert(first + k as u32, v);
                            }
                        }
                        i += 2;
                    } else if i + 2 < w.len() {
                        let (Some(last), Some(v)) = (num(&w[i + 1]), num(&w[i + 2])) else {
                            break;
                        };
                        // Bound the range so a hostile `W` cannot make us insert billions of entries.
                        for c in first..=(last as u32).min(first.saturating_add(0xFFFF)) {
                            widths.insert(c, v);
                        }
                        i += 3;
                    } else {
                        break;
                    }
                }
            }
        }
    } else {
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(num)
            .map_or(0, |f| f as u32);
        if let Some(w) = arr(dict, b"Widths") {
            for (k, v) in w.iter().enumerate() {
                if let Some(v) = num(v) {
                    widths.insert(first + k as u32, v);
                }
            }
        }
    }
    FontInfo {
        encoding,
        two_byte,
        widths,
        default_width,
    }
}

/// Content-stream walker that lays shown text onto lines.
struct Walker<'f, 'a> {
    fonts: &'f BTreeMap<Vec<u8>, FontInfo<'a>>,
    ctm: Matrix,
    stack: Vec<Matrix>,
    tm: Matrix,
    tlm: Matrix,
    font: Option<&'f FontInfo<'a>>,
    size: f32,
    leading: f32,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    /// Where the last shown text ended (user space) and the line's baseline.
    pen: Option<(f32, f32, f32)>,
    lines: Vec<String>,
    current: String,
    /// Bytes passed to text-showing operators, and non-blank characters they decoded to.
    shown: usize,
    decoded: usize,
    /// Whether the page paints an image (`Do` of an XObject, or an inline image).
    images: bool,
}

impl<'f, 'a> Walker<'f, 'a> {
    fn new(fonts: &'f BTreeMap<Vec<u8>, FontInfo<'a>>) -> Self {
        Walker {
            fonts,
            ctm: IDENTITY,
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            font: None,
            size: 0.0,
            leading: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            pen: None,
            lines: Vec::new(),
            current: String::new(),
            shown: 0,
            decoded: 0,
            images: false,
        }
    }

    fn op(&mut self, operator: &str, operands: &[Object]) {
        let n = |i: usize| -> f32 {
            operands
                .get(i)
                .and_then(|o| {
                    o.as_float()
                        .ok()
                        .or_else(|| o.as_i64().ok().map(|v| v as f32))
                })
                .unwrap_or(0.0)
        };
        match operator {
            // Bounded: a stream of a million `q`s should not grow memory without limit.
            "q" if self.stack.len() < 1024 => self.stack.push(self.ctm),
            "Q" => {
                if let Some(m) = self.stack.pop() {
                    self.ctm = m;
                }
            }
            "Do" | "BI" => self.images = true,
            "cm" => self.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &self.ctm),
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            "Tf" => {
                self.font = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| self.fonts.get(name));
                self.size = n(1);
            }
            "TL" => self.leading = n(0),
            "Tc" => self.char_spacing = n(0),
            "Tw" => self.word_spacing = n(0),
            "Tz" => self.h_scale = n(0) / 100.0,
            "Td" => self.move_line(n(0), n(1)),
            "TD" => {
                self.leading = -n(1);
                self.move_line(n(0), n(1));
            }
            "Tm" => {
                self.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.tlm = self.tm;
            }
            "T*" => self.move_line(0.0, -self.leading),
            "Tj" => self.show(operands.first()),
            "'" => {
                self.move_line(0.0, -self.leading);
                self.show(operands.first());
            }
            "\"" => {
                self.word_spacing = n(0);
                self.char_spacing = n(1);
                self.move_line(0.0, -self.leading);
                self.show(operands.get(2));
            }
            "TJ" => {
                if let Some(Ok(items)) = operands.first().map(Object::as_array) {
                    for item in items {
                        match item {
                            Object::String(..) => self.show(Some(item)),
                            other => {
                                let adj = other
                                    .as_float()
                                    .ok()
                                    .or_else(|| other.as_i64().ok().map(|v| v as f32));
                                if let Some(adj) = adj {
                                    // §9.4.3: a number moves the pen left by adj/1000 em; a big
                                    // negative one is how many producers draw a word gap.
                                    let tx = -adj / 1000.0 * self.size * self.h_scale;
                                    self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                                    if adj < -200.0
                                        && !self.current.ends_with(' ')
                                        && !self.current.is_empty()
                                    {
                                        self.current.push(' ');
                                    }
                                    self.update_pen();
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn origin(&self) -> (f32, f32, f32) {
        let m = mul(&self.tm, &self.ctm);
        // Rendered glyph height: font size scaled by the vertical part of the matrix.
        let em = (self.size * m[2].hypot(m[3])).abs().max(0.1);
        (m[4], m[5], em)
    }

    fn update_pen(&mut self) {
        let x = mul(&self.tm, &self.ctm)[4];
        if let Some(pen) = self.pen.as_mut() {
            pen.0 = x;
        }
    }

    fn show(&mut self, operand: Option<&Object>) {
        let Some(Object::String(bytes, _)) = operand else {
            return;
        };
        let (x, y, em) = self.origin();
        if let Some((end_x, base_y, _)) = self.pen {
            if (y - base_y).abs() > 0.5 * em {
                self.break_line();
            } else if x - end_x > 2.0 * em && !self.current.is_empty() {
                // A wide gap on the same baseline: text laid out in columns (a table). A tab
                // lets the screen carry header labels down their columns.
                let trimmed = self.current.trim_end_matches(' ').len();
                self.current.truncate(trimmed);
                self.current.push('\t');
            } else if (x - end_x > 0.15 * em || end_x - x > 0.5 * em)
                && !self.current.ends_with([' ', '\t'])
                && !self.current.is_empty()
            {
                // Repositioned on the same baseline, away from where the last text ended: a gap.
                self.current.push(' ');
            }
        }
        let (text, advance) = match self.font {
            Some(font) => {
                let text = font
                    .encoding
                    .as_ref()
                    .and_then(|e| e.bytes_to_string(bytes).ok())
                    .unwrap_or_default();
                (text, self.advance(font, bytes))
            }
            None => (String::new(), 0.0),
        };
        self.shown += bytes.len();
        self.decoded += text.chars().filter(|c| !c.is_whitespace()).count();
        self.current.push_str(&text);
        self.tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &self.tm);
        let m = mul(&self.tm, &self.ctm);
        self.pen = Some((m[4], y, em));
    }

    /// Horizontal displacement in text space (§9.4.4) for the shown bytes.
    fn advance(&self, font: &FontInfo<'_>, bytes: &[u8]) -> f32 {
        let mut total = 0.0;
        let mut glyph = |code: u32, is_space: bool| {
            let w = font
                .widths
                .get(&code)
                .copied()
                .unwrap_or(font.default_width);
            let spacing = self.char_spacing + if is_space { self.word_spacing } else { 0.0 };
            total += (w / 1000.0 * self.size + spacing) * self.h_scale;
        };
        if font.two_byte {
            for c in bytes.chunks(2) {
                let code = c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                glyph(code, false);
            }
        } else {
            for &b in bytes {
                glyph(u32::from(b), b == b' ');
            }
        }
        total
    }

    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            self.lines.push(trimmed.to_owned());
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.break_line();
        self.lines
    }
}
