//! Group commit for PostgreSQL: submissions waiting in the queue are stored together, the
//! keys of all with one statement and the initiatives with another, in one transaction,
//! and each is answered after its commit.
//!
//! One by one, a submission took two commits (the key claimed, then the initiative and
//! the answer) and five round trips, and the server and PostgreSQL each spent more CPU on
//! that than on the rows. A few batches are written at once, each on its own pool
//! connection, so that one waiting for its commit does not hold the next back.
//!
//! Several instances may share the database. A key is stored already done, with its
//! answer, in the same transaction as the initiative: another instance's submission with
//! the same key waits for that transaction and then finds the key done (or free again,
//! if it rolled back). Keys go in sorted, so two batches that share keys wait for one
//! another instead of deadlocking. What a batch cannot decide alone (a key known before,
//! a key sent twice in the batch) or fails to store is done one by one afterwards, as
//! before: a claim in flight, then the initiative ([`store_alone`]).

use crate::repo::{self, KeyState, NewInitiative};
use crate::store::Store;
use crate::writer::Submission;
use sqlx::PgPool;
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc, oneshot};

type Reply = oneshot::Sender<Result<KeyState, sqlx::Error>>;

/// The handle handlers send submissions to.
#[derive(Clone, Debug)]
pub struct PgWriter {
    queue: mpsc::Sender<(Submission, Reply)>,
}

/// Most submissions in one transaction.
const BATCH: usize = 512;

/// Batches being written at once.
const IN_FLIGHT: usize = 4;

impl PgWriter {
    /// Starts the writing task on `pool`.
    pub fn start(pool: PgPool) -> PgWriter {
        let (queue, mut rx) = mpsc::channel::<(Submission, Reply)>(4096);
        tokio::spawn(async move {
            let store = Store::Postgres(pool);
            let permits = Arc::new(Semaphore::new(IN_FLIGHT));
            loop {
                // The permit first: while every batch is being written, submissions wait in
                // the queue, and the next batch takes them all.
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    break;
                };
                let mut batch = Vec::new();
                if rx.recv_many(&mut batch, BATCH).await == 0 {
                    break;
                }
                let store = store.clone();
                tokio::spawn(async move {
                    write_batch(&store, batch).await;
                    drop(permit);
                });
            }
        });
        PgWriter { queue }
    }

    /// Stores `submission` (or finds its key already used); resolves after the commit.
    /// `Claimed` means it was stored now.
    pub async fn submit(&self, submission: Submission) -> Result<KeyState, sqlx::Error> {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send((submission, tx))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        rx.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn write_batch(store: &Store, batch: Vec<(Submission, Reply)>) {
    let (subs, replies): (Vec<Submission>, Vec<Reply>) = batch.into_iter().unzip();
    let mut seen = HashSet::with_capacity(subs.len());
    let (first, again): (Vec<usize>, Vec<usize>) =
        (0..subs.len()).partition(|&i| seen.insert(subs[i].key.as_str()));
    let mut replies: Vec<Option<Reply>> = replies.into_iter().map(Some).collect();
    let mut alone = again;
    match store_together(store, &subs, &first).await {
        Ok(new_keys) => {
            for i in first {
                if new_keys.contains(subs[i].key.as_str()) {
                    if let Some(reply) = replies[i].take() {
                        let _ = reply.send(Ok(KeyState::Claimed));
                    }
                } else {
                    alone.push(i);
                }
            }
        }
        Err(e) => {
            // Rolled back: nothing of it stays, and each is tried on its own.
            tracing::debug!(error = %e, "a batch of submissions is stored one by one");
            alone.extend(first);
        }
    }
    // At once rather than in turn: with the database down, each waits for a connection
    // until the pool gives up.
    let subs: Vec<Arc<Submission>> = subs.into_iter().map(Arc::new).collect();
    for i in alone {
        let (sub, reply) = (subs[i].clone(), replies[i].take());
        let store = store.clone();
        tokio::spawn(async move {
            let outcome = store_alone(&store, &sub).await;
            if let Some(reply) = reply {
                let _ = reply.send(outcome);
            }
        });
    }
}

/// The submissions at `indices`, each with a key not seen before in the batch, in one
/// transaction; the keys that were new (their initiatives are stored). An error rolls it
/// all back.
async fn store_together(
    store: &Store,
    subs: &[Submission],
    indices: &[usize],
) -> Result<HashSet<String>, sqlx::Error> {
    let Store::Postgres(pool) = store else {
        return Err(sqlx::Error::Protocol("not PostgreSQL".into()));
    };
    let mut sorted = indices.to_vec();
    sorted.sort_unstable_by(|&a, &b| subs[a].key.cmp(&subs[b].key));
    let column =
        |f: fn(&Submission) -> &str| -> Vec<&str> { sorted.iter().map(|&i| f(&subs[i])).collect() };
    let mut tx = pool.begin().await?;
    let new_keys: HashSet<String> = sqlx::query_scalar(
        "INSERT INTO idempotency_keys (key, body_hash, state, response_status, response_body, created_at) \
         SELECT k, h, 'done', 201, r, c FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t (k, h, r, c, n) ORDER BY n \
         ON CONFLICT (key) DO NOTHING RETURNING key",
    )
    .bind(column(|s| &s.key))
    .bind(column(|s| &s.hash))
    .bind(column(|s| &s.response))
    .bind(column(|s| &s.created_at))
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    sorted.retain(|&i| new_keys.contains(&subs[i].key));
    if !sorted.is_empty() {
        let column = |f: fn(&Submission) -> &str| -> Vec<&str> {
            sorted.iter().map(|&i| f(&subs[i])).collect()
        };
        let years: Vec<i32> = sorted.iter().map(|&i| subs[i].plan_year).collect();
        sqlx::query(
            "INSERT INTO initiatives (id, tracking_code, status, plan_year, public_json, contact_json, created_at) \
             SELECT i, t, 'pending', y, p, c, a FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::text[], $6::text[]) AS u (i, t, y, p, c, a)",
        )
        .bind(column(|s| &s.id))
        .bind(column(|s| &s.tracking_code))
        .bind(years)
        .bind(column(|s| &s.public_json))
        .bind(column(|s| &s.contact_json))
        .bind(column(|s| &s.created_at))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(new_keys)
}

/// One submission on its own: mark the key in flight, then store the initiative and the
/// answer in one transaction.
pub async fn store_alone(store: &Store, s: &Submission) -> Result<KeyState, sqlx::Error> {
    match repo::claim_key(store, &s.key, &s.hash, &s.created_at).await? {
        KeyState::Claimed => {}
        other => return Ok(other),
    }
    let row = NewInitiative {
        id: &s.id,
        tracking_code: &s.tracking_code,
        plan_year: s.plan_year,
        public_json: &s.public_json,
        contact_json: &s.contact_json,
        created_at: &s.created_at,
    };
    match repo::store_initiative(store, &s.key, &row, &s.response).await {
        Ok(()) => Ok(KeyState::Claimed),
        Err(e) => {
            let _ = repo::release_key(store, &s.key).await;
            Err(e)
        }
    }
}
