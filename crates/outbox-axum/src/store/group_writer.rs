//! Group commit: one task takes every single submission waiting at that moment (up to
//! `MAX_GROUP`) into one statement, and answers each request only after it committed. SQLite has
//! one writer at a time: many connections each committing one row mostly wait on each other's
//! lock (and sleep in the busy handler). PostgreSQL flushes its log at every commit: one commit
//! for a group costs what one commit for one row does. Each group waits for a turn of the
//! store's `WriteSlots` (which forwarding's bookkeeping takes too) and takes every job waiting by
//! then.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, Mutex, Notify};
use tokio::task::JoinHandle;

use super::write_slots::WriteSlots;
use super::{StoreError, Stored};
use crate::submission::ValidSubmission;

/// The most submissions in one group.
pub const MAX_GROUP: usize = 256;
/// How recent a group counts for `intake`.
const BUSY_WITHIN: Duration = Duration::from_millis(100);
/// A group this large means requests queued behind the commit before it: the writer is flooded.
const FLOODED_GROUP: usize = 16;
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
    /// When the last group was stored, and its size (`intake`).
    last_group: Arc<std::sync::Mutex<Option<(Instant, usize)>>>,
}

/// How hard submissions are arriving now, for work that gives way to them (forwarding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// No group stored within the last `BUSY_WITHIN`.
    Quiet,
    /// Groups lately, small ones.
    Busy,
    /// The last group was large (`FLOODED_GROUP`): the writer is the bottleneck.
    Flooded,
}

impl Writer {
    pub fn start(store: impl GroupStore, slots: WriteSlots) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let stop = Arc::new(Notify::new());
        let last_group = Arc::new(std::sync::Mutex::new(None));
        let task = tokio::spawn(run(store, slots, queue, stop.clone(), last_group.clone()));
        Self { jobs, stop, task: Arc::new(Mutex::new(Some(task))), last_group }
    }

    /// How hard submissions are arriving now, from the last group stored.
    pub fn intake(&self) -> Intake {
        match *self.last_group.lock().unwrap_or_else(std::sync::PoisonError::into_inner) {
            Some((at, _)) if at.elapsed() >= BUSY_WITHIN => Intake::Quiet,
            None => Intake::Quiet,
            Some((_, size)) if size >= FLOODED_GROUP => Intake::Flooded,
            Some(_) => Intake::Busy,
        }
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

async fn run(
    store: impl GroupStore,
    slots: WriteSlots,
    mut queue: mpsc::Receiver<Job>,
    stop: Arc<Notify>,
    last_group: Arc<std::sync::Mutex<Option<(Instant, usize)>>>,
) {
    let mut jobs = Vec::with_capacity(MAX_GROUP);
    loop {
        tokio::select! {
            taken = queue.recv_many(&mut jobs, MAX_GROUP) => {
                if taken == 0 {
                    return;
                }
                let size = store_in_turn(&store, &slots, &mut queue, std::mem::take(&mut jobs)).await;
                *last_group.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((Instant::now(), size));
            }
            () = stop.notified() => {
                // No new jobs; what is queued is still stored and answered.
                queue.close();
                while queue.recv_many(&mut jobs, MAX_GROUP).await > 0 {
                    store_in_turn(&store, &slots, &mut queue, std::mem::take(&mut jobs)).await;
                }
                return;
            }
        }
    }
}

/// Waits for a turn to write, adds the jobs that arrived meanwhile, and stores the group (its size
/// answered). One group at a time: on PostgreSQL too, two groups at once were smaller and no faster
/// (measured).
async fn store_in_turn(
    store: &impl GroupStore,
    slots: &WriteSlots,
    queue: &mut mpsc::Receiver<Job>,
    mut jobs: Vec<Job>,
) -> usize {
    let _turn = slots.take().await;
    while jobs.len() < MAX_GROUP {
        match queue.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    let size = jobs.len();
    store_group(store, jobs).await;
    size
}

/// Stores one group and answers each of its callers.
async fn store_group(store: &impl GroupStore, jobs: Vec<Job>) {
    let (submissions, replies): (Vec<ValidSubmission>, Vec<_>) =
        jobs.into_iter().map(|job| (job.submission, job.reply)).unzip();
    let started = Instant::now();
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
