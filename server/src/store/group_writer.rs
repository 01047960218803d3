//! Group commit: one task takes every single submission waiting at that moment (up to
//! `MAX_GROUP`) into one transaction, and answers each request only after that transaction
//! committed. SQLite has one writer at a time: many connections each committing one row mostly
//! wait on each other's lock (and sleep in the busy handler). PostgreSQL flushes its log at every
//! commit: one commit for a group costs what one commit for one row does.

use std::future::Future;
use std::pin::Pin;

use tokio::sync::{mpsc, oneshot};

use super::{StoreError, Stored};
use crate::submission::ValidSubmission;

/// The most submissions in one transaction.
pub const MAX_GROUP: usize = 256;
/// Submissions waiting for the writer; beyond this, callers wait to hand theirs over.
const QUEUE: usize = 4 * MAX_GROUP;

pub type GroupResult = Result<Vec<Result<Stored, StoreError>>, StoreError>;

/// How a backend stores a group: one transaction (on a connection from its pool, so a database
/// that went away and came back is reached again), one answer per submission in order.
pub trait GroupStore: Send + Sync + 'static {
    fn store_group<'a>(&'a self, submissions: &'a [ValidSubmission]) -> Pin<Box<dyn Future<Output = GroupResult> + Send + 'a>>;
}

struct Job {
    submission: ValidSubmission,
    reply: oneshot::Sender<Result<Stored, StoreError>>,
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub fn start(store: impl GroupStore) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, queue));
        Self { jobs }
    }

    /// Stores one submission in the next group; answers once the group committed.
    pub async fn insert(&self, submission: ValidSubmission) -> Result<Stored, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { submission, reply }).await.map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }
}

async fn run(store: impl GroupStore, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut jobs, MAX_GROUP).await > 0 {
        let (submissions, replies): (Vec<ValidSubmission>, Vec<_>) =
            std::mem::take(&mut jobs).into_iter().map(|job| (job.submission, job.reply)).unzip();
        match store.store_group(&submissions).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(e) => {
                // Nothing of the group was committed: every caller hears it (503, retried).
                tracing::error!("a group of {} submissions was not stored: {e}", submissions.len());
                let message = e.to_string();
                for reply in replies {
                    let _ = reply.send(Err(StoreError::GroupFailed(message.clone())));
                }
            }
        }
    }
}

/// The group insert of one backend, written once for both: one multi-row
/// `INSERT … ON CONFLICT DO NOTHING RETURNING id` (a statement is atomic: all of the group or
/// none), then the originals of the ids already stored (or repeated within the group) in one
/// query; if the multi-row statement fails, each submission is inserted on its own instead, so
/// one bad row cannot fail the others.
macro_rules! group_store {
    ($name:ident, $pool:ty, $db:ty, $conn:ty, $attempt:expr, $from_row:path, $insert_on:path) => {
        pub struct $name(pub $pool);

        impl $crate::store::group_writer::GroupStore for $name {
            fn store_group<'a>(
                &'a self,
                submissions: &'a [$crate::submission::ValidSubmission],
            ) -> std::pin::Pin<Box<dyn std::future::Future<Output = $crate::store::group_writer::GroupResult> + Send + 'a>> {
                Box::pin(async move {
                    // One statement is its own transaction: the group is stored (and committed)
                    // by one round trip, and answered only after it.
                    let mut conn = self.0.acquire().await?;
                    match insert_all(&mut conn, submissions).await {
                        Ok(results) => Ok(results),
                        // The statement failed, so nothing of it was stored.
                        Err(e) => {
                            tracing::warn!("the group insert failed ({e}); storing its {} submissions one by one", submissions.len());
                            let mut results = Vec::with_capacity(submissions.len());
                            for submission in submissions {
                                results.push($insert_on(&mut conn, submission).await);
                            }
                            Ok(results)
                        }
                    }
                })
            }
        }

        /// Fails as a whole only when the insert itself failed (then nothing was stored); a
        /// submission whose original cannot be read back gets its own error.
        async fn insert_all(
            conn: &mut $conn,
            submissions: &[$crate::submission::ValidSubmission],
        ) -> $crate::store::group_writer::GroupResult {
            use sqlx::Row;
            use $crate::store::{new_record, now_text, Stored, StoreError, SELECT_BY_IDS_SQL};
            let received_at = now_text();
            let mut insert = sqlx::QueryBuilder::<$db>::new("INSERT INTO submissions (id, name, received_at, pressed_at, attempts) ");
            insert.push_values(submissions, |mut row, s| {
                row.push_bind(s.id.to_string())
                    .push_bind(&s.name)
                    .push_bind(&received_at)
                    .push_bind(&s.pressed_at)
                    .push_bind($attempt(s.attempt));
            });
            insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
            let mut inserted = std::collections::HashSet::<String>::new();
            for row in insert.build().fetch_all(&mut *conn).await? {
                inserted.insert(row.try_get(0)?);
            }
            // Each inserted id is "created" for its first submission in the group only.
            let created: Vec<bool> = submissions.iter().map(|s| inserted.remove(&s.id.to_string())).collect();
            let known: Vec<String> =
                submissions.iter().zip(&created).filter(|(_, c)| !**c).map(|(s, _)| s.id.to_string()).collect();
            let mut originals = std::collections::HashMap::new();
            let mut lookup_error = None;
            if !known.is_empty() {
                let mut select = sqlx::QueryBuilder::<$db>::new(SELECT_BY_IDS_SQL);
                select.push("(");
                let mut ids = select.separated(", ");
                for id in &known {
                    ids.push_bind(id);
                }
                ids.push_unseparated(")");
                match select.build().fetch_all(&mut *conn).await {
                    Ok(rows) => {
                        for row in rows {
                            let record = $from_row(&row)?;
                            originals.insert(record.id, record);
                        }
                    }
                    Err(e) => lookup_error = Some(e.to_string()),
                }
            }
            Ok(submissions
                .iter()
                .zip(created)
                .map(|(s, created)| match created {
                    true => Ok(Stored { record: new_record(s, received_at.clone()), created: true }),
                    false => originals.get(&s.id).cloned().map(|record| Stored { record, created: false }).ok_or_else(|| {
                        StoreError::GroupFailed(match &lookup_error {
                            Some(e) => format!("submission {} is stored, but reading it back failed: {e}", s.id),
                            None => format!("submission {} neither stored nor found", s.id),
                        })
                    }),
                })
                .collect())
        }
    };
}
pub(crate) use group_store;
