//! Names in a ZIP central directory, read without decompressing anything.
//!
//! Responsible for: telling a .docx (`word/…`) or .xlsx (`xl/…`) from any other ZIP by its part
//! names (APPNOTE.TXT §4.3.12, §4.3.16, §4.3.14 for ZIP64). Not responsible for: reading entry
//! data (extraction uses the `zip` crate).

use super::sniff::DocKind;

const EOCD_SIG: &[u8; 4] = b"PK\x05\x06";
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR_SIG: &[u8; 4] = b"PK\x06\x07";
const ZIP64_EOCD_SIG: &[u8; 4] = b"PK\x06\x06";
const CDH_SIG: &[u8; 4] = b"PK\x01\x02";
const CDH_LEN: usize = 46;
/// EOCD plus the longest possible archive comment.
const EOCD_SEARCH: usize = EOCD_LEN + u16::MAX as usize;

/// `Some(Docx|Xlsx)` when the central directory names the OOXML main parts; `None` otherwise.
pub(crate) fn office_kind(bytes: &[u8]) -> Option<DocKind> {
    let mut word = false;
    let mut xl = false;
    let mut word_main = false;
    let mut xl_main = false;
    for_each_name(bytes, |name| {
        if starts_with_ci(name, b"word/") {
            word = true;
            word_main |= name.eq_ignore_ascii_case(b"word/document.xml");
        } else if starts_with_ci(name, b"xl/") {
            xl = true;
            xl_main |= name.eq_ignore_ascii_case(b"xl/workbook.xml");
        }
    })?;
    // Main parts decide first, so an odd package carrying both folders still classifies.
    match (word_main, xl_main, word, xl) {
        (true, false, _, _) => Some(DocKind::Docx),
        (false, true, _, _) => Some(DocKind::Xlsx),
        (false, false, true, false) => Some(DocKind::Docx),
        (false, false, false, true) => Some(DocKind::Xlsx),
        _ => None,
    }
}

/// Calls `f` with each entry name; `None` when the directory cannot be located or parsed.
fn for_each_name(bytes: &[u8], mut f: impl FnMut(&[u8])) -> Option<()> {
    let search_from = bytes.len().saturating_sub(EOCD_SEARCH);
    let eocd = rfind(&bytes[search_from..], EOCD_SIG)? + search_from;
    let rec = bytes.get(eocd..eocd + EOCD_LEN)?;
    let mut entries = u64::from(le16(rec, 10)?);
    let mut cd_size = u64::from(le32(rec, 12)?);
    let mut cd_offset = u64::from(le32(rec, 16)?);
    if entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        let loc = bytes.get(eocd.checked_sub(20)?..eocd)?;
        if !loc.starts_with(ZIP64_LOCATOR_SIG) {
            return None;
        }
        let z64 = usize::try_from(le64(loc, 8)?).ok()?;
        let rec64 = bytes.get(z64..z64.checked_add(56)?)?;
        if !rec64.starts_with(ZIP64_EOCD_SIG) {
            return None;
        }
        entries = le64(rec64, 32)?;
        cd_size = le64(rec64, 40)?;
        cd_offset = le64(rec64, 48)?;
    }
    let cd_size = usize::try_from(cd_size).ok()?;
    let mut pos = usize::try_from(cd_offset).ok()?;
    // Data prepended to the archive (e.g. a stub) shifts every offset; the directory ends where
    // the EOCD begins, so trust that when the stored offset does not point at a header.
    if !bytes.get(pos..)?.starts_with(CDH_SIG) {
        pos = eocd.checked_sub(cd_size)?;
    }
    for _ in 0..entries {
        let h = bytes.get(pos..pos.checked_add(CDH_LEN)?)?;
        if !h.starts_with(CDH_SIG) {
            return None;
        }
        let name_len = usize::from(le16(h, 28)?);
        let extra_len = usize::from(le16(h, 30)?);
        let comment_len = usize::from(le16(h, 32)?);
        let name_start = pos + CDH_LEN;
        f(bytes.get(name_start..name_start.checked_add(name_len)?)?);
        pos = name_start + name_len + extra_len + comment_len;
    }
    Some(())
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_or_garbage_is_none_not_panic() {
        assert_eq!(office_kind(b"PK\x03\x04"), None);
        assert_eq!(office_kind(b"PK\x05\x06"), None);
        let mut b = b"PK\x03\x04".to_vec();
        b.extend_from_slice(&[0xFF; 100]);
        b.extend_from_slice(EOCD_SIG);
        b.extend_from_slice(&[0xFF; 18]);
        assert_eq!(office_kind(&b), None);
    }
}
