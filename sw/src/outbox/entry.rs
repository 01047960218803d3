//! One submission waiting in the outbox, as stored (JSON text in IndexedDB; an image's bytes
//! beside it).

use outbox_protocol::{EntryState, EntryView, ImageMeta, NewSubmission};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Due at `next_attempt_at_ms` (at once for a new entry).
    Waiting,
    /// Claimed by a drain until `lease_until_ms`; a drain that dies mid-send loses the lease.
    Sending { lease_until_ms: u64 },
    /// Refused by the server: kept for the person to edit-and-retry or discard.
    Failed,
    /// Older than the retention limit: kept for the person to see and discard, never sent.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub name: String,
    /// When the person pressed the button (ms since the epoch).
    pub created_at_ms: u64,
    /// Delivery attempts made so far.
    pub attempts: u32,
    pub next_attempt_at_ms: u64,
    pub stage: Stage,
    pub last_error: Option<String>,
    /// The attached image (its bytes are kept beside the entry, see `OutboxStore::image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageMeta>,
}

impl OutboxEntry {
    pub fn new(id: Uuid, name: String, created_at_ms: u64, image: Option<ImageMeta>) -> Self {
        Self {
            image,
            id,
            name,
            created_at_ms,
            attempts: 0,
            next_attempt_at_ms: created_at_ms,
            stage: Stage::Waiting,
            last_error: None,
        }
    }

    /// What goes on the wire for the attempt being made now.
    pub fn to_submission(&self, pressed_at: Option<String>) -> NewSubmission {
        NewSubmission { id: self.id, name: self.name.clone(), pressed_at, attempt: Some(self.attempts.max(1)) }
    }

    /// How the page shows it.
    pub fn view(&self) -> EntryView {
        let state = match self.stage {
            Stage::Sending { .. } => EntryState::Sending,
            Stage::Failed => EntryState::Failed,
            Stage::Expired => EntryState::Expired,
            Stage::Waiting if self.attempts == 0 => EntryState::Queued,
            Stage::Waiting => EntryState::Retrying { next_attempt_at_ms: self.next_attempt_at_ms },
        };
        EntryView {
            id: self.id,
            name: self.name.clone(),
            created_at_ms: self.created_at_ms,
            attempts: self.attempts,
            state,
            last_error: self.last_error.clone(),
            image: self.image.clone(),
        }
    }
}
