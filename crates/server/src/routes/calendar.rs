//! `GET /api/calendar.ics?…`: the explorer's filters as a calendar to subscribe to.

use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dxday_core::{ExplorerQuery, Index};

#[utoipa::path(get, path = "/api/calendar.ics", tag = "plans",
    params(
        ("year" = Option<String>, Query, description = "Plan year; like every parameter here, a malformed value is ignored (as in a shared explorer link), never an error"),
        ("group" = Option<Vec<String>>, Query, description = "Organizer groups (repeatable)"),
        ("org" = Option<Vec<String>>, Query, description = "Organizations (repeatable; a parent includes its units)"),
        ("from" = Option<String>, Query, description = "YYYY-MM-DD, inclusive"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD, inclusive"),
        ("q" = Option<String>, Query, description = "Text, with or without diacritics"),
        ("lang" = Option<String>, Query, description = "vi or en")),
    responses(
        (status = 200, description = "iCalendar (RFC 5545)", content_type = "text/calendar", body = String),
        (status = 404, description = "No plan for that year", body = crate::api_doc::ErrorBody)))]
/// The filtered plan as iCalendar, in the language the query asks for.
pub async fn calendar(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let q = ExplorerQuery::parse(query.as_deref().unwrap_or(""));
    let Some(year) = q.year.or_else(|| state.plans.years().last().copied()) else {
        return crate::error::ApiError::not_found().into_response();
    };
    let Some(now) = state.plan_cache.get(&state, year).await else {
        return crate::error::ApiError::not_found().into_response();
    };
    let plan = &*now.plan;
    let filter = q.filter.known_to(plan);
    let results = Index::new(plan).search(plan, &filter);
    let base = state.public_url.trim_end_matches('/').to_owned();
    let text = dxday_core::ics::calendar(
        plan,
        results.matches.iter().map(|&i| &plan.activities[i]),
        q.lang.unwrap_or_default(),
        chrono::Utc::now().naive_utc(),
        &|id| format!("{base}/activities/{id}"),
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"ngay-chuyen-doi-so.ics\""),
            ),
        ],
        text,
    )
        .into_response()
}
