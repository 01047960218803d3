//! `OUTBOX_RETENTION_DAYS`: submissions received longer ago than that are deleted with their images,
//! at start and every `SWEEP_EVERY` after, a chunk per transaction. Their ids are kept as deleted,
//! as the owner's deletions are: a queue that sends one again gets 410 and nothing is stored.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::{Store, StoreError};

/// How often the old submissions are looked for.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);
/// Submissions deleted per transaction (a long delete would hold up the intake on SQLite).
const CHUNK: usize = 500;

/// Deletes what was received more than `days` days before `now`; answers how many.
pub async fn sweep(store: &Store, days: u64, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let days = i64::try_from(days).unwrap_or(i64::MAX);
    let cutoff = now.checked_sub_signed(chrono::TimeDelta::try_days(days).unwrap_or(chrono::TimeDelta::MAX));
    let Some(cutoff) = cutoff else { return Ok(0) };
    store.delete_received_before(&cutoff.to_rfc3339_opts(SecondsFormat::Millis, true), CHUNK).await
}

/// Sweeps now and every `SWEEP_EVERY` while the server runs.
pub fn spawn(store: Store, days: u64) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        loop {
            every.tick().await;
            match sweep(&store, days, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("retention: deleted {n} submissions received over {days} days ago"),
                Err(e) => tracing::warn!("retention: the sweep stopped ({e}); trying again in an hour"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::store::Outcome;
    use crate::submission::tutorial_submission as submission;

    /// Three submissions, two of them received 40 days ago: a 30-day sweep deletes those two, their
    /// ids sent again are not stored, and the recent one stays.
    async fn old_submissions_go_and_stay_gone(store: Store, backdate: impl AsyncFnOnce(&Store, [Uuid; 2])) {
        for n in 1..=3 {
            store.insert(&submission(n)).await.unwrap();
        }
        let now = Utc::now();
        backdate(&store, [Uuid::from_u128(1), Uuid::from_u128(2)]).await;
        assert_eq!(sweep(&store, 30, now).await.unwrap(), 2);
        let left: Vec<Uuid> = store.list(None, None, None).await.unwrap().iter().map(|r| r.id).collect();
        assert_eq!(left, [Uuid::from_u128(3)]);
        assert_eq!(store.insert(&submission(1)).await.unwrap().outcome, Outcome::Deleted);
        assert_eq!(sweep(&store, 30, now).await.unwrap(), 0, "nothing more to delete");
    }

    const BACKDATE_SQL: &str = "UPDATE submissions SET received_at = '2020-01-01T00:00:00.000Z' WHERE id = $1";

    #[tokio::test]
    async fn retention_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("r.db").display())).await.unwrap();
        old_submissions_go_and_stay_gone(store, async |store, ids| {
            let Store::Sqlite(s) = store else { unreachable!() };
            for id in ids {
                sqlx::query(BACKDATE_SQL).bind(id.to_string()).execute(s.pool()).await.unwrap();
            }
        })
        .await;
    }

    #[tokio::test]
    async fn retention_on_postgres() {
        let Some(url) = crate::test_postgres::fresh_database().await else { return };
        old_submissions_go_and_stay_gone(Store::open(&url).await.unwrap(), async |store, ids| {
            let Store::Postgres(s) = store else { unreachable!() };
            for id in ids {
                sqlx::query(BACKDATE_SQL).bind(id.to_string()).execute(s.pool()).await.unwrap();
            }
        })
        .await;
    }
}
