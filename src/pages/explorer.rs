//! The plan explorer at `/`: the address bar holds the whole state, so a shared link,
//! back and forward all reproduce exactly what a person saw.

use crate::components::export::ExportButtons;
use crate::components::filters::FilterPanel;
use crate::components::overview::Overview;
use crate::components::results::{ResultList, Summary};
use crate::components::timeline::Timeline;
use crate::components::with_plan::WithPlan;
use crate::store::Loaded;
use dxday_core::{ExplorerQuery, Results};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use std::sync::Arc;

/// Overview, filters and results.
#[component]
pub fn Explorer() -> impl IntoView {
    let render = |loaded: Arc<Loaded>| {
        view! {
            <Overview loaded=loaded.clone()/>
            <PlanExplorer loaded=loaded/>
        }
    };
    view! { <WithPlan render=render/> }
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
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    });
    let for_results = loaded.clone();
    let results = Memo::new(move |_| {
        let filter = query.with(|q| q.filter.known_to(&for_results.plan));
        for_results.index.search(&for_results.plan, &filter)
    });
    let state = ExplorerState {
        loaded,
        query,
        results,
        set_query,
    };
    provide_context(state.clone());
    view! {
        <div class="explorer">
            <FilterPanel/>
            <section class="results" aria-labelledby="results-heading">
                <Summary/>
                <ExportButtons/>
                <ResultList/>
                <Timeline/>
            </section>
        </div>
    }
}

/// The explorer's shared state, for its parts.
pub fn use_explorer() -> ExplorerState {
    expect_context::<ExplorerState>()
}
