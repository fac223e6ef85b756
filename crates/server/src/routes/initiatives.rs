//! Citizens' initiatives: submit (idempotent, durable before 201), track, and the public
//! list of approved ones.

use crate::AppState;
use crate::error::ApiError;
use crate::repo::{self, KeyState};
use crate::writer::Submission;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_core::initiative::PublicInitiative;
use dxday_core::validate::{InitiativeInput, validate};
use rand::RngCore;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::net::SocketAddr;

/// Largest body accepted, in bytes.
pub const MAX_BODY: usize = 16 * 1024;

/// Idempotency keys are kept at least this long.
pub const KEY_DAYS: i64 = 7;

/// Letters of tracking codes: Crockford's base 32, without I, L, O and U, so a code read
/// aloud or copied by hand is not mistaken.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A tracking code of 80 random bits, as four groups of four: `7KQ2-M9XD-…`.
pub fn tracking_code() -> String {
    let mut bytes = [0u8; 10];
    rand::rng().fill_bytes(&mut bytes);
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 75 - 5 * i;
        out.push(char::from(CODE_ALPHABET[((bits >> shift) & 31) as usize]));
    }
    out
}

/// An initiative's id: 32 hex digits, the first 12 the time of submission in milliseconds,
/// the other 20 random (80 bits), as in a UUIDv7. Ids made one after another sort together,
/// so each new row goes at the end of the id index: with random ids, every submission of a
/// batch wrote a leaf page of that index of its own to the WAL, and the writes per
/// submission grew with the table (measured in scripts/bench.sh: SQLite POST fell from
/// 7,100 to 5,800 req/s over three runs of 10 s). The id is not a secret: the tracking code
/// is, and stays wholly random.
fn new_id() -> String {
    id_at(chrono::Utc::now().timestamp_millis())
}

fn id_at(now_ms: i64) -> String {
    let mut random = [0u8; 10];
    rand::rng().fill_bytes(&mut random);
    // 48 bits of milliseconds last until the year 10889.
    let time = (now_ms.max(0) as u64) & 0xFFFF_FFFF_FFFF;
    let mut out = format!("{time:012x}");
    for b in random {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Today's calendar day in Vietnam.
pub fn today_in_vietnam() -> chrono::NaiveDate {
    dxday_core::dates::vietnam_today(chrono::Utc::now().timestamp_millis())
}

/// The answer kept for an idempotency key, sent again.
fn stored_response(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

fn created(body: String) -> Response {
    (
        StatusCode::CREATED,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[utoipa::path(post, path = "/api/initiatives", tag = "initiatives",
    params(("Idempotency-Key" = String, Header, min_length = 8, max_length = 128, pattern = "^[!-~]+$",
        description = "8 to 128 visible ASCII characters; the same key returns the first answer")),
    request_body(content = crate::api_doc::InitiativeInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored durably, pending moderation", body = crate::api_doc::Submitted),
        (status = 400, description = "No Idempotency-Key, or malformed JSON", body = crate::api_doc::ErrorBody),
        (status = 409, description = "The same key is still in flight", body = crate::api_doc::ErrorBody),
        (status = 413, description = "Body over 16 KiB", body = crate::api_doc::ErrorBody),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = crate::api_doc::ErrorBody),
        (status = 429, description = "Rate-limited; see Retry-After", body = crate::api_doc::ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Storage unavailable; nothing stored", body = crate::api_doc::ErrorBody)))]
/// `POST /api/initiatives`.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return ApiError::body_rejected(&rejection).into_response(),
    };
    if body.len() > MAX_BODY {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "body_over_16k")
            .into_response();
    }
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| (8..=128).contains(&k.len()) && k.bytes().all(|c| c.is_ascii_graphic()))
    else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_required",
            "idempotency_key_required",
        )
        .into_response();
    };
    // The client as the trusted proxy saw it (crate::client); the peer itself otherwise.
    let ip = state.proxies.client(peer.ip(), &headers).ip;
    let hash = format!("{:x}", Sha256::digest(&body));
    if let Err(wait) = state.limiter.check(&crate::client::bucket_key(ip)).await {
        // A retry of a submission already acknowledged (its reply was lost on the way) is
        // answered as before: the outbox must never be kept from learning its code.
        if let Ok(Some((status, stored))) = repo::stored_answer(&state.store, key, &hash).await {
            crate::metrics::submission("replayed");
            return stored_response(status, stored);
        }
        crate::metrics::submission("rate_limited");
        let mut r = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "rate_limited",
        )
        .into_response();
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return r;
    }
    let input: InitiativeInput = match parse_input(&body) {
        Some(i) => i,
        None => {
            return ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", "malformed_json")
                .into_response();
        }
    };
    // The years with a plan and the next campaign's (dxday_core::campaign, as in the form).
    let today = today_in_vietnam();
    let years = dxday_core::campaign::allowed_years(&state.plans.years(), today);
    let initiative = match validate(&input, today, &years) {
        Ok(i) => i,
        Err(fields) => {
            crate::metrics::submission("invalid");
            let mut e = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "invalid_fields",
            );
            e.fields = fields
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
                .collect();
            return e.into_response();
        }
    };
    // Bots fill the hidden field or submit faster than a person can type: they get an
    // answer that looks like success, and nothing is stored.
    let now_ms = chrono::Utc::now().timestamp_millis();
    let too_fast = input
        .form_started_ms
        .is_some_and(|t| now_ms.saturating_sub(t) < state.min_fill_ms);
    if !input.website.trim().is_empty() || too_fast {
        tracing::info!("a submission was taken for spam and not stored");
        crate::metrics::submission("spam");
        return created(
            json!({ "id": new_id(), "tracking_code": tracking_code(), "status": "pending" })
                .to_string(),
        );
    }
    let now = now_rfc3339();
    let id = new_id();
    let code = tracking_code();
    let public = PublicInitiative::from(&initiative);
    let contact = json!({ "email": initiative.contact_email, "phone": initiative.contact_phone, "consent_at": now });
    let response = json!({ "id": id, "tracking_code": code, "status": "pending" }).to_string();
    let submission = Submission {
        key: key.to_owned(),
        hash,
        id,
        tracking_code: code,
        plan_year: initiative.plan_year,
        public_json: serde_json::to_string(&public).unwrap_or_default(),
        contact_json: contact.to_string(),
        created_at: now,
        response: response.clone(),
    };
    let answer = response;
    // The writers store in tasks of their own: a client that hangs up mid-request (a phone
    // losing its signal) must not cut the claim-store-finish sequence short, which would
    // leave its key "in flight" and its retries answered 409 until the claim expires.
    let outcome = match (&state.writer, &state.pg_writer) {
        (Some(writer), _) => writer.submit(submission).await,
        (None, Some(writer)) => writer.submit(submission).await,
        (None, None) => {
            let store = state.store.clone();
            tokio::spawn(async move { crate::pg_writer::store_alone(&store, &submission).await })
                .await
                .unwrap_or(Err(sqlx::Error::WorkerCrashed))
        }
    };
    match outcome {
        Ok(KeyState::Claimed) => {
            crate::metrics::submission("stored");
            created(answer)
        }
        Ok(KeyState::Done { status, body }) => {
            crate::metrics::submission("replayed");
            stored_response(status, body)
        }
        Ok(KeyState::InFlight) => {
            crate::metrics::submission("conflict");
            ApiError::new(StatusCode::CONFLICT, "in_flight", "in_flight").into_response()
        }
        Ok(KeyState::Mismatch) => {
            crate::metrics::submission("key_reused");
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "idempotency_key_reused",
            )
            .into_response()
        }
        Err(e) => {
            crate::metrics::submission("unavailable");
            tracing::warn!(error = %e, "storage refused an initiative");
            ApiError::unavailable().into_response()
        }
    }
}

/// Reads the body. JSON has one kind of number, so `2022.0` is the integer 2022 (to JSON
/// Schema and to JavaScript alike); serde wants `2022`, so whole numbers written with a
/// fraction are accepted for the two integer fields on a second, slower try.
fn parse_input(body: &[u8]) -> Option<InitiativeInput> {
    if let Ok(input) = serde_json::from_slice(body) {
        return Some(input);
    }
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let fields = value.as_object_mut()?;
    for name in ["plan_year", "form_started_ms"] {
        if let Some(n) = fields.get(name).and_then(serde_json::Value::as_f64)
            && n.fract() == 0.0
            && n.abs() < 9.0e15
        {
            fields.insert(name.to_owned(), json!(n as i64));
        }
    }
    serde_json::from_value(value).ok()
}

#[utoipa::path(get, path = "/api/initiatives/track/{code}", tag = "initiatives",
    params(("code" = String, Path, description = "Tracking code, e.g. 7KQ2-M9XD-3FTA-0ZPH; any other text is 404")),
    responses(
        (status = 200, description = "Status", body = crate::api_doc::Tracked),
        (status = 404, description = "No such code", body = crate::api_doc::ErrorBody),
        (status = 503, description = "Storage unavailable", body = crate::api_doc::ErrorBody)))]
/// `GET /api/initiatives/track/{code}`.
pub async fn track(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let code = code.trim().to_ascii_uppercase();
    // Only something shaped like a code reaches the database: no NUL byte or megabyte of
    // text is ever sent to it from a URL.
    if code.len() > 32 || !code.bytes().all(|c| c == b'-' || c.is_ascii_alphanumeric()) {
        return ApiError::not_found().into_response();
    }
    match repo::track(&state.store, &code).await {
        Ok(Some((status, reason, created_at))) => {
            let reason = if status == "rejected" { reason } else { None };
            Json(json!({ "tracking_code": code, "status": status, "reason": reason, "received_at": created_at }))
                .into_response()
        }
        Ok(None) => ApiError::not_found().into_response(),
        Err(_) => ApiError::unavailable().into_response(),
    }
}

/// Paging of the public list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Plan year.
    pub year: Option<i32>,
    /// 1-based page.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<i64>,
    /// Items a page.
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/initiatives", tag = "initiatives", operation_id = "list_initiatives", params(ListQuery),
    responses(
        (status = 200, description = "A page of approved initiatives, public fields only", body = crate::api_doc::ApprovedPage),
        (status = 400, description = "A parameter is not a number", body = crate::api_doc::ErrorBody),
        (status = 422, description = "page or per_page out of range", body = crate::api_doc::ErrorBody),
        (status = 503, description = "Storage unavailable", body = crate::api_doc::ErrorBody)))]
/// `GET /api/initiatives`: approved initiatives, public fields only.
pub async fn list(
    State(state): State<AppState>,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(q)) = q else {
        return ApiError::query_rejected().into_response();
    };
    let per_page = q.per_page.unwrap_or(20);
    let page = q.page.unwrap_or(1);
    let mut wrong = std::collections::BTreeMap::new();
    if !(1..=100).contains(&per_page) {
        wrong.insert("per_page".to_owned(), vec!["out_of_range".to_owned()]);
    }
    if !(1..=100_000).contains(&page) {
        wrong.insert("page".to_owned(), vec!["out_of_range".to_owned()]);
    }
    if !wrong.is_empty() {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "page_out_of_range",
        );
        e.fields = wrong;
        return e.into_response();
    }
    match repo::approved(&state.store, q.year, per_page, (page - 1) * per_page).await {
        Ok(rows) => {
            let items: Vec<serde_json::Value> = rows
                .into_iter()
                .filter_map(|(id, public)| {
                    let p: PublicInitiative = serde_json::from_str(&public).ok()?;
                    Some(json!({ "id": id, "initiative": p }))
                })
                .collect();
            Json(json!({ "page": page, "per_page": per_page, "items": items })).into_response()
        }
        Err(_) => ApiError::unavailable().into_response(),
    }
}

/// All approved initiatives of a year, for the plans as answered (`crate::plan_cache`).
pub async fn approved_result(
    state: &AppState,
    year: i32,
) -> Result<Vec<(String, PublicInitiative)>, sqlx::Error> {
    Ok(repo::approved(&state.store, Some(year), 10_000, 0)
        .await?
        .into_iter()
        .filter_map(|(id, p)| Some((id, serde_json::from_str(&p).ok()?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_codes_are_readable_and_differ() {
        let a = tracking_code();
        let b = tracking_code();
        assert_eq!(a.len(), 19);
        assert_eq!(a.matches('-').count(), 3);
        assert!(a.bytes().all(|c| c == b'-' || CODE_ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn ids_are_32_hex_digits_that_sort_by_time_and_differ() {
        // The admin routes take exactly this shape (routes/admin.rs).
        let earlier = id_at(1_760_054_400_000);
        let later = id_at(1_760_054_400_001);
        for id in [&earlier, &later] {
            assert_eq!(id.len(), 32);
            assert!(
                id.bytes()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            );
        }
        assert!(earlier < later);
        assert!(earlier.starts_with("0199cb6ad400"));
        // The same millisecond: the random part still tells them apart.
        assert_ne!(id_at(1_760_054_400_000), id_at(1_760_054_400_000));
        assert_eq!(new_id().len(), 32);
    }
}
