//! Plain text to numbered lines.
//!
//! Responsible for: decoding UTF-8 (BOM optional) and UTF-16 with BOM, splitting on LF, CRLF or CR.
//! Not responsible for: guessing legacy code pages (sniffing rejects non-UTF text first).

use std::borrow::Cow;

use super::rules::ExtractLimits;
use super::{DocKind, ExtractError, TextUnit};

/// Decode and split; invalid sequences become U+FFFD so a bad byte late in a file cannot hide
/// the rest of it from the screen. Blank lines are skipped but still counted.
/// Stops with [`ExtractError::OverBudget`] past `[extract] max_lines` or `max_text_bytes`.
pub(crate) fn lines(bytes: &[u8], limits: &ExtractLimits) -> Result<Vec<TextUnit>, ExtractError> {
    let text = decode(bytes);
    let over = |what: &'static str, limit: u64| ExtractError::OverBudget {
        kind: DocKind::Txt,
        what,
        limit,
    };
    if text.len() as u64 > limits.max_text_bytes {
        return Err(over("bytes of text per document", limits.max_text_bytes));
    }
    let mut out = Vec::new();
    let mut n: u32 = 0;
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let cut = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..cut];
        let mut next = cut;
        if rest[cut..].starts_with("\r\n") {
            next += 2;
        } else if cut < rest.len() {
            next += 1;
        }
        rest = &rest[next..];
        n = n.saturating_add(1);
        if u64::from(n) > limits.max_lines {
            return Err(over("lines per document", limits.max_lines));
        }
        if !line.trim().is_empty() {
            out.push(TextUnit {
                part: super::Part::Body,
                page: None,
                line: n,
                text: line.to_owned(),
            });
        }
    }
    Ok(out)
}

fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let utf16 = |body: &[u8], le: bool| -> Cow<'_, str> {
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        Cow::Owned(
            char::decode_utf16(units)
                .map(|r| r.unwrap_or('\u{FFFD}'))
                .collect(),
        )
    };
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(body, true);
    }
    if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(body, false);
    }
    String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ExtractLimits {
        super::super::rules::parse(super::super::rules::DEFAULT_TOML)
            .unwrap()
            .1
    }

    #[test]
    fn line_numbers_follow_the_file() {
        let u = lines(b"\xEF\xBB\xBFone\r\n\r\nthree\rfour\n", &limits()).unwrap();
        let got: Vec<(u32, &str)> = u.iter().map(|u| (u.line, u.text.as_str())).collect();
        assert_eq!(got, vec![(1, "one"), (3, "three"), (4, "four")]);
    }

    #[test]
    fn utf16_be_with_bom() {
        let mut b = vec![0xFE, 0xFF];
        for u in "a\nb".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(lines(&b, &limits()).unwrap().len(), 2);
    }

    #[test]
    fn line_and_text_budgets_per_document() {
        let mut l = limits();
        l.max_lines = 3;
        assert!(lines(b"a\nb\nc\n", &l).is_ok());
        let e = lines(b"a\nb\nc\nd\n", &l).unwrap_err();
        assert!(e.to_string().contains("3 lines"), "{e}");
        let mut l = limits();
        l.max_text_bytes = 4;
        assert!(lines(b"abcde", &l).is_err());
    }
}
