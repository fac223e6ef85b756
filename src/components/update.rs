//! "A new version is available": shown when the service worker has installed a newer build
//! (public/sw-register.js says so), so nobody keeps reading an old plan without knowing.

use crate::i18n::*;
use leptos::prelude::*;

/// The notice's place, and the notice once a newer build waits: drawn by `notice` (the plan
/// binary's lazy function, fetched only then: 387 B of the first visit's wasm in brotli,
/// for what few visits show).
#[component]
pub fn UpdateNotice(notice: crate::app::DrawLoader) -> impl IntoView {
    let notice = crate::app::OnDemand::new(notice);
    // The worker may have announced itself before the wasm ran: then only the mark is left.
    if crate::browser::root_attribute("data-sw-update").is_some() {
        notice.load();
    }
    crate::browser::on_window_event("dxday:update", move || notice.load());
    view! {
        // Always in the page, so screen readers announce the text when it appears.
        <div class="update" role="status">{notice.view()}</div>
    }
}

/// "A new version is available", with a button that switches to the new build and reloads.
pub fn notice() -> AnyView {
    let i18n = use_i18n();
    view! {
        <p class="update__text">{t!(i18n, update.ready)}</p>
        <button
            type="button"
            class="update__button"
            on:click=move |_| crate::browser::fire("dxday:apply-update")
        >
            {t!(i18n, update.reload)}
        </button>
    }
    .into_any()
}
