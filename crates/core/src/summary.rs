//! What the results say of themselves: the sentence above the list ("3 hoạt động của Bộ
//! TT&TT từ 01/10/2022 đến 10/10/2022") and one chip for each filter that is on, each of
//! which lifts its filter.

use crate::Filter;
use crate::dates::{count as number, display};
use crate::embed::escape_html_into as text;
use crate::messages::fill;
use crate::model::{Lang, Plan};

/// The sentence's words in the reader's language, as the locale files have them, with
/// their `{{ count }}`, `{{ from }}`, `{{ to }}` and `{{ q }}` placeholders.
pub struct SentenceWords<'a> {
    /// Nothing is filtered: "Tất cả {{ count }} hoạt động trong kế hoạch".
    pub all: &'a str,
    /// One activity, and any other number ("{{ count }} hoạt động"): English needs the
    /// singular, Vietnamese nouns do not change.
    pub one: &'a str,
    pub count: &'a str,
    /// Before the organizations' names ("của") and the groups' ("thuộc nhóm").
    pub of: &'a str,
    pub in_groups: &'a str,
    /// The dates: both bounds, the first only, the last only.
    pub from_to: &'a str,
    pub from_only: &'a str,
    pub to_only: &'a str,
    /// The search text.
    pub matching: &'a str,
}

/// What the list shows, in one sentence: `count` activities of `plan` under `filter`
/// (whose unknown ids are already dropped: [`Filter::known_to`]).
pub fn sentence(
    plan: &Plan,
    filter: &Filter,
    count: usize,
    lang: Lang,
    words: &SentenceWords<'_>,
) -> String {
    let n = number(count, lang);
    if filter.is_empty() {
        return fill(words.all, &[("count", &n)]);
    }
    let mut parts = vec![if count == 1 {
        words.one.to_owned()
    } else {
        fill(words.count, &[("count", &n)])
    }];
    if !filter.orgs.is_empty() {
        let names = crate::page::org_names(plan, &filter.orgs, lang);
        parts.push(format!("{} {names}", words.of));
    }
    if !filter.groups.is_empty() {
        let names: Vec<&str> = filter
            .groups
            .iter()
            .filter_map(|g| plan.group(g))
            .map(|g| g.name.get(lang))
            .collect();
        parts.push(format!("{} {}", words.in_groups, names.join(", ")));
    }
    let (from, to) = (
        filter.from.map(|d| display(d, lang)),
        filter.to.map(|d| display(d, lang)),
    );
    match (&from, &to) {
        (Some(a), Some(b)) => parts.push(fill(words.from_to, &[("from", a), ("to", b)])),
        (Some(a), None) => parts.push(fill(words.from_only, &[("from", a)])),
        (None, Some(b)) => parts.push(fill(words.to_only, &[("to", b)])),
        (None, None) => {}
    }
    if !filter.q.is_empty() {
        parts.push(fill(words.matching, &[("q", &filter.q)]));
    }
    parts.join(" ")
}

/// The chips' markup: one `<li>` with a button for each group, each organization, the
/// dates (one chip for both bounds) and the search text of `filter` (unknown ids already
/// dropped), in that order. Each button is named `clear` and its label for a screen reader
/// ("Bỏ lọc: Bộ Thông tin và Truyền thông") and carries in `data-lift` what [`lift`]
/// takes away.
///
/// The app sets it as the chips' `innerHTML` and reads a click on any of them with one
/// listener, as it does the filter controls ([`crate::page::filter_controls_html`]). Here
/// the gain is small: with the sentence moved here too, the plan's first wasm is 109 B
/// smaller in brotli than with the chips as Leptos views; the point is that what a chip
/// lifts is plain logic, tested here.
pub fn chips_html(plan: &Plan, filter: &Filter, lang: Lang, clear: &str) -> String {
    let mut chips: Vec<(String, String)> = Vec::new();
    for g in &filter.groups {
        if let Some(group) = plan.group(g) {
            chips.push((group.name.get(lang).to_owned(), format!("group:{g}")));
        }
    }
    for o in &filter.orgs {
        if let Some(org) = plan.organization(o) {
            chips.push((org.name.get(lang).to_owned(), format!("org:{o}")));
        }
    }
    let label = match (filter.from, filter.to) {
        (Some(a), Some(b)) => Some(format!("{} – {}", display(a, lang), display(b, lang))),
        (Some(a), None) => Some(format!("≥ {}", display(a, lang))),
        (None, Some(b)) => Some(format!("≤ {}", display(b, lang))),
        (None, None) => None,
    };
    if let Some(label) = label {
        chips.push((label, "dates".to_owned()));
    }
    if !filter.q.is_empty() {
        chips.push((format!("“{}”", filter.q), "q".to_owned()));
    }
    let mut out = String::new();
    for (label, lifts) in chips {
        out.push_str("<li><button type=\"button\" class=\"chip\" aria-label=\"");
        text(&mut out, clear);
        out.push_str(": ");
        text(&mut out, &label);
        out.push_str("\" data-lift=\"");
        text(&mut out, &lifts);
        out.push_str("\">");
        text(&mut out, &label);
        out.push_str("<span aria-hidden=\"true\"> ×</span></button></li>");
    }
    out
}

/// Takes away from `filter` what a chip's `data-lift` names ([`chips_html`]): a group, an
/// organization, the dates or the search text. Anything else changes nothing.
pub fn lift(filter: &mut Filter, what: &str) {
    match what.split_once(':') {
        Some(("group", id)) => filter.groups.retain(|x| x != id),
        Some(("org", id)) => filter.orgs.retain(|x| x != id),
        _ if what == "dates" => {
            filter.from = None;
            filter.to = None;
        }
        _ if what == "q" => filter.q.clear(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    const VI: SentenceWords<'static> = SentenceWords {
        all: "Tất cả {{ count }} hoạt động trong kế hoạch",
        one: "1 hoạt động",
        count: "{{ count }} hoạt động",
        of: "của",
        in_groups: "thuộc nhóm",
        from_to: "từ {{ from }} đến {{ to }}",
        from_only: "từ {{ from }} trở đi",
        to_only: "đến hết {{ to }}",
        matching: "có chứa “{{ q }}”",
    };

    fn day(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2022, m, d)
    }

    #[test]
    fn the_sentence_says_every_filter_in_reading_order() {
        let plan = sample_plan();
        assert_eq!(
            sentence(&plan, &Filter::default(), 1400, Lang::Vi, &VI),
            "Tất cả 1.400 hoạt động trong kế hoạch"
        );
        let org = &plan.organizations[0];
        let group = &plan.groups[0];
        let filter = Filter {
            groups: vec![group.id.clone()],
            orgs: vec![org.id.clone()],
            from: day(10, 1),
            to: day(10, 10),
            q: "số".into(),
        };
        assert_eq!(
            sentence(&plan, &filter, 3, Lang::Vi, &VI),
            format!(
                "3 hoạt động của {} thuộc nhóm {} từ 01/10/2022 đến 10/10/2022 có chứa “số”",
                org.name.vi, group.name.vi
            )
        );
        let only_from = Filter {
            from: day(10, 1),
            ..Filter::default()
        };
        assert_eq!(
            sentence(&plan, &only_from, 1, Lang::Vi, &VI),
            "1 hoạt động từ 01/10/2022 trở đi"
        );
        let only_to = Filter {
            to: day(10, 10),
            ..Filter::default()
        };
        assert_eq!(
            sentence(&plan, &only_to, 0, Lang::Vi, &VI),
            "0 hoạt động đến hết 10/10/2022"
        );
    }

    #[test]
    fn each_chip_names_its_filter_and_lifts_only_that_one() {
        let plan = sample_plan();
        let filter = Filter {
            groups: vec![plan.groups[0].id.clone()],
            orgs: vec![plan.organizations[1].id.clone()],
            from: day(10, 1),
            to: None,
            q: "chữ ký".into(),
        };
        let html = chips_html(&plan, &filter, Lang::Vi, "Bỏ lọc");
        let lifts: Vec<&str> = html
            .split("data-lift=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(lifts.len(), 4);
        assert!(
            html.contains("aria-label=\"Bỏ lọc: ≥ 01/10/2022\""),
            "{html}"
        );
        assert!(html.contains(">“chữ ký”<span aria-hidden=\"true\"> ×</span></button></li>"));
        for (i, what) in lifts.iter().enumerate() {
            let mut lifted = filter.clone();
            lift(&mut lifted, what);
            assert_eq!(lifted.active_count(), 3, "{what}");
            // The others are still there.
            let again = chips_html(&plan, &lifted, Lang::Vi, "Bỏ lọc");
            for (j, other) in lifts.iter().enumerate() {
                assert_eq!(again.contains(&format!("data-lift=\"{other}\"")), i != j);
            }
        }
        assert_eq!(
            chips_html(&plan, &Filter::default(), Lang::Vi, "Bỏ lọc"),
            ""
        );
    }

    #[test]
    fn a_name_or_a_search_with_markup_in_it_is_shown_as_text() {
        let mut plan = sample_plan();
        plan.groups[0].name.vi = "<img src=x onerror=alert(1)>".into();
        let filter = Filter {
            groups: vec![plan.groups[0].id.clone()],
            q: "\"><script>".into(),
            ..Filter::default()
        };
        let html = chips_html(&plan, &filter, Lang::Vi, "Bỏ lọc");
        assert!(
            !html.contains("<img") && !html.contains("<script"),
            "{html}"
        );
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    proptest! {
        /// Whatever a chip is asked to lift, by a chip of any id or by anything else
        /// (`data-lift` is read from the page), lifting never adds a filter.
        #[test]
        fn lifting_only_ever_takes_away(what in "\\PC{0,20}", id in "[a-z-]{1,10}") {
            let plan = sample_plan();
            let filter = Filter {
                groups: vec![id.clone(), plan.groups[0].id.clone()],
                orgs: vec![id],
                from: day(10, 1),
                to: day(10, 2),
                q: "x".into(),
            };
            let mut lifted = filter.clone();
            lift(&mut lifted, &what);
            prop_assert!(lifted.active_count() <= filter.active_count());
            prop_assert!(lifted.groups.iter().all(|g| filter.groups.contains(g)));
            prop_assert!(lifted.orgs.iter().all(|o| filter.orgs.contains(o)));
        }
    }
}
