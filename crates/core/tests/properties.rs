//! Property tests: shared links read back what they wrote, and the fast filter agrees
//! with the definition of filtering on every input.

use chrono::NaiveDate;
use dxday_core::filter::passes;
use dxday_core::model::Lang;
use dxday_core::testing::sample_plan;
use dxday_core::{ExplorerQuery, Filter, Index};
use proptest::prelude::*;

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9-]{0,20}"
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2021i32..2024, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// Queries as the parser leaves them: deduplicated slugs, trimmed text, ordered dates.
fn query() -> impl Strategy<Value = ExplorerQuery> {
    (
        proptest::option::of(2000i32..=2100),
        proptest::collection::vec(slug(), 0..4),
        proptest::collection::vec(slug(), 0..4),
        proptest::option::of(date()),
        proptest::option::of(date()),
        "\\PC{0,30}",
        proptest::option::of(prop_oneof![Just(Lang::Vi), Just(Lang::En)]),
        any::<bool>(),
    )
        .prop_map(|(year, mut groups, mut orgs, from, to, q, lang, embed)| {
            groups.dedup();
            orgs.dedup();
            let groups = groups
                .iter()
                .enumerate()
                .filter(|(i, g)| !groups[..*i].contains(g))
                .map(|(_, g)| g.clone())
                .collect();
            let orgs = orgs
                .iter()
                .enumerate()
                .filter(|(i, o)| !orgs[..*i].contains(o))
                .map(|(_, o)| o.clone())
                .collect();
            let (from, to) = match (from, to) {
                (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
                other => other,
            };
            ExplorerQuery {
                year,
                filter: Filter {
                    groups,
                    orgs,
                    from,
                    to,
                    q: q.trim().to_owned(),
                },
                lang,
                embed,
            }
        })
}

proptest! {
    #[test]
    fn a_printed_query_parses_back_to_itself(q in query()) {
        prop_assert_eq!(ExplorerQuery::parse(&q.to_query_string()), q);
    }

    #[test]
    fn the_filter_button_counts_nothing_exactly_when_no_filter_is_on(q in query()) {
        prop_assert_eq!(q.filter.active_count() == 0, q.filter.is_empty());
    }

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = ExplorerQuery::parse(&text);
    }

    #[test]
    fn every_result_passes_every_filter_and_nothing_that_passes_is_missing(
        groups in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("doan"), Just("dia-phuong"), Just("unknown")], 0..3),
        orgs in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("vu-buu-chinh"), Just("postmart"), Just("doan-tncs"), Just("nobody")], 0..3),
        from in proptest::option::of(date()),
        to in proptest::option::of(date()),
        q in prop_oneof![Just(String::new()), Just("so".to_owned()), Just("số".to_owned()), Just("chu ky".to_owned()), Just("thanh nien".to_owned()), Just("Đoàn".to_owned()), "[a-zđơư ]{0,6}"],
    ) {
        let plan = sample_plan();
        let filter = Filter {
            groups: groups.into_iter().map(String::from).collect(),
            orgs: orgs.into_iter().map(String::from).collect(),
            from,
            to,
            q,
        };
        let results = Index::new(&plan).search(&plan, &filter);
        for &i in &results.matches {
            prop_assert!(passes(&plan, &plan.activities[i], &filter), "{} should not match", plan.activities[i].id);
        }
        let expected = plan.activities.iter().filter(|a| passes(&plan, a, &filter)).count();
        prop_assert_eq!(results.matches.len(), expected);
        let mut sorted = results.matches.clone();
        sorted.sort_unstable();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), results.matches.len(), "no activity is listed twice");
    }

    #[test]
    fn a_search_refined_from_the_last_one_finds_what_a_fresh_search_finds(
        groups in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("doan"), Just("unknown")], 0..2),
        orgs in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("vu-buu-chinh"), Just("postmart")], 0..2),
        from in proptest::option::of(date()),
        to in proptest::option::of(date()),
        q in prop_oneof![Just(String::new()), Just("s".to_owned()), Just("chu".to_owned()), Just("thanh".to_owned()), "[a-zđơư ]{0,4}"],
        next_from in proptest::option::of(date()),
        next_to in proptest::option::of(date()),
        typed in prop_oneof![Just(String::new()), Just("o".to_owned()), Just(" ky".to_owned()), Just(" nien".to_owned()), "[a-zđơư ]{0,3}"],
        keep_dates in any::<bool>(),
        backspace in any::<bool>(),
    ) {
        // The next search: a keystroke more (or one less), other groups and organizations,
        // the same dates or others; refining must give what a fresh search gives, whether
        // or not it narrows.
        let plan = sample_plan();
        let index = Index::new(&plan);
        let previous = Filter { groups: vec![], orgs: vec![], from, to, q: q.clone() };
        let next_q = if backspace { q.chars().take(q.chars().count().saturating_sub(1)).collect() } else { format!("{q}{typed}") };
        let (next_from, next_to) = if keep_dates { (from, to) } else { (next_from, next_to) };
        let next = Filter {
            groups: groups.into_iter().map(String::from).collect(),
            orgs: orgs.into_iter().map(String::from).collect(),
            from: next_from,
            to: next_to,
            q: next_q,
        };
        let last = index.search(&plan, &previous);
        prop_assert_eq!(index.refine(&plan, &next, &previous, &last), index.search(&plan, &next));
    }

    #[test]
    fn an_index_built_in_slices_finds_what_one_built_at_once_finds(
        slice in 1usize..8,
        groups in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("doan"), Just("unknown")], 0..2),
        orgs in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("vu-buu-chinh"), Just("postmart")], 0..2),
        q in prop_oneof![Just(String::new()), Just("so".to_owned()), Just("chu ky".to_owned()), "[a-zđơư ]{0,6}"],
    ) {
        let plan = sample_plan();
        let filter = Filter {
            groups: groups.into_iter().map(String::from).collect(),
            orgs: orgs.into_iter().map(String::from).collect(),
            q,
            ..Filter::default()
        };
        let mut sliced = Index::start(&plan);
        let mut slices = 0;
        while !sliced.extend(&plan, slice) {
            slices += 1;
            prop_assert!(!sliced.is_complete(&plan));
        }
        prop_assert_eq!(slices, plan.activities.len().div_ceil(slice) - 1);
        prop_assert!(sliced.is_complete(&plan));
        prop_assert_eq!(sliced.search(&plan, &filter), Index::new(&plan).search(&plan, &filter));
    }

    #[test]
    fn an_index_of_groups_and_organizations_alone_made_ready_for_a_filter_finds_what_a_full_one_finds(
        texts in 0usize..6,
        groups in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("doan"), Just("unknown")], 0..2),
        orgs in proptest::collection::vec(prop_oneof![Just("bo-tttt"), Just("vu-buu-chinh"), Just("postmart")], 0..2),
        q in prop_oneof![Just(String::new()), Just(" ".to_owned()), Just("so".to_owned()), Just("chu ky".to_owned()), "[a-zđơư ]{0,6}"],
    ) {
        // What the app does at load: the first results come from the groups and
        // organizations, with the texts of only some activities lower-cased yet.
        let plan = sample_plan();
        let filter = Filter {
            groups: groups.into_iter().map(String::from).collect(),
            orgs: orgs.into_iter().map(String::from).collect(),
            q,
            ..Filter::default()
        };
        let mut partial = Index::start(&plan);
        prop_assert!(partial.extend_filters(&plan, usize::MAX));
        partial.extend_texts(&plan, texts);
        prop_assert_eq!(partial.is_complete(&plan), texts >= plan.activities.len());
        partial.ready_for(&plan, &filter);
        prop_assert_eq!(partial.search(&plan, &filter), Index::new(&plan).search(&plan, &filter));
    }

    #[test]
    fn an_index_lower_casing_another_way_that_is_right_finds_the_same(
        q in prop_oneof![Just("CHỮ KÝ".to_owned()), Just("Đoàn".to_owned()), Just("so".to_owned()), "[a-zA-ZđĐơƠưƯ ]{0,6}"],
    ) {
        // The app lower-cases through the browser; here another implementation stands in.
        fn by_char(text: &str) -> String {
            text.chars().flat_map(char::to_lowercase).collect()
        }
        let plan = sample_plan();
        let filter = Filter { q, ..Filter::default() };
        let mut other = Index::start_with(&plan, by_char);
        other.extend(&plan, usize::MAX);
        prop_assert_eq!(other.search(&plan, &filter), Index::new(&plan).search(&plan, &filter));
    }
}

proptest! {
    /// Whatever a plan's texts say (a community initiative's included), the result list's
    /// markup has the same tags as for plain words: no text can open or close an element.
    #[test]
    fn no_text_of_a_plan_changes_the_result_lists_markup(
        title in "([<>&\"'/=]|\\PC){0,40}",
        summary in "([<>&\"'/=]|\\PC){0,40}",
        org in "([<>&\"'/=]|\\PC){0,20}",
        heading in "([<>&\"'/=]|\\PC){0,20}",
    ) {
        use dxday_core::page::{ListWords, result_list_html};
        // One activity without dates, so that the words for "no date" are written too.
        let mut plain = sample_plan();
        plain.activities[0].windows.clear();
        let mut marked = plain.clone();
        for a in &mut marked.activities {
            a.title.vi = title.clone();
            a.summary.vi = summary.clone();
        }
        for o in &mut marked.organizations {
            o.name.vi = org.clone();
        }
        for g in &mut marked.groups {
            g.heading.vi = heading.clone();
        }
        let words = ListWords {
            no_date: "<b>", or: "&", lead: "\"", partners: ">", new_tab: Some("</a>"), none: "<", none_hint: ">",
        };
        let href = |a: &dxday_core::model::Activity| format!("/activities/{}\"<", a.id);
        let shown: Vec<usize> = (0..plain.activities.len()).collect();
        let tags = |html: &str| html.matches('<').count();
        let marked_html = result_list_html(&marked, &shown, Lang::Vi, &words, &href);
        // Organizations with an empty name drop their line: compare with plain names only
        // where the marked ones are not empty.
        if !org.is_empty() {
            prop_assert_eq!(tags(&marked_html), tags(&result_list_html(&plain, &shown, Lang::Vi, &words, &href)));
        }
        prop_assert!(!marked_html.contains("<b>") && !marked_html.contains("\"<"));
    }
}

proptest! {
    /// The search's own substring test gives the answer `str::contains` gives, for any
    /// text and word (words cut from the text itself, so that many are found).
    #[test]
    fn find_holds_exactly_what_str_contains_holds(
        text in "([ach ky\u{1}]|\\PC){0,80}",
        word in "([ach ky\u{1}]|\\PC){0,6}",
        cut in (0usize..80, 0usize..12),
    ) {
        prop_assert_eq!(dxday_core::find::holds(&text, &word), text.contains(word.as_str()));
        let chars: Vec<char> = text.chars().collect();
        let start = cut.0.min(chars.len());
        let end = (start + cut.1).min(chars.len());
        let piece: String = chars[start..end].iter().collect();
        prop_assert!(dxday_core::find::holds(&text, &piece));
    }
}
