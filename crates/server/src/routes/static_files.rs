//! The built app: files from the dist folder (brotli or gzip when the client takes them),
//! with client-side routes falling back to `index.html`.

use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::path::Path;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};

/// A service serving `dist`; paths that are not files and look like app routes get index.html.
pub fn service(dist: &Path) -> BoxCloneSyncService<Request, Response, Infallible> {
    let index = dist.join("index.html");
    let fallback = move |req: Request| {
        let index = index.clone();
        async move {
            // A missing asset is a 404; only extension-less paths are the app's own routes.
            let last = req.uri().path().rsplit('/').next().unwrap_or("");
            if last.contains('.') {
                return (StatusCode::NOT_FOUND, "Not found").into_response();
            }
            match ServeFile::new(index).oneshot(req).await {
                Ok(r) => r.map(Body::new),
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
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
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|c| c.is_ascii_hexdigit()))
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
    use super::is_hashed;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("/dxday-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed("/dxday-3f2a9c0d1e4b5a6f.js"));
        assert!(is_hashed("/tokens-0011223344556677.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/data/plans/2022.json"));
    }
}
