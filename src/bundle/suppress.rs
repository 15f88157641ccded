//! Suppressions for bundle checks: `qcp-suppressions.toml` at the bundle's root (or
//! `--suppressions FILE`). Each entry names a code, optionally a file and a YAML path prefix, and
//! must give a reason; an entry that matches nothing is reported (`suppression-unused`) so stale
//! suppressions do not pile up.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use crate::error::{InputError, offset_to_location};
use crate::finding::Finding;
use crate::source::Location;

/// The file name looked for at the root of a bundle.
pub const FILE_NAME: &str = "qcp-suppressions.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    suppress: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    code: toml::Spanned<String>,
    file: Option<String>,
    path: Option<String>,
    reason: toml::Spanned<String>,
}

/// One suppression.
#[derive(Debug)]
pub struct Suppression {
    /// The code it silences.
    pub code: String,
    /// Bundle-relative file (exact, or a folder prefix ending in `/`); all files when absent.
    pub file: Option<String>,
    /// YAML path prefix; the whole file when absent.
    pub path: Option<String>,
    /// Why (required).
    pub reason: String,
    /// Where the entry is in the suppressions file.
    pub location: Location,
    hits: AtomicUsize,
}

impl Suppression {
    fn matches(&self, file: &str, f: &Finding) -> bool {
        if self.code != f.code {
            return false;
        }
        if let Some(want) = &self.file {
            let ok = if want.ends_with('/') {
                file.starts_with(want.as_str())
            } else {
                file == want
            };
            if !ok {
                return false;
            }
        }
        if let Some(p) = &self.path {
            let rest = f.path.strip_prefix(p.as_str());
            if !rest.is_some_and(|r| r.is_empty() || r.starts_with('.') || r.starts_with('[')) {
                return false;
            }
        }
        true
    }
}

/// A loaded suppressions file.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// Display name of the file (empty when none).
    pub origin: String,
    /// The entries.
    pub entries: Vec<Suppression>,
}

impl Suppressions {
    /// Parses a suppressions file; every entry needs a code and a non-blank reason.
    ///
    /// # Errors
    /// `suppression-invalid` with the location of the first problem of each kind.
    pub fn from_toml(path: &Path, text: &str) -> Result<Self, InputError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            InputError::single(
                path,
                "suppression-invalid",
                e.span().map(|s| offset_to_location(text, s.start)),
                e.message().trim().to_owned(),
                "each [[suppress]] entry has `code`, `reason`, and optionally `file` and `path`",
            )
        })?;
        let mut problems = Vec::new();
        let mut entries = Vec::new();
        for e in raw.suppress {
            let location = offset_to_location(text, e.code.span().start);
            if e.reason.get_ref().trim().is_empty() {
                let mut f = Finding::new(
                    "suppression-invalid",
                    "",
                    format!("the suppression of `{}` gives no reason", e.code.get_ref()),
                    "write why the finding does not apply in `reason`",
                );
                f.location = Some(offset_to_location(text, e.reason.span().start));
                problems.push(f);
            }
            if crate::codes::lookup(e.code.get_ref()).is_none() {
                let mut f = Finding::new(
                    "suppression-invalid",
                    "",
                    format!("`{}` is not a qcp finding code", e.code.get_ref()),
                    "`qcp explain --all` lists the codes",
                );
                f.location = Some(location);
                problems.push(f);
            }
            entries.push(Suppression {
                code: e.code.into_inner(),
                file: e.file,
                path: e.path,
                reason: e.reason.into_inner(),
                location,
                hits: AtomicUsize::new(0),
            });
        }
        if problems.is_empty() {
            Ok(Suppressions {
                origin: crate::source::display_path(path),
                entries,
            })
        } else {
            Err(InputError {
                path: path.to_path_buf(),
                problems,
            })
        }
    }

    /// Removes the findings of `file` that a suppression matches; returns how many it removed.
    pub fn apply(&self, file: &str, findings: &mut Vec<Finding>) -> usize {
        if self.entries.is_empty() {
            return 0;
        }
        let before = findings.len();
        findings.retain(|f| match self.entries.iter().find(|s| s.matches(file, f)) {
            Some(s) => {
                s.hits.fetch_add(1, Ordering::Relaxed);
                false
            }
            None => true,
        });
        before - findings.len()
    }

    /// A `suppression-unused` warning per entry that matched nothing.
    #[must_use]
    pub fn unused(&self) -> Vec<Finding> {
        self.entries
            .iter()
            .filter(|s| s.hits.load(Ordering::Relaxed) == 0)
            .map(|s| {
                let mut f = Finding::new(
                    "suppression-unused",
                    "",
                    format!(
                        "the suppression of `{}`{} matches no finding",
                        s.code,
                        s.file
                            .as_deref()
                            .map(|f| format!(" in {f}"))
                            .unwrap_or_default()
                    ),
                    "remove the entry if the finding was fixed, or correct its file or path",
                );
                f.location = Some(s.location);
                f
            })
            .collect()
    }
}
