//! Errors as the API contract writes them: `{"error": code, "message": text, "fields": {…}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// An error answer. The message is for developers reading the API; people see texts the
/// app chooses from the code, in their language.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// Plain English explanation.
    pub message: String,
    /// Field codes, for 422.
    pub fields: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: &'a BTreeMap<String, Vec<String>>,
}

impl ApiError {
    /// An error without field details.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    /// 404.
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such resource.")
    }

    /// 413 or 400 for a body that could not be read: over the route's limit, or cut off.
    /// Axum's own rejection is plain text; the API answers every error in JSON.
    pub fn body_rejected(rejection: &axum::extract::rejection::BytesRejection) -> ApiError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "The body is larger than this route accepts.",
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_body",
                "The body could not be read.",
            )
        }
    }

    /// 400 for a query string whose values have the wrong type.
    pub fn query_rejected() -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_query",
            "A query parameter has the wrong type.",
        )
    }

    /// 503: storage is down, nothing was stored. Every such answer is a database error,
    /// so this is where the metrics count them.
    pub fn unavailable() -> ApiError {
        metrics::counter!("dxday_database_errors_total", "operation" => "request").increment(1);
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "Storage is unavailable; nothing was stored. Please try again later.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: self.code,
            message: &self.message,
            fields: &self.fields,
        };
        (self.status, Json(body)).into_response()
    }
}
