//! `GET /api/openapi.json`: the API described for machines (schemathesis, client generators).

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use utoipa::OpenApi;

/// The OpenAPI document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub async fn document() -> impl IntoResponse {
    let json = crate::api_doc::ApiDoc::openapi()
        .to_json()
        .unwrap_or_else(|_| "{}".to_owned());
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json,
    )
}
