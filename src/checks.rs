//! The registry: every check qcp has, registered once, with its family and what it reads.
//!
//! A command is a named selection from [`REGISTRY`] ([`Selection`]); `qcp check` runs them all.
//! Each check takes the one input context, [`Inputs`], and pushes findings; none of them prints,
//! reads the clock or the environment. The document files themselves (existence, size, type, the
//! PHI screen) are read by `bundle`, which runs this registry for each application and
//! adds its file findings.
//!
//! Not responsible for: locating or sorting findings (reports do that) or any rendering.

use crate::calendar::HolidayCalendar;
use crate::catalog::Catalog;
use crate::checklist::DocStates;
use crate::codes::Family;
use crate::fees::FeeSchedule;
use crate::finding::Finding;
use crate::model::Application;
use crate::rules::RuleEdition;
use crate::units::Date;

/// The data a check may consult besides the application: one set per run.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    /// The rule edition.
    pub rules: &'a RuleEdition,
    /// The fee schedule.
    pub fees: &'a FeeSchedule,
    /// The standards catalog.
    pub catalog: &'a Catalog,
    /// The business-day calendar.
    pub calendar: &'a HolidayCalendar,
}

/// Everything a check reads: the application, the data in force, what was found about its
/// document files, and the date.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The validated application.
    pub app: &'a Application,
    /// Rules, fees, catalog and calendar.
    pub data: Data<'a>,
    /// The states of the referenced document files (`bundle::Context::document_states`);
    /// empty when the files were not looked at.
    pub documents: &'a DocStates,
    /// What is derived once from all of the above.
    pub derived: &'a Derived,
    /// The date the rules are applied as of.
    pub as_of: Date,
}

/// What every command derives from the file, made once per application: the events from
/// their homes, the questionnaire and documents percentages, the eligibility evaluation and
/// the milestones with their deadlines. Checks and reports read these; none recomputes them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Derived {
    /// Every event, from its home.
    pub events: crate::facts::Events,
    /// Questionnaire and documents percent complete.
    pub progress: crate::status::Progress,
    /// The eligibility evaluation.
    pub eligibility: crate::eligibility::Evaluation,
    /// Milestones, deadlines and their findings; `None` when the edition has no `[deadlines]`.
    pub status: Option<crate::status::Evaluation>,
}

impl Derived {
    /// Derives everything once.
    #[must_use]
    pub fn of(app: &Application, data: Data<'_>, documents: &DocStates, as_of: Date) -> Self {
        let progress =
            crate::status::Progress::of_in(app, data.rules, data.fees, data.catalog, documents);
        let eligibility = crate::eligibility::check(app, data.rules, as_of);
        let status = crate::status::evaluate(
            app,
            data.rules,
            data.calendar,
            as_of,
            progress,
            &eligibility,
        )
        .ok();
        Derived {
            events: crate::facts::Events::of(app),
            progress,
            eligibility,
            status,
        }
    }
}

/// Everything `qcp check` says about one application: its findings (unlocated, unsorted) and
/// what was derived on the way.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Every check's findings.
    pub findings: Vec<Finding>,
    /// The derived facts.
    pub derived: Derived,
}

/// Derives the facts of `app` and runs the `selection` over them.
#[must_use]
pub fn evaluate(
    app: &Application,
    data: Data<'_>,
    documents: &DocStates,
    as_of: Date,
    selection: Selection,
) -> Evaluation {
    let derived = Derived::of(app, data, documents, as_of);
    let inputs = Inputs {
        app,
        data,
        documents,
        derived: &derived,
        as_of,
    };
    let findings = run(&inputs, selection);
    Evaluation { findings, derived }
}

/// One registered check.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Its family: the group a command selects and CI outputs report.
    pub family: Family,
    /// What it checks, in a few words.
    pub name: &'static str,
    /// The sections of the application (and data) it reads.
    pub reads: &'static str,
    run: fn(&Inputs<'_>, &mut Vec<Finding>),
}

impl Check {
    /// Runs the check.
    pub fn run(&self, i: &Inputs<'_>, out: &mut Vec<Finding>) {
        (self.run)(i, out);
    }
}

/// Every check, in the order of the journey.
pub const REGISTRY: &[Check] = &[
    Check {
        family: Family::Validate,
        name: "consistency of the file",
        reads: "practice, rounds, eligibility, timeline",
        run: |i, out| out.extend(crate::validate::check(i.app, i.data.rules, i.as_of)),
    },
    Check {
        family: Family::Validate,
        name: "one home per fact",
        reads: "every dated event",
        run: |i, out| out.extend(crate::facts::check(i.app)),
    },
    Check {
        family: Family::Eligibility,
        name: "eligibility to apply",
        reads: "practice, applicant, rounds, eligibility; rules [eligibility], chart table, calendar",
        run: |i, out| out.extend(i.derived.eligibility.findings.iter().cloned()),
    },
    Check {
        family: Family::Agreements,
        name: "agreements",
        reads: "agreements; rules [agreements]",
        run: |i, out| {
            out.extend(crate::agreements::check_at(
                i.app,
                i.data.rules,
                &i.derived.events,
            ));
        },
    },
    Check {
        family: Family::Records,
        name: "practice records",
        reads: "practice.contacts, practice.requests",
        run: |i, out| out.extend(crate::records::check(i.app, i.as_of)),
    },
    Check {
        family: Family::Questionnaire,
        name: "questionnaire completeness and consistency",
        reads: "questionnaire, practice; fee schedule (re-survey fee)",
        run: |i, out| {
            out.extend(crate::questionnaire::check_at(
                i.app,
                i.data.rules,
                i.data.fees,
                &i.derived.events,
            ));
        },
    },
    Check {
        family: Family::Fees,
        name: "fee estimate and payment",
        reads: "practice, questionnaire.supplemental, payment; fee schedule",
        run: |i, out| {
            let (input, findings) = crate::fees::input_of(i.app, i.data.rules, i.data.fees);
            out.extend(findings);
            let est = input.and_then(|x| crate::fees::estimate(&x, i.data.fees).ok());
            out.extend(crate::fees::check_payment(i.app, i.data.fees, est.as_ref()));
        },
    },
    Check {
        family: Family::Documents,
        name: "documents listed per element",
        reads: "documents; standards catalog",
        run: |i, out| out.extend(crate::checklist::check(i.app, i.data.catalog)),
    },
    Check {
        family: Family::Survey,
        name: "survey date options",
        reads: "survey; rules [survey], calendar",
        run: |i, out| {
            // An application that has not reached the survey step has nothing to check yet.
            if i.app.survey.is_none() {
                return;
            }
            if let Ok(ev) = crate::survey::check(i.app, i.data.rules, i.data.calendar, i.as_of) {
                out.extend(ev.findings);
            }
        },
    },
    Check {
        family: Family::Status,
        name: "milestones, deadlines and certification term",
        reads: "every dated event; rules [deadlines], [ccr], calendar",
        run: |i, out| {
            if let Some(s) = &i.derived.status {
                out.extend(s.findings.iter().cloned());
            }
        },
    },
    Check {
        family: Family::Status,
        name: "journey order",
        reads: "every dated event; rules [survey]",
        run: |i, out| {
            out.extend(crate::journey::check(
                &i.derived.events,
                i.data.rules,
                i.as_of,
            ));
        },
    },
    Check {
        family: Family::Ccr,
        name: "CCR, action plan and evidence",
        reads: "ccr, decision; rules [ccr], standards catalog, calendar",
        run: |i, out| {
            let Some(ccr) = i.app.ccr.as_ref() else {
                return;
            };
            let rules = i.data.rules.ccr_deadline_rules();
            let dl = rules
                .and_then(|(r, roll)| {
                    crate::ccr::deadlines(ccr, r, roll, i.data.calendar, i.as_of).ok()
                })
                .unwrap_or_default();
            out.extend(crate::ccr::check(
                i.app,
                i.data.catalog,
                rules.is_some(),
                &dl,
            ));
        },
    },
    Check {
        family: Family::Qopi,
        name: "QOPI registration and participation",
        reads: "qopi, practice.country, eligibility.round, rounds, applicant; rules [qopi], round calendar",
        run: |i, out| out.extend(crate::qopi::check(i.app, i.data.rules, i.as_of)),
    },
    Check {
        family: Family::Readiness,
        name: "readiness self-assessment",
        reads: "readiness, documents, survey.survey_date, ccr.survey.date; standards catalog",
        run: |i, out| {
            out.extend(crate::readiness::check(
                i.app,
                i.data.catalog,
                i.as_of,
                i.documents,
            ));
        },
    },
];

/// A named selection of the registry: what one command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Every check (`qcp check`, `qcp bundle check`, the application PDF).
    All,
    /// The checks of these families only (`qcp validate`, `qcp questionnaire check`, …).
    Families(&'static [Family]),
}

impl Selection {
    /// `qcp validate`.
    pub const VALIDATE: Selection = Selection::Families(&[Family::Validate]);
    /// `qcp eligibility check`.
    pub const ELIGIBILITY: Selection = Selection::Families(&[Family::Eligibility]);
    /// `qcp questionnaire check`.
    pub const QUESTIONNAIRE: Selection =
        Selection::Families(&[Family::Agreements, Family::Records, Family::Questionnaire]);
    /// `qcp fee estimate`.
    pub const FEES: Selection = Selection::Families(&[Family::Fees]);
    /// `qcp checklist`.
    pub const DOCUMENTS: Selection = Selection::Families(&[Family::Documents]);
    /// `qcp qopi check`.
    pub const QOPI: Selection = Selection::Families(&[Family::Qopi]);
    /// `qcp readiness`.
    pub const READINESS: Selection = Selection::Families(&[Family::Readiness]);

    /// Whether the selection includes `family`.
    #[must_use]
    pub fn includes(self, family: Family) -> bool {
        match self {
            Selection::All => true,
            Selection::Families(f) => f.contains(&family),
        }
    }

    /// The families the selection runs, in registry order, each once.
    #[must_use]
    pub fn families(self) -> Vec<Family> {
        let mut out: Vec<Family> = Vec::new();
        for c in REGISTRY.iter().filter(|c| self.includes(c.family)) {
            if !out.contains(&c.family) {
                out.push(c.family);
            }
        }
        out
    }
}

/// Whether the file is (also) a certification application: anything but a QOPI participation
/// file. A QOPI participation file has a `qopi` section and none of the certification
/// application's: no current certification, eligibility form, agreements other than the QOPI
/// BAA, questionnaire, payment, survey, documents, CCR, decision or timeline date. `qcp check`
/// runs on it only the checks that concern QOPI participation
/// (`Family::concerns_qopi_participation`; of the agreements, the QOPI BAA).
#[must_use]
pub fn seeks_certification(app: &Application) -> bool {
    app.qopi.is_none()
        || app.applicant.current_certification.is_some()
        || app.eligibility.is_some()
        || app
            .agreements
            .as_ref()
            .is_some_and(|a| a.participation.is_some() || a.international_review.is_some())
        || app.questionnaire.is_some()
        || app.payment.is_some()
        || app.survey.is_some()
        || app.documents.is_some()
        || app.ccr.is_some()
        || app.decision.is_some()
        || app.other_sections.contains(&"timeline")
}

/// The note a QOPI participation file gets once, in the status family (`qcp check` and
/// `qcp status` alike).
#[must_use]
pub fn certification_not_started() -> Finding {
    Finding::new(
        "certification-not-started",
        "qopi",
        "this file records QOPI participation and no certification application, so only the \
         file's consistency, the QOPI BAA, its milestones and deadlines and the qopi section \
         were checked",
        "when the practice applies for certification, add its `eligibility:` section",
    )
}

/// Runs the selected checks and returns their findings, unlocated and unsorted.
#[must_use]
pub fn run(i: &Inputs<'_>, selection: Selection) -> Vec<Finding> {
    let mut out = Vec::new();
    // Every check on an application; on a QOPI participation file, `qcp check` runs those that
    // concern QOPI participation (a command that names a family still runs it on request).
    let qopi_only = selection == Selection::All && !seeks_certification(i.app);
    for c in REGISTRY.iter().filter(|c| selection.includes(c.family)) {
        if !qopi_only {
            c.run(i, &mut out);
        } else if c.family == Family::Agreements {
            out.extend(crate::agreements::check_baa(i.app, i.data.rules));
        } else if c.family.concerns_qopi_participation() {
            c.run(i, &mut out);
        }
    }
    if qopi_only {
        out.push(certification_not_started());
    }
    if selection == Selection::All {
        // `section-not-checked` points a partial command at the one that checks a section;
        // with every check run there is nothing left unchecked.
        out.retain(|f| f.code != "section-not-checked");
    }
    out
}
