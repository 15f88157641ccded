//! `qcp bundle check`: reads the terminal and the clock for the library's bundle runner, shows
//! progress on stderr (only on a terminal, only after a second), and streams the chosen format.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use qcp::bundle::{self, Context, Suppressions, suppress};
use qcp::model::load;
use qcp::render::Style;
use qcp::render::bundle::{Format as OutFormat, Meta, Writer};

use crate::cli::{BundleFormat, CheckArgs, Cli, Deny, Format};
use crate::{Outcome, emit_input};

pub(crate) fn run(cli: &Cli, args: &CheckArgs, style: Style) -> Result<Outcome> {
    let CheckArgs {
        paths,
        as_of,
        format,
        deny,
        suppressions,
        root,
        threads,
        cache,
    } = args;
    let simple = if *format == BundleFormat::Json {
        Format::Json
    } else {
        Format::Human
    };
    let Some(loaded) = crate::data::load(cli, simple, style)? else {
        return Ok(Outcome::Unusable);
    };
    let rules = &loaded.rules;
    let catalog = &loaded.catalog;
    let doc_rules = rules.documents.clone().ok_or_else(|| {
        anyhow!("the rule edition has no [documents] table (size limit, accepted types); add it or use the embedded edition")
    })?;
    let as_of = crate::as_of_date(as_of.as_deref())?;
    let (phi, limits) = qcp::docscan::rules::parse(qcp::docscan::rules::DEFAULT_TOML)
        .map_err(|e| anyhow!("the PHI screen rules: {e}"))?;

    // A single folder is a bundle; otherwise the listed files are checked against --root.
    let (root, apps, others) = if paths.len() == 1 && paths[0].is_dir() {
        let (apps, others) = bundle::discover(&paths[0])
            .with_context(|| format!("cannot read the bundle folder {}", paths[0].display()))?;
        (paths[0].clone(), apps, others)
    } else {
        for p in paths {
            if p.is_dir() {
                bail!(
                    "{} is a folder: pass one bundle folder, or application files",
                    p.display()
                );
            }
        }
        (
            root.clone().unwrap_or_else(|| PathBuf::from(".")),
            paths.clone(),
            Vec::new(),
        )
    };
    if apps.is_empty() {
        bail!(
            "{} holds no application files (*.yaml, *.yml)",
            root.display()
        );
    }
    let sup_path = suppressions.clone().or_else(|| {
        let p = root.join(suppress::FILE_NAME);
        p.is_file().then_some(p)
    });
    let sups = match &sup_path {
        None => Suppressions::default(),
        Some(p) => {
            let src = load::read_source(p, load::MAX_DATA_BYTES);
            match src.and_then(|s| Suppressions::from_toml(p, &s.text)) {
                Ok(s) => s,
                Err(e) => {
                    emit_input(&e, None, simple, style);
                    return Ok(Outcome::Unusable);
                }
            }
        }
    };
    let ctx = Context::new(
        root.clone(),
        loaded.data(),
        &doc_rules,
        &phi,
        &limits,
        as_of,
        &sups,
    )
    .with_context(|| format!("cannot resolve the bundle root {}", root.display()))?;
    let store = cache
        .as_deref()
        .map(crate::cache::DiskCache::open)
        .transpose()?;
    // A cache folder inside the bundle holds no documents of it.
    let others = match cache
        .as_deref()
        .map(|c| (std::fs::canonicalize(c), std::fs::canonicalize(&root)))
    {
        Some((Ok(c), Ok(r))) => match c.strip_prefix(&r) {
            Ok(inside) => others
                .into_iter()
                .filter(|p| {
                    !p.strip_prefix(&root)
                        .is_ok_and(|rel| rel.starts_with(inside))
                })
                .collect(),
            Err(_) => others,
        },
        _ => others,
    };
    let identity = bundle::ScanIdentity::new(
        env!("CARGO_PKG_VERSION"),
        &rules.edition.id,
        &doc_rules,
        qcp::docscan::rules::DEFAULT_TOML,
    );
    let ctx = match &store {
        Some(s) => ctx.with_scan_cache(s, &identity, std::time::SystemTime::now()),
        None => ctx,
    };
    let out_format = match format {
        BundleFormat::Human => OutFormat::Human,
        BundleFormat::Json => OutFormat::Json,
        BundleFormat::Junit => OutFormat::Junit,
        BundleFormat::Sarif => OutFormat::Sarif,
        BundleFormat::Github => OutFormat::Github,
    };
    let meta = Meta {
        edition: rules.edition.id.clone(),
        catalog: catalog.edition().id.clone(),
        as_of: as_of.to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        // File names are printed as given, relative to the current directory: SARIF resolves
        // them against it, as GitHub code scanning expects of a checkout.
        base_uri: std::env::current_dir().ok().map(|d| {
            let mut u = format!("file://{}", qcp::sarif::uri_path(&d.to_string_lossy()));
            if !u.ends_with('/') {
                u.push('/');
            }
            u
        }),
    };
    let deny_warnings = *deny == Some(Deny::Warnings);
    let stdout = std::io::stdout().lock();
    let mut w = Writer::new(
        out_format,
        std::io::BufWriter::new(stdout),
        style,
        deny_warnings,
    );
    w.begin(&meta)?;
    let total = apps.len();
    let start = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let mut last = start;
    let mut shown = false;
    let mut done = 0usize;
    let renderer = w.renderer();
    let render = |r: bundle::AppResult| renderer.render(&r);
    bundle::run_with(&ctx, &apps, *threads, &render, &mut |r| -> std::io::Result<
        (),
    > {
        w.write(r)?;
        done += 1;
        if tty {
            let now = Instant::now();
            if now.duration_since(start) > Duration::from_secs(1)
                && now.duration_since(last) > Duration::from_millis(100)
            {
                last = now;
                shown = true;
                eprint!("\rchecked {done}/{total} application(s)");
            }
        }
        Ok(())
    })?;
    if shown {
        eprint!("\r{}\r", " ".repeat(40));
    }
    for r in ctx.finish(&others) {
        w.result(&r)?;
    }
    w.end(&meta, ctx.documents_checked())?;
    let t = w.totals;
    w.into_inner().flush()?;
    if store.is_some() {
        let c = ctx.scan_counts();
        let rejected = if c.rejected > 0 {
            format!(" ({} cache entr(ies) not valid: rebuilt)", c.rejected)
        } else {
            String::new()
        };
        eprintln!(
            "documents screened: {}, from cache: {}{rejected}; document files read: {}",
            c.screened, c.from_cache, c.read
        );
    }
    // The run's table of documents (an entry per document file) is freed by the process's
    // exit rather than entry by entry: at a consultant's scale that is a twentieth of a warm
    // run.
    std::mem::forget(ctx);
    Ok(if t.unusable > 0 {
        Outcome::Unusable
    } else if t.errors > 0 || (deny_warnings && t.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
