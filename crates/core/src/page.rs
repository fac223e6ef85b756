//! The texts of an activity's page, as the app shows them and as the server writes them
//! into the page before the app runs (so the two are the same, letter for letter).

use crate::dates::display;
use crate::model::{Activity, Lang, Plan, Source, WindowKind};
use chrono::NaiveDate;

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

/// The overview's words in the reader's language, as the locale files have them, with their
/// `{{ days }}`, `{{ date }}` and `{{ year }}` placeholders.
pub struct OverviewWords<'a> {
    /// Before the year's theme: "Chủ đề năm".
    pub theme: &'a str,
    /// The countdown to the plan year's 10/10, that it is today, or that it has passed.
    pub days_left: &'a str,
    pub is_today: &'a str,
    pub is_past: &'a str,
    /// After a past year's Day: the link to the newest plan, or (the newest plan's Day
    /// having passed) that the next one is not out and the link to send initiatives for it.
    pub see_newest: &'a str,
    pub next_not_out: &'a str,
    pub send_for: &'a str,
    /// The heading of the key dates.
    pub key_dates: &'a str,
}

/// The inside of the overview's `<section class="overview">`: the plan's name, the year's
/// theme, the countdown to that year's 10/10 on `today` (or that it has passed, and what
/// comes next: `newest` is the newest plan year), and the key dates, open or folded.
/// `to` makes an app path an address under the app's base.
///
/// The app sets it as the section's `innerHTML` for each language, as the overview changes
/// with nothing else: the plan's first wasm went from 100,021 to 98,243 B in brotli against
/// the overview as Leptos views.
#[allow(clippy::too_many_arguments)]
pub fn overview_html(
    plan: &Plan,
    lang: Lang,
    words: &OverviewWords<'_>,
    today: NaiveDate,
    newest: i32,
    to: &dyn Fn(&str) -> String,
    dates_open: bool,
) -> String {
    use crate::campaign::{DayStatus, day_status, dx_day, filing_year};
    use crate::embed::escape_html_into as text;
    use crate::messages::fill;
    let year = plan.year;
    let y = year.to_string();
    let day = display(dx_day(year).unwrap_or(today), lang);
    let mut out = String::from("<h1 id=\"plan-name\">");
    text(&mut out, plan.name.get(lang));
    out.push_str("</h1><p class=\"overview__theme\"><span class=\"overview__label\">");
    text(&mut out, words.theme);
    out.push_str(&format!(" {year}: </span><q lang=\""));
    // The language the theme is written in: Vietnamese where it has no English.
    let theme = plan.theme.get(lang);
    out.push_str(if theme == plan.theme.vi {
        "vi"
    } else {
        lang.code()
    });
    out.push_str("\" class=\"overview__quote\">");
    text(&mut out, theme);
    out.push_str("</q></p><p class=\"overview__countdown\">");
    let status = day_status(year, today);
    let countdown = match status {
        DayStatus::Ahead(days) => fill(
            words.days_left,
            &[("days", &days.to_string()), ("date", &day)],
        ),
        DayStatus::Today => words.is_today.to_owned(),
        DayStatus::Past => fill(words.is_past, &[("year", &y), ("date", &day)]),
    };
    text(&mut out, &countdown);
    out.push_str("</p>");
    // A past year leads to the newest; the newest, once its Day has passed, says what
    // comes next: the next campaign, which takes initiatives before its plan is out.
    if status == DayStatus::Past {
        out.push_str("<p class=\"overview__next\">");
        let (href, link) = if year < newest {
            let newest = newest.to_string();
            (
                to(&format!("/?year={newest}")),
                fill(words.see_newest, &[("year", &newest)]),
            )
        } else {
            let next = filing_year(today).to_string();
            text(&mut out, &fill(words.next_not_out, &[("year", &next)]));
            out.push(' ');
            (
                to("/initiatives/new"),
                fill(words.send_for, &[("year", &next)]),
            )
        };
        out.push_str("<a href=\"");
        text(&mut out, &href);
        out.push_str("\">");
        text(&mut out, &link);
        out.push_str("</a></p>");
    }
    out.push_str(if dates_open {
        "<details class=\"key-dates-box\" open>"
    } else {
        "<details class=\"key-dates-box\">"
    });
    out.push_str("<summary><h2 class=\"key-dates-box__heading\">");
    text(&mut out, words.key_dates);
    out.push_str("</h2></summary><ul class=\"key-dates\">");
    for k in &plan.key_dates {
        out.push_str("<li><time datetime=\"");
        out.push_str(&crate::query::iso_date(k.date));
        out.push_str("\">");
        out.push_str(&display(k.date, lang));
        out.push_str("</time> — ");
        text(&mut out, k.label.get(lang));
        out.push_str("</li>");
    }
    out.push_str("</ul></details>");
    out
}

/// The site header's words in the reader's language.
pub struct HeaderWords<'a> {
    /// The site's name, the menu button's text and the navigation's name.
    pub title: &'a str,
    pub menu: &'a str,
    pub nav: &'a str,
    /// The language switch: the other language's name, in that language, and what the
    /// button does, for a screen reader ("Switch to English").
    pub other: &'a str,
    pub other_name: &'a str,
}

/// The ids of the site navigation's four links, in order: the plan, a new initiative,
/// tracking one, and the about page.
pub const NAV_IDS: [&str; 4] = ["nav-plan", "nav-submit", "nav-track", "nav-about"];

/// The inside of the site's `<header>`, the same markup as the static shell's in
/// index.html: the site's name linked to `home`, the menu button (a disclosure, closed), the
/// navigation (`links`: each of [`NAV_IDS`]' text, address, and whether it is the page
/// shown) and the language switch to the other language than `lang`.
///
/// The app writes it for each language; a new address changes the links in place. Measured
/// in brotli against the header as Leptos views: the plan's first wasm 606 B smaller, the
/// forms' 737 B.
pub fn header_html(
    words: &HeaderWords<'_>,
    lang: Lang,
    home: &str,
    links: &[(&str, String, bool)],
) -> String {
    use crate::embed::escape_html_into as text;
    let mut out =
        String::from("<div class=\"site-header__inner\"><p class=\"site-title\"><a href=\"");
    text(&mut out, home);
    out.push_str("\">");
    text(&mut out, words.title);
    out.push_str("</a></p><button type=\"button\" class=\"menu-toggle\" id=\"site-menu-toggle\" aria-expanded=\"false\" aria-controls=\"site-menu\"><span class=\"menu-toggle__icon\" aria-hidden=\"true\"></span>");
    text(&mut out, words.menu);
    out.push_str(
        "</button><div class=\"site-menu\" id=\"site-menu\"><nav class=\"site-nav\" aria-label=\"",
    );
    text(&mut out, words.nav);
    out.push_str("\">");
    for ((label, href, current), id) in links.iter().zip(NAV_IDS) {
        out.push_str("<a id=\"");
        out.push_str(id);
        out.push_str("\" href=\"");
        text(&mut out, href);
        out.push('"');
        if *current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        text(&mut out, label);
        out.push_str("</a>");
    }
    out.push_str("</nav><button type=\"button\" class=\"lang-switch\" id=\"lang-switch\" lang=\"");
    out.push_str(match lang {
        Lang::Vi => "en",
        Lang::En => "vi",
    });
    out.push_str("\" aria-label=\"");
    text(&mut out, words.other_name);
    out.push_str("\">");
    text(&mut out, words.other);
    out.push_str("</button></div></div>");
    out
}

/// The inside of the year switcher's `<nav>`: its label, and a link to each of `links`
/// (a year, and the address of the same page in that year's plan), the `current` one
/// marked as the page shown. Each link has the id `year-{year}`, by which the app keeps
/// its address and its mark in step with the page's.
///
/// The app sets it as the switcher's `innerHTML` for each language: the plan's first wasm
/// is 870 B smaller in brotli than with the switcher as Leptos views.
pub fn years_html(label: &str, links: &[(i32, String)], current: i32) -> String {
    use crate::embed::escape_html_into as text;
    let mut out = String::from("<p id=\"years-label\" class=\"years__label\">");
    text(&mut out, label);
    out.push_str("</p><ul class=\"years__list\">");
    for (year, href) in links {
        out.push_str(&format!("<li><a id=\"year-{year}\" href=\""));
        text(&mut out, href);
        out.push('"');
        if *year == current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push_str(&format!(">{year}</a></li>"));
    }
    out.push_str("</ul>");
    out
}

/// The words of the filter controls that are not the plan's, in the reader's language.
pub struct FilterWords<'a> {
    /// The search box's label and the hint under it.
    pub search: &'a str,
    pub search_hint: &'a str,
    /// The legends of the groups', the organizations' and the dates' fieldsets.
    pub groups: &'a str,
    pub orgs: &'a str,
    pub dates: &'a str,
    /// The labels of the two date inputs.
    pub from: &'a str,
    pub to: &'a str,
    /// What the quick choices of dates are called, and the three of them: the ten days
    /// up to 10/10, the whole of October, and today (or the same day in the plan's year).
    pub presets: &'a str,
    pub preset_days: &'a str,
    pub preset_month: &'a str,
    pub preset_today: &'a str,
}

/// The organizations in the order the filter lists them: each one without a parent,
/// followed by its units, as an organization chart reads. Indices into
/// `plan.organizations`, with `true` for a unit.
pub fn org_chart(plan: &Plan) -> Vec<(usize, bool)> {
    let mut ordered = Vec::new();
    for (i, o) in plan.organizations.iter().enumerate() {
        if o.parent.is_none() {
            ordered.push((i, false));
            for (j, unit) in plan.organizations.iter().enumerate() {
                if unit.parent.as_deref() == Some(o.id.as_str()) {
                    ordered.push((j, true));
                }
            }
        }
    }
    ordered
}

/// The id of a group's (`org == false`) or an organization's checkbox; its count's element
/// has the same id with `-n` after it.
pub fn choice_id(org: bool, id: &str) -> String {
    format!("{}-{id}", if org { "org" } else { "group" })
}

/// The filter controls' markup: the search box, a checkbox for each group and each
/// organization with how many activities it would show, the two date inputs and the quick
/// choices of dates, as `filter` and `results` have them now. `today` is the day the third
/// quick choice picks (`None`: it lifts the dates).
///
/// The app sets it as the controls' `innerHTML` once for each plan and language, and from
/// then on only changes what changes (which boxes are ticked, the counts, the dates), in
/// place, so the box a reader has just ticked keeps the focus. Against the same controls as
/// Leptos views (one copy of Leptos's rendering code for each kind of element, attribute and
/// handler), the plan's first wasm went from 104,195 to 100,835 B in brotli. The quick choices carry
/// their dates (`data-from`, `data-to`), the checkboxes their id (`data-group`,
/// `data-org`), for the controls' one listener of each kind.
pub fn filter_controls_html(
    plan: &Plan,
    lang: Lang,
    words: &FilterWords<'_>,
    filter: &crate::Filter,
    results: &crate::Results,
    today: Option<NaiveDate>,
) -> String {
    use crate::embed::escape_html_into as text;
    let mut out = String::new();
    out.push_str("<div class=\"field\"><label for=\"filter-q\">");
    text(&mut out, words.search);
    out.push_str("</label><p class=\"field__hint\" id=\"filter-q-hint\">");
    text(&mut out, words.search_hint);
    out.push_str("</p><input id=\"filter-q\" type=\"search\" autocomplete=\"off\" aria-describedby=\"filter-q-hint\" value=\"");
    text(&mut out, &filter.q);
    out.push_str("\"></div>");
    let choices = |out: &mut String, legend: &str, org: bool, items: &[(usize, bool)]| {
        out.push_str("<fieldset class=\"choices\"><legend>");
        text(out, legend);
        out.push_str("</legend><ul>");
        for &(i, unit) in items {
            let (id, name, chosen, count) = if org {
                let o = &plan.organizations[i];
                (&o.id, &o.name, &filter.orgs, &results.org_counts)
            } else {
                let g = &plan.groups[i];
                (&g.id, &g.name, &filter.groups, &results.group_counts)
            };
            let key = choice_id(org, id);
            out.push_str(if unit {
                "<li class=\"choices__unit\">"
            } else {
                "<li>"
            });
            out.push_str("<input type=\"checkbox\" id=\"");
            text(out, &key);
            out.push_str(if org {
                "\" data-org=\""
            } else {
                "\" data-group=\""
            });
            text(out, id);
            out.push('"');
            if chosen.contains(id) {
                out.push_str(" checked");
            }
            out.push_str("><label for=\"");
            text(out, &key);
            out.push_str("\">");
            text(out, name.get(lang));
            out.push_str(" <span class=\"count\" id=\"");
            text(out, &key);
            out.push_str("-n\">(");
            out.push_str(&crate::dates::count(
                count.get(i).copied().unwrap_or(0),
                lang,
            ));
            out.push_str(")</span></label></li>");
        }
        out.push_str("</ul></fieldset>");
    };
    let groups: Vec<(usize, bool)> = (0..plan.groups.len()).map(|i| (i, false)).collect();
    choices(&mut out, words.groups, false, &groups);
    choices(&mut out, words.orgs, true, &org_chart(plan));
    out.push_str("<fieldset class=\"choices dates\"><legend>");
    text(&mut out, words.dates);
    out.push_str("</legend><div class=\"dates__inputs\">");
    for (id, label, value) in [
        ("filter-from", words.from, filter.from),
        ("filter-to", words.to, filter.to),
    ] {
        out.push_str("<div class=\"field\"><label for=\"");
        out.push_str(id);
        out.push_str("\">");
        text(&mut out, label);
        out.push_str("</label><input id=\"");
        out.push_str(id);
        out.push_str("\" type=\"date\" value=\"");
        out.push_str(&value.map(crate::query::iso_date).unwrap_or_default());
        out.push_str("\"></div>");
    }
    out.push_str("</div><p class=\"dates__presets-label\" id=\"presets-label\">");
    text(&mut out, words.presets);
    out.push_str(
        "</p><div class=\"dates__presets\" role=\"group\" aria-labelledby=\"presets-label\">",
    );
    let day = |m, d| NaiveDate::from_ymd_opt(plan.year, m, d);
    for (label, from, to) in [
        (words.preset_days, day(10, 1), day(10, 10)),
        (words.preset_month, day(10, 1), day(10, 31)),
        (words.preset_today, today, today),
    ] {
        out.push_str("<button type=\"button\" data-from=\"");
        out.push_str(&from.map(crate::query::iso_date).unwrap_or_default());
        out.push_str("\" data-to=\"");
        out.push_str(&to.map(crate::query::iso_date).unwrap_or_default());
        out.push_str("\">");
        text(&mut out, label);
        out.push_str("</button>");
    }
    out.push_str("</div></fieldset>");
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

    const OVERVIEW: OverviewWords<'static> = OverviewWords {
        theme: "Chủ đề năm",
        days_left: "Còn {{ days }} ngày nữa là đến Ngày Chuyển đổi số quốc gia ({{ date }}).",
        is_today: "Hôm nay là Ngày Chuyển đổi số quốc gia.",
        is_past: "Ngày Chuyển đổi số quốc gia năm {{ year }} ({{ date }}) đã diễn ra.",
        see_newest: "Xem kế hoạch năm {{ year }}",
        next_not_out: "Kế hoạch năm {{ year }} chưa được công bố.",
        send_for: "Gửi sáng kiến cho năm {{ year }}",
        key_dates: "Các mốc thời gian",
    };

    fn app_to(path: &str) -> String {
        format!("/cds{path}")
    }

    fn on(m: u32, d: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_overview_counts_down_to_the_plans_day_then_says_it_has_passed_and_what_next() {
        let plan = sample_plan();
        let html =
            |today, newest| overview_html(&plan, Lang::Vi, &OVERVIEW, today, newest, &app_to, true);
        let before = html(on(9, 30, 2022), 2022);
        assert!(before.contains("<p class=\"overview__countdown\">Còn 10 ngày nữa là đến Ngày Chuyển đổi số quốc gia (10/10/2022).</p>"), "{before}");
        assert!(!before.contains("overview__next"));
        assert!(
            html(on(10, 10, 2022), 2022).contains(">Hôm nay là Ngày Chuyển đổi số quốc gia.</p>")
        );
        // A past year leads to the newest plan.
        let past = html(on(3, 1, 2025), 2025);
        assert!(past.contains("(10/10/2022) đã diễn ra.</p><p class=\"overview__next\"><a href=\"/cds/?year=2025\">Xem kế hoạch năm 2025</a></p>"), "{past}");
        // The newest, its Day passed: the next campaign's plan is not out, and initiatives
        // for it are welcome.
        let next = html(on(11, 1, 2022), 2022);
        assert!(next.contains("<p class=\"overview__next\">Kế hoạch năm 2023 chưa được công bố. <a href=\"/cds/initiatives/new\">Gửi sáng kiến cho năm 2023</a></p>"), "{next}");
    }

    #[test]
    fn the_overview_names_the_plan_its_theme_in_its_own_language_and_every_key_date() {
        let mut plan = sample_plan();
        plan.name.vi = "Kế hoạch <2022> & \"CĐS\"".into();
        for (d, label) in [
            (on(6, 16, 2022), "Ban hành kế hoạch"),
            (on(10, 10, 2022), "Ngày <CĐS>"),
        ] {
            plan.key_dates.push(crate::model::KeyDate {
                date: d,
                label: crate::model::Text {
                    vi: label.into(),
                    en: String::new(),
                },
                cites: Vec::new(),
            });
        }
        let html = overview_html(
            &plan,
            Lang::Vi,
            &OVERVIEW,
            on(1, 1, 2022),
            2022,
            &app_to,
            false,
        );
        assert!(
            html.starts_with(
                "<h1 id=\"plan-name\">Kế hoạch &lt;2022&gt; &amp; &quot;CĐS&quot;</h1>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"overview__label\">Chủ đề năm 2022: </span><q lang=\"vi\"")
        );
        assert!(
            html.contains("<details class=\"key-dates-box\"><summary>"),
            "folded on a phone"
        );
        assert_eq!(
            html.matches("<li><time datetime=").count(),
            plan.key_dates.len()
        );
        assert!(
            html.contains(
                "<li><time datetime=\"2022-10-10\">10/10/2022</time> — Ngày &lt;CĐS&gt;</li>"
            ),
            "{html}"
        );
        let k = &plan.key_dates[0];
        assert!(html.contains(&format!(
            "<time datetime=\"{}\">{}</time> — ",
            crate::query::iso_date(k.date),
            display(k.date, Lang::Vi)
        )));
        // In English, an English theme is marked as English; one written only in
        // Vietnamese stays marked as Vietnamese.
        plan.theme.en = "Digital for all".into();
        let en = overview_html(
            &plan,
            Lang::En,
            &OVERVIEW,
            on(1, 1, 2022),
            2022,
            &app_to,
            true,
        );
        assert!(
            en.contains("<q lang=\"en\" class=\"overview__quote\">Digital for all</q>"),
            "{en}"
        );
        plan.theme.en.clear();
        let en = overview_html(
            &plan,
            Lang::En,
            &OVERVIEW,
            on(1, 1, 2022),
            2022,
            &app_to,
            true,
        );
        assert!(en.contains(&format!(
            "<q lang=\"vi\" class=\"overview__quote\">{}</q>",
            crate::embed::escape_html(&plan.theme.vi)
        )));
    }

    #[test]
    fn the_year_switcher_links_every_year_and_marks_the_one_shown() {
        let links = vec![
            (2025, "/cds/?year=2025&q=a%22b".to_owned()),
            (2024, "/cds/?year=2024&q=a%22b".to_owned()),
        ];
        assert_eq!(
            years_html("Kế hoạch các năm", &links, 2024),
            "<p id=\"years-label\" class=\"years__label\">Kế hoạch các năm</p><ul class=\"years__list\">\
             <li><a id=\"year-2025\" href=\"/cds/?year=2025&amp;q=a%22b\">2025</a></li>\
             <li><a id=\"year-2024\" href=\"/cds/?year=2024&amp;q=a%22b\" aria-current=\"page\">2024</a></li></ul>"
        );
    }

    #[test]
    fn the_header_links_every_page_marks_the_one_shown_and_offers_the_other_language() {
        let words = HeaderWords {
            title: "Ngày Chuyển đổi số quốc gia",
            menu: "Menu",
            nav: "Điều hướng chính",
            other: "English",
            other_name: "Switch to English",
        };
        let links = [
            ("Kế hoạch", "/cds/?year=2022".to_owned(), false),
            ("Gửi sáng kiến", "/cds/initiatives/new".to_owned(), true),
            ("Tra cứu hồ sơ", "/cds/initiatives/track".to_owned(), false),
            ("Giới thiệu", "/cds/about?year=2022".to_owned(), false),
        ];
        let html = header_html(&words, Lang::Vi, "/cds/", &links);
        assert!(html.starts_with("<div class=\"site-header__inner\"><p class=\"site-title\"><a href=\"/cds/\">Ngày Chuyển đổi số quốc gia</a></p>"));
        assert!(html.contains("aria-expanded=\"false\" aria-controls=\"site-menu\">"));
        assert!(html.contains("<nav class=\"site-nav\" aria-label=\"Điều hướng chính\"><a id=\"nav-plan\" href=\"/cds/?year=2022\">Kế hoạch</a><a id=\"nav-submit\" href=\"/cds/initiatives/new\" aria-current=\"page\">Gửi sáng kiến</a>"), "{html}");
        assert_eq!(html.matches("aria-current").count(), 1);
        assert!(html.ends_with("<button type=\"button\" class=\"lang-switch\" id=\"lang-switch\" lang=\"en\" aria-label=\"Switch to English\">English</button></div></div>"));
        assert!(
            header_html(&words, Lang::En, "/", &links)
                .contains("class=\"lang-switch\" id=\"lang-switch\" lang=\"vi\"")
        );
    }

    fn filter_words() -> FilterWords<'static> {
        FilterWords {
            search: "Tìm kiếm",
            search_hint: "Có dấu hoặc không dấu",
            groups: "Nhóm chủ trì",
            orgs: "Đơn vị",
            dates: "Thời gian",
            from: "Từ ngày",
            to: "Đến ngày",
            presets: "Chọn nhanh",
            preset_days: "1–10/10",
            preset_month: "Cả tháng 10",
            preset_today: "Hôm nay",
        }
    }

    fn controls(filter: &crate::Filter, today: Option<NaiveDate>) -> (Plan, String) {
        let plan = sample_plan();
        let results = crate::Index::new(&plan).search(&plan, filter);
        let html = filter_controls_html(&plan, Lang::Vi, &filter_words(), filter, &results, today);
        (plan, html)
    }

    /// The ids of the checkboxes, in the order they are written.
    fn boxes(html: &str) -> Vec<&str> {
        html.split("<input type=\"checkbox\" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect()
    }

    #[test]
    fn every_group_then_every_organization_has_a_labelled_box_units_under_their_parent() {
        let (plan, html) = controls(&crate::Filter::default(), None);
        let mut expected: Vec<String> = plan
            .groups
            .iter()
            .map(|g| choice_id(false, &g.id))
            .collect();
        let chart = org_chart(&plan);
        expected.extend(
            chart
                .iter()
                .map(|&(i, _)| choice_id(true, &plan.organizations[i].id)),
        );
        assert_eq!(boxes(&html), expected);
        // The sample plan has units, and each comes straight after its parent, indented.
        let (unit, _) = *chart.iter().find(|(_, unit)| *unit).expect("a unit");
        let parent = plan.organizations[unit].parent.as_deref().unwrap();
        let at = chart.iter().position(|&(i, _)| i == unit).unwrap();
        assert!(
            chart[..at]
                .iter()
                .any(|&(i, _)| plan.organizations[i].id == parent)
        );
        let key = choice_id(true, &plan.organizations[unit].id);
        assert!(
            html.contains(&format!(
                "<li class=\"choices__unit\"><input type=\"checkbox\" id=\"{key}\""
            )),
            "{html}"
        );
        // Every box has its label, which says how many activities it would show.
        for key in boxes(&html) {
            assert!(html.contains(&format!("<label for=\"{key}\">")), "{key}");
            assert!(
                html.contains(&format!("<span class=\"count\" id=\"{key}-n\">(")),
                "{key}"
            );
        }
        assert!(!html.contains(" checked"), "nothing chosen, nothing ticked");
    }

    #[test]
    fn what_the_address_chose_is_ticked_and_filled_in_with_the_counts_of_the_other_filters() {
        let plan = sample_plan();
        let group = plan.groups[0].id.clone();
        let filter = crate::Filter {
            groups: vec![group.clone()],
            from: NaiveDate::from_ymd_opt(2022, 10, 1),
            q: "chuyển \"đổi\"".into(),
            ..Default::default()
        };
        let (_, html) = controls(&filter, None);
        assert!(
            html.contains(&format!(
                "id=\"group-{group}\" data-group=\"{group}\" checked>"
            )),
            "{html}"
        );
        assert_eq!(html.matches(" checked").count(), 1);
        assert!(html.contains("<input id=\"filter-from\" type=\"date\" value=\"2022-10-01\">"));
        assert!(html.contains("<input id=\"filter-to\" type=\"date\" value=\"\">"));
        assert!(
            html.contains("value=\"chuyển &quot;đổi&quot;\"></div>"),
            "{html}"
        );
        // A group's count is what ticking it would show with the other filters: the same
        // as the definition of filtering says.
        let results = crate::Index::new(&plan).search(&plan, &filter);
        let n = results.group_counts[0];
        assert!(
            html.contains(&format!("id=\"group-{group}-n\">({n})</span>")),
            "{html}"
        );
    }

    #[test]
    fn the_quick_choices_carry_the_plans_days_and_today() {
        let today = NaiveDate::from_ymd_opt(2022, 10, 4);
        let (_, html) = controls(&crate::Filter::default(), today);
        assert!(html.contains("data-from=\"2022-10-01\" data-to=\"2022-10-10\">1–10/10</button>"));
        assert!(
            html.contains("data-from=\"2022-10-01\" data-to=\"2022-10-31\">Cả tháng 10</button>")
        );
        assert!(html.contains("data-from=\"2022-10-04\" data-to=\"2022-10-04\">Hôm nay</button>"));
        // No such day in the plan's year: the choice lifts the dates.
        let (_, html) = controls(&crate::Filter::default(), None);
        assert!(html.contains("data-from=\"\" data-to=\"\">Hôm nay</button>"));
    }

    #[test]
    fn a_name_with_markup_in_it_is_shown_as_text() {
        let mut plan = sample_plan();
        plan.organizations[0].name.vi = "<b onclick=x>Bộ</b> & \"Sở\"".into();
        let results = crate::Index::new(&plan).search(&plan, &crate::Filter::default());
        let html = filter_controls_html(
            &plan,
            Lang::Vi,
            &filter_words(),
            &Default::default(),
            &results,
            None,
        );
        assert!(
            html.contains("&lt;b onclick=x&gt;Bộ&lt;/b&gt; &amp; &quot;Sở&quot; <span"),
            "{html}"
        );
        assert!(!html.contains("<b "));
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
