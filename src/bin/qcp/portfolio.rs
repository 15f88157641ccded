//! `qcp portfolio DIR|FILES...`: runs `qcp check` over a consultant's folder (the library's
//! bundle checker, so blockers are `qcp check`'s findings), builds one row per practice with the
//! library, prints the table or JSON, and writes the `--html` page and the merged `--ics`
//! calendar atomically (refusing to replace a file without `--force`).
//!
//! Exit status (docs/portfolio.md): 2 when no file could be read as an application; 1 when a
//! practice has an error finding or some file is unusable; 0 otherwise (`--deny warnings`
//! fails on warnings too).

use std::path::PathBuf;

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Args;
use qcp::bundle::{self, Context, Suppressions, suppress};
use qcp::model::load;
use qcp::portfolio::Entry;
use qcp::render::{self, Style};

use crate::cli::{Cli, Eval, Format};
use crate::{Outcome, emit_input, out};

/// What `qcp portfolio` takes.
#[derive(Debug, Args)]
pub(crate) struct PortfolioArgs {
    /// One folder of practice files (searched recursively for *.yaml, *.yml), or files.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Also write one self-contained HTML page (no script, no network) to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) html: Option<PathBuf>,
    /// Also write every practice's deadlines as one iCalendar file.
    #[arg(long, value_name = "FILE")]
    pub(crate) ics: Option<PathBuf>,
    /// Replace the --html and --ics files if they exist.
    #[arg(long)]
    pub(crate) force: bool,
    /// Root that document paths must stay inside when files are listed (default: the current
    /// directory).
    #[arg(long, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,
    /// Worker threads.
    #[arg(long, default_value_t = 2)]
    pub(crate) threads: usize,
    #[command(flatten)]
    pub(crate) eval: Eval,
}

pub(crate) fn run(cli: &Cli, args: &PortfolioArgs, style: Style) -> Result<Outcome> {
    let eval = &args.eval;
    let Some(loaded) = crate::data::load(cli, eval.format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let doc_rules = loaded.rules.documents.clone().ok_or_else(|| {
        anyhow!("the rule edition has no [documents] table (size limit, accepted types); add it or use the embedded edition")
    })?;
    let as_of = crate::as_of_date(eval.as_of.as_deref())?;
    let paths = &args.paths;
    // The same selection as `qcp check`: one folder is a bundle, otherwise the listed files.
    let (root, apps) = if paths.len() == 1 && paths[0].is_dir() {
        let (apps, _) = bundle::discover(&paths[0])
            .with_context(|| format!("cannot read the folder {}", paths[0].display()))?;
        (paths[0].clone(), apps)
    } else {
        for p in paths {
            if p.is_dir() {
                bail!(
                    "{} is a folder: pass one folder of practices, or application files",
                    p.display()
                );
            }
        }
        (
            args.root.clone().unwrap_or_else(|| PathBuf::from(".")),
            paths.clone(),
        )
    };
    if apps.is_empty() {
        bail!(
            "{} holds no application files (*.yaml, *.yml)",
            root.display()
        );
    }
    // `qcp check`'s suppressions file at the folder's root, so blockers are what check reports.
    let sup_path = root.join(suppress::FILE_NAME);
    let sups = if sup_path.is_file() {
        let src = load::read_source(&sup_path, load::MAX_DATA_BYTES);
        match src.and_then(|s| Suppressions::from_toml(&sup_path, &s.text)) {
            Ok(s) => s,
            Err(e) => {
                emit_input(&e, None, eval.format, style);
                return Ok(Outcome::Unusable);
            }
        }
    } else {
        Suppressions::default()
    };
    let ctx = Context::new(
        root.clone(),
        loaded.data(),
        &doc_rules,
        &loaded.phi,
        &loaded.limits,
        as_of,
        &sups,
    )
    .with_context(|| format!("cannot resolve the folder {}", root.display()))?;
    let mut entries = Vec::with_capacity(apps.len());
    bundle::run(&ctx, &apps, args.threads, &mut |r| -> Result<
        (),
        std::convert::Infallible,
    > {
        entries.push(Entry::of(r));
        Ok(())
    })
    .map_err(|e| match e {})?;
    let p = qcp::portfolio::build(&entries, loaded.data(), as_of);

    if let Some(path) = &args.html {
        let page = render::portfolio_html(&p, concat!("qcp ", env!("CARGO_PKG_VERSION")));
        crate::io::write_atomic(path, page.as_bytes(), args.force)?;
        eprintln!(
            "wrote the portfolio page ({} practice(s)) to {}",
            p.summary.practices,
            path.display()
        );
    }
    if let Some(path) = &args.ics {
        let events = render::portfolio_ics(&p, &entries);
        let prodid = concat!("-//qcp//qcp ", env!("CARGO_PKG_VERSION"), "//EN");
        let text = qcp::ics::write_calendar(
            prodid,
            "QCP deadlines — portfolio",
            jiff::Timestamp::now(),
            &events,
        )?;
        crate::io::write_atomic(path, text.as_bytes(), args.force)?;
        eprintln!("wrote {} event(s) to {}", events.len(), path.display());
    }
    match eval.format {
        Format::Human => out(&render::portfolio(&p, style))?,
        Format::Json => out(&render::json(&p)?)?,
    }
    if p.none_read() {
        return Ok(Outcome::Unusable);
    }
    Ok(crate::outcome_for(p.worst(), eval.deny))
}
