//! Moderation: the queue with contact details, and decisions. Bearer admin token only.

use crate::AppState;
use crate::error::ApiError;
use crate::repo;
use axum::Json;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

fn unauthorized() -> Response {
    let mut r =
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "unauthorized").into_response();
    r.headers_mut().insert(
        axum::http::header::WWW_AUTHENTICATE,
        axum::http::HeaderValue::from_static("Bearer"),
    );
    r
}

/// `?status=`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// pending (default), approved or rejected.
    #[param(inline, value_type = Option<crate::api_doc::Status>)]
    pub status: Option<String>,
    /// Only the initiatives filed under this plan year (`plan_year`); all years when absent.
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/admin/initiatives", tag = "moderation", params(QueueQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Initiatives with that status, contact details included", body = crate::api_doc::Queue),
        (status = 400, description = "Malformed query", body = crate::api_doc::ErrorBody),
        (status = 401, description = "No or bad token", body = crate::api_doc::ErrorBody),
        (status = 422, description = "Unknown status", body = crate::api_doc::ErrorBody),
        (status = 503, description = "Storage unavailable", body = crate::api_doc::ErrorBody)))]
/// `GET /api/admin/initiatives?status=pending|approved|rejected&year=`.
pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<QueueQuery>, QueryRejection>,
) -> Response {
    if state.admins.authorize(&headers).is_none() {
        return unauthorized();
    }
    let Ok(Query(q)) = q else {
        return ApiError::query_rejected().into_response();
    };
    let status = q.status.unwrap_or_else(|| "pending".to_owned());
    if !matches!(status.as_str(), "pending" | "approved" | "rejected") {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "unknown_status",
        );
        e.fields
            .insert("status".into(), vec!["unknown_choice".into()]);
        return e.into_response();
    }
    match repo::by_status(&state.store, &status, q.year, 500).await {
        Ok(items) => Json(json!({ "status": status, "items": items })).into_response(),
        Err(_) => ApiError::unavailable().into_response(),
    }
}

/// The body of a decision.
#[derive(Deserialize)]
pub struct Decision {
    /// approve or reject.
    pub decision: String,
    /// Why; required when rejecting, shown to the submitter.
    #[serde(default)]
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/admin/initiatives/{id}/decision", tag = "moderation",
    params(("id" = String, Path, description = "Initiative id (32 hexadecimal digits); any other text is 404")),
    request_body(content = crate::api_doc::DecisionBody, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Recorded", body = crate::api_doc::Decided),
        (status = 400, description = "Malformed JSON", body = crate::api_doc::ErrorBody),
        (status = 401, description = "No or bad token", body = crate::api_doc::ErrorBody),
        (status = 404, description = "No such initiative", body = crate::api_doc::ErrorBody),
        (status = 413, description = "Body over 8 KiB", body = crate::api_doc::ErrorBody),
        (status = 422, description = "Invalid decision", body = crate::api_doc::ErrorBody),
        (status = 503, description = "Storage unavailable", body = crate::api_doc::ErrorBody)))]
/// `POST /api/admin/initiatives/{id}/decision`.
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let Some(label) = state.admins.authorize(&headers) else {
        return unauthorized();
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return ApiError::body_rejected(&rejection).into_response(),
    };
    let Ok(decision) = serde_json::from_slice::<Decision>(&body) else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "malformed_decision",
        )
        .into_response();
    };
    let status = match decision.decision.as_str() {
        "approve" => "approved",
        "reject" => "rejected",
        _ => {
            let mut e = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "unknown_decision",
            );
            e.fields
                .insert("decision".into(), vec!["unknown_choice".into()]);
            return e.into_response();
        }
    };
    let raw_reason = decision.reason.unwrap_or_default();
    let reason = raw_reason.trim();
    if status == "rejected" && reason.is_empty() {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "reason_required",
        );
        e.fields.insert("reason".into(), vec!["required".into()]);
        return e.into_response();
    }
    // The reason as sent, before trimming, is what the documented maxLength counts.
    let too_long = raw_reason.chars().count() > 1000;
    // Control characters (NUL above all, which PostgreSQL cannot store) are refused, as in
    // the submission form; line breaks are kept.
    let control = reason
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if too_long || control {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "reason_invalid",
        );
        let code = if too_long {
            dxday_core::validate::codes::TOO_LONG
        } else {
            dxday_core::validate::codes::CONTROL_CHARACTERS
        };
        e.fields.insert("reason".into(), vec![code.into()]);
        return e.into_response();
    }
    // Ids are 32 hexadecimal digits; nothing else can be one, or reach the database.
    if id.len() != 32 || !id.bytes().all(|c| c.is_ascii_hexdigit()) {
        return ApiError::not_found().into_response();
    }
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let record = repo::DecisionRecord {
        id: id.clone(),
        status: status.to_owned(),
        reason: reason.to_owned(),
        label: label.clone(),
        now,
    };
    let recorded = match &state.writer {
        Some(writer) => writer.decide(record).await,
        None => repo::decide(&state.store, &record).await,
    };
    match recorded {
        Ok(true) => {
            state.plan_cache.changed();
            tracing::info!(initiative = %id, moderator = %label, decision = status, "decision recorded");
            Json(json!({ "id": id, "status": status })).into_response()
        }
        Ok(false) => ApiError::not_found().into_response(),
        Err(_) => ApiError::unavailable().into_response(),
    }
}
