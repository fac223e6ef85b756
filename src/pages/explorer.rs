//! The plan explorer at `/`.

use crate::components::overview::Overview;
use crate::components::with_plan::WithPlan;
use leptos::prelude::*;

/// Overview, filters and results.
#[component]
pub fn Explorer() -> impl IntoView {
    view! { <WithPlan render=|loaded| view! { <Overview loaded=loaded/> }/> }
}
