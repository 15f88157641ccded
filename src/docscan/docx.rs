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
//! The markup is read by a byte-level scan, not a general XML parser: only a handful of elements
//! matter, and decoding every event of Word's heavily attributed markup was most of the cost
//! (docs/bundle-check.md, "Speed"). The scan still requires tags to nest and close.
//!
//! Errors never quote the XML: markup can carry document text (a tag name or an attribute), so
//! only the part name and a byte offset are reported.

use std::io::{Cursor, Read};

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

/// What a start, end or empty tag is, by its local name (the part after any `prefix:`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `t` (§17.3.3.31) or `delText` (§17.3.3.7): its character data is document text.
    Text,
    /// `p` (§17.3.1.22).
    Para,
    /// `tr` (§17.4.79).
    Row,
    /// `tab` (§17.3.3.32): a tab character in a run.
    Tab,
    /// `tabs` (§17.3.1.38): tab-stop definitions, whose `tab` children are not characters.
    TabStops,
    /// `br` (§17.3.3.1) or `cr` (§17.3.3.4).
    Break,
    Other,
}

fn tag_of(qname: &[u8]) -> Tag {
    let local = match qname.iter().rposition(|&b| b == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    };
    match local {
        b"t" | b"delText" => Tag::Text,
        b"p" => Tag::Para,
        b"tr" => Tag::Row,
        b"tab" => Tag::Tab,
        b"tabs" => Tag::TabStops,
        b"br" | b"cr" => Tag::Break,
        _ => Tag::Other,
    }
}

/// FNV-1a of a qualified name: the open-element stack keeps 4 bytes per level, so memory stays
/// proportional to the (budgeted) part size whatever the nesting.
fn name_hash(name: &[u8]) -> u32 {
    name.iter().fold(0x811C_9DC5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// End of the tag opened at `from` (just after its name): the index of its `>`, skipping `>`
/// inside quoted attribute values. A plain loop: attribute spans are short, and a vectorised
/// search costs more to start than it saves on them.
fn tag_end(xml: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&b) = xml.get(i) {
        match b {
            b'>' => return Some(i),
            b'"' | b'\'' => {
                i += 1;
                while *xml.get(i)? != b {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Append character data, resolving entity and character references (XML 1.0 §4.1, §4.6) and
/// normalising line ends (§2.11). An unknown or unterminated reference becomes U+FFFD.
fn push_text(raw: &[u8], current: &mut String) {
    let mut rest = raw;
    while !rest.is_empty() {
        let Some(i) = memchr::memchr2(b'&', b'\r', rest) else {
            push_utf8(rest, current);
            return;
        };
        push_utf8(&rest[..i], current);
        if rest[i] == b'\r' {
            current.push('\n');
            rest = &rest[i + 1..];
            if rest.first() == Some(&b'\n') {
                rest = &rest[1..];
            }
            continue;
        }
        let after = &rest[i + 1..];
        // A reference is short; a `&` with no `;` soon after is not one.
        let Some(semi) = after.iter().take(12).position(|&b| b == b';') else {
            current.push('\u{FFFD}');
            rest = after;
            continue;
        };
        let c = match &after[..semi] {
            b"lt" => '<',
            b"gt" => '>',
            b"amp" => '&',
            b"apos" => '\'',
            b"quot" => '"',
            [b'#', b'x', hex @ ..] => char_ref(hex, 16),
            [b'#', dec @ ..] => char_ref(dec, 10),
            _ => '\u{FFFD}',
        };
        current.push(c);
        rest = &after[semi + 1..];
    }
}

fn push_utf8(bytes: &[u8], current: &mut String) {
    match std::str::from_utf8(bytes) {
        Ok(s) => current.push_str(s),
        Err(_) => current.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// A character reference's code point; U+FFFD for a malformed, zero or non-character one.
fn char_ref(digits: &[u8], radix: u32) -> char {
    if !digits.first().is_some_and(u8::is_ascii_alphanumeric) {
        return '\u{FFFD}';
    }
    std::str::from_utf8(digits)
        .ok()
        .and_then(|d| u32::from_str_radix(d, radix).ok())
        .filter(|&n| n != 0)
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

/// Paragraphs of one story part as lines, by a byte-level scan of the markup (no general XML
/// parser: only `t`/`delText` text, `p`, `tr`, `tab`, `br`/`cr` matter). Tags must nest and
/// close, as XML requires; comments, processing instructions, CDATA and a DOCTYPE are skipped
/// (CDATA inside a text element is text). Errors name the part and a byte offset, never markup.
fn paragraphs(
    xml: &[u8],
    part: Part,
    name: &str,
    budget: &mut Budget,
    out: &mut Vec<TextUnit>,
) -> Result<(), ExtractError> {
    let malformed = |at: usize| {
        corrupt(format!(
            "the part `{name}` is not well-formed XML (near byte {at})"
        ))
    };
    let mut line: u32 = 0;
    let mut current = String::new();
    let mut text_depth = 0u32;
    let mut row_depth = 0u32;
    let mut tabs_depth = 0u32;
    let mut open: Vec<u32> = Vec::new();
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
    let mut pos = 0usize;
    loop {
        // Word writes tags back to back: look at the next byte before searching.
        let lt = match xml.get(pos) {
            Some(b'<') => pos,
            Some(_) => match memchr::memchr(b'<', &xml[pos..]) {
                Some(i) => pos + i,
                None => break,
            },
            None => break,
        };
        if text_depth > 0 && lt > pos {
            push_text(&xml[pos..lt], &mut current);
        }
        let rest = &xml[lt + 1..];
        match rest.first() {
            Some(b'?') => {
                pos = lt + 2 + find(&rest[1..], b"?>").ok_or_else(|| malformed(lt))? + 2;
            }
            Some(b'!') if rest.starts_with(b"!--") => {
                pos = lt + 4 + find(&rest[3..], b"-->").ok_or_else(|| malformed(lt))? + 3;
            }
            Some(b'!') if rest.starts_with(b"![CDATA[") => {
                let body = &rest[8..];
                let n = find(body, b"]]>").ok_or_else(|| malformed(lt))?;
                if text_depth > 0 {
                    current.push_str(&String::from_utf8_lossy(&body[..n]));
                }
                pos = lt + 9 + n + 3;
            }
            Some(b'!') => {
                // DOCTYPE, possibly with an internal subset in brackets. Look for `[` only
                // before the first `>`, so a run of declarations stays linear.
                let gt = memchr::memchr(b'>', rest).ok_or_else(|| malformed(lt))?;
                let close = match memchr::memchr(b'[', &rest[..gt]) {
                    Some(b) => {
                        let end =
                            b + memchr::memchr(b']', &rest[b..]).ok_or_else(|| malformed(lt))?;
                        end + memchr::memchr(b'>', &rest[end..]).ok_or_else(|| malformed(lt))?
                    }
                    None => gt,
                };
                pos = lt + 1 + close + 1;
            }
            Some(b'/') => {
                let gt = lt
                    + 1
                    + rest
                        .iter()
                        .position(|&b| b == b'>')
                        .ok_or_else(|| malformed(lt))?;
                let qname = xml[lt + 2..gt].trim_ascii_end();
                if open.pop() != Some(name_hash(qname)) {
                    return Err(malformed(lt));
                }
                match tag_of(qname) {
                    Tag::Text => text_depth = text_depth.saturating_sub(1),
                    Tag::Para if row_depth > 0 => current.push('\t'),
                    Tag::Para => flush(&mut current, out)?,
                    Tag::Row => {
                        row_depth = row_depth.saturating_sub(1);
                        if row_depth == 0 {
                            flush(&mut current, out)?;
                        }
                    }
                    Tag::TabStops => tabs_depth = tabs_depth.saturating_sub(1),
                    _ => {}
                }
                pos = gt + 1;
            }
            Some(_) => {
                let name_len = name_len(rest).ok_or_else(|| malformed(lt))?;
                let qname = &rest[..name_len];
                let gt = tag_end(xml, lt + 1 + name_len).ok_or_else(|| malformed(lt))?;
                let empty = xml[gt - 1] == b'/' && gt - 1 > lt + name_len;
                let tag = tag_of(qname);
                if empty {
                    match tag {
                        Tag::Tab if tabs_depth == 0 => current.push('\t'),
                        // A manual line break inside a paragraph ends the screened line too.
                        Tag::Break if row_depth == 0 => flush(&mut current, out)?,
                        Tag::Break => current.push(' '),
                        Tag::Para if row_depth == 0 => flush(&mut current, out)?,
                        _ => {}
                    }
                } else {
                    open.push(name_hash(qname));
                    match tag {
                        Tag::Text => text_depth += 1,
                        Tag::Row => row_depth += 1,
                        Tag::TabStops => tabs_depth += 1,
                        _ => {}
                    }
                }
                pos = gt + 1;
            }
            None => return Err(malformed(lt)),
        }
        // A text run that never closes must not grow past the text budget.
        if current.len() as u64 > limits.max_text_bytes {
            return Err(over("bytes of text per document", limits.max_text_bytes));
        }
    }
    if !open.is_empty() {
        return Err(malformed(xml.len()));
    }
    if !current.trim().is_empty() {
        flush(&mut current, out)?;
    }
    Ok(())
}

/// Length of the tag name at the start of `rest`; `None` when empty or unterminated.
fn name_len(rest: &[u8]) -> Option<usize> {
    let n = rest
        .iter()
        .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))?;
    (n > 0).then_some(n)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
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
    fn markup_the_scan_must_step_over() {
        // Word-shaped markup: declarations, namespaced attributes holding `>` and `/`, tab-stop
        // definitions (not characters), comments, a processing instruction, proofing marks,
        // bookmarks, a field code (instrText is not text) and its result, CRLF inside text.
        let xml = b"<?xml version=\"1.0\"?>\r\n<!DOCTYPE w:document [<!ENTITY x \"y\">]><w:document xmlns:w=\"x\"><w:body>\
<w:p w14:paraId=\"1A2B\" w:rsidR=\"00A1\"><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
<w:r w:rsidR=\"00B2\"><w:rPr><w:rFonts w:ascii=\"a>b/\" w:cs='c\"d'/></w:rPr><w:t>Pat</w:t></w:r><!-- <w:t>hidden</w:t> -->\
<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>\
<w:r><w:t xml:space=\"preserve\">ient:<?pi x?> </w:t><w:tab/><w:t>&#77;&#x52;N &lt;&gt;&amp;&quot;&apos;&bogus;&#0;&#xZZ;</w:t></w:r></w:p>\
<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>a\r\nb<![CDATA[<c>]]></w:t></w:r></w:p>\
</w:body></w:document>";
        let u = body(xml).unwrap();
        let got: Vec<&str> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            got,
            vec!["Patient: \tMRN <>&\"'\u{FFFD}\u{FFFD}\u{FFFD}", "a\nb<c>"]
        );
    }

    #[test]
    fn unbalanced_or_truncated_markup_is_an_error() {
        for xml in [
            &b"<w:p><w:t>x</w:t>"[..],
            b"<w:p><w:t>x</w:p></w:t>",
            b"</w:p>",
            b"<w:p><w:t>x</w:t></w:p><",
            b"<w:p attr=\"unclosed></w:p>",
            b"<!-- never closed",
            b"< w:p></w:p>",
        ] {
            let e = body(xml).unwrap_err();
            assert!(matches!(e, ExtractError::Corrupt { .. }), "{e:?}");
        }
        // A run of declarations is stepped over in one pass (each looks for `[` only up to its
        // own `>`), and so are comments, instructions and quoted attributes.
        let mut many = b"<w:p>".to_vec();
        many.extend(b"<!x><?p?><!-- c --><r a='>'/>".repeat(100_000));
        many.extend(b"<w:t>ok</w:t></w:p>");
        assert_eq!(body(&many).unwrap()[0].text, "ok");
        // Deep nesting is fine (and costs 4 bytes a level).
        let mut deep = b"<w:p>".to_vec();
        deep.extend(b"<x>".repeat(100_000));
        deep.extend(b"<w:t>deep</w:t>");
        deep.extend(b"</x>".repeat(100_000));
        deep.extend(b"</w:p>");
        assert_eq!(body(&deep).unwrap()[0].text, "deep");
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

    /// The reader before the byte-level scan (quick-xml events), kept as the reference the scan
    /// must agree with on well-formed markup. One deliberate difference: text elements nested
    /// in text elements (invalid WordprocessingML) are counted, not a flag, so text after an
    /// inner one closes is still read, as the scan does; the old reader dropped it.
    fn reference(xml: &[u8]) -> Vec<(u32, String)> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_reader(xml);
        let (mut line, mut current, mut in_text, mut rows) = (0u32, String::new(), 0u32, 0u32);
        let mut out = Vec::new();
        let mut flush = |current: &mut String, out: &mut Vec<(u32, String)>| {
            line += 1;
            if !current.trim().is_empty() {
                out.push((line, std::mem::take(current)));
            }
            current.clear();
        };
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => match e.local_name().as_ref() {
                    "t" | "delText" => in_text += 1,
                    "tr" => rows += 1,
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "t" | "delText" => in_text -= 1,
                    "p" if rows > 0 => current.push('\t'),
                    "p" => flush(&mut current, &mut out),
                    "tr" => {
                        rows -= 1;
                        if rows == 0 {
                            flush(&mut current, &mut out);
                        }
                    }
                    _ => {}
                },
                Event::Empty(e) => match e.local_name().as_ref() {
                    "tab" => current.push('\t'),
                    "br" | "cr" if rows == 0 => flush(&mut current, &mut out),
                    "br" | "cr" => current.push(' '),
                    "p" if rows == 0 => flush(&mut current, &mut out),
                    _ => {}
                },
                Event::Text(t) if in_text > 0 => current.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if in_text > 0 => match r.resolve_char_ref() {
                    Ok(Some(c)) => current.push(c),
                    _ => {
                        let name = r.xml10_content();
                        let s = quick_xml::escape::resolve_xml_entity(&name).unwrap_or("\u{FFFD}");
                        current.push_str(s);
                    }
                },
                Event::Eof => break,
                _ => {}
            }
        }
        if !current.trim().is_empty() {
            flush(&mut current, &mut out);
        }
        out
    }

    /// Random well-formed WordprocessingML-like markup from a seed: nested paragraphs, runs,
    /// text, tabs, breaks, table rows, unknown elements, attributes quoting `>` and `/`,
    /// references, CRLF and non-ASCII text.
    fn random_markup(seed: u64) -> String {
        let mut state = seed | 1;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        fn element(next: &mut dyn FnMut(u64) -> u64, depth: u32, out: &mut String) {
            const NAMES: [&str; 10] = [
                "w:p",
                "w:r",
                "w:t",
                "w:tab",
                "w:br",
                "w:tr",
                "w:tc",
                "w:delText",
                "w:rPr",
                "x",
            ];
            const TEXT: [&str; 10] = [
                "Patient",
                " ",
                "MRN: 0048",
                "&amp;",
                "&lt;x&gt;",
                "&#65;&#x42;",
                "\r\n",
                "é–",
                "&quot;&apos;",
                "2913",
            ];
            let name = NAMES[next(NAMES.len() as u64) as usize];
            out.push('<');
            out.push_str(name);
            if next(3) == 0 {
                out.push_str(" w:val=\"a>b/\" w14:paraId='1A\"2B'");
            }
            if depth > 4 || next(4) == 0 {
                out.push_str("/>");
                return;
            }
            out.push('>');
            for _ in 0..next(5) {
                if next(2) == 0 {
                    out.push_str(TEXT[next(TEXT.len() as u64) as usize]);
                } else {
                    element(next, depth + 1, out);
                }
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        let mut out = String::from("<?xml version=\"1.0\"?><w:body>");
        for _ in 0..1 + next(6) {
            element(&mut next, 0, &mut out);
        }
        out.push_str("</w:body>");
        out
    }

    #[test]
    fn the_scan_agrees_with_an_xml_parser_on_well_formed_markup() {
        for seed in 1..2000u64 {
            let xml = random_markup(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let want = reference(xml.as_bytes());
            let got: Vec<(u32, String)> = body(xml.as_bytes())
                .unwrap()
                .into_iter()
                .map(|u| (u.line, u.text))
                .collect();
            assert_eq!(got, want, "{xml}");
        }
    }
}
