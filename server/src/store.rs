//! Where submissions are kept: SQLite through sqlx, schema from the embedded migrations.
//!
//! Idempotency rests on the database: the client id is unique, and an insert of a known id does
//! nothing and answers the record first stored.

use std::str::FromStr;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use outbox_protocol::SubmissionRecord;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqliteConnection, SqlitePool};
use uuid::Uuid;

use crate::submission::ValidSubmission;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// The outcome of storing a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub record: SubmissionRecord,
    /// False when the id was already stored: `record` is then the original one.
    pub created: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

const COLUMNS: &str = "id, name, received_at, pressed_at, attempts";

impl Store {
    /// Opens (creating if missing) the SQLite database at `url` and applies the migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let open_error = |source| StoreError::Open { url: url.to_string(), source };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(open_error)?
            .create_if_missing(true)
            // WAL: readers do not block the writer; NORMAL is durable against a process crash.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Stores a submission unless its id is known; either way answers the stored record.
    pub async fn insert(&self, submission: &ValidSubmission) -> Result<Stored, StoreError> {
        let mut conn = self.pool.acquire().await?;
        insert_on(&mut conn, submission).await
    }

    /// Stores several submissions in one transaction (all or none), each as [`Store::insert`] would.
    pub async fn insert_batch(&self, submissions: &[ValidSubmission]) -> Result<Vec<Stored>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut stored = Vec::with_capacity(submissions.len());
        for submission in submissions {
            stored.push(insert_on(&mut tx, submission).await?);
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// The stored records, newest first; at most `limit` of them when given.
    pub async fn list(&self, limit: Option<usize>) -> Result<Vec<SubmissionRecord>, StoreError> {
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions ORDER BY seq DESC LIMIT ?1"))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(record_from_row).collect()
    }
}

async fn insert_on(conn: &mut SqliteConnection, s: &ValidSubmission) -> Result<Stored, StoreError> {
    let received_at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let inserted = sqlx::query(
        "INSERT INTO submissions (id, name, received_at, pressed_at, attempts) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT(id) DO NOTHING",
    )
    .bind(s.id.to_string())
    .bind(&s.name)
    .bind(&received_at)
    .bind(&s.pressed_at)
    .bind(i64::from(s.attempt))
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 1 {
        let record = SubmissionRecord {
            id: s.id,
            name: s.name.clone(),
            received_at,
            pressed_at: s.pressed_at.clone(),
            attempts: s.attempt,
        };
        return Ok(Stored { record, created: true });
    }
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions WHERE id = ?1"))
        .bind(s.id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(Stored { record: record_from_row(&row)?, created: false })
}

fn record_from_row(row: &SqliteRow) -> Result<SubmissionRecord, StoreError> {
    let id: String = row.try_get("id")?;
    let id = Uuid::parse_str(&id).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let attempts: i64 = row.try_get("attempts")?;
    Ok(SubmissionRecord {
        id,
        name: row.try_get("name")?,
        received_at: row.try_get("received_at")?,
        pressed_at: row.try_get("pressed_at")?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
    })
}
