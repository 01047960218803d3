//! Group commit for SQLite: one task owns the connection that stores single submissions; it takes
//! every submission waiting at that moment (up to `MAX_GROUP`) into one transaction, and answers
//! each request only after that transaction committed. SQLite has one writer at a time anyway:
//! many pool connections each committing one row mostly wait on each other's lock (and sleep in
//! the busy handler); one writer committing groups does not.

use std::collections::{HashMap, HashSet};

use outbox_protocol::SubmissionRecord;
use sqlx::pool::PoolConnection;
use sqlx::{Connection, QueryBuilder, Row, Sqlite};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::sqlite::{from_row, insert_on};
use super::{new_record, now_text, StoreError, Stored, SELECT_BY_IDS_SQL};
use crate::submission::ValidSubmission;

/// The most submissions in one transaction.
const MAX_GROUP: usize = 256;
/// Submissions waiting for the writer; beyond this, callers wait to hand theirs over.
const QUEUE: usize = 4 * MAX_GROUP;

struct Job {
    submission: ValidSubmission,
    reply: oneshot::Sender<Result<Stored, StoreError>>,
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer on a connection of its own (taken from the pool for good).
    pub fn start(connection: PoolConnection<Sqlite>) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(connection.detach(), queue));
        Self { jobs }
    }

    /// Stores one submission in the next group; answers once the group committed.
    pub async fn insert(&self, submission: ValidSubmission) -> Result<Stored, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { submission, reply }).await.map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }
}

async fn run(mut connection: sqlx::SqliteConnection, mut queue: mpsc::Receiver<Job>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut group, MAX_GROUP).await > 0 {
        let jobs: Vec<Job> = std::mem::take(&mut group);
        match store_group(&mut connection, &jobs).await {
            Ok(results) => {
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                // Nothing of the group was committed: every caller hears it (503, retried).
                tracing::error!("a group of {} submissions was not stored: {e}", jobs.len());
                let message = e.to_string();
                for job in jobs {
                    let _ = job.reply.send(Err(StoreError::GroupFailed(message.clone())));
                }
            }
        }
    }
}

/// One transaction for the group, one multi-row insert for all of it; if that statement fails,
/// each submission is inserted on its own instead, so one bad row cannot fail the others.
async fn store_group(connection: &mut sqlx::SqliteConnection, jobs: &[Job]) -> Result<Vec<Result<Stored, StoreError>>, StoreError> {
    let submissions: Vec<&ValidSubmission> = jobs.iter().map(|job| &job.submission).collect();
    let mut tx = connection.begin().await?;
    let results = match insert_all(&mut tx, &submissions).await {
        Ok(stored) => stored.into_iter().map(Ok).collect(),
        Err(e) => {
            tracing::warn!("the group insert failed ({e}); storing its {} submissions one by one", jobs.len());
            tx.rollback().await?;
            tx = connection.begin().await?;
            let mut results = Vec::with_capacity(jobs.len());
            for submission in &submissions {
                results.push(insert_on(&mut tx, submission).await);
            }
            results
        }
    };
    tx.commit().await?;
    Ok(results)
}

/// `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING RETURNING id`, then the originals of the ids
/// that were already stored (or repeated within the group), in one query.
async fn insert_all(conn: &mut sqlx::SqliteConnection, submissions: &[&ValidSubmission]) -> Result<Vec<Stored>, StoreError> {
    let received_at = now_text();
    let mut insert = QueryBuilder::<Sqlite>::new("INSERT INTO submissions (id, name, received_at, pressed_at, attempts) ");
    insert.push_values(submissions, |mut row, s| {
        row.push_bind(s.id.to_string())
            .push_bind(&s.name)
            .push_bind(&received_at)
            .push_bind(&s.pressed_at)
            .push_bind(i64::from(s.attempt));
    });
    insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
    let mut inserted: HashSet<String> = HashSet::new();
    for row in insert.build().fetch_all(&mut *conn).await? {
        inserted.insert(row.try_get(0)?);
    }
    // Each inserted id is "created" for its first submission in the group only.
    let mut created = Vec::with_capacity(submissions.len());
    for s in submissions {
        created.push(inserted.remove(&s.id.to_string()));
    }
    let known: Vec<String> = submissions.iter().zip(&created).filter(|(_, c)| !**c).map(|(s, _)| s.id.to_string()).collect();
    let mut originals: HashMap<Uuid, SubmissionRecord> = HashMap::new();
    if !known.is_empty() {
        let mut select = QueryBuilder::<Sqlite>::new(SELECT_BY_IDS_SQL);
        select.push_tuples(std::iter::once(()), |mut tuple, ()| {
            for id in &known {
                tuple.push_bind(id);
            }
        });
        for row in select.build().fetch_all(&mut *conn).await? {
            let record = from_row(&row)?;
            originals.insert(record.id, record);
        }
    }
    submissions
        .iter()
        .zip(created)
        .map(|(s, created)| match created {
            true => Ok(Stored { record: new_record(s, received_at.clone()), created: true }),
            false => originals
                .get(&s.id)
                .cloned()
                .map(|record| Stored { record, created: false })
                .ok_or_else(|| StoreError::GroupFailed(format!("submission {} neither stored nor found", s.id))),
        })
        .collect()
}
