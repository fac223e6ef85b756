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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The repository's `data/plans`.
pub fn plans_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/plans")
}

/// Starts the server with an SQLite file in a fresh folder.
pub fn start() -> Server {
    start_with(&[], &[])
}

/// Starts the server with extra flags and environment.
pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><html lang=\"vi\"><head><title>Ngày Chuyển đổi số quốc gia</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dist.join("dxday-0123456789abcdef.js"), "export default 1;").unwrap();
    let db = format!("sqlite://{}", dir.path().join("test.db").display());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dxday-server"));
    cmd.args(["--listen", "127.0.0.1:0", "--dist"])
        .arg(&dist)
        .arg("--plans")
        .arg(plans_dir())
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
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
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server prints its address");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    Server {
        url,
        child,
        dir,
        database_url,
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
