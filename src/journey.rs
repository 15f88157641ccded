//! Journey order (docs/rules.md §2): milestones the file records in an order the program's
//! process does not allow, each finding naming both dates.
//!
//! Reads every date through [`facts::Events`](crate::facts::Events), so it judges exactly the
//! dates every other command uses. Which orders an edition imposes beyond the common ones comes
//! from the rule data (`[survey] form_after_payment_and_documents`, S1; `[payment]
//! prepayment_request`, S0).
//!
//! Not responsible for: deadlines (`status`) or whether each date is plausible on its own
//! (`validate`).

use crate::facts::{Events, Fact};
use crate::finding::Finding;
use crate::rules::RuleEdition;
use crate::units::Date;

/// One ordering rule: `later` may not be recorded before `earlier`.
struct Order<'a> {
    earlier: (&'static str, Option<&'a Fact>),
    later: (&'static str, Option<&'a Fact>),
    source: &'static str,
}

/// Findings for milestones recorded out of order, and for events dated after `as_of`.
#[must_use]
pub fn check(events: &Events, rules: &RuleEdition, as_of: Date) -> Vec<Finding> {
    let e = events;
    let mut orders = vec![
        Order {
            earlier: ("the eligibility form", e.eligibility_form.as_ref()),
            later: ("eligibility approval", e.eligibility_approved.as_ref()),
            source: "docs/rules.md §2 (milestones 1-2); S1",
        },
        Order {
            earlier: ("the eligibility form", e.eligibility_form.as_ref()),
            later: ("the survey", e.survey.as_ref()),
            source: "docs/rules.md §2 (milestones 1, 9); S1",
        },
        Order {
            earlier: ("eligibility approval", e.eligibility_approved.as_ref()),
            later: ("the survey", e.survey.as_ref()),
            source: "docs/rules.md §2 (milestones 2, 9); S1",
        },
        Order {
            earlier: ("the survey", e.survey.as_ref()),
            later: ("the CCR", e.ccr_received.as_ref()),
            source: "docs/rules.md §2 (milestones 9-10); S1",
        },
        Order {
            earlier: ("the CCR", e.ccr_received.as_ref()),
            later: ("the implementation evidence", e.evidence_submitted.as_ref()),
            source: "docs/rules.md §2 (milestones 10, 12); S1",
        },
    ];
    if rules
        .survey
        .as_ref()
        .is_some_and(|s| s.form_after_payment_and_documents)
    {
        orders.push(Order {
            earlier: ("the payment", e.paid.as_ref()),
            later: ("the survey availability form", e.survey_form.as_ref()),
            source: "docs/rules.md §2 (milestones 5, 7); S1",
        });
        orders.push(Order {
            earlier: (
                "the pre-survey documents submission",
                e.documents_submitted.as_ref(),
            ),
            later: ("the survey availability form", e.survey_form.as_ref()),
            source: "docs/rules.md §2 (milestones 6-7); S1",
        });
    }
    if rules.prepayment_request() {
        // S0: the QCP admin approves the pre-payment request after it is sent, and the
        // payment follows the approval.
        orders.push(Order {
            earlier: ("the pre-payment request", e.prepayment_requested.as_ref()),
            later: ("its approval", e.prepayment_approved.as_ref()),
            source: "docs/rules.md §4 (pre-payment request); S0",
        });
        orders.push(Order {
            earlier: ("the pre-payment approval", e.prepayment_approved.as_ref()),
            later: ("the payment", e.paid.as_ref()),
            source: "docs/rules.md §4 (pre-payment request); S0",
        });
    }
    let mut out = Vec::new();
    out.extend(prepayment(e, rules));
    for o in orders {
        let (Some(a), Some(b)) = (o.earlier.1, o.later.1) else {
            continue;
        };
        if b.date < a.date {
            out.push(
                Finding::new(
                    "milestone-out-of-order",
                    b.path.clone(),
                    format!(
                        "{} is recorded on {} (`{}`), before {} on {} (`{}`)",
                        o.later.0, b.date, b.path, o.earlier.0, a.date, a.path
                    ),
                    format!(
                        "correct whichever date is wrong; {} comes after {}",
                        o.later.0, o.earlier.0
                    ),
                )
                .rule(o.source),
            );
        }
    }
    // S1: changing an agreed survey date leaves the practice with the resulting travel and
    // surveyor costs.
    if let (Some(from), Some(to)) = (&e.survey_rescheduled_from, &e.survey)
        && from.date != to.date
    {
        out.push(
            Finding::new(
                "survey-date-changed",
                from.path.clone(),
                format!(
                    "the survey agreed for {} was moved to {}: the practice bears the resulting travel and surveyor costs",
                    from.date, to.date
                ),
                "budget for the costs the program passes on; avoid further changes",
            )
            .rule("docs/rules.md §4; S1"),
        );
    }
    if let Some(c) = &e.ccr_received
        && c.date > as_of
    {
        out.push(
            Finding::new(
                "event-after-as-of",
                c.path.clone(),
                format!(
                    "the CCR is recorded as received on {}, after the date checked ({as_of})",
                    c.date
                ),
                "record the date the CCR arrived, or check as of a later date (--as-of)",
            )
            .rule("docs/rules.md §2 (milestone 10)"),
        );
    }
    out
}

/// The pre-payment step's findings beyond its order: a payment without the approval the
/// edition requires (S0), or pre-payment dates recorded under an edition without the step (S1).
fn prepayment(e: &Events, rules: &RuleEdition) -> Vec<Finding> {
    let recorded = e
        .prepayment_requested
        .as_ref()
        .or(e.prepayment_approved.as_ref());
    let edition = &rules.edition.id;
    if !rules.prepayment_request() {
        return recorded
            .map(|f| {
                Finding::new(
                    "prepayment-not-in-edition",
                    f.path.clone(),
                    format!(
                        "a pre-payment request is recorded ({} on {}), but edition {edition} has no such step ([payment] prepayment_request = false): staff invoice every applicant",
                        f.path, f.date
                    ),
                    "check the file under the 2019 edition (--rules standards/rules-qcp-2019.toml), or delete the pre-payment dates",
                )
                .rule("docs/rules.md §4; S1 (invoice to every applicant), S0 (pre-payment request)")
            })
            .into_iter()
            .collect();
    }
    match (&e.paid, &e.prepayment_approved) {
        (Some(paid), None) => vec![
            Finding::new(
                "prepayment-approval-missing",
                "payment.prepayment_approved_on",
                format!(
                    "the payment is recorded on {} (`{}`), but no approval of the pre-payment request is recorded; edition {edition} pays only after the QCP admin approves it",
                    paid.date, paid.path
                ),
                "record the date of the approval as `payment.prepayment_approved_on`",
            )
            .rule("docs/rules.md §4 (pre-payment request); S0"),
        ],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(d: &str, p: &str) -> Option<Fact> {
        Some(Fact {
            date: d.parse().unwrap_or_default(),
            path: p.to_owned(),
        })
    }

    fn rules_2019() -> RuleEdition {
        RuleEdition::from_toml(
            std::path::Path::new("rules-qcp-2019.toml"),
            include_str!("../standards/rules-qcp-2019.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn codes(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn prepayment_approval_before_its_request_day_before_vs_day_of_s0() {
        // S0: the QCP admin approves the pre-payment request after it was sent.
        let rules = rules_2019();
        let as_of: Date = "2019-12-01".parse().unwrap_or_default();
        let mut e = Events {
            prepayment_requested: fact("2019-06-10", "payment.prepayment_requested_on"),
            prepayment_approved: fact("2019-06-09", "payment.prepayment_approved_on"),
            ..Events::default()
        };
        let f = check(&e, &rules, as_of);
        assert_eq!(codes(&f), ["milestone-out-of-order"]);
        assert!(f[0].message.contains("2019-06-09") && f[0].message.contains("2019-06-10"));
        assert!(f[0].rule.as_deref().is_some_and(|r| r.contains("S0")));
        // Near miss: approved the same day.
        e.prepayment_approved = fact("2019-06-10", "payment.prepayment_approved_on");
        assert!(check(&e, &rules, as_of).is_empty());
    }

    #[test]
    fn payment_before_prepayment_approval_day_before_vs_day_of_s0() {
        // S0: the practice pays only after the approval.
        let rules = rules_2019();
        let as_of: Date = "2019-12-01".parse().unwrap_or_default();
        let mut e = Events {
            prepayment_requested: fact("2019-06-03", "payment.prepayment_requested_on"),
            prepayment_approved: fact("2019-06-10", "payment.prepayment_approved_on"),
            paid: fact("2019-06-09", "payment.paid_on"),
            ..Events::default()
        };
        let f = check(&e, &rules, as_of);
        assert_eq!(codes(&f), ["milestone-out-of-order"]);
        assert_eq!(f[0].path, "payment.paid_on");
        assert!(f[0].message.contains("2019-06-09") && f[0].message.contains("2019-06-10"));
        e.paid = fact("2019-06-10", "payment.paid_on");
        assert!(check(&e, &rules, as_of).is_empty());
        // A payment with no approval at all: a warning naming the missing date.
        e.prepayment_approved = None;
        let f = check(&e, &rules, as_of);
        assert_eq!(codes(&f), ["prepayment-approval-missing"]);
        assert_eq!(f[0].path, "payment.prepayment_approved_on");
    }

    #[test]
    fn prepayment_under_the_2024_edition_is_not_part_of_its_process_s1() {
        // S1: staff invoice every applicant; the 2024 edition has no pre-payment request.
        let rules = RuleEdition::embedded().unwrap_or_else(|e| panic!("{e}"));
        let as_of: Date = "2027-01-01".parse().unwrap_or_default();
        let mut e = Events {
            prepayment_requested: fact("2026-12-01", "payment.prepayment_requested_on"),
            paid: fact("2026-12-20", "payment.paid_on"),
            ..Events::default()
        };
        let f = check(&e, &rules, as_of);
        assert_eq!(codes(&f), ["prepayment-not-in-edition"]);
        assert!(f[0].message.contains("qcp-2024"), "{}", f[0].message);
        // Near miss: the same payment without pre-payment dates is silent (no approval needed).
        e.prepayment_requested = None;
        assert!(check(&e, &rules, as_of).is_empty());
    }

    #[test]
    fn payment_before_survey_form_day_before_vs_day_of_s1() {
        // S1: the survey availability form follows the payment.
        let rules = RuleEdition::embedded().unwrap_or_else(|e| panic!("{e}"));
        let as_of: Date = "2027-01-01".parse().unwrap_or_default();
        let mut e = Events {
            paid: fact("2026-11-20", "payment.paid_on"),
            survey_form: fact("2026-11-19", "survey.form_date"),
            ..Events::default()
        };
        let f = check(&e, &rules, as_of);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2026-11-19") && f[0].message.contains("2026-11-20"));
        e.survey_form = fact("2026-11-20", "survey.form_date");
        assert!(
            check(&e, &rules, as_of).is_empty(),
            "the same day is in order"
        );
    }
}
