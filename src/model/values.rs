//! Reading scalar values exactly, collecting every bad one as an `input` finding at its YAML
//! path. Shared by every section's validation so a bad date, amount or count reads the same
//! wherever it is.

use crate::finding::Finding;
use crate::units::{Cents, Date, Dec2, NumberText, ParseProblem, Percent, parse_date};

use super::raw::Text;

/// Collects bad values as `input` findings.
pub(crate) struct Problems<'a>(pub(crate) &'a mut Vec<Finding>);

impl Problems<'_> {
    /// Parses one value with `parse`, recording a problem with `code` at `path` if it fails.
    pub(crate) fn parsed<T>(
        &mut self,
        text: Option<&str>,
        path: &str,
        code: &'static str,
        parse: impl Fn(&str) -> Result<T, ParseProblem>,
    ) -> Option<T> {
        match parse(text?) {
            Ok(v) => Some(v),
            Err(p) => {
                self.0.push(Finding::new(
                    code,
                    path,
                    format!("`{path}`: {}", p.message),
                    p.hint,
                ));
                None
            }
        }
    }

    /// A civil date (`invalid-date`).
    pub(crate) fn date(&mut self, t: Option<&Text>, path: &str) -> Option<Date> {
        self.parsed(t.map(|t| t.0.as_str()), path, "invalid-date", parse_date)
    }

    /// A percentage out of 100 (`invalid-percent`).
    pub(crate) fn percent(&mut self, t: Option<&Text>, path: &str) -> Option<Percent> {
        self.parsed(
            t.map(|t| t.0.as_str()),
            path,
            "invalid-percent",
            Percent::parse,
        )
    }

    /// An amount of money (`invalid-number`).
    pub(crate) fn cents(&mut self, t: Option<&NumberText>, path: &str) -> Option<Cents> {
        self.parsed(
            t.map(|t| t.0.as_str()),
            path,
            "invalid-number",
            Cents::parse,
        )
    }

    /// A decimal with at most two places (`invalid-number`).
    pub(crate) fn dec(&mut self, t: Option<&NumberText>, path: &str) -> Option<Dec2> {
        self.parsed(t.map(|t| t.0.as_str()), path, "invalid-number", Dec2::parse)
    }

    /// A whole number (`invalid-number`).
    pub(crate) fn count(&mut self, t: Option<&NumberText>, path: &str) -> Option<u32> {
        self.parsed(t.map(|t| t.0.as_str()), path, "invalid-number", |s| {
            s.trim().parse::<u32>().map_err(|_| ParseProblem {
                message: format!("`{}` is not a whole number", s.trim()),
                hint: "write a whole number such as 120".into(),
            })
        })
    }
}
