//! `qcp readiness …`: the practice's own mock survey. Reads the application and the documents
//! its summaries cite, calls the library's `readiness` module, prints, and writes the workbook,
//! the PDF or the edited application file.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};

use crate::ccr::{PaperArg, PdfArgs, check_still_valid, generated_date, write_pdf};
use crate::cli::{Cli, Eval, Format};
use crate::io::write_atomic;
use crate::{Outcome, emit_input, load_app, out};
use qcp::docscan::ExtractLimits;
use qcp::model::Application;
use qcp::readiness::{self, DocumentTexts, workbook};
use qcp::render::{self, Style};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct ReadinessArgs {
    #[command(subcommand)]
    pub(crate) command: Option<ReadinessCommand>,
    /// The application file.
    #[arg(required = true)]
    pub(crate) file: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) eval: Eval,
    /// Also write the self-assessment workbook the team fills in (read back with
    /// `qcp readiness import`).
    #[arg(long, value_name = "OUT.xlsx")]
    pub(crate) xlsx: Option<PathBuf>,
    /// Also write the report as a PDF for the practice's leadership.
    #[arg(long, value_name = "OUT.pdf")]
    pub(crate) pdf: Option<PathBuf>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    pub(crate) paper: PaperArg,
    /// Write today's date into the PDF (SOURCE_DATE_EPOCH, when set, is used instead).
    #[arg(long)]
    pub(crate) timestamp: bool,
    /// Replace --xlsx / --pdf files if they exist (every output qcp writes refuses otherwise).
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReadinessCommand {
    /// Read a filled-in self-assessment workbook back into the `readiness` section.
    Import {
        /// The workbook (sheet Self-assessment, as `qcp readiness FILE --xlsx OUT` writes it).
        workbook: PathBuf,
        /// The application file whose `readiness` section the workbook replaces.
        #[arg(long, value_name = "FILE")]
        into: PathBuf,
        /// Write the section into FILE (comments elsewhere are kept); without it the section
        /// is printed and FILE is left unchanged.
        #[arg(long)]
        write: bool,
    },
    /// The self-assessment beside the recorded CCR: what the practice missed, what it feared.
    Compare {
        /// The application file (with `readiness` and `ccr` sections).
        file: PathBuf,
        /// Evaluate as of this date (YYYY-MM-DD) instead of today (default: $QCP_AS_OF, else
        /// today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

pub(crate) fn run(cli: &Cli, a: &ReadinessArgs, style: Style) -> Result<Outcome> {
    match &a.command {
        Some(ReadinessCommand::Import {
            workbook,
            into,
            write,
        }) => import(workbook, into, *write, style),
        Some(ReadinessCommand::Compare {
            file,
            as_of,
            format,
        }) => compare(cli, file, as_of.as_deref(), *format, style),
        None => {
            let file = a
                .file
                .as_ref()
                .ok_or_else(|| anyhow!("name the application file: qcp readiness FILE"))?;
            report(cli, file, a, style)
        }
    }
}

fn report(cli: &Cli, file: &Path, a: &ReadinessArgs, style: Style) -> Result<Outcome> {
    let Some(loaded) = crate::data::load(cli, a.eval.format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let as_of = crate::as_of_date(a.eval.as_of.as_deref())?;
    let (src, app) = match load_app(file) {
        Ok(x) => x,
        Err((src, e)) => {
            emit_input(&e, src.as_ref(), a.eval.format, style);
            return Ok(Outcome::Unusable);
        }
    };
    if let Some(path) = &a.xlsx {
        let bytes = workbook::write(&app, &loaded.catalog, as_of)?;
        write_atomic(path, &bytes, a.force)?;
        eprintln!(
            "wrote {} ({} standard(s) and element(s) to rate)",
            path.display(),
            loaded.catalog.entries().len()
        );
        if app.readiness.is_none() {
            return Ok(Outcome::Clean);
        }
    }
    // Documents are read within the edition's upload limit, as `qcp check` reads them; an
    // edition without a `[documents]` table reads none.
    let texts = match loaded.rules.documents.as_ref() {
        Some(d) => document_texts(file, &app, &loaded.limits, d),
        None => DocumentTexts::default(),
    };
    let r = readiness::report(&src, &app, &loaded.rules, &loaded.catalog, as_of, &texts)?;
    if let Some(path) = &a.pdf {
        let doc = render::readiness::document(&r, generated_date(a.timestamp)?);
        write_pdf(
            &doc,
            &PdfArgs {
                pdf: path.clone(),
                force: a.force,
                paper: a.paper,
                timestamp: a.timestamp,
            },
        )?;
    }
    match a.eval.format {
        Format::Json => out(&render::json(&r)?)?,
        Format::Human => {
            let mut t = render::readiness::text(&r);
            if !r.evaluation.findings.is_empty() {
                t.push('\n');
                t.push_str(&render::findings(
                    &r.evaluation.findings,
                    &r.file,
                    Some(&src),
                    style,
                ));
            }
            t.push_str(&format!(
                "{} ({} error(s), {} warning(s), {} info)\n",
                r.verdict, r.summary.errors, r.summary.warnings, r.summary.infos
            ));
            out(&t)?;
        }
    }
    Ok(crate::outcome_for(r.worst(), a.eval.deny))
}

/// The headings of every pre-survey document whose summary cites a section, read as `qcp check`
/// reads documents (the edition's upload limit and accepted types, the PHI screen's
/// `[extract]` budgets). A document that is missing, outside the application's folder, of a
/// refused type, not text-bearing or unreadable is left out: its citations are reported as not
/// checked. Nothing read here is printed.
fn document_texts(
    file: &Path,
    app: &Application,
    limits: &ExtractLimits,
    rules: &qcp::rules::DocumentRules,
) -> DocumentTexts {
    let max_bytes = rules.refuse_above();
    let mut texts = DocumentTexts::default();
    let Some(docs) = &app.documents else {
        return texts;
    };
    let root = crate::data::app_dir(file);
    let Ok(root) = root.canonicalize() else {
        return texts;
    };
    for d in docs.elements.iter().flat_map(|e| e.documents.iter()) {
        let cites = d
            .summary
            .as_deref()
            .is_some_and(|s| !readiness::cited_sections(s).is_empty());
        if !cites || texts.headings_of(&d.file).is_some() {
            continue;
        }
        let rel = Path::new(&d.file);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            continue;
        }
        // Inside the application's folder after links are resolved, as `qcp check` requires.
        let Ok(path) = root.join(rel).canonicalize() else {
            continue;
        };
        if !path.starts_with(&root) {
            continue;
        }
        let Ok(bytes) = qcp::fsio::read_bounded(&path, max_bytes) else {
            continue;
        };
        let prepared = qcp::bundle::scan::prepare(&bytes, &d.file, rules, limits);
        if let Some(h) = prepared.headings() {
            texts.insert_headings(&d.file, h.clone());
        }
    }
    texts
}

fn compare(
    cli: &Cli,
    file: &Path,
    as_of: Option<&str>,
    format: Format,
    style: Style,
) -> Result<Outcome> {
    let Some(loaded) = crate::data::load(cli, format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let as_of = crate::as_of_date(as_of)?;
    let (src, app) = match load_app(file) {
        Ok(x) => x,
        Err((src, e)) => {
            emit_input(&e, src.as_ref(), format, style);
            return Ok(Outcome::Unusable);
        }
    };
    let c = readiness::compare(&src, &app, &loaded.rules, &loaded.catalog, as_of)
        .map_err(|e| anyhow!("{}: {e}", file.display()))?;
    match format {
        Format::Json => out(&render::json(&c)?)?,
        Format::Human => out(&render::readiness::compare_text(&c))?,
    }
    Ok(Outcome::Clean)
}

fn import(book: &Path, into: &Path, write: bool, style: Style) -> Result<Outcome> {
    let cells = match qcp::ccr_xlsx::read_sheet(book, "Self-assessment", workbook::SHEET_NAMES) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "{}{}",
                crate::style_error(style),
                qcp::termsafe::escape(&e.to_string())
            );
            return Ok(Outcome::Unusable);
        }
    };
    let fragment = match workbook::section_yaml(&cells) {
        Ok(f) => f,
        Err(problems) => {
            let mut msg = format!(
                "{}{} has {} problem(s):",
                crate::style_error(style),
                book.display(),
                problems.len()
            );
            for p in &problems {
                msg.push_str(&format!("\n  {}", qcp::termsafe::escape(&p.to_string())));
            }
            eprintln!("{msg}");
            return Ok(Outcome::Unusable);
        }
    };
    let (src, _) = match load_app(into) {
        Ok(x) => x,
        Err((src, e)) => {
            emit_input(&e, src.as_ref(), Format::Human, style);
            return Ok(Outcome::Unusable);
        }
    };
    // Key by key, so the comments the section already holds outside what the workbook carries
    // (on `assessed:`, between the keys) stay where the user wrote them.
    let entries: yaml_serde::Mapping = yaml_serde::from_str(&fragment)
        .map_err(|e| anyhow!("the workbook's section does not read back: {e}"))?;
    let mut new = src.text.clone();
    for (k, v) in &entries {
        let Some(key) = k.as_str() else { continue };
        new = qcp::yaml_edit::set_value(&new, &["readiness", key], v)
            .map_err(|e| anyhow!("cannot edit {}: {e}", into.display()))?;
    }
    check_still_valid(into, &new)?;
    if write {
        write_atomic(into, new.as_bytes(), true)?;
        eprintln!(
            "wrote the readiness section from {} into {}",
            book.display(),
            into.display()
        );
    } else {
        let mut t = String::from("readiness:\n");
        for l in fragment.lines() {
            t.push_str("  ");
            t.push_str(&qcp::termsafe::escape(l));
            t.push('\n');
        }
        out(&t)?;
        eprintln!(
            "{} was not changed; pass --write to put this section into it",
            into.display()
        );
    }
    Ok(Outcome::Clean)
}
