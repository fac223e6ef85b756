//! `GET /api/health`: liveness and a storage check.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/api/health", tag = "meta", responses(
    (status = 200, description = "Healthy", body = crate::api_doc::Health),
    (status = 503, description = "Storage unavailable", body = crate::api_doc::Health)))]
/// 200 when the database answers, 503 when it does not; the body says which store.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let ok = state.store.is_healthy().await;
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if ok { "ok" } else { "degraded" },
            "storage": { "kind": state.store.kind(), "ok": ok },
            "plans": state.plans.years(),
        })),
    )
}
