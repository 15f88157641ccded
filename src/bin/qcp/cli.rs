//! The command line, declared once: clap derives parsing, help, completions and the man page
//! from these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Prepare, check and track a QOPI Certification Program application offline.
#[derive(Debug, Parser)]
#[command(name = "qcp", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 no error-level findings; 1 error-level findings; 2 unusable input or usage error.\n\
Rule data: the default edition is embedded; --rules FILE loads another (see `qcp rules show`)."
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Rule edition to use instead of the embedded default (TOML, see standards/).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
    /// Colour: auto (only on a terminal, honouring NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub(crate) enum Format {
    /// Tables and rustc-style findings for people.
    #[default]
    Human,
    /// The report as JSON (shape: docs/report-format.md).
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct Eval {
    /// Evaluate as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Treat warnings as errors for the exit status (`--deny warnings`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) deny: Option<Deny>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum Deny {
    Warnings,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write a commented starter application file.
    Init {
        /// The file to create.
        file: PathBuf,
        /// The practice's name.
        #[arg(long)]
        practice: String,
        /// The practice's country (ISO 3166-1 alpha-2, e.g. US).
        #[arg(long)]
        country: String,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check that application files are readable, complete and consistent.
    Validate {
        /// Application files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        eval: Eval,
    },
    /// Eligibility to apply (score, charts, round validity, attestations, webinar).
    #[command(subcommand)]
    Eligibility(EligibilityCommand),
    /// Explain a finding code: what it checks, why, and how to fix it.
    Explain {
        /// The code, e.g. score-below-threshold.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// List every code.
        #[arg(long)]
        all: bool,
        /// With --all: the Markdown page (docs/findings.md).
        #[arg(long, requires = "all")]
        markdown: bool,
    },
    /// The rule edition in force.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// The Certification Compliance Report: import, summary, action plan, PDF.
    #[command(subcommand)]
    Ccr(crate::ccr::CcrCommand),
    /// The whole application as a document.
    #[command(subcommand)]
    Application(crate::ccr::ApplicationCommand),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EligibilityCommand {
    /// Can the practice apply as of a date, and if not, why?
    Check {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        eval: Eval,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Show the edition's figures: threshold, chart table, round calendar.
    Show {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}
