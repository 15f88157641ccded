//! PHI screen: identifiers in extracted text, reported by kind and position, never by value.
//!
//! Responsible for: finding a label from [`PhiRules`] followed by a value of the right shape (a
//! date, an identifier, a name, a phone number, ...), table header labels carried down their
//! columns, labels at the end of a line whose value starts the next line, titled names
//! ("Mrs. X") and first-person consent wording, and unlabelled shapes that are identifiers by
//! themselves (SSN, e-mail, street address, age over the limit, Medicare MBI). Identifiers of the
//! practice itself ([`KnownIdentifiers`]) and numbers behind supply/standard labels are skipped.
//! Not responsible for: unlabelled names in free prose, images, or deciding that a document is
//! PHI-free — a clean screen supports, never replaces, the practice's own privacy review.
//!
//! Leak-proofing: a [`PhiHit`] holds only the kind, the position and a redacted string built from
//! the rule's label and a fixed placeholder, so neither `Debug` nor `Display` can show the value.

use std::collections::HashSet;
use std::fmt;

use super::rules::{Entry, PhiRules, Role, index_key};
use super::{Part, TextUnit};

/// The kind of identifier a hit looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PhiKind {
    /// A date of birth.
    DateOfBirth,
    /// A medical record, chart or patient account number.
    MedicalRecordNumber,
    /// A Social Security number (labelled, or unlabelled `ddd-dd-dddd`).
    Ssn,
    /// A patient name or patient initials.
    PatientName,
    /// A visit, service, infusion, treatment, admission or discharge date.
    VisitDate,
    /// A phone number that is not the practice's.
    Phone,
    /// An e-mail address outside the practice's domains.
    Email,
    /// A street address that is not the practice's.
    Address,
    /// An age at or above the screen's limit (HIPAA treats ages over 89 as identifiers).
    Age,
    /// An insurance, member, Medicare or Medicaid identifier.
    InsuranceId,
    /// A device serial number (port, pump, implant).
    DeviceSerial,
}

impl PhiKind {
    /// Every kind, in a stable order.
    pub const ALL: [PhiKind; 11] = [
        PhiKind::DateOfBirth,
        PhiKind::MedicalRecordNumber,
        PhiKind::Ssn,
        PhiKind::PatientName,
        PhiKind::VisitDate,
        PhiKind::Phone,
        PhiKind::Email,
        PhiKind::Address,
        PhiKind::Age,
        PhiKind::InsuranceId,
        PhiKind::DeviceSerial,
    ];

    /// Stable short code for reports.
    pub fn code(self) -> &'static str {
        match self {
            PhiKind::DateOfBirth => "dob",
            PhiKind::MedicalRecordNumber => "mrn",
            PhiKind::Ssn => "ssn",
            PhiKind::PatientName => "patient-name",
            PhiKind::VisitDate => "visit-date",
            PhiKind::Phone => "phone",
            PhiKind::Email => "email",
            PhiKind::Address => "address",
            PhiKind::Age => "age",
            PhiKind::InsuranceId => "insurance-id",
            PhiKind::DeviceSerial => "device-serial",
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
            PhiKind::Phone => "phone number",
            PhiKind::Email => "e-mail address",
            PhiKind::Address => "street address",
            PhiKind::Age => "age in the top band",
            PhiKind::InsuranceId => "insurance or member id",
            PhiKind::DeviceSerial => "device serial number",
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            PhiKind::DateOfBirth | PhiKind::VisitDate => "[date redacted]",
            PhiKind::MedicalRecordNumber
            | PhiKind::Ssn
            | PhiKind::Phone
            | PhiKind::InsuranceId
            | PhiKind::DeviceSerial => "[number redacted]",
            PhiKind::PatientName => "[name redacted]",
            PhiKind::Email => "[e-mail redacted]",
            PhiKind::Address => "[address redacted]",
            PhiKind::Age => "[age redacted]",
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
    /// Which part of the document (body, a DOCX header, footnotes, ...).
    pub part: Part,
    /// 1-based page for PDFs; `None` otherwise.
    pub page: Option<u32>,
    /// 1-based line (within the page for PDFs, within the part for DOCX).
    pub line: u32,
    /// 1-based character column where the label (or unlabelled value) starts.
    pub column: u32,
    /// The rule's label and a placeholder, e.g. `DOB: [date redacted]`; never document text.
    pub redacted: String,
}

impl fmt::Display for PhiHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.part != Part::Body {
            write!(f, "{}, ", self.part)?;
        }
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

/// The practice's own identifiers, from the application file: never reported as PHI.
///
/// The caller fills it with the values as written (any formatting); the screen normalizes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KnownIdentifiers {
    /// Staff, physician and contact names ("Karen Whitfield", "Whitfield, Karen").
    pub names: Vec<String>,
    /// Phone and fax numbers, any format.
    pub phones: Vec<String>,
    /// E-mail addresses or bare domains; every address at these domains is the practice's.
    pub emails: Vec<String>,
    /// Street addresses ("1200 Oak Street"): matched on house number and first street word.
    pub addresses: Vec<String>,
    /// NPIs and other practice identifiers (tax ids), any format.
    pub numbers: Vec<String>,
}

/// Result of [`screen_document`]: the first hits, and how many more were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Screened {
    /// At most `[report] max_findings_per_document` hits, in document order.
    pub hits: Vec<PhiHit>,
    /// Hits found beyond the limit (report them as one summary).
    pub omitted: usize,
}

/// Screen extracted text; hits come back in document order, at most one per span of text.
pub fn screen(units: &[TextUnit], rules: &PhiRules) -> Vec<PhiHit> {
    screen_with(units, rules, &KnownIdentifiers::default())
}

/// [`screen`], skipping the practice's own identifiers; no limit on the number of hits.
pub fn screen_with(units: &[TextUnit], rules: &PhiRules, known: &KnownIdentifiers) -> Vec<PhiHit> {
    run(units, rules, known, usize::MAX).hits
}

/// [`screen_with`] under the per-document findings budget (`[report]` in the rules).
pub fn screen_document(units: &[TextUnit], rules: &PhiRules, known: &KnownIdentifiers) -> Screened {
    run(units, rules, known, rules.max_findings_per_document)
}

/// The practice's identifiers in matching form.
struct Known {
    /// Folded words (longer than one letter) of each known name.
    names: Vec<Vec<String>>,
    phones: HashSet<String>,
    domains: Vec<String>,
    /// (house number, first street word) of each address.
    addresses: Vec<(String, String)>,
    numbers: HashSet<String>,
}

fn name_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| w.chars().count() > 1)
        .map(|w| w.chars().map(fold_char).collect())
        .collect()
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Last ten digits of a North American number (drops a leading country code).
fn phone_key(s: &str) -> String {
    let d = digits_of(s);
    d[d.len().saturating_sub(10)..].to_owned()
}

impl Known {
    fn new(k: &KnownIdentifiers) -> Known {
        Known {
            names: k
                .names
                .iter()
                .map(|n| name_words(n))
                .filter(|w| !w.is_empty())
                .collect(),
            phones: k
                .phones
                .iter()
                .map(|p| phone_key(p))
                .filter(|p| p.len() == 10)
                .collect(),
            domains: k
                .emails
                .iter()
                .map(|e| {
                    let d = e.rsplit('@').next().unwrap_or(e);
                    d.trim().chars().map(fold_char).collect::<String>()
                })
                .filter(|d| d.contains('.'))
                .collect(),
            addresses: k
                .addresses
                .iter()
                .filter_map(|a| {
                    let mut w = a.split_whitespace();
                    let num = w.next()?;
                    let street = w.find(|s| !is_direction(&s.to_ascii_lowercase()))?;
                    num.bytes().all(|b| b.is_ascii_digit()).then(|| {
                        (
                            num.to_owned(),
                            street.chars().map(fold_char).collect::<String>(),
                        )
                    })
                })
                .collect(),
            numbers: k
                .numbers
                .iter()
                .map(|n| digits_of(n))
                .filter(|n| n.len() >= 5)
                .collect(),
        }
    }

    /// Whether every name word of the value belongs to one known person.
    fn is_name(&self, folded_value: &str) -> bool {
        let words = name_words(folded_value);
        !words.is_empty()
            && self
                .names
                .iter()
                .any(|n| words.iter().all(|w| n.contains(w)))
    }
}

fn is_direction(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "n" | "s" | "e" | "w" | "ne" | "nw" | "se" | "sw" | "north" | "south" | "east" | "west"
    )
}

struct Found<'r> {
    kind: PhiKind,
    start: usize,
    end: usize,
    label: Option<&'r Entry>,
    /// Carried down a table column from its header.
    column: bool,
}

/// State carried from line to line.
#[derive(Default)]
struct State {
    part: Part,
    /// Column roles (entry index) of the table being read, from its header row.
    table: Option<Vec<Option<u32>>>,
    /// A value-taking label ended the previous line.
    pending: Option<u32>,
    /// Page and line of the previous unit: a pending label only reaches the very next line.
    prev: Option<(Option<u32>, u32)>,
    /// Index of the last unit with a patient word.
    last_patient: Option<usize>,
}

fn run(units: &[TextUnit], rules: &PhiRules, known: &KnownIdentifiers, max: usize) -> Screened {
    let known = Known::new(known);
    let mut out = Screened::default();
    let mut state = State::default();
    let mut found: Vec<Found<'_>> = Vec::new();
    for (ui, unit) in units.iter().enumerate() {
        if unit.part != state.part {
            state = State {
                part: unit.part,
                ..State::default()
            };
        }
        if state.prev != Some((unit.page, unit.line.wrapping_sub(1))) {
            state.pending = None;
        }
        state.prev = Some((unit.page, unit.line));
        if unit.text.trim().is_empty() {
            state.pending = None;
        }
        let line = FoldedLine::new(&unit.text);
        found.clear();
        scan_line(&line, rules, &known, &mut state, ui, &mut found);
        // Earliest start wins, then the longest span, so "medical record number" beats "medical record".
        found.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut covered = 0;
        for h in &found {
            if h.start < covered {
                continue;
            }
            covered = h.end;
            if out.hits.len() >= max {
                out.omitted += 1;
                continue;
            }
            let redacted = match (h.label, h.column) {
                (Some(l), true) => format!("{} column: {}", l.label.display, h.kind.placeholder()),
                (Some(l), false) => format!("{}: {}", l.label.display, h.kind.placeholder()),
                (None, _) => h.kind.placeholder().to_owned(),
            };
            out.hits.push(PhiHit {
                kind: h.kind,
                part: unit.part,
                page: unit.page,
                line: unit.line,
                column: line.column(h.start),
                redacted,
            });
        }
    }
    out
}

/// A line folded for matching: `folded` (lowercase) and `cased` share byte offsets.
struct FoldedLine<'t> {
    folded: String,
    cased: String,
    /// The source text, to turn a byte offset back into a character column (only for hits).
    source: &'t str,
}

/// Canonical form of one character for matching: spaces, quotes and dashes unified, ASCII
/// lowercased. Tabs stay tabs: they separate table cells.
pub(crate) fn fold_char(c: char) -> char {
    unify(c).to_ascii_lowercase()
}

fn unify(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{FF03}' => '#',
        '\u{FF1A}' => ':',
        '\t' => '\t',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

impl<'t> FoldedLine<'t> {
    fn new(text: &'t str) -> FoldedLine<'t> {
        let mut cased = String::with_capacity(text.len());
        if text.is_ascii() {
            // Fast path: bytes map one to one.
            let mut v = Vec::with_capacity(text.len());
            for &b in text.as_bytes() {
                let u = match b {
                    b'`' => b'\'',
                    b'\t' => b'\t',
                    b' ' | b'\n' | b'\r' | 0x0B | 0x0C => b' ',
                    b => b,
                };
                if u == b' ' && matches!(v.last(), Some(b' ' | b'\t')) {
                    continue;
                }
                v.push(u);
            }
            cased = String::from_utf8(v).unwrap_or_default();
        } else {
            for c in text.chars() {
                let u = unify(c);
                if u == ' ' && (cased.ends_with(' ') || cased.ends_with('\t')) {
                    continue;
                }
                cased.push(u);
            }
        }
        // ASCII lowercasing keeps byte lengths, so the two strings stay aligned.
        let folded = cased.to_ascii_lowercase();
        FoldedLine {
            folded,
            cased,
            source: text,
        }
    }

    /// 1-based source character column of byte `byte` of the folded line.
    fn column(&self, byte: usize) -> u32 {
        let mut at = 0usize;
        let mut last = None;
        for (i, c) in self.source.chars().enumerate() {
            let u = unify(c);
            if u == ' ' && matches!(last, Some(' ' | '\t')) {
                continue;
            }
            last = Some(u);
            if at >= byte {
                return u32::try_from(i + 1).unwrap_or(u32::MAX);
            }
            at += u.len_utf8();
        }
        0
    }
}

/// A label occurrence in a line.
#[derive(Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    entry: u32,
}

/// Line-level context for value checks.
struct Ctx<'a, 'r> {
    line: &'a FoldedLine<'a>,
    rules: &'r PhiRules,
    known: &'a Known,
    patient_near: bool,
    patient_here: bool,
    policy_here: bool,
}

fn scan_line<'r>(
    line: &FoldedLine<'_>,
    rules: &'r PhiRules,
    known: &Known,
    state: &mut State,
    ui: usize,
    out: &mut Vec<Found<'r>>,
) {
    let f = line.folded.as_str();
    let b = f.as_bytes();
    if f.trim().is_empty() {
        return;
    }
    // 1. Every label occurrence, looked up by the leading letters of each word.
    let mut ms: Vec<Match> = Vec::new();
    let (mut patient_here, mut policy_here, mut institution_here) = (false, false, false);
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_lowercase() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let key = index_key(&f[i..]);
            if let Some(list) = rules.index.get(key) {
                for &ix in list {
                    let e = &rules.entries[ix as usize];
                    let l = e.label.folded.as_str();
                    if !f[i..].starts_with(l) {
                        continue;
                    }
                    let end = i + l.len();
                    let last_alnum = l.as_bytes()[l.len() - 1].is_ascii_alphanumeric();
                    let next = b.get(end).copied();
                    let glued = e.role == Role::Mrn && next.is_some_and(|c| c.is_ascii_digit());
                    if last_alnum && next.is_some_and(|c| c.is_ascii_alphanumeric()) && !glued {
                        continue;
                    }
                    match e.role {
                        Role::PatientWord => patient_here = true,
                        Role::PolicyWord => policy_here = true,
                        Role::Institution => institution_here = true,
                        Role::AgeGroup => {}
                        _ => ms.push(Match {
                            start: i,
                            end,
                            entry: ix,
                        }),
                    }
                }
            }
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    if patient_here {
        state.last_patient = Some(ui);
    }
    let patient_near = state
        .last_patient
        .is_some_and(|p| ui - p <= rules.context_lines as usize);
    ms.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let ctx = Ctx {
        line,
        rules,
        known,
        patient_near,
        patient_here,
        policy_here,
    };

    // 2. Tables: a header row of labels carries each label down its column.
    let has_cells = b.iter().any(|&c| c == b'\t' || c == b'|');
    if has_cells {
        let cells = split_cells(f);
        if cells.iter().filter(|c| c.0 < c.1).count() >= 2 {
            let cols: Vec<Option<u32>> = cells
                .iter()
                .map(|&(s, e)| whole_cell_label(f, &ms, rules, s, e))
                .collect();
            let labelled = cols.iter().flatten().count();
            let non_date = cols
                .iter()
                .flatten()
                .any(|&ix| rules.entries[ix as usize].role != Role::DateColumn);
            if labelled >= 2 && non_date {
                state.table = Some(cols);
                state.pending = None;
                return;
            }
            if let Some(cols) = &state.table {
                for (ci, &(s, e)) in cells.iter().enumerate() {
                    let Some(Some(ix)) = cols.get(ci) else {
                        continue;
                    };
                    if s >= e {
                        continue;
                    }
                    let entry = &rules.entries[*ix as usize];
                    let role = match entry.role {
                        Role::DateColumn => Role::VisitStrong,
                        r => r,
                    };
                    if let Some((kind, end)) = value_for(&ctx, role, s, true, true) {
                        out.push(Found {
                            kind,
                            start: s,
                            end: end.min(e).max(s + 1),
                            label: Some(entry),
                            column: true,
                        });
                    }
                }
                state.pending = None;
                return;
            }
        }
    } else {
        state.table = None;
    }

    // 3. A label that ended the previous line takes its value from the start of this one.
    if let Some(ix) = state.pending.take() {
        let entry = &rules.entries[ix as usize];
        let v = b
            .iter()
            .position(|c| *c != b' ' && *c != b'\t')
            .unwrap_or(0);
        if let Some((kind, end)) = value_for(&ctx, entry.role, v, true, false) {
            out.push(Found {
                kind,
                start: v,
                end,
                label: Some(entry),
                column: false,
            });
        }
    }

    // 4. Labels followed by values.
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    let mut consumed = 0;
    for m in &ms {
        if m.start < consumed {
            continue;
        }
        let entry = &rules.entries[m.entry as usize];
        match entry.role {
            Role::NotPhiNumber => {
                if let Some((v, _)) = separator(f, m.end) {
                    let end = token_end(f, v);
                    blocked.push((m.start, end));
                    consumed = end;
                }
                continue;
            }
            Role::DateColumn => continue,
            Role::LineStartName => {
                let before = f[..m.start].trim_end_matches([' ', '\t', '|']);
                if !before.is_empty() && !before.ends_with(['\t', '|']) {
                    continue;
                }
            }
            Role::FirstPerson => {
                let before = f[..m.start].trim_end();
                if !(before.is_empty() || before.ends_with(['.', '"', '\t', '|'])) {
                    continue;
                }
            }
            _ => {}
        }
        let Some((v, punct)) = separator(f, m.end) else {
            if !matches!(
                entry.role,
                Role::Title | Role::FirstPerson | Role::VisitProse | Role::Person
            ) {
                state.pending = Some(m.entry);
            }
            continue;
        };
        if let Some((kind, end)) = value_for(&ctx, entry.role, v, punct, false) {
            out.push(Found {
                kind,
                start: m.start,
                end,
                label: Some(entry),
                column: false,
            });
            consumed = end;
        }
    }

    // 5. Shapes that are identifiers without a label.
    let has_digit = b.iter().any(u8::is_ascii_digit);
    let before = out.len();
    if has_digit {
        if rules.ssn_unlabelled {
            unlabelled_ssns(f, out);
        }
        ages(&ctx, out);
        if rules.address_unlabelled && !institution_here {
            addresses(&ctx, out);
        }
        if rules.mbi_unlabelled {
            mbis(f, out);
        }
    }
    if rules.email_unlabelled && b.contains(&b'@') {
        emails(&ctx, out);
    }
    if !blocked.is_empty() {
        let mut k = before;
        while k < out.len() {
            let s = out[k].start;
            if blocked.iter().any(|&(a, z)| s >= a && s < z) {
                out.swap_remove(k);
            } else {
                k += 1;
            }
        }
    }
}

/// Cells of a line split at tabs and `|`, trimmed; a trailing empty cell is dropped.
fn split_cells(f: &str) -> Vec<(usize, usize)> {
    let b = f.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0;
    for i in 0..=b.len() {
        if i == b.len() || b[i] == b'\t' || b[i] == b'|' {
            let mut s = start;
            let mut e = i;
            while s < e && b[s] == b' ' {
                s += 1;
            }
            while e > s && b[e - 1] == b' ' {
                e -= 1;
            }
            cells.push((s, e));
            start = i + 1;
        }
    }
    if cells.last().is_some_and(|c| c.0 == c.1) {
        cells.pop();
    }
    cells
}

/// The label that fills a cell by itself (trailing `:`/`#`/`.` allowed), if any.
fn whole_cell_label(f: &str, ms: &[Match], rules: &PhiRules, s: usize, e: usize) -> Option<u32> {
    ms.iter()
        .filter(|m| m.start == s && m.end <= e)
        .find(|m| {
            let role = rules.entries[m.entry as usize].role;
            role != Role::NotPhiNumber
                && f[m.end..e]
                    .bytes()
                    .all(|c| matches!(c, b':' | b'#' | b'.' | b' '))
        })
        .map(|m| m.entry)
}

/// Skip spaces, tabs and up to two of `: # = -` (e.g. "MRN#: "). Returns the value's start and
/// whether a `:` or `-` was present, or `None` when nothing follows.
fn separator(f: &str, mut i: usize) -> Option<(usize, bool)> {
    let b = f.as_bytes();
    let mut punct = 0;
    let mut strong = false;
    loop {
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(&c @ (b':' | b'#' | b'=' | b'-')) if punct < 2 => {
                strong |= c == b':' || c == b'-';
                punct += 1;
                i += 1;
            }
            Some(_) => break,
            None => return None,
        }
    }
    Some((i, strong))
}

/// End of the token at `i`: letters, digits and `- . / #` inside.
fn token_end(f: &str, i: usize) -> usize {
    let b = f.as_bytes();
    let mut k = i;
    while k < b.len()
        && (b[k].is_ascii_alphanumeric()
            || (matches!(b[k], b'-' | b'.' | b'/' | b'#')
                && b.get(k + 1).is_some_and(u8::is_ascii_alphanumeric)))
    {
        k += 1;
    }
    k
}

/// The value a label of `role` takes at `v`: its kind and end, or `None`.
/// `punct`: a `:` or `-` separated label and value. `cell`: the value fills a table cell.
fn value_for(
    ctx: &Ctx<'_, '_>,
    role: Role,
    v: usize,
    punct: bool,
    cell: bool,
) -> Option<(PhiKind, usize)> {
    let f = ctx.line.folded.as_str();
    let r = ctx.rules;
    match role {
        Role::Dob => dob_at(f, v).map(|e| (PhiKind::DateOfBirth, e)),
        Role::Mrn => identifier_at(f, v, r.mrn_min_len, r.mrn_max_len)
            .filter(|&e| !ctx.known.numbers.contains(&digits_of(&f[v..e])))
            .map(|e| (PhiKind::MedicalRecordNumber, e)),
        Role::Ssn => nine_digits_at(f, v).map(|e| (PhiKind::Ssn, e)),
        Role::NameField => person_at(ctx, v, 1).map(|e| (PhiKind::PatientName, e)),
        Role::LineStartName => person_at(ctx, v, 2).map(|e| (PhiKind::PatientName, e)),
        Role::Person if punct || cell => initials_at(ctx, v)
            .or_else(|| person_at(ctx, v, 1))
            .map(|e| (PhiKind::PatientName, e)),
        // Without ":" only initials ("pt J.D. received"), so "Patient Safety" stays a heading.
        Role::Person => initials_at(ctx, v).map(|e| (PhiKind::PatientName, e)),
        Role::Initials => initials_at(ctx, v).map(|e| (PhiKind::PatientName, e)),
        Role::Title => {
            let w = name_word(&ctx.line.cased, v)?;
            let word = f[v..v + w].trim_end_matches('.');
            (word.len() > 1
                && !r.not_names.contains(word)
                && !r.stop_words.contains(word)
                && !ctx.known.is_name(word))
            .then_some((PhiKind::PatientName, v + w))
        }
        Role::FirstPerson => {
            let e = name_at(ctx.line, v, 2, r)?;
            (f[e..].starts_with(',') && !ctx.known.is_name(&f[v..e]))
                .then_some((PhiKind::PatientName, e))
        }
        Role::VisitStrong | Role::DateColumn => date_at(f, v).map(|e| (PhiKind::VisitDate, e)),
        Role::VisitWeak => (ctx.patient_near && !ctx.policy_here)
            .then(|| date_at(f, v))
            .flatten()
            .map(|e| (PhiKind::VisitDate, e)),
        Role::VisitProse => (ctx.patient_here && !ctx.policy_here)
            .then(|| date_at(f, v))
            .flatten()
            .map(|e| (PhiKind::VisitDate, e)),
        Role::Phone => {
            let e = phone_at(f, v)?;
            let key = phone_key(&f[v..e]);
            (!r.toll_free.iter().any(|t| key.starts_with(t.as_str()))
                && !ctx.known.phones.contains(&key))
            .then_some((PhiKind::Phone, e))
        }
        Role::Address => address_at(ctx, v, false).map(|e| (PhiKind::Address, e)),
        Role::Age => age_at(ctx, v, false).map(|e| (PhiKind::Age, e)),
        Role::Insurance => identifier_at(f, v, r.insurance_min_len, r.insurance_max_len)
            .filter(|&e| !ctx.known.numbers.contains(&digits_of(&f[v..e])))
            .map(|e| (PhiKind::InsuranceId, e)),
        Role::Serial => identifier_at(f, v, r.serial_min_len, r.serial_max_len)
            .map(|e| (PhiKind::DeviceSerial, e)),
        Role::NotPhiNumber
        | Role::PatientWord
        | Role::PolicyWord
        | Role::AgeGroup
        | Role::Institution => None,
    }
}

/// A name after a label: `min_words` or more name words, not a placeholder, not the practice's.
fn person_at(ctx: &Ctx<'_, '_>, v: usize, min_words: usize) -> Option<usize> {
    let e = name_at(ctx.line, v, min_words, ctx.rules)?;
    (!ctx.known.is_name(&ctx.line.folded[v..e])).then_some(e)
}

/// A date of birth: any full date, or compact MMDDYY / MMDDYYYY.
fn dob_at(f: &str, i: usize) -> Option<usize> {
    if let Some(e) = date_at(f, i) {
        return Some(e);
    }
    let b = f.as_bytes();
    let n = digits(b, i);
    if (n == 6 || n == 8) && ends_word(f, i + n) {
        let (m, d) = (num(b, i, 2), num(b, i + 2, 2));
        return ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(i + n);
    }
    None
}

/// Unlabelled `ddd-dd-dddd` with an area, group and serial the SSA could have issued
/// (SSA POMS RM 10201.060: no area 000, 666 or 900–999, no group 00, no serial 0000).
fn unlabelled_ssns(f: &str, out: &mut Vec<Found<'_>>) {
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
            column: false,
        });
        from = end;
    }
}

/// Starts of digit runs that begin a word.
fn number_starts(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..b.len()).filter(move |&i| {
        b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
    })
}

/// Ages at or above the limit before a suffix ("94-year-old", "91 y/o").
fn ages(ctx: &Ctx<'_, '_>, out: &mut Vec<Found<'_>>) {
    let f = ctx.line.folded.as_str();
    for i in number_starts(f.as_bytes()) {
        if let Some(end) = age_at(ctx, i, true) {
            out.push(Found {
                kind: PhiKind::Age,
                start: i,
                end,
                label: None,
                column: false,
            });
        }
    }
}

/// An age at `i`: 2–3 digits at or above the limit, with a suffix when `need_suffix`, and no
/// group word after it ("90 and older" is an age band, not a person).
fn age_at(ctx: &Ctx<'_, '_>, i: usize, need_suffix: bool) -> Option<usize> {
    let f = ctx.line.folded.as_str();
    let b = f.as_bytes();
    let n = digits(b, i);
    if !(2..=3).contains(&n) || num(b, i, n) < ctx.rules.min_age {
        return None;
    }
    let mut end = i + n;
    let suffix = ctx
        .rules
        .age_suffixes
        .iter()
        .find(|s| f[end..].starts_with(s.as_str()) && ends_word(f, end + s.len()));
    match suffix {
        Some(s) => end += s.len(),
        None if need_suffix => return None,
        None => {
            if !ends_word(f, end) {
                return None;
            }
        }
    }
    let rest = f[end..].trim_start();
    let grouped = ctx
        .rules
        .labels_of(Role::AgeGroup)
        .any(|g| rest.starts_with(g.folded.as_str()) || f[i + n..].starts_with(g.folded.as_str()));
    (!grouped).then_some(end)
}

/// Street addresses without a label: house number, capitalized words, a street suffix.
fn addresses(ctx: &Ctx<'_, '_>, out: &mut Vec<Found<'_>>) {
    let f = ctx.line.folded.as_str();
    for i in number_starts(f.as_bytes()) {
        if let Some(end) = address_at(ctx, i, true) {
            out.push(Found {
                kind: PhiKind::Address,
                start: i,
                end,
                label: None,
                column: false,
            });
        }
    }
}

/// An address at `i`: 1–5 digits, an optional direction, capitalized words, and (when
/// `need_suffix`) a street suffix. The practice's own addresses are skipped.
fn address_at(ctx: &Ctx<'_, '_>, i: usize, need_suffix: bool) -> Option<usize> {
    let f = ctx.line.folded.as_str();
    let c = ctx.line.cased.as_str();
    let b = f.as_bytes();
    let n = digits(b, i);
    if !(1..=5).contains(&n) || b.get(i + n) != Some(&b' ') {
        return None;
    }
    let number = &f[i..i + n];
    let mut k = i + n + 1;
    let mut words = 0;
    let mut first_word: Option<&str> = None;
    let mut end = None;
    while words < 5 {
        let w = name_word(c, k)?;
        let word = f[k..k + w].trim_end_matches('.');
        if words == 0 && is_direction(word) {
            k += w;
        } else {
            if words > 0 && ctx.rules.street_suffixes.contains(word) {
                end = Some(k + w);
                break;
            }
            if first_word.is_none() {
                first_word = Some(word);
            }
            words += 1;
            k += w;
            end = (!need_suffix).then_some(k);
        }
        if b.get(k) != Some(&b' ') {
            break;
        }
        k += 1;
    }
    let end = end?;
    let first = first_word?;
    let own = ctx
        .known
        .addresses
        .iter()
        .any(|(num, street)| num == number && street == first);
    (!own).then_some(end)
}

/// Unlabelled Medicare Beneficiary Identifiers (CMS MBI format: 11 characters, dashes optional
/// as 4-3-4; letters never S, L, O, I, B or Z).
fn mbis(f: &str, out: &mut Vec<Found<'_>>) {
    let b = f.as_bytes();
    for i in number_starts(b) {
        let mut chars = [0u8; 11];
        let mut n = 0;
        let mut k = i;
        while k < b.len() && n < 11 {
            let c = b[k];
            if c.is_ascii_alphanumeric() {
                chars[n] = c;
                n += 1;
            } else if !(c == b'-' && (n == 4 || n == 7)) {
                break;
            }
            k += 1;
        }
        if n != 11 || b.get(k).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let letter = |c: u8| c.is_ascii_lowercase() && !b"sloibz".contains(&c);
        let alnum = |c: u8| c.is_ascii_digit() || letter(c);
        let ok = (b'1'..=b'9').contains(&chars[0])
            && letter(chars[1])
            && alnum(chars[2])
            && chars[3].is_ascii_digit()
            && letter(chars[4])
            && alnum(chars[5])
            && chars[6].is_ascii_digit()
            && letter(chars[7])
            && letter(chars[8])
            && chars[9].is_ascii_digit()
            && chars[10].is_ascii_digit();
        if ok {
            out.push(Found {
                kind: PhiKind::InsuranceId,
                start: i,
                end: k,
                label: None,
                column: false,
            });
        }
    }
}

/// E-mail addresses outside the practice's domains and the role-account list.
fn emails(ctx: &Ctx<'_, '_>, out: &mut Vec<Found<'_>>) {
    let f = ctx.line.folded.as_str();
    let b = f.as_bytes();
    let local_ok =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    for (at, _) in f.match_indices('@') {
        let mut s = at;
        while s > 0 && local_ok(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
            e += 1;
        }
        while e > at + 1 && b[e - 1] == b'.' {
            e -= 1;
        }
        let local = f[s..at].trim_start_matches('.');
        let domain = &f[at + 1..e];
        if local.is_empty() || !domain.contains('.') || domain.starts_with('.') {
            continue;
        }
        if ctx.rules.role_accounts.contains(local) {
            continue;
        }
        let own = ctx
            .known
            .domains
            .iter()
            .chain(&ctx.rules.organization_domains)
            .any(|d| {
                domain == d
                    || domain
                        .strip_suffix(d.as_str())
                        .is_some_and(|p| p.ends_with('.'))
            });
        if own {
            continue;
        }
        out.push(Found {
            kind: PhiKind::Email,
            start: s,
            end: e,
            label: None,
            column: false,
        });
    }
}

/// End of a North American phone number at `i`: (217) 555-0148, 217-555-0148, 217.555.0148,
/// 217 555 0148, 2175550148, with an optional +1 / 1- prefix.
fn phone_at(f: &str, i: usize) -> Option<usize> {
    let b = f.as_bytes();
    let mut k = i;
    if f[k..].starts_with("+1") {
        k += 2;
        if matches!(b.get(k), Some(b' ' | b'-' | b'.')) {
            k += 1;
        }
    } else if b.get(k) == Some(&b'1') && matches!(b.get(k + 1), Some(b' ' | b'-' | b'.')) {
        k += 2;
    }
    if digits(b, k) == 10 {
        return ends_word(f, k + 10).then_some(k + 10);
    }
    if b.get(k) == Some(&b'(') {
        if digits(b, k + 1) != 3 || b.get(k + 4) != Some(&b')') {
            return None;
        }
        k += 5;
        if b.get(k) == Some(&b' ') {
            k += 1;
        }
    } else {
        if digits(b, k) != 3 || !matches!(b.get(k + 3), Some(b' ' | b'-' | b'.')) {
            return None;
        }
        k += 4;
    }
    if digits(b, k) != 3 || !matches!(b.get(k + 3), Some(b' ' | b'-' | b'.')) {
        return None;
    }
    k += 4;
    (digits(b, k) == 4 && ends_word(f, k + 4)).then_some(k + 4)
}

/// End of 2–3 initials ("JS", "J.S.", "J. R. S.") at `i`.
/// Words the rules list as never initials (ID, MRN, IV, ...) and label words are refused.
fn initials_at(ctx: &Ctx<'_, '_>, i: usize) -> Option<usize> {
    let c = ctx.line.cased.as_str();
    let b = c.as_bytes();
    let mut k = i;
    let mut n = 0;
    let mut dots = 0;
    while n < 3 && b.get(k).is_some_and(u8::is_ascii_uppercase) {
        n += 1;
        k += 1;
        if b.get(k) == Some(&b'.') {
            dots += 1;
            k += 1;
            if b.get(k) == Some(&b' ') && b.get(k + 1).is_some_and(u8::is_ascii_uppercase) {
                k += 1;
            }
        }
    }
    let end = if c[..k].ends_with(' ') { k - 1 } else { k };
    if !(2..=3).contains(&n) || c[end..].chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let letters: String = ctx.line.folded[i..end]
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if dots == 0
        && (ctx.rules.not_initials.contains(&letters) || ctx.rules.stop_words.contains(&letters))
    {
        return None;
    }
    Some(end)
}

/// End of a name: `min_words..=max_words` capitalized words or initials, comma allowed once
/// ("Smith, John"). Stops before a word that starts another label; gives up on placeholders.
fn name_at(line: &FoldedLine<'_>, i: usize, min_words: usize, rules: &PhiRules) -> Option<usize> {
    let c = line.cased.as_str();
    let mut k = i;
    let mut words = 0;
    let mut end = i;
    let mut comma = false;
    while words < rules.name_max_words {
        let Some(w) = name_word(c, k) else { break };
        let word = line.folded[k..k + w].trim_end_matches('.');
        if rules.stop_words.contains(word) {
            break;
        }
        if rules.not_names.contains(word) {
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
    // "mar 14 '62"
    if b.get(k + 1) == Some(&b'\'') && digits(b, k + 2) == 2 {
        return ends_word(f, k + 4).then_some(k + 4);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PhiRules {
        PhiRules::default_rules().unwrap()
    }

    fn units(text: &str) -> Vec<TextUnit> {
        text.lines()
            .enumerate()
            .map(|(i, l)| TextUnit {
                part: Part::Body,
                page: None,
                line: u32::try_from(i + 1).unwrap(),
                text: l.to_owned(),
            })
            .collect()
    }

    fn staff() -> KnownIdentifiers {
        KnownIdentifiers {
            names: vec!["Karen Whitfield".into(), "Dr. Ellen Pratt".into()],
            phones: vec!["(217) 555-0100".into()],
            emails: vec!["oncology@prairievalley.example.org".into()],
            addresses: vec!["1200 Oak Street".into()],
            numbers: vec!["1234567893".into()],
        }
    }

    fn kinds_of(text: &str) -> Vec<PhiKind> {
        screen_with(&units(text), &rules(), &staff())
            .iter()
            .map(|h| h.kind)
            .collect()
    }

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
            "mar 14 '62",
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
            "031462",
        ] {
            let s = f(d);
            assert_eq!(date_at(&s, 0), None, "{d}");
        }
        // Compact dates only after a date-of-birth label.
        assert_eq!(dob_at("031462", 0), Some(6));
        assert_eq!(dob_at("03141962", 0), Some(8));
        assert_eq!(dob_at("133462", 0), None);
    }

    #[test]
    fn columns_count_source_characters() {
        let l = FoldedLine::new("é  DOB");
        assert_eq!(l.folded, "é dob");
        assert_eq!(l.column(l.folded.find("dob").unwrap()), 4);
    }

    #[test]
    fn phone_shapes() {
        for p in [
            "(217) 555-0148",
            "217-555-0148",
            "217.555.0148",
            "217 555 0148",
            "+1 217 555 0148",
            "1-217-555-0148",
            "2175550148",
        ] {
            assert_eq!(phone_at(p, 0), Some(p.len()), "{p}");
        }
        for p in ["555-0148", "217-555-01489", "(217 555-0148", "12-555-0148"] {
            assert_eq!(phone_at(p, 0), None, "{p}");
        }
    }

    /// A line where `label` is followed by a value it takes, and a near miss that must not fire.
    fn cases(role: Role, label: &str) -> Option<(String, String, PhiKind)> {
        use PhiKind::*;
        Some(match role {
            Role::Dob => (
                format!("{label}: 03/14/1962"),
                format!("{label}: __/__/____"),
                DateOfBirth,
            ),
            Role::Mrn => (
                format!("{label}: 00482913"),
                format!("{label}: 12"),
                MedicalRecordNumber,
            ),
            Role::Ssn => (
                format!("{label}: 412-67-3301"),
                format!("{label}: 412-67"),
                Ssn,
            ),
            Role::NameField => (
                format!("{label}: Maria Lopez"),
                format!("{label}: First Last"),
                PatientName,
            ),
            Role::LineStartName => (
                format!("{label}: Maria Lopez"),
                format!("{label}: Karen Whitfield"),
                PatientName,
            ),
            Role::Person => (
                format!("{label}: Maria Lopez"),
                format!("{label} Safety Committee"),
                PatientName,
            ),
            Role::Initials => (
                format!("{label}: J.D."),
                format!("{label}: ID"),
                PatientName,
            ),
            Role::Title => (
                format!("{label} Lopez called the triage line."),
                format!("{label} Whitfield called the triage line."),
                PatientName,
            ),
            Role::FirstPerson => (
                format!("{label} Maria Lopez, have received the packet."),
                format!("{label} the undersigned, have received the packet."),
                PatientName,
            ),
            Role::VisitStrong => (
                format!("{label}: 04/12/2023"),
                format!("{label}: __/__/____"),
                VisitDate,
            ),
            Role::VisitWeak => (
                format!("The patient was {label} 04/12/2023."),
                format!("All patients {label} 04/12/2023 and later follow it."),
                VisitDate,
            ),
            Role::VisitProse => (
                format!("Patient arrived {label} 04/12/2023."),
                format!("Training was held {label} 04/12/2023."),
                VisitDate,
            ),
            Role::Phone => (
                format!("{label}: (217) 555-0148"),
                format!("{label}: (217) 555-0100"),
                Phone,
            ),
            Role::Address => (
                format!("{label}: 4418 Birch Street"),
                format!("{label}: see the intake form"),
                Address,
            ),
            Role::Age => (
                format!("Case: {label} 94 with anemia."),
                format!("Patients {label} 90 and older are assessed."),
                Age,
            ),
            Role::Insurance => (
                format!("{label}: WXQ882311470"),
                format!("{label}: 1234"),
                InsuranceId,
            ),
            Role::Serial => (
                format!("{label}: PT-339182"),
                format!("{label}: pending"),
                DeviceSerial,
            ),
            _ => return None,
        })
    }

    #[test]
    fn every_label_fires_and_has_a_near_miss() {
        let r = rules();
        let mut checked = 0;
        for e in &r.entries {
            let Some((fire, miss, kind)) = cases(e.role, &e.label.display) else {
                continue;
            };
            let got = kinds_of(&fire);
            assert!(
                got.contains(&kind),
                "{:?} {:?}: {fire:?} gave {got:?}",
                e.role,
                e.label.display
            );
            let got = kinds_of(&miss);
            assert!(
                got.is_empty(),
                "{:?} {:?}: near miss {miss:?} gave {got:?}",
                e.role,
                e.label.display
            );
            checked += 1;
        }
        assert!(checked > 150, "{checked}");
    }

    #[test]
    fn every_marker_word_entry_changes_the_verdict() {
        let r = rules();
        for w in r.labels_of(Role::PatientWord) {
            let fire = format!("{} seen 04/12/2023", w.display);
            assert!(kinds_of(&fire).contains(&PhiKind::VisitDate), "{fire}");
        }
        assert!(kinds_of("Staff seen 04/12/2023").is_empty());
        for w in r.labels_of(Role::PolicyWord) {
            let miss = format!("Patient seen 04/12/2023 {}", w.display);
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        assert_eq!(
            kinds_of("Patient seen 04/12/2023"),
            vec![PhiKind::VisitDate]
        );
        for g in r.labels_of(Role::AgeGroup) {
            let miss = format!("Patients aged 90 {} get an assessment", g.display);
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        assert_eq!(kinds_of("A woman aged 94 declined."), vec![PhiKind::Age]);
        for l in r.labels_of(Role::NotPhiNumber) {
            let miss = format!("Kit {} 381-23-4410", l.display);
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        assert_eq!(kinds_of("Kit 381-23-4410"), vec![PhiKind::Ssn]);
        for c in r.labels_of(Role::DateColumn) {
            let table = format!("{} | MRN\n04/12/2023 | 00482913", c.display);
            assert_eq!(
                kinds_of(&table),
                vec![PhiKind::VisitDate, PhiKind::MedicalRecordNumber],
                "{table}"
            );
            let miss = format!("{} | Reaction grade\n04/12/2023 | 2", c.display);
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
    }

    #[test]
    fn every_list_entry_fires_or_vetoes() {
        let r = rules();
        for w in &r.not_names {
            let cap: String = w
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            let miss = format!("Patient name: {cap} Oncology");
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        assert_eq!(
            kinds_of("Patient name: Maria Oncology"),
            vec![PhiKind::PatientName]
        );
        for w in &r.not_initials {
            let miss = format!("Patient initials: {}", w.to_ascii_uppercase());
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        for t in &r.toll_free {
            let miss = format!("Phone: ({t}) 555-0148");
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        for a in &r.role_accounts {
            let miss = format!("Write to {a}@example.org with questions.");
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        assert_eq!(
            kinds_of("Write to mlopez62@example.org."),
            vec![PhiKind::Email]
        );
        assert!(kinds_of("Write to k.whitfield@prairievalley.example.org.").is_empty());
        for d in &r.organization_domains {
            let miss = format!("Write to j.smith@{d} or j.smith@mail.{d}.");
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        for s in &r.street_suffixes {
            let cap = format!("{}{}", s[..1].to_ascii_uppercase(), &s[1..]);
            let fire = format!("Visits at 4418 Birch {cap} were arranged.");
            assert_eq!(kinds_of(&fire), vec![PhiKind::Address], "{fire}");
        }
        assert!(kinds_of("Visits at 4418 Birch were arranged.").is_empty());
        for w in r.labels_of(Role::Institution) {
            let miss = format!("Specimens go to the {} at 4418 Birch Street.", w.display);
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
        assert!(kinds_of("Location: 1200 Oak Street, Springfield").is_empty());
        for s in &r.age_suffixes {
            let fire = format!("A 94{s} woman declined.");
            assert_eq!(kinds_of(&fire), vec![PhiKind::Age], "{fire}");
            let miss = format!("A 45{s} woman declined.");
            assert!(kinds_of(&miss).is_empty(), "{miss}");
        }
    }

    /// Every example in issue 12's text.
    #[test]
    fn issue_examples_fire() {
        use PhiKind::*;
        let cases: &[(&str, &[PhiKind])] = &[
            (
                "Patient: LOPEZ, MARIA   MRN: 00482913   DOB: 03/14/1962",
                &[PatientName, MedicalRecordNumber, DateOfBirth],
            ),
            (
                "Date | Pt initials | MRN\n03/04/2023 | JD | 00482913",
                &[VisitDate, PatientName, MedicalRecordNumber],
            ),
            (
                "Date\tPt initials\tMRN\n03/04/2023\tJD\t00482913",
                &[VisitDate, PatientName, MedicalRecordNumber],
            ),
            ("Date of service: 04/12/2023", &[VisitDate]),
            ("Infusion date: 04/12/2023", &[VisitDate]),
            ("Treatment date: 04/12/2023", &[VisitDate]),
            (
                "on 3/4/2023 pt J.D. received cycle 2",
                &[VisitDate, PatientName],
            ),
            ("Pt: Maria Lopez", &[PatientName]),
            ("Patient: Lopez", &[PatientName]),
            ("Patient: J.D.", &[PatientName]),
            ("Patient: JD", &[PatientName]),
            ("Name: Maria Lopez", &[PatientName]),
            ("Mrs. Lopez reported nausea.", &[PatientName]),
            ("I, Maria Lopez, have received the packet.", &[PatientName]),
            ("Chart #: 00482913", &[MedicalRecordNumber]),
            ("Chart No. 00482913", &[MedicalRecordNumber]),
            ("Record no. 00482913", &[MedicalRecordNumber]),
            ("MRN/CSN: 00482913", &[MedicalRecordNumber]),
            ("MRN00482913", &[MedicalRecordNumber]),
            ("Birthday: 03/14/1962", &[DateOfBirth]),
            ("DOB: Mar 14 '62", &[DateOfBirth]),
            ("DOB: 031462", &[DateOfBirth]),
            ("Social Security: 412 67 3301", &[Ssn]),
            ("SSN/ID: 412-67-3301", &[Ssn]),
            ("Cell: (217) 555-0148", &[Phone]),
            ("E-mail: maria.lopez@example.com", &[Email]),
            ("Home address: 4418 Birch Street, Apt 2", &[Address]),
            ("Case: a 94-year-old woman", &[Age]),
            ("Member ID: WXQ882311470", &[InsuranceId]),
            ("Medicare #: 1EG4-TE5-MK73", &[InsuranceId]),
            ("Beneficiary 1EG4-TE5-MK73 on file", &[InsuranceId]),
            ("Port serial no.: SN-88231-A", &[DeviceSerial]),
            ("Pump S/N: 4471-88213", &[DeviceSerial]),
            // A label at the end of a line, its value on the next (PDF line wrap).
            (
                "The nurse recorded the patient's MRN:\n00482913 before the first dose.",
                &[MedicalRecordNumber],
            ),
            (
                "Home address: 4418 Birch Street, Apt 2, Springfield",
                &[Address],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&kinds_of(text), want, "{text}");
        }
    }

    /// The false alarms issue 12 lists never fire.
    #[test]
    fn issue_false_alarms_stay_quiet() {
        for text in [
            "Population \u{2014} Patient: Adult Oncology",
            "This policy applies to all patients seen on 07/01/2024 and later.",
            "Order spill kits on supplier account number 4471882.",
            "Chemotherapy spill kit, catalogue no. 381-23-4410.",
            "Pt initials | MRN",
            "Date | Pt initials | MRN\n | | ",
            "Effective date: 07/01/2024",
            "Approved by: Dr. Karen Whitfield, Medical Director",
            "Call the clinic at (217) 555-0100.",
            "Patients aged 90 and older receive a geriatric assessment.",
            "Carboplatin AUC 5 IV; ondansetron 8 mg PO; lot no. 88213A.",
            "Meets ASCO/ONS Standard 1.2.3 and QOPI measure 22; NPI 1234567893.",
            "Patient name: ______________   DOB: __/__/____   MRN: __________",
            "Infusion pump serial numbers are recorded in the equipment log.",
            "Name: Chemotherapy Order Verification",
            "Send specimens to Regional Medical Center, 1500 Hospital Drive, Suite 200.",
            "Order supplies from orders@vendor.example.com.",
            // A label ending a line reaches only the very next line, not past a blank one.
            "Primary contact\nName\n\nPREV. NEXT",
            "Mail the form to 6952 Rote Rd Ste 400, Rockford, IL 61107.",
            "Questions to qopicertification@asco.org.",
        ] {
            assert!(kinds_of(text).is_empty(), "{text}: {:?}", kinds_of(text));
        }
    }

    #[test]
    fn findings_budget_counts_the_rest() {
        let text = "DOB: 03/14/1962\n".repeat(40);
        let s = screen_document(&units(&text), &rules(), &KnownIdentifiers::default());
        assert_eq!(s.hits.len(), rules().max_findings_per_document);
        assert_eq!(s.hits.len() + s.omitted, 40);
    }

    #[test]
    fn hits_name_the_part_and_never_the_value() {
        let mut u = units("Patient: Maria Lopez");
        u[0].part = Part::Header(2);
        let h = &screen(&u, &rules())[0];
        assert_eq!(
            h.to_string(),
            "header 2, line 1, column 1: possible patient name (patient: [name redacted])"
        );
        assert!(!format!("{h:?}").contains("Lopez"));
    }
}
