//! Storage faults: a full disk, a read-only database, PostgreSQL stopped and started
//! again. Submissions are answered 503 with nothing acknowledged, the plan and the
//! explorer keep being served, and the service recovers on its own when storage does.
//!
//! These tests change the machine's state the way a real fault does, so they need root
//! (as scripts/test.sh runs in CI): a small tmpfs is mounted and filled for the full disk;
//! `chattr +i` makes the SQLite files immutable for the read-only case (root ignores file
//! modes, and a file already open stays writable after chmod, but not after chattr);
//! PostgreSQL is a private instance the test stops and starts.

mod common;

use serde_json::Value;
use std::process::Command;

on_both_databases!(a_read_only_database_refuses_submissions_with_503_and_keeps_serving_the_plan);

fn submission(n: usize) -> Value {
    common::initiative(
        &format!("Hướng dẫn dịch vụ công trực tuyến số {n}"),
        "lan.nguyen@example.vn",
        "0912 345 678",
    )
}

async fn submit(url: &str, key: &str, body: &Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(format!("{url}/api/initiatives"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("the server answers");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The plan, the explorer's calendar feed and the app itself all answer 200.
async fn the_plan_and_the_explorer_are_served(url: &str) {
    for path in [
        "/",
        "/initiatives/new",
        "/api/plans",
        "/api/plans/2022",
        "/api/calendar.ics?group=bo-tttt",
    ] {
        let res = reqwest::get(format!("{url}{path}")).await.unwrap();
        assert_eq!(res.status(), 200, "{path} is still served");
    }
    // Many readers at once, as on a busy day: the server opens more database connections,
    // some of them while the fault lasts.
    let plans: Vec<_> = (0..16)
        .map(|_| tokio::spawn(reqwest::get(format!("{url}/api/plans/2022"))))
        .collect();
    for plan in plans {
        assert_eq!(
            plan.await.unwrap().unwrap().status(),
            200,
            "the plan under load"
        );
    }
}

/// Five submissions, each answered 503 `storage_unavailable`.
async fn submissions_are_refused(url: &str, keys: &[String]) {
    for (n, key) in keys.iter().enumerate() {
        let (status, body) = submit(url, key, &submission(n)).await;
        assert_eq!(status, 503, "{key}: {body}");
        assert_eq!(body["error"], "storage_unavailable");
    }
}

/// After the fault the same keys are accepted: a 503 consumed nothing.
async fn the_same_submissions_are_accepted(url: &str, keys: &[String]) {
    for (n, key) in keys.iter().enumerate() {
        let (status, body) = submit(url, key, &submission(n)).await;
        assert_eq!(status, 201, "{key} once storage is back: {body}");
    }
}

fn keys(prefix: &str) -> Vec<String> {
    (0..5).map(|i| format!("{prefix}-{i:04}")).collect()
}

fn run(cmd: &str, args: &[&str]) {
    let status = Command::new(cmd).args(args).status();
    assert!(
        status.map(|s| s.success()).unwrap_or(false),
        "{cmd} {args:?} (these fault tests need root, as in CI)"
    );
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        run(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                dir.path().to_str().unwrap(),
            ],
        );
        SmallDisk(dir)
    }

    /// Writes a file until the disk refuses another byte.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.0.path().join("filler")).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).and_then(|()| f.flush()).is_ok() {}
        let _ = f.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(self.0.path().join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0.path()).status();
    }
}

#[tokio::test]
async fn a_full_disk_refuses_submissions_with_503_and_keeps_serving_the_plan() {
    let disk = SmallDisk::mount("4m");
    let db = format!("sqlite://{}", disk.0.path().join("dxday.db").display());
    let mut server = common::start_with(
        &["--database-url", &db],
        &[("RATE_LIMIT_PER_MINUTE", "0"), MODERATOR_ENV],
    );
    let (status, _) = submit(&server.url, "full-disk-before", &submission(99)).await;
    assert_eq!(status, 201, "the disk has room at first");

    disk.fill();
    let refused = keys("full-disk");
    submissions_are_refused(&server.url, &refused).await;
    the_plan_and_the_explorer_are_served(&server.url).await;
    // Moderators can read the queue, and a decision is refused like a submission.
    let before = pending_ids(&server.url).await;
    assert_eq!(before.len(), 1);
    assert_eq!(approve(&server.url, &before[0]).await, 503);

    disk.free();
    the_same_submissions_are_accepted(&server.url, &refused).await;
    every_decision_is_recorded(&server.url, 6).await;
    assert!(server.is_running(), "the service never went down");
    drop(server);
    assert_eq!(common::count_initiatives(&db).await, 6);
    assert_eq!(common::sqlite_integrity(&db).await, "ok");
}

/// Sets or clears the immutable flag on the SQLite file and its write-ahead log, the two
/// files that hold data. (The `-shm` file is shared memory between connections, written
/// through a memory map, not data on disk.)
fn sqlite_files_immutable(db_path: &std::path::Path, on: bool) {
    let flag = if on { "+i" } else { "-i" };
    for suffix in ["", "-wal"] {
        let file = format!("{}{suffix}", db_path.display());
        if std::path::Path::new(&file).exists() {
            run("chattr", &[flag, &file]);
        }
    }
}

/// Sets `default_transaction_read_only` on the server's database and closes its
/// connections, so that every new one is read-only (as on a replica, or a full server
/// that was switched read-only).
async fn postgres_read_only(database_url: &str, on: bool) {
    let admin_url = std::env::var("DXDAY_TEST_POSTGRES_URL").unwrap();
    let name = database_url.rsplit('/').next().unwrap();
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    let setting = if on { "on" } else { "off" };
    sqlx::query(&format!(
        "ALTER DATABASE {name} SET default_transaction_read_only = {setting}"
    ))
    .execute(&admin)
    .await
    .unwrap();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(name)
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
}

const MODERATOR: &str = "Bearer moderator-token-0123456789";
const MODERATOR_ENV: (&str, &str) = ("ADMIN_TOKENS", "lan=moderator-token-0123456789");

/// A moderator's decision on `id`: its status code.
async fn approve(url: &str, id: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{url}/api/admin/initiatives/{id}/decision"))
        .header("Authorization", MODERATOR)
        .json(&serde_json::json!({ "decision": "approve" }))
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

/// After the fault, a moderator approves the `count` initiatives waiting, each on the first
/// try: none of the decisions meets a connection opened read-only while the fault lasted.
async fn every_decision_is_recorded(url: &str, count: usize) {
    let pending = pending_ids(url).await;
    assert_eq!(pending.len(), count);
    for id in &pending {
        assert_eq!(approve(url, id).await, 200, "the decision on {id}");
    }
    assert!(pending_ids(url).await.is_empty());
}

/// The ids of the initiatives waiting for a decision.
async fn pending_ids(url: &str) -> Vec<String> {
    let queue: Value = reqwest::Client::new()
        .get(format!("{url}/api/admin/initiatives?status=pending"))
        .header("Authorization", MODERATOR)
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("the queue is JSON");
    queue["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_read_only_database_refuses_submissions_with_503_and_keeps_serving_the_plan(
    backend: common::Backend,
) {
    let mut server =
        common::start_on(backend, &[("RATE_LIMIT_PER_MINUTE", "0"), MODERATOR_ENV]).await;
    let db_path = server.dir.path().join("test.db");
    let (status, _) = submit(&server.url, "read-only-before", &submission(99)).await;
    assert_eq!(status, 201);

    match backend {
        common::Backend::Sqlite => sqlite_files_immutable(&db_path, true),
        common::Backend::Postgres => postgres_read_only(&server.database_url, true).await,
    }
    let refused = keys("read-only");
    submissions_are_refused(&server.url, &refused).await;
    the_plan_and_the_explorer_are_served(&server.url).await;
    // Moderators can read the queue, and a decision is refused like a submission.
    let before = pending_ids(&server.url).await;
    assert_eq!(before.len(), 1);
    assert_eq!(approve(&server.url, &before[0]).await, 503);

    match backend {
        common::Backend::Sqlite => sqlite_files_immutable(&db_path, false),
        common::Backend::Postgres => postgres_read_only(&server.database_url, false).await,
    }
    the_same_submissions_are_accepted(&server.url, &refused).await;
    every_decision_is_recorded(&server.url, 6).await;
    assert!(server.is_running());
    assert_eq!(common::count_initiatives(&server.database_url).await, 6);
    if let common::Backend::Sqlite = backend {
        assert_eq!(common::sqlite_integrity(&server.database_url).await, "ok");
    }
}

#[tokio::test]
async fn postgresql_stopped_and_started_again_is_used_again_without_restarting_the_service() {
    let pg = common::OwnPostgres::start();
    let mut server = common::start_with(
        &["--database-url", &pg.url()],
        &[("RATE_LIMIT_PER_MINUTE", "0")],
    );
    let pid = server.child.id();
    let (status, before) = submit(&server.url, "pg-restart-before", &submission(99)).await;
    assert_eq!(status, 201);

    pg.stop();
    let refused = keys("pg-down");
    submissions_are_refused(&server.url, &refused[..2]).await;
    let health = reqwest::get(format!("{}/api/health", server.url))
        .await
        .unwrap();
    assert_eq!(health.status(), 503, "health says the storage is down");
    the_plan_and_the_explorer_are_served(&server.url).await;

    pg.start_again();
    // The pool notices on its own: health turns 200 without anyone restarting the service.
    let mut healthy = false;
    for _ in 0..120 {
        let res = reqwest::get(format!("{}/api/health", server.url)).await;
        if res.map(|r| r.status() == 200).unwrap_or(false) {
            healthy = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(healthy, "the service reconnects to PostgreSQL by itself");
    the_same_submissions_are_accepted(&server.url, &refused).await;
    assert!(server.is_running());
    assert_eq!(server.child.id(), pid, "the same process, never restarted");
    let code = before["tracking_code"].as_str().unwrap();
    let tracked = reqwest::get(format!("{}/api/initiatives/track/{code}", server.url))
        .await
        .unwrap();
    assert_eq!(
        tracked.status(),
        200,
        "what was stored before the outage is there"
    );
    assert_eq!(common::count_initiatives(&pg.url()).await, 6);
}

/// Someone else's lock on the initiatives of the database at a URL, held until released: every
/// query of that table waits for it, and none fails.
struct InitiativesLock {
    pool: sqlx::PgPool,
    transaction: sqlx::Transaction<'static, sqlx::Postgres>,
}

impl InitiativesLock {
    async fn take(database_url: &str) -> InitiativesLock {
        let pool = sqlx::PgPool::connect(database_url).await.unwrap();
        let mut transaction = pool.begin().await.unwrap();
        sqlx::query("LOCK TABLE initiatives IN ACCESS EXCLUSIVE MODE")
            .execute(&mut *transaction)
            .await
            .unwrap();
        InitiativesLock { pool, transaction }
    }

    async fn release(self) {
        self.transaction.rollback().await.unwrap();
        self.pool.close().await;
    }
}

/// A client that gives up after a minute, so that an answer that never comes fails the test
/// instead of hanging it.
fn patient_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A database that stops answering without failing: someone holds a lock on the
/// initiatives (a long migration, a stuck maintenance job). The service still starts, and
/// the plan, the explorer and the calendar feed are answered within the request limit,
/// without the community initiatives, rather than waiting for the lock to go.
#[tokio::test]
async fn a_database_that_does_not_answer_does_not_hold_up_the_plan() {
    let url = common::fresh_postgres_database().await;
    // A first start makes the tables.
    drop(common::start_with(&["--database-url", &url], &[]));
    let lock = InitiativesLock::take(&url).await;

    // Started apart, so that a server that never starts fails the test instead of hanging it.
    let (started, server) = std::sync::mpsc::channel();
    let database = url.clone();
    std::thread::spawn(move || {
        let server = common::start_with(
            &["--database-url", &database],
            &[("REQUEST_TIMEOUT_SECONDS", "2")],
        );
        let _ = started.send(server);
    });
    let server = server
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the service starts while the database does not answer");
    let client = patient_client();
    for _ in 0..2 {
        let plan: Value = client
            .get(format!("{}/api/plans/2022", server.url))
            .send()
            .await
            .expect("the plan is answered")
            .json()
            .await
            .expect("the plan is JSON");
        assert!(
            plan["activities"].as_array().is_some_and(|a| !a.is_empty()),
            "{plan}"
        );
        for path in ["/", "/api/calendar.ics?group=bo-tttt"] {
            let res = client
                .get(format!("{}{path}", server.url))
                .send()
                .await
                .expect("the page is answered");
            assert_eq!(res.status(), 200, "{path}");
        }
        // Past the one second a plan made without the database is kept: asked again.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    lock.release().await;
}

/// The community initiatives already in the plan stay there while the database does not
/// answer: the plan kept is served, not one without them.
#[tokio::test]
async fn a_database_that_does_not_answer_leaves_the_approved_initiatives_in_the_plan() {
    let url = common::fresh_postgres_database().await;
    let server = common::start_with(
        &["--database-url", &url],
        &[
            ("REQUEST_TIMEOUT_SECONDS", "2"),
            ("RATE_LIMIT_PER_MINUTE", "0"),
            MODERATOR_ENV,
        ],
    );
    let token = MODERATOR.trim_start_matches("Bearer ");
    let community = |plan: &Value| -> Vec<String> {
        plan["activities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["group"] == "cong-dong")
            .map(|a| a["title"]["vi"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let client = patient_client();
    let plan = || async {
        client
            .get(format!("{}/api/plans/2022", server.url))
            .send()
            .await
            .expect("the plan is answered")
            .json::<Value>()
            .await
            .expect("the plan is JSON")
    };
    common::send_and_approve(&server.url, "kept-first-0001", &submission(1), token).await;
    let first = community(&plan().await);
    assert_eq!(first.len(), 1, "{first:?}");
    // A second decision: the next request asks the database again, and it does not answer.
    common::send_and_approve(&server.url, "kept-second-001", &submission(2), token).await;
    let lock = InitiativesLock::take(&url).await;
    assert_eq!(community(&plan().await), first);
    lock.release().await;
    // Once it answers again, both are there.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(community(&plan().await).len(), 2);
}

/// Queries stuck behind someone's lock end at the request limit in the database too, not
/// only for the client: the connections they held go back to the pool, and the service
/// stays ready while the lock is still there, however many requests were caught by it.
#[tokio::test]
async fn queries_caught_by_a_lock_give_their_connections_back_at_the_request_limit() {
    let url = common::fresh_postgres_database().await;
    let server = common::start_with(
        &["--database-url", &url],
        &[
            ("REQUEST_TIMEOUT_SECONDS", "2"),
            ("RATE_LIMIT_PER_MINUTE", "0"),
        ],
    );
    let lock = InitiativesLock::take(&url).await;
    // More tracking requests than the pool has connections (16), each one a query of the
    // locked table.
    let client = patient_client();
    let mut requests = tokio::task::JoinSet::new();
    for n in 0..24 {
        let client = client.clone();
        let url = format!("{}/api/initiatives/track/CDS-LOCKED-{n:04}", server.url);
        requests.spawn(async move { client.get(url).send().await.unwrap().status().as_u16() });
    }
    let caught: Vec<u16> = requests.join_all().await;
    assert!(
        caught.iter().all(|s| *s == 408 || *s == 503),
        "each caught request is answered as not done: {caught:?}"
    );
    // The database no longer has any of the service's queries waiting on the lock (the
    // holder's own connection is not waiting).
    let watcher = sqlx::PgPool::connect(&url).await.unwrap();
    let mut waiting = i64::MAX;
    for _ in 0..40 {
        waiting = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&watcher)
        .await
        .unwrap();
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(waiting, 0, "queries still waiting on the lock");
    let ready = client
        .get(format!("{}/api/health/ready", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200, "ready while the lock is still held");
    watcher.close().await;
    lock.release().await;
}
