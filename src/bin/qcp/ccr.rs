//! `qcp ccr …` and `qcp application render`: argument handling, file reads and atomic writes
//! around the library's `ccr` module.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};

use crate::cli::{Cli, Deny, Format};
use crate::io::write_atomic;
use crate::{Outcome, emit_input, load_app, load_rules, out};
use qcp::calendar::HolidayCalendar;
use qcp::catalog::Catalog;
use qcp::ccr::{self, CcrSummary};
use qcp::model::load;
use qcp::pdf::{self, Paper};
use qcp::render::{self, Style};
use qcp::source::SourceFile;
use qcp::units::Date;

#[derive(Debug, Args)]
pub(crate) struct CcrEval {
    /// Evaluate deadlines as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) as_of: Option<String>,
    /// Standards catalog to use instead of the embedded one (TOML, see standards/).
    #[arg(long, value_name = "FILE")]
    pub(crate) standards: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub(crate) enum PaperArg {
    /// US Letter.
    #[default]
    Letter,
    /// ISO A4.
    A4,
}

#[derive(Debug, Args)]
pub(crate) struct PdfArgs {
    /// The PDF to write (atomically).
    #[arg(long, value_name = "OUT.pdf")]
    pub(crate) pdf: PathBuf,
    /// Replace OUT.pdf if it exists (every output qcp writes refuses otherwise).
    #[arg(long)]
    pub(crate) force: bool,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    pub(crate) paper: PaperArg,
    /// Write today's date into the PDF (otherwise the file depends only on its input;
    /// SOURCE_DATE_EPOCH, when set, is used instead of today).
    #[arg(long)]
    pub(crate) timestamp: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CcrCommand {
    /// Import the surveyor's CCR workbook (xlsx, xls, ods) into the application file.
    Import {
        /// The workbook (sheets Survey, Assessments, Issues; see docs/application-format.md).
        workbook: PathBuf,
        /// The application file to write the `ccr` section into (comments elsewhere are kept).
        #[arg(long, value_name = "FILE")]
        into: PathBuf,
        #[command(flatten)]
        eval: CcrEval,
    },
    /// Met / partially met / not met per domain, open issues, deadlines and late items.
    Summary {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        eval: CcrEval,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors for the exit status.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<Deny>,
    },
    /// An action-plan skeleton: one entry per issue with its standard, findings and requirement.
    #[command(name = "action-plan")]
    ActionPlan {
        /// The application file.
        file: PathBuf,
        /// Write the program-shaped workbook here.
        #[arg(long, value_name = "PLAN.xlsx")]
        xlsx: Option<PathBuf>,
        /// Write a YAML skeleton here (beside the application).
        #[arg(long, value_name = "PLAN.yaml")]
        yaml: Option<PathBuf>,
        /// Add skeleton items for issues without one to `ccr.action_plan.items` of FILE itself
        /// (comments kept), as `fee estimate --write` and `survey suggest --write` record theirs.
        #[arg(long)]
        write: bool,
        /// Replace existing --xlsx / --yaml files (every output qcp writes refuses otherwise).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        eval: CcrEval,
    },
    /// The CCR as a PDF report for the practice's leadership.
    Render {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        pdf: PdfArgs,
        #[command(flatten)]
        eval: CcrEval,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ApplicationCommand {
    /// The whole application as a PDF (practice, eligibility, sections, CCR).
    Render {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        pdf: PdfArgs,
        #[command(flatten)]
        eval: CcrEval,
    },
}

fn as_of(eval: &CcrEval) -> Result<Date> {
    crate::as_of_date(eval.as_of.as_deref())
}

/// `--standards FILE` after the subcommand, else the global one before it, else the embedded.
fn catalog(cli: &Cli, eval: &CcrEval) -> Result<Catalog> {
    match eval.standards.as_ref().or(cli.global.standards.as_ref()) {
        None => Catalog::embedded().context("the embedded standards catalog"),
        Some(p) => {
            let src = load::read_source(p, load::MAX_DATA_BYTES).map_err(|e| anyhow!("{e}"))?;
            Catalog::from_toml(&src.text, &p.display().to_string()).map_err(|e| anyhow!("{e}"))
        }
    }
}

/// The calendar CCR deadlines roll over: the one `qcp status` uses (`--calendar FILE`, else the
/// edition's `deadlines.calendar`). An edition without `[deadlines]` computes no CCR deadline
/// (`ccr-rules-missing`), so the embedded calendar only fills the slot then.
fn calendar(cli: &Cli, rules: &qcp::RuleEdition) -> Result<HolidayCalendar> {
    if rules.deadlines.is_some() || cli.global.calendar.is_some() {
        crate::dates::load_calendar(cli, rules)
    } else {
        ccr::embedded_calendar().context("the embedded holiday calendar")
    }
}

fn paper(p: PaperArg) -> Paper {
    match p {
        PaperArg::Letter => Paper::Letter,
        PaperArg::A4 => Paper::A4,
    }
}

/// Loads everything a CCR command needs; `None` when the input was unusable (already printed).
struct Loaded {
    src: SourceFile,
    app: qcp::model::Application,
    rules: qcp::RuleEdition,
    catalog: Catalog,
    cal: HolidayCalendar,
    as_of: Date,
}

fn load_all(
    cli: &Cli,
    file: &Path,
    eval: &CcrEval,
    format: Format,
    style: Style,
) -> Result<Option<Loaded>> {
    let Some(rules) = load_rules(cli, format, style)? else {
        return Ok(None);
    };
    let as_of = as_of(eval)?;
    let catalog = catalog(cli, eval)?;
    let cal = calendar(cli, &rules)?;
    match load_app(file) {
        Ok((src, app)) => Ok(Some(Loaded {
            src,
            app,
            rules,
            catalog,
            cal,
            as_of,
        })),
        Err((src, e)) => {
            emit_input(&e, src.as_ref(), format, style);
            Ok(None)
        }
    }
}

fn outcome(s: &CcrSummary, deny: Option<Deny>) -> Outcome {
    crate::outcome_for(s.worst(), deny)
}

fn summary_of(l: &Loaded) -> Result<CcrSummary> {
    Ok(ccr::summary(
        &l.src, &l.app, &l.rules, &l.catalog, &l.cal, l.as_of,
    )?)
}

pub(crate) fn run(cli: &Cli, cmd: &CcrCommand, style: Style) -> Result<Outcome> {
    match cmd {
        CcrCommand::Import {
            workbook,
            into,
            eval,
        } => import(cli, workbook, into, eval, style),
        CcrCommand::Summary {
            file,
            eval,
            format,
            deny,
        } => {
            let Some(l) = load_all(cli, file, eval, *format, style)? else {
                return Ok(Outcome::Unusable);
            };
            if l.app.ccr.is_none() {
                // A usage error (exit 2) in the output format asked for, with its code.
                let e = qcp::error::InputError::single(
                    file,
                    "ccr-section-missing",
                    None,
                    "no CCR recorded: the application has no `ccr` section",
                    "import the CCR with `qcp ccr import CCR.xlsx --into FILE`",
                );
                emit_input(&e, Some(&l.src), *format, style);
                return Ok(Outcome::Unusable);
            }
            let s = summary_of(&l)?;
            match format {
                Format::Json => out(&render::json(&s)?)?,
                Format::Human => {
                    let mut t = ccr::summary_text(&s);
                    if !s.findings.is_empty() {
                        t.push('\n');
                        t.push_str(&render::findings(&s.findings, &s.file, Some(&l.src), style));
                    }
                    t.push_str(&format!(
                        "{} ({} error(s), {} warning(s), {} info)\n",
                        s.verdict, s.summary.errors, s.summary.warnings, s.summary.infos
                    ));
                    out(&t)?;
                }
            }
            Ok(outcome(&s, *deny))
        }
        CcrCommand::ActionPlan {
            file,
            xlsx,
            yaml,
            write,
            force,
            eval,
        } => {
            if xlsx.is_none() && yaml.is_none() && !write {
                anyhow::bail!(
                    "say where the skeleton goes: --xlsx PLAN.xlsx, --yaml PLAN.yaml or --write (into FILE itself)"
                );
            }
            let Some(l) = load_all(cli, file, eval, Format::Human, style)? else {
                return Ok(Outcome::Unusable);
            };
            let s = summary_of(&l)?;
            let Some(c) = &l.app.ccr else {
                anyhow::bail!("{}", ccr::CcrError::NoCcr);
            };
            if let Some(path) = xlsx {
                let (rows, header) = ccr::plan::workbook_rows(&l.app, c, &s.deadlines);
                let header = header.ok_or_else(|| {
                    anyhow!("the workbook's header needs the CCR's received date and the rule edition's [ccr] deadlines")
                })?;
                let bytes = qcp::ccr_xlsx::write_action_plan(&rows, &header)
                    .context("writing the action-plan workbook")?;
                write_atomic(path, &bytes, *force)?;
                eprintln!("wrote {} ({} issue(s))", path.display(), rows.len());
            }
            if let Some(path) = yaml {
                let text = ccr::plan::skeleton_yaml(c).context("serializing the skeleton")?;
                write_atomic(path, text.as_bytes(), *force)?;
                eprintln!("wrote {}", path.display());
            }
            if *write {
                let items = ccr::plan::merged_items_yaml(&l.src.text, c)
                    .context("reading the existing action-plan items")?;
                let added = ccr::plan::skeleton_items(c).len();
                let new =
                    qcp::yaml_edit::set(&l.src.text, &["ccr", "action_plan", "items"], &items)
                        .with_context(|| format!("cannot edit {}", file.display()))?;
                check_still_valid(file, &new)?;
                write_atomic(file, new.as_bytes(), true)?;
                eprintln!("added {added} action-plan item(s) to {}", file.display());
            }
            Ok(Outcome::Clean)
        }
        CcrCommand::Render { file, pdf: p, eval } => {
            let Some(l) = load_all(cli, file, eval, Format::Human, style)? else {
                return Ok(Outcome::Unusable);
            };
            let s = summary_of(&l)?;
            let generated = generated_date(p.timestamp)?;
            let doc = qcp::render::report_pdf::ccr_document(&l.app, &s, &l.catalog, generated);
            write_pdf(&doc, p)?;
            Ok(Outcome::Clean)
        }
    }
}

/// The date a PDF carries: `SOURCE_DATE_EPOCH` (reproducible builds) when set, else today
/// with `--timestamp`, else none (the PDF then has no creation date at all).
pub(crate) fn generated_date(timestamp: bool) -> Result<Option<Date>> {
    if let Some(v) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let secs = v
            .to_str()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or_else(|| {
                anyhow!(
                    "SOURCE_DATE_EPOCH `{}` is not a number of seconds",
                    v.to_string_lossy()
                )
            })?;
        let at = jiff::Timestamp::from_second(secs)
            .with_context(|| format!("SOURCE_DATE_EPOCH {secs} is out of range"))?;
        return Ok(Some(at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()));
    }
    Ok(timestamp.then(crate::today))
}

pub(crate) fn write_pdf(doc: &pdf::Document, p: &PdfArgs) -> Result<()> {
    let rendered = pdf::render(doc, paper(p.paper)).context("laying out the PDF")?;
    for w in &rendered.warnings {
        eprintln!("warning: {w}");
    }
    write_atomic(&p.pdf, &rendered.bytes, p.force)?;
    eprintln!("wrote {} ({} page(s))", p.pdf.display(), rendered.pages);
    Ok(())
}

/// Refuses to write an edit that would leave the application unreadable.
pub(crate) fn check_still_valid(file: &Path, text: &str) -> Result<()> {
    let src = SourceFile::new(file, text);
    load::parse(&src).map(|_| ()).map_err(|e| {
        anyhow!("the edited file would not be a valid application, so it was not written:\n{e}")
    })
}

fn import(
    cli: &Cli,
    workbook: &Path,
    into: &Path,
    eval: &CcrEval,
    style: Style,
) -> Result<Outcome> {
    let imported = match qcp::ccr_xlsx::import_ccr(workbook) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}{e}", crate::style_error(style));
            return Ok(Outcome::Unusable);
        }
    };
    for w in &imported.warnings {
        eprintln!("warning: {}", qcp::termsafe::escape(&w.to_string()));
    }
    let Some(l) = load_all(cli, into, eval, Format::Human, style)? else {
        return Ok(Outcome::Unusable);
    };
    let new = match ccr::import::apply(&l.src.text, &imported) {
        Ok(t) => t,
        Err(e @ ccr::import::ImportWriteError::BadId { .. }) => {
            eprintln!("{}{}: {e}", crate::style_error(style), workbook.display());
            return Ok(Outcome::Unusable);
        }
        Err(e) => return Err(anyhow!("cannot write into {}: {e}", into.display())),
    };
    check_still_valid(into, &new)?;
    write_atomic(into, new.as_bytes(), true)?;
    eprintln!(
        "imported {} assessment row(s) and {} issue(s) from {} into {}",
        imported.assessments.len(),
        imported.issues.len(),
        workbook.display(),
        into.display()
    );
    // Check what was written, citing the workbook cell a finding came from.
    let src = SourceFile::new(into, new);
    let app = load::parse(&src).map_err(|e| anyhow!("{e}"))?;
    let mut s = ccr::summary(&src, &app, &l.rules, &l.catalog, &l.cal, l.as_of)?;
    let mut cells: HashMap<String, String> = HashMap::new();
    for (i, r) in imported.issues.iter().enumerate() {
        cells.insert(
            format!("ccr.issues[{i}].standard"),
            r.standard.cell.to_string(),
        );
        cells.insert(format!("ccr.issues[{i}].id"), r.id.cell.to_string());
    }
    for (i, r) in imported.assessments.iter().enumerate() {
        cells.insert(format!("ccr.assessments[{i}].id"), r.id.cell.to_string());
        if let Some(a) = &r.assessment {
            cells.insert(
                format!("ccr.assessments[{i}].assessment"),
                a.cell.to_string(),
            );
        }
    }
    for f in &mut s.findings {
        if let Some(c) = cells.get(&f.path) {
            f.message.push_str(&format!(" (workbook cell {c})"));
        }
    }
    if !s.findings.is_empty() {
        out(&render::findings(&s.findings, &s.file, Some(&src), style))?;
    }
    Ok(outcome(&s, None))
}

pub(crate) fn run_application(
    cli: &Cli,
    cmd: &ApplicationCommand,
    style: Style,
) -> Result<Outcome> {
    let ApplicationCommand::Render { file, pdf: p, eval } = cmd;
    let Some(l) = load_all(cli, file, eval, Format::Human, style)? else {
        return Ok(Outcome::Unusable);
    };
    let elig = qcp::report::eligibility(&l.src, &l.app, &l.rules, l.as_of);
    let s = match &l.app.ccr {
        Some(_) => Some(summary_of(&l)?),
        None => None,
    };
    let generated = generated_date(p.timestamp)?;
    let Some(schedule) = crate::application::load_schedule(cli, Format::Human, style) else {
        return Ok(Outcome::Unusable);
    };
    let Some(loaded) = crate::data::load(cli, Format::Human, style)? else {
        return Ok(Outcome::Unusable);
    };
    let (states, ev) = crate::data::check(&loaded, &l.src, file, &l.app, l.as_of)?;
    let findings = ev.findings;
    let extra =
        qcp::render::app_sections::all(&l.app, &l.rules, &l.catalog, &schedule, &states, &findings);
    let doc = qcp::render::report_pdf::application_document(
        &l.app,
        &elig,
        extra,
        s.as_ref().map(|s| (s, &l.catalog)),
        &findings,
        generated,
    );
    write_pdf(&doc, p)?;
    Ok(Outcome::Clean)
}
