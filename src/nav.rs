//! Moving between the app's pages without reloading: the address bar, the back button and
//! links inside the app.
//!
//! The app has eight pages and no nested routes, so this small layer replaces a router
//! crate (about 70 KB of the wasm, for matching machinery the app does not need). Which
//! page an address means is decided in `dxday_core::route`, where it is tested.
//!
//! Paths here are the app's own (`/about`); the base the app is served under (`/` or e.g.
//! `/cds/`) is added and removed at the edges, so a page never has to know it.

use dxday_core::route::{Bundle, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Where the app is now.
#[derive(Clone, Copy)]
pub struct Location {
    /// The part of the app this page is; a page of the other part is a page load away.
    pub bundle: Bundle,
    /// The path inside the app, e.g. `/activities/abc` (without the base).
    pub pathname: RwSignal<String>,
    /// The query string, without its `?`.
    pub search: RwSignal<String>,
}

/// How [`navigate`] changes the history.
#[derive(Clone, Copy, Debug, Default)]
pub struct NavigateOptions {
    /// Replace the current entry instead of adding one, so Back skips it.
    pub replace: bool,
    /// Keep the scroll position; otherwise a new page starts at its top.
    pub keep_scroll: bool,
}

/// The browser's address, split into the app's path and the query string; `None` when the
/// address is outside the app's base.
fn read_address() -> Option<(String, String)> {
    let location = window().location();
    let path = crate::browser::sure::pathname(&location);
    let search = crate::browser::sure::search(&location);
    Some((app_path(&path)?, search.trim_start_matches('?').to_owned()))
}

/// The app's path of a browser path, or `None` outside the base.
fn app_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix(crate::app::base_href().trim_end_matches('/'))?;
    match rest {
        "" => Some("/".to_owned()),
        r if r.starts_with('/') => Some(r.to_owned()),
        _ => None,
    }
}

/// Starts following the address: Back and Forward, and clicks on links inside the app.
/// Called once, when the app starts, with the part of the app this page is.
pub fn provide_location(bundle: Bundle) -> Location {
    let (path, search) = read_address().unwrap_or_else(|| ("/".to_owned(), String::new()));
    let location = Location {
        bundle,
        pathname: RwSignal::new(path),
        search: RwSignal::new(search),
    };
    provide_context(location);

    let on_popstate = Closure::<dyn Fn()>::new(move || {
        if let Some((path, search)) = read_address() {
            update(location, path, search);
        }
    });
    let _ =
        window().add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    on_popstate.forget();

    // One listener for every link, the way a browser handles them: a plain click on a link
    // to a page of the app is followed here; a new tab, a download, another site or a link
    // marked external is left to the browser.
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if let Some(href) = followed_link(&ev, bundle) {
            ev.prevent_default();
            go(location, &href, NavigateOptions::default());
        }
    });
    let _ = document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
    location
}

/// The app path and query of the link a click should follow inside this page, if it should:
/// a link to the other part of the app is left to the browser, which loads its page.
fn followed_link(ev: &web_sys::MouseEvent, bundle: Bundle) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let anchor: web_sys::HtmlAnchorElement = crate::browser::sure::closest(&target, "a[href]")?
        .dyn_into()
        .ok()?;
    let opens_elsewhere = !matches!(anchor.target().as_str(), "" | "_self");
    let external = anchor
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|r| r == "external"));
    if opens_elsewhere || external || anchor.has_attribute("download") {
        return None;
    }
    let url = web_sys::Url::new(&anchor.href()).ok()?;
    // Not crate::browser::origin(), which does the same: only on-demand modules call it, and
    // calling it here put it in the main module, 220 B larger in brotli than this line.
    if url.origin() != crate::browser::sure::origin(&window().location()) {
        return None;
    }
    let path = app_path(&url.pathname())?;
    if Route::parse(&path).bundle() != bundle {
        return None;
    }
    Some(format!("{path}{}", url.search()))
}

/// The address now, as a reactive read.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// Goes to `href`, a path inside the app with an optional query (`/?org=x`), adding the
/// base the app is served under.
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Copy + 'static {
    let location = use_location();
    move |href: &str, options: NavigateOptions| go(location, href, options)
}

fn go(location: Location, href: &str, options: NavigateOptions) {
    let (path, search) = href.split_once('?').unwrap_or((href, ""));
    let path = if path.is_empty() { "/" } else { path };
    let full = if search.is_empty() {
        crate::app::to(path)
    } else {
        crate::app::to(&format!("{path}?{search}"))
    };
    if Route::parse(path).bundle() != location.bundle {
        let _ = window().location().assign(&full);
        return;
    }
    if let Ok(history) = window().history() {
        let _ = if options.replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&full))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&full))
        };
    }
    let new_page = update(location, path.to_owned(), search.to_owned());
    if new_page && !options.keep_scroll {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Sets what changed, so that nothing reading the other part re-runs; true when the page
/// (the path) changed.
fn update(location: Location, path: String, search: String) -> bool {
    let new_page = location.pathname.get_untracked() != path;
    if new_page {
        location.pathname.set(path);
    }
    if location.search.get_untracked() != search {
        location.search.set(search);
    }
    new_page
}
