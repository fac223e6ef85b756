//! The page for an address the app does not know.

use crate::i18n::*;
use leptos::prelude::*;

/// Says the page is not here and leads back to the plan.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, not_found.heading)}</h1>
        <p>{t!(i18n, not_found.body)}</p>
        <p>
            <a href=crate::app::to("/")>{t!(i18n, nav.explorer)}</a>
        </p>
    }
}
