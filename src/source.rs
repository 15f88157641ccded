//! Source files and positions: where in a YAML file a finding points.
//!
//! The fast typed parse (yaml_serde) keeps no positions once it succeeds. Rather than pay for
//! positions on every file, qcp records a finding's *YAML path* (`rounds[0].overall_score`) and,
//! only when a file has findings, walks the file once more with an event parser that reports
//! marks (saphyr-parser) to turn each path into a line and column. Clean files pay nothing; a
//! file with findings pays one extra scan. `docs/DESIGN.md` records the measurements behind this.
//!
//! This module does not read files from disk; callers pass the text they read.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser};
use serde::Serialize;

/// A 1-based line and column in a source file (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text` (clamped to the text, and back to a character
    /// boundary): the one offset → line:column function of qcp.
    #[must_use]
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A text file qcp has read, kept so findings can be located and quoted.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (used in messages).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Byte offset of each line's start, built on first use (findings quote lines by number;
    /// a scan per finding made files with many findings quadratic).
    line_starts: Box<std::sync::OnceLock<Vec<usize>>>,
}

impl SourceFile {
    /// Wraps text read from `path`.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            line_starts: Box::default(),
        }
    }

    /// The path for display.
    #[must_use]
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    /// The text of line `n` (1-based), without its line ending.
    #[must_use]
    pub fn line(&self, n: usize) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(n.checked_sub(1)?)?;
        if start >= self.text.len() && n > 1 {
            return None; // after a final newline there is no further line
        }
        let rest = self.text.get(start..)?;
        let line = rest.split('\n').next().unwrap_or("");
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// A source line prepared for quoting under a message: at most [`Snippet::WIDTH`] characters
/// around the column, with the underline covering the whole value that starts there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text to print (shortened with `…` at either end when the line is long).
    pub text: String,
    /// Characters before the underline, within `text`.
    pub caret_start: usize,
    /// Length of the underline in characters (at least 1).
    pub caret_len: usize,
}

impl Snippet {
    /// The widest snippet printed, in characters.
    pub const WIDTH: usize = 100;

    /// Quotes `line` with the value starting at 1-based character `column` underlined.
    #[must_use]
    pub fn of(line: &str, column: usize) -> Snippet {
        let chars: Vec<char> = line.chars().collect();
        let start = column.saturating_sub(1).min(chars.len());
        let value_len = value_extent(&chars, start);
        // The window: start a little before the column, never wider than WIDTH.
        let lead = 20usize;
        let from = if chars.len() <= Self::WIDTH {
            0
        } else {
            start.saturating_sub(lead)
        };
        let to = chars.len().min(from + Self::WIDTH);
        let mut text = String::new();
        let mut caret_start = start - from;
        if from > 0 {
            text.push('…');
            caret_start += 1;
        }
        text.extend(&chars[from..to]);
        if to < chars.len() {
            text.push('…');
        }
        let visible = to.saturating_sub(start);
        Snippet {
            text,
            caret_start,
            caret_len: value_len.min(visible).max(1),
        }
    }
}

/// How many characters the value starting at `start` spans on its line: a quoted scalar to
/// its closing quote, a flow collection to its closing bracket, a plain scalar to the end of
/// the line (before a comment), or to the next `,` `]` `}` inside a flow collection.
fn value_extent(chars: &[char], start: usize) -> usize {
    let rest = chars.get(start..).unwrap_or(&[]);
    let Some(&first) = rest.first() else {
        return 1;
    };
    match first {
        '"' | '\'' => {
            let mut i = 1;
            while i < rest.len() {
                if rest[i] == '\\' && first == '"' {
                    i += 2;
                    continue;
                }
                if rest[i] == first {
                    return i + 1;
                }
                i += 1;
            }
            rest.len()
        }
        '[' | '{' => {
            let mut depth = 0usize;
            for (i, c) in rest.iter().enumerate() {
                match c {
                    '[' | '{' => depth += 1,
                    ']' | '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
            }
            rest.len()
        }
        // A block sequence entry or complex-key indicator: the node is the item itself.
        '-' | '?' if rest.get(1).is_none_or(|c| c.is_whitespace()) => 1,
        _ => {
            let in_flow = chars[..start].iter().any(|c| matches!(c, '[' | '{'));
            let mut end = rest.len();
            for (i, c) in rest.iter().enumerate() {
                if *c == '#' && i > 0 && rest[i - 1].is_whitespace() {
                    end = i;
                    break;
                }
                if in_flow && matches!(c, ',' | ']' | '}') {
                    end = i;
                    break;
                }
                // `key: value`: underline the key alone when the finding points at a key.
                if *c == ':' && rest.get(i + 1).is_none_or(|n| n.is_whitespace()) {
                    end = i;
                    break;
                }
            }
            let trimmed = rest[..end]
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(0, |p| p + 1);
            trimmed.max(1)
        }
    }
}

/// A path for display: forward slashes, as given.
#[must_use]
pub fn display_path(p: &Path) -> String {
    p.display().to_string()
}

/// Joins a parent YAML path and a key: `join("practice", "sites")` is `practice.sites`.
#[must_use]
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Appends an index: `index("rounds", 0)` is `rounds[0]`.
#[must_use]
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// Where each node of a YAML document starts, by YAML path. For a mapping entry both the key's
/// and the value's position are kept: a finding about a value points at the value, and a
/// missing child points at its parent's key.
#[derive(Debug, Default)]
pub struct PositionIndex {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

impl PositionIndex {
    /// Scans `text` once. A text that does not parse gives an index with what was read before
    /// the error: locating is best effort and never fails.
    #[must_use]
    pub fn build(text: &str) -> Self {
        let mut idx = PositionIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        let loc = |m: saphyr_parser::Marker| Location {
            line: m.line(),
            column: m.col() + 1,
        };
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let here = loc(span.start);
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { key, path, .. }) = stack.last_mut()
                        && key.is_none()
                    {
                        let k = value.into_owned();
                        let p = join(path, &k);
                        idx.keys.insert(p, here);
                        *key = Some(k);
                        continue;
                    }
                    let p = child_path(&mut stack);
                    idx.values.entry(p).or_insert(here);
                }
                Event::Alias(_) => {
                    let p = child_path(&mut stack);
                    idx.values.entry(p).or_insert(here);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    // A collection used as a mapping key is rare and unaddressable: give it a
                    // placeholder key so the walk stays in step.
                    if let Some(Frame::Map { key, .. }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some("?".to_owned());
                    }
                    let p = child_path(&mut stack);
                    idx.values.entry(p.clone()).or_insert(here);
                    stack.push(if is_map {
                        Frame::Map { path: p, key: None }
                    } else {
                        Frame::Seq { path: p, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        idx
    }

    /// The position of the node at `path`, or of its nearest ancestor that exists (so a finding
    /// about a missing key points at the mapping it should be added to). `None` when not even
    /// the top-level section exists: the finding then concerns the whole file.
    #[must_use]
    pub fn locate(&self, path: &str) -> Option<Location> {
        if path.is_empty() {
            return None; // a finding about the whole file
        }
        let mut p = path;
        loop {
            if let Some(l) = self.values.get(p) {
                return Some(*l);
            }
            if let Some(l) = self.keys.get(p) {
                return Some(*l);
            }
            p = parent_path(p);
            // A missing top-level section concerns the whole file, not its first line.
            if p.is_empty() {
                return None;
            }
        }
    }

    /// The position of a mapping key itself (for unknown or duplicate keys).
    #[must_use]
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        self.keys.get(path).copied().or_else(|| self.locate(path))
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// The path of the node that the next value event belongs to, advancing the parent frame.
fn child_path(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => String::new(),
        Some(Frame::Map { path, key }) => {
            let k = key.take().unwrap_or_default();
            join(path, &k)
        }
        Some(Frame::Seq { path, next }) => {
            let p = index(path, *next);
            *next += 1;
            p
        }
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``.
#[must_use]
pub fn parent_path(p: &str) -> &str {
    if p.ends_with(']')
        && let Some(i) = p.rfind('[')
    {
        return &p[..i];
    }
    match p.rfind('.') {
        Some(i) => &p[..i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
format_version: 1
practice:
  name: Meadowfield
  sites:
    - name: Main
      fte: 2
    - name: North
rounds:
  - id: QOPI-2026-R1
    overall_score: 120
";

    #[test]
    fn locates_values_after_a_successful_parse() {
        let idx = PositionIndex::build(DOC);
        assert_eq!(
            idx.locate("rounds[0].overall_score"),
            Some(Location {
                line: 10,
                column: 20
            })
        );
        assert_eq!(
            idx.locate("practice.sites[1].name"),
            Some(Location {
                line: 7,
                column: 13
            })
        );
        assert_eq!(
            idx.locate_key("practice.name"),
            Some(Location { line: 3, column: 3 })
        );
    }

    #[test]
    fn missing_paths_fall_back_to_the_nearest_parent() {
        let idx = PositionIndex::build(DOC);
        assert_eq!(
            idx.locate("practice.sites[1].fte"),
            Some(Location { line: 7, column: 7 })
        );
        assert_eq!(idx.locate("eligibility.round"), None);
        assert_eq!(idx.locate(""), None, "whole-file findings have no line");
    }

    #[test]
    fn snippets_underline_the_whole_value_and_stay_short() {
        let s = Snippet::of("  name: Riverside Oncology Group  # the legal name", 9);
        assert_eq!((s.caret_start, s.caret_len), (8, 24));
        let s = Snippet::of("  name: \"A, B\" # x", 9);
        assert_eq!(s.caret_len, 6);
        let s = Snippet::of("sites: [Main, North]", 9);
        assert_eq!(s.caret_len, 4);
        let s = Snippet::of("  physicans: []", 3);
        assert_eq!(s.caret_len, 9, "a key alone");
        let s = Snippet::of("    - issue: ISS-11", 5);
        assert_eq!(s.caret_len, 1, "a sequence item");
        let long = format!("  name: {}", "N".repeat(1_900_000));
        let s = Snippet::of(&long, 9);
        assert!(s.text.chars().count() <= Snippet::WIDTH + 2);
        assert!(s.text.ends_with('…'));
        assert_eq!(s.caret_start, 8);
        let far = format!("{}x: [bad", " ".repeat(500));
        let s = Snippet::of(&far, 504);
        assert!(s.text.starts_with('…'));
        assert_eq!(s.text.chars().nth(s.caret_start), Some('['));
    }

    #[test]
    fn lines_by_number() {
        let s = SourceFile::new("a", "one\r\ntwo\n\nfour\n");
        assert_eq!(s.line(1), Some("one"));
        assert_eq!(s.line(2), Some("two"));
        assert_eq!(s.line(3), Some(""));
        assert_eq!(s.line(4), Some("four"));
        assert_eq!(s.line(5), None);
        assert_eq!(s.line(0), None);
        assert_eq!(SourceFile::new("a", "x").line(1), Some("x"));
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent_path("a.b[2].c"), "a.b[2]");
        assert_eq!(parent_path("a.b[2]"), "a.b");
        assert_eq!(parent_path("a"), "");
    }
}
