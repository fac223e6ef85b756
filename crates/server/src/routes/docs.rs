//! `GET /api/docs`: the API reference for people, written from the OpenAPI document the
//! server serves (so it says the same, today's years and dates included), in Vietnamese or,
//! with `?lang=en`, English. Server-rendered with the app's own style sheets: no script, no
//! CDN, nothing downloaded, and it passes the same Content Security Policy as every page.

use crate::AppState;
use crate::i18n::text;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dxday_core::Lang;
use dxday_core::embed::escape_html as esc;
use dxday_core::messages::fill;
use dxday_core::rules::{self, Kind, RULES};
use serde::Deserialize;
use serde_json::Value;
use std::fmt::Write as _;
use std::sync::Arc;

/// What the page takes from the built app: its style sheets and the base it is served under.
#[derive(Clone, Debug)]
pub struct DocsShell {
    /// The `<link rel="stylesheet">` tags of the built `index.html`.
    styles: String,
    /// `/` or the sub-path, for `<base>`.
    base: String,
}

impl DocsShell {
    /// Takes the style sheets from the built page (their names carry content hashes), each
    /// enabled: the page links later.css, where the reference's own rules are, `disabled`
    /// until the app needs it (scripts/minify.mjs).
    pub fn new(index_html: &str, base: &str) -> DocsShell {
        let styles = index_html
            .match_indices("<link rel=\"stylesheet\"")
            .filter_map(|(at, _)| {
                let rest = &index_html[at..];
                rest.find('>')
                    .map(|end| rest[..=end].replace(" disabled", ""))
            })
            .collect::<Vec<_>>()
            .join("\n");
        DocsShell {
            styles,
            base: base.to_owned(),
        }
    }
}

/// `?lang=`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocsQuery {
    /// `en` for English; Vietnamese otherwise.
    pub lang: Option<String>,
}

/// A worked example of an operation: the request as curl sends it and the answer.
struct Example {
    operation: &'static str,
    request: &'static str,
    status: u16,
    answer: &'static str,
}

const SUBMISSION: &str = r#"curl -X POST http://127.0.0.1:8080/api/initiatives \
  -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: 5f0c7d2e-phu-tho-2025-001' \
  -d '{"title": "Chợ 4.0 cho bà con xã Tân Lập",
       "description": "Hướng dẫn bà con bán nông sản trên sàn thương mại điện tử.",
       "organizer_name": "Đoàn Thanh niên xã Tân Lập", "organizer_type": "doan-thanh-nien",
       "province": "phu-tho", "start_date": "2025-10-01", "end_date": "2025-10-10",
       "contact_email": "doan.tanlap@example.vn", "plan_year": 2025, "consent": true}'"#;

const EXAMPLES: &[Example] = &[
    Example {
        operation: "health",
        request: "curl http://127.0.0.1:8080/api/health",
        status: 200,
        answer: r#"{"status": "ok", "storage": {"kind": "sqlite", "ok": true}, "plans": [2022, 2023, 2024, 2025]}"#,
    },
    Example {
        operation: "live",
        request: "curl http://127.0.0.1:8080/api/health/live",
        status: 200,
        answer: r#"{"status": "live"}"#,
    },
    Example {
        operation: "ready",
        request: "curl http://127.0.0.1:8080/api/health/ready",
        status: 200,
        answer: r#"{"status": "ok", "storage": {"kind": "sqlite", "ok": true}, "plans": [2022, 2023, 2024, 2025]}"#,
    },
    Example {
        operation: "document",
        request: "curl http://127.0.0.1:8080/api/openapi.json",
        status: 200,
        answer: r#"{"openapi": "3.1.0", "info": {"title": "Ngày Chuyển đổi số quốc gia API", …}, "paths": {…}}"#,
    },
    Example {
        operation: "docs",
        request: "curl 'http://127.0.0.1:8080/api/docs?lang=en'",
        status: 200,
        answer: "<!DOCTYPE html>\n<html lang=\"en\">\n… <h1>API of National Digital Transformation Day</h1> …",
    },
    Example {
        operation: "list_plans",
        request: "curl http://127.0.0.1:8080/api/plans",
        status: 200,
        answer: r#"{"plans": [{"year": 2025, "name": {"vi": "…", "en": "…"}, "theme": {"vi": "…", "en": "…"}}, …]}"#,
    },
    Example {
        operation: "one",
        request: "curl http://127.0.0.1:8080/api/plans/2022",
        status: 200,
        answer: r#"{"schema_version": 1, "year": 2022, "name": {…}, "theme": {…}, "groups": […], "organizations": […], "activities": […]}"#,
    },
    Example {
        operation: "list_initiatives",
        request: "curl 'http://127.0.0.1:8080/api/initiatives?year=2025&page=1&per_page=20'",
        status: 200,
        answer: r#"{"page": 1, "per_page": 20, "items": [{"id": "3f9a…", "initiative": {"title": "Chợ 4.0 cho bà con xã Tân Lập", "province": "phu-tho", "plan_year": 2025, …}}]}"#,
    },
    Example {
        operation: "submit",
        request: SUBMISSION,
        status: 201,
        answer: r#"{"id": "3f9a0c1e2b4d5f60718293a4b5c6d7e8", "tracking_code": "7KQ2-M9XD-3FTA-0ZPH", "status": "pending"}"#,
    },
    Example {
        operation: "track",
        request: "curl http://127.0.0.1:8080/api/initiatives/track/7KQ2-M9XD-3FTA-0ZPH",
        status: 200,
        answer: r#"{"tracking_code": "7KQ2-M9XD-3FTA-0ZPH", "status": "pending", "reason": null, "received_at": "2026-12-01T03:04:05.000000Z"}"#,
    },
    Example {
        operation: "queue",
        request: "curl -H 'Authorization: Bearer A-LONG-RANDOM-TOKEN' 'http://127.0.0.1:8080/api/admin/initiatives?status=pending'",
        status: 200,
        answer: r#"{"status": "pending", "items": [{"id": "3f9a…", "status": "pending", "public": {…}, "contact": {"email": "doan.tanlap@example.vn", "phone": null, "consent_at": "…"}, "created_at": "…", "decision_reason": null}]}"#,
    },
    Example {
        operation: "decide",
        request: r#"curl -X POST -H 'Authorization: Bearer A-LONG-RANDOM-TOKEN' \
  -H 'Content-Type: application/json' -d '{"decision": "approve"}' \
  http://127.0.0.1:8080/api/admin/initiatives/3f9a0c1e2b4d5f60718293a4b5c6d7e8/decision"#,
        status: 200,
        answer: r#"{"id": "3f9a0c1e2b4d5f60718293a4b5c6d7e8", "status": "approved"}"#,
    },
    Example {
        operation: "qr",
        request: "curl -o ma-qr.png 'http://127.0.0.1:8080/api/qr?path=activities%2Fchung-thuc-chu-ky-so%3Fyear%3D2022&format=png'",
        status: 200,
        answer: "content-type: image/png\netag: \"…\"\n\n(PNG: http://127.0.0.1:8080/activities/chung-thuc-chu-ky-so?year=2022)",
    },
    Example {
        operation: "calendar",
        request: "curl 'http://127.0.0.1:8080/api/calendar.ics?year=2022&group=dia-phuong'",
        status: 200,
        answer: "BEGIN:VCALENDAR\nVERSION:2.0\n…\nEND:VCALENDAR",
    },
];

#[utoipa::path(get, path = "/api/docs", tag = "meta", params(DocsQuery),
    responses((status = 200, description = "This reference as a web page", content_type = "text/html", body = String)))]
/// `GET /api/docs`.
pub async fn docs(
    State(state): State<AppState>,
    Extension(shell): Extension<Arc<DocsShell>>,
    query: Result<Query<DocsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = match query.ok().and_then(|q| q.0.lang).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    };
    let today = crate::routes::initiatives::today_in_vietnam();
    let doc = crate::api_doc::document(&state.plans.years(), today);
    let html = render(&doc, lang, &shell);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        html,
    )
        .into_response()
}

fn t(lang: Lang, key: &str) -> &'static str {
    text(lang, "api_docs", key).unwrap_or("")
}

/// The locale key of a parameter's or a response's words: `param_submit_idempotency_key`.
fn words_key(kind: &str, operation: &str, name: &str) -> String {
    let name: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{kind}_{operation}_{}", name.trim_matches('_'))
}

/// A parameter's or response's words in `lang`; the document's own (English) when the
/// locales have none.
fn words<'a>(lang: Lang, kind: &str, operation: &str, name: &str, fallback: &'a str) -> &'a str {
    text(lang, "api_docs", &words_key(kind, operation, name)).unwrap_or(fallback)
}

/// The page, from the document.
fn render(doc: &Value, lang: Lang, shell: &DocsShell) -> String {
    let mut operations: Vec<(&str, &str, &Value)> = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, methods) in paths {
            if let Some(methods) = methods.as_object() {
                for (method, op) in methods {
                    operations.push((path, method, op));
                }
            }
        }
    }
    let mut out = String::with_capacity(64 * 1024);
    let other = if lang == Lang::Vi { "en" } else { "vi" };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <base href=\"{base}\">\n<title>{title}</title>\n{styles}\n</head>\n<body>\n\
         <a class=\"skip-link\" href=\"api/docs?lang={code}#main\">{skip}</a>\n\
         <header class=\"site-header\"><div class=\"site-header__inner\">\
         <p class=\"site-title\"><a href=\"./\">{site}</a></p></div></header>\n\
         <main id=\"main\" class=\"api-docs\">\n<h1>{title}</h1>\n<p>{intro}</p>\n\
         <p>{machine}<a href=\"api/openapi.json\"><code>/api/openapi.json</code></a> · \
         <a href=\"api/docs?lang={other}\" hreflang=\"{other}\" lang=\"{other}\">{other_lang}</a></p>\n\
         <p>{errors}</p>\n<nav aria-labelledby=\"contents\"><h2 id=\"contents\">{contents}</h2><ul>\n",
        code = lang.code(),
        base = esc(&shell.base),
        title = esc(t(lang, "title")),
        styles = shell.styles,
        intro = esc(t(lang, "intro")),
        machine = esc(t(lang, "machine")),
        other_lang = esc(t(lang, "other_lang")),
        errors = esc(t(lang, "errors")),
        contents = esc(t(lang, "contents")),
        skip = esc(text(lang, "site", "skip").unwrap_or_default()),
        site = esc(text(lang, "site", "title").unwrap_or_default()),
    );
    for (path, method, op) in &operations {
        let id = op["operationId"].as_str().unwrap_or_default();
        let _ = writeln!(
            out,
            "<li><a href=\"api/docs?lang={}#{}\"><code>{} {}</code></a></li>",
            lang.code(),
            esc(id),
            method.to_uppercase(),
            esc(path)
        );
    }
    out.push_str("</ul></nav>\n");
    for (path, method, op) in &operations {
        operation(&mut out, doc, lang, path, method, op);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn operation(out: &mut String, doc: &Value, lang: Lang, path: &str, method: &str, op: &Value) {
    let id = op["operationId"].as_str().unwrap_or_default();
    let _ = write!(
        out,
        "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\"><code>{} {}</code></h2>\n<p>{}</p>\n",
        method.to_uppercase(),
        esc(path),
        esc(t(lang, &format!("op_{id}"))),
        id = esc(id),
    );
    if op.get("security").is_some() {
        let _ = writeln!(out, "<p>{}</p>", esc(t(lang, "auth")));
    }
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul>", esc(t(lang, "parameters")));
        for p in params {
            let name = p["name"].as_str().unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><code>{}</code> ({}){}: {}</li>",
                esc(name),
                esc(p["in"].as_str().unwrap_or_default()),
                if p["required"].as_bool() == Some(true) {
                    format!(", {}", t(lang, "required"))
                } else {
                    String::new()
                },
                esc(words(
                    lang,
                    "param",
                    id,
                    name,
                    p["description"].as_str().unwrap_or_default()
                ))
            );
        }
        out.push_str("</ul>\n");
    }
    if id == "submit" {
        submission_fields(out, doc, lang);
    }
    if let Some(responses) = op["responses"].as_object() {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul>", esc(t(lang, "responses")));
        for (status, r) in responses {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}</li>",
                esc(status),
                esc(words(
                    lang,
                    "response",
                    id,
                    status,
                    r["description"].as_str().unwrap_or_default()
                ))
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(example) = EXAMPLES.iter().find(|e| e.operation == id) {
        let _ = write!(
            out,
            "<h3>{}</h3>\n<p>{}</p>\n<pre tabindex=\"0\"><code>{}</code></pre>\n<p>{} <code>{}</code></p>\n<pre tabindex=\"0\"><code>{}</code></pre>\n",
            esc(t(lang, "example")),
            esc(t(lang, "example_request")),
            esc(example.request),
            esc(t(lang, "example_answer")),
            example.status,
            esc(example.answer),
        );
    }
    out.push_str("</section>\n");
}

/// The table of a submission's fields, from the schema served (for its years and dates) and
/// the rule table, in the page's language.
fn submission_fields(out: &mut String, doc: &Value, lang: Lang) {
    let schema = &doc["components"]["schemas"]["InitiativeInput"]["properties"];
    let _ = write!(
        out,
        "<h3>{}</h3>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        esc(t(lang, "body")),
        esc(t(lang, "field")),
        esc(t(lang, "rules")),
        esc(t(lang, "codes")),
    );
    for r in RULES {
        let mut words = vec![t(lang, if r.required { "required" } else { "optional" }).to_owned()];
        match r.graphemes {
            Some((0, max)) => {
                words.push(fill(t(lang, "letters_max"), &[("max", &max.to_string())]));
            }
            Some((min, max)) => words.push(fill(
                t(lang, "letters"),
                &[("min", &min.to_string()), ("max", &max.to_string())],
            )),
            None => {}
        }
        if let Some(max) = r.max_chars {
            words.push(fill(t(lang, "chars_max"), &[("max", &max.to_string())]));
        }
        if let Some(format) = r.format {
            words.push(fill(t(lang, "format"), &[("format", format.name())]));
        }
        let field = &schema[r.field];
        if let Some(list) = field["enum"].as_array() {
            let names: Vec<String> = match r.kind {
                Kind::Choice(source) => rules::choices(source)
                    .into_iter()
                    .map(|(code, vi, en)| {
                        format!("{code} ({})", if lang == Lang::Vi { vi } else { en })
                    })
                    .collect(),
                _ => list.iter().map(Value::to_string).collect(),
            };
            words.push(fill(t(lang, "choices"), &[("list", &names.join(", "))]));
        }
        if r.kind == Kind::Date {
            words.push(fill(
                t(lang, "dates"),
                &[
                    ("from", field["x-earliest"].as_str().unwrap_or_default()),
                    ("to", field["x-latest"].as_str().unwrap_or_default()),
                ],
            ));
        }
        let codes: Vec<String> = r
            .codes
            .iter()
            .map(|code| {
                format!(
                    "<code>{code}</code> {}",
                    esc(crate::i18n::field_message(lang, r.field, code))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td></tr>",
            r.field,
            esc(&words.join("; ")),
            codes.join("<br>")
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_links_every_style_sheet_of_the_app_enabled() {
        let index = "<head>\n<link rel=\"stylesheet\" href=\"./style-1.css\" integrity=\"sha384-a\">\n\
            <link rel=\"stylesheet\" id=\"later-style\" disabled href=\"./later-2.css\" integrity=\"sha384-b\">\n\
            <link rel=\"manifest\" href=\"manifest.webmanifest\">\n</head>";
        let shell = DocsShell::new(index, "/");
        assert_eq!(
            shell.styles,
            "<link rel=\"stylesheet\" href=\"./style-1.css\" integrity=\"sha384-a\">\n\
             <link rel=\"stylesheet\" id=\"later-style\" href=\"./later-2.css\" integrity=\"sha384-b\">"
        );
    }

    #[test]
    fn the_worked_submission_is_one_the_server_accepts() {
        let json = SUBMISSION
            .split_once("-d '")
            .and_then(|(_, rest)| rest.rsplit_once('\''))
            .map(|(body, _)| body)
            .expect("a body");
        let input: dxday_core::validate::InitiativeInput =
            serde_json::from_str(json).expect("JSON");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a day");
        let years = dxday_core::campaign::allowed_years(&[2022, 2023, 2024, 2025], today);
        assert!(dxday_core::validate::validate(&input, today, &years).is_ok());
    }

    #[test]
    fn every_operation_has_a_worked_example() {
        let doc = crate::api_doc::document(&[2022], chrono::NaiveDate::MIN);
        for methods in doc["paths"].as_object().expect("paths").values() {
            for op in methods.as_object().expect("methods").values() {
                let id = op["operationId"].as_str().expect("an id");
                assert!(EXAMPLES.iter().any(|e| e.operation == id), "{id}");
                for lang in [Lang::Vi, Lang::En] {
                    assert!(!t(lang, &format!("op_{id}")).is_empty(), "{id} {lang:?}");
                    // The Vietnamese page is Vietnamese throughout: every parameter and
                    // response has its words in the locales.
                    for p in op["parameters"].as_array().into_iter().flatten() {
                        let key = words_key("param", id, p["name"].as_str().expect("a name"));
                        assert!(text(lang, "api_docs", &key).is_some(), "{key} {lang:?}");
                    }
                    for status in op["responses"].as_object().expect("responses").keys() {
                        let key = words_key("response", id, status);
                        assert!(text(lang, "api_docs", &key).is_some(), "{key} {lang:?}");
                    }
                }
            }
        }
    }
}
