//! Waits for the plan and shows a status while it loads, or a way to retry when it fails.

use crate::i18n::*;
use crate::store::{Loaded, use_plan};
use leptos::prelude::*;
use std::sync::Arc;

/// Renders `render` with the loaded plan.
#[component]
pub fn WithPlan<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<Loaded>) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let store = use_plan();
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || {
            view! { <p class="status" role="status">{t!(i18n, plan.loading)}</p> }
        }>
            {
                let render = render.clone();
                move || {
                    let render = render.clone();
                    Suspend::new(async move {
                        let plan = store.plan.await;
                        // The page's shell may still cover the app (lib.rs, start): it goes
                        // before the next paint, once what follows is in the page.
                        request_animation_frame(crate::reveal);
                        match plan {
                            Ok(loaded) => render(loaded).into_any(),
                            Err(_) => {
                                view! {
                                    <div class="notice notice--error" role="alert">
                                        <p>{t!(i18n, plan.load_error)}</p>
                                        <button type="button" on:click=move |_| store.plan.refetch()>
                                            {t!(i18n, plan.retry)}
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                        }
                    })
                }
            }
        </Suspense>
    }
}
