//! The `qcp` binary: parse arguments, call one library entry point per command, print, and map
//! the outcome to the exit status (0 clean, 1 error-level findings, 2 unusable input or usage).
//!
//! Only this binary reads the clock (`--as-of` defaults to today), the environment (`NO_COLOR`,
//! `COLUMNS`) and the terminal, and writes files.
#![allow(clippy::disallowed_macros)] // the binary is where printing belongs

mod application;
mod bundle;
mod cache;
mod ccr;
mod checklist;
mod cli;
mod data;
mod dates;
mod init;
mod io;
mod portfolio;
mod qopi;
mod readiness;
mod standards;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, Parser};

use cli::{Cli, ColorChoice, Command, Deny, EligibilityCommand, Eval, Format, RulesCommand};
use qcp::render::{self, Style};
use qcp::{
    InputError, Report, RuleEdition, Severity, model::load, source::SourceFile, units::Date,
};

/// How a command ended, before it becomes an exit status.
pub(crate) enum Outcome {
    Clean,
    Findings,
    Unusable,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let style = style(cli.global.color);
    match run(&cli, style) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Unusable) => ExitCode::from(2),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let mut msg = style_error(style).to_owned();
            msg.push_str(&format!("{e}"));
            for cause in e.chain().skip(1) {
                msg.push_str(&format!(": {cause}"));
            }
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}

fn style_error(style: Style) -> &'static str {
    if style.color {
        "\x1b[1;31merror\x1b[0m: "
    } else {
        "error: "
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(110);
    Style { color, width }
}

pub(crate) fn out(text: &str) -> Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())?;
    o.flush()?;
    Ok(())
}

fn run(cli: &Cli, style: Style) -> Result<Outcome> {
    match &cli.command {
        Command::Init {
            file,
            practice,
            country,
            force,
        } => {
            init::run(file, practice, country, *force)?;
            eprintln!(
                "wrote {}; next: qcp validate {}",
                file.display(),
                file.display()
            );
            Ok(Outcome::Clean)
        }
        Command::Validate { files, eval } => {
            let Some(rules) = load_rules(cli, eval.format, style)? else {
                return Ok(Outcome::Unusable);
            };
            let as_of = as_of(eval)?;
            let mut worst = Outcome::Clean;
            let mut reports = Vec::new();
            for f in files {
                match load_app(f) {
                    Ok((src, app)) => {
                        let r = qcp::report::validate(&src, &app, &rules, as_of);
                        worst = merge(worst, outcome_of(&r, eval.deny));
                        reports.push((Some(src), Ok(r)));
                    }
                    Err((src, e)) => {
                        worst = Outcome::Unusable;
                        reports.push((src, Err(e)));
                    }
                }
            }
            for (src, r) in &reports {
                emit(r.as_ref(), src.as_ref(), eval.format, style)?;
            }
            Ok(worst)
        }
        Command::Eligibility(EligibilityCommand::Check { file, eval }) => {
            let Some(rules) = load_rules(cli, eval.format, style)? else {
                return Ok(Outcome::Unusable);
            };
            let as_of = as_of(eval)?;
            match load_app(file) {
                Ok((src, app)) => {
                    let r = qcp::report::eligibility(&src, &app, &rules, as_of);
                    emit(Ok(&r), Some(&src), eval.format, style)?;
                    Ok(outcome_of(&r, eval.deny))
                }
                Err((src, e)) => {
                    emit(Err(&e), src.as_ref(), eval.format, style)?;
                    Ok(Outcome::Unusable)
                }
            }
        }
        Command::Survey(c) => dates::survey(cli, c, style),
        Command::Qopi(c) => qopi::run(cli, c, style),
        Command::Status { file, steps, eval } => dates::status(cli, file, *steps, eval, style),
        Command::Deadlines {
            file,
            ics,
            force,
            eval,
        } => dates::deadlines(cli, file, ics.as_deref(), *force, eval, style),
        Command::Questionnaire(c) => application::questionnaire(cli, c, style),
        Command::Fee(c) => application::fee(cli, c, style),
        Command::Explain {
            code,
            all,
            markdown,
        } => {
            if *all {
                if *markdown {
                    out(&render::findings_markdown())?;
                } else {
                    let mut s = String::new();
                    for c in qcp::codes::all() {
                        s.push_str(&format!(
                            "{:<34} {:<12} {:<8} {}\n",
                            c.code,
                            c.family.as_str(),
                            c.severity,
                            c.summary
                        ));
                    }
                    out(&s)?;
                }
                return Ok(Outcome::Clean);
            }
            let code = code.as_deref().unwrap_or_default();
            match qcp::codes::lookup(code) {
                Some(info) => {
                    if info.code != code {
                        out(&format!("`{code}` was renamed to `{}`.\n\n", info.code))?;
                    }
                    out(&render::explain(info))?;
                    Ok(Outcome::Clean)
                }
                None => {
                    let all: Vec<&str> = qcp::codes::all().map(|c| c.code).collect();
                    let hint = qcp::rules::closest(code, &all).map_or_else(
                        || "`qcp explain --all` lists every code".to_owned(),
                        |c| format!("did you mean `{c}`?"),
                    );
                    bail!("unknown finding code `{code}` ({hint})")
                }
            }
        }
        Command::Rules(RulesCommand::Show { format }) => {
            let Some(rules) = load_rules(cli, *format, style)? else {
                return Ok(Outcome::Unusable);
            };
            let origin = cli.global.rules.as_ref().map_or_else(
                || format!("embedded default ({})", qcp::rules::DEFAULT_EDITION_FILE),
                |p| p.display().to_string(),
            );
            match format {
                Format::Human => out(&render::rules(&rules, &origin, style))?,
                Format::Json => out(&render::json(&rules)?)?,
            }
            Ok(Outcome::Clean)
        }
        Command::Standards(c) => standards::run(cli, c, style),
        Command::Checklist {
            file,
            post_survey,
            eval,
        } => checklist::run(cli, file, *post_survey, eval, style),
        Command::Check(a) | Command::Bundle(cli::BundleCommand::Check(a)) => {
            bundle::run(cli, a, style)
        }
        Command::Portfolio(a) => portfolio::run(cli, a, style),
        Command::Schema { report: None } => {
            out(&render::json(&qcp::model::schema::application_schema())?)?;
            Ok(Outcome::Clean)
        }
        Command::Schema {
            report: Some(command),
        } => {
            if !qcp::schemas::COMMANDS.iter().any(|(c, _)| c == command) {
                let names: Vec<&str> = qcp::schemas::COMMANDS.iter().map(|(c, _)| *c).collect();
                bail!(
                    "--report: no JSON report is called `{command}` (reports: {})",
                    names.join(", ")
                );
            }
            out(&format!("{:#}\n", qcp::schemas::schema(command)))?;
            Ok(Outcome::Clean)
        }
        Command::Ccr(c) => ccr::run(cli, c, style),
        Command::Application(c) => ccr::run_application(cli, c, style),
        Command::Readiness(a) => readiness::run(cli, a, style),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "qcp", &mut buf);
            out(&String::from_utf8_lossy(&buf))?;
            Ok(Outcome::Clean)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            out(&String::from_utf8_lossy(&buf))?;
            Ok(Outcome::Clean)
        }
    }
}

fn merge(a: Outcome, b: Outcome) -> Outcome {
    let rank = |o: &Outcome| match o {
        Outcome::Clean => 0,
        Outcome::Findings => 1,
        Outcome::Unusable => 2,
    };
    if rank(&b) > rank(&a) { b } else { a }
}

fn outcome_of(r: &Report, deny: Option<Deny>) -> Outcome {
    outcome_for(r.worst(), deny)
}

/// The one mapping from a run's worst finding to its outcome (then its exit status): errors
/// fail, warnings fail only with `--deny warnings`.
pub(crate) fn outcome_for(worst: Option<Severity>, deny: Option<Deny>) -> Outcome {
    match worst {
        Some(Severity::Error) => Outcome::Findings,
        Some(Severity::Warning) if deny == Some(Deny::Warnings) => Outcome::Findings,
        _ => Outcome::Clean,
    }
}

/// Resolves `--as-of` of the evaluation flags.
fn as_of(eval: &Eval) -> Result<Date> {
    as_of_date(eval.as_of.as_deref())
}

/// Resolves an `--as-of` value, default today: the only place qcp reads the clock for it.
pub(crate) fn as_of_date(arg: Option<&str>) -> Result<Date> {
    match arg {
        Some(s) => qcp::units::parse_date(s)
            .map_err(|p| anyhow::anyhow!("--as-of: {} ({})", p.message, p.hint)),
        None => match std::env::var_os("QCP_AS_OF") {
            // A CI job or a pre-commit hook pins the date without editing each command line.
            Some(v) => {
                let v = v.to_string_lossy();
                qcp::units::parse_date(&v)
                    .map_err(|p| anyhow::anyhow!("QCP_AS_OF: {} ({})", p.message, p.hint))
            }
            None => Ok(today()),
        },
    }
}

/// Today's date on this machine's clock (for the `--as-of` default when `QCP_AS_OF` is unset,
/// and for `--timestamp`).
pub(crate) fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Loads the rule edition; on bad rules prints the located problems and returns `None`.
pub(crate) fn load_rules(cli: &Cli, format: Format, style: Style) -> Result<Option<RuleEdition>> {
    let (result, src) = match &cli.global.rules {
        None => (RuleEdition::embedded(), None),
        Some(p) => match load::read_source(p, load::MAX_DATA_BYTES) {
            Err(e) => (Err(e), None),
            Ok(s) => (RuleEdition::from_toml(p, &s.text), Some(s)),
        },
    };
    match result {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            emit_input(&e, src.as_ref(), format, style);
            Ok(None)
        }
    }
}

pub(crate) fn load_app(
    path: &Path,
) -> std::result::Result<(SourceFile, qcp::model::Application), (Option<SourceFile>, InputError)> {
    let src = load::read_source(path, load::MAX_APPLICATION_BYTES).map_err(|e| (None, e))?;
    match load::parse(&src) {
        Ok(app) => Ok((src, app)),
        Err(e) => Err((Some(src), e)),
    }
}

pub(crate) fn emit_input(e: &InputError, src: Option<&SourceFile>, format: Format, style: Style) {
    match format {
        Format::Human => eprint!("{}", render::input_error(e, src, style)),
        Format::Json => {
            let v = serde_json::json!({
                "schema": qcp::schemas::id("error"),
                "file": e.path.display().to_string(),
                "error": { "problems": e.problems },
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
    }
}

fn emit(
    r: std::result::Result<&Report, &InputError>,
    src: Option<&SourceFile>,
    format: Format,
    style: Style,
) -> Result<()> {
    match r {
        Err(e) => {
            emit_input(e, src, format, style);
            Ok(())
        }
        Ok(r) => match format {
            Format::Human => out(&render::human(r, src, style)),
            Format::Json => out(&render::json(r).context("serializing the report")?),
        },
    }
}
