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
}

impl SourceFile {
    /// Wraps text read from `path`.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
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
        self.text.lines().nth(n.checked_sub(1)?)
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
    fn parent_paths() {
        assert_eq!(parent_path("a.b[2].c"), "a.b[2]");
        assert_eq!(parent_path("a.b[2]"), "a.b");
        assert_eq!(parent_path("a"), "");
    }
}
