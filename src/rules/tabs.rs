//! The `[questionnaire]` table of a rule edition (docs/rules.md §2 milestone 4): the portal's
//! questionnaire tabs, in order, and which items each holds.
//!
//! The items are the same answers in every edition (where each lives in the file is
//! docs/application-format.md); an edition only says how its portal groups them: the 2024
//! portal (S1) in three sections, the 2019 portal (S0) in five tabs. `qcp questionnaire check`
//! reports completeness per tab of the edition in force. An item group no tab lists is not
//! asked in that edition.

use serde::{Deserialize, Serialize};

/// The item groups a tab may list, in the order qcp reports them within a tab. Each names one
/// or more items of the questionnaire's completeness (`qcp::questionnaire`) (`sites` is the site list and each
/// site's six fields; `supplemental` is one item per supplemental-cost question of the fee
/// schedule).
pub const ITEM_GROUPS: &[&str] = &[
    "primary_address",
    "primary_contact",
    "physicians",
    "sites",
    "tax_ids",
    "fte",
    "sites_administering_chemotherapy",
    "same_tax_id",
    "same_policies",
    "same_ownership",
    "chemotherapy_prepared_by",
    "routes",
    "affiliation",
    "leadership_controls_infusion_policies",
    "emr",
    "standards_reviewed",
    "resurvey_fee_acknowledged",
    "application_accurate",
    "supplemental",
];

/// The `[questionnaire]` table: the edition's tabs in portal order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireRules {
    /// The tabs (`[[questionnaire.tab]]`), in the order the portal shows them.
    #[serde(rename = "tab")]
    pub tabs: Vec<TabDef>,
}

/// One tab (or section) of the portal's questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TabDef {
    /// Stable id, used in JSON (`practice_profile`, `npi_listing`, ...).
    pub id: String,
    /// The name the portal shows.
    pub name: String,
    /// The item groups it holds, from [`ITEM_GROUPS`].
    pub items: Vec<String>,
}

impl QuestionnaireRules {
    /// The 2024 portal's three sections (S1): used when an edition file has no
    /// `[questionnaire]` table, and stated in data by `standards/rules-qcp-2024.toml` (a test
    /// keeps the two equal).
    #[must_use]
    pub fn s1_default() -> Self {
        let tab = |id: &str, name: &str, items: &[&str]| TabDef {
            id: id.to_owned(),
            name: name.to_owned(),
            items: items.iter().map(|s| (*s).to_owned()).collect(),
        };
        QuestionnaireRules {
            tabs: vec![
                tab("practice_profile", "Practice Profile", &ITEM_GROUPS[..10]),
                tab("practice_detail", "Practice Detail", &ITEM_GROUPS[10..15]),
                tab("attestation", "Attestation", &ITEM_GROUPS[15..18]),
            ],
        }
    }

    /// What is wrong with the table: no tab, a tab without items, an unknown item group, a
    /// group in two tabs, a tab id used twice. Each message starts with `questionnaire`.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.tabs.is_empty() {
            out.push("questionnaire: no [[questionnaire.tab]]".to_owned());
        }
        let mut ids = std::collections::HashSet::new();
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for t in &self.tabs {
            if !ids.insert(t.id.as_str()) {
                out.push(format!("questionnaire tab id `{}` is used twice", t.id));
            }
            if t.items.is_empty() {
                out.push(format!("questionnaire tab `{}` lists no items", t.id));
            }
            for i in &t.items {
                if !ITEM_GROUPS.contains(&i.as_str()) {
                    out.push(format!(
                        "questionnaire tab `{}` lists `{i}`, not a questionnaire item (known: {})",
                        t.id,
                        ITEM_GROUPS.join(", ")
                    ));
                } else if let Some((other, _)) = seen.iter().find(|(_, g)| *g == i.as_str()) {
                    out.push(format!(
                        "questionnaire item `{i}` is in two tabs, `{other}` and `{}`",
                        t.id
                    ));
                } else {
                    seen.push((t.id.as_str(), i.as_str()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_has_every_group_but_the_supplemental_questions() {
        let d = QuestionnaireRules::s1_default();
        assert!(d.problems().is_empty(), "{:?}", d.problems());
        let n: usize = d.tabs.iter().map(|t| t.items.len()).sum();
        assert_eq!(n, ITEM_GROUPS.len() - 1);
    }

    #[test]
    fn unknown_and_twice_listed_groups_are_problems() {
        let mut d = QuestionnaireRules::s1_default();
        d.tabs[0].items.push("emr".into());
        d.tabs[1].items.push("shoe_size".into());
        let p = d.problems().join("\n");
        assert!(p.contains("`emr` is in two tabs"), "{p}");
        assert!(p.contains("`shoe_size`, not a questionnaire item"), "{p}");
    }
}
