//! Group commit: one task takes every single submission waiting at that moment (up to
//! `MAX_GROUP`) into one statement, and answers each request only after it committed. SQLite has
//! one writer at a time: many connections each committing one row mostly wait on each other's
//! lock (and sleep in the busy handler). PostgreSQL flushes its log at every commit: one commit
//! for a group costs what one commit for one row does.

use std::future::Future;

use tokio::sync::{mpsc, oneshot};

use super::{StoreError, Stored};
use crate::submission::ValidSubmission;

/// The most submissions in one group.
pub const MAX_GROUP: usize = 256;
/// Submissions waiting for the writer; beyond this, callers wait to hand theirs over.
const QUEUE: usize = 4 * MAX_GROUP;

/// One answer per submission, in order; an `Err` of the whole when nothing of it was stored.
pub type GroupResult = Result<Vec<Result<Stored, StoreError>>, StoreError>;

/// How a backend stores a group (on a connection from its pool, so a database that went away and
/// came back is reached again).
pub trait GroupStore: Send + Sync + 'static {
    fn store_group(&self, submissions: &[ValidSubmission]) -> impl Future<Output = GroupResult> + Send;
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
        let gone = || StoreError::Unavailable("the database writer stopped".into());
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { submission, reply }).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
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
                // Nothing of the group was committed: every caller hears it.
                tracing::error!("a group of {} submissions was not stored: {e}", submissions.len());
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }
}
