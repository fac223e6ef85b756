//! What a province portal's developer reads and gets: the OpenAPI document states the rules
//! the server checks with, `/api/docs` reads as a reference in both languages, errors come in
//! the caller's language, and the README's own `curl` submission works as written.

mod common;

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.expect("the server answers")
}

fn vietnam_today() -> NaiveDate {
    dxday_core::dates::vietnam_today(chrono::Utc::now().timestamp_millis())
}

#[tokio::test]
async fn the_document_states_the_rules_the_server_validates_with() {
    let server = common::start();
    let doc = common::get_json(
        &reqwest::Client::new(),
        &format!("{}/api/openapi.json", server.url),
    )
    .await;
    let served = &doc["components"]["schemas"]["InitiativeInput"];
    // The table of dxday-core, for the plans the server has and today (or a neighbouring
    // day, should the request have crossed midnight in Vietnam).
    let years: Vec<i32> = std::fs::read_dir(common::plans_dir())
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".json")?
                .parse()
                .ok()
        })
        .collect();
    let today = vietnam_today();
    let matches = [today - Days::new(1), today, today + Days::new(1)]
        .iter()
        .any(|day| {
            let allowed = dxday_core::campaign::allowed_years(&years, *day);
            *served == dxday_core::rules::initiative_schema(&allowed, *day)
        });
    assert!(
        matches,
        "the served schema is not the rule table's: {served:#}"
    );
    let required = served["required"].as_array().unwrap();
    for field in [
        "title",
        "organizer_type",
        "province",
        "plan_year",
        "consent",
    ] {
        assert!(required.contains(&json!(field)), "{field}");
    }
    // The links the stateful fuzzing follows: a submission to its tracking and moderation.
    let links = &doc["paths"]["/api/initiatives"]["post"]["responses"]["201"]["links"];
    assert_eq!(links["TrackIt"]["operationId"], "track");
    assert_eq!(
        links["DecideOnIt"]["parameters"]["id"],
        "$response.body#/id"
    );
}

#[tokio::test]
async fn the_reference_page_reads_in_vietnamese_and_english_with_every_operation() {
    let server = common::start();
    let doc = common::get_json(
        &reqwest::Client::new(),
        &format!("{}/api/openapi.json", server.url),
    )
    .await;
    let mut operations = Vec::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap().to_owned();
            operations.push((method.to_uppercase(), path.clone(), id));
        }
    }
    assert!(operations.len() >= 12, "{operations:?}");
    for (query, lang, title, example) in [
        (
            "",
            "vi",
            "Tài liệu API Ngày Chuyển đổi số quốc gia",
            "Ví dụ",
        ),
        (
            "?lang=en",
            "en",
            "API of National Digital Transformation Day",
            "Example",
        ),
    ] {
        let answer = get(&format!("{}/api/docs{query}", server.url)).await;
        assert_eq!(answer.status(), 200);
        let csp = answer.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(
            answer.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = answer.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{lang}");
        // Nothing from elsewhere, and nothing the policy would block.
        assert!(
            !html.contains("<script") && !html.contains("style="),
            "{lang}"
        );
        assert!(
            !html.contains("href=\"http") && !html.contains("href=\"//") && !html.contains("src="),
            "{lang}"
        );
        for (method, path, id) in &operations {
            let heading = format!("<h2 id=\"{id}\"><code>{method} {path}</code></h2>");
            assert!(
                html.contains(&heading),
                "{lang}: no section for {method} {path}"
            );
        }
        assert_eq!(
            html.matches(&format!("<h3>{example}</h3>")).count(),
            operations.len(),
            "{lang}: a worked example per operation"
        );
        // The submission's fields with today's plan years and the words of their codes.
        let years =
            doc["components"]["schemas"]["InitiativeInput"]["properties"]["plan_year"]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", ");
        assert!(html.contains(&years), "{lang}: {years}");
    }
    let vi = get(&format!("{}/api/docs", server.url))
        .await
        .text()
        .await
        .unwrap();
    assert!(vi.contains("<code>too_short</code> Nội dung quá ngắn."));
    assert!(vi.contains("ho-chi-minh (Thành phố Hồ Chí Minh)"));
    assert!(vi.contains("<code>201</code>: Đã lưu an toàn, đang chờ kiểm duyệt"));
    let en = get(&format!("{}/api/docs?lang=en", server.url))
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("<code>too_short</code> This is too short."));
    assert!(en.contains("ho-chi-minh (Ho Chi Minh City)"));
    assert!(en.contains("<code>201</code>: Stored durably, pending moderation"));
}

async fn refused_in(server: &common::Server, accept_language: Option<&str>) -> Value {
    let mut request = reqwest::Client::new()
        .post(format!("{}/api/initiatives", server.url))
        .header("Idempotency-Key", "language-test-0001")
        .json(&json!({"title": "Ngắn", "province": "binh-duong"}));
    if let Some(lang) = accept_language {
        request = request.header("Accept-Language", lang);
    }
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status(), 422);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn errors_come_in_the_callers_language_with_the_same_codes() {
    let server = common::start();
    let default = refused_in(&server, None).await;
    let vi = refused_in(&server, Some("vi-VN,vi;q=0.9")).await;
    let en = refused_in(&server, Some("en-GB,en;q=0.9")).await;
    assert_eq!(
        default["message"],
        "Một số mục chưa hợp lệ; chi tiết từng mục xem trong fields."
    );
    assert_eq!(vi["message"], default["message"]);
    assert_eq!(
        en["message"],
        "Some fields are not valid; see fields for each one."
    );
    for answer in [&default, &vi, &en] {
        assert_eq!(answer["error"], "invalid");
        assert_eq!(answer["fields"], default["fields"]);
        assert_eq!(answer["fields"]["title"], json!(["too_short"]));
        assert_eq!(answer["fields"]["province"], json!(["unknown_choice"]));
    }
    assert_eq!(
        default["field_messages"]["title"],
        json!(["Nội dung quá ngắn."])
    );
    assert_eq!(en["field_messages"]["title"], json!(["This is too short."]));
    assert_eq!(
        en["field_messages"]["province"],
        json!(["Please choose an item from the list."])
    );
    // One message beside each code, for every field.
    for (field, codes) in en["fields"].as_object().unwrap() {
        assert_eq!(
            en["field_messages"][field].as_array().map(Vec::len),
            codes.as_array().map(Vec::len),
            "{field}"
        );
    }
    // Errors without fields too.
    let missing = reqwest::get(format!("{}/api/initiatives/track/NOPE", server.url)).await;
    let missing: Value = missing.unwrap().json().await.unwrap();
    assert_eq!(missing["message"], "Không tìm thấy nội dung yêu cầu.");
    let missing: Value = reqwest::Client::new()
        .get(format!("{}/api/initiatives/track/NOPE", server.url))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(missing["error"], "not_found");
    assert_eq!(missing["message"], "No such resource.");
}

/// The README's `curl` submission, exactly as written but for the server's address.
fn readme_submission() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let api = &readme[readme.find("\n## API\n").expect("an API section")..];
    let block = api
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a sh block in the API section");
    assert!(block.starts_with("curl ") && block.contains("http://127.0.0.1:8080/api/initiatives"));
    block.to_owned()
}

#[tokio::test]
async fn the_readme_curl_submission_works_as_written() {
    let server = common::start();
    let command = readme_submission().replace("http://127.0.0.1:8080", &server.url);
    let run = || {
        std::process::Command::new("sh")
            .args(["-c", &format!("{command} -w '\\n%{{http_code}}'")])
            .output()
            .expect("curl runs")
    };
    let out = run();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').expect("a status line");
    assert_eq!(
        status,
        "201",
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_str(body).unwrap();
    assert_eq!(answer["status"], "pending");
    let tracked = common::track(&server.url, answer["tracking_code"].as_str().unwrap()).await;
    assert_eq!(tracked["status"], "pending");
    // Run again (a retry with the same key): the first answer, nothing stored twice.
    let again = String::from_utf8_lossy(&run().stdout).into_owned();
    assert_eq!(
        again
            .rsplit_once('\n')
            .map(|(b, s)| (b.to_owned(), s.to_owned())),
        Some((body.to_owned(), "201".to_owned()))
    );
    assert_eq!(common::count_initiatives(&server.database_url).await, 1);
}
