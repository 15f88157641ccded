//! One pass over block-style YAML: a tree of the file's nodes with their positions, which serde
//! reads directly.
//!
//! Most application files are written in the plain block style `qcp init` writes: `key: value`
//! lines, `- ` items, one-line quoted scalars, one-line flow lists and mappings of scalars, `|`
//! and `>` blocks, comments. For those, this parser gives the typed parse its values and the
//! findings their positions from the same pass, several times faster than yaml_serde's
//! parser followed by a second scan for positions.
//!
//! It is a fast path, never the authority:
//! - it answers `None` as soon as a line holds anything outside that subset (anchors, tags,
//!   multi-line flow or quoted scalars, escapes, empty values, tabs, control characters, more
//!   than one document), and the caller then parses the file with yaml_serde as before;
//! - the deserializer refuses whatever it does not read exactly as yaml_serde does (numbers
//!   into numeric fields, tagged enums), and the caller then parses with yaml_serde, which also
//!   words every error: a file the fast path refuses gives the very same messages as before.
//!
//! Where it answers, it gives yaml_serde's values (compared on the examples, generated files
//! and single-character edits of the examples) and the line scan's positions
//! ([`super::PositionIndex`], compared the same way).

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use super::Location;

/// Deeper nesting is left to yaml_serde (whose own limit is 128).
const MAX_DEPTH: usize = 64;

/// Larger files go to yaml_serde: an application file is a few kilobytes (one with 400
/// physicians and a long history, about 100 KB), and a huge hostile file then costs what it
/// cost before the fast path, not a line table as well.
pub(crate) const MAX_FAST_BYTES: usize = 256 * 1024;

/// YAML limits a plain or quoted key written on one line (a "simple key") to 1024 characters.
const MAX_SIMPLE_KEY: usize = 1024;

/// A parsed file: its root node.
#[derive(Debug)]
pub(crate) struct Tree {
    root: Node,
}

#[derive(Debug)]
struct Node {
    at: Location,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Map(Vec<Entry>),
    Seq(Vec<Node>),
    Scalar(Scalar),
}

#[derive(Debug)]
struct Entry {
    key: Node,
    value: Node,
}

#[derive(Debug)]
struct Scalar {
    text: Text,
    /// A plain (unquoted) scalar: `null`, `true` and numbers are read as such by `deserialize_any`.
    plain: bool,
}

/// A scalar's content: a span of the file (plain and quoted scalars without escapes) or the
/// text assembled from a `|` or `>` block.
#[derive(Debug)]
enum Text {
    Span(usize, usize),
    Owned(Box<str>),
}

impl Text {
    fn get<'a>(&'a self, file: &'a str) -> &'a str {
        match self {
            Text::Span(a, b) => file.get(*a..*b).unwrap_or(""),
            Text::Owned(s) => s,
        }
    }
}

impl Line<'_> {
    fn ind(&self) -> usize {
        usize::try_from(self.indent).unwrap_or(usize::MAX)
    }
}

/// One line of the file (24 bytes: a 2 MiB file of empty lines holds two million).
struct Line<'t> {
    /// The line without its line break (its offset in the file is its pointer's).
    s: &'t str,
    /// Leading spaces.
    indent: u32,
    /// Neither blank nor a comment.
    significant: bool,
}

struct Parser<'t> {
    text: &'t str,
    lines: Vec<Line<'t>>,
    /// The next line to read.
    i: usize,
    /// Every column counts one byte a character.
    ascii: bool,
    /// The last column counted on a line that is not ASCII: (line, byte column, characters
    /// before it). The items of a long flow list are counted on from the one before, so a
    /// line of many items costs one pass, not one per item.
    counted: std::cell::Cell<(usize, usize, usize)>,
    /// Entries and items of the collections being read, innermost last: each collection takes
    /// its own off the top in one allocation of the right size.
    entries: Vec<Entry>,
    items: Vec<Node>,
}

impl Tree {
    /// Parses `text`, or `None` when it holds anything outside the subset (see the module).
    #[must_use]
    pub(crate) fn parse(text: &str) -> Option<Tree> {
        if text.len() > MAX_FAST_BYTES || text.starts_with('\u{feff}') || !characters_allowed(text)
        {
            return None;
        }
        let has_cr = text.as_bytes().contains(&b'\r');
        let mut lines = Vec::with_capacity(text.len() / 24 + 1);
        for raw in text.split('\n') {
            let s = raw.strip_suffix('\r').unwrap_or(raw);
            // (Tabs and other controls were refused above; a carriage return only ends a line.)
            if has_cr && s.as_bytes().contains(&b'\r') {
                return None;
            }
            let trimmed = s.trim_start_matches(' ');
            let ind = s.len() - trimmed.len();
            let significant = !trimmed.is_empty() && !trimmed.starts_with('#');
            if ind == 0 && (s.starts_with("---") || s.starts_with("...")) {
                return None;
            }
            lines.push(Line {
                s,
                indent: u32::try_from(ind).ok()?,
                significant,
            });
        }
        let mut p = Parser {
            text,
            lines,
            i: 0,
            ascii: text.is_ascii(),
            counted: std::cell::Cell::new((usize::MAX, 0, 0)),
            entries: Vec::new(),
            items: Vec::new(),
        };
        p.skip();
        p.lines.get(p.i)?;
        let root = p.block(0)?;
        p.skip();
        (p.i >= p.lines.len()).then_some(Tree { root })
    }

    /// A serde deserializer over the tree; `text` is the text it was parsed from.
    pub(crate) fn deserializer<'a>(&'a self, text: &'a str) -> Deserializer<'a> {
        Deserializer {
            file: text,
            node: &self.root,
        }
    }

    /// The position of the node at `path` or of its nearest ancestor, as
    /// [`super::PositionIndex::locate`] gives it.
    #[must_use]
    pub(crate) fn locate(&self, text: &str, path: &str) -> Option<Location> {
        let mut p = path;
        while !p.is_empty() {
            if let Some((_, node)) = find(text, &self.root, p, true, false) {
                return Some(node.at);
            }
            p = super::parent_path(p);
        }
        None
    }

    /// The position of the mapping key at `path`, else as [`Tree::locate`].
    #[must_use]
    pub(crate) fn locate_key(&self, text: &str, path: &str) -> Option<Location> {
        match find(text, &self.root, path, true, true) {
            Some((Some(key), _)) => Some(key),
            _ => self.locate(text, path),
        }
    }
}

/// The node at the rest of a path (`rest` is the whole path at the root, then `.key` or `[i]`
/// parts), with its key's position when it is a mapping's value. Keys may hold dots
/// (`"1.1.1"`): every key that fits is tried. Of two nodes with the same path (a repeated
/// key), the first is found, or the `last` (as the line scan records keys).
fn find<'n>(
    text: &str,
    node: &'n Node,
    rest: &str,
    root: bool,
    last: bool,
) -> Option<(Option<Location>, &'n Node)> {
    match &node.kind {
        Kind::Map(entries) => {
            let rest = if root { rest } else { rest.strip_prefix('.')? };
            let in_order: &mut dyn Iterator<Item = &Entry> = if last {
                &mut entries.iter().rev()
            } else {
                &mut entries.iter()
            };
            for e in in_order {
                let Kind::Scalar(k) = &e.key.kind else {
                    continue;
                };
                let k = k.text.get(text);
                let Some(after) = rest.strip_prefix(k) else {
                    continue;
                };
                if after.is_empty() {
                    return Some((Some(e.key.at), &e.value));
                }
                if after.starts_with(['.', '['])
                    && let Some(found) = find(text, &e.value, after, false, last)
                {
                    return Some(found);
                }
            }
            None
        }
        Kind::Seq(items) => {
            let inner = rest.strip_prefix('[')?;
            let close = inner.find(']')?;
            let digits = &inner[..close];
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let item = items.get(digits.parse::<usize>().ok()?)?;
            let after = &inner[close + 1..];
            if after.is_empty() {
                Some((None, item))
            } else {
                find(text, item, after, false, last)
            }
        }
        Kind::Scalar(_) => None,
    }
}

/// Characters libyaml refuses (controls, DEL, unpaired specials) or reads as line breaks (NEL,
/// U+2028, U+2029): a file holding one goes to yaml_serde.
fn characters_allowed(text: &str) -> bool {
    let ascii_ok = |b: u8| (b >= 0x20 && b != 0x7f) || b == b'\n' || b == b'\r';
    if text.is_ascii() {
        return text.bytes().all(ascii_ok);
    }
    text.chars().all(|c| match u32::from(c) {
        0..=0x7f => u8::try_from(c).is_ok_and(ascii_ok),
        0x80..=0x9f => false,
        0x2028 | 0x2029 | 0xfffe | 0xffff => false,
        _ => true,
    })
}

impl<'t> Parser<'t> {
    fn skip(&mut self) {
        while self.lines.get(self.i).is_some_and(|l| !l.significant) {
            self.i += 1;
        }
    }

    /// The 1-based position of byte column `c` of line `li`.
    fn at(&self, li: usize, c: usize) -> Location {
        let column = if self.ascii {
            c
        } else {
            let s = self.lines.get(li).map_or("", |l| l.s);
            let (line, from, before) = self.counted.get();
            let (from, before) = if line == li && from <= c {
                (from, before)
            } else {
                (0, 0)
            };
            let chars = before + s.get(from..c).map_or(c - from, |p| p.chars().count());
            self.counted.set((li, c, chars));
            chars
        };
        Location {
            line: li + 1,
            column: column + 1,
        }
    }

    /// Byte offset of line `li` in the file.
    fn off(&self, li: usize) -> Option<usize> {
        let s = self.lines.get(li)?.s;
        (s.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)
    }

    fn rest(&self, li: usize, c: usize) -> Option<&'t str> {
        self.lines.get(li)?.s.get(c..)
    }

    /// The collection that starts on the current (significant) line.
    fn block(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let line = self.lines.get(self.i)?;
        let col = line.ind();
        let rest = line.s.get(col..)?;
        if is_item(rest) {
            self.seq(col, None, depth)
        } else {
            self.map(col, None, depth)
        }
    }

    /// A block mapping whose entries sit at column `col`; `first` is an entry that starts on an
    /// item's line (`- key: value`), at line and byte column.
    fn map(&mut self, col: usize, first: Option<(usize, usize)>, depth: usize) -> Option<Node> {
        let start = self.entries.len();
        if let Some((li, c)) = first {
            let e = self.entry(li, c, depth)?;
            self.entries.push(e);
        }
        loop {
            self.skip();
            let Some(line) = self.lines.get(self.i) else {
                break;
            };
            if line.ind() < col {
                break;
            }
            if line.ind() > col || is_item(line.s.get(col..)?) {
                return None;
            }
            let li = self.i;
            self.i += 1;
            let e = self.entry(li, col, depth)?;
            self.entries.push(e);
        }
        let entries: Vec<Entry> = self.entries.drain(start..).collect();
        let at = entries.first()?.key.at;
        Some(Node {
            at,
            kind: Kind::Map(entries),
        })
    }

    /// A block sequence whose `-` sit at column `col`; `first` is an item that starts on an
    /// outer item's line (`- - x`).
    fn seq(&mut self, col: usize, first: Option<(usize, usize)>, depth: usize) -> Option<Node> {
        let start = self.items.len();
        let at = match first {
            Some((li, c)) => {
                let item = self.item(li, c, depth)?;
                self.items.push(item);
                self.at(li, c)
            }
            None => self.at(self.i, col),
        };
        loop {
            self.skip();
            let Some(line) = self.lines.get(self.i) else {
                break;
            };
            if line.ind() != col || !is_item(line.s.get(col..)?) {
                break;
            }
            let li = self.i;
            self.i += 1;
            let item = self.item(li, col, depth)?;
            self.items.push(item);
        }
        Some(Node {
            at,
            kind: Kind::Seq(self.items.drain(start..).collect()),
        })
    }

    /// The item whose `-` is at byte column `dash` of line `li` (already consumed).
    fn item(&mut self, li: usize, dash: usize, depth: usize) -> Option<Node> {
        let rest = self.rest(li, dash)?;
        let after = rest.get(1..)?.trim_start_matches(' ');
        let c = dash + (rest.len() - after.len());
        if after.is_empty() || after.starts_with('#') {
            // The item's value on the lines below, deeper than the `-`.
            self.skip();
            if self.lines.get(self.i)?.ind() <= dash {
                return None;
            }
            return self.block(depth + 1);
        }
        if is_item(after) {
            return self.seq(c, Some((li, c)), depth + 1);
        }
        match split_node(after)? {
            Some(_) => self.map(c, Some((li, c)), depth + 1),
            None => self.inline(li, c, after),
        }
    }

    /// The `key: value` entry at byte column `c` of line `li` (already consumed).
    fn entry(&mut self, li: usize, c: usize, depth: usize) -> Option<Entry> {
        let rest = self.rest(li, c)?;
        let (key, value_off) = split_node(rest)??;
        let quoted = rest.starts_with(['"', '\'']);
        let key_start = self.off(li)? + c + usize::from(quoted);
        let key = Node {
            at: self.at(li, c),
            kind: Kind::Scalar(Scalar {
                text: Text::Span(key_start, key_start + key.len()),
                plain: !quoted,
            }),
        };
        let value = rest.get(value_off..)?;
        let vc = c + value_off;
        let value = if value.is_empty() || value.starts_with('#') {
            // The value on the lines below, deeper than the key.
            self.skip();
            if self.lines.get(self.i)?.ind() <= c {
                return None; // an empty value
            }
            self.block(depth + 1)?
        } else if value.starts_with(['|', '>']) {
            self.block_scalar(c, value)?
        } else {
            self.inline(li, vc, value)?
        };
        Some(Entry { key, value })
    }

    /// A scalar, one-line flow list or one-line flow mapping at byte column `c` of line `li`.
    fn inline(&self, li: usize, c: usize, value: &str) -> Option<Node> {
        let off = self.off(li)? + c;
        let at = self.at(li, c);
        let scalar = |a: usize, b: usize, plain: bool| Node {
            at,
            kind: Kind::Scalar(Scalar {
                text: Text::Span(off + a, off + b),
                plain,
            }),
        };
        let first = value.chars().next()?;
        match first {
            '"' | '\'' => {
                let close = value.get(1..)?.find(first)? + 1;
                let tail = value.get(close + 1..)?;
                if value.get(1..close)?.contains('\\') || tail.starts_with(first) {
                    return None;
                }
                comment_only(tail)?;
                Some(scalar(1, close, false))
            }
            '[' => {
                let close = value.find(']')?;
                comment_only(value.get(close + 1..)?)?;
                let inner = value.get(1..close)?;
                if inner.contains(['[', '{', '}', '\'', '#', ':']) {
                    return None;
                }
                let mut items = Vec::new();
                if !inner.trim_matches(' ').is_empty() {
                    let mut o = 1;
                    for part in inner.split(',') {
                        let lead = part.len() - part.trim_start_matches(' ').len();
                        let item = part.trim_matches(' ');
                        let (a, b, plain) = flow_scalar(item)?;
                        let start = o + lead;
                        items.push(Node {
                            at: self.at(li, c + start),
                            kind: Kind::Scalar(Scalar {
                                text: Text::Span(off + start + a, off + start + b),
                                plain,
                            }),
                        });
                        o += part.len() + 1;
                    }
                }
                Some(Node {
                    at,
                    kind: Kind::Seq(items),
                })
            }
            '{' => {
                let close = value.find('}')?;
                comment_only(value.get(close + 1..)?)?;
                let inner = value.get(1..close)?;
                if inner.contains(['[', '{', '\'', '#', '\\']) {
                    return None;
                }
                let mut entries = Vec::new();
                if !inner.trim_matches(' ').is_empty() {
                    let mut o = 1;
                    for part in inner.split(',') {
                        let lead = part.len() - part.trim_start_matches(' ').len();
                        let body = part.get(lead..)?.trim_end_matches(' ');
                        let colon = find_pair(body, b':', b' ')?;
                        let (k, v) = (&body[..colon], &body[colon + 2..]);
                        let v_lead = v.len() - v.trim_start_matches(' ').len();
                        let v = v.get(v_lead..)?;
                        let k = k.trim_end_matches(' ');
                        let (ka, kb, kplain) = flow_scalar(k)?;
                        let (va, vb, vplain) = flow_scalar(v)?;
                        if (kplain && k.contains(':')) || (vplain && v.contains(':')) {
                            return None;
                        }
                        let kc = o + lead;
                        let vc = kc + find_pair(body, b':', b' ')? + 2 + v_lead;
                        entries.push(Entry {
                            key: Node {
                                at: self.at(li, c + kc),
                                kind: Kind::Scalar(Scalar {
                                    text: Text::Span(off + kc + ka, off + kc + kb),
                                    plain: kplain,
                                }),
                            },
                            value: Node {
                                at: self.at(li, c + vc),
                                kind: Kind::Scalar(Scalar {
                                    text: Text::Span(off + vc + va, off + vc + vb),
                                    plain: vplain,
                                }),
                            },
                        });
                        o += part.len() + 1;
                    }
                }
                Some(Node {
                    at,
                    kind: Kind::Map(entries),
                })
            }
            '&' | '*' | '!' | '%' | '@' | '`' | '?' | ':' | ',' | ']' | '}' | '|' | '>' | '#' => {
                None
            }
            '-' if value.len() == 1 || value[1..].starts_with(' ') => None,
            _ => {
                let plain = before_comment(value);
                if find_pair(plain, b':', b' ').is_some() || plain.trim_end().ends_with(':') {
                    return None;
                }
                Some(scalar(0, plain.trim_end_matches(' ').len(), true))
            }
        }
    }

    /// A `|` or `>` block scalar whose key is at byte column `parent`; `header` is the rest of
    /// the key's line. Indentation indicators, keep chomping (`+`), leading blank lines,
    /// more-indented lines in a folded block and less-indented comments go to yaml_serde.
    fn block_scalar(&mut self, parent: usize, header: &str) -> Option<Node> {
        let folded = header.starts_with('>');
        let indicators = header
            .split(" #")
            .next()
            .unwrap_or(header)
            .trim_end_matches(' ');
        let strip = match indicators.get(1..)? {
            "" => false,
            "-" => true,
            _ => return None,
        };
        let first = self.lines.get(self.i)?;
        if first.s.trim_start_matches(' ').is_empty() || first.ind() <= parent {
            return None;
        }
        let indent = first.ind();
        let at = Location {
            line: self.i + 1,
            column: indent + 1,
        };
        // The block's lines: up to the first non-blank line at or left of the key.
        let mut parts: Vec<Option<&str>> = Vec::new();
        let mut last_content = 0;
        while let Some(line) = self.lines.get(self.i) {
            let blank = line.s.trim_start_matches(' ').is_empty();
            if !blank && line.ind() <= parent {
                break;
            }
            if blank {
                if line.s.len() > indent {
                    return None;
                }
                parts.push(None);
            } else {
                if line.ind() < indent || (folded && line.ind() > indent) {
                    return None;
                }
                parts.push(line.s.get(indent..));
                last_content = parts.len();
            }
            self.i += 1;
        }
        // Whether the last content line ends with a line break (the file's last line may not).
        let first_line = self.i - parts.len();
        let last_has_break = first_line + last_content < self.lines.len();
        parts.truncate(last_content);
        let mut out = String::new();
        let mut empties = 0usize;
        for (n, part) in parts.iter().enumerate() {
            match part {
                None => empties += 1,
                Some(s) => {
                    if n > 0 {
                        if folded && empties == 0 {
                            out.push(' ');
                        } else if folded {
                            out.extend(std::iter::repeat_n('\n', empties));
                        } else {
                            out.extend(std::iter::repeat_n('\n', empties + 1));
                        }
                    }
                    out.push_str(s);
                    empties = 0;
                }
            }
        }
        if !strip && last_has_break {
            out.push('\n');
        }
        Some(Node {
            at,
            kind: Kind::Scalar(Scalar {
                text: Text::Owned(out.into_boxed_str()),
                plain: false,
            }),
        })
    }
}

/// The first `a` followed by `b` in `s` (`": "`, `" #"`), by byte: a two-byte pattern does not
/// pay for a substring searcher's set-up on every line.
fn find_pair(s: &str, a: u8, b: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes.get(from..)?.iter().position(|&c| c == a) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `s` up to a comment (` #`).
fn before_comment(s: &str) -> &str {
    find_pair(s, b' ', b'#').map_or(s, |i| &s[..i])
}

/// A character that may not start a plain scalar (or key) as it stands.
fn is_indicator(c: char) -> bool {
    matches!(
        c,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    )
}

/// Whether `x` may start a plain scalar inside a flow collection (no indicator first).
pub(super) fn plain_start(x: &str) -> bool {
    x.chars().next().is_some_and(|c| !is_indicator(c))
}

/// `- ` or a lone `-`: a sequence item.
fn is_item(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// A scalar inside a one-line flow collection: its content's span within `item` and whether it
/// is plain; `None` outside the subset (escapes, inner quotes, an indicator first, nothing).
fn flow_scalar(item: &str) -> Option<(usize, usize, bool)> {
    if let Some(inner) = item.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['"', '\\']) {
            return None;
        }
        return Some((1, item.len() - 1, false));
    }
    let first = item.chars().next()?;
    if is_indicator(first) || item.contains('"') {
        return None;
    }
    Some((0, item.len(), true))
}

/// `key: value` → the key's text (inside quotes for a quoted key) and the value's byte offset
/// in `rest` (the end of `rest` when the value is on later lines); `Some(None)` for a line that
/// is a scalar, not an entry; `None` outside the subset.
#[allow(clippy::option_option)]
pub(super) fn split_node(rest: &str) -> Option<Option<(&str, usize)>> {
    let first = rest.chars().next()?;
    let (key, after) = if first == '"' || first == '\'' {
        let close = rest.get(1..)?.find(first)? + 1;
        let inner = rest.get(1..close)?;
        if inner.contains('\\') || rest.get(close + 1..)?.starts_with(first) {
            return None;
        }
        let after = rest.get(close + 1..)?;
        if !after.starts_with(':') {
            return Some(None);
        }
        (inner, close + 1)
    } else {
        if is_indicator(first) && !(first == '-' && rest.len() > 1) {
            return if matches!(first, '[' | '{' | '|' | '>' | '"' | '\'') {
                Some(None)
            } else {
                None
            };
        }
        let end = match (find_pair(rest, b':', b' '), find_pair(rest, b' ', b'#')) {
            (Some(k), Some(h)) if h < k => return Some(None),
            (Some(k), _) => k,
            (None, _) if rest.ends_with(':') => rest.len() - 1,
            (None, _) => return Some(None),
        };
        let key = rest.get(..end)?.trim_end_matches(' ');
        if key
            .bytes()
            .any(|b| matches!(b, b'#' | b'"' | b'\'' | b'[' | b']' | b'{' | b'}' | b','))
            || key.starts_with("- ")
        {
            return None;
        }
        (key, end)
    };
    if key.len() > MAX_SIMPLE_KEY && key.chars().count() > MAX_SIMPLE_KEY {
        return None;
    }
    // After the key: `:` then spaces, then the value (or nothing).
    let tail = rest.get(after + 1..)?;
    if !(tail.is_empty() || tail.starts_with(' ')) {
        return None;
    }
    let value = tail.trim_start_matches(' ');
    Some(Some((key, rest.len() - value.len())))
}

pub(super) fn comment_only(s: &str) -> Option<()> {
    let t = s.trim_start_matches(' ');
    (t.is_empty() || (t.starts_with('#') && t.len() < s.len())).then_some(())
}

/// The fast path's only error: "read this file with yaml_serde instead". Never shown.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the fast path")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

/// A serde deserializer over one node of a [`Tree`], reading scalars as yaml_serde does.
#[derive(Clone, Copy)]
pub(crate) struct Deserializer<'a> {
    file: &'a str,
    node: &'a Node,
}

impl<'a> Deserializer<'a> {
    fn of(&self, node: &'a Node) -> Self {
        Deserializer {
            file: self.file,
            node,
        }
    }

    fn scalar(&self) -> Option<(&'a str, bool)> {
        match &self.node.kind {
            Kind::Scalar(s) => Some((s.text.get(self.file), s.plain)),
            _ => None,
        }
    }
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// yaml_serde's reading of an untagged plain scalar for `deserialize_any`: null, a boolean, a
/// decimal integer, a finite float, else the text. Integers in other bases or with a sign `+`
/// are refused rather than reimplemented.
fn visit_plain<'de, V: Visitor<'de>>(v: V, s: &'de str) -> Result<V::Value, Refused> {
    if is_null(s) {
        return v.visit_unit();
    }
    if let Some(b) = parse_bool(s) {
        return v.visit_bool(b);
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    if s.starts_with('+')
        || body.starts_with("0x")
        || body.starts_with("0o")
        || body.starts_with("0b")
    {
        return Err(Refused);
    }
    let leading_zero = body.len() > 1 && body.starts_with('0');
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        if leading_zero {
            return v.visit_borrowed_str(s); // YAML 1.2: a string, not an octal number
        }
        if s.starts_with('-') {
            return s.parse::<i64>().map_or(Err(Refused), |n| v.visit_i64(n));
        }
        return s.parse::<u64>().map_or(Err(Refused), |n| v.visit_u64(n));
    }
    if matches!(
        s,
        ".inf" | ".Inf" | ".INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN"
    ) {
        return Err(Refused);
    }
    if let Ok(f) = s.parse::<f64>()
        && f.is_finite()
    {
        return v.visit_f64(f);
    }
    v.visit_borrowed_str(s)
}

macro_rules! refuse {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Refused> {
            Err(Refused)
        })*
    };
}

impl<'a> de::Deserializer<'a> for Deserializer<'a> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        match &self.node.kind {
            Kind::Map(entries) => self.visit_map(entries, v),
            Kind::Seq(items) => self.visit_seq(items, v),
            Kind::Scalar(s) if s.plain => visit_plain(v, s.text.get(self.file)),
            Kind::Scalar(s) => v.visit_borrowed_str(s.text.get(self.file)),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        match self.scalar() {
            Some((s, true)) => v.visit_bool(parse_bool(s).ok_or(Refused)?),
            _ => Err(Refused),
        }
    }

    refuse! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit
    }

    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_borrowed_str(self.scalar().ok_or(Refused)?.0)
    }

    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        match self.scalar() {
            Some((s, true)) if is_null(s) => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Refused> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        match &self.node.kind {
            Kind::Seq(items) => self.visit_seq(items, v),
            _ => Err(Refused),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        match &self.node.kind {
            Kind::Map(entries) => self.visit_map(entries, v),
            _ => Err(Refused),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Refused> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Refused> {
        match &self.node.kind {
            Kind::Scalar(_) => v.visit_enum(self),
            _ => Err(Refused),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_unit()
    }
}

impl<'a> Deserializer<'a> {
    /// Every entry must be read, as yaml_serde requires of a visitor.
    fn visit_map<V: Visitor<'a>>(self, entries: &'a [Entry], v: V) -> Result<V::Value, Refused> {
        let mut access = MapAccess {
            de: self,
            entries: entries.iter(),
            value: None,
        };
        let out = v.visit_map(&mut access)?;
        (access.entries.len() == 0 && access.value.is_none())
            .then_some(out)
            .ok_or(Refused)
    }

    fn visit_seq<V: Visitor<'a>>(self, items: &'a [Node], v: V) -> Result<V::Value, Refused> {
        let mut access = SeqAccess {
            de: self,
            items: items.iter(),
        };
        let out = v.visit_seq(&mut access)?;
        (access.items.len() == 0).then_some(out).ok_or(Refused)
    }
}

struct MapAccess<'a> {
    de: Deserializer<'a>,
    entries: std::slice::Iter<'a, Entry>,
    value: Option<&'a Node>,
}

impl<'a> de::MapAccess<'a> for MapAccess<'a> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Refused> {
        let Some(e) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(&e.value);
        seed.deserialize(self.de.of(&e.key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Refused> {
        let node = self.value.take().ok_or(Refused)?;
        seed.deserialize(self.de.of(node))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct SeqAccess<'a> {
    de: Deserializer<'a>,
    items: std::slice::Iter<'a, Node>,
}

impl<'a> de::SeqAccess<'a> for SeqAccess<'a> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Refused> {
        match self.items.next() {
            Some(n) => seed.deserialize(self.de.of(n)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A scalar read as an enum: its text names a unit variant.
impl<'a> de::EnumAccess<'a> for Deserializer<'a> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), Refused> {
        Ok((seed.deserialize(self)?, self))
    }
}

impl<'a> de::VariantAccess<'a> for Deserializer<'a> {
    type Error = Refused;

    fn unit_variant(self) -> Result<(), Refused> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, _: T) -> Result<T::Value, Refused> {
        Err(Refused)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _: usize, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refused> {
        Err(Refused)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize as _;

    use super::*;
    use crate::model::raw::RawApplication;
    use crate::source::PositionIndex;
    use crate::source::tests::{edits, xorshift};

    /// Every application file shipped with qcp: the examples, the `init` template, fixtures.
    fn corpus() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut stack = vec![
            root.join("examples"),
            root.join("src/bin/qcp"),
            root.join("tests/fixtures"),
        ];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
                let p = e.unwrap_or_else(|e| panic!("{e}")).path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml") {
                    let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{e}"));
                    out.push((p.display().to_string(), t));
                }
            }
        }
        out.sort();
        out
    }

    fn value(text: &str, tree: &Tree) -> Result<yaml_serde::Value, Refused> {
        yaml_serde::Value::deserialize(tree.deserializer(text))
    }

    fn raw(text: &str, tree: &Tree) -> Result<RawApplication, Refused> {
        RawApplication::deserialize(tree.deserializer(text))
    }

    /// Wherever the tree answers: yaml_serde reads the text too, to the same value (untyped and
    /// typed), and the tree locates every path as the line scan does. Returns whether the typed
    /// read took the fast path.
    fn agrees(name: &str, text: &str) -> Option<bool> {
        let tree = Tree::parse(text)?;
        let theirs = yaml_serde::from_str::<yaml_serde::Value>(text);
        match (value(text, &tree), &theirs) {
            (Ok(mine), Ok(theirs)) => assert_eq!(&mine, theirs, "untyped value of {name}"),
            (Ok(_), Err(e)) => panic!("{name}: the tree read what yaml_serde refuses: {e}"),
            (Err(_), _) => {}
        }
        let fast = match (
            raw(text, &tree),
            yaml_serde::from_str::<RawApplication>(text),
        ) {
            (Ok(mine), Ok(theirs)) => {
                assert_eq!(
                    format!("{mine:?}"),
                    format!("{theirs:?}"),
                    "typed value of {name}"
                );
                true
            }
            (Ok(_), Err(e)) => panic!("{name}: typed read where yaml_serde refuses: {e}"),
            (Err(_), _) => false,
        };
        let idx = PositionIndex::build(text);
        let mut paths: Vec<&String> = idx.values.keys().chain(idx.keys.keys()).collect();
        paths.sort();
        paths.dedup();
        assert!(!paths.is_empty() || text.trim().is_empty(), "{name}");
        for p in paths {
            for probe in [p.clone(), format!("{p}.not_there"), format!("{p}[99]")] {
                assert_eq!(
                    tree.locate(text, &probe),
                    idx.locate(&probe),
                    "{name}: {probe}"
                );
                assert_eq!(
                    tree.locate_key(text, &probe),
                    idx.locate_key(&probe),
                    "{name}: key {probe}"
                );
            }
        }
        Some(fast)
    }

    /// The shipped files in block style all take the fast path, with yaml_serde's values and
    /// the line scan's positions.
    #[test]
    fn the_shipped_files_take_the_fast_path_with_the_same_values_and_positions() {
        let files = corpus();
        assert!(files.len() >= 15, "{} files", files.len());
        let mut fast = 0;
        for (name, text) in &files {
            // Nested flow mappings (the readiness ratings of two examples) are outside the
            // subset; every file the line scan reads and yaml_serde types takes the fast path.
            match agrees(name, text) {
                Some(true) => fast += 1,
                _ => assert!(
                    crate::source::block::scan(text, None).is_none()
                        || yaml_serde::from_str::<RawApplication>(text).is_err(),
                    "{name} should take the fast path"
                ),
            }
        }
        assert!(fast * 4 >= files.len() * 3, "{fast} of {}", files.len());
    }

    const CRAFTED: &[&str] = &[
        "a: 1\nb: -2\nc: 0.5\nd: 007\ne: ~\nf: null\ng: true\nh: False\ni: yes\nj: 1e3\nk: .inf\n",
        "a: 18446744073709551616\nb: 0x1F\nc: +1\nd: -0\ne: 1_000\nf: inf\ng: -.5\n",
        "s: \"quoted: # not a comment\"\nt: 'single'  # comment\nu: \"\"\nv: plain # c\nw: a#b\n",
        "x: [a, \"b c\", 3, true, ~]\ny: []\nz: {k: v, \"q\": 2, n: null}\ne: {}\n",
        "\"1.1\":\n  - one\n\"1.1.1\":\n  - two\n  - three\n'k.x': v\n",
        "lit: |\n  one\n    two\n\n  three\nnext: 1\n",
        "lit: |-\n  one\n  two\n\n\nfold: >\n  a\n  b\n\n  c\n\n\n  d\nend: x\n",
        "fold: >-\n  a\n  b\ncomment: |  # c\n  # kept\n  text\n",
        "last: |\n  no final newline",
        "last: >\n  folded at the end\n\n",
        "seq:\n  - - a\n    - b\n  - - c\n  -\n    k: v\n  - # c\n    - d\n",
        "items:\n  - name: A\n    n: 1\n  -   name: B # c\n      n: 2\n",
        "  indented: 1\n  also:\n    deeper: 2\n",
        "- top\n- level: seq\n  more: x\n",
        "crlf: 1\r\nmap:\r\n  k: v\r\n",
        "name: Clinique Étoile  # é\nwhere: Montréal\nnote: a:b\nurl: http://x.example/a#b\n",
        "dup: 1\ndup: 2\n",
        "a: b: c\n",
        "k: v\n  continued\n",
        "e:\n",
        "lit: |\n    four\n  two\n",
        "lit: |\n  text\n # less indented comment\n",
    ];

    #[test]
    fn crafted_files_read_as_yaml_serde_reads_them() {
        for (i, t) in CRAFTED.iter().enumerate() {
            let _ = agrees(&format!("crafted {i} {t:?}"), t);
        }
        // These are in the subset: the tree answers.
        for t in &CRAFTED[..16] {
            assert!(Tree::parse(t).is_some(), "should parse: {t:?}");
        }
    }

    #[test]
    fn outside_the_subset_the_tree_does_not_answer() {
        for t in [
            "a: &x 1\nb: *x\n",
            "a:\n- x\n- y\n",
            "a:\nb: 1\n",
            "a:\t1\n",
            "a: \"two\n  lines\"\n",
            "a: plain\n  continued\n",
            "a: [1,\n  2]\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "a: !tag 1\n",
            "? complex\n: key\n",
            "a: [x, ]\n",
            "a: [[x]]\n",
            "- |\n  text\n",
            "a: \"esc\\\"aped\"\n",
            "a: 'it''s'\n",
            "a: |+\n  keep\n",
            "a: |2\n  explicit\n",
            "a: >\n  folded\n    more indented\n",
            "a: |\n\n  leading blank\n",
            "\u{feff}a: 1\n",
            "a: b\u{0}c\n",
            "a: b\u{85}c\n",
            "a: b\u{2028}c\n",
            "a: b\u{7f}\n",
            "a: - x\n",
            "a: b: c\n",
            "e:\n",
            "",
            "# only a comment\n",
        ] {
            assert!(Tree::parse(t).is_none(), "should refuse: {t:?}");
        }
        let deep: String = (0..70).map(|d| format!("{}k:\n", "  ".repeat(d))).collect();
        assert!(Tree::parse(&format!("{deep}{}v: 1\n", "  ".repeat(70))).is_none());
        let big = |n: usize| format!("k: {}\n", "v".repeat(n - 4));
        assert!(Tree::parse(&big(MAX_FAST_BYTES)).is_some());
        assert!(
            Tree::parse(&big(MAX_FAST_BYTES + 1)).is_none(),
            "over the size"
        );
        let long_key = format!("{}: 1\n", "k".repeat(1025));
        assert!(Tree::parse(&long_key).is_none(), "a simple key over 1024");
        assert!(Tree::parse(&format!("{}: 1\n", "k".repeat(1024))).is_some());
    }

    /// What the deserializer refuses, yaml_serde reads: numbers into numeric fields, tagged
    /// enums, unit. A refused read is never an error of its own.
    #[test]
    fn numbers_for_numeric_fields_are_left_to_yaml_serde() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct N {
            n: u32,
        }
        let t = "n: 5\n";
        let tree = Tree::parse(t).unwrap_or_else(|| panic!("parse"));
        assert!(N::deserialize(tree.deserializer(t)).is_err());
        assert_eq!(yaml_serde::from_str::<N>(t).ok(), Some(N { n: 5 }));
    }

    /// Single edits of the examples with YAML's own characters: wherever the tree answers, it
    /// reads what yaml_serde reads and locates as the line scan does.
    #[test]
    fn the_tree_agrees_on_edited_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let pieces = [
            ":", ": ", "-", "- ", " ", "  ", "\n", "#", " #", "\"", "'", "[", "]", "{", "}", ",",
            "|", ">", "|-", ">-", "&a", "*a", "!", "?", "\n  ", "\n- ", "x: ", "é", "~", "1", "0",
            ".5", "\n\n", "true", "null",
        ];
        let (mut answered, mut made) = (0, 0);
        for name in [
            "application-complete.yaml",
            "ccr-partially-met.yaml",
            "simultaneous.yaml",
            "clients/lakeshore.yaml",
        ] {
            let text = std::fs::read_to_string(root.join("examples").join(name))
                .unwrap_or_else(|e| panic!("{e}"));
            for (at, edited) in edits(&text, &pieces, 500, &mut next) {
                made += 1;
                let line = edited[..at].matches('\n').count() + 1;
                if agrees(&format!("{name} edited at line {line}"), &edited).is_some() {
                    answered += 1;
                }
            }
        }
        assert!(answered * 4 > made, "{answered} of {made}");
    }

    /// Random documents from a small grammar of block YAML with awkward scalars, block scalars
    /// with blank, deeper, shallower and comment-like lines, and files with or without a final
    /// line break: wherever the tree answers, it agrees with yaml_serde and the line scan.
    #[test]
    fn the_tree_agrees_on_random_documents() {
        let mut next = xorshift(0x0DDB_1A5E_5BAD_5EED);
        let scalars = [
            "plain",
            "two words",
            "a#b",
            "a #b",
            "x:y",
            "x: y",
            "- x",
            "-5",
            "007",
            "1e3",
            "0o7",
            "0x1f",
            "+1",
            "-0",
            "1.5",
            ".5",
            ".inf",
            "~",
            "null",
            "Null",
            "yes",
            "No",
            "TRUE",
            "\"q\"",
            "\"q: #\"",
            "'s'",
            "'it''s'",
            "\"a\\tb\"",
            "é è",
            "[a, b]",
            "[]",
            "{}",
            "{k: v}",
            "{k: v, \"q\": 1}",
            "[a, [b]]",
            "@x",
            "`x",
            "%x",
            "?x",
            ":x",
            "x:",
            "a  b",
            "trail  ",
            "18446744073709551616",
            "2026-05-04",
            "\"\"",
            "''",
            "&a x",
            "*a",
            "!t x",
        ];
        let block_lines = [
            "text",
            "  deeper",
            "",
            " ",
            "# not a comment",
            "more: text",
            "- item",
        ];
        let (mut answered, mut blocks, total) = (0, 0, 1500);
        for n in 0..total {
            let mut doc = String::new();
            let mut depth = 0usize;
            for _ in 0..1 + next(12) {
                let ind = "  ".repeat(depth);
                let key = if next(6) == 0 {
                    format!("\"k.{}\"", next(9))
                } else {
                    format!("k{}", next(9))
                };
                match next(9) {
                    0 if depth < 4 => {
                        doc.push_str(&format!("{ind}{key}:\n"));
                        depth += 1;
                    }
                    1 if depth < 4 => {
                        doc.push_str(&format!(
                            "{ind}{key}:\n{ind}  - {}\n",
                            scalars[next(scalars.len())]
                        ));
                        if next(2) == 0 {
                            doc.push_str(&format!(
                                "{ind}  - {key}: {}\n",
                                scalars[next(scalars.len())]
                            ));
                        }
                    }
                    2 => {
                        let header = ["|", ">", "|-", ">-", "|+", "| # c"][next(6)];
                        doc.push_str(&format!("{ind}{key}: {header}\n"));
                        for _ in 0..1 + next(4) {
                            let l = block_lines[next(block_lines.len())];
                            if l.is_empty() {
                                doc.push('\n');
                            } else {
                                doc.push_str(&format!("{ind}  {l}\n"));
                            }
                        }
                    }
                    3 if depth > 0 => {
                        depth -= 1;
                        doc.push_str(&format!(
                            "{}{key}: {}\n",
                            "  ".repeat(depth),
                            scalars[next(scalars.len())]
                        ));
                    }
                    4 => doc.push_str(&format!("{ind}# comment {key}\n")),
                    _ => doc.push_str(&format!(
                        "{ind}{key}: {}{}\n",
                        scalars[next(scalars.len())],
                        if next(5) == 0 { "  # c" } else { "" }
                    )),
                }
            }
            if next(4) == 0 {
                doc.pop();
            }
            if agrees(&format!("random {n}: {doc:?}"), &doc).is_some() {
                answered += 1;
                blocks += usize::from(doc.contains(": |") || doc.contains(": >"));
            }
        }
        assert!(
            answered * 8 > total && blocks > 40,
            "{answered} of {total}, {blocks} blocks"
        );
    }

    /// A long flow list on a line that is not ASCII: its items' columns are counted on from
    /// the item before (one pass over the line, not one per item), and still exact.
    #[test]
    fn columns_of_a_long_line_are_counted_once() {
        let items: Vec<String> = (0..80_000)
            .map(|i| {
                if i == 0 {
                    "é".to_owned()
                } else {
                    "a".to_owned()
                }
            })
            .collect();
        let text = format!("k: [{}]\n", items.join(", "));
        let tree = Tree::parse(&text).unwrap_or_else(|| panic!("parse"));
        let last = format!("k[{}]", items.len() - 1);
        let before: String = text[..text.rfind(", ").unwrap_or(0) + 2].chars().collect();
        assert_eq!(
            tree.locate(&text, &last),
            Some(Location {
                line: 1,
                column: before.chars().count() + 1
            })
        );
        assert_eq!(tree.locate(&text, "k[1]").map(|l| l.column), Some(8));
        assert_eq!(tree.locate(&text, "k[0]").map(|l| l.column), Some(5));
    }
}
