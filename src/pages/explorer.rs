//! The plan explorer at `/`: the address bar holds the whole state, so a shared link,
//! back and forward all reproduce exactly what a person saw.

use crate::components::export::ExportButtons;
use crate::components::filters::FilterPanel;
use crate::components::overview::Overview;
use crate::components::results::{ResultList, Summary};
use crate::components::timeline::Timeline;
use crate::components::with_plan::{WithPlan, drawn};
use crate::components::year_switch::YearSwitch;
use crate::i18n::*;
use crate::nav::{NavigateOptions, use_location, use_navigate};
use crate::store::Loaded;
use dxday_core::{ExplorerQuery, Results};
use leptos::prelude::*;
use std::sync::Arc;

/// Overview, the year switcher, filters and results; in another site's iframe only the
/// plan's name, the filters and the results (the widget shows the year it was made for).
#[component]
pub fn Explorer() -> impl IntoView {
    let i18n = use_i18n();
    if crate::app::is_embedded() {
        let render = move |loaded: Arc<Loaded>| {
            let plan = loaded.clone();
            let name = move || plan.plan.name.get(i18n.get_locale()).to_owned();
            view! {
                <h1 class="embed__title">{name}</h1>
                <PlanExplorer loaded=loaded/>
            }
        };
        return view! { <WithPlan render=drawn(render)/> }.into_any();
    }
    // The switcher stays outside what a year's plan renders, so the link a person used to
    // change year keeps the focus while the page below it changes.
    let overview = |loaded: Arc<Loaded>| view! { <Overview loaded=loaded/> };
    let explorer = move |loaded: Arc<Loaded>| view! { <PlanExplorer loaded=loaded/> };
    view! {
        <WithPlan render=drawn(overview) quiet=true/>
        <YearSwitch/>
        <WithPlan render=drawn(explorer)/>
    }
    .into_any()
}

/// The explorer's address for `query` without the widget flag, relative to the app.
pub fn explorer_href(query: &ExplorerQuery) -> String {
    let mut q = query.clone();
    q.embed = false;
    match q.to_query_string() {
        s if s.is_empty() => "/".to_owned(),
        s => format!("/?{s}"),
    }
}

/// Leads a web editor to the snippet that shows this same view on their own site.
#[component]
fn EmbedLink() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let year = state.loaded.plan.year;
    let href = move || {
        // The widget shows the year it was made for: its filters belong to that year's plan.
        let mut q = state.query.get();
        q.year = Some(year);
        q.lang = None;
        match q.to_query_string() {
            s if s.is_empty() => crate::app::to("/embed"),
            s => crate::app::to(&format!("/embed?{s}")),
        }
    };
    view! { <p class="embed-link"><a href=href>{t!(i18n, embed.link)}</a></p> }
}

/// In the widget: the same view on the full site, in a new tab (the frame stays compact).
#[component]
fn FullViewLink() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let year = state.loaded.plan.year;
    let href = move || {
        let mut q = state.query.get();
        q.year = Some(year);
        crate::app::to(&explorer_href(&q))
    };
    view! {
        <p class="embed-link">
            <a href=href target="_blank">
                {t!(i18n, embed.full)}
                <span class="visually-hidden">" " {t!(i18n, embed.new_tab)}</span>
            </a>
        </p>
    }
}

/// What the explorer's parts share: the plan, the query from the address, the results.
#[derive(Clone)]
pub struct ExplorerState {
    /// The plan and its index.
    pub loaded: Arc<Loaded>,
    /// The query as the address says it.
    pub query: Memo<ExplorerQuery>,
    /// The results of its filter (unknown ids already dropped).
    pub results: Memo<Results>,
    /// Writes a new query to the address; `replace` for keystrokes, so back skips them.
    pub set_query: Callback<(ExplorerQuery, bool)>,
    /// True on a phone-sized screen (never in a widget): the filters are in a sheet.
    pub phone: Memo<bool>,
}

impl ExplorerState {
    /// Changes the query with `change`, keeping a history entry.
    pub fn update(&self, change: impl FnOnce(&mut ExplorerQuery)) {
        let mut q = self.query.get_untracked();
        change(&mut q);
        self.set_query.run((q, false));
    }
}

#[component]
fn PlanExplorer(loaded: Arc<Loaded>) -> impl IntoView {
    let location = use_location();
    let query = Memo::new(move |_| ExplorerQuery::parse(&location.search.get()));
    let navigate = use_navigate();
    let set_query = Callback::new(move |(q, replace): (ExplorerQuery, bool)| {
        let search = q.to_query_string();
        let href = if search.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{search}")
        };
        navigate(
            &href,
            NavigateOptions {
                replace,
                keep_scroll: true,
            },
        );
    });
    let for_results = loaded.clone();
    // The filter the results were last found for: a keystroke that extends the search
    // looks only at what passed the last one (Index::refine).
    let last_filter = StoredValue::new(None::<dxday_core::Filter>);
    let results = Memo::new(move |last: Option<&dxday_core::Results>| {
        let plan = &for_results.plan;
        let filter = query.with(|q| q.filter.known_to(plan));
        let index = for_results.index_for(&filter);
        let next = last_filter.with_value(|previous| match (last, previous) {
            (Some(last), Some(previous)) => index.refine(plan, &filter, previous, last),
            _ => index.search(plan, &filter),
        });
        last_filter.set_value(Some(filter));
        next
    });
    let embedded = crate::app::is_embedded();
    // A widget keeps its filters in the page's flow: a modal sheet would be placed against
    // the whole iframe, which grows with its content, not against what the reader sees.
    let phone = if embedded {
        Memo::new(|_| false)
    } else {
        crate::browser::phone_sized()
    };
    let state = ExplorerState {
        loaded,
        query,
        results,
        set_query,
        phone,
    };
    provide_context(state.clone());
    // What comes after the list (sharing, downloads, the embed link, the timeline) is drawn
    // when the reader comes within a screen of it: under a long list, a first visit draws
    // only the filters and the list. Below the list, it moves nothing on screen when it
    // comes. It is in the main module, not a lazy one of its own: every plan so far is
    // short enough (2 to 16 activities) for a first visit to need it at once, and fetched
    // as five split modules it took 15,077 B in brotli where the main module grew by
    // 6,646 (first load 133,735 -> 125,222 B).
    let near = RwSignal::new(false);
    // An effect's first run comes after the view below is in the page.
    crate::app::effect(move || {
        if let Some(end) = crate::browser::element("after-list") {
            crate::browser::when_near(&end, move || near.set(true));
        }
    });
    view! {
        <div class="explorer">
            {move || (!phone.get()).then(|| view! { <FilterPanel/> })}
            <section class="results" aria-labelledby="results-heading">
                <Summary/>
                <ResultList/>
                // Sharing, the downloads and the embed link come after the list they act on,
                // so the first screen of a phone is for the activities.
                <div class="after-list" id="after-list">
                    {move || near.get().then(|| after_list(embedded))}
                </div>
            </section>
        </div>
    }
}

/// What comes after the list: sharing, the downloads and the embed link, and the timeline
/// (in a widget, the link to the full site).
fn after_list(embedded: bool) -> AnyView {
    view! {
        {(!embedded).then(|| view! { <crate::components::share::Share/> <ExportButtons/> <EmbedLink/> })}
        {if embedded {
            view! { <FullViewLink/> }.into_any()
        } else {
            view! { <Timeline/> }.into_any()
        }}
    }
    .into_any()
}

/// The explorer's shared state, for its parts.
pub fn use_explorer() -> ExplorerState {
    expect_context::<ExplorerState>()
}
