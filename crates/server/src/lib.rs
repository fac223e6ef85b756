//! dxday-server: the API of Ngày Chuyển đổi số and the server of its built app.
//!
//! [`app`] builds the router apart from `main`, so tests can drive it directly; the
//! black-box tests in `tests/` run the real binary.

pub mod admin;
pub mod api_doc;
pub mod backup;
pub mod client;
pub mod config;
pub mod encoding;
pub mod error;
pub mod frame;
pub mod i18n;
pub mod metrics;
pub mod notify;
pub mod pg_writer;
pub mod plan_cache;
pub mod plans;
pub mod plans_check;
pub mod ratelimit;
pub mod repo;
pub mod routes;
pub mod security;
pub mod serve;
pub mod share_image;
pub mod store;
pub mod writer;

use axum::Router;
use axum::extract::{DefaultBodyLimit, RawQuery, Request};
use axum::http::HeaderMap;
use axum::routing::{any, get, post};
use dxday_core::route::Bundle;
use std::path::Path;
use std::sync::Arc;

/// What every handler can reach, behind one pointer. A request clones the state several
/// times (each layer and handler that takes it); with a dozen shared parts, each clone and
/// drop was a dozen reference counts moved between the two cores, 8 % of a plan GET's time
/// under perf. One `Arc` makes it one count.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Services {
    /// The database.
    pub store: store::Store,
    /// The plan files.
    pub plans: Arc<plans::Plans>,
    /// The plans as answered, community initiatives included.
    pub plan_cache: Arc<plan_cache::PlanCache>,
    /// Moderators' tokens.
    pub admins: Arc<admin::AdminTokens>,
    /// The limit on submissions per client.
    pub limiter: Arc<ratelimit::RateLimiter>,
    /// The proxies whose forwarding headers say who the client is.
    pub proxies: Arc<client::TrustedProxies>,
    /// Whether requests are counted for the metrics address.
    pub metrics: bool,
    /// How long a request may take to be read and answered.
    pub request_timeout: std::time::Duration,
    /// A form sent sooner than this after it was opened is taken for a bot.
    pub min_fill_ms: i64,
    /// The public address of the app, for links in calendar feeds.
    pub public_url: Arc<str>,
    /// Security headers.
    pub policy: Arc<security::Policy>,
    /// Group commit of submissions and the moderators' decisions, for SQLite.
    pub writer: Option<writer::Writer>,
    /// Group commit of submissions, for PostgreSQL.
    pub pg_writer: Option<pg_writer::PgWriter>,
    /// The share pictures drawn so far.
    pub share_images: Arc<share_image::ShareImages>,
}

/// The whole service: `/api/…` and the built app from `dist`, whose page says it is served
/// under `base` (`/`, or `/cds/` with [`under_base`]).
pub fn app(state: AppState, dist: &Path, cors_origins: &[String], base: &str) -> Router {
    let pages = routes::static_files::AppPages::load(
        dist,
        base,
        // The newest plan: the one the app opens with.
        state.plans.all().next_back(),
        &state.public_url,
    );
    let files = Arc::new(routes::static_files::StaticFiles::load(dist));
    let serve_page = |bundle: Bundle| {
        let pages = pages.clone();
        move |request: HeaderMap| {
            let pages = pages.clone();
            async move { pages.response(bundle, &request) }
        }
    };
    let explorer_pages = pages.clone();
    let serve_explorer = move |axum::extract::State(state): axum::extract::State<AppState>,
                               query: RawQuery,
                               request: HeaderMap| {
        let pages = explorer_pages.clone();
        async move { routes::heads::explorer(&pages, &state, query.0.as_deref(), &request).await }
    };
    let sitemap = |axum::extract::State(state): axum::extract::State<AppState>| async move {
        routes::heads::sitemap(&state).await
    };
    let robots_base = base.to_owned();
    let robots = move |axum::extract::State(state): axum::extract::State<AppState>| {
        let base = robots_base.clone();
        async move { routes::heads::robots(&state.public_url, &base) }
    };
    let rest_pages = pages.clone();
    let serve_rest = move |axum::extract::State(state): axum::extract::State<AppState>,
                           request: Request| {
        let (files, pages) = (files.clone(), rest_pages.clone());
        async move { routes::static_files::answer(&files, &pages, &state, request).await }
    };
    let docs_shell = Arc::new(routes::docs::DocsShell::new(
        &std::fs::read_to_string(dist.join("index.html")).unwrap_or_default(),
        base,
    ));
    // For the answers made at run time (the API's lists and documents, the calendar, the
    // sitemap); the built files, the pages and the plan are kept compressed, and are not
    // wrapped for nothing.
    let compress = tower_http::compression::CompressionLayer::new();
    // Reading the body and answering: past the limit, 408 and the connection is closed (a
    // client sending one byte of a 10,000-byte body held its connection for ever). Only on
    // the routes that read a body or ask the database themselves. The rest are answered
    // from memory or from the plan cache, whose one wait, its query, has the same limit
    // (`PlanCache::get`); a timer on each of their answers costs a plan GET a clock read
    // and a reference to the runtime for nothing.
    let timeout = tower_http::timeout::TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        state.request_timeout,
    );
    let api = Router::new()
        .route("/api/health", get(routes::health::health))
        .route("/api/health/ready", get(routes::health::ready))
        .route(
            "/api/initiatives",
            get(routes::initiatives::list)
                .post(routes::initiatives::submit)
                .layer(DefaultBodyLimit::max(routes::initiatives::MAX_BODY)),
        )
        .route(
            "/api/initiatives/track/{code}",
            get(routes::initiatives::track),
        )
        .route("/api/admin/initiatives", get(routes::admin::queue))
        .route(
            "/api/admin/initiatives/{id}/decision",
            post(routes::admin::decide).layer(DefaultBodyLimit::max(8 * 1024)),
        )
        .layer(timeout)
        .route(
            "/api/docs",
            get(routes::docs::docs).layer(axum::Extension(docs_shell)),
        )
        .route("/api/health/live", get(routes::health::live))
        .route("/api/openapi.json", get(routes::openapi::document))
        .route("/api/plans", get(routes::plans::list))
        .route("/api/calendar.ics", get(routes::calendar::calendar))
        .route("/api/qr", get(routes::share::qr))
        // Under /api, what is not there is answered in JSON, like the rest of the API.
        .route("/api", any(api_not_found))
        .route("/api/", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .layer(compress.clone())
        .route("/api/plans/{year}", get(routes::plans::one));
    let made = Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
        .layer(compress);
    // The API's paths are written out whole rather than nested under /api: a nested router
    // rewrites each request's address and is one more boxed service to clone per request.
    let mut router: Router<AppState> = api
        .merge(made)
        .route("/", get(serve_explorer))
        .route("/share/{file}", get(routes::share::plan_image))
        .route("/share/{year}/{file}", get(routes::share::activity_image))
        .route("/index.html", get(serve_page(Bundle::Plan)))
        .route("/forms.html", get(serve_page(Bundle::Forms)))
        .fallback(serve_rest);
    if state.metrics {
        router = router.layer(axum::middleware::from_fn(metrics::record));
    }
    router = router.layer(frame::FrameLayer(state.clone()));
    if !cors_origins.is_empty() {
        let origins: Vec<axum::http::HeaderValue> =
            cors_origins.iter().filter_map(|o| o.parse().ok()).collect();
        router = router.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
                .allow_headers([
                    axum::http::header::CONTENT_TYPE,
                    axum::http::HeaderName::from_static("idempotency-key"),
                ]),
        );
    }
    router.with_state(state)
}

async fn api_not_found() -> error::ApiError {
    error::ApiError::not_found()
}

/// Serves `router` under `base` (e.g. `/cds/`): the prefix is taken off before routing,
/// `/cds` is sent to `/cds/`, and anything outside the prefix is a 404.
pub fn under_base(router: Router, base: &str, policy: Arc<security::Policy>) -> Router {
    use axum::extract::Request;
    use axum::http::{StatusCode, Uri};
    use axum::response::{IntoResponse, Redirect};
    let prefix: Arc<str> = base.trim_end_matches('/').into();
    if prefix.is_empty() {
        return router;
    }
    let strip = move |mut req: Request, next: axum::middleware::Next| {
        let prefix = prefix.clone();
        let policy = policy.clone();
        async move {
            let path = req.uri().path();
            if path == &*prefix {
                let to = match req.uri().query() {
                    Some(q) => format!("{prefix}/?{q}"),
                    None => format!("{prefix}/"),
                };
                let mut r = Redirect::permanent(&to).into_response();
                policy.apply(&mut r);
                return r;
            }
            let inner = path
                .strip_prefix(&*prefix)
                .filter(|rest| rest.starts_with('/'))
                .map(|rest| match req.uri().query() {
                    Some(q) => format!("{rest}?{q}"),
                    None => rest.to_owned(),
                })
                .and_then(|p| p.parse::<Uri>().ok());
            match inner {
                Some(uri) => {
                    *req.uri_mut() = uri;
                    next.run(req).await
                }
                None => {
                    let mut r = (StatusCode::NOT_FOUND, "Not found").into_response();
                    policy.apply(&mut r);
                    r
                }
            }
        }
    };
    // A layer on a router of one fallback runs before the inner router matches its routes.
    Router::new()
        .fallback_service(router)
        .layer(axum::middleware::from_fn(strip))
}
