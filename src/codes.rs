//! The table of every finding code: one place to read all of qcp's rules.
//!
//! Each code carries its own documentation (what it checks, why, an example, how to fix it and
//! where the rule comes from). `qcp explain CODE` prints an entry and `docs/findings.md` is
//! generated from this table; a test keeps the file in sync. Codes are stable: a renamed code
//! stays in [`REDIRECTS`], a retired one in [`RETIRED`], so old CI suppressions keep working.

use serde::Serialize;

use crate::finding::Severity;

/// Documentation of one finding code.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CodeInfo {
    /// The stable code.
    pub code: &'static str,
    /// The check family (used for grouping, e.g. one JUnit test case per family).
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the finding means.
    pub summary: &'static str,
    /// What is checked and why it matters to the application.
    pub explanation: &'static str,
    /// A YAML fragment (or situation) that triggers it.
    pub example: &'static str,
    /// How to resolve it.
    pub fix: &'static str,
    /// Where the rule comes from (docs/rules.md section and source document).
    pub source: &'static str,
}

/// Families of checks (one JUnit test case per application × family in CI output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// The file could not be read as an application (exit status 2).
    Input,
    /// Consistency of the application file.
    Validate,
    /// Eligibility to apply (docs/rules.md §3).
    Eligibility,
    /// Agreements: BAA, participation agreement, international review (docs/rules.md §2).
    Agreements,
    /// The questionnaire's completeness and consistency (docs/rules.md §2 milestone 4).
    Questionnaire,
    /// Practice records: contacts, users, name-change and transaction requests.
    Records,
    /// Fee estimate and payment (docs/rules.md §4).
    Fees,
    /// Pre- and post-survey documents (docs/rules.md §5).
    Documents,
    /// Bundle checks over folders of applications and documents (CI).
    Bundle,
    /// Protected health information screen of documents.
    Phi,
    /// Survey scheduling (docs/rules.md §6).
    Survey,
    /// Milestones, deadlines and certification term (docs/rules.md §2, §7, §8).
    Status,
    /// The Certification Compliance Report and action plan (docs/rules.md §7).
    Ccr,
    /// QOPI registration and participation, before the application and during the term
    /// (docs/rules.md §1, §8).
    Qopi,
    /// The practice's own mock survey (the `readiness` section, docs/readiness.md).
    Readiness,
}

impl Family {
    /// Whether the family's checks concern QOPI participation, and so run on a file that
    /// records only that (`checks::seeks_certification`): the file's consistency, the status
    /// (QOPI milestones and deadlines), the agreements (the QOPI BAA only), the qopi section and
    /// the document files (none are listed in such a file).
    #[must_use]
    pub fn concerns_qopi_participation(self) -> bool {
        matches!(
            self,
            Family::Input
                | Family::Validate
                | Family::Agreements
                | Family::Bundle
                | Family::Phi
                | Family::Status
                | Family::Qopi
        )
    }

    /// The family's name as written in outputs.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::Validate => "validate",
            Family::Eligibility => "eligibility",
            Family::Agreements => "agreements",
            Family::Questionnaire => "questionnaire",
            Family::Records => "records",
            Family::Fees => "fees",
            Family::Documents => "documents",
            Family::Bundle => "bundle",
            Family::Phi => "phi",
            Family::Survey => "survey",
            Family::Status => "status",
            Family::Ccr => "ccr",
            Family::Qopi => "qopi",
            Family::Readiness => "readiness",
        }
    }
}

/// Renamed codes: `(old, new)`. `qcp explain old` shows the new entry and says it was renamed.
pub const REDIRECTS: &[(&str, &str)] = &[];

/// Retired codes that must never be reused for another meaning.
pub const RETIRED: &[&str] = &[];

/// Every table of codes: the core table below and one per check family, each in its own file
/// under `src/codes/` (`pub(crate) const CODES: &[CodeInfo]`, written with the [`code!`] macro)
/// and listed here, so all rules stay visible from one place and `codes` depends on no check.
const TABLES: &[&[CodeInfo]] = &[
    CORE,
    agreements::CODES,
    questionnaire::CODES,
    records::CODES,
    fees::CODES,
    survey::CODES,
    status::CODES,
    journey::CODES,
    checklist::CODES,
    bundle::CODES,
    ccr::CODES,
    facts::CODES,
    qopi::CODES,
    readiness::CODES,
];

/// Every code, in table order.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    TABLES.iter().flat_map(|t| t.iter())
}

/// Looks a code up, following redirects.
#[must_use]
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    // Every finding looks its code up (severity, family): a map built once, not a scan of the
    // ~180 codes per finding (a file with 240,000 findings spent most of its time here).
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static CodeInfo>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| all().map(|c| (c.code, c)).collect());
    let code = REDIRECTS
        .iter()
        .find(|(old, _)| *old == code)
        .map_or(code, |(_, new)| *new);
    index.get(code).copied()
}

use Family::{Eligibility as Elig, Input, Validate as Val};
use Severity::{Error as E, Info as I, Warning as W};

/// Declares one [`CodeInfo`]; used by every module's code table.
macro_rules! code {
    ($code:literal, $fam:expr, $sev:expr, $summary:literal,
     explain: $expl:literal, example: $ex:literal, fix: $fix:literal, source: $src:literal) => {
        CodeInfo {
            code: $code,
            family: $fam,
            severity: $sev,
            summary: $summary,
            explanation: $expl,
            example: $ex,
            fix: $fix,
            source: $src,
        }
    };
}
#[allow(unused_imports)] // for tables declared outside `src/codes/`
pub(crate) use code;

mod agreements;
mod bundle;
mod ccr;
mod checklist;
mod facts;
mod fees;
mod journey;
mod qopi;
mod questionnaire;
mod readiness;
mod records;
mod status;
mod survey;

/// The core codes: input, validate and eligibility.
pub const CORE: &[CodeInfo] = &[
    // ---------------------------------------------------------------- input (exit status 2)
    code!("file-unreadable", Input, E, "the file cannot be read",
        explain: "qcp could not open or read the path: it does not exist, is a directory, is not readable, or is not UTF-8 text.",
        example: "qcp validate missing.yaml",
        fix: "Check the path; application files are UTF-8 YAML text.",
        source: "qcp input rules (docs/application-format.md)"),
    code!("file-empty", Input, E, "the file is empty",
        explain: "An application needs at least a `practice` section; an empty file (or one with only comments) cannot be checked.",
        example: "# nothing but a comment",
        fix: "Start from `qcp init FILE --practice NAME --country CC`.",
        source: "qcp input rules (docs/application-format.md)"),
    code!("file-too-large", Input, E, "the file is larger than qcp accepts",
        explain: "Application files are a few kilobytes. qcp refuses files above its documented size limit so a wrong path (a database dump, a log) fails fast instead of exhausting memory.",
        example: "a 50 MB file passed as an application",
        fix: "Pass the application YAML, not a data export; split bundles into one file per application.",
        source: "qcp input rules (docs/application-format.md)"),
    code!("file-not-regular", Input, E, "the path is a pipe, socket or device, not a regular file",
        explain: "qcp reads regular files only. A named pipe would make it wait for a writer forever and a device such as /dev/zero never ends, so both are refused by their type before anything is read.",
        example: "qcp validate /dev/zero",
        fix: "Save the content to a regular file and pass that file.",
        source: "qcp input rules (docs/application-format.md, Budgets)"),
    code!("path-outside-bundle", Input, E, "an application file in a bundle is a link to a file outside the bundle",
        explain: "`qcp bundle check DIR` reads only files inside DIR. An application file that is a symbolic link (or sits below a linked folder) resolving outside the bundle is refused before it is read, and its target is never printed, so a bundle from a pull request cannot make qcp read or show other files of the machine.",
        example: "ln -s /etc/passwd bundle/evil.yaml",
        fix: "Replace the link with the application file itself.",
        source: "qcp input rules (docs/bundle-check.md)"),
    code!("yaml-syntax", Input, E, "the file is not valid YAML",
        explain: "The YAML parser stopped at the given line and column: an unclosed bracket or quote, a tab used for indentation, a bad indentation level.",
        example: "sites: [Main, North",
        fix: "Fix the syntax at the reported position; indent with spaces only.",
        source: "YAML 1.2"),
    code!("yaml-too-complex", Input, E, "the YAML expands beyond qcp's limits",
        explain: "Aliases that expand exponentially (a 'billion laughs' file) or nesting deeper than the parser allows are refused rather than expanded.",
        example: "a: &a [x, x]\nb: &b [*a, *a]\n# … repeated",
        fix: "Write the values out; application files never need deep aliasing.",
        source: "qcp input rules (docs/application-format.md)"),
    code!("unknown-key", Input, E, "a key that the application format does not have",
        explain: "Every key is checked against the format so that a misspelt key is not silently ignored (a misspelt `physicans` would otherwise leave the physician list empty).",
        example: "practice:\n  physicans: []",
        fix: "Use the suggested key, or see docs/application-format.md for the keys of that section.",
        source: "docs/application-format.md"),
    code!("duplicate-key", Input, E, "a key appears twice in the same mapping",
        explain: "YAML parsers disagree about a repeated key; most keep the last one silently. In a section keyed by names (`questionnaire.supplemental`, `documents.elements`) a second `distant_sites: yes` under `distant_sites: no` would change the fee without a word, so every repeated key is an error, reported at its second occurrence.",
        example: "supplemental:\n  distant_sites: no\n  distant_sites: yes",
        fix: "Keep one of the two entries.",
        source: "YAML 1.2 §3.2.1.1 (keys are unique); docs/application-format.md"),
    code!("too-many-findings", Input, I, "more findings than qcp lists for one file",
        explain: "qcp lists at most 1,000 findings for one file (100 unknown or duplicate keys) and counts the rest in this one, so a damaged or foreign file cannot flood the output. The summary counts still include every finding, and the exit status reflects the worst of them.",
        example: "a file with 40,000 sites, each missing its questionnaire answers",
        fix: "Fix the problems listed and run qcp again.",
        source: "qcp input rules (docs/DESIGN.md, Budgets)"),
    code!("value-too-long", Input, E, "a single value is longer than qcp reads",
        explain: "qcp reads values up to 32 KiB (an Excel cell holds at most 32,767 characters, so an imported CCR finding always fits). A longer value is refused, and never quoted back, so a damaged file cannot turn into thousands of pages of PDF or megabytes of messages.",
        example: "practice:\n  name: NNNN… (1.9 MB)",
        fix: "Shorten the value; put long texts in a document and reference it from `documents`.",
        source: "qcp input rules (docs/DESIGN.md, Budgets)"),
    code!("missing-key", Input, E, "a required key is missing",
        explain: "Some keys are required once their section is present (a site needs a `name`, a round an `id`).",
        example: "rounds:\n  - overall_score: 86",
        fix: "Add the key named in the message.",
        source: "docs/application-format.md"),
    code!("wrong-type", Input, E, "a value has the wrong type or an unknown choice",
        explain: "A value is not of the type the format expects: text where a number or true/false is needed, a list where a mapping is needed, or a word that is not one of the allowed choices.",
        example: "fte: twelve\nqcp_track: maybe",
        fix: "Write the value in the form the message asks for (numbers as digits; flags as true/false or yes/no; choices as listed).",
        source: "docs/application-format.md"),
    code!("invalid-number", Input, E, "a number cannot be read exactly",
        explain: "Numbers are read exactly as written (no floating point): plain digits with an optional decimal point and at most two decimals. Negative values, exponents and NaN are refused.",
        example: "fte: 1e9\nweekly_hours: -4",
        fix: "Write a plain number such as 12 or 12.5.",
        source: "docs/application-format.md"),
    code!("invalid-percent", Input, E, "a percentage is out of range or ambiguous",
        explain: "Scores are percentages from 0 to 100 with at most two decimals, as on the round's final report. `0.86` is refused because it could mean 0.86 % or 86 %; `120` is not a percentage.",
        example: "overall_score: 120\noverall_score: 0.86",
        fix: "Write the score out of 100: 86 or 86.25 (\"86.25%\" is accepted too).",
        source: "docs/rules.md §3; docs/application-format.md"),
    code!("invalid-date", Input, E, "a date is malformed or does not exist",
        explain: "Dates are civil dates written YYYY-MM-DD and must exist in the calendar (2026-02-30 does not).",
        example: "date: 2026-02-30\ndate: 03/14/2026",
        fix: "Write the date as YYYY-MM-DD.",
        source: "docs/application-format.md"),
    code!("unsupported-format-version", Input, E, "the file declares a format version this qcp does not read",
        explain: "`format_version` tells qcp how to read the file; this version of qcp reads format version 1.",
        example: "format_version: 7",
        fix: "Use format_version: 1, or upgrade qcp.",
        source: "docs/application-format.md"),
    // ---------------------------------------------------------------- validate
    code!("unknown-round", Val, E, "a round id is not in the rule edition's round calendar",
        explain: "Rounds are identified by the ids of the round calendar in the rule edition (`qcp rules show`), which gives their open and close dates; validity and recency are computed from those dates.",
        example: "rounds:\n  - id: QOPI-2026-R3",
        fix: "Use an id listed by `qcp rules show`, or load a rule edition whose calendar has the round (`--rules FILE`).",
        source: "docs/rules.md §3 (round calendar); S0, S4"),
    code!("duplicate-round", Val, E, "the same round is listed twice",
        explain: "Each round's score and charts are reported once; a second entry makes it unclear which figures apply.",
        example: "rounds:\n  - id: QOPI-2026-R1\n  - id: QOPI-2026-R1",
        fix: "Keep one entry per round.",
        source: "docs/rules.md §1"),
    code!("chosen-round-missing", Val, E, "the eligibility form chooses a round that is not in `rounds`",
        explain: "The eligibility form's `round` must name one of the practice's rounds, whose score and charts are then checked.",
        example: "eligibility:\n  round: QOPI-2026-R1   # but rounds lists only QOPI-2025-R2",
        fix: "Add the round to `rounds` with its score and charts, or choose a listed round.",
        source: "docs/rules.md §3; S1 eligibility form"),
    code!("date-order", Val, E, "dates are not in order",
        explain: "Pairs of dates must be ordered: a certification is awarded before it expires; a webinar is attended on or before the eligibility form date.",
        example: "current_certification:\n  awarded: 2027-01-01\n  expires: 2026-01-01",
        fix: "Correct the date that is wrong.",
        source: "docs/rules.md §3, §8"),
    code!("npi-invalid", Val, E, "a physician's NPI is not a valid National Provider Identifier",
        explain: "A US NPI has 10 digits and a Luhn check digit computed over the number prefixed with 80840. Practices outside the US enter 0, as the portal asks.",
        example: "physicians:\n  - name: Ana Ruiz\n    npi: \"1234567890\"",
        fix: "Copy the NPI from the NPPES registry; outside the US write 0.",
        source: "docs/rules.md §1; S1 questionnaire (NPI); CMS NPI check digit"),
    code!("primary-contact-count", Val, E, "the practice does not have exactly one primary contact",
        explain: "The portal allows only one primary contact per practice; program e-mail goes to that person.",
        example: "contacts: [{name: A, primary: true}, {name: B, primary: true}]",
        fix: "Mark exactly one contact `primary: true`.",
        source: "docs/rules.md §1; S1 (contacts)"),
    code!("duplicate-site-name", Val, E, "two sites have the same name",
        explain: "Sites are referred to by name (site-level charts, questionnaire answers), so names must be unique.",
        example: "sites: [{name: Main}, {name: Main}]",
        fix: "Give each site a distinct name (add the town, for example).",
        source: "docs/rules.md §1"),
    code!("fte-not-positive", Val, E, "the FTE figure is zero",
        explain: "FTE (weekly clinical hours of the medical and hematology oncologists ÷ 40) sets the minimum number of unique charts; a practice with 0 FTE cannot be assessed.",
        example: "fte: 0",
        fix: "Enter the practice's FTE, or list clinicians with their weekly clinical hours.",
        source: "docs/rules.md §3; S0, S2"),
    code!("fte-mismatch", Val, E, "`fte` and the clinicians' hours disagree",
        explain: "When both an FTE figure and a clinician list are given, the FTE computed from the hours must equal the figure; otherwise the chart minimum would depend on which one qcp used.",
        example: "fte: 3\nclinicians: [{name: A, weekly_hours: 40}]",
        fix: "Remove one of the two, or correct the figure.",
        source: "docs/rules.md §3"),
    code!("site-charts-unknown-site", Val, E, "site-level charts name a site the practice does not list",
        explain: "With site-level participation each site's unique charts are checked against its own minimum; charts reported for an unknown site cannot be matched.",
        example: "site_charts:\n  - site: Nrth\n    charts: 40",
        fix: "Use the site's name exactly as under practice.sites.",
        source: "docs/rules.md §3 (site-level participation); S0"),
    code!("site-fte-missing", Val, E, "site-level participation needs each site's FTE",
        explain: "With site-level participation the chart minimum is computed per site from that site's FTE.",
        example: "participation: site\nsites:\n  - name: Main   # no fte",
        fix: "Add `fte` (or `clinicians`) to every site.",
        source: "docs/rules.md §3; S0"),
    code!("section-not-checked", Val, I, "a section is recorded but not checked by this command",
        explain: "Sections such as agreements, questionnaire or CCR are checked by their own commands; `qcp validate` says which sections it left to them.",
        example: "ccr: {...}",
        fix: "Nothing to fix; run the command named in the hint (e.g. `qcp status FILE` for timeline).",
        source: "docs/application-format.md"),
    // ---------------------------------------------------------------- eligibility
    code!("eligibility-form-missing", Elig, E, "there is no eligibility form",
        explain: "Eligibility is judged from the eligibility form: the chosen round, the category, the attestations and the webinar.",
        example: "(no `eligibility:` section)",
        fix: "Add an `eligibility:` section (`qcp init` writes a commented one).",
        source: "docs/rules.md §2 milestone 1; S1"),
    code!("score-missing", Elig, E, "the chosen round has no Overall Quality Score",
        explain: "A regular applicant is judged on the final Overall Quality Score of a completed round.",
        example: "rounds:\n  - id: QOPI-2026-R1   # no overall_score",
        fix: "Copy the Overall Quality Score from the round's final report.",
        source: "docs/rules.md §3; S0, S3"),
    code!("score-below-threshold", Elig, E, "the Overall Quality Score is below the threshold",
        explain: "The chosen round's Overall Quality Score must be at least the edition's threshold (75 % by default), compared exactly: 75.00 passes, 74.99 fails. Only a staff exception lets a practice proceed below it.",
        example: "overall_score: 74.99",
        fix: "Choose another eligible round with a qualifying score, or ask QCP staff for an exception and record it under eligibility.staff_exception.",
        source: "docs/rules.md §3; S0 (criterion B1), S3"),
    code!("round-not-found-in-calendar", Elig, E, "the chosen round is not in the round calendar",
        explain: "The chosen round's dates come from the rule edition's round calendar; without them validity cannot be judged.",
        example: "eligibility:\n  round: QOPI-2031-R1",
        fix: "Use a rule edition whose round calendar includes the round (`--rules FILE`).",
        source: "docs/rules.md §3"),
    code!("round-expired", Elig, E, "the chosen round's score is no longer valid",
        explain: "A qualifying score is valid until the close of the next round of the same season (a Round 2 2024 score until the last day of Round 2 2025). It is judged on the eligibility form's date once one is recorded (the score is used when the form is filed), else as of the date checked.",
        example: "round: QOPI-2024-R2\nform_date: 2026-01-15",
        fix: "Use a more recent round's score.",
        source: "docs/rules.md §3; S3 (valid up to one year), QCP eligibility page"),
    code!("round-still-open", Elig, E, "a regular applicant chose a round that has not closed",
        explain: "Regular applicants use a completed round's final score; an applicant using the current round is a simultaneous applicant.",
        example: "category: regular\nround: QOPI-2026-R2   # open until 2026-12-11",
        fix: "Choose a completed round, or apply as `category: simultaneous` (needs staff approval).",
        source: "docs/rules.md §3 (applicant category); S0"),
    code!("round-not-started", Elig, E, "the chosen round has not opened yet",
        explain: "A round that has not opened has no charts and no score.",
        example: "round QOPI-2027-R2 checked as of 2026-11-22",
        fix: "Choose a round that has opened.",
        source: "docs/rules.md §3"),
    code!("round-already-used", Elig, E, "the chosen round was used by an earlier application",
        explain: "A round's score supports one application only.",
        example: "rounds:\n  - id: QOPI-2025-R2\n    used_by_earlier_application: true",
        fix: "Choose a round not used before.",
        source: "docs/rules.md §3; S0"),
    code!("round-not-recent", Elig, E, "the chosen round is not one of the most recent unused rounds",
        explain: "Only the most recent completed rounds not used by an earlier application may be selected (two by default).",
        example: "choosing QOPI-2025-R1 when QOPI-2025-R2 and QOPI-2026-R1 are both completed and unused",
        fix: "Choose one of the rounds the message lists.",
        source: "docs/rules.md §3; S0 (two previous unused rounds)"),
    code!("simultaneous-round-not-current", Elig, E, "a simultaneous applicant must use the current round",
        explain: "Simultaneous applicants apply on the round in progress; a completed round makes the applicant regular.",
        example: "category: simultaneous\nround: QOPI-2025-R2   # closed",
        fix: "Use `category: regular`, or choose the current round.",
        source: "docs/rules.md §3; S0"),
    code!("simultaneous-approval-pending", Elig, E, "a simultaneous application needs staff approval",
        explain: "Using the current round needs approval from QCP staff before the application can proceed; until it is recorded the outcome is `awaiting_staff_approval`, not `eligible`, and the exit status is 1.",
        example: "category: simultaneous   # simultaneous_approved missing or false",
        fix: "Request approval; record it as `simultaneous_approved: true` when granted.",
        source: "docs/rules.md §3; S0"),
    code!("milestone-before-simultaneous-approval", Elig, E, "a later milestone is recorded without the simultaneous approval",
        explain: "A simultaneous application cannot proceed before QCP staff approve it, so a signed agreement, payment, submitted questionnaire or documents, survey form or survey recorded without the approval is out of order (or the approval was not recorded).",
        example: "category: simultaneous   # no simultaneous_approved\npayment: {paid_on: 2026-12-01}",
        fix: "Record `simultaneous_approved: true` when staff granted it; otherwise wait for the approval.",
        source: "docs/rules.md §3; S0"),
    code!("provisional-figure", Elig, I, "the result rests on a placeholder figure",
        explain: "Some figures no public source gives (the FTE-to-chart-minimum table, the round calendar's dates) ship as placeholders, labelled so in the edition's `[provenance]`. A result that uses one is provisional until the figure is replaced by the program's: record the practice's own figure from its QOPI report or dashboard, or load the program's edition.",
        example: "the chart minimum of 100 is a placeholder figure",
        fix: "Record `rounds[].min_unique_charts` from the QOPI report (and `opens`/`closes` from the dashboard), or pass the program's figures with --rules FILE.",
        source: "docs/rules.md §3; standards/rules-qcp-2024.toml [provenance]"),
    code!("practice-figure-used", Elig, I, "a figure from the practice's own records is used instead of the edition's",
        explain: "Figures the program gives the practice directly (the chart minimum on its QOPI report, the round's dates on the QOPI dashboard) take precedence over the edition's table. When they differ, both are named so a typo can be caught.",
        example: "rounds:\n  - id: QOPI-2026-R1\n    min_unique_charts: 90   # the table says 100",
        fix: "Nothing if the practice's record is right; otherwise correct it.",
        source: "docs/application-format.md (the practice's own figures)"),
    code!("simultaneous-charts-for-survey", Elig, W, "too few charts entered to schedule the site survey",
        explain: "A simultaneous applicant must have entered at least half of its minimum unique charts before an on-site survey can be scheduled.",
        example: "minimum 75 charts, charts_entered: 30",
        fix: "Enter charts in the current round until at least the figure shown, then record `charts_entered`.",
        source: "docs/rules.md §3; S0"),
    code!("fte-missing", Elig, E, "the practice's FTE is not given",
        explain: "The minimum number of unique charts is derived from FTE.",
        example: "practice: {name: X, country: US}   # no fte or clinicians",
        fix: "Add `fte:` or a `clinicians:` list with weekly clinical hours.",
        source: "docs/rules.md §3"),
    code!("charts-missing", Elig, E, "the chosen round does not say how many unique charts were abstracted",
        explain: "The unique-chart count is compared with the minimum for the practice's FTE.",
        example: "rounds:\n  - id: QOPI-2026-R1\n    overall_score: 88   # no unique_charts",
        fix: "Copy the unique-chart count from the round report (per site with site-level participation).",
        source: "docs/rules.md §3"),
    code!("charts-below-minimum", Elig, E, "fewer unique charts than the minimum for the practice's FTE",
        explain: "The chart minimum comes from the FTE table of the rule edition. A practice below it may proceed only if it attests that it exhausted all eligible charts, or by a staff exception.",
        example: "12 FTE → minimum 100, unique_charts: 99",
        fix: "Abstract more charts, or if every eligible chart was abstracted set attestations.charts_exhausted: yes.",
        source: "docs/rules.md §3; S0 (criterion B2), S1 (unique chart minimum attestation)"),
    code!("charts-below-minimum-attested", Elig, W, "below the chart minimum, with exhaustion attested",
        explain: "The practice attested that it exhausted all eligible charts; staff review the attestation.",
        example: "unique_charts: 60 (minimum 75); charts_exhausted: yes",
        fix: "Be ready to show QCP staff that all eligible charts were abstracted.",
        source: "docs/rules.md §3; S1"),
    code!("site-charts-below-minimum", Elig, E, "a site has fewer unique charts than its minimum",
        explain: "With site-level participation the chart minimum applies to each site from its own FTE.",
        example: "site North: 4 FTE → minimum 50, charts: 49",
        fix: "Abstract more charts at that site, or attest exhaustion.",
        source: "docs/rules.md §3; S0 (site-level participation)"),
    code!("qcp-track-missing", Elig, E, "the chosen round did not abstract the QCP track",
        explain: "Only practices that abstracted the QCP track in the round may use it for certification.",
        example: "qcp_track: false",
        fix: "Use a round in which the practice abstracted the QCP track.",
        source: "docs/rules.md §3; S0, S3"),
    code!("country-not-offered", Elig, E, "certification is not offered in the practice's country",
        explain: "The program certifies practices in the countries listed by the rule edition.",
        example: "country: FR",
        fix: "Contact the program about international availability; check the country code (ISO 3166 alpha-2).",
        source: "docs/rules.md §3; S4"),
    code!("attestation-missing", Elig, E, "an eligibility attestation is unanswered",
        explain: "Every attestation on the eligibility form must be answered; an incomplete section is sent to staff.",
        example: "attestations:\n  charts_from_all_sites: ~",
        fix: "Answer yes or no (charts_exhausted also allows not_applicable).",
        source: "docs/rules.md §3; S0 (attestations), S1"),
    code!("attestation-answered-no", Elig, E, "an eligibility attestation is answered no",
        explain: "A 'no' is reported to staff, who may override it; without an override the practice cannot proceed.",
        example: "charts_from_all_sites: no",
        fix: "Resolve the underlying issue, or record the staff override under eligibility.staff_exception.",
        source: "docs/rules.md §3; S0, S1"),
    code!("attestation-comment-missing", Elig, W, "an attestation answered no has no comment",
        explain: "A 'no' without an explanation is sent to staff with nothing to review; add the comment the form asks for.",
        example: "charts_from_all_sites: no   # no comment",
        fix: "Add attestations.comment explaining the answer.",
        source: "docs/rules.md §3; S0"),
    code!("webinar-missing", Elig, E, "no certification webinar attendance is recorded",
        explain: "A practice representative must attend a certification webinar before applying; the form asks for the attendee and the date.",
        example: "webinar: {attendee: Lee}   # no date",
        fix: "Record webinar.attendee and webinar.date after attending.",
        source: "docs/rules.md §3; S1, S3"),
    code!("webinar-after-application", Elig, E, "the webinar date is after the application date",
        explain: "The webinar is required before applying.",
        example: "form_date: 2026-11-01\nwebinar: {date: 2026-11-10}",
        fix: "Attend a webinar first, then date the form; or correct the date.",
        source: "docs/rules.md §3; S3"),
    code!("legal-contact-incomplete", Elig, E, "the legal entity or legal reviewer is incomplete",
        explain: "The participation agreement is sent for e-signature to the legal reviewer named on the form, for the legal entity named there.",
        example: "legal_reviewer: {name: Kim}   # no email or phone",
        fix: "Fill in legal_entity and the legal reviewer's name, email and phone.",
        source: "docs/rules.md §2 milestone 1; S1"),
    code!("eligible-by-exception", Elig, I, "eligible only because of a staff exception",
        explain: "A QCP staff exception waives the failed criteria listed in the report; the practice may proceed, and the report says so.",
        example: "staff_exception: {granted: true, date: 2026-10-02}",
        fix: "Nothing to fix; keep the exception's record with the application.",
        source: "docs/rules.md §3 (outcome); S0 (exception for eligibility)"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for c in all() {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                c.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
                "code {} must be kebab-case",
                c.code
            );
            for field in [c.summary, c.explanation, c.example, c.fix, c.source] {
                assert!(
                    !field.trim().is_empty(),
                    "{} has an empty doc field",
                    c.code
                );
            }
        }
        for (old, new) in REDIRECTS {
            assert!(lookup(new).is_some(), "redirect {old} → unknown {new}");
            assert!(
                !seen.contains(old),
                "redirected code {old} is still in the table"
            );
        }
        for r in RETIRED {
            assert!(!seen.contains(r), "retired code {r} reused");
        }
    }

    #[test]
    fn code_list_snapshot() {
        let list: Vec<String> = all()
            .map(|c| format!("{} {} {}", c.family.as_str(), c.severity, c.code))
            .collect();
        insta::assert_snapshot!(list.join("\n"));
    }
}
