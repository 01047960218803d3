//! Group commit: one task takes every single submission waiting at that moment (up to
//! `MAX_GROUP`) into one statement, and answers each request only after it committed. SQLite has
//! one writer at a time: many connections each committing one row mostly wait on each other's
//! lock (and sleep in the busy handler). PostgreSQL flushes its log at every commit: one commit
//! for a group costs what one commit for one row does.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex, Notify};
use tokio::task::JoinHandle;

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
    /// Asks the task to take no more jobs, store what it holds, and end (`close`).
    stop: Arc<Notify>,
    task: Arc<Mutex<Option<JoinHandle<()>>>>,
}

impl Writer {
    pub fn start(store: impl GroupStore) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let stop = Arc::new(Notify::new());
        let task = tokio::spawn(run(store, queue, stop.clone()));
        Self { jobs, stop, task: Arc::new(Mutex::new(Some(task))) }
    }

    /// Stores every job already handed over, answers it, and stops the writer (at shutdown). A
    /// later `insert` is answered "unavailable".
    pub async fn close(&self) {
        self.stop.notify_one();
        if let Some(task) = self.task.lock().await.take() {
            let _ = task.await;
        }
    }

    /// Stores one submission in the next group; answers once the group committed.
    pub async fn insert(&self, submission: ValidSubmission) -> Result<Stored, StoreError> {
        let gone = || StoreError::Unavailable("the database writer stopped".into());
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { submission, reply }).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn run(store: impl GroupStore, mut queue: mpsc::Receiver<Job>, stop: Arc<Notify>) {
    let mut jobs = Vec::with_capacity(MAX_GROUP);
    loop {
        tokio::select! {
            taken = queue.recv_many(&mut jobs, MAX_GROUP) => {
                if taken == 0 {
                    return;
                }
                store_group(&store, std::mem::take(&mut jobs)).await;
            }
            () = stop.notified() => {
                // No new jobs; what is queued is still stored and answered.
                queue.close();
                while queue.recv_many(&mut jobs, MAX_GROUP).await > 0 {
                    store_group(&store, std::mem::take(&mut jobs)).await;
                }
                return;
            }
        }
    }
}

/// Stores one group and answers each of its callers.
async fn store_group(store: &impl GroupStore, jobs: Vec<Job>) {
    let (submissions, replies): (Vec<ValidSubmission>, Vec<_>) =
        jobs.into_iter().map(|job| (job.submission, job.reply)).unzip();
    let started = std::time::Instant::now();
    let stored = store.store_group(&submissions).await;
    crate::telemetry::record_group(submissions.len(), started.elapsed());
    match stored {
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
