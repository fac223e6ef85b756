//! Submitting, moderating and tracking initiatives, over HTTP against the real binary.

mod common;

use serde_json::{Value, json};

on_both_databases!(
    a_valid_submission_gets_201_with_a_tracking_code_and_waits_for_moderation,
    the_same_key_and_body_returns_the_first_answer_and_stores_one_row,
    an_approved_initiative_joins_the_plan_without_its_contact_details,
    a_rejected_initiative_tells_its_submitter_why,
    after_ten_october_the_next_campaign_is_accepted_and_moderators_see_each_year_apart,
    submissions_sent_at_once_are_each_stored_and_answered_with_their_own_code,
);

const ADMIN: &str = "Bearer moderator-token-0123456789";
const ADMIN_ENV: (&str, &str) = ("ADMIN_TOKENS", "lan=moderator-token-0123456789");

fn initiative(title: &str) -> Value {
    let mut body = common::initiative(title, "lan.nguyen@example.vn", "0912 345 678");
    body["link"] = json!("https://example.vn/sang-kien");
    body
}

async fn submit(server: &common::Server, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(format!("{}/api/initiatives", server.url))
        .json(body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    req.send().await.unwrap()
}

async fn queue(server: &common::Server, status: &str) -> Vec<Value> {
    let res = reqwest::Client::new()
        .get(format!(
            "{}/api/admin/initiatives?status={status}",
            server.url
        ))
        .header("Authorization", ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn a_valid_submission_gets_201_with_a_tracking_code_and_waits_for_moderation(
    backend: common::Backend,
) {
    let server = common::start_on(backend, &[ADMIN_ENV]).await;
    let res = submit(
        &server,
        Some("key-valid-0001"),
        &initiative("Hướng dẫn người cao tuổi dùng dịch vụ công"),
    )
    .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "pending");
    let code = body["tracking_code"].as_str().unwrap();
    assert_eq!(
        code.len(),
        19,
        "16 characters of base 32 (80 bits) in four groups"
    );
    let tracked = common::track(&server.url, code).await;
    assert_eq!(tracked["status"], "pending");
    let pending = queue(&server, "pending").await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["contact"]["email"], "lan.nguyen@example.vn");
    assert_eq!(pending[0]["contact"]["phone"], "0912345678");
}

async fn the_same_key_and_body_returns_the_first_answer_and_stores_one_row(
    backend: common::Backend,
) {
    let server = common::start_on(backend, &[ADMIN_ENV]).await;
    let body = initiative("Hướng dẫn người cao tuổi dùng dịch vụ công");
    let first: Value = submit(&server, Some("key-retry-0001"), &body)
        .await
        .json()
        .await
        .unwrap();
    let again = submit(&server, Some("key-retry-0001"), &body).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(queue(&server, "pending").await.len(), 1);
    let other = submit(
        &server,
        Some("key-retry-0001"),
        &initiative("Một sáng kiến khác hẳn sáng kiến trước"),
    )
    .await;
    assert_eq!(other.status(), 422);
    assert_eq!(
        other.json::<Value>().await.unwrap()["error"],
        "idempotency_key_reused"
    );
}

async fn submissions_sent_at_once_are_each_stored_and_answered_with_their_own_code(
    backend: common::Backend,
) {
    // Both databases commit the submissions waiting together in one transaction
    // (crate::writer, crate::pg_writer): each must still get its own answer, and a key sent
    // twice at once (a retry racing its first try) the first answer, stored once.
    const DISTINCT: usize = 48;
    const SENT_TWICE: usize = 12;
    let server = common::start_on(backend, &[ADMIN_ENV, ("RATE_LIMIT_PER_MINUTE", "0")]).await;
    let client = reqwest::Client::new();
    let mut tasks = tokio::task::JoinSet::new();
    for i in (0..DISTINCT).chain(0..SENT_TWICE) {
        let (client, url) = (client.clone(), server.url.clone());
        tasks.spawn(async move {
            let res = client
                .post(format!("{url}/api/initiatives"))
                .header("Idempotency-Key", format!("key-at-once-{i:03}"))
                .json(&initiative(&format!("Sáng kiến số {i} của phường")))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (i, status, res.json::<Value>().await.unwrap())
        });
    }
    let mut answers: std::collections::BTreeMap<usize, Vec<Value>> = Default::default();
    while let Some(done) = tasks.join_next().await {
        let (i, status, body) = done.unwrap();
        assert_eq!(status, 201, "{i}: {body}");
        answers.entry(i).or_default().push(body);
    }
    let mut codes = std::collections::BTreeSet::new();
    for (i, bodies) in &answers {
        assert!(
            bodies.iter().all(|b| b == &bodies[0]),
            "{i}: one answer for one key"
        );
        let code = bodies[0]["tracking_code"].as_str().unwrap();
        assert!(codes.insert(code.to_owned()), "{i}: a code of its own");
        assert_eq!(common::track(&server.url, code).await["status"], "pending");
    }
    assert_eq!(codes.len(), DISTINCT);
    let pending = queue(&server, "pending").await;
    assert_eq!(pending.len(), DISTINCT, "each stored once");
    let mut titles: Vec<&str> = pending
        .iter()
        .map(|p| p["public"]["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), DISTINCT);
}

#[tokio::test]
async fn bad_requests_get_their_own_status_codes() {
    let server = common::start();
    let body = initiative("Hướng dẫn người cao tuổi dùng dịch vụ công");
    assert_eq!(submit(&server, None, &body).await.status(), 400);
    let malformed = reqwest::Client::new()
        .post(format!("{}/api/initiatives", server.url))
        .header("Idempotency-Key", "key-malformed-01")
        .header("Content-Type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(
        malformed.json::<Value>().await.unwrap()["error"],
        "malformed_json"
    );
    let huge = json!({ "title": "x".repeat(20_000) });
    let too_large = submit(&server, Some("key-huge-000001"), &huge).await;
    assert_eq!(too_large.status(), 413);
    let invalid = submit(
        &server,
        Some("key-invalid-001"),
        &json!({ "title": "ngắn", "link": "javascript:alert(1)" }),
    )
    .await;
    assert_eq!(invalid.status(), 422);
    let e: Value = invalid.json().await.unwrap();
    assert_eq!(e["error"], "invalid");
    assert_eq!(e["fields"]["title"], json!(["too_short"]));
    assert_eq!(e["fields"]["link"], json!(["url_scheme"]));
    assert_eq!(e["fields"]["consent"], json!(["consent_required"]));
    assert_eq!(e["fields"]["contact_email"], json!(["required"]));
}

#[tokio::test]
async fn too_many_submissions_from_one_address_get_429_with_retry_after() {
    let server = common::start_with(
        &[],
        &[("RATE_LIMIT_PER_MINUTE", "3"), ("RATE_LIMIT_BURST", "3")],
    );
    for i in 0..3 {
        let res = submit(
            &server,
            Some(&format!("key-rate-{i:05}")),
            &initiative("Hướng dẫn người cao tuổi dùng dịch vụ công"),
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    let limited = submit(
        &server,
        Some("key-rate-99999"),
        &initiative("Hướng dẫn người cao tuổi dùng dịch vụ công"),
    )
    .await;
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
}

#[tokio::test]
async fn a_bot_filling_the_honeypot_is_answered_like_a_person_but_nothing_is_stored() {
    let server = common::start_with(&[], &[ADMIN_ENV]);
    let mut body = initiative("Hướng dẫn người cao tuổi dùng dịch vụ công");
    body["website"] = json!("http://spam.example");
    let res = submit(&server, Some("key-bot-000001"), &body).await;
    assert_eq!(res.status(), 201);
    let mut fast = initiative("Hướng dẫn người cao tuổi dùng dịch vụ công");
    fast["form_started_ms"] = json!(chrono::Utc::now().timestamp_millis());
    assert_eq!(
        submit(&server, Some("key-bot-000002"), &fast)
            .await
            .status(),
        201
    );
    assert!(queue(&server, "pending").await.is_empty());
}

async fn an_approved_initiative_joins_the_plan_without_its_contact_details(
    backend: common::Backend,
) {
    let server = common::start_on(backend, &[ADMIN_ENV]).await;
    let community_of = |plan: Value| -> Vec<Value> {
        plan["activities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["group"] == "cong-dong")
            .cloned()
            .collect()
    };
    let plan_now = || async {
        reqwest::get(format!("{}/api/plans/2022", server.url))
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let payload = "<script>alert('x')</script> Cà phê số cho người cao tuổi";
    let res = submit(&server, Some("key-approve-001"), &initiative(payload)).await;
    assert_eq!(res.status(), 201);
    // Pending, it is not in the plan (which the server now keeps, until a decision).
    assert!(community_of(plan_now().await).is_empty());
    let id = queue(&server, "pending").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let decided = reqwest::Client::new()
        .post(format!(
            "{}/api/admin/initiatives/{id}/decision",
            server.url
        ))
        .header("Authorization", ADMIN)
        .json(&json!({ "decision": "approve", "reason": "Thiết thực" }))
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 200);

    for path in ["/api/initiatives", "/api/plans/2022", "/api/calendar.ics"] {
        let res = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let text = res.text().await.unwrap();
        assert!(
            !text.contains("lan.nguyen@example.vn"),
            "{path} shows no e-mail"
        );
        assert!(
            !text.contains("0912345678") && !text.contains("0912 345 678"),
            "{path} shows no phone"
        );
    }
    let list: Value = reqwest::get(format!("{}/api/initiatives", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Stored and returned as the plain text it was, never as markup.
    assert_eq!(list["items"][0]["initiative"]["title"], payload);
    // Approved, it is in the plan at once, and in the calendar feed.
    let community = community_of(plan_now().await);
    assert_eq!(community.len(), 1);
    assert_eq!(community[0]["title"]["vi"], payload);
    let calendar = reqwest::get(format!(
        "{}/api/calendar.ics?year=2022&group=cong-dong",
        server.url
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap()
    // Long lines are folded (RFC 5545): unfold them to read the title.
    .replace("\r\n ", "");
    assert!(
        calendar.contains("Cà phê số cho người cao tuổi"),
        "{calendar}"
    );
}

async fn a_rejected_initiative_tells_its_submitter_why(backend: common::Backend) {
    let server = common::start_on(backend, &[ADMIN_ENV]).await;
    let body: Value = submit(
        &server,
        Some("key-reject-001"),
        &initiative("Hướng dẫn người cao tuổi dùng dịch vụ công"),
    )
    .await
    .json()
    .await
    .unwrap();
    let code = body["tracking_code"].as_str().unwrap();
    let id = body["id"].as_str().unwrap();
    let client = reqwest::Client::new();
    let no_reason = client
        .post(format!(
            "{}/api/admin/initiatives/{id}/decision",
            server.url
        ))
        .header("Authorization", ADMIN)
        .json(&json!({ "decision": "reject" }))
        .send()
        .await
        .unwrap();
    assert_eq!(no_reason.status(), 422);
    client
        .post(format!(
            "{}/api/admin/initiatives/{id}/decision",
            server.url
        ))
        .header("Authorization", ADMIN)
        .json(&json!({ "decision": "reject", "reason": "Nội dung trùng với hoạt động đã có." }))
        .send()
        .await
        .unwrap();
    let tracked = common::track(&server.url, &code.to_lowercase()).await;
    assert_eq!(tracked["status"], "rejected");
    assert_eq!(tracked["reason"], "Nội dung trùng với hoạt động đã có.");
    assert_eq!(
        reqwest::get(format!(
            "{}/api/initiatives/track/NOPE-NOPE-NOPE-NOPE",
            server.url
        ))
        .await
        .unwrap()
        .status(),
        404
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let server = common::start();
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/health",
        "/api/plans",
        "/api/plans/{year}",
        "/api/initiatives",
        "/api/initiatives/track/{code}",
        "/api/admin/initiatives",
        "/api/admin/initiatives/{id}/decision",
        "/api/calendar.ics",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    // The router's own list agrees with the document.
    // The API router only: the page routes (`/`, `/index.html`) are the app, not the API.
    let source = include_str!("../src/lib.rs");
    let start = source
        .find("let api = Router::new()")
        .expect("the API router");
    let end = start
        + source[start..]
            .find("let made")
            .expect("the routes after it");
    let mut routed: Vec<String> = source[start..end]
        .split(".route(")
        .skip(1)
        .filter_map(|rest| {
            rest.trim_start()
                .strip_prefix('"')?
                .split('"')
                .next()
                .map(str::to_owned)
        })
        // What is not there is answered too, with a JSON 404; no route to document.
        .filter(|p| !["/api", "/api/", "/api/{*rest}"].contains(&p.as_str()))
        .collect();
    routed.sort();
    let mut documented: Vec<String> = paths.keys().cloned().collect();
    documented.sort();
    assert_eq!(
        routed, documented,
        "every routed path is in the document and no other"
    );
}

#[tokio::test]
async fn a_key_still_in_flight_on_another_instance_gets_409() {
    // On PostgreSQL several instances share the database; a key another instance has
    // claimed but not yet stored is "in flight".
    let server = common::start_on(common::Backend::Postgres, &[]).await;
    let body = initiative("Hướng dẫn người cao tuổi dùng dịch vụ công");
    let bytes = serde_json::to_vec(&body).unwrap();
    let hash = {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(&bytes))
    };
    let pool = sqlx::PgPool::connect(&server.database_url).await.unwrap();
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    sqlx::query("INSERT INTO idempotency_keys (key, body_hash, state, created_at) VALUES ($1, $2, 'in_flight', $3)")
        .bind("key-in-flight-01")
        .bind(&hash)
        .bind(&now)
        .execute(&pool)
        .await
        .unwrap();
    let res = reqwest::Client::new()
        .post(format!("{}/api/initiatives", server.url))
        .header("Idempotency-Key", "key-in-flight-01")
        .header("Content-Type", "application/json")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "in_flight");
}

#[tokio::test]
async fn when_the_database_is_gone_submits_get_503_and_the_plan_is_still_served() {
    let server = common::start_on(common::Backend::Postgres, &[]).await;
    let (admin_url, name) = {
        let admin = std::env::var("DXDAY_TEST_POSTGRES_URL").unwrap();
        let name = server.database_url.rsplit('/').next().unwrap().to_owned();
        (admin, name)
    };
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&admin)
        .await
        .unwrap();
    let res = submit(
        &server,
        Some("key-db-gone-001"),
        &initiative("Hướng dẫn người cao tuổi dùng dịch vụ công"),
    )
    .await;
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "storage_unavailable"
    );
    let health = reqwest::get(format!("{}/api/health", server.url))
        .await
        .unwrap();
    assert_eq!(health.status(), 503);
    let plan = reqwest::get(format!("{}/api/plans/2022", server.url))
        .await
        .unwrap();
    assert_eq!(plan.status(), 200);
}

async fn after_ten_october_the_next_campaign_is_accepted_and_moderators_see_each_year_apart(
    backend: common::Backend,
) {
    let server = common::start_on(backend, &[ADMIN_ENV]).await;
    // The campaign the form files under today: the one whose 10/10 comes next, whether or
    // not its plan is published (in December 2026, 2027's, which has no plan file).
    let today = dxday_core::dates::vietnam_today(chrono::Utc::now().timestamp_millis());
    let next = dxday_core::campaign::filing_year(today);
    let mut body = initiative("Sáng kiến cho đợt hưởng ứng năm sau");
    body["plan_year"] = json!(next);
    assert_eq!(
        submit(&server, Some("key-next-0001"), &body).await.status(),
        201
    );
    let older = initiative("Sáng kiến cho kế hoạch năm 2022");
    assert_eq!(
        submit(&server, Some("key-2022-0001"), &older)
            .await
            .status(),
        201
    );
    // A year past the next campaign, or before the first plan, is refused with a field code.
    for year in [next + 1, 2021] {
        body["plan_year"] = json!(year);
        let res = submit(&server, Some(&format!("key-year-{year}")), &body).await;
        assert_eq!(res.status(), 422, "{year}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(
            err["fields"]["plan_year"],
            json!(["unknown_year"]),
            "{year}"
        );
    }
    let titles = |items: Vec<Value>| -> Vec<String> {
        items
            .iter()
            .map(|i| i["public"]["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(titles(queue(&server, "pending").await).len(), 2);
    assert_eq!(
        titles(queue(&server, &format!("pending&year={next}")).await),
        ["Sáng kiến cho đợt hưởng ứng năm sau"]
    );
    assert_eq!(
        titles(queue(&server, "pending&year=2022").await),
        ["Sáng kiến cho kế hoạch năm 2022"]
    );
    assert!(queue(&server, "pending&year=2019").await.is_empty());
}

/// 2025's plan names no community group (no source gives one): an initiative approved for
/// 2025 still joins 2025's plan, in the app's own group of citizens' initiatives.
#[tokio::test]
async fn an_initiative_approved_for_a_year_without_a_community_group_joins_that_years_plan() {
    let server = common::start_with(&[], &[ADMIN_ENV]);
    let mut body = initiative("Lớp kỹ năng số cho hội viên phụ nữ xã Tân Lập");
    body["plan_year"] = json!(2025);
    body["start_date"] = json!("2025-10-01");
    body["end_date"] = json!("2025-10-10");
    assert_eq!(
        submit(&server, Some("key-2025-0001"), &body).await.status(),
        201
    );
    let id = common::first_pending_id(&server.url, "moderator-token-0123456789").await;
    assert_eq!(
        common::approve(&server.url, &id, "moderator-token-0123456789").await,
        200
    );
    let plan = common::get_json(
        &reqwest::Client::new(),
        &format!("{}/api/plans/2025", server.url),
    )
    .await;
    let group = plan["groups"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(group["id"], dxday_core::initiative::CITIZENS_GROUP);
    assert_eq!(group["name"]["vi"], "Sáng kiến của người dân");
    let joined: Vec<&Value> = plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["group"] == group["id"])
        .collect();
    assert_eq!(joined.len(), 1);
    assert_eq!(
        joined[0]["title"]["vi"],
        "Lớp kỹ năng số cho hội viên phụ nữ xã Tân Lập"
    );
    // Not in another year's plan.
    let other = common::get_json(
        &reqwest::Client::new(),
        &format!("{}/api/plans/2024", server.url),
    )
    .await;
    assert!(
        !other["activities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["source"]["kind"] == "initiative")
    );
}

/// Right after a moderator's decision, everyone who asks for the plan gets it with the
/// decision, even while other requests are making the plans of other years: nobody is
/// answered with the plan from before it (found in the end-to-end tests, where another
/// page's plan was being made when the moderator opened the explorer).
#[tokio::test]
async fn right_after_a_decision_every_request_for_the_plan_has_it() {
    let server = common::start_with(&[], &[ADMIN_ENV, ("RATE_LIMIT_PER_MINUTE", "0")]);
    let token = ADMIN.trim_start_matches("Bearer ");
    let client = reqwest::Client::new();
    for round in 0..8 {
        let title = format!("Sáng kiến duyệt ở lượt {round}");
        let key = format!("key-right-after-{round:03}");
        common::send_and_approve(&server.url, &key, &initiative(&title), token).await;
        // Every year's plan at once, as many visitors' pages ask for them.
        let mut asked = tokio::task::JoinSet::new();
        for n in 0..32 {
            let year = 2022 + n % 4;
            let url = format!("{}/api/plans/{year}", server.url);
            let client = client.clone();
            asked.spawn(async move {
                let plan: Value = client.get(url).send().await.unwrap().json().await.unwrap();
                (year, plan)
            });
        }
        for (year, plan) in asked.join_all().await {
            if year != 2022 {
                continue;
            }
            let titles: Vec<&str> = plan["activities"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|a| a["title"]["vi"].as_str())
                .collect();
            assert!(
                titles.contains(&title.as_str()),
                "round {round}: the plan of 2022 misses the initiative just approved"
            );
        }
    }
}
