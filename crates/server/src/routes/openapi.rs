//! `GET /api/openapi.json`: the API described for machines (schemathesis, client
//! generators), written when asked for: its plan years and date window follow today.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;

/// The OpenAPI document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub async fn document(State(state): State<AppState>) -> impl IntoResponse {
    Json(crate::api_doc::document(
        &state.plans.years(),
        crate::routes::initiatives::today_in_vietnam(),
    ))
}
