//! What the file says happened: every event of the journey read from its one home.
//!
//! Each event the application records has exactly one home (see docs/application-format.md,
//! "Where each fact lives"). Older files recorded some events under `timeline` or in a second
//! section; those places are still read, so files written in the earlier format load, but the
//! home wins and [`check`] reports the second place: an error when the dates differ, a warning
//! when they agree (delete one), a note when only the old place holds it (move it).
//!
//! Every command — `status`, `deadlines`, `survey`, `ccr summary`, `checklist`, the PDFs and
//! `qcp check` — reads events through [`Events::of`], so no two commands can disagree about
//! whether something happened or when.
//!
//! Not responsible for: judging the events (checks do that) or deadlines (`status`).

use crate::finding::Finding;
use crate::model::Application;
use crate::model::ccr::DecisionOutcome;
use crate::units::Date;

/// A dated event and where the file records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fact {
    /// The date.
    pub date: Date,
    /// The YAML path it was read from.
    pub path: String,
}

/// One event's readings: its home first, then older places and copies.
struct Places {
    home: &'static str,
    found: Vec<(String, Date)>,
    /// Places that copy a program document (the CCR's survey sheet): read like an older place,
    /// but the fact alone there is where the document put it, not a misplaced record.
    copies: Vec<&'static str>,
}

impl Places {
    fn new(home: &'static str) -> Self {
        Places {
            home,
            found: Vec::new(),
            copies: Vec::new(),
        }
    }

    /// A place that copies a program document: two different dates are still reported, the
    /// document's alone is not an older place (`qcp ccr import` writes `ccr.survey.date`).
    fn copy_at(mut self, path: &'static str, d: Option<Date>) -> Self {
        self.copies.push(path);
        self.at(path, d)
    }

    fn at(mut self, path: &str, d: Option<Date>) -> Self {
        if let Some(d) = d {
            self.found.push((path.to_owned(), d));
        }
        self
    }

    /// The value in force: the home's, else the first older place's.
    fn fact(&self) -> Option<Fact> {
        self.found.first().map(|(p, d)| Fact {
            date: *d,
            path: p.clone(),
        })
    }

    fn findings(&self, what: &str, out: &mut Vec<Finding>) {
        let Some((first, d0)) = self.found.first() else {
            return;
        };
        if first != self.home && !self.copies.contains(&first.as_str()) && self.found.len() == 1 {
            out.push(
                Finding::new(
                    "fact-old-place",
                    first,
                    format!(
                        "{what} ({d0}) is recorded at `{first}`, an older place; its home is `{}`",
                        self.home
                    ),
                    format!("move the date to `{}`", self.home),
                )
                .rule("one home per fact"),
            );
        }
        for (p, d) in self.found.iter().skip(1) {
            let f = if d == d0 {
                Finding::new(
                    "fact-duplicate",
                    p,
                    format!("{what} is recorded twice: `{first}` and `{p}` both say {d}"),
                    format!("delete `{p}`; `{first}` is where qcp reads it"),
                )
            } else {
                Finding::new(
                    "fact-recorded-twice",
                    p,
                    format!(
                        "{what} is recorded twice with different dates: `{first}` says {d0}, `{p}` says {d}"
                    ),
                    format!("keep the right date at `{first}` and delete `{p}`"),
                )
            };
            out.push(f.rule("one home per fact"));
        }
    }
}

/// Every event of the journey, each read from its home (or an older place when the home is
/// empty). The single source for milestone states, deadlines and every command's dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Events {
    /// The eligibility form was submitted (`eligibility.form_date`).
    pub eligibility_form: Option<Fact>,
    /// Staff approved eligibility (`timeline.eligibility_approved`: no other home).
    pub eligibility_approved: Option<Fact>,
    /// The participation agreement was signed (`agreements.participation.signed_on`).
    pub agreement_signed: Option<Fact>,
    /// The questionnaire (the application) was submitted (`questionnaire.submitted_on`).
    pub questionnaire_submitted: Option<Fact>,
    /// The practice's own planned submission date (`timeline.planned_submission`).
    pub planned_submission: Option<Fact>,
    /// The pre-payment request was sent (`payment.prepayment_requested_on`; 2019 edition, S0).
    pub prepayment_requested: Option<Fact>,
    /// The QCP admin approved it (`payment.prepayment_approved_on`; 2019 edition, S0).
    pub prepayment_approved: Option<Fact>,
    /// The invoice was issued (`payment.invoice.date`).
    pub invoice_received: Option<Fact>,
    /// The fee was paid (`payment.paid_on`).
    pub paid: Option<Fact>,
    /// The pre-survey documents were submitted (`timeline.documents_submitted`: no other home).
    pub documents_submitted: Option<Fact>,
    /// The survey availability form was submitted (`survey.form_date`, with options given).
    pub survey_form: Option<Fact>,
    /// The program named the surveyor and date (`survey.surveyor_notice`).
    pub surveyor_notice: Option<Fact>,
    /// The practice answered on conflicts of interest (`survey.conflict_of_interest_reply`).
    pub coi_reply: Option<Fact>,
    /// The survey took place (`survey.survey_date`).
    pub survey: Option<Fact>,
    /// The survey date agreed before the practice changed it (`survey.rescheduled_from`).
    pub survey_rescheduled_from: Option<Fact>,
    /// The CCR reached the practice (`ccr.received`).
    pub ccr_received: Option<Fact>,
    /// The action plan was submitted (`ccr.action_plan.submitted`).
    pub action_plan_submitted: Option<Fact>,
    /// An extension of the evidence deadline was requested (`ccr.extension.requested`).
    pub extension_requested: Option<Fact>,
    /// The final CCR was issued (`ccr.final`).
    pub final_ccr: Option<Fact>,
    /// Implementation evidence was submitted (`timeline.evidence_submitted`; with CCR issues,
    /// derived per issue from `ccr.evidence`).
    pub evidence_submitted: Option<Fact>,
    /// The certification decision was certified (`decision.date` with `outcome: certified`).
    pub certified: Option<Fact>,
}

impl Events {
    /// Reads every event of `app`, home first.
    #[must_use]
    pub fn of(app: &Application) -> Self {
        let mut e = Events::default();
        for (slot, places, _) in places(app) {
            *e.slot_mut(slot) = places.fact();
        }
        e
    }

    fn slot_mut(&mut self, slot: Slot) -> &mut Option<Fact> {
        match slot {
            Slot::EligibilityForm => &mut self.eligibility_form,
            Slot::EligibilityApproved => &mut self.eligibility_approved,
            Slot::AgreementSigned => &mut self.agreement_signed,
            Slot::QuestionnaireSubmitted => &mut self.questionnaire_submitted,
            Slot::PlannedSubmission => &mut self.planned_submission,
            Slot::PrepaymentRequested => &mut self.prepayment_requested,
            Slot::PrepaymentApproved => &mut self.prepayment_approved,
            Slot::InvoiceReceived => &mut self.invoice_received,
            Slot::Paid => &mut self.paid,
            Slot::DocumentsSubmitted => &mut self.documents_submitted,
            Slot::SurveyForm => &mut self.survey_form,
            Slot::SurveyorNotice => &mut self.surveyor_notice,
            Slot::CoiReply => &mut self.coi_reply,
            Slot::Survey => &mut self.survey,
            Slot::SurveyRescheduledFrom => &mut self.survey_rescheduled_from,
            Slot::CcrReceived => &mut self.ccr_received,
            Slot::ActionPlanSubmitted => &mut self.action_plan_submitted,
            Slot::ExtensionRequested => &mut self.extension_requested,
            Slot::FinalCcr => &mut self.final_ccr,
            Slot::EvidenceSubmitted => &mut self.evidence_submitted,
            Slot::Certified => &mut self.certified,
        }
    }

    /// The date of `f`, if recorded.
    #[must_use]
    pub fn date(f: Option<&Fact>) -> Option<Date> {
        f.map(|f| f.date)
    }
}

#[derive(Clone, Copy)]
enum Slot {
    EligibilityForm,
    EligibilityApproved,
    AgreementSigned,
    QuestionnaireSubmitted,
    PlannedSubmission,
    PrepaymentRequested,
    PrepaymentApproved,
    InvoiceReceived,
    Paid,
    DocumentsSubmitted,
    SurveyForm,
    SurveyorNotice,
    CoiReply,
    Survey,
    SurveyRescheduledFrom,
    CcrReceived,
    ActionPlanSubmitted,
    ExtensionRequested,
    FinalCcr,
    EvidenceSubmitted,
    Certified,
}

/// The table of homes: each event, its home, its older places, and its name in messages.
/// docs/application-format.md ("Where each fact lives") is this table in words.
fn places(app: &Application) -> Vec<(Slot, Places, &'static str)> {
    let t = &app.timeline;
    let s = app.survey.as_ref();
    let c = app.ccr.as_ref();
    let pay = app.payment.as_ref();
    let plan = c.and_then(|c| c.action_plan.as_ref());
    let certified = app
        .decision
        .as_ref()
        .filter(|d| d.outcome == DecisionOutcome::Certified)
        .and_then(|d| d.date);
    // With CCR issues, evidence is complete when every issue has submitted evidence: the
    // latest submission date. Without issues, only the timeline can say.
    let evidence = c.filter(|c| !c.issues.is_empty()).and_then(|c| {
        c.issues
            .iter()
            .map(|i| {
                c.evidence
                    .iter()
                    .filter(|e| e.issue == i.id)
                    .filter_map(|e| e.submitted)
                    .max()
            })
            .collect::<Option<Vec<Date>>>()
            .and_then(|v| v.into_iter().max())
    });
    vec![
        (
            Slot::EligibilityForm,
            Places::new("eligibility.form_date").at(
                "eligibility.form_date",
                app.eligibility.as_ref().and_then(|e| e.form_date),
            ),
            "the eligibility form",
        ),
        (
            Slot::EligibilityApproved,
            Places::new("timeline.eligibility_approved")
                .at("timeline.eligibility_approved", t.eligibility_approved),
            "eligibility approval",
        ),
        (
            Slot::AgreementSigned,
            Places::new("agreements.participation.signed_on")
                .at(
                    "agreements.participation.signed_on",
                    app.agreements
                        .as_ref()
                        .and_then(|a| a.participation.as_ref())
                        .and_then(|p| p.signed_on),
                )
                .at("timeline.agreement_signed", t.agreement_signed),
            "the participation agreement's signature",
        ),
        (
            Slot::QuestionnaireSubmitted,
            Places::new("questionnaire.submitted_on")
                .at(
                    "questionnaire.submitted_on",
                    app.questionnaire.as_ref().and_then(|q| q.submitted_on),
                )
                .at(
                    "timeline.questionnaire_submitted",
                    t.questionnaire_submitted,
                )
                .at(
                    "survey.application_submitted",
                    s.and_then(|s| s.application_submitted),
                ),
            "the questionnaire's submission",
        ),
        (
            Slot::PlannedSubmission,
            Places::new("timeline.planned_submission")
                .at("timeline.planned_submission", t.planned_submission),
            "the planned submission",
        ),
        (
            Slot::PrepaymentRequested,
            Places::new("payment.prepayment_requested_on").at(
                "payment.prepayment_requested_on",
                pay.and_then(|p| p.prepayment_requested_on),
            ),
            "the pre-payment request",
        ),
        (
            Slot::PrepaymentApproved,
            Places::new("payment.prepayment_approved_on").at(
                "payment.prepayment_approved_on",
                pay.and_then(|p| p.prepayment_approved_on),
            ),
            "the pre-payment approval",
        ),
        (
            Slot::InvoiceReceived,
            Places::new("payment.invoice.date")
                .at("payment.invoice.date", pay.and_then(|p| p.invoice_date))
                .at("timeline.invoice_received", t.invoice_received),
            "the invoice",
        ),
        (
            Slot::Paid,
            Places::new("payment.paid_on")
                .at("payment.paid_on", pay.and_then(|p| p.paid_on))
                .at("timeline.paid", t.paid),
            "the payment",
        ),
        (
            Slot::DocumentsSubmitted,
            Places::new("timeline.documents_submitted")
                .at("timeline.documents_submitted", t.documents_submitted),
            "the pre-survey documents' submission",
        ),
        (
            Slot::SurveyForm,
            Places::new("survey.form_date").at(
                "survey.form_date",
                s.filter(|s| !s.options.is_empty())
                    .and_then(|s| s.form_date),
            ),
            "the survey availability form",
        ),
        (
            Slot::SurveyorNotice,
            Places::new("survey.surveyor_notice")
                .at("survey.surveyor_notice", s.and_then(|s| s.surveyor_notice)),
            "the surveyor notice",
        ),
        (
            Slot::CoiReply,
            Places::new("survey.conflict_of_interest_reply").at(
                "survey.conflict_of_interest_reply",
                s.and_then(|s| s.conflict_of_interest_reply),
            ),
            "the conflict-of-interest reply",
        ),
        (
            Slot::Survey,
            Places::new("survey.survey_date")
                .at("survey.survey_date", s.and_then(|s| s.survey_date))
                .copy_at("ccr.survey.date", c.and_then(|c| c.survey_date)),
            "the survey",
        ),
        (
            Slot::SurveyRescheduledFrom,
            Places::new("survey.rescheduled_from").at(
                "survey.rescheduled_from",
                s.and_then(|s| s.rescheduled_from),
            ),
            "the survey date agreed before the change",
        ),
        (
            Slot::CcrReceived,
            Places::new("ccr.received")
                .at("ccr.received", c.and_then(|c| c.received))
                .at("timeline.ccr_received", t.ccr_received),
            "the CCR's receipt",
        ),
        (
            Slot::ActionPlanSubmitted,
            Places::new("ccr.action_plan.submitted")
                .at("ccr.action_plan.submitted", plan.and_then(|p| p.submitted))
                .at("timeline.action_plan_submitted", t.action_plan_submitted),
            "the action plan's submission",
        ),
        (
            Slot::ExtensionRequested,
            Places::new("ccr.extension.requested")
                .at(
                    "ccr.extension.requested",
                    c.and_then(|c| c.extension.as_ref())
                        .and_then(|x| x.requested),
                )
                .at("timeline.extension_requested", t.extension_requested),
            "the extension request",
        ),
        (
            Slot::FinalCcr,
            Places::new("ccr.final")
                .at("ccr.final", c.and_then(|c| c.final_report))
                .at("timeline.final_ccr", t.final_ccr),
            "the final CCR",
        ),
        (
            Slot::EvidenceSubmitted,
            Places::new("ccr.evidence")
                .at("ccr.evidence", evidence)
                .at("timeline.evidence_submitted", t.evidence_submitted),
            "the implementation evidence",
        ),
        (
            Slot::Certified,
            Places::new("decision.date")
                .at("decision.date", certified)
                .at("timeline.certified", t.certified),
            "the certification decision",
        ),
    ]
}

/// Findings of the one-home rule: an event in two places (error when the dates differ,
/// warning when they agree), or only in an older place (info).
#[must_use]
pub fn check(app: &Application) -> Vec<Finding> {
    let mut out = Vec::new();
    for (slot, p, what) in places(app) {
        // Evidence derived from `ccr.evidence` is a summary of per-issue dates, not a second
        // copy: the timeline entry is only an old place when no issue is recorded.
        if matches!(slot, Slot::EvidenceSubmitted) && p.found.len() > 1 {
            let mut q = Places::new(p.home);
            q.found = p.found[..1].to_vec();
            let t = &p.found[1];
            out.push(
                Finding::new(
                    "fact-duplicate",
                    &t.0,
                    format!(
                        "{what} is recorded per issue under `ccr.evidence` and again at `{}`",
                        t.0
                    ),
                    format!("delete `{}`; qcp reads each issue's `submitted` date", t.0),
                )
                .rule("one home per fact"),
            );
            continue;
        }
        p.findings(what, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;
    use crate::source::SourceFile;

    fn app(extra: &str) -> Application {
        let text = format!("practice:\n  name: A\n  country: US\n  fte: 3\n{extra}");
        load::parse(&SourceFile::new("a.yaml", &text)).expect("test file parses")
    }

    #[test]
    fn the_home_is_read_and_a_second_place_with_another_date_is_an_error() {
        let a = app(
            "questionnaire:\n  submitted_on: 2026-12-01\ntimeline:\n  questionnaire_submitted: 2026-12-03\n",
        );
        let e = Events::of(&a);
        assert_eq!(
            e.questionnaire_submitted.as_ref().map(|f| f.path.as_str()),
            Some("questionnaire.submitted_on")
        );
        let f = check(&a);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "fact-recorded-twice");
        assert_eq!(f[0].path, "timeline.questionnaire_submitted");
        assert!(f[0].message.contains("2026-12-01") && f[0].message.contains("2026-12-03"));
    }

    #[test]
    fn the_same_date_twice_is_a_warning_and_one_place_is_silent() {
        let a = app("payment:\n  paid_on: 2026-12-20\ntimeline:\n  paid: 2026-12-20\n");
        let f = check(&a);
        assert_eq!(
            f.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["fact-duplicate"]
        );
        // Near miss: only the home.
        assert!(check(&app("payment:\n  paid_on: 2026-12-20\n")).is_empty());
    }

    #[test]
    fn an_old_place_alone_is_read_and_noted() {
        let a = app("timeline:\n  paid: 2026-12-20\n");
        assert_eq!(
            Events::of(&a).paid.map(|f| f.date.to_string()),
            Some("2026-12-20".into())
        );
        let f = check(&a);
        assert_eq!(
            f.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["fact-old-place"]
        );
        assert!(f[0].message.contains("payment.paid_on"));
    }
}
