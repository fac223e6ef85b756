//! Waits for the plan of the year the address asks for, and shows a status while it loads,
//! a way to retry when it fails, or the years there are when that year has no plan.

use crate::i18n::*;
use crate::store::{LoadError, Loaded, Settled, use_plan};
use leptos::prelude::*;
use std::sync::Arc;

/// What a page draws from a loaded plan. One type for every page, so the waiting and the
/// errors below are in the wasm once rather than once per page.
pub type RenderPlan = Arc<dyn Fn(Arc<Loaded>) -> AnyView + Send + Sync>;

/// A page's drawing from a plan, as [`WithPlan`] takes it.
pub fn drawn<V: IntoView + 'static>(
    render: impl Fn(Arc<Loaded>) -> V + Send + Sync + 'static,
) -> RenderPlan {
    Arc::new(move |loaded| render(loaded).into_any())
}

/// Renders `render` with the loaded plan of the address's year. `quiet` for a second part
/// of the same page: it shows nothing while loading or on failure, the main part says it.
#[component]
pub fn WithPlan(render: RenderPlan, #[prop(optional)] quiet: bool) -> impl IntoView {
    let store = use_plan();
    let year = crate::years::use_year();
    let i18n = use_i18n();
    // On a change of year the plan shown stays until the next one is there (what Leptos's
    // Transition does), so nothing around it (the year switcher, the focus) jumps while it
    // loads: `None` from the new year's slot keeps the last plan settled.
    let shown = Memo::new_with_compare(
        move |last: Option<&Option<(i32, Settled)>>| {
            let slot = store.plan(year.get());
            match slot.get() {
                Some(settled) => Some((slot.year(), settled)),
                None => last.cloned().flatten(),
            }
        },
        // Whether it changed. A new answer is a new plan (or a new failure): compared by
        // the `Arc`, not by walking the plan.
        |old, new| {
            let same = match (old.cloned().flatten(), new.cloned().flatten()) {
                (Some((y1, Ok(a))), Some((y2, Ok(b)))) => y1 == y2 && Arc::ptr_eq(&a, &b),
                (Some((y1, Err(a))), Some((y2, Err(b)))) => y1 == y2 && a == b,
                (None, None) => true,
                _ => false,
            };
            !same
        },
    );
    move || {
        let Some((year, settled)) = shown.get() else {
            return (!quiet)
                .then(|| view! { <p class="status" role="status">{t!(i18n, plan.loading)}</p> })
                .into_any();
        };
        // The page's shell may still cover the app (lib.rs, start): it goes before the next
        // paint, once what follows is in the page.
        request_animation_frame(crate::reveal);
        match settled {
            Ok(loaded) => render(loaded),
            Err(_) if quiet => ().into_any(),
            Err(LoadError::Missing) => {
                provide_context(MissingYear(year));
                let page =
                    crate::app::OnDemand::new(expect_context::<crate::app::PlanParts>().no_plan);
                page.load();
                page.view().into_any()
            }
            Err(_) => {
                let slot = store.plan(year);
                view! {
                    <div class="notice notice--error" role="alert">
                        <p>{t!(i18n, plan.load_error)}</p>
                        <button type="button" on:click=move |_| slot.refetch()>
                            {t!(i18n, plan.retry)}
                        </button>
                    </div>
                }
                .into_any()
            }
        }
    }
}

/// The year asked for that has no plan, in the context of what [`no_plan`] draws.
#[derive(Clone, Copy)]
pub struct MissingYear(pub i32);

/// What a year with no plan shows: [`NoPlan`].
pub fn no_plan() -> AnyView {
    let MissingYear(year) = expect_context();
    view! { <NoPlan year=year/> }.into_any()
}

/// A year with no plan: the next campaign's, whose plan is not out yet, or any other.
#[component]
fn NoPlan(year: i32) -> impl IntoView {
    let i18n = use_i18n();
    let location = crate::nav::use_location();
    let newest = crate::years::newest();
    let today = dxday_core::dates::vietnam_today(crate::browser::now_millis());
    let next = dxday_core::campaign::filing_year(today);
    let text = move || {
        if year > newest && year <= next {
            t_string!(i18n, years.not_out, year = year).to_string()
        } else {
            t_string!(i18n, years.none, year = year).to_string()
        }
    };
    // The same page, in the newest plan.
    let href = move || {
        let search = dxday_core::query::with_param(
            &location.search.get(),
            "year",
            Some(&newest.to_string()),
        );
        crate::app::to(&format!("{}?{search}", location.pathname.get()))
    };
    view! {
        <div class="notice" role="status">
            <h1>{text}</h1>
            <p><a href=href>{move || t_string!(i18n, years.see_newest, year = newest).to_string()}</a></p>
        </div>
    }
}
