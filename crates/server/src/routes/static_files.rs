//! The built app, read from the dist folder once at start and kept in memory with its
//! brotli and gzip forms (the `.br` and `.gz` files next to each), so that a request costs
//! no file system call. The app's routes are answered by its page: `index.html` for the
//! plan, `forms.html` for the forms (`dxday_core::route::Bundle`).
//!
//! Trunk builds the page with `<base href="./">` (Trunk.toml), so one build can be served at
//! `/` or under a sub-path such as `/cds/`. The server writes the real base into each page,
//! so the relative asset links, the router and the service worker all resolve under that
//! path, even on a deep link like `/cds/activities/x`.

use crate::encoding::Encoded;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_core::embed::escape_html;
use dxday_core::route::{Bundle, Route};
use dxday_core::{Lang, Plan};
use sha2::Digest;
use std::collections::HashMap;
use std::path::Path;

/// The app's two pages as served (`index.html` for the plan, `forms.html` for the forms;
/// see `dxday_core::route::Bundle`), each with its `<base href>` set to `base`. `None` when
/// the app was not built (the API still works).
#[derive(Clone)]
pub struct AppPages {
    plan: Option<Encoded>,
    forms: Option<Encoded>,
    /// The plan's page as built, with its base, for pages written per address.
    plan_template: Option<std::sync::Arc<str>>,
    /// The explorer at `/` as most visits get it: the head of `plan` and its overview
    /// written in, compressed once.
    explorer: Option<Encoded>,
    /// Where the app is served (`/` or `/cds/`), for the links written into a page.
    base: std::sync::Arc<str>,
}

impl AppPages {
    /// Reads both pages from `dist` and points their base at `base` (`/` or `/cds/`); the
    /// explorer's page also gets the head and the overview of `plan` (the one the app opens
    /// with), for the public address `public_url`.
    pub fn load(dist: &Path, base: &str, plan: Option<&Plan>, public_url: &str) -> AppPages {
        let read = |bundle: Bundle| {
            std::fs::read_to_string(dist.join(bundle.page()))
                .ok()
                .map(|h| set_base(&h, base))
        };
        let page = read(Bundle::Plan);
        let plan_template: Option<std::sync::Arc<str>> = page.as_deref().map(Into::into);
        let encode = |html: String| Encoded::compress(Bytes::from(html));
        let mut pages = AppPages {
            plan: page.map(encode),
            forms: read(Bundle::Forms).map(encode),
            plan_template,
            explorer: None,
            base: base.into(),
        };
        if let Some(plan) = plan {
            let public = crate::routes::heads::public_base(public_url);
            let q = dxday_core::ExplorerQuery::default();
            let head = dxday_core::head::head(
                plan,
                &dxday_core::head::Page::Explorer(&q, &dxday_core::Index::new(plan)),
                Lang::Vi,
                &public,
            )
            .html(&public);
            pages.explorer = pages.plan_page(&head, Some(plan), None, true).map(encode);
        }
        pages
    }

    /// The explorer's page for an address without a query.
    pub fn explorer(&self, request: &HeaderMap) -> Response {
        match &self.explorer {
            Some(page) => page.respond(request, &html()),
            None => self.response(Bundle::Plan, request),
        }
    }

    /// The plan's page with `head` in place of its own title and description, and the
    /// overview of `overview` written in; `None` when the app was not built.
    /// `year` is the address's `?year=`, which the shell's links keep; `on_plan` says
    /// whether the page is the plan's (`/`) rather than another of its part.
    pub fn plan_page(
        &self,
        head: &str,
        overview: Option<&Plan>,
        year: Option<i32>,
        on_plan: bool,
    ) -> Option<String> {
        let page = with_head(self.plan_template.as_deref()?, head);
        let page = match overview {
            Some(plan) => with_overview(&page, plan).unwrap_or(page),
            None => page,
        };
        Some(match year {
            Some(year) => with_plan_preload(&with_year_links(&page, year, on_plan), year),
            None => page,
        })
    }

    /// The plan's page with `head`, and `activity` of `plan` written in as the app shows it
    /// (in Vietnamese, the page's language before the app runs); `None` when the app was not
    /// built. `asked` is the address's `?year=`: the plan the app looks in first.
    pub fn activity_page(
        &self,
        head: &str,
        plan: &Plan,
        activity: &dxday_core::Activity,
        asked: Option<i32>,
    ) -> Option<String> {
        let page = with_head(self.plan_template.as_deref()?, head);
        let page = with_activity(&page, plan, activity, &self.base).unwrap_or(page);
        let page = with_year_links(&page, plan.year, false);
        Some(match asked {
            Some(year) => with_plan_preload(&page, year),
            None => page,
        })
    }

    /// The page of one part of the app, or a 404 when it was not built.
    pub fn response(&self, bundle: Bundle, request: &HeaderMap) -> Response {
        let page = match bundle {
            Bundle::Plan => &self.plan,
            Bundle::Forms => &self.forms,
        };
        match page {
            Some(page) => page.respond(request, &html()),
            None => (StatusCode::NOT_FOUND, "Not found").into_response(),
        }
    }
}

/// The page with its `<title>` and `<meta name="description">` taken out and `head` put
/// at the end of its `<head>`.
pub fn with_head(html: &str, head: &str) -> String {
    let mut page = html.to_owned();
    if let (Some(start), Some(end)) = (page.find("<title>"), page.find("</title>")) {
        page.replace_range(start..end + "</title>".len(), "");
    }
    if let Some(start) = page.find("<meta name=\"description\"")
        && let Some(len) = page[start..].find('>')
    {
        page.replace_range(start..=start + len, "");
    }
    match page.find("</head>") {
        Some(i) => {
            page.insert_str(i, head);
            page
        }
        None => page,
    }
}

/// The content type of the pages.
fn html() -> HeaderValue {
    HeaderValue::from_static("text/html; charset=utf-8")
}

/// The page with its `<!--plan-overview TEMPLATE -->` comment replaced by the template,
/// `{name}`, `{year}` and `{theme}` filled in from `plan` (in Vietnamese, the page's
/// language). `None` when the page has no such comment.
pub fn with_overview(html: &str, plan: &Plan) -> Option<String> {
    const OPEN: &str = "<!--plan-overview ";
    let start = html.find(OPEN)?;
    let len = html[start..].find("-->")?;
    let template = html[start + OPEN.len()..start + len].trim();
    let overview = template
        .replace("{year}", &plan.year.to_string())
        .replace("{name}", &escape_html(plan.name.get(Lang::Vi)))
        .replace("{theme}", &escape_html(plan.theme.get(Lang::Vi)));
    Some(format!(
        "{}{overview}{}",
        &html[..start],
        &html[start + len + "-->".len()..]
    ))
}

/// The app's words for an activity's page, in Vietnamese, the page's language before the
/// app runs (`section.key` of the locale files, through the server's language layer).
fn vi(path: &str) -> &'static str {
    path.split_once('.')
        .and_then(|(section, key)| crate::i18n::text(Lang::Vi, section, key))
        .unwrap_or_default()
}

fn word(path: &str) -> String {
    escape_html(vi(path))
}

/// The page with `activity` written where the app shows it (in place of the shell's
/// `<!--plan-overview …-->` and its loading line), in the markup of `pages/activity.rs`,
/// so that the app takes over without a shift. `None` when the page has no such place.
pub fn with_activity(
    html: &str,
    plan: &Plan,
    activity: &dxday_core::Activity,
    base: &str,
) -> Option<String> {
    use dxday_core::page;
    const OPEN: &str = "<!--plan-overview ";
    let lang = Lang::Vi;
    let start = html.find(OPEN)?;
    let mut end = start + html[start..].find("-->")? + "-->".len();
    // The loading line goes too: the activity is there.
    let rest = &html[end..];
    let status = "<p class=\"status\" role=\"status\">";
    if let Some(at) = rest.find(status)
        && rest[..at].trim().is_empty()
        && let Some(len) = rest[at..].find("</p>")
    {
        end += at + len + "</p>".len();
    }
    let e = escape_html;
    let row = |label: &str, value: &str| {
        if value.is_empty() {
            String::new()
        } else {
            format!("<dt>{}</dt><dd>{}</dd>", word(label), e(value))
        }
    };
    let lead: Vec<String> = activity.lead.iter().cloned().collect();
    let article = format!(
        "<article class=\"activity\"><p><a href=\"{back}\">{back_label}</a></p><h1>{title}</h1><p class=\"activity__summary\">{summary}</p><dl class=\"facts\"><dt>{when_label}</dt><dd>{when}</dd><dt>{group_label}</dt><dd>{group}</dd>{lead}{partners}<dt>{source_label}</dt><dd>{source}</dd></dl></article>",
        back = e(&format!(
            "{}/?year={}",
            base.trim_end_matches('/'),
            plan.year
        )),
        back_label = word("activity.back"),
        title = e(activity.title.get(lang)),
        summary = e(activity.summary.get(lang)),
        when_label = word("activity.when"),
        when = e(&page::windows_text(
            activity,
            lang,
            vi("results.no_date"),
            vi("results.or"),
        )),
        group_label = word("activity.group"),
        group = e(&page::group_heading(plan, activity, lang)),
        lead = row("results.lead", &page::org_names(plan, &lead, lang)),
        partners = row(
            "results.partners",
            &page::org_names(plan, &activity.partners, lang)
        ),
        source_label = word("activity.source"),
        source = e(&page::source_text(
            plan,
            activity,
            lang,
            vi("activity.community"),
        )),
    );
    Some(format!("{}{article}{}", &html[..start], &html[end..]))
}

/// The shell's links to the plan and to the about page, made to stay in `year` as the app's
/// do (components/header.rs): a person who follows one before the app has started stays in
/// the year of the page (an activity's, or the `?year=` of `/` and `/about`). The plan's
/// link stays marked as the page shown only on the plan's page (`on_plan`).
pub fn with_year_links(html: &str, year: i32, on_plan: bool) -> String {
    let current = if on_plan {
        " aria-current=\"page\""
    } else {
        ""
    };
    html.replacen(
        "<a href=\"./\" aria-current=\"page\">",
        &format!("<a href=\"./?year={year}\"{current}>"),
        1,
    )
    .replacen(
        "<a href=\"about\">",
        &format!("<a href=\"about?year={year}\">"),
        1,
    )
}

/// The page's preload of the plan (index.html, written for the newest year at build) made
/// to name `year`, the plan the app fetches first for an address with `?year=`: fetched
/// while the wasm downloads, not after it starts (at 10,000 activities that moved the plan's
/// request 230 ms earlier). A preload the app does not take would be fetched for nothing.
pub fn with_plan_preload(html: &str, year: i32) -> String {
    with_value_after(
        html,
        "<link rel=\"preload\" href=\"api/plans/",
        &year.to_string(),
    )
}

/// `html` with what follows the first `open` up to the next `"` replaced by `value`; as it
/// is when it has no `open`.
fn with_value_after(html: &str, open: &str, value: &str) -> String {
    if let Some(start) = html.find(open) {
        let from = start + open.len();
        if let Some(len) = html[from..].find('"') {
            return format!("{}{value}{}", &html[..from], &html[from + len..]);
        }
    }
    html.to_owned()
}

/// Replaces the value of the first `<base href="…">` by `base`.
pub fn set_base(html: &str, base: &str) -> String {
    // The base comes from the operator's PUBLIC_URL; keep it from closing the attribute.
    with_value_after(html, "<base href=\"", &base.replace(['"', '<', '>'], ""))
}

/// One built file.
struct StaticFile {
    body: Encoded,
    content_type: HeaderValue,
    /// The opaque part of its ETag (`"0123…"`), which is weak (`W/`): the same validator
    /// for each coding of the file.
    tag: String,
    etag: HeaderValue,
}

/// Every file of the dist folder, by its address (`/icons/icon.svg`).
#[derive(Default)]
pub struct StaticFiles {
    files: HashMap<String, StaticFile>,
}

impl StaticFiles {
    /// Reads every file under `dist`, each with its `.br` and `.gz` forms when they are
    /// there. A folder that cannot be read gives no files (the API still works).
    pub fn load(dist: &Path) -> StaticFiles {
        let mut files = StaticFiles::default();
        files.read_dir(dist, "");
        files
    }

    fn read_dir(&mut self, dir: &Path, prefix: &str) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let address = format!("{prefix}/{name}");
            if path.is_dir() {
                self.read_dir(&path, &address);
                continue;
            }
            // The compressed forms are kept with the file they compress.
            if name.ends_with(".br") || name.ends_with(".gz") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let sibling = |ext: &str| {
                std::fs::read(dir.join(format!("{name}.{ext}")))
                    .ok()
                    .map(Bytes::from)
            };
            let content_type = mime_guess::from_path(&path)
                .first_raw()
                .unwrap_or("application/octet-stream");
            let digest = sha2::Sha256::digest(&bytes);
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            let tag = format!("\"{hex}\"");
            let file = StaticFile {
                etag: HeaderValue::from_str(&format!("W/{tag}"))
                    .expect("hex digits make a header value"),
                tag,
                content_type: HeaderValue::from_static(content_type),
                body: Encoded::from_parts(Bytes::from(bytes), sibling("br"), sibling("gz")),
            };
            self.files.insert(address, file);
        }
    }

    /// The answer when `request` names a built file.
    fn answer(&self, request: &Request) -> Option<Response> {
        let file = self.files.get(request.uri().path())?;
        let fresh = request
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            // If-None-Match compares weakly: `W/` is not part of the tag.
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == "*" || tag == file.tag);
        let mut response = if fresh {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            r.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            r
        } else {
            file.body.respond(request.headers(), &file.content_type)
        };
        response
            .headers_mut()
            .insert(header::ETAG, file.etag.clone());
        Some(response)
    }
}

/// What is not the API: a built file, else the page of the app's route. An address that is
/// no page of the app, or an activity no plan has, gets the page too (so the app shows its
/// own not-found page, with its links), but with the status 404, for search engines, link
/// checkers and people's tools alike.
pub async fn answer(
    files: &StaticFiles,
    pages: &AppPages,
    state: &crate::AppState,
    request: Request,
) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if let Some(response) = files.answer(&request) {
        return response;
    }
    // A missing asset is a 404; only extension-less paths are the app's own routes.
    let path = request.uri().path();
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    let route = Route::parse(path);
    let query = request.uri().query().map(str::to_owned);
    // The request's body is not Sync: only its headers are kept across the wait.
    let (parts, _) = request.into_parts();
    // The plan's pages get a head of their own; an address that is no page of the app, or
    // an activity no plan has, gets the page too (so the app shows its own not-found page,
    // with its links), with the status 404, for search engines and link checkers.
    if route.bundle() == Bundle::Plan
        && let Some(response) =
            crate::routes::heads::page(pages, state, &route, query.as_deref()).await
    {
        return response;
    }
    pages.response(route.bundle(), &parts.headers)
}

/// True for Trunk's content-hashed file names (`name-0123456789abcdef.wasm`), which never change.
pub(crate) fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    // wasm-bindgen names the module `name-HASH_bg.wasm`.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    // Trunk writes a 64-bit hash in hex without leading zeros: usually 16 digits, fewer in
    // one build out of sixteen (`dxday-forms-e4a792795baabc3_bg.wasm` was one).
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|c| c.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::{Lang, is_hashed, set_base, with_overview};

    #[test]
    fn the_page_base_is_where_the_app_is_served() {
        let html = r#"<head><base href="./"><link rel="stylesheet" href="./a.css"></head>"#;
        assert_eq!(
            set_base(html, "/cds/"),
            r#"<head><base href="/cds/"><link rel="stylesheet" href="./a.css"></head>"#
        );
        assert_eq!(set_base(html, "/\"><script>/"), set_base(html, "/script/"));
        assert_eq!(set_base("<p>no base</p>", "/x/"), "<p>no base</p>");
    }

    #[test]
    fn the_overview_is_written_into_the_page_with_its_text_escaped() {
        let mut plan = dxday_core::testing::sample_plan();
        plan.name = dxday_core::Text {
            vi: "Kế hoạch <năm> & \"mới\"".into(),
            en: "Plan".into(),
        };
        let page = "<main><!--plan-overview <h1>{name}</h1><p>{year}: <q>{theme}</q></p> --><p>…</p></main>";
        let html = with_overview(page, &plan).unwrap();
        assert_eq!(
            html,
            format!(
                "<main><h1>Kế hoạch &lt;năm&gt; &amp; &quot;mới&quot;</h1><p>{}: <q>{}</q></p><p>…</p></main>",
                plan.year,
                plan.theme.get(Lang::Vi)
            )
        );
        assert_eq!(with_overview("<main></main>", &plan), None);
    }

    #[test]
    fn an_activity_is_written_into_the_page_in_place_of_the_loading_line() {
        let mut plan = dxday_core::testing::sample_plan();
        plan.activities[0].title.vi = "Chữ ký số <cho> mọi người".into();
        let activity = plan.activities[0].clone();
        let page = "<main><!--plan-overview <h1>{name}</h1> -->\n<p class=\"status\" role=\"status\">Đang tải kế hoạch…</p>\n</main>";
        let html = super::with_activity(page, &plan, &activity, "/cds/").unwrap();
        assert!(
            html.starts_with("<main><article class=\"activity\"><p><a href=\"/cds/?year="),
            "{html}"
        );
        assert!(
            html.contains("<h1>Chữ ký số &lt;cho&gt; mọi người</h1>"),
            "{html}"
        );
        assert!(html.contains("<dt>Thời gian</dt><dd>"), "{html}");
        assert!(html.contains("<dt>Căn cứ</dt><dd>"), "{html}");
        assert!(!html.contains("Đang tải"), "{html}");
        assert!(html.ends_with("</article>\n</main>"), "{html}");
        // The shell's own links stay in the activity's year, as the app's do.
        let shell = format!(
            "<nav><a href=\"./\" aria-current=\"page\">Kế hoạch</a><a href=\"about\">Giới thiệu</a></nav>{page}"
        );
        let html = super::with_year_links(
            &super::with_activity(&shell, &plan, &activity, "/").unwrap(),
            plan.year,
            false,
        );
        let year = plan.year;
        // On the plan's own page its link keeps the mark of the page shown.
        assert!(
            super::with_year_links(&shell, year, true).contains(&format!(
                "<a href=\"./?year={year}\" aria-current=\"page\">"
            ))
        );
        assert!(
            html.starts_with(&format!("<nav><a href=\"./?year={year}\">Kế hoạch</a><a href=\"about?year={year}\">Giới thiệu</a></nav>")),
            "{html}"
        );
    }

    #[test]
    fn the_plan_preloaded_is_the_year_asked_for() {
        let head =
            "<head><link rel=\"preload\" href=\"api/plans/2025\" as=\"fetch\" crossorigin></head>";
        assert_eq!(
            super::with_plan_preload(head, 2022),
            "<head><link rel=\"preload\" href=\"api/plans/2022\" as=\"fetch\" crossorigin></head>"
        );
        // A page without the preload (a build without plans) is left as it is.
        assert_eq!(
            super::with_plan_preload("<head></head>", 2022),
            "<head></head>"
        );
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("/dxday-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed("/dxday-3f2a9c0d1e4b5a6f.js"));
        assert!(is_hashed("/tokens-0011223344556677.css"));
        assert!(is_hashed("/dxday-forms-e4a792795baabc3_bg.wasm"));
        assert!(!is_hashed("/embed.js"));
        assert!(!is_hashed("/icons/icon-192.png"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/data/plans/2022.json"));
    }
}
