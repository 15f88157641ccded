//! Fee schedules as data and the certification-fee estimate (docs/rules.md §4).
//!
//! A [`FeeSchedule`] is read from TOML (`standards/fees-<edition>.toml`; the default is embedded,
//! `--schedule FILE` loads another): currency, base-fee tiers by FTE with included sites and a
//! per-additional-site fee, supplements tied to the questionnaire's supplemental-cost answers,
//! the contingent re-survey fee, the invoice-request rule and the payment modes. The loader
//! rejects gapped or overlapping tiers naming them, with located errors.
//!
//! [`estimate`] is pure arithmetic on integer cents: line items, total, payment modes, whether an
//! invoice request is needed and which rule triggered it. [`check_payment`] adds the findings about a
//! file's payment section. Writing an estimate into a file is the binary's job (through
//! [`crate::yaml_edit`]); [`EstimateRecord`] is what it writes.
//!
//! Not here: whether the questionnaire is complete (`questionnaire`), deadlines.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{InputError, offset_to_location};
use crate::finding::{Finding, Severity};
use crate::model::{Answer, Application, PaymentMode};
use crate::rules::{RuleEdition, toml_date};
use crate::units::{Cents, Date, Dec2, Fte};

/// The default schedule's text, embedded so qcp works with no files beside it.
pub const DEFAULT_SCHEDULE_TOML: &str = include_str!("../standards/fees-qcp-2024.toml");
/// The file name the default schedule is shipped as.
pub const DEFAULT_SCHEDULE_FILE: &str = "standards/fees-qcp-2024.toml";

/// A validated fee schedule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeeSchedule {
    /// Identity, currency, payment modes.
    pub schedule: ScheduleInfo,
    /// The contingent re-survey fee.
    pub resurvey: Resurvey,
    /// When an invoice request replaces direct payment.
    pub invoice_request: InvoiceRule,
    /// Plausibility bounds for what-if input.
    pub input: InputBounds,
    /// Base-fee tiers by FTE.
    #[serde(rename = "tier")]
    pub tiers: Vec<Tier>,
    /// Supplemental-cost questions and their fees.
    #[serde(default, rename = "supplement")]
    pub supplements: Vec<Supplement>,
    /// What each amount rests on, keyed like the line items' `rule` (`tier.A.fee`,
    /// `supplement.distant_sites.fee`, `resurvey.fee_up_to`, `invoice_request`); an amount
    /// without an entry is reported as unlabelled.
    #[serde(default)]
    pub provenance: std::collections::BTreeMap<String, crate::rules::FigureSource>,
}

/// Identity of a schedule, named in every estimate.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInfo {
    /// Stable id, e.g. `fees-qcp-2024`.
    pub id: String,
    /// Version of the figures.
    pub version: String,
    /// Human title.
    pub title: String,
    /// From when it applies.
    #[serde(with = "toml_date")]
    pub effective: Date,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Where the figures come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Payment modes offered, in the order shown.
    pub payment_modes: Vec<PaymentMode>,
    /// Whether the fee is non-refundable.
    pub non_refundable: bool,
    /// What the fee covers.
    pub covers: String,
}

/// The contingent re-survey fee.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resurvey {
    /// The most a re-survey costs.
    pub fee_up_to: Cents,
}

/// The invoice-request rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceRule {
    /// At or above this FTE an invoice request is needed.
    pub min_fte: Dec2,
    /// Whether any supplemental answer yes needs one.
    pub on_supplemental_yes: bool,
    /// S1 (the 2024 process): staff issue an invoice to every applicant, so no practice sends an
    /// invoice request and the rules above do not apply.
    #[serde(default)]
    pub staff_invoice_every_applicant: bool,
}

/// Plausibility bounds for what-if input.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InputBounds {
    /// Largest FTE accepted.
    pub max_fte: Dec2,
    /// Largest site count accepted.
    pub max_sites: u32,
}

/// One base-fee tier: `min_fte <= FTE < below_fte`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Tier id as named in estimates.
    pub id: String,
    /// Lower bound, inclusive.
    pub min_fte: Dec2,
    /// Upper bound, exclusive; absent on the last tier.
    #[serde(default)]
    pub below_fte: Option<Dec2>,
    /// Base fee.
    pub fee: Cents,
    /// Sites administering chemotherapy covered by the base fee.
    pub included_sites: u32,
    /// Fee per site beyond the included ones.
    pub additional_site_fee: Cents,
}

impl Tier {
    /// `tier A (0 ≤ FTE < 10)`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self.below_fte {
            Some(b) => format!(
                "tier {} ({} ≤ FTE < {})",
                self.id,
                self.min_fte.trimmed(),
                b.trimmed()
            ),
            None => format!("tier {} (FTE ≥ {})", self.id, self.min_fte.trimmed()),
        }
    }
}

/// A supplemental-cost question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Supplement {
    /// Id used as the answer's key in `questionnaire.supplemental`.
    pub id: String,
    /// The question.
    pub question: String,
    /// Fee added when answered yes.
    pub fee: Cents,
}

impl FeeSchedule {
    /// The embedded default schedule.
    ///
    /// # Errors
    /// Only if the embedded file is broken, which a unit test rules out.
    pub fn embedded() -> Result<Self, InputError> {
        Self::from_toml(Path::new(DEFAULT_SCHEDULE_FILE), DEFAULT_SCHEDULE_TOML)
    }

    /// Parses and validates a schedule; `path` names it in errors.
    ///
    /// # Errors
    /// Malformed TOML, unknown keys, wrong types, and inconsistent figures (gapped or overlapping
    /// tiers, an open-ended tier that is not last, duplicate ids, a bad currency code, no
    /// payment mode), each located.
    pub fn from_toml(path: &Path, text: &str) -> Result<Self, InputError> {
        let s: FeeSchedule = crate::rules::parse_toml(path, text)?;
        let problems = s.consistency_problems(text);
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(InputError {
                path: path.to_path_buf(),
                problems,
            })
        }
    }

    fn consistency_problems(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        // Locate a tier by its `id = "X"` line; other figures by their key.
        let at = |needle: &str| text.find(needle).map(|off| offset_to_location(text, off));
        let mut push = |msg: String, hint: &str, needle: &str| {
            let mut f = Finding::new("wrong-type", "", msg, hint);
            f.location = at(needle);
            out.push(f);
        };
        let info = &self.schedule;
        if info.currency.len() != 3 || !info.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            push(
                format!(
                    "currency `{}` is not an ISO 4217 code such as USD",
                    info.currency
                ),
                "write three upper-case letters",
                "currency",
            );
        }
        if info.payment_modes.is_empty() {
            push(
                "payment_modes is empty, so no estimate could say how to pay".into(),
                "list the modes the program accepts: check, electronic_transfer, online_card",
                "payment_modes",
            );
        }
        if self.invoice_request.min_fte <= Dec2::ZERO {
            push(
                format!(
                    "invoice_request.min_fte is {}; it must be above 0",
                    self.invoice_request.min_fte
                ),
                "S0 names 50 FTE",
                "min_fte",
            );
        }
        if self.input.max_fte <= Dec2::ZERO || self.input.max_sites == 0 {
            push(
                "input.max_fte and input.max_sites must be above 0".into(),
                "set plausible upper bounds for what-if input",
                "[input]",
            );
        }
        let tiers = &self.tiers;
        if tiers.is_empty() {
            push(
                "the schedule has no [[tier]]".into(),
                "add base-fee tiers starting at min_fte = 0",
                "[schedule]",
            );
        }
        let needle = |t: &Tier| format!("id = \"{}\"", t.id);
        let mut ids = std::collections::HashSet::new();
        for t in tiers {
            if !ids.insert(t.id.as_str()) {
                push(
                    format!("tier id `{}` is used twice", t.id),
                    "give each tier its own id",
                    &needle(t),
                );
            }
        }
        let bands: Vec<(String, Dec2, Option<Dec2>)> = tiers
            .iter()
            .map(|t| (format!("tier {}", t.id), t.min_fte, t.below_fte))
            .collect();
        for (i, msg, hint) in crate::rules::fte_band_problems(&bands, "tier", "have no fee") {
            push(msg, hint, &needle(&tiers[i]));
        }
        let mut sup = std::collections::HashSet::new();
        for s in &self.supplements {
            if !sup.insert(s.id.as_str()) {
                push(
                    format!("supplement id `{}` is used twice", s.id),
                    "give each supplemental question its own id",
                    &format!("id = \"{}\"", s.id),
                );
            }
        }
        out
    }

    /// The schedule's identity for estimates.
    #[must_use]
    pub fn reference(&self) -> ScheduleRef {
        ScheduleRef {
            id: self.schedule.id.clone(),
            version: self.schedule.version.clone(),
            title: self.schedule.title.clone(),
            currency: self.schedule.currency.clone(),
        }
    }

    /// The tier an FTE falls in (exact comparison).
    #[must_use]
    pub fn tier(&self, fte: Fte) -> Option<&Tier> {
        self.tiers.iter().find(|t| {
            fte.cmp_dec(t.min_fte).is_ge() && t.below_fte.is_none_or(|b| fte.cmp_dec(b).is_lt())
        })
    }

    /// Checks what-if input against the schedule's plausibility bounds.
    ///
    /// # Errors
    /// The value and the bound it breaks.
    pub fn check_input(&self, fte: Fte, sites: u32) -> Result<(), WhatIfError> {
        if !fte.is_positive() {
            return Err(WhatIfError::FteNotPositive(fte.to_string()));
        }
        if fte.cmp_dec(self.input.max_fte).is_gt() {
            return Err(WhatIfError::FteAboveBound {
                fte: fte.to_string(),
                max: self.input.max_fte.trimmed(),
            });
        }
        if sites == 0 {
            return Err(WhatIfError::NoSites);
        }
        if sites > self.input.max_sites {
            return Err(WhatIfError::SitesAboveBound {
                sites,
                max: self.input.max_sites,
            });
        }
        Ok(())
    }
}

/// What-if input outside the schedule's plausibility bounds (`[input]`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    /// FTE of zero or below.
    #[error("FTE must be above 0 (got {0})")]
    FteNotPositive(String),
    /// FTE above `input.max_fte`.
    #[error("FTE {fte} is above the schedule's plausibility bound of {max} (input.max_fte)")]
    FteAboveBound {
        /// The FTE given.
        fte: String,
        /// The bound.
        max: String,
    },
    /// No site.
    #[error("the number of sites must be at least 1")]
    NoSites,
    /// More sites than `input.max_sites`.
    #[error("{sites} sites is above the schedule's plausibility bound of {max} (input.max_sites)")]
    SitesAboveBound {
        /// The sites given.
        sites: u32,
        /// The bound.
        max: u32,
    },
}

/// Names the schedule an estimate used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleRef {
    /// Schedule id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Title.
    pub title: String,
    /// Currency.
    pub currency: String,
}

/// What an estimate is computed from.
#[derive(Debug, Clone)]
pub struct EstimateInput {
    /// Practice FTE.
    pub fte: Fte,
    /// Sites administering chemotherapy.
    pub sites: u32,
    /// Supplemental answers by question id.
    pub supplemental: Vec<(String, Answer)>,
}

/// One line of an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineItem {
    /// What it is.
    pub item: String,
    /// The schedule entry behind it.
    pub rule: String,
    /// Quantity.
    pub quantity: u32,
    /// Unit amount.
    pub unit: Cents,
    /// Quantity × unit.
    pub amount: Cents,
    /// What the amount rests on: `verified`, `user guide`, `placeholder` or `unlabelled`.
    pub standing: &'static str,
}

/// Whether an invoice request is needed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceRequest {
    /// Needed?
    pub required: bool,
    /// Staff invoice every applicant (S1), so no request is ever needed.
    pub staff_invoice_every_applicant: bool,
    /// Each rule that triggered it, naming the figure.
    pub reasons: Vec<String>,
}

/// A cost that may arise later and is not in the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contingent {
    /// What it is.
    pub item: String,
    /// At most this much.
    pub up_to: Cents,
}

/// A fee estimate.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// The schedule used.
    pub schedule: ScheduleRef,
    /// FTE used.
    pub fte: Fte,
    /// Sites administering chemotherapy used.
    pub sites: u32,
    /// The base-fee tier.
    pub tier: String,
    /// Line items.
    pub lines: Vec<LineItem>,
    /// Sum of the line items.
    pub total: Cents,
    /// Payment modes offered.
    pub payment_modes: Vec<PaymentMode>,
    /// What the payment modes rest on (`[provenance] payment_modes`: standing and source);
    /// `None` when the schedule does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_modes_basis: Option<String>,
    /// Invoice request.
    pub invoice_request: InvoiceRequest,
    /// Non-refundable note, when the schedule says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_refundable: Option<String>,
    /// Costs not in the total.
    pub contingent: Vec<Contingent>,
    /// Reminder to load the program's current schedule.
    pub notice: String,
    /// Why the total is provisional: each placeholder amount it includes (empty: none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<String>,
}

/// Why an estimate could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    /// The FTE falls in no tier (only with a schedule that failed validation).
    #[error("FTE {0} falls in no tier of the schedule")]
    NoTier(String),
    /// An amount does not fit in 64-bit cents.
    #[error("the amounts overflow")]
    Overflow,
}

fn mul(unit: Cents, qty: u32) -> Result<Cents, EstimateError> {
    unit.0
        .checked_mul(i64::from(qty))
        .map(Cents)
        .ok_or(EstimateError::Overflow)
}

/// Formats an amount with its currency: `USD 5,500.00`.
#[must_use]
pub fn money(currency: &str, c: Cents) -> String {
    format!("{currency} {}", c.grouped())
}

/// Computes the estimate: base fee of the FTE's tier, sites beyond those included, and each
/// supplement answered yes; integer cents throughout.
///
/// # Errors
/// An FTE in no tier, or amounts beyond 64-bit cents.
pub fn estimate(input: &EstimateInput, schedule: &FeeSchedule) -> Result<Estimate, EstimateError> {
    let cur = &schedule.schedule.currency;
    let tier = schedule
        .tier(input.fte)
        .ok_or_else(|| EstimateError::NoTier(input.fte.to_string()))?;
    let mut lines = vec![LineItem {
        item: format!("certification fee, {}", tier.describe()),
        rule: format!("tier.{}.fee", tier.id),
        quantity: 1,
        unit: tier.fee,
        amount: tier.fee,
        standing: "",
    }];
    let extra = input.sites.saturating_sub(tier.included_sites);
    if extra > 0 {
        lines.push(LineItem {
            item: format!(
                "additional sites administering chemotherapy ({} sites, {} included)",
                input.sites, tier.included_sites
            ),
            rule: format!("tier.{}.additional_site_fee", tier.id),
            quantity: extra,
            unit: tier.additional_site_fee,
            amount: mul(tier.additional_site_fee, extra)?,
            standing: "",
        });
    }
    let mut reasons = Vec::new();
    if input.fte.cmp_dec(schedule.invoice_request.min_fte).is_ge() {
        reasons.push(format!(
            "FTE {} is at least {} (invoice_request.min_fte)",
            input.fte,
            schedule.invoice_request.min_fte.trimmed()
        ));
    }
    for s in &schedule.supplements {
        let yes = input
            .supplemental
            .iter()
            .any(|(id, a)| id == &s.id && *a == Answer::Yes);
        if yes {
            lines.push(LineItem {
                item: format!("supplement: {}", s.id),
                rule: format!("supplement.{}.fee", s.id),
                quantity: 1,
                unit: s.fee,
                amount: s.fee,
                standing: "",
            });
            if schedule.invoice_request.on_supplemental_yes {
                reasons.push(format!(
                    "supplemental question `{}` answered yes (invoice_request.on_supplemental_yes)",
                    s.id
                ));
            }
        }
    }
    let total = lines
        .iter()
        .try_fold(Cents(0), |acc, l| acc.checked_add(l.amount))
        .ok_or(EstimateError::Overflow)?;
    let provisional = label_lines(&mut lines, schedule);
    let info = &schedule.schedule;
    Ok(Estimate {
        schedule: schedule.reference(),
        fte: input.fte,
        sites: input.sites,
        tier: tier.id.clone(),
        lines,
        total,
        payment_modes: info.payment_modes.clone(),
        payment_modes_basis: schedule
            .provenance
            .get("payment_modes")
            .map(|p| format!("{}: {}", p.standing.label(), p.source)),
        invoice_request: if schedule.invoice_request.staff_invoice_every_applicant {
            InvoiceRequest {
                required: false,
                staff_invoice_every_applicant: true,
                reasons: Vec::new(),
            }
        } else {
            InvoiceRequest {
                required: !reasons.is_empty(),
                staff_invoice_every_applicant: false,
                reasons,
            }
        },
        non_refundable: info.non_refundable.then(|| {
            format!(
                "the certification fee is paid at application, is not refunded, and covers {}",
                info.covers
            )
        }),
        contingent: vec![Contingent {
            item: "re-survey, only if one is required".into(),
            up_to: schedule.resurvey.fee_up_to,
        }],
        notice: format!(
            "estimated with fee schedule {} version {} ({cur}); the program does not publish its schedule: load your program's current one with --schedule FILE",
            info.id, info.version
        ),
        provisional,
    })
}

/// Labels each line with its amount's standing; returns why the total is provisional.
fn label_lines(lines: &mut [LineItem], schedule: &FeeSchedule) -> Vec<String> {
    let cur = &schedule.schedule.currency;
    let mut why = Vec::new();
    for l in lines {
        match schedule.provenance.get(&l.rule) {
            Some(p) => {
                l.standing = p.standing.label();
                if p.standing == crate::rules::Standing::Placeholder {
                    why.push(format!(
                        "the {} amount {} is a placeholder figure",
                        l.item,
                        money(cur, l.unit)
                    ));
                }
            }
            None => l.standing = "unlabelled",
        }
    }
    why
}

/// The estimate as written into `payment.estimate` by `qcp fee estimate --write`.
#[derive(Debug, Clone, Serialize)]
pub struct EstimateRecord {
    /// The day it was made.
    pub estimated_on: String,
    /// Schedule id.
    pub schedule: String,
    /// Schedule version.
    pub schedule_version: String,
    /// Currency.
    pub currency: String,
    /// Line items, amounts as text with two decimals.
    pub lines: Vec<RecordLine>,
    /// Total.
    pub total: String,
    /// Invoice request needed.
    pub invoice_request: bool,
    /// Why.
    pub invoice_request_reasons: Vec<String>,
    /// Contingent re-survey fee.
    pub resurvey_fee_up_to: String,
}

/// One recorded line.
#[derive(Debug, Clone, Serialize)]
pub struct RecordLine {
    /// What it is.
    pub item: String,
    /// Quantity.
    pub quantity: u32,
    /// Unit amount.
    pub unit: String,
    /// Amount.
    pub amount: String,
}

fn plain(c: Cents) -> String {
    let a = c.0.unsigned_abs();
    let sign = if c.0 < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

impl Estimate {
    /// The record written into the file.
    #[must_use]
    pub fn record(&self, as_of: Date) -> EstimateRecord {
        EstimateRecord {
            estimated_on: as_of.to_string(),
            schedule: self.schedule.id.clone(),
            schedule_version: self.schedule.version.clone(),
            currency: self.schedule.currency.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| RecordLine {
                    item: l.item.clone(),
                    quantity: l.quantity,
                    unit: plain(l.unit),
                    amount: plain(l.amount),
                })
                .collect(),
            total: plain(self.total),
            invoice_request: self.invoice_request.required,
            invoice_request_reasons: self.invoice_request.reasons.clone(),
            resurvey_fee_up_to: self
                .contingent
                .first()
                .map_or_else(String::new, |c| plain(c.up_to)),
        }
    }

    /// The estimate as a table and notes, for people.
    #[must_use]
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let cur = &self.schedule.currency;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "fee estimate for {} FTE and {} site(s) administering chemotherapy — schedule {} version {}",
            self.fte, self.sites, self.schedule.id, self.schedule.version
        );
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(vec!["item", "qty", "unit", "amount", "standing"]);
        for l in &self.lines {
            t.add_row(vec![
                l.item.clone(),
                l.quantity.to_string(),
                money(cur, l.unit),
                money(cur, l.amount),
                l.standing.to_owned(),
            ]);
        }
        t.add_row(vec![
            "total".to_owned(),
            String::new(),
            String::new(),
            money(cur, self.total),
            if self.provisional.is_empty() {
                String::new()
            } else {
                "provisional".to_owned()
            },
        ]);
        for i in 1..=3 {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
        let _ = writeln!(out, "{t}");
        let modes: Vec<&str> = self.payment_modes.iter().map(|m| m.label()).collect();
        let _ = writeln!(
            out,
            "payment modes: {} ({})",
            modes.join(", "),
            self.payment_modes_basis.as_deref().unwrap_or("unlabelled")
        );
        if self.invoice_request.required {
            let _ = writeln!(
                out,
                "invoice request: required — send it to QCP staff instead of paying directly, because:"
            );
            for r in &self.invoice_request.reasons {
                let _ = writeln!(out, "  - {r}");
            }
        } else if self.invoice_request.staff_invoice_every_applicant {
            let _ = writeln!(
                out,
                "invoice request: none — QCP staff issue an invoice to every applicant (invoice_request.staff_invoice_every_applicant)"
            );
        } else {
            let _ = writeln!(
                out,
                "invoice request: not required (below the FTE threshold and no supplemental answer yes)"
            );
        }
        if let Some(n) = &self.non_refundable {
            let _ = writeln!(out, "non-refundable: {n}");
        }
        for c in &self.contingent {
            let _ = writeln!(
                out,
                "contingent, not in the total: {} — up to {}",
                c.item,
                money(cur, c.up_to)
            );
        }
        let _ = writeln!(out, "note: {}", self.notice);
        out
    }
}

/// The estimate input taken from a file, with findings for what is missing or unknown.
#[must_use]
pub fn input_of(
    app: &Application,
    rules: &RuleEdition,
    schedule: &FeeSchedule,
) -> (Option<EstimateInput>, Vec<Finding>) {
    let mut out = Vec::new();
    let fte = app
        .practice
        .fte(rules.eligibility.hours_per_fte)
        .map(|f| f.value);
    if fte.is_none() {
        out.push(
            Finding::new(
                "fee-input-missing",
                "practice.fte",
                "the practice's FTE is not given, so the base-fee tier cannot be chosen",
                "add `practice.fte` or a `practice.clinicians` list with weekly hours",
            )
            .rule("tier"),
        );
    }
    let sites = &app.practice.sites;
    let administering = sites
        .iter()
        .filter(|s| s.administers_chemotherapy != Some(false))
        .count();
    let declared = app
        .questionnaire
        .as_ref()
        .and_then(|q| q.profile.sites_administering_chemotherapy);
    let site_count = if sites.is_empty() {
        declared
    } else {
        u32::try_from(administering).ok()
    };
    if site_count.is_none_or(|n| n == 0) {
        out.push(
            Finding::new(
                "fee-input-missing",
                "practice.sites",
                "no site administering chemotherapy is listed, so the site count of the fee is unknown",
                "list the practice's sites under `practice.sites` with `administers_chemotherapy`",
            )
            .rule("tier.included_sites"),
        );
    }
    let answers: Vec<(String, Answer)> = app
        .questionnaire
        .as_ref()
        .map(|q| q.supplemental.clone())
        .unwrap_or_default();
    for (id, _) in &answers {
        if !schedule.supplements.iter().any(|s| &s.id == id) {
            let ids: Vec<&str> = schedule.supplements.iter().map(|s| s.id.as_str()).collect();
            let hint = match crate::suggest::closest(id, &ids) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the schedule's questions are: {}", ids.join(", ")),
            };
            out.push(
                Finding::new(
                    "supplemental-unknown-question",
                    format!("questionnaire.supplemental.{id}"),
                    format!(
                        "supplemental question `{id}` is not in fee schedule {}",
                        schedule.schedule.id
                    ),
                    hint,
                )
                .rule("supplement"),
            );
        }
    }
    for s in &schedule.supplements {
        if !answers.iter().any(|(id, _)| id == &s.id) {
            out.push(
                Finding::new(
                    "supplemental-unanswered",
                    "questionnaire.supplemental",
                    format!(
                        "supplemental question `{}` is not answered; the estimate assumes no: {}",
                        s.id, s.question
                    ),
                    format!("answer `questionnaire.supplemental.{}: yes` or `no`", s.id),
                )
                .rule(format!("supplement.{}", s.id)),
            );
        }
    }
    let input = match (fte, site_count) {
        (Some(fte), Some(sites)) if sites > 0 => Some(EstimateInput {
            fte,
            sites,
            supplemental: answers,
        }),
        _ => None,
    };
    (input, out)
}

/// Findings about the payment section against an estimate.
#[must_use]
pub fn check_payment(
    app: &Application,
    schedule: &FeeSchedule,
    est: Option<&Estimate>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for why in est.iter().flat_map(|e| e.provisional.iter()) {
        out.push(
            Finding::new(
                "provisional-fee",
                "practice.fte",
                format!("provisional: {why}"),
                "load the program's current schedule (--schedule FILE); the invoice is authoritative",
            )
            .rule("provenance"),
        );
    }
    let cur = &schedule.schedule.currency;
    let pay = app.payment.as_ref();
    if let Some(mode) = pay.and_then(|p| p.mode)
        && !schedule.schedule.payment_modes.contains(&mode)
    {
        let modes: Vec<&str> = schedule
            .schedule
            .payment_modes
            .iter()
            .map(|m| m.label())
            .collect();
        out.push(
            Finding::new(
                "payment-mode-not-offered",
                "payment.mode",
                format!(
                    "payment mode `{}` is not offered by fee schedule {} (offered: {})",
                    mode.label(),
                    schedule.schedule.id,
                    modes.join(", ")
                ),
                "pay by one of the offered modes, or load the schedule of your program's portal (--schedule FILE)",
            )
            .rule("schedule.payment_modes"),
        );
    }
    if let Some(p) = pay
        && let (Some(inv), Some(paid)) = (p.invoice_amount, p.amount_paid)
        && inv != paid
    {
        out.push(Finding::new(
            "payment-amount-differs",
            "payment.amount_paid",
            format!(
                "amount paid {} differs from the invoice amount {}",
                money(cur, paid),
                money(cur, inv)
            ),
            "pay the invoiced amount, or record the figures as on the invoice",
        ));
    }
    let Some(est) = est else { return out };
    if est.invoice_request.required
        && app
            .questionnaire
            .as_ref()
            .is_some_and(|q| q.submitted_on.is_some())
        && pay.is_none_or(|p| p.invoice_requested_on.is_none())
    {
        out.push(
            Finding::new(
                "invoice-request-not-sent",
                "payment.invoice_requested_on",
                format!(
                    "an invoice request is required ({}) but none is recorded",
                    est.invoice_request.reasons.join("; ")
                ),
                "send the invoice request to QCP staff and record `payment.invoice_requested_on`",
            )
            .rule("invoice_request"),
        );
    }
    if let Some(rec) = pay.and_then(|p| p.estimate_total)
        && rec != est.total
    {
        out.push(Finding::new(
            "estimate-stale",
            "payment.estimate.total",
            format!(
                "the recorded estimate total {} differs from today's estimate {}",
                money(cur, rec),
                money(cur, est.total)
            ),
            "re-run `qcp fee estimate FILE --write` to record the current estimate",
        ));
    }
    if let Some(inv) = pay.and_then(|p| p.invoice_amount)
        && inv != est.total
    {
        out.push(
            Finding::new(
                "invoice-differs-from-estimate",
                "payment.invoice.amount",
                format!(
                    "the invoice says {} and schedule {} estimates {}",
                    money(cur, inv),
                    schedule.schedule.id,
                    money(cur, est.total)
                ),
                "the invoice is authoritative; load the program's current schedule to estimate it exactly",
            )
            .with_severity(Severity::Info),
        );
    }
    out
}

/// Fee details of a report: the schedule used and the estimate, when one could be made.
#[derive(Debug, Clone, Serialize)]
pub struct FeeDetails {
    /// The schedule used.
    pub schedule: ScheduleRef,
    /// The estimate (absent when the file lacks FTE or sites).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
}

impl FeeDetails {
    /// For people.
    #[must_use]
    pub fn render(&self) -> String {
        match &self.estimate {
            Some(e) => e.render(),
            None => format!(
                "no estimate: the file lacks a figure the fee depends on (schedule {} version {})\n",
                self.schedule.id, self.schedule.version
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sched() -> FeeSchedule {
        FeeSchedule::embedded().expect("embedded schedule loads")
    }

    fn input(fte: &str, sites: u32) -> EstimateInput {
        EstimateInput {
            fte: Fte::from_dec(fte.parse().expect("dec")),
            sites,
            supplemental: Vec::new(),
        }
    }

    #[test]
    fn shipped_schedule_reproduces_the_s1_example_invoice() {
        // S1: example invoice, one line, USD 5,500.00; assumed tier A with ≤ 3 sites.
        let e = estimate(&input("4.2", 2), &sched()).expect("estimate");
        assert_eq!(e.total, Cents(550_000));
        assert_eq!(e.lines.len(), 1);
        assert_eq!(e.tier, "A");
        assert!(!e.invoice_request.required);
        assert_eq!(e.schedule.currency, "USD");
    }

    #[test]
    fn resurvey_fee_is_contingent_and_not_in_the_total() {
        // S1: re-survey up to USD 3,800.
        let e = estimate(&input("4", 1), &sched()).expect("estimate");
        assert_eq!(e.contingent[0].up_to, Cents(380_000));
        assert_eq!(e.total, Cents(550_000));
    }

    #[test]
    fn payment_modes_carry_their_source_online_card_in_2019_only_s0_s1() {
        // S0: the 2019 portal took online card payments and checks; S1: the 2024 portal takes
        // checks and wire transfers. Each schedule says so in its [provenance].
        let old = FeeSchedule::from_toml(
            Path::new("fees-qcp-2019.toml"),
            include_str!("../standards/fees-qcp-2019.toml"),
        )
        .expect("2019 schedule loads");
        for (s, src, card) in [(&old, "S0", true), (&sched(), "S1", false)] {
            let p = s.provenance.get("payment_modes").expect("labelled");
            assert_eq!(p.standing, crate::rules::Standing::UserGuide);
            assert!(p.source.contains(src), "{}", p.source);
            assert_eq!(
                s.schedule.payment_modes.contains(&PaymentMode::OnlineCard),
                card
            );
        }
    }

    #[test]
    fn older_edition_offers_online_card() {
        let old = FeeSchedule::from_toml(
            Path::new("fees-qcp-2019.toml"),
            include_str!("../standards/fees-qcp-2019.toml"),
        )
        .expect("2019 schedule loads");
        assert!(
            old.schedule
                .payment_modes
                .contains(&PaymentMode::OnlineCard)
        );
        assert!(
            !sched()
                .schedule
                .payment_modes
                .contains(&PaymentMode::OnlineCard)
        );
    }

    #[test]
    fn gapped_and_overlapping_tiers_are_rejected_naming_them() {
        let gap = DEFAULT_SCHEDULE_TOML.replacen("min_fte = 10\n", "min_fte = 11\n", 1);
        let err = FeeSchedule::from_toml(Path::new("f.toml"), &gap).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("tier B (11 ≤ FTE < 25) leaves a gap after tier A (0 ≤ FTE < 10)"),
            "{msg}"
        );
        assert!(err.problems[0].location.is_some());
        let over = DEFAULT_SCHEDULE_TOML.replacen("min_fte = 10\n", "min_fte = 9\n", 1);
        let msg = FeeSchedule::from_toml(Path::new("f.toml"), &over)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("tier B (9 ≤ FTE < 25) overlaps after tier A"),
            "{msg}"
        );
    }

    #[test]
    fn malformed_schedule_gets_a_located_error() {
        let bad = DEFAULT_SCHEDULE_TOML.replacen("fee_up_to", "fee_upto", 1);
        let err = FeeSchedule::from_toml(Path::new("f.toml"), &bad).unwrap_err();
        assert_eq!(err.problems[0].code, "unknown-key");
        assert!(err.problems[0].location.is_some());
        let float = DEFAULT_SCHEDULE_TOML.replacen("\"5500.00\"", "\"5500.001\"", 1);
        assert!(FeeSchedule::from_toml(Path::new("f.toml"), &float).is_err());
    }
}
