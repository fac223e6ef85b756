//! Every year's plan, each fetched once when a page first asks for it and prepared for
//! filtering; shared with every page by context.

use dxday_core::model::SCHEMA_VERSION;
use dxday_core::{Index, Plan};
use leptos::prelude::*;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use wasm_bindgen::JsCast;

/// A plan with its search index, made once per load.
pub struct Loaded {
    /// The plan as in `data/plans/{year}.json`.
    pub plan: Plan,
    /// Its search index: every activity's groups and organizations from the start, their
    /// texts added after the first results are on screen (see [`fetch_from`]).
    index: Mutex<Index>,
}

impl Loaded {
    /// The index, ready to search the plan for `filter`.
    pub fn index_for(&self, filter: &dxday_core::Filter) -> MutexGuard<'_, Index> {
        let mut index = self.index();
        index.ready_for(&self.plan, filter);
        index
    }

    fn index(&self) -> MutexGuard<'_, Index> {
        // Never poisoned (the wasm aborts on a panic); the index is whole either way.
        self.index.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why the plan is not on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// No network and no cached copy, or the server answered with an error.
    Network,
    /// The answer is not a plan this app reads: not JSON, not shaped as a plan, or of
    /// another schema version.
    Invalid,
    /// There is no plan for that year (yet).
    Missing,
}

/// A year's plan once its fetch is over: loaded, or why not.
pub type Settled = Result<Arc<Loaded>, LoadError>;

/// One year's plan: a signal that is `None` while it is fetched, and a way to fetch it again.
///
/// A signal set by a task rather than Leptos's `LocalResource` under a `Transition`: the
/// pages only ever need "not yet" or the result, and the resource, its async derived value,
/// its lock and the transition's bookkeeping were 7,905 B of the plan's main wasm in brotli
/// (121,106 -> 113,201 when this replaced them; the activity page's module 8,004 -> 6,229).
#[derive(Clone, Copy)]
pub struct PlanSlot {
    year: i32,
    state: RwSignal<Option<Settled>>,
}

impl PlanSlot {
    /// The year of this plan.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The plan, or `None` while it is fetched (tracked).
    pub fn get(&self) -> Option<Settled> {
        self.state.get()
    }

    /// Fetches the plan again (after a failure): `None` until the new answer is in.
    pub fn refetch(&self) {
        self.state.set(None);
        self.fetch();
    }

    fn fetch(&self) {
        let (year, state) = (self.year, self.state);
        leptos::task::spawn_local(async move {
            let settled = fetch_plan(year).await;
            state.try_set(Some(settled));
        });
    }
}

struct Plans {
    /// The app's own owner: a plan outlives the page that first asked for it.
    owner: Owner,
    /// By year; a handful, so a list (a hash map would add its hashing to the wasm).
    by_year: Vec<PlanSlot>,
}

/// Shared handle on the plans.
#[derive(Clone, Copy)]
pub struct PlanStore(StoredValue<Plans>);

impl PlanStore {
    /// An empty store: nothing is fetched until a page asks.
    pub fn new() -> PlanStore {
        PlanStore(StoredValue::new(Plans {
            owner: Owner::current().unwrap_or_default(),
            by_year: Vec::new(),
        }))
    }

    /// The plan of `year`, fetched on the first ask and kept.
    pub fn plan(self, year: i32) -> PlanSlot {
        let known = self
            .0
            .with_value(|p| p.by_year.iter().find(|slot| slot.year == year).copied());
        if let Some(known) = known {
            return known;
        }
        let owner = self.0.with_value(|p| p.owner.clone());
        let slot = PlanSlot {
            year,
            state: owner.with(|| RwSignal::new(None)),
        };
        self.0.update_value(|p| p.by_year.push(slot));
        slot.fetch();
        slot
    }
}

impl Default for PlanStore {
    fn default() -> Self {
        Self::new()
    }
}

async fn fetch_plan(year: i32) -> Settled {
    let base = crate::app::base_href();
    // The API adds approved community initiatives; the static file is the plan alone, for
    // when the API cannot be reached (offline, or the app served from static hosting).
    match fetch_from(&format!("{base}api/plans/{year}")).await {
        Ok(loaded) => Ok(loaded),
        Err(_) => fetch_from(&format!("{base}data/plans/{year}.json")).await,
    }
}

async fn fetch_from(url: &str) -> Result<Arc<Loaded>, LoadError> {
    let answer = crate::browser::http("GET", url, &[], None)
        .await
        .map_err(|_| LoadError::Network)?;
    match answer.status {
        200 => {}
        404 => return Err(LoadError::Missing),
        _ => return Err(LoadError::Network),
    }
    // Read by the browser's JSON parser (the version check is below). A large plan takes
    // long to read and to index: both are done in slices, and the browser gets the main
    // thread between them (to paint, and to answer a tap), rather than in one long task
    // from the answer to the first results.
    let value = answer.json().await;
    let activities = crate::json::field(&value, "activities");
    let activities: js_sys::Array = activities.dyn_into().map_err(|_| LoadError::Invalid)?;
    crate::browser::sure::set(&value, &"activities".into(), &js_sys::Array::new());
    let mut plan: Plan = crate::json::from_js(value).ok_or(LoadError::Invalid)?;
    let mut slice = Slices::new();
    plan.activities.reserve_exact(activities.length() as usize);
    for activity in activities.iter() {
        plan.activities
            .push(crate::json::from_js(activity).ok_or(LoadError::Invalid)?);
        slice.next().await;
    }
    // Of the checks of a plan file, only the version: every plan reaches the app checked in
    // full already. The server refuses to start on a file that fails dxday_core::load::check
    // (and the test suite checks every file in data/plans, the static copies); the API adds
    // only approved initiatives, made by dxday_core. Checking again here cost the wasm
    // 8.2 KB in brotli, and the app reads any plan without panicking (positions are looked
    // up, never assumed; parents are walked a bounded number of steps).
    if plan.schema_version != SCHEMA_VERSION {
        return Err(LoadError::Invalid);
    }
    slice.now().await;
    let mut index = Index::start_with(&plan, crate::browser::lower_case);
    while !index.extend_filters(&plan, 256) {
        slice.next().await;
    }
    // Lower-casing and folding the texts is most of the index's work (about 100 ms at
    // 10,000 activities), and only a search for words needs it: the first results go on
    // screen without it, and the texts follow in slices. When the address already asks
    // for words, they are done first, as the first results need them.
    let asks_words = crate::browser::location_search().is_some_and(|s| {
        !dxday_core::ExplorerQuery::parse(&s)
            .filter
            .q
            .trim()
            .is_empty()
    });
    if asks_words {
        while !index.extend_texts(&plan, 32) {
            slice.next().await;
        }
    }
    let loaded = Arc::new(Loaded {
        plan,
        index: Mutex::new(index),
    });
    let later = loaded.clone();
    leptos::task::spawn_local(async move {
        // After the first results are drawn. A search typed before the end does the rest
        // at once (Loaded::index_for), and this finds nothing left to do. Nobody waits
        // for it: the rest of the page's tasks go first.
        slice.waited_for = false;
        slice.now().await;
        while !later.index().extend_texts(&later.plan, 32) {
            slice.next().await;
        }
    });
    Ok(loaded)
}

/// Work cut into slices of about [`Slices::MS`] each: [`Slices::next`] gives the browser
/// the main thread once the current slice has taken that long.
struct Slices {
    started: f64,
    /// Whether someone waits for the work: its pauses then put it ahead of the page's other
    /// tasks, otherwise behind them ([`crate::browser::yield_to_browser`]).
    waited_for: bool,
}

impl Slices {
    /// Short enough that no slice is a long task (50 ms, what Lighthouse's blocking time
    /// counts) even on a phone four times slower than this measuring machine, with room to
    /// spare for the one item that ends a slice. The pauses between slices are no longer
    /// held back 4 ms each (the app yields with `scheduler.yield`, not with a timer), so
    /// more of them add little to the wait.
    const MS: f64 = 8.0;

    fn new() -> Slices {
        Slices {
            started: js_sys::Date::now(),
            waited_for: true,
        }
    }

    /// Yields to the browser when the slice is over.
    async fn next(&mut self) {
        if js_sys::Date::now() - self.started >= Self::MS {
            self.now().await;
        }
    }

    /// Yields to the browser now, and starts a new slice.
    async fn now(&mut self) {
        let _ = crate::browser::yield_to_browser(self.waited_for).await;
        self.started = js_sys::Date::now();
    }
}

/// The plan store provided by [`crate::App`].
pub fn use_plan() -> PlanStore {
    expect_context::<PlanStore>()
}
