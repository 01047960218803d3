//! The messages between the page and the worker, as JSON text in `postMessage`.
//!
//! Both directions are `{"type": "…", "msg": {…}}`, the envelope of the original pattern.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::image::ImageAttachment;
use crate::outbox_view::OutboxView;
use crate::record::SubmissionRecord;

/// What the page posts to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "msg", rename_all = "snake_case")]
pub enum PageToWorker {
    /// A submission: `{"type":"bgsync","msg":{"id":…,"name":…,"pressed_at":…,"image":…}}`.
    Bgsync {
        id: Uuid,
        name: String,
        #[serde(default)]
        pressed_at: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        image: Option<ImageAttachment>,
    },
    /// The page loaded or the browser went online: send what waits, and tell me the outbox.
    Drain,
    /// Send a failed entry again now, optionally with an edited name.
    Retry {
        id: Uuid,
        #[serde(default)]
        name: Option<String>,
    },
    /// Remove a failed or expired entry from the outbox.
    Discard { id: Uuid },
}

/// What the worker reports to the pages of its origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "msg", rename_all = "snake_case")]
pub enum WorkerToPage {
    /// The submission is stored in the outbox (it survives a closed tab or browser).
    Queued { id: Uuid },
    /// The worker is sending the submission now.
    Sending { id: Uuid },
    /// The server stored it (or already had it): the stored record.
    Sent { id: Uuid, record: SubmissionRecord },
    /// Delivery failed; `reason` says why in words a person can act on. With `will_retry` the
    /// outbox keeps it and tries again by itself; without, the person must retry or discard it.
    Failed {
        id: Uuid,
        reason: String,
        #[serde(default)]
        will_retry: bool,
    },
    /// The whole outbox as it stands, after every change (all tabs get it).
    Outbox(OutboxView),
    /// The data-less `sample_sync` sync ran: what the server answered to `GET /sync`.
    Pinged { status: u16 },
    /// A message the worker could not act on (malformed, or storage full); nothing was kept.
    Error { reason: String },
}

impl PageToWorker {
    /// Parses a message's JSON text, with a reason a developer can act on when it is malformed.
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("malformed message: {e}"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a PageToWorker always serializes")
    }
}

impl WorkerToPage {
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("malformed worker message: {e}"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a WorkerToPage always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bgsync_envelope_matches_the_original_pattern() {
        let id = Uuid::nil();
        let json = r#"{"type":"bgsync","msg":{"id":"00000000-0000-0000-0000-000000000000","name":"张三"}}"#;
        assert_eq!(
            PageToWorker::from_json(json).unwrap(),
            PageToWorker::Bgsync { id, name: "张三".into(), pressed_at: None, image: None }
        );
        let round = PageToWorker::Bgsync { id, name: "x".into(), pressed_at: Some("t".into()), image: None };
        assert_eq!(PageToWorker::from_json(&round.to_json()).unwrap(), round);
    }

    #[test]
    fn malformed_messages_are_errors_not_panics() {
        for bad in [
            "not json",
            r#"{"type":"nope","msg":{}}"#,
            r#"{"type":"bgsync","msg":{"name":"no id"}}"#,
            r#"{"type":"bgsync","msg":{"id":"not-a-uuid","name":"x"}}"#,
            r#"{"type":"bgsync"}"#,
        ] {
            assert!(PageToWorker::from_json(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn worker_messages_round_trip() {
        let m = WorkerToPage::Failed { id: Uuid::nil(), reason: "offline".into(), will_retry: true };
        assert_eq!(WorkerToPage::from_json(&m.to_json()).unwrap(), m);
    }
}
