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

/// The group approved initiatives join in a year whose plan names no community group of
/// its own (2023 to 2025 name none). It is the app's, not the plan's, and says so: a plan
/// file cites its sources, and this group has none but the citizens who wrote in.
pub const CITIZENS_GROUP: &str = "sang-kien-cua-nguoi-dan";

fn citizens_group() -> crate::model::Group {
    crate::model::Group {
        id: CITIZENS_GROUP.to_owned(),
        name: Text {
            vi: "Sáng kiến của người dân".to_owned(),
            en: "Citizens' initiatives".to_owned(),
        },
        heading: Text {
            vi: "Sáng kiến do người dân, tổ chức gửi về và đã được kiểm duyệt (không thuộc kế hoạch đã ban hành)".to_owned(),
            en: "Initiatives sent in by citizens and organizations and approved by moderators (not part of the published plan)".to_owned(),
        },
        cites: Vec::new(),
    }
}

/// The plan with its approved initiatives added as community activities: in the plan's
/// community group, or, when the plan names none, in [`CITIZENS_GROUP`], added last.
pub fn with_community(plan: &Plan, approved: &[(String, PublicInitiative)]) -> Plan {
    let mut plan = plan.clone();
    if plan.community_group.is_none()
        && approved.iter().any(|(_, p)| p.plan_year == plan.year)
        && plan.group(CITIZENS_GROUP).is_none()
    {
        plan.groups.push(citizens_group());
        plan.community_group = Some(CITIZENS_GROUP.to_owned());
    }
    let extra: Vec<Activity> = approved
        .iter()
        .filter(|(_, p)| p.plan_year == plan.year)
        .filter_map(|(id, p)| community_activity(&plan, id, p))
        .collect();
    plan.activities.extend(extra);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approved(year: i32) -> (String, PublicInitiative) {
        let day = chrono::NaiveDate::from_ymd_opt(year, 10, 5).unwrap();
        (
            "0123456789abcdef0123456789abcdef".to_owned(),
            PublicInitiative {
                title: "Cà phê số cho người cao tuổi".into(),
                description: "Hướng dẫn dùng dịch vụ công trực tuyến.".into(),
                organizer_name: "Chi đoàn phường Kim Mã".into(),
                organizer_type: "doan-thanh-nien".into(),
                province: "ha-noi".into(),
                start_date: day,
                end_date: day,
                link: None,
                beneficiaries: None,
                plan_year: year,
            },
        )
    }

    #[test]
    fn a_plan_with_no_community_group_gets_the_citizens_group_when_an_initiative_is_approved() {
        let mut plan = crate::testing::sample_plan();
        plan.community_group = None;
        let groups = plan.groups.len();
        // Nothing approved for its year: the plan as published.
        let same = with_community(&plan, &[approved(plan.year + 1)]);
        assert_eq!(same, plan);
        let with = with_community(&plan, &[approved(plan.year)]);
        assert_eq!(with.groups.len(), groups + 1);
        assert_eq!(with.groups.last().unwrap().id, CITIZENS_GROUP);
        let added = with.activities.last().unwrap();
        assert_eq!(added.group, CITIZENS_GROUP);
        assert_eq!(added.title.vi, "Cà phê số cho người cao tuổi");
        // The plan's own community group, where it has one, is the one used.
        let own = crate::testing::sample_plan();
        if let Some(group) = own.community_group.clone() {
            let with = with_community(&own, &[approved(own.year)]);
            assert_eq!(with.groups.len(), own.groups.len());
            assert_eq!(with.activities.last().unwrap().group, group);
        }
    }
}
