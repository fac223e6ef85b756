//! The results: one sentence that says what is shown, then the activities by group.

use crate::components::filters::FilterSheet;
use crate::i18n::*;
use crate::pages::explorer::use_explorer;
use dxday_core::model::Activity;
pub use dxday_core::page::{org_names, windows_text};
use dxday_core::summary::SentenceWords;
use leptos::prelude::*;

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
            let filter = state.query.with(|q| q.filter.known_to(plan));
            let words = SentenceWords {
                all: t_string!(i18n, results.all),
                one: t_string!(i18n, results.one),
                count: t_string!(i18n, results.count),
                of: t_string!(i18n, results.of),
                in_groups: t_string!(i18n, results.in_groups),
                from_to: t_string!(i18n, results.from_to),
                from_only: t_string!(i18n, results.from_only),
                to_only: t_string!(i18n, results.to_only),
                matching: t_string!(i18n, results.matching),
            };
            dxday_core::summary::sentence(plan, &filter, count, lang(), &words)
        }
    };
    // The chips are markup from dxday-core (summary::chips_html), read by one listener.
    let chips = {
        let state = state.clone();
        move || {
            let plan = &state.loaded.plan;
            let filter = state.query.with(|q| q.filter.known_to(plan));
            dxday_core::summary::chips_html(plan, &filter, lang(), t_string!(i18n, filters.clear))
        }
    };
    // On a phone the sentence, its chips and the "Lọc" button stay at the top of the screen
    // while the list scrolls under them (style/explorer.css).
    let phone = state.phone;
    let lift = move |ev: leptos::ev::MouseEvent| {
        let chip = crate::browser::sure::closest(&event_target(&ev), "[data-lift]");
        if let Some(what) = chip.and_then(|c| c.get_attribute("data-lift")) {
            state.update(|q| dxday_core::summary::lift(&mut q.filter, &what));
        }
    };
    view! {
        <h2 id="results-heading">{t!(i18n, results.heading)}</h2>
        <div class="results__bar" class:results__bar--phone=move || phone.get()>
            {move || phone.get().then(|| view! { <FilterSheet/> })}
            <p class="summary" role="status" aria-live="polite">{sentence}</p>
            <ul class="chips" inner_html=chips on:click=lift></ul>
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
