//! Source files and positions: where in a YAML file a finding points.
//!
//! Checks record a finding's *YAML path* (`rounds[0].overall_score`); it becomes a line and
//! column only when a file has findings. A file in plain block style was read by the fast path
//! (`source::tree`), whose tree keeps every node's position and stays with the [`SourceFile`]: its
//! findings are located without reading the text again. Any other file is scanned once more
//! ([`PositionIndex`]): by a line scan for block style, else by an event parser that reports
//! marks (saphyr-parser). `docs/DESIGN.md` records the measurements behind this.
//!
//! This module does not read files from disk; callers pass the text they read.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser};
use serde::Serialize;

pub(crate) mod tree;

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
    /// The text's node tree, kept when the typed parse read the file by the fast path
    /// ([`tree`]): findings are then located from it, without a second scan.
    tree: std::sync::OnceLock<std::sync::Arc<tree::Tree>>,
}

impl SourceFile {
    /// Wraps text read from `path`.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            line_starts: Box::default(),
            tree: std::sync::OnceLock::new(),
        }
    }

    /// Keeps the tree parsed from this file's text (the first one kept stays).
    pub(crate) fn keep_tree(&self, tree: tree::Tree) {
        let _ = self.tree.set(std::sync::Arc::new(tree));
    }

    /// The position of each path: from the kept tree when there is one, else by one scan of
    /// the text recording only `paths` ([`PositionIndex::build_for`]).
    #[must_use]
    pub fn positions<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> Positions<'_> {
        let paths: Vec<&str> = paths.into_iter().collect();
        match self.tree.get() {
            // The tree walks each path through its mappings; many paths (a file with hundreds
            // of findings in one long mapping) are looked up in a hashed index instead.
            Some(t) if paths.len() <= MAX_TREE_LOOKUPS => Positions(Origin::Tree(t, &self.text)),
            _ => Positions(Origin::Index(PositionIndex::build_for(&self.text, paths))),
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
        return key.to_owned();
    }
    // Built by hand: paths are made for every reference of a file, and the formatter costs
    // more than the copy.
    let mut out = String::with_capacity(parent.len() + 1 + key.len());
    out.push_str(parent);
    out.push('.');
    out.push_str(key);
    out
}

/// Appends an index: `index("rounds", 0)` is `rounds[0]`.
#[must_use]
pub fn index(parent: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut at = digits.len();
    loop {
        at -= 1;
        // A decimal digit: `n % 10` is below 10.
        digits[at] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).unwrap_or("0");
    let mut out = String::with_capacity(parent.len() + digits.len() + 2);
    out.push_str(parent);
    out.push('[');
    out.push_str(digits);
    out.push(']');
    out
}

/// The most paths [`SourceFile::positions`] looks up in the kept tree, one walk each.
const MAX_TREE_LOOKUPS: usize = 64;

/// Positions in one file, from its kept tree or a scan of its text ([`SourceFile::positions`]).
#[derive(Debug)]
pub struct Positions<'a>(Origin<'a>);

#[derive(Debug)]
enum Origin<'a> {
    /// The tree the typed parse read (no scan needed), and its text.
    Tree(&'a tree::Tree, &'a str),
    /// A scan of the text.
    Index(PositionIndex),
}

impl Positions<'_> {
    /// See [`PositionIndex::locate`].
    #[must_use]
    pub fn locate(&self, path: &str) -> Option<Location> {
        match &self.0 {
            Origin::Tree(t, text) => t.locate(text, path),
            Origin::Index(i) => i.locate(path),
        }
    }

    /// See [`PositionIndex::locate_key`].
    #[must_use]
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        match &self.0 {
            Origin::Tree(t, text) => t.locate_key(text, path),
            Origin::Index(i) => i.locate_key(path),
        }
    }
}

/// Where each node of a YAML document starts, by YAML path. For a mapping entry both the key's
/// and the value's position are kept: a finding about a value points at the value, and a
/// missing child points at its parent's key.
#[derive(Debug, Default)]
pub struct PositionIndex {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

/// The paths an index records: all of them, or only some paths and their ancestors (the
/// paths of a file's findings). Checking a candidate path costs no allocation: it is built in
/// a scratch buffer and copied only when it is kept.
struct Paths<'a> {
    keep: Option<&'a HashSet<&'a str>>,
    scratch: String,
}

impl<'a> Paths<'a> {
    fn new(keep: Option<&'a HashSet<&'a str>>) -> Self {
        Paths {
            keep,
            scratch: String::new(),
        }
    }

    /// The path of `parent`'s entry `key`, when the parent is recorded and the entry is kept.
    fn key(&mut self, parent: Option<&str>, key: &str) -> Option<String> {
        let parent = parent?;
        let Some(keep) = self.keep else {
            return Some(join(parent, key));
        };
        self.scratch.clear();
        if !parent.is_empty() {
            self.scratch.push_str(parent);
            self.scratch.push('.');
        }
        self.scratch.push_str(key);
        keep.contains(self.scratch.as_str())
            .then(|| self.scratch.clone())
    }

    /// The path of `parent`'s item `i`, when the parent is recorded and the item is kept.
    fn item(&mut self, parent: Option<&str>, i: usize) -> Option<String> {
        use fmt::Write as _;
        let parent = parent?;
        let Some(keep) = self.keep else {
            return Some(index(parent, i));
        };
        self.scratch.clear();
        let _ = write!(self.scratch, "{parent}[{i}]");
        keep.contains(self.scratch.as_str())
            .then(|| self.scratch.clone())
    }
}

impl PositionIndex {
    /// Scans `text` once. A text that does not parse gives an index with what was read before
    /// the error: locating is best effort and never fails.
    ///
    /// Files in plain block style (what `qcp init` writes and most people keep: `key: value`
    /// lines, `- ` items, one-line quoted scalars and flow lists of scalars, `|`/`>` blocks,
    /// comments) are indexed by a line scan, several times faster than the event parser; any
    /// other construct (anchors, tags, multi-line flow or quoted scalars, an empty value, tabs)
    /// sends the whole file to the event parser. Both give the same positions (tested on every
    /// example and generated file).
    #[must_use]
    pub fn build(text: &str) -> Self {
        Self::build_with(text, None)
    }

    /// An index that answers [`PositionIndex::locate`] for `paths` (and anything that falls
    /// back to one of their ancestors) exactly as [`PositionIndex::build`] does, recording
    /// only those paths and their ancestors: locating a file's few findings does not build
    /// the path of every node of the file.
    #[must_use]
    pub fn build_for<'p>(text: &str, paths: impl IntoIterator<Item = &'p str>) -> Self {
        let mut keep: HashSet<&str> = HashSet::new();
        keep.insert("");
        for p in paths {
            let mut p = p;
            while keep.insert(p) && !p.is_empty() {
                p = parent_path(p);
            }
        }
        Self::build_with(text, Some(&keep))
    }

    fn build_with(text: &str, keep: Option<&HashSet<&str>>) -> Self {
        block::scan(text, keep).unwrap_or_else(|| Self::events(text, keep))
    }

    /// [`PositionIndex::build`] by saphyr-parser's event stream, for any YAML.
    #[must_use]
    pub fn build_events(text: &str) -> Self {
        Self::events(text, None)
    }

    fn events(text: &str, keep: Option<&HashSet<&str>>) -> Self {
        let mut idx = PositionIndex::default();
        let mut paths = Paths::new(keep);
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
                        if let Some(p) = paths.key(path.as_deref(), &k) {
                            idx.keys.insert(p, here);
                        }
                        *key = Some(k);
                        continue;
                    }
                    if let Some(p) = child_path(&mut stack, &mut paths) {
                        idx.values.entry(p).or_insert(here);
                    }
                }
                Event::Alias(_) => {
                    if let Some(p) = child_path(&mut stack, &mut paths) {
                        idx.values.entry(p).or_insert(here);
                    }
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
                    let p = child_path(&mut stack, &mut paths);
                    if let Some(p) = &p {
                        idx.values.entry(p.clone()).or_insert(here);
                    }
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

/// An open collection of the event walk; `path` is `None` when it is not recorded.
enum Frame {
    Map {
        path: Option<String>,
        key: Option<String>,
    },
    Seq {
        path: Option<String>,
        next: usize,
    },
}

/// The line scan of block-style YAML behind [`PositionIndex::build`]: `None` as soon as a line
/// holds anything outside the subset it knows the event parser's positions for.
pub(crate) mod block {
    use std::collections::HashSet;

    use super::tree::{comment_only, plain_start, split_node};
    use super::{Location, Paths, PositionIndex};

    enum Kind {
        Map,
        Seq(usize),
    }

    /// Paths are `None` for nodes the index does not record (outside the kept paths).
    struct Open {
        /// Column (0-based, in characters) of the collection's entries.
        indent: usize,
        kind: Kind,
        path: Option<String>,
    }

    /// A key or item whose value starts on a later line.
    struct Pending {
        /// Column of the key, or of the item's `-`.
        col: usize,
        path: Option<String>,
    }

    /// Inside a `|` or `>` block: lines indented deeper than `parent` belong to it; the
    /// scalar's position is its first line's.
    struct BlockScalar {
        parent: usize,
        /// The first line is still to come.
        first: bool,
        path: Option<String>,
    }

    pub(super) fn scan(text: &str, keep: Option<&HashSet<&str>>) -> Option<PositionIndex> {
        if text.starts_with('\u{feff}') {
            return None;
        }
        let mut idx = PositionIndex::default();
        let mut paths = Paths::new(keep);
        let mut stack: Vec<Open> = Vec::new();
        let mut pending: Option<Pending> = None;
        let mut block_scalar: Option<BlockScalar> = None;
        for (n, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.contains(['\r', '\t']) {
                return None;
            }
            let trimmed = line.trim_start_matches(' ');
            let col = line.len() - trimmed.len();
            if let Some(b) = &mut block_scalar {
                if b.first {
                    // The first line: a blank or empty block is left to the event parser.
                    if trimmed.is_empty() || col <= b.parent {
                        return None;
                    }
                    b.first = false;
                    if let Some(p) = b.path.take() {
                        let column = line.get(..col).map_or(col, |x| x.chars().count()) + 1;
                        idx.values.entry(p).or_insert(Location {
                            line: n + 1,
                            column,
                        });
                    }
                    continue;
                }
                if trimmed.is_empty() || col > b.parent {
                    continue;
                }
                block_scalar = None;
            }
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if col == 0 && (trimmed.starts_with("---") || trimmed.starts_with("...")) {
                return None;
            }
            // Columns count characters; on a line that is not ASCII the count goes on from the
            // last one asked (a long flow list costs one pass over its line, not one per item).
            let ascii = line.is_ascii();
            let counted = std::cell::Cell::new((0usize, 0usize));
            let at = |c: usize| {
                let column = if ascii {
                    c
                } else {
                    let (from, before) = counted.get();
                    let (from, before) = if from <= c { (from, before) } else { (0, 0) };
                    let chars = before + line.get(from..c).map_or(c - from, |p| p.chars().count());
                    counted.set((c, chars));
                    chars
                };
                Location {
                    line: n + 1,
                    column: column + 1,
                }
            };
            let dash = trimmed == "-" || trimmed.starts_with("- ");
            // Where this line's node belongs: a pending value, a sibling, or the root.
            if let Some(p) = pending.take() {
                // (A sequence at its key's own column starts elsewhere in the event stream:
                // left to the event parser.)
                if col > p.col {
                    if let Some(path) = &p.path {
                        idx.values.entry(path.clone()).or_insert(at(col));
                    }
                    stack.push(Open {
                        indent: col,
                        kind: if dash { Kind::Seq(0) } else { Kind::Map },
                        path: p.path,
                    });
                } else {
                    return None; // an empty value: left to the event parser
                }
            } else if stack.is_empty() {
                stack.push(Open {
                    indent: col,
                    kind: if dash { Kind::Seq(0) } else { Kind::Map },
                    path: Some(String::new()),
                });
                idx.values.entry(String::new()).or_insert(at(col));
            } else {
                while let Some(top) = stack.last() {
                    let pop = top.indent > col
                        || (top.indent == col && !dash && matches!(top.kind, Kind::Seq(_)));
                    if !pop {
                        break;
                    }
                    stack.pop();
                }
            }
            let top = stack.last_mut()?;
            if top.indent != col {
                return None;
            }
            let mut rest = trimmed;
            let mut c = col;
            let mut item: Option<String> = None;
            if dash {
                let Kind::Seq(next) = &mut top.kind else {
                    return None;
                };
                item = paths.item(top.path.as_deref(), *next);
                *next += 1;
            } else if !matches!(top.kind, Kind::Map) {
                return None;
            }
            // Items of items (`- - a`) and an item's mapping (`- key: value`): `item_of` is
            // `Some` when this line's node is an item's value (its path inside).
            let mut item_of: Option<Option<String>> = None;
            if dash {
                loop {
                    let after = rest[1..].trim_start_matches(' ');
                    let c2 = c + (rest.len() - after.len());
                    if after.is_empty() || after.starts_with('#') {
                        pending = Some(Pending {
                            col: c,
                            path: item.take(),
                        });
                        break;
                    }
                    rest = after;
                    c = c2;
                    if rest == "-" || rest.starts_with("- ") {
                        if let Some(p) = &item {
                            idx.values.entry(p.clone()).or_insert(at(c));
                        }
                        let inner = paths.item(item.as_deref(), 0);
                        stack.push(Open {
                            indent: c,
                            kind: Kind::Seq(1),
                            path: item.take(),
                        });
                        item = inner;
                        continue;
                    }
                    item_of = Some(item.take());
                    break;
                }
                if pending.is_some() {
                    continue;
                }
            }
            let Some(node) = split_node(rest)? else {
                // A scalar: only an item's value may be one.
                let item = item_of?;
                scalar(rest, c, item.as_deref(), &mut idx, &mut paths, &at)?;
                continue;
            };
            let (key, value_off) = node;
            if let Some(item) = item_of {
                // `- key: value`: the item is a mapping whose entries sit at the key's column.
                if let Some(p) = &item {
                    idx.values.entry(p.clone()).or_insert(at(c));
                }
                stack.push(Open {
                    indent: c,
                    kind: Kind::Map,
                    path: item,
                });
            }
            let key_path = paths.key(stack.last()?.path.as_deref(), key);
            if let Some(k) = &key_path {
                idx.keys.insert(k.clone(), at(c));
            }
            let value = &rest[value_off..];
            let vc = c + value_off;
            if value.is_empty() || value.starts_with('#') {
                pending = Some(Pending {
                    col: c,
                    path: key_path,
                });
                continue;
            }
            if value.starts_with('|') || value.starts_with('>') {
                // A block scalar: its header must be only indicators, maybe a comment.
                let header = value.split(" #").next().unwrap_or(value).trim_end();
                if !header[1..]
                    .chars()
                    .all(|ch| matches!(ch, '+' | '-' | '1'..='9'))
                {
                    return None;
                }
                block_scalar = Some(BlockScalar {
                    parent: c,
                    first: true,
                    path: key_path,
                });
                continue;
            }
            scalar(value, vc, key_path.as_deref(), &mut idx, &mut paths, &at)?;
        }
        // A last key without a value, or a block scalar with no line: to the event parser.
        let open_block = block_scalar.as_ref().is_some_and(|b| b.first);
        (pending.is_none() && !open_block).then_some(idx)
    }

    /// A value on this line at column `c`: a plain or one-line quoted scalar, or a one-line flow
    /// list of such scalars; its position (and its items') recorded under `path` when that is
    /// recorded.
    fn scalar(
        value: &str,
        c: usize,
        path: Option<&str>,
        idx: &mut PositionIndex,
        paths: &mut Paths<'_>,
        at: &dyn Fn(usize) -> Location,
    ) -> Option<()> {
        let record = |idx: &mut PositionIndex, p: Option<&str>, l: Location| {
            if let Some(p) = p {
                idx.values.entry(p.to_owned()).or_insert(l);
            }
        };
        let first = value.chars().next()?;
        match first {
            '"' | '\'' => {
                let close = value[1..].find(first)? + 1;
                if value[1..close].contains('\\') || value[close + 1..].starts_with(first) {
                    return None;
                }
                comment_only(&value[close + 1..])?;
            }
            '[' => {
                let close = value.find(']')?;
                comment_only(&value[close + 1..])?;
                let inner = &value[1..close];
                if inner.contains(['[', '{', '\'', '#', ':']) {
                    return None;
                }
                record(idx, path, at(c));
                let mut off = 1;
                for (i, part) in inner.split(',').enumerate() {
                    let lead = part.len() - part.trim_start_matches(' ').len();
                    let item = part.trim();
                    if item.is_empty() {
                        // `[]` only: a trailing or doubled comma goes to the event parser.
                        if inner.trim().is_empty() {
                            break;
                        }
                        return None;
                    }
                    if item.starts_with('"')
                        && (!item.ends_with('"')
                            || item.len() < 2
                            || item[1..item.len() - 1].contains(['"', '\\']))
                    {
                        return None;
                    }
                    if !item.starts_with('"') && (item.contains('"') || !plain_start(item)) {
                        return None;
                    }
                    if let Some(p) = paths.item(path, i) {
                        idx.values.entry(p).or_insert(at(c + off + lead));
                    }
                    off += part.len() + 1;
                }
                return Some(());
            }
            '{' => {
                // A one-line flow mapping of `key: scalar` entries.
                let close = value.find('}')?;
                comment_only(&value[close + 1..])?;
                let inner = &value[1..close];
                if inner.contains(['[', '{', '\'', '#', '\\']) {
                    return None;
                }
                record(idx, path, at(c));
                if inner.trim().is_empty() {
                    return Some(());
                }
                let mut off = 1;
                for part in inner.split(',') {
                    let lead = part.len() - part.trim_start_matches(' ').len();
                    let entry = part.trim_end_matches(' ');
                    let (k, v) = entry.get(lead..)?.split_once(": ")?;
                    let v_lead = v.len() - v.trim_start_matches(' ').len();
                    let v = v.trim_start_matches(' ');
                    let unquote = |x: &str| -> Option<String> {
                        if let Some(q) = x.strip_prefix('"') {
                            let q = q.strip_suffix('"')?;
                            (!q.contains('"')).then(|| q.to_owned())
                        } else {
                            (plain_start(x) && !x.contains(['"', ':'])).then(|| x.to_owned())
                        }
                    };
                    let key = unquote(k.trim_end_matches(' '))?;
                    unquote(v)?;
                    let kc = c + off + lead;
                    let vc = kc + k.len() + 2 + v_lead;
                    if let Some(p) = paths.key(path, &key) {
                        idx.keys.insert(p.clone(), at(kc));
                        idx.values.entry(p).or_insert(at(vc));
                    }
                    off += part.len() + 1;
                }
                return Some(());
            }
            '&' | '*' | '!' | '%' | '@' | '`' | '?' | ',' | ']' | '}' | '|' | '>' => return None,
            '-' if value.len() == 1 || value[1..].starts_with(' ') => return None,
            _ => {
                let plain = value.split(" #").next().unwrap_or(value);
                if plain.contains(": ") || plain.trim_end().ends_with(':') {
                    return None;
                }
            }
        }
        record(idx, path, at(c));
        Some(())
    }
}

/// The path of the node that the next value event belongs to, advancing the parent frame;
/// `None` when it is not recorded.
fn child_path(stack: &mut [Frame], paths: &mut Paths<'_>) -> Option<String> {
    match stack.last_mut() {
        None => Some(String::new()),
        Some(Frame::Map { path, key }) => {
            let k = key.take().unwrap_or_default();
            paths.key(path.as_deref(), &k)
        }
        Some(Frame::Seq { path, next }) => {
            let p = paths.item(path.as_deref(), *next);
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

    /// A seeded xorshift for the tests' edits and random documents: `next(n)` is below `n`.
    pub(in crate::source) fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
        let mut rng = seed;
        move |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            usize::try_from(rng % n as u64).unwrap_or(0)
        }
    }

    /// `count` single edits of `text` (one of `pieces` put in at a character boundary, over at
    /// most two characters), each with the byte offset of the edit.
    pub(in crate::source) fn edits(
        text: &str,
        pieces: &[&str],
        count: usize,
        next: &mut impl FnMut(usize) -> usize,
    ) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for _ in 0..count {
            let mut at = next(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let cut = if next(2) == 0 { 0 } else { next(3) };
            let end = (at + cut).min(text.len());
            if !text.is_char_boundary(end) {
                continue;
            }
            let piece = pieces[next(pieces.len())];
            out.push((at, format!("{}{piece}{}", &text[..at], &text[end..])));
        }
        out
    }

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

    /// The line scan must give exactly the event parser's positions wherever it answers, and
    /// answer for the shipped examples in block style (so they take the fast path).
    #[test]
    fn the_line_scan_gives_the_event_parsers_positions() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<(String, String, bool)> = Vec::new();
        for dir in ["examples", "src/bin/qcp"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap_or_else(|e| panic!("{e}"))
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect();
            files.sort();
            for f in files {
                let t = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{e}"));
                // Flow mappings (`{id: "1.1", rating: met}`, as the readiness example writes
                // its ratings) are outside the scan's subset: those files take the event parser.
                let flow_map = t.lines().any(|l| {
                    l.split('#')
                        .next()
                        .is_some_and(|c| c.contains('{') && !c.contains("{}"))
                });
                texts.push((f.display().to_string(), t, dir == "examples" && !flow_map));
            }
        }
        let crafted = [
            DOC,
            "a:\n  - - x\n    - y\n  - z\n",
            "items:\n  - name: A\n    list: [one, \"two\", three]\n    empty: []\n    map: {}\n  -   name: B # c\n",
            "\"1.1.1\":\n  - path: pool/a.txt\n    summary: \"Sections 2-4: scope\"\n'k': 'v'\n",
            "text: |\n  line one\n\n  line: two\nnext: >-\n  folded\nlast: x\n",
            "# head\nname: Clinique Étoile  # comment\nwhere: Montréal\nnote: a:b\n",
            "a: 1\r\nb:\r\n  c: 2\r\n",
            "a: 1\na: 2\n",
            "n: -5\nm: -x\nurl: http://x.example/a#b\n",
            "  indented: 1\n  also: 2\n",
            "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
        ];
        for (i, t) in crafted.iter().enumerate() {
            texts.push((format!("crafted {i}"), (*t).to_owned(), true));
        }
        // Outside the subset: each goes to the event parser.
        let fallbacks = [
            "a: &x 1\nb: *x\n",
            "a:\n- x\n- y\nb: 1\n",
            "a:\nb: 1\n",
            "a:\t1\n",
            "a: \"two\n  lines\"\n",
            "a: plain\n  continued\n",
            "a: [1,\n  2]\n",
            "---\na: 1\n",
            "a: !tag 1\n",
            "? complex\n: key\n",
            "a: [x, ]\n",
            "- |\n  text\n",
            "a: \"esc\\\"aped\"\n",
        ];
        for t in fallbacks {
            assert!(block::scan(t, None).is_none(), "should fall back: {t:?}");
        }
        for (name, t, must) in &texts {
            let slow = PositionIndex::build_events(t);
            match block::scan(t, None) {
                Some(fast) => {
                    assert_eq!(fast.values, slow.values, "values of {name}");
                    assert_eq!(fast.keys, slow.keys, "keys of {name}");
                }
                None => assert!(!must, "{name} should take the line scan"),
            }
        }
    }

    fn differences(a: &PositionIndex, b: &PositionIndex) -> Vec<String> {
        let mut out = Vec::new();
        for (what, x, y) in [("value", &a.values, &b.values), ("key", &a.keys, &b.keys)] {
            for (k, v) in x {
                if y.get(k) != Some(v) {
                    out.push(format!(
                        "{what} {k}: line scan {v:?}, events {:?}",
                        y.get(k)
                    ));
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{what} {k}: only the events have it"));
            }
        }
        out
    }

    /// Single edits of the examples with YAML's own characters: wherever the result is valid
    /// YAML (the index is only used after a successful parse) and the line scan answers, it
    /// agrees with the event parser.
    #[test]
    fn the_line_scan_agrees_on_edited_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let pieces = [
            ":", ": ", "-", "- ", " ", "  ", "\n", "#", " #", "\"", "'", "[", "]", "{", "}", ",",
            "|", ">", "&a", "*a", "!", "?", "\n  ", "\n- ", "x: ", "é",
        ];
        let (mut compared, mut valid) = (0, 0);
        for name in [
            "application-complete.yaml",
            "ccr-partially-met.yaml",
            "simultaneous.yaml",
        ] {
            let text = std::fs::read_to_string(root.join("examples").join(name))
                .unwrap_or_else(|e| panic!("{e}"));
            for (at, edited) in edits(&text, &pieces, 400, &mut next) {
                if Parser::new_from_str(&edited).any(|e| e.is_err()) {
                    continue;
                }
                valid += 1;
                if let Some(fast) = block::scan(&edited, None) {
                    let slow = PositionIndex::build_events(&edited);
                    let d = differences(&fast, &slow);
                    let line = edited[..at].matches('\n').count() + 1;
                    let shown: Vec<&str> = edited
                        .lines()
                        .skip(line.saturating_sub(2))
                        .take(3)
                        .collect();
                    assert!(
                        d.is_empty(),
                        "{name} edited at line {line}: {shown:?}: {d:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(
            compared > 300 && valid > compared / 2,
            "{compared} of {valid}"
        );
    }

    /// An index built for some paths locates those paths (and missing children of them) as
    /// the full index does, on both scans, and records nothing outside them.
    #[test]
    fn an_index_for_some_paths_locates_them_as_the_full_index_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = [
            "application-complete.yaml",
            "ccr-partially-met.yaml",
            "recertifying.yaml",
        ]
        .iter()
        .filter_map(|n| std::fs::read_to_string(root.join("examples").join(n)).ok())
        .collect();
        assert!(texts.len() >= 2, "examples missing");
        texts.push(DOC.to_owned());
        // Event parser only (an anchor sends the whole file there).
        texts.push(format!("anchor: &a 1\n{DOC}"));
        for t in &texts {
            let full = PositionIndex::build(t);
            let mut all: Vec<&String> = full.values.keys().chain(full.keys.keys()).collect();
            all.sort();
            all.dedup();
            for (i, group) in all.chunks(7).enumerate() {
                let mut wanted: Vec<String> = group.iter().map(|p| (*p).clone()).collect();
                wanted.push(format!("{}.not_there", group[0]));
                wanted.push(format!("{}[99]", group[group.len() - 1]));
                let part = PositionIndex::build_for(t, wanted.iter().map(String::as_str));
                for w in &wanted {
                    assert_eq!(part.locate(w), full.locate(w), "{w} (group {i})");
                    assert_eq!(part.locate_key(w), full.locate_key(w), "key {w}");
                }
                // Only the wanted paths and their ancestors are recorded.
                for k in part.values.keys().chain(part.keys.keys()) {
                    assert!(
                        wanted.iter().any(|w| w == k
                            || w.starts_with(&format!("{k}."))
                            || w.starts_with(&format!("{k}["))
                            || k.is_empty()),
                        "{k} recorded for {wanted:?}"
                    );
                }
            }
        }
    }

    /// Few findings are located by the kept tree, many by a hashed index of the text: both
    /// give the same positions.
    #[test]
    fn a_kept_tree_and_the_index_locate_alike() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("examples/application-complete.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let src = SourceFile::new("a.yaml", text);
        crate::model::load::parse(&src).unwrap_or_else(|e| panic!("{e}"));
        assert!(src.tree.get().is_some(), "the example takes the fast path");
        let full = PositionIndex::build(&src.text);
        let mut paths: Vec<String> = full.values.keys().cloned().collect();
        paths.sort();
        paths.extend(paths.clone().iter().map(|p| format!("{p}.missing")));
        assert!(paths.len() > MAX_TREE_LOOKUPS * 2);
        let many = src.positions(paths.iter().map(String::as_str));
        assert!(matches!(many.0, Origin::Index(_)));
        for p in &paths {
            let few = src.positions([p.as_str()]);
            assert!(matches!(few.0, Origin::Tree(..)));
            assert_eq!(few.locate(p), many.locate(p), "{p}");
            assert_eq!(few.locate_key(p), many.locate_key(p), "{p}");
        }
    }

    #[test]
    fn paths_are_joined_and_indexed() {
        assert_eq!(join("", "practice"), "practice");
        assert_eq!(join("practice", "sites"), "practice.sites");
        for i in [0, 7, 10, 99, 1234, usize::MAX] {
            assert_eq!(index("rounds", i), format!("rounds[{i}]"));
        }
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent_path("a.b[2].c"), "a.b[2]");
        assert_eq!(parent_path("a.b[2]"), "a.b");
        assert_eq!(parent_path("a"), "");
    }
}
