//! The JSON shapes of qcp's reports: one schema id per command, each with a JSON Schema
//! (draft 2020-12) generated here and kept in `docs/schemas/` (a test keeps the files in sync,
//! another validates every command's real output against them).
//!
//! Every report shares one header (`schema`, `command`, `file`, `as_of`, `edition`, `practice`),
//! its `findings` and a `summary`; the per-command details follow. Decimals (percentages, FTE,
//! hours) are strings with two decimals, dates are `YYYY-MM-DD` strings, money is integer cents.
//!
//! Not responsible for: building reports (`report`) or the application file's schema
//! (`qcp schema`).

use serde_json::{Value, json};

/// Every command with a JSON report, with its schema id.
pub const COMMANDS: &[(&str, &str)] = &[
    ("check", "qcp-check/1"),
    ("validate", "qcp-validate/1"),
    ("eligibility", "qcp-eligibility/1"),
    ("questionnaire", "qcp-questionnaire/1"),
    ("fee", "qcp-fee/1"),
    ("fee-what-if", "qcp-fee-what-if/1"),
    ("survey", "qcp-survey/1"),
    ("status", "qcp-status/1"),
    ("deadlines", "qcp-deadlines/1"),
    ("checklist", "qcp-checklist/1"),
    ("ccr-summary", "qcp-ccr-summary/1"),
    ("qopi", "qcp-qopi/1"),
    ("qopi-plan", "qcp-qopi-plan/1"),
    ("portfolio", "qcp-portfolio/1"),
    ("readiness", "qcp-readiness/1"),
    ("readiness-compare", "qcp-readiness-compare/1"),
    ("error", "qcp-error/1"),
];

/// The schema id of `command`'s JSON report (`qcp-error/1` for an unknown name, which no caller
/// passes: a test walks every command).
#[must_use]
pub fn id(command: &str) -> &'static str {
    COMMANDS
        .iter()
        .find(|(c, _)| *c == command)
        .map_or("qcp-error/1", |(_, id)| id)
}

/// The `$id` URI of a schema, as published under docs/schemas/.
fn uri(command: &str) -> String {
    format!(
        "https://qcp.example/schemas/{}.schema.json",
        id(command).replace('/', "-v")
    )
}

/// The file name of `command`'s schema under docs/schemas/.
#[must_use]
pub fn file_name(command: &str) -> String {
    format!("{}.schema.json", id(command).replace('/', "-v"))
}

fn date() -> Value {
    json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn decimal() -> Value {
    json!({"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$"})
}

fn opt(v: Value) -> Value {
    json!({"anyOf": [v, {"type": "null"}]})
}

fn finding() -> Value {
    json!({
        "type": "object",
        "description": "One thing a check found (docs/findings.md explains every code).",
        "required": ["code", "severity", "path", "message", "hint"],
        "properties": {
            "code": {"type": "string", "pattern": "^[a-z0-9-]+$", "description": "Stable code; `qcp explain CODE`."},
            "severity": {"enum": ["error", "warning", "info"]},
            "path": {"type": "string", "description": "YAML path of the value concerned; empty for the whole file."},
            "location": {
                "type": "object",
                "required": ["line", "column"],
                "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}},
                "additionalProperties": false
            },
            "message": {"type": "string"},
            "hint": {"type": "string"},
            "rule": {"type": "string", "description": "The rule-data entry behind the check."},
            "waived": {"type": "boolean", "description": "A staff exception made this failure non-blocking."}
        },
        "additionalProperties": false
    })
}

fn findings() -> Value {
    json!({"type": "array", "items": {"$ref": "#/$defs/finding"}})
}

fn summary() -> Value {
    json!({
        "type": "object",
        "required": ["errors", "warnings", "infos"],
        "properties": {
            "errors": {"type": "integer", "minimum": 0},
            "warnings": {"type": "integer", "minimum": 0},
            "infos": {"type": "integer", "minimum": 0}
        }
    })
}

fn edition() -> Value {
    json!({
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}}
    })
}

fn milestone() -> Value {
    json!({
        "type": "object",
        "required": ["number", "name", "actor", "state", "percent", "done", "due", "note"],
        "properties": {
            "number": {"type": "integer"},
            "name": {"type": "string"},
            "actor": {"type": "string"},
            "state": {"enum": ["not_started", "in_progress", "waiting_on_program", "done", "late"]},
            "percent": opt(decimal()),
            "done": opt(date()),
            "due": opt(date()),
            "note": {"type": "string"}
        }
    })
}

fn deadline() -> Value {
    json!({
        "type": "object",
        "required": ["kind", "title", "date", "who", "rule", "source", "done", "days_left"],
        "properties": {
            "kind": {"type": "string"},
            "title": {"type": "string"},
            "date": date(),
            "rolled_from": opt(date()),
            "who": {"enum": ["practice", "program", "info"]},
            "rule": {"type": "string"},
            "source": {"type": "string"},
            "done": opt(date()),
            "days_left": {"type": "integer"},
            "subject": {"type": "string", "description": "What the deadline is about when one kind recurs (a QOPI round id, a term year)."}
        }
    })
}

fn progress() -> Value {
    json!({
        "type": "object",
        "description": "Questionnaire and documents percent complete; null when the section is absent.",
        "required": ["questionnaire", "documents"],
        "properties": {"questionnaire": opt(decimal()), "documents": opt(decimal())}
    })
}

/// A report with the shared header, findings and summary, plus `details` (properties) of
/// which `required` must be present.
fn report(command: &str, title: &str, details: &Value, required: &[&str]) -> Value {
    let mut props = json!({
        "schema": {"const": id(command)},
        "command": {"type": "string"},
        "file": {"type": "string", "description": "The application file, as given."},
        "as_of": date(),
        "edition": {"$ref": "#/$defs/edition"},
        "practice": {"type": "string"},
        "verdict": {"type": "string", "description": "One line, for people."},
        "findings": findings(),
        "summary": {"$ref": "#/$defs/summary"}
    });
    if let (Some(p), Some(d)) = (props.as_object_mut(), details.as_object()) {
        for (k, v) in d {
            p.insert(k.clone(), v.clone());
        }
    }
    let mut req: Vec<&str> = vec![
        "schema", "command", "file", "as_of", "edition", "findings", "summary",
    ];
    req.extend_from_slice(required);
    wrap(
        command,
        title,
        json!({"type": "object", "required": req, "properties": props}),
    )
}

fn wrap(command: &str, title: &str, mut body: Value) -> Value {
    if let Some(o) = body.as_object_mut() {
        o.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        o.insert("$id".into(), json!(uri(command)));
        o.insert("title".into(), json!(title));
        o.insert(
            "$defs".into(),
            json!({"finding": finding(), "summary": summary(), "edition": edition(),
                   "milestone": milestone(), "deadline": deadline(), "progress": progress()}),
        );
    }
    body
}

/// `qcp portfolio`'s report (docs/portfolio.md).
fn portfolio() -> Value {
    let state =
        json!({"enum": ["not_started", "in_progress", "waiting_on_program", "done", "late"]});
    let row = json!({
        "type": "object",
        "required": ["file", "practice", "stage", "next_deadline", "late", "program_overdue", "blockers",
                     "summary", "top_codes", "readiness", "readiness_rated", "readiness_standards",
                     "readiness_domains", "certification", "timeline"],
        "properties": {
            "file": {"type": "string"},
            "practice": {"type": ["string", "null"], "description": "null when the file is unusable."},
            "unusable": {
                "type": "object",
                "description": "The first problem of a file that could not be used: its code, where, and the code's summary (never the file's text).",
                "required": ["code", "message", "problems"],
                "properties": {
                    "code": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    "location": {"type": "object", "required": ["line", "column"]},
                    "message": {"type": "string"},
                    "problems": {"type": "integer", "minimum": 1}
                },
                "additionalProperties": false
            },
            "stage": opt(json!({
                "type": "object",
                "description": "The furthest milestone reached (qcp status's milestones).",
                "required": ["number", "name", "state", "done", "due"],
                "properties": {"number": {"type": "integer"}, "name": {"type": "string"}, "state": state,
                               "done": opt(date()), "due": opt(date())}
            })),
            "next_deadline": opt(json!({
                "type": "object",
                "required": ["kind", "title", "date", "days_left", "late"],
                "properties": {"kind": {"type": "string"}, "title": {"type": "string"}, "date": date(),
                               "days_left": {"type": "integer"}, "late": {"type": "boolean"}}
            })),
            "late": {"type": "integer", "minimum": 0, "description": "Open practice deadlines already past."},
            "program_overdue": {"type": "integer", "minimum": 0, "description": "The program's (QCP's) expected dates already past with nothing recorded: the practice is waiting, not late."},
            "top_codes": {"type": "array", "maxItems": 3, "description": "The most frequent error and warning codes, errors first.", "items": {
                "type": "object",
                "required": ["code", "severity", "count"],
                "properties": {"code": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                               "severity": {"enum": ["error", "warning"]},
                               "count": {"type": "integer", "minimum": 1}}
            }},
            "readiness_rated": {"type": "integer", "minimum": 0, "description": "Standards the self-assessment rates (N/A included)."},
            "readiness_standards": {"type": "integer", "minimum": 0, "description": "Standards in the catalog."},
            "blockers": {"type": "array", "items": {
                "type": "object",
                "required": ["family", "errors"],
                "properties": {"family": {"type": "string"}, "errors": {"type": "integer", "minimum": 1}}
            }},
            "summary": {"$ref": "#/$defs/summary"},
            "readiness": opt(decimal()),
            "readiness_domains": {"type": "array", "items": {
                "type": "object",
                "required": ["number", "title", "percent", "rated", "standards"],
                "properties": {"number": {"type": "integer"}, "title": {"type": "string"}, "percent": opt(decimal()),
                               "rated": {"type": "integer", "minimum": 0}, "standards": {"type": "integer", "minimum": 0}}
            }},
            "certification": opt(json!({
                "type": "object",
                "required": ["expires", "days_left", "basis", "window_opens", "window_closes", "window"],
                "properties": {
                    "expires": date(), "days_left": {"type": "integer"}, "basis": {"type": "string"},
                    "window_opens": opt(date()), "window_closes": opt(date()),
                    "window": {"enum": ["not_open", "open", "closed", "applied", null]}
                }
            })),
            "timeline": {"type": "array", "items": {
                "type": "object",
                "required": ["date", "kind", "title", "done", "late", "overdue"],
                "properties": {
                    "date": date(), "kind": {"enum": ["milestone", "deadline"]}, "title": {"type": "string"},
                    "who": {"enum": ["practice", "program", "info"]}, "done": opt(date()), "late": {"type": "boolean"},
                    "overdue": {"type": "boolean", "description": "A program (QCP) date passed with nothing recorded."}
                }
            }}
        }
    });
    json!({
        "type": "object",
        "required": ["schema", "command", "as_of", "edition", "calendar", "rows", "summary"],
        "properties": {
            "schema": {"const": id("portfolio")},
            "command": {"const": "portfolio"},
            "as_of": date(),
            "edition": {"$ref": "#/$defs/edition"},
            "calendar": {"type": "string"},
            "rows": {"type": "array", "items": row},
            "summary": {
                "type": "object",
                "required": ["files", "practices", "unusable", "with_blockers", "late"],
                "properties": {
                    "files": {"type": "integer", "minimum": 0},
                    "practices": {"type": "integer", "minimum": 0},
                    "unusable": {"type": "integer", "minimum": 0},
                    "with_blockers": {"type": "integer", "minimum": 0},
                    "late": {"type": "integer", "minimum": 0}
                }
            }
        }
    })
}

/// The JSON Schema of `command`'s report (a name from [`COMMANDS`]).
#[must_use]
pub fn schema(command: &str) -> Value {
    let array_of = |r: &str| json!({"type": "array", "items": {"$ref": format!("#/$defs/{r}")}});
    match command {
        "check" => wrap(
            command,
            "qcp check: every check over application files or a folder",
            json!({
                "type": "object",
                "required": ["schema", "edition", "catalog", "as_of", "files", "summary"],
                "properties": {
                    "schema": {"const": id(command)},
                    "edition": {"type": "string"},
                    "catalog": {"type": "string"},
                    "as_of": date(),
                    "files": {"type": "array", "items": {
                        "type": "object",
                        "required": ["file", "unusable", "suppressed", "findings"],
                        "properties": {
                            "file": {"type": "string"},
                            "practice": {"type": ["string", "null"]},
                            "unusable": {"type": "boolean"},
                            "suppressed": {"type": "integer", "minimum": 0},
                            "findings": findings(),
                            "eligibility": {"type": "object", "required": ["outcome"]},
                            "progress": {"$ref": "#/$defs/progress"},
                            "milestones": array_of("milestone"),
                            "deadlines": array_of("deadline")
                        }
                    }},
                    "summary": {"type": "object", "required": ["applications", "documents", "errors", "warnings", "infos", "suppressed", "unusable"]}
                }
            }),
        ),
        "validate" => report(
            command,
            "qcp validate: consistency of the file",
            &json!({}),
            &["verdict"],
        ),
        "eligibility" => report(
            command,
            "qcp eligibility check",
            &json!({"eligibility": {
                "type": "object",
                "required": ["outcome", "criteria", "figures"],
                "properties": {
                    "outcome": {"type": "string"},
                    "criteria": {"type": "array", "items": {"type": "object", "required": ["criterion", "status"]}},
                    "figures": {"type": "object"},
                    "provisional": {"type": "array", "items": {"type": "string"}, "description": "The placeholder figures the outcome rests on; present only when it is provisional."}
                }
            }}),
            &["verdict", "eligibility"],
        ),
        "questionnaire" => report(
            command,
            "qcp questionnaire check",
            &json!({"questionnaire": {
                "type": "object",
                "required": ["sections", "submittable", "percent"],
                "properties": {
                    "sections": {"type": "array"},
                    "submittable": {"type": "boolean"},
                    "percent": decimal()
                }
            }}),
            &["verdict", "questionnaire"],
        ),
        "fee" => report(
            command,
            "qcp fee estimate FILE",
            &json!({"fee": {"type": "object", "required": ["schedule"]}}),
            &["verdict", "fee"],
        ),
        "fee-what-if" => wrap(
            command,
            "qcp fee estimate --fte N --sites N",
            json!({"type": "object", "required": ["schema", "command", "estimate"],
                   "properties": {"schema": {"const": id(command)}, "estimate": {"type": "object"}}}),
        ),
        "survey" => report(
            command,
            "qcp survey check",
            &json!({"window": {"type": ["object", "null"]}, "options": {"type": "array"}}),
            &["verdict", "options"],
        ),
        "status" | "deadlines" => report(
            command,
            if command == "status" {
                "qcp status"
            } else {
                "qcp deadlines"
            },
            &json!({
                "calendar": {"type": "string"},
                "steps": {"enum": ["current", "legacy"]},
                "milestones": array_of("milestone"),
                "next_actions": array_of("deadline"),
                "deadlines": array_of("deadline")
            }),
            if command == "status" {
                &["milestones", "deadlines", "next_actions"]
            } else {
                &["deadlines", "next_actions"]
            },
        ),
        "checklist" => report(
            command,
            "qcp checklist",
            &json!({"checklist": {
                "type": "object",
                "required": ["catalog", "percent", "request", "items", "domains"],
                "properties": {"percent": decimal(), "items": {"type": "array"}, "domains": {"type": "array"}}
            }}),
            &["checklist"],
        ),
        "ccr-summary" => report(
            command,
            "qcp ccr summary",
            &json!({
                "standards": {"type": "string"},
                "received": opt(date()),
                "final_report": opt(date()),
                "domains": {"type": "array"},
                "issues": {"type": "array"},
                "deadlines": {"type": "array"}
            }),
            &["verdict", "domains", "issues", "deadlines"],
        ),
        "qopi" => report(
            command,
            "qcp qopi check: QOPI registration and participation",
            &json!({}),
            &["verdict"],
        ),
        "qopi-plan" => report(
            command,
            "qcp qopi plan: what a QOPI round asks of the practice",
            &json!({"plan": {
                "type": "object",
                "required": ["round", "dates", "registration_deadline", "report_expected", "listed", "modules", "tracks", "needs", "charts", "hours", "hours_rule"],
                "properties": {
                    "round": {"type": "string"},
                    "dates": opt(json!({
                        "type": "object",
                        "required": ["label", "opens", "closes", "season", "recorded"],
                        "properties": {
                            "label": {"type": "string"},
                            "opens": date(),
                            "closes": date(),
                            "season": {"type": ["string", "null"]},
                            "recorded": {"type": "boolean", "description": "Dates recorded by the practice rather than the calendar's."}
                        }
                    })),
                    "registration_deadline": opt(date()),
                    "report_expected": opt(date()),
                    "listed": {"type": "boolean", "description": "Whether the file lists the round under qopi.participation."},
                    "modules": {"type": "array", "items": {"type": "string"}},
                    "tracks": {"type": "array", "items": {"enum": ["qcp_certification", "fellowship"]}},
                    "needs": {"type": "array", "items": {
                        "type": "object",
                        "required": ["what", "charts", "rule"],
                        "properties": {"what": {"type": "string"}, "charts": {"type": "integer", "minimum": 0}, "rule": {"type": "string"}}
                    }},
                    "charts": {"type": "integer", "minimum": 0, "description": "Charts to abstract: the largest need."},
                    "hours": decimal(),
                    "hours_rule": {"type": "string"}
                }
            }}),
            &["verdict", "plan"],
        ),
        "portfolio" => wrap(
            command,
            "qcp portfolio: one row per practice of a folder",
            portfolio(),
        ),
        "readiness" => report(
            command,
            "qcp readiness: the practice's own mock survey",
            &readiness_details(),
            &[
                "verdict",
                "overall",
                "rated",
                "standards_total",
                "domains",
                "standards",
                "would_be_issues",
                "met_without_evidence",
                "citations",
                "actions",
            ],
        ),
        "readiness-compare" => report(
            command,
            "qcp readiness compare: the self-assessment beside the CCR",
            &json!({
                "lines": {"type": "array", "items": {
                    "type": "object",
                    "required": ["id", "practice", "ccr", "agreement"],
                    "properties": {
                        "id": {"type": "string"},
                        "practice": opt(assessment()),
                        "ccr": assessment(),
                        "agreement": {"enum": ["agree", "missed", "feared", "differs", "not_rated"]}
                    },
                    "additionalProperties": false
                }},
                "compared": {"type": "integer", "minimum": 0},
                "agreed": {"type": "integer", "minimum": 0},
                "agreement_rate": opt(decimal()),
                "missed": {"type": "array", "items": {"type": "string"}, "description": "Rated higher by the practice than by the surveyor."},
                "feared": {"type": "array", "items": {"type": "string"}, "description": "Rated lower by the practice than by the surveyor."}
            }),
            &[
                "verdict",
                "lines",
                "compared",
                "agreed",
                "agreement_rate",
                "missed",
                "feared",
            ],
        ),
        _ => wrap(
            "error",
            "unusable input (exit status 2)",
            json!({
                "type": "object",
                "required": ["schema", "file", "error"],
                "properties": {
                    "schema": {"const": id("error")},
                    "file": {"type": "string"},
                    "error": {"type": "object", "required": ["problems"],
                              "properties": {"problems": findings()}}
                }
            }),
        ),
    }
}

fn assessment() -> Value {
    json!({"enum": ["met", "partially_met", "not_met", "not_applicable"]})
}

fn readiness_details() -> Value {
    let count = json!({"type": "integer", "minimum": 0});
    json!({
        "standards_catalog": {"type": "string"},
        "assessed": opt(date()),
        "documents_read": count,
        "overall": opt(decimal()),
        "rated": count,
        "standards_total": count,
        "domains": {"type": "array", "items": {
            "type": "object",
            "required": ["domain", "title", "percent", "met", "partially_met", "not_met", "not_applicable", "unrated"],
            "properties": {
                "domain": count, "title": {"type": "string"}, "percent": opt(decimal()),
                "met": count, "partially_met": count, "not_met": count, "not_applicable": count, "unrated": count
            },
            "additionalProperties": false
        }},
        "standards": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "title", "rating", "from_elements", "owner"],
            "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "rating": opt(assessment()),
                "from_elements": {"type": "boolean"}, "owner": {"type": ["string", "null"]}
            },
            "additionalProperties": false
        }},
        "would_be_issues": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "rating", "severity", "if_critical"],
            "properties": {
                "id": {"type": "string"}, "rating": assessment(),
                "severity": {"enum": ["partial_compliance", "non_compliant"]},
                "if_critical": {"enum": ["critical_partial_compliance", "critical_non_compliant"]}
            },
            "additionalProperties": false
        }},
        "met_without_evidence": {"type": "array", "items": {"type": "string"}},
        "citations": {"type": "array", "items": {
            "type": "object",
            "required": ["path", "file", "cited", "missing", "checked"],
            "properties": {
                "path": {"type": "string"}, "file": {"type": "string"},
                "cited": {"type": "array", "items": {"type": "string"}},
                "missing": {"type": "array", "items": {"type": "string"}},
                "checked": {"type": "boolean", "description": "Whether the document's text was read to compare with."}
            },
            "additionalProperties": false
        }},
        "survey_date": opt(date()),
        "survey_date_from": {"type": ["string", "null"]},
        "survey_passed": {"type": "boolean", "description": "The as-of date is after the survey date: would-be issues and actions are listed, not reported as findings."},
        "actions": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "what", "owner", "due", "days_left", "after_survey"],
            "properties": {
                "id": {"type": "string"}, "what": {"type": ["string", "null"]}, "owner": {"type": ["string", "null"]},
                "due": opt(date()), "days_left": {"type": ["integer", "null"]}, "after_survey": {"type": "boolean"}
            },
            "additionalProperties": false
        }}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_each_command_has_its_own_schema() {
        let mut ids: Vec<&str> = COMMANDS.iter().map(|(_, i)| *i).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), COMMANDS.len());
        for (c, i) in COMMANDS {
            assert_eq!(schema(c)["$id"], uri(c), "{c}");
            assert_eq!(id(c), *i);
        }
    }

    #[test]
    fn the_published_schemas_are_current() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schemas");
        for (c, _) in COMMANDS {
            let path = format!("{dir}/{}", file_name(c));
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            let want = format!("{:#}\n", schema(c));
            assert!(
                on_disk == want,
                "{path} is stale: run `cargo run -- schema --report {c} > {path}` (or scripts/gen-schemas.sh)"
            );
        }
    }
}
