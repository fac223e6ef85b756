//! Health answers for load balancers and supervisors: `GET /api/health/live` says the
//! process answers (restart it when it does not); `GET /api/health/ready` says it can
//! serve (send it traffic only when it is), which needs the database and the plans.
//! `GET /api/health` is the readiness answer with its details, as it always was.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/api/health", tag = "meta", responses(
    (status = 200, description = "Ready: the database answers and plans are loaded", body = crate::api_doc::Health),
    (status = 503, description = "Not ready: storage unavailable", body = crate::api_doc::Health)))]
/// 200 when the database answers, 503 when it does not; the body says which store.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let ok = state.store.is_healthy().await;
    let ready = ok && !state.plans.years().is_empty();
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if ready { "ok" } else { "degraded" },
            "storage": { "kind": state.store.kind(), "ok": ok },
            "plans": state.plans.years(),
        })),
    )
}

#[utoipa::path(get, path = "/api/health/ready", tag = "meta", responses(
    (status = 200, description = "Ready to serve", body = crate::api_doc::Health),
    (status = 503, description = "Not ready: storage unavailable", body = crate::api_doc::Health)))]
/// Readiness: the same answer as `/api/health`.
pub async fn ready(state: State<AppState>) -> (StatusCode, Json<Value>) {
    health(state).await
}

#[utoipa::path(get, path = "/api/health/live", tag = "meta", responses(
    (status = 200, description = "The process answers", body = crate::api_doc::Live)))]
/// Liveness: answers without asking the database, so that a database outage makes the
/// instance unready, not restarted.
pub async fn live() -> Json<Value> {
    Json(json!({ "status": "live" }))
}
