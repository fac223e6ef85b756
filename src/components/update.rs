//! "A new version is available": shown when the service worker has installed a newer build
//! (public/sw-register.js says so), so nobody keeps reading an old plan without knowing.

use crate::i18n::*;
use leptos::prelude::*;

/// The notice, with a button that switches to the new build and reloads.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let i18n = use_i18n();
    // The worker may have announced itself before the wasm ran: then only the mark is left.
    let ready = RwSignal::new(crate::browser::root_attribute("data-sw-update").is_some());
    crate::browser::on_window_event("dxday:update", move || ready.set(true));
    view! {
        // Always in the page, so screen readers announce the text when it appears.
        <div class="update" role="status">
            {move || ready.get().then(|| view! {
                <p class="update__text">{t!(i18n, update.ready)}</p>
                <button
                    type="button"
                    class="update__button"
                    on:click=move |_| crate::browser::fire("dxday:apply-update")
                >
                    {t!(i18n, update.reload)}
                </button>
            })}
        </div>
    }
}
