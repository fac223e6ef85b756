//! Nothing acknowledged is lost: concurrent submissions, `kill -9` in the middle, restart;
//! every submission that got 201 is there, and the SQLite file is intact.

mod common;

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

on_both_databases!(every_acknowledged_submission_survives_kill_9);

fn body(n: usize) -> Value {
    json!({
        "title": format!("Sáng kiến số {n} cho người dân"),
        "description": "Tình nguyện viên hướng dẫn người dân dùng dịch vụ công trực tuyến tại nhà văn hóa.",
        "organizer_name": "Nhóm tình nguyện",
        "organizer_type": "nhom-cong-dong",
        "province": "hue",
        "start_date": "2026-12-01",
        "end_date": "2026-12-02",
        "contact_email": "tinh.nguyen@example.vn",
        "plan_year": 2022,
        "consent": true
    })
}

async fn every_acknowledged_submission_survives_kill_9(backend: common::Backend) {
    let env = [("RATE_LIMIT_PER_MINUTE", "0")];
    let mut server = common::start_on(backend, &env).await;
    let db_url = server.database_url.clone();
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let (client, url, acknowledged) =
            (client.clone(), server.url.clone(), acknowledged.clone());
        tasks.push(tokio::spawn(async move {
            for n in 0..10_000 {
                let res = client
                    .post(format!("{url}/api/initiatives"))
                    .header("Idempotency-Key", format!("crash-{worker}-{n:06}"))
                    .json(&body(n))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let v: Value = match r.json().await {
                            Ok(v) => v,
                            Err(_) => return,
                        };
                        acknowledged
                            .lock()
                            .unwrap()
                            .push(v["tracking_code"].as_str().unwrap().to_owned());
                    }
                    // The server is gone: this worker stops.
                    _ => return,
                }
            }
        }));
    }
    // Let the load run, then kill the process without any chance to clean up.
    while acknowledged.lock().unwrap().len() < 100 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for t in tasks {
        let _ = t.await;
    }
    let codes = acknowledged.lock().unwrap().clone();
    assert!(codes.len() >= 100);

    let restarted = common::start_with(&["--database-url", &db_url], &env);
    for code in &codes {
        let res = reqwest::get(format!("{}/api/initiatives/track/{code}", restarted.url))
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "acknowledged submission {code} is still there"
        );
    }
    if let common::Backend::Sqlite = backend {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&db_url).await.unwrap();
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
}
