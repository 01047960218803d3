//! The messages between the page and the worker, as JSON text in `postMessage`.
//!
//! Both directions are `{"type": "…", "msg": {…}}`, the envelope of the original pattern.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::record::SubmissionRecord;

/// What the page posts to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "msg", rename_all = "snake_case")]
pub enum PageToWorker {
    /// The form's data for the pending `sample_sync_event` sync: `{"type":"bgsync","msg":{"id":…,"name":…}}`.
    Bgsync { id: Uuid, name: String },
}

/// What the worker reports to the pages it controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "msg", rename_all = "snake_case")]
pub enum WorkerToPage {
    /// The worker holds the submission and waits for its sync event (or for the network).
    Queued { id: Uuid },
    /// The worker is sending the submission now.
    Sending { id: Uuid },
    /// The server stored it (or already had it): the stored record.
    Sent { id: Uuid, record: SubmissionRecord },
    /// Delivery failed; `reason` says why in words a person can act on.
    Failed { id: Uuid, reason: String },
    /// The data-less `sample_sync` sync ran: what the server answered to `GET /sync`.
    Pinged { status: u16 },
    /// A message the worker could not understand; it was ignored.
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
        let json = PageToWorker::Bgsync { id, name: "张三".into() }.to_json();
        assert_eq!(
            json,
            r#"{"type":"bgsync","msg":{"id":"00000000-0000-0000-0000-000000000000","name":"张三"}}"#
        );
        assert_eq!(PageToWorker::from_json(&json).unwrap(), PageToWorker::Bgsync { id, name: "张三".into() });
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
        let m = WorkerToPage::Failed { id: Uuid::nil(), reason: "offline".into() };
        assert_eq!(WorkerToPage::from_json(&m.to_json()).unwrap(), m);
    }
}
