//! Prometheus metrics on an address of the operator's own (`METRICS_LISTEN`), never on the
//! public one: request counts and latencies by route and status, and what happened to
//! submissions. Off by default; the counters then cost nothing (no recorder is installed,
//! and the `metrics` macros do nothing).
//!
//! Routes are labelled by their pattern (`/api/plans/{year}`), and everything that is not
//! the API by its kind (`page`, `file`), so that no client can grow the label set by
//! inventing addresses.

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::time::{Duration, Instant};

/// The request latency histogram's buckets, in seconds: from a plan kept in memory
/// (well under a millisecond) to a durable write on a busy disk.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Installs the recorder for this process. Called once, at start, when metrics are on.
pub fn install() -> Result<PrometheusHandle, String> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("dxday_http_request_duration_seconds".into()),
            LATENCY_BUCKETS,
        )
        .map_err(|e| e.to_string())?
        .install_recorder()
        .map_err(|e| format!("cannot start the metrics: {e}"))?;
    describe();
    // The histograms keep a window of samples that upkeep folds in; without it they grow.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    Ok(handle)
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_histogram};
    describe_counter!(
        "dxday_http_requests_total",
        "Requests answered, by route, method and status."
    );
    describe_histogram!(
        "dxday_http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer a request (to the response head), by route, method and status."
    );
    describe_counter!(
        "dxday_submissions_total",
        "Submissions by outcome: stored, replayed (the same key again), rate_limited, invalid, spam, conflict, unavailable."
    );
    describe_counter!(
        "dxday_database_errors_total",
        "Database operations that failed, by operation."
    );
    describe_counter!(
        "dxday_plans_made_total",
        "Plans written and compressed for their answer, by year: once at start, then when a year's approved initiatives change."
    );
    describe_counter!(
        "dxday_connections_refused_total",
        "Connections refused at the cap because every open one was busy."
    );
}

/// The metrics address's own router: `GET /metrics`.
pub fn router(handle: PrometheusHandle) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    handle.render(),
                )
            }
        }),
    )
}

/// Counts and times every request (a layer on each route, so the matched pattern is known).
pub async fn record(request: Request, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(p) => p.as_str().to_owned(),
        None => kind_of(request.uri().path()).to_owned(),
    };
    let method = request.method().as_str().to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("dxday_http_requests_total", &labels).increment(1);
    metrics::histogram!("dxday_http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    response
}

/// A bounded label for an address no route pattern names.
fn kind_of(path: &str) -> &'static str {
    if path.starts_with("/api/") {
        "api_unknown"
    } else if path.rsplit('/').next().unwrap_or("").contains('.') {
        "file"
    } else {
        "page"
    }
}

/// What became of one submission.
pub fn submission(outcome: &'static str) {
    metrics::counter!("dxday_submissions_total", "outcome" => outcome).increment(1);
}

#[cfg(test)]
mod tests {
    use super::kind_of;

    #[test]
    fn unknown_addresses_fall_into_a_few_labels() {
        assert_eq!(kind_of("/dxday-0123456789abcdef_bg.wasm"), "file");
        assert_eq!(kind_of("/activities/anything-at-all"), "page");
        assert_eq!(kind_of("/nope"), "page");
        assert_eq!(kind_of("/api/whatever"), "api_unknown");
    }
}
