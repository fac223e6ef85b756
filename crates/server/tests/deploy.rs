//! The deployment files as they ship: Debian's nginx with `deploy/nginx.conf` (its
//! certificate lines aside) in front of two instances on one PostgreSQL, under `/cds/`.
//! Clients come from distinct loopback addresses (127.x.y.z), as people from the country
//! would through the proxy.

mod common;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const ADMIN_ENV: (&str, &str) = ("ADMIN_TOKENS", "lan=moderator-token-0123456789");
const TOKEN: &str = "moderator-token-0123456789";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// nginx running our configuration, stopped when dropped.
struct Nginx {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: the master then stops its workers, which would otherwise
        // outlive it (and hold the test's output open).
        // SAFETY: kill sends a signal to the process we started.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> &'static str {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("nginx is installed (scripts/setup.sh test installs nginx-light)")
}

/// deploy/nginx.conf without its `# tls` lines, listening on a free loopback port, its
/// upstream pointing at the two instances.
fn start_nginx(a: u16, b: u16) -> Nginx {
    let shipped = std::fs::read_to_string(
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap())
            .join("../../deploy/nginx.conf"),
    )
    .expect("deploy/nginx.conf");
    let port = free_port();
    let site: String = shipped
        .lines()
        .filter(|l| !l.trim_end().ends_with("# tls"))
        .map(|l| {
            let l = l
                .replace("127.0.0.1:8080", &format!("127.0.0.1:{a}"))
                .replace("127.0.0.1:8081", &format!("127.0.0.1:{b}"));
            if l.trim() == "server_name dxday.example.gov.vn;" {
                format!("    listen 127.0.0.1:{port};\n{l}\n")
            } else {
                l + "\n"
            }
        })
        .collect();
    assert!(site.contains(&format!("listen 127.0.0.1:{port};")));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    std::fs::write(dir.path().join("dxday.conf"), site).unwrap();
    let main = format!(
        "user root; worker_processes 1; daemon off; pid {d}/nginx.pid; error_log {d}/error.log warn;\n\
         events {{ worker_connections 4096; }}\n\
         http {{ access_log off; client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
         include {d}/dxday.conf; }}\n"
    );
    let conf = dir.path().join("nginx.conf");
    std::fs::write(&conf, main).unwrap();
    let check = Command::new(nginx_binary())
        .args(["-t", "-p"])
        .arg(dir.path())
        .arg("-c")
        .arg(&conf)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let child = Command::new(nginx_binary())
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(&conf)
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx {
        child,
        url: format!("http://127.0.0.1:{port}/cds"),
        _dir: dir,
    }
}

fn instance(database: &str, port: u16) -> common::Server {
    let listen = format!("127.0.0.1:{port}");
    common::start_with(
        &["--database-url", database, "--listen", &listen],
        &[
            ADMIN_ENV,
            ("TRUSTED_PROXIES", "127.0.0.1"),
            ("PUBLIC_URL", "https://dxday.example.gov.vn/cds/"),
        ],
    )
}

/// Waits until the instance says it is ready.
async fn ready(server: &common::Server) {
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(format!("{}/cds/api/health/ready", server.url)).await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the instance did not become ready");
}

/// Stops an instance as systemd does (SIGTERM) and waits for it to exit.
fn stop(server: &mut common::Server) {
    // SAFETY: kill sends a signal to the process we started.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
    let status = server.child.wait().unwrap();
    assert!(
        status.success(),
        "the instance exits cleanly on SIGTERM: {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nginx_in_front_of_two_instances_on_one_postgresql() {
    let database = common::fresh_postgres_database().await;
    let (port_a, port_b) = (free_port(), free_port());
    let mut a = instance(&database, port_a);
    let mut b = instance(&database, port_b);
    let nginx = start_nginx(port_a, port_b);
    let site = nginx.url.clone();

    // 30 people from 30 addresses, one each: all stored.
    for n in 0..30 {
        let client = common::client_from(20 + n);
        let (status, _, _) =
            common::post_initiative(&client, &site, &format!("nginx-person-{n:03}"), &[]).await;
        assert_eq!(status, 201, "person {n}");
    }
    // One program on one address, 200 in a row, writing its own X-Forwarded-For on each:
    // at most 20 stored, the rest 429 with Retry-After.
    let program = common::client_from(77);
    let mut stored = 0;
    for n in 0..200 {
        let spoof = vec![("X-Forwarded-For", format!("192.0.2.{}", n % 250))];
        let (status, _, retry) =
            common::post_initiative(&program, &site, &format!("nginx-flood-{n:04}"), &spoof).await;
        match status {
            201 => stored += 1,
            429 => assert!(retry.is_some_and(|s| s >= 1)),
            other => panic!("flood answered {other}"),
        }
    }
    assert!((15..=20).contains(&stored), "{stored} of the flood stored");
    assert_eq!(common::count_initiatives(&database).await, 30 + stored);

    // The instances' compressed answers and their caching pass through nginx.
    let http = reqwest::Client::builder().no_brotli().build().unwrap();
    let plan = http
        .get(format!("{site}/api/plans/2022"))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(plan.status(), 200);
    assert_eq!(plan.headers()["content-encoding"], "br");
    assert!(plan.headers().contains_key("strict-transport-security"));
    let script = http
        .get(format!("{site}/dxday-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert!(
        script.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );

    // A decision through instance A is seen through instance B within a second.
    let moderator = reqwest::Client::new();
    let id = common::first_pending_id(&format!("{}/cds", a.url), TOKEN).await;
    let plan_b = || async {
        let plan = common::get_json(&moderator, &format!("{}/cds/api/plans/2022", b.url)).await;
        plan["activities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["source"]["initiative"] == id.as_str())
    };
    assert!(!plan_b().await);
    assert_eq!(
        common::approve(&format!("{}/cds", a.url), &id, TOKEN).await,
        200
    );
    let deadline = Instant::now() + Duration::from_secs(1);
    while !plan_b().await {
        assert!(Instant::now() < deadline, "B does not show A's decision");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // A rolling restart while 8 clients submit: A, then B, stopped with SIGTERM and
    // started again. Each client does what the app's outbox does: a 5xx, 409 or 429 is
    // tried again with the same key; anything else is a failure.
    let running = Arc::new(AtomicBool::new(true));
    let mut clients = Vec::new();
    for c in 0..8u8 {
        let (site, running) = (site.clone(), running.clone());
        clients.push(tokio::spawn(async move {
            let mut acknowledged = HashMap::new();
            let mut retried: HashMap<u16, usize> = HashMap::new();
            let mut n = 0u32;
            while running.load(Ordering::Relaxed) {
                n += 1;
                // A person of their own for each submission, so the limit is not what
                // is tested here.
                let client = reqwest::Client::builder()
                    .local_address(std::net::IpAddr::from([
                        127,
                        1 + c,
                        (n / 250) as u8,
                        (n % 250 + 1) as u8,
                    ]))
                    .build()
                    .unwrap();
                let key = format!("rolling-{c}-{n:05}");
                loop {
                    let (status, answer, _) =
                        common::post_initiative(&client, &site, &key, &[]).await;
                    match status {
                        201 => {
                            let code = answer["tracking_code"].as_str().unwrap().to_owned();
                            acknowledged.insert(key, code);
                            break;
                        }
                        409 | 429 | 500..=599 => {
                            *retried.entry(status).or_insert(0) += 1;
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        other => panic!("client {c}: {key} answered {other}: {answer}"),
                    }
                }
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
            (acknowledged, retried)
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    // As an operator does it: the next instance stops once the restarted one is ready
    // and nginx has had its second (fail_timeout) to take it back.
    stop(&mut a);
    let a = instance(&database, port_a);
    ready(&a).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop(&mut b);
    let b = instance(&database, port_b);
    ready(&b).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    running.store(false, Ordering::Relaxed);
    let mut acknowledged = HashMap::new();
    let mut retried: HashMap<u16, usize> = HashMap::new();
    for c in clients {
        let (acks, r) = c.await.unwrap();
        acknowledged.extend(acks);
        for (status, n) in r {
            *retried.entry(status).or_insert(0) += n;
        }
    }
    assert!(
        acknowledged.len() > 50,
        "{} acknowledged",
        acknowledged.len()
    );
    eprintln!(
        "rolling restart: {} submissions acknowledged, retried by the clients: {retried:?}",
        acknowledged.len()
    );
    // Every acknowledged one is stored, once: the database holds exactly the earlier
    // ones and these.
    assert_eq!(
        common::count_initiatives(&database).await,
        30 + stored + acknowledged.len() as i64,
        "(retries: {retried:?})"
    );
    for code in acknowledged.values() {
        let tracked = common::track(&format!("{}/cds", b.url), code).await;
        assert_eq!(tracked["status"], "pending", "{code}");
    }
    drop((a, b, nginx));
}
