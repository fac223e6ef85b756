//! Storage: an SQLite file by default, PostgreSQL when the URL says so. Both are created
//! and migrated on first start.

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

/// The database behind the service.
#[derive(Clone, Debug)]
pub enum Store {
    /// One SQLite file, in WAL mode with full fsync on commit.
    Sqlite(SqlitePool),
    /// A PostgreSQL server.
    Postgres(PgPool),
}

impl Store {
    /// Connects to `url` and applies the migrations. On PostgreSQL, a statement still
    /// running after `statement_limit` (the request limit) is cancelled by the database.
    pub async fn open(url: &str, statement_limit: Duration) -> Result<Store, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // The migrations on a connection of their own, without the limit: a migration
            // may rightly take longer than a request.
            let mut migrating = PgConnection::connect(url).await?;
            sqlx::migrate!("./migrations/postgres")
                .run(&mut migrating)
                .await?;
            migrating.close().await?;
            // Past the request limit the client has had its 408 and the query's answer is
            // of no use; without the limit, a query stuck behind someone's lock would keep
            // its pooled connection until the lock went, and enough of them would leave
            // none for the rest of the service. `lock_timeout` is not set: this one limit
            // covers waiting for a lock too.
            let options = PgConnectOptions::from_str(url)?.options([(
                "statement_timeout",
                format!("{}ms", statement_limit.as_millis()),
            )]);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            Ok(Store::Postgres(pool))
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a submission acknowledged with 201 survives a power cut.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            Ok(Store::Sqlite(pool))
        }
    }

    /// The kind of database, for the health answer.
    pub fn kind(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// True when the database answers a query.
    pub async fn is_healthy(&self) -> bool {
        let result = match self {
            Store::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ()),
            Store::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ()),
        };
        result.is_ok()
    }
}
