//! `qcp portfolio`: every practice a consultant runs, one row each (issue 15, part 2).
//!
//! Responsible for: turning what `qcp check` found in each file of a folder
//! ([`crate::bundle::AppResult`], the same registry, document files and suppressions) into one
//! row per practice: the stage in the journey, the next deadline and the days left (late
//! marked), the blockers (error findings) counted by check family, the readiness percentage,
//! the certification expiry and the re-certification window, and a timeline of milestones and
//! deadlines. A file that could not be used is a row of its own, marked unusable and located,
//! which names the problem by its code, never by the parser's text or the file's content.
//!
//! Nothing here recomputes a rule: stage, deadlines and the certification term are read from
//! the `qcp status` report of the same evaluation ([`crate::report::status_from`] over
//! [`crate::checks::Derived`]), so `qcp status` and the portfolio cannot disagree.
//!
//! Not responsible for: reading files (the binary runs the bundle checker), rendering (text,
//! HTML and the merged calendar live in `render::portfolio`), or the clock (`as_of` is passed
//! in).

use serde::Serialize;

use crate::bundle::AppResult;
use crate::checks::Data;
use crate::codes::Family;
use crate::finding::{Finding, Severity, Summary};
use crate::model::Application;
use crate::report::StatusReport;
use crate::rules::EditionRef;
use crate::source::Location;
use crate::status::{Milestone, State, Steps, Who};
use crate::units::{Date, Percent};

/// One file of the portfolio: what `qcp check` found in it, and the application it read.
#[derive(Debug)]
pub struct Entry {
    /// `qcp check`'s result for the file (`bundle::Context::application`).
    pub result: AppResult,
    /// The application, when the file could be read.
    pub app: Option<Application>,
}

impl Entry {
    /// The entry of a checked file: the application is read back from the text the check
    /// already holds (no file is read again).
    #[must_use]
    pub fn of(result: AppResult) -> Self {
        let app = if result.unusable {
            None
        } else {
            result
                .source
                .as_ref()
                .and_then(|s| crate::model::load::parse(s).ok())
        };
        Entry { result, app }
    }
}

/// Where a practice stands: the furthest milestone it has reached (docs/rules.md §2).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stage {
    /// Milestone number (0 is QOPI participation, 1–13 the current process).
    pub number: u8,
    /// Milestone name.
    pub name: &'static str,
    /// Its state as of the report date.
    pub state: State,
    /// When it was done.
    pub done: Option<Date>,
    /// When it is due.
    pub due: Option<Date>,
}

/// The practice's next open deadline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NextDeadline {
    /// Stable kind, e.g. `action-plan`.
    pub kind: &'static str,
    /// What is due.
    pub title: String,
    /// The date.
    pub date: Date,
    /// Days from the report date (negative: passed).
    pub days_left: i64,
    /// The date has passed with nothing recorded as done.
    pub late: bool,
}

/// Error findings of one check family.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Blockers {
    /// The family (`qcp explain --all` lists each code's).
    pub family: Family,
    /// Error findings of that family.
    pub errors: usize,
}

/// Where the practice stands in the re-certification window.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Before the window opens.
    NotOpen,
    /// Open: apply now.
    Open,
    /// The last day to apply and stay continuously certified has passed.
    Closed,
    /// The re-certification application is recorded.
    Applied,
}

impl Window {
    /// Wording for tables.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Window::NotOpen => "not open yet",
            Window::Open => "open",
            Window::Closed => "closed",
            Window::Applied => "applied",
        }
    }
}

/// The certification term as `qcp status` computes it (`status::certification_term`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Certification {
    /// The last day of the certification.
    pub expires: Date,
    /// Days from the report date to the expiry (negative: expired).
    pub days_left: i64,
    /// What the expiry is counted from.
    pub basis: String,
    /// The first day to apply for re-certification.
    pub window_opens: Option<Date>,
    /// The last day to apply and stay continuously certified.
    pub window_closes: Option<Date>,
    /// Where the report date falls in the window.
    pub window: Option<Window>,
}

/// Readiness of one domain of the catalog.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DomainReadiness {
    /// Domain number.
    pub number: u16,
    /// Its title.
    pub title: String,
    /// Percent ready; `None` when the file records no self-assessment.
    pub percent: Option<Percent>,
    /// Standards of the domain the self-assessment rates (N/A included).
    pub rated: u32,
    /// Standards of the domain in the catalog.
    pub standards: u32,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// A milestone done on this date.
    Milestone,
    /// A due date (or the program's expected date, or a date for information).
    Deadline,
}

/// How often one code occurs in a practice's findings.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CodeCount {
    /// The finding code (`qcp explain CODE`).
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// How many findings carry it.
    pub count: usize,
}

/// The three most frequent error and warning codes, errors first.
fn top_codes_of(findings: &[Finding]) -> Vec<CodeCount> {
    let mut counts: std::collections::BTreeMap<(u8, &'static str), usize> =
        std::collections::BTreeMap::new();
    for f in findings {
        let rank = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => continue,
        };
        *counts.entry((rank, f.code)).or_default() += 1;
    }
    let mut v: Vec<((u8, &'static str), usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.cmp(&a.1)).then(a.0.1.cmp(b.0.1)));
    v.into_iter()
        .take(3)
        .map(|((rank, code), count)| CodeCount {
            code,
            severity: if rank == 0 {
                Severity::Error
            } else {
                Severity::Warning
            },
            count,
        })
        .collect()
}

/// One dated entry of a practice's timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TimelineItem {
    /// The date.
    pub date: Date,
    /// Milestone or deadline.
    pub kind: TimelineKind,
    /// What happened or is due.
    pub title: String,
    /// Who acts (deadlines only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<Who>,
    /// When it was done (deadlines), or the same date (milestones).
    pub done: Option<Date>,
    /// A practice deadline passed with nothing recorded as done.
    pub late: bool,
    /// A date the program (QCP) was expected to act by, passed with nothing recorded: the
    /// practice is waiting, not late.
    pub overdue: bool,
}

/// Why a file of the portfolio could not be used: the first problem's code, where it is, and
/// the code's own summary (never the parser's text, never a value from the file).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Unusable {
    /// The problem's code (`qcp explain CODE`).
    pub code: &'static str,
    /// Line and column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What the code means, from the code table.
    pub message: String,
    /// How many problems the file has.
    pub problems: usize,
}

/// One practice (or one unusable file).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The file, as displayed.
    pub file: String,
    /// The practice's name; `None` when the file was unusable.
    pub practice: Option<String>,
    /// Set when the file could not be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unusable: Option<Unusable>,
    /// The furthest milestone reached.
    pub stage: Option<Stage>,
    /// The earliest open practice deadline.
    pub next_deadline: Option<NextDeadline>,
    /// Open practice deadlines already past.
    pub late: usize,
    /// The program's expected dates already past with nothing recorded (`overdue` items of the
    /// timeline).
    pub program_overdue: usize,
    /// Error findings by family, in registry order; only families with errors.
    pub blockers: Vec<Blockers>,
    /// Counts by severity of `qcp check`'s findings.
    pub summary: Summary,
    /// The most frequent error and warning codes (errors first, then by count), at most three:
    /// what `qcp check FILE` will say most about.
    pub top_codes: Vec<CodeCount>,
    /// Overall readiness from the self-assessment; `None`: not recorded.
    pub readiness: Option<Percent>,
    /// Standards the self-assessment rates (N/A included), of `readiness_standards`: a
    /// percentage over 3 rated standards is not a practice 83 % ready.
    pub readiness_rated: u32,
    /// Standards in the catalog.
    pub readiness_standards: u32,
    /// Readiness per domain of the catalog.
    pub readiness_domains: Vec<DomainReadiness>,
    /// Certification expiry and the re-certification window.
    pub certification: Option<Certification>,
    /// Milestones done and every due date, in date order.
    pub timeline: Vec<TimelineItem>,
    /// The status report the row was read from.
    #[serde(skip)]
    pub status: Option<StatusReport>,
    /// The `qcp deadlines` report of the same evaluation: the merged calendar's events, the
    /// same as `qcp deadlines --ics` writes for the practice.
    #[serde(skip)]
    pub deadlines: Option<StatusReport>,
}

/// Counts over the whole portfolio.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct PortfolioSummary {
    /// Files listed.
    pub files: usize,
    /// Practices read.
    pub practices: usize,
    /// Files that could not be used.
    pub unusable: usize,
    /// Practices with at least one error finding.
    pub with_blockers: usize,
    /// Practices whose next deadline has passed.
    pub late: usize,
}

/// `qcp portfolio`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct Portfolio {
    /// JSON shape version (`qcp-portfolio/1`).
    pub schema: &'static str,
    /// `portfolio`.
    pub command: &'static str,
    /// The date the report is as of.
    pub as_of: Date,
    /// The rule edition.
    pub edition: EditionRef,
    /// The business-day calendar.
    pub calendar: String,
    /// One row per file, in file order.
    pub rows: Vec<Row>,
    /// Counts.
    pub summary: PortfolioSummary,
}

impl Portfolio {
    /// Whether no file could be read at all (exit status 2).
    #[must_use]
    pub fn none_read(&self) -> bool {
        self.summary.practices == 0
    }

    /// The worst severity of the portfolio: an unusable file among readable ones counts as an
    /// error, like a practice with an error finding (exit status 1).
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        self.rows
            .iter()
            .map(|r| {
                if r.unusable.is_some() {
                    Some(Severity::Error)
                } else {
                    worst_of(&r.summary)
                }
            })
            .max()
            .flatten()
    }
}

fn worst_of(s: &Summary) -> Option<Severity> {
    if s.errors > 0 {
        Some(Severity::Error)
    } else if s.warnings > 0 {
        Some(Severity::Warning)
    } else if s.infos > 0 {
        Some(Severity::Info)
    } else {
        None
    }
}

/// The furthest milestone reached: the highest-numbered one that has left "not started"; when
/// none has, the first one.
#[must_use]
pub fn stage_of(milestones: &[Milestone]) -> Option<Stage> {
    let m = milestones
        .iter()
        .rfind(|m| m.state != State::NotStarted)
        .or_else(|| milestones.first())?;
    Some(Stage {
        number: m.number,
        name: m.name,
        state: m.state,
        done: m.done,
        due: m.due,
    })
}

/// The blockers of `findings`: error findings counted by family, in family order.
#[must_use]
pub fn blockers_of(findings: &[Finding]) -> Vec<Blockers> {
    let mut counts: std::collections::BTreeMap<Family, usize> = std::collections::BTreeMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        let family = crate::codes::lookup(f.code).map_or(Family::Input, |c| c.family);
        *counts.entry(family).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(family, errors)| Blockers { family, errors })
        .collect()
}

/// The certification term and the re-certification window, from the status deadlines.
fn certification_of(r: &StatusReport, as_of: Date) -> Option<Certification> {
    let of = |kind: &str| r.deadlines.iter().find(|d| d.kind == kind);
    let expiry = of("certification-expiry")?;
    let opens = of("recertification-window-opens");
    let closes = of("recertification-window-closes");
    let applied = opens.and_then(|d| d.done).or(closes.and_then(|d| d.done));
    let window = match (opens, closes) {
        _ if applied.is_some() => Some(Window::Applied),
        (Some(o), _) if as_of < o.date => Some(Window::NotOpen),
        (_, Some(c)) if as_of > c.date => Some(Window::Closed),
        (Some(_), _) | (None, Some(_)) => Some(Window::Open),
        (None, None) => None,
    };
    Some(Certification {
        expires: expiry.date,
        days_left: expiry.days_left,
        basis: expiry.rule.clone(),
        window_opens: opens.map(|d| d.date),
        window_closes: closes.map(|d| d.date),
        window,
    })
}

/// Milestones done and every due date of the status report, in date order.
fn timeline_of(r: &StatusReport) -> Vec<TimelineItem> {
    let milestone_days: Vec<Date> = r.milestones.iter().filter_map(|m| m.done).collect();
    let mut out: Vec<TimelineItem> = r
        .milestones
        .iter()
        .filter_map(|m| {
            m.done.map(|d| TimelineItem {
                date: d,
                kind: TimelineKind::Milestone,
                title: format!("{} done", m.name),
                who: None,
                done: Some(d),
                late: false,
                overdue: false,
            })
        })
        .collect();
    // A date for information that happened on its own day, the day a milestone was done (the
    // site survey and "Survey done"), is that milestone: listed once.
    let same_as_milestone = |d: &&crate::status::Deadline| {
        d.who == Who::Info && d.done == Some(d.date) && milestone_days.contains(&d.date)
    };
    out.extend(
        r.deadlines
            .iter()
            .filter(|d| !same_as_milestone(d))
            .map(|d| TimelineItem {
                date: d.date,
                kind: TimelineKind::Deadline,
                title: d.title.clone(),
                who: Some(d.who),
                done: d.done,
                late: is_late(d),
                overdue: is_program_overdue(d),
            }),
    );
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.title.cmp(&b.title)));
    out
}

/// A practice deadline passed with nothing recorded as done (the `deadline-overdue` rule).
fn is_late(d: &crate::status::Deadline) -> bool {
    d.who == Who::Practice && d.done.is_none() && d.days_left < 0
}

/// A date the program was expected to act by, passed with nothing recorded as done.
fn is_program_overdue(d: &crate::status::Deadline) -> bool {
    d.who == Who::Program && d.done.is_none() && d.days_left < 0
}

fn unusable_of(r: &AppResult) -> Unusable {
    let first = r.findings.first();
    let code = first.map_or("file-unreadable", |f| f.code);
    Unusable {
        code,
        location: first.and_then(|f| f.location),
        message: crate::codes::lookup(code).map_or_else(
            || "the file cannot be used".to_owned(),
            |c| c.summary.to_owned(),
        ),
        problems: r.findings.len().max(1),
    }
}

/// The row of one entry.
fn row(e: &Entry, data: Data<'_>, as_of: Date) -> Row {
    let r = &e.result;
    let (Some(app), Some(src), Some(derived)) = (&e.app, &r.source, &r.derived) else {
        return Row {
            file: r.file.clone(),
            practice: None,
            unusable: Some(unusable_of(r)),
            stage: None,
            next_deadline: None,
            late: 0,
            program_overdue: 0,
            blockers: Vec::new(),
            summary: Summary::of(&r.findings),
            top_codes: Vec::new(),
            readiness: None,
            readiness_rated: 0,
            readiness_standards: 0,
            readiness_domains: Vec::new(),
            certification: None,
            timeline: Vec::new(),
            status: None,
            deadlines: None,
        };
    };
    let report = |command: &'static str| {
        derived.status.clone().map(|ev| {
            crate::report::status_from(
                command,
                src,
                app,
                data.rules,
                data.calendar,
                as_of,
                Steps::Current,
                ev,
            )
        })
    };
    let status = report("status");
    let domains: Vec<DomainReadiness> = {
        let rated = crate::readiness::domain_percents(app, data.catalog);
        data.catalog
            .domains()
            .iter()
            .map(|d| {
                let r = rated.iter().find(|r| r.domain == d.number);
                let counted = r.map_or(0, |r| {
                    r.met + r.partially_met + r.not_met + r.not_applicable
                });
                DomainReadiness {
                    number: d.number,
                    title: d.title.clone(),
                    percent: r.and_then(|r| r.percent),
                    rated: counted,
                    standards: r.map_or_else(
                        || {
                            // The standards a self-assessment rates (docs/readiness.md).
                            let n = data
                                .catalog
                                .in_domain(d.number)
                                .filter(|e| e.id.depth() == 2)
                                .count();
                            u32::try_from(n).unwrap_or(u32::MAX)
                        },
                        |r| counted + r.unrated,
                    ),
                }
            })
            .collect()
    };
    let next_deadline = status.as_ref().and_then(|s| {
        s.next_actions.first().map(|d| NextDeadline {
            kind: d.kind,
            title: d.title.clone(),
            date: d.date,
            days_left: d.days_left,
            late: is_late(d),
        })
    });
    Row {
        file: r.file.clone(),
        practice: Some(app.practice.name.clone()),
        unusable: None,
        stage: status.as_ref().and_then(|s| stage_of(&s.milestones)),
        next_deadline,
        late: status
            .as_ref()
            .map_or(0, |s| s.next_actions.iter().filter(|d| is_late(d)).count()),
        program_overdue: status.as_ref().map_or(0, |s| {
            s.deadlines.iter().filter(|d| is_program_overdue(d)).count()
        }),
        blockers: blockers_of(&r.findings),
        summary: Summary::of(&r.findings),
        top_codes: top_codes_of(&r.findings),
        // The practice's own mock survey (`readiness` section; docs/readiness.md), one figure
        // overall and one per domain of the catalog, "not recorded" without the section.
        readiness: crate::readiness::overall_percent(app, data.catalog),
        readiness_rated: domains.iter().map(|d| d.rated).sum(),
        readiness_standards: domains.iter().map(|d| d.standards).sum(),
        readiness_domains: domains,
        certification: status.as_ref().and_then(|s| certification_of(s, as_of)),
        timeline: status.as_ref().map(timeline_of).unwrap_or_default(),
        status,
        deadlines: report("deadlines"),
    }
}

/// The portfolio of `entries`, in their order, as of `as_of`.
#[must_use]
pub fn build(entries: &[Entry], data: Data<'_>, as_of: Date) -> Portfolio {
    let rows: Vec<Row> = entries.iter().map(|e| row(e, data, as_of)).collect();
    let summary = PortfolioSummary {
        files: rows.len(),
        practices: rows.iter().filter(|r| r.unusable.is_none()).count(),
        unusable: rows.iter().filter(|r| r.unusable.is_some()).count(),
        with_blockers: rows.iter().filter(|r| !r.blockers.is_empty()).count(),
        late: rows
            .iter()
            .filter(|r| r.next_deadline.as_ref().is_some_and(|d| d.late))
            .count(),
    };
    Portfolio {
        schema: crate::schemas::id("portfolio"),
        command: "portfolio",
        as_of,
        edition: data.rules.reference(),
        calendar: data.calendar.id().to_owned(),
        rows,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayCalendar;
    use crate::catalog::Catalog;
    use crate::checklist::DocStates;
    use crate::checks::Selection;
    use crate::fees::FeeSchedule;
    use crate::rules::RuleEdition;
    use crate::source::SourceFile;

    struct Fixture {
        rules: RuleEdition,
        fees: FeeSchedule,
        catalog: Catalog,
        cal: HolidayCalendar,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture {
                rules: RuleEdition::embedded().unwrap(),
                fees: FeeSchedule::embedded().unwrap(),
                catalog: Catalog::embedded().unwrap(),
                cal: crate::status::embedded_calendar("us-federal")
                    .unwrap()
                    .unwrap(),
            }
        }

        fn data(&self) -> Data<'_> {
            Data {
                rules: &self.rules,
                fees: &self.fees,
                catalog: &self.catalog,
                calendar: &self.cal,
            }
        }

        /// What `qcp check` finds in `yaml` (no document files), as the portfolio's entry.
        fn entry(&self, name: &str, yaml: &str, as_of: Date) -> Entry {
            let src = SourceFile::new(name, yaml);
            match crate::model::load::parse(&src) {
                Ok(app) => {
                    let ev = crate::checks::evaluate(
                        &app,
                        self.data(),
                        &DocStates::default(),
                        as_of,
                        Selection::All,
                    );
                    let mut findings = ev.findings;
                    crate::finding::locate_all(&mut findings, &src);
                    Entry::of(AppResult {
                        file: name.to_owned(),
                        relative: name.to_owned(),
                        practice: Some(app.practice.name.clone()),
                        source: Some(src),
                        findings,
                        suppressed: 0,
                        unusable: false,
                        families: Vec::new(),
                        derived: Some(Box::new(ev.derived)),
                    })
                }
                Err(e) => Entry::of(AppResult {
                    file: name.to_owned(),
                    relative: name.to_owned(),
                    practice: None,
                    source: Some(src),
                    findings: e.problems,
                    suppressed: 0,
                    unusable: true,
                    families: vec![Family::Input],
                    derived: None,
                }),
            }
        }

        fn one(&self, yaml: &str, as_of: &str) -> Row {
            let as_of: Date = as_of.parse().unwrap();
            let p = build(&[self.entry("a.yaml", yaml, as_of)], self.data(), as_of);
            p.rows.into_iter().next().unwrap()
        }
    }

    /// Certified until 2027-09-30, re-certifying, not applied yet (docs/rules.md §8, S3).
    const CERTIFIED: &str = "format_version: 1
practice:
  name: Northgate Cancer Center
  program_id: \"101377\"
  country: US
  fte: 9
applicant:
  type: recertifying
  current_certification:
    awarded: 2024-09-30
    expires: 2027-09-30
";

    #[test]
    fn a_passed_recertification_deadline_is_the_late_next_deadline_and_the_day_before_is_not() {
        let fx = Fixture::new();
        // The window closes 9 months before the expiry (deadlines.recertify_window_closes_months).
        let late = fx.one(CERTIFIED, "2027-01-05");
        let d = late.next_deadline.as_ref().unwrap();
        assert_eq!(d.kind, "recertification-window-closes");
        assert!(d.late && d.days_left < 0, "{d:?}");
        assert_eq!(late.late, 1);
        let c = late.certification.as_ref().unwrap();
        assert_eq!(c.expires.to_string(), "2027-09-30");
        assert_eq!(c.window, Some(Window::Closed));

        // Near miss: on the closing day itself the deadline is due today, not late.
        let closes = c.window_closes.unwrap();
        let on_time = fx.one(CERTIFIED, &closes.to_string());
        let d = on_time.next_deadline.as_ref().unwrap();
        assert_eq!((d.days_left, d.late), (0, false));
        assert_eq!(on_time.late, 0);
        assert_eq!(
            on_time.certification.as_ref().unwrap().window,
            Some(Window::Open)
        );
        // Before the window opens.
        let early = fx.one(CERTIFIED, "2026-01-05");
        assert_eq!(
            early.certification.as_ref().unwrap().window,
            Some(Window::NotOpen)
        );
    }

    #[test]
    fn the_stage_is_the_furthest_milestone_reached_as_status_reports_it() {
        let fx = Fixture::new();
        let row = fx.one(CERTIFIED, "2027-01-05");
        let status = row.status.as_ref().unwrap();
        // Nothing started: the first milestone.
        assert!(
            status
                .milestones
                .iter()
                .all(|m| m.state == State::NotStarted)
        );
        assert_eq!(
            row.stage.as_ref().unwrap().number,
            status.milestones[0].number
        );

        // An eligibility form filed and approved: the furthest of the two.
        let applied = format!(
            "{CERTIFIED}rounds:\n  - id: QOPI-2026-R1\n    overall_score: 87.40\n    unique_charts: 92\n    qcp_track: true\n\
             eligibility:\n  form_date: 2026-11-10\n  round: QOPI-2026-R1\ntimeline:\n  eligibility_approved: 2026-11-13\n"
        );
        let row = fx.one(&applied, "2027-01-05");
        let stage = row.stage.as_ref().unwrap();
        let status = row.status.as_ref().unwrap();
        let furthest = status
            .milestones
            .iter()
            .rfind(|m| m.state != State::NotStarted)
            .unwrap();
        assert_eq!(
            (stage.number, stage.state),
            (furthest.number, furthest.state)
        );
        assert!(stage.number >= 2, "{stage:?}");
        // The re-certification application is recorded: the window says so.
        assert_eq!(
            row.certification.as_ref().unwrap().window,
            Some(Window::Applied)
        );
    }

    #[test]
    fn blockers_count_error_findings_by_family_and_ignore_warnings() {
        let fx = Fixture::new();
        let row = fx.one(CERTIFIED, "2027-01-05");
        let all: usize = row.blockers.iter().map(|b| b.errors).sum();
        assert_eq!(all, row.summary.errors);
        // The late re-certification is a status error (deadline-overdue).
        assert!(
            row.blockers
                .iter()
                .any(|b| b.family == Family::Status && b.errors >= 1),
            "{:?}",
            row.blockers
        );
        // Near miss: a warning alone is no blocker.
        let w = Finding::new("deadline-overdue", "", "m", "h").with_severity(Severity::Warning);
        assert!(blockers_of(&[w]).is_empty());
        let e = Finding::new("deadline-overdue", "", "m", "h");
        assert_eq!(
            blockers_of(&[e.clone(), e]),
            [Blockers {
                family: Family::Status,
                errors: 2
            }]
        );
    }

    #[test]
    fn an_unusable_file_is_a_located_row_that_quotes_nothing_from_the_file() {
        let fx = Fixture::new();
        let as_of: Date = "2027-01-05".parse().unwrap();
        let bad = "format_version: 1\npractice:\n  name: Ok\n  fte: \"LOPEZ MARIA MRN 00482913\"\n  country: US\n";
        let entries = [
            fx.entry("good.yaml", CERTIFIED, as_of),
            fx.entry("bad.yaml", bad, as_of),
        ];
        let p = build(&entries, fx.data(), as_of);
        assert_eq!((p.summary.practices, p.summary.unusable), (1, 1));
        assert!(!p.none_read());
        assert_eq!(p.worst(), Some(Severity::Error));
        let u = p.rows[1].unusable.as_ref().unwrap();
        assert_eq!(u.location.map(|l| l.line), Some(4), "{u:?}");
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            !json.contains("00482913") && !json.contains("LOPEZ"),
            "{json}"
        );
        // Near miss: with only the unusable file, nothing could be read.
        let p = build(&entries[1..], fx.data(), as_of);
        assert!(p.none_read());
    }

    const MEADOWFIELD: &str = include_str!("../examples/clients/meadowfield.yaml");
    const RIVERSIDE: &str = include_str!("../examples/clients/riverside.yaml");
    const LAKESHORE: &str = include_str!("../examples/clients/lakeshore.yaml");

    #[test]
    fn a_passed_program_date_is_qcp_overdue_not_the_practices_late_and_its_own_day_is_neither() {
        let fx = Fixture::new();
        // Meadowfield's questionnaire was done 2026-12-10; QCP staff were expected to issue
        // the invoice by 2026-12-17 (S1) and nothing is recorded.
        let row = fx.one(MEADOWFIELD, "2027-02-01");
        let overdue: Vec<&TimelineItem> = row.timeline.iter().filter(|t| t.overdue).collect();
        assert_eq!(overdue.len(), 1, "{:?}", row.timeline);
        assert_eq!(overdue[0].who, Some(Who::Program));
        assert_eq!(overdue[0].date.to_string(), "2026-12-17");
        assert!(!overdue[0].late);
        assert_eq!((row.program_overdue, row.late), (1, 0));
        // Near miss: on the expected day itself the program is not yet overdue.
        let row = fx.one(MEADOWFIELD, "2026-12-17");
        assert_eq!(row.program_overdue, 0);
        assert!(row.timeline.iter().all(|t| !t.overdue));
    }

    #[test]
    fn the_site_survey_is_listed_once_and_other_information_dates_stay() {
        let fx = Fixture::new();
        let row = fx.one(RIVERSIDE, "2027-02-01");
        let on = |d: &str| {
            row.timeline
                .iter()
                .filter(|t| t.date.to_string() == d)
                .map(|t| t.title.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(on("2026-08-25"), ["Survey done"]);
        // Near miss: a date for information done on another day (the score used by the
        // questionnaire) is no milestone of that day and stays.
        assert!(
            row.timeline
                .iter()
                .any(|t| t.who == Some(Who::Info) && t.done.is_some_and(|d| d != t.date)),
            "{:?}",
            row.timeline
        );
    }

    #[test]
    fn readiness_says_how_many_standards_were_rated() {
        let fx = Fixture::new();
        let row = fx.one(LAKESHORE, "2027-02-01");
        let total: u32 = row.readiness_domains.iter().map(|d| d.standards).sum();
        assert!(row.readiness.is_some());
        assert_eq!(row.readiness_standards, total);
        assert!(
            row.readiness_rated > 0 && row.readiness_rated < total,
            "{row:?}"
        );
        // Near miss: no section, nothing rated, but the catalog's count is still known.
        let row = fx.one(CERTIFIED, "2027-01-05");
        assert_eq!((row.readiness, row.readiness_rated), (None, 0));
        assert_eq!(row.readiness_standards, total);
    }

    #[test]
    fn the_top_codes_put_errors_first_then_the_most_frequent_and_leave_out_infos() {
        let f = |code: &'static str, s: Severity| Finding::new(code, "", "m", "h").with_severity(s);
        let findings = [
            f("element-documents-missing", Severity::Warning),
            f("element-documents-missing", Severity::Warning),
            f("element-documents-missing", Severity::Warning),
            f("recertification-too-late", Severity::Error),
            f("deadline-overdue", Severity::Error),
            f("deadline-overdue", Severity::Error),
            f("readiness-would-be-issue", Severity::Info),
            f("readiness-would-be-issue", Severity::Info),
            f("file-empty", Severity::Warning),
        ];
        let top: Vec<(&str, usize)> = top_codes_of(&findings)
            .iter()
            .map(|c| (c.code, c.count))
            .collect();
        assert_eq!(
            top,
            [
                ("deadline-overdue", 2),
                ("recertification-too-late", 1),
                ("element-documents-missing", 3)
            ]
        );
        // Near miss: infos alone name nothing.
        assert!(top_codes_of(&findings[6..8]).is_empty());
    }

    #[test]
    fn readiness_is_not_recorded_until_the_readiness_section_lands() {
        let fx = Fixture::new();
        let row = fx.one(CERTIFIED, "2027-01-05");
        assert_eq!(row.readiness, None);
        assert_eq!(row.readiness_domains.len(), fx.catalog.domains().len());
        assert!(row.readiness_domains.iter().all(|d| d.percent.is_none()));
    }
}
