//! Decisions reach every instance on one PostgreSQL at once: the transaction that records
//! a decision also sends `NOTIFY dxday_decisions` (delivered when it commits), and each
//! instance listens and drops its kept plans ([`crate::plan_cache`]) when one arrives.
//! A listener that lost its connection may have missed some, so it drops them on
//! reconnecting too.

use crate::plan_cache::PlanCache;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use std::sync::Arc;
use std::time::Duration;

/// The channel decisions are announced on.
pub const CHANNEL: &str = "dxday_decisions";

/// Listens for decisions for as long as the server runs.
pub async fn listen(pool: PgPool, cache: Arc<PlanCache>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => {
                    cache.changed();
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(_)) => cache.changed(),
                            // The connection was lost and made again: anything may have
                            // been missed in between.
                            Ok(None) => cache.changed(),
                            Err(e) => {
                                tracing::warn!(error = %e, "lost the decisions' channel");
                                break;
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot listen for decisions"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot connect to listen for decisions"),
        }
        // Until it listens again, kept plans expire on their own (plan_cache::KEEP).
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
