//! The data in force for a run, loaded one way for every command: the rule edition
//! (`--rules`), the fee schedule (`--schedule`), the standards catalog (`--standards`) and the
//! business-day calendar (`--calendar`, else the one the edition names).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};
use qcp::RuleEdition;
use qcp::bundle::{Context, Suppressions};
use qcp::calendar::HolidayCalendar;
use qcp::catalog::Catalog;
use qcp::checklist::DocStates;
use qcp::checks::Data;
use qcp::checks::{Evaluation, Selection};
use qcp::docscan::{ExtractLimits, PhiRules};
use qcp::fees::FeeSchedule;
use qcp::model::Application;
use qcp::render::Style;
use qcp::source::SourceFile;
use qcp::units::Date;

use crate::cli::{Cli, Format};

/// Rules, fees, catalog, calendar and the PHI screen's data, owned.
pub(crate) struct Loaded {
    pub(crate) rules: RuleEdition,
    pub(crate) fees: FeeSchedule,
    pub(crate) catalog: Catalog,
    pub(crate) calendar: HolidayCalendar,
    pub(crate) phi: PhiRules,
    pub(crate) limits: ExtractLimits,
    no_suppressions: Suppressions,
}

impl Loaded {
    /// Borrowed, as the library's checks take them.
    pub(crate) fn data(&self) -> Data<'_> {
        Data {
            rules: &self.rules,
            fees: &self.fees,
            catalog: &self.catalog,
            calendar: &self.calendar,
        }
    }
}

/// Loads every data file; `None` when one was unusable (its located problems already printed).
pub(crate) fn load(cli: &Cli, format: Format, style: Style) -> Result<Option<Loaded>> {
    let Some(rules) = crate::load_rules(cli, format, style)? else {
        return Ok(None);
    };
    let Some(fees) = crate::application::load_schedule(cli, format, style) else {
        return Ok(None);
    };
    let catalog = crate::standards::load(cli)?;
    let calendar = if rules.deadlines.is_some() || cli.global.calendar.is_some() {
        crate::dates::load_calendar(cli, &rules)?
    } else {
        qcp::ccr::embedded_calendar().context("the embedded holiday calendar")?
    };
    let (phi, limits) = qcp::docscan::rules::parse(qcp::docscan::rules::DEFAULT_TOML)
        .map_err(|e| anyhow!("the PHI screen rules: {e}"))?;
    Ok(Some(Loaded {
        rules,
        fees,
        catalog,
        calendar,
        phi,
        limits,
        no_suppressions: Suppressions::default(),
    }))
}

/// The folder document paths of the application at `file` resolve against.
pub(crate) fn app_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A document context for the one application at `file` (its folder is the root documents
/// must stay inside); `None` when the edition has no `[documents]` table.
pub(crate) fn context<'a>(
    loaded: &'a Loaded,
    file: &Path,
    as_of: Date,
) -> Result<Option<Context<'a>>> {
    let Some(doc_rules) = loaded.rules.documents.as_ref() else {
        return Ok(None);
    };
    let ctx = Context::new(
        app_dir(file),
        loaded.data(),
        doc_rules,
        &loaded.phi,
        &loaded.limits,
        as_of,
        &loaded.no_suppressions,
    )
    .with_context(|| format!("cannot resolve the folder of {}", file.display()))?;
    Ok(Some(ctx))
}

/// `qcp check` for the one application at `file`: its findings (located and sorted), what
/// was derived on the way, and the document states they counted.
pub(crate) fn check(
    loaded: &Loaded,
    src: &SourceFile,
    file: &Path,
    app: &Application,
    as_of: Date,
) -> Result<(DocStates, Evaluation)> {
    let (states, mut ev) = match context(loaded, file, as_of)? {
        Some(ctx) => ctx.check(file, app),
        None => {
            let states = DocStates::default();
            let ev = qcp::checks::evaluate(app, loaded.data(), &states, as_of, Selection::All);
            (states, ev)
        }
    };
    qcp::finding::locate_all(&mut ev.findings, src);
    qcp::finding::sort(&mut ev.findings);
    Ok((states, ev))
}
