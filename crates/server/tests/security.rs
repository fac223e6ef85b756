//! What an attacker, or a careless client, can try against the service, and what they
//! get: the same security headers on every kind of answer, 401 on every moderation route
//! without the right token, no contact details anywhere public or in the log, a rate limit
//! that holds under parallel clients, huge or deeply nested bodies refused without the
//! memory to match, and no file outside the app's folder.

mod common;

use serde_json::{Value, json};

const TOKEN: &str = "moderator-token-0123456789";
const ADMIN_ENV: (&str, &str) = ("ADMIN_TOKENS", "lan=moderator-token-0123456789");
const EMAIL: &str = "bi.mat.lien.he@example.vn";
const PHONE_TYPED: &str = "0912 345 678";
const PHONE_STORED: &str = "0912345678";

async fn submit(url: &str, key: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{url}/api/initiatives"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn assert_security_headers(what: &str, headers: &reqwest::header::HeaderMap) {
    let csp = headers
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: a Content-Security-Policy"))
        .to_str()
        .unwrap();
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ] {
        assert!(
            csp.contains(directive),
            "{what}: CSP has {directive}: {csp}"
        );
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{what}: no unsafe-inline or unsafe-eval: {csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(
        headers["referrer-policy"], "strict-origin-when-cross-origin",
        "{what}"
    );
    assert!(headers.contains_key("permissions-policy"), "{what}");
    assert!(headers.contains_key("cache-control"), "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_csp_and_the_other_security_headers() {
    let server = common::start_with_files(
        &[
            ("dxday-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0"),
            ("tokens-0123456789abcdef.css", b"body{}"),
            ("sw.js", b"self.addEventListener('fetch', () => {});"),
            ("dxday-0123456789abcdef.js.br", b"not really brotli"),
        ],
        &[],
        &[
            ADMIN_ENV,
            ("RATE_LIMIT_PER_MINUTE", "1"),
            ("RATE_LIMIT_BURST", "1"),
        ],
    );
    let client = reqwest::Client::new();
    let url = &server.url;
    let get = |path: &str| client.get(format!("{url}{path}"));
    let post = |path: &str| client.post(format!("{url}{path}"));
    let body = common::initiative("Hướng dẫn người cao tuổi dùng dịch vụ công", EMAIL, "");
    let cases: Vec<(&str, reqwest::RequestBuilder, u16)> = vec![
        ("HTML page", get("/"), 200),
        ("HTML app route", get("/initiatives/new"), 200),
        ("JavaScript", get("/dxday-0123456789abcdef.js"), 200),
        (
            "JavaScript, brotli",
            get("/dxday-0123456789abcdef.js").header("accept-encoding", "br"),
            200,
        ),
        ("wasm", get("/dxday-0123456789abcdef_bg.wasm"), 200),
        ("CSS", get("/tokens-0123456789abcdef.css"), 200),
        ("service worker", get("/sw.js"), 200),
        ("static 404", get("/missing.js"), 404),
        ("API JSON", get("/api/plans/2022"), 200),
        ("API health", get("/api/health"), 200),
        ("OpenAPI", get("/api/openapi.json"), 200),
        ("API reference", get("/api/docs"), 200),
        ("calendar", get("/api/calendar.ics?lang=en"), 200),
        ("API 404", get("/api/nothing-here"), 404),
        ("API 405", get("/api/admin/initiatives/x/decision"), 405),
        ("API 400", post("/api/initiatives").json(&body), 400),
        (
            "API 401",
            get("/api/admin/initiatives").bearer_auth("wrong-token-0000000000"),
            401,
        ),
        (
            "API 413",
            post("/api/initiatives")
                .header("Idempotency-Key", "headers-413-01")
                .header("content-type", "application/json")
                .body(vec![b' '; 64 * 1024]),
            413,
        ),
        (
            "API 422",
            post("/api/initiatives")
                .header("Idempotency-Key", "headers-422-01")
                .json(&json!({})),
            422,
        ),
        (
            "API 429",
            post("/api/initiatives")
                .header("Idempotency-Key", "headers-429-01")
                .json(&body),
            429,
        ),
        (
            "API 201",
            post("/api/initiatives")
                .header("Idempotency-Key", "headers-201-01")
                .json(&body),
            201,
        ),
    ];
    // The 422 above used the single submission the limit allows; 201 is checked on a
    // second server below.
    for (what, request, status) in cases {
        if status == 201 {
            continue;
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{what}");
        assert_security_headers(what, res.headers());
        if what == "wasm" {
            assert_eq!(res.headers()["content-type"], "application/wasm");
        }
    }
    let fresh = common::start();
    let res = submit(&fresh.url, "headers-201-01", &body).await;
    assert_eq!(res.status(), 201);
    assert_security_headers("API 201", res.headers());
    // Requests a client library would never send: the answers still carry the headers.
    for line in [
        "GET /../../etc/passwd HTTP/1.1",
        "GET /%2e%2e/x.js HTTP/1.1",
    ] {
        let (_, raw) = common::raw_request(&server.url, line, "");
        assert!(
            raw.to_ascii_lowercase()
                .contains("content-security-policy:"),
            "{line}: {raw}"
        );
    }
}

#[tokio::test]
async fn moderation_routes_answer_401_without_a_token_or_with_a_wrong_one() {
    let server = common::start_with(&[], &[ADMIN_ENV]);
    let submitted: Value = submit(
        &server.url,
        "admin-401-00001",
        &common::initiative("Hướng dẫn người cao tuổi dùng dịch vụ công", EMAIL, ""),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = submitted["id"].as_str().unwrap();
    let client = reqwest::Client::new();
    let wrong: [(&str, Option<String>); 8] = [
        ("no header", None),
        ("empty", Some(String::new())),
        ("Bearer and nothing", Some("Bearer ".into())),
        ("another token", Some("Bearer not-the-token-at-all".into())),
        ("the token and more", Some(format!("Bearer {TOKEN}x"))),
        (
            "the token cut short",
            Some(format!("Bearer {}", &TOKEN[..TOKEN.len() - 1])),
        ),
        ("the token without Bearer", Some(TOKEN.into())),
        ("Basic", Some(format!("Basic {TOKEN}"))),
    ];
    for (what, header) in &wrong {
        let queue = client.get(format!(
            "{}/api/admin/initiatives?status=pending",
            server.url
        ));
        let decide = client
            .post(format!(
                "{}/api/admin/initiatives/{id}/decision",
                server.url
            ))
            .json(&json!({ "decision": "approve" }));
        for (route, mut request) in [("queue", queue), ("decision", decide)] {
            if let Some(h) = header {
                request = request.header("authorization", h);
            }
            let res = request.send().await.unwrap();
            assert_eq!(res.status(), 401, "{route} with {what}");
            assert_eq!(res.headers()["www-authenticate"], "Bearer");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"], "unauthorized", "{route} with {what}");
            assert!(
                !body.to_string().contains(EMAIL),
                "{route} with {what} tells nothing"
            );
        }
    }
    // Nothing was decided by all those tries.
    let tracked = common::track(&server.url, submitted["tracking_code"].as_str().unwrap()).await;
    assert_eq!(tracked["status"], "pending");

    // A server configured without tokens lets nobody in, whatever they send.
    let no_tokens = common::start();
    for header in ["Bearer ", "Bearer  ", "Bearer null"] {
        let res = client
            .get(format!("{}/api/admin/initiatives", no_tokens.url))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{header:?} with no tokens configured");
    }
}

on_both_databases!(contact_details_appear_in_no_public_response_export_or_log_line);

async fn contact_details_appear_in_no_public_response_export_or_log_line(backend: common::Backend) {
    let server = match backend {
        common::Backend::Sqlite => common::start_logged(&[], &[ADMIN_ENV]),
        common::Backend::Postgres => {
            let url = common::fresh_postgres_database().await;
            common::start_logged(&["--database-url", &url], &[ADMIN_ENV])
        }
    };
    let client = reqwest::Client::new();
    let mut seen = Vec::new();
    // Three submissions: one approved, one rejected, one left pending.
    let mut codes = Vec::new();
    let mut ids = Vec::new();
    for (n, key) in [
        "privacy-approve-1",
        "privacy-reject-01",
        "privacy-pending-1",
    ]
    .iter()
    .enumerate()
    {
        let body = common::initiative(
            &format!("Cà phê số cho người cao tuổi, lần {n}"),
            EMAIL,
            PHONE_TYPED,
        );
        let res = submit(&server.url, key, &body).await;
        assert_eq!(res.status(), 201);
        let text = res.text().await.unwrap();
        seen.push((format!("201 of {key}"), text.clone()));
        let v: Value = serde_json::from_str(&text).unwrap();
        codes.push(v["tracking_code"].as_str().unwrap().to_owned());
        ids.push(v["id"].as_str().unwrap().to_owned());
        // The retry's stored answer, and the answer to the same key with another body.
        let again = submit(&server.url, key, &body).await.text().await.unwrap();
        seen.push((format!("retry of {key}"), again));
        let mut other = body.clone();
        other["title"] = json!("Một sáng kiến khác hẳn sáng kiến trước");
        let reused = submit(&server.url, key, &other).await.text().await.unwrap();
        seen.push((format!("reused {key}"), reused));
    }
    // An invalid submission echoes no value back, only field codes.
    let mut invalid = common::initiative("ngắn", EMAIL, PHONE_TYPED);
    invalid["contact_email"] = json!(format!("{EMAIL}@@"));
    let res = submit(&server.url, "privacy-invalid-1", &invalid).await;
    assert_eq!(res.status(), 422);
    seen.push(("422".into(), res.text().await.unwrap()));
    for (id, decision) in ids.iter().zip(["approve", "reject"]) {
        let res = client
            .post(format!(
                "{}/api/admin/initiatives/{id}/decision",
                server.url
            ))
            .bearer_auth(TOKEN)
            .json(&json!({ "decision": decision, "reason": "Nội dung trùng lặp." }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        seen.push((format!("{decision} answer"), res.text().await.unwrap()));
    }

    let mut public = vec![
        "/".to_owned(),
        "/api/health".into(),
        "/api/plans".into(),
        "/api/plans/2022".into(),
        "/api/initiatives".into(),
        "/api/initiatives?year=2022&per_page=100".into(),
        "/api/calendar.ics".into(),
        "/api/calendar.ics?lang=en&group=cong-dong".into(),
        "/api/calendar.ics?q=ca%20phe".into(),
        "/api/openapi.json".into(),
        "/api/docs".into(),
        "/api/docs?lang=en".into(),
    ];
    public.extend(codes.iter().map(|c| format!("/api/initiatives/track/{c}")));
    for path in &public {
        let res = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        seen.push((path.clone(), res.text().await.unwrap()));
    }
    // The app's own downloads (CSV, JSON, ICS) are written from the public plan by
    // dxday-core, in the browser: the same writers, fed what the API gave.
    let plan: dxday_core::Plan = reqwest::get(format!("{}/api/plans/2022", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        plan.activities
            .iter()
            .any(|a| a.title.vi.contains("Cà phê số")),
        "the approved initiative is public"
    );
    let stamp = chrono::NaiveDate::from_ymd_opt(2026, 10, 10)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for lang in [dxday_core::Lang::Vi, dxday_core::Lang::En] {
        seen.push((
            "CSV export".into(),
            dxday_core::export::csv(&plan, &plan.activities, lang),
        ));
        seen.push((
            "ICS export".into(),
            dxday_core::ics::calendar(&plan, &plan.activities, lang, stamp, &|id| {
                format!("https://example.vn/activities/{id}")
            }),
        ));
    }
    seen.push((
        "JSON export".into(),
        dxday_core::export::json(&plan, &plan.activities, String::new()),
    ));
    let log = server.log_text();
    assert!(
        log.contains("DEBUG") || log.contains("INFO"),
        "the log was kept"
    );
    seen.push(("the server's log".into(), log));

    for (what, text) in &seen {
        for secret in [
            EMAIL,
            "bi.mat.lien.he",
            PHONE_TYPED,
            PHONE_STORED,
            "912345678",
        ] {
            assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
        }
    }
    // The moderators, and only they, see the contact details.
    let queue: Value = client
        .get(format!(
            "{}/api/admin/initiatives?status=pending",
            server.url
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"][0]["contact"]["email"], EMAIL);
}

/// Sends `per_client` submissions from each of `clients` at once, each client on its own
/// connection from its own loopback address (`127.0.0.x`) or all from 127.0.0.1.
async fn burst(url: &str, clients: u8, per_client: usize, own_addresses: bool) -> Vec<Vec<u16>> {
    let mut tasks = Vec::new();
    for c in 0..clients {
        let url = url.to_owned();
        tasks.push(tokio::spawn(async move {
            let local: std::net::IpAddr = if own_addresses {
                std::net::Ipv4Addr::new(127, 0, 0, 10 + c).into()
            } else {
                std::net::Ipv4Addr::LOCALHOST.into()
            };
            let client = reqwest::Client::builder()
                .local_address(local)
                .build()
                .unwrap();
            let mut statuses = Vec::new();
            for n in 0..per_client {
                let res = client
                    .post(format!("{url}/api/initiatives"))
                    .header(
                        "Idempotency-Key",
                        format!("rate-{own_addresses}-{c:02}-{n:03}"),
                    )
                    .json(&common::initiative(
                        "Hướng dẫn người cao tuổi dùng dịch vụ công",
                        EMAIL,
                        "",
                    ))
                    .send()
                    .await
                    .unwrap();
                if res.status() == 429 {
                    let wait: u64 = res.headers()["retry-after"]
                        .to_str()
                        .unwrap()
                        .parse()
                        .unwrap();
                    assert!((1..=60).contains(&wait));
                }
                statuses.push(res.status().as_u16());
            }
            statuses
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.push(t.await.unwrap());
    }
    all
}

#[tokio::test]
async fn the_rate_limit_holds_under_ten_parallel_clients() {
    const LIMIT: usize = 5;
    let server = common::start_with(
        &[],
        &[("RATE_LIMIT_PER_MINUTE", "5"), ("RATE_LIMIT_BURST", "5")],
    );
    // Ten clients behind one address (one office, one NAT): five accepted in all.
    let shared = burst(&server.url, 10, 3, false).await;
    let flat: Vec<u16> = shared.into_iter().flatten().collect();
    assert_eq!(flat.iter().filter(|&&s| s == 201).count(), LIMIT);
    assert_eq!(flat.iter().filter(|&&s| s == 429).count(), 30 - LIMIT);
    // Ten clients with their own addresses: each gets exactly its five.
    let own = burst(&server.url, 10, LIMIT + 3, true).await;
    for (c, statuses) in own.iter().enumerate() {
        assert_eq!(
            statuses.iter().filter(|&&s| s == 201).count(),
            LIMIT,
            "client {c}: {statuses:?}"
        );
        assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 3);
    }
}

#[tokio::test]
async fn oversized_and_deeply_nested_bodies_are_refused_without_memory_growth() {
    let mut server = common::start_logged(
        &[],
        &[
            ADMIN_ENV,
            ("RUST_LOG", "warn"),
            ("RATE_LIMIT_PER_MINUTE", "0"),
        ],
    );
    // A new connection for every request: the server closes one whose body it refused.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let url = server.url.clone();
    let id = "0123456789abcdef0123456789abcdef";
    let nested_arrays = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
    let nested_objects = |depth: usize| "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
    let round = || async {
        let mut bodies: Vec<(&str, String, Vec<u8>, u16)> = vec![
            // Deeper than serde_json's recursion limit, inside the size limit: 400.
            (
                "nested arrays",
                "/api/initiatives".into(),
                nested_arrays(8000).into_bytes(),
                400,
            ),
            // An unknown field is skipped without recursion, however deep: the missing
            // fields are then reported, 422.
            (
                "nested objects",
                "/api/initiatives".into(),
                nested_objects(2500).into_bytes(),
                422,
            ),
            // 100 000 levels: over the size limit before any parsing: 413.
            (
                "100k nested arrays",
                "/api/initiatives".into(),
                nested_arrays(100_000).into_bytes(),
                413,
            ),
            ("1 MiB", "/api/initiatives".into(), vec![b'x'; 1 << 20], 413),
            (
                "16 MiB",
                "/api/initiatives".into(),
                vec![b' '; 16 << 20],
                413,
            ),
            (
                "nested decision",
                format!("/api/admin/initiatives/{id}/decision"),
                nested_arrays(4000).into_bytes(),
                400,
            ),
            (
                "big decision",
                format!("/api/admin/initiatives/{id}/decision"),
                vec![b' '; 1 << 20],
                413,
            ),
        ];
        for (n, (what, path, body, status)) in bodies.drain(..).enumerate() {
            let res = client
                .post(format!("{url}{path}"))
                .header("Idempotency-Key", format!("nested-{n:08}"))
                .header("content-type", "application/json")
                .bearer_auth(TOKEN)
                .body(body)
                .send()
                .await;
            match res {
                Ok(res) => {
                    assert_eq!(res.status().as_u16(), status, "{what}");
                    let e: Value = res.json().await.unwrap_or(Value::Null);
                    assert!(e["error"].is_string(), "{what}: a JSON error");
                }
                // The server may answer 413 and close before a huge body is all sent; the
                // client then sees the connection end instead of the answer.
                Err(e) => assert!(status == 413, "{what}: {e:?}"),
            }
        }
        // 64 MiB sent in chunks without a Content-Length: the server stops reading at the
        // limit and answers 413 (or closes the connection) without holding it all.
        let url = url.clone();
        let (status, answer) = tokio::task::spawn_blocking(move || chunked_upload(&url, 64))
            .await
            .unwrap();
        assert!(
            status == 413 || status == 0,
            "a streamed 64 MiB body: {answer}"
        );
    };
    // Warm up (allocator arenas, connection buffers), then measure.
    round().await;
    let rss_before = server.memory_kib("VmRSS");
    for _ in 0..10 {
        round().await;
    }
    let rss_after = server.memory_kib("VmRSS");
    let peak = server.memory_kib("VmHWM");
    eprintln!(
        "memory: resident {rss_before} KiB before, {rss_after} KiB after 10 more rounds of the same; peak {peak} KiB"
    );
    assert!(
        rss_after < rss_before + 32 * 1024,
        "resident memory grew from {rss_before} KiB to {rss_after} KiB"
    );
    assert!(
        peak < rss_before + 64 * 1024,
        "peak {peak} KiB: a body was held whole (baseline {rss_before} KiB)"
    );
    assert!(server.is_running());
    assert!(!server.log_text().contains("panicked"));
}

/// Posts `mib` MiB of spaces as a chunked body (no Content-Length) over a raw connection,
/// stopping when the server stops reading; the status (0 when none came) and the answer.
fn chunked_upload(url: &str, mib: usize) -> (u16, String) {
    use std::io::Write;
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/initiatives HTTP/1.1\r\nHost: {addr}\r\nIdempotency-Key: streamed-0000001\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mib {
        let sent = write!(stream, "{:x}\r\n", chunk.len())
            .and_then(|()| stream.write_all(&chunk))
            .and_then(|()| stream.write_all(b"\r\n"));
        if sent.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let _ = stream.shutdown(std::net::Shutdown::Write);
    common::read_answer(&mut stream)
}

#[tokio::test]
async fn path_traversal_never_reaches_a_file_outside_the_app_folder() {
    let server = common::start_with_files(&[("assets/ok.txt", b"inside")], &[], &[]);
    // Next to dist (one level up) lie the SQLite file and a secret; the app's index.html
    // is inside.
    let secret = "SECRET-OUTSIDE-DIST-7f3a";
    std::fs::write(server.dir.path().join("secret.txt"), secret).unwrap();
    let attempts = [
        "/../secret.txt",
        "/../test.db",
        "/assets/../../secret.txt",
        "/./../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/assets\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/....//secret.txt",
        "/..;/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/secret.txt%00.js",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/api/../../secret.txt",
        "/api/%2e%2e/%2e%2e/secret.txt",
    ];
    let targets = attempts
        .iter()
        .map(|p| format!("GET {p} HTTP/1.1"))
        .chain(attempts.iter().map(|p| {
            // The absolute form of the request target, as proxies send it.
            format!(
                "GET http://{}{p} HTTP/1.1",
                server.url.trim_start_matches("http://")
            )
        }));
    for request in targets {
        let (status, answer) = common::raw_request(&server.url, &request, "");
        assert!(
            !answer.contains(secret)
                && !answer.contains("root:x:0:0")
                && !answer.contains("SQLite format"),
            "{request} leaked a file:\n{answer}"
        );
        assert!(
            matches!(status, 200 | 400 | 404),
            "{request}: {status}\n{answer}"
        );
        if status == 200 {
            // Only the app's own page, as the fallback for a route it does not know.
            assert!(
                answer.contains("Ngày Chuyển đổi số quốc gia"),
                "{request} served something else:\n{answer}"
            );
        }
    }
    // The real file inside is still served.
    let (status, answer) = common::raw_request(&server.url, "GET /assets/ok.txt HTTP/1.1", "");
    assert_eq!(status, 200);
    assert!(answer.ends_with("inside"));
}

on_both_databases!(malformed_path_and_body_values_never_reach_the_database_as_errors);

/// NUL bytes and other text PostgreSQL cannot store, in every place a request can carry
/// them: a 4xx, never a 503 or 500.
async fn malformed_path_and_body_values_never_reach_the_database_as_errors(
    backend: common::Backend,
) {
    let server = common::start_on(backend, &[ADMIN_ENV]).await;
    let client = reqwest::Client::new();
    for path in [
        "/api/initiatives/track/%00",
        "/api/initiatives/track/AAAA-%00",
        "/api/initiatives/track/%FF%FE",
        "/api/plans/%00",
        "/api/calendar.ics?q=%00&group=%00&org=%FF&from=%00",
        "/api/initiatives?year=%00",
        "/api/initiatives?page=0",
        "/api/initiatives?per_page=100000",
    ] {
        let res = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        let status = res.status().as_u16();
        assert!(status < 500, "{path}: {status}");
    }
    let decisions = [
        ("%00", json!({ "decision": "reject", "reason": "x" })),
        (
            "0123456789abcdef0123456789abcdef",
            json!({ "decision": "reject", "reason": "bad\u{0}reason" }),
        ),
        (
            "0123456789abcdef0123456789abcde%00",
            json!({ "decision": "approve" }),
        ),
    ];
    for (id, body) in decisions {
        let res = client
            .post(format!(
                "{}/api/admin/initiatives/{id}/decision",
                server.url
            ))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert!(matches!(status, 404 | 422), "decision on {id}: {status}");
    }
    let mut body = common::initiative("Hướng dẫn người cao tuổi dùng dịch vụ công", EMAIL, "");
    for field in [
        "title",
        "description",
        "organizer_name",
        "organizer_type",
        "province",
        "start_date",
        "link",
        "beneficiaries",
        "contact_email",
        "contact_phone",
        "website",
    ] {
        body[field] = json!("có\u{0}NUL");
    }
    let res = submit(&server.url, "nul-everywhere-01", &body).await;
    assert_eq!(res.status(), 422, "NUL in every field");
}

/// An operator's slip in the embedding allowlist (a `;`, a Vietnamese domain in Unicode)
/// stops the service at start with the reason, rather than serving a policy without the
/// allowlist or with a directive nobody meant.
#[test]
fn a_frame_ancestor_that_is_not_an_origin_stops_the_service_at_start_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("test.db").display());
    for (listed, reason) in [
        ("'self' https://mic.gov.vn;script-src", "';'"),
        ("https://bộ-tt.gov.vn", "xn--"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dxday-server"))
            .args(["--listen", "127.0.0.1:0", "--database-url", &db])
            .arg("--plans")
            .arg(common::plans_dir())
            .env("FRAME_ANCESTORS", listed)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{listed}: the service stops");
        assert!(out.stdout.is_empty(), "{listed}: it never listened");
        assert!(
            log.contains("FRAME_ANCESTORS") && log.contains(reason),
            "{listed}: {log}"
        );
    }
}
