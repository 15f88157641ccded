//! Cell addresses in A1 notation, so every imported value and every problem can cite where it
//! came from. Not responsible for reading cells.

use std::fmt;

/// A cell on a named sheet; `row` and `col` are 0-based and absolute (A1 is row 0, col 0).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    /// Sheet name exactly as stored in the workbook.
    pub sheet: String,
    /// 0-based absolute row (row 1 in a spreadsheet is 0).
    pub row: u32,
    /// 0-based absolute column (column A is 0).
    pub col: u32,
}

impl CellRef {
    /// Creates a reference from a sheet name and 0-based absolute indices.
    pub fn new(sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Self {
            sheet: sheet.into(),
            row,
            col,
        }
    }

    /// The cell part of the address without the sheet, e.g. `"C7"`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.col), u64::from(self.row) + 1)
    }
}

impl fmt::Display for CellRef {
    /// `Issues!C7`, or `'Survey info'!B2` when the sheet name needs quoting.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", sheet_prefix(&self.sheet), self.a1())
    }
}

/// Column letters for a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The sheet name as it must appear before `!` in a formula reference: quoted (with `'`
/// doubled) unless it is a plain identifier, as spreadsheet applications require.
pub(crate) fn sheet_prefix(sheet: &str) -> String {
    let plain = !sheet.is_empty()
        && sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_bijective_base_26() {
        // ECMA-376 Part 1 §18.17.2.3 (A1 reference style).
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(51), "AZ");
        assert_eq!(column_letters(52), "BA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16_383), "XFD"); // last Excel column
    }

    #[test]
    fn display_quotes_sheet_names_that_need_it() {
        assert_eq!(CellRef::new("Issues", 6, 2).to_string(), "Issues!C7");
        assert_eq!(
            CellRef::new("Survey info", 1, 1).to_string(),
            "'Survey info'!B2"
        );
        assert_eq!(CellRef::new("Bob's", 0, 0).to_string(), "'Bob''s'!A1");
        assert_eq!(CellRef::new("2026", 0, 0).to_string(), "'2026'!A1");
    }
}
