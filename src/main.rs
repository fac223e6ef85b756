//! Entry point of the plan, the part of the app a first visit loads: the explorer, the
//! activities and the about page (`index.html`).
//!
//! The plan's lazy functions are here, not in the library: wasm-split
//! (scripts/link-wasm.mjs) moves each into a module of its own, fetched the first time it
//! runs, so what a first visit to `/` does not show is not in the wasm it loads. They are
//! `fallible` (wasm_split's option, which Leptos's `#[lazy]` does not offer): a module
//! that cannot be fetched gives an error to show, where `#[lazy]` panics, and a panic
//! aborts the whole wasm.

use dxday::app::{Draw, Lazy, OnDemand};
use dxday::components::export::Format;
use dxday::pages::activity::{ActivityId, ActivityPage};
use dxday::pages::explorer::ExplorerState;
use dxday::pages::{about::About, explorer::Explorer, not_found::NotFound};
use dxday_core::Lang;
use dxday_core::route::Route;
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

fn main() {
    let parts = dxday::app::Parts {
        pages: plan_pages,
        outbox: send_waiting,
        update_notice,
    };
    dxday::start(dxday_core::route::Bundle::Plan, parts);
}

/// Sends what a form left waiting in the outbox (offline, or refused for now by a busy
/// server): only the forms add to it, so a plan's page has nothing to do unless something
/// waits, and the outbox's reading, its signals and its sending are all in the module
/// fetched then (most visits never fetch it).
fn send_waiting() {
    if !dxday::outbox::waiting() {
        return;
    }
    let owner = Owner::current().unwrap_or_default();
    leptos::task::spawn_local(async move {
        // A module that cannot be fetched leaves the items waiting for the next page.
        if let Ok(start) = outbox().await {
            owner.with(start);
        }
    });
}

/// The outbox of a plan's page, loaded when something waits in it: [`send_waiting`].
#[wasm_split(outbox, wasm_split_path = ::leptos::wasm_split, fallible)]
fn outbox() -> Result<fn(), SplitLoaderError> {
    Ok(|| {
        dxday::outbox::Outbox::start(|outbox, now| Box::pin(dxday::outbox::send_due(outbox, now)))
    })
}

/// The pages of the plan.
fn plan_pages(route: Route) -> AnyView {
    provide_context(dxday::app::PlanParts {
        writer,
        share_panels,
        timeline_rows,
        filter_sheet,
        no_plan,
    });
    match route {
        Route::Explorer => view! { <Explorer/> }.into_any(),
        // Drawn once their module is here, as the parts of a page are (OnDemand), rather
        // than through Leptos's Suspend, whose code was in the main module for these two
        // alone.
        Route::Activity(id) => {
            provide_context(ActivityId(id));
            let page = OnDemand::new(activity_page);
            page.load();
            page.view().into_any()
        }
        Route::About => {
            let page = OnDemand::new(about_page);
            page.load();
            page.view().into_any()
        }
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// An activity's page, loaded when one is first opened.
#[wasm_split(activity_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn activity_page_split() -> Result<Draw, SplitLoaderError> {
    Ok(|| {
        let ActivityId(id) = expect_context();
        view! { <ActivityPage id=id/> }.into_any()
    })
}

fn activity_page() -> Lazy<Option<Draw>> {
    drawn_by(activity_page_split())
}

/// The about page, loaded when first opened.
#[wasm_split(about_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn about_page_split() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <About/> }.into_any())
}

fn about_page() -> Lazy<Option<Draw>> {
    drawn_by(about_page_split())
}

/// Writes a download of the explorer's view, loaded when one is first asked for.
#[wasm_split(write_download, wasm_split_path = ::leptos::wasm_split, fallible)]
fn write_download(
    format: Format,
    state: ExplorerState,
    lang: Lang,
) -> Result<(), SplitLoaderError> {
    dxday::components::export::write(format, &state, lang);
    Ok(())
}

/// The share panel and the QR dialog, loaded when a reader first asks for either.
#[wasm_split(share_panels, wasm_split_path = ::leptos::wasm_split, fallible)]
fn share_panels_split() -> Result<Draw, SplitLoaderError> {
    Ok(dxday::components::share::panels)
}

fn share_panels() -> Lazy<Option<Draw>> {
    drawn_by(share_panels_split())
}

/// The timeline's rows, loaded when a reader first opens it.
#[wasm_split(timeline_rows, wasm_split_path = ::leptos::wasm_split, fallible)]
fn timeline_rows_split() -> Result<Draw, SplitLoaderError> {
    Ok(dxday::components::timeline::rows)
}

fn timeline_rows() -> Lazy<Option<Draw>> {
    drawn_by(timeline_rows_split())
}

/// The phone's filter sheet, loaded when a reader first opens it.
#[wasm_split(filter_sheet, wasm_split_path = ::leptos::wasm_split, fallible)]
fn filter_sheet_split() -> Result<Draw, SplitLoaderError> {
    Ok(dxday::components::filters::sheet)
}

fn filter_sheet() -> Lazy<Option<Draw>> {
    drawn_by(filter_sheet_split())
}

/// The notice that a newer build waits, loaded when one does.
#[wasm_split(update_notice, wasm_split_path = ::leptos::wasm_split, fallible)]
fn update_notice_split() -> Result<Draw, SplitLoaderError> {
    Ok(dxday::components::update::notice)
}

fn update_notice() -> Lazy<Option<Draw>> {
    drawn_by(update_notice_split())
}

/// What a year with no plan shows, loaded when one is first asked for.
#[wasm_split(no_plan, wasm_split_path = ::leptos::wasm_split, fallible)]
fn no_plan_split() -> Result<Draw, SplitLoaderError> {
    Ok(dxday::components::with_plan::no_plan)
}

fn no_plan() -> Lazy<Option<Draw>> {
    drawn_by(no_plan_split())
}

/// A lazy function's [`Draw`], boxed as [`OnDemand`] takes it: `None` when its module could
/// not be fetched.
fn drawn_by(
    loading: impl Future<Output = Result<Draw, SplitLoaderError>> + Send + 'static,
) -> Lazy<Option<Draw>> {
    Box::pin(async move { loading.await.ok() })
}

fn writer(format: Format, state: ExplorerState, lang: Lang) -> Lazy<bool> {
    // A download whose writers could not be fetched does not start, and says so; the next
    // click tries again (a failed fetch is not kept).
    Box::pin(async move { write_download(format, state, lang).await.is_ok() })
}
