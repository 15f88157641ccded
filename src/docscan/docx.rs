//! DOCX text: every part a reader sees, paragraphs to lines.
//!
//! Responsible for: opening the package under a per-document decompression budget and turning
//! `w:p` paragraphs into lines (ECMA-376 Part 1 §17.3.1.22 `p`, §17.3.3.31 `t`, §17.3.3.7
//! `delText`) in the body (`word/document.xml`, with its tables and text boxes), the headers and
//! footers (`word/headerN.xml`, `word/footerN.xml`, §17.10), footnotes, endnotes (§17.11) and
//! comments (§17.13.4). A table row (`w:tr`) becomes one line with its cells separated by tabs, so
//! the screen can carry header labels down columns. Parts stored as UTF-16 are decoded.
//! Not responsible for: embedded objects, images, or glossary (building-block) parts.
//!
//! Errors never quote the XML: a parser message can carry document text (a tag name or an
//! attribute), so only the part name and a byte offset are reported.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::result::ZipError;

use super::rules::ExtractLimits;
use super::{DocKind, ExtractError, Part, TextUnit};

const BODY: &str = "word/document.xml";

/// Running totals against the per-document budgets.
pub(crate) struct Budget {
    inflated_left: u64,
    text_left: u64,
    lines_left: u64,
    limits: ExtractLimits,
}

impl Budget {
    pub(crate) fn new(limits: &ExtractLimits) -> Budget {
        Budget {
            inflated_left: limits.max_decompressed_bytes,
            text_left: limits.max_text_bytes,
            lines_left: limits.max_lines,
            limits: *limits,
        }
    }
}

fn over(what: &'static str, limit: u64) -> ExtractError {
    ExtractError::OverBudget {
        kind: DocKind::Docx,
        what,
        limit,
    }
}

pub(crate) fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<Vec<TextUnit>, ExtractError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let mut parts: Vec<(Part, String)> = archive
        .file_names()
        .filter_map(|n| {
            let n = n.ok()?;
            part_of(&n).map(|p| (p, n.into_owned()))
        })
        .collect();
    if !parts.iter().any(|(p, _)| *p == Part::Body) {
        return Err(ExtractError::MissingPart {
            kind: DocKind::Docx,
            part: BODY,
        });
    }
    parts.sort();
    // A damaged directory may list a name twice; read each part once.
    parts.dedup_by(|a, b| a.0 == b.0);
    let mut budget = Budget::new(limits);
    let mut out = Vec::new();
    for (part, name) in &parts {
        let raw = read_part(&mut archive, name, &mut budget)?;
        let xml = decode_part(&raw);
        paragraphs(&xml, *part, name, &mut budget, &mut out)?;
    }
    Ok(out)
}

/// Which screened part a package entry is, if any.
fn part_of(name: &str) -> Option<Part> {
    let number = |stem: &str| -> Option<u16> {
        let rest = name.strip_prefix(stem)?.strip_suffix(".xml")?;
        if rest.is_empty() {
            return Some(1);
        }
        rest.parse().ok()
    };
    match name {
        BODY => Some(Part::Body),
        "word/footnotes.xml" => Some(Part::Footnotes),
        "word/endnotes.xml" => Some(Part::Endnotes),
        "word/comments.xml" => Some(Part::Comments),
        _ => number("word/header")
            .map(Part::Header)
            .or_else(|| number("word/footer").map(Part::Footer)),
    }
}

fn corrupt(reason: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt {
        kind: DocKind::Docx,
        reason: reason.into(),
    }
}

fn zip_error(e: ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
            ExtractError::Encrypted {
                kind: DocKind::Docx,
            }
        }
        ZipError::InvalidPassword => ExtractError::Encrypted {
            kind: DocKind::Docx,
        },
        ZipError::FileNotFound => ExtractError::MissingPart {
            kind: DocKind::Docx,
            part: BODY,
        },
        ZipError::UnsupportedArchive(_) => corrupt("its ZIP container uses an unsupported feature"),
        // The zip crate's messages name entries, which are the sender's; keep to fixed wording.
        _ => corrupt("its ZIP container is damaged"),
    }
}

/// Read one part, refusing to inflate past what is left of the document's budget, whatever
/// the headers claim.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExtractError> {
    let limit = budget.limits.max_decompressed_bytes;
    let file = archive.by_name(name).map_err(zip_error)?;
    let declared = file.size();
    if declared > budget.inflated_left {
        return Err(over("decompressed bytes per document", limit));
    }
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(1 << 20));
    file.take(budget.inflated_left.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|_| corrupt(format!("the part `{name}` could not be decompressed")))?;
    let used = out.len() as u64;
    if used > budget.inflated_left {
        return Err(over("decompressed bytes per document", limit));
    }
    budget.inflated_left -= used;
    Ok(out)
}

/// The part as UTF-8: UTF-16 (with a BOM, or detected from `<` and a zero byte) is transcoded.
fn decode_part(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let le = match raw {
        [0xFF, 0xFE, ..] | [b'<', 0, ..] => true,
        [0xFE, 0xFF, ..] | [0, b'<', ..] => false,
        _ => return std::borrow::Cow::Borrowed(raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)),
    };
    let body = raw
        .strip_prefix(&[0xFF, 0xFE])
        .or_else(|| raw.strip_prefix(&[0xFE, 0xFF]))
        .unwrap_or(raw);
    let units = body.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect();
    std::borrow::Cow::Owned(text.into_bytes())
}

fn paragraphs(
    xml: &[u8],
    part: Part,
    name: &str,
    budget: &mut Budget,
    out: &mut Vec<TextUnit>,
) -> Result<(), ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut line: u32 = 0;
    let mut current = String::new();
    let mut in_text = false;
    let mut row_depth = 0u32;
    let limits = budget.limits;
    let mut flush = |current: &mut String, out: &mut Vec<TextUnit>| -> Result<(), ExtractError> {
        line = line.saturating_add(1);
        if budget.lines_left == 0 {
            return Err(over("lines per document", limits.max_lines));
        }
        budget.lines_left -= 1;
        if !current.trim().is_empty() {
            let len = current.len() as u64;
            if len > budget.text_left {
                return Err(over("bytes of text per document", limits.max_text_bytes));
            }
            budget.text_left -= len;
            out.push(TextUnit {
                part,
                page: None,
                line,
                text: std::mem::take(current),
            });
        }
        current.clear();
        Ok(())
    };
    loop {
        let event = reader.read_event().map_err(|_| {
            corrupt(format!(
                "the part `{name}` is not well-formed XML (near byte {})",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" | "delText" => in_text = true,
                "tr" => row_depth += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" | "delText" => in_text = false,
                "p" if row_depth > 0 => current.push('\t'),
                "p" => flush(&mut current, out)?,
                "tr" => {
                    row_depth = row_depth.saturating_sub(1);
                    if row_depth == 0 {
                        flush(&mut current, out)?;
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => current.push('\t'),
                // A manual line break inside a paragraph ends the screened line too.
                "br" | "cr" if row_depth == 0 => flush(&mut current, out)?,
                "br" | "cr" => current.push(' '),
                "p" if row_depth == 0 => flush(&mut current, out)?,
                _ => {}
            },
            Event::Text(t) if in_text => {
                current.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                // Entity and character references arrive separately from the text around them.
                match r.resolve_char_ref() {
                    Ok(Some(c)) => current.push(c),
                    _ => {
                        let name = r.xml10_content();
                        match quick_xml::escape::resolve_xml_entity(&name) {
                            Some(s) => current.push_str(s),
                            None => current.push('\u{FFFD}'),
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        // A text run that never closes must not grow past the text budget.
        if current.len() as u64 > limits.max_text_bytes {
            return Err(over("bytes of text per document", limits.max_text_bytes));
        }
    }
    if !current.trim().is_empty() {
        flush(&mut current, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ExtractLimits {
        super::super::rules::parse(super::super::rules::DEFAULT_TOML)
            .unwrap()
            .1
    }

    fn body(xml: &[u8]) -> Result<Vec<TextUnit>, ExtractError> {
        let l = limits();
        let mut out = Vec::new();
        paragraphs(xml, Part::Body, BODY, &mut Budget::new(&l), &mut out).map(|()| out)
    }

    #[test]
    fn paragraphs_runs_and_table_rows() {
        let xml = br#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Patient </w:t></w:r><w:r><w:t xml:space="preserve">name: Jo &amp; Al</w:t></w:r></w:p>
<w:p/>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>DOB:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>01/02/1960</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>a</w:t><w:br/><w:t>b&#x41;</w:t></w:r></w:p>
</w:body></w:document>"#;
        let u = body(xml).unwrap();
        let got: Vec<(u32, &str)> = u.iter().map(|u| (u.line, u.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (1, "Patient name: Jo & Al"),
                (3, "DOB:\t01/02/1960\t"),
                (4, "a"),
                (5, "bA")
            ]
        );
    }

    #[test]
    fn malformed_xml_is_an_error_that_quotes_nothing() {
        // issue 11 item 10: quick-xml's message carries the tag name verbatim.
        let e = body(b"<w:p><w:t>x</DOB-03-14-1962-Quixote>").unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, ExtractError::Corrupt { .. }));
        assert!(!msg.contains("Quixote") && !msg.contains("1962"), "{msg}");
        assert!(
            msg.contains("word/document.xml") && msg.contains("near byte"),
            "{msg}"
        );
    }

    #[test]
    fn part_names() {
        assert_eq!(part_of("word/document.xml"), Some(Part::Body));
        assert_eq!(part_of("word/header2.xml"), Some(Part::Header(2)));
        assert_eq!(part_of("word/footer1.xml"), Some(Part::Footer(1)));
        assert_eq!(part_of("word/footnotes.xml"), Some(Part::Footnotes));
        assert_eq!(part_of("word/comments.xml"), Some(Part::Comments));
        assert_eq!(part_of("word/headerX.xml"), None);
        assert_eq!(part_of("word/styles.xml"), None);
    }

    #[test]
    fn utf16_parts_are_decoded() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:hdr xmlns:w=\"x\"><w:p><w:r><w:t>MRN: 00482913</w:t></w:r></w:p></w:hdr>";
        for le in [true, false] {
            let mut raw = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in xml.encode_utf16() {
                raw.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let decoded = decode_part(&raw);
            let u = body(&decoded).unwrap();
            assert_eq!(u[0].text, "MRN: 00482913");
        }
    }

    #[test]
    fn line_and_text_budgets() {
        let mut l = limits();
        l.max_lines = 2;
        let mut out = Vec::new();
        let xml = b"<w:p><w:t>a</w:t></w:p><w:p><w:t>b</w:t></w:p><w:p><w:t>c</w:t></w:p>";
        let e = paragraphs(xml, Part::Body, BODY, &mut Budget::new(&l), &mut out).unwrap_err();
        assert!(e.to_string().contains("2 lines"), "{e}");
        let mut l = limits();
        l.max_text_bytes = 10;
        let xml = b"<w:p><w:t>0123456789abcdef</w:t></w:p>";
        let e = paragraphs(xml, Part::Body, BODY, &mut Budget::new(&l), &mut out).unwrap_err();
        assert!(e.to_string().contains("10 bytes of text"), "{e}");
    }
}
