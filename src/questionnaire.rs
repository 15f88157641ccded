//! The QCP questionnaire (docs/rules.md §2 milestone 4): completeness per section the way the portal
//! shows progress, every missing item by YAML path, and inconsistencies between answers.
//!
//! The portal's three sections are Practice Profile, Practice Detail and Attestation; the
//! questionnaire can be submitted only when each is at 100 %. Practice-profile items the file
//! already records under `practice` (physicians with NPI, sites, tax ids, the primary contact) are
//! read from there and reported at their `practice.…` paths; the rest live in `questionnaire`
//! (see `crate::model::sections`).
//!
//! [`completeness`] is the pure progress figure other commands (e.g. `status`) use; [`check`]
//! adds findings. Agreements, records and the fee live in their own modules.

use serde::Serialize;

use crate::finding::Finding;
use crate::model::sections::{Preparer, Route};
use crate::model::{Answer, Application};
use crate::rules::RuleEdition;
use crate::source::join;
use crate::units::{Cents, Fte, Percent};

/// A questionnaire section as the portal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Address, contact, physicians, sites, tax ids, same-across-sites answers.
    PracticeProfile,
    /// Chemotherapy preparation and routes, affiliation, leadership, EMR.
    PracticeDetail,
    /// Standards reviewed, re-survey fee, accuracy.
    Attestation,
}

impl Section {
    /// The portal's name.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Section::PracticeProfile => "Practice Profile",
            Section::PracticeDetail => "Practice Detail",
            Section::Attestation => "Attestation",
        }
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
    /// Which section.
    pub section: Section,
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
    /// The three sections, in portal order.
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
    fn item(&mut self, ok: bool, path: impl Into<String>, label: impl Into<String>) {
        self.total += 1;
        if ok {
            self.answered += 1;
        } else {
            self.missing.push(MissingItem {
                path: path.into(),
                label: label.into(),
            });
        }
    }
    fn done(self) -> SectionProgress {
        SectionProgress {
            section: self.section,
            percent: ratio(self.answered, self.total),
            answered: self.answered,
            total: self.total,
            missing: self.missing,
        }
    }
}

const PP: &str = "questionnaire.practice_profile";
const PD: &str = "questionnaire.practice_detail";
const AT: &str = "questionnaire.attestations";

/// The questionnaire's progress per section, with every missing item by YAML path.
///
/// Pure: reads only the application. A missing `questionnaire` section counts every
/// questionnaire-only item as missing.
#[must_use]
pub fn completeness(app: &Application) -> Completeness {
    let q = app.questionnaire.clone().unwrap_or_default();
    let p = &app.practice;
    let mut pp = Tally::new(Section::PracticeProfile);
    let addr = format!("{PP}.primary_address");
    let pr = &q.profile;
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
        pp.item(v.is_some(), join(&addr, key), label);
    }
    let primaries = p.contacts.iter().filter(|c| c.primary).count();
    pp.item(
        primaries == 1,
        "practice.contacts",
        "exactly one primary contact",
    );
    pp.item(
        !p.physicians.is_empty(),
        "practice.physicians",
        "physicians with NPI (0 outside the US)",
    );
    pp.item(!p.sites.is_empty(), "practice.sites", "practice sites");
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
            pp.item(ok, join(&s.path, key), format!("site {}: {what}", s.name));
        }
    }
    pp.item(
        !p.tax_ids.is_empty(),
        "practice.tax_ids",
        "practice tax id(s)",
    );
    pp.item(
        pr.fte.is_some(),
        format!("{PP}.fte"),
        "FTE at the time of application",
    );
    pp.item(
        pr.sites_administering_chemotherapy.is_some(),
        format!("{PP}.sites_administering_chemotherapy"),
        "number of sites administering chemotherapy",
    );
    for (v, key, label) in [
        (
            pr.same_tax_id,
            "same_tax_id",
            "do all sites share the same tax id?",
        ),
        (
            pr.same_policies,
            "same_policies",
            "do all sites follow the same policies?",
        ),
        (
            pr.same_ownership,
            "same_ownership",
            "is the ownership of all sites the same?",
        ),
    ] {
        pp.item(v.is_some(), format!("{PP}.{key}"), label);
    }

    let mut pd = Tally::new(Section::PracticeDetail);
    let d = &q.detail;
    pd.item(
        d.prepared_by.as_ref().is_some_and(|v| !v.is_empty()),
        format!("{PD}.chemotherapy_prepared_by"),
        "who prepares chemotherapy",
    );
    if d.prepared_by
        .as_ref()
        .is_some_and(|v| v.contains(&Preparer::Other))
    {
        pd.item(
            d.prepared_by_other.is_some(),
            format!("{PD}.prepared_by_other"),
            "who prepares chemotherapy: description of `other`",
        );
    }
    pd.item(
        d.routes.as_ref().is_some_and(|v| !v.is_empty()),
        format!("{PD}.routes"),
        "routes of chemotherapy administered",
    );
    if d.routes.as_ref().is_some_and(|v| v.contains(&Route::Other)) {
        pd.item(
            d.routes_other.is_some(),
            format!("{PD}.routes_other"),
            "routes: description of `other`",
        );
    }
    pd.item(
        d.affiliation.is_some(),
        format!("{PD}.affiliation"),
        "practice affiliation",
    );
    pd.item(
        d.leadership_controls_infusion_policies.is_some(),
        format!("{PD}.leadership_controls_infusion_policies"),
        "leadership controls infusion-centre policies?",
    );
    pd.item(
        d.emr.is_some(),
        format!("{PD}.emr"),
        "electronic medical record",
    );

    let mut at = Tally::new(Section::Attestation);
    let a = &q.attestations;
    at.item(
        a.standards_reviewed.is_some(),
        format!("{AT}.standards_reviewed"),
        "the latest standards were reviewed",
    );
    at.item(
        a.resurvey_fee_acknowledged == Some(true),
        format!("{AT}.resurvey_fee_acknowledged"),
        "the possible re-survey fee is acknowledged",
    );
    at.item(
        a.application_accurate.is_some(),
        format!("{AT}.application_accurate"),
        "the application is accurate",
    );

    let sections = vec![pp.done(), pd.done(), at.done()];
    let submittable = sections.iter().all(|s| s.answered == s.total);
    let answered: usize = sections.iter().map(|s| s.answered).sum();
    let total: usize = sections.iter().map(|s| s.total).sum();
    Completeness {
        percent: ratio(answered, total),
        sections,
        submittable,
    }
}

/// Completeness findings and inconsistencies. `resurvey_fee` (from the fee schedule) is named
/// in the attestation message.
#[must_use]
pub fn check(
    app: &Application,
    rules: &RuleEdition,
    resurvey_fee: Option<(&str, Cents)>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let c = completeness(app);
    let fee = resurvey_fee.map_or_else(String::new, |(cur, c)| {
        format!(" (up to {})", crate::fees::money(cur, c))
    });
    let p = &app.practice;
    let q = app.questionnaire.clone().unwrap_or_default();
    let any_site_prepares = p
        .sites
        .iter()
        .any(|s| s.prepares_chemotherapy == Some(true));
    let preparer_inconsistent =
        any_site_prepares && q.detail.prepared_by.as_ref().is_none_or(Vec::is_empty);
    for s in &c.sections {
        for m in &s.missing {
            // Covered by a more specific finding: the foundation's primary-contact count and
            // the preparer inconsistency below.
            if m.path == "practice.contacts" && !p.contacts.is_empty() {
                continue;
            }
            if preparer_inconsistent && m.path.ends_with("chemotherapy_prepared_by") {
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
    use super::ratio;

    #[test]
    fn percent_rounds_down_so_100_means_all() {
        assert_eq!(ratio(299, 300).to_string(), "99.66 %");
        assert_eq!(ratio(1, 3).to_string(), "33.33 %");
        assert_eq!(ratio(3, 3).to_string(), "100.00 %");
    }
}
