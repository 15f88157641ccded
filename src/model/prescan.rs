//! One pass over the YAML events before the typed parse: budgets, duplicate keys, unknown keys
//! and syntax errors, each located at its own token, all reported at once.
//!
//! The typed parse (yaml_serde) stops at its first error, keeps the last of two duplicate
//! keys in a map-typed section, expands aliases without an overall budget and reports some
//! errors at the enclosing mapping. This scan runs first, on saphyr-parser's event stream
//! (which carries a position for every token), and enforces:
//!
//! - nesting depth at most [`MAX_DEPTH`];
//! - at most [`MAX_NODES`] nodes produced, counting every alias as the size of the subtree
//!   its anchor names (a 400 KB file that repeats a 5,000-entry list through 5,000 aliases
//!   produces 25 million nodes and is refused here, not expanded);
//! - one document per file, the second located at its `---`;
//! - no NUL byte (located at its position);
//! - every mapping key once (the second occurrence is the one reported);
//! - every key known to the application format, checked against the JSON Schema derived from
//!   the raw types (the same types serde reads), so every unknown key is reported in one run.
//!
//! The scan stops at the first budget or syntax problem; key problems are collected up to
//! [`MAX_PROBLEMS`], then summarised in one more problem.

use std::collections::HashMap;
use std::sync::OnceLock;

use saphyr_parser::{Event, Marker, Parser};
use serde_json::Value;

use crate::finding::Finding;
use crate::source::{Location, index, join};

/// Deepest nesting of mappings and sequences accepted. Application files nest about six levels.
pub const MAX_DEPTH: usize = 64;
/// Most YAML nodes one file may produce, aliases expanded (a 400-physician practice with a
/// complete history is about 10,000 nodes).
pub const MAX_NODES: u64 = 500_000;
/// Longest single value (or key) in bytes: Excel's cell limit (32,767 characters) fits, so an
/// imported CCR finding always does; a 1.9 MB practice name does not.
pub const MAX_SCALAR_BYTES: usize = 32 * 1024;
/// Most key problems (unknown or duplicate keys) listed for one file before a summary.
pub const MAX_PROBLEMS: usize = 100;

/// The schema of the application format, as JSON (generated once per process).
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let s = schemars::schema_for!(super::raw::RawApplication);
        serde_json::to_value(s).unwrap_or(Value::Null)
    })
}

/// Resolves `$ref` and the combinators into the plain schemas a value may match.
fn resolve<'a>(root: &'a Value, v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 16 {
        return;
    }
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        if let Some(def) = r
            .strip_prefix("#/$defs/")
            .and_then(|name| root.get("$defs")?.get(name))
        {
            resolve(root, def, out, depth + 1);
        }
        return;
    }
    for k in ["anyOf", "oneOf", "allOf"] {
        if let Some(arr) = v.get(k).and_then(Value::as_array) {
            for x in arr {
                resolve(root, x, out, depth + 1);
            }
        }
    }
    out.push(v);
}

fn is_object(v: &Value) -> bool {
    v.get("properties").is_some() || v.get("additionalProperties").is_some()
}

/// The keys a mapping may have, or `None` when any key is allowed (or nothing is known).
fn allowed_keys<'a>(cands: &[&'a Value]) -> Option<Vec<&'a str>> {
    let objects: Vec<&Value> = cands.iter().copied().filter(|v| is_object(v)).collect();
    if objects.is_empty() {
        return None;
    }
    let mut keys = Vec::new();
    for o in objects {
        match o.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            _ => return None, // a map-typed section: any key
        }
        if let Some(p) = o.get("properties").and_then(Value::as_object) {
            keys.extend(p.keys().map(String::as_str));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    Some(keys)
}

fn child_of_key<'a>(root: &'a Value, cands: &[&'a Value], key: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for c in cands {
        if let Some(p) = c.get("properties").and_then(|p| p.get(key)) {
            resolve(root, p, &mut out, 0);
        } else if let Some(a) = c.get("additionalProperties").filter(|a| a.is_object()) {
            resolve(root, a, &mut out, 0);
        }
    }
    out
}

fn items_of<'a>(root: &'a Value, cands: &[&'a Value]) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for c in cands {
        if let Some(i) = c.get("items").filter(|i| i.is_object()) {
            resolve(root, i, &mut out, 0);
        }
    }
    out
}

struct Frame<'s> {
    path: String,
    cands: Vec<&'s Value>,
    /// `Some` for a mapping: its keys so far, and the key whose value comes next.
    map: Option<MapState<'s>>,
    next_index: usize,
    /// The anchor of this collection and the node count when it started.
    anchor: usize,
    start_count: u64,
}

struct MapState<'s> {
    seen: HashMap<String, Location>,
    pending: Option<(String, Vec<&'s Value>)>,
    allowed: Option<Vec<&'s str>>,
}

fn loc(m: Marker) -> Location {
    Location {
        line: m.line(),
        column: m.col() + 1,
    }
}

/// Shortens a key or value for a message: at most 60 characters.
#[must_use]
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX - 1).collect();
        format!("{head}…")
    }
}

fn problem(code: &'static str, path: &str, at: Location, msg: String, hint: String) -> Finding {
    let mut f = Finding::new(code, path, msg, hint);
    f.location = Some(at);
    f
}

fn within(path: &str) -> String {
    if path.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in `{path}`")
    }
}

/// Whether `text` could exceed a budget the typed parse does not enforce itself, so the scan
/// must run *before* it: an anchor (aliases multiply nodes), a NUL byte, or flow brackets
/// nested deeper than [`MAX_DEPTH`] (counted naively, quotes included: a false alarm only
/// costs the scan). Everything else the scan checks makes the typed parse fail (unknown and
/// duplicate keys, values over [`MAX_SCALAR_BYTES`], a second document), and the scan then
/// runs to report all of it, located. Clean files, the common case in a bundle, pay one
/// byte pass instead of a second parse.
#[must_use]
pub fn needs_scan_first(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The common case in a few vectorised passes: no NUL, no `&`, and too few opening
    // brackets to nest deeper than the budget at all.
    let opening = bytes.iter().filter(|&&b| b == b'[' || b == b'{').count();
    if opening <= MAX_DEPTH && !bytes.contains(&0) && !bytes.contains(&b'&') {
        return false;
    }
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            0 => return true,
            // An anchor: `&` starting a token and followed by its name ("Hematology &
            // Oncology" and "R&D" are text, not anchors).
            b'&' => {
                let starts = i == 0
                    || matches!(
                        bytes[i - 1],
                        b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','
                    );
                let named = bytes
                    .get(i + 1)
                    .is_some_and(|n| !matches!(n, b' ' | b'\t' | b'\n' | b'\r'));
                if starts && named {
                    return true;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Scans `text`; the problems found, empty when the typed parse may proceed.
#[must_use]
pub fn scan(text: &str) -> Vec<Finding> {
    if let Some(i) = text.find('\0') {
        let at = crate::error::offset_to_location(text, i);
        return vec![problem(
            "yaml-syntax",
            "",
            at,
            "the file contains a NUL byte, which YAML does not allow".to_owned(),
            "the file is binary or damaged: save the application as plain UTF-8 text".to_owned(),
        )];
    }
    // saphyr refuses some tabs libyaml accepts (`key:<TAB>value`); tabs are never structural
    // for this scan, so it reads them as spaces (same columns) and leaves tab errors to the
    // typed parse, as before.
    let spaced;
    let text = if text.contains('\t') {
        spaced = text.replace('\t', " ");
        spaced.as_str()
    } else {
        text
    };
    let root = schema();
    let mut problems: Vec<Finding> = Vec::new();
    let mut omitted = 0usize;
    let mut push = |problems: &mut Vec<Finding>, f: Finding| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(f);
        } else {
            omitted += 1;
        }
    };
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut count: u64 = 0;
    let mut weights: HashMap<usize, u64> = HashMap::new();
    let mut documents = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(x) => x,
            Err(e) if e.info().contains("recursion limit") => {
                problems.push(problem(
                    "yaml-too-complex",
                    "",
                    loc(*e.marker()),
                    format!("the YAML nests deeper than {MAX_DEPTH} levels"),
                    "application files nest a few levels; close the brackets that were left open"
                        .to_owned(),
                ));
                break;
            }
            Err(e) => {
                let at = loc(*e.marker());
                problems.push(problem(
                    "yaml-syntax",
                    "",
                    at,
                    format!("the YAML is malformed: {}", e.info()),
                    "fix the YAML syntax at this position; indent with spaces, close every bracket and quote".to_owned(),
                ));
                break;
            }
        };
        let here = loc(span.start);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    problems.push(problem(
                        "yaml-syntax",
                        "",
                        here,
                        "the file holds more than one YAML document".to_owned(),
                        "keep one application per file (remove this `---` and what follows it, or move it to its own file)".to_owned(),
                    ));
                    break;
                }
            }
            Event::Scalar(value, _, anchor, _) => {
                if value.len() > MAX_SCALAR_BYTES {
                    problems.push(problem(
                        "value-too-long",
                        "",
                        here,
                        format!(
                            "a value of {} bytes starts here; qcp reads values up to {MAX_SCALAR_BYTES} bytes",
                            value.len()
                        ),
                        "shorten the value; long texts belong in a document, referenced from `documents`".to_owned(),
                    ));
                    break;
                }
                // A mapping key?
                if let Some(Frame {
                    map: Some(m),
                    path,
                    cands,
                    ..
                }) = stack.last_mut()
                    && m.pending.is_none()
                {
                    let key = value.into_owned();
                    let kp = join(path, &key);
                    if let Some(first) = m.seen.get(&key) {
                        push(
                            &mut problems,
                            problem(
                                "duplicate-key",
                                &kp,
                                here,
                                format!(
                                    "key `{}` appears twice {} (first at line {})",
                                    shorten(&key),
                                    within(path),
                                    first.line
                                ),
                                "keep one of the two entries; with both, one would silently win"
                                    .to_owned(),
                            ),
                        );
                    } else {
                        m.seen.insert(key.clone(), here);
                    }
                    if let Some(allowed) = &m.allowed
                        && !allowed.contains(&key.as_str())
                    {
                        let hint = match crate::rules::closest(&key, allowed) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => format!("this section's keys are: {}", allowed.join(", ")),
                        };
                        push(
                            &mut problems,
                            problem(
                                "unknown-key",
                                &kp,
                                here,
                                format!("unknown key `{}` {}", shorten(&key), within(path)),
                                hint,
                            ),
                        );
                    }
                    let child = if m
                        .allowed
                        .as_ref()
                        .is_some_and(|a| !a.contains(&key.as_str()))
                    {
                        Vec::new() // below an unknown key nothing more is reported
                    } else {
                        child_of_key(root, cands, &key)
                    };
                    m.pending = Some((key, child));
                    count += 1;
                    continue;
                }
                let _ = next_child(&mut stack, root);
                count += 1;
                if anchor > 0 {
                    weights.insert(anchor, 1);
                }
            }
            Event::Alias(id) => {
                let _ = next_child(&mut stack, root);
                count = count.saturating_add(weights.get(&id).copied().unwrap_or(1));
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let (path, cands) = next_child(&mut stack, root);
                count += 1;
                if stack.len() >= MAX_DEPTH {
                    problems.push(problem(
                        "yaml-too-complex",
                        &path,
                        here,
                        format!("the YAML nests deeper than {MAX_DEPTH} levels"),
                        "application files nest a few levels; close the brackets that were left open".to_owned(),
                    ));
                    break;
                }
                let map = is_map.then(|| MapState {
                    seen: HashMap::new(),
                    pending: None,
                    allowed: allowed_keys(&cands),
                });
                stack.push(Frame {
                    path,
                    cands,
                    map,
                    next_index: 0,
                    anchor,
                    start_count: count,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(f) = stack.pop()
                    && f.anchor > 0
                {
                    weights.insert(f.anchor, count - f.start_count + 1);
                }
            }
            _ => {}
        }
        if count > MAX_NODES {
            problems.push(problem(
                "yaml-too-complex",
                "",
                here,
                format!("the YAML expands to more than {MAX_NODES} values once its aliases (`*name`) are expanded"),
                "write values out instead of repeating large anchored lists through aliases".to_owned(),
            ));
            break;
        }
    }
    if omitted > 0 {
        problems.push(Finding::new(
            "too-many-findings",
            "",
            format!("{omitted} more key problem(s) not listed (qcp lists at most {MAX_PROBLEMS})"),
            "fix the problems above and run qcp again",
        ));
    }
    problems
}

/// The path and schema of the node that starts now, advancing its parent.
fn next_child<'s>(stack: &mut [Frame<'s>], root: &'s Value) -> (String, Vec<&'s Value>) {
    match stack.last_mut() {
        None => (String::new(), vec![root]),
        Some(f) => match &mut f.map {
            Some(m) => match m.pending.take() {
                Some((k, cands)) => (join(&f.path, &k), cands),
                // An alias or a collection used as a key: unaddressable, so its value is
                // given a placeholder key and nothing below it is checked.
                None => {
                    m.pending = Some(("?".to_owned(), Vec::new()));
                    (join(&f.path, "?"), Vec::new())
                }
            },
            None => {
                let p = index(&f.path, f.next_index);
                f.next_index += 1;
                (p, items_of(root, &f.cands))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, String)> {
        scan(text)
            .into_iter()
            .map(|f| {
                (
                    f.code.to_owned(),
                    f.location.map(|l| l.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn every_unknown_key_is_reported_at_itself() {
        let text = "practice:\n  name: A\n  country: US\n  physicans: []\n  sitez: []\nrounds: []\nfoo: 1\n";
        assert_eq!(
            codes(text),
            [
                ("unknown-key".to_owned(), "4:3".to_owned()),
                ("unknown-key".to_owned(), "5:3".to_owned()),
                ("unknown-key".to_owned(), "7:1".to_owned()),
            ]
        );
        let f = &scan(text)[0];
        assert!(f.hint.contains("physicians"), "{}", f.hint);
        assert_eq!(f.path, "practice.physicans");
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second_even_in_map_sections() {
        let text = "practice:\n  name: A\n  country: US\nquestionnaire:\n  supplemental:\n    distant_sites: no\n    distant_sites: yes\npractice:\n  name: B\n";
        assert_eq!(
            codes(text),
            [
                ("duplicate-key".to_owned(), "7:5".to_owned()),
                ("duplicate-key".to_owned(), "8:1".to_owned()),
            ]
        );
    }

    #[test]
    fn map_sections_accept_any_key_and_known_files_pass() {
        let text = "practice:\n  name: A\n  country: US\ndocuments:\n  elements:\n    1.1.1:\n      - path: a.pdf\n";
        assert_eq!(codes(text), Vec::<(String, String)>::new());
    }

    #[test]
    fn aliases_count_the_nodes_they_expand_to() {
        let mut t = String::from("practice:\n  name: A\n  country: US\n  clinicians: &c\n");
        for i in 0..5000 {
            t.push_str(&format!("    - {{name: C{i}, weekly_hours: 40}}\n"));
        }
        t.push_str("  sites:\n");
        for i in 0..200 {
            t.push_str(&format!("    - {{name: S{i}, clinicians: *c}}\n"));
        }
        let p = scan(&t);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].code, "yaml-too-complex");
        assert!(p[0].message.contains("aliases"));
        // A few small aliases are fine.
        let ok = "practice:\n  name: &n A\n  country: US\n  sites:\n    - name: *n\n";
        assert!(scan(ok).is_empty());
    }

    #[test]
    fn complex_and_alias_keys_keep_the_walk_in_step() {
        let t = "practice:\n  name: &k A\n  country: US\n  ? [a, b]\n  : 1\n  *k : 2\n  fte: 3\n";
        let p = scan(t);
        // The odd keys are the typed parse's to refuse; `fte` after them is still a known key.
        assert!(p.iter().all(|f| f.path != "practice.fte"), "{p:?}");
    }

    #[test]
    fn hazards_that_need_the_scan_first() {
        assert!(!needs_scan_first(
            "practice:\n  name: A\n  sites: [{name: B}]\n"
        ));
        assert!(needs_scan_first("a: &x 1\nb: *x\n"));
        assert!(needs_scan_first("a: \0"));
        assert!(needs_scan_first(&"[".repeat(MAX_DEPTH + 1)));
        assert!(!needs_scan_first("sites: [{name: A}, {name: B}]\n"));
        // More brackets than the depth budget, never nested that deep: the byte pass decides.
        assert!(!needs_scan_first(&"x: [a]\n".repeat(MAX_DEPTH * 2)));
        assert!(needs_scan_first(
            &format!("{}x: 1\n", "[a] ".repeat(MAX_DEPTH * 2))
                .replace("x: 1", &"[".repeat(MAX_DEPTH + 1))
        ));
        // Anchors start a token and carry a name; an ampersand in text is no anchor.
        assert!(needs_scan_first("&top\na: 1\n"));
        assert!(needs_scan_first("a: [&x 1, *x]\n"));
        assert!(needs_scan_first("- &x\n  a: 1\n- *x\n"));
        assert!(!needs_scan_first(
            "name: Hematology & Oncology Associates\n"
        ));
        assert!(!needs_scan_first(
            "name: R&D Cancer Center\nnote: ends with &\n"
        ));
    }

    #[test]
    fn tabs_libyaml_accepts_pass_the_scan() {
        assert!(scan("practice:\n  name:\tDemo\t\n  country: US\n").is_empty());
    }

    #[test]
    fn a_huge_value_is_refused_without_being_quoted() {
        let text = format!(
            "practice:\n  name: {}\n  country: US\n",
            "N".repeat(1_900_000)
        );
        let p = scan(&text);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "value-too-long");
        assert_eq!(p[0].location.map(|l| l.to_string()).as_deref(), Some("2:9"));
        assert!(p[0].message.len() < 200);
    }

    #[test]
    fn depth_nul_second_document_and_syntax_are_located() {
        let deep = format!("practice: {}", "[".repeat(100_000));
        let p = scan(&deep);
        assert_eq!(p[0].code, "yaml-too-complex");
        assert_eq!(
            codes("a: 1\nb: \0\n"),
            [("yaml-syntax".to_owned(), "2:4".to_owned())]
        );
        let two = "practice:\n  name: A\n  country: US\n---\npractice: {}\n";
        assert_eq!(codes(two), [("yaml-syntax".to_owned(), "4:1".to_owned())]);
        let p = scan("practice:\n  name: [unclosed\n");
        assert_eq!(p[0].code, "yaml-syntax", "{p:?}");
    }
}
