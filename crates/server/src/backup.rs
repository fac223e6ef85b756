//! `dxday-server backup FILE`: a consistent copy of the SQLite database, taken while the
//! server goes on serving.
//!
//! SQLite's `VACUUM INTO` writes the copy from one read transaction: in WAL mode the
//! server's writes go on beside it, and the copy is the database as of the moment the
//! transaction began, every submission acknowledged before then included. It is written
//! under a temporary name, checked, flushed to disk and only then renamed, so FILE is
//! never a half-written copy.

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use std::path::Path;
use std::str::FromStr;

/// Copies the database of `database_url` to `file`; says what it copied.
pub async fn run(database_url: &str, file: &Path) -> Result<String, String> {
    if database_url.starts_with("postgres") {
        return Err(
            "backup copies an SQLite database; for PostgreSQL use pg_dump, which takes a consistent copy while the server runs"
                .into(),
        );
    }
    if file.exists() {
        return Err(format!(
            "{} exists already; choose a new file",
            file.display()
        ));
    }
    let options = SqliteConnectOptions::from_str(database_url)
        .map_err(|e| format!("DATABASE_URL: {e}"))?
        .create_if_missing(false)
        .read_only(true)
        .busy_timeout(std::time::Duration::from_secs(30));
    let mut source = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let partial = file.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let target = partial
        .to_str()
        .ok_or_else(|| format!("{}: the path is not UTF-8", file.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut source)
        .await
        .map_err(|e| format!("the copy failed: {e}"))?;
    source.close().await.ok();
    let checked = check(&partial).await;
    let count = match checked {
        Ok(count) => count,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    // On disk before it takes the final name, and the name on disk before we say done.
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot flush the copy: {e}"))?;
    std::fs::rename(&partial, file).map_err(|e| format!("cannot name the copy: {e}"))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| format!("cannot flush the folder: {e}"))?;
    }
    Ok(format!(
        "backed up {count} initiatives to {}",
        file.display()
    ))
}

/// The copy passes SQLite's integrity check; how many initiatives it holds.
async fn check(copy: &Path) -> Result<i64, String> {
    let options = SqliteConnectOptions::new().filename(copy).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| format!("cannot open the copy: {e}"))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| format!("cannot check the copy: {e}"))?;
    if integrity != "ok" {
        return Err(format!("the copy failed its integrity check: {integrity}"));
    }
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM initiatives")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| format!("cannot count the copy's initiatives: {e}"))?;
    conn.close().await.ok();
    Ok(count)
}
