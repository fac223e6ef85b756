//! The limit on submissions per client address: a token bucket with a burst.
//!
//! People and floods differ in shape, not only in number. A class, an office or a
//! commune's meeting sends a dozen initiatives from one shared address in a few minutes,
//! then nothing; a program sends hundreds a minute for as long as it runs. A bucket of
//! `burst` tokens, refilled at `per_minute`, lets the room through at once and holds the
//! program to `burst + per_minute` in its first minute and `per_minute` after that.
//!
//! With one SQLite file there is one instance, and its buckets live in memory. On
//! PostgreSQL several instances share the work, so the buckets live in the database
//! (`rate_buckets`), each take one atomic statement timed by the database's own clock:
//! the limit is the same whichever instance a request reaches.

use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// The shape of the limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    /// Tokens a full bucket holds: how many may come at once.
    pub burst: u32,
    /// Tokens added a minute; 0 turns the limit off.
    pub per_minute: u32,
}

impl Limit {
    fn per_second(self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }

    fn capacity(self) -> f64 {
        f64::from(self.burst.max(1))
    }

    /// Seconds until a bucket holding `tokens` has one whole token again.
    fn wait(self, tokens: f64) -> u64 {
        let seconds = ((1.0 - tokens) / self.per_second()).ceil();
        if seconds.is_finite() {
            (seconds as u64).max(1)
        } else {
            60
        }
    }
}

/// Where the buckets are kept.
pub enum RateLimiter {
    /// In this process (one instance on SQLite).
    Memory {
        /// The shape.
        limit: Limit,
        /// Tokens and when they were counted, by client.
        buckets: Mutex<HashMap<String, (f64, Instant)>>,
    },
    /// In PostgreSQL, shared by every instance.
    Postgres {
        /// The shape.
        limit: Limit,
        /// The database.
        pool: PgPool,
    },
}

/// Buckets kept in memory before the full ones are forgotten.
const MEMORY_SWEEP: usize = 100_000;

impl RateLimiter {
    /// Buckets in memory.
    pub fn memory(limit: Limit) -> RateLimiter {
        RateLimiter::Memory {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Buckets in PostgreSQL.
    pub fn postgres(limit: Limit, pool: PgPool) -> RateLimiter {
        RateLimiter::Postgres { limit, pool }
    }

    fn limit(&self) -> Limit {
        match self {
            RateLimiter::Memory { limit, .. } | RateLimiter::Postgres { limit, .. } => *limit,
        }
    }

    /// Takes a token for `client`: `Ok` to go on, or `Err(seconds)` to wait before the
    /// next try. When the database cannot be asked, the request goes on: it will meet the
    /// same database when it is stored, and be refused with a 503 there if it is down.
    pub async fn check(&self, client: &str) -> Result<(), u64> {
        let limit = self.limit();
        if limit.per_minute == 0 {
            return Ok(());
        }
        match self {
            RateLimiter::Memory { buckets, .. } => take_in_memory(buckets, limit, client),
            RateLimiter::Postgres { pool, .. } => match take_in_postgres(pool, limit, client).await
            {
                Ok(result) => result,
                Err(e) => {
                    metrics::counter!("dxday_database_errors_total", "operation" => "rate_limit")
                        .increment(1);
                    tracing::warn!(error = %e, "the rate limit could not be read");
                    Ok(())
                }
            },
        }
    }

    /// Forgets the buckets that are full again (PostgreSQL; memory sweeps itself).
    pub async fn purge(&self) -> Result<u64, sqlx::Error> {
        let RateLimiter::Postgres { limit, pool } = self else {
            return Ok(0);
        };
        let full_after = limit.capacity() / limit.per_second().max(f64::MIN_POSITIVE);
        sqlx::query(
            "DELETE FROM rate_buckets WHERE at < extract(epoch from clock_timestamp())::float8 - $1",
        )
        .bind(full_after.min(1.0e9))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    }
}

fn take_in_memory(
    buckets: &Mutex<HashMap<String, (f64, Instant)>>,
    limit: Limit,
    client: &str,
) -> Result<(), u64> {
    let now = Instant::now();
    let refill = |(tokens, at): (f64, Instant)| {
        (tokens + now.duration_since(at).as_secs_f64() * limit.per_second()).min(limit.capacity())
    };
    // A poisoned lock only means another request panicked mid-update; the counts are
    // still usable.
    let mut buckets = buckets.lock().unwrap_or_else(|e| e.into_inner());
    if buckets.len() > MEMORY_SWEEP {
        buckets.retain(|_, b| refill(*b) < limit.capacity());
    }
    let tokens = buckets.get(client).map_or(limit.capacity(), |b| refill(*b));
    if tokens < 1.0 {
        buckets.insert(client.to_owned(), (tokens, now));
        return Err(limit.wait(tokens));
    }
    buckets.insert(client.to_owned(), (tokens - 1.0, now));
    Ok(())
}

/// One statement takes the token, refilling first; it changes nothing and returns no row
/// when the bucket is empty. Concurrent takes on one bucket queue on its row lock.
const TAKE: &str = "INSERT INTO rate_buckets AS b (key, tokens, at) \
    VALUES ($1, $2 - 1, extract(epoch from clock_timestamp())::float8) \
    ON CONFLICT (key) DO UPDATE SET \
      tokens = LEAST($2, b.tokens + (excluded.at - b.at) * $3) - 1, at = excluded.at \
    WHERE LEAST($2, b.tokens + (excluded.at - b.at) * $3) >= 1 \
    RETURNING tokens";

const LEFT: &str = "SELECT LEAST($2, tokens + (extract(epoch from clock_timestamp())::float8 - at) * $3) \
    FROM rate_buckets WHERE key = $1";

async fn take_in_postgres(
    pool: &PgPool,
    limit: Limit,
    client: &str,
) -> Result<Result<(), u64>, sqlx::Error> {
    let taken: Option<f64> = sqlx::query_scalar(TAKE)
        .bind(client)
        .bind(limit.capacity())
        .bind(limit.per_second())
        .fetch_optional(pool)
        .await?;
    if taken.is_some() {
        return Ok(Ok(()));
    }
    let left: Option<f64> = sqlx::query_scalar(LEFT)
        .bind(client)
        .bind(limit.capacity())
        .bind(limit.per_second())
        .fetch_optional(pool)
        .await?;
    Ok(Err(limit.wait(left.unwrap_or(0.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_room_gets_its_burst_at_once_and_a_flood_no_more() {
        let limiter = RateLimiter::memory(Limit {
            burst: 15,
            per_minute: 5,
        });
        block_on(async {
            for _ in 0..15 {
                assert!(limiter.check("203.0.113.9").await.is_ok());
            }
            let wait = limiter.check("203.0.113.9").await.unwrap_err();
            // One token every 12 s.
            assert!((1..=12).contains(&wait), "{wait}");
            // Another address has its own bucket.
            assert!(limiter.check("203.0.113.10").await.is_ok());
        });
    }

    #[test]
    fn tokens_come_back_at_the_rate() {
        let limit = Limit {
            burst: 2,
            per_minute: 60,
        };
        let buckets = Mutex::new(HashMap::new());
        assert!(take_in_memory(&buckets, limit, "a").is_ok());
        assert!(take_in_memory(&buckets, limit, "a").is_ok());
        assert_eq!(take_in_memory(&buckets, limit, "a"), Err(1));
        // Turn the clock back on the bucket: a second later it holds one more token.
        {
            let mut b = buckets.lock().unwrap();
            let entry = b.get_mut("a").unwrap();
            entry.1 -= std::time::Duration::from_millis(1100);
        }
        assert!(take_in_memory(&buckets, limit, "a").is_ok());
        assert!(take_in_memory(&buckets, limit, "a").is_err());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limiter = RateLimiter::memory(Limit {
            burst: 1,
            per_minute: 0,
        });
        block_on(async {
            for _ in 0..1000 {
                assert!(limiter.check("a").await.is_ok());
            }
        });
    }
}
