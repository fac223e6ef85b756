//! Every year's plan, each fetched once when a page first asks for it and prepared for
//! filtering; shared with every page by context.

use dxday_core::{Index, Plan, load::accept_plan};
use leptos::prelude::*;
use std::sync::Arc;

/// A plan with its search index, made once per load.
pub struct Loaded {
    /// The plan as in `data/plans/{year}.json`.
    pub plan: Plan,
    /// Its search index.
    pub index: Index,
}

/// Why the plan is not on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// No network and no cached copy, or the server answered with an error.
    Network,
    /// The file is not a valid plan.
    Invalid,
    /// There is no plan for that year (yet).
    Missing,
}

/// One year's plan, loading or loaded.
pub type PlanResource = LocalResource<Result<Arc<Loaded>, LoadError>>;

struct Plans {
    /// The app's own owner: a plan outlives the page that first asked for it.
    owner: Owner,
    /// By year; a handful, so a list (a hash map would add its hashing to the wasm).
    by_year: Vec<(i32, PlanResource)>,
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
    pub fn plan(self, year: i32) -> PlanResource {
        let known = self.0.with_value(|p| {
            p.by_year
                .iter()
                .find_map(|(y, r)| (*y == year).then_some(*r))
        });
        if let Some(known) = known {
            return known;
        }
        let owner = self.0.with_value(|p| p.owner.clone());
        let resource = owner.with(|| LocalResource::new(move || fetch_plan(year)));
        self.0.update_value(|p| {
            p.by_year.push((year, resource));
        });
        resource
    }
}

impl Default for PlanStore {
    fn default() -> Self {
        Self::new()
    }
}

async fn fetch_plan(year: i32) -> Result<Arc<Loaded>, LoadError> {
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
    // Read by the browser's JSON parser, then checked as the server checks a plan file.
    let plan: Plan = crate::json::from_js(answer.json().await).ok_or(LoadError::Invalid)?;
    let plan = accept_plan(plan).map_err(|_| LoadError::Invalid)?;
    let index = Index::new(&plan);
    Ok(Arc::new(Loaded { plan, index }))
}

/// The plan store provided by [`crate::App`].
pub fn use_plan() -> PlanStore {
    expect_context::<PlanStore>()
}
