//! Readiness: the practice's own mock survey (the `readiness` section, issue 15), read the way a
//! surveyor would read the standards.
//!
//! Responsible for: readiness per domain and overall as exact percentages, the standards that
//! would become CCR issues and the severity their rating implies, ratings of Met with no
//! evidence, evidence documents not listed for their element, document summaries citing a
//! section the document lacks (when the caller supplies the documents' text), the pre-survey
//! action list, and the comparison of the self-assessment with the recorded CCR. Pure: the
//! binary reads the documents and passes their text in ([`DocumentTexts`]).
//!
//! How readiness is computed (a qcp choice, not a program figure; docs/readiness.md): each
//! standard of the catalog counts once, with its own rating or, when only its elements are
//! rated, the lowest of theirs. Met counts 1, Partially Met ½, Not Met 0; N/A and unrated
//! standards are left out. The percentage is `(2·met + partially) / (2·rated)`, rounded down to
//! the hundredth, so 100.00 % means every rated standard is Met.

pub mod workbook;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::{Catalog, StandardId};
use crate::finding::{self, Finding, Severity, Summary};
use crate::model::Application;
use crate::model::readiness::{Rating, Readiness};
use crate::rules::{EditionRef, RuleEdition};
use crate::source::{SourceFile, join};
use crate::units::{Date, Percent};
use crate::vocabulary::{Assessment, IssueSeverity};

/// Weight of a rating in halves: Met 2, Partially Met 1, Not Met 0; N/A is not counted.
/// qcp's own scale (docs/readiness.md), not a program figure.
fn halves(a: Assessment) -> Option<i64> {
    match a {
        Assessment::Met => Some(2),
        Assessment::PartiallyMet => Some(1),
        Assessment::NotMet => Some(0),
        Assessment::NotApplicable => None,
    }
}

/// Ranks ratings from worst (Not Met) to best (Met); N/A has no rank.
fn rank(a: Assessment) -> Option<u8> {
    halves(a).and_then(|h| u8::try_from(h).ok())
}

/// The text of the documents qcp could read, keyed by the path as written in the application
/// (`documents.elements.<id>[].path`), one string per line. Empty when the documents were not
/// read (then no summary citation is checked).
#[derive(Debug, Clone, Default)]
pub struct DocumentTexts(BTreeMap<String, BTreeSet<String>>);

impl DocumentTexts {
    /// Records the lines of `file` (only the section numbers they start with are kept).
    pub fn insert(&mut self, file: &str, lines: &[String]) {
        let heads = section_headings(lines.iter().map(String::as_str));
        self.0.insert(file.to_owned(), heads);
    }

    /// Records the section numbers of `file`'s headings, found by whoever read it.
    pub fn insert_headings(&mut self, file: &str, headings: BTreeSet<String>) {
        self.0.insert(file.to_owned(), headings);
    }

    /// The section numbers of `file`'s headings, when it was read.
    #[must_use]
    pub fn headings_of(&self, file: &str) -> Option<&BTreeSet<String>> {
        self.0.get(file)
    }

    /// How many documents were read.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no document was read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where summary citations find a document's headings: the documents `qcp readiness` read
/// ([`DocumentTexts`]) or what `qcp check`'s document scan found ([`DocStates`]).
///
/// [`DocStates`]: crate::checklist::DocStates
pub trait Headings {
    /// Whether `file` has `section` as a heading; `None` when its text was not read.
    fn has_heading(&self, file: &str, section: &str) -> Option<bool>;
}

impl Headings for DocumentTexts {
    fn has_heading(&self, file: &str, section: &str) -> Option<bool> {
        self.0.get(file).map(|h| h.contains(section))
    }
}

impl Headings for crate::checklist::DocStates {
    fn has_heading(&self, file: &str, section: &str) -> Option<bool> {
        self.headings(file)
            .map(|line| line.split(' ').any(|h| h == section))
    }
}

/// A document's heading numbers as one line: in order, separated by single spaces (how the
/// document scan and its cache keep them).
#[must_use]
pub fn headings_line(headings: &BTreeSet<String>) -> String {
    headings
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts and readiness of one domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DomainReadiness {
    /// Domain number.
    pub domain: u16,
    /// Domain title from the catalog.
    pub title: String,
    /// Readiness of the rated standards; `None` when none is rated (or all are N/A).
    pub percent: Option<Percent>,
    /// Standards rated Met.
    pub met: u32,
    /// Standards rated Partially Met.
    pub partially_met: u32,
    /// Standards rated Not Met.
    pub not_met: u32,
    /// Standards rated N/A.
    pub not_applicable: u32,
    /// Standards of the catalog not rated.
    pub unrated: u32,
}

impl DomainReadiness {
    fn add(&mut self, a: Option<Assessment>) {
        match a {
            Some(Assessment::Met) => self.met += 1,
            Some(Assessment::PartiallyMet) => self.partially_met += 1,
            Some(Assessment::NotMet) => self.not_met += 1,
            Some(Assessment::NotApplicable) => self.not_applicable += 1,
            None => self.unrated += 1,
        }
    }

    fn finish(&mut self) {
        self.percent = percent(self.met, self.partially_met, self.not_met);
    }
}

fn percent(met: u32, partially: u32, not_met: u32) -> Option<Percent> {
    let den = 2 * (i64::from(met) + i64::from(partially) + i64::from(not_met));
    if den == 0 {
        return None;
    }
    let num = 2 * i64::from(met) + i64::from(partially);
    Some(Percent::from_hundredths(num * 10_000 / den))
}

/// One standard of the catalog as the self-assessment rates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandardLine {
    /// Standard id.
    pub id: String,
    /// Title from the catalog.
    pub title: String,
    /// The rating counted (`None`: unrated).
    pub rating: Option<Assessment>,
    /// True when the standard itself is not rated and the rating is the lowest of its
    /// elements'.
    pub from_elements: bool,
    /// Who answers for it.
    pub owner: Option<String>,
}

/// A standard (or element) that would become a CCR issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WouldBeIssue {
    /// Standard or element id.
    pub id: String,
    /// The practice's rating.
    pub rating: Assessment,
    /// The severity the rating implies for a standard the manual does not mark critical.
    pub severity: IssueSeverity,
    /// The severity it implies for a critical standard.
    pub if_critical: IssueSeverity,
}

/// The severity a rating implies: `(non-critical, critical)`; `None` for Met and N/A.
#[must_use]
pub fn implied_severity(a: Assessment) -> Option<(IssueSeverity, IssueSeverity)> {
    match a {
        Assessment::PartiallyMet => Some((
            IssueSeverity::PartialCompliance,
            IssueSeverity::CriticalPartialCompliance,
        )),
        Assessment::NotMet => Some((
            IssueSeverity::NonCompliant,
            IssueSeverity::CriticalNonCompliant,
        )),
        Assessment::Met | Assessment::NotApplicable => None,
    }
}

/// One pre-survey action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionLine {
    /// The standard or element the action is for.
    pub id: String,
    /// What is to be done.
    pub what: Option<String>,
    /// Who does it.
    pub owner: Option<String>,
    /// By when.
    pub due: Option<Date>,
    /// Days from the as-of date to `due` (negative: past).
    pub days_left: Option<i64>,
    /// Due after the survey date.
    pub after_survey: bool,
}

/// A document summary's section citations checked against the document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// YAML path of the summary.
    pub path: String,
    /// The document, as written.
    pub file: String,
    /// Sections the summary cites, in order.
    pub cited: Vec<String>,
    /// Cited sections the document's headings lack (empty when `checked` is false).
    pub missing: Vec<String>,
    /// Whether the document's text was available to compare with.
    pub checked: bool,
}

/// Everything the self-assessment says, as data: figures, lists and findings (unlocated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Readiness over every rated standard.
    pub overall: Option<Percent>,
    /// Standards with a rating counted (N/A included).
    pub rated: u32,
    /// Standards in the catalog.
    pub standards_total: u32,
    /// Per domain, in domain order.
    pub domains: Vec<DomainReadiness>,
    /// Every standard of the catalog, in id order.
    pub standards: Vec<StandardLine>,
    /// Standards and elements the surveyor would open an issue for.
    pub would_be_issues: Vec<WouldBeIssue>,
    /// Ids rated Met with no evidence behind them.
    pub met_without_evidence: Vec<String>,
    /// Document summaries with section citations.
    pub citations: Vec<Citation>,
    /// The survey date actions are planned against, and where it comes from.
    pub survey_date: Option<Date>,
    /// Where `survey_date` was read (`readiness.survey_date`, `survey.survey_date`, `ccr.survey.date`).
    pub survey_date_from: Option<&'static str>,
    /// Every pre-survey action, by due date (undated last).
    pub actions: Vec<ActionLine>,
    /// The as-of date is after the survey date: would-be issues and actions are listed but no
    /// longer reported as findings (`qcp readiness compare` sets the ratings beside the CCR).
    pub survey_passed: bool,
    /// The findings.
    pub findings: Vec<Finding>,
}

/// The rating each catalog standard counts with, and whether it came from its elements.
fn standard_ratings<'a>(
    r: &'a Readiness,
    catalog: &'a Catalog,
) -> Vec<(
    &'a crate::catalog::Entry,
    Option<Assessment>,
    bool,
    Option<&'a Rating>,
)> {
    let mut first: BTreeMap<&StandardId, &Rating> = BTreeMap::new();
    for x in &r.ratings {
        first.entry(&x.id).or_insert(x);
    }
    catalog
        .entries()
        .iter()
        .filter(|e| e.id.depth() == 2)
        .map(|e| {
            if let Some(own) = first.get(&e.id).filter(|x| x.rating.is_some()) {
                return (e, own.rating, false, Some(*own));
            }
            let elements: Vec<Assessment> = first
                .iter()
                .filter(|(id, _)| id.is_child_of(&e.id))
                .filter_map(|(_, x)| x.rating)
                .collect();
            let worst = elements
                .iter()
                .filter(|a| rank(**a).is_some())
                .min_by_key(|a| rank(**a))
                .copied();
            let derived = match worst {
                Some(w) => Some(w),
                None if !elements.is_empty() => Some(Assessment::NotApplicable),
                None => None,
            };
            (e, derived, derived.is_some(), first.get(&e.id).copied())
        })
        .collect()
}

/// Readiness over every rated standard, as an exact percentage (see the module docs); `None`
/// without a `readiness` section or with nothing rated but N/A. The portfolio's figure.
#[must_use]
pub fn overall_percent(app: &Application, catalog: &Catalog) -> Option<Percent> {
    let r = app.readiness.as_ref()?;
    let (mut met, mut part, mut not) = (0, 0, 0);
    for (_, a, _, _) in standard_ratings(r, catalog) {
        match a {
            Some(Assessment::Met) => met += 1,
            Some(Assessment::PartiallyMet) => part += 1,
            Some(Assessment::NotMet) => not += 1,
            _ => {}
        }
    }
    percent(met, part, not)
}

/// Readiness per domain of the catalog, in domain order; empty without a `readiness` section.
#[must_use]
pub fn domain_percents(app: &Application, catalog: &Catalog) -> Vec<DomainReadiness> {
    app.readiness
        .as_ref()
        .map(|r| domains(r, catalog))
        .unwrap_or_default()
}

fn domains(r: &Readiness, catalog: &Catalog) -> Vec<DomainReadiness> {
    let mut out: Vec<DomainReadiness> = catalog
        .domains()
        .iter()
        .map(|d| DomainReadiness {
            domain: d.number,
            title: d.title.clone(),
            ..DomainReadiness::default()
        })
        .collect();
    for (e, a, _, _) in standard_ratings(r, catalog) {
        if let Some(d) = out.iter_mut().find(|d| d.domain == e.domain) {
            d.add(a);
        }
    }
    for d in &mut out {
        d.finish();
    }
    out
}

/// The findings of the self-assessment, for the registry (`qcp check`): summary citations are
/// checked against the headings of the documents `documents` says were read.
#[must_use]
pub fn check(
    app: &Application,
    catalog: &Catalog,
    as_of: Date,
    documents: &crate::checklist::DocStates,
) -> Vec<Finding> {
    evaluate(app, catalog, as_of, documents).map_or_else(Vec::new, |e| e.findings)
}

/// Evaluates the `readiness` section; `None` when the file has none.
#[must_use]
pub fn evaluate(
    app: &Application,
    catalog: &Catalog,
    as_of: Date,
    texts: &dyn Headings,
) -> Option<Evaluation> {
    let r = app.readiness.as_ref()?;
    let mut findings = Vec::new();
    let known: Vec<String> = catalog.entries().iter().map(|e| e.id.to_string()).collect();
    let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();

    // Ids: known, rated once, rated at all.
    let mut seen: BTreeMap<&StandardId, &Rating> = BTreeMap::new();
    for x in &r.ratings {
        let id_path = join(&x.path, "id");
        if !catalog.is_known(&x.id) {
            let hint = crate::suggest::closest(&x.id.to_string(), &known_refs).map_or_else(
                || "use an id from `qcp standards list`".to_owned(),
                |c| format!("did you mean `{c}`? (`qcp standards list` shows every id)"),
            );
            findings.push(Finding::new(
                "readiness-unknown-standard",
                &id_path,
                format!(
                    "`{id_path}`: the standards catalog ({}) has no standard or element {}",
                    catalog.edition().id,
                    x.id
                ),
                hint,
            ));
        }
        if let Some(prev) = seen.get(&x.id) {
            findings.push(Finding::new(
                "readiness-duplicate-rating",
                &id_path,
                format!("{} is rated twice (first at `{}`)", x.id, prev.path),
                "keep one entry per standard or element",
            ));
        } else {
            seen.insert(&x.id, x);
        }
        if x.rating.is_none() {
            findings.push(Finding::new(
                "readiness-rating-missing",
                &x.path,
                format!("`{}`: {} has no rating, so it is not counted", x.path, x.id),
                "add `rating:` met, partially_met, not_met or not_applicable",
            ));
        }
    }

    let standard_rows = standard_ratings(r, catalog);
    let unrated: Vec<String> = standard_rows
        .iter()
        .filter(|(_, a, _, _)| a.is_none())
        .map(|(e, _, _, _)| e.id.to_string())
        .collect();
    let standards_total = u32::try_from(standard_rows.len()).unwrap_or(u32::MAX);
    if !unrated.is_empty() {
        findings.push(Finding::new(
            "readiness-standards-unrated",
            "readiness.ratings",
            format!(
                "{} of {standards_total} standards of the catalog are not rated: {}",
                unrated.len(),
                unrated.join(", ")
            ),
            "rate every standard; `qcp readiness FILE --xlsx OUT` lists them all",
        ));
    }

    // What the survey would find and what is to be done before it: findings only until the
    // survey date has passed (then `compare` is the view; the lists stay in the report).
    let (survey_date, survey_date_from) = survey_date(app, r);
    let survey_passed = survey_date.is_some_and(|s| as_of > s);
    let mut ahead: Vec<Finding> = Vec::new();

    // Would-be issues: an element only when its standard is not itself rated that way.
    let mut would_be_issues = Vec::new();
    for x in seen.values() {
        let Some(a) = x.rating else { continue };
        let Some((severity, if_critical)) = implied_severity(a) else {
            continue;
        };
        let parent_flagged =
            x.id.parent()
                .and_then(|p| seen.get(&p))
                .and_then(|p| p.rating)
                .is_some_and(|p| p.needs_issue());
        if parent_flagged {
            continue;
        }
        would_be_issues.push(WouldBeIssue {
            id: x.id.to_string(),
            rating: a,
            severity,
            if_critical,
        });
        ahead.push(Finding::new(
            "readiness-would-be-issue",
            join(&x.path, "rating"),
            format!(
                "{} is rated {}: the surveyor would open an issue ({}; {} if the manual marks the standard critical)",
                x.id,
                a.label(),
                severity.label(),
                if_critical.label()
            ),
            "close the gap before the survey and record it as `action: {what, owner, due}`",
        ));
        if x.action.is_none() {
            ahead.push(Finding::new(
                "readiness-no-action",
                &x.path,
                format!("{} is rated {} with no pre-survey action", x.id, a.label()),
                "add `action: {what, owner, due}`",
            ));
        }
    }

    // Evidence.
    let docs = app.documents.as_ref();
    // Documents by element id, so each rating finds its own and its elements' in one range
    // (ids sort by components, so an id's descendants follow it).
    let by_element: BTreeMap<&[u16], Vec<&crate::model::documents::DocumentRef>> = docs
        .map(|d| {
            let mut m: BTreeMap<&[u16], Vec<_>> = BTreeMap::new();
            for e in &d.elements {
                m.entry(e.element.components())
                    .or_default()
                    .extend(e.documents.iter());
            }
            m
        })
        .unwrap_or_default();
    let listed_for = |id: &StandardId| -> Vec<&crate::model::documents::DocumentRef> {
        let p = id.components();
        by_element
            .range(p..)
            .take_while(|(k, _)| k.starts_with(p))
            .flat_map(|(_, v)| v.iter().copied())
            .collect()
    };
    let mut met_without_evidence = Vec::new();
    for x in seen.values() {
        let listed = listed_for(&x.id);
        let files: BTreeSet<&str> = listed.iter().map(|l| l.file.as_str()).collect();
        for (i, d) in x.evidence.documents.iter().enumerate() {
            if !files.contains(d.as_str()) {
                let p = crate::source::index(&join(&join(&x.path, "evidence"), "documents"), i);
                findings.push(Finding::new(
                    "readiness-evidence-not-listed",
                    &p,
                    format!(
                        "`{p}`: `{}` is not listed under documents.elements for {}",
                        crate::termsafe::escape(d),
                        x.id
                    ),
                    format!(
                        "list it under documents.elements.{} with a summary, or correct the path",
                        x.id
                    ),
                ));
            }
        }
        if x.rating == Some(Assessment::Met) && x.evidence.is_empty() && listed.is_empty() {
            met_without_evidence.push(x.id.to_string());
            findings.push(Finding::new(
                "readiness-met-without-evidence",
                join(&x.path, "rating"),
                format!(
                    "{} is rated Met with no evidence: no document listed for it, nothing observed, no record sampled",
                    x.id
                ),
                "add `evidence:` with documents, `observed:` or `records:` (e.g. two IV patients verified and documented)",
            ));
        }
    }

    // Summary citations.
    let mut citations = Vec::new();
    if let Some(d) = docs {
        for e in &d.elements {
            for doc in &e.documents {
                let Some(summary) = &doc.summary else {
                    continue;
                };
                let cited = cited_sections(summary);
                if cited.is_empty() {
                    continue;
                }
                let path = join(&doc.path, "summary");
                // Checked when the document's text was read.
                let checked = cited
                    .first()
                    .is_some_and(|c| texts.has_heading(&doc.file, c).is_some());
                let missing: Vec<String> = cited
                    .iter()
                    .filter(|c| texts.has_heading(&doc.file, c) == Some(false))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    findings.push(Finding::new(
                        "readiness-summary-cites-missing-section",
                        &path,
                        format!(
                            "`{path}` cites section(s) {} that `{}` does not have as headings",
                            missing.join(", "),
                            crate::termsafe::escape(&doc.file)
                        ),
                        "correct the section numbers in the summary, or the document's headings",
                    ));
                }
                citations.push(Citation {
                    path,
                    file: doc.file.clone(),
                    cited,
                    missing,
                    checked,
                });
            }
        }
    }

    // Actions.
    let mut actions = Vec::new();
    for x in &r.ratings {
        let Some(a) = &x.action else { continue };
        let after_survey = matches!((a.due, survey_date), (Some(d), Some(s)) if d > s);
        if after_survey {
            ahead.push(Finding::new(
                "readiness-action-after-survey",
                join(&a.path, "due"),
                format!(
                    "the action for {} is due {}, after the survey date {} ({})",
                    x.id,
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    survey_date.map(|d| d.to_string()).unwrap_or_default(),
                    survey_date_from.unwrap_or_default()
                ),
                "bring the due date before the survey, or expect the standard to become a CCR issue",
            ));
        }
        let mut lacking = Vec::new();
        // The rating's owner answers for its action when the action names nobody else.
        if a.owner.is_none() && x.owner.is_none() {
            lacking.push("owner");
        }
        if a.due.is_none() {
            lacking.push("due date");
        }
        if !lacking.is_empty() {
            ahead.push(Finding::new(
                "readiness-action-incomplete",
                &a.path,
                format!(
                    "the action for {} has no {}",
                    x.id,
                    lacking.join(" and no ")
                ),
                "add `owner:` and `due:` to the action",
            ));
        }
        actions.push(ActionLine {
            id: x.id.to_string(),
            what: a.what.clone(),
            owner: a.owner.clone().or_else(|| x.owner.clone()),
            due: a.due,
            days_left: a
                .due
                .and_then(|d| as_of.until(d).ok())
                .map(|s| i64::from(s.get_days())),
            after_survey,
        });
    }
    actions.sort_by_key(|a| (a.due.is_none(), a.due));
    if !survey_passed {
        findings.extend(ahead);
    }

    let standards: Vec<StandardLine> = standard_rows
        .iter()
        .map(|(e, a, from, own)| StandardLine {
            id: e.id.to_string(),
            title: e.title.clone(),
            rating: *a,
            from_elements: *from,
            owner: own.and_then(|o| o.owner.clone()),
        })
        .collect();
    let rated =
        u32::try_from(standards.iter().filter(|s| s.rating.is_some()).count()).unwrap_or(u32::MAX);
    Some(Evaluation {
        overall: overall_percent(app, catalog),
        rated,
        standards_total,
        domains: domains(r, catalog),
        standards,
        would_be_issues,
        met_without_evidence,
        citations,
        survey_date,
        survey_date_from,
        actions,
        survey_passed,
        findings,
    })
}

fn survey_date(app: &Application, r: &Readiness) -> (Option<Date>, Option<&'static str>) {
    if let Some(d) = r.survey_date {
        return (Some(d), Some("readiness.survey_date"));
    }
    if let Some(d) = app.survey.as_ref().and_then(|s| s.survey_date) {
        return (Some(d), Some("survey.survey_date"));
    }
    if let Some(d) = app.ccr.as_ref().and_then(|c| c.survey_date) {
        return (Some(d), Some("ccr.survey.date"));
    }
    (None, None)
}

/// The section numbers a summary cites: `§2.1`, `§ 2.1–2.4` (both ends), `section 4`,
/// `sections 3.1 and 3.2`, `sec. 5`. A number is digits separated by single dots.
#[must_use]
pub fn cited_sections(summary: &str) -> Vec<String> {
    let lower = summary.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    let markers = ["§", "sections", "section", "sec."];
    let mut i = 0;
    while i < lower.len() {
        let rest = &lower[i..];
        let Some(m) = markers.iter().find(|m| rest.starts_with(**m)) else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // A word marker must start a word.
        let word_start = m.starts_with('§')
            || lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        i += m.len();
        if !word_start {
            continue;
        }
        // Numbers joined by spaces, `§`, commas, dashes, `and`, `&`, `to`.
        let mut j = i;
        loop {
            let tail = &lower[j..];
            let skip = tail.len()
                - tail
                    .trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '§' | ',' | '-' | '–' | '—' | '&')
                    })
                    .len();
            j += skip;
            let tail = &lower[j..];
            let num_len = section_number_len(tail);
            if num_len > 0 {
                let n = tail[..num_len].to_owned();
                if !out.contains(&n) {
                    out.push(n);
                }
                j += num_len;
                continue;
            }
            let joined = ["and ", "to "].iter().find(|w| tail.starts_with(**w));
            match joined {
                Some(w) if section_number_len(tail[w.len()..].trim_start()) > 0 => j += w.len(),
                _ => break,
            }
        }
        i = j.max(i);
    }
    out
}

/// Length of a section number (`4`, `2.1`, `3.10.2`) at the start of `s`, 0 if none; a
/// trailing dot is not part of it.
fn section_number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    loop {
        let start = n;
        while n < b.len() && b[n].is_ascii_digit() {
            n += 1;
        }
        if n == start {
            return if start == 0 { 0 } else { start - 1 };
        }
        if n + 1 < b.len() && b[n] == b'.' && b[n + 1].is_ascii_digit() {
            n += 1;
            continue;
        }
        return n;
    }
}

/// The section numbers a document's lines start with (`2.1 Who may sign`, `Section 4 —`,
/// `§3.2.`): a line's first token, after an optional `section`/`§`, that is a section number.
/// Digits and dots only: nothing of the document's text.
pub fn section_headings<'a>(lines: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for l in lines {
        let l = l.trim_start();
        // `Section 4`, `§3.2`, or the number itself (case-insensitive, without copying the line).
        let t = if l
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("section"))
        {
            l[7..].trim_start()
        } else if let Some(rest) = l.strip_prefix('§') {
            rest.trim_start()
        } else {
            l
        };
        let n = section_number_len(t);
        if n == 0 {
            continue;
        }
        // The number must end the token: `2.1 Title`, `2.1. Title`, `2.1:`, or the whole line.
        let after = t[n..].chars().next();
        if after.is_none_or(|c| !c.is_alphanumeric()) {
            let num = &t[..n];
            // `2.1` also opens section `2` for a summary citing the chapter.
            for (i, _) in num.match_indices('.') {
                out.insert(num[..i].to_owned());
            }
            out.insert(num.to_owned());
            // A document with this many numbered lines is no policy: stop (the caller treats
            // more than MAX_HEADINGS as not checked).
            if out.len() > MAX_HEADINGS {
                break;
            }
        }
    }
    out
}

/// Most distinct section numbers read from one document; a document with more is not checked
/// for citations.
pub const MAX_HEADINGS: usize = 10_000;

// ------------------------------------------------------------------------------------ report

/// `qcp readiness FILE`: the self-assessment in one value that the text, JSON and PDF forms all
/// consume (schema `qcp-readiness/1`).
#[derive(Debug, Clone, Serialize)]
pub struct ReadinessReport {
    /// JSON shape id.
    pub schema: &'static str,
    /// `readiness`.
    pub command: &'static str,
    /// The file.
    pub file: String,
    /// As-of date.
    pub as_of: Date,
    /// Rule edition used.
    pub edition: EditionRef,
    /// Standards catalog edition id.
    pub standards_catalog: String,
    /// Practice name.
    pub practice: String,
    /// The day of the self-assessment.
    pub assessed: Option<Date>,
    /// Documents whose text was read for the citation check.
    pub documents_read: usize,
    /// The evaluation (figures, lists).
    #[serde(flatten)]
    pub evaluation: Evaluation,
    /// One line.
    pub verdict: String,
    /// Counts by severity.
    pub summary: Summary,
}

impl ReadinessReport {
    /// The worst severity among the findings.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        finding::worst(&self.evaluation.findings)
    }
}

/// Why a readiness command cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadinessError {
    /// The file has no `readiness` section.
    #[error(
        "the file has no `readiness` section: add one (docs/application-format.md) or write a workbook to fill in with `qcp readiness FILE --xlsx OUT`"
    )]
    NoReadiness,
    /// `compare` needs a recorded CCR.
    #[error(
        "the file has no `ccr` section with assessments to compare with: record the surveyor's CCR first (`qcp ccr import CCR.xlsx --into FILE`)"
    )]
    NoCcr,
}

/// Builds the readiness report.
///
/// # Errors
/// [`ReadinessError::NoReadiness`] without a `readiness` section.
pub fn report(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    catalog: &Catalog,
    as_of: Date,
    texts: &DocumentTexts,
) -> Result<ReadinessReport, ReadinessError> {
    let mut e = evaluate(app, catalog, as_of, texts).ok_or(ReadinessError::NoReadiness)?;
    finding::locate_all(&mut e.findings, source);
    finding::sort(&mut e.findings);
    let summary = Summary::of(&e.findings);
    let overall = e
        .overall
        .map_or_else(|| "no standard rated".to_owned(), |p| p.to_string());
    let late = e.actions.iter().filter(|a| a.after_survey).count();
    let mut verdict = format!(
        "readiness {overall} over {} of {} standards rated; {} would become CCR issue(s); {} rated Met without evidence; {} action(s), {late} due after the survey",
        e.rated,
        e.standards_total,
        e.would_be_issues.len(),
        e.met_without_evidence.len(),
        e.actions.len()
    );
    if e.survey_passed {
        verdict.push_str(
            "; the survey date has passed: `qcp readiness compare` sets these ratings beside the CCR",
        );
    }
    Ok(ReadinessReport {
        schema: crate::schemas::id("readiness"),
        command: "readiness",
        file: source.display_path(),
        as_of,
        edition: rules.reference(),
        standards_catalog: catalog.edition().id.clone(),
        practice: app.practice.name.clone(),
        assessed: app.readiness.as_ref().and_then(|r| r.assessed),
        documents_read: texts.len(),
        evaluation: e,
        verdict,
        summary,
    })
}

// ------------------------------------------------------------------------------------ compare

/// How the practice's rating of one standard stands beside the surveyor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The same rating.
    Agree,
    /// The practice rated it higher than the surveyor (e.g. Met, the CCR Partially Met).
    Missed,
    /// The practice rated it lower than the surveyor: a needless fear.
    Feared,
    /// One of them is N/A and the other is not.
    Differs,
    /// The practice did not rate it.
    NotRated,
}

/// One standard or element of the CCR beside the self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparedLine {
    /// Id.
    pub id: String,
    /// The practice's rating (for a standard without its own, the lowest of its elements').
    pub practice: Option<Assessment>,
    /// The surveyor's assessment.
    pub ccr: Assessment,
    /// How they stand.
    pub agreement: Agreement,
}

/// `qcp readiness compare FILE`: the self-assessment beside the recorded CCR.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// JSON shape id (`qcp-readiness-compare/1`).
    pub schema: &'static str,
    /// `readiness compare`.
    pub command: &'static str,
    /// The file.
    pub file: String,
    /// As-of date.
    pub as_of: Date,
    /// Rule edition used.
    pub edition: EditionRef,
    /// Practice name.
    pub practice: String,
    /// Every assessed standard and element of the CCR, in CCR order.
    pub lines: Vec<ComparedLine>,
    /// Ratings compared (both sides rated).
    pub compared: u32,
    /// Of those, the same.
    pub agreed: u32,
    /// `agreed / compared`, rounded down to the hundredth.
    pub agreement_rate: Option<Percent>,
    /// Ids the practice missed (rated higher than the CCR).
    pub missed: Vec<String>,
    /// Ids the practice feared needlessly (rated lower than the CCR).
    pub feared: Vec<String>,
    /// One line.
    pub verdict: String,
    /// No findings of its own (the readiness and CCR checks report those).
    pub findings: Vec<Finding>,
    /// Counts by severity.
    pub summary: Summary,
}

/// Sets the self-assessment beside the CCR's assessments.
///
/// # Errors
/// [`ReadinessError::NoReadiness`] or [`ReadinessError::NoCcr`] (no `ccr` section, or one
/// without any assessment).
pub fn compare(
    source: &SourceFile,
    app: &Application,
    rules: &RuleEdition,
    catalog: &Catalog,
    as_of: Date,
) -> Result<Comparison, ReadinessError> {
    let r = app.readiness.as_ref().ok_or(ReadinessError::NoReadiness)?;
    let ccr = app
        .ccr
        .as_ref()
        .filter(|c| c.assessments.iter().any(|a| a.assessment.is_some()))
        .ok_or(ReadinessError::NoCcr)?;
    let derived: BTreeMap<String, Option<Assessment>> = standard_ratings(r, catalog)
        .into_iter()
        .map(|(e, a, _, _)| (e.id.to_string(), a))
        .collect();
    let mut first: BTreeMap<&StandardId, Assessment> = BTreeMap::new();
    for x in &r.ratings {
        if let Some(a) = x.rating {
            first.entry(&x.id).or_insert(a);
        }
    }
    let own = |id: &StandardId| -> Option<Assessment> {
        first
            .get(id)
            .copied()
            .or_else(|| derived.get(&id.to_string()).copied().flatten())
    };
    let mut lines = Vec::new();
    for a in &ccr.assessments {
        let Some(c) = a.assessment else { continue };
        let p = own(&a.id);
        let agreement = match p {
            None => Agreement::NotRated,
            Some(p) if p == c => Agreement::Agree,
            Some(p) => match (rank(p), rank(c)) {
                (Some(x), Some(y)) if x > y => Agreement::Missed,
                (Some(_), Some(_)) => Agreement::Feared,
                _ => Agreement::Differs,
            },
        };
        lines.push(ComparedLine {
            id: a.id.to_string(),
            practice: p,
            ccr: c,
            agreement,
        });
    }
    let compared = u32::try_from(
        lines
            .iter()
            .filter(|l| l.agreement != Agreement::NotRated)
            .count(),
    )
    .unwrap_or(u32::MAX);
    let agreed = u32::try_from(
        lines
            .iter()
            .filter(|l| l.agreement == Agreement::Agree)
            .count(),
    )
    .unwrap_or(u32::MAX);
    let agreement_rate = (compared > 0)
        .then(|| Percent::from_hundredths(i64::from(agreed) * 10_000 / i64::from(compared)));
    let pick = |k: Agreement| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.agreement == k)
            .map(|l| l.id.clone())
            .collect()
    };
    let missed = pick(Agreement::Missed);
    let feared = pick(Agreement::Feared);
    let rate = agreement_rate.map_or_else(|| "—".to_owned(), |p| p.to_string());
    let verdict = format!(
        "the self-assessment agreed with the CCR on {agreed} of {compared} rating(s) ({rate}); missed {}{}; feared needlessly {}{}",
        missed.len(),
        list(&missed),
        feared.len(),
        list(&feared),
    );
    Ok(Comparison {
        schema: crate::schemas::id("readiness-compare"),
        command: "readiness compare",
        file: source.display_path(),
        as_of,
        edition: rules.reference(),
        practice: app.practice.name.clone(),
        lines,
        compared,
        agreed,
        agreement_rate,
        missed,
        feared,
        verdict,
        findings: Vec::new(),
        summary: Summary::default(),
    })
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;

    const BASE: &str = "
practice:
  name: Meadowfield Oncology
  country: US
  fte: 3
survey:
  survey_date: 2026-08-25
documents:
  elements:
    1.1.1:
      - {path: policies/roles.txt, summary: \"§2.1–2.3 and section 4 name who may order\"}
readiness:
  assessed: 2026-07-20
  ratings:
    - id: \"1.1\"
      rating: met
      evidence: {documents: [policies/roles.txt]}
    - id: \"3.8\"
      rating: partially_met
      evidence: {records: two IV patients verified and documented}
      action: {what: add the second signature, owner: Dana Whitfield, due: 2026-08-10}
    - id: \"4.2\"
      rating: not_met
      action: {what: write the policy, owner: Dr. Natarajan, due: 2026-08-20}
";

    fn app(yaml: &str) -> Application {
        load::parse(&SourceFile::new("a.yaml", yaml.to_owned())).expect("parses")
    }

    fn catalog() -> Catalog {
        Catalog::embedded().expect("catalog")
    }

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn with(from: &str, to: &str) -> String {
        assert!(BASE.contains(from), "{from}");
        BASE.replacen(from, to, 1)
    }

    fn eval(yaml: &str) -> Evaluation {
        evaluate(
            &app(yaml),
            &catalog(),
            day("2026-07-21"),
            &DocumentTexts::default(),
        )
        .expect("readiness section")
    }

    fn codes(yaml: &str) -> Vec<&'static str> {
        eval(yaml).findings.iter().map(|f| f.code).collect()
    }

    fn count(yaml: &str, code: &str) -> usize {
        codes(yaml).iter().filter(|c| **c == code).count()
    }

    #[test]
    fn readiness_is_met_one_partially_half_not_met_zero_na_left_out() {
        let e = eval(BASE);
        // 1.1 Met (2 halves), 3.8 Partially (1), 4.2 Not Met (0): 3 / 6 = 50.00 %.
        assert_eq!(e.overall, Some(Percent::from_hundredths(5000)));
        assert_eq!(e.rated, 3);
        assert_eq!(e.standards_total, 22);
        let d = |n: u16| {
            e.domains
                .iter()
                .find(|d| d.domain == n)
                .expect("domain")
                .clone()
        };
        assert_eq!(d(1).percent, Some(Percent::from_hundredths(10_000)));
        assert_eq!(d(3).percent, Some(Percent::from_hundredths(5000)));
        assert_eq!(d(4).percent, Some(Percent::from_hundredths(0)));
        assert_eq!(d(2).percent, None, "nothing rated in domain 2");
        assert_eq!(d(1).unrated, 4);
        // N/A does not count: 1.1 N/A leaves 1 / 4 = 25.00 %.
        let na = with("rating: met\n", "rating: not_applicable\n");
        assert_eq!(eval(&na).overall, Some(Percent::from_hundredths(2500)));
        // Thirds round down: Met, Met, Partially → 5/6 = 83.33 %.
        let thirds = with("rating: not_met", "rating: met").replace(
            "    - id: \"4.2\"\n      rating: met\n",
            "    - id: \"4.2\"\n      rating: met\n      evidence: {observed: oral teaching visit}\n",
        );
        assert_eq!(
            overall_percent(&app(&thirds), &catalog()),
            Some(Percent::from_hundredths(8333))
        );
    }

    #[test]
    fn a_standard_rated_only_through_its_elements_takes_the_lowest() {
        let y = with(
            "    - id: \"1.1\"\n      rating: met\n",
            "    - id: \"1.1.2\"\n      rating: partially_met\n      evidence: {observed: x}\n    - id: \"1.1.1\"\n      rating: met\n",
        );
        let e = eval(&y);
        let s = e.standards.iter().find(|s| s.id == "1.1").expect("1.1");
        assert_eq!(s.rating, Some(Assessment::PartiallyMet));
        assert!(s.from_elements);
        // Near miss: the standard's own rating wins over its elements'.
        let own =
            format!("{y}    - id: \"1.1\"\n      rating: met\n      evidence: {{observed: y}}\n");
        let e = eval(&own);
        let s = e.standards.iter().find(|s| s.id == "1.1").expect("1.1");
        assert_eq!(s.rating, Some(Assessment::Met));
        assert!(!s.from_elements);
    }

    #[test]
    fn unknown_id_is_located_with_the_nearest_known_one() {
        let y = with("id: \"3.8\"", "id: \"3.88\"");
        let e = eval(&y);
        let f = e
            .findings
            .iter()
            .find(|f| f.code == "readiness-unknown-standard")
            .expect("fires");
        assert_eq!(f.path, "readiness.ratings[1].id");
        assert!(f.hint.contains("did you mean `3.8`"), "{}", f.hint);
        assert_eq!(count(BASE, "readiness-unknown-standard"), 0);
    }

    /// docs/readiness.md: unrated standards are named once, not counted.
    #[test]
    fn unrated_standards_are_listed_until_every_standard_is_rated() {
        let e = eval(BASE);
        let f = e
            .findings
            .iter()
            .find(|f| f.code == "readiness-standards-unrated")
            .expect("fires");
        assert!(f.message.starts_with("19 of 22 standards"), "{}", f.message);
        let mut all = BASE.to_owned();
        for s in catalog().entries().iter().filter(|e| e.id.depth() == 2) {
            if !["1.1", "3.8", "4.2"].contains(&s.id.to_string().as_str()) {
                all.push_str(&format!(
                    "    - {{id: \"{}\", rating: not_applicable}}\n",
                    s.id
                ));
            }
        }
        assert_eq!(count(&all, "readiness-standards-unrated"), 0);
        assert_eq!(eval(&all).rated, 22);
    }

    #[test]
    fn duplicate_and_missing_ratings() {
        let dup = format!("{BASE}    - id: \"1.1\"\n      rating: not_met\n");
        assert_eq!(count(&dup, "readiness-duplicate-rating"), 1);
        assert_eq!(count(BASE, "readiness-duplicate-rating"), 0);
        let none = format!("{BASE}    - id: \"2.1\"\n      owner: Dana Whitfield\n");
        assert_eq!(count(&none, "readiness-rating-missing"), 1);
        assert_eq!(count(BASE, "readiness-rating-missing"), 0);
    }

    #[test]
    fn partially_and_not_met_would_be_issues_with_implied_severity() {
        let e = eval(BASE);
        let ids: Vec<(&str, IssueSeverity)> = e
            .would_be_issues
            .iter()
            .map(|w| (w.id.as_str(), w.severity))
            .collect();
        assert_eq!(
            ids,
            [
                ("3.8", IssueSeverity::PartialCompliance),
                ("4.2", IssueSeverity::NonCompliant)
            ]
        );
        let f = e
            .findings
            .iter()
            .find(|f| f.code == "readiness-would-be-issue" && f.path.contains("[2]"))
            .expect("4.2");
        assert!(
            f.message.contains("Critical Non-Compliant"),
            "{}",
            f.message
        );
        // Near miss: an element Partially Met under a standard already Partially Met adds no
        // second issue.
        let el = format!(
            "{BASE}    - id: \"3.8.1\"\n      rating: partially_met\n      action: {{what: a, owner: b, due: 2026-08-01}}\n"
        );
        assert_eq!(count(&el, "readiness-would-be-issue"), 2);
        // A gap without an action is an info finding; with one it is not.
        assert_eq!(count(BASE, "readiness-no-action"), 0);
        let bare = with(
            "      action: {what: write the policy, owner: Dr. Natarajan, due: 2026-08-20}\n",
            "",
        );
        assert_eq!(count(&bare, "readiness-no-action"), 1);
    }

    #[test]
    fn met_without_evidence_fires_and_listed_documents_count_as_evidence() {
        assert_eq!(count(BASE, "readiness-met-without-evidence"), 0);
        let bare = with("      evidence: {documents: [policies/roles.txt]}\n", "");
        // Near miss: no evidence key, but documents are listed for 1.1.1 (an element of 1.1).
        assert_eq!(count(&bare, "readiness-met-without-evidence"), 0);
        let y = format!("{BASE}    - id: \"2.1\"\n      rating: met\n");
        let e = eval(&y);
        assert_eq!(e.met_without_evidence, ["2.1"]);
        assert_eq!(count(&y, "readiness-met-without-evidence"), 1);
    }

    #[test]
    fn evidence_documents_must_be_listed_for_the_element() {
        assert_eq!(count(BASE, "readiness-evidence-not-listed"), 0);
        let y = with(
            "documents: [policies/roles.txt]",
            "documents: [policies/other.txt]",
        );
        let e = eval(&y);
        let f = e
            .findings
            .iter()
            .find(|f| f.code == "readiness-evidence-not-listed")
            .expect("fires");
        assert_eq!(f.path, "readiness.ratings[0].evidence.documents[0]");
    }

    #[test]
    fn summaries_citing_sections_the_document_lacks() {
        assert_eq!(
            cited_sections("§2.1–2.3 and section 4 name who may order"),
            ["2.1", "2.3", "4"]
        );
        assert_eq!(
            cited_sections("Sections 3.1, 3.2 & 3.10; sec. 5"),
            ["3.1", "3.2", "3.10", "5"]
        );
        assert!(cited_sections("the whole policy, version 2.1").is_empty());
        let a = app(BASE);
        let lines = |t: &str| t.lines().map(str::to_owned).collect::<Vec<_>>();
        let mut texts = DocumentTexts::default();
        texts.insert(
            "policies/roles.txt",
            &lines("Roles policy\n1. Purpose\n2. Ordering\n2.1 Who may order\n2.2 Co-signature\n4 Review\n"),
        );
        let e = evaluate(&a, &catalog(), day("2026-07-21"), &texts).expect("eval");
        let f = e
            .findings
            .iter()
            .find(|f| f.code == "readiness-summary-cites-missing-section")
            .expect("2.3 is missing");
        assert!(
            f.message.contains("2.3") && !f.message.contains("2.1,"),
            "{}",
            f.message
        );
        assert_eq!(f.path, "documents.elements.1.1.1[0].summary");
        assert_eq!(e.citations[0].missing, ["2.3"]);
        // Near miss: every cited section is a heading.
        texts.insert(
            "policies/roles.txt",
            &lines("2.1 Who may order\n2.3. Verbal orders\nSection 4 — Review\n"),
        );
        let e = evaluate(&a, &catalog(), day("2026-07-21"), &texts).expect("eval");
        assert!(
            e.findings
                .iter()
                .all(|f| f.code != "readiness-summary-cites-missing-section")
        );
        assert!(e.citations[0].checked);
        // Without the text nothing is claimed.
        let e = eval(BASE);
        assert!(!e.citations[0].checked);
        assert!(e.citations[0].missing.is_empty());
    }

    #[test]
    fn actions_after_the_survey_or_without_owner_or_date() {
        assert_eq!(count(BASE, "readiness-action-after-survey"), 0);
        let late = with("due: 2026-08-20", "due: 2026-08-26");
        let e = eval(&late);
        let f = e
            .findings
            .iter()
            .find(|f| f.code == "readiness-action-after-survey")
            .expect("fires");
        assert!(
            f.message.contains("2026-08-25 (survey.survey_date)"),
            "{}",
            f.message
        );
        // The section's own survey date wins.
        let own = late.replace(
            "  assessed: 2026-07-20\n",
            "  assessed: 2026-07-20\n  survey_date: 2026-09-01\n",
        );
        assert_eq!(count(&own, "readiness-action-after-survey"), 0);
        // The day of the survey itself is not after it.
        let same = with("due: 2026-08-20", "due: 2026-08-25");
        assert_eq!(count(&same, "readiness-action-after-survey"), 0);
        assert_eq!(count(BASE, "readiness-action-incomplete"), 0);
        let no_owner = with("owner: Dr. Natarajan, ", "");
        assert_eq!(count(&no_owner, "readiness-action-incomplete"), 1);
        // Near miss: the rating's owner answers for the action.
        let rating_owner = no_owner.replace(
            "    - id: \"4.2\"\n      rating: not_met\n",
            "    - id: \"4.2\"\n      rating: not_met\n      owner: Dr. Natarajan\n",
        );
        assert_eq!(count(&rating_owner, "readiness-action-incomplete"), 0);
        let no_date = with(", due: 2026-08-20", "");
        assert_eq!(count(&no_date, "readiness-action-incomplete"), 1);
        let e = eval(BASE);
        assert_eq!(
            e.actions.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["3.8", "4.2"]
        );
        assert_eq!(e.actions[0].days_left, Some(20));
    }

    #[test]
    fn after_the_survey_the_forward_looking_findings_stop() {
        let late = with("due: 2026-08-20", "due: 2026-08-26");
        let at = |d: &str| {
            evaluate(&app(&late), &catalog(), day(d), &DocumentTexts::default()).expect("eval")
        };
        let before = at("2026-08-25");
        assert!(!before.survey_passed);
        assert!(
            before
                .findings
                .iter()
                .any(|f| f.code == "readiness-would-be-issue")
        );
        assert!(
            before
                .findings
                .iter()
                .any(|f| f.code == "readiness-action-after-survey")
        );
        let after = at("2026-08-26");
        assert!(after.survey_passed);
        assert!(after.findings.iter().all(|f| !matches!(
            f.code,
            "readiness-would-be-issue"
                | "readiness-no-action"
                | "readiness-action-after-survey"
                | "readiness-action-incomplete"
        )));
        assert_eq!(after.would_be_issues.len(), 2, "still listed");
        assert_eq!(after.actions.len(), 2, "still listed");
    }

    #[test]
    fn no_section_no_figures() {
        let y = BASE
            .split("readiness:")
            .next()
            .unwrap_or_default()
            .to_owned();
        let a = app(&y);
        assert!(overall_percent(&a, &catalog()).is_none());
        assert!(domain_percents(&a, &catalog()).is_empty());
        let none = crate::checklist::DocStates::default();
        assert!(check(&a, &catalog(), day("2026-07-21"), &none).is_empty());
    }

    #[test]
    fn compare_names_what_was_missed_and_what_was_feared() {
        let rules = RuleEdition::embedded().expect("rules");
        let y = format!(
            "{BASE}ccr:\n  assessments:\n    - {{id: \"1.1\", assessment: partially_met}}\n    - {{id: \"3.8\", assessment: met}}\n    - {{id: \"4.2\", assessment: not_met}}\n    - {{id: \"2.1\", assessment: met}}\n"
        );
        let src = SourceFile::new("a.yaml", y);
        let a = load::parse(&src).expect("parses");
        let c = compare(&src, &a, &rules, &catalog(), day("2026-11-22")).expect("compare");
        assert_eq!(c.missed, ["1.1"]);
        assert_eq!(c.feared, ["3.8"]);
        assert_eq!((c.agreed, c.compared), (1, 3));
        assert_eq!(c.agreement_rate, Some(Percent::from_hundredths(3333)));
        assert_eq!(c.lines[3].agreement, Agreement::NotRated);
        let src = SourceFile::new("a.yaml", BASE.to_owned());
        let a = load::parse(&src).expect("parses");
        assert_eq!(
            compare(&src, &a, &rules, &catalog(), day("2026-11-22")).err(),
            Some(ReadinessError::NoCcr)
        );
    }
}
