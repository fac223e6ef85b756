//! What a shared link carries beyond its page: the picture its preview shows
//! (`GET /share/{year}.png`, `GET /share/{year}/{id}.png`) and a QR code of an address of
//! the site (`GET /api/qr?path=…&format=svg|png`), for posters and slides at events.

use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_core::ExplorerQuery;
use dxday_core::share::{Card, card};

/// A picture whose address names its version never changes: kept for a year.
const FOR_EVER: &str = "public, max-age=31536000, immutable";
/// One asked for without its version (an old link, a hand-typed address): a day, then
/// asked again with its `ETag`.
const A_DAY: &str = "public, max-age=86400";

/// `GET /share/{year}.png`: the picture of a year's plan.
pub async fn plan_image(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    request: HeaderMap,
) -> Response {
    let Some(year) = file.strip_suffix(".png").and_then(|y| y.parse().ok()) else {
        return not_found();
    };
    image(&state, year, None, query.as_deref(), &request).await
}

/// `GET /share/{year}/{id}.png`: the picture of one activity of that year's plan, an
/// approved initiative included.
pub async fn activity_image(
    State(state): State<AppState>,
    Path((year, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    request: HeaderMap,
) -> Response {
    let (Ok(year), Some(id)) = (year.parse(), file.strip_suffix(".png")) else {
        return not_found();
    };
    image(&state, year, Some(id), query.as_deref(), &request).await
}

async fn image(
    state: &AppState,
    year: i32,
    id: Option<&str>,
    query: Option<&str>,
    request: &HeaderMap,
) -> Response {
    // Only what a plan has is drawn: any other address is a 404 and costs nothing.
    let Some(now) = state.plan_cache.get(state, year).await else {
        return not_found();
    };
    let activity = match id {
        Some(id) => match now.plan.activity(id) {
            Some(a) => Some(a),
            None => return not_found(),
        },
        None => None,
    };
    let lang = ExplorerQuery::parse(query.unwrap_or(""))
        .lang
        .unwrap_or_default();
    let card: Card = card(&now.plan, activity, lang);
    let version = card.version();
    let asked = query
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("v="));
    let cache = if asked == Some(version.as_str()) {
        FOR_EVER
    } else {
        A_DAY
    };
    let etag = format!("\"{version}\"");
    if is_fresh(request, &etag) {
        return with_validators(StatusCode::NOT_MODIFIED.into_response(), &etag, cache);
    }
    let Some(png) = state.share_images.get(card).await else {
        tracing::error!(year, "a share picture could not be drawn");
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response();
    };
    let response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static("image/png"))],
        png,
    )
        .into_response();
    with_validators(response, &etag, cache)
}

/// The forms of a QR code.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Svg,
    Png,
}

// The pattern is `dxday_core::share::own_address` in JSON Schema's words: printable ASCII
// but `"'<>\^`{|}`, no `//` at the start, no `:` before the query.
#[utoipa::path(get, path = "/api/qr", tag = "plans",
    params(
        ("path" = String, Query, max_length = 600,
            pattern = r"^(/?([!#$%&()*+,\-.0-9;=@A-Z\[\]_a-z~][!#$%&()*+,\-./0-9;=@A-Z\[\]_a-z~]*)?)(\?[!#$%&()*+,\-./0-9:;=?@A-Z\[\]_a-z~]*)?$",
            description = "An address of this site under its public URL, with its query, percent-encoded (e.g. `activities/chung-thuc-chu-ky-so?year=2022`); no other site's address"),
        ("format" = Option<String>, Query, pattern = "^(svg|png)$", description = "svg (the default) or png"),
        ("download" = Option<String>, Query, description = "1 to be sent as a file to save")),
    responses(
        (status = 200, description = "The QR code of the public URL followed by `path` (error correction M)", content(
            (String = "image/svg+xml"),
            (Vec<u8> = "image/png"))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Not an address of this site, or an unknown format", body = crate::api_doc::ErrorBody)))]
/// `GET /api/qr?path=…&format=svg|png`: the QR code of an address of this site (`path` is
/// the address under the public URL, with its query, percent-encoded); `download=1` asks the
/// browser to save it. Any other address is refused: the site prints no one else's links.
pub async fn qr(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    request: HeaderMap,
) -> Response {
    let mut path = None;
    let mut format = Format::Svg;
    let mut download = false;
    for pair in query.as_deref().unwrap_or("").split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = dxday_core::query::decode(value);
        match (key, value.as_str()) {
            ("path", _) => path = Some(value),
            ("format", "svg") => format = Format::Svg,
            ("format", "png") => format = Format::Png,
            ("format", _) => return bad_request("format"),
            ("download", "1") => download = true,
            _ => {}
        }
    }
    let base = crate::routes::heads::public_base(&state.public_url);
    let Some(url) = path
        .as_deref()
        .and_then(|p| dxday_core::share::own_address(&base, p))
    else {
        return bad_request("path");
    };
    let etag = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(format!("{url}\n{}", format == Format::Png));
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("\"{hex}\"")
    };
    if is_fresh(&request, &etag) {
        return with_validators(StatusCode::NOT_MODIFIED.into_response(), &etag, A_DAY);
    }
    let Some(svg) = qr_svg(&url) else {
        return bad_request("path");
    };
    let (body, content_type, ext) = match format {
        Format::Svg => (svg.into_bytes(), "image/svg+xml", "svg"),
        Format::Png => {
            let png = tokio::task::spawn_blocking(move || qr_png(&svg)).await;
            match png {
                Ok(Some(png)) => (png, "image/png", "png"),
                _ => {
                    tracing::error!("a QR code could not be drawn");
                    return (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response();
                }
            }
        }
    };
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    if download {
        let disposition = format!("attachment; filename=\"ma-qr.{ext}\"");
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, v);
        }
    }
    with_validators(response, &etag, A_DAY)
}

/// The QR code of `url` as SVG, 10 pixels a module with its quiet zone, black on white;
/// `None` when the address is too long for any QR code.
pub fn qr_svg(url: &str) -> Option<String> {
    use qrcode::render::svg;
    // Level M: a poster with a fold or a smudge still scans.
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .module_dimensions(10, 10)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

/// The SVG of a QR code drawn at its own size: modules of whole pixels, so every edge is sharp.
fn qr_png(svg: &str) -> Option<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).ok()?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

fn is_fresh(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

fn with_validators(mut response: Response, etag: &str, cache: &'static str) -> Response {
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

fn bad_request(field: &str) -> Response {
    let mut error = crate::error::ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_request",
        "Only an address of this site, as path=…, and format=svg or png.",
    );
    error
        .fields
        .insert(field.to_owned(), vec!["invalid".to_owned()]);
    error.into_response()
}
