//! `qcp standards list|show`: the standards catalog, with honest marks on unconfirmed ids.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets};
use qcp::catalog::{Catalog, Entry, StandardId};
use qcp::render::{self, Style};

use crate::cli::{Cli, Format, StandardsCommand};
use crate::{Outcome, out};

/// Loads the embedded catalog or `--standards FILE`.
pub(crate) fn load(cli: &Cli) -> Result<Catalog> {
    match &cli.global.standards {
        None => Ok(Catalog::embedded()?),
        Some(p) => {
            let text = qcp::fsio::read_text_bounded(p, qcp::model::load::MAX_DATA_BYTES)
                .with_context(|| format!("cannot read the standards catalog {}", p.display()))?;
            Ok(Catalog::from_toml(&text, &p.display().to_string())?)
        }
    }
}

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    t
}

fn verified(e: &Entry) -> &'static str {
    if e.verified {
        "yes"
    } else {
        "NO (placeholder id)"
    }
}

pub(crate) fn run(cli: &Cli, cmd: &StandardsCommand, style: Style) -> Result<Outcome> {
    let catalog = load(cli)?;
    let ed = catalog.edition();
    match cmd {
        StandardsCommand::List { domain, format } => {
            if let Some(d) = domain
                && !catalog.domains().iter().any(|x| x.number == *d)
            {
                bail!(
                    "catalog {} has no domain {d} (domains: {})",
                    ed.id,
                    catalog
                        .domains()
                        .iter()
                        .map(|x| x.number.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let entries: Vec<&Entry> = catalog
                .entries()
                .iter()
                .filter(|e| domain.is_none_or(|d| e.domain == d))
                .collect();
            if *format == Format::Json {
                let v = serde_json::json!({
                    "edition": ed,
                    "domains": catalog.domains().iter().filter(|d| domain.is_none_or(|x| d.number == x)).collect::<Vec<_>>(),
                    "entries": entries,
                });
                out(&render::json(&v)?)?;
                return Ok(Outcome::Clean);
            }
            let mut s = format!("Standards catalog {} — {}\n", ed.id, ed.title);
            for d in catalog
                .domains()
                .iter()
                .filter(|d| domain.is_none_or(|x| d.number == x))
            {
                let _ = writeln!(s, "\nDomain {}: {}", d.number, d.title);
                let mut t = table(style);
                t.set_header(vec!["id", "title", "upload", "verified"]);
                for e in entries.iter().filter(|e| e.domain == d.number) {
                    t.add_row(vec![
                        e.id.to_string(),
                        e.title.clone(),
                        if e.documents { "yes" } else { "-" }.to_owned(),
                        verified(e).to_owned(),
                    ]);
                }
                let _ = writeln!(s, "{t}");
            }
            let unverified = entries.iter().filter(|e| !e.verified).count();
            let _ = writeln!(
                s,
                "\n{} of {} ids were seen in a program document; {unverified} are placeholders to check against the Standards Manual you were sent (load yours with --standards FILE).",
                entries.len() - unverified,
                entries.len()
            );
            out(&s)?;
            Ok(Outcome::Clean)
        }
        StandardsCommand::Show { id, format } => {
            let sid: StandardId = id.parse()?;
            let Some(e) = catalog.get(&sid) else {
                let ids: Vec<String> = catalog.entries().iter().map(|e| e.id.to_string()).collect();
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                let hint = qcp::rules::closest(id, &refs).map_or_else(
                    || "`qcp standards list` shows every id".to_owned(),
                    |c| format!("did you mean {c}?"),
                );
                bail!("`{id}` is not in the standards catalog {} ({hint})", ed.id);
            };
            let children: Vec<&Entry> = catalog.children(&e.id).collect();
            let unnumbered: Vec<&qcp::catalog::Unnumbered> = catalog.unnumbered(&e.id).collect();
            if *format == Format::Json {
                let v = serde_json::json!({"edition": ed.id, "entry": e, "elements": children, "unnumbered_elements": unnumbered});
                out(&render::json(&v)?)?;
                return Ok(Outcome::Clean);
            }
            let mut s = String::new();
            let _ = writeln!(s, "{} — {}", e.id, e.title);
            let _ = writeln!(s, "catalog:   {} (domain {})", ed.id, e.domain);
            let _ = writeln!(
                s,
                "verified:  {}",
                if e.verified {
                    "yes: id and content seen in a program document"
                } else {
                    "NO: this id is a placeholder; check it against your Standards Manual"
                }
            );
            let _ = writeln!(s, "basis:     {} (confidence {})", e.basis, e.confidence);
            let ev: Vec<&str> = e.evidence.iter().map(|k| k.as_str()).collect();
            let _ = writeln!(
                s,
                "evidence:  {}",
                if ev.is_empty() {
                    "-".to_owned()
                } else {
                    ev.join(", ")
                }
            );
            let sv: Vec<&str> = e.survey.iter().map(|k| k.as_str()).collect();
            let _ = writeln!(
                s,
                "survey:    {}",
                if sv.is_empty() {
                    "-".to_owned()
                } else {
                    sv.join(", ")
                }
            );
            let _ = writeln!(
                s,
                "uploads:   {}",
                if e.documents {
                    "yes, documents go here"
                } else {
                    "no upload slot of its own"
                }
            );
            let _ = writeln!(s, "source:    {}", e.source);
            if let Some(n) = &e.note {
                let _ = writeln!(s, "note:      {n}");
            }
            if !children.is_empty() {
                let _ = writeln!(s, "\nelements:");
                for c in &children {
                    let _ = writeln!(
                        s,
                        "  {:<8} {}{}",
                        c.id.to_string(),
                        c.title,
                        if c.verified { "" } else { "  [unverified]" }
                    );
                }
            }
            if !unnumbered.is_empty() {
                let _ = writeln!(
                    s,
                    "\nelements without a known QCP number (from published standards; no upload slot):"
                );
                for u in &unnumbered {
                    let _ = writeln!(s, "  -        {}  [{}: {}]", u.title, u.basis, u.source);
                }
            }
            out(&s)?;
            Ok(Outcome::Clean)
        }
    }
}
