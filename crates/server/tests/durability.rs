//! Nothing acknowledged is lost and nothing retried is doubled: twenty times over, eight
//! clients submit at once, the server is killed with `kill -9` in the middle, and comes
//! back on the same database. The clients then resend every submission that got no answer
//! with its same Idempotency-Key (as the app's outbox does), and some that did.

mod common;

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

on_both_databases!(
    twenty_kill_9_restarts_lose_no_acknowledged_submission_and_double_no_retried_key
);

const CYCLES: usize = 20;
const CLIENTS: usize = 8;
/// Submissions acknowledged in a cycle before the kill.
const PER_CYCLE: usize = 40;

fn body(key: &str) -> Value {
    json!({
        "title": format!("Sáng kiến {key} cho người dân"),
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

/// What the clients know: the answer each key got, and the keys sent without an answer.
#[derive(Default)]
struct Ledger {
    /// Key → the 201 body (id and tracking code).
    acknowledged: BTreeMap<String, Value>,
    /// Sent, but the server died before answering.
    unanswered: BTreeSet<String>,
}

async fn send(client: &reqwest::Client, url: &str, key: &str) -> Option<(u16, Value)> {
    let res = client
        .post(format!("{url}/api/initiatives"))
        .header("Idempotency-Key", key)
        .json(&body(key))
        .send()
        .await
        .ok()?;
    let status = res.status().as_u16();
    let value = res.json().await.ok()?;
    Some((status, value))
}

async fn twenty_kill_9_restarts_lose_no_acknowledged_submission_and_double_no_retried_key(
    backend: common::Backend,
) {
    let env = [("RATE_LIMIT_PER_MINUTE", "0")];
    let first = common::start_on(backend, &env).await;
    let db_url = first.database_url.clone();
    let mut server = Some(first);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let client = reqwest::Client::new();
    let mut retried_after_answer = 0;
    let mut killed = Vec::new();
    let (mut resent, mut still_in_flight) = (0, 0);
    let started = std::time::Instant::now();
    for cycle in 0..=CYCLES {
        let running = match server.take() {
            Some(s) => s,
            None => common::start_with(&["--database-url", &db_url], &env),
        };
        // The outbox resends what got no answer; a few acknowledged ones are resent too,
        // as a client that lost the answer on its way would.
        let unanswered: Vec<String> = std::mem::take(&mut ledger.lock().unwrap().unanswered)
            .into_iter()
            .collect();
        for key in unanswered {
            resent += 1;
            let (status, answer) = send(&client, &running.url, &key)
                .await
                .expect("the restarted server answers a retry");
            match status {
                201 => {
                    ledger.lock().unwrap().acknowledged.insert(key, answer);
                }
                // On PostgreSQL a key the killed process was storing on its own (not in a
                // batch: crate::pg_writer) stays "in flight" for a minute; the outbox tries
                // again later. Nothing is stored for it.
                409 => {
                    assert_eq!(answer["error"], "in_flight");
                    still_in_flight += 1;
                }
                other => panic!("a retry of {key} got {other}: {answer}"),
            }
        }
        let sample: Vec<(String, Value)> = ledger
            .lock()
            .unwrap()
            .acknowledged
            .iter()
            .rev()
            .take(3)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, first_answer) in sample {
            let (status, answer) = send(&client, &running.url, &key).await.unwrap();
            assert_eq!(status, 201, "{key} resent");
            assert_eq!(answer, first_answer, "{key} resent gets the first answer");
            retried_after_answer += 1;
        }
        if cycle == CYCLES {
            break;
        }

        let acknowledged_before = ledger.lock().unwrap().acknowledged.len();
        let mut tasks = Vec::new();
        for worker in 0..CLIENTS {
            let (client, url, ledger) = (client.clone(), running.url.clone(), ledger.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0.. {
                    let key = format!("crash-{cycle:02}-{worker}-{n:05}");
                    ledger.lock().unwrap().unanswered.insert(key.clone());
                    match send(&client, &url, &key).await {
                        Some((201, answer)) => {
                            let mut l = ledger.lock().unwrap();
                            l.unanswered.remove(&key);
                            l.acknowledged.insert(key, answer);
                        }
                        Some((status, answer)) => panic!("{key} got {status}: {answer}"),
                        // The server is gone: this client stops; the key stays unanswered.
                        None => return,
                    }
                }
            }));
        }
        while ledger.lock().unwrap().acknowledged.len() < acknowledged_before + PER_CYCLE {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // kill -9: no chance to flush, close or answer.
        let mut dying = running;
        dying.child.kill().unwrap();
        dying.child.wait().unwrap();
        for t in tasks {
            t.await.expect("a client task ends without panicking");
        }
        // Keep the killed server's folder (the first one holds the SQLite file).
        killed.push(dying);
    }

    let final_server = common::start_with(&["--database-url", &db_url], &env);
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    eprintln!(
        "{backend:?}: {CYCLES} kill -9 cycles in {:.1?}; {} acknowledged, {resent} unanswered resent ({still_in_flight} still in flight), {retried_after_answer} acknowledged resent",
        started.elapsed(),
        ledger.acknowledged.len()
    );
    assert!(ledger.acknowledged.len() >= CYCLES * PER_CYCLE);
    assert!(retried_after_answer >= CYCLES * 3);
    for (key, answer) in &ledger.acknowledged {
        let code = answer["tracking_code"].as_str().unwrap();
        let res = reqwest::get(format!("{}/api/initiatives/track/{code}", final_server.url))
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "acknowledged submission {key} is still there"
        );
    }
    // One row per acknowledged key: no retry stored a second copy. (A key the killed
    // process had only claimed answers 409 and has no row; every other unanswered key was
    // resent and is among the acknowledged.)
    let codes: BTreeSet<&str> = ledger
        .acknowledged
        .values()
        .map(|v| v["tracking_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.len(),
        ledger.acknowledged.len(),
        "one tracking code per key"
    );
    assert_eq!(
        common::count_initiatives(&db_url).await,
        ledger.acknowledged.len() as i64,
        "one stored initiative per acknowledged key"
    );
    if let common::Backend::Sqlite = backend {
        assert_eq!(common::sqlite_integrity(&db_url).await, "ok");
    }
}
