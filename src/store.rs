//! The plan, fetched once and prepared for filtering; shared with every page by context.

use dxday_core::{Index, Plan, load::parse_plan};
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
}

pub use dxday_core::CURRENT_YEAR;

/// Shared handle on the loading plan.
#[derive(Clone, Copy)]
pub struct PlanStore {
    /// The plan once loaded.
    pub plan: LocalResource<Result<Arc<Loaded>, LoadError>>,
}

impl PlanStore {
    /// Starts loading the plan of [`CURRENT_YEAR`].
    pub fn new() -> PlanStore {
        PlanStore {
            plan: LocalResource::new(|| fetch_plan(CURRENT_YEAR)),
        }
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
    if answer.status != 200 {
        return Err(LoadError::Network);
    }
    let plan = parse_plan(&answer.body).map_err(|_| LoadError::Invalid)?;
    let index = Index::new(&plan);
    Ok(Arc::new(Loaded { plan, index }))
}

/// The plan store provided by [`crate::App`].
pub fn use_plan() -> PlanStore {
    expect_context::<PlanStore>()
}
