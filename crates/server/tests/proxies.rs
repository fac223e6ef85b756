//! Behind a ministry's reverse proxy and on several instances: the client's real address,
//! limits that let people through and hold a flood, and decisions seen by every instance.

mod common;

use serde_json::Value;
use std::time::{Duration, Instant};

const ADMIN_ENV: (&str, &str) = ("ADMIN_TOKENS", "lan=moderator-token-0123456789");
const TOKEN: &str = "moderator-token-0123456789";
/// nginx on this machine reaches the instances from 127.0.0.1.
const PROXY_ENV: (&str, &str) = ("TRUSTED_PROXIES", "127.0.0.1");

fn forwarded_for(ip: String) -> Vec<(&'static str, String)> {
    vec![("X-Forwarded-For", ip)]
}

/// 30 people behind the proxy, each from an address of their own, send one each: all are
/// stored, with the default limit.
async fn thirty_people_behind_the_proxy_are_all_stored(backend: common::Backend) {
    let server = common::start_on(backend, &[PROXY_ENV]).await;
    let proxy = common::client_from(1);
    for i in 0..30u8 {
        let (status, _, _) = common::post_initiative(
            &proxy,
            &server.url,
            &format!("people-behind-proxy-{i:03}"),
            &forwarded_for(format!("203.0.113.{}", 10 + i)),
        )
        .await;
        assert_eq!(status, 201, "person {i}");
    }
    assert_eq!(common::count_initiatives(&server.database_url).await, 30);
}

/// One program on one address sends 200 in well under a minute: at most 20 are stored,
/// every other one gets 429 with a Retry-After.
async fn a_flood_from_one_address_is_held_to_twenty(backend: common::Backend) {
    let server = common::start_on(backend, &[PROXY_ENV]).await;
    let proxy = common::client_from(1);
    let statuses = flood(&proxy, &server.url, "flood", |_| {
        forwarded_for("198.51.100.7".into())
    })
    .await;
    let stored = statuses.iter().filter(|&&s| s == 201).count();
    assert!((15..=20).contains(&stored), "{stored} stored");
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 200 - stored);
    assert_eq!(
        common::count_initiatives(&server.database_url).await,
        stored as i64
    );
}

/// From a peer that is not a trusted proxy, a different X-Forwarded-For on every request
/// changes nothing: the peer is held like any other single address.
async fn spoofed_forwarding_headers_change_nothing(backend: common::Backend) {
    let server = common::start_on(backend, &[PROXY_ENV]).await;
    let spoofer = common::client_from(5);
    let statuses = flood(&spoofer, &server.url, "spoof", |n| {
        vec![
            ("X-Forwarded-For", format!("192.0.2.{}", n % 250)),
            ("Forwarded", format!("for=192.0.2.{}", n % 250)),
        ]
    })
    .await;
    let stored = statuses.iter().filter(|&&s| s == 201).count();
    assert!((15..=20).contains(&stored), "{stored} stored");
}

/// Sends 200 submissions one after another; their statuses. Every 429 carries Retry-After.
async fn flood(
    client: &reqwest::Client,
    url: &str,
    name: &str,
    headers: impl Fn(usize) -> Vec<(&'static str, String)>,
) -> Vec<u16> {
    let started = Instant::now();
    let mut statuses = Vec::new();
    for n in 0..200 {
        let (status, body, retry_after) =
            common::post_initiative(client, url, &format!("{name}-{n:04}"), &headers(n)).await;
        if status == 429 {
            assert_eq!(body["error"], "rate_limited");
            assert!(
                retry_after.is_some_and(|s| (1..=60).contains(&s)),
                "{retry_after:?}"
            );
        }
        statuses.push(status);
    }
    // The figures above are for one minute; a slower run would let more through.
    assert!(started.elapsed() < Duration::from_secs(60));
    statuses
}

on_both_databases!(
    thirty_people_behind_the_proxy_are_all_stored,
    a_flood_from_one_address_is_held_to_twenty,
    spoofed_forwarding_headers_change_nothing,
);

/// Two instances on one PostgreSQL: a flood spread over both is held to one limit.
#[tokio::test]
async fn the_limit_holds_across_instances() {
    let database = common::fresh_postgres_database().await;
    let args = ["--database-url", database.as_str()];
    let a = common::start_with(&args, &[]);
    let b = common::start_with(&args, &[]);
    let program = common::client_from(9);
    let mut stored = 0;
    for n in 0..100 {
        let url = if n % 2 == 0 { &a.url } else { &b.url };
        let (status, _, _) =
            common::post_initiative(&program, url, &format!("both-{n:04}"), &[]).await;
        assert!(status == 201 || status == 429, "{status}");
        stored += usize::from(status == 201);
    }
    assert!((15..=20).contains(&stored), "{stored} stored");
    assert_eq!(common::count_initiatives(&database).await, stored as i64);
}

/// A moderator approves on instance A: instance B shows it in the plan and the calendar
/// feed within a second, and tracking says approved on both.
#[tokio::test]
async fn a_decision_on_one_instance_shows_on_the_other_within_a_second() {
    let database = common::fresh_postgres_database().await;
    let args = ["--database-url", database.as_str()];
    let a = common::start_with(&args, &[ADMIN_ENV]);
    let b = common::start_with(&args, &[ADMIN_ENV]);
    let http = reqwest::Client::new();
    let (status, answer, _) =
        common::post_initiative(&http, &a.url, "decision-across-0001", &[]).await;
    assert_eq!(status, 201);
    let code = answer["tracking_code"].as_str().unwrap().to_owned();
    let community = |plan: &Value| {
        plan["activities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["source"]["kind"] == "initiative")
            .count()
    };
    // B has the plan (without the initiative) in its memory before the decision.
    let plan_url = format!("{}/api/plans/2022", b.url);
    let plan_b = || common::get_json(&http, &plan_url);
    assert_eq!(community(&plan_b().await), 0);
    let calendar_b = || async {
        http.get(format!("{}/api/calendar.ics?year=2022", b.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let events_before = calendar_b().await.matches("BEGIN:VEVENT").count();
    let id = common::first_pending_id(&a.url, TOKEN).await;
    assert_eq!(common::approve(&a.url, &id, TOKEN).await, 200);
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        if community(&plan_b().await) == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "instance B still serves the plan without the approved initiative"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        calendar_b().await.matches("BEGIN:VEVENT").count(),
        events_before + 1
    );
    for server in [&a, &b] {
        assert_eq!(
            common::track(&server.url, &code).await["status"],
            "approved"
        );
    }
}
