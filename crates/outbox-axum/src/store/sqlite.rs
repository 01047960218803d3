//! The SQLite store: one file, WAL mode, embedded migrations. All it adds to `sqlx_store!` is how
//! it connects.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::sqlx_store::sqlx_store;
use super::{StoreConfig, StoreError};
use crate::submission::ValidSubmission;

sqlx_store!(SqliteStore, sqlx::Sqlite);

impl SqliteStore {
    pub async fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        let open_error = |e: sqlx::Error| StoreError::Open { url: config.redacted_url(), reason: e.to_string() };
        let options = SqliteConnectOptions::from_str(&config.url)
            .map_err(open_error)?
            .create_if_missing(true)
            // WAL: readers do not block the writer. FULL: each commit is synced to disk before it
            // is acknowledged, so an acknowledged submission survives a power cut, not only a
            // crash (NORMAL would lose the last commits); group commit pays one sync per group.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(config.statement_timeout);
        let pool = SqlitePoolOptions::new()
            .max_connections(config.pool_size)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options.clone())
            .await
            .map_err(open_error)?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let bookkeeping = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options.synchronous(SqliteSynchronous::Normal))
            .await
            .map_err(open_error)?;
        Ok(Self::with_pools(pool, bookkeeping))
    }
}

/// Writes a consistent copy of the database `config.url` names to `file`, while a server may keep
/// serving it: SQLite's `VACUUM INTO` reads one snapshot (a read transaction: in WAL mode writers go
/// on), so the copy holds every submission committed before it started. The database is opened
/// read-only and must exist and be Outbox's (a mistyped path is an error, never an empty copy);
/// `file` must not exist yet.
pub async fn backup(config: &StoreConfig, file: &std::path::Path) -> Result<(), StoreError> {
    if file.exists() {
        return Err(StoreError::Internal(format!("{} exists already; back up to a new file", file.display())));
    }
    let path = file.to_str().ok_or_else(|| StoreError::Internal(format!("{} is not UTF-8", file.display())))?;
    let open_error = |reason: String| StoreError::Open { url: config.redacted_url(), reason };
    let options = SqliteConnectOptions::from_str(&config.url)
        .map_err(|e| open_error(e.to_string()))?
        .create_if_missing(false)
        .read_only(true)
        .busy_timeout(config.statement_timeout);
    let mut connection = sqlx::ConnectOptions::connect(&options).await.map_err(|e| open_error(e.to_string()))?;
    // An empty file or another app's database has no submissions table: nothing to back up.
    sqlx::query(super::sql::READY_SQL)
        .execute(&mut connection)
        .await
        .map_err(|e| open_error(format!("it is not an Outbox database ({e})")))?;
    sqlx::query("VACUUM INTO $1").bind(path).execute(&mut connection).await?;
    Ok(())
}

/// A group's insert, answering the ids it stored: one row of `VALUES` per submission (SQLite
/// compiles a statement in microseconds, whatever its size).
async fn insert_submissions(
    conn: &mut sqlx::SqliteConnection,
    submissions: &[&ValidSubmission],
    received_at: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(super::sql::INSERT_SUBMISSIONS_SQL);
    insert.push_values(submissions, |mut row, s| {
        row.push_bind(s.id.to_string())
            .push_bind(s.form)
            .push_bind(sqlx::types::Json(&s.fields))
            .push_bind(received_at)
            .push_bind(&s.pressed_at)
            .push_bind(i64::from(s.attempt));
    });
    insert.push(super::sql::INSERT_SUBMISSIONS_END);
    insert.build_query_scalar().fetch_all(conn).await
}

impl SqliteStore {
    /// One writer at a time (SQLite's own rule), waited for in order.
    const WRITES_AT_ONCE: u32 = 1;
    const CLAIM_FORWARDS_SQL: &str = super::sql::CLAIM_FORWARDS_SQLITE;
    /// The bookkeeping connection is `synchronous=NORMAL` already.
    const RELAXED_COMMIT_SQL: Option<&str> = None;

    const NEW_FORWARDS_SQL: &str = super::sql::NEW_FORWARDS_SQLITE;
    const FORWARD_BACKLOG_SQL: &str = super::sql::FORWARD_BACKLOG_SQLITE;
    const START_FORWARDING_SQL: &str = super::sql::START_FORWARDING_SQLITE;
}
