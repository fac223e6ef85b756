//! What the public may see of an initiative, and how an approved one joins the plan as a
//! community activity. Contact details have no place in these types, so they cannot leak.

use crate::model::{Activity, ActivityKind, Plan, Source, Text, Window, WindowKind};
use crate::validate::Initiative;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The public fields of an initiative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicInitiative {
    /// Name.
    pub title: String,
    /// What it does.
    pub description: String,
    /// Who runs it.
    pub organizer_name: String,
    /// Organizer type code.
    pub organizer_type: String,
    /// Province slug, `toan-quoc` or `truc-tuyen`.
    pub province: String,
    /// First day.
    #[serde(with = "crate::model::iso")]
    pub start_date: NaiveDate,
    /// Last day.
    #[serde(with = "crate::model::iso")]
    pub end_date: NaiveDate,
    /// Web page.
    pub link: Option<String>,
    /// Who benefits.
    pub beneficiaries: Option<String>,
    /// Plan year.
    pub plan_year: i32,
}

impl From<&Initiative> for PublicInitiative {
    fn from(i: &Initiative) -> Self {
        PublicInitiative {
            title: i.title.clone(),
            description: i.description.clone(),
            organizer_name: i.organizer_name.clone(),
            organizer_type: i.organizer_type.clone(),
            province: i.province.clone(),
            start_date: i.start_date,
            end_date: i.end_date,
            link: i.link.clone(),
            beneficiaries: i.beneficiaries.clone(),
            plan_year: i.plan_year,
        }
    }
}

/// An approved initiative as an activity of the plan's community group. The text is shown
/// as its author wrote it, in both languages.
pub fn community_activity(plan: &Plan, id: &str, public: &PublicInitiative) -> Option<Activity> {
    let group = plan.community_group.clone()?;
    let same = |s: &str| Text {
        vi: s.to_owned(),
        en: s.to_owned(),
    };
    let summary = format!("{} — {}", public.organizer_name, public.description);
    Some(Activity {
        id: format!("sang-kien-{id}"),
        title: same(&public.title),
        summary: same(&summary),
        group,
        lead: None,
        partners: Vec::new(),
        windows: vec![Window {
            start: public.start_date,
            end: public.end_date,
            kind: WindowKind::Primary,
        }],
        kind: ActivityKind::Community,
        source: Source::Initiative {
            initiative: id.to_owned(),
        },
        // An initiative is its author's word, not a published source's.
        cites: Vec::new(),
    })
}

/// The plan with its approved initiatives added as community activities.
pub fn with_community(plan: &Plan, approved: &[(String, PublicInitiative)]) -> Plan {
    let mut plan = plan.clone();
    let extra: Vec<Activity> = approved
        .iter()
        .filter(|(_, p)| p.plan_year == plan.year)
        .filter_map(|(id, p)| community_activity(&plan, id, p))
        .collect();
    plan.activities.extend(extra);
    plan
}
