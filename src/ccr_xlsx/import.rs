//! Importing a surveyor's CCR workbook (sheets Survey, Assessments, Issues) into
//! [`ImportedCcr`]. Responsible for opening the container, finding the sheets, and validating
//! every cell, collecting all problems. Not responsible for program rules (which issues need an
//! action plan, deadlines): the caller applies those to the imported values.

use std::io::Cursor;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use calamine::{
    Data, Ods, OdsError, Range, Reader, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
    open_workbook_from_rs,
};
use jiff::civil::Date;

use super::cell::CellRef;
use super::dates;
use super::error::{ImportError, Location, Problem, ProblemKind};
use super::model::{
    Assessment, AssessmentRow, ImportWarning, ImportedCcr, IssueRow, IssueStatus, SampleAnswer,
    SampleCheck, Severity, Sourced, SurveyInfo, SurveyMode, WarningKind, WorkbookFormat,
    is_element_id, normalize,
};
use super::table::{ColumnSpec, Sheet, is_blank, locate_header, render, text_of};

/// The largest workbook file qcp reads (compressed size on disk). A surveyor's CCR is tens of
/// kilobytes; a 5,000-row workbook is well under a megabyte.
pub const MAX_WORKBOOK_BYTES: u64 = 16 * 1024 * 1024;

/// Sheet names accepted for each role (compared after `normalize`).
const SURVEY_SHEETS: &[&str] = &["survey", "survey information", "survey info"];
const ASSESSMENT_SHEETS: &[&str] = &[
    "assessments",
    "assessment",
    "assessment summary",
    "standards",
];
const ISSUE_SHEETS: &[&str] = &["issues", "issue"];

/// Imports a CCR workbook from a file (xlsx, xlsm, xlsb, xls or ods; the format is detected
/// from the content, the extension only separates xlsb from xlsx).
///
/// # Errors
/// [`ImportError::Io`] if the file cannot be read; otherwise as [`import_ccr_bytes`].
pub fn import_ccr(path: &Path) -> Result<ImportedCcr, ImportError> {
    let bytes =
        crate::fsio::read_bounded(path, MAX_WORKBOOK_BYTES).map_err(|source| ImportError::Io {
            path: path.to_owned(),
            source,
        })?;
    import_ccr_bytes(&bytes, path)
}

/// Imports a CCR workbook already in memory; `name` is used in messages and, by its
/// extension, to tell xlsb from xlsx.
///
/// # Errors
/// [`ImportError::UnsupportedFormat`], [`ImportError::Encrypted`] or [`ImportError::Corrupt`]
/// when the container cannot be read, [`ImportError::NoCcrSheets`] when no sheet has a CCR
/// name, and [`ImportError::Invalid`] with every sheet, column and cell problem otherwise.
pub fn import_ccr_bytes(bytes: &[u8], name: &Path) -> Result<ImportedCcr, ImportError> {
    // calamine sizes allocations from numbers in the file; an absurd one aborts the process,
    // which no unwind can catch. The budgets are checked on the raw container first.
    let over = |refusal| match refusal {
        super::guard::Refusal::Budget(reason) => ImportError::OverBudget {
            path: name.to_owned(),
            reason,
        },
        super::guard::Refusal::Damaged(reason) => ImportError::Corrupt {
            path: name.to_owned(),
            format: sniff_label(bytes),
            reason,
        },
    };
    let limits = &super::guard::LIMITS;
    let corrupt = |detail: String| ImportError::Corrupt {
        path: name.to_owned(),
        format: sniff_label(bytes),
        reason: format!("the reader failed on malformed data ({detail})"),
    };
    silently(|| {
        if bytes.starts_with(OLE2_MAGIC) {
            super::guard::check_xls(bytes, limits)
        } else if bytes.starts_with(ZIP_MAGIC) {
            super::guard::check_zip(bytes, limits)
        } else {
            Ok(())
        }
    })
    .map_err(corrupt)?
    .map_err(over)?;
    // calamine 0.38 panics on some damaged OLE2 (xls, encrypted xlsx) containers — slice
    // bounds and assertions in its CFB reader, found by flipping bytes in the fixtures. A
    // damaged upload is an error, not a crash. Everything touched inside is local to the
    // call, so no broken state can leak out of the unwind.
    silently(|| import_unguarded(bytes, name)).unwrap_or_else(|detail| Err(corrupt(detail)))
}

/// One sheet of a workbook as text, for workbooks other than the CCR (the readiness
/// self-assessment): every non-blank cell with its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCells {
    /// The sheet's name as stored.
    pub sheet: String,
    /// Non-blank cells, row by row: `(cell, text)`, text trimmed; dates as `YYYY-MM-DD`.
    pub rows: Vec<Vec<(CellRef, String)>>,
}

/// Reads the sheet named one of `accepted` (compared case- and space-insensitively) with the
/// same bounded read, container budgets and panic guard as [`import_ccr`]; `role` names the
/// sheet in messages.
///
/// # Errors
/// As [`import_ccr`]; [`ImportError::Invalid`] naming the missing sheet, or every cell
/// holding an error value (`#REF!`) by its address.
pub fn read_sheet(
    path: &Path,
    role: &'static str,
    accepted: &'static [&'static str],
) -> Result<SheetCells, ImportError> {
    let bytes =
        crate::fsio::read_bounded(path, MAX_WORKBOOK_BYTES).map_err(|source| ImportError::Io {
            path: path.to_owned(),
            source,
        })?;
    let over = |refusal| match refusal {
        super::guard::Refusal::Budget(reason) => ImportError::OverBudget {
            path: path.to_owned(),
            reason,
        },
        super::guard::Refusal::Damaged(reason) => ImportError::Corrupt {
            path: path.to_owned(),
            format: sniff_label(&bytes),
            reason,
        },
    };
    let corrupt = |detail: String| ImportError::Corrupt {
        path: path.to_owned(),
        format: sniff_label(&bytes),
        reason: format!("the reader failed on malformed data ({detail})"),
    };
    let limits = &super::guard::LIMITS;
    silently(|| {
        if bytes.starts_with(OLE2_MAGIC) {
            super::guard::check_xls(&bytes, limits)
        } else if bytes.starts_with(ZIP_MAGIC) {
            super::guard::check_zip(&bytes, limits)
        } else {
            Ok(())
        }
    })
    .map_err(corrupt)?
    .map_err(over)?;
    silently(|| read_sheet_unguarded(&bytes, path, role, accepted))
        .unwrap_or_else(|detail| Err(corrupt(detail)))
}

fn read_sheet_unguarded(
    bytes: &[u8],
    path: &Path,
    role: &'static str,
    accepted: &'static [&'static str],
) -> Result<SheetCells, ImportError> {
    let mut book = Book::open(bytes, path)?;
    let Some(name) = book
        .sheet_names()
        .into_iter()
        .find(|n| accepted.contains(&normalize(n).as_str()))
    else {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            problems: vec![Problem {
                at: Location::Workbook,
                kind: ProblemKind::MissingSheet {
                    role,
                    accepted: accepted.to_vec(),
                },
            }],
        });
    };
    let range = book.range(&name)?;
    let sheet = Sheet::new(&name, &range);
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (r, row) in sheet.rows() {
        let mut cells = Vec::new();
        for (c, data) in row.iter().enumerate() {
            match text_of(data) {
                Ok(Some(t)) => cells.push((sheet.cell(r, c), t)),
                Ok(None) => {}
                Err(kind) => problems.push(sheet.problem(r, c, kind)),
            }
        }
        rows.push(cells);
    }
    if problems.is_empty() {
        Ok(SheetCells { sheet: name, rows })
    } else {
        problems.truncate(MAX_IMPORT_PROBLEMS);
        Err(ImportError::Invalid {
            path: path.to_owned(),
            problems,
        })
    }
}

/// The most problems one import reports; the rest are counted in one last problem.
pub const MAX_IMPORT_PROBLEMS: usize = 200;

thread_local! {
    static SILENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err(message)` without printing anything: the panic hook
/// stays quiet on this thread while `f` runs and behaves as before everywhere else.
fn silently<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !SILENT.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = SILENT.with(|s| s.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    SILENT.with(|s| s.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

fn import_unguarded(bytes: &[u8], name: &Path) -> Result<ImportedCcr, ImportError> {
    let path = name.to_owned();
    let mut book = Book::open(bytes, &path)?;
    let names = book.sheet_names();

    let mut problems = Vec::new();
    let roles = [
        ("Survey", SURVEY_SHEETS),
        ("Assessments", ASSESSMENT_SHEETS),
        ("Issues", ISSUE_SHEETS),
    ];
    let mut found: [Option<String>; 3] = [None, None, None];
    for name in &names {
        let key = normalize(name);
        for (i, (role, accepted)) in roles.iter().enumerate() {
            if !accepted.contains(&key.as_str()) {
                continue;
            }
            match &found[i] {
                Some(first) => problems.push(Problem {
                    at: Location::Workbook,
                    kind: ProblemKind::DuplicateSheet {
                        role,
                        first: first.clone(),
                        second: name.clone(),
                    },
                }),
                None => found[i] = Some(name.clone()),
            }
        }
    }
    if found.iter().all(Option::is_none) {
        return Err(ImportError::NoCcrSheets { path, found: names });
    }
    for (slot, (role, accepted)) in found.iter().zip(roles) {
        if slot.is_none() {
            problems.push(Problem {
                at: Location::Workbook,
                kind: ProblemKind::MissingSheet {
                    role,
                    accepted: accepted.to_vec(),
                },
            });
        }
    }

    let [survey_name, assess_name, issue_name] = found;
    let mut warnings = Vec::new();
    let survey = match &survey_name {
        Some(n) => read_survey(
            &Sheet::new(n, &book.range(n)?),
            &mut problems,
            &mut warnings,
        ),
        None => None,
    };
    let assessments = match &assess_name {
        Some(n) => read_assessments(&Sheet::new(n, &book.range(n)?), &mut problems),
        None => Vec::new(),
    };
    let issues = match &issue_name {
        Some(n) => read_issues(
            &Sheet::new(n, &book.range(n)?),
            &mut problems,
            &mut warnings,
        ),
        None => Vec::new(),
    };

    match survey {
        Some(survey) if problems.is_empty() => Ok(ImportedCcr {
            format: book.format,
            survey,
            assessments,
            issues,
            warnings,
        }),
        _ => {
            if problems.len() > MAX_IMPORT_PROBLEMS {
                let omitted = problems.len() - MAX_IMPORT_PROBLEMS;
                problems.truncate(MAX_IMPORT_PROBLEMS);
                problems.push(Problem {
                    at: Location::Workbook,
                    kind: ProblemKind::TooManyProblems { omitted },
                });
            }
            Err(ImportError::Invalid { path, problems })
        }
    }
}

/// An opened workbook of any supported format.
struct Book<'b> {
    format: WorkbookFormat,
    reader: Readers<'b>,
    path: PathBuf,
}

enum Readers<'b> {
    Xlsx(Xlsx<Cursor<&'b [u8]>>),
    Xlsb(Xlsb<Cursor<&'b [u8]>>),
    Xls(Xls<Cursor<&'b [u8]>>),
    Ods(Ods<Cursor<&'b [u8]>>),
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ODS_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet";

impl<'b> Book<'b> {
    /// Picks the reader from the first bytes rather than the extension: a renamed or
    /// upper-case-extension file still opens, and an encrypted `.xlsx` (an OLE2 container, not
    /// a zip) is reported as encrypted instead of as a broken zip.
    fn open(bytes: &'b [u8], path: &Path) -> Result<Self, ImportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let cursor = Cursor::new(bytes);
        let (format, reader) = if bytes.starts_with(OLE2_MAGIC) {
            // Encrypted OOXML lives in OLE2 with an EncryptedPackage stream; calamine's xlsx
            // reader recognises it, its xls reader would only say "workbook not found".
            match open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone()) {
                Err(XlsxError::Password) => {
                    return Err(ImportError::Encrypted {
                        path: path.to_owned(),
                    });
                }
                _ => (
                    WorkbookFormat::Xls,
                    open_workbook_from_rs::<Xls<_>, _>(cursor)
                        .map(Readers::Xls)
                        .map_err(|e| xls_error(e, path))?,
                ),
            }
        } else if bytes.starts_with(ZIP_MAGIC) {
            if bytes.get(30..30 + ODS_MIMETYPE.len()) == Some(ODS_MIMETYPE) {
                (
                    WorkbookFormat::Ods,
                    open_workbook_from_rs::<Ods<_>, _>(cursor)
                        .map(Readers::Ods)
                        .map_err(|e| ods_error(e, path))?,
                )
            } else if ext.as_deref() == Some("xlsb") {
                (
                    WorkbookFormat::Xlsb,
                    open_workbook_from_rs::<Xlsb<_>, _>(cursor)
                        .map(Readers::Xlsb)
                        .map_err(|e| xlsb_error(e, path))?,
                )
            } else {
                (
                    WorkbookFormat::Xlsx,
                    open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                        .map(Readers::Xlsx)
                        .map_err(|e| xlsx_error(e, path))?,
                )
            }
        } else {
            return Err(ImportError::UnsupportedFormat {
                path: path.to_owned(),
                detail: describe_unknown(bytes),
            });
        };
        Ok(Self {
            format,
            reader,
            path: path.to_owned(),
        })
    }

    fn sheet_names(&self) -> Vec<String> {
        match &self.reader {
            Readers::Xlsx(r) => r.sheet_names(),
            Readers::Xlsb(r) => r.sheet_names(),
            Readers::Xls(r) => r.sheet_names(),
            Readers::Ods(r) => r.sheet_names(),
        }
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>, ImportError> {
        let path = self.path.as_path();
        match &mut self.reader {
            Readers::Xlsx(r) => r.worksheet_range(name).map_err(|e| xlsx_error(e, path)),
            Readers::Xlsb(r) => r.worksheet_range(name).map_err(|e| xlsb_error(e, path)),
            Readers::Xls(r) => r.worksheet_range(name).map_err(|e| xls_error(e, path)),
            Readers::Ods(r) => r.worksheet_range(name).map_err(|e| ods_error(e, path)),
        }
    }
}

/// Format name for messages, from the container's first bytes.
fn sniff_label(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(OLE2_MAGIC) {
        WorkbookFormat::Xls.label()
    } else if bytes.get(30..30 + ODS_MIMETYPE.len()) == Some(ODS_MIMETYPE) {
        WorkbookFormat::Ods.label()
    } else {
        WorkbookFormat::Xlsx.label()
    }
}

fn describe_unknown(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        "the file is empty".to_owned()
    } else if bytes.trim_ascii_start().starts_with(b"<?xml") {
        "an XML file; flat .fods/.xml spreadsheets are not supported".to_owned()
    } else {
        "not an OLE2 or zip container".to_owned()
    }
}

fn corrupt(path: &Path, format: WorkbookFormat, reason: String) -> ImportError {
    ImportError::Corrupt {
        path: path.to_owned(),
        format: format.label(),
        reason,
    }
}

fn encrypted(path: &Path) -> ImportError {
    ImportError::Encrypted {
        path: path.to_owned(),
    }
}

fn xlsx_error(e: XlsxError, path: &Path) -> ImportError {
    match e {
        XlsxError::Password => encrypted(path),
        other => corrupt(path, WorkbookFormat::Xlsx, xlsx_reason(&other).to_owned()),
    }
}

/// The damage in qcp's own words: a reader's message can quote the workbook's content (a cell
/// value, a part name) or read as noise ("Could not find EOCD"), so it is never printed.
fn xlsx_reason(e: &XlsxError) -> &'static str {
    match e {
        XlsxError::Io(_) | XlsxError::Zip(_) => "its zip container is truncated or damaged",
        XlsxError::Xml(_)
        | XlsxError::XmlAttr(_)
        | XlsxError::XmlEof(_)
        | XlsxError::Encoding(_)
        | XlsxError::UnexpectedNode(_) => "a part of the workbook is not well-formed XML",
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => {
            "a part the workbook refers to is missing"
        }
        XlsxError::Vba(_) => "its macro part is damaged",
        _ => "a sheet holds a cell reference or value that no spreadsheet writes",
    }
}

/// The same for the other containers: one sentence per format, never the reader's text.
const OTHER_REASON: &str = "its contents could not be read";

fn xlsb_error(e: XlsbError, path: &Path) -> ImportError {
    match e {
        XlsbError::Password => encrypted(path),
        _ => corrupt(path, WorkbookFormat::Xlsb, OTHER_REASON.to_owned()),
    }
}

fn xls_error(e: XlsError, path: &Path) -> ImportError {
    match e {
        XlsError::Password => encrypted(path),
        _ => corrupt(path, WorkbookFormat::Xls, OTHER_REASON.to_owned()),
    }
}

fn ods_error(e: OdsError, path: &Path) -> ImportError {
    match e {
        OdsError::Password => encrypted(path),
        _ => corrupt(path, WorkbookFormat::Ods, OTHER_REASON.to_owned()),
    }
}

// ---------------------------------------------------------------------------------------
// Survey sheet: key/value rows.

#[derive(Clone, Copy, PartialEq, Eq)]
enum SurveyKey {
    Received,
    SurveyDate,
    Mode,
    Surveyor,
    Practice,
}

/// Canonical key first; compared after `normalize`.
const SURVEY_KEYS: &[(SurveyKey, &[&str], bool)] = &[
    (
        SurveyKey::Received,
        &[
            "received date",
            "ccr received",
            "ccr received date",
            "date received",
            "report received",
            "report received date",
            "received",
        ],
        true,
    ),
    (
        SurveyKey::SurveyDate,
        &["survey date", "date of survey", "site survey date"],
        true,
    ),
    (SurveyKey::Mode, &["survey mode", "mode"], true),
    (SurveyKey::Surveyor, &["surveyor", "surveyor name"], false),
    (SurveyKey::Practice, &["practice", "practice name"], false),
];

/// Key/value rows: the key is the first non-blank cell of a row, the value the next non-blank
/// cell to its right.
fn read_survey(
    sheet: &Sheet<'_>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<ImportWarning>,
) -> Option<SurveyInfo> {
    let mut seen: Vec<(SurveyKey, CellRef)> = Vec::new();
    let mut received = None;
    let mut survey_date = None;
    let mut mode = None;
    let mut surveyor = None;
    let mut practice = None;
    let before = problems.len();

    for (r, row) in sheet.rows() {
        let Some(kc) = row.iter().position(|d| !is_blank(d)) else {
            continue;
        };
        let key_cell = sheet.cell(r, kc);
        let entry = match &row[kc] {
            Data::String(s) => {
                let k = normalize(s);
                SURVEY_KEYS
                    .iter()
                    .find(|(_, names, _)| names.contains(&k.as_str()))
            }
            _ => None,
        };
        let Some(&(key, names, _)) = entry else {
            warnings.push(ImportWarning {
                cell: key_cell,
                kind: WarningKind::UnknownKey(render(&row[kc])),
            });
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            problems.push(Problem {
                at: Location::Cell(key_cell),
                kind: ProblemKind::DuplicateKey {
                    key: names[0],
                    first: first.a1(),
                },
            });
            continue;
        }
        seen.push((key, key_cell));
        let vc = row
            .iter()
            .enumerate()
            .skip(kc + 1)
            .find(|(_, d)| !is_blank(d))
            .map(|(c, _)| c);
        let Some(vc) = vc else {
            problems.push(sheet.problem(r, kc + 1, ProblemKind::MissingValue { what: names[0] }));
            continue;
        };
        let data = &row[vc];
        let cell = sheet.cell(r, vc);
        let result = match key {
            SurveyKey::Received => date_cell(data).map(|d| received = Some(sourced(d, &cell))),
            SurveyKey::SurveyDate => date_cell(data).map(|d| survey_date = Some(sourced(d, &cell))),
            SurveyKey::Mode => vocab(data, SurveyMode::parse, |value| {
                ProblemKind::UnknownSurveyMode { value }
            })
            .map(|m| mode = Some(sourced(m, &cell))),
            SurveyKey::Surveyor => {
                required_text(data, names[0]).map(|t| surveyor = Some(sourced(t, &cell)))
            }
            SurveyKey::Practice => {
                required_text(data, names[0]).map(|t| practice = Some(sourced(t, &cell)))
            }
        };
        if let Err(kind) = result {
            problems.push(Problem {
                at: Location::Cell(cell),
                kind,
            });
        }
    }
    for (key, names, required) in SURVEY_KEYS {
        if *required && !seen.iter().any(|(k, _)| k == key) {
            problems.push(Problem {
                at: Location::Sheet(sheet.name.to_owned()),
                kind: ProblemKind::MissingKey {
                    key: names[0],
                    accepted: names.to_vec(),
                },
            });
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(SurveyInfo {
        received: received?,
        survey_date: survey_date?,
        mode: mode?,
        surveyor,
        practice,
    })
}

// ---------------------------------------------------------------------------------------
// Assessments sheet: one row per standard or element.

#[derive(Clone, Copy, PartialEq, Eq)]
enum AssessCol {
    Id,
    Assessment,
    Description,
    Notes,
}

const ASSESS_COLUMNS: &[ColumnSpec<AssessCol>] = &[
    ColumnSpec {
        field: AssessCol::Id,
        names: &[
            "id",
            "standard",
            "element",
            "standard id",
            "element id",
            "standard/element",
            "standard or element",
            "no.",
            "number",
            "#",
        ],
        required: true,
    },
    ColumnSpec {
        field: AssessCol::Assessment,
        names: &["assessment", "result", "rating", "compliance"],
        required: true,
    },
    ColumnSpec {
        field: AssessCol::Description,
        names: &[
            "description",
            "title",
            "criteria",
            "standard text",
            "element text",
        ],
        required: false,
    },
    ColumnSpec {
        field: AssessCol::Notes,
        names: &[
            "notes",
            "note",
            "comments",
            "comment",
            "findings",
            "surveyor notes",
        ],
        required: false,
    },
];

fn read_assessments(sheet: &Sheet<'_>, problems: &mut Vec<Problem>) -> Vec<AssessmentRow> {
    let Some(header) = locate_header(sheet, ASSESS_COLUMNS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut ids: Vec<(String, CellRef)> = Vec::new();
    for (r, row) in sheet.rows().filter(|(r, _)| *r > header.row) {
        let before = problems.len();
        let mut push = |c: usize, kind| problems.push(sheet.problem(r, c, kind));
        let get = |c: usize| row.get(c).unwrap_or(&Data::Empty);

        let id = header
            .col(AssessCol::Id)
            .and_then(|c| match standard_id(get(c), "id") {
                Ok(id) => {
                    let cell = sheet.cell(r, c);
                    if let Some((_, first)) = ids.iter().find(|(i, _)| *i == id) {
                        push(
                            c,
                            ProblemKind::DuplicateId {
                                id,
                                first: first.a1(),
                            },
                        );
                        return None;
                    }
                    ids.push((id.clone(), cell.clone()));
                    Some(Sourced { value: id, cell })
                }
                Err(kind) => {
                    push(c, kind);
                    None
                }
            });
        let element = id.as_ref().is_some_and(|i| is_element_id(&i.value));
        let assessment = header.col(AssessCol::Assessment).and_then(|c| {
            let data = get(c);
            if is_blank(data) {
                // Elements carry sample detail; only standards must be assessed.
                if id.is_some() && !element {
                    push(c, ProblemKind::MissingValue { what: "assessment" });
                }
                return None;
            }
            vocab(data, Assessment::parse, |value| {
                ProblemKind::UnknownAssessment { value }
            })
            .map(|a| Some(sourced(a, &sheet.cell(r, c))))
            .unwrap_or_else(|kind| {
                push(c, kind);
                None
            })
        });
        let mut optional_text = |field| {
            header.col(field).and_then(|c| match text_of(get(c)) {
                Ok(t) => t.map(|t| sourced(t, &sheet.cell(r, c))),
                Err(kind) => {
                    push(c, kind);
                    None
                }
            })
        };
        let description = optional_text(AssessCol::Description);
        let notes = optional_text(AssessCol::Notes);
        let mut samples = Vec::new();
        for (c, column) in &header.others {
            let data = get(*c);
            if is_blank(data) {
                continue;
            }
            let answer = match data {
                Data::Bool(true) => Some(SampleAnswer::Yes),
                Data::Bool(false) => Some(SampleAnswer::No),
                Data::String(s) => SampleAnswer::parse(s),
                _ => None,
            };
            match answer {
                Some(a) => samples.push(SampleCheck {
                    column: column.clone(),
                    answer: sourced(a, &sheet.cell(r, *c)),
                }),
                None => push(
                    *c,
                    match data {
                        Data::Error(e) => ProblemKind::ErrorValue {
                            value: e.to_string(),
                        },
                        _ => ProblemKind::UnknownSampleAnswer {
                            column: column.clone(),
                            value: render(data),
                        },
                    },
                ),
            }
        }
        if problems.len() == before
            && let Some(id) = id
        {
            out.push(AssessmentRow {
                id,
                description,
                assessment,
                notes,
                samples,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Issues sheet: one row per issue.

#[derive(Clone, Copy, PartialEq, Eq)]
enum IssueCol {
    Id,
    Standard,
    Severity,
    Status,
    Findings,
    Requirement,
}

const ISSUE_COLUMNS: &[ColumnSpec<IssueCol>] = &[
    ColumnSpec {
        field: IssueCol::Id,
        names: &["id", "issue", "issue id", "issue no.", "issue number"],
        required: true,
    },
    ColumnSpec {
        field: IssueCol::Standard,
        names: &["standard", "standard id", "standard no."],
        required: true,
    },
    ColumnSpec {
        field: IssueCol::Severity,
        names: &["severity", "level"],
        required: true,
    },
    ColumnSpec {
        field: IssueCol::Status,
        names: &["status", "state"],
        required: true,
    },
    ColumnSpec {
        field: IssueCol::Findings,
        names: &["findings", "finding"],
        required: true,
    },
    ColumnSpec {
        field: IssueCol::Requirement,
        names: &[
            "requirement",
            "standard requirement",
            "requirements",
            "compliance requirement",
        ],
        required: true,
    },
];

fn read_issues(
    sheet: &Sheet<'_>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<ImportWarning>,
) -> Vec<IssueRow> {
    let Some(header) = locate_header(sheet, ISSUE_COLUMNS, problems) else {
        return Vec::new();
    };
    for (c, text) in &header.others {
        warnings.push(ImportWarning {
            cell: sheet.cell(header.row, *c),
            kind: WarningKind::UnknownColumn(text.clone()),
        });
    }
    let mut out = Vec::new();
    let mut ids: Vec<(String, CellRef)> = Vec::new();
    for (r, row) in sheet.rows().filter(|(r, _)| *r > header.row) {
        let mut row_ok = true;
        // Reads one column: None if the column is missing (already reported) or the cell bad.
        let mut field =
            |col: IssueCol, what: &'static str, parse: &dyn Fn(&Data) -> Result<_, _>| {
                let c = header.col(col)?;
                let data = row.get(c).unwrap_or(&Data::Empty);
                let result = if is_blank(data) {
                    Err(ProblemKind::MissingValue { what })
                } else {
                    parse(data)
                };
                match result {
                    Ok(v) => Some((v, sheet.cell(r, c))),
                    Err(kind) => {
                        problems.push(sheet.problem(r, c, kind));
                        row_ok = false;
                        None
                    }
                }
            };
        let id = field(IssueCol::Id, "issue id", &|d: &Data| {
            issue_id(d).map(Parsed::Text)
        });
        let standard = field(IssueCol::Standard, "standard", &|d: &Data| {
            let d = strip_standard_prefix(d);
            standard_id(&d, "standard").map(Parsed::Text)
        });
        let severity = field(IssueCol::Severity, "severity", &|d: &Data| {
            vocab(d, Severity::parse, |value| ProblemKind::UnknownSeverity {
                value,
            })
            .map(Parsed::Severity)
        });
        let status = field(IssueCol::Status, "status", &|d: &Data| {
            vocab(d, IssueStatus::parse, |value| ProblemKind::UnknownStatus {
                value,
            })
            .map(Parsed::Status)
        });
        let findings = field(IssueCol::Findings, "findings", &|d: &Data| {
            required_text(d, "findings").map(Parsed::Text)
        });
        let requirement = field(IssueCol::Requirement, "requirement", &|d: &Data| {
            required_text(d, "requirement").map(Parsed::Text)
        });
        if let Some((Parsed::Text(id), cell)) = &id {
            if let Some((_, first)) = ids.iter().find(|(i, _)| i == id) {
                problems.push(Problem {
                    at: Location::Cell(cell.clone()),
                    kind: ProblemKind::DuplicateId {
                        id: id.clone(),
                        first: first.a1(),
                    },
                });
                row_ok = false;
            } else {
                ids.push((id.clone(), cell.clone()));
            }
        }
        if !row_ok {
            continue;
        }
        if let (
            Some((Parsed::Text(id), id_cell)),
            Some((Parsed::Text(standard), standard_cell)),
            Some((Parsed::Severity(severity), severity_cell)),
            Some((Parsed::Status(status), status_cell)),
            Some((Parsed::Text(findings), findings_cell)),
            Some((Parsed::Text(requirement), requirement_cell)),
        ) = (id, standard, severity, status, findings, requirement)
        {
            out.push(IssueRow {
                id: Sourced {
                    value: id,
                    cell: id_cell,
                },
                standard: Sourced {
                    value: standard,
                    cell: standard_cell,
                },
                severity: Sourced {
                    value: severity,
                    cell: severity_cell,
                },
                status: Sourced {
                    value: status,
                    cell: status_cell,
                },
                findings: Sourced {
                    value: findings,
                    cell: findings_cell,
                },
                requirement: Sourced {
                    value: requirement,
                    cell: requirement_cell,
                },
            });
        }
    }
    out
}

/// One parsed Issues cell (lets one closure type serve every column).
enum Parsed {
    Text(String),
    Severity(Severity),
    Status(IssueStatus),
}

// ---------------------------------------------------------------------------------------
// Cell parsers shared by the sheets.

fn sourced<T>(value: T, cell: &CellRef) -> Sourced<T> {
    Sourced {
        value,
        cell: cell.clone(),
    }
}

fn date_cell(data: &Data) -> Result<Date, ProblemKind> {
    if let Data::Error(e) = data {
        return Err(ProblemKind::ErrorValue {
            value: e.to_string(),
        });
    }
    dates::date_from_data(data).map_err(|(value, reason)| ProblemKind::BadDate { value, reason })
}

fn required_text(data: &Data, what: &'static str) -> Result<String, ProblemKind> {
    text_of(data)?.ok_or(ProblemKind::MissingValue { what })
}

/// A closed-vocabulary cell: the text must parse, anything else is reported by `unknown`.
fn vocab<T>(
    data: &Data,
    parse: impl Fn(&str) -> Option<T>,
    unknown: impl Fn(String) -> ProblemKind,
) -> Result<T, ProblemKind> {
    let text = text_of(data)?.unwrap_or_default();
    match data {
        Data::String(_) => parse(&text).ok_or_else(|| unknown(text)),
        _ => Err(unknown(text)),
    }
}

/// Dotted numbers with two to four parts (`3.8`, `3.8.1`, `1.1.1.1`), each 1–3 digits.
fn standard_id(data: &Data, what: &'static str) -> Result<String, ProblemKind> {
    match data {
        Data::Float(f) if f.fract() != 0.0 => Err(ProblemKind::NumericStandardId { value: *f }),
        Data::String(s) => {
            let t = s.trim();
            let parts: Vec<&str> = t.split('.').collect();
            let ok = (2..=4).contains(&parts.len())
                && parts
                    .iter()
                    .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
            if ok {
                Ok(t.to_owned())
            } else {
                Err(ProblemKind::BadStandardId {
                    value: t.to_owned(),
                })
            }
        }
        Data::Empty => Err(ProblemKind::MissingValue { what }),
        Data::Error(e) => Err(ProblemKind::ErrorValue {
            value: e.to_string(),
        }),
        other => Err(ProblemKind::BadStandardId {
            value: render(other),
        }),
    }
}

/// The portal shows "Standard 3.8"; accept that spelling by dropping the word.
fn strip_standard_prefix(data: &Data) -> Data {
    if let Data::String(s) = data {
        let t = s.trim();
        if let (Some(head), Some(rest)) = (t.get(..9), t.get(9..))
            && head.eq_ignore_ascii_case("standard ")
        {
            return Data::String(rest.to_owned());
        }
    }
    data.clone()
}

/// `ISS-<digits>`, any case, stored upper-case.
fn issue_id(data: &Data) -> Result<String, ProblemKind> {
    let text = text_of(data)?.unwrap_or_default();
    let upper = text.to_ascii_uppercase();
    let ok = matches!(data, Data::String(_))
        && upper
            .strip_prefix("ISS-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(upper)
    } else {
        Err(ProblemKind::BadIssueId { value: text })
    }
}
