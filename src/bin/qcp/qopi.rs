//! `qcp qopi check` and `qcp qopi plan`: the `qopi` family of `qcp check` for one file, and
//! what a round asks of the practice.

use anyhow::{Result, anyhow};
use qcp::checklist::DocStates;
use qcp::checks::Selection;
use qcp::render::{self, Style};

use crate::cli::{Cli, Format, QopiCommand};
use crate::{Outcome, as_of, emit, load_app, out, outcome_of};

pub(crate) fn run(cli: &Cli, c: &QopiCommand, style: Style) -> Result<Outcome> {
    let (file, eval, round) = match c {
        QopiCommand::Check { file, eval } => (file, eval, None),
        QopiCommand::Plan { file, round, eval } => (file, eval, Some(round)),
    };
    let Some(loaded) = crate::data::load(cli, eval.format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let day = as_of(eval)?;
    let (src, app) = match load_app(file) {
        Ok(x) => x,
        Err((src, e)) => {
            emit(Err(&e), src.as_ref(), eval.format, style)?;
            return Ok(Outcome::Unusable);
        }
    };
    // The qopi family of the registry: what `qcp check` finds for the same file.
    let findings = qcp::checks::evaluate(
        &app,
        loaded.data(),
        &DocStates::default(),
        day,
        Selection::QOPI,
    )
    .findings;
    match round {
        None => {
            let r = qcp::report::qopi(&src, &app, &loaded.rules, day, findings);
            emit(Ok(&r), Some(&src), eval.format, style)?;
            Ok(outcome_of(&r, eval.deny))
        }
        Some(round) => {
            let r = qcp::report::qopi_plan(&src, &app, &loaded.rules, day, round, findings)
                .map_err(|e| anyhow!(e))?;
            match eval.format {
                Format::Human => out(&render::qopi_plan(&r, Some(&src), style))?,
                Format::Json => out(&render::json(&r)?)?,
            }
            Ok(outcome_of(&r.report, eval.deny))
        }
    }
}
