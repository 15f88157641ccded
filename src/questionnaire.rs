//! The QCP questionnaire (docs/rules.md §2 milestone 4): completeness per section the way the portal
//! shows progress, every missing item by YAML path, and inconsistencies between answers.
//!
//! The sections are the rule edition's questionnaire tabs (`[questionnaire]`): the 2024
//! portal's Practice Profile, Practice Detail and Attestation (S1), or the 2019 portal's five
//! tabs (S0); the questionnaire can be submitted only when each is at 100 %. Practice-profile items the file
//! already records under `practice` (physicians with NPI, sites, tax ids, the primary contact) are
//! read from there and reported at their `practice.…` paths; the rest live in `questionnaire`
//! (see `crate::model::sections`).
//!
//! [`completeness_in`] is the pure progress figure other commands (e.g. `status`) use under the
//! edition in force ([`completeness`]: the 2024 sections); [`check`] adds findings. Agreements, records and the fee live in their own modules.

use serde::Serialize;

use crate::finding::Finding;
use crate::model::sections::{Preparer, Route};
use crate::model::{Answer, Application};
use crate::rules::{QuestionnaireRules, RuleEdition};
use crate::source::join;
use crate::units::{Fte, Percent};

/// A questionnaire tab (or section) as the edition's portal names it (`[questionnaire]` in the
/// rule edition). Serialized as its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    id: String,
    name: String,
}

impl Section {
    /// The portal's name.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.name
    }

    /// The stable id (`practice_profile`, `npi_listing`, ...).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Serialize for Section {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

/// An unanswered item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingItem {
    /// YAML path where the answer belongs.
    pub path: String,
    /// What is asked.
    pub label: String,
}

/// Progress of one section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionProgress {
    /// Which section (its id).
    pub section: Section,
    /// The section's name as the portal shows it.
    pub name: String,
    /// Items answered.
    pub answered: usize,
    /// Items in the section.
    pub total: usize,
    /// `answered / total`, rounded down to hundredths so 100 % means all.
    pub percent: Percent,
    /// What is missing.
    pub missing: Vec<MissingItem>,
}

/// Progress of the whole questionnaire.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    /// The edition's sections (tabs), in portal order.
    pub sections: Vec<SectionProgress>,
    /// All sections at 100 %.
    pub submittable: bool,
    /// Overall share of answered items (rounded down): the percentage every command shows.
    pub percent: Percent,
}

impl Completeness {
    /// Overall share of answered items (rounded down).
    #[must_use]
    pub fn percent(&self) -> Percent {
        self.percent
    }
}

fn ratio(a: usize, t: usize) -> Percent {
    if t == 0 {
        return Percent::from_hundredths(10_000);
    }
    let h = (a as u128 * 10_000) / t as u128;
    Percent::from_hundredths(i64::try_from(h).unwrap_or(10_000))
}

struct Tally {
    section: Section,
    answered: usize,
    total: usize,
    missing: Vec<MissingItem>,
}

impl Tally {
    fn new(section: Section) -> Self {
        Tally {
            section,
            answered: 0,
            total: 0,
            missing: Vec::new(),
        }
    }
    fn count(&mut self, ok: bool) {
        self.total += 1;
        self.answered += usize::from(ok);
    }
    fn missing(&mut self, path: String, label: String) {
        self.missing.push(MissingItem { path, label });
    }
    fn done(self) -> SectionProgress {
        SectionProgress {
            name: self.section.name.clone(),
            section: self.section,
            percent: ratio(self.answered, self.total),
            answered: self.answered,
            total: self.total,
            missing: self.missing,
        }
    }
}

/// Counts one item into a [`Tally`]; its path and label are only built when it is missing
/// (every application's status line counts every item).
macro_rules! item {
    ($t:expr, $ok:expr, $path:expr, $label:expr $(,)?) => {{
        let ok = $ok;
        $t.count(ok);
        if !ok {
            $t.missing(($path).into(), ($label).into());
        }
    }};
}

const PP: &str = "questionnaire.practice_profile";
const PD: &str = "questionnaire.practice_detail";
const AT: &str = "questionnaire.attestations";
const SUP: &str = "questionnaire.supplemental";

/// The questionnaire's progress per section of the 2024 portal (S1), with every missing item by
/// YAML path: [`completeness_in`] under the default edition's structure, without the fee
/// schedule's supplemental-cost questions (which that structure does not ask).
///
/// Pure: reads only the application. A missing `questionnaire` section counts every
/// questionnaire-only item as missing.
#[must_use]
pub fn completeness(app: &Application) -> Completeness {
    completeness_with(app, &QuestionnaireRules::s1_default(), &[])
}

/// The questionnaire's progress per tab of `rules`' portal (`[questionnaire]`: the 2024
/// portal's three sections, S1, or the 2019 portal's five tabs, S0), with every missing item by
/// YAML path. The `supplemental` item group asks each supplemental-cost question of
/// `schedule`.
#[must_use]
pub fn completeness_in(
    app: &Application,
    rules: &RuleEdition,
    schedule: &crate::fees::FeeSchedule,
) -> Completeness {
    let ids: Vec<&str> = schedule.supplements.iter().map(|s| s.id.as_str()).collect();
    completeness_with(app, &rules.questionnaire_tabs(), &ids)
}

fn completeness_with(
    app: &Application,
    tabs: &QuestionnaireRules,
    supplemental: &[&str],
) -> Completeness {
    let none = crate::model::Questionnaire::default();
    let q = app.questionnaire.as_ref().unwrap_or(&none);
    let sections: Vec<SectionProgress> = tabs
        .tabs
        .iter()
        .map(|t| {
            let mut tally = Tally::new(Section {
                id: t.id.clone(),
                name: t.name.clone(),
            });
            for g in &t.items {
                group(&mut tally, app, q, g, supplemental);
            }
            tally.done()
        })
        .collect();
    let submittable = sections.iter().all(|s| s.answered == s.total);
    let answered: usize = sections.iter().map(|s| s.answered).sum();
    let total: usize = sections.iter().map(|s| s.total).sum();
    Completeness {
        percent: ratio(answered, total),
        sections,
        submittable,
    }
}

/// Counts the items of one item group (`crate::rules::tabs::ITEM_GROUPS`) into `t`.
fn group(
    t: &mut Tally,
    app: &Application,
    q: &crate::model::Questionnaire,
    group: &str,
    supplemental: &[&str],
) {
    let p = &app.practice;
    let pr = &q.profile;
    let d = &q.detail;
    let a = &q.attestations;
    macro_rules! yes_no {
        ($t:expr, $v:expr, $path:expr, $label:expr $(,)?) => {{
            let v: Option<Answer> = $v;
            item!($t, v.is_some(), $path, $label)
        }};
    }
    match group {
        "primary_address" => {
            let addr = format!("{PP}.primary_address");
            for (v, key, label) in [
                (&pr.address, "address", "primary address: street"),
                (&pr.city, "city", "primary address: city"),
                (&pr.state, "state", "primary address: state"),
                (
                    &pr.postal_code,
                    "postal_code",
                    "primary address: postal code",
                ),
                (&pr.country, "country", "primary address: country"),
            ] {
                item!(t, v.is_some(), join(&addr, key), label);
            }
        }
        "primary_contact" => {
            let primaries = p.contacts.iter().filter(|c| c.primary).count();
            item!(
                t,
                primaries == 1,
                "practice.contacts",
                "exactly one primary contact",
            );
        }
        "physicians" => item!(
            t,
            !p.physicians.is_empty(),
            "practice.physicians",
            "physicians with NPI (0 outside the US)",
        ),
        "sites" => {
            item!(t, !p.sites.is_empty(), "practice.sites", "practice sites");
            for s in &p.sites {
                for (ok, key, what) in [
                    (s.address.is_some(), "address", "street"),
                    (s.city.is_some(), "city", "city"),
                    (s.state.is_some(), "state", "state"),
                    (s.postal_code.is_some(), "postal_code", "postal code"),
                    (
                        s.administers_chemotherapy.is_some(),
                        "administers_chemotherapy",
                        "administers chemotherapy?",
                    ),
                    (
                        s.prepares_chemotherapy.is_some(),
                        "prepares_chemotherapy",
                        "pharmacy prepares chemotherapy?",
                    ),
                ] {
                    item!(
                        t,
                        ok,
                        join(&s.path, key),
                        format!("site {}: {what}", s.name)
                    );
                }
            }
        }
        "tax_ids" => item!(
            t,
            !p.tax_ids.is_empty(),
            "practice.tax_ids",
            "practice tax id(s)",
        ),
        "fte" => item!(
            t,
            pr.fte.is_some(),
            format!("{PP}.fte"),
            "FTE at the time of application",
        ),
        "sites_administering_chemotherapy" => item!(
            t,
            pr.sites_administering_chemotherapy.is_some(),
            format!("{PP}.sites_administering_chemotherapy"),
            "number of sites administering chemotherapy",
        ),
        "same_tax_id" => yes_no!(
            t,
            pr.same_tax_id,
            format!("{PP}.same_tax_id"),
            "do all sites share the same tax id?",
        ),
        "same_policies" => yes_no!(
            t,
            pr.same_policies,
            format!("{PP}.same_policies"),
            "do all sites follow the same policies?",
        ),
        "same_ownership" => yes_no!(
            t,
            pr.same_ownership,
            format!("{PP}.same_ownership"),
            "is the ownership of all sites the same?",
        ),
        "chemotherapy_prepared_by" => {
            item!(
                t,
                d.prepared_by.as_ref().is_some_and(|v| !v.is_empty()),
                format!("{PD}.chemotherapy_prepared_by"),
                "who prepares chemotherapy",
            );
            if d.prepared_by
                .as_ref()
                .is_some_and(|v| v.contains(&Preparer::Other))
            {
                item!(
                    t,
                    d.prepared_by_other.is_some(),
                    format!("{PD}.prepared_by_other"),
                    "who prepares chemotherapy: description of `other`",
                );
            }
        }
        "routes" => {
            item!(
                t,
                d.routes.as_ref().is_some_and(|v| !v.is_empty()),
                format!("{PD}.routes"),
                "routes of chemotherapy administered",
            );
            if d.routes.as_ref().is_some_and(|v| v.contains(&Route::Other)) {
                item!(
                    t,
                    d.routes_other.is_some(),
                    format!("{PD}.routes_other"),
                    "routes: description of `other`",
                );
            }
        }
        "affiliation" => item!(
            t,
            d.affiliation.is_some(),
            format!("{PD}.affiliation"),
            "practice affiliation",
        ),
        "leadership_controls_infusion_policies" => yes_no!(
            t,
            d.leadership_controls_infusion_policies,
            format!("{PD}.leadership_controls_infusion_policies"),
            "leadership controls infusion-centre policies?",
        ),
        "emr" => item!(
            t,
            d.emr.is_some(),
            format!("{PD}.emr"),
            "electronic medical record",
        ),
        "standards_reviewed" => yes_no!(
            t,
            a.standards_reviewed,
            format!("{AT}.standards_reviewed"),
            "the latest standards were reviewed",
        ),
        "resurvey_fee_acknowledged" => item!(
            t,
            a.resurvey_fee_acknowledged == Some(true),
            format!("{AT}.resurvey_fee_acknowledged"),
            "the possible re-survey fee is acknowledged",
        ),
        "application_accurate" => yes_no!(
            t,
            a.application_accurate,
            format!("{AT}.application_accurate"),
            "the application is accurate",
        ),
        "supplemental" => {
            for id in supplemental {
                item!(
                    t,
                    q.supplemental.iter().any(|(k, _)| k == id),
                    format!("{SUP}.{id}"),
                    format!("supplemental-cost question `{id}`"),
                );
            }
        }
        // Unknown groups are refused when the edition loads.
        _ => {}
    }
}

/// Completeness findings (per tab of the edition's portal, [`completeness_in`]) and
/// inconsistencies. The fee schedule's re-survey fee is named in the attestation message, and
/// its supplemental-cost questions are the `supplemental` items.
#[must_use]
pub fn check(
    app: &Application,
    rules: &RuleEdition,
    schedule: &crate::fees::FeeSchedule,
) -> Vec<Finding> {
    check_at(app, rules, schedule, &crate::facts::Events::of(app))
}

/// [`check`] with the events already derived (`checks::Derived::events`). Before the
/// questionnaire is open (no eligibility approval or later step recorded,
/// `agreements::agreement_step_reached`), unanswered items are not errors: one info says when
/// the questionnaire will be needed. Answers that are recorded and inconsistent are reported at
/// every stage (docs/rules.md §2 milestone 4, S1).
#[must_use]
pub fn check_at(
    app: &Application,
    rules: &RuleEdition,
    schedule: &crate::fees::FeeSchedule,
    events: &crate::facts::Events,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let open = crate::agreements::agreement_step_reached(app, events);
    let c = completeness_in(app, rules, schedule);
    let fee = format!(
        " (up to {})",
        crate::fees::money(&schedule.schedule.currency, schedule.resurvey.fee_up_to)
    );
    let p = &app.practice;
    let none = crate::model::Questionnaire::default();
    let q = app.questionnaire.as_ref().unwrap_or(&none);
    let any_site_prepares = p
        .sites
        .iter()
        .any(|s| s.prepares_chemotherapy == Some(true));
    let preparer_inconsistent =
        open && any_site_prepares && q.detail.prepared_by.as_ref().is_none_or(Vec::is_empty);
    let unanswered = c.sections.iter().any(|s| !s.missing.is_empty());
    if !open && unanswered {
        out.push(
            Finding::new(
                "questionnaire-not-yet-open",
                "questionnaire",
                format!(
                    "no eligibility approval is recorded, so the questionnaire is not open yet \
                     ({} answered so far); it will be needed after the participation agreement \
                     is signed",
                    c.percent()
                ),
                "nothing to do yet; once staff approve the eligibility form and the agreement \
                 is signed, answer every item (qcp questionnaire check lists them)",
            )
            .rule("docs/rules.md §2 milestone 4; S1"),
        );
    }
    for s in c.sections.iter().filter(|_| open) {
        for m in &s.missing {
            // Covered by a more specific finding: the foundation's primary-contact count and
            // the preparer inconsistency below.
            if m.path == "practice.contacts" && !p.contacts.is_empty() {
                continue;
            }
            if preparer_inconsistent && m.path.ends_with("chemotherapy_prepared_by") {
                continue;
            }
            // Each unanswered supplemental-cost question is the fee check's
            // `supplemental-unanswered`; here it only counts against its tab.
            if m.path.starts_with(SUP) {
                continue;
            }
            let extra = if m.path.ends_with("resurvey_fee_acknowledged") {
                fee.as_str()
            } else {
                ""
            };
            out.push(Finding::new(
                "questionnaire-item-missing",
                m.path.clone(),
                format!(
                    "{} ({}): {}{extra} is not answered",
                    s.section.label(),
                    s.percent,
                    m.label
                ),
                "answer it; the questionnaire can be submitted only when every section is at 100 %",
            ));
        }
    }
    if preparer_inconsistent {
        let site = p
            .sites
            .iter()
            .find(|s| s.prepares_chemotherapy == Some(true))
            .map_or("", |s| s.name.as_str());
        out.push(Finding::new(
            "chemotherapy-preparer-missing",
            format!("{PD}.chemotherapy_prepared_by"),
            format!("site {site} has a pharmacy that prepares chemotherapy, but nobody is listed as preparing it"),
            "list who prepares chemotherapy (pharmacist, pharmacy_technician, …)",
        ));
    }
    if let (Some(declared), Some(fte)) = (q.profile.fte, p.fte(rules.eligibility.hours_per_fte))
        && fte.value != Fte::from_dec(declared)
    {
        out.push(Finding::new(
            "questionnaire-fte-mismatch",
            format!("{PP}.fte"),
            format!(
                "the questionnaire declares {} FTE but the practice profile gives {} FTE",
                declared.trimmed(),
                fte.value
            ),
            "enter the same FTE in both places (the fee tier and chart minimum depend on it)",
        ));
    }
    let administering = p
        .sites
        .iter()
        .filter(|s| s.administers_chemotherapy == Some(true))
        .count();
    if let Some(n) = q.profile.sites_administering_chemotherapy
        && !p.sites.is_empty()
        && n as usize != administering
    {
        out.push(Finding::new(
            "questionnaire-site-count-mismatch",
            format!("{PP}.sites_administering_chemotherapy"),
            format!(
                "the questionnaire declares {n} site(s) administering chemotherapy but practice.sites marks {administering}"
            ),
            "make the count match the sites listed under practice.sites",
        ));
    }
    match (q.profile.same_tax_id, p.tax_ids.len()) {
        (Some(Answer::Yes), n) if n > 1 => out.push(Finding::new(
            "questionnaire-tax-id-inconsistent",
            format!("{PP}.same_tax_id"),
            format!("all sites are said to share one tax id, but practice.tax_ids lists {n}"),
            "answer no, or list the one shared tax id",
        )),
        (Some(Answer::No), 1) if p.sites.len() > 1 => out.push(Finding::new(
            "questionnaire-tax-id-inconsistent",
            format!("{PP}.same_tax_id"),
            "sites are said not to share a tax id, but practice.tax_ids lists only one".to_owned(),
            "list every site's tax id, or answer yes",
        )),
        _ => {}
    }
    if q.profile.same_policies == Some(Answer::No) {
        out.push(Finding::new(
            "sites-policies-differ",
            format!("{PP}.same_policies"),
            "the sites do not follow the same policies; certification covers the whole practice, whose sites must share policies and procedures",
            "align the sites' policies and procedures before applying, or discuss the sites to include with QCP staff",
        ));
    }
    for (v, key) in [
        (q.attestations.standards_reviewed, "standards_reviewed"),
        (q.attestations.application_accurate, "application_accurate"),
    ] {
        if v == Some(Answer::No) {
            out.push(Finding::new(
                "questionnaire-attestation-no",
                format!("{AT}.{key}"),
                format!("the attestation `{key}` is answered no"),
                "the questionnaire cannot be submitted with this attestation refused; resolve it and answer yes",
            ));
        }
    }
    // S0: the pre-payment request is offered only once every tab is complete.
    if rules.prepayment_request()
        && !c.submittable
        && let Some(req) = app.payment.as_ref().and_then(|p| p.prepayment_requested_on)
    {
        let open: Vec<&str> = c
            .sections
            .iter()
            .filter(|s| s.answered < s.total)
            .map(|s| s.name.as_str())
            .collect();
        out.push(
            Finding::new(
                "prepayment-request-before-complete",
                "payment.prepayment_requested_on",
                format!(
                    "the pre-payment request is recorded on {req} but the questionnaire is {} complete (incomplete: {})",
                    c.percent(),
                    open.join(", ")
                ),
                "complete every tab first, or correct the request date",
            )
            .rule("docs/rules.md §4 (pre-payment request); S0"),
        );
    }
    if let Some(sub) = q.submitted_on {
        if !c.submittable {
            out.push(Finding::new(
                "questionnaire-submitted-incomplete",
                "questionnaire.submitted_on",
                format!(
                    "the questionnaire is recorded as submitted on {sub} but is {} complete",
                    c.percent()
                ),
                "complete the missing items; the portal accepts the questionnaire only at 100 %",
            ));
        }
        let signed = app
            .agreements
            .as_ref()
            .and_then(|a| a.participation.as_ref())
            .and_then(|p| p.signed_on);
        match signed {
            Some(s) if s > sub => out.push(Finding::new(
                "questionnaire-before-agreement",
                "questionnaire.submitted_on",
                format!("the questionnaire is submitted on {sub}, before the participation agreement was signed ({s})"),
                "the questionnaire opens only after the agreement is signed; correct the dates",
            )),
            None => out.push(Finding::new(
                "questionnaire-before-agreement",
                "questionnaire.submitted_on",
                format!("the questionnaire is submitted on {sub}, but no signed participation agreement is recorded"),
                "record the signed participation agreement (agreements.participation)",
            )),
            _ => {}
        }
    }
    out
}

impl Completeness {
    /// The progress table, as the portal shows it.
    #[must_use]
    pub fn render(&self) -> String {
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(vec!["section", "complete", "answered", "missing"]);
        for s in &self.sections {
            t.add_row(vec![
                s.section.label().to_owned(),
                s.percent.to_string(),
                format!("{}/{}", s.answered, s.total),
                s.missing.len().to_string(),
            ]);
        }
        let mut out = format!("{t}\n");
        out.push_str(if self.submittable {
            "questionnaire: every section at 100 %, ready to submit\n"
        } else {
            "questionnaire: not submittable until every section is at 100 %\n"
        });
        out
    }
}

/// The questionnaire's state in words, from its completeness and the number of error-level
/// findings of the questionnaire command's checks: the one wording every output uses.
#[must_use]
pub fn verdict(c: &Completeness, errors: usize) -> String {
    match (c.submittable, errors) {
        (true, 0) => "complete and consistent: ready to submit".to_owned(),
        (true, n) => format!("complete, {n} problem(s) to fix before submitting"),
        (false, _) => format!("{} complete, not yet submittable", c.percent()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fees::FeeSchedule;
    use crate::model::load;
    use crate::source::SourceFile;
    use std::path::Path;

    fn editions() -> [(RuleEdition, FeeSchedule); 2] {
        let r19 = RuleEdition::from_toml(
            Path::new("rules-qcp-2019.toml"),
            include_str!("../standards/rules-qcp-2019.toml"),
        )
        .expect("2019 rules");
        let f19 = FeeSchedule::from_toml(
            Path::new("fees-qcp-2019.toml"),
            include_str!("../standards/fees-qcp-2019.toml"),
        )
        .expect("2019 fees");
        [
            (
                RuleEdition::embedded().expect("rules"),
                FeeSchedule::embedded().expect("fees"),
            ),
            (r19, f19),
        ]
    }

    fn app(extra: &str) -> Application {
        let text = format!(
            "practice:\n  name: A\n  country: US\n  fte: 3\n{extra}questionnaire:\n  practice_detail:\n    emr: Epic\n"
        );
        load::parse(&SourceFile::new("a.yaml", &text)).expect("test file parses")
    }

    fn tab<'a>(c: &'a Completeness, id: &str) -> &'a SectionProgress {
        c.sections
            .iter()
            .find(|s| s.section.id() == id)
            .unwrap_or_else(|| panic!("no tab {id}"))
    }

    #[test]
    fn the_2019_edition_reports_its_five_tabs_and_2024_its_three_sections_s0_s1() {
        let [(r24, f24), (r19, f19)] = editions();
        let a = app("");
        let names = |c: &Completeness| {
            c.sections
                .iter()
                .map(|s| s.section.label().to_owned())
                .collect::<Vec<_>>()
        };
        // S0: the questionnaire step's five tabs, in portal order.
        assert_eq!(
            names(&completeness_in(&a, &r19, &f19)),
            [
                "Key Practice Features",
                "Clinical Information",
                "QCP Questionnaire",
                "NPI Listing",
                "Payment Calculation"
            ]
        );
        // S1: the 2024 portal keeps its three sections, exactly as without an edition.
        let c24 = completeness_in(&a, &r24, &f24);
        assert_eq!(
            names(&c24),
            ["Practice Profile", "Practice Detail", "Attestation"]
        );
        assert_eq!(
            serde_json::to_value(&c24).ok(),
            serde_json::to_value(completeness(&a)).ok()
        );
        // The shipped 2024 data states the default structure.
        assert_eq!(r24.questionnaire, Some(QuestionnaireRules::s1_default()));
    }

    #[test]
    fn prepayment_request_needs_every_tab_complete_s0() {
        // S0: the pre-payment request is offered once every questionnaire tab is complete.
        let [(r24, f24), (r19, f19)] = editions();
        let a = app("payment:\n  prepayment_requested_on: 2019-06-03\n");
        let f = check(&a, &r19, &f19);
        let hit = f
            .iter()
            .find(|f| f.code == "prepayment-request-before-complete")
            .expect("fires");
        assert!(hit.message.contains("NPI Listing"), "{}", hit.message);
        // Near miss: the complete example, with the request recorded, does not fire.
        let text = include_str!("../examples/application-complete.yaml").replace(
            "\npayment:\n",
            "\npayment:\n  prepayment_requested_on: 2026-12-01\n",
        );
        let mut done = load::parse(&SourceFile::new("c.yaml", &text)).expect("parses");
        // Every supplemental question of the 2019 schedule answered.
        if let Some(q) = done.questionnaire.as_mut() {
            q.supplemental = f19
                .supplements
                .iter()
                .map(|s| (s.id.clone(), Answer::No))
                .collect();
        }
        assert!(
            done.payment
                .as_ref()
                .is_some_and(|p| p.prepayment_requested_on.is_some())
        );
        assert!(
            !check(&done, &r19, &f19)
                .iter()
                .any(|f| f.code == "prepayment-request-before-complete")
        );
        // The 2024 edition (S1) has no such request: its check never says this.
        assert!(
            !check(&a, &r24, &f24)
                .iter()
                .any(|f| f.code == "prepayment-request-before-complete")
        );
    }

    #[test]
    fn npi_listing_tab_fires_without_physicians_and_not_with_one_s0() {
        // S0: the NPI Listing tab holds the physicians with their NPI.
        let [_, (r19, f19)] = editions();
        let c = completeness_in(&app(""), &r19, &f19);
        let npi = tab(&c, "npi_listing");
        assert_eq!((npi.answered, npi.total), (0, 1));
        assert_eq!(npi.missing[0].path, "practice.physicians");
        let c = completeness_in(
            &app("  physicians:\n    - {name: Dr A, npi: 1234567893}\n"),
            &r19,
            &f19,
        );
        let npi = tab(&c, "npi_listing");
        assert_eq!((npi.answered, npi.total, npi.missing.len()), (1, 1, 0));
    }

    #[test]
    fn payment_calculation_tab_asks_each_supplemental_question_s0() {
        // S0: the Payment Calculation tab holds the questions that set the fee: the fee
        // schedule's supplemental-cost questions, each answered yes or no.
        let [(r24, f24), (r19, f19)] = editions();
        let questions = f19.supplements.len();
        assert!(questions > 0);
        let c = completeness_in(&app(""), &r19, &f19);
        let pay = tab(&c, "payment_calculation");
        assert_eq!(
            pay.total,
            questions + 1,
            "each question and the acknowledgment"
        );
        assert!(
            pay.missing
                .iter()
                .any(|m| m.path.starts_with("questionnaire.supplemental."))
        );
        // Near miss: every question answered (no is an answer) leaves only the acknowledgment.
        let answers: String = f19
            .supplements
            .iter()
            .map(|s| format!("    {}: no\n", s.id))
            .collect();
        let a = load::parse(&SourceFile::new(
            "a.yaml",
            format!(
                "practice:\n  name: A\n  country: US\n  fte: 3\nquestionnaire:\n  supplemental:\n{answers}"
            ),
        ))
        .expect("parses");
        let c = completeness_in(&a, &r19, &f19);
        let pay = tab(&c, "payment_calculation");
        assert_eq!(pay.answered, questions);
        // The 2024 portal (S1) does not ask them in its questionnaire.
        let c = completeness_in(&a, &r24, &f24);
        assert!(
            c.sections
                .iter()
                .flat_map(|s| &s.missing)
                .all(|m| !m.path.starts_with("questionnaire.supplemental"))
        );
        // The questionnaire check leaves the per-question finding to the fee check.
        assert!(
            !check(&app(""), &r19, &f19)
                .iter()
                .any(|f| f.path.starts_with("questionnaire.supplemental"))
        );
    }

    #[test]
    fn percent_rounds_down_so_100_means_all() {
        assert_eq!(ratio(299, 300).to_string(), "99.66 %");
        assert_eq!(ratio(1, 3).to_string(), "33.33 %");
        assert_eq!(ratio(3, 3).to_string(), "100.00 %");
    }
}
