//! The pages of the plan with a head written for their address (`dxday_core::head`), and
//! the two files crawlers ask for: `/sitemap.xml` and `/robots.txt`. Link previews in Zalo
//! and Facebook, and search engines, read these and never run the wasm.

use crate::AppState;
use crate::routes::static_files::AppPages;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_core::embed::escape_html;
use dxday_core::head::{Page, head};
use dxday_core::route::Route;
use dxday_core::{ExplorerQuery, Lang, Plan};
use std::sync::Arc;

/// The public URL as a base, ending in `/`.
pub fn public_base(public_url: &str) -> String {
    format!("{}/", public_url.trim_end_matches('/'))
}

/// The year a page shows: the one its address names, when there is a plan for it, else the
/// newest, which the app opens with.
fn year_of(state: &AppState, q: &ExplorerQuery) -> i32 {
    q.year
        .filter(|y| state.plans.get(*y).is_some())
        .or_else(|| state.plans.years().last().copied())
        .unwrap_or_default()
}

fn html(body: String, status: StatusCode) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// The explorer at `/` with `query`: the page kept from the start when the address has no
/// query (most visits); otherwise one written now, named from the view's filters.
pub async fn explorer(
    pages: &AppPages,
    state: &AppState,
    query: Option<&str>,
    request: &HeaderMap,
) -> Response {
    let query = query.unwrap_or("");
    if query.is_empty() {
        return pages.explorer(request);
    }
    let q = ExplorerQuery::parse(query);
    let Some(now) = state.plan_cache.get(state, year_of(state, &q)).await else {
        return pages.explorer(request);
    };
    let lang = q.lang.unwrap_or_default();
    let base = public_base(&state.public_url);
    let head = head(&now.plan, &Page::Explorer(&q, &now.index), lang, &base).html(&base);
    // The overview is written in where the app shows it as written: not in a widget,
    // in Vietnamese (the page's language before the app runs), for a year that has a plan
    // (for one that has none yet the app says so instead).
    let has_plan = q.year.is_none_or(|y| state.plans.get(y).is_some());
    let overview = (!q.embed && lang == Lang::Vi && has_plan).then_some(&*now.plan);
    match pages.plan_page(&head, overview, q.year, true) {
        Some(body) => html(body, StatusCode::OK),
        None => pages.explorer(request),
    }
}

/// The page of an address of the plan's part that is not `/` (`about`, an activity, an
/// unknown address), with its head; `None` for the forms' addresses.
pub async fn page(
    pages: &AppPages,
    state: &AppState,
    route: &Route,
    query: Option<&str>,
) -> Option<Response> {
    let q = ExplorerQuery::parse(query.unwrap_or(""));
    let lang = q.lang.unwrap_or_default();
    let base = public_base(&state.public_url);
    let (head, status) = match route {
        Route::About => {
            let now = state.plan_cache.get(state, year_of(state, &q)).await?;
            (
                head(&now.plan, &Page::About, lang, &base).html(&base),
                StatusCode::OK,
            )
        }
        Route::Activity(id) => match find_activity(state, id, q.year).await {
            Some(plan) => {
                let activity = plan.activity(id)?;
                let head = head(&plan, &Page::Activity(activity), lang, &base).html(&base);
                // Readable before (and without) the wasm: the activity is written into the
                // page as the app shows it, in Vietnamese, the page's language until then;
                // a widget's frame or an English address gets the plain page.
                if lang == Lang::Vi && !q.embed {
                    let page = pages.activity_page(&head, &plan, activity, q.year)?;
                    return Some(html(page, StatusCode::OK));
                }
                (head, StatusCode::OK)
            }
            None => (not_found_head(lang), StatusCode::NOT_FOUND),
        },
        Route::NotFound => (not_found_head(lang), StatusCode::NOT_FOUND),
        _ => return None,
    };
    Some(html(pages.plan_page(&head, None, q.year, false)?, status))
}

fn not_found_head(lang: Lang) -> String {
    let title = match lang {
        Lang::Vi => "Không tìm thấy trang",
        Lang::En => "Page not found",
    };
    format!(
        "<title>{title} – {}</title>\n<meta name=\"robots\" content=\"noindex\">\n",
        dxday_core::head::site_name(lang)
    )
}

/// The plan (with its approved initiatives) that has the activity `id`: the year asked for
/// first, then every year, newest first.
async fn find_activity(state: &AppState, id: &str, year: Option<i32>) -> Option<Arc<Plan>> {
    let mut years = state.plans.years();
    years.reverse();
    if let Some(y) = year {
        years.retain(|x| *x != y);
        years.insert(0, y);
    }
    for year in years {
        if let Some(now) = state.plan_cache.get(state, year).await
            && now.plan.activity(id).is_some()
        {
            return Some(now.plan.clone());
        }
    }
    None
}

/// `GET /sitemap.xml`: every year's plan, its about page and each of its activities, with
/// their English alternates and the date their plan file last changed.
pub async fn sitemap(state: &AppState) -> Response {
    let base = public_base(&state.public_url);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut add = |path: String, lastmod: Option<String>| {
        let separator = if path.contains('?') { '&' } else { '?' };
        let vi = format!("{base}{path}");
        let en = format!("{base}{path}{separator}lang=en");
        out.push_str(&format!("<url><loc>{}</loc>", escape_html(&vi)));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        for (lang, href) in [("vi", &vi), ("en", &en), ("x-default", &vi)] {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                escape_html(href)
            ));
        }
        out.push_str("</url>\n");
    };
    add(String::new(), None);
    for year in state.plans.years().into_iter().rev() {
        let Some(now) = state.plan_cache.get(state, year).await else {
            continue;
        };
        let lastmod = state.plans.modified(year).map(dxday_core::query::iso_date);
        add(format!("?year={year}"), lastmod.clone());
        add(format!("about?year={year}"), lastmod.clone());
        for activity in &now.plan.activities {
            add(
                format!(
                    "activities/{}?year={year}",
                    dxday_core::query::encode(&activity.id)
                ),
                lastmod.clone(),
            );
        }
    }
    out.push_str("</urlset>\n");
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=utf-8"),
        )],
        out,
    )
        .into_response()
}

/// `GET /robots.txt`: crawlers are welcome everywhere but moderation, and told where the
/// sitemap is.
pub fn robots(public_url: &str, base_path: &str) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: {base_path}admin\nDisallow: {base_path}api/admin\n\nSitemap: {}sitemap.xml\n",
        public_base(public_url)
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}
