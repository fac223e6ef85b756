//! Runs the real server binary for black-box tests: a fresh SQLite file (or the given
//! database URL), a small dist folder, a free port.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running server, killed when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The process.
    pub child: Child,
    /// Keeps the temporary folder (database, dist) alive.
    pub dir: tempfile::TempDir,
    /// The database it uses.
    pub database_url: String,
    /// Where its log lines go, when the test reads them (see [`start_logged`]).
    pub log: Option<PathBuf>,
    /// The lines it printed on stdout after the first ("metrics on …").
    pub stdout: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// A line of `/proc/PID/status` in KiB: `VmRSS` (resident now) or `VmHWM` (the peak).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server process is alive");
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("{field} in /proc/PID/status"))
    }

    /// Everything the server has logged so far.
    pub fn log_text(&self) -> String {
        let path = self.log.as_ref().expect("started with start_logged");
        std::fs::read_to_string(path).unwrap_or_default()
    }

    /// The metrics address it printed (`http://ADDR/metrics`), waiting up to 10 s for it.
    pub fn metrics_url(&self) -> String {
        for _ in 0..100 {
            let lines = self.stdout.lock().unwrap().clone();
            if let Some(url) = lines.iter().find_map(|l| l.strip_prefix("metrics on ")) {
                return url.trim().to_owned();
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the server printed no metrics address")
    }

    /// True while the process runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The repository's `data/plans`, found when the test runs (cargo sets `CARGO_MANIFEST_DIR`
/// then too): a test binary built from another checkout that shares the target folder, and
/// found up to date by cargo, must read this checkout's files, not that one's.
pub fn plans_dir() -> PathBuf {
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test");
    PathBuf::from(crate_dir).join("../../data/plans")
}

/// Starts the server with an SQLite file in a fresh folder.
pub fn start() -> Server {
    start_with(&[], &[])
}

/// Starts the server with extra flags and environment.
pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
    spawn(&[], args, env, false)
}

/// Like [`start_with`], with the server's open-file limit (`ulimit -n`) set to `files`.
pub fn start_with_file_limit(files: u32, args: &[&str], env: &[(&str, &str)]) -> Server {
    spawn_as(
        &["prlimit", &format!("--nofile={files}:{files}"), "--"],
        &[],
        args,
        env,
        false,
    )
}

/// Like [`start_with`], with more built files (path in dist, content): the server reads
/// the build once, at start.
pub fn start_with_files(files: &[(&str, &[u8])], args: &[&str], env: &[(&str, &str)]) -> Server {
    spawn(files, args, env, false)
}

/// Like [`start_with`], with its log lines kept in a file the test reads
/// ([`Server::log_text`]); `RUST_LOG` is `debug` unless `env` says otherwise.
pub fn start_logged(args: &[&str], env: &[(&str, &str)]) -> Server {
    spawn(&[], args, env, true)
}

fn spawn(files: &[(&str, &[u8])], args: &[&str], env: &[(&str, &str)], keep_log: bool) -> Server {
    spawn_as(&[], files, args, env, keep_log)
}

/// Starts the server binary, through the command `wrapper` when it is not empty.
fn spawn_as(
    wrapper: &[&str],
    files: &[(&str, &[u8])],
    args: &[&str],
    env: &[(&str, &str)],
    keep_log: bool,
) -> Server {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><html lang=\"vi\"><head><title>Ngày Chuyển đổi số quốc gia</title></head><body><main><!--plan-overview <h1 id=\"plan-name\">{name}</h1><p>{year}: <q>{theme}</q></p> --></main></body></html>",
    )
    .unwrap();
    // The forms' page: the same head, its own loader (told apart here by a comment).
    std::fs::write(
        dist.join("forms.html"),
        "<!DOCTYPE html><html lang=\"vi\"><head><title>Ngày Chuyển đổi số quốc gia</title><base href=\"./\"></head><body><!-- forms --></body></html>",
    )
    .unwrap();
    // A built script with its brotli form, as scripts/compress.mjs leaves them.
    let script = "export default 1;".repeat(20);
    std::fs::write(dist.join("dxday-0123456789abcdef.js"), &script).unwrap();
    let mut brotli = Vec::new();
    brotli::BrotliCompress(
        &mut script.as_bytes(),
        &mut brotli,
        &brotli::enc::BrotliEncoderParams::default(),
    )
    .unwrap();
    std::fs::write(dist.join("dxday-0123456789abcdef.js.br"), brotli).unwrap();
    for (path, content) in files {
        let path = dist.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let db = format!("sqlite://{}", dir.path().join("test.db").display());
    let binary = env!("CARGO_BIN_EXE_dxday-server");
    let mut cmd = match wrapper.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(binary);
            c
        }
        None => Command::new(binary),
    };
    // A test that restarts a server at the same address names it (`--listen`).
    if !args.contains(&"--listen") {
        cmd.args(["--listen", "127.0.0.1:0"]);
    }
    cmd.arg("--dist")
        .arg(&dist)
        .arg("--plans")
        .arg(plans_dir())
        .args(args)
        .env("RUST_LOG", if keep_log { "debug" } else { "warn" })
        .stdout(Stdio::piped());
    let log = keep_log.then(|| dir.path().join("server.log"));
    match &log {
        Some(path) => cmd.stderr(std::fs::File::create(path).expect("a log file")),
        None => cmd.stderr(Stdio::inherit()),
    };
    let database_url = match args.iter().position(|a| *a == "--database-url") {
        Some(i) => args[i + 1].to_owned(),
        None => {
            cmd.args(["--database-url", &db]);
            db.clone()
        }
    };
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    let mut reader = BufReader::new(stdout);
    reader
        .read_line(&mut line)
        .expect("the server prints its address");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    // Keep reading stdout so that the server never blocks on a full pipe.
    let stdout = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let lines = stdout.clone();
    std::thread::spawn(move || {
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            lines.lock().unwrap().push(std::mem::take(&mut line));
        }
    });
    Server {
        url,
        child,
        dir,
        database_url,
        log,
        stdout,
    }
}

/// One raw HTTP/1.1 request, written byte for byte as given (no client normalises `..`
/// or percent signs away): the status code and the whole answer as text.
pub fn raw_request(url: &str, request_line: &str, extra_headers: &str) -> (u16, String) {
    use std::io::Write;
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("the server accepts a connection");
    write!(
        stream,
        "{request_line}\r\nHost: {addr}\r\nConnection: close\r\n{extra_headers}\r\n"
    )
    .unwrap();
    read_answer(&mut stream)
}

/// Reads a raw connection to its end: the status code (0 when none came) and the answer.
pub fn read_answer(stream: &mut std::net::TcpStream) -> (u16, String) {
    use std::io::Read;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A valid submission with the given title and contact details.
pub fn initiative(title: &str, email: &str, phone: &str) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "description": "Tình nguyện viên hướng dẫn người cao tuổi cài đặt và dùng ứng dụng dịch vụ công trên điện thoại.",
        "organizer_name": "Nhóm tình nguyện phường Láng Thượng",
        "organizer_type": "nhom-cong-dong",
        "province": "ha-noi",
        "start_date": "2026-12-01",
        "end_date": "2026-12-10",
        "contact_email": email,
        "contact_phone": phone,
        "plan_year": 2022,
        "consent": true
    })
}

/// Counts the stored initiatives, straight from the database.
/// What the public tracking page says of `code`: the JSON answer of
/// `GET /api/initiatives/track/{code}`.
pub async fn track(url: &str, code: &str) -> serde_json::Value {
    reqwest::get(format!("{url}/api/initiatives/track/{code}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn count_initiatives(database_url: &str) -> i64 {
    use sqlx::Connection;
    if database_url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(database_url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM initiatives")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(database_url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM initiatives")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }
}

/// `PRAGMA integrity_check` of an SQLite file.
pub async fn sqlite_integrity(database_url: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(database_url).await.unwrap();
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// A PostgreSQL server of the test's own, which it may stop and start (the shared one of
/// `DXDAY_TEST_POSTGRES_URL` must keep running for the other tests). Needs root, like
/// scripts/test.sh: the server runs as the `postgres` user.
pub struct OwnPostgres {
    dir: tempfile::TempDir,
    port: u16,
}

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

impl OwnPostgres {
    /// initdb and start on a free port.
    pub fn start() -> OwnPostgres {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let run = |args: &[&str]| {
            let ok = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .args(args)
                .stdout(Stdio::null())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(
                ok,
                "runuser -u postgres -- {args:?} (the tests run as root, with PostgreSQL 15 installed)"
            );
        };
        Command::new("chown")
            .arg("postgres")
            .arg(dir.path())
            .status()
            .expect("chown");
        let data = dir.path().join("data");
        run(&[
            &format!("{PG_BIN}/initdb"),
            "-D",
            data.to_str().unwrap(),
            "-A",
            "trust",
            "-U",
            "postgres",
        ]);
        let pg = OwnPostgres { dir, port };
        pg.start_again();
        pg
    }

    fn pg_ctl(&self, action: &[&str]) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("log");
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.path().display()
        );
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--", &format!("{PG_BIN}/pg_ctl"), "-D"])
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-o", &opts])
            .args(action)
            .stdout(Stdio::null());
        assert!(
            cmd.status().map(|s| s.success()).unwrap_or(false),
            "pg_ctl {action:?}"
        );
    }

    /// Starts the server (again).
    pub fn start_again(&self) {
        self.pg_ctl(&["start"]);
    }

    /// Stops it, closing every connection.
    pub fn stop(&self) {
        self.pg_ctl(&["-m", "fast", "stop"]);
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--", &format!("{PG_BIN}/pg_ctl"), "-D"])
            .arg(&data)
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server named by `DXDAY_TEST_POSTGRES_URL`
    /// (scripts/test.sh starts a throwaway one).
    Postgres,
}

/// A new, empty PostgreSQL database on the test server, by URL.
pub async fn fresh_postgres_database() -> String {
    let admin_url = std::env::var("DXDAY_TEST_POSTGRES_URL")
        .expect("DXDAY_TEST_POSTGRES_URL names the test PostgreSQL (scripts/test.sh starts one)");
    let name = format!("dxday_test_{}", std::process::id()) + &format!("_{}", rand_suffix());
    let pool = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("the test PostgreSQL answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .expect("a test database is created");
    pool.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a URL with a database name");
    format!("{base}/{name}")
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{}", NEXT.fetch_add(1, Ordering::Relaxed), nanos)
}

/// Starts the server on `backend` with extra environment.
pub async fn start_on(backend: Backend, env: &[(&str, &str)]) -> Server {
    match backend {
        Backend::Sqlite => start_with(&[], env),
        Backend::Postgres => {
            let url = fresh_postgres_database().await;
            start_with(&["--database-url", &url], env)
        }
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn on_sqlite() {
                    super::$name(super::common::Backend::Sqlite).await;
                }
                #[tokio::test]
                async fn on_postgres() {
                    super::$name(super::common::Backend::Postgres).await;
                }
            }
        )*
    };
}

/// A client whose connections come from the loopback address `127.0.0.{host}`.
pub fn client_from(host: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, host]))
        .build()
        .unwrap()
}

/// Sends one valid submission with `key` through `client` to `url`; the status, the answer
/// and its Retry-After.
pub async fn post_initiative(
    client: &reqwest::Client,
    url: &str,
    key: &str,
    headers: &[(&str, String)],
) -> (u16, serde_json::Value, Option<u64>) {
    let mut request = client
        .post(format!("{url}/api/initiatives"))
        .header("Idempotency-Key", key)
        .json(&initiative(
            "Hướng dẫn người cao tuổi dùng dịch vụ công",
            "lan.nguyen@example.vn",
            "",
        ));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let res = request.send().await.unwrap();
    let status = res.status().as_u16();
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (status, res.json().await.unwrap_or_default(), retry_after)
}

/// The text answer of a GET.
pub async fn get_text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// The JSON answer of a GET.
pub async fn get_json(client: &reqwest::Client, url: &str) -> serde_json::Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// The id of the oldest submission waiting for moderation on the server at `url`.
pub async fn first_pending_id(url: &str, token: &str) -> String {
    let queue: serde_json::Value = reqwest::Client::new()
        .get(format!("{url}/api/admin/initiatives"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    queue["items"][0]["id"].as_str().unwrap().to_owned()
}

/// Sends `body` as a new initiative to the server at `url` (201 expected), and a moderator
/// with `token` approves it (200 expected); its id.
pub async fn send_and_approve(
    url: &str,
    key: &str,
    body: &serde_json::Value,
    token: &str,
) -> String {
    let sent = reqwest::Client::new()
        .post(format!("{url}/api/initiatives"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let id = first_pending_id(url, token).await;
    assert_eq!(approve(url, &id, token).await, 200);
    id
}

/// A moderator approves `id` on the server at `url`; the answer's status.
pub async fn approve(url: &str, id: &str, token: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{url}/api/admin/initiatives/{id}/decision"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "decision": "approve" }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
