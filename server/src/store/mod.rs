//! Where submissions are kept, chosen by `DATABASE_URL`: SQLite (`sqlite://…`, the default, one
//! file) or PostgreSQL (`postgres://…`, shared by several server instances).
//!
//! Idempotency rests on the database, never on process memory: the client id is unique, and an
//! insert of a known id does nothing and answers the record first stored. Both backends run the
//! same test suite (`server/tests/store_suite.rs`).

mod backend_queries;
mod group_writer;
mod postgres;
mod sqlite;

use std::time::Duration;

use outbox_protocol::SubmissionRecord;
use uuid::Uuid;

use crate::submission::ValidSubmission;

/// How the store connects: pool size, timeouts, and start-up retries (the database may come up
/// after the server).
#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub url: String,
    pub pool_size: u32,
    /// Longest a statement may run (PostgreSQL `statement_timeout`; SQLite's busy timeout).
    pub statement_timeout: Duration,
    /// Longest a request waits for a connection before it is answered 503.
    pub acquire_timeout: Duration,
    /// Connection attempts at start-up, one second apart.
    pub connect_attempts: u32,
}

impl StoreConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pool_size: 8,
            statement_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(3),
            connect_attempts: 30,
        }
    }
}

#[derive(Clone)]
pub enum Store {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
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
    #[error("DATABASE_URL must start with sqlite:// or postgres://, not {0:?}")]
    UnknownScheme(String),
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("the database writer stopped")]
    WriterGone,
    #[error("database error: {0}")]
    GroupFailed(String),
}

impl Store {
    /// Opens the database `config.url` names (retrying while it is not up yet) and migrates it.
    pub async fn open_with(config: &StoreConfig) -> Result<Self, StoreError> {
        let url = config.url.as_str();
        let mut attempt = 1;
        loop {
            let opened = if url.starts_with("sqlite:") {
                sqlite::SqliteStore::open(config).await.map(Store::Sqlite)
            } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
                postgres::PgStore::open(config).await.map(Store::Postgres)
            } else {
                return Err(StoreError::UnknownScheme(redact(url)));
            };
            match opened {
                Err(StoreError::Open { source, .. }) if attempt < config.connect_attempts => {
                    tracing::warn!(attempt, "database not reachable yet ({source}); retrying in 1 s");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Opens with the default settings.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(&StoreConfig::new(url)).await
    }

    /// Stores a submission (and its image, in the same transaction) unless its id is known; either
    /// way answers the stored record.
    pub async fn insert(&self, submission: &ValidSubmission) -> Result<Stored, StoreError> {
        match self {
            Store::Sqlite(s) => s.insert(submission).await,
            Store::Postgres(s) => s.insert(submission).await,
        }
    }

    /// Stores several submissions in one transaction (all or none), each as [`Store::insert`]
    /// would; answers in the order given.
    pub async fn insert_batch(&self, submissions: &[ValidSubmission]) -> Result<Vec<Stored>, StoreError> {
        // Insert in id order, so two instances taking overlapping batches cannot deadlock.
        let mut order: Vec<usize> = (0..submissions.len()).collect();
        order.sort_by_key(|&i| submissions[i].id);
        let sorted: Vec<&ValidSubmission> = order.iter().map(|&i| &submissions[i]).collect();
        let stored = match self {
            Store::Sqlite(s) => s.insert_batch(&sorted).await?,
            Store::Postgres(s) => s.insert_batch(&sorted).await?,
        };
        let mut answers: Vec<Option<Stored>> = vec![None; submissions.len()];
        for (i, s) in order.into_iter().zip(stored) {
            answers[i] = Some(s);
        }
        Ok(answers.into_iter().map(|s| s.expect("one answer per submission")).collect())
    }

    /// The stored records, newest first; at most `limit` of them when given.
    pub async fn list(&self, limit: Option<usize>) -> Result<Vec<SubmissionRecord>, StoreError> {
        let limit = limit.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
        match self {
            Store::Sqlite(s) => s.list(limit).await,
            Store::Postgres(s) => s.list(limit).await,
        }
    }

    /// A submission's original image: its content type and bytes.
    pub async fn image(&self, id: Uuid) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        match self {
            Store::Sqlite(s) => s.image(id).await,
            Store::Postgres(s) => s.image(id).await,
        }
    }

    /// A submission's thumbnail (JPEG).
    pub async fn thumbnail(&self, id: Uuid) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Store::Sqlite(s) => s.thumbnail(id).await,
            Store::Postgres(s) => s.thumbnail(id).await,
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }
}

// The queries, written once: both backends accept `$N` placeholders (sqlx binds SQLite's `$N`
// by number too). Every read of a record returns the columns in this order: id, name, received_at,
// pressed_at, attempts, and the image's content type (null without one).
const INSERT_SQL: &str = "INSERT INTO submissions (id, name, received_at, pressed_at, attempts) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING";
const INSERT_IMAGE_SQL: &str =
    "INSERT INTO images (submission_id, content_type, file_name, original, thumbnail) VALUES ($1, $2, $3, $4, $5)";
/// The record columns, in the order every read returns them.
macro_rules! select_records {
    () => {
        "SELECT s.id, s.name, s.received_at, s.pressed_at, s.attempts, i.content_type \
         FROM submissions s LEFT JOIN images i ON i.submission_id = s.id"
    };
}
const SELECT_BY_ID_SQL: &str = concat!(select_records!(), " WHERE s.id = $1");
const LIST_SQL: &str = concat!(select_records!(), " ORDER BY s.seq DESC LIMIT $1");
/// Followed by a parenthesized list of ids.
const SELECT_BY_IDS_SQL: &str = concat!(select_records!(), " WHERE s.id IN ");
const IMAGE_SQL: &str = "SELECT content_type, original FROM images WHERE submission_id = $1";
const THUMBNAIL_SQL: &str = "SELECT thumbnail FROM images WHERE submission_id = $1";

fn record(
    id: String,
    name: String,
    received_at: String,
    pressed_at: Option<String>,
    attempts: i64,
    image_type: Option<String>,
) -> Result<SubmissionRecord, StoreError> {
    let id = Uuid::parse_str(&id).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
    Ok(with_image_urls(SubmissionRecord { id, name, received_at, pressed_at, attempts, image_url: None, thumbnail_url: None }, image_type.is_some()))
}

fn with_image_urls(mut record: SubmissionRecord, has_image: bool) -> SubmissionRecord {
    if has_image {
        let (image, thumbnail) = SubmissionRecord::image_urls(record.id);
        record.image_url = Some(image);
        record.thumbnail_url = Some(thumbnail);
    }
    record
}

fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn new_record(s: &ValidSubmission, received_at: String) -> SubmissionRecord {
    let record = SubmissionRecord {
        id: s.id,
        name: s.name.clone(),
        received_at,
        pressed_at: s.pressed_at.clone(),
        attempts: s.attempt,
        image_url: None,
        thumbnail_url: None,
    };
    with_image_urls(record, s.image.is_some())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => format!("{}://…{}", &url[..scheme_end], &url[at..]),
        _ => url.to_string(),
    }
}
