//! The queries behind the initiative routes, written once for both databases: every
//! statement uses `$1`-style parameters, which SQLite and PostgreSQL both accept.

use crate::store::Store;
use sqlx::Row;

/// Runs the same code against whichever pool the store has.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

/// What the idempotency table says about a key.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyState {
    /// The key is new and now marked in flight: go on.
    Claimed,
    /// Another request with this key has not finished.
    InFlight,
    /// Done before: send this stored answer again.
    Done { status: u16, body: String },
    /// Used before with another body.
    Mismatch,
}

/// A stored initiative, for moderators (contact details included).
#[derive(Debug, serde::Serialize)]
pub struct StoredInitiative {
    /// Id.
    pub id: String,
    /// Status: pending, approved or rejected.
    pub status: String,
    /// The public fields, as JSON.
    pub public: serde_json::Value,
    /// The contact details, as JSON (moderators only).
    pub contact: serde_json::Value,
    /// When it was received (RFC 3339, UTC).
    pub created_at: String,
    /// The reason given with the decision.
    pub decision_reason: Option<String>,
}

/// Stores a new initiative as pending; the one statement both write paths use.
pub const INSERT_INITIATIVE: &str = "INSERT INTO initiatives (id, tracking_code, status, plan_year, public_json, contact_json, created_at) VALUES ($1, $2, 'pending', $3, $4, $5, $6)";

/// A key older than this while still "in flight" belonged to a request that died.
const STALE_SECONDS: i64 = 60;

/// Marks `key` in flight, or says why not.
pub async fn claim_key(
    store: &Store,
    key: &str,
    hash: &str,
    now: &str,
) -> Result<KeyState, sqlx::Error> {
    let inserted = on_pool!(store, |p| {
        sqlx::query(
        "INSERT INTO idempotency_keys (key, body_hash, state, created_at) VALUES ($1, $2, 'in_flight', $3) ON CONFLICT (key) DO NOTHING"
    )
    .bind(key)
    .bind(hash)
    .bind(now)
    .execute(p)
    .await?
    .rows_affected()
    });
    if inserted == 1 {
        return Ok(KeyState::Claimed);
    }
    let row = on_pool!(store, |p| {
        sqlx::query_as::<_, (String, String, Option<i32>, Option<String>, String)>(
        "SELECT body_hash, state, response_status, response_body, created_at FROM idempotency_keys WHERE key = $1"
    )
    .bind(key)
    .fetch_optional(p)
    .await?
    });
    let Some((stored_hash, state, status, body, created_at)) = row else {
        // Purged between the two statements: try once more as new.
        return Ok(KeyState::InFlight);
    };
    if stored_hash != hash {
        return Ok(KeyState::Mismatch);
    }
    if state == "done" {
        return Ok(KeyState::Done {
            status: status.and_then(|s| u16::try_from(s).ok()).unwrap_or(201),
            body: body.unwrap_or_default(),
        });
    }
    let age = chrono::DateTime::parse_from_rfc3339(&created_at)
        .ok()
        .zip(chrono::DateTime::parse_from_rfc3339(now).ok())
        .map(|(c, n)| (n - c).num_seconds())
        .unwrap_or(0);
    if age > STALE_SECONDS {
        // The request that claimed it died before storing anything: take it over.
        let taken = on_pool!(store, |p| {
            sqlx::query(
            "UPDATE idempotency_keys SET created_at = $1 WHERE key = $2 AND state = 'in_flight' AND created_at = $3"
        )
        .bind(now)
        .bind(key)
        .bind(&created_at)
        .execute(p)
        .await?
        .rows_affected()
        });
        if taken == 1 {
            return Ok(KeyState::Claimed);
        }
    }
    Ok(KeyState::InFlight)
}

/// The answer stored for `key`, when it was done before with the body of this `hash`:
/// what a retry of an acknowledged submission gets, even from a client over its limit.
pub async fn stored_answer(
    store: &Store,
    key: &str,
    hash: &str,
) -> Result<Option<(u16, String)>, sqlx::Error> {
    let row = on_pool!(store, |p| {
        sqlx::query_as::<_, (Option<i32>, Option<String>)>(
            "SELECT response_status, response_body FROM idempotency_keys WHERE key = $1 AND body_hash = $2 AND state = 'done'",
        )
        .bind(key)
        .bind(hash)
        .fetch_optional(p)
        .await?
    });
    Ok(row.map(|(status, body)| {
        (
            status.and_then(|s| u16::try_from(s).ok()).unwrap_or(201),
            body.unwrap_or_default(),
        )
    }))
}

/// Forgets a claimed key whose request failed, so the client can retry it.
pub async fn release_key(store: &Store, key: &str) -> Result<(), sqlx::Error> {
    on_pool!(store, |p| sqlx::query(
        "DELETE FROM idempotency_keys WHERE key = $1 AND state = 'in_flight'"
    )
    .bind(key)
    .execute(p)
    .await
    .map(|_| ()))
}

/// The row of a new initiative.
pub struct NewInitiative<'a> {
    /// Id.
    pub id: &'a str,
    /// Tracking code.
    pub tracking_code: &'a str,
    /// Plan year.
    pub plan_year: i32,
    /// Public fields as JSON.
    pub public_json: &'a str,
    /// Contact details as JSON.
    pub contact_json: &'a str,
    /// Now, RFC 3339.
    pub created_at: &'a str,
}

/// Stores the initiative and the answer for its key in one transaction, committed (and so
/// on disk) before the caller answers 201.
pub async fn store_initiative(
    store: &Store,
    key: &str,
    row: &NewInitiative<'_>,
    response: &str,
) -> Result<(), sqlx::Error> {
    on_pool!(store, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(INSERT_INITIATIVE)
            .bind(row.id)
            .bind(row.tracking_code)
            .bind(row.plan_year)
            .bind(row.public_json)
            .bind(row.contact_json)
            .bind(row.created_at)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE idempotency_keys SET state = 'done', response_status = 201, response_body = $1 WHERE key = $2")
            .bind(response)
            .bind(key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    })
}

/// Status and decision reason of the initiative with this tracking code.
pub async fn track(
    store: &Store,
    code: &str,
) -> Result<Option<(String, Option<String>, String)>, sqlx::Error> {
    on_pool!(store, |p| sqlx::query_as::<
        _,
        (String, Option<String>, String),
    >(
        "SELECT status, decision_reason, created_at FROM initiatives WHERE tracking_code = $1"
    )
    .bind(code)
    .fetch_optional(p)
    .await)
}

/// Initiatives with a status, of one plan year or of all, oldest first, for moderators.
pub async fn by_status(
    store: &Store,
    status: &str,
    year: Option<i32>,
    limit: i64,
) -> Result<Vec<StoredInitiative>, sqlx::Error> {
    let rows = on_pool!(store, |p| {
        sqlx::query(
        "SELECT id, status, public_json, contact_json, created_at, decision_reason FROM initiatives WHERE status = $1 AND ($2 = 0 OR plan_year = $3) ORDER BY created_at, id LIMIT $4"
    )
    .bind(status)
    .bind(year.unwrap_or(0))
    .bind(year.unwrap_or(0))
    .bind(limit)
    .fetch_all(p)
    .await?
    .into_iter()
    .map(|r| StoredInitiative {
        id: r.get(0),
        status: r.get(1),
        public: serde_json::from_str(&r.get::<String, _>(2)).unwrap_or_default(),
        contact: serde_json::from_str(&r.get::<String, _>(3)).unwrap_or_default(),
        created_at: r.get(4),
        decision_reason: r.get(5),
    })
    .collect()
    });
    Ok(rows)
}

/// A moderator's decision, as recorded.
pub struct DecisionRecord {
    /// The initiative's id.
    pub id: String,
    /// approved or rejected.
    pub status: String,
    /// The reason given (empty for most approvals).
    pub reason: String,
    /// The label of the moderator's token.
    pub label: String,
    /// Now, RFC 3339.
    pub now: String,
}

/// The statements of a decision, in the open transaction `$tx` (SQLite's or PostgreSQL's):
/// the initiative's new status, then the decision in the log. Evaluates to false, with
/// nothing written, when no initiative has this id.
macro_rules! record_decision {
    ($tx:expr, $d:expr) => {{
        let d: &$crate::repo::DecisionRecord = $d;
        let changed = sqlx::query(
            "UPDATE initiatives SET status = $1, decision_reason = $2, decided_at = $3 WHERE id = $4",
        )
        .bind(&d.status)
        .bind(&d.reason)
        .bind(&d.now)
        .bind(&d.id)
        .execute(&mut *$tx)
        .await?
        .rows_affected();
        if changed > 0 {
            sqlx::query(
                "INSERT INTO decisions (initiative_id, decision, reason, token_label, decided_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&d.id)
            .bind(&d.status)
            .bind(&d.reason)
            .bind(&d.label)
            .bind(&d.now)
            .execute(&mut *$tx)
            .await?;
        }
        changed > 0
    }};
}
pub(crate) use record_decision;

/// Records a moderator's decision through the pool (PostgreSQL; SQLite's go through its
/// writer); false when no initiative has this id.
pub async fn decide(store: &Store, d: &DecisionRecord) -> Result<bool, sqlx::Error> {
    match store {
        Store::Sqlite(p) => {
            let mut tx = p.begin().await?;
            let recorded = record_decision!(tx, d);
            tx.commit().await?;
            Ok(recorded)
        }
        Store::Postgres(p) => {
            let mut tx = p.begin().await?;
            let recorded = record_decision!(tx, d);
            if recorded {
                // Delivered to every instance's listener when the transaction commits.
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(crate::notify::CHANNEL)
                    .bind(&d.id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(recorded)
        }
    }
}

/// Approved initiatives' public fields (never contact details), newest first.
pub async fn approved(
    store: &Store,
    year: Option<i32>,
    limit: i64,
    offset: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_pool!(store, |p| {
        sqlx::query_as::<_, (String, String)>(
        "SELECT id, public_json FROM initiatives WHERE status = 'approved' AND ($1 = 0 OR plan_year = $2) ORDER BY created_at DESC, id LIMIT $3 OFFSET $4"
    )
    .bind(year.unwrap_or(0))
    .bind(year.unwrap_or(0))
    .bind(limit)
    .bind(offset)
    .fetch_all(p)
    .await
    })
}

/// Forgets idempotency keys older than `before` (kept at least 7 days by the caller).
pub async fn purge_keys(store: &Store, before: &str) -> Result<u64, sqlx::Error> {
    on_pool!(store, |p| sqlx::query(
        "DELETE FROM idempotency_keys WHERE created_at < $1 AND state = 'done'"
    )
    .bind(before)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))
}
