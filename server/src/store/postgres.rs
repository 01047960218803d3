//! The PostgreSQL store: one database shared by several server instances. Exactly-once across
//! them rests on the unique id and `INSERT … ON CONFLICT DO NOTHING`.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{PgPool, Row};

use super::backend_queries::backend_queries;
use super::group_writer::Writer;
use super::{
    new_record, now_text, record, StoreConfig, StoreError, Stored, IMAGE_SQL, INSERT_IMAGE_SQL, INSERT_SQL, LIST_SQL,
    SELECT_BY_ID_SQL, THUMBNAIL_SQL,
};
use crate::submission::ValidSubmission;
use outbox_protocol::SubmissionRecord;

#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Single submissions without an image go through the group-commit writer.
    writer: Writer,
}

impl PgStore {
    pub async fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        let open_error = |source| StoreError::Open { url: super::redact(&config.url), source };
        let timeout_ms = config.statement_timeout.as_millis().to_string();
        let options = PgConnectOptions::from_str(&config.url)
            .map_err(open_error)?
            .options([("statement_timeout", timeout_ms.as_str())]);
        let pool = PgPoolOptions::new()
            .max_connections(config.pool_size)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let writer = Writer::start(PgGroups(pool.clone()));
        Ok(Self { pool, writer })
    }
}

pub(super) fn from_row(row: &PgRow) -> Result<SubmissionRecord, StoreError> {
    let attempts: i32 = row.try_get(4)?;
    record(row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?, i64::from(attempts), row.try_get(5)?)
}

backend_queries!(PgStore, PgGroups, sqlx::PgPool, sqlx::Postgres, sqlx::PgConnection, |a: u32| i32::try_from(a).unwrap_or(i32::MAX));
