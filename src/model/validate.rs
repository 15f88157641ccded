//! Raw → typed: reads every number, percentage and date exactly, collecting all bad values.
//!
//! Each bad value becomes a finding of the `input` family with the value's YAML path; the loader
//! locates them all with one position scan. Consistency between values (a round id that the
//! calendar lacks, two primary contacts) is not judged here: that is `validate`.

use super::raw::{self, RawClinician, Text};
use super::{
    Applicant, Application, Certification, Clinician, Contact, EligibilityForm, Person, Physician,
    Practice, Round, Site, SiteCharts, StaffException,
};
use crate::finding::Finding;
use crate::source::{index, join};
use crate::units::NumberText;
use crate::units::{Date, Dec2, Percent};

/// The format version this build reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

struct Ctx {
    problems: Vec<Finding>,
}

impl Ctx {
    fn bad(&mut self, code: &'static str, path: &str, message: String, hint: String) {
        self.problems.push(Finding::new(code, path, message, hint));
    }

    fn values(&mut self) -> super::values::Problems<'_> {
        super::values::Problems(&mut self.problems)
    }

    fn date(&mut self, t: Option<&Text>, path: &str) -> Option<Date> {
        self.values().date(t, path)
    }

    fn percent(&mut self, t: Option<&Text>, path: &str) -> Option<Percent> {
        self.values().percent(t, path)
    }

    fn dec(&mut self, t: Option<&NumberText>, path: &str) -> Option<Dec2> {
        self.values().dec(t, path)
    }

    fn count(&mut self, t: Option<&NumberText>, path: &str) -> Option<u32> {
        self.values().count(t, path)
    }

    fn clinicians(&mut self, list: Option<&Vec<RawClinician>>, path: &str) -> Vec<Clinician> {
        let Some(list) = list else { return Vec::new() };
        let base = join(path, "clinicians");
        list.iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let p = join(&index(&base, i), "weekly_hours");
                let hours = self.dec(Some(&c.weekly_hours), &p)?;
                if hours > Dec2::from_int(168) {
                    self.bad(
                        "invalid-number",
                        &p,
                        format!("`{p}`: {hours} hours is more than a week has (168)"),
                        "write the clinician's weekly clinical hours".into(),
                    );
                    return None;
                }
                Some(Clinician {
                    name: c.name.0.clone(),
                    weekly_hours: hours,
                })
            })
            .collect()
    }
}

fn text(t: Option<&Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Turns a raw file into an [`Application`], or returns every bad value found.
pub(crate) fn validate(mut raw: raw::RawApplication) -> Result<Application, Vec<Finding>> {
    let mut cx = Ctx {
        problems: Vec::new(),
    };
    let format_version = match &raw.format_version {
        None => FORMAT_VERSION,
        Some(v) => match v.0.trim().parse::<u32>() {
            Ok(FORMAT_VERSION) => FORMAT_VERSION,
            _ => {
                cx.bad(
                    "unsupported-format-version",
                    "format_version",
                    format!(
                        "format_version `{}` is not supported; this qcp reads version {FORMAT_VERSION}",
                        v.0
                    ),
                    format!("write `format_version: {FORMAT_VERSION}`"),
                );
                FORMAT_VERSION
            }
        },
    };

    let p = &raw.practice;
    let fte = cx.dec(p.fte.as_ref(), "practice.fte");
    let clinicians = cx.clinicians(p.clinicians.as_ref(), "practice");
    let country = p.country.0.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        cx.bad(
            "wrong-type",
            "practice.country",
            format!(
                "`practice.country`: `{}` is not a two-letter country code",
                p.country.0
            ),
            "use the ISO 3166-1 alpha-2 code, e.g. US, BR, ES".into(),
        );
    }
    let sites = p
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let path = index("practice.sites", i);
            Site {
                fte: cx.dec(s.fte.as_ref(), &join(&path, "fte")),
                clinicians: cx.clinicians(s.clinicians.as_ref(), &path),
                path,
                name: s.name.0.trim().to_owned(),
                address: text(s.address.as_ref()),
                city: text(s.city.as_ref()),
                state: text(s.state.as_ref()),
                postal_code: text(s.postal_code.as_ref()),
                country: text(s.country.as_ref()),
                administers_chemotherapy: s.administers_chemotherapy,
                prepares_chemotherapy: s.prepares_chemotherapy,
            }
        })
        .collect();
    let practice = Practice {
        name: p.name.0.trim().to_owned(),
        program_id: text(p.program_id.as_ref()),
        country,
        participation: p.participation.unwrap_or_default(),
        fte,
        clinicians,
        physicians: p
            .physicians
            .iter()
            .enumerate()
            .map(|(i, ph)| Physician {
                path: index("practice.physicians", i),
                name: ph.name.0.trim().to_owned(),
                npi: ph.npi.0.trim().to_owned(),
            })
            .collect(),
        sites,
        tax_ids: p.tax_ids.iter().map(|t| t.0.trim().to_owned()).collect(),
        contacts: p
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| Contact {
                path: index("practice.contacts", i),
                name: c.name.0.trim().to_owned(),
                email: text(c.email.as_ref()),
                phone: text(c.phone.as_ref()),
                types: c.types.clone(),
                trusted: c.trusted,
                primary: c.primary,
            })
            .collect(),
        requests: super::sections::requests(
            &p.requests,
            &mut super::sections::Problems(&mut cx.problems),
        ),
    };

    let applicant = match &raw.applicant {
        None => Applicant {
            kind: raw::ApplicantType::New,
            current_certification: None,
        },
        Some(a) => Applicant {
            kind: a.kind,
            current_certification: a.current_certification.as_ref().and_then(|c| {
                let base = "applicant.current_certification";
                let awarded = cx.date(Some(&c.awarded), &join(base, "awarded"));
                let expires = cx.date(Some(&c.expires), &join(base, "expires"));
                Some(Certification {
                    awarded: awarded?,
                    expires: expires?,
                })
            }),
        },
    };

    let rounds = raw
        .rounds
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let path = index("rounds", i);
            let site_charts = r
                .site_charts
                .iter()
                .flatten()
                .enumerate()
                .filter_map(|(j, sc)| {
                    let sp = index(&join(&path, "site_charts"), j);
                    let charts = cx.count(Some(&sc.charts), &join(&sp, "charts"))?;
                    Some(SiteCharts {
                        path: sp,
                        site: sc.site.0.trim().to_owned(),
                        charts,
                    })
                })
                .collect();
            Round {
                id: r.id.0.trim().to_owned(),
                overall_score: cx.percent(r.overall_score.as_ref(), &join(&path, "overall_score")),
                unique_charts: cx.count(r.unique_charts.as_ref(), &join(&path, "unique_charts")),
                charts_entered: cx.count(r.charts_entered.as_ref(), &join(&path, "charts_entered")),
                final_report: cx.date(r.final_report.as_ref(), &join(&path, "final_report")),
                min_unique_charts: cx.count(
                    r.min_unique_charts.as_ref(),
                    &join(&path, "min_unique_charts"),
                ),
                opens: cx.date(r.opens.as_ref(), &join(&path, "opens")),
                closes: cx.date(r.closes.as_ref(), &join(&path, "closes")),
                site_charts,
                qcp_track: r.qcp_track,
                used_by_earlier_application: r.used_by_earlier_application,
                path,
            }
        })
        .collect();

    let eligibility = raw.eligibility.as_ref().map(|e| {
        let att = e.attestations.as_ref();
        let web = e.webinar.as_ref();
        let lr = e.legal_reviewer.as_ref();
        EligibilityForm {
            form_date: cx.date(e.form_date.as_ref(), "eligibility.form_date"),
            round: text(e.round.as_ref()),
            category: e.category.unwrap_or_default(),
            simultaneous_approved: e.simultaneous_approved,
            charts_from_all_sites: att.and_then(|a| a.charts_from_all_sites),
            charts_exhausted: att.and_then(|a| a.charts_exhausted),
            attestation_comment: att.and_then(|a| text(a.comment.as_ref())),
            has_attestations: att.is_some(),
            webinar_attendee: web.and_then(|w| text(w.attendee.as_ref())),
            webinar_date: web.and_then(|w| cx.date(w.date.as_ref(), "eligibility.webinar.date")),
            legal_entity: text(e.legal_entity.as_ref()),
            legal_reviewer: Person {
                name: lr.and_then(|p| text(p.name.as_ref())),
                email: lr.and_then(|p| text(p.email.as_ref())),
                phone: lr.and_then(|p| text(p.phone.as_ref())),
            },
            staff_exception: e.staff_exception.as_ref().map(|x| StaffException {
                granted: x.granted,
                date: cx.date(x.date.as_ref(), "eligibility.staff_exception.date"),
                by: text(x.by.as_ref()),
                reason: text(x.reason.as_ref()),
            }),
        }
    });

    let survey = raw
        .survey
        .as_ref()
        .map(|s| super::survey::survey(s, &mut |t, p| cx.date(t, p)));
    let timeline = raw
        .timeline
        .as_ref()
        .map(|t| super::survey::timeline(t, &mut |v, p| cx.date(v, p)))
        .unwrap_or_default();
    let has_documents = raw.documents.is_some();
    let documents = raw
        .documents
        .take()
        .map(|d| super::documents::convert(d, &mut cx.problems));

    let mut other_sections = Vec::new();
    for (name, present) in [
        ("agreements", raw.agreements.is_some()),
        ("questionnaire", raw.questionnaire.is_some()),
        ("payment", raw.payment.is_some()),
        ("documents", has_documents),
        ("survey", raw.survey.is_some()),
        ("ccr", raw.ccr.is_some()),
        ("decision", raw.decision.is_some()),
        ("timeline", raw.timeline.is_some()),
        ("qopi", raw.qopi.is_some()),
        ("readiness", raw.readiness.is_some()),
    ] {
        if present {
            other_sections.push(name);
        }
    }

    let mut px = super::sections::Problems(&mut cx.problems);
    let agreements = raw
        .agreements
        .as_ref()
        .map(|a| super::sections::agreements(a, &mut px));
    let questionnaire = raw
        .questionnaire
        .as_ref()
        .map(|q| super::sections::questionnaire(q, &mut px));
    let payment = raw
        .payment
        .as_ref()
        .map(|p| super::sections::payment(p, &mut px));

    let qopi = raw
        .qopi
        .as_ref()
        .map(|q| super::qopi::validate(q, &mut cx.values()));
    let ccr = raw
        .ccr
        .as_ref()
        .map(|c| super::ccr::validate_ccr(c, &mut cx.problems));
    let decision = raw
        .decision
        .as_ref()
        .map(|d| super::ccr::validate_decision(d, &mut cx.problems));
    let readiness = raw
        .readiness
        .as_ref()
        .map(|r| super::readiness::validate(r, &mut cx.problems));

    if cx.problems.is_empty() {
        Ok(Application {
            agreements,
            questionnaire,
            payment,
            ccr,
            decision,
            format_version,
            practice,
            applicant,
            rounds,
            eligibility,
            survey,
            timeline,
            documents,
            qopi,
            readiness,
            other_sections,
        })
    } else {
        Err(cx.problems)
    }
}
