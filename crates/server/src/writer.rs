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

/// Stores each submission under its own savepoint, then commits.
async fn store_all(
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
    sqlx::query("COMMIT").execute(&mut *conn).await.map(|_| ())
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
