//! The built app: files from the dist folder (brotli or gzip when the client takes them),
//! with the app's routes answered by its page: `index.html` for the plan, `forms.html` for
//! the forms (`dxday_core::route::Bundle`).
//!
//! Trunk builds the page with `<base href="./">` (Trunk.toml), so one build can be served at
//! `/` or under a sub-path such as `/cds/`. The server reads `index.html` once and writes the
//! real base into it, so the relative asset links, the router and the service worker all
//! resolve under that path, even on a deep link like `/cds/activities/x`.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dxday_core::route::{Bundle, Route};
use std::convert::Infallible;
use std::path::Path;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;

/// The app's two pages as served (`index.html` for the plan, `forms.html` for the forms;
/// see `dxday_core::route::Bundle`), each with its `<base href>` set to `base`. `None` when
/// the app was not built (the API still works).
#[derive(Clone)]
pub struct AppPages {
    plan: Option<Bytes>,
    forms: Option<Bytes>,
}

impl AppPages {
    /// Reads both pages from `dist` and points their base at `base` (`/` or `/cds/`).
    pub fn load(dist: &Path, base: &str) -> AppPages {
        let read = |bundle: Bundle| {
            std::fs::read_to_string(dist.join(bundle.page()))
                .ok()
                .map(|h| Bytes::from(set_base(&h, base)))
        };
        AppPages {
            plan: read(Bundle::Plan),
            forms: read(Bundle::Forms),
        }
    }

    /// The page of one part of the app, or a 404 when it was not built.
    pub fn response(&self, bundle: Bundle) -> Response {
        let page = match bundle {
            Bundle::Plan => &self.plan,
            Bundle::Forms => &self.forms,
        };
        match page {
            // A reference-counted buffer: each answer shares it rather than copying the page.
            Some(html) => axum::response::Html(html.clone()).into_response(),
            None => (StatusCode::NOT_FOUND, "Not found").into_response(),
        }
    }

    /// The page that shows the app's route at `path` (a path inside the app).
    pub fn for_path(&self, path: &str) -> Response {
        self.response(Route::parse(path).bundle())
    }
}

/// Replaces the value of the first `<base href="…">` by `base`.
pub fn set_base(html: &str, base: &str) -> String {
    const OPEN: &str = "<base href=\"";
    // The base comes from the operator's PUBLIC_URL; keep it from closing the attribute.
    let base = base.replace(['"', '<', '>'], "");
    if let Some(start) = html.find(OPEN) {
        let value = start + OPEN.len();
        if let Some(len) = html[value..].find('"') {
            return format!("{}{base}{}", &html[..value], &html[value + len..]);
        }
    }
    html.to_owned()
}

/// A service serving `dist`; paths that are not files and look like app routes get the page.
pub fn service(dist: &Path, index: AppPages) -> BoxCloneSyncService<Request, Response, Infallible> {
    let fallback = move |req: Request| {
        let index = index.clone();
        async move {
            // A missing asset is a 404; only extension-less paths are the app's own routes.
            let last = req.uri().path().rsplit('/').next().unwrap_or("");
            if last.contains('.') {
                return (StatusCode::NOT_FOUND, "Not found").into_response();
            }
            index.for_path(req.uri().path())
        }
    };
    let dir = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback.into_service());
    BoxCloneSyncService::new(ServiceExt::<Request>::map_response(dir, |r| {
        r.map(Body::new)
    }))
}

/// True for Trunk's content-hashed file names (`name-0123456789abcdef.wasm`), which never change.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    // wasm-bindgen names the module `name-HASH_bg.wasm`.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    // Trunk writes a 64-bit hash in hex without leading zeros: usually 16 digits, fewer in
    // one build out of sixteen (`dxday-forms-e4a792795baabc3_bg.wasm` was one).
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|c| c.is_ascii_hexdigit())
    })
}

/// Sets caching and the security headers every response carries.
pub async fn headers(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    let cache = if path.starts_with("/api/") {
        "no-store"
    } else if is_hashed(&path) && !h.contains_key(header::CACHE_CONTROL) {
        "public, max-age=31536000, immutable"
    } else {
        // index.html, the service worker and the plan files: always revalidated.
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    state.policy.apply(&mut response);
    response
}

#[cfg(test)]
mod tests {
    use super::{is_hashed, set_base};

    #[test]
    fn the_page_base_is_where_the_app_is_served() {
        let html = r#"<head><base href="./"><link rel="stylesheet" href="./a.css"></head>"#;
        assert_eq!(
            set_base(html, "/cds/"),
            r#"<head><base href="/cds/"><link rel="stylesheet" href="./a.css"></head>"#
        );
        assert_eq!(set_base(html, "/\"><script>/"), set_base(html, "/script/"));
        assert_eq!(set_base("<p>no base</p>", "/x/"), "<p>no base</p>");
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("/dxday-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed("/dxday-3f2a9c0d1e4b5a6f.js"));
        assert!(is_hashed("/tokens-0011223344556677.css"));
        assert!(is_hashed("/dxday-forms-e4a792795baabc3_bg.wasm"));
        assert!(!is_hashed("/embed.js"));
        assert!(!is_hashed("/icons/icon-192.png"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/data/plans/2022.json"));
    }
}
