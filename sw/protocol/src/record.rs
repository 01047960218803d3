//! A submission as the worker sends it and as the server stores and lists it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the worker sends in `POST /sync` (and in each item of `POST /sync/batch`): the
/// client-generated id makes delivery idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSubmission {
    pub id: Uuid,
    pub name: String,
    /// When the person pressed the button (RFC 3339), as the browser's clock saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pressed_at: Option<String>,
    /// Which delivery attempt this is, counting from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
}

/// A stored submission, as `GET /api/submissions` lists it (a public contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRecord {
    pub id: Uuid,
    pub name: String,
    /// When the server stored it, RFC 3339 in UTC with milliseconds.
    pub received_at: String,
    /// When the person pressed the button, if the client said so.
    #[serde(default)]
    pub pressed_at: Option<String>,
    /// The delivery attempt that stored it (1 = the first try got through).
    #[serde(default = "one")]
    pub attempts: u32,
    /// Where the original image is served (`/images/{id}`), null without one.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Where its thumbnail is served (`/images/{id}/thumbnail`), null without one.
    #[serde(default)]
    pub thumbnail_url: Option<String>,
}

impl SubmissionRecord {
    /// The URLs of a submission's image and thumbnail (stable: they name the submission).
    pub fn image_urls(id: Uuid) -> (String, String) {
        (format!("/images/{id}"), format!("/images/{id}/thumbnail"))
    }
}

fn one() -> u32 {
    1
}

/// `POST /sync/batch`: up to [`MAX_BATCH`] submissions, answered one by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    pub submissions: Vec<NewSubmission>,
}

/// The most submissions one batch may carry.
pub const MAX_BATCH: usize = 250;

/// The answer to a batch: one result per submission, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResponse {
    pub results: Vec<BatchItemResult>,
}

/// One submission's fate in a batch: `status` is what `POST /sync` would have answered for it
/// alone (201 stored, 200 already stored, 422 refused…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchItemResult {
    pub id: Uuid,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<SubmissionRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every error the server answers with: `{"error": "…"}`, a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
}
