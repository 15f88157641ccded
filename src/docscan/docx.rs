//! DOCX body text: `word/document.xml` paragraphs to lines.
//!
//! Responsible for: opening the package with a decompression cap, and turning `w:p` paragraphs
//! into lines (ECMA-376 Part 1 §17.3.1.22 `p`, §17.3.3.31 `t`, §17.3.3.7 `delText`). A table row
//! (`w:tr`) becomes one line with its cells joined by tabs, so "DOB:" in one cell and the date in
//! the next are screened together. Not responsible for: headers, footers, footnotes, comments,
//! text boxes' layout, or embedded objects (see NOTES.md).

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::result::ZipError;

use super::rules::ExtractLimits;
use super::{DocKind, ExtractError, TextUnit};

const BODY: &str = "word/document.xml";

pub(crate) fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<Vec<TextUnit>, ExtractError> {
    let xml = read_part(bytes, BODY, limits.max_decompressed_bytes)?;
    paragraphs(&xml)
}

fn corrupt(reason: impl std::fmt::Display) -> ExtractError {
    ExtractError::Corrupt {
        kind: DocKind::Docx,
        reason: reason.to_string(),
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
        other => corrupt(other),
    }
}

/// Read one part, refusing to inflate past `limit` whatever the headers claim.
pub(crate) fn read_part(
    bytes: &[u8],
    name: &'static str,
    limit: u64,
) -> Result<Vec<u8>, ExtractError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let file = archive.by_name(name).map_err(zip_error)?;
    let declared = file.size();
    if declared > limit {
        return Err(ExtractError::TooLarge {
            kind: DocKind::Docx,
            part: name.to_owned(),
            limit,
        });
    }
    // The declared size may lie, so the reader is capped too.
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(1 << 20));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(corrupt)?;
    if out.len() as u64 > limit {
        return Err(ExtractError::TooLarge {
            kind: DocKind::Docx,
            part: name.to_owned(),
            limit,
        });
    }
    Ok(out)
}

fn paragraphs(xml: &[u8]) -> Result<Vec<TextUnit>, ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut line: u32 = 0;
    let mut current = String::new();
    let mut in_text = false;
    let mut row_depth = 0u32;
    let mut flush = |current: &mut String, out: &mut Vec<TextUnit>| {
        line = line.saturating_add(1);
        if !current.trim().is_empty() {
            out.push(TextUnit {
                page: None,
                line,
                text: std::mem::take(current),
            });
        }
        current.clear();
    };
    loop {
        match reader
            .read_event()
            .map_err(|e| corrupt(format!("{BODY}: {e}")))?
        {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" | "delText" => in_text = true,
                "tr" => row_depth += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" | "delText" => in_text = false,
                "p" if row_depth > 0 => current.push('\t'),
                "p" => flush(&mut current, &mut out),
                "tr" => {
                    row_depth = row_depth.saturating_sub(1);
                    if row_depth == 0 {
                        flush(&mut current, &mut out);
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => current.push('\t'),
                // A manual line break inside a paragraph ends the screened line too.
                "br" | "cr" if row_depth == 0 => flush(&mut current, &mut out),
                "br" | "cr" => current.push('\t'),
                "p" if row_depth == 0 => flush(&mut current, &mut out),
                _ => {}
            },
            Event::Text(t) if in_text => {
                current.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                // Entity and character references arrive separately from the text around them.
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => current.push(c),
                    _ => match quick_xml::escape::resolve_xml_entity(&name) {
                        Some(s) => current.push_str(s),
                        None => current.push('\u{FFFD}'),
                    },
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        flush(&mut current, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_runs_and_table_rows() {
        let xml = br#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Patient </w:t></w:r><w:r><w:t xml:space="preserve">name: Jo &amp; Al</w:t></w:r></w:p>
<w:p/>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>DOB:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>01/02/1960</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>a</w:t><w:br/><w:t>b&#x41;</w:t></w:r></w:p>
</w:body></w:document>"#;
        let u = paragraphs(xml).unwrap();
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
    fn malformed_xml_is_an_error() {
        assert!(matches!(
            paragraphs(b"<w:p><w:t>x</w:q>"),
            Err(ExtractError::Corrupt { .. })
        ));
    }
}
