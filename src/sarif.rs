//! SARIF 2.1.0 as typed structures (the subset qcp writes), serialised with serde: no string
//! splicing, so every result is well-formed JSON whatever a message contains.
//!
//! Knows nothing of the program: `render::bundle` fills these from findings.
//! Field names follow the OASIS schema (`sarif-schema-2.1.0.json`); a test validates qcp's
//! output against that schema.

use std::collections::BTreeMap;

use serde::Serialize;

/// The schema the log declares.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF log.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    /// The schema URI.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// Always `2.1.0`.
    pub version: &'static str,
    /// One run per invocation.
    pub runs: Vec<Run>,
}

/// One run of the tool.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// The tool and its rules.
    pub tool: Tool,
    /// Base URIs that results' `uriBaseId`s name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub original_uri_base_ids: BTreeMap<String, ArtifactLocation>,
    /// The results, in output order.
    pub results: Vec<SarifResult>,
    /// Run properties (rule edition, catalog, as-of date).
    pub properties: BTreeMap<String, String>,
}

/// The tool.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// Its driver.
    pub driver: Driver,
}

/// The tool's driver component.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// `qcp`.
    pub name: String,
    /// qcp's version.
    pub version: String,
    /// Where to read about it.
    pub information_uri: String,
    /// One rule per finding code.
    pub rules: Vec<Rule>,
}

/// A rule (reporting descriptor): one finding code.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The code.
    pub id: String,
    /// One line.
    pub short_description: Message,
    /// What is checked and why.
    pub full_description: Message,
    /// How to fix it.
    pub help: Message,
    /// The default level.
    pub default_configuration: Configuration,
    /// Family and source.
    pub properties: BTreeMap<String, String>,
}

/// A rule's default configuration.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Configuration {
    /// The level.
    pub level: Level,
}

/// A result's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the check.
    Error,
    /// Needs attention.
    Warning,
    /// For information.
    Note,
}

/// A plain-text message.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// The text.
    pub text: String,
}

impl Message {
    /// A message of `text`.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        Message { text: text.into() }
    }
}

/// One result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    /// The rule's id.
    pub rule_id: String,
    /// The rule's index in the driver's rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_index: Option<usize>,
    /// The level.
    pub level: Level,
    /// What was found.
    pub message: Message,
    /// Where.
    pub locations: Vec<Location>,
    /// Why it does not count (a staff exception), when it does not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Extra data (the YAML path).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}

/// A location.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// In a file.
    pub physical_location: PhysicalLocation,
}

/// A place in a file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The region; whole-file results point at line 1.
    pub region: Region,
}

/// A file, by URI (relative ones resolve against `uriBaseId`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    /// The URI.
    pub uri: String,
    /// The base it is relative to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<String>,
}

/// A region of a text file.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// 1-based line.
    pub start_line: usize,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_column: Option<usize>,
}

/// A suppression: the result stands, but does not count.
#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    /// `external`: decided outside the analysed file's source (by program staff).
    pub kind: &'static str,
    /// Why.
    pub justification: String,
}

/// Percent-encodes a path for a URI reference: forward slashes, unreserved characters kept.
#[must_use]
pub fn uri_path(s: &str) -> String {
    use std::fmt::Write as _;
    let mut o = String::with_capacity(s.len());
    for b in s.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_serialises_with_the_schema_names() {
        let r = SarifResult {
            rule_id: "x".into(),
            rule_index: None,
            level: Level::Note,
            message: Message::new("m \"quoted\"\n"),
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: uri_path("a b/ç.yaml"),
                        uri_base_id: Some("%SRCROOT%".into()),
                    },
                    region: Region {
                        start_line: 1,
                        start_column: None,
                    },
                },
            }],
            suppressions: Vec::new(),
            properties: BTreeMap::new(),
        };
        let v = serde_json::to_value(&r).expect("serialises");
        assert_eq!(v["ruleId"], "x");
        assert_eq!(v["level"], "note");
        let loc = &v["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "a%20b/%C3%A7.yaml");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], 1);
        assert!(v.get("suppressions").is_none());
    }
}
