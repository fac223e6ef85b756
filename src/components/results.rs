//! The results: one sentence that says what is shown, then the activities by group.

use crate::components::filters::FilterSheet;
use crate::i18n::*;
use crate::pages::explorer::use_explorer;
use dxday_core::dates::display;
use dxday_core::model::Activity;
pub use dxday_core::page::{org_names, windows_text};
use leptos::prelude::*;

/// Lifts one filter from the query.
type ClearFilter = Box<dyn Fn(&mut dxday_core::Filter) + Send + Sync>;

/// How many activities are drawn at first; more on request, so 100,000 stay fast.
const PAGE: usize = 40;

/// The app path of an activity's page, with its plan year (ids are unique within a year).
pub fn activity_path(id: &str, year: i32) -> String {
    format!(
        "{}?year={year}",
        dxday_core::route::Route::Activity(id.to_owned()).path()
    )
}

/// "3 hoạt động của Bộ TT&TT từ 01/10/2022 đến 10/10/2022", and a button to lift each filter.
#[component]
pub fn Summary() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let lang = move || i18n.get_locale();
    let sentence = {
        let state = state.clone();
        move || {
            let plan = &state.loaded.plan;
            let count = state.results.with(|r| r.matches.len());
            let q = state.query.get();
            let f = q.filter.known_to(plan);
            let lang = lang();
            let n = dxday_core::dates::count(count, lang);
            if f.is_empty() {
                return t_string!(i18n, results.all, count = n).to_string();
            }
            // English needs the singular; Vietnamese nouns do not change.
            let count_text = if count == 1 {
                t_string!(i18n, results.one).to_string()
            } else {
                t_string!(i18n, results.count, count = n).to_string()
            };
            let mut parts = vec![count_text];
            if !f.orgs.is_empty() {
                parts.push(format!(
                    "{} {}",
                    t_string!(i18n, results.of),
                    org_names(plan, &f.orgs, lang)
                ));
            }
            if !f.groups.is_empty() {
                let names: Vec<String> = f
                    .groups
                    .iter()
                    .filter_map(|g| plan.group(g))
                    .map(|g| g.name.get(lang).to_owned())
                    .collect();
                parts.push(format!(
                    "{} {}",
                    t_string!(i18n, results.in_groups),
                    names.join(", ")
                ));
            }
            match (f.from, f.to) {
                (Some(a), Some(b)) => parts.push(
                    t_string!(
                        i18n,
                        results.from_to,
                        from = display(a, lang),
                        to = display(b, lang)
                    )
                    .to_string(),
                ),
                (Some(a), None) => parts
                    .push(t_string!(i18n, results.from_only, from = display(a, lang)).to_string()),
                (None, Some(b)) => {
                    parts.push(t_string!(i18n, results.to_only, to = display(b, lang)).to_string())
                }
                (None, None) => {}
            }
            if !f.q.is_empty() {
                parts.push(t_string!(i18n, results.matching, q = f.q.clone()).to_string());
            }
            parts.join(" ")
        }
    };
    let chips = {
        let state = state.clone();
        move || {
            let plan = &state.loaded.plan;
            let f = state.query.with(|q| q.filter.known_to(plan));
            let lang = lang();
            let mut chips: Vec<(String, ClearFilter)> = Vec::new();
            for g in &f.groups {
                if let Some(group) = plan.group(g) {
                    let id = g.clone();
                    chips.push((
                        group.name.get(lang).to_owned(),
                        Box::new(move |f| f.groups.retain(|x| *x != id)),
                    ));
                }
            }
            for o in &f.orgs {
                if let Some(org) = plan.organization(o) {
                    let id = o.clone();
                    chips.push((
                        org.name.get(lang).to_owned(),
                        Box::new(move |f| f.orgs.retain(|x| *x != id)),
                    ));
                }
            }
            if f.has_dates() {
                let label = match (f.from, f.to) {
                    (Some(a), Some(b)) => format!("{} – {}", display(a, lang), display(b, lang)),
                    (Some(a), None) => format!("≥ {}", display(a, lang)),
                    (None, Some(b)) => format!("≤ {}", display(b, lang)),
                    (None, None) => String::new(),
                };
                chips.push((
                    label,
                    Box::new(|f| {
                        f.from = None;
                        f.to = None;
                    }),
                ));
            }
            if !f.q.is_empty() {
                chips.push((format!("“{}”", f.q), Box::new(|f| f.q.clear())));
            }
            chips
                .into_iter()
                .map(|(label, clear)| {
                    let state = state.clone();
                    let aria = format!("{}: {label}", t_string!(i18n, filters.clear));
                    view! {
                        <li>
                            <button
                                type="button"
                                class="chip"
                                aria-label=aria
                                on:click=move |_| state.update(|q| clear(&mut q.filter))
                            >
                                {label.clone()}
                                <span aria-hidden="true">" ×"</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    // On a phone the sentence, its chips and the "Lọc" button stay at the top of the screen
    // while the list scrolls under them (style/explorer.css).
    let phone = state.phone;
    view! {
        <h2 id="results-heading">{t!(i18n, results.heading)}</h2>
        <div class="results__bar" class:results__bar--phone=move || phone.get()>
            {move || phone.get().then(|| view! { <FilterSheet/> })}
            <p class="summary" role="status" aria-live="polite">{sentence}</p>
            <ul class="chips">{chips}</ul>
        </div>
    }
}

/// The matching activities under their group's heading, a page at a time.
#[component]
pub fn ResultList() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let lang = move || i18n.get_locale();
    let limit = RwSignal::new(PAGE);
    // A new filter starts again at the first page. Only when more were shown: setting the
    // same limit would draw the list a second time for every change of filter.
    crate::app::effect(move || {
        state.query.track();
        if limit.get_untracked() != PAGE {
            limit.set(PAGE);
        }
    });
    let embedded = crate::app::is_embedded();
    // The cards are written as one piece of markup by dxday-core (page::result_list_html)
    // and set as the list's innerHTML: one call into the page for the whole list, where
    // Leptos views made one per element, text and attribute (measured there). Their links
    // are followed inside the app by the one click listener of crate::nav, as any link is.
    let cards = {
        let state = state.clone();
        move || {
            let plan = &state.loaded.plan;
            let shown: Vec<usize> = state
                .results
                .with(|r| r.matches.iter().take(limit.get()).copied().collect());
            let words = dxday_core::page::ListWords {
                no_date: t_string!(i18n, results.no_date),
                or: t_string!(i18n, results.or),
                lead: t_string!(i18n, results.lead),
                partners: t_string!(i18n, results.partners),
                new_tab: embedded.then_some(t_string!(i18n, embed.new_tab)),
                none: t_string!(i18n, results.none),
                none_hint: t_string!(i18n, results.none_hint),
            };
            let href = |a: &Activity| crate::app::to(&activity_path(&a.id, plan.year));
            dxday_core::page::result_list_html(plan, &shown, lang(), &words, &href)
        }
    };
    let remaining = move || {
        state
            .results
            .with(|r| r.matches.len().saturating_sub(limit.get()))
    };
    let more = Memo::new(move |_| remaining() > 0);
    view! {
        <div class="result-list" inner_html=cards></div>
        // Looked at again only when there come to be more or no more (the button's count
        // follows on its own).
        {move || more.get().then(|| view! {
            <button type="button" class="more" on:click=move |_| limit.update(|l| *l += PAGE)>
                {move || {
                    let n = dxday_core::dates::count(remaining().min(PAGE), lang());
                    t_string!(i18n, results.more, count = n).to_string()
                }}
            </button>
        })}
    }
}
