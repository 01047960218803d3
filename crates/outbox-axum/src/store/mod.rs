//! Where submissions are kept, chosen by `DATABASE_URL`: SQLite (`sqlite://…`, the default, one
//! file) or PostgreSQL (`postgres://…`, shared by several server instances). This module
//! dispatches to the backend; `config` says how to connect, `sql` holds the statements and the
//! row mapping, `sqlx_store` what both backends do alike, `group_writer` the group commit, `write_slots` how many writes run at once.
//!
//! Idempotency rests on the database, never on process memory: the client id is unique, and an
//! insert of a known id does nothing and answers the record first stored. Both backends run the
//! same suites (`tests/`, the router with the tutorial app).

#[cfg(test)]
mod backup_tests;
mod config;
mod error;
#[cfg(test)]
mod forward_tests;
mod group_writer;
pub mod idempotency;
mod postgres;
mod sql;
mod sqlite;
mod sqlx_store;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod upgrade_tests;
mod write_slots;

use std::time::Duration;

use outbox_protocol::SubmissionRecord;
use uuid::Uuid;

pub use config::StoreConfig;
pub use error::StoreError;
pub use group_writer::Intake;

use crate::submission::ValidSubmission;

/// Where submissions are stored, opened from a URL (`Store::open`): SQLite or PostgreSQL.
#[derive(Clone)]
pub enum Store {
    /// A SQLite file (the default; one server).
    Sqlite(sqlite::SqliteStore),
    /// A PostgreSQL database (several servers may share it).
    Postgres(postgres::PgStore),
}

/// The outcome of storing a submission: its record (the original one unless `Created`; for
/// `Deleted` the submission as sent, which is not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub record: SubmissionRecord,
    pub outcome: Outcome,
}

/// A forward claimed by this instance: the submission, the attempts made so far, and the lease
/// it is settled under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardClaim {
    pub id: Uuid,
    /// The submission's position, which names its forward.
    pub seq: i64,
    pub attempts: u32,
    pub lease_until: i64,
    pub source: ForwardSource,
}

/// Where a claimed forward was taken from, which is how it is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardSource {
    /// After the cursor, handed on for the first time (`xid`: the transaction that stored it, on
    /// PostgreSQL; 0 on SQLite). A round's are settled together: the cursor moves past the last.
    New { xid: i64 },
    /// A row of `forwards`: due again after a failed attempt.
    Due,
}

/// How a claimed forward ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardSettled {
    /// The receiver answered 2xx: the forward is deleted.
    Done,
    /// The receiver refused it (4xx): kept, failed, with its answer, for the owner.
    Failed(String),
    /// Not delivered (5xx, 408, 429, no answer): due again at `next_attempt_at` (ms).
    Retry { next_attempt_at: i64, error: String },
}

/// What storing a submission came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored now.
    Created,
    /// The id was already stored with the same payload: nothing new is stored (a repeated delivery).
    Repeated,
    /// The id was already stored with a different payload: nothing is stored or overwritten.
    IdConflict,
    /// The id was stored once and deleted since (by the owner or by retention): it is not stored
    /// again.
    Deleted,
}

impl Outcome {
    /// Its name in the metrics (`outbox_submissions_total{outcome=…}`).
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Created => "stored",
            Outcome::Repeated => "repeated",
            Outcome::IdConflict => "conflict",
            Outcome::Deleted => "deleted",
        }
    }
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
                return Err(StoreError::UnknownScheme(config.redacted_url()));
            };
            match opened {
                Err(StoreError::Open { reason, .. }) if attempt < config.connect_attempts => {
                    tracing::warn!(
                        attempt,
                        "database {} not reachable yet ({reason}); retrying in 1 s",
                        config.redacted_url()
                    );
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

    /// Stores a submission (and its images, in the same transaction) unless its id is known; either
    /// way answers the stored record.
    pub async fn insert(&self, submission: &ValidSubmission) -> Result<Stored, StoreError> {
        match self {
            Store::Sqlite(s) => s.insert(submission).await,
            Store::Postgres(s) => s.insert(submission).await,
        }
    }

    /// Stores several submissions in one statement, each as [`Store::insert`] would; answers each
    /// in the order given. The outer error: nothing could be tried (no connection).
    pub async fn insert_batch(
        &self,
        submissions: &[ValidSubmission],
    ) -> Result<Vec<Result<Stored, StoreError>>, StoreError> {
        // A batch whose every item was refused stores nothing (a statement of no rows is no SQL).
        if submissions.is_empty() {
            return Ok(Vec::new());
        }
        // Insert in id order, so two instances taking overlapping batches cannot deadlock.
        let mut order: Vec<usize> = (0..submissions.len()).collect();
        order.sort_by_key(|&i| submissions[i].id);
        let sorted: Vec<&ValidSubmission> = order.iter().map(|&i| &submissions[i]).collect();
        let stored = match self {
            Store::Sqlite(s) => s.insert_batch(&sorted).await?,
            Store::Postgres(s) => s.insert_batch(&sorted).await?,
        };
        let mut answers: Vec<Option<Result<Stored, StoreError>>> = vec![None; submissions.len()];
        for (i, s) in order.into_iter().zip(stored) {
            answers[i] = Some(s);
        }
        Ok(answers.into_iter().map(|s| s.expect("one answer per submission")).collect())
    }

    /// The stored records, newest first: of the form named `form` when given, else of every form;
    /// at most `limit` of them when given; only those older than the record `before` when given (a
    /// cursor; `StoreError::CursorGone` when that record is no longer stored).
    pub async fn list(
        &self,
        form: Option<&str>,
        limit: Option<usize>,
        before: Option<Uuid>,
    ) -> Result<Vec<SubmissionRecord>, StoreError> {
        let position = match before {
            None => None,
            Some(id) => Some(self.position(id).await?.ok_or(StoreError::CursorGone(id))?),
        };
        Ok(self.page(form, limit, position).await?.into_iter().map(|(_, record)| record).collect())
    }

    /// Like `list`, with each record's position, before the position `before` (a cursor that
    /// survives the deletion of the record it came from: the export's).
    pub async fn page(
        &self,
        form: Option<&str>,
        limit: Option<usize>,
        before: Option<i64>,
    ) -> Result<Vec<(i64, SubmissionRecord)>, StoreError> {
        let limit = limit.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
        match self {
            Store::Sqlite(s) => s.list(form, limit, before).await,
            Store::Postgres(s) => s.list(form, limit, before).await,
        }
    }

    async fn position(&self, id: Uuid) -> Result<Option<i64>, StoreError> {
        match self {
            Store::Sqlite(s) => s.position(id).await,
            Store::Postgres(s) => s.position(id).await,
        }
    }

    /// A submission's original image at `position` (0: the first picked): its content type and
    /// bytes.
    pub async fn image(&self, id: Uuid, position: usize) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let Ok(position) = i32::try_from(position) else { return Ok(None) };
        match self {
            Store::Sqlite(s) => s.image(id, position).await,
            Store::Postgres(s) => s.image(id, position).await,
        }
    }

    /// The thumbnail (JPEG) of a submission's image at `position`.
    pub async fn thumbnail(&self, id: Uuid, position: usize) -> Result<Option<Vec<u8>>, StoreError> {
        let Ok(position) = i32::try_from(position) else { return Ok(None) };
        match self {
            Store::Sqlite(s) => s.thumbnail(id, position).await,
            Store::Postgres(s) => s.thumbnail(id, position).await,
        }
    }

    /// Deletes the submissions `ids` with their images, keeping their ids as deleted (sent again,
    /// they are not stored: `Outcome::Deleted`); answers how many there were.
    pub async fn delete(&self, ids: &[Uuid]) -> Result<usize, StoreError> {
        match self {
            Store::Sqlite(s) => s.delete(ids).await,
            Store::Postgres(s) => s.delete(ids).await,
        }
    }

    /// Deletes every submission received before `cutoff` (RFC 3339 text, as stored), a chunk of
    /// `chunk` per transaction; answers how many.
    pub async fn delete_received_before(&self, cutoff: &str, chunk: usize) -> Result<usize, StoreError> {
        let limit = i64::try_from(chunk.max(1)).unwrap_or(i64::MAX);
        let mut total = 0;
        loop {
            let ids = match self {
                Store::Sqlite(s) => s.received_before(cutoff, limit).await?,
                Store::Postgres(s) => s.received_before(cutoff, limit).await?,
            };
            if ids.is_empty() {
                return Ok(total);
            }
            total += self.delete(&ids).await?;
        }
    }

    /// A consistent copy of the SQLite database `config` names, written to `file` while a server
    /// may serve it (`sqlite::backup`: opened read-only, never created). PostgreSQL has its own
    /// tools: the error says which to run.
    pub async fn backup(config: &StoreConfig, file: &std::path::Path) -> Result<(), StoreError> {
        if config.url.starts_with("sqlite:") {
            return sqlite::backup(config, file).await;
        }
        if config.url.starts_with("postgres:") || config.url.starts_with("postgresql:") {
            return Err(StoreError::Internal(
                "this database is PostgreSQL: back it up with pg_dump (pg_dump --format=custom --file=FILE \
                 \"$DATABASE_URL\"), and restore with pg_restore --dbname=\"$DATABASE_URL\" FILE"
                    .into(),
            ));
        }
        Err(StoreError::UnknownScheme(config.redacted_url()))
    }

    /// Starts the forward cursor after what is stored (kept if it exists), or drops it.
    pub async fn set_forwarding(&self, enabled: bool) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.set_forwarding(enabled).await,
            Store::Postgres(s) => s.set_forwarding(enabled).await,
        }
    }

    /// How hard submissions are arriving now (see `forwarding`).
    pub fn intake(&self) -> Intake {
        match self {
            Store::Sqlite(s) => s.intake(),
            Store::Postgres(s) => s.intake(),
        }
    }

    /// Claims up to `limit` due forwards for `lease_ms` (see `forwarding`).
    pub async fn claim_forwards(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: usize,
    ) -> Result<Vec<ForwardClaim>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match self {
            Store::Sqlite(s) => s.claim_forwards(now_ms, now_ms + lease_ms, limit).await,
            Store::Postgres(s) => s.claim_forwards(now_ms, now_ms + lease_ms, limit).await,
        }
    }

    /// Settles claimed forwards, each under its lease, in one transaction (a round's new forwards
    /// all together: the cursor moves past the last of them).
    pub async fn settle_forwards(&self, settled: &[(ForwardClaim, ForwardSettled)]) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.settle_forwards(settled).await,
            Store::Postgres(s) => s.settle_forwards(settled).await,
        }
    }

    /// How many forwards wait, by state.
    pub async fn forward_backlog(&self) -> Result<Vec<(String, i64)>, StoreError> {
        match self {
            Store::Sqlite(s) => s.forward_backlog().await,
            Store::Postgres(s) => s.forward_backlog().await,
        }
    }

    /// The forwards the receiver refused: id, attempts, its answer (at most `limit`).
    pub async fn forward_failures(&self, limit: usize) -> Result<Vec<(String, i32, Option<String>)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match self {
            Store::Sqlite(s) => s.forward_failures(limit).await,
            Store::Postgres(s) => s.forward_failures(limit).await,
        }
    }

    /// The stored records of `ids`, read in one query, by id (an id not stored is left out).
    pub async fn records(&self, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, SubmissionRecord>, StoreError> {
        match self {
            Store::Sqlite(s) => s.records(ids).await,
            Store::Postgres(s) => s.records(ids).await,
        }
    }

    /// The pool's connections: open, idle, and the most it opens (for the metrics).
    pub fn pool_stats(&self) -> (u32, usize, u32) {
        match self {
            Store::Sqlite(s) => s.pool_stats(),
            Store::Postgres(s) => s.pool_stats(),
        }
    }

    /// Does the database answer a trivial query within `within`? (The readiness probe.)
    pub async fn ping(&self, within: std::time::Duration) -> Result<(), StoreError> {
        let ping = async {
            match self {
                Store::Sqlite(s) => s.ping().await,
                Store::Postgres(s) => s.ping().await,
            }
        };
        match tokio::time::timeout(within, ping).await {
            Ok(answer) => answer,
            Err(_) => Err(StoreError::Unavailable(format!("the database did not answer within {within:?}"))),
        }
    }

    /// At shutdown, once no request is served any more: stores and answers what the group writer
    /// holds, then closes the connections (SQLite checkpoints its log).
    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => s.close().await,
            Store::Postgres(s) => s.close().await,
        }
    }

    /// `sqlite` or `postgres`, as logs and metrics name it.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }
}
