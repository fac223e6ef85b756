//! Thin wrappers over the browser APIs the app uses, each failing quietly: private browsing
//! or a locked-down WebView may refuse storage, and the app must still work.

use wasm_bindgen::JsCast;

/// `location.search`, with its `?`.
pub fn location_search() -> Option<String> {
    web_sys::window()?.location().search().ok()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a value kept on this device.
pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Keeps a value on this device; silently does nothing where storage is refused.
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

/// Milliseconds since 1970 UTC, from the device clock.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Sets the window title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Offers `content` as a file download, made in the browser so it works offline.
pub fn download(filename: &str, mime: &str, content: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A random UUID v4 from the browser's cryptographic generator, for idempotency keys.
pub fn uuid_v4() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            // No crypto (a very old WebView): time and Math.random still make a key that
            // this device will not repeat.
            format!(
                "{:x}-{:x}",
                now_millis(),
                (js_sys::Math::random() * 1e16) as u64
            )
        })
}

/// Calls `f` on every `name` event of the window, for the app's lifetime.
pub fn on_window_event(name: &str, f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    if let Some(w) = web_sys::window() {
        let closure = Closure::<dyn Fn()>::new(f);
        let _ = w.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        closure.forget();
    }
}

/// Calls `f` whenever the page becomes visible again (the person comes back to the tab).
pub fn on_visible(f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let doc = document.clone();
    let closure = Closure::<dyn Fn()>::new(move || {
        if doc.visibility_state() == web_sys::VisibilityState::Visible {
            f();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Calls `f` once, when `element` comes within a screen's height of what the reader sees
/// (at once where the browser has no IntersectionObserver). For what is worth loading only
/// when someone scrolls or tabs towards it. The observer lives as long as the reactive
/// scope this is called in: a page drawn again makes a new one, and the old one goes.
pub fn when_near(element: &web_sys::Element, f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    type Callback = Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>;
    /// Stops observing before the callback is dropped, which the observer would otherwise
    /// call after it is gone.
    struct Near(web_sys::IntersectionObserver, #[allow(dead_code)] Callback);
    impl Drop for Near {
        fn drop(&mut self) {
            self.0.disconnect();
        }
    }
    let f = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let once = f.clone();
    let callback = Callback::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let near = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if near {
                observer.disconnect();
                if let Some(f) = once.take() {
                    f();
                }
            }
        },
    );
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("100% 0px");
    match web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    ) {
        Ok(observer) => {
            observer.observe(element);
            // Dropped (and disconnected) with the scope that owns it.
            leptos::prelude::StoredValue::new_local(Near(observer, callback));
        }
        Err(_) => {
            if let Some(f) = f.take() {
                f();
            }
        }
    }
}

/// The element of the page with this id.
///
/// The plan's views find their few elements this way rather than through `NodeRef`s: each
/// kind of element a `NodeRef` holds (a dialog, a button, a div) was its own copy of
/// Leptos's code for it in the wasm (without them: the plan's main module 858 B smaller in
/// brotli, the forms' 394).
pub fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Points the link with this id at `href`, marked as the page shown (`aria-current`) when
/// `current`: the links of markup written once (the header, the year switcher) follow the
/// address this way.
pub fn set_link(id: &str, href: &str, current: bool) {
    if let Some(a) = element(id) {
        let _ = a.set_attribute("href", href);
        let _ = match current {
            true => a.set_attribute("aria-current", "page"),
            false => a.remove_attribute("aria-current"),
        };
    }
}

/// The `<dialog>` with this id.
pub fn dialog(id: &str) -> Option<web_sys::HtmlDialogElement> {
    element(id).map(JsCast::unchecked_into)
}

/// Moves keyboard focus to the element with this id.
pub fn focus(id: &str) {
    if let Some(el) = element(id) {
        let el: web_sys::HtmlElement = el.unchecked_into();
        let _ = el.focus();
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Reads a value kept for this tab only.
pub fn session_get(key: &str) -> Option<String> {
    session_storage()?
        .get_item(key)
        .ok()
        .flatten()
        .filter(|v| !v.is_empty())
}

/// Keeps a value for this tab only (an admin token never outlives the tab).
pub fn session_set(key: &str, value: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(key, value);
    }
}

/// True when the app runs as the compact widget in another site's iframe (`?embed=1`,
/// read once at start; public/frame.js has already marked the document for it).
pub fn embedded() -> bool {
    location_search().is_some_and(|s| dxday_core::ExplorerQuery::parse(&s).embed)
}

/// Fires `name` on the window, for the small scripts beside the app (sw-register.js).
pub fn fire(name: &str) {
    if let (Some(w), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) {
        let _ = w.dispatch_event(&event);
    }
}

/// Reads an attribute of `<html>`, where the scripts beside the app leave their state.
pub fn root_attribute(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute(name)
}

/// The page's own origin (`https://host:port`).
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Puts `text` on the clipboard; false where the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// Lower-cases `text` with the browser's own Unicode tables (`String.prototype.toLowerCase`,
/// the same full case mapping as Rust's), so that the wasm carries no tables of its own: the
/// search index's lower-casing (`dxday_core::Index::start_with`).
pub fn lower_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// Gives the main thread back to the browser, so that it can paint and handle input in the
/// middle of long work: with `scheduler.yield()` where the browser has it (the work then
/// goes on before other queued tasks), otherwise with a message to itself.
///
/// Not `setTimeout(0)`: a timer set from a timer's own work is held back at least 4 ms
/// after the fifth in a row (the HTML standard's clamping), which loading a large plan in
/// slices paid at every pause: a plan of 10,000 activities reached its first results in
/// 846 ms instead of 1,268 (medians of 7 loads) once it was gone.
pub async fn yield_to_browser() {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok();
    let yield_fn = scheduler
        .as_ref()
        .and_then(|s| js_sys::Reflect::get(s, &"yield".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = match (scheduler, yield_fn) {
        (Some(scheduler), Some(yield_fn)) => yield_fn
            .call0(&scheduler)
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok()),
        _ => None,
    };
    let promise = promise.unwrap_or_else(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            let sent = web_sys::MessageChannel::new().is_ok_and(|channel| {
                channel.port1().set_onmessage(Some(&resolve));
                channel
                    .port2()
                    .post_message(&wasm_bindgen::JsValue::UNDEFINED)
                    .is_ok()
            });
            if !sent {
                let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            }
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// An answer of the server: its status, with its body still to be read.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    response: gloo_net::http::Response,
}

impl Answer {
    /// The body as text; empty when it could not be read.
    pub async fn text(self) -> String {
        self.response.text().await.unwrap_or_default()
    }

    /// The body read as JSON by the browser (`Response.json()`), for [`crate::json`];
    /// `undefined` when it is not JSON or could not be read.
    pub async fn json(self) -> wasm_bindgen::JsValue {
        let response = web_sys::Response::from(self.response);
        match response.json() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .unwrap_or(wasm_bindgen::JsValue::UNDEFINED),
            Err(_) => wasm_bindgen::JsValue::UNDEFINED,
        }
    }
}

/// Sends a request with gloo-net (over `fetch`); `Err` when no answer came (offline,
/// refused, aborted). The one place the app speaks HTTP: the plan store, the outbox,
/// tracking and moderation all come here, and get a status and a body to read.
pub async fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Answer, ()> {
    let method = match method {
        "POST" => gloo_net::http::Method::POST,
        _ => gloo_net::http::Method::GET,
    };
    let mut request = gloo_net::http::RequestBuilder::new(url).method(method);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = match body {
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(body.to_owned()),
        None => request.build(),
    }
    .map_err(|_| ())?;
    let response = request.send().await.map_err(|_| ())?;
    Ok(Answer {
        status: response.status(),
        response,
    })
}

/// Below this width the explorer is laid out for a phone: filters in a sheet, one-line
/// header. The same breakpoint as `style/layout.css` and `style/explorer.css`.
pub const PHONE_MEDIA: &str = "(max-width: 55.99rem)";

thread_local! {
    static PHONE: std::cell::OnceCell<leptos::prelude::ArcRwSignal<bool>> =
        const { std::cell::OnceCell::new() };
}

/// True while the window is phone-sized, following rotation and resizing. One listener for
/// the whole app, made on first use, so pages that come and go do not add their own.
///
/// A `Memo`, not a `Signal`: the app's memos of `bool` are in the wasm anyway, where
/// `Signal<bool>` brought its own code for every kind of signal it can hold.
pub fn phone_sized() -> leptos::prelude::Memo<bool> {
    use leptos::prelude::*;
    let signal = PHONE.with(|cell| {
        cell.get_or_init(|| {
            let list = web_sys::window().and_then(|w| w.match_media(PHONE_MEDIA).ok().flatten());
            let signal = ArcRwSignal::new(list.as_ref().is_some_and(|l| l.matches()));
            if let Some(list) = list {
                let writer = signal.clone();
                let watched = list.clone();
                let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    writer.set(watched.matches())
                });
                let _ = list
                    .add_event_listener_with_callback("change", closure.as_ref().unchecked_ref());
                closure.forget();
            }
            signal
        })
        .clone()
    });
    Memo::new(move |_| signal.get())
}

/// Scrolls the element with this id to the top of the window.
pub fn scroll_to(id: &str) {
    if let Some(el) = element(id) {
        el.scroll_into_view();
    }
}
