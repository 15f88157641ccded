//! The JSON Schema of the application file, for editors (yaml-language-server) and CI
//! validators: `qcp schema` prints [`application_schema`].
//!
//! The shape comes from the [`raw`](super::raw) types serde reads, through schemars, so it cannot
//! drift from the parser. On top of that shape this module adds what the raw types leave to the
//! validation step, so that an editor flags what qcp would refuse:
//!
//! - value constraints: dates (`YYYY-MM-DD`, format `date`), percentages (0 to 100, at most two
//!   decimals, `"86.25%"` as text), decimals and amounts (zero or more, two decimals), whole
//!   numbers, and `format_version` 1 ([`KINDS`] says which property is which);
//! - a description on every property: the raw types' doc comments where they have one, else
//!   the row of `docs/application-format.md` for that key, so the schema says what the
//!   reference says;
//! - human titles instead of Rust type names, and a `$id`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::raw::RawApplication;

/// The schema's `$id`. A name, not a download address: editors find the schema through the
/// `# yaml-language-server: $schema=…` line that `qcp init` writes.
pub const SCHEMA_ID: &str = "urn:qcp:schema:application:1";

/// The file name `qcp init` points the yaml-language-server line at (`qcp schema > NAME`).
pub const SCHEMA_FILE_NAME: &str = "qcp-application.schema.json";

/// What a scalar property holds, as the validation step reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A civil date, `YYYY-MM-DD`.
    Date,
    /// A percentage out of 100 with at most two decimals.
    Percent,
    /// A decimal of zero or more with at most two decimals (FTE, hours).
    Decimal,
    /// An amount of money: zero or more, at most two decimals (read as integer cents).
    Money,
    /// A whole number of zero or more.
    Count,
    /// The file format version: 1.
    FormatVersion,
    /// An identifier made of digits only (the ASCO member id); its length is rule data.
    Digits,
}

/// Which property of which raw type is which [`Kind`], by schemars definition name
/// (`""` is the file's top level). A test checks that every entry names a real property.
pub const KINDS: &[(&str, &str, Kind)] = &[
    ("", "format_version", Kind::FormatVersion),
    ("RawPractice", "fte", Kind::Decimal),
    ("RawSite", "fte", Kind::Decimal),
    ("RawClinician", "weekly_hours", Kind::Decimal),
    ("RawCertification", "awarded", Kind::Date),
    ("RawCertification", "expires", Kind::Date),
    ("RawRound", "overall_score", Kind::Percent),
    ("RawRound", "unique_charts", Kind::Count),
    ("RawRound", "charts_entered", Kind::Count),
    ("RawRound", "final_report", Kind::Date),
    ("RawRound", "min_unique_charts", Kind::Count),
    ("RawRound", "opens", Kind::Date),
    ("RawRound", "closes", Kind::Date),
    ("RawSiteCharts", "charts", Kind::Count),
    ("RawEligibility", "form_date", Kind::Date),
    ("RawWebinar", "date", Kind::Date),
    ("RawException", "date", Kind::Date),
    ("RawBaa", "signed_on", Kind::Date),
    ("RawParticipationAgreement", "sent_on", Kind::Date),
    ("RawParticipationAgreement", "signed_on", Kind::Date),
    ("RawInternationalReview", "requested_on", Kind::Date),
    ("RawInternationalReview", "completed_on", Kind::Date),
    ("RawPracticeProfile", "fte", Kind::Decimal),
    (
        "RawPracticeProfile",
        "sites_administering_chemotherapy",
        Kind::Count,
    ),
    ("RawQuestionnaire", "submitted_on", Kind::Date),
    ("RawRequest", "effective", Kind::Date),
    ("RawRequest", "submitted_on", Kind::Date),
    ("RawPayment", "prepayment_requested_on", Kind::Date),
    ("RawPayment", "prepayment_approved_on", Kind::Date),
    ("RawPayment", "invoice_requested_on", Kind::Date),
    ("RawPayment", "paid_on", Kind::Date),
    ("RawPayment", "amount_paid", Kind::Money),
    ("RawInvoice", "date", Kind::Date),
    ("RawInvoice", "amount", Kind::Money),
    ("RawEstimateRecord", "estimated_on", Kind::Date),
    ("RawEstimateRecord", "total", Kind::Money),
    ("RawEstimateRecord", "resurvey_fee_up_to", Kind::Money),
    ("RawEstimateLine", "unit", Kind::Money),
    ("RawEstimateLine", "amount", Kind::Money),
    ("RawEstimateLine", "quantity", Kind::Count),
    ("RawSurvey", "form_date", Kind::Date),
    ("RawSurvey", "application_submitted", Kind::Date),
    ("RawSurvey", "surveyor_notice", Kind::Date),
    ("RawSurvey", "rescheduled_from", Kind::Date),
    ("RawSurvey", "conflict_of_interest_reply", Kind::Date),
    ("RawSurvey", "survey_date", Kind::Date),
    ("RawRange", "from", Kind::Date),
    ("RawRange", "to", Kind::Date),
    ("RawTimeline", "eligibility_approved", Kind::Date),
    ("RawTimeline", "agreement_signed", Kind::Date),
    ("RawTimeline", "questionnaire_submitted", Kind::Date),
    ("RawTimeline", "planned_submission", Kind::Date),
    ("RawTimeline", "invoice_received", Kind::Date),
    ("RawTimeline", "paid", Kind::Date),
    ("RawTimeline", "documents_submitted", Kind::Date),
    ("RawTimeline", "ccr_received", Kind::Date),
    ("RawTimeline", "action_plan_submitted", Kind::Date),
    ("RawTimeline", "extension_requested", Kind::Date),
    ("RawTimeline", "final_ccr", Kind::Date),
    ("RawTimeline", "evidence_submitted", Kind::Date),
    ("RawTimeline", "certified", Kind::Date),
    ("RawCcr", "received", Kind::Date),
    ("RawCcr", "final", Kind::Date),
    ("RawCcrSurvey", "date", Kind::Date),
    ("RawActionPlan", "submitted", Kind::Date),
    ("RawActionPlan", "approved", Kind::Date),
    ("RawPlanItem", "target_date", Kind::Date),
    ("RawEvidence", "submitted", Kind::Date),
    ("RawExtension", "requested", Kind::Date),
    ("RawExtension", "new_due", Kind::Date),
    ("RawResurvey", "date", Kind::Date),
    ("RawDecision", "date", Kind::Date),
    ("RawReadiness", "assessed", Kind::Date),
    ("RawReadiness", "survey_date", Kind::Date),
    ("RawReadinessAction", "due", Kind::Date),
    ("RawQopi", "registered_on", Kind::Date),
    ("RawUser", "asco_member_id", Kind::Digits),
    ("RawRoundParticipation", "charts_required", Kind::Count),
    ("RawRoundParticipation", "opens", Kind::Date),
    ("RawRoundParticipation", "closes", Kind::Date),
    ("RawRoundParticipation", "abstracted", Kind::Date),
];

/// Reusable definitions for the kinds, added to `$defs`.
///
/// "At most two decimals" is a pattern on text but not a `multipleOf: 0.01` on numbers: binary
/// floating point makes validators refuse good values (74.99 / 0.01 is 7498.999…), so for
/// numbers the schema checks the range and `qcp validate` the decimals.
fn kind_defs() -> Value {
    // Plain decimal text as `parse_decimal` reads it: optional `+`, digits, at most two places.
    let decimal_text = r"^\s*\+?([0-9]+(\.[0-9]{0,2})?|\.[0-9]{1,2})\s*$";
    json!({
        "Date": {
            "title": "Date",
            "description": "a calendar date written YYYY-MM-DD, e.g. 2026-03-14",
            "type": "string",
            "pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$",
            "format": "date"
        },
        "Percentage": {
            "title": "Percentage",
            "description": "0 to 100 with at most two decimals: 86.25, or \"86.25%\" as text; values above 0 up to 1 need the % sign (0.86 looks like a fraction)",
            "oneOf": [
                {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100,
                    "not": {"exclusiveMinimum": 0, "maximum": 1}
                },
                {
                    "type": "string",
                    "pattern": r"^\s*\+?(100(\.0{0,2})?|0*[0-9]{1,2}(\.[0-9]{0,2})?|\.[0-9]{1,2})\s*%\s*$"
                }
            ]
        },
        "Decimal": {
            "title": "Decimal",
            "description": "a number of zero or more with at most two decimals, e.g. 12.5",
            "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": decimal_text}
            ]
        },
        "Money": {
            "title": "Amount",
            "description": "an amount of zero or more with at most two decimals, e.g. 1250.00",
            "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": decimal_text}
            ]
        },
        "Count": {
            "title": "Whole number",
            "description": "a whole number of zero or more, e.g. 120",
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": u32::MAX},
                {"type": "string", "pattern": r"^\s*\+?[0-9]{1,10}\s*$"}
            ]
        },
        "Digits": {
            "title": "Digits",
            "description": "an identifier of digits only, e.g. \"0482913\" (quote it to keep leading zeros); its length is checked against the rule edition",
            "oneOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": r"^\s*[0-9]+\s*$"}
            ]
        },
        "FormatVersion": {
            "title": "Format version",
            "description": "the file format version; this qcp reads version 1",
            "const": 1
        }
    })
}

const fn kind_def(k: Kind) -> &'static str {
    match k {
        Kind::Date => "Date",
        Kind::Percent => "Percentage",
        Kind::Decimal => "Decimal",
        Kind::Money => "Money",
        Kind::Count => "Count",
        Kind::FormatVersion => "FormatVersion",
        Kind::Digits => "Digits",
    }
}

/// The JSON Schema (draft 2020-12) of the application file, as `qcp schema` prints it.
#[must_use]
pub fn application_schema() -> Value {
    let generated = schemars::SchemaGenerator::default().into_root_schema_for::<RawApplication>();
    let mut v = generated.to_value();
    let Some(root) = v.as_object_mut() else {
        return v;
    };
    let mut defs = root
        .remove("$defs")
        .and_then(|d| match d {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .unwrap_or_default();

    // Constraints.
    for (def, prop, kind) in KINDS {
        let target = if def.is_empty() {
            Some(&mut *root)
        } else {
            defs.get_mut(*def).and_then(Value::as_object_mut)
        };
        if let Some(p) = target
            .and_then(|o| o.get_mut("properties"))
            .and_then(|p| p.get_mut(*prop))
        {
            retarget(p, kind_def(*kind));
        }
    }
    if let Value::Object(extra) = kind_defs() {
        defs.extend(extra);
    }
    defs.insert(
        "Scalar".into(),
        json!({
            "title": "Text",
            "description": "a single value written as text (a number or a date is read as its text)",
            "type": ["string", "number", "integer", "boolean"]
        }),
    );
    defs.remove("Number");

    // Descriptions: doc comments first, then the reference's table row.
    let docs = reference_rows(include_str!("../../docs/application-format.md"));
    let mut seen = Vec::new();
    describe_properties(root, "", &docs, &mut defs, &mut seen);

    // Titles for people.
    for (name, d) in &mut defs {
        if let Some(o) = d.as_object_mut() {
            o.entry("title").or_insert_with(|| json!(human_title(name)));
        }
    }

    root.insert("$id".into(), json!(SCHEMA_ID));
    root.insert("title".into(), json!("qcp application file"));
    root.insert(
        "description".into(),
        json!(
            "One QOPI Certification Program application, format version 1, as qcp reads it. \
             Reference: docs/application-format.md; check with `qcp validate FILE`."
        ),
    );
    root.insert("$defs".into(), Value::Object(defs));
    order_keys(&mut v);
    v
}

/// Points a property schema that refers to `Scalar` or `Number` (directly or through an
/// `anyOf` with `null`) at the definition `to`.
fn retarget(p: &mut Value, to: &str) {
    let target = format!("#/$defs/{to}");
    match p {
        Value::Object(o) if o.contains_key("$ref") => {
            o.insert("$ref".into(), json!(target));
        }
        Value::Object(o) => {
            if let Some(Value::Array(alts)) = o.get_mut("anyOf") {
                for a in alts {
                    if let Some(r) = a.as_object_mut().filter(|a| a.contains_key("$ref")) {
                        r.insert("$ref".into(), json!(target));
                    }
                }
            }
        }
        _ => {}
    }
}

/// `docs/application-format.md`'s key tables as `yaml.path` → meaning. Paths drop list and
/// mapping markers (`rounds[]` is `rounds`, `elements.<id>[].path` is `elements.path`); a row
/// naming several keys (`` `a.b`, `c` ``) gives each the same meaning, `c` beside `a.b`.
#[must_use]
pub fn reference_rows(markdown: &str) -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    let mut section: Option<String> = None;
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = if h == "Top level" {
                Some(String::new())
            } else {
                h.strip_prefix('`')
                    .and_then(|h| h.strip_suffix('`'))
                    .map(normalise)
            };
            continue;
        }
        let Some(section) = &section else { continue };
        let cells: Vec<&str> = line.split(" | ").collect();
        if cells.len() != 2 || !line.starts_with("| `") {
            continue;
        }
        let meaning = cells[1].trim_end_matches(" |").trim();
        let mut parent = String::new();
        for key in cells[0].trim_start_matches("| ").split(", ") {
            let Some(key) = key.strip_prefix('`').and_then(|k| k.strip_suffix('`')) else {
                continue;
            };
            let key = normalise(key);
            let full = if key.contains('.') {
                parent = key
                    .rsplit_once('.')
                    .map(|(p, _)| p.to_owned())
                    .unwrap_or_default();
                key
            } else if parent.is_empty() {
                key
            } else {
                format!("{parent}.{key}")
            };
            let path = if section.is_empty() {
                full
            } else {
                format!("{section}.{full}")
            };
            rows.entry(path).or_insert_with(|| meaning.to_owned());
        }
    }
    rows
}

/// Drops `[]` and `.<placeholder>` segments from a documented key.
fn normalise(key: &str) -> String {
    key.replace("[]", "")
        .split('.')
        .filter(|s| !s.starts_with('<'))
        .collect::<Vec<_>>()
        .join(".")
}

/// Walks the properties of `node` (reached at YAML path `path`), giving each property without
/// a description the reference's row for its path, and recursing into the definitions it uses.
fn describe_properties(
    node: &mut Map<String, Value>,
    path: &str,
    docs: &BTreeMap<String, String>,
    defs: &mut Map<String, Value>,
    seen: &mut Vec<(String, String)>,
) {
    let Some(Value::Object(props)) = node.get_mut("properties") else {
        return;
    };
    let mut children = Vec::new();
    for (name, p) in props.iter_mut() {
        let here = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        if let Some(o) = p.as_object_mut()
            && !o.contains_key("description")
            && let Some(d) = docs.get(&here)
        {
            o.insert("description".into(), json!(d));
        }
        let mut refs = Vec::new();
        collect_refs(p, &mut refs);
        children.extend(refs.into_iter().map(|r| (r, here.clone())));
    }
    for (def, here) in children {
        if seen.iter().any(|(d, p)| *d == def && *p == here) || seen.len() > 512 {
            continue;
        }
        seen.push((def.clone(), here.clone()));
        if let Some(Value::Object(o)) = defs.get_mut(&def) {
            let mut o = std::mem::take(o);
            describe_properties(&mut o, &here, docs, defs, seen);
            if let Some(slot) = defs.get_mut(&def) {
                *slot = Value::Object(o);
            }
        }
    }
}

/// Every `$defs` name that `v` refers to, through arrays, maps and alternatives.
fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "$ref" {
                    if let Some(name) = x.as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
                        out.push(name.to_owned());
                    }
                } else if k != "properties" {
                    collect_refs(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// `RawParticipationAgreement` → `Participation agreement`; `SurveyMode2` → `Survey mode`.
fn human_title(rust_name: &str) -> String {
    let name = rust_name
        .strip_prefix("Raw")
        .unwrap_or(rust_name)
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    match out.as_str() {
        "Ccr" => "Certification Compliance Report (CCR)".to_owned(),
        "Ccr survey" => "CCR survey".to_owned(),
        "Baa" => "Business associate agreement (BAA)".to_owned(),
        _ => out,
    }
}

/// Puts `$schema`, `$id`, `title` and `description` first, for people reading the file.
fn order_keys(v: &mut Value) {
    if let Value::Object(o) = v {
        let mut sorted = Map::new();
        for k in ["$schema", "$id", "title", "description"] {
            if let Some(x) = o.remove(k) {
                sorted.insert(k.to_owned(), x);
            }
        }
        sorted.append(o);
        *o = sorted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        application_schema()
    }

    /// Every property object in the schema with its location.
    fn properties(v: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let mut push = |owner: &str, o: &Value| {
            if let Some(Value::Object(p)) = o.get("properties") {
                for (k, x) in p {
                    out.push((format!("{owner}.{k}"), x.clone()));
                }
            }
        };
        push("", v);
        if let Some(Value::Object(defs)) = v.get("$defs") {
            for (n, d) in defs {
                push(n, d);
            }
        }
        out
    }

    #[test]
    fn every_property_has_a_description() {
        let missing: Vec<String> = properties(&schema())
            .into_iter()
            .filter(|(_, p)| {
                p.get("description")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
            })
            .map(|(n, _)| n)
            .collect();
        assert!(missing.is_empty(), "no description: {missing:?}");
    }

    #[test]
    fn every_kind_names_a_real_property() {
        let v = schema();
        for (def, prop, kind) in KINDS {
            let owner = if def.is_empty() {
                &v
            } else {
                &v["$defs"][*def]
            };
            let p = &owner["properties"][*prop];
            assert!(p.is_object(), "{def}.{prop} does not exist");
            let text = p.to_string();
            assert!(
                text.contains(&format!("#/$defs/{}", kind_def(*kind))),
                "{def}.{prop}: {text}"
            );
        }
    }

    #[test]
    fn no_scalar_number_is_left_unconstrained() {
        // A raw `NumberText` field is always a decimal, amount, count or the version: the
        // `Number` definition must be gone, so a new numeric field has to be classified.
        let v = schema();
        assert!(v["$defs"].get("Number").is_none());
        assert!(!v.to_string().contains("#/$defs/Number\""));
    }

    #[test]
    fn titles_are_for_people_and_the_id_is_set() {
        let v = schema();
        assert_eq!(v["$id"], SCHEMA_ID);
        assert_eq!(v["title"], "qcp application file");
        let text = v.to_string();
        for (name, d) in v["$defs"].as_object().into_iter().flatten() {
            let title = d["title"].as_str().unwrap_or_default();
            assert!(
                !title.is_empty() && !title.starts_with("Raw"),
                "{name}: {title}"
            );
        }
        assert!(!text.contains("\"RawApplication\""));
        assert_eq!(
            human_title("RawParticipationAgreement"),
            "Participation agreement"
        );
        assert_eq!(human_title("SurveyMode2"), "Survey mode");
    }

    /// The schema node for property `key` of `node`, looking through `$ref`, `anyOf`/`oneOf`,
    /// `items` and `additionalProperties`.
    fn child<'a>(root: &'a Value, node: &'a Value, key: &str, depth: u8) -> Option<&'a Value> {
        if depth > 8 {
            return None;
        }
        if let Some(p) = node.get("properties").and_then(|p| p.get(key)) {
            return Some(p);
        }
        let mut next: Vec<&Value> = Vec::new();
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            next.extend(
                r.strip_prefix("#/$defs/")
                    .and_then(|n| root["$defs"].get(n)),
            );
        }
        for k in ["anyOf", "oneOf"] {
            next.extend(node.get(k).and_then(Value::as_array).into_iter().flatten());
        }
        for k in ["items", "additionalProperties"] {
            next.extend(node.get(k).filter(|v| v.is_object()));
        }
        next.into_iter()
            .find_map(|n| child(root, n, key, depth + 1))
    }

    #[test]
    fn every_documented_key_exists_in_the_schema() {
        // docs/application-format.md and the parser cannot drift apart: a row for a key the
        // format does not have is stale.
        let v = schema();
        let rows = reference_rows(include_str!("../../docs/application-format.md"));
        assert!(rows.len() > 150, "{}", rows.len());
        for path in rows.keys() {
            let mut node = &v;
            for seg in path.split('.') {
                node = child(&v, node, seg, 0).unwrap_or_else(|| {
                    panic!("docs/application-format.md documents `{path}`, which the format lacks")
                });
            }
        }
        // Every top-level section has its row.
        for k in v["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            assert!(rows.contains_key(k), "no top-level row for `{k}`");
        }
    }

    #[test]
    fn reference_rows_read_multi_key_and_nested_rows() {
        let md = "## Top level\n\n| key | meaning |\n|---|---|\n| `format_version` | one. |\n\n\
                  ## `questionnaire`\n\n| key | meaning |\n|---|---|\n\
                  | `practice_profile.same_tax_id`, `same_policies` | yes or no. |\n\n\
                  ## `documents`\n\n| `elements.<id>[].path` | the file. |\n";
        let rows = reference_rows(md);
        assert_eq!(rows["format_version"], "one.");
        assert_eq!(
            rows["questionnaire.practice_profile.same_tax_id"],
            "yes or no."
        );
        assert_eq!(
            rows["questionnaire.practice_profile.same_policies"],
            "yes or no."
        );
        assert_eq!(rows["documents.elements.path"], "the file.");
    }
}
