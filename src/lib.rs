//! The public web app of Ngày Chuyển đổi số quốc gia: a Leptos client-side app.
//!
//! `main.rs` only calls [`start`]; the route table is in [`app`], one page per file in
//! `pages/`, shared parts in `components/`. All logic that is not about the screen lives
//! in `dxday-core`.

#![allow(clippy::must_use_candidate)]

pub mod app;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod json;
pub mod nav;
pub mod outbox;
pub mod pages;
pub mod prefs;
pub mod store;
pub mod years;

pub use app::App;

// One thread, no atomics: talc's single-threaded wasm allocator, which grows the wasm
// memory as it needs.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Replaces the static shell of the page by the live app: `bundle` is the part of the app
/// this wasm is, `parts` its pages and lazy functions.
pub fn start(bundle: dxday_core::route::Bundle, parts: app::Parts) {
    // Panic messages in the console for development only: the hook and the formatting it
    // brings cost the release wasm bytes, and there a panic aborts with the wasm's own
    // "unreachable" error anyway.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    if let Some(shell) = document.get_element_by_id("shell") {
        if shell
            .query_selector(".overview, .activity")
            .ok()
            .flatten()
            .is_some()
        {
            // The server wrote the plan's name and theme (on `/`), or the activity (on
            // `/activities/{id}`), into the shell: it stays on screen while the app is built
            // under it, hidden (style/layout.css), until the page has the plan and shows the
            // same ([`reveal`]). So it is painted once, before the wasm arrives, and never
            // blinks.
            if let Some(body) = document.body() {
                crate::browser::sure::set_attribute(&body, "data-shell", "");
            }
            // Whatever becomes of the plan, the app shows within seconds.
            leptos::prelude::set_timeout(reveal, std::time::Duration::from_secs(5));
        } else {
            // The shell's header was painted before the wasm arrived; the app renders the
            // same header in the same place, so removing it now causes no shift.
            shell.remove();
        }
    }
    // Built at once, in the task that started the wasm: building it a task later shortened
    // that task, but left the static shell's buttons on screen longer, and a tap on one of
    // them before the app replaced it did nothing (the e2e language test caught it).
    leptos::mount::mount_to_body(move || {
        leptos::prelude::view! { <App bundle=bundle parts=parts/> }
    });
}

/// Shows the app in place of the static shell; after the first call, does nothing.
pub fn reveal() {
    let document = leptos::prelude::document();
    if let Some(shell) = document.get_element_by_id("shell") {
        shell.remove();
    }
    if let Some(body) = document.body() {
        crate::browser::sure::remove_attribute(&body, "data-shell");
    }
}
