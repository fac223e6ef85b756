//! dxday-server: the API of Ngày Chuyển đổi số and the server of its built app.
//!
//! [`app`] builds the router apart from `main`, so tests can drive it directly; the
//! black-box tests in `tests/` run the real binary.

pub mod config;
pub mod error;
pub mod plans;
pub mod routes;
pub mod store;

use axum::Router;
use axum::routing::get;
use std::path::Path;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: store::Store,
    /// The plan files.
    pub plans: Arc<plans::Plans>,
}

/// The whole service: `/api/…` and the built app from `dist`.
pub fn app(state: AppState, dist: &Path) -> Router {
    let api = Router::new()
        .route("/health", get(routes::health::health))
        .route("/plans", get(routes::plans::list))
        .route("/plans/{year}", get(routes::plans::one))
        .fallback(|| async { error::ApiError::not_found() });
    Router::new()
        .nest("/api", api)
        .fallback_service(routes::static_files::service(dist))
        .layer(axum::middleware::from_fn(routes::static_files::headers))
        .with_state(state)
}
