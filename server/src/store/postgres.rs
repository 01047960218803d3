//! The PostgreSQL store: one database shared by several server instances. Exactly-once across
//! them rests on the unique id and `INSERT … ON CONFLICT DO NOTHING`.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{PgConnection, PgPool, Row};

use super::{
    new_record, now_text, record, StoreConfig, StoreError, Stored, IMAGE_SQL, INSERT_IMAGE_SQL, INSERT_SQL, LIST_SQL,
    SELECT_BY_ID_SQL, THUMBNAIL_SQL,
};
use uuid::Uuid;
use super::group_writer::{group_store, Writer};
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

    pub async fn insert(&self, submission: &ValidSubmission) -> Result<Stored, StoreError> {
        if submission.image.is_none() {
            return self.writer.insert(submission.clone()).await;
        }
        // The record and its image together, or neither.
        let mut tx = self.pool.begin().await?;
        let stored = insert_on(&mut tx, submission).await?;
        tx.commit().await?;
        Ok(stored)
    }

    pub async fn image(&self, id: Uuid) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let row = sqlx::query(IMAGE_SQL).bind(id.to_string()).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(row) => Some((row.try_get(0)?, row.try_get(1)?)),
            None => None,
        })
    }

    pub async fn thumbnail(&self, id: Uuid) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query(THUMBNAIL_SQL).bind(id.to_string()).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(row) => Some(row.try_get(0)?),
            None => None,
        })
    }

    pub async fn insert_batch(&self, submissions: &[&ValidSubmission]) -> Result<Vec<Stored>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut stored = Vec::with_capacity(submissions.len());
        for submission in submissions {
            stored.push(insert_on(&mut tx, submission).await?);
        }
        tx.commit().await?;
        Ok(stored)
    }

    pub async fn list(&self, limit: i64) -> Result<Vec<SubmissionRecord>, StoreError> {
        let rows = sqlx::query(LIST_SQL)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(from_row).collect()
    }
}

pub(super) async fn insert_on(conn: &mut PgConnection, s: &ValidSubmission) -> Result<Stored, StoreError> {
    let received_at = now_text();
    let inserted = sqlx::query(INSERT_SQL)
    .bind(s.id.to_string())
    .bind(&s.name)
    .bind(&received_at)
    .bind(&s.pressed_at)
    .bind(i32::try_from(s.attempt).unwrap_or(i32::MAX))
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 1 {
        if let Some(image) = &s.image {
            sqlx::query(INSERT_IMAGE_SQL)
                .bind(s.id.to_string())
                .bind(image.content_type)
                .bind(&image.file_name)
                .bind(&image.original)
                .bind(&image.thumbnail)
                .execute(&mut *conn)
                .await?;
        }
        return Ok(Stored { record: new_record(s, received_at), created: true });
    }
    let row = sqlx::query(SELECT_BY_ID_SQL)
        .bind(s.id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(Stored { record: from_row(&row)?, created: false })
}

pub(super) fn from_row(row: &PgRow) -> Result<SubmissionRecord, StoreError> {
    let attempts: i32 = row.try_get(4)?;
    record(row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?, i64::from(attempts), row.try_get(5)?)
}

group_store!(PgGroups, sqlx::PgPool, sqlx::Postgres, sqlx::PgConnection, |a: u32| i32::try_from(a).unwrap_or(i32::MAX), from_row, insert_on);
