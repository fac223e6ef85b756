//! Thin wrappers over the browser APIs the app uses, each failing quietly: private browsing
//! or a locked-down WebView may refuse storage, and the app must still work.

use wasm_bindgen::JsCast;

/// `location.search`, with its `?`.
pub fn location_search() -> Option<String> {
    Some(sure::search(&web_sys::window()?.location()))
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
        sure::set_attribute(&a, "href", href);
        match current {
            true => sure::set_attribute(&a, "aria-current", "page"),
            false => sure::remove_attribute(&a, "aria-current"),
        }
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
        .map(|w| sure::origin(&w.location()))
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
/// middle of long work; the future is over when the work may go on.
///
/// `ahead`, for work someone waits for (the first results): with `scheduler.yield()` where
/// the browser has it, whose continuation goes before every other queued task. Otherwise,
/// and for work nobody waits for, with a message to itself: an ordinary task, after those
/// already queued. Resumed by `scheduler.yield()`, the search texts done after the first
/// results (about 100 ms at 10,000 activities) held back everything else the page had
/// queued until they were over: in the bench, seeing the first results took 739-801 ms
/// (medians of 5 loads) with it, 655-731 without.
///
/// Not `setTimeout(0)`: a timer set from a timer's own work is held back at least 4 ms
/// after the fifth in a row (the HTML standard's clamping), which loading a large plan in
/// slices paid at every pause: a plan of 10,000 activities reached its first results in
/// 846 ms instead of 1,268 (medians of 7 loads) once it was gone.
pub fn yield_to_browser(ahead: bool) -> wasm_bindgen_futures::JsFuture {
    // Looked up only for work someone waits for: the other pauses never use it.
    let scheduler = match ahead {
        true => sure::get(&js_sys::global(), &"scheduler".into()),
        false => wasm_bindgen::JsValue::UNDEFINED,
    };
    let promise = scheduler
        .is_object()
        .then(|| sure::get(&scheduler, &"yield".into()))
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|yield_fn| yield_fn.call0(&scheduler).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
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
    wasm_bindgen_futures::JsFuture::from(promise)
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

/// DOM calls that cannot throw as the app makes them, bound here without the catching that
/// web-sys's and js-sys's bindings do for what the call could throw in general: a valid,
/// static selector or attribute name, the page's own location, an object's field. The code
/// that catches took 218 B of the main module in brotli over these calls (the glue 20 more).
pub mod sure {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// An element or the page's location, as these bindings see it.
        type Dom;
        #[wasm_bindgen(method, js_name = closest)]
        fn closest_(this: &Dom, selector: &str) -> Option<web_sys::Element>;
        #[wasm_bindgen(method, js_name = setAttribute)]
        fn set_attribute_(this: &Dom, name: &str, value: &str);
        #[wasm_bindgen(method, js_name = removeAttribute)]
        fn remove_attribute_(this: &Dom, name: &str);
        #[wasm_bindgen(method, getter, js_name = search)]
        fn search_(this: &Dom) -> String;
        #[wasm_bindgen(method, getter, js_name = pathname)]
        fn pathname_(this: &Dom) -> String;
        #[wasm_bindgen(method, getter, js_name = origin)]
        fn origin_(this: &Dom) -> String;
        /// `Reflect.get` of an object's field.
        #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
        pub fn get(object: &JsValue, key: &JsValue) -> JsValue;
        /// `Reflect.set` of a plain object's field.
        #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
        pub fn set(object: &JsValue, key: &JsValue, value: &JsValue) -> bool;
    }

    /// `Element.closest` with one of the app's own selectors.
    pub fn closest(element: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
        element.unchecked_ref::<Dom>().closest_(selector)
    }

    /// `Element.setAttribute` of an attribute named by the app.
    pub fn set_attribute(element: &web_sys::Element, name: &str, value: &str) {
        element.unchecked_ref::<Dom>().set_attribute_(name, value)
    }

    /// `Element.removeAttribute`.
    pub fn remove_attribute(element: &web_sys::Element, name: &str) {
        element.unchecked_ref::<Dom>().remove_attribute_(name)
    }

    /// `location.search` of the page.
    pub fn search(location: &web_sys::Location) -> String {
        location.unchecked_ref::<Dom>().search_()
    }

    /// `location.pathname` of the page.
    pub fn pathname(location: &web_sys::Location) -> String {
        location.unchecked_ref::<Dom>().pathname_()
    }

    /// `location.origin` of the page.
    pub fn origin(location: &web_sys::Location) -> String {
        location.unchecked_ref::<Dom>().origin_()
    }
}
