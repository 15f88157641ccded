//! Reading a calamine range as a table: finding the header row, mapping header texts to
//! fields, iterating non-blank data rows, rendering cells as text, and turning positions into
//! A1 references. Not responsible for what any column means.
//!
//! calamine ranges start at the first used cell: `rows()` and `get()` are relative to
//! `range.start()`, so every position is shifted by that start before it becomes a `CellRef`.

use calamine::{Data, Range};

use super::cell::CellRef;
use super::dates;
use super::error::{Location, Problem, ProblemKind};
use super::model::normalize;

/// How many non-blank rows are searched for the header row (allows a title block above it).
const HEADER_SEARCH_ROWS: usize = 20;

/// One sheet's cells plus its name and absolute origin.
pub(crate) struct Sheet<'a> {
    pub(crate) name: &'a str,
    range: &'a Range<Data>,
    row0: u32,
    col0: u32,
}

impl<'a> Sheet<'a> {
    pub(crate) fn new(name: &'a str, range: &'a Range<Data>) -> Self {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        Self {
            name,
            range,
            row0,
            col0,
        }
    }

    /// A1 reference of a position relative to the range start.
    pub(crate) fn cell(&self, rel_row: usize, rel_col: usize) -> CellRef {
        CellRef::new(
            self.name,
            self.row0.saturating_add(to_u32(rel_row)),
            self.col0.saturating_add(to_u32(rel_col)),
        )
    }

    pub(crate) fn row_location(&self, rel_row: usize) -> Location {
        Location::Row {
            sheet: self.name.to_owned(),
            row: self.row0.saturating_add(to_u32(rel_row)),
        }
    }

    /// Non-blank rows with their relative index.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (usize, &'a [Data])> + 'a {
        self.range
            .rows()
            .enumerate()
            .filter(|(_, row)| !row.iter().all(is_blank))
    }

    pub(crate) fn problem(&self, rel_row: usize, rel_col: usize, kind: ProblemKind) -> Problem {
        Problem {
            at: Location::Cell(self.cell(rel_row, rel_col)),
            kind,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Empty, or text made only of whitespace.
pub(crate) fn is_blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A column the sheet may have.
pub(crate) struct ColumnSpec<F> {
    pub(crate) field: F,
    /// Canonical name first, then synonyms; compared after `normalize`.
    pub(crate) names: &'static [&'static str],
    pub(crate) required: bool,
}

/// The chosen header row and what each of its cells means.
pub(crate) struct Header<F> {
    pub(crate) row: usize,
    pub(crate) columns: Vec<(F, usize)>,
    /// Non-blank header cells matching no spec: (relative column, header text trimmed).
    pub(crate) others: Vec<(usize, String)>,
}

impl<F: Copy + PartialEq> Header<F> {
    pub(crate) fn col(&self, field: F) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }
}

fn spec_for<'s, F>(specs: &'s [ColumnSpec<F>], data: &Data) -> Option<&'s ColumnSpec<F>> {
    let Data::String(text) = data else {
        return None;
    };
    let key = normalize(text);
    specs.iter().find(|s| s.names.contains(&key.as_str()))
}

/// Finds the header row: the first of the leading non-blank rows that has every required
/// column, else the one matching most columns, else the first non-blank row. Reports missing
/// and duplicate columns; returns `None` only for a blank sheet.
pub(crate) fn locate_header<F: Copy + PartialEq>(
    sheet: &Sheet<'_>,
    specs: &[ColumnSpec<F>],
    problems: &mut Vec<Problem>,
) -> Option<Header<F>> {
    let candidates: Vec<(usize, &[Data])> = sheet.rows().take(HEADER_SEARCH_ROWS).collect();
    let Some(&(first_row, _)) = candidates.first() else {
        problems.push(Problem {
            at: Location::Sheet(sheet.name.to_owned()),
            kind: ProblemKind::EmptySheet,
        });
        return None;
    };
    let score = |row: &[Data]| -> (usize, usize) {
        let matched: Vec<&ColumnSpec<F>> = row.iter().filter_map(|d| spec_for(specs, d)).collect();
        let required = specs
            .iter()
            .filter(|s| s.required && matched.iter().any(|m| m.field == s.field))
            .count();
        (required, matched.len())
    };
    let required_total = specs.iter().filter(|s| s.required).count();
    let chosen = candidates
        .iter()
        .find(|(_, row)| score(row).0 == required_total)
        .or_else(|| {
            // max_by_key keeps the last maximum; reverse so the earliest best row wins.
            candidates
                .iter()
                .rev()
                .max_by_key(|(_, row)| score(row).1)
                .filter(|(_, row)| score(row).1 > 0)
        })
        .map_or(first_row, |(r, _)| *r);

    let row_cells = sheet.range.rows().nth(chosen).unwrap_or(&[]);
    let mut header = Header {
        row: chosen,
        columns: Vec::new(),
        others: Vec::new(),
    };
    for (col, data) in row_cells.iter().enumerate() {
        match spec_for(specs, data) {
            Some(spec) => {
                if let Some(first) = header.col(spec.field) {
                    problems.push(sheet.problem(
                        chosen,
                        col,
                        ProblemKind::DuplicateColumn {
                            column: spec.names[0],
                            first: sheet.cell(chosen, first).a1(),
                        },
                    ));
                } else {
                    header.columns.push((spec.field, col));
                }
            }
            None if !is_blank(data) => header.others.push((col, render(data))),
            None => {}
        }
    }
    for spec in specs.iter().filter(|s| s.required) {
        if header.col(spec.field).is_none() {
            problems.push(Problem {
                at: sheet.row_location(chosen),
                kind: ProblemKind::MissingColumn {
                    column: spec.names[0],
                    accepted: spec.names.to_vec(),
                },
            });
        }
    }
    Some(header)
}

/// A cell's value as display text (trimmed); blank cells give `None`. Error values are refused.
pub(crate) fn text_of(data: &Data) -> Result<Option<String>, ProblemKind> {
    if let Data::Error(e) = data {
        return Err(ProblemKind::ErrorValue {
            value: e.to_string(),
        });
    }
    if is_blank(data) {
        return Ok(None);
    }
    Ok(Some(render(data)))
}

/// Display text of any cell, as a user would recognise it in a message.
pub(crate) fn render(data: &Data) -> String {
    match data {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.0}")
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => {
            dates::date_from_excel(dt).map_or_else(|_| dt.as_f64().to_string(), |d| d.to_string())
        }
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}
