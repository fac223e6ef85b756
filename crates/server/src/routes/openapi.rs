//! `GET /api/openapi.json`: the API described for machines (schemathesis, client generators).
//!
//! Written by hand as JSON rather than generated, to keep the core crate free of server
//! dependencies; a black-box test checks that every routed path is in it and no other.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;

const DOCUMENT: &str = include_str!("openapi.json");

/// The OpenAPI 3.0 document.
pub async fn document() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        DOCUMENT,
    )
}
