//! Browser tests: the app's components mounted in headless Chromium by wasm-bindgen-test.

#![cfg(target_arch = "wasm32")]

use dxday::components::header::SiteHeader;
use dxday::i18n::I18n;
use dxday_core::Lang;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the header in Vietnamese, as a first visit sees it.
fn mount_header() -> web_sys::HtmlElement {
    let document = document();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || {
        view! {
            {
                I18n::provide(Lang::Vi);
                dxday::nav::provide_location(dxday_core::route::Bundle::Plan);
                view! { <SiteHeader/> }
            }
        }
    });
    handle.forget();
    root
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is on the page"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_header_speaks_vietnamese_first_and_switches_to_english() {
    let root = mount_header();
    tick().await;
    assert_eq!(text_of(&root, ".site-title"), "Ngày Chuyển đổi số quốc gia");
    assert_eq!(text_of(&root, ".lang-switch").trim(), "English");

    let button: web_sys::HtmlElement = root
        .query_selector(".lang-switch")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    tick().await;

    assert_eq!(
        text_of(&root, ".site-title"),
        "National Digital Transformation Day"
    );
    assert_eq!(text_of(&root, ".lang-switch").trim(), "Tiếng Việt");
    // The header is written again in the new language: the switch is a new button.
    let switch = root.query_selector(".lang-switch").unwrap().unwrap();
    assert_eq!(switch.get_attribute("lang").as_deref(), Some("vi"));
}

/// Posts a message to a port of its own, as any part of the page may queue a task, and
/// gives the flag its handler sets when that task has run.
fn queue_a_task() -> std::rc::Rc<std::cell::Cell<bool>> {
    let ran = std::rc::Rc::new(std::cell::Cell::new(false));
    let channel = web_sys::MessageChannel::new().unwrap();
    let set = ran.clone();
    let handler = wasm_bindgen::closure::Closure::once_into_js(move || set.set(true));
    channel.port1().set_onmessage(Some(handler.unchecked_ref()));
    channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::UNDEFINED)
        .unwrap();
    ran
}

#[wasm_bindgen_test]
async fn work_nobody_waits_for_lets_the_pages_queued_tasks_go_first() {
    // The search texts done after the first results pause this way.
    let queued = queue_a_task();
    dxday::browser::yield_to_browser(false).await.unwrap();
    assert!(queued.get(), "a task queued before the pause ran during it");
}

#[wasm_bindgen_test]
async fn work_someone_waits_for_goes_on_before_the_pages_queued_tasks() {
    // The reading and indexing that lead to the first results pause this way
    // (scheduler.yield, which the test's Chromium has).
    let queued = queue_a_task();
    dxday::browser::yield_to_browser(true).await.unwrap();
    assert!(!queued.get(), "the work went on before the queued task");
    dxday::browser::yield_to_browser(false).await.unwrap();
    assert!(
        queued.get(),
        "the queued task ran at the next pause behind it"
    );
}
