//! The one error type for input qcp cannot use (exit status 2).
//!
//! An unreadable file, malformed YAML or TOML, a misspelt key, a value of the wrong type, an
//! impossible date or a score of 120: each becomes an [`InputError`] holding one or more
//! problems, each a [`Finding`] with a code from the `input` family, a location and a hint.
//! Findings about a *usable* application (a low score, a missing document) are not errors; they
//! are returned as data by the checks.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::finding::Finding;
use crate::source::Location;

/// Input qcp cannot use, with every problem found in it.
#[derive(Debug, Clone)]
pub struct InputError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong, each with code, location, message and hint. Never empty.
    pub problems: Vec<Finding>,
}

impl InputError {
    /// One problem in `path`.
    #[must_use]
    pub fn single(
        path: &Path,
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let mut f = Finding::new(code, "", message, hint);
        f.location = location;
        InputError {
            path: path.to_path_buf(),
            problems: vec![f],
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match p.location {
                Some(l) => write!(f, "{path}:{l}: {}", p.message)?,
                None => write!(f, "{path}: {}", p.message)?,
            }
            if !p.hint.is_empty() {
                write!(f, " (hint: {})", p.hint)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Converts a byte offset in `text` to a 1-based line and character column
/// ([`Location::of_offset`], the one such function).
#[must_use]
pub fn offset_to_location(text: &str, offset: usize) -> Location {
    Location::of_offset(text, offset)
}
