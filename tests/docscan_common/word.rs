//! The package parts Microsoft Word (365 / 2016 and later) writes around a policy document's text,
//! so the generated DOCX files are the size and shape of real ones (issue 12: screening speed is
//! measured per byte of file). Every part here is one Word writes for a plain document with a
//! header logo, a footer, lists and tables: content types, package and part relationships, core
//! and app properties, `styles.xml` with Word's default latent-style table (most of its ~30 KB),
//! the Office theme, settings with the revision-session ids, web settings, font table, bullet
//! numbering, footnote/endnote separators and a PNG logo. None of it carries text qcp screens;
//! qcp never inflates these parts. Markup written from ECMA-376 and the shape of Word's output,
//! not copied from any file.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use super::phi_corpus::Rng;

/// The namespace declarations Word puts on every story root (`w:document`, `w:hdr`, `w:ftr`,
/// `w:footnotes`, `w:endnotes`, `w:comments`).
pub const STORY_NS: &str = concat!(
    "xmlns:wpc=\"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas\" ",
    "xmlns:cx=\"http://schemas.microsoft.com/office/drawing/2014/chartex\" ",
    "xmlns:cx1=\"http://schemas.microsoft.com/office/drawing/2015/9/8/chartex\" ",
    "xmlns:cx2=\"http://schemas.microsoft.com/office/drawing/2015/10/21/chartex\" ",
    "xmlns:aink=\"http://schemas.microsoft.com/office/drawing/2016/ink\" ",
    "xmlns:am3d=\"http://schemas.microsoft.com/office/drawing/2017/model3d\" ",
    "xmlns:o=\"urn:schemas-microsoft-com:office:office\" ",
    "xmlns:oel=\"http://schemas.microsoft.com/office/2019/extlst\" ",
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" ",
    "xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" ",
    "xmlns:v=\"urn:schemas-microsoft-com:vml\" ",
    "xmlns:wp14=\"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing\" ",
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" ",
    "xmlns:w10=\"urn:schemas-microsoft-com:office:word\" ",
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
    "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" ",
    "xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" ",
    "xmlns:w16cex=\"http://schemas.microsoft.com/office/word/2018/wordml/cex\" ",
    "xmlns:w16cid=\"http://schemas.microsoft.com/office/word/2016/wordml/cid\" ",
    "xmlns:w16=\"http://schemas.microsoft.com/office/word/2018/wordml\" ",
    "xmlns:w16du=\"http://schemas.microsoft.com/office/word/2023/wordml/word16du\" ",
    "xmlns:w16sdtdh=\"http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash\" ",
    "xmlns:w16se=\"http://schemas.microsoft.com/office/word/2015/wordml/symex\" ",
    "xmlns:wpg=\"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup\" ",
    "xmlns:wpi=\"http://schemas.microsoft.com/office/word/2010/wordprocessingInk\" ",
    "xmlns:wne=\"http://schemas.microsoft.com/office/word/2006/wordml\" ",
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" ",
    "mc:Ignorable=\"w14 w15 w16se w16cid w16 w16cex w16sdtdh w16du wp14\""
);

pub const MC_NS: &str = "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

pub const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// Which optional parts a package has.
pub struct PackageInfo<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub company: &'a str,
    pub has_comments: bool,
    pub words: usize,
    pub characters: usize,
    pub paragraphs: usize,
    pub pages: usize,
    /// Revision-session ids used in the stories (listed in settings.xml).
    pub rsids: &'a [String],
    /// Document and comment creation, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created: &'a str,
    pub modified: &'a str,
}

pub fn content_types(info: &PackageInfo) -> String {
    let mut s = String::from(XML_DECL);
    s.push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut over = |part: &str, ty: &str| {
        let _ = write!(s, "<Override PartName=\"/{part}\" ContentType=\"{ty}\"/>");
    };
    over("word/document.xml", &format!("{wml}.document.main+xml"));
    over("word/styles.xml", &format!("{wml}.styles+xml"));
    over("word/settings.xml", &format!("{wml}.settings+xml"));
    over("word/webSettings.xml", &format!("{wml}.webSettings+xml"));
    over("word/footnotes.xml", &format!("{wml}.footnotes+xml"));
    over("word/endnotes.xml", &format!("{wml}.endnotes+xml"));
    over("word/numbering.xml", &format!("{wml}.numbering+xml"));
    if info.has_comments {
        over("word/comments.xml", &format!("{wml}.comments+xml"));
        over(
            "word/commentsExtended.xml",
            &format!("{wml}.commentsExtended+xml"),
        );
        over("word/people.xml", &format!("{wml}.people+xml"));
    }
    over("word/header1.xml", &format!("{wml}.header+xml"));
    over("word/footer1.xml", &format!("{wml}.footer+xml"));
    over("word/fontTable.xml", &format!("{wml}.fontTable+xml"));
    over(
        "word/theme/theme1.xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    );
    over(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    over(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    );
    s.push_str("</Types>");
    s
}

const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub fn package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"{REL_NS}\"><Relationship Id=\"rId3\" Type=\"{REL_TYPE}/extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId1\" Type=\"{REL_TYPE}/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
    )
}

/// `word/_rels/document.xml.rels`; the header is `rId8`, the footer `rId9`.
pub fn document_rels(has_comments: bool) -> String {
    let mut s = format!("{XML_DECL}<Relationships xmlns=\"{REL_NS}\">");
    let mut rel = |id: u32, ty: &str, target: &str| {
        let _ = write!(
            s,
            "<Relationship Id=\"rId{id}\" Type=\"{ty}\" Target=\"{target}\"/>"
        );
    };
    rel(3, &format!("{REL_TYPE}/settings"), "settings.xml");
    rel(2, &format!("{REL_TYPE}/styles"), "styles.xml");
    rel(1, &format!("{REL_TYPE}/numbering"), "numbering.xml");
    rel(4, &format!("{REL_TYPE}/webSettings"), "webSettings.xml");
    rel(5, &format!("{REL_TYPE}/footnotes"), "footnotes.xml");
    rel(6, &format!("{REL_TYPE}/endnotes"), "endnotes.xml");
    rel(8, &format!("{REL_TYPE}/header"), "header1.xml");
    rel(9, &format!("{REL_TYPE}/footer"), "footer1.xml");
    rel(10, &format!("{REL_TYPE}/fontTable"), "fontTable.xml");
    rel(11, &format!("{REL_TYPE}/theme"), "theme/theme1.xml");
    if has_comments {
        rel(12, &format!("{REL_TYPE}/comments"), "comments.xml");
        rel(
            13,
            "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
            "commentsExtended.xml",
        );
        rel(
            14,
            "http://schemas.microsoft.com/office/2011/relationships/people",
            "people.xml",
        );
    }
    s.push_str("</Relationships>");
    s
}

pub fn header_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"{REL_NS}\"><Relationship Id=\"rId1\" Type=\"{REL_TYPE}/image\" Target=\"media/image1.png\"/></Relationships>"
    )
}

pub fn core_xml(info: &PackageInfo) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{title}</dc:title><dc:subject></dc:subject><dc:creator>{author}</dc:creator><cp:keywords></cp:keywords><dc:description></dc:description><cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>{rev}</cp:revision><dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{modified}</dcterms:modified></cp:coreProperties>",
        title = info.title,
        author = info.author,
        rev = info.rsids.len() + 1,
        created = info.created,
        modified = info.modified,
    )
}

pub fn app_xml(info: &PackageInfo) -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Template>Normal.dotm</Template><TotalTime>{time}</TotalTime><Pages>{pages}</Pages><Words>{words}</Words><Characters>{chars}</Characters><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Lines>{lines}</Lines><Paragraphs>{paras}</Paragraphs><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Title</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size=\"1\" baseType=\"lpstr\"><vt:lpstr>{title}</vt:lpstr></vt:vector></TitlesOfParts><Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>{chars_sp}</CharactersWithSpaces><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>",
        time = info.rsids.len() * 7,
        pages = info.pages,
        words = info.words,
        chars = info.characters.saturating_sub(info.words),
        lines = info.characters / 80 + 1,
        paras = info.paragraphs,
        title = info.title,
        company = info.company,
        chars_sp = info.characters,
    )
}

/// Word's built-in style names in its latent-style table (ECMA-376 Part 1 §17.7.4.5), in
/// Word's order, with their flags: (name, uiPriority, qFormat, semiHidden+unhideWhenUsed).
fn latent_styles() -> Vec<(String, Option<u32>, bool, bool)> {
    let mut v: Vec<(String, Option<u32>, bool, bool)> = Vec::new();
    let mut add =
        |name: String, pri: Option<u32>, q: bool, hidden: bool| v.push((name, pri, q, hidden));
    add("Normal".into(), Some(0), true, false);
    add("heading 1".into(), Some(9), true, false);
    for n in 2..=9 {
        add(format!("heading {n}"), Some(9), true, true);
    }
    for n in 1..=9 {
        add(format!("index {n}"), None, false, true);
    }
    for n in 1..=9 {
        add(format!("toc {n}"), Some(39), false, true);
    }
    for n in [
        "Normal Indent",
        "footnote text",
        "annotation text",
        "header",
        "footer",
        "index heading",
    ] {
        add(n.into(), None, false, true);
    }
    add("caption".into(), Some(35), true, true);
    for n in [
        "table of figures",
        "envelope address",
        "envelope return",
        "footnote reference",
        "annotation reference",
        "line number",
        "page number",
        "endnote reference",
        "endnote text",
        "table of authorities",
        "macro",
        "toa heading",
        "List",
        "List Bullet",
        "List Number",
        "List 2",
        "List 3",
        "List 4",
        "List 5",
        "List Bullet 2",
        "List Bullet 3",
        "List Bullet 4",
        "List Bullet 5",
        "List Number 2",
        "List Number 3",
        "List Number 4",
        "List Number 5",
    ] {
        add(n.into(), None, false, true);
    }
    add("Title".into(), Some(10), true, false);
    add("Closing".into(), None, false, true);
    add("Signature".into(), None, false, true);
    add("Default Paragraph Font".into(), Some(1), false, true);
    for n in [
        "Body Text",
        "Body Text Indent",
        "List Continue",
        "List Continue 2",
        "List Continue 3",
        "List Continue 4",
        "List Continue 5",
        "Message Header",
    ] {
        add(n.into(), None, false, true);
    }
    add("Subtitle".into(), Some(11), true, false);
    for n in [
        "Salutation",
        "Date",
        "Body Text First Indent",
        "Body Text First Indent 2",
        "Note Heading",
        "Body Text 2",
        "Body Text 3",
        "Body Text Indent 2",
        "Body Text Indent 3",
        "Block Text",
        "Hyperlink",
        "FollowedHyperlink",
    ] {
        add(n.into(), None, false, true);
    }
    add("Strong".into(), Some(22), true, false);
    add("Emphasis".into(), Some(20), true, false);
    for n in [
        "Document Map",
        "Plain Text",
        "E-mail Signature",
        "HTML Top of Form",
        "HTML Bottom of Form",
        "Normal (Web)",
        "HTML Acronym",
        "HTML Address",
        "HTML Cite",
        "HTML Code",
        "HTML Definition",
        "HTML Keyboard",
        "HTML Preformatted",
        "HTML Sample",
        "HTML Typewriter",
        "HTML Variable",
        "Normal Table",
        "annotation subject",
        "No List",
        "Outline List 1",
        "Outline List 2",
        "Outline List 3",
    ] {
        add(n.into(), None, false, true);
    }
    for (stem, count) in [
        ("Table Simple", 3),
        ("Table Classic", 4),
        ("Table Colorful", 3),
        ("Table Columns", 5),
        ("Table Grid", 8),
        ("Table List", 8),
        ("Table 3D effects", 3),
    ] {
        for n in 1..=count {
            add(format!("{stem} {n}"), None, false, true);
        }
    }
    for n in [
        "Table Contemporary",
        "Table Elegant",
        "Table Professional",
        "Table Subtle 1",
        "Table Subtle 2",
        "Table Web 1",
        "Table Web 2",
        "Table Web 3",
        "Balloon Text",
    ] {
        add(n.into(), None, false, true);
    }
    add("Table Grid".into(), Some(39), false, false);
    add("Table Theme".into(), None, false, true);
    add("Placeholder Text".into(), None, false, true);
    add("No Spacing".into(), Some(1), true, false);
    let classic = [
        ("Light Shading", 60),
        ("Light List", 61),
        ("Light Grid", 62),
        ("Medium Shading 1", 63),
        ("Medium Shading 2", 64),
        ("Medium List 1", 65),
        ("Medium List 2", 66),
        ("Medium Grid 1", 67),
        ("Medium Grid 2", 68),
        ("Medium Grid 3", 69),
        ("Dark List", 70),
        ("Colorful Shading", 71),
        ("Colorful List", 72),
        ("Colorful Grid", 73),
    ];
    for (n, p) in classic {
        add(n.into(), Some(p), false, false);
    }
    for accent in 1..=6 {
        for (n, p) in classic {
            add(format!("{n} Accent {accent}"), Some(p), false, false);
        }
        if accent == 1 {
            add("Revision".into(), None, false, true);
            add("List Paragraph".into(), Some(34), true, false);
            add("Quote".into(), Some(29), true, false);
            add("Intense Quote".into(), Some(30), true, false);
        }
    }
    for (n, p) in [
        ("Subtle Emphasis", 19),
        ("Intense Emphasis", 21),
        ("Subtle Reference", 31),
        ("Intense Reference", 32),
        ("Book Title", 33),
        ("Bibliography", 37),
        ("TOC Heading", 39),
    ] {
        add(
            n.into(),
            Some(p),
            true,
            n == "Bibliography" || n == "TOC Heading",
        );
    }
    for n in 1..=5 {
        add(format!("Plain Table {n}"), Some(40 + n), false, false);
    }
    add("Grid Table Light".into(), Some(40), false, false);
    let modern = |stem: &str| -> Vec<(String, u32)> {
        vec![
            (format!("{stem} Table 1 Light"), 46),
            (format!("{stem} Table 2"), 47),
            (format!("{stem} Table 3"), 48),
            (format!("{stem} Table 4"), 49),
            (format!("{stem} Table 5 Dark"), 50),
            (format!("{stem} Table 6 Colorful"), 51),
            (format!("{stem} Table 7 Colorful"), 52),
        ]
    };
    for stem in ["Grid", "List"] {
        for (n, p) in modern(stem) {
            add(n, Some(p), false, false);
        }
        for accent in 1..=6 {
            for (n, p) in modern(stem) {
                add(format!("{n} Accent {accent}"), Some(p), false, false);
            }
        }
    }
    for n in [
        "Mention",
        "Smart Hyperlink",
        "Hashtag",
        "Unresolved Mention",
        "Smart Link",
    ] {
        add(n.into(), None, false, true);
    }
    v
}

/// `word/styles.xml`: document defaults, the latent-style table, and the styles the document uses.
pub fn styles_xml(font: Option<&str>) -> String {
    let mut s = format!(
        "{XML_DECL}<w:styles {MC_NS} {STORY_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:eastAsiaTheme=\"minorHAnsi\" w:hAnsiTheme=\"minorHAnsi\" w:cstheme=\"minorBidi\"/><w:kern w:val=\"2\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-US\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/><w14:ligatures w14:val=\"standardContextual\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"259\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    let latent = latent_styles();
    let _ = write!(
        s,
        "<w:latentStyles w:defLockedState=\"0\" w:defUIPriority=\"99\" w:defSemiHidden=\"0\" w:defUnhideWhenUsed=\"0\" w:defQFormat=\"0\" w:count=\"{}\">",
        latent.len()
    );
    for (name, pri, q, hidden) in &latent {
        let _ = write!(s, "<w:lsdException w:name=\"{name}\"");
        if *hidden {
            s.push_str(" w:semiHidden=\"1\"");
        }
        if let Some(p) = pri {
            let _ = write!(s, " w:uiPriority=\"{p}\"");
        }
        if *hidden {
            s.push_str(" w:unhideWhenUsed=\"1\"");
        }
        if *q {
            s.push_str(" w:qFormat=\"1\"");
        }
        s.push_str("/>");
    }
    s.push_str("</w:latentStyles>");
    let run_font = font.map_or(String::new(), |f| {
        format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\"/>")
    });
    let _ = write!(
        s,
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>{run_font}</w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:link w:val=\"Heading1Char\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"80\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:asciiTheme=\"majorHAnsi\" w:eastAsiaTheme=\"majorEastAsia\" w:hAnsiTheme=\"majorHAnsi\" w:cstheme=\"majorBidi\"/><w:color w:val=\"0F4761\" w:themeColor=\"accent1\" w:themeShade=\"BF\"/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"Heading1Char\"><w:name w:val=\"Heading 1 Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"Heading1\"/><w:uiPriority w:val=\"9\"/><w:rPr><w:rFonts w:asciiTheme=\"majorHAnsi\" w:eastAsiaTheme=\"majorEastAsia\" w:hAnsiTheme=\"majorHAnsi\" w:cstheme=\"majorBidi\"/><w:color w:val=\"0F4761\" w:themeColor=\"accent1\" w:themeShade=\"BF\"/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:link w:val=\"TitleChar\"/><w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:after=\"80\" w:line=\"240\" w:lineRule=\"auto\"/><w:contextualSpacing/></w:pPr><w:rPr><w:rFonts w:asciiTheme=\"majorHAnsi\" w:eastAsiaTheme=\"majorEastAsia\" w:hAnsiTheme=\"majorHAnsi\" w:cstheme=\"majorBidi\"/><w:spacing w:val=\"-10\"/><w:kern w:val=\"28\"/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"TitleChar\"><w:name w:val=\"Title Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"Title\"/><w:uiPriority w:val=\"10\"/><w:rPr><w:rFonts w:asciiTheme=\"majorHAnsi\" w:eastAsiaTheme=\"majorEastAsia\" w:hAnsiTheme=\"majorHAnsi\" w:cstheme=\"majorBidi\"/><w:spacing w:val=\"-10\"/><w:kern w:val=\"28\"/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/><w:pPr><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:link w:val=\"HeaderChar\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"4680\"/><w:tab w:val=\"right\" w:pos=\"9360\"/></w:tabs><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"HeaderChar\"><w:name w:val=\"Header Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"Header\"/><w:uiPriority w:val=\"99\"/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:link w:val=\"FooterChar\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"4680\"/><w:tab w:val=\"right\" w:pos=\"9360\"/></w:tabs><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"FooterChar\"><w:name w:val=\"Footer Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"Footer\"/><w:uiPriority w:val=\"99\"/></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:link w:val=\"FootnoteTextChar\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"FootnoteTextChar\"><w:name w:val=\"Footnote Text Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"FootnoteText\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"CommentText\"><w:name w:val=\"annotation text\"/><w:basedOn w:val=\"Normal\"/><w:link w:val=\"CommentTextChar\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"CommentTextChar\"><w:name w:val=\"Comment Text Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"CommentText\"/><w:uiPriority w:val=\"99\"/><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:rPr><w:color w:val=\"467886\" w:themeColor=\"hyperlink\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
</w:styles>"
    );
    s
}

/// `word/theme/theme1.xml`: the Office theme (colour, font and format schemes).
pub fn theme_xml() -> String {
    let mut s = format!(
        "{XML_DECL}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Office Theme\"><a:themeElements><a:clrScheme name=\"Office\"><a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>"
    );
    for (slot, rgb) in [
        ("dk2", "0E2841"),
        ("lt2", "E8E8E8"),
        ("accent1", "156082"),
        ("accent2", "E97132"),
        ("accent3", "196B24"),
        ("accent4", "0F9ED5"),
        ("accent5", "A02B93"),
        ("accent6", "4EA72E"),
        ("hlink", "467886"),
        ("folHlink", "96607D"),
    ] {
        let _ = write!(s, "<a:{slot}><a:srgbClr val=\"{rgb}\"/></a:{slot}>");
    }
    s.push_str("</a:clrScheme><a:fontScheme name=\"Office\">");
    let scripts: &[(&str, &str, &str)] = &[
        ("Jpan", "游ゴシック Light", "游明朝"),
        ("Hang", "맑은 고딕", "맑은 고딕"),
        ("Hans", "等线 Light", "等线"),
        ("Hant", "新細明體", "新細明體"),
        ("Arab", "Times New Roman", "Arial"),
        ("Hebr", "Times New Roman", "Arial"),
        ("Thai", "Angsana New", "Cordia New"),
        ("Ethi", "Nyala", "Nyala"),
        ("Beng", "Vrinda", "Vrinda"),
        ("Gujr", "Shruti", "Shruti"),
        ("Khmr", "MoolBoran", "DaunPenh"),
        ("Knda", "Tunga", "Tunga"),
        ("Guru", "Raavi", "Raavi"),
        ("Cans", "Euphemia", "Euphemia"),
        ("Cher", "Plantagenet Cherokee", "Plantagenet Cherokee"),
        ("Yiii", "Microsoft Yi Baiti", "Microsoft Yi Baiti"),
        ("Tibt", "Microsoft Himalaya", "Microsoft Himalaya"),
        ("Thaa", "MV Boli", "MV Boli"),
        ("Deva", "Mangal", "Mangal"),
        ("Telu", "Gautami", "Gautami"),
        ("Taml", "Latha", "Latha"),
        ("Syrc", "Estrangelo Edessa", "Estrangelo Edessa"),
        ("Orya", "Kalinga", "Kalinga"),
        ("Mlym", "Kartika", "Kartika"),
        ("Laoo", "DokChampa", "DokChampa"),
        ("Sinh", "Iskoola Pota", "Iskoola Pota"),
        ("Mong", "Mongolian Baiti", "Mongolian Baiti"),
        ("Viet", "Times New Roman", "Arial"),
        ("Uigh", "Microsoft Uighur", "Microsoft Uighur"),
        ("Geor", "Sylfaen", "Sylfaen"),
        ("Armn", "Arial", "Arial"),
        ("Bugi", "Leelawadee UI", "Leelawadee UI"),
        ("Bopo", "Microsoft JhengHei", "Microsoft JhengHei"),
        ("Java", "Javanese Text", "Javanese Text"),
        ("Lisu", "Segoe UI", "Segoe UI"),
        ("Mymr", "Myanmar Text", "Myanmar Text"),
        ("Nkoo", "Ebrima", "Ebrima"),
        ("Olck", "Nirmala UI", "Nirmala UI"),
        ("Osma", "Ebrima", "Ebrima"),
        ("Phag", "Phagspa", "Phagspa"),
        ("Syrn", "Estrangelo Edessa", "Estrangelo Edessa"),
        ("Syrj", "Estrangelo Edessa", "Estrangelo Edessa"),
        ("Syre", "Estrangelo Edessa", "Estrangelo Edessa"),
        ("Sora", "Nirmala UI", "Nirmala UI"),
        ("Tale", "Microsoft Tai Le", "Microsoft Tai Le"),
        ("Talu", "Microsoft New Tai Lue", "Microsoft New Tai Lue"),
        ("Tfng", "Ebrima", "Ebrima"),
    ];
    for (which, latin, pick) in [
        ("majorFont", "Aptos Display", 1usize),
        ("minorFont", "Aptos", 2),
    ] {
        let _ = write!(
            s,
            "<a:{which}><a:latin typeface=\"{latin}\" panose=\"02110004020202020204\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>"
        );
        for (script, major, minor) in scripts {
            let face = if pick == 1 { major } else { minor };
            let _ = write!(s, "<a:font script=\"{script}\" typeface=\"{face}\"/>");
        }
        let _ = write!(s, "</a:{which}>");
    }
    s.push_str("</a:fontScheme><a:fmtScheme name=\"Office\"><a:fillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>");
    for (mods, lin) in [
        (
            [
                "<a:lumMod val=\"110000\"/><a:satMod val=\"105000\"/><a:tint val=\"67000\"/>",
                "<a:lumMod val=\"105000\"/><a:satMod val=\"103000\"/><a:tint val=\"73000\"/>",
                "<a:lumMod val=\"105000\"/><a:satMod val=\"109000\"/><a:tint val=\"81000\"/>",
            ],
            "5400000",
        ),
        (
            [
                "<a:satMod val=\"103000\"/><a:lumMod val=\"102000\"/><a:tint val=\"94000\"/>",
                "<a:satMod val=\"110000\"/><a:lumMod val=\"100000\"/><a:shade val=\"100000\"/>",
                "<a:lumMod val=\"99000\"/><a:satMod val=\"120000\"/><a:shade val=\"78000\"/>",
            ],
            "5400000",
        ),
    ] {
        s.push_str("<a:gradFill rotWithShape=\"1\"><a:gsLst>");
        for (pos, m) in ["0", "50000", "100000"].iter().zip(mods) {
            let _ = write!(
                s,
                "<a:gs pos=\"{pos}\"><a:schemeClr val=\"phClr\">{m}</a:schemeClr></a:gs>"
            );
        }
        let _ = write!(
            s,
            "</a:gsLst><a:lin ang=\"{lin}\" scaled=\"0\"/></a:gradFill>"
        );
    }
    s.push_str("</a:fillStyleLst><a:lnStyleLst>");
    for w in ["12700", "19050", "25400"] {
        let _ = write!(
            s,
            "<a:ln w=\"{w}\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:prstDash val=\"solid\"/><a:miter lim=\"800000\"/></a:ln>"
        );
    }
    s.push_str("</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst><a:outerShdw blurRad=\"57150\" dist=\"19050\" dir=\"5400000\" algn=\"ctr\" rotWithShape=\"0\"><a:srgbClr val=\"000000\"><a:alpha val=\"63000\"/></a:srgbClr></a:outerShdw></a:effectLst></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"><a:tint val=\"95000\"/><a:satMod val=\"170000\"/></a:schemeClr></a:solidFill><a:gradFill rotWithShape=\"1\"><a:gsLst><a:gs pos=\"0\"><a:schemeClr val=\"phClr\"><a:tint val=\"93000\"/><a:satMod val=\"150000\"/><a:shade val=\"98000\"/><a:lumMod val=\"102000\"/></a:schemeClr></a:gs><a:gs pos=\"50000\"><a:schemeClr val=\"phClr\"><a:tint val=\"98000\"/><a:satMod val=\"130000\"/><a:shade val=\"90000\"/><a:lumMod val=\"103000\"/></a:schemeClr></a:gs><a:gs pos=\"100000\"><a:schemeClr val=\"phClr\"><a:shade val=\"63000\"/><a:satMod val=\"120000\"/></a:schemeClr></a:gs></a:gsLst><a:lin ang=\"5400000\" scaled=\"0\"/></a:gradFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults><a:lnDef><a:spPr/><a:bodyPr/><a:lstStyle/><a:style><a:lnRef idx=\"2\"><a:schemeClr val=\"accent1\"/></a:lnRef><a:fillRef idx=\"0\"><a:schemeClr val=\"accent1\"/></a:fillRef><a:effectRef idx=\"1\"><a:schemeClr val=\"accent1\"/></a:effectRef><a:fontRef idx=\"minor\"><a:schemeClr val=\"tx1\"/></a:fontRef></a:style></a:lnDef></a:objectDefaults><a:extraClrSchemeLst/><a:extLst><a:ext uri=\"{05A4C25C-085E-4340-85A3-A5531E510DB2}\"><thm15:themeFamily xmlns:thm15=\"http://schemas.microsoft.com/office/thememl/2012/main\" name=\"Office Theme\" id=\"{2E142A2C-CD16-42D6-873A-C26D2A0506FA}\" vid=\"{1BDDFF52-6CD6-40A5-AB3C-68EB2F1E4D0A}\"/></a:ext></a:extLst></a:theme>");
    s
}

/// `word/settings.xml`, listing every revision-session id used in the stories.
pub fn settings_xml(rsids: &[String], doc_id: &str) -> String {
    let mut s = format!(
        "{XML_DECL}<w:settings {MC_NS} xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:w10=\"urn:schemas-microsoft-com:office:word\" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" xmlns:w16cex=\"http://schemas.microsoft.com/office/word/2018/wordml/cex\" xmlns:w16cid=\"http://schemas.microsoft.com/office/word/2016/wordml/cid\" xmlns:w16=\"http://schemas.microsoft.com/office/word/2018/wordml\" xmlns:w16du=\"http://schemas.microsoft.com/office/word/2023/wordml/word16du\" xmlns:w16sdtdh=\"http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash\" xmlns:w16se=\"http://schemas.microsoft.com/office/word/2015/wordml/symex\" xmlns:sl=\"http://schemas.openxmlformats.org/schemaLibrary/2006/main\" mc:Ignorable=\"w14 w15 w16se w16cid w16 w16cex w16sdtdh w16du\"><w:zoom w:percent=\"100\"/><w:proofState w:spelling=\"clean\" w:grammar=\"clean\"/><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr><w:endnotePr><w:endnote w:id=\"-1\"/><w:endnote w:id=\"0\"/></w:endnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/><w:compatSetting w:name=\"overrideTableStyleFontSizeAndJustification\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/><w:compatSetting w:name=\"enableOpenTypeFeatures\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/><w:compatSetting w:name=\"doNotFlipMirrorIndents\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/><w:compatSetting w:name=\"differentiateMultirowTableHeaders\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/><w:compatSetting w:name=\"useWord2013TrackBottomHyphenation\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"0\"/></w:compat><w:rsids>"
    );
    if let Some(root) = rsids.first() {
        let _ = write!(s, "<w:rsidRoot w:val=\"{root}\"/>");
    }
    let mut sorted = rsids.to_vec();
    sorted.sort();
    for r in &sorted {
        let _ = write!(s, "<w:rsid w:val=\"{r}\"/>");
    }
    let _ = write!(
        s,
        "</w:rsids><m:mathPr><m:mathFont m:val=\"Cambria Math\"/><m:brkBin m:val=\"before\"/><m:brkBinSub m:val=\"--\"/><m:smallFrac m:val=\"0\"/><m:dispDef/><m:lMargin m:val=\"0\"/><m:rMargin m:val=\"0\"/><m:defJc m:val=\"centerGroup\"/><m:wrapIndent m:val=\"1440\"/><m:intLim m:val=\"subSup\"/><m:naryLim m:val=\"undOvr\"/></m:mathPr><w:themeFontLang w:val=\"en-US\"/><w:clrSchemeMapping w:bg1=\"light1\" w:t1=\"dark1\" w:bg2=\"light2\" w:t2=\"dark2\" w:accent1=\"accent1\" w:accent2=\"accent2\" w:accent3=\"accent3\" w:accent4=\"accent4\" w:accent5=\"accent5\" w:accent6=\"accent6\" w:hyperlink=\"hyperlink\" w:followedHyperlink=\"followedHyperlink\"/><w:shapeDefaults><o:shapedefaults v:ext=\"edit\" spidmax=\"2049\"/><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"1\"/></o:shapelayout></w:shapeDefaults><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/><w14:docId w14:val=\"{id8}\"/><w15:chartTrackingRefBased/><w15:docId w15:val=\"{{{doc_id}}}\"/></w:settings>",
        id8 = &doc_id[..8],
    );
    s
}

pub fn web_settings_xml() -> String {
    format!(
        "{XML_DECL}<w:webSettings {MC_NS} xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" xmlns:w16cex=\"http://schemas.microsoft.com/office/word/2018/wordml/cex\" xmlns:w16cid=\"http://schemas.microsoft.com/office/word/2016/wordml/cid\" xmlns:w16=\"http://schemas.microsoft.com/office/word/2018/wordml\" xmlns:w16du=\"http://schemas.microsoft.com/office/word/2023/wordml/word16du\" xmlns:w16sdtdh=\"http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash\" xmlns:w16se=\"http://schemas.microsoft.com/office/word/2015/wordml/symex\" mc:Ignorable=\"w14 w15 w16se w16cid w16 w16cex w16sdtdh w16du\"><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>"
    )
}

pub fn font_table_xml(font: Option<&str>) -> String {
    let mut s = format!(
        "{XML_DECL}<w:fonts {MC_NS} xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" xmlns:w16se=\"http://schemas.microsoft.com/office/word/2015/wordml/symex\" mc:Ignorable=\"w14 w15 w16se\">"
    );
    // (name, panose, charset, family, pitch, signature)
    type Font<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, [&'a str; 6]);
    let mut fonts: Vec<Font> = vec![
        (
            "Symbol",
            "05050102010706020507",
            "02",
            "roman",
            "variable",
            [
                "00000000", "10000000", "00000000", "00000000", "80000000", "00000000",
            ],
        ),
        (
            "Times New Roman",
            "02020603050405020304",
            "00",
            "roman",
            "variable",
            [
                "E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000",
            ],
        ),
        (
            "Courier New",
            "02070309020205020404",
            "00",
            "modern",
            "fixed",
            [
                "E0002EFF", "C0007843", "00000009", "00000000", "000001FF", "00000000",
            ],
        ),
        (
            "Wingdings",
            "05000000000000000000",
            "02",
            "auto",
            "variable",
            [
                "00000000", "10000000", "00000000", "00000000", "80000000", "00000000",
            ],
        ),
        (
            "Aptos",
            "020B0004020202020204",
            "00",
            "swiss",
            "variable",
            [
                "20000287", "00000003", "00000000", "00000000", "0000019F", "00000000",
            ],
        ),
        (
            "Aptos Display",
            "020B0004020202020204",
            "00",
            "swiss",
            "variable",
            [
                "20000287", "00000003", "00000000", "00000000", "0000019F", "00000000",
            ],
        ),
    ];
    if font == Some("Arial") {
        fonts.push((
            "Arial",
            "020B0604020202020204",
            "00",
            "swiss",
            "variable",
            [
                "E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000",
            ],
        ));
    }
    for (name, panose, charset, family, pitch, sig) in fonts {
        let _ = write!(
            s,
            "<w:font w:name=\"{name}\"><w:panose1 w:val=\"{panose}\"/><w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/><w:sig w:usb0=\"{}\" w:usb1=\"{}\" w:usb2=\"{}\" w:usb3=\"{}\" w:csb0=\"{}\" w:csb1=\"{}\"/></w:font>",
            sig[0], sig[1], sig[2], sig[3], sig[4], sig[5]
        );
    }
    s.push_str("</w:fonts>");
    s
}

/// `word/numbering.xml`: one bulleted list definition, nine levels (§17.9).
pub fn numbering_xml(nsid: &str) -> String {
    let mut s = format!(
        "{XML_DECL}<w:numbering {MC_NS} {STORY_NS}><w:abstractNum w:abstractNumId=\"0\" w15:restartNumberingAfterBreak=\"0\"><w:nsid w:val=\"{nsid}\"/><w:multiLevelType w:val=\"hybridMultilevel\"/><w:tmpl w:val=\"04090001\"/>"
    );
    for lvl in 0..9u32 {
        let (text, font) = match lvl % 3 {
            0 => ("\u{F0B7}", "Symbol"),
            1 => ("o", "Courier New"),
            _ => ("\u{F0A7}", "Wingdings"),
        };
        let tplc = ["04090001", "04090003", "04090005"][(lvl % 3) as usize];
        let _ = write!(
            s,
            "<w:lvl w:ilvl=\"{lvl}\" w:tplc=\"{tplc}\"{}><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\"{} w:hint=\"default\"/></w:rPr></w:lvl>",
            if lvl == 0 { "" } else { " w:tentative=\"1\"" },
            720 * (lvl + 1),
            if font == "Courier New" {
                " w:cs=\"Courier New\""
            } else {
                ""
            },
        );
    }
    s.push_str("</w:abstractNum><w:num w:numId=\"1\" w16cid:durableId=\"1021449386\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>");
    s
}

/// The separator and continuation-separator notes Word writes in every footnotes/endnotes part.
pub fn note_separators(tag: &str, para_ids: [&str; 2], rsid: &str) -> String {
    format!(
        "<w:{tag} w:type=\"separator\" w:id=\"-1\"><w:p w14:paraId=\"{a}\" w14:textId=\"77777777\" w:rsidR=\"{rsid}\" w:rsidRDefault=\"{rsid}\"><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{tag}><w:{tag} w:type=\"continuationSeparator\" w:id=\"0\"><w:p w14:paraId=\"{b}\" w14:textId=\"77777777\" w:rsidR=\"{rsid}\" w:rsidRDefault=\"{rsid}\"><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>",
        a = para_ids[0],
        b = para_ids[1],
    )
}

/// A floating logo in the header (§20.4.2.3 `anchor`), pointing at `rId1` of the header's rels.
pub fn logo_anchor(practice: &str, cx: u64, cy: u64) -> String {
    format!(
        "<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:anchor distT=\"0\" distB=\"0\" distL=\"114300\" distR=\"114300\" simplePos=\"0\" relativeHeight=\"251659264\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\" wp14:anchorId=\"3C1F0B2A\" wp14:editId=\"5D7E8A91\"><wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"margin\"><wp:align>left</wp:align></wp:positionH><wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>-228600</wp:posOffset></wp:positionV><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:wrapSquare wrapText=\"bothSides\"/><wp:docPr id=\"1\" name=\"Picture 1\" descr=\"{practice} logo\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"1\" name=\"logo.png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rId1\"><a:extLst><a:ext uri=\"{{28A0092B-C50C-407E-A947-70E740481C1C}}\"><a14:useLocalDpi xmlns:a14=\"http://schemas.microsoft.com/office/drawing/2010/main\" val=\"0\"/></a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic><wp14:sizeRelH relativeFrom=\"margin\"><wp14:pctWidth>0</wp14:pctWidth></wp14:sizeRelH><wp14:sizeRelV relativeFrom=\"margin\"><wp14:pctHeight>0</wp14:pctHeight></wp14:sizeRelV></wp:anchor></w:drawing></w:r>"
    )
}

// --- a small PNG logo ------------------------------------------------------------------------

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    out.extend_from_slice(&c);
    out.extend_from_slice(&crc32(&c).to_be_bytes());
}

/// A practice logo as Word stores a pasted one: an RGBA PNG (ISO/IEC 15948) of an emblem — a
/// ring with a gradient fill and an anti-aliased edge — and a wordmark of bars, 300 × 90 pixels
/// (1.25 inch wide at 240 dpi, as a header logo is placed).
/// A few KB, as small logos are; each practice's colours differ with `seed`.
pub fn logo_png(seed: u64) -> Vec<u8> {
    let mut r = Rng::new(seed);
    let (w, h) = (300usize, 90usize);
    let base = [r.range(10, 60), r.range(70, 130), r.range(110, 180)];
    let mut raw = Vec::with_capacity((w * 4 + 1) * h);
    let (cx, cy, rad) = (45.0f64, 45.0f64, 38.0f64);
    // Wordmark: letter-like bars of varying width, two lines.
    let mut bars = Vec::new();
    for line in 0..2 {
        let mut x = 100usize;
        while x < 290 {
            let bw = r.range(3, 9) as usize;
            let gap = if r.chance(20) { 6 } else { 2 };
            let top = if line == 0 { 18 } else { 52 };
            let height = if line == 0 {
                r.range(14, 20)
            } else {
                r.range(8, 12)
            } as usize;
            bars.push((x, x + bw, top + (20 - height.min(20)), top + 20));
            x += bw + gap;
        }
    }
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
            let d = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt();
            // Coverage of the ring between radii 18 and 30, smoothed over one pixel.
            let outer = (rad - d + 0.5).clamp(0.0, 1.0);
            let inner = (d - 23.0 + 0.5).clamp(0.0, 1.0);
            let ring = outer * inner;
            let disc = (18.0 - d + 0.5).clamp(0.0, 1.0);
            let t = fy / h as f64;
            let mut px = [0u8; 4];
            let a = ring.max(disc);
            if a > 0.0 {
                for (k, c) in base.iter().enumerate() {
                    let v = f64::from(*c) * (0.7 + 0.6 * t)
                        + 12.0 * (fx - cx).abs() / rad
                        + if disc > ring { 40.0 } else { 0.0 };
                    px[k] = v.clamp(0.0, 255.0) as u8;
                }
                px[3] = (a * 255.0).round() as u8;
            } else if let Some(b) = bars
                .iter()
                .find(|b| x >= b.0 && x < b.1 && y >= b.2 && y < b.3)
            {
                let edge = if x == b.0 || x + 1 == b.1 { 160 } else { 255 };
                px = [40, 40, 48, edge];
                let _ = b;
            }
            raw.extend_from_slice(&px);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut z, &raw).unwrap();
    let idat = z.finish().unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // sRGB, gAMA and pHYs (96 dpi), as Windows' clipboard PNGs carry.
    png_chunk(&mut out, b"sRGB", &[0]);
    png_chunk(&mut out, b"gAMA", &45455u32.to_be_bytes());
    let mut phys = Vec::new();
    phys.extend_from_slice(&3780u32.to_be_bytes());
    phys.extend_from_slice(&3780u32.to_be_bytes());
    phys.push(1);
    png_chunk(&mut out, b"pHYs", &phys);
    png_chunk(&mut out, b"IDAT", &idat);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// An 8-digit upper-case hex id (rsids, paraIds).
pub fn hex8(r: &mut Rng) -> String {
    format!("{:08X}", r.next() as u32 & 0x7FFF_FFFF)
}
