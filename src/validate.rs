//! Consistency of an application file (`qcp validate`): cross-field checks that typed parsing
//! cannot express.
//!
//! The chosen round exists, round ids are in the calendar, dates are in order, NPIs are real
//! NPIs, there is exactly one primary contact, site names are unique, FTE is above zero and
//! agrees with clinicians' hours. Whether the practice is *eligible* is `eligibility`.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::model::{Application, Participation};
use crate::rules::RuleEdition;
use crate::source::join;
use crate::units::{Date, Dec2};

/// Runs every consistency check.
#[must_use]
pub fn check(app: &Application, rules: &RuleEdition, _as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    rounds(app, rules, &mut out);
    dates(app, &mut out);
    npis(app, &mut out);
    contacts(app, &mut out);
    sites(app, rules, &mut out);
    fte(app, rules, &mut out);
    for s in &app.other_sections {
        out.push(Finding::new(
            "section-not-checked",
            *s,
            format!("section `{s}` is not checked by `qcp validate`"),
            section_command(s),
        ));
    }
    out
}

/// The command that checks a section `qcp validate` leaves to others (its `section-not-checked`
/// hint).
fn section_command(s: &str) -> &'static str {
    match s {
        "agreements" | "questionnaire" => "run `qcp questionnaire check FILE`",
        "payment" => "run `qcp fee estimate FILE`",
        "documents" => "run `qcp checklist FILE` or `qcp bundle check PATH`",
        "survey" => "run `qcp survey check FILE`",
        "ccr" | "decision" => "run `qcp ccr summary FILE`",
        "timeline" => "run `qcp status FILE`",
        "qopi" => "run `qcp qopi check FILE`",
        "readiness" => "run `qcp readiness FILE`",
        _ => "see docs/application-format.md",
    }
}

fn rounds(app: &Application, rules: &RuleEdition, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for r in &app.rounds {
        if !seen.insert(r.id.as_str()) {
            out.push(Finding::new(
                "duplicate-round",
                join(&r.path, "id"),
                format!("round `{}` is listed more than once", r.id),
                "keep one entry per round",
            ));
        }
        if rules.round(&r.id).is_none() {
            let ids: Vec<&str> = rules.rounds.iter().map(|d| d.id.as_str()).collect();
            let hint = match crate::suggest::closest(&r.id, &ids) {
                Some(c) => format!("did you mean `{c}`? `qcp rules show` lists the calendar"),
                None => "use an id from `qcp rules show`, or load an edition that lists it (--rules FILE)".into(),
            };
            out.push(
                Finding::new(
                    "unknown-round",
                    join(&r.path, "id"),
                    format!(
                        "round `{}` is not in the round calendar of edition {}",
                        r.id, rules.edition.id
                    ),
                    hint,
                )
                .rule("round"),
            );
        }
        let known_sites: HashSet<&str> =
            app.practice.sites.iter().map(|s| s.name.as_str()).collect();
        for sc in &r.site_charts {
            if !known_sites.contains(sc.site.as_str()) {
                let names: Vec<&str> = known_sites.iter().copied().collect();
                let hint = match crate::suggest::closest(&sc.site, &names) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "use a site name from practice.sites".into(),
                };
                out.push(Finding::new(
                    "site-charts-unknown-site",
                    join(&sc.path, "site"),
                    format!(
                        "charts are given for site `{}`, which practice.sites does not list",
                        sc.site
                    ),
                    hint,
                ));
            }
        }
    }
    if let Some(e) = &app.eligibility
        && let Some(id) = &e.round
        && !app.rounds.iter().any(|r| &r.id == id)
    {
        out.push(Finding::new(
            "chosen-round-missing",
            "eligibility.round",
            format!("the eligibility form chooses `{id}`, which is not listed under `rounds`"),
            "add the round under `rounds` with its score and charts, or choose a listed round",
        ));
    }
}

fn dates(app: &Application, out: &mut Vec<Finding>) {
    if let Some(c) = &app.applicant.current_certification
        && c.expires <= c.awarded
    {
        out.push(Finding::new(
            "date-order",
            "applicant.current_certification.expires",
            format!(
                "the certification expires ({}) on or before it was awarded ({})",
                c.expires, c.awarded
            ),
            "correct the awarded or expires date",
        ));
    }
    if let Some(e) = &app.eligibility
        && let (Some(w), Some(f)) = (e.webinar_date, e.form_date)
        && w > f
    {
        out.push(Finding::new(
            "date-order",
            "eligibility.webinar.date",
            format!("the webinar ({w}) is after the eligibility form date ({f})"),
            "the webinar comes before applying: correct one of the dates",
        ));
    }
}

/// The NPI check digit: Luhn over the 9-digit base prefixed with 80840 (CMS NPI standard).
#[must_use]
pub fn npi_is_valid(npi: &str) -> bool {
    let digits: Vec<u32> = npi.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || npi.len() != 10 {
        return false;
    }
    let mut sum = 24; // the constant contribution of the 80840 prefix
    for (i, d) in digits[..9].iter().rev().enumerate() {
        sum += if i % 2 == 0 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            *d
        };
    }
    (10 - sum % 10) % 10 == digits[9]
}

fn npis(app: &Application, out: &mut Vec<Finding>) {
    let us = app.practice.country == "US";
    for p in &app.practice.physicians {
        let path = join(&p.path, "npi");
        if !us {
            if p.npi != "0" && !npi_is_valid(&p.npi) {
                out.push(Finding::new(
                    "npi-invalid",
                    path,
                    format!(
                        "physician {}: `{}` is neither 0 nor a valid NPI",
                        p.name, p.npi
                    ),
                    "practices outside the US enter 0 for each physician",
                ));
            }
            continue;
        }
        if !npi_is_valid(&p.npi) {
            let why = if p.npi.len() != 10 || !p.npi.bytes().all(|b| b.is_ascii_digit()) {
                format!(
                    "has {} characters; an NPI is 10 digits",
                    p.npi.chars().count()
                )
            } else {
                "fails the NPI check digit".to_owned()
            };
            out.push(Finding::new(
                "npi-invalid",
                path,
                format!("physician {}: NPI `{}` {why}", p.name, p.npi),
                "copy the NPI from the NPPES registry",
            ));
        }
    }
}

/// Exactly one primary contact; also run by `records::check` for the questionnaire.
pub(crate) fn contacts(app: &Application, out: &mut Vec<Finding>) {
    if app.practice.contacts.is_empty() {
        return;
    }
    let primaries: Vec<&str> = app
        .practice
        .contacts
        .iter()
        .filter(|c| c.primary)
        .map(|c| c.name.as_str())
        .collect();
    if primaries.len() != 1 {
        let path = app
            .practice
            .contacts
            .iter()
            .filter(|c| c.primary)
            .nth(1)
            .map_or_else(
                || "practice.contacts".to_owned(),
                |c| join(&c.path, "primary"),
            );
        out.push(Finding::new(
            "primary-contact-count",
            path,
            if primaries.is_empty() {
                "no contact is marked primary; the practice needs exactly one".to_owned()
            } else {
                format!(
                    "{} contacts are marked primary ({}); only one may be",
                    primaries.len(),
                    primaries.join(", ")
                )
            },
            "set `primary: true` on exactly one contact",
        ));
    }
}

fn sites(app: &Application, rules: &RuleEdition, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for s in &app.practice.sites {
        if !seen.insert(s.name.to_lowercase()) {
            out.push(Finding::new(
                "duplicate-site-name",
                join(&s.path, "name"),
                format!("site name `{}` is used more than once", s.name),
                "give each site a distinct name",
            ));
        }
        if app.practice.participation == Participation::Site
            && s.fte(rules.eligibility.hours_per_fte).is_none()
        {
            out.push(Finding::new(
                "site-fte-missing",
                join(&s.path, "fte"),
                format!(
                    "site `{}` has no FTE; site-level participation needs one per site",
                    s.name
                ),
                "add `fte:` (or clinicians) to the site",
            ));
        }
    }
}

fn fte(app: &Application, rules: &RuleEdition, out: &mut Vec<Finding>) {
    let p = &app.practice;
    if let Some(f) = p.fte
        && f <= Dec2::ZERO
    {
        out.push(Finding::new(
            "fte-not-positive",
            "practice.fte",
            format!("practice FTE is {f}; it must be above 0"),
            "enter the practice's FTE (weekly clinical hours of its oncologists ÷ 40)",
        ));
    }
    for s in &p.sites {
        if let Some(f) = s.fte
            && f <= Dec2::ZERO
        {
            out.push(Finding::new(
                "fte-not-positive",
                join(&s.path, "fte"),
                format!("site `{}` FTE is {f}; it must be above 0", s.name),
                "enter the site's FTE",
            ));
        }
    }
    if let (Some(given), Some(hours)) = (p.fte, p.fte_from_hours(rules.eligibility.hours_per_fte))
        && hours.value != crate::units::Fte::from_dec(given)
    {
        out.push(
            Finding::new(
                "fte-mismatch",
                "practice.fte",
                format!(
                    "practice.fte is {given} but the clinicians' {} weekly hours give {} FTE",
                    hours.hours.unwrap_or_default(),
                    hours.value
                ),
                "remove one of the two, or correct the figure",
            )
            .rule("eligibility.hours_per_fte"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::npi_is_valid;

    #[test]
    fn npi_check_digit() {
        // CMS's published example NPI 1234567893 is valid; changing the check digit breaks it.
        assert!(npi_is_valid("1234567893"));
        assert!(!npi_is_valid("1234567890"));
        assert!(!npi_is_valid("123456789"));
        assert!(!npi_is_valid("12345678931"));
        assert!(!npi_is_valid("12345-7893"));
    }
}
