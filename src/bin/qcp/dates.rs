//! `qcp survey check|suggest`, `qcp status`, `qcp deadlines`: load the file, the rule edition
//! and its business-day calendar, call the library, print, write (`--write`, `--ics`) atomically.

use std::path::Path;

use anyhow::{Context, Result};
use qcp::calendar::HolidayCalendar;
use qcp::render::{self, Style};
use qcp::status::{self, Steps};
use qcp::{RuleEdition, Severity};

use crate::cli::{Cli, Deny, Eval, Format, StepsArg, SurveyCommand};
use crate::{Outcome, as_of, emit, load_app, load_rules, out};

/// The calendar: `--calendar FILE`, else the edition's `deadlines.calendar` (embedded id, or a
/// file relative to the rules file).
pub(crate) fn load_calendar(cli: &Cli, rules: &RuleEdition) -> Result<HolidayCalendar> {
    let path = if let Some(p) = &cli.global.calendar {
        p.clone()
    } else {
        let dr = status::rules_of(rules)?;
        if let Some(c) = status::embedded_calendar(&dr.calendar) {
            return c.context("the embedded calendar");
        }
        let base = cli
            .global
            .rules
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        base.join(&dr.calendar)
    };
    let text = qcp::fsio::read_text_bounded(&path, qcp::model::load::MAX_DATA_BYTES)
        .with_context(|| format!("cannot read the calendar {}", path.display()))?;
    HolidayCalendar::from_toml(&text).with_context(|| format!("in {}", path.display()))
}

/// The milestones and deadlines `qcp check` derives for the same file (one evaluation, so
/// status, deadlines and check cannot disagree); `None` when a data file was unusable.
fn evaluation(
    cli: &Cli,
    src: &qcp::source::SourceFile,
    file: &Path,
    app: &qcp::model::Application,
    day: qcp::units::Date,
    eval: &Eval,
    style: Style,
) -> Result<Option<status::Evaluation>> {
    let Some(loaded) = crate::data::load(cli, eval.format, style)? else {
        return Ok(None);
    };
    let (_, ev) = crate::data::check(&loaded, src, file, app, day)?;
    let Some(status) = ev.derived.status else {
        // The edition lacks [deadlines], or a CCR date leaves the calendar's range.
        status::rules_of(&loaded.rules)?;
        anyhow::bail!(
            "a CCR deadline of this file falls outside the business-day calendar's range"
        );
    };
    Ok(Some(status))
}

fn exit_for(worst: Option<Severity>, deny: Option<Deny>) -> Outcome {
    crate::outcome_for(worst, deny)
}

type Loaded = (
    RuleEdition,
    HolidayCalendar,
    qcp::source::SourceFile,
    qcp::model::Application,
);

/// Loads everything a dated command needs; `None` when the input was unusable (already printed).
fn load_all(cli: &Cli, file: &Path, eval: &Eval, style: Style) -> Result<Option<Loaded>> {
    let Some(rules) = load_rules(cli, eval.format, style)? else {
        return Ok(None);
    };
    let cal = load_calendar(cli, &rules)?;
    match load_app(file) {
        Ok((src, app)) => Ok(Some((rules, cal, src, app))),
        Err((src, e)) => {
            emit(Err(&e), src.as_ref(), eval.format, style)?;
            Ok(None)
        }
    }
}

pub(crate) fn survey(cli: &Cli, cmd: &SurveyCommand, style: Style) -> Result<Outcome> {
    match cmd {
        SurveyCommand::Check { file, eval } => {
            let Some((rules, cal, src, app)) = load_all(cli, file, eval, style)? else {
                return Ok(Outcome::Unusable);
            };
            let day = as_of(eval)?;
            let r = qcp::report::survey(&src, &app, &rules, &cal, day)?;
            match eval.format {
                Format::Human => out(&qcp::render::survey(&r, Some(&src), style))?,
                Format::Json => out(&render::json(&r)?)?,
            }
            Ok(exit_for(r.report.worst(), eval.deny))
        }
        SurveyCommand::Suggest {
            file,
            count,
            write,
            eval,
        } => {
            let Some((rules, cal, src, app)) = load_all(cli, file, eval, style)? else {
                return Ok(Outcome::Unusable);
            };
            let day = as_of(eval)?;
            let p = qcp::survey::suggest(&app, &rules, &cal, day, *count)?;
            match eval.format {
                Format::Json => out(&render::json(&p)?)?,
                Format::Human => {
                    let mut s = format!(
                        "{} — {} (rules {}, calendar {}, as of {day})\n",
                        app.practice.name,
                        src.display_path(),
                        rules.edition.id,
                        cal.id()
                    );
                    for (i, g) in p.suggestions.iter().enumerate() {
                        s.push_str(&format!("{:>2}. {}  {}\n", i + 1, g.date, g.reason));
                    }
                    if p.suggestions.is_empty() {
                        s.push_str("no date satisfies every rule in the window\n");
                    }
                    if !p.blockers.is_empty() {
                        let mut b = p.blockers.clone();
                        qcp::finding::locate_all(&mut b, &src);
                        s.push('\n');
                        s.push_str(&render::findings(
                            &b,
                            &src.display_path(),
                            Some(&src),
                            style,
                        ));
                    }
                    out(&s)?;
                }
            }
            if *write && !p.suggestions.is_empty() {
                let existing = app
                    .survey
                    .as_ref()
                    .map(|s| s.options.as_slice())
                    .unwrap_or_default();
                let fragment =
                    qcp::survey::options_yaml(&src.text, existing, &p.replaces, &p.suggestions);
                let text = qcp::yaml_edit::set(&src.text, &["survey", "options"], &fragment)
                    .with_context(|| format!("cannot add the dates to {}", file.display()))?;
                crate::io::write_atomic(file, text.as_bytes(), true)?;
                eprintln!(
                    "added {} date option(s) to {} and removed {} failing one(s); next: qcp survey check {}",
                    p.suggestions.len(),
                    file.display(),
                    p.replaces.len(),
                    file.display()
                );
            }
            let worst = qcp::finding::worst(&p.blockers);
            Ok(if p.suggestions.is_empty() {
                Outcome::Findings
            } else {
                exit_for(worst, eval.deny)
            })
        }
    }
}

pub(crate) fn status(
    cli: &Cli,
    file: &Path,
    steps: StepsArg,
    eval: &Eval,
    style: Style,
) -> Result<Outcome> {
    let Some((rules, cal, src, app)) = load_all(cli, file, eval, style)? else {
        return Ok(Outcome::Unusable);
    };
    let day = as_of(eval)?;
    let steps = match steps {
        StepsArg::Current => Steps::Current,
        StepsArg::Legacy => Steps::Legacy,
    };
    let Some(ev) = evaluation(cli, &src, file, &app, day, eval, style)? else {
        return Ok(Outcome::Unusable);
    };
    let r = qcp::report::status_from("status", &src, &app, &rules, &cal, day, steps, ev);
    match eval.format {
        Format::Human => out(&qcp::render::status(&r, Some(&src), style))?,
        Format::Json => out(&render::json(&r)?)?,
    }
    Ok(exit_for(r.worst(), eval.deny))
}

pub(crate) fn deadlines(
    cli: &Cli,
    file: &Path,
    ics: Option<&Path>,
    force: bool,
    eval: &Eval,
    style: Style,
) -> Result<Outcome> {
    let Some((rules, cal, src, app)) = load_all(cli, file, eval, style)? else {
        return Ok(Outcome::Unusable);
    };
    let day = as_of(eval)?;
    let Some(ev) = evaluation(cli, &src, file, &app, day, eval, style)? else {
        return Ok(Outcome::Unusable);
    };
    let r = qcp::report::status_from(
        "deadlines",
        &src,
        &app,
        &rules,
        &cal,
        day,
        Steps::Current,
        ev,
    );
    if let Some(path) = ics {
        let events = qcp::render::ics_events(&r, &app);
        let prodid = concat!("-//qcp//qcp ", env!("CARGO_PKG_VERSION"), "//EN");
        let text = qcp::ics::write_calendar(
            prodid,
            &format!("QCP deadlines — {}", app.practice.name),
            jiff::Timestamp::now(),
            &events,
        )?;
        crate::io::write_atomic(path, text.as_bytes(), force)?;
        eprintln!("wrote {} event(s) to {}", events.len(), path.display());
    }
    match eval.format {
        Format::Human => out(&qcp::render::status(&r, Some(&src), style))?,
        Format::Json => out(&render::json(&r)?)?,
    }
    Ok(exit_for(r.worst(), eval.deny))
}
