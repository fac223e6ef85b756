//! Entry point of the plan, the part of the app a first visit loads: the explorer, the
//! activities and the about page (`index.html`).
//!
//! The plan's `#[lazy]` functions are here, not in the library: wasm-split
//! (scripts/link-wasm.mjs) moves each into a module of its own, fetched the first time it
//! runs, so what a first visit to `/` does not show is not in the wasm it loads.

use dxday::components::export::{Format, Writer};
use dxday::pages::explorer::ExplorerState;
use dxday::pages::{about::About, activity::ActivityPage, explorer::Explorer, not_found::NotFound};
use dxday_core::Lang;
use dxday_core::route::Route;
use leptos::prelude::*;

fn main() {
    let parts = dxday::app::Parts {
        pages: plan_pages,
        send: |outbox, now| Box::pin(send_due(outbox, now)),
    };
    dxday::start(dxday_core::route::Bundle::Plan, parts);
}

/// Sends what waits in the outbox, loaded the first time something does.
#[leptos::lazy]
async fn send_due(outbox: dxday::outbox::Outbox, now: bool) {
    dxday::outbox::send_due(outbox, now).await;
}

/// The pages of the plan.
fn plan_pages(route: Route) -> AnyView {
    provide_context(Writer(writer));
    match route {
        Route::Explorer => view! { <Explorer after_list=after_list_part/> }.into_any(),
        Route::Activity(id) => Suspend::new(activity_page(id)).into_any(),
        Route::About => Suspend::new(about_page()).into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// An activity's page, loaded when one is first opened.
#[leptos::lazy]
fn activity_page(id: String) -> AnyView {
    view! { <ActivityPage id=id/> }.into_any()
}

/// The about page, loaded when first opened.
#[leptos::lazy]
fn about_page() -> AnyView {
    view! { <About/> }.into_any()
}

/// What the explorer shows after its list (sharing, downloads, the timeline), loaded when
/// the reader comes near it.
#[leptos::lazy]
fn after_list(embedded: bool) -> AnyView {
    dxday::pages::explorer::after_list(embedded)
}

/// Writes a download of the explorer's view, loaded when one is first asked for.
#[leptos::lazy]
fn write_download(format: Format, state: ExplorerState, lang: Lang) {
    dxday::components::export::write(format, &state, lang);
}

fn writer(format: Format, state: ExplorerState, lang: Lang) -> dxday::app::Lazy<()> {
    Box::pin(write_download(format, state, lang))
}

fn after_list_part(embedded: bool) -> dxday::app::Lazy<AnyView> {
    Box::pin(after_list(embedded))
}
