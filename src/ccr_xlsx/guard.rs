//! Workbook budgets, checked on the raw container *before* calamine sees it.
//!
//! calamine sizes its allocations from numbers written in the file: the bounding box of the
//! cell references (`XFD1048576` next to `A1` asks for 17 billion cells), `uniqueCount` in
//! `sharedStrings.xml`, an .xls DIMENSIONS record, ODS `number-rows-repeated`. A request of
//! hundreds of gigabytes aborts the process, which `catch_unwind` cannot stop. This module
//! reads the same numbers first, with its own bounded parsers, and refuses a workbook that
//! would exceed [`Limits`]; what passes is small enough for calamine to allocate.
//!
//! Responsible for: inflated bytes per workbook, ZIP entry count, rows, columns and cells of
//! the occupied area of every sheet, shared-string counts and indexes. Not responsible for
//! reading values (calamine does) or for the CCR layout (`import`).

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// The budgets of one workbook. Documented in docs/DESIGN.md ("Budgets").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Bytes inflated from all ZIP entries together.
    pub inflated: u64,
    /// ZIP entries.
    pub entries: usize,
    /// Rows of a sheet's occupied area (first to last row holding a value).
    pub rows: u64,
    /// Columns of a sheet's occupied area.
    pub cols: u64,
    /// Cells of a sheet's occupied area (rows × columns), and shared strings.
    pub cells: u64,
}

/// The default budgets: a 5,000-row CCR workbook uses a few percent of each.
pub(crate) const LIMITS: Limits = Limits {
    inflated: 64 * 1024 * 1024,
    entries: 10_000,
    rows: 100_000,
    cols: 1_024,
    cells: 2_000_000,
};

/// Why a workbook was refused.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// A budget is exceeded: a sentence naming it.
    Budget(String),
    /// The container is damaged in a way calamine would misread (a negative shared-string
    /// index imported as string 0): a sentence naming the place.
    Damaged(String),
}

impl Refusal {
    #[cfg(test)]
    fn text(&self) -> &str {
        match self {
            Refusal::Budget(s) | Refusal::Damaged(s) => s,
        }
    }
}

/// The occupied area of one sheet, tracked cell by cell.
#[derive(Default)]
struct Area {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Area {
    fn add(&mut self, row: u64, col: u64) {
        let grow = |r: &mut Option<(u64, u64)>, v: u64| {
            *r = Some(match *r {
                None => (v, v),
                Some((a, b)) => (a.min(v), b.max(v)),
            });
        };
        grow(&mut self.rows, row);
        grow(&mut self.cols, col);
    }

    /// Adds a rectangle given by inclusive corners.
    fn add_span(&mut self, r0: u64, c0: u64, r1: u64, c1: u64) {
        self.add(r0, c0);
        self.add(r1, c1);
    }

    fn check(&self, sheet: &str, limits: &Limits) -> Result<(), Refusal> {
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else {
            return Ok(());
        };
        let rows = r1 - r0 + 1;
        let cols = c1 - c0 + 1;
        if rows > limits.rows {
            return Err(Refusal::Budget(format!(
                "sheet {sheet} spans {rows} rows; qcp reads at most {} rows per sheet",
                limits.rows
            )));
        }
        if cols > limits.cols {
            return Err(Refusal::Budget(format!(
                "sheet {sheet} spans {cols} columns; qcp reads at most {} columns per sheet",
                limits.cols
            )));
        }
        if rows.saturating_mul(cols) > limits.cells {
            return Err(Refusal::Budget(format!(
                "sheet {sheet} spans {rows} × {cols} cells; qcp reads at most {} cells per sheet",
                limits.cells
            )));
        }
        Ok(())
    }
}

/// Checks a ZIP workbook (xlsx, xlsm, xlsb, ods): entry count, inflated bytes, then each
/// sheet's area and the shared strings.
pub(crate) fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    // A container the zip crate cannot open is left to calamine, which reports it as damaged.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > limits.entries {
        return Err(Refusal::Budget(format!(
            "the workbook holds {} parts; qcp reads at most {}",
            zip.len(),
            limits.entries
        )));
    }
    // An encrypted ODS: calamine says so from the manifest and never reads content.xml (which
    // is then not XML at all).
    let encrypted = ods_encrypted(&mut zip, limits);
    let mut budget = limits.inflated;
    let mut strings = SharedStrings::default();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else { continue };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut data = Vec::new();
        // Read through take(): the sizes in the ZIP headers are not trusted.
        if entry
            .take(budget.saturating_add(1))
            .read_to_end(&mut data)
            .is_err()
        {
            // A damaged entry: calamine will say so when (and if) it needs the part.
            continue;
        }
        let used = data.len() as u64;
        if used > budget {
            return Err(Refusal::Budget(format!(
                "the workbook inflates to more than {} bytes, the most qcp reads",
                limits.inflated
            )));
        }
        budget -= used;
        let lower = name.to_ascii_lowercase();
        // Every XML part calamine may read (an encrypted ODS's parts are not XML; calamine
        // reads only its manifest).
        let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        if xml && (!encrypted || lower == "meta-inf/manifest.xml") {
            well_formed(&name, &data)?;
        }
        if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
            xlsx_sheet(&name, &data, limits, &mut strings)?;
        } else if lower == "xl/sharedstrings.xml" {
            xlsx_shared_strings(&data, limits, &mut strings)?;
        } else if lower.starts_with("xl/worksheets/") && lower.ends_with(".bin") {
            xlsb_sheet(&name, &data, limits)?;
        } else if lower == "content.xml" && !encrypted {
            ods_content(&data, limits)?;
        }
    }
    strings.check()
}

#[derive(Default)]
struct SharedStrings {
    /// `<si>` items actually present, once sharedStrings.xml has been read.
    present: Option<u64>,
    /// The largest index a `t="s"` cell uses, with its cell.
    max_index: Option<(u64, String)>,
}

impl SharedStrings {
    fn check(&self) -> Result<(), Refusal> {
        if let Some((i, cell)) = &self.max_index {
            let n = self.present.unwrap_or(0);
            if *i >= n {
                return Err(Refusal::Damaged(format!(
                    "cell {cell} refers to shared string {i}, but the workbook has {n}"
                )));
            }
        }
        Ok(())
    }
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<Vec<u8>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref().as_bytes() == key)
        .map(|a| a.value.into_owned().into_bytes())
}

fn number(v: &[u8]) -> Option<u64> {
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

/// `B12` → (row 11, col 1); `None` for anything else.
fn a1(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u64 = 0;
    for b in &r[..letters] {
        col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row = number(r.get(letters..)?)?;
    Some((row.checked_sub(1)?, col - 1))
}

/// An xlsx worksheet: the area of the cells holding a value (`<v>` or `<is>`) and every
/// shared-string index.
fn xlsx_sheet(
    part: &str,
    xml: &[u8],
    limits: &Limits,
    strings: &mut SharedStrings,
) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut area = Area::default();
    // Position of the current cell (from `r`, else the next column of the current row).
    let (mut row, mut col): (u64, u64) = (0, 0);
    let mut next_row: u64 = 0;
    let mut in_cell = false;
    let mut shared = false;
    let mut in_value = false;
    loop {
        let ev = match reader.read_event() {
            // Damaged (or encrypted) XML: calamine stops at the same place with an error;
            // what was read so far is still checked.
            Err(_) => break,
            Ok(Event::Eof) => break,
            Ok(ev) => ev,
        };
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "row" => {
                    row = attr(&e, b"r")
                        .and_then(|v| number(&v))
                        .and_then(|r| r.checked_sub(1))
                        .unwrap_or(next_row);
                    next_row = row.saturating_add(1);
                    col = 0;
                }
                "c" => {
                    if let Some((r, c)) = attr(&e, b"r").and_then(|v| a1(&v)) {
                        row = r;
                        col = c;
                    }
                    if empty {
                        col = col.saturating_add(1);
                    } else {
                        shared = attr(&e, b"t").is_some_and(|t| t == b"s");
                        in_cell = true;
                    }
                }
                "v" | "is" if in_cell => {
                    area.add(row, col);
                    in_value = e.local_name().as_ref() == "v";
                }
                _ => {}
            },
            Event::Text(t) if in_value && shared => {
                let cell = format!("{}{}", super::cell::column_letters(col as u32), row + 1);
                let raw = t.xml10_content();
                let Some(i) = number(raw.as_bytes()) else {
                    return Err(Refusal::Damaged(format!(
                        "cell {cell} in {part} refers to a shared string by an invalid index"
                    )));
                };
                if strings.max_index.as_ref().is_none_or(|(m, _)| i > *m) {
                    strings.max_index = Some((i, cell));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "c" => {
                    in_cell = false;
                    shared = false;
                    col = col.saturating_add(1);
                }
                "v" => in_value = false,
                _ => {}
            },
            _ => {}
        }
    }
    // The `dimension` reference is not held against the budget: calamine reserves from it
    // only below 100,000 cells, and some writers declare more than they fill.
    area.check(part, limits)
}

/// sharedStrings.xml: the declared counts (calamine reserves `uniqueCount` entries) and the
/// number of `<si>` items present.
fn xlsx_shared_strings(
    xml: &[u8],
    limits: &Limits,
    strings: &mut SharedStrings,
) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut present: u64 = 0;
    loop {
        match reader.read_event() {
            Err(_) => break,
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sst" => {
                    for key in [&b"count"[..], b"uniqueCount"] {
                        if let Some(v) = attr(&e, key) {
                            let n = number(&v).unwrap_or(u64::MAX);
                            if n > limits.cells {
                                return Err(Refusal::Budget(format!(
                                    "the shared-string table declares {} strings; qcp reads at most {}",
                                    String::from_utf8_lossy(&v),
                                    limits.cells
                                )));
                            }
                        }
                    }
                }
                "si" => present += 1,
                _ => {}
            },
            Ok(_) => {}
        }
    }
    if present > limits.cells {
        return Err(Refusal::Budget(format!(
            "the shared-string table holds {present} strings; qcp reads at most {}",
            limits.cells
        )));
    }
    strings.present = Some(present);
    Ok(())
}

/// An ODS content.xml: rows and columns with their repeat counts; only cells holding a value
/// count towards a sheet's area (LibreOffice writes a million repeated *empty* rows).
/// Whether an ODS manifest marks a part encrypted the way calamine detects it: a
/// `manifest:encryption-data` element after a `manifest:file-entry`.
fn ods_encrypted(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> bool {
    let Ok(entry) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut data = Vec::new();
    if entry.take(limits.inflated).read_to_end(&mut data).is_err() {
        return false;
    }
    let mut reader = quick_xml::Reader::from_reader(data.as_slice());
    reader.config_mut().check_end_names = false;
    let mut in_entry = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.name().as_ref() {
                "manifest:file-entry" => in_entry = true,
                "manifest:encryption-data" if in_entry => return true,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Deepest element nesting accepted in a workbook's XML part (spreadsheet programs write about
/// ten).
const XML_MAX_DEPTH: usize = 256;

/// Most spaces one cell's `<text:s text:c="N"/>` runs may add (Excel's cell limit); calamine
/// pushes each space one by one, so a run of four billion would exhaust memory.
const ODS_MAX_CELL_SPACES: u64 = 32_767;

/// Refuses a part that is not well-formed XML: an end tag that does not close the open
/// element, an element left open at the end, nesting deeper than [`XML_MAX_DEPTH`]. calamine
/// reads parts without checking end tags, and some of its loops wait for an end tag without
/// stopping at the end of the file (an ODS table: found by the mutation test); with every
/// element closed by its own name, each such loop meets its end tag.
fn well_formed(part: &str, xml: &[u8]) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let damaged =
        |what: String| Refusal::Damaged(format!("its part {part} is not well-formed XML ({what})"));
    let mut depth = 0usize;
    let mut open = String::new(); // the innermost open element, for the message
    loop {
        match reader.read_event() {
            Err(e) => {
                return Err(damaged(format!("{e} at byte {}", reader.error_position())));
            }
            Ok(Event::Eof) if depth > 0 => {
                return Err(damaged(format!("it ends inside `<{open}>`")));
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > XML_MAX_DEPTH {
                    return Err(damaged(format!(
                        "elements nested deeper than {XML_MAX_DEPTH} levels"
                    )));
                }
                open = e.name().as_ref().to_owned();
            }
            // (An end tag that does not close the open element is a reader error above.)
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
}

fn ods_content(xml: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut cell_spaces: u64 = 0;
    let mut all_spaces: u64 = 0;
    let mut sheet = String::new();
    let mut area = Area::default();
    let mut row: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut col: u64 = 0;
    // The current cell (between its Start and End) and whether it holds anything.
    let mut cell: Option<(u64, u64)> = None; // (first column, repeat)
    let mut cell_has_value = false;
    let mut row_cells: Vec<(u64, u64)> = Vec::new(); // value-holding column spans of the row
    let repeat = |e: &BytesStart<'_>, key: &[u8]| -> u64 {
        attr(e, key).and_then(|v| number(&v)).unwrap_or(1).max(1)
    };
    loop {
        let ev = match reader.read_event() {
            // (Well-formedness was checked before; what remains is counted as far as it goes.)
            Err(_) | Ok(Event::Eof) => break,
            Ok(ev) => ev,
        };
        if let Event::Start(e) | Event::Empty(e) = &ev
            && e.local_name().as_ref() == "s"
            && e.name().as_ref().starts_with("text:")
        {
            let n = attr(e, b"text:c").and_then(|v| number(&v)).unwrap_or(1);
            cell_spaces = cell_spaces.saturating_add(n);
            all_spaces = all_spaces.saturating_add(n);
            if cell_spaces > ODS_MAX_CELL_SPACES || all_spaces > limits.inflated {
                return Err(Refusal::Budget(format!(
                    "a cell holds runs of {cell_spaces} spaces (qcp reads at most {ODS_MAX_CELL_SPACES} characters per cell and {} in all)",
                    limits.inflated
                )));
            }
        }
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                match e.local_name().as_ref() {
                    "table" => {
                        area.check(&sheet, limits)?;
                        area = Area::default();
                        sheet = attr(&e, b"table:name")
                            .map(|v| String::from_utf8_lossy(&v).into_owned())
                            .unwrap_or_default();
                        row = 0;
                    }
                    "table-row" => {
                        row_repeat = repeat(&e, b"table:number-rows-repeated");
                        col = 0;
                        row_cells.clear();
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let n = repeat(&e, b"table:number-columns-repeated");
                        let valued = attr(&e, b"office:value-type").is_some();
                        if empty {
                            if valued {
                                row_cells.push((col, n));
                            }
                            col = col.saturating_add(n);
                        } else {
                            cell = Some((col, n));
                            cell_has_value = valued;
                        }
                    }
                    // Any element inside a cell (text:p, annotations) may make it non-empty.
                    _ if cell.is_some() => cell_has_value = true,
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) if cell.is_some() => cell_has_value = true,
            Event::End(e) => match e.local_name().as_ref() {
                "table-cell" | "covered-table-cell" => {
                    cell_spaces = 0;
                    if let Some((c, n)) = cell.take() {
                        if cell_has_value {
                            row_cells.push((c, n));
                        }
                        col = c.saturating_add(n);
                    }
                    cell_has_value = false;
                }
                "table-row" => {
                    for &(c, n) in &row_cells {
                        area.add_span(
                            row,
                            c,
                            row.saturating_add(row_repeat - 1),
                            c.saturating_add(n - 1),
                        );
                        // A huge span is refused as soon as it is seen, before the next row.
                        area.check(&sheet, limits)?;
                    }
                    row = row.saturating_add(row_repeat);
                }
                "table" => {
                    area.check(&sheet, limits)?;
                    area = Area::default();
                }
                _ => {}
            },
            _ => {}
        }
    }
    area.check(&sheet, limits)
}

/// Reads an xlsb record header: (type, length) as BIFF12 variable-length integers.
fn xlsb_header(data: &[u8], pos: &mut usize) -> Option<(u32, usize)> {
    let mut read_var = |max_bytes: usize| -> Option<u32> {
        let mut v: u32 = 0;
        for i in 0..max_bytes {
            let b = *data.get(*pos)?;
            *pos += 1;
            v |= u32::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Some(v)
    };
    let typ = read_var(2)?;
    let len = read_var(4)?;
    Some((typ, len as usize))
}

fn le32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn le16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

/// An xlsb worksheet: BrtRowHdr (type 0) sets the row, cell records (types 1–13) give the
/// column.
fn xlsb_sheet(part: &str, data: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut area = Area::default();
    let mut pos = 0usize;
    let mut row: u64 = 0;
    while let Some((typ, len)) = xlsb_header(data, &mut pos) {
        let Some(rec) = data.get(pos..pos.saturating_add(len)) else {
            break;
        };
        pos += len;
        match typ {
            0 => row = le32(rec, 0).map_or(row, u64::from),
            1..=13 => {
                if let Some(c) = le32(rec, 0) {
                    area.add(row, u64::from(c));
                }
            }
            _ => {}
        }
    }
    // BrtWsDim is not held against the budget: calamine caps what it reserves from it.
    area.check(part, limits)
}

// ---------------------------------------------------------------------------------------
// .xls: the Workbook stream of an OLE2 compound file, then its BIFF records.

const FREE_OR_END: u32 = 0xFFFF_FFFA; // ids at or above this are markers, not sectors

/// Checks an .xls workbook: the DIMENSIONS record and every cell record of every sheet.
pub(crate) fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    // A compound file this reader cannot follow is left to calamine (an error, not a crash:
    // calamine bounds its own sector reads by the file length).
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    // Sheets start at the offsets the BOUNDSHEET records give; calamine jumps there, so do we.
    let mut starts = vec![0usize];
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (le16(&stream, pos), le16(&stream, pos + 2)) {
        let data = stream
            .get(pos + 4..pos + 4 + usize::from(len))
            .unwrap_or(&[]);
        // FILEPASS: record data after it is encrypted; calamine reports the password first.
        if typ == 0x002F {
            return Ok(());
        }
        if typ == 0x0085
            && let Some(off) = le32(data, 0)
        {
            starts.push(off as usize);
        }
        if typ == 0x000A && pos > 0 {
            break; // end of the globals substream
        }
        pos += 4 + usize::from(len);
    }
    for (n, &start) in starts.iter().enumerate().skip(1) {
        xls_sheet(&stream, start, n, limits)?;
    }
    Ok(())
}

fn xls_sheet(stream: &[u8], start: usize, n: usize, limits: &Limits) -> Result<(), Refusal> {
    let name = format!("number {n}");
    let mut area = Area::default();
    let mut pos = start;
    let mut first = true;
    while let (Some(typ), Some(len)) = (le16(stream, pos), le16(stream, pos + 2)) {
        let Some(d) = stream.get(pos + 4..pos + 4 + usize::from(len)) else {
            break;
        };
        pos += 4 + usize::from(len);
        let rc = || Some((u64::from(le16(d, 0)?), u64::from(le16(d, 2)?)));
        match typ {
            0x0809 if !first => {} // nested substreams: still counted, conservatively
            0x0200 => {
                let (r0, r1, c0, c1) = match d.len() {
                    10 => (
                        le16(d, 0).map(u64::from),
                        le16(d, 2).map(u64::from),
                        le16(d, 4).map(u64::from),
                        le16(d, 6).map(u64::from),
                    ),
                    _ => (
                        le32(d, 0).map(u64::from),
                        le32(d, 4).map(u64::from),
                        le16(d, 8).map(u64::from),
                        le16(d, 10).map(u64::from),
                    ),
                };
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (r0, r1, c0, c1) {
                    // Last row and column are stored +1; an empty sheet has r1 == r0.
                    let mut dims = Area::default();
                    dims.add_span(r0, c0, r1.max(r0 + 1) - 1, c1.max(c0 + 1) - 1);
                    dims.check(&name, limits)?;
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula, Blank.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
                if let Some((r, c)) = rc() {
                    area.add(r, c);
                }
            }
            // MulRk, MulBlank: row, first column, …, last column (the last two bytes).
            0x00BD | 0x00BE => {
                if let Some((r, c)) = rc() {
                    let last = d.len().checked_sub(2).and_then(|i| le16(d, i));
                    area.add_span(r, c, r, last.map_or(c, u64::from));
                }
            }
            0x000A => break,
            _ => {}
        }
        first = false;
        // Checking as we go bounds the work on a sheet of millions of records too.
        if pos % 4096 < 64 {
            area.check(&name, limits)?;
        }
    }
    area.check(&name, limits)
}

/// The `Workbook` (or BIFF5 `Book`) stream of an OLE2 compound file, or `None` when the
/// container cannot be followed.
fn workbook_stream(b: &[u8]) -> Option<Vec<u8>> {
    let shift = le16(b, 0x1E)?;
    if !(9..=12).contains(&shift) {
        return None;
    }
    let ss = 1usize << shift;
    let mini_shift = le16(b, 0x20)?;
    if mini_shift > 10 {
        return None;
    }
    let mss = 1usize << mini_shift;
    let sectors = b.len() / ss; // sector n starts at (n + 1) * ss
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(ss)?;
        b.get(start..start.checked_add(ss)?)
    };
    // The FAT: sector ids from the header's DIFAT, then the DIFAT chain.
    let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| le32(b, 0x4C + 4 * i)).collect();
    let mut difat = le32(b, 0x44)?;
    let mut hops = 0;
    while difat < FREE_OR_END && hops <= sectors {
        let s = sector(difat)?;
        let n = ss / 4 - 1;
        fat_ids.extend((0..n).filter_map(|i| le32(s, 4 * i)));
        difat = le32(s, 4 * n)?;
        hops += 1;
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_ids
        .into_iter()
        .filter(|id| *id < FREE_OR_END)
        .take(sectors)
    {
        let s = sector(id)?;
        fat.extend((0..ss / 4).filter_map(|i| le32(s, 4 * i)));
    }
    let chain = |start: u32, table: &[u32], limit: usize| -> Vec<u32> {
        let mut out = Vec::new();
        let mut id = start;
        while id < FREE_OR_END && out.len() < limit {
            out.push(id);
            id = table.get(id as usize).copied().unwrap_or(u32::MAX);
        }
        out
    };
    let read = |ids: &[u32], len: usize| -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(len.min(b.len()));
        for &id in ids {
            out.extend_from_slice(sector(id)?);
            if out.len() >= len {
                break;
            }
        }
        out.truncate(len);
        Some(out)
    };
    let dir = read(&chain(le32(b, 0x30)?, &fat, sectors), b.len())?;
    let entry = |name: &str| {
        dir.chunks_exact(128).find(|e| {
            let n = usize::from(le16(e, 64).unwrap_or(0)).min(64);
            let units: Vec<u16> = e[..n]
                .chunks_exact(2)
                .filter_map(|c| le16(c, 0))
                .take_while(|u| *u != 0)
                .collect();
            String::from_utf16_lossy(&units).eq_ignore_ascii_case(name) && e[66] == 2
        })
    };
    let e = entry("Workbook").or_else(|| entry("Book"))?;
    let start = le32(e, 116)?;
    let len = (le32(e, 120)? as usize).min(b.len());
    let cutoff = le32(b, 0x38).unwrap_or(4096) as usize;
    if len >= cutoff {
        return read(&chain(start, &fat, sectors), len);
    }
    // A small stream lives in the mini stream (the root entry's data), in 64-byte sectors.
    let root = dir.get(..128)?;
    let mini_stream = read(
        &chain(le32(root, 116)?, &fat, sectors),
        (le32(root, 120)? as usize).min(b.len()),
    )?;
    let minifat_bytes = read(&chain(le32(b, 0x3C)?, &fat, sectors), b.len())?;
    let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
        .filter_map(|i| le32(&minifat_bytes, 4 * i))
        .collect();
    let mut out = Vec::with_capacity(len);
    for id in chain(start, &minifat, mini_stream.len() / mss + 1) {
        let at = (id as usize).checked_mul(mss)?;
        out.extend_from_slice(mini_stream.get(at..at.checked_add(mss)?)?);
        if out.len() >= len {
            break;
        }
    }
    out.truncate(len);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(b"A1"), Some((0, 0)));
        assert_eq!(a1(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(a1(b"A0"), None);
        assert_eq!(a1(b"1"), None);
    }

    #[test]
    fn areas_are_checked_against_each_budget() {
        let mut a = Area::default();
        a.add(0, 0);
        a.add(4_999, 12);
        assert!(a.check("s", &LIMITS).is_ok(), "a 5,000-row sheet passes");
        a.add(1_048_575, 16_383);
        let e = a
            .check("s", &LIMITS)
            .err()
            .map(|r| r.text().to_owned())
            .unwrap_or_default();
        assert!(e.contains("1048576 rows"), "{e}");
    }

    #[test]
    fn xlsx_sheet_area_and_shared_indexes() {
        let ok = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row></sheetData></worksheet>"#;
        let mut s = SharedStrings::default();
        assert!(xlsx_sheet("s", ok, &LIMITS, &mut s).is_ok());
        s.present = Some(1);
        assert!(s.check().is_ok());
        s.present = Some(0);
        assert!(s.check().is_err(), "index 0 of an empty table");

        let far = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#;
        let e = xlsx_sheet("s", far, &LIMITS, &mut SharedStrings::default());
        assert!(e.is_err());
        // A styled empty cell far away holds no value: calamine skips it, so do we.
        let styled = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/></row></sheetData></worksheet>"#;
        assert!(xlsx_sheet("s", styled, &LIMITS, &mut SharedStrings::default()).is_ok());

        // A declared dimension larger than the cells is not refused (calamine caps it).
        let declared = br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;
        assert!(xlsx_sheet("s", declared, &LIMITS, &mut SharedStrings::default()).is_ok());

        let neg =
            br#"<worksheet><sheetData><row><c t="s"><v>-1</v></c></row></sheetData></worksheet>"#;
        let e = xlsx_sheet("s", neg, &LIMITS, &mut SharedStrings::default())
            .err()
            .map(|r| r.text().to_owned())
            .unwrap_or_default();
        assert!(e.contains("invalid index"), "{e}");
    }

    #[test]
    fn shared_string_counts_are_bounded() {
        let big = br#"<sst count="4294967295" uniqueCount="4294967295"><si><t>a</t></si></sst>"#;
        assert!(xlsx_shared_strings(big, &LIMITS, &mut SharedStrings::default()).is_err());
        let ok = br#"<sst count="1" uniqueCount="1"><si><t>a</t></si></sst>"#;
        let mut s = SharedStrings::default();
        assert!(xlsx_shared_strings(ok, &LIMITS, &mut s).is_ok());
        assert_eq!(s.present, Some(1));
    }

    #[test]
    fn ods_repeats_count_only_cells_with_values() {
        let trailing = br#"<office:document-content><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:document-content>"#;
        assert!(ods_content(trailing, &LIMITS).is_ok());
        let bomb = br#"<office:document-content><table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:document-content>"#;
        let e = ods_content(bomb, &LIMITS)
            .err()
            .map(|r| r.text().to_owned())
            .unwrap_or_default();
        assert!(e.contains("1048576 rows"), "{e}");
    }
}
