//! Emission: turns laid-out pages into printpdf operations and writes the file through lopdf
//! so the result is byte-for-byte reproducible.
//!
//! printpdf draws `/ID` and `FontId::new()` from a process-global counter, so this module uses
//! fixed font ids and replaces `/ID` with a hash of the laid-out content. Not responsible for
//! where anything goes on the page (see `layout`).

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, DictItem, FontId, Line, LinePoint, Mm, OffsetDateTime, Op, PaintMode, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use super::font::{Face, Fonts};
use super::layout::{Item, LaidOut, Node, Rgb, Role};
use super::subset;
use super::{Meta, PdfError};

/// Writes `laid` as PDF bytes.
pub(crate) fn emit(laid: &LaidOut, meta: &Meta) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::get()?;
    let (w, h) = laid.paper.size_pt();

    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.subject.clone_from(&meta.subject);
    info.creator = "qcp".to_owned();
    info.producer = PRODUCER.to_owned();
    // printpdf's default for all three is the Unix epoch; without a date of ours, `tidy_info`
    // removes them rather than claim 1970.
    if let Some(date) = meta.date.and_then(pdf_date) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }

    // Only embed a face that is drawn: each one costs ~68 KB compressed.
    let used: BTreeSet<Face> = laid
        .pages
        .iter()
        .flatten()
        .filter_map(|i| match i {
            Item::Text { face, .. } => Some(*face),
            _ => None,
        })
        .collect();
    for face in used {
        doc.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(fonts.face(face).parsed.clone()));
    }

    // Per page, the structure node of each marked-content id (MCID), in content order.
    let mut marked: Vec<Vec<usize>> = Vec::with_capacity(laid.pages.len());
    doc.pages = laid
        .pages
        .iter()
        .map(|items| {
            let mut mcids = Vec::new();
            let ops = page_ops(items, &laid.nodes, &mut mcids);
            marked.push(mcids);
            let mut page = PdfPage::new(Mm(w / MM_PT), Mm(h / MM_PT), ops);
            // Exact point sizes, not a round trip through millimetres.
            let bx = Rect::from_wh(Pt(w), Pt(h));
            page.media_box = bx.clone();
            page.trim_box = bx.clone();
            page.crop_box = bx;
            page
        })
        .collect();

    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    let id = lopdf::Object::String(
        content_id(laid, meta).to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    tidy_info(&mut lo, meta.date.is_some());
    catalog(&mut lo, meta);
    structure(&mut lo, &laid.nodes, &marked);
    subset_fonts(&mut lo, fonts, laid)?;
    deflate_streams(&mut lo)?;
    let mut out = Vec::new();
    // Object streams (PDF 1.5) pack the many small dictionaries of the structure tree into
    // deflated streams; without them tagging would double a short document's size.
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(DEFLATE_LEVEL)
        .max_objects_per_stream(500)
        .build();
    lo.save_with_options(&mut out, options)
        .map_err(|e| PdfError::Write {
            message: e.to_string(),
        })?;
    Ok(out)
}

/// Deflates every stream that is not yet filtered (page content, ToUnicode maps, /W data).
///
/// lopdf's `compress` does the same at level 9; level 6 gives nearly the same size
/// in about half the time.
fn deflate_streams(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    use std::io::Write as _;
    for object in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 4),
            flate2::Compression::new(DEFLATE_LEVEL),
        );
        let deflated = enc
            .write_all(&stream.content)
            .and_then(|()| enc.finish())
            .map_err(|e| PdfError::Write {
                message: e.to_string(),
            })?;
        if deflated.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(deflated);
        }
    }
    Ok(())
}

const DEFLATE_LEVEL: u32 = 6;

/// Replaces each embedded font program with a subset holding only the glyphs this document
/// draws (see `subset`), deflated, and gives the font its subset tag (`ABCDEF+QcpSans`, ISO
/// 32000-1 §9.6.4). A face the subsetter cannot read stays whole.
fn subset_fonts(lo: &mut lopdf::Document, fonts: &Fonts, laid: &LaidOut) -> Result<(), PdfError> {
    let mut used: BTreeMap<Face, BTreeSet<u16>> = BTreeMap::new();
    for item in laid.pages.iter().flatten() {
        if let Item::Text { face, text, .. } = item {
            let parsed = &fonts.face(*face).parsed;
            used.entry(*face).or_default().extend(
                text.chars()
                    .filter_map(|c| parsed.lookup_glyph_index(u32::from(c))),
            );
        }
    }
    let mut renamed: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    for object in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || stream.dict.get(b"Length1").is_err() {
            continue;
        }
        for (face, glyphs) in &used {
            let m = fonts.face(*face);
            if stream.content != m.parsed.original_bytes {
                continue;
            }
            let Some(small) = subset::retain_glyphs(&m.parsed.original_bytes, glyphs) else {
                break;
            };
            let length1 = i64::try_from(small.len()).unwrap_or(i64::MAX);
            stream.set_content(deflate(&small)?);
            stream.dict.set("Filter", "FlateDecode");
            stream.dict.set("Length1", length1);
            let name = face.pdf_name().as_bytes().to_vec();
            let mut tagged = subset_tag(&name, glyphs).to_vec();
            tagged.push(b'+');
            tagged.extend_from_slice(&name);
            renamed.insert(name, tagged);
            break;
        }
    }
    // The font dictionaries and descriptors name the subset.
    for object in lo.objects.values_mut() {
        let lopdf::Object::Dictionary(dict) = object else {
            continue;
        };
        for key in [&b"BaseFont"[..], b"FontName"] {
            let new = match dict.get(key) {
                Ok(lopdf::Object::Name(n)) => renamed.get(n).cloned(),
                _ => None,
            };
            if let Some(new) = new {
                dict.set(key, lopdf::Object::Name(new));
            }
        }
    }
    Ok(())
}

/// Six capital letters from a hash of the face and its glyph set: the same subset gets the same
/// tag, so output stays reproducible.
fn subset_tag(name: &[u8], glyphs: &BTreeSet<u16>) -> [u8; 6] {
    let mut h = Fnv2::new();
    h.bytes(name);
    for g in glyphs {
        h.bytes(&g.to_be_bytes());
    }
    let mut v = h.finish()[0..8]
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let mut tag = [b'A'; 6];
    for slot in &mut tag {
        // `v % 26` is below 26, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let letter = (v % 26) as u8;
        *slot = b'A' + letter;
        v /= 26;
    }
    tag
}

/// zlib at [`DEFLATE_LEVEL`].
fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    use std::io::Write as _;
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    enc.write_all(data)
        .and_then(|()| enc.finish())
        .map_err(|e| PdfError::Write {
            message: e.to_string(),
        })
}

/// `Producer`: the program that wrote the PDF.
const PRODUCER: &str = concat!("qcp ", env!("CARGO_PKG_VERSION"));

/// Document-level accessibility and metadata in the catalog: `/Lang`, the title shown in the
/// window bar instead of the file name, and an XMP metadata stream mirroring the Info
/// dictionary (PDF 1.4, so the header says 1.7).
fn catalog(lo: &mut lopdf::Document, meta: &Meta) {
    use lopdf::{Dictionary, Object, Stream, StringFormat};
    lo.version = "1.7".to_owned();
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    let mut xmp = Stream::new(md, xmp(meta).into_bytes());
    // Left uncompressed so that tools which do not parse PDF can still find it (XMP §1.1).
    xmp.allows_compression = false;
    let xmp_id = lo.add_object(xmp);
    let Ok(root) = lo.trailer.get(b"Root").and_then(Object::as_reference) else {
        return;
    };
    let Ok(cat) = lo.get_object_mut(root).and_then(Object::as_dict_mut) else {
        return;
    };
    cat.set(
        "Lang",
        Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    cat.set("Metadata", Object::Reference(xmp_id));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    cat.set("ViewerPreferences", Object::Dictionary(prefs));
}

/// The XMP packet: Dublin Core title, description and language, the producer, and the dates
/// only when the document has one.
fn xmp(meta: &Meta) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let dates = meta.date.map_or(String::new(), |d| {
        format!(
            "\n   <xmp:CreateDate>{d}T00:00:00Z</xmp:CreateDate>\n   <xmp:ModifyDate>{d}T00:00:00Z</xmp:ModifyDate>"
        )
    });
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreatorTool>qcp</xmp:CreatorTool>{dates}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
        title = esc(&meta.title),
        subject = esc(&meta.subject),
        lang = esc(&meta.lang),
    )
}

/// Drops Info entries printpdf always writes but that would be untrue or empty here: above
/// all `/GTS_PDFXVersion`, which makes readers report the file as PDF/X.
fn tidy_info(lo: &mut lopdf::Document, dated: bool) {
    let Ok(info_id) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
    else {
        return;
    };
    let Ok(info) = lo
        .get_object_mut(info_id)
        .and_then(lopdf::Object::as_dict_mut)
    else {
        return;
    };
    info.remove(b"GTS_PDFXVersion");
    info.remove(b"Trapped");
    if !dated {
        info.remove(b"CreationDate");
        info.remove(b"ModDate");
    }
    for key in [&b"Identifier"[..], b"Keywords", b"Author", b"Subject"] {
        let empty = match info.get(key) {
            // An empty text string, or just the UTF-16 byte order mark.
            Ok(lopdf::Object::String(s, _)) => s.is_empty() || s.as_slice() == [0xFE, 0xFF],
            _ => false,
        };
        if empty {
            info.remove(key);
        }
    }
}

/// The PDF structure type of a role (ISO 32000-1 §14.8.4).
const fn structure_type(role: Role) -> &'static str {
    match role {
        Role::Heading(1) => "H1",
        Role::Heading(2) => "H2",
        Role::Heading(3) => "H3",
        Role::Heading(_) => "H4",
        Role::Paragraph => "P",
        Role::Table => "Table",
        Role::Row => "TR",
        Role::HeaderCell { .. } => "TH",
        Role::Cell => "TD",
    }
}

/// The structure tree (tagged PDF, ISO 32000-1 §14.7–14.8): a `Document` element holding one
/// element per layout node in reading order, each leaf pointing at its marked content on its
/// pages; the parent tree maps every page's MCIDs back to their elements. Marks the catalog
/// `/MarkInfo /Marked true` and each page `/Tabs /S`.
fn structure(lo: &mut lopdf::Document, nodes: &[Node], marked: &[Vec<usize>]) {
    use lopdf::{Dictionary, Object, ObjectId};
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let name = |s: &str| Object::Name(s.as_bytes().to_vec());
    let root_id = lo.new_object_id();
    let doc_id = lo.new_object_id();
    let ids: Vec<ObjectId> = nodes.iter().map(|_| lo.new_object_id()).collect();

    // Children of each node, and of the document, in reading order.
    let mut kids: Vec<Vec<Object>> = vec![Vec::new(); nodes.len()];
    let mut top = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        match n.parent.and_then(|p| kids.get_mut(p)) {
            Some(k) => k.push(Object::Reference(ids[i])),
            None => top.push(Object::Reference(ids[i])),
        }
    }
    // Marked-content references of each leaf, page by page.
    let mut parent_nums = Vec::new();
    for (p, (page_id, mcids)) in pages.iter().zip(marked).enumerate() {
        let mut parents = Vec::with_capacity(mcids.len());
        for (mcid, &n) in mcids.iter().enumerate() {
            let mut mcr = Dictionary::new();
            mcr.set("Type", name("MCR"));
            mcr.set("Pg", Object::Reference(*page_id));
            mcr.set("MCID", i64::try_from(mcid).unwrap_or(i64::MAX));
            if let Some(k) = kids.get_mut(n) {
                k.push(Object::Dictionary(mcr));
            }
            parents.push(Object::Reference(ids[n]));
        }
        parent_nums.push(Object::Integer(i64::try_from(p).unwrap_or(i64::MAX)));
        parent_nums.push(Object::Array(parents));
        if let Ok(page) = lo.get_object_mut(*page_id).and_then(Object::as_dict_mut) {
            page.set("StructParents", i64::try_from(p).unwrap_or(i64::MAX));
            page.set("Tabs", name("S"));
        }
    }
    for ((n, id), k) in nodes.iter().zip(&ids).zip(kids) {
        let mut e = Dictionary::new();
        e.set("Type", name("StructElem"));
        e.set("S", name(structure_type(n.role)));
        e.set(
            "P",
            Object::Reference(n.parent.and_then(|p| ids.get(p).copied()).unwrap_or(doc_id)),
        );
        e.set("K", Object::Array(k));
        if let Role::HeaderCell { row } = n.role {
            let mut a = Dictionary::new();
            a.set("O", name("Table"));
            a.set("Scope", name(if row { "Row" } else { "Column" }));
            e.set("A", Object::Dictionary(a));
        }
        lo.objects.insert(*id, Object::Dictionary(e));
    }
    let mut d = Dictionary::new();
    d.set("Type", name("StructElem"));
    d.set("S", name("Document"));
    d.set("P", Object::Reference(root_id));
    d.set("K", Object::Array(top));
    lo.objects.insert(doc_id, Object::Dictionary(d));

    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(parent_nums));
    let tree_id = lo.add_object(tree);
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(doc_id));
    root.set("ParentTree", Object::Reference(tree_id));
    root.set(
        "ParentTreeNextKey",
        i64::try_from(pages.len()).unwrap_or(i64::MAX),
    );
    lo.objects.insert(root_id, Object::Dictionary(root));

    let Ok(cat_id) = lo.trailer.get(b"Root").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(cat) = lo.get_object_mut(cat_id).and_then(Object::as_dict_mut) {
        cat.set("StructTreeRoot", Object::Reference(root_id));
        let mut mark = Dictionary::new();
        mark.set("Marked", Object::Boolean(true));
        cat.set("MarkInfo", Object::Dictionary(mark));
    }
}

/// Points per millimetre.
const MM_PT: f32 = 72.0 / 25.4;

fn font_id(face: Face) -> FontId {
    FontId(face.pdf_name().to_owned())
}

/// Midnight UTC of `date`, built field by field (no clock, no time-zone database).
fn pdf_date(date: jiff::civil::Date) -> Option<OffsetDateTime> {
    Some(printpdf::DateTime {
        date: printpdf::Date {
            year: i32::from(date.year()),
            month: u8::try_from(date.month()).ok()?,
            day: u8::try_from(date.day()).ok()?,
        },
        time: printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    })
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(c.0, c.1, c.2, None))
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

/// Page content: shapes first (so fills never cover text), then all text in one text object,
/// switching font and colour only when they change.
///
/// Every text run is marked content: with an MCID under its structure node's tag, or as an
/// `/Artifact` (running header, footer, repeated table header); all shapes are one artifact.
/// `mcids` receives the node of each MCID in order.
fn page_ops(items: &[Item], nodes: &[Node], mcids: &mut Vec<usize>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 5 + 2);
    let artifact = || Op::BeginMarkedContent {
        tag: "Artifact".to_owned(),
    };
    let shapes = items.iter().any(|i| !matches!(i, Item::Text { .. }));
    if shapes {
        ops.push(artifact());
    }
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<(Rgb, f32)> = None;
    for item in items {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                if fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    fill = Some(*c);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(*y),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                if stroke != Some((*c, *width)) {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some((*c, *width));
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, *y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, *y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Text { .. } => {}
        }
    }
    if shapes {
        ops.push(Op::EndMarkedContent);
    }
    let mut font: Option<(Face, f32)> = None;
    let mut started = false;
    for item in items {
        let Item::Text {
            x,
            y,
            face,
            size,
            color: c,
            text,
            node,
        } = item
        else {
            continue;
        };
        if !started {
            ops.push(Op::StartTextSection);
            started = true;
        }
        if font != Some((*face, *size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(*face)),
                size: Pt(*size),
            });
            font = Some((*face, *size));
        }
        if fill != Some(*c) {
            ops.push(Op::SetFillColor { col: color(*c) });
            fill = Some(*c);
        }
        match node.and_then(|n| nodes.get(n).map(|nd| (n, nd))) {
            Some((n, nd)) => {
                let mcid = i64::try_from(mcids.len()).unwrap_or(i64::MAX);
                mcids.push(n);
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: structure_type(nd.role).to_owned(),
                    properties: DictItem::Dict {
                        map: BTreeMap::from([("MCID".to_owned(), DictItem::Int(mcid))]),
                    },
                });
            }
            None => ops.push(artifact()),
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(*x), Pt(*y)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.clone())],
        });
        ops.push(Op::EndMarkedContent);
    }
    if started {
        ops.push(Op::EndTextSection);
    }
    ops
}

/// A 16-byte document id: two FNV-1a 64 hashes (different offset bases) of the metadata and
/// every laid-out item, so equal input gives an equal `/ID` and different content a different one.
fn content_id(laid: &LaidOut, meta: &Meta) -> [u8; 16] {
    let mut h = Fnv2::new();
    h.str(&meta.title);
    h.str(&meta.subject);
    h.str(&meta.footer_left);
    h.str(&meta.date.map(|d| d.to_string()).unwrap_or_default());
    let (w, hh) = laid.paper.size_pt();
    h.f(w);
    h.f(hh);
    for page in &laid.pages {
        h.bytes(b"\x0cpage");
        for item in page {
            match item {
                Item::Text {
                    x,
                    y,
                    face,
                    size,
                    color: c,
                    text,
                    ..
                } => {
                    h.bytes(b"T");
                    h.f(*x);
                    h.f(*y);
                    h.str(face.pdf_name());
                    h.f(*size);
                    h.rgb(*c);
                    h.str(text);
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h: hgt,
                    color: c,
                } => {
                    h.bytes(b"R");
                    for v in [*x, *y, *w, *hgt] {
                        h.f(v);
                    }
                    h.rgb(*c);
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color: c,
                } => {
                    h.bytes(b"L");
                    for v in [*x1, *y1, *x2, *y2, *width] {
                        h.f(v);
                    }
                    h.rgb(*c);
                }
            }
        }
    }
    h.finish()
}

struct Fnv2(u64, u64);

impl Fnv2 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        // The standard FNV-1a offset basis, and the same with its halves swapped.
        Self(0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4)
    }

    fn bytes(&mut self, b: &[u8]) {
        for &byte in b {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(Self::PRIME);
            self.1 = (self.1 ^ u64::from(byte)).wrapping_mul(Self::PRIME);
        }
    }

    fn str(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }

    fn f(&mut self, v: f32) {
        self.bytes(&v.to_bits().to_le_bytes());
    }

    fn rgb(&mut self, c: Rgb) {
        self.f(c.0);
        self.f(c.1);
        self.f(c.2);
    }

    fn finish(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.0.to_be_bytes());
        out[8..].copy_from_slice(&self.1.to_be_bytes());
        out
    }
}
