//! `qcp checklist FILE [--post-survey]`: the document checklist of one application.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, anyhow};
use comfy_table::{ContentArrangement, Table, presets};
use qcp::checklist::{self, DocState, Request};
use qcp::render::{self, Style};

use crate::cli::{Cli, Eval, Format};
use crate::{Outcome, emit_input, load_app, out};

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    t
}

pub(crate) fn run(
    cli: &Cli,
    file: &Path,
    post_survey: bool,
    eval: &Eval,
    style: Style,
) -> Result<Outcome> {
    let format = eval.format;
    let as_of = crate::as_of(eval)?;
    let Some(loaded) = crate::data::load(cli, format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let rules = &loaded.rules;
    let catalog = &loaded.catalog;
    let (src, app) = match load_app(file) {
        Ok(x) => x,
        Err((src, e)) => {
            emit_input(&e, src.as_ref(), format, style);
            return Ok(Outcome::Unusable);
        }
    };
    // The as-of date plays no part in document states.
    let Some(ctx) = crate::data::context(&loaded, file, rules.edition.effective)? else {
        return Err(anyhow!(
            "the rule edition has no [documents] table (size limit, accepted types); add it or use the embedded edition"
        ));
    };
    let states = ctx.document_states(file, &app);
    let list = checklist::build(&app, catalog, &|d| states.of(&d.file));
    // The documents family of `qcp check`, and the document files as `qcp check` reads them.
    let mut findings = qcp::checks::evaluate(
        &app,
        loaded.data(),
        &states,
        as_of,
        qcp::checks::Selection::DOCUMENTS,
    )
    .findings;
    findings.extend(ctx.document_findings(file, &app));
    qcp::finding::locate_all(&mut findings, &src);
    qcp::finding::sort(&mut findings);
    let worst = qcp::finding::worst(&findings);
    if format == Format::Json {
        let v = serde_json::json!({
            "schema": qcp::schemas::id("checklist"),
            "command": "checklist",
            "file": src.display_path(),
            "as_of": as_of,
            "edition": rules.reference(),
            "practice": app.practice.name,
            "checklist": list,
            "findings": findings,
            "summary": qcp::report::Summary::of(&findings),
        });
        out(&render::json(&v)?)?;
    } else {
        let mut s = format!(
            "{} — {} (catalog {}, rules {})\n",
            app.practice.name,
            src.display_path(),
            list.catalog,
            rules.edition.id
        );
        if post_survey {
            let mut t = table(style);
            t.set_header(vec![
                "CCR issue",
                "statement",
                "documents",
                "PHI attestation",
                "complete",
            ]);
            for p in &list.post_survey {
                let docs: Vec<String> = p
                    .documents
                    .iter()
                    .map(|(f, st)| match st {
                        DocState::Ok | DocState::Unchecked => f.clone(),
                        DocState::Missing(r) | DocState::TooLarge(r) | DocState::WrongType(r) => {
                            r.clone()
                        }
                    })
                    .collect();
                t.add_row(vec![
                    p.issue.clone(),
                    if p.statement { "yes" } else { "MISSING" }.to_owned(),
                    if docs.is_empty() {
                        "MISSING".to_owned()
                    } else {
                        docs.join("\n")
                    },
                    match p.phi_attestation {
                        Some(true) => "yes",
                        Some(false) => "NO",
                        None => "MISSING",
                    }
                    .to_owned(),
                    if p.complete { "yes" } else { "no" }.to_owned(),
                ]);
            }
            if list.post_survey.is_empty() {
                s.push_str("\nno CCR issue has a resolution under documents.post_survey yet\n");
            } else {
                let _ = writeln!(s, "\n{t}");
            }
        } else {
            let mut t = table(style);
            t.set_header(vec!["element", "title", "status", "reason"]);
            for i in &list.items {
                let mark = if i.verified { "" } else { " *" };
                t.add_row(vec![
                    format!("{}{mark}", i.element),
                    i.title.clone(),
                    i.status.as_str().to_owned(),
                    i.reason.clone(),
                ]);
            }
            let _ = writeln!(s, "\n{t}");
            s.push_str(
                "* id not confirmed in a program document (see `qcp standards show ID`)\n\n",
            );
            for d in &list.domains {
                let _ = writeln!(
                    s,
                    "domain {}: {}/{} elements ({})",
                    d.domain, d.present, d.total, d.percent
                );
            }
            let _ = writeln!(
                s,
                "overall: {} complete; PHI attestation: {}",
                list.percent,
                match list.phi_attestation {
                    Some(true) => "given",
                    Some(false) => "answered false",
                    None => "missing",
                }
            );
            let _ = writeln!(
                s,
                "{}",
                match list.request {
                    Request::Review => "every element has a document: a review request can be sent",
                    Request::OverrideOnly
                        if rules
                            .documents
                            .as_ref()
                            .is_some_and(|d| d.partial_submission_after_confirmation) =>
                        "some elements are pending: a partial response can be submitted after confirming it (docs/rules.md §5; S1)",
                    Request::OverrideOnly =>
                        "some elements are pending: only an override request can be sent (docs/rules.md §5; S0)",
                }
            );
        }
        if !findings.is_empty() {
            s.push('\n');
            s.push_str(&render::findings(
                &findings,
                &src.display_path(),
                Some(&src),
                style,
            ));
        }
        out(&s)?;
    }
    Ok(crate::outcome_for(worst, eval.deny))
}
