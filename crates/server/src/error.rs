//! Errors as the API contract writes them: `{"error": code, "message": text, "fields": {…}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// An error answer. The code is for programs; the message, and the words of each field's
/// codes, are in the caller's language (crate::i18n).
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// The explanation, in the caller's language.
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
    /// The words of each code of `fields`, in the same order.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    field_messages: BTreeMap<&'a str, Vec<&'static str>>,
}

impl ApiError {
    /// An error without field details; `message` names its words in the `api` section of
    /// the locales.
    pub fn new(status: StatusCode, code: &'static str, message: &'static str) -> ApiError {
        ApiError {
            status,
            code,
            message: crate::i18n::message(crate::i18n::current(), message).to_owned(),
            fields: BTreeMap::new(),
        }
    }

    /// 404.
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "not_found")
    }

    /// 413 or 400 for a body that could not be read: over the route's limit, or cut off.
    /// Axum's own rejection is plain text; the API answers every error in JSON.
    pub fn body_rejected(rejection: &axum::extract::rejection::BytesRejection) -> ApiError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "too_large")
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "malformed_body", "malformed_body")
        }
    }

    /// 400 for a query string whose values have the wrong type.
    pub fn query_rejected() -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_query",
            "malformed_query",
        )
    }

    /// 503: storage is down, nothing was stored. Every such answer is a database error,
    /// so this is where the metrics count them.
    pub fn unavailable() -> ApiError {
        metrics::counter!("dxday_database_errors_total", "operation" => "request").increment(1);
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "storage_unavailable",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let lang = crate::i18n::current();
        let field_messages = self
            .fields
            .iter()
            .map(|(field, codes)| {
                let words = codes
                    .iter()
                    .map(|code| crate::i18n::field_message(lang, field, code))
                    .collect();
                (field.as_str(), words)
            })
            .collect();
        let body = Body {
            error: self.code,
            message: &self.message,
            fields: &self.fields,
            field_messages,
        };
        (self.status, Json(body)).into_response()
    }
}
