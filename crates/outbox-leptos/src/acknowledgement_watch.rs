//! A submission the worker never acknowledged is posted again, then reported as not saved.
//!
//! Between the page's `postMessage` and the worker's write to IndexedDB the data lives only in the
//! page: a worker stopped in that moment (the browser may stop an idle one at any time) takes it
//! with it. So the page keeps the message it posted and, while no word about that id has come
//! from the worker (queued, sending, sent or failed), posts it again: the same id, so a second
//! copy is harmless (the worker keeps one entry per id, the server one record). After the last
//! post the person is told it was not saved, rather than left "waiting for the service worker…" for ever.

use leptos::prelude::*;
use uuid::Uuid;

use crate::submission_status::{StatusBoard, SubmissionStatus};

/// How long the worker has to acknowledge a post before it is posted again.
pub const ACK_WAIT_MS: u32 = 4_000;
/// Posts in all, the first one included.
pub const POSTS: u32 = 3;

/// Watches submission `id`, posted as `posted`.
pub async fn watch(board: RwSignal<StatusBoard>, id: Uuid, posted: crate::worker_bridge::Posted) {
    let unacknowledged = move || {
        board.with_untracked(|b| {
            b.submissions.iter().any(|s| s.id == id && s.status == SubmissionStatus::AwaitingWorker)
        })
    };
    for post in 1..=POSTS {
        gloo_timers::future::TimeoutFuture::new(ACK_WAIT_MS).await;
        if !unacknowledged() {
            return;
        }
        if post < POSTS {
            if let Err(reason) = crate::worker_bridge::post_again(&posted).await {
                board.update(|b| b.set_status(id, SubmissionStatus::Failed(reason)));
                return;
            }
        }
    }
    let reason = crate::texts::tf("state.not_taken", &[("{n}", &POSTS.to_string())]);
    board.update(|b| b.set_status(id, SubmissionStatus::Failed(reason)));
}
