//! How many write transactions run at once, and the wait for a turn. SQLite has one writer: its
//! writes take turns here, in order, and never meet its busy handler (which sleeps up to 100 ms
//! between tries: the intake's p99 with forwarding on was 71 ms). PostgreSQL writes two at once:
//! the group writer's group and forwarding's bookkeeping beside it.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Clone)]
pub struct WriteSlots(Arc<Semaphore>);

impl WriteSlots {
    pub fn new(at_once: u32) -> Self {
        Self(Arc::new(Semaphore::new(at_once as usize)))
    }

    /// A turn to write; held until the transaction committed or was rolled back.
    pub async fn take(&self) -> OwnedSemaphorePermit {
        self.0.clone().acquire_owned().await.expect("the write slots are never closed")
    }
}
