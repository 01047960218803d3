//! A submission as the worker sends it and as the server stores and lists it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the worker sends in `POST /sync`: the client-generated id makes delivery idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSubmission {
    pub id: Uuid,
    pub name: String,
}

/// A stored submission, as `GET /api/submissions` lists it (a public contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRecord {
    pub id: Uuid,
    pub name: String,
    /// When the server stored it, RFC 3339 in UTC with milliseconds.
    pub received_at: String,
}

/// Every error the server answers with: `{"error": "…"}`, a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
}
