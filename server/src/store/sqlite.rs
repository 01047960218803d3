//! The SQLite store: one file, WAL mode, embedded migrations; single submissions are written by
//! the group-commit writer (`group_writer`), batches and images in transactions of their own.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use super::backend_queries::backend_queries;
use super::group_writer::Writer;
use super::{
    new_record, now_text, record, StoreConfig, StoreError, Stored, IMAGE_SQL, INSERT_IMAGE_SQL, INSERT_SQL, LIST_SQL,
    SELECT_BY_ID_SQL, THUMBNAIL_SQL,
};
use crate::submission::ValidSubmission;
use outbox_protocol::SubmissionRecord;

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Single submissions without an image go through the group-commit writer.
    writer: Writer,
}

impl SqliteStore {
    pub async fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        let open_error = |source| StoreError::Open { url: config.url.clone(), source };
        let options = SqliteConnectOptions::from_str(&config.url)
            .map_err(open_error)?
            .create_if_missing(true)
            // WAL: readers do not block the writer; NORMAL is durable against a process crash.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(config.statement_timeout);
        let pool = SqlitePoolOptions::new()
            .max_connections(config.pool_size)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let writer = Writer::start(SqliteGroups(pool.clone()));
        Ok(Self { pool, writer })
    }
}

pub(super) fn from_row(row: &SqliteRow) -> Result<SubmissionRecord, StoreError> {
    record(row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?, row.try_get(4)?, row.try_get(5)?)
}

backend_queries!(SqliteStore, SqliteGroups, sqlx::SqlitePool, sqlx::Sqlite, sqlx::SqliteConnection, i64::from);
