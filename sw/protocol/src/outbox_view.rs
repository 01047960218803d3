//! The outbox as the page shows it: read from the worker, never kept in page memory, so a reload
//! or a second tab sees the same thing.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an entry of the outbox stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting for its first attempt (or for the network).
    Queued,
    /// A delivery is in flight.
    Sending,
    /// The last attempt failed for a reason that may pass; the next one is due at `next_attempt_at_ms`.
    Retrying { next_attempt_at_ms: u64 },
    /// The server refused it: it will not be sent again unless the person retries (or edits) it.
    Failed,
    /// It waited longer than the retention limit and will not be sent; the person may discard it.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: Uuid,
    pub name: String,
    pub created_at_ms: u64,
    pub attempts: u32,
    #[serde(flatten)]
    pub state: EntryState,
    pub last_error: Option<String>,
    /// The attached image's name, type and size (the page shows them; the bytes stay in the worker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<crate::image::ImageMeta>,
}

/// How the worker is woken to send what waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMode {
    /// The browser's Background Sync wakes the worker when the network is back.
    BackgroundSync,
    /// No Background Sync (Firefox, Safari, WebViews): the worker sends on every wake-up it gets.
    Fallback,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub mode: DeliveryMode,
    /// Whether the worker saw the network as up when it made this report.
    pub online: bool,
    /// Oldest first.
    pub entries: Vec<EntryView>,
}
