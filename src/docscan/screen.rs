//! PHI screen: labelled identifiers in extracted text, reported by position, never by value.
//!
//! Responsible for: finding a label from [`PhiRules`] followed by a value of the right shape (a
//! date, an identifier, a name), plus unlabelled SSNs, and reporting where. Not responsible for:
//! unlabelled names, free-text narratives, images, or deciding that a document is PHI-free — a
//! clean screen supports, never replaces, the practice's own privacy review.
//!
//! Leak-proofing: a [`PhiHit`] holds only the kind, the position and a redacted string built from
//! the rule's label and a fixed placeholder, so neither `Debug` nor `Display` can show the value.

use std::fmt;

use super::TextUnit;
use super::rules::{Label, PhiRules};

/// The kind of identifier a hit looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PhiKind {
    /// A labelled date of birth.
    DateOfBirth,
    /// A labelled medical record number or patient identifier.
    MedicalRecordNumber,
    /// A Social Security number (labelled, or unlabelled `ddd-dd-dddd`).
    Ssn,
    /// A labelled patient name or patient initials.
    PatientName,
    /// A labelled visit/admission/discharge/service date on a line about a patient.
    VisitDate,
}

impl PhiKind {
    /// Stable short code for reports.
    pub fn code(self) -> &'static str {
        match self {
            PhiKind::DateOfBirth => "dob",
            PhiKind::MedicalRecordNumber => "mrn",
            PhiKind::Ssn => "ssn",
            PhiKind::PatientName => "patient-name",
            PhiKind::VisitDate => "visit-date",
        }
    }

    /// Phrase for messages.
    pub fn describe(self) -> &'static str {
        match self {
            PhiKind::DateOfBirth => "date of birth",
            PhiKind::MedicalRecordNumber => "medical record number",
            PhiKind::Ssn => "social security number",
            PhiKind::PatientName => "patient name",
            PhiKind::VisitDate => "patient visit date",
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            PhiKind::DateOfBirth | PhiKind::VisitDate => "[date redacted]",
            PhiKind::MedicalRecordNumber | PhiKind::Ssn => "[number redacted]",
            PhiKind::PatientName => "[name redacted]",
        }
    }
}

impl fmt::Display for PhiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One suspected identifier. Holds no part of the matched value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhiHit {
    /// What it looks like.
    pub kind: PhiKind,
    /// 1-based page for PDFs; `None` otherwise.
    pub page: Option<u32>,
    /// 1-based line (within the page for PDFs).
    pub line: u32,
    /// 1-based character column where the label (or unlabelled value) starts.
    pub column: u32,
    /// The rule's label and a placeholder, e.g. `DOB: [date redacted]`; never document text.
    pub redacted: String,
}

impl fmt::Display for PhiHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.page {
            write!(f, "page {p}, ")?;
        }
        write!(
            f,
            "line {}, column {}: possible {} ({})",
            self.line, self.column, self.kind, self.redacted
        )
    }
}

/// Screen extracted text; hits come back in document order, at most one per span of text.
pub fn screen(units: &[TextUnit], rules: &PhiRules) -> Vec<PhiHit> {
    let mut hits = Vec::new();
    let mut line_hits: Vec<Found> = Vec::new();
    for unit in units {
        let line = FoldedLine::new(&unit.text);
        line_hits.clear();
        scan_line(&line, rules, &mut line_hits);
        // Earliest start wins, then the longest span, so "medical record number" beats "medical record".
        line_hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut covered = 0;
        for h in &line_hits {
            if h.start < covered {
                continue;
            }
            covered = h.end;
            hits.push(PhiHit {
                kind: h.kind,
                page: unit.page,
                line: unit.line,
                column: line.column(h.start),
                redacted: match h.label {
                    Some(l) => format!("{}: {}", l.display, h.kind.placeholder()),
                    None => h.kind.placeholder().to_owned(),
                },
            });
        }
    }
    hits
}

struct Found<'r> {
    kind: PhiKind,
    start: usize,
    end: usize,
    label: Option<&'r Label>,
}

/// A line folded for matching: `folded` (lowercase) and `cased` share byte offsets.
struct FoldedLine {
    folded: String,
    cased: String,
    /// 1-based source character column of each byte of `folded`.
    cols: Vec<u32>,
}

/// Canonical form of one character for matching: spaces, quotes and dashes unified, ASCII lowercased.
pub(crate) fn fold_char(c: char) -> char {
    unify(c).to_ascii_lowercase()
}

fn unify(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{FF03}' => '#',
        '\u{FF1A}' => ':',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

impl FoldedLine {
    fn new(text: &str) -> FoldedLine {
        let mut folded = String::with_capacity(text.len());
        let mut cased = String::with_capacity(text.len());
        let mut cols = Vec::with_capacity(text.len());
        for (i, c) in text.chars().enumerate() {
            let u = unify(c);
            if u == ' ' && cased.ends_with(' ') {
                continue;
            }
            // ASCII lowercasing keeps byte lengths, so the two strings stay aligned.
            cased.push(u);
            folded.push(u.to_ascii_lowercase());
            let col = u32::try_from(i + 1).unwrap_or(u32::MAX);
            cols.extend(std::iter::repeat_n(col, u.len_utf8()));
        }
        FoldedLine {
            folded,
            cased,
            cols,
        }
    }

    fn column(&self, byte: usize) -> u32 {
        self.cols.get(byte).copied().unwrap_or(0)
    }
}

fn scan_line<'r>(line: &FoldedLine, rules: &'r PhiRules, out: &mut Vec<Found<'r>>) {
    let f = line.folded.as_str();
    if f.trim().is_empty() {
        return;
    }
    let ws = word_starts(f);
    let ws = ws.as_slice();
    for label in &rules.dob_labels {
        for (start, after) in label_hits(f, ws, label) {
            let v = skip_separator(f, after, false);
            if let Some(end) = v.and_then(|v| date_at(f, v)) {
                out.push(Found {
                    kind: PhiKind::DateOfBirth,
                    start,
                    end,
                    label: Some(label),
                });
            }
        }
    }
    for label in &rules.mrn_labels {
        for (start, after) in label_hits(f, ws, label) {
            let v = skip_separator(f, after, false);
            if let Some(end) =
                v.and_then(|v| identifier_at(f, v, rules.mrn_min_len, rules.mrn_max_len))
            {
                out.push(Found {
                    kind: PhiKind::MedicalRecordNumber,
                    start,
                    end,
                    label: Some(label),
                });
            }
        }
    }
    for label in &rules.ssn_labels {
        for (start, after) in label_hits(f, ws, label) {
            let v = skip_separator(f, after, false);
            if let Some(end) = v.and_then(|v| nine_digits_at(f, v)) {
                out.push(Found {
                    kind: PhiKind::Ssn,
                    start,
                    end,
                    label: Some(label),
                });
            }
        }
    }
    if rules.ssn_unlabelled {
        unlabelled_ssns(f, out);
    }
    for (labels, need_punct, min_words) in [
        (&rules.name_labels, false, 1),
        (&rules.person_labels, true, 2),
    ] {
        for label in labels {
            for (start, after) in label_hits(f, ws, label) {
                let v = skip_separator(f, after, need_punct);
                if let Some(end) = v.and_then(|v| name_at(line, v, min_words, rules)) {
                    out.push(Found {
                        kind: PhiKind::PatientName,
                        start,
                        end,
                        label: Some(label),
                    });
                }
            }
        }
    }
    for label in &rules.initials_labels {
        for (start, after) in label_hits(f, ws, label) {
            let v = skip_separator(f, after, false);
            if let Some(end) = v.and_then(|v| initials_at(&line.cased, v)) {
                out.push(Found {
                    kind: PhiKind::PatientName,
                    start,
                    end,
                    label: Some(label),
                });
            }
        }
    }
    if !rules.visit_labels.is_empty()
        && rules
            .patient_words
            .iter()
            .any(|w| label_hits(f, ws, w).next().is_some())
    {
        for label in &rules.visit_labels {
            for (start, after) in label_hits(f, ws, label) {
                let v = skip_separator(f, after, false);
                if let Some(end) = v.and_then(|v| date_at(f, v)) {
                    out.push(Found {
                        kind: PhiKind::VisitDate,
                        start,
                        end,
                        label: Some(label),
                    });
                }
            }
        }
    }
}

/// First two bytes of every word in the folded line, sorted: most labels can be ruled out with a
/// binary search instead of a substring scan (the screen runs ~90 labels over every line).
fn word_starts(f: &str) -> Vec<[u8; 2]> {
    let b = f.as_bytes();
    let mut v: Vec<[u8; 2]> = (0..b.len())
        .filter(|&i| b[i].is_ascii_alphanumeric() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()))
        .map(|i| [b[i], b.get(i + 1).copied().unwrap_or(0)])
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn may_contain(starts: &[[u8; 2]], label: &str) -> bool {
    match label.as_bytes() {
        [a, b, ..] if a.is_ascii_alphanumeric() => starts.binary_search(&[*a, *b]).is_ok(),
        [a] if a.is_ascii_alphanumeric() => starts.iter().any(|s| s[0] == *a),
        // Labels starting with punctuation or non-ASCII: no shortcut, scan.
        _ => true,
    }
}

/// Whole-word occurrences of a label: (start, end) byte offsets in the folded line.
fn label_hits<'a>(
    f: &'a str,
    starts: &[[u8; 2]],
    label: &'a Label,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let l = label.folded.as_str();
    // Searching an empty haystack yields nothing: the cheap way to skip a label that cannot occur.
    let f_search = if may_contain(starts, l) { f } else { "" };
    let first_alnum = l.chars().next().is_some_and(char::is_alphanumeric);
    let last_alnum = l.chars().next_back().is_some_and(char::is_alphanumeric);
    f_search.match_indices(l).filter_map(move |(start, m)| {
        let end = start + m.len();
        let before_ok = !first_alnum
            || !f[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = !last_alnum || !f[end..].chars().next().is_some_and(char::is_alphanumeric);
        (before_ok && after_ok).then_some((start, end))
    })
}

/// Skip spaces and up to two of `: # = -` (e.g. "MRN#: "). With `need_punct`, one of `:` or `-`
/// must be present. Returns the value's start, or `None` when nothing follows.
fn skip_separator(f: &str, mut i: usize, need_punct: bool) -> Option<usize> {
    let b = f.as_bytes();
    let mut punct = 0;
    let mut strong = false;
    loop {
        match b.get(i) {
            Some(b' ') => i += 1,
            Some(&c @ (b':' | b'#' | b'=' | b'-')) if punct < 2 => {
                strong |= c == b':' || c == b'-';
                punct += 1;
                i += 1;
            }
            Some(_) => break,
            None => return None,
        }
    }
    (!need_punct || strong).then_some(i)
}

fn digits(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .map_or(0, |s| s.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn ends_word(f: &str, i: usize) -> bool {
    !f[i..].chars().next().is_some_and(char::is_alphanumeric)
}

fn num(b: &[u8], i: usize, n: usize) -> u32 {
    b[i..i + n]
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Length of a month name (full, 3-letter or "sept", optional '.') at `i`.
fn month_at(f: &str, i: usize) -> Option<usize> {
    let rest = f.get(i..)?;
    let word_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let word = &rest[..word_len];
    let ok = word_len >= 3
        && MONTHS
            .iter()
            .any(|m| *m == word || (word_len == 3 || word == "sept") && m.starts_with(word));
    if !ok {
        return None;
    }
    Some(if rest[word_len..].starts_with('.') {
        word_len + 1
    } else {
        word_len
    })
}

/// End of a full calendar date starting at `i`, in the common US/ISO/European/long forms.
fn date_at(f: &str, i: usize) -> Option<usize> {
    let b = f.as_bytes();
    let n1 = digits(b, i);
    if n1 > 0 {
        let sep = *b.get(i + n1)?;
        if matches!(sep, b'/' | b'-' | b'.') {
            let j = i + n1 + 1;
            let n2 = digits(b, j);
            if n2 > 0 && b.get(j + n2) == Some(&sep) {
                let k = j + n2 + 1;
                let n3 = digits(b, k);
                let end = k + n3;
                if !ends_word(f, end) {
                    return None;
                }
                let (a, m, c) = (
                    num(b, i, n1),
                    num(b, j, n2),
                    if n3 > 0 { num(b, k, n3) } else { 0 },
                );
                let valid = if n1 == 4 {
                    // ISO 8601 order: year, month, day.
                    n2 <= 2
                        && (1..=2).contains(&n3)
                        && (1..=12).contains(&m)
                        && (1..=31).contains(&c)
                } else {
                    n1 <= 2
                        && n2 <= 2
                        && (n3 == 2 || n3 == 4)
                        && a >= 1
                        && m >= 1
                        && ((a <= 12 && m <= 31) || (m <= 12 && a <= 31))
                };
                return valid.then_some(end);
            }
            // "14-mar-1962"
            if sep == b'-' && n1 <= 2 {
                let ml = month_at(f, j)?;
                if b.get(j + ml) != Some(&b'-') {
                    return None;
                }
                let n3 = digits(b, j + ml + 1);
                let end = j + ml + 1 + n3;
                return ((n3 == 2 || n3 == 4) && ends_word(f, end)).then_some(end);
            }
            return None;
        }
        // "14 march 1962"
        if n1 <= 2 && sep == b' ' {
            let j = i + n1 + 1;
            let ml = month_at(f, j)?;
            let mut k = j + ml;
            if b.get(k) == Some(&b',') {
                k += 1;
            }
            if b.get(k) != Some(&b' ') {
                return None;
            }
            let n3 = digits(b, k + 1);
            let end = k + 1 + n3;
            return (n3 == 4 && ends_word(f, end)).then_some(end);
        }
        return None;
    }
    // "march 14, 1962" / "mar. 14 1962"
    let ml = month_at(f, i)?;
    let mut k = i + ml;
    if b.get(k) != Some(&b' ') {
        return None;
    }
    k += 1;
    let nd = digits(b, k);
    if !(1..=2).contains(&nd) {
        return None;
    }
    k += nd;
    if f[k..].starts_with("st")
        || f[k..].starts_with("nd")
        || f[k..].starts_with("rd")
        || f[k..].starts_with("th")
    {
        k += 2;
    }
    if b.get(k) == Some(&b',') {
        k += 1;
    }
    if b.get(k) != Some(&b' ') {
        return None;
    }
    let ny = digits(b, k + 1);
    let end = k + 1 + ny;
    (ny == 4 && ends_word(f, end)).then_some(end)
}

/// End of an identifier of `min..=max` letters/digits (hyphens allowed inside) with a digit in it.
fn identifier_at(f: &str, i: usize, min: usize, max: usize) -> Option<usize> {
    let b = f.as_bytes();
    let mut k = i;
    let mut count = 0;
    let mut has_digit = false;
    while let Some(&c) = b.get(k) {
        if c.is_ascii_alphanumeric() {
            count += 1;
            has_digit |= c.is_ascii_digit();
        } else if c != b'-' || count == 0 || !b.get(k + 1).is_some_and(u8::is_ascii_alphanumeric) {
            break;
        }
        k += 1;
    }
    (has_digit && (min..=max).contains(&count) && ends_word(f, k)).then_some(k)
}

/// End of nine digits grouped 9, 3-2-4 or 3 2 4 (dash or space).
fn nine_digits_at(f: &str, i: usize) -> Option<usize> {
    let b = f.as_bytes();
    let n = digits(b, i);
    if n == 9 {
        return ends_word(f, i + 9).then_some(i + 9);
    }
    if n != 3 {
        return None;
    }
    let sep = *b.get(i + 3)?;
    if sep != b'-' && sep != b' ' {
        return None;
    }
    if digits(b, i + 4) != 2 || b.get(i + 6) != Some(&sep) || digits(b, i + 7) != 4 {
        return None;
    }
    ends_word(f, i + 11).then_some(i + 11)
}

/// Unlabelled `ddd-dd-dddd` with an area, group and serial the SSA could have issued
/// (SSA POMS RM 10201.060: no area 000, 666 or 900–999, no group 00, no serial 0000).
fn unlabelled_ssns<'r>(f: &str, out: &mut Vec<Found<'r>>) {
    let b = f.as_bytes();
    let mut from = 0;
    while let Some(off) = f[from..].find('-') {
        let dash = from + off;
        from = dash + 1;
        let Some(start) = dash.checked_sub(3) else {
            continue;
        };
        let end = start + 11;
        if end > b.len()
            || digits(b, start) != 3
            || b[dash] != b'-'
            || digits(b, dash + 1) != 2
            || b[dash + 3] != b'-'
            || digits(b, dash + 4) != 4
        {
            continue;
        }
        // Part of a longer number (phone with country code, part number): not an SSN shape.
        let before = start.checked_sub(1).map(|p| b[p]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        if b.get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            continue;
        }
        let (area, group, serial) = (num(b, start, 3), num(b, dash + 1, 2), num(b, dash + 4, 4));
        if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
            continue;
        }
        out.push(Found {
            kind: PhiKind::Ssn,
            start,
            end,
            label: None,
        });
        from = end;
    }
}

/// End of a name: `min_words..=max_words` capitalized words or initials, comma allowed once
/// ("Smith, John"). Stops before a word that starts another label; gives up on placeholders.
fn name_at(line: &FoldedLine, i: usize, min_words: usize, rules: &PhiRules) -> Option<usize> {
    let c = line.cased.as_str();
    let mut k = i;
    let mut words = 0;
    let mut end = i;
    let mut comma = false;
    while words < rules.name_max_words {
        let Some(w) = name_word(c, k) else { break };
        let word = line.folded[k..k + w].trim_end_matches('.');
        if rules.stop_words.iter().any(|s| s == word) {
            break;
        }
        if rules.not_names.iter().any(|s| s == word) {
            // A placeholder first word means a template or heading; later, it just ends the name.
            if words == 0 {
                return None;
            }
            break;
        }
        words += 1;
        end = k + w;
        k = end;
        if !comma && c[k..].starts_with(", ") {
            comma = true;
            k += 2;
        } else if c[k..].starts_with(' ') {
            k += 1;
        } else {
            break;
        }
    }
    (words >= min_words).then_some(end)
}

/// Length of one name word at `i` in the cased line: an initial ("J" / "J.") or a word that starts
/// with an uppercase letter and continues with letters, apostrophes or hyphens.
fn name_word(c: &str, i: usize) -> Option<usize> {
    let rest = c.get(i..)?;
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let mut len = first.len_utf8();
    for (at, ch) in chars {
        if ch.is_alphabetic()
            || ((ch == '\'' || ch == '-')
                && rest[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic))
        {
            len = at + ch.len_utf8();
        } else {
            break;
        }
    }
    if rest[len..].starts_with('.') {
        len += 1;
    }
    // A lone capital must be an initial: followed by '.', space, comma or the end of the line.
    let next = rest[len..].chars().next();
    if next.is_some_and(|n| n.is_alphanumeric() || n == '/') {
        return None;
    }
    Some(len)
}

/// End of 2–3 initials ("JS", "J.S.", "J. R. S.") at `i` in the cased line.
fn initials_at(c: &str, i: usize) -> Option<usize> {
    let b = c.as_bytes();
    let mut k = i;
    let mut n = 0;
    while n < 3 && b.get(k).is_some_and(u8::is_ascii_uppercase) {
        n += 1;
        k += 1;
        if b.get(k) == Some(&b'.') {
            k += 1;
            if b.get(k) == Some(&b' ') && b.get(k + 1).is_some_and(u8::is_ascii_uppercase) {
                k += 1;
            }
        }
    }
    let end = if c[..k].ends_with(' ') { k - 1 } else { k };
    ((2..=3).contains(&n) && !c[end..].chars().next().is_some_and(char::is_alphanumeric))
        .then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        FoldedLine::new(s).folded
    }

    #[test]
    fn dates_in_common_forms() {
        for d in [
            "03/14/1962",
            "3/14/62",
            "14/03/1962",
            "1962-03-14",
            "14.03.1962",
            "march 14, 1962",
            "mar. 14 1962",
            "14 march 1962",
            "14-mar-1962",
            "14-mar-62",
            "sept 3rd, 1962",
        ] {
            let s = f(d);
            assert_eq!(date_at(&s, 0), Some(s.len()), "{d}");
        }
        for d in [
            "13/14/1962",
            "03/14",
            "1962",
            "2024-13-01",
            "march 1962",
            "03/14/19620",
            "0/0/00",
            "__/__/____",
        ] {
            let s = f(d);
            assert_eq!(date_at(&s, 0), None, "{d}");
        }
    }

    #[test]
    fn names_need_capitals_and_no_placeholders() {
        let rules = PhiRules::default_rules().unwrap();
        let l = FoldedLine::new("John Smith DOB");
        assert_eq!(name_at(&l, 0, 2, &rules), Some(10));
        let l = FoldedLine::new("Smith, John");
        assert_eq!(name_at(&l, 0, 2, &rules), Some(11));
        for s in [
            "the patient",
            "First Last",
            "N/A",
            "J5 Smith",
            "Education Materials",
        ] {
            assert_eq!(name_at(&FoldedLine::new(s), 0, 1, &rules), None, "{s}");
        }
    }

    #[test]
    fn columns_count_source_characters() {
        let l = FoldedLine::new("é  DOB");
        assert_eq!(l.folded, "é dob");
        assert_eq!(l.column(l.folded.find("dob").unwrap()), 4);
    }
}
