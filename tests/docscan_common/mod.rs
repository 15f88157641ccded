//! Fixture builders shared by the integration tests and the bench: small, valid files made in code.
#![allow(clippy::expect_used, dead_code, unreachable_pub, clippy::unwrap_used)]

use std::io::{Cursor, Write};

/// One PDF page: lines of text; `split_runs` draws "a|b" halves as two runs on one baseline.
pub struct PdfOptions {
    pub compress: bool,
    /// Position each line with `0 -14 Td` (true) or with `T*` (false).
    pub td_lines: bool,
    /// Extra trailer entries and objects to make the file look encrypted.
    pub encrypted: bool,
}

fn pdf_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A minimal PDF 1.4 with Helvetica (WinAnsi) text, one content stream per page, correct xref
/// (PDF 32000-1 §7.5.4). A `|` inside a line splits it into two text runs placed 60 pt apart.
pub fn pdf(pages: &[Vec<String>], opt: &PdfOptions) -> Vec<u8> {
    let n = pages.len();
    // Object numbers: 1 catalog, 2 pages, 3 font, then (page, contents) pairs, then encrypt.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 11 Tf 14 TL 72 720 Td\n");
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                content.push_str(if opt.td_lines { "0 -14 Td\n" } else { "T*\n" });
            }
            match line.split_once('|') {
                Some((a, b)) => content.push_str(&format!(
                    "({}) Tj 160 0 Td ({}) Tj -160 0 Td\n",
                    pdf_escape(a),
                    pdf_escape(b)
                )),
                None => content.push_str(&format!("[({})] TJ\n", pdf_escape(line))),
            }
        }
        content.push_str("ET\n");
        let (data, filter) = if opt.compress {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(content.as_bytes()).unwrap();
            (e.finish().unwrap(), " /Filter /FlateDecode")
        } else {
            (content.into_bytes(), "")
        };
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {}{filter} >>\nstream\n", data.len()).into_bytes();
        stream.extend_from_slice(&data);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let encrypt_id = objects.len() + 1;
    if opt.encrypted {
        let hex32 = "A5".repeat(32);
        objects.push(
            format!(
                "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <{hex32}> /U <{hex32}> >>"
            )
            .into_bytes(),
        );
    }
    let extra = if opt.encrypted {
        format!(
            " /Encrypt {encrypt_id} 0 R /ID [<{id}> <{id}>]",
            id = "0123456789ABCDEF".repeat(2)
        )
    } else {
        String::new()
    };
    assemble(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", &objects, &extra)
}

/// A PDF file from its objects (object `n` is `objects[n - 1]`; object 1 is the catalog):
/// header, numbered objects, cross-reference table and trailer, `trailer_extra` added to the
/// trailer dictionary.
pub fn assemble(header: &[u8], objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = header.to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

pub fn plain() -> PdfOptions {
    PdfOptions {
        compress: false,
        td_lines: true,
        encrypted: false,
    }
}

/// A ZIP with the given (name, bytes) entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `word/document.xml` body: each string is a paragraph; a string with `|` becomes a table row.
pub fn docx_xml(paragraphs: &[String]) -> String {
    let mut body = String::new();
    for p in paragraphs {
        if p.contains('|') {
            body.push_str("<w:tbl><w:tr>");
            for cell in p.split('|') {
                body.push_str(&format!(
                    "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                    xml_escape(cell)
                ));
            }
            body.push_str("</w:tr></w:tbl>");
        } else {
            // Split each paragraph into two runs, as Word does at formatting changes.
            let mid = p
                .char_indices()
                .nth(p.chars().count() / 2)
                .map_or(p.len(), |(i, _)| i);
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                xml_escape(&p[..mid]),
                xml_escape(&p[mid..])
            ));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
}

pub const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

pub fn docx(paragraphs: &[String]) -> Vec<u8> {
    let xml = docx_xml(paragraphs);
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", xml.as_bytes()),
    ])
}

/// Policy-like prose (~`target` bytes) full of near-misses: labels without values.
pub fn policy_text(target: usize) -> Vec<String> {
    let para = [
        "Purpose: to describe how staff verify patient identity before chemotherapy administration.",
        "Staff use two patient identifiers, such as name and date of birth, at every encounter.",
        "Date of birth verification is documented in the medical record by the treating nurse.",
        "The patient ID band must be checked against the order; the MRN is never written on forms.",
        "Patient Safety Committee reviews events quarterly; see Patient Education: Chemotherapy Basics.",
        "Patients seen on or after the effective date follow this policy. Effective date: 01/15/2024.",
        "Questions: call the oncology office at 555-123-4567 or fax 212-555-0100 during business hours.",
        "Patient: refers to any individual receiving care from the practice, including telehealth visits.",
    ];
    let mut out = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < target {
        let p = para[i % para.len()];
        size += p.len() + 1;
        out.push(p.to_owned());
        i += 1;
    }
    out
}

pub mod phi_corpus;
pub mod word;
