//! The embedded QcpSans faces (subset DejaVu Sans, see `assets/fonts/`): parsing them once,
//! measuring text from glyph advances, and replacing characters the faces cannot draw.
//!
//! Not responsible for placing text (see `layout`) or writing the PDF (see `emit`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::PdfError;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/QcpSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/QcpSans-Bold.ttf");

/// Drawn in place of a character that the face lacks; the subset keeps it on purpose.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// One of the two embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// QcpSans (DejaVu Sans Book).
    Regular,
    /// QcpSans Bold (DejaVu Sans Bold).
    Bold,
}

impl Face {
    /// The PDF resource name, which without printpdf's `text_layout` also becomes `/BaseFont`.
    pub(crate) fn pdf_name(self) -> &'static str {
        match self {
            Face::Regular => "QcpSans",
            Face::Bold => "QcpSans-Bold",
        }
    }
}

/// A parsed face plus a flat advance table, so measuring does not walk two `BTreeMap`s per char.
pub(crate) struct Metrics {
    pub(crate) parsed: ParsedFont,
    /// Advance in 1/1000 em for every BMP code point; `u16::MAX` where the face has no glyph.
    advances: Vec<u16>,
}

impl Metrics {
    fn new(bytes: &[u8], face: Face) -> Result<Self, PdfError> {
        let mut font_warnings = Vec::new();
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut font_warnings).ok_or(PdfError::FontParse {
                face: face.pdf_name(),
            })?;
        let upem = f32::from(parsed.units_per_em.max(1));
        let mut advances = vec![u16::MAX; 0x1_0000];
        for (&cp, &gid) in &parsed.codepoint_to_glyph {
            let Some(slot) = usize::try_from(cp).ok().and_then(|i| advances.get_mut(i)) else {
                continue;
            };
            // gid 0 is .notdef: a cmap pointing there means "no glyph".
            if gid == 0 {
                continue;
            }
            let w = f32::from(parsed.get_glyph_width(gid).unwrap_or(0));
            // Widths are at most a few em, so the rounded value fits u16 comfortably.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let per_mille = (w * 1000.0 / upem).round().clamp(0.0, 65_000.0) as u16;
            *slot = per_mille;
        }
        Ok(Self { parsed, advances })
    }

    /// Whether the face can draw `c` (never true for control characters).
    pub(crate) fn has(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    fn advance(&self, c: char) -> Option<u16> {
        self.advances
            .get(c as usize)
            .copied()
            .filter(|&a| a != u16::MAX)
    }

    /// Drawn width of `s` in points at `size`: the sum of advances, as printpdf applies no kerning.
    pub(crate) fn width(&self, s: &str, size: f32) -> f32 {
        let fallback = self.advance(REPLACEMENT).unwrap_or(1000);
        let total: u32 = s
            .chars()
            .map(|c| u32::from(self.advance(c).unwrap_or(fallback)))
            .sum();
        // Text lengths here are far below f32's exact-integer range.
        #[allow(clippy::cast_precision_loss)]
        let total = total as f32;
        total * size / 1000.0
    }
}

/// Both faces, parsed once per process (parsing is deterministic, so sharing is safe).
pub(crate) struct Fonts {
    pub(crate) regular: Metrics,
    pub(crate) bold: Metrics,
}

impl Fonts {
    /// The process-wide parsed faces.
    pub(crate) fn get() -> Result<&'static Fonts, PdfError> {
        static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Metrics::new(REGULAR_TTF, Face::Regular)?,
                    bold: Metrics::new(BOLD_TTF, Face::Bold)?,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The metrics of `face`.
    pub(crate) fn face(&self, face: Face) -> &Metrics {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }
}

/// Collects characters that had to be replaced, once each, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct Replacements {
    seen: BTreeMap<char, usize>,
}

impl Replacements {
    /// Returns `s` with every character that `face` cannot draw replaced by U+FFFD.
    ///
    /// Tabs become spaces; byte-order marks and soft hyphens are dropped; other control characters (except `\n`, which callers treat as a
    /// hard line break) are replaced like missing glyphs, because a PDF cannot show them either.
    pub(crate) fn clean(&mut self, fonts: &Fonts, face: Face, s: &str) -> String {
        let metrics = fonts.face(face);
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '\n' | ' ' => out.push(c),
                // A byte-order mark is invisible by definition; we never hyphenate, so a soft
                // hyphen would only ever show up as a stray visible hyphen.
                '\u{FEFF}' | '\u{AD}' => {}
                '\t' | '\r' => out.push(' '),
                c if metrics.has(c) => out.push(c),
                c => {
                    let next = self.seen.len();
                    self.seen.entry(c).or_insert(next);
                    out.push(REPLACEMENT);
                }
            }
        }
        out
    }

    /// One human-readable warning per replaced character, in order of first appearance.
    pub(crate) fn into_warnings(self) -> Vec<String> {
        let mut chars: Vec<(usize, char)> = self.seen.into_iter().map(|(c, i)| (i, c)).collect();
        chars.sort_unstable();
        chars
            .into_iter()
            .map(|(_, c)| {
                let shown = if c.is_control() {
                    String::new()
                } else {
                    format!(" '{c}'")
                };
                format!(
                    "character U+{:04X}{shown} is not in the embedded font; drawn as U+FFFD",
                    u32::from(c)
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_cover_the_scripts_the_subset_promises() {
        // assets/fonts/make-subset.sh: Latin-1, Latin Ext-A/B, Greek, Cyrillic, Vietnamese, €.
        let fonts = Fonts::get().unwrap();
        for face in [Face::Regular, Face::Bold] {
            for c in "São Paulo Ærø Łódź Ελλάδα Москва Nguyễn € — “” • → ≤ ½ №".chars()
            {
                assert!(fonts.face(face).has(c) || c == ' ', "{face:?} lacks {c:?}");
            }
            assert!(!fonts.face(face).has('😀'));
            assert!(!fonts.face(face).has('\u{7}'));
        }
    }

    #[test]
    fn width_is_sum_of_advances() {
        // DejaVu Sans: space is 651/2048 em = 318/1000, 'M' is 1767/2048 = 863/1000.
        let fonts = Fonts::get().unwrap();
        let w = fonts.regular.width("M M", 10.0);
        assert!((w - (8.63 * 2.0 + 3.18)).abs() < 0.02, "{w}");
    }

    #[test]
    fn replacement_reports_each_char_once_in_order() {
        let fonts = Fonts::get().unwrap();
        let mut r = Replacements::default();
        assert_eq!(
            r.clean(fonts, Face::Regular, "a😀b\u{4E2D}😀\tc"),
            "a\u{FFFD}b\u{FFFD}\u{FFFD} c"
        );
        let w = r.into_warnings();
        assert_eq!(w.len(), 2);
        assert!(w[0].contains("U+1F600"), "{w:?}");
        assert!(w[1].contains("U+4E2D"), "{w:?}");
    }
}
