//! `qcp questionnaire check` and `qcp fee estimate`: load the file, the rule edition and the fee
//! schedule, call the library, print, and (with `--write`) record the estimate in the file's
//! payment section through `qcp::yaml_edit`, atomically, keeping every comment.

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, FeeCommand, Format, QuestionnaireCommand};
use crate::{Outcome, as_of, emit, emit_input, load_app, load_rules, out, outcome_of};
use qcp::fees::{self, EstimateInput, FeeSchedule};
use qcp::model::{Answer, load};
use qcp::render::{self, Style};
use qcp::units::{Dec2, Fte};

/// Loads the fee schedule (`--schedule FILE` or the embedded default); on a bad schedule prints
/// the located problems and returns `None`.
pub(crate) fn load_schedule(cli: &Cli, format: Format, style: Style) -> Option<FeeSchedule> {
    let (result, src) = match &cli.global.schedule {
        None => (FeeSchedule::embedded(), None),
        Some(p) => match load::read_source(p, load::MAX_DATA_BYTES) {
            Err(e) => (Err(e), None),
            Ok(s) => (FeeSchedule::from_toml(p, &s.text), Some(s)),
        },
    };
    match result {
        Ok(s) => Some(s),
        Err(e) => {
            emit_input(&e, src.as_ref(), format, style);
            None
        }
    }
}

pub(crate) fn questionnaire(cli: &Cli, c: &QuestionnaireCommand, style: Style) -> Result<Outcome> {
    let QuestionnaireCommand::Check { file, eval } = c;
    let Some(rules) = load_rules(cli, eval.format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let Some(schedule) = load_schedule(cli, eval.format, style) else {
        return Ok(Outcome::Unusable);
    };
    let as_of = as_of(eval)?;
    match load_app(file) {
        Ok((src, app)) => {
            let r = qcp::report::questionnaire(&src, &app, &rules, &schedule, as_of);
            emit(Ok(&r), Some(&src), eval.format, style)?;
            Ok(outcome_of(&r, eval.deny))
        }
        Err((src, e)) => {
            emit(Err(&e), src.as_ref(), eval.format, style)?;
            Ok(Outcome::Unusable)
        }
    }
}

pub(crate) fn fee(cli: &Cli, c: &FeeCommand, style: Style) -> Result<Outcome> {
    let FeeCommand::Estimate {
        file,
        fte,
        sites,
        yes,
        write,
        eval,
    } = c;
    let Some(schedule) = load_schedule(cli, eval.format, style) else {
        return Ok(Outcome::Unusable);
    };
    let Some(file) = file else {
        return what_if(
            &schedule,
            fte.as_deref().unwrap_or_default(),
            sites.as_deref().unwrap_or_default(),
            yes,
            eval.format,
        );
    };
    let Some(rules) = load_rules(cli, eval.format, style)? else {
        return Ok(Outcome::Unusable);
    };
    let as_of = as_of(eval)?;
    let (src, app) = match load_app(file) {
        Ok(x) => x,
        Err((src, e)) => {
            emit(Err(&e), src.as_ref(), eval.format, style)?;
            return Ok(Outcome::Unusable);
        }
    };
    let r = qcp::report::fee(&src, &app, &rules, &schedule, as_of);
    emit(Ok(&r), Some(&src), eval.format, style)?;
    if *write {
        let Some(est) = r.fee.as_ref().and_then(|f| f.estimate.as_ref()) else {
            bail!(
                "no estimate to write into {}: fix the findings above first",
                file.display()
            );
        };
        let edited =
            qcp::yaml_edit::set_value(&src.text, &["payment", "estimate"], &est.record(as_of))
                .with_context(|| format!("cannot record the estimate in {}", file.display()))?;
        // The edited file must still be a valid application before it replaces the original.
        let check = qcp::source::SourceFile::new(file, edited.as_str());
        load::parse(&check).map_err(|e| {
            anyhow::anyhow!(
                "the edited file would not load ({e}); {} was left unchanged",
                file.display()
            )
        })?;
        crate::io::write_atomic(file, edited.as_bytes(), true)?;
        eprintln!(
            "recorded the estimate in {} (payment.estimate); comments and other keys are unchanged",
            file.display()
        );
    }
    Ok(outcome_of(&r, eval.deny))
}

/// A what-if estimate from figures alone. Bad figures are usage errors (exit status 2).
fn what_if(
    schedule: &FeeSchedule,
    fte: &str,
    sites: &str,
    yes: &[String],
    format: Format,
) -> Result<Outcome> {
    let fte_dec =
        Dec2::parse(fte).map_err(|p| anyhow::anyhow!("--fte: {} ({})", p.message, p.hint))?;
    let sites: u32 = sites.trim().parse().map_err(|_| {
        anyhow::anyhow!("--sites: `{sites}` is not a whole number of sites (write e.g. 4)")
    })?;
    let fte = Fte::from_dec(fte_dec);
    schedule
        .check_input(fte, sites)
        .map_err(|m| anyhow::anyhow!("--fte/--sites: {m}"))?;
    let ids: Vec<&str> = schedule.supplements.iter().map(|s| s.id.as_str()).collect();
    for y in yes {
        if !ids.contains(&y.as_str()) {
            bail!(
                "--yes: `{y}` is not a supplemental question of schedule {} (questions: {})",
                schedule.schedule.id,
                ids.join(", ")
            );
        }
    }
    let input = EstimateInput {
        fte,
        sites,
        supplemental: yes.iter().map(|y| (y.clone(), Answer::Yes)).collect(),
    };
    let est = fees::estimate(&input, schedule)?;
    match format {
        Format::Human => out(&est.render())?,
        Format::Json => {
            let v = serde_json::json!({
                "schema": qcp::schemas::id("fee-what-if"),
                "command": "fee",
                "what_if": true,
                "estimate": est,
            });
            out(&render::json(&v)?)?;
        }
    }
    Ok(Outcome::Clean)
}
