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

    /// The forward trigger: one statement-level trigger per insert writes a row of `forwards` for
    /// each submission the statement stored (a group commit's rows at once). Creating or dropping
    /// it locks `submissions` (other instances' inserts wait), so it is done only when its state
    /// must change; instances starting together take turns (an advisory lock).
    pub async fn set_forwarding(&self, enabled: bool) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(7230301)").execute(&mut *tx).await?;
        let (exists,): (bool,) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'forward_submissions' \
             AND tgrelid = 'submissions'::regclass)",
        )
        .fetch_one(&mut *tx)
        .await?;
        let statements: &[&str] = match (enabled, exists) {
            (true, false) => &[
                "CREATE OR REPLACE FUNCTION record_forwards() RETURNS trigger AS $$ BEGIN \
                 INSERT INTO forwards (seq, submission_id) SELECT seq, id FROM stored ON CONFLICT DO NOTHING; \
                 RETURN NULL; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER forward_submissions AFTER INSERT ON submissions \
                 REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION record_forwards()",
            ],
            (false, true) => &["DROP TRIGGER forward_submissions ON submissions"],
            _ => &[],
        };
        for statement in statements {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
