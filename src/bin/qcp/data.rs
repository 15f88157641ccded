//! The data in force for a run, loaded one way for every command: the rule edition
//! (`--rules`), the fee schedule (`--schedule`), the standards catalog (`--standards`) and the
//! business-day calendar (`--calendar`, else the one the edition names).

use anyhow::{Context as _, Result};
use qcp::RuleEdition;
use qcp::calendar::HolidayCalendar;
use qcp::catalog::Catalog;
use qcp::checks::Data;
use qcp::fees::FeeSchedule;
use qcp::render::Style;

use crate::cli::{Cli, Format};

/// Rules, fees, catalog and calendar, owned.
pub(crate) struct Loaded {
    pub(crate) rules: RuleEdition,
    pub(crate) fees: FeeSchedule,
    pub(crate) catalog: Catalog,
    pub(crate) calendar: HolidayCalendar,
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
    Ok(Some(Loaded {
        rules,
        fees,
        catalog,
        calendar,
    }))
}
