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
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub(crate) rules: Option<PathBuf>,
    /// Standards catalog to use instead of the embedded one (TOML, see standards/).
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub(crate) standards: Option<PathBuf>,
    /// Fee schedule to use instead of the embedded default (TOML, see standards/fees-*.toml).
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub(crate) schedule: Option<PathBuf>,
    /// Business-day calendar (TOML) instead of the one the rule edition names.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub(crate) calendar: Option<PathBuf>,
    /// Colour: auto (only on a terminal, honouring NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Global options")]
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
    /// Evaluate as of this date (YYYY-MM-DD) instead of today (default: $QCP_AS_OF, else today).
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
    /// The questionnaire: completeness per section, agreements and practice records.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// The certification fee: estimate, invoice request, payment modes.
    #[command(subcommand)]
    Fee(FeeCommand),
    /// Survey scheduling: check the date options, or suggest valid ones.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// QOPI registration and participation: check the qopi section, or plan a round.
    #[command(subcommand)]
    Qopi(QopiCommand),
    /// Every milestone: state, % complete, dates; next actions; what is late.
    Status {
        /// The application file.
        file: PathBuf,
        /// Milestone vocabulary: the 13 current milestones or the 2019 portal's seven steps.
        #[arg(long, value_enum, default_value_t = StepsArg::Current)]
        steps: StepsArg,
        #[command(flatten)]
        eval: Eval,
    },
    /// Every upcoming due date, optionally as an iCalendar file.
    Deadlines {
        /// The application file.
        file: PathBuf,
        /// Also write the deadlines as all-day events to this .ics file (atomically).
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        /// Replace the --ics file if it exists (every output qcp writes refuses otherwise).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        eval: Eval,
    },
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
    /// The standards catalog: domains, standards, elements and the evidence each expects.
    #[command(subcommand)]
    Standards(StandardsCommand),
    /// Pre-survey documents per element (or post-survey resolutions per CCR issue).
    Checklist {
        /// The application file.
        file: PathBuf,
        /// Show the post-survey resolutions per CCR issue.
        #[arg(long)]
        post_survey: bool,
        #[command(flatten)]
        eval: Eval,
    },
    /// Every check qcp has, over application files or a folder with their documents: one
    /// report, one verdict (the command for CI and pre-commit).
    Check(CheckArgs),
    /// Every practice of a folder in one view: stage, next deadline, blockers, readiness,
    /// certification expiry; optionally one HTML page and one merged calendar.
    Portfolio(crate::portfolio::PortfolioArgs),
    /// `qcp bundle check`: the earlier name of `qcp check`.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Print the JSON Schema (draft 2020-12) of the application file format, or with
    /// `--report COMMAND` of that command's JSON report (docs/schemas/).
    Schema {
        /// The command whose JSON report to describe (check, validate, eligibility,
        /// questionnaire, fee, fee-what-if, survey, status, deadlines, checklist, ccr-summary,
        /// qopi, qopi-plan, portfolio, readiness, readiness-compare, error).
        #[arg(long, value_name = "COMMAND")]
        report: Option<String>,
    },
    /// The Certification Compliance Report: import, summary, action plan, PDF.
    #[command(subcommand)]
    Ccr(crate::ccr::CcrCommand),
    /// The whole application as a document.
    #[command(subcommand)]
    Application(crate::ccr::ApplicationCommand),
    /// The practice's own mock survey: readiness per domain, would-be CCR issues, evidence,
    /// actions; `import` reads the workbook back, `compare` sets it beside the CCR.
    Readiness(crate::readiness::ReadinessArgs),
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

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum StepsArg {
    /// The 13 milestones of the current portal.
    Current,
    /// The seven steps of the 2019 portal.
    Legacy,
}

#[derive(Debug, Subcommand)]
pub(crate) enum QopiCommand {
    /// Can the practice take part in the next round, and is its registration complete?
    Check {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        eval: Eval,
    },
    /// What a round asks of the practice: charts, abstraction hours, registration deadline,
    /// data collection dates and the expected report.
    Plan {
        /// The application file.
        file: PathBuf,
        /// The round id, e.g. QOPI-2027-R1.
        #[arg(long, value_name = "ID")]
        round: String,
        #[command(flatten)]
        eval: Eval,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum SurveyCommand {
    /// Are the survey date options acceptable? Which one fails which rule?
    Check {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        eval: Eval,
    },
    /// Propose survey dates that satisfy every rule, earliest first.
    Suggest {
        /// The application file.
        file: PathBuf,
        /// How many dates (default: enough to reach the edition's minimum number of options).
        #[arg(long, value_name = "N")]
        count: Option<usize>,
        /// Add the proposals to the file's survey options, keeping its comments.
        #[arg(long)]
        write: bool,
        #[command(flatten)]
        eval: Eval,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum QuestionnaireCommand {
    /// Per section: % complete, every missing item by path, inconsistencies; agreements and
    /// contacts/requests too.
    Check {
        /// The application file.
        file: PathBuf,
        #[command(flatten)]
        eval: Eval,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum FeeCommand {
    /// Estimate the certification fee from a file, or a what-if from --fte and --sites.
    #[command(
        override_usage = "qcp fee estimate <FILE> [--write] [OPTIONS]\n       qcp fee estimate --fte <FTE> --sites <N> [--yes <QUESTION>]... [OPTIONS]"
    )]
    Estimate {
        /// The application file (omit for a what-if with --fte and --sites).
        #[arg(required_unless_present = "fte", conflicts_with_all = ["fte", "sites"])]
        file: Option<PathBuf>,
        /// What-if: the practice's FTE (e.g. 62 or 49.99).
        #[arg(
            long,
            requires = "sites",
            allow_hyphen_values = true,
            value_name = "FTE"
        )]
        fte: Option<String>,
        /// What-if: number of sites administering chemotherapy.
        #[arg(long, requires = "fte", allow_hyphen_values = true, value_name = "N")]
        sites: Option<String>,
        /// What-if: a supplemental-cost question answered yes (repeatable).
        #[arg(long = "yes", value_name = "QUESTION", requires = "fte")]
        yes: Vec<String>,
        /// Record the estimate in the file's `payment.estimate` (comments are kept).
        #[arg(long, requires = "file")]
        write: bool,
        #[command(flatten)]
        eval: Eval,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum StandardsCommand {
    /// List the catalog's standards and elements.
    List {
        /// Only this domain (1-4).
        #[arg(long)]
        domain: Option<u16>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Show one standard or element.
    Show {
        /// The id, e.g. 1.1.2.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum BundleFormat {
    /// rustc-style findings with snippets.
    Human,
    /// One JSON document (docs/bundle-check.md).
    Json,
    /// JUnit XML: a test case per application and check family.
    Junit,
    /// SARIF 2.1.0 for code-scanning annotations.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BundleCommand {
    /// The same as `qcp check`: every check, over a folder or the listed files.
    Check(CheckArgs),
}

/// What `qcp check` (and its alias `qcp bundle check`) takes.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Application files, or one folder of applications and their documents.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Evaluate as of this date (YYYY-MM-DD) instead of today (default: $QCP_AS_OF, else today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BundleFormat::Human)]
    pub(crate) format: BundleFormat,
    /// Treat warnings as errors for the exit status.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) deny: Option<Deny>,
    /// Suppressions file (default: qcp-suppressions.toml at the folder's root, if present).
    #[arg(long, value_name = "FILE")]
    pub(crate) suppressions: Option<PathBuf>,
    /// Root that document paths must stay inside when files are listed (default: the current
    /// directory).
    #[arg(long, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,
    /// Worker threads.
    #[arg(long, default_value_t = 2)]
    pub(crate) threads: usize,
    /// Keep document scans (type, extraction, PHI screen: kinds and places, never values) in
    /// this folder, keyed by content and by the qcp, rules and PHI-screen versions, so an
    /// unchanged document is not read again (created when missing).
    #[arg(long, value_name = "DIR")]
    pub(crate) cache: Option<PathBuf>,
}
