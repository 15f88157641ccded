//! The `qopi` section (docs/rules.md §1, §8): QOPI registration, its users and roles, and the
//! practice's participation per round, raw and validated.
//!
//! Values are read exactly and bad ones reported at their path; no QOPI rule is judged here
//! (a member id's shape, two corresponding physicians, a round outside the calendar): that is
//! the `qopi` check family.
#![allow(missing_docs)] // raw types: every key is documented in docs/application-format.md

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw::{Participation, Text};
use super::values::Problems;
use crate::source::{index, join};
use crate::units::{Date, NumberText};

/// A QOPI user's role (S2 user roles): the three physician designations, administrator and
/// abstractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The corresponding physician: oversees participation, receives QOPI's e-mails.
    Corresponding,
    /// A reporting physician: included in physician-level reports.
    Reporting,
    /// A fellow, with a fellowship program.
    Fellow,
    /// A QOPI administrator: maintains the practice's information and users.
    Administrator,
    /// An abstractor: abstracts and enters chart data.
    Abstractor,
}

/// ASCO membership status of the corresponding physician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    /// A member in good standing.
    Active,
    /// The membership has lapsed.
    Inactive,
}

/// A QOPI track chosen for a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// The QCP Certification Track (the measures certification scores).
    QcpCertification,
    /// The Fellowship Program Track.
    Fellowship,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQopi {
    pub registered_on: Option<Text>,
    pub prequalification: Option<Vec<bool>>,
    pub level: Option<Participation>,
    pub offices: Option<Vec<RawOffice>>,
    pub users: Option<Vec<RawUser>>,
    #[serde(default, deserialize_with = "crate::model::raw::flag")]
    #[schemars(with = "Option<crate::model::raw::Flag>")]
    pub no_own_charts_attested: Option<bool>,
    #[serde(default)]
    pub fellowship_program: bool,
    pub participation: Option<Vec<RawRoundParticipation>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOffice {
    pub name: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUser {
    pub name: Text,
    pub email: Option<Text>,
    pub roles: Vec<Role>,
    pub asco_member_id: Option<Text>,
    pub membership: Option<Membership>,
    pub office: Option<Text>,
    #[serde(default)]
    pub enters_chart_data: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRoundParticipation {
    pub round: Text,
    pub level: Option<Participation>,
    pub modules: Option<Vec<Text>>,
    pub tracks: Option<Vec<Track>>,
    #[serde(default)]
    pub physician_level_reporting: bool,
    #[serde(default)]
    pub for_certification: bool,
    pub charts_required: Option<NumberText>,
    pub opens: Option<Text>,
    pub closes: Option<Text>,
    pub abstracted: Option<Text>,
}

/// The validated `qopi` section.
#[derive(Debug, Clone, Serialize)]
pub struct Qopi {
    /// The day the registration was submitted; `None`: not registered yet.
    pub registered_on: Option<Date>,
    /// The prequalification answers in question order (`true`: agreed); `None`: not recorded.
    pub prequalification: Option<Vec<bool>>,
    /// The practice's participation level.
    pub level: Participation,
    /// Offices/sites registered under the practice.
    pub offices: Vec<String>,
    /// Users with their roles.
    pub users: Vec<User>,
    /// The attestation that abstractors (fellows included) never abstract their own charts.
    pub no_own_charts_attested: Option<bool>,
    /// Whether the practice is a fellowship program.
    pub fellowship_program: bool,
    /// Participation per round.
    pub participation: Vec<RoundParticipation>,
}

/// One QOPI user.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// YAML path of the entry.
    pub path: String,
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub asco_member_id: Option<String>,
    pub membership: Option<Membership>,
    /// The office the user belongs to; `None`: the practice level.
    pub office: Option<String>,
    pub enters_chart_data: bool,
}

impl User {
    /// Whether the user holds `role`.
    #[must_use]
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The practice's participation in one round.
#[derive(Debug, Clone, Serialize)]
pub struct RoundParticipation {
    /// YAML path of the entry.
    pub path: String,
    pub round: String,
    pub level: Participation,
    /// Modules chosen (lower case, as written otherwise).
    pub modules: Vec<String>,
    pub tracks: Vec<Track>,
    pub physician_level_reporting: bool,
    pub for_certification: bool,
    /// The chart minimum the QOPI round report gave the practice, when recorded.
    pub charts_required: Option<u32>,
    /// Data collection dates recorded by the practice (a round outside the calendar).
    pub opens: Option<Date>,
    pub closes: Option<Date>,
    /// The day abstraction was completed.
    pub abstracted: Option<Date>,
}

fn text(t: Option<&Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Validates the `qopi` section, recording bad values.
pub(super) fn validate(q: &RawQopi, px: &mut Problems<'_>) -> Qopi {
    let level = q.level.unwrap_or_default();
    let users = q
        .users
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, u)| User {
            path: index("qopi.users", i),
            name: u.name.0.trim().to_owned(),
            email: text(u.email.as_ref()),
            roles: u.roles.clone(),
            asco_member_id: text(u.asco_member_id.as_ref()),
            membership: u.membership,
            office: text(u.office.as_ref()),
            enters_chart_data: u.enters_chart_data,
        })
        .collect();
    let participation = q
        .participation
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| {
            let path = index("qopi.participation", i);
            RoundParticipation {
                round: r.round.0.trim().to_owned(),
                level: r.level.unwrap_or(level),
                modules: r
                    .modules
                    .iter()
                    .flatten()
                    .map(|m| m.0.trim().to_lowercase())
                    .filter(|m| !m.is_empty())
                    .collect(),
                tracks: r.tracks.clone().unwrap_or_default(),
                physician_level_reporting: r.physician_level_reporting,
                for_certification: r.for_certification,
                charts_required: px
                    .count(r.charts_required.as_ref(), &join(&path, "charts_required")),
                opens: px.date(r.opens.as_ref(), &join(&path, "opens")),
                closes: px.date(r.closes.as_ref(), &join(&path, "closes")),
                abstracted: px.date(r.abstracted.as_ref(), &join(&path, "abstracted")),
                path,
            }
        })
        .collect();
    Qopi {
        registered_on: px.date(q.registered_on.as_ref(), "qopi.registered_on"),
        prequalification: q.prequalification.clone(),
        level,
        offices: q
            .offices
            .iter()
            .flatten()
            .map(|o| o.name.0.trim().to_owned())
            .collect(),
        users,
        no_own_charts_attested: q.no_own_charts_attested,
        fellowship_program: q.fellowship_program,
        participation,
    }
}
