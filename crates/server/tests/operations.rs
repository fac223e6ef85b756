//! What an operator needs to keep the service up on 10/10: time limits that cut slow and
//! idle clients off, a cap on connections under the file limit, real 404s, metrics on an
//! address of their own, liveness apart from readiness, online backups and HSTS.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Short limits, so that the tests wait seconds, not the defaults' 20 and 30.
const LIMITS: [(&str, &str); 3] = [
    ("HEADER_TIMEOUT_SECONDS", "3"),
    ("REQUEST_TIMEOUT_SECONDS", "4"),
    ("RATE_LIMIT_PER_MINUTE", "0"),
];

fn addr(server: &common::Server) -> String {
    server.url.trim_start_matches("http://").to_owned()
}

/// Writes `bytes` on a new connection, then waits (at most `patience`) for the server to
/// close it; what it answered, and whether it closed.
fn send_and_wait(server: &common::Server, bytes: &[u8], patience: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(addr(server)).unwrap();
    stream.write_all(bytes).unwrap();
    stream.set_read_timeout(Some(patience)).unwrap();
    let mut answer = Vec::new();
    let closed = match stream.read_to_end(&mut answer) {
        Ok(_) => true,
        // Reset by the server counts as closed; a read timeout means it was still open.
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    };
    (String::from_utf8_lossy(&answer).into_owned(), closed)
}

#[test]
fn a_connection_that_sends_nothing_or_stalls_is_closed() {
    let server = common::start_with_file_limit(2048, &[], &LIMITS);
    let patience = Duration::from_secs(12);
    let (_, closed) = send_and_wait(&server, b"", patience);
    assert!(closed, "a connection that sent nothing is still open");
    let (_, closed) = send_and_wait(
        &server,
        b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n",
        patience,
    );
    assert!(
        closed,
        "a connection that never finished its headers is still open"
    );
    let (answer, closed) = send_and_wait(
        &server,
        b"POST /api/initiatives HTTP/1.1\r\nHost: x\r\nIdempotency-Key: slow-body-0001\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{",
        patience,
    );
    assert!(
        closed,
        "a connection that stalled in its body is still open"
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // After a whole request, a kept-alive connection waiting idle is closed too.
    let (answer, closed) = send_and_wait(
        &server,
        b"GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n",
        patience,
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle kept-alive connection is still open");
}

/// When every connection is busy answering a request, there is nobody to close to make
/// room: the newest connection is refused (closed at once, with no answer), and the service
/// answers again as soon as the busy ones are done.
#[test]
fn past_the_cap_with_every_connection_busy_the_newest_is_refused() {
    let mut env = LIMITS.to_vec();
    env.push(("MAX_CONNECTIONS", "4"));
    let server = common::start_with_file_limit(2048, &[], &env);
    // Four requests whose bodies never come: each is being answered, none is idle.
    let busy: Vec<TcpStream> = (0..4)
        .map(|n| {
            let mut s = TcpStream::connect(addr(&server)).unwrap();
            write!(
                s,
                "POST /api/initiatives HTTP/1.1\r\nHost: x\r\nIdempotency-Key: busy-{n:06}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let (answer, closed) = send_and_wait(
        &server,
        b"GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n",
        Duration::from_secs(2),
    );
    assert!(closed, "the newest connection was kept waiting");
    assert_eq!(
        answer, "",
        "the newest connection was answered past the cap"
    );
    // The busy ones end with 408 at the request limit; then there is room again.
    for mut s in busy {
        s.set_read_timeout(Some(Duration::from_secs(12))).unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
    let (answer, _) = send_and_wait(
        &server,
        b"GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// 3,000 slow clients against a server allowed 2,048 open files: the plan, health and a
/// submission keep answering for everyone else, the server never runs out of descriptors,
/// and every slow connection is cut off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_thousand_slow_connections_do_not_stop_the_service() {
    raise_own_file_limit(8192);
    let mut server = common::start_with_file_limit(2048, &[], &LIMITS);
    let address = addr(&server);
    let pid = server.child.id();
    let mut slow = Vec::new();
    for _ in 0..3000 {
        let address = address.clone();
        slow.push(tokio::spawn(async move { slow_client(&address).await }));
    }
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut most_files = 0;
    let started = Instant::now();
    let mut round = 0;
    while started.elapsed() < Duration::from_secs(6) {
        round += 1;
        let plan = http
            .get(format!("{}/api/plans/2022", server.url))
            .send()
            .await
            .expect("the plan answers during the attack");
        assert_eq!(plan.status(), 200);
        let health = http
            .get(format!("{}/api/health", server.url))
            .send()
            .await
            .expect("health answers during the attack");
        assert_eq!(health.status(), 200);
        let (status, _, _) = common::post_initiative(
            &http,
            &server.url,
            &format!("during-attack-{round:04}"),
            &[],
        )
        .await;
        assert_eq!(status, 201);
        most_files = most_files.max(open_files(pid));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(most_files < 2048, "{most_files} files open");
    let mut cut_off = 0;
    for task in slow {
        cut_off += usize::from(task.await.unwrap());
    }
    assert_eq!(cut_off, 3000, "slow connections left open");
    assert!(server.is_running());
}

/// Opens a connection, sends a request line and a header, then one more header every
/// second. True when the server closed it (or refused it) within 20 s.
async fn slow_client(address: &str) -> bool {
    let Ok(Ok(mut stream)) = tokio::time::timeout(
        Duration::from_secs(10),
        tokio::net::TcpStream::connect(address),
    )
    .await
    else {
        return true;
    };
    if stream
        .write_all(b"POST /api/initiatives HTTP/1.1\r\nHost: x\r\n")
        .await
        .is_err()
    {
        return true;
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut buf = [0u8; 256];
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
            Err(_) => {
                if stream.write_all(b"X-Slow: 1\r\n").await.is_err() {
                    return true;
                }
            }
        }
    }
    false
}

fn raise_own_file_limit(files: u64) {
    let limit = libc::rlimit {
        rlim_cur: files,
        rlim_max: files,
    };
    // SAFETY: setrlimit reads the struct we own.
    let ok = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } == 0;
    assert!(
        ok,
        "the test may raise its own file limit (it runs as root)"
    );
}

fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

#[tokio::test]
async fn addresses_that_are_no_page_answer_404_with_the_app_page() {
    let server = common::start();
    let http = reqwest::Client::new();
    for (path, status) in [
        ("/nope", 404),
        ("/activities/khong-co-hoat-dong-nay", 404),
        ("/activities/chung-thuc-chu-ky-so", 200),
        ("/about", 200),
        ("/initiatives/new", 200),
    ] {
        let res = http
            .get(format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{path}");
        let page = res.text().await.unwrap();
        assert!(page.contains("<html"), "{path} answers the app's page");
    }
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address() {
    let server = common::start_with(
        &[],
        &[
            ("METRICS_LISTEN", "127.0.0.1:0"),
            ("RATE_LIMIT_PER_MINUTE", "1"),
            ("RATE_LIMIT_BURST", "1"),
        ],
    );
    let metrics = server.metrics_url();
    let http = reqwest::Client::new();
    http.get(format!("{}/api/plans/2022", server.url))
        .send()
        .await
        .unwrap();
    let (stored, _, _) = common::post_initiative(&http, &server.url, "metrics-0001", &[]).await;
    let (replayed, _, _) = common::post_initiative(&http, &server.url, "metrics-0001", &[]).await;
    let (limited, _, _) = common::post_initiative(&http, &server.url, "metrics-0002", &[]).await;
    assert_eq!((stored, replayed, limited), (201, 201, 429));
    let text = common::get_text(&http, &metrics).await;
    for line in [
        r#"dxday_http_requests_total{route="/api/plans/{year}",method="GET",status="200"} 1"#,
        r#"dxday_submissions_total{outcome="stored"} 1"#,
        r#"dxday_submissions_total{outcome="replayed"} 1"#,
        r#"dxday_submissions_total{outcome="rate_limited"} 1"#,
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    assert!(text.contains(
        r#"dxday_http_request_duration_seconds_bucket{route="/api/initiatives",method="POST",status="201",le="0.005"}"#
    ));
    // Not on the public address.
    let public = http
        .get(format!("{}/metrics", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404);
}

/// Each year's plan is made (written as JSON, compressed, indexed) when the server starts,
/// once for many visitors asking at the same time, and again only when that year's
/// approved initiatives change: a decision about another year does not make it again.
#[tokio::test]
async fn a_plan_is_made_at_start_and_again_only_when_its_initiatives_change() {
    const TOKEN: &str = "moderator-token-0123456789";
    let server = common::start_with(
        &[],
        &[
            ("METRICS_LISTEN", "127.0.0.1:0"),
            ("ADMIN_TOKENS", "lan=moderator-token-0123456789"),
        ],
    );
    let http = reqwest::Client::new();
    let made = |year: i32| {
        let (http, metrics) = (http.clone(), server.metrics_url());
        async move {
            let text = common::get_text(&http, &metrics).await;
            let name = format!("dxday_plans_made_total{{year=\"{year}\"}} ");
            text.lines()
                .find_map(|l| l.strip_prefix(&name))
                .map_or(0, |n| n.parse::<u64>().unwrap())
        }
    };
    let plans = |year: i32| {
        let http = http.clone();
        let url = format!("{}/api/plans/{year}", server.url);
        async move {
            let asks = (0..20).map(|_| {
                let (http, url) = (http.clone(), url.clone());
                tokio::spawn(async move { http.get(&url).send().await.unwrap().status() })
            });
            for ask in asks {
                assert_eq!(ask.await.unwrap(), 200);
            }
        }
    };
    plans(2022).await;
    plans(2025).await;
    assert_eq!((made(2022).await, made(2025).await), (1, 1));
    // An initiative approved for 2025: 2025's plan is made again, 2022's is not.
    let mut body = common::initiative(
        "Lớp kỹ năng số cho hội viên phụ nữ xã Tân Lập",
        "lan@example.vn",
        "",
    );
    body["plan_year"] = 2025.into();
    body["start_date"] = "2025-10-01".into();
    body["end_date"] = "2025-10-10".into();
    common::send_and_approve(&server.url, "made-once-0001", &body, TOKEN).await;
    plans(2022).await;
    plans(2025).await;
    assert_eq!((made(2022).await, made(2025).await), (1, 2));
    let plan = common::get_json(&http, &format!("{}/api/plans/2025", server.url)).await;
    assert!(plan.to_string().contains("Tân Lập"));
}

#[tokio::test]
async fn a_database_outage_makes_the_instance_unready_not_dead_and_is_counted() {
    let pg = common::OwnPostgres::start();
    let server = common::start_with(
        &["--database-url", &pg.url()],
        &[("METRICS_LISTEN", "127.0.0.1:0")],
    );
    let http = reqwest::Client::new();
    let status = |path: &'static str| {
        let (http, url) = (http.clone(), server.url.clone());
        async move {
            http.get(format!("{url}{path}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(status("/api/health/live").await, 200);
    assert_eq!(status("/api/health/ready").await, 200);
    pg.stop();
    assert_eq!(status("/api/health/live").await, 200);
    assert_eq!(status("/api/health/ready").await, 503);
    assert_eq!(status("/api/health").await, 503);
    let (refused, _, _) = common::post_initiative(&http, &server.url, "outage-0001", &[]).await;
    assert_eq!(refused, 503);
    let text = http
        .get(server.metrics_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("dxday_database_errors_total{") && !l.ends_with(" 0")),
        "{text}"
    );
    pg.start_again();
    let mut ready = 0;
    for _ in 0..50 {
        ready = status("/api/health/ready").await;
        if ready == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(ready, 200);
}

/// A backup taken while submissions keep coming holds every one acknowledged before it
/// began, and a server started on the copy finds them all.
#[tokio::test]
async fn an_online_backup_holds_every_acknowledged_submission() {
    let server = common::start_with(&[], &[("RATE_LIMIT_PER_MINUTE", "0")]);
    let http = reqwest::Client::new();
    let mut before = Vec::new();
    for n in 0..40 {
        let (status, answer, _) =
            common::post_initiative(&http, &server.url, &format!("backup-{n:04}"), &[]).await;
        assert_eq!(status, 201);
        before.push(answer["tracking_code"].as_str().unwrap().to_owned());
    }
    // Submissions go on while the copy is taken.
    let (url, client) = (server.url.clone(), http.clone());
    let during = tokio::spawn(async move {
        for n in 0..60 {
            common::post_initiative(&client, &url, &format!("backup-during-{n:04}"), &[]).await;
        }
    });
    let copy = server.dir.path().join("copy.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dxday-server"))
        .args(["backup", copy.to_str().unwrap(), "--database-url"])
        .arg(&server.database_url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("backed up "));
    during.await.unwrap();
    let copy_url = format!("sqlite://{}", copy.display());
    assert_eq!(common::sqlite_integrity(&copy_url).await, "ok");
    let restored = common::start_with(&["--database-url", &copy_url], &[]);
    for code in &before {
        assert_eq!(
            common::track(&restored.url, code).await["status"],
            "pending"
        );
    }
    // A copy never overwrites a file, and PostgreSQL has its own tool.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_dxday-server"))
        .args(["backup", copy.to_str().unwrap(), "--database-url"])
        .arg(&server.database_url)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let pg = std::process::Command::new(env!("CARGO_BIN_EXE_dxday-server"))
        .args([
            "backup",
            "/tmp/never.db",
            "--database-url",
            "postgres://x@127.0.0.1:1/x",
        ])
        .output()
        .unwrap();
    assert!(!pg.status.success());
    assert!(String::from_utf8_lossy(&pg.stderr).contains("pg_dump"));
}

#[tokio::test]
async fn hsts_when_the_public_url_or_a_trusted_proxy_says_https() {
    let hsts = |server: &common::Server, headers: &[(&str, &str)]| {
        let mut r = reqwest::Client::new().get(format!("{}/api/health/live", server.url));
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        async move {
            r.send()
                .await
                .unwrap()
                .headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap().to_owned())
        }
    };
    let https = common::start_with(&[], &[("PUBLIC_URL", "https://dxday.example.gov.vn/")]);
    assert_eq!(hsts(&https, &[]).await.as_deref(), Some("max-age=31536000"));
    let plain = common::start_with(&[], &[("TRUSTED_PROXIES", "127.0.0.1")]);
    assert_eq!(hsts(&plain, &[]).await, None);
    assert!(
        hsts(&plain, &[("X-Forwarded-Proto", "https")])
            .await
            .is_some()
    );
    let untrusted = common::start();
    assert_eq!(
        hsts(&untrusted, &[("X-Forwarded-Proto", "https")]).await,
        None
    );
}
