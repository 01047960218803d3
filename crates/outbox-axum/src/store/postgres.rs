//! The PostgreSQL store: one database shared by several server instances (exactly once across
//! them rests on the unique id and `INSERT … ON CONFLICT DO NOTHING`). All it adds to
//! `sqlx_store!` is how it connects; `synchronous_commit` stays on (PostgreSQL's default), so an
//! acknowledged submission is on disk.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::sqlx_store::sqlx_store;
use super::{StoreConfig, StoreError};
use crate::submission::ValidSubmission;

sqlx_store!(PgStore, sqlx::Postgres);

impl PgStore {
    pub async fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        let open_error = |e: sqlx::Error| StoreError::Open { url: config.redacted_url(), reason: e.to_string() };
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
        Ok(Self::with_pools(pool.clone(), pool))
    }
}

/// A group's insert, answering the ids it stored: its columns bound as arrays, so that a group of
/// any size is one statement, prepared once per connection (with a row of `VALUES` per
/// submission, each group size was a statement of its own, prepared and planned anew on each
/// connection: planning one of 32 rows took 1.2 ms, twice what inserting them did).
async fn insert_submissions(
    conn: &mut sqlx::PgConnection,
    submissions: &[&ValidSubmission],
    received_at: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let ids: Vec<String> = submissions.iter().map(|s| s.id.to_string()).collect();
    let forms: Vec<&str> = submissions.iter().map(|s| s.form).collect();
    let fields: Vec<String> = submissions.iter().map(|s| s.fields.to_string()).collect();
    let pressed_at: Vec<Option<&str>> = submissions.iter().map(|s| s.pressed_at.as_deref()).collect();
    let attempts: Vec<i64> = submissions.iter().map(|s| i64::from(s.attempt)).collect();
    sqlx::query_scalar(super::sql::INSERT_SUBMISSIONS_POSTGRES)
        .bind(ids)
        .bind(forms)
        .bind(fields)
        .bind(received_at)
        .bind(pressed_at)
        .bind(attempts)
        .fetch_all(conn)
        .await
}

impl PgStore {
    /// A group commit and forwarding's bookkeeping beside it.
    const WRITES_AT_ONCE: u32 = 2;
    const CLAIM_FORWARDS_SQL: &str = super::sql::CLAIM_FORWARDS_POSTGRES;
    /// Forwarding's bookkeeping commits without waiting for the WAL's flush (this transaction only).
    const RELAXED_COMMIT_SQL: Option<&str> = Some("SET LOCAL synchronous_commit = off");

    const NEW_FORWARDS_SQL: &str = super::sql::NEW_FORWARDS_POSTGRES;
    const FORWARD_BACKLOG_SQL: &str = super::sql::FORWARD_BACKLOG_POSTGRES;
    const START_FORWARDING_SQL: &str = super::sql::START_FORWARDING_POSTGRES;
}
