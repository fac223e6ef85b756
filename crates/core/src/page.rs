//! The texts of an activity's page, as the app shows them and as the server writes them
//! into the page before the app runs (so the two are the same, letter for letter).

use crate::dates::display;
use crate::model::{Activity, Lang, Plan, Source, WindowKind};

/// An activity's dates: "01/10/2022 – 10/10/2022, hoặc 01/10/2022 – 31/10/2022" (the
/// primary windows, then the alternatives after `or`); `none` when it has none.
pub fn windows_text(activity: &Activity, lang: Lang, none: &str, or: &str) -> String {
    if activity.windows.is_empty() {
        return none.to_owned();
    }
    let mut parts = Vec::new();
    for kind in [WindowKind::Primary, WindowKind::Alternative] {
        for w in activity.windows.iter().filter(|w| w.kind == kind) {
            let span = if w.start == w.end {
                display(w.start, lang)
            } else {
                format!("{} – {}", display(w.start, lang), display(w.end, lang))
            };
            parts.push(match kind {
                WindowKind::Primary => span,
                WindowKind::Alternative => format!("{or} {span}"),
            });
        }
    }
    parts.join(", ")
}

/// The names of the organizations `ids`, joined with commas (unknown ids left out).
pub fn org_names(plan: &Plan, ids: &[String], lang: Lang) -> String {
    ids.iter()
        .filter_map(|id| plan.organization(id))
        .map(|o| o.name.get(lang).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the activity comes from: the plan's document ("Kế hoạch 1 (Bộ TT&TT, 16/06/2022)"),
/// or `community` for an approved initiative.
pub fn source_text(plan: &Plan, activity: &Activity, lang: Lang, community: &str) -> String {
    match &activity.source {
        Source::Plan { document } => plan
            .document(document)
            .map(|d| {
                let number = d
                    .number
                    .clone()
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default();
                let date = d
                    .date
                    .map(|date| format!(", {}", display(date, lang)))
                    .unwrap_or_default();
                format!(
                    "{}{number} ({}{date})",
                    d.title.get(lang),
                    d.issuer.get(lang)
                )
            })
            .unwrap_or_default(),
        Source::Initiative { .. } => community.to_owned(),
    }
}

/// The group's heading, as the page names it.
pub fn group_heading(plan: &Plan, activity: &Activity, lang: Lang) -> String {
    plan.group(&activity.group)
        .map(|g| g.heading.get(lang).to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;

    #[test]
    fn dates_name_the_primary_window_then_the_alternative() {
        let plan = sample_plan();
        let a = plan
            .activities
            .iter()
            .find(|a| a.windows.len() > 1)
            .expect("an activity with an alternative window");
        let text = windows_text(a, Lang::Vi, "không", "hoặc");
        assert!(text.contains(", hoặc "), "{text}");
        let undated = Activity {
            windows: Vec::new(),
            ..a.clone()
        };
        assert_eq!(windows_text(&undated, Lang::Vi, "không", "hoặc"), "không");
    }
}
