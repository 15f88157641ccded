//! Reading an application file: size and encoding limits, the fast typed parse, and turning
//! every parser or value error into a located [`InputError`].

use std::path::Path;

use super::Application;
use super::raw::RawApplication;
use crate::error::InputError;
use crate::finding::Finding;
use serde::Deserialize as _;

use crate::source::tree::Tree;
use crate::source::{Location, PositionIndex, SourceFile};
use crate::suggest::{closest, suggest_from_message};

/// The largest application file qcp reads. Application files are a few kilobytes; anything
/// this large is a wrong path, and refusing it early keeps memory bounded in bundle checks.
pub const MAX_APPLICATION_BYTES: u64 = 2 * 1024 * 1024;

/// The largest data file qcp reads (`--rules`, `--schedule`, `--calendar`, `--standards`,
/// suppressions). The embedded files are tens of kilobytes.
pub const MAX_DATA_BYTES: u64 = 2 * 1024 * 1024;

/// Reads `path` as UTF-8 text, refusing directories, FIFOs, sockets and devices (before
/// opening them), files above `max_bytes` (read through `take`, so a file that lies about its
/// size costs at most `max_bytes + 1` bytes) and binary data.
///
/// # Errors
/// `file-unreadable`, `file-not-regular`, `file-too-large` problems.
pub fn read_source(path: &Path, max_bytes: u64) -> Result<SourceFile, InputError> {
    read_source_seen(path, max_bytes, None)
}

/// [`read_source`] when the caller has `lstat`ed `path` already (`seen`): a regular file that
/// is no link is not asked about again before it is opened ([`crate::fsio::read_bounded_seen`]).
///
/// # Errors
/// As [`read_source`].
pub fn read_source_seen(
    path: &Path,
    max_bytes: u64,
    seen: Option<&std::fs::Metadata>,
) -> Result<SourceFile, InputError> {
    let bytes =
        crate::fsio::read_bounded_seen(path, max_bytes, seen).map_err(|e| read_error(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default());
        let loc = crate::error::offset_to_location(&before, valid);
        InputError::single(
            path,
            "file-unreadable",
            Some(loc),
            "the file is not UTF-8 text".to_owned(),
            "save the file as UTF-8",
        )
    })?;
    Ok(SourceFile::new(path, text))
}

/// A bounded read's failure as an input error (exit status 2).
#[must_use]
pub fn read_error(path: &Path, e: &crate::fsio::ReadError) -> InputError {
    use crate::fsio::ReadError;
    let (code, hint) = match e {
        ReadError::NotFound => (
            "file-unreadable",
            "check the path (it is relative to the current directory)",
        ),
        ReadError::Directory => (
            "file-unreadable",
            "name a file; to check a folder of applications use `qcp bundle check DIR`",
        ),
        ReadError::NotRegular(_) => (
            "file-not-regular",
            "save the content to a regular file and pass that file",
        ),
        ReadError::TooLarge { .. } => (
            "file-too-large",
            "pass the file itself, not an export or an archive",
        ),
        ReadError::Io(_) => ("file-unreadable", "check the path and its permissions"),
    };
    InputError::single(path, code, None, e.to_string(), hint)
}

/// Parses and validates an application from `source`.
///
/// # Errors
/// Malformed YAML, unknown keys, wrong types and bad values, each located.
pub fn parse(source: &SourceFile) -> Result<Application, InputError> {
    let path = source.path.as_path();
    let text = source.text.trim_start_matches('\u{feff}');
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---")
    {
        return Err(InputError::single(
            path,
            "file-empty",
            None,
            "the file has no content".to_owned(),
            "start from `qcp init FILE --practice NAME --country CC`",
        ));
    }
    // Budgets, duplicate and unknown keys, syntax: all located, all at once (the typed parse
    // stops at the first). The scan runs before the typed parse when the text could exceed a
    // budget the typed parse does not enforce (aliases, deep flow nesting, NUL); otherwise only
    // when the typed parse fails, which every other problem the scan finds makes it do.
    let scanned = |text: &str| -> Result<(), InputError> {
        let mut problems = super::prescan::scan(text);
        if problems.is_empty() {
            return Ok(());
        }
        crate::finding::sort(&mut problems);
        Err(InputError {
            path: path.to_path_buf(),
            problems,
        })
    };
    let scan_first = super::prescan::needs_scan_first(text);
    if scan_first {
        scanned(text)?;
    }
    // The fast path (`source::tree`): one pass gives the values and the positions of a file in
    // plain block style. Whatever it refuses, yaml_serde reads and words as before.
    let fast = if scan_first {
        None
    } else {
        Tree::parse(&source.text)
    };
    let read = fast
        .as_ref()
        .and_then(|t| RawApplication::deserialize(t.deserializer(&source.text)).ok());
    // Kept for locating this file's findings when it read the file; otherwise freed before
    // yaml_serde reads it (yaml_serde's errors are located by its own marks or a scan).
    if let (Some(t), true) = (fast, read.is_some()) {
        source.keep_tree(t);
    }
    let raw: RawApplication = match read {
        Some(raw) => raw,
        None => match yaml_serde::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                scanned(text)?;
                return Err(yaml_error(path, text, &e));
            }
        },
    };
    super::validate::validate(raw).map_err(|mut problems| {
        let idx = source.positions(problems.iter().map(|f| f.path.as_str()));
        for f in &mut problems {
            f.location = idx.locate(&f.path);
            f.message = shorten_quoted(&f.message);
        }
        crate::finding::cap(&mut problems, crate::finding::MAX_FINDINGS_PER_FILE);
        InputError {
            path: path.to_path_buf(),
            problems,
        }
    })
}

/// Reads and parses `path` with the default size limit.
///
/// # Errors
/// See [`read_source`] and [`parse`].
pub fn load(path: &Path) -> Result<(SourceFile, Application), InputError> {
    let src = read_source(path, MAX_APPLICATION_BYTES)?;
    let app = parse(&src)?;
    Ok((src, app))
}

/// Turns a yaml_serde error into a problem with a code, our own wording and a hint.
fn yaml_error(path: &Path, text: &str, e: &yaml_serde::Error) -> InputError {
    let location = e.location().map(|l| Location {
        line: l.line(),
        column: l.column(),
    });
    let full = e.to_string();
    // yaml_serde appends " at line L column C"; we print the location ourselves.
    let msg = strip_marks(&full);
    let (yaml_path, detail) = match msg.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (p.to_owned(), d.to_owned()),
        _ => (String::new(), msg.clone()),
    };
    let within = if yaml_path.is_empty() || yaml_path == "." {
        "at the top level".to_owned()
    } else {
        format!("in `{yaml_path}`")
    };
    let backticked = |s: &str| s.split('`').nth(1).map(str::to_owned).unwrap_or_default();
    let (code, message, hint) = if detail.starts_with("unknown field") {
        let key = backticked(&detail);
        (
            "unknown-key",
            format!("unknown key `{key}` {within}"),
            suggest_from_message(&detail),
        )
    } else if detail.starts_with("missing field") {
        let key = backticked(&detail);
        (
            "missing-key",
            format!("missing key `{key}` {within}"),
            format!("add `{key}:` (see docs/application-format.md)"),
        )
    } else if detail.starts_with("duplicate field") {
        let key = backticked(&detail);
        (
            "yaml-syntax",
            format!("key `{key}` appears twice {within}"),
            "keep one of the two entries".to_owned(),
        )
    } else if detail.starts_with("unknown variant") {
        let choices: Vec<&str> = detail
            .split_once("expected")
            .map(|(_, r)| r.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let bad = backticked(&detail);
        let hint = match closest(&bad, &choices) {
            Some(c) => format!("did you mean `{c}`? allowed: {}", choices.join(", ")),
            None => format!("allowed: {}", choices.join(", ")),
        };
        (
            "wrong-type",
            format!("`{yaml_path}`: `{bad}` is not one of the allowed choices"),
            hint,
        )
    } else if detail.starts_with("invalid type") {
        let hint = if detail.contains("expected one date") {
            "write one date such as 2026-05-04, or `from:` and `to:` lines for a range".to_owned()
        } else if detail.contains("expected a boolean") {
            "write true or false".to_owned()
        } else if detail.contains("expected a sequence") {
            "write a list (one `- item` per line)".to_owned()
        } else if detail.contains("struct") || detail.contains("map") {
            "write a mapping of `key: value` lines, indented under this key".to_owned()
        } else {
            "write the value in the form the format expects (docs/application-format.md)".to_owned()
        };
        (
            "wrong-type",
            format!("`{yaml_path}`: {}", plain_type_names(&detail)),
            hint,
        )
    } else if detail.contains("did not match any variant") {
        // serde's untagged enums name our internal type; say what is accepted instead.
        (
            "wrong-type",
            format!("`{yaml_path}`: the value has none of the accepted forms"),
            "see docs/application-format.md for the forms this key accepts".to_owned(),
        )
    } else if detail.contains("repetition limit") || detail.contains("recursion limit") {
        (
            "yaml-too-complex",
            format!("the YAML expands beyond qcp's limits ({detail})"),
            "write values out instead of nesting aliases".to_owned(),
        )
    } else if detail.contains("more than one document") {
        (
            "yaml-syntax",
            "the file holds more than one YAML document".to_owned(),
            "keep one application per file (remove the extra `---`)".to_owned(),
        )
    } else {
        (
            "yaml-syntax",
            detail.clone(),
            "fix the YAML syntax at this position; indent with spaces, close every bracket and quote"
                .to_owned(),
        )
    };
    let mut f = Finding::new(code, yaml_path, shorten_quoted(&message), hint);
    // Unknown and duplicate keys: point at the key itself when the parser did not.
    f.location = location.or_else(|| PositionIndex::build(text).locate(&f.path));
    InputError {
        path: path.to_path_buf(),
        problems: vec![f],
    }
}

/// Shortens every `backticked` or "quoted" run of a message longer than 60 characters: a
/// value of 32 KiB is named, never echoed in full.
#[must_use]
pub fn shorten_quoted(msg: &str) -> String {
    if msg.len() <= 200 {
        return msg.to_owned();
    }
    let mut out = String::with_capacity(200);
    let mut rest = msg;
    loop {
        let Some(open) = rest.find(['`', '"']) else {
            out.push_str(rest);
            break;
        };
        let q = rest[open..].chars().next().unwrap_or('`');
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(q) else {
            out.push_str(&super::prescan::shorten(after));
            break;
        };
        out.push_str(&super::prescan::shorten(&after[..close]));
        out.push(q);
        rest = &after[close + 1..];
    }
    out
}

/// serde names our internal types (`struct RawPractice`); users know them as mappings.
fn plain_type_names(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut rest = detail;
    while let Some(i) = rest.find("struct Raw") {
        out.push_str(&rest[..i]);
        out.push_str("a mapping");
        let tail = &rest[i + "struct Raw".len()..];
        let end = tail
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Removes libyaml's " at line L column C" fragments; qcp prints the location itself.
fn strip_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail
            .split_once(" column ")
            .map(|(line, after)| {
                let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                if line.bytes().all(|b| b.is_ascii_digit()) && digits > 0 {
                    line.len() + " column ".len() + digits
                } else {
                    0
                }
            })
            .unwrap_or(0);
        if skip == 0 {
            out.push_str(" at line ");
        }
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bomb() -> String {
        let mut b = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for c in 'b'..='i' {
            let refs = vec![format!("*{prev}"); 9].join(",");
            b.push_str(&format!("{c}: &{c} [{refs}]\n"));
            prev = c;
        }
        b
    }

    #[test]
    fn alias_expansion_limit_is_reported_as_too_complex() {
        // Expanding into an untyped value is where a billion-laughs file would explode.
        let text = bomb();
        let err = yaml_serde::from_str::<yaml_serde::Value>(&text).expect_err("limit");
        let e = yaml_error(Path::new("bomb.yaml"), &text, &err);
        assert_eq!(e.problems[0].code, "yaml-too-complex", "{e}");
    }

    #[test]
    fn long_quoted_values_are_shortened_in_messages() {
        let long = "N".repeat(10_000);
        let m = shorten_quoted(&format!("`{long}` is not a date; \"{long}\" neither"));
        assert!(m.len() < 200, "{m}");
        assert!(m.contains("is not a date"));
        assert_eq!(shorten_quoted("short `x`"), "short `x`");
    }

    #[test]
    fn error_messages_use_our_words_not_internal_type_names() {
        assert_eq!(
            plain_type_names("expected struct RawPractice"),
            "expected a mapping"
        );
        assert_eq!(
            strip_marks("did not find key at line 3 column 4, while parsing"),
            "did not find key, while parsing"
        );
    }
}
