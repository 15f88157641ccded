//! Per-document font subsetting: the embedded TrueType program keeps only the outlines of
//! the glyphs a document draws.
//!
//! printpdf 0.12 subsets only with its `text_layout` feature, which brings in a layout engine
//! qcp does not use, and renumbers glyphs. This does the smaller job in place: every glyph id
//! stays where it is (so printpdf's content streams and `/W` widths stay right), glyphs the
//! document does not draw become empty, and the glyph-name table is dropped (`post` format 3).
//! The other tables are copied. Not responsible for which glyphs are used (see `emit`).

use std::collections::BTreeSet;

/// Reads a big-endian `u16` at `at`.
fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// Reads a big-endian `u32` at `at`.
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The OpenType table checksum: the sum of big-endian `u32`s, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// One table of the font: tag and bytes.
struct Table {
    tag: [u8; 4],
    data: Vec<u8>,
}

/// Returns `ttf` with the outlines of every glyph outside `keep` removed (glyph 0, `.notdef`,
/// and the components of kept composite glyphs are always kept). `None` when the font is not
/// a TrueType-outline font this function understands; the caller then embeds it whole.
#[must_use]
pub(crate) fn retain_glyphs(ttf: &[u8], keep: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let n_tables = usize::from(u16_at(ttf, 4)?);
    let mut tables = Vec::with_capacity(n_tables);
    for i in 0..n_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = ttf.get(rec..rec + 4)?.try_into().ok()?;
        let offset = usize::try_from(u32_at(ttf, rec + 8)?).ok()?;
        let len = usize::try_from(u32_at(ttf, rec + 12)?).ok()?;
        let data = ttf.get(offset..offset.checked_add(len)?)?.to_vec();
        tables.push(Table { tag, data });
    }
    let find = |tables: &[Table], tag: &[u8; 4]| tables.iter().position(|t| &t.tag == tag);
    let (head, loca, glyf, maxp) = (
        find(&tables, b"head")?,
        find(&tables, b"loca")?,
        find(&tables, b"glyf")?,
        find(&tables, b"maxp")?,
    );
    let long_loca = u16_at(&tables[head].data, 50)? == 1;
    let n_glyphs = usize::from(u16_at(&tables[maxp].data, 4)?);

    // Glyph offsets into `glyf`.
    let offsets: Vec<usize> = (0..=n_glyphs)
        .map(|g| {
            if long_loca {
                u32_at(&tables[loca].data, 4 * g).and_then(|o| usize::try_from(o).ok())
            } else {
                u16_at(&tables[loca].data, 2 * g).map(|o| 2 * usize::from(o))
            }
        })
        .collect::<Option<_>>()?;
    let glyph = |g: usize| -> Option<&[u8]> {
        let (a, b) = (*offsets.get(g)?, *offsets.get(g + 1)?);
        tables[glyf].data.get(a..b.max(a))
    };

    // The kept set, closed over composite components.
    let mut kept: BTreeSet<u16> = keep
        .iter()
        .copied()
        .filter(|&g| usize::from(g) < n_glyphs)
        .collect();
    kept.insert(0);
    let mut todo: Vec<u16> = kept.iter().copied().collect();
    while let Some(g) = todo.pop() {
        for c in components(glyph(usize::from(g))?)? {
            if usize::from(c) < n_glyphs && kept.insert(c) {
                todo.push(c);
            }
        }
    }

    // New glyf and loca: kept glyphs in place, the rest empty.
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((n_glyphs + 1) * if long_loca { 4 } else { 2 });
    let push_offset = |loca: &mut Vec<u8>, at: usize| -> Option<()> {
        if long_loca {
            loca.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        } else {
            loca.extend_from_slice(&u16::try_from(at / 2).ok()?.to_be_bytes());
        }
        Some(())
    };
    for g in 0..n_glyphs {
        push_offset(&mut new_loca, new_glyf.len())?;
        if u16::try_from(g).ok().is_some_and(|g| kept.contains(&g)) {
            new_glyf.extend_from_slice(glyph(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    push_offset(&mut new_loca, new_glyf.len())?;
    tables[glyf].data = new_glyf;
    tables[loca].data = new_loca;

    // `post` format 3: the same metrics, no glyph names.
    if let Some(post) = find(&tables, b"post") {
        let mut p = tables[post].data.get(..32)?.to_vec();
        p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        tables[post].data = p;
    }
    Some(assemble(ttf.get(..4)?, tables, head))
}

/// The glyph ids a composite glyph refers to; empty for a simple or empty glyph.
fn components(g: &[u8]) -> Option<Vec<u16>> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_2X2: u16 = 0x0080;
    if g.len() < 10 || u16_at(g, 0)? & 0x8000 == 0 {
        return Some(Vec::new()); // numberOfContours >= 0: simple (or empty)
    }
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(g, at)?;
        out.push(u16_at(g, at + 2)?);
        at += 4;
        at += if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAVE_SCALE != 0 {
            at += 2;
        } else if flags & HAVE_XY_SCALE != 0 {
            at += 4;
        } else if flags & HAVE_2X2 != 0 {
            at += 8;
        }
        if flags & MORE == 0 || out.len() > 64 {
            return Some(out);
        }
    }
}

/// Writes the tables back as one font file with fresh directory, checksums and
/// `head.checkSumAdjustment`.
fn assemble(sfnt_version: &[u8], mut tables: Vec<Table>, head: usize) -> Vec<u8> {
    tables.sort_by_key(|t| t.tag);
    let head = tables
        .iter()
        .position(|t| &t.tag == b"head")
        .unwrap_or(head);
    if let Some(adj) = tables.get_mut(head).and_then(|t| t.data.get_mut(8..12)) {
        adj.fill(0);
    }
    let n = u16::try_from(tables.len()).unwrap_or(u16::MAX);
    let entry_selector = 15 - n.max(1).leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(sfnt_version);
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for t in &tables {
        out.extend_from_slice(&t.tag);
        out.extend_from_slice(&checksum(&t.data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&u32::try_from(t.data.len()).unwrap_or(0).to_be_bytes());
        body.extend_from_slice(&t.data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    // Where `head` landed in the file, to patch its checksum adjustment.
    let mut head_at = 12 + 16 * tables.len();
    for t in tables.iter().take(head) {
        head_at += t.data.len().div_ceil(4) * 4;
    }
    out.extend_from_slice(&body);
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    if let Some(slot) = out.get_mut(head_at + 8..head_at + 12) {
        slot.copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::font::{Face, Fonts};

    fn gids(face: Face, text: &str) -> BTreeSet<u16> {
        let f = Fonts::get().unwrap().face(face);
        text.chars()
            .filter_map(|c| f.parsed.lookup_glyph_index(u32::from(c)))
            .collect()
    }

    #[test]
    fn subset_is_small_valid_and_keeps_glyph_ids() {
        let fonts = Fonts::get().unwrap();
        let full = &fonts.regular.parsed.original_bytes;
        let keep = gids(Face::Regular, "Meadowfield Oncology 86.25 % São Ærø Ẫ");
        let small = retain_glyphs(full, &keep).unwrap();
        assert!(
            small.len() * 4 < full.len(),
            "{} vs {}",
            small.len(),
            full.len()
        );
        // Whole-font checksum rule of the OpenType spec.
        assert_eq!(checksum(&small), 0xB1B0_AFBA);
        // printpdf reads it back, with the same glyph for each kept character and the same
        // advance widths.
        let parsed = printpdf::ParsedFont::from_bytes(&small, 0, &mut Vec::new()).unwrap();
        for c in "Meadowfield São Ẫ".chars() {
            let g = fonts.regular.parsed.lookup_glyph_index(u32::from(c));
            assert_eq!(parsed.lookup_glyph_index(u32::from(c)), g, "{c}");
            let g = g.unwrap();
            assert_eq!(
                parsed.get_glyph_width(g),
                fonts.regular.parsed.get_glyph_width(g)
            );
        }
    }

    #[test]
    fn components_of_composites_are_kept() {
        // Near miss first: a plain letter has no components.
        let fonts = Fonts::get().unwrap();
        let full = &fonts.bold.parsed.original_bytes;
        let plain = retain_glyphs(full, &gids(Face::Bold, "A")).unwrap();
        let accented = retain_glyphs(full, &gids(Face::Bold, "Ẫ")).unwrap();
        // Ẫ is a composite of A and two marks in DejaVu: its subset carries their outlines.
        assert!(accented.len() > plain.len());
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        let keep = BTreeSet::from([1, 2, 3]);
        for bad in [&b""[..], b"\0\x01\0\0\0\x05", &[0xff; 64]] {
            assert!(retain_glyphs(bad, &keep).is_none());
        }
    }
}
