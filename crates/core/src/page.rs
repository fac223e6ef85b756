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

/// The words of the result list that are not the plan's, in the reader's language.
pub struct ListWords<'a> {
    /// When an activity has no dates ([`windows_text`]'s `none`), and the word before an
    /// alternative window (its `or`).
    pub no_date: &'a str,
    pub or: &'a str,
    /// The labels before the lead and the partners ("Chủ trì", "Phối hợp").
    pub lead: &'a str,
    pub partners: &'a str,
    /// In another site's widget, what a screen reader hears after a card's title, whose
    /// link opens a new tab; `None` in the app itself.
    pub new_tab: Option<&'a str>,
    /// What the list says when nothing matches, and what to try then.
    pub none: &'a str,
    pub none_hint: &'a str,
}

/// The result list's markup: the activities `shown` (indices into `plan.activities`, the
/// unknown ones left out) under their group's heading, groups in the plan's order, each
/// card's link made by `href`; or the words for an empty list.
///
/// The app sets it as the list's `innerHTML`. Measured at 10,000 activities, building the
/// same 40 cards as Leptos views took about 4.7 ms of each filter change in Chromium: one
/// DOM call for each element, text and attribute. Every text of the plan goes through
/// [`escape_html_into`], so no text of a plan or of an approved initiative can make markup.
pub fn result_list_html(
    plan: &Plan,
    shown: &[usize],
    lang: Lang,
    words: &ListWords<'_>,
    href: &dyn Fn(&Activity) -> String,
) -> String {
    use crate::embed::escape_html_into as text;
    let mut out = String::new();
    let activities: Vec<&Activity> = shown
        .iter()
        .filter_map(|&i| plan.activities.get(i))
        .collect();
    if activities.is_empty() {
        out.push_str("<div class=\"empty\"><p><strong>");
        text(&mut out, words.none);
        out.push_str("</strong></p><p>");
        text(&mut out, words.none_hint);
        out.push_str("</p></div>");
        return out;
    }
    for group in &plan.groups {
        let mut cards = activities.iter().filter(|a| a.group == group.id).peekable();
        if cards.peek().is_none() {
            continue;
        }
        out.push_str("<section class=\"group\"><h3>");
        text(&mut out, group.heading.get(lang));
        out.push_str("</h3><ul class=\"cards\">");
        for a in cards {
            out.push_str("<li class=\"card\"><h4 class=\"card__title\"><a href=\"");
            text(&mut out, &href(a));
            out.push('"');
            if words.new_tab.is_some() {
                out.push_str(" target=\"_blank\"");
            }
            out.push('>');
            text(&mut out, a.title.get(lang));
            if let Some(new_tab) = words.new_tab {
                out.push_str("<span class=\"visually-hidden\"> ");
                text(&mut out, new_tab);
                out.push_str("</span>");
            }
            out.push_str("</a></h4><p class=\"card__when\">");
            text(&mut out, &windows_text(a, lang, words.no_date, words.or));
            out.push_str("</p>");
            for (label, ids) in [
                (words.lead, a.lead.as_slice()),
                (words.partners, &a.partners),
            ] {
                let names = org_names(plan, ids, lang);
                if !names.is_empty() {
                    out.push_str("<p class=\"card__org\"><span class=\"card__label\">");
                    text(&mut out, label);
                    out.push_str(": </span>");
                    text(&mut out, &names);
                    out.push_str("</p>");
                }
            }
            out.push_str("<p class=\"card__summary\">");
            text(&mut out, a.summary.get(lang));
            out.push_str("</p></li>");
        }
        out.push_str("</ul></section>");
    }
    out
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

    fn words(new_tab: Option<&'static str>) -> ListWords<'static> {
        ListWords {
            no_date: "Chưa có thời gian",
            or: "hoặc",
            lead: "Chủ trì",
            partners: "Phối hợp",
            new_tab,
            none: "Không có hoạt động nào",
            none_hint: "Hãy bỏ bớt bộ lọc",
        }
    }

    fn href(a: &Activity) -> String {
        format!("/activities/{}?year=2022", a.id)
    }

    #[test]
    fn a_card_says_what_when_who_and_links_to_its_page_under_its_groups_heading() {
        let plan = sample_plan();
        let all: Vec<usize> = (0..plan.activities.len()).collect();
        let html = result_list_html(&plan, &all, Lang::Vi, &words(None), &href);
        // Each group with activities is one section, in the plan's order of groups.
        let headings: Vec<&str> = html
            .split("<h3>")
            .skip(1)
            .map(|s| &s[..s.find("</h3>").unwrap()])
            .collect();
        let expected: Vec<String> = plan
            .groups
            .iter()
            .filter(|g| plan.activities.iter().any(|a| a.group == g.id))
            .map(|g| crate::embed::escape_html(g.heading.get(Lang::Vi)))
            .collect();
        assert_eq!(headings, expected);
        assert_eq!(
            html.matches("<li class=\"card\">").count(),
            plan.activities.len()
        );
        let a = plan.activities.iter().find(|a| a.lead.is_some()).unwrap();
        let e = crate::embed::escape_html;
        assert!(html.contains(&format!(
            "<a href=\"{}\">{}</a>",
            e(&href(a)),
            e(a.title.get(Lang::Vi))
        )));
        assert!(html.contains(&format!(
            "<span class=\"card__label\">Chủ trì: </span>{}</p>",
            e(&org_names(&plan, a.lead.as_slice(), Lang::Vi))
        )));
        assert!(html.contains(&e(&windows_text(a, Lang::Vi, "Chưa có thời gian", "hoặc"))));
        assert!(
            !html.contains("target="),
            "the app's own links stay in the app"
        );
    }

    #[test]
    fn in_a_widget_each_card_opens_a_new_tab_and_says_so() {
        let plan = sample_plan();
        let html = result_list_html(&plan, &[0], Lang::Vi, &words(Some("(mở thẻ mới)")), &href);
        assert!(html.contains(" target=\"_blank\">"), "{html}");
        assert!(html.contains("<span class=\"visually-hidden\"> (mở thẻ mới)</span></a>"));
    }

    #[test]
    fn an_empty_list_says_so_and_what_to_try() {
        let plan = sample_plan();
        let out_of_range = plan.activities.len() + 5;
        for shown in [&[][..], &[out_of_range][..]] {
            assert_eq!(
                result_list_html(&plan, shown, Lang::Vi, &words(None), &href),
                "<div class=\"empty\"><p><strong>Không có hoạt động nào</strong></p><p>Hãy bỏ bớt bộ lọc</p></div>"
            );
        }
    }

    #[test]
    fn a_title_or_summary_with_markup_in_it_is_shown_as_text() {
        let mut plan = sample_plan();
        let a = &mut plan.activities[0];
        a.title = crate::model::Text {
            vi: "<img src=x onerror=alert(1)>".into(),
            en: "\"><script>".into(),
        };
        a.summary = crate::model::Text {
            vi: "Tom & Jerry </li></ul>".into(),
            en: "x".into(),
        };
        let html = result_list_html(&plan, &[0], Lang::Vi, &words(None), &href);
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;</a>"),
            "{html}"
        );
        assert!(
            html.contains("Tom &amp; Jerry &lt;/li&gt;&lt;/ul&gt;</p>"),
            "{html}"
        );
        assert!(!html.contains("<img") && !html.contains("</li></ul></li>"));
    }
}
