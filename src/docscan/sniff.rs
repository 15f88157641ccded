//! Document type from the file name (declared) and from the bytes (actual).
//!
//! Responsible for: magic-byte detection, ZIP central-directory and OLE2 directory inspection to
//! tell Word from Excel, and wording for messages. Not responsible for: reading files, size
//! limits, or deciding what a mismatch means for the application (the caller's finding).
//!
//! What `sniff` reads: the first 8 KiB (PDF header, PNG/JPEG/OLE2 signatures, the text check), and
//! for containers the structures that name their parts: the ZIP end-of-central-directory record
//! and central directory (at the end of the file), and the OLE2 header, FAT sectors on the
//! directory chain and the directory sectors. It never decompresses anything. Pass the whole file.

use std::fmt;

use super::ole2;
use super::zipdir;

/// Bytes at the start of a file that the signature and text checks look at.
pub const SNIFF_PREFIX: usize = 8 * 1024;

/// PDF 32000-1 §7.5.2 lets readers accept the header anywhere in the first 1024 bytes.
const PDF_HEADER_WINDOW: usize = 1024;

/// A document type qcp can accept as supporting evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// Portable Document Format.
    Pdf,
    /// Office Open XML word-processing document.
    Docx,
    /// Office Open XML spreadsheet.
    Xlsx,
    /// Legacy Word 97–2003 binary document (OLE2).
    Doc,
    /// Legacy Excel 97–2003 binary workbook (OLE2).
    Xls,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// Plain text.
    Txt,
}

impl DocKind {
    /// Every kind, in a stable order.
    pub const ALL: [DocKind; 8] = [
        DocKind::Pdf,
        DocKind::Docx,
        DocKind::Xlsx,
        DocKind::Doc,
        DocKind::Xls,
        DocKind::Png,
        DocKind::Jpeg,
        DocKind::Txt,
    ];

    /// Kind implied by a file name's extension (ASCII case-insensitive), if any.
    pub fn from_file_name(file_name: &str) -> Option<DocKind> {
        // Both separators: names may come from Windows-made bundles on any platform.
        let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        let (stem, ext) = base.rsplit_once('.')?;
        if stem.is_empty() {
            return None;
        }
        let ext = ext.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => DocKind::Pdf,
            "docx" => DocKind::Docx,
            "xlsx" => DocKind::Xlsx,
            "doc" => DocKind::Doc,
            "xls" => DocKind::Xls,
            "png" => DocKind::Png,
            "jpg" | "jpeg" => DocKind::Jpeg,
            "txt" => DocKind::Txt,
            _ => return None,
        })
    }

    /// Noun phrase with article, for messages ("a PDF", "a Word document (.docx)").
    pub fn describe(self) -> &'static str {
        match self {
            DocKind::Pdf => "a PDF",
            DocKind::Docx => "a Word document (.docx)",
            DocKind::Xlsx => "an Excel workbook (.xlsx)",
            DocKind::Doc => "a legacy Word document (.doc)",
            DocKind::Xls => "a legacy Excel workbook (.xls)",
            DocKind::Png => "a PNG image",
            DocKind::Jpeg => "a JPEG image",
            DocKind::Txt => "a plain-text file",
        }
    }

    /// Short lowercase name ("pdf", "docx", ...), stable for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Pdf => "pdf",
            DocKind::Docx => "docx",
            DocKind::Xlsx => "xlsx",
            DocKind::Doc => "doc",
            DocKind::Xls => "xls",
            DocKind::Png => "png",
            DocKind::Jpeg => "jpeg",
            DocKind::Txt => "txt",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the bytes turned out to be, including things qcp does not accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// An accepted kind.
    Kind(DocKind),
    /// Zero bytes.
    Empty,
    /// A ZIP archive that is neither a .docx nor a .xlsx (or whose directory is unreadable).
    ZipArchive,
    /// An OLE2 compound file with neither a Word nor an Excel stream (e.g. .ppt, .msg).
    Ole2Other,
    /// An OLE2 compound file whose directory could not be read; Word vs Excel is unknown.
    Ole2Unknown,
    /// A password-protected Office file (OLE2 wrapper around an encrypted package).
    EncryptedOffice,
    /// Anything else: binary data, or text that is not UTF-8/UTF-16 with BOM.
    Unrecognized,
}

impl Content {
    /// Noun phrase with article, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Content::Kind(k) => k.describe(),
            Content::Empty => "an empty file",
            Content::ZipArchive => "a ZIP archive",
            Content::Ole2Other => "an OLE2 compound file that is neither Word nor Excel",
            Content::Ole2Unknown => "a legacy Office (OLE2) file",
            Content::EncryptedOffice => "a password-protected Office file",
            Content::Unrecognized => "an unrecognized binary or non-UTF-8 file",
        }
    }
}

/// Result of [`sniff`]: the kind the name claims and the kind the bytes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// Kind from the file extension (case-insensitive); `None` for an unknown extension.
    pub declared: Option<DocKind>,
    /// Kind from the content; `None` when the content is not an accepted kind.
    pub actual: Option<DocKind>,
    /// What the content is, for messages (also set when `actual` is `None`).
    pub content: Content,
}

impl Sniffed {
    /// True when both kinds are known and agree.
    pub fn is_consistent(&self) -> bool {
        self.declared.is_some() && self.declared == self.actual
    }

    /// Message fragment: "a PDF", or on mismatch "a ZIP archive, not a PDF".
    pub fn describe(&self) -> String {
        describe(self)
    }
}

/// Message fragment for a sniff result, e.g. "a ZIP archive, not a PDF".
pub fn describe(s: &Sniffed) -> String {
    let found = s.content.describe();
    match s.declared {
        Some(d) if s.actual == Some(d) => found.to_owned(),
        Some(d) => format!("{found}, not {}", d.describe()),
        None => format!("{found} (the file extension names no accepted type)"),
    }
}

/// Judge a document by its extension and by its content.
///
/// `bytes` should be the whole file (see the module docs for what is actually read).
pub fn sniff(bytes: &[u8], file_name: &str) -> Sniffed {
    let declared = DocKind::from_file_name(file_name);
    let content = sniff_content(bytes);
    let actual = match content {
        Content::Kind(k) => Some(k),
        // The directory was unreadable: trust an OLE2-compatible extension rather than guess.
        Content::Ole2Unknown => declared.filter(|d| matches!(d, DocKind::Doc | DocKind::Xls)),
        _ => None,
    };
    Sniffed {
        declared,
        actual,
        content,
    }
}

fn sniff_content(bytes: &[u8]) -> Content {
    if bytes.is_empty() {
        return Content::Empty;
    }
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if find(head, b"%PDF-").is_some() {
        return Content::Kind(DocKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Content::Kind(DocKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Content::Kind(DocKind::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return match zipdir::office_kind(bytes) {
            Some(k) => Content::Kind(k),
            None => Content::ZipArchive,
        };
    }
    if bytes.starts_with(&ole2::SIGNATURE) {
        return match ole2::classify(bytes) {
            ole2::Ole2Kind::Word => Content::Kind(DocKind::Doc),
            ole2::Ole2Kind::Excel => Content::Kind(DocKind::Xls),
            ole2::Ole2Kind::Encrypted => Content::EncryptedOffice,
            ole2::Ole2Kind::Other => Content::Ole2Other,
            ole2::Ole2Kind::Unreadable => Content::Ole2Unknown,
        };
    }
    if looks_like_text(bytes) {
        return Content::Kind(DocKind::Txt);
    }
    Content::Unrecognized
}

/// UTF-8 (BOM optional) or UTF-16 with BOM, and no NUL in the first [`SNIFF_PREFIX`] bytes.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_PREFIX)];
    if let Some(body) = head
        .strip_prefix(&[0xFF, 0xFE])
        .map(|b| (b, true))
        .or_else(|| head.strip_prefix(&[0xFE, 0xFF]).map(|b| (b, false)))
    {
        let (body, le) = body;
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let mut ok = true;
        for r in char::decode_utf16(units) {
            match r {
                Ok('\0') => return false,
                Ok(_) => {}
                // A surrogate pair cut by the prefix end is fine; anything else is not UTF-16.
                Err(_) => ok = false,
            }
        }
        return ok || head.len() == SNIFF_PREFIX;
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if body.contains(&0) {
        return false;
    }
    match std::str::from_utf8(body) {
        Ok(_) => true,
        // `error_len() == None` means only an incomplete sequence at the end, i.e. our cut.
        Err(e) => e.error_len().is_none() && head.len() == SNIFF_PREFIX,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_is_case_insensitive_and_needs_a_stem() {
        assert_eq!(DocKind::from_file_name("Policy.PDF"), Some(DocKind::Pdf));
        assert_eq!(DocKind::from_file_name("a/b\\x.JpEg"), Some(DocKind::Jpeg));
        assert_eq!(DocKind::from_file_name(".pdf"), None);
        assert_eq!(DocKind::from_file_name("README"), None);
        assert_eq!(DocKind::from_file_name("x.pdf.zip"), None);
    }

    #[test]
    fn pdf_header_within_first_1024_bytes() {
        // PDF 32000-1 §7.5.2: header may follow leading junk within 1024 bytes.
        let mut b = vec![b' '; 1000];
        b.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&b, "x.pdf").actual, Some(DocKind::Pdf));
        let mut late = vec![b' '; 1030];
        late.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&late, "x.pdf").actual, Some(DocKind::Txt));
    }

    #[test]
    fn text_cut_inside_a_multibyte_char_at_the_prefix_is_text() {
        let mut b = vec![b'a'; SNIFF_PREFIX - 1];
        b.extend_from_slice("é".as_bytes());
        assert_eq!(sniff(&b, "x.txt").actual, Some(DocKind::Txt));
        let bad = b"abc\xff def".to_vec();
        assert_eq!(sniff(&bad, "x.txt").content, Content::Unrecognized);
    }

    #[test]
    fn utf16_with_bom_is_text() {
        let mut b = vec![0xFF, 0xFE];
        for u in "DOB policy".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff(&b, "x.txt").actual, Some(DocKind::Txt));
    }

    #[test]
    fn ole2_word_excel_and_unreadable_fallback() {
        // [MS-CFB] §2.2 signature; Word/Excel told apart by root streams.
        let doc = super::ole2::test_file(&["WordDocument"]);
        assert!(sniff(&doc, "a.doc").is_consistent());
        assert_eq!(
            sniff(&doc, "a.xls").describe(),
            "a legacy Word document (.doc), not a legacy Excel workbook (.xls)"
        );
        let enc = super::ole2::test_file(&["EncryptedPackage"]);
        assert_eq!(
            sniff(&enc, "a.docx").describe(),
            "a password-protected Office file, not a Word document (.docx)"
        );
        // Directory unreadable: accept an OLE2 extension, nothing else.
        let cut = &doc[..520];
        assert_eq!(sniff(cut, "a.xls").actual, Some(DocKind::Xls));
        assert_eq!(sniff(cut, "a.pdf").actual, None);
    }

    #[test]
    fn describe_mismatch() {
        let s = Sniffed {
            declared: Some(DocKind::Pdf),
            actual: None,
            content: Content::ZipArchive,
        };
        assert_eq!(s.describe(), "a ZIP archive, not a PDF");
    }
}
