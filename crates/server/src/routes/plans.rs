//! `GET /api/plans` and `GET /api/plans/{year}`.

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[utoipa::path(get, path = "/api/plans", tag = "plans", operation_id = "list_plans", responses(
    (status = 200, description = "Plan years, newest first", body = crate::api_doc::PlanList)))]
/// The plan years, newest first, with their names.
pub async fn list(State(state): State<AppState>) -> Json<serde_json::Value> {
    let plans: Vec<_> = state
        .plans
        .all()
        .rev()
        .map(|p| json!({ "year": p.year, "name": p.name, "theme": p.theme }))
        .collect();
    Json(json!({ "plans": plans }))
}

#[utoipa::path(get, path = "/api/plans/{year}", tag = "plans",
    params(("year" = String, Path, description = "Plan year, e.g. 2022")),
    responses(
        (status = 200, description = "The plan, approved initiatives included", body = crate::api_doc::Plan),
        (status = 404, description = "No plan for that year", body = crate::api_doc::ErrorBody)))]
/// One plan, as kept by the plan cache (in the coding the client takes).
pub async fn one(
    State(state): State<AppState>,
    Path(year): Path<String>,
    // The whole request rather than a copy of its headers, which is all it reads.
    request: axum::extract::Request,
) -> Response {
    let Ok(year) = year.parse::<i32>() else {
        return ApiError::not_found().into_response();
    };
    match state.plan_cache.get(&state, year).await {
        Some(now) => now.json.respond(
            request.headers(),
            &HeaderValue::from_static("application/json"),
        ),
        None => ApiError::not_found().into_response(),
    }
}
