//! Targeted, comment-preserving edits of a user's YAML file.
//!
//! A serde round trip would drop every comment and reorder keys; users annotate their application
//! files and would lose that work. [`set`] replaces (or creates) the value of one mapping entry,
//! addressed by a path of keys, and leaves every other byte of the text unchanged: comments,
//! blank lines, key order, quoting and line endings elsewhere survive. After the edit the result
//! is parsed again and the new value read back; if it does not match what was asked, the edit is
//! refused rather than written.
//!
//! Scope: block-style mappings (the style `qcp init` writes and people write by hand). A parent
//! written in flow style (`survey: {mode: virtual}`) is refused with a clear error. Comments
//! *inside* the replaced value are replaced with it; comments after it are kept.
//! This module edits text; writing the file (atomically) is the caller's job.

use serde::Serialize;

/// Why an edit could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    /// The path is empty.
    #[error("no key given to edit")]
    EmptyPath,
    /// The file is not valid YAML, so it cannot be edited safely.
    #[error("the file is not valid YAML ({0}); fix it before qcp writes into it")]
    Invalid(String),
    /// A parent on the path is not a block mapping.
    #[error(
        "`{path}` is not a block mapping (it is written in flow style or holds a value); rewrite it as `key: value` lines so qcp can edit it"
    )]
    NotBlockMapping {
        /// The YAML path of the parent.
        path: String,
    },
    /// The fragment to insert is not valid YAML.
    #[error("the value to write is not valid YAML: {0}")]
    BadFragment(String),
    /// The edited text did not read back as intended (a safety net; never written).
    #[error("the edit of `{path}` did not read back as written; the file was left unchanged")]
    Verify {
        /// The YAML path edited.
        path: String,
    },
}

/// Serializes `value` and sets it at `path`. See [`set`].
///
/// # Errors
/// See [`set`]; serialization errors are [`EditError::BadFragment`].
pub fn set_value<T: Serialize>(text: &str, path: &[&str], value: &T) -> Result<String, EditError> {
    let fragment =
        yaml_serde::to_string(value).map_err(|e| EditError::BadFragment(e.to_string()))?;
    set(text, path, &fragment)
}

/// Replaces or creates the value of the mapping entry at `path` with the YAML `fragment` (block
/// style, written at column 0), creating missing parent mappings, leaving the rest untouched.
///
/// ```
/// let text = "# my notes\npractice:\n  name: X   # keep me\npayment:\n  old: 1\n# trailing\n";
/// let out = qcp::yaml_edit::set(text, &["payment", "estimate"], "total: 5500\n").unwrap();
/// assert!(out.contains("# my notes") && out.contains("# keep me") && out.contains("# trailing"));
/// assert!(out.contains("payment:\n  old: 1\n  estimate:\n    total: 5500\n"));
/// ```
///
/// # Errors
/// An invalid file or fragment, a parent that is not a block mapping, or a result that does not
/// read back as intended.
pub fn set(text: &str, path: &[&str], fragment: &str) -> Result<String, EditError> {
    if path.is_empty() {
        return Err(EditError::EmptyPath);
    }
    let wanted: yaml_serde::Value =
        yaml_serde::from_str(fragment).map_err(|e| EditError::BadFragment(e.to_string()))?;
    if !text.trim().is_empty() {
        yaml_serde::from_str::<yaml_serde::Value>(text)
            .map_err(|e| EditError::Invalid(e.to_string()))?;
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = split_keep(text);

    // Walk down the path: the parent block is lines [start, end) at child indent `indent`.
    let mut start = 0usize;
    let mut end = lines.len();
    let mut parent_indent: Option<usize> = None; // None = document root
    for (depth, key) in path.iter().enumerate() {
        let last = depth + 1 == path.len();
        let child_indent = child_indent(&lines[start..end], parent_indent);
        match find_key(&lines[start..end], key, child_indent) {
            Some(rel) => {
                let at = start + rel;
                let (value_end, inline) = block_extent(&lines, at, child_indent);
                if last {
                    let new =
                        render_entry(lines[at], child_indent, key, inline, &wanted, fragment, eol);
                    let mut out = String::with_capacity(text.len() + fragment.len());
                    for l in &lines[..at] {
                        out.push_str(l);
                    }
                    out.push_str(&new);
                    for l in &lines[value_end..] {
                        out.push_str(l);
                    }
                    return verify(out, path, &wanted);
                }
                if inline {
                    return Err(EditError::NotBlockMapping {
                        path: path[..=depth].join("."),
                    });
                }
                start = at + 1;
                end = value_end;
                parent_indent = Some(child_indent);
            }
            None => {
                // Create the rest of the path at the end of this block (before trailing comments).
                let insert_at = content_end(&lines[start..end]) + start;
                let mut new = String::new();
                // A file without a final newline needs one before the insertion.
                if insert_at > 0 && !lines[insert_at - 1].ends_with('\n') {
                    new.push_str(eol);
                }
                let mut ind = child_indent;
                for k in &path[depth..path.len() - 1] {
                    new.push_str(&format!("{}{}:{eol}", " ".repeat(ind), quote_key(k)));
                    ind += 2;
                }
                let leaf = path[path.len() - 1];
                new.push_str(&render_entry("", ind, leaf, false, &wanted, fragment, eol));
                let mut out = String::with_capacity(text.len() + new.len());
                for l in &lines[..insert_at] {
                    out.push_str(l);
                }
                out.push_str(&new);
                for l in &lines[insert_at..] {
                    out.push_str(l);
                }
                return verify(out, path, &wanted);
            }
        }
    }
    Err(EditError::EmptyPath)
}

/// Splits into lines keeping their endings.
fn split_keep(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
}

/// The indentation of the children of a block: that of its first content line, or parent + 2.
fn child_indent(block: &[&str], parent: Option<usize>) -> usize {
    match parent {
        None => 0,
        Some(p) => block
            .iter()
            .find(|l| !is_blank_or_comment(l))
            .map_or(p + 2, |l| indent_of(l)),
    }
}

/// The key of a `key: …` line, unquoted.
fn line_key(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(' ');
    if t.starts_with('#') || t.starts_with('-') {
        return None;
    }
    if let Some(rest) = t.strip_prefix('"') {
        let close = rest.find('"')?;
        return rest[close + 1..].starts_with(':').then(|| &rest[..close]);
    }
    if let Some(rest) = t.strip_prefix('\'') {
        let close = rest.find('\'')?;
        return rest[close + 1..].starts_with(':').then(|| &rest[..close]);
    }
    let colon = t.find(':')?;
    let after = &t[colon + 1..];
    (after.is_empty() || after.starts_with([' ', '\n', '\r'])).then(|| t[..colon].trim_end())
}

fn find_key(block: &[&str], key: &str, indent: usize) -> Option<usize> {
    block
        .iter()
        .position(|l| !is_blank_or_comment(l) && indent_of(l) == indent && line_key(l) == Some(key))
}

/// The end (exclusive) of the value of the key at line `at`, and whether the value is inline on
/// the key's line (a scalar or a flow collection).
fn block_extent(lines: &[&str], at: usize, indent: usize) -> (usize, bool) {
    let line = lines[at];
    let after_colon = line
        .trim_start_matches(' ')
        .split_once(':')
        .map_or("", |(_, r)| r);
    let value = strip_comment(after_colon).trim();
    let inline = !value.is_empty() && !value.starts_with('|') && !value.starts_with('>');
    let mut last_content = at;
    for (j, l) in lines.iter().enumerate().skip(at + 1) {
        if is_blank_or_comment(l) {
            continue;
        }
        let ind = indent_of(l);
        let indentless_item = ind == indent && l.trim_start().starts_with('-') && !inline;
        if ind > indent || indentless_item {
            last_content = j;
        } else {
            break;
        }
    }
    (last_content + 1, inline)
}

/// The end of the last content line of a block (trailing blank and comment lines stay after
/// anything inserted, since they usually introduce what follows).
fn content_end(block: &[&str]) -> usize {
    block
        .iter()
        .rposition(|l| !is_blank_or_comment(l))
        .map_or(0, |i| i + 1)
}

/// Removes a trailing ` # comment` outside quotes.
fn strip_comment(s: &str) -> &str {
    let mut in_single = false;
    let mut in_double = false;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        match c {
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single => in_double = !in_double,
            '#' if !in_single && !in_double && prev_space => return &s[..i],
            _ => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    s
}

/// The inline comment of a key line, if any (kept when its value is replaced).
fn line_comment(line: &str) -> Option<&str> {
    let body = line.trim_end_matches(['\n', '\r']);
    let after_colon = body.trim_start_matches(' ').split_once(':')?.1;
    let code = strip_comment(after_colon);
    (code.len() < after_colon.len()).then(|| after_colon[code.len()..].trim())
}

fn quote_key(k: &str) -> String {
    let plain = !k.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !k.starts_with(['-', '.']);
    if plain {
        k.to_owned()
    } else {
        format!("{k:?}")
    }
}

/// `key: value` or `key:` + indented block, for a fragment.
fn render_entry(
    old_line: &str,
    indent: usize,
    key: &str,
    _old_inline: bool,
    wanted: &yaml_serde::Value,
    fragment: &str,
    eol: &str,
) -> String {
    let pad = " ".repeat(indent);
    let key_text = if old_line.is_empty() {
        quote_key(key)
    } else {
        // Keep the key exactly as the user wrote it (quoting included).
        let t = old_line.trim_start_matches(' ');
        let colon = if t.starts_with('"') || t.starts_with('\'') {
            t[1..]
                .find(t.chars().next().unwrap_or('"'))
                .map_or(0, |i| i + 2)
        } else {
            t.find(':').unwrap_or(0)
        };
        t[..colon].to_owned()
    };
    let comment = line_comment(old_line)
        .map(|c| format!("  {c}"))
        .unwrap_or_default();
    let frag = fragment.trim_end_matches(['\n', '\r']);
    let is_block = matches!(wanted, yaml_serde::Value::Mapping(m) if !m.is_empty())
        || matches!(wanted, yaml_serde::Value::Sequence(s) if !s.is_empty());
    if is_block {
        let mut s = format!("{pad}{key_text}:{comment}{eol}");
        for l in frag.lines() {
            if l.is_empty() {
                s.push_str(eol);
            } else {
                s.push_str(&format!("{pad}  {l}{eol}"));
            }
        }
        s
    } else {
        format!("{pad}{key_text}: {}{comment}{eol}", frag.trim())
    }
}

fn verify(out: String, path: &[&str], wanted: &yaml_serde::Value) -> Result<String, EditError> {
    let err = || EditError::Verify {
        path: path.join("."),
    };
    let doc: yaml_serde::Value = yaml_serde::from_str(&out).map_err(|_| err())?;
    let mut node = &doc;
    for k in path {
        node = node.get(*k).ok_or_else(err)?;
    }
    if node == wanted { Ok(out) } else { Err(err()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
# Application of Meadowfield — keep this header
format_version: 1
practice:
  name: Meadowfield   # the legal name is longer
  country: US

# Payment notes: invoice requested by phone
payment:
  mode: check       # we always pay by check
  estimate:
    total: 1
    # old breakdown
    lines:
    - a
    - b
  # note after estimate
  paid: false
# closing comment
";

    #[test]
    fn replaces_a_nested_block_keeping_every_comment_outside_it() {
        let out = set(
            DOC,
            &["payment", "estimate"],
            "total: 5500\nschedule: fees-2024\n",
        )
        .unwrap();
        for keep in [
            "# Application of Meadowfield — keep this header",
            "name: Meadowfield   # the legal name is longer",
            "# Payment notes: invoice requested by phone",
            "mode: check       # we always pay by check",
            "  # note after estimate",
            "# closing comment",
        ] {
            assert!(out.contains(keep), "lost {keep:?}\n{out}");
        }
        assert!(out.contains("  estimate:\n    total: 5500\n    schedule: fees-2024\n  # note after estimate\n  paid: false\n"), "{out}");
        assert!(!out.contains("- a"));
        // Idempotent.
        assert_eq!(
            set(
                &out,
                &["payment", "estimate"],
                "total: 5500\nschedule: fees-2024\n"
            )
            .unwrap(),
            out
        );
    }

    #[test]
    fn creates_missing_keys_and_sections() {
        let out = set(DOC, &["survey", "options"], "- 2027-01-12\n- 2027-01-19\n").unwrap();
        assert!(
            out.ends_with("# closing comment\n")
                || out.contains("survey:\n  options:\n  - 2027-01-12\n"),
            "{out}"
        );
        let v: yaml_serde::Value = yaml_serde::from_str(&out).unwrap();
        assert_eq!(v["survey"]["options"][1].as_str(), Some("2027-01-19"));
        assert!(out.starts_with("# Application of Meadowfield"));
        let out = set(DOC, &["payment", "invoice_requested"], "true").unwrap();
        assert!(
            out.contains("  paid: false\n  invoice_requested: true\n# closing comment"),
            "{out}"
        );
    }

    #[test]
    fn replaces_scalars_keeping_the_inline_comment() {
        let out = set(DOC, &["payment", "mode"], "wire").unwrap();
        assert!(
            out.contains("  mode: wire  # we always pay by check\n"),
            "{out}"
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let crlf = DOC.replace('\n', "\r\n");
        let out = set(&crlf, &["payment", "paid"], "true").unwrap();
        assert!(
            !out.replace("\r\n", "").contains('\n'),
            "a bare LF slipped in"
        );
        assert!(out.contains("  paid: true\r\n"));
    }

    #[test]
    fn refuses_flow_style_parents_and_invalid_input() {
        let flow = "practice: {name: X, country: US}\n";
        assert!(matches!(
            set(flow, &["practice", "fte"], "3"),
            Err(EditError::NotBlockMapping { .. })
        ));
        assert!(matches!(
            set("a: [1,\n", &["a"], "1"),
            Err(EditError::Invalid(_))
        ));
        assert!(matches!(
            set(DOC, &["payment"], "a: [1,"),
            Err(EditError::BadFragment(_))
        ));
        assert_eq!(set(DOC, &[], "1"), Err(EditError::EmptyPath));
    }

    #[test]
    fn file_without_final_newline_and_empty_file() {
        let out = set("practice:\n  name: X", &["payment", "paid"], "false").unwrap();
        assert_eq!(out, "practice:\n  name: X\npayment:\n  paid: false\n");
        assert_eq!(set("", &["a", "b"], "1").unwrap(), "a:\n  b: 1\n");
    }

    #[test]
    fn set_value_serializes() {
        #[derive(Serialize)]
        struct Est {
            total_cents: i64,
            lines: Vec<String>,
        }
        let out = set_value(
            DOC,
            &["payment", "estimate"],
            &Est {
                total_cents: 550_000,
                lines: vec!["base".into()],
            },
        )
        .unwrap();
        let v: yaml_serde::Value = yaml_serde::from_str(&out).unwrap();
        assert_eq!(
            v["payment"]["estimate"]["total_cents"].as_i64(),
            Some(550_000)
        );
        assert!(out.contains("# closing comment"));
    }
}
