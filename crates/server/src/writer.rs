//! Group commit for SQLite: one task owns the writing, takes every submission waiting in
//! its queue, stores them in one transaction and answers each only after the commit.
//! Moderators' decisions go through the same task, each in its own transaction, so that
//! every write uses the writer's own connection (see [`Writer::start`]).
//!
//! With `synchronous=FULL` every commit waits for the disk; one commit per request caps
//! throughput at the disk's fsync rate and makes writers queue on SQLite's lock. One commit
//! per batch keeps "durable before 201" and lets the fsync be shared.

use crate::repo::{DecisionRecord, KeyState, NewInitiative};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

/// A submission to store, with the answer to keep for its idempotency key.
pub struct Submission {
    /// Idempotency key.
    pub key: String,
    /// Hash of the request body.
    pub hash: String,
    /// Id.
    pub id: String,
    /// Tracking code.
    pub tracking_code: String,
    /// Plan year.
    pub plan_year: i32,
    /// Public fields as JSON.
    pub public_json: String,
    /// Contact details as JSON.
    pub contact_json: String,
    /// Now, RFC 3339.
    pub created_at: String,
    /// The 201 body.
    pub response: String,
}

type Reply = oneshot::Sender<Result<KeyState, sqlx::Error>>;

/// What the writing task is asked to do.
enum Job {
    Submit(Submission, Reply),
    Decide(DecisionRecord, oneshot::Sender<Result<bool, sqlx::Error>>),
}

/// The handle handlers send submissions and decisions to.
#[derive(Clone, Debug)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
}

/// Most submissions in one transaction.
const BATCH: usize = 512;

impl Writer {
    /// Starts the writing task on `pool`.
    pub fn start(pool: SqlitePool) -> Writer {
        let (queue, mut rx) = mpsc::channel::<Job>(4096);
        tokio::spawn(async move {
            // The writer's own connection, opened while the file can be written and kept:
            // SQLite opens a file it cannot write read-only, and a pool connection opened
            // during a fault (a read-only disk) would go on refusing writes after it.
            let mut own = SqliteConnection::connect_with(&pool.connect_options())
                .await
                .ok();
            // A decision taken off the queue while gathering a batch, done right after it.
            let mut held: Option<Job> = None;
            loop {
                let job = match held.take() {
                    Some(job) => job,
                    None => match rx.recv().await {
                        Some(job) => job,
                        None => break,
                    },
                };
                match job {
                    Job::Decide(decision, reply) => {
                        let _ = reply.send(decide(&pool, &mut own, &decision).await);
                    }
                    Job::Submit(first, reply) => {
                        let mut batch = vec![(first, reply)];
                        while batch.len() < BATCH {
                            match rx.try_recv() {
                                Ok(Job::Submit(next, reply)) => batch.push((next, reply)),
                                Ok(other) => {
                                    held = Some(other);
                                    break;
                                }
                                Err(_) => break,
                            }
                        }
                        write_batch(&pool, &mut own, batch).await;
                    }
                }
            }
        });
        Writer { queue }
    }

    /// Stores `submission` (or finds its key already used); resolves after the commit.
    /// `Claimed` means it was stored now.
    pub async fn submit(&self, submission: Submission) -> Result<KeyState, sqlx::Error> {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send(Job::Submit(submission, tx))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        rx.await.map_err(|_| sqlx::Error::PoolClosed)?
    }

    /// Records a moderator's decision; resolves after the commit. False when no initiative
    /// has this id.
    pub async fn decide(&self, decision: DecisionRecord) -> Result<bool, sqlx::Error> {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send(Job::Decide(decision, tx))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        rx.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

/// The writer's connection, opened now if it could not be at start.
async fn connection<'a>(
    pool: &SqlitePool,
    own: &'a mut Option<SqliteConnection>,
) -> Result<&'a mut SqliteConnection, sqlx::Error> {
    match own {
        Some(conn) => Ok(conn),
        None => Ok(own.insert(SqliteConnection::connect_with(&pool.connect_options()).await?)),
    }
}

async fn decide(
    pool: &SqlitePool,
    own: &mut Option<SqliteConnection>,
    decision: &DecisionRecord,
) -> Result<bool, sqlx::Error> {
    let conn = connection(pool, own).await?;
    let mut tx = conn.begin().await?;
    let recorded = crate::repo::record_decision!(tx, decision);
    tx.commit().await?;
    Ok(recorded)
}

async fn write_batch(
    pool: &SqlitePool,
    own: &mut Option<SqliteConnection>,
    batch: Vec<(Submission, Reply)>,
) {
    let (subs, replies): (Vec<Submission>, Vec<Reply>) = batch.into_iter().unzip();
    let result = match connection(pool, own).await {
        Ok(conn) => commit_batch(conn, &subs).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(outcomes) => {
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            // Nothing of this batch is acknowledged: every sender gets the error (503).
            tracing::warn!(error = %e, submissions = replies.len(), "a batch of submissions could not be committed");
            let message = format!("the batch was not committed: {e}");
            for reply in replies {
                let _ = reply.send(Err(sqlx::Error::Protocol(message.clone())));
            }
        }
    }
}

/// One transaction for the whole batch; on any failure it is rolled back and nothing of it
/// stays.
async fn commit_batch(
    conn: &mut SqliteConnection,
    subs: &[Submission],
) -> Result<Vec<Result<KeyState, sqlx::Error>>, sqlx::Error> {
    // IMMEDIATE takes the write lock at once, so the batch never fails half-way on a lock
    // upgrade.
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let mut outcomes = Vec::with_capacity(subs.len());
    if let Err(e) = store_all(conn, subs, &mut outcomes).await {
        // A full disk or a read-only file fails the commit (or a statement before it).
        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        return Err(e);
    }
    Ok(outcomes)
}

/// Stores the batch, then commits: with a few multi-row statements when they succeed,
/// else each submission under its own savepoint, so that one that fails does not take the
/// others with it.
async fn store_all(
    conn: &mut sqlx::SqliteConnection,
    subs: &[Submission],
    outcomes: &mut Vec<Result<KeyState, sqlx::Error>>,
) -> Result<(), sqlx::Error> {
    sqlx::query("SAVEPOINT many").execute(&mut *conn).await?;
    match store_together(conn, subs).await {
        Ok(together) => {
            sqlx::query("RELEASE many").execute(&mut *conn).await?;
            outcomes.extend(together);
        }
        Err(e) => {
            tracing::debug!(error = %e, "a batch of submissions is stored one by one");
            sqlx::query("ROLLBACK TO many").execute(&mut *conn).await?;
            sqlx::query("RELEASE many").execute(&mut *conn).await?;
            store_each(conn, subs, outcomes).await?;
        }
    }
    sqlx::query("COMMIT").execute(&mut *conn).await.map(|_| ())
}

/// Each submission under its own savepoint.
async fn store_each(
    conn: &mut sqlx::SqliteConnection,
    subs: &[Submission],
    outcomes: &mut Vec<Result<KeyState, sqlx::Error>>,
) -> Result<(), sqlx::Error> {
    for sub in subs {
        sqlx::query("SAVEPOINT one").execute(&mut *conn).await?;
        let outcome = store_one(conn, sub).await;
        let end = if outcome.is_ok() {
            "RELEASE one"
        } else {
            "ROLLBACK TO one"
        };
        sqlx::query(end).execute(&mut *conn).await?;
        outcomes.push(outcome);
    }
    Ok(())
}

/// Rows of one multi-row statement, largest first. A batch is cut into these sizes (31 is
/// 16 + 8 + 4 + 2 + 1), so that a handful of statement texts, each prepared once and kept
/// in the connection's cache, serve every batch.
const CHUNKS: [usize; 7] = [64, 32, 16, 8, 4, 2, 1];

/// `head`, then `rows` rows of `columns` parameters each, numbered on from `$1`, with
/// `constants` (SQL literals) after them in every row, then `tail`.
fn multi_row_insert(
    head: &str,
    columns: usize,
    constants: &str,
    rows: usize,
    tail: &str,
) -> String {
    use std::fmt::Write as _;
    let mut sql = String::from(head);
    for row in 0..rows {
        sql.push_str(if row == 0 { " (" } else { ", (" });
        for column in 0..columns {
            let separator = if column > 0 { ", " } else { "" };
            let _ = write!(sql, "{separator}${}", row * columns + column + 1);
        }
        sql.push_str(constants);
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// The key statements, by [`CHUNKS`] index: new keys are stored done, with their answer;
/// RETURNING names the ones that were new.
static INSERT_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    CHUNKS
        .iter()
        .map(|&rows| {
            multi_row_insert(
                "INSERT INTO idempotency_keys (key, body_hash, response_body, created_at, state, response_status) VALUES",
                4,
                ", 'done', 201",
                rows,
                " ON CONFLICT (key) DO NOTHING RETURNING key",
            )
        })
        .collect()
});

/// The initiative statements, by [`CHUNKS`] index: [`crate::repo::INSERT_INITIATIVE`]
/// for several rows.
static INSERT_INITIATIVES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    CHUNKS
        .iter()
        .map(|&rows| {
            multi_row_insert(
                "INSERT INTO initiatives (id, tracking_code, plan_year, public_json, contact_json, created_at, status) VALUES",
                6,
                ", 'pending'",
                rows,
                "",
            )
        })
        .collect()
});

/// `items` cut into runs of [`CHUNKS`] sizes, each with the index of its size.
fn chunked<T>(mut items: &[T]) -> Vec<(usize, &[T])> {
    let mut runs = Vec::new();
    for (size_index, &size) in CHUNKS.iter().enumerate() {
        while items.len() >= size {
            let (run, rest) = items.split_at(size);
            runs.push((size_index, run));
            items = rest;
        }
    }
    runs
}

/// The whole batch in a few statements: the keys of all, then the initiatives of those
/// whose key was new. Any error is returned as it is, for the caller to undo it all and
/// store the batch one by one instead.
async fn store_together(
    conn: &mut sqlx::SqliteConnection,
    subs: &[Submission],
) -> Result<Vec<Result<KeyState, sqlx::Error>>, sqlx::Error> {
    // A key sent twice in one batch (a retry that came before the first was answered):
    // its first submission goes with the others, the later ones after it, one by one,
    // as they would have been in order.
    let mut seen = std::collections::HashSet::with_capacity(subs.len());
    let (first, again): (Vec<usize>, Vec<usize>) =
        (0..subs.len()).partition(|&i| seen.insert(subs[i].key.as_str()));
    let mut new_keys = std::collections::HashSet::with_capacity(first.len());
    for (size, run) in chunked(&first) {
        let mut query = sqlx::query_scalar::<_, String>(&INSERT_KEYS[size]);
        for &i in run {
            let sub = &subs[i];
            query = query
                .bind(&sub.key)
                .bind(&sub.hash)
                .bind(&sub.response)
                .bind(&sub.created_at);
        }
        new_keys.extend(query.fetch_all(&mut *conn).await?);
    }
    let (stored, known): (Vec<usize>, Vec<usize>) = first
        .into_iter()
        .partition(|&i| new_keys.contains(&subs[i].key));
    for (size, run) in chunked(&stored) {
        let mut query = sqlx::query(&INSERT_INITIATIVES[size]);
        for &i in run {
            let sub = &subs[i];
            query = query
                .bind(&sub.id)
                .bind(&sub.tracking_code)
                .bind(sub.plan_year)
                .bind(&sub.public_json)
                .bind(&sub.contact_json)
                .bind(&sub.created_at);
        }
        query.execute(&mut *conn).await?;
    }
    let mut outcomes: Vec<Option<KeyState>> = (0..subs.len()).map(|_| None).collect();
    for i in stored {
        outcomes[i] = Some(KeyState::Claimed);
    }
    for i in known.into_iter().chain(again) {
        outcomes[i] = Some(store_one(conn, &subs[i]).await?);
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.ok_or_else(|| sqlx::Error::Protocol("a submission was left out".into())))
        .collect())
}

async fn store_one(
    conn: &mut sqlx::SqliteConnection,
    sub: &Submission,
) -> Result<KeyState, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (key, body_hash, state, response_status, response_body, created_at) VALUES ($1, $2, 'done', 201, $3, $4) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&sub.key)
    .bind(&sub.hash)
    .bind(&sub.response)
    .bind(&sub.created_at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        let (hash, status, body): (String, Option<i32>, Option<String>) = sqlx::query_as(
            "SELECT body_hash, response_status, response_body FROM idempotency_keys WHERE key = $1",
        )
        .bind(&sub.key)
        .fetch_one(&mut *conn)
        .await?;
        if hash != sub.hash {
            return Ok(KeyState::Mismatch);
        }
        return Ok(KeyState::Done {
            status: status.and_then(|s| u16::try_from(s).ok()).unwrap_or(201),
            body: body.unwrap_or_default(),
        });
    }
    let row = NewInitiative {
        id: &sub.id,
        tracking_code: &sub.tracking_code,
        plan_year: sub.plan_year,
        public_json: &sub.public_json,
        contact_json: &sub.contact_json,
        created_at: &sub.created_at,
    };
    sqlx::query(crate::repo::INSERT_INITIATIVE)
        .bind(row.id)
        .bind(row.tracking_code)
        .bind(row.plan_year)
        .bind(row.public_json)
        .bind(row.contact_json)
        .bind(row.created_at)
        .execute(&mut *conn)
        .await?;
    Ok(KeyState::Claimed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_cut_into_the_sizes_of_the_prepared_statements() {
        for n in 0..300 {
            let items: Vec<usize> = (0..n).collect();
            let runs = chunked(&items);
            let joined: Vec<usize> = runs
                .iter()
                .flat_map(|(_, run)| run.iter().copied())
                .collect();
            assert_eq!(joined, items, "every item once, in order");
            for (size, run) in &runs {
                assert_eq!(run.len(), CHUNKS[*size]);
            }
        }
        assert_eq!(chunked(&[0; 31]).len(), 5, "16 + 8 + 4 + 2 + 1");
    }

    #[test]
    fn the_statements_number_their_parameters_row_after_row() {
        assert_eq!(
            multi_row_insert(
                "INSERT INTO t (a, b, c) VALUES",
                2,
                ", 'x'",
                2,
                " RETURNING a"
            ),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, 'x'), ($3, $4, 'x') RETURNING a"
        );
    }

    fn submission(key: &str, hash: &str, code: &str) -> Submission {
        Submission {
            key: key.to_owned(),
            hash: hash.to_owned(),
            id: format!("id-{key}-{code}"),
            tracking_code: code.to_owned(),
            plan_year: 2025,
            public_json: "{}".to_owned(),
            contact_json: "{}".to_owned(),
            created_at: "2025-10-01T00:00:00.000000Z".to_owned(),
            response: format!("{{\"tracking_code\":\"{code}\"}}"),
        }
    }

    async fn database() -> (tempfile::TempDir, SqliteConnection) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
        let crate::store::Store::Sqlite(pool) =
            crate::store::Store::open(&url, std::time::Duration::from_secs(30))
                .await
                .unwrap()
        else {
            unreachable!("an SQLite URL")
        };
        let conn = SqliteConnection::connect_with(&pool.connect_options())
            .await
            .unwrap();
        (dir, conn)
    }

    async fn codes(conn: &mut SqliteConnection) -> Vec<String> {
        sqlx::query_scalar("SELECT tracking_code FROM initiatives ORDER BY tracking_code")
            .fetch_all(conn)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn one_batch_answers_each_submission_as_one_at_a_time_would() {
        let (_dir, mut conn) = database().await;
        let before = [submission("key-before", "h0", "C0")];
        commit_batch(&mut conn, &before).await.unwrap();
        let batch = [
            submission("key-a", "ha", "CA"),
            submission("key-b", "hb", "CB"),
            // A retry of key-a in the same batch, and key-a with another body.
            submission("key-a", "ha", "CA2"),
            submission("key-a", "hx", "CA3"),
            // A key stored by an earlier batch.
            submission("key-before", "h0", "C02"),
            submission("key-before", "hy", "C03"),
        ];
        let outcomes: Vec<KeyState> = commit_batch(&mut conn, &batch)
            .await
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let done = |code: &str| KeyState::Done {
            status: 201,
            body: format!("{{\"tracking_code\":\"{code}\"}}"),
        };
        assert_eq!(
            outcomes,
            [
                KeyState::Claimed,
                KeyState::Claimed,
                done("CA"),
                KeyState::Mismatch,
                done("C0"),
                KeyState::Mismatch,
            ]
        );
        assert_eq!(codes(&mut conn).await, ["C0", "CA", "CB"]);
    }

    #[tokio::test]
    async fn a_submission_that_cannot_be_stored_fails_alone() {
        let (_dir, mut conn) = database().await;
        commit_batch(&mut conn, &[submission("key-first", "h1", "SAME")])
            .await
            .unwrap();
        // The same tracking code again breaks the multi-row statement: the batch is stored
        // one by one, and only that submission fails, its key left free for a retry.
        let batch: Vec<Submission> = (0..40)
            .map(|i| {
                let code = if i == 17 {
                    "SAME".to_owned()
                } else {
                    format!("C{i:02}")
                };
                submission(&format!("key-{i:02}"), "h", &code)
            })
            .collect();
        let outcomes = commit_batch(&mut conn, &batch).await.unwrap();
        for (i, outcome) in outcomes.iter().enumerate() {
            if i == 17 {
                assert!(outcome.is_err(), "the duplicate code fails");
            } else {
                assert_eq!(outcome.as_ref().unwrap(), &KeyState::Claimed, "{i}");
            }
        }
        assert_eq!(codes(&mut conn).await.len(), 40);
        let kept: Option<String> =
            sqlx::query_scalar("SELECT key FROM idempotency_keys WHERE key = 'key-17'")
                .fetch_optional(&mut conn)
                .await
                .unwrap();
        assert_eq!(kept, None);
    }
}
