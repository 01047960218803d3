//! A submission checked against the rules before it reaches the store: the name normalized, the
//! press time a real RFC 3339 time, the attempt counted from 1. Its error says what is wrong in
//! words a person can act on, and knows nothing of HTTP (`error::AppError` picks the status).

use chrono::{DateTime, SecondsFormat};
use outbox_protocol::{normalize_name, NameError, NewSubmission};
use uuid::Uuid;

use crate::uploaded_image::CheckedImage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSubmission {
    pub id: Uuid,
    pub name: String,
    pub pressed_at: Option<String>,
    pub attempt: u32,
    /// The checked image that came with it (multipart `POST /sync` only).
    pub image: Option<CheckedImage>,
}

/// Why a submission breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSubmission {
    #[error("{0}")]
    Name(#[from] NameError),
    #[error("pressed_at {text:?} is not an RFC 3339 time: {reason}")]
    PressedAt { text: String, reason: String },
    #[error("attempt counts from 1")]
    ZeroAttempt,
    #[error("attempt {0:?} is not a whole number")]
    AttemptNotANumber(String),
    #[error("id {text:?} is not a uuid: {reason}")]
    Id { text: String, reason: String },
    #[error("the form has no {0} field")]
    MissingField(&'static str),
    #[error("unknown form field {0:?}: expected id, name, pressed_at, attempt, image")]
    UnknownField(String),
    #[error("the form has the field {0:?} more than once")]
    DuplicateField(String),
    #[error("the name is not valid UTF-8 once decoded from the URL")]
    NameNotUtf8,
}

impl TryFrom<NewSubmission> for ValidSubmission {
    type Error = InvalidSubmission;

    fn try_from(new: NewSubmission) -> Result<Self, InvalidSubmission> {
        let name = normalize_name(&new.name)?;
        let pressed_at = match new.pressed_at {
            None => None,
            Some(text) => Some(
                DateTime::parse_from_rfc3339(&text)
                    .map_err(|e| InvalidSubmission::PressedAt { reason: e.to_string(), text: text.clone() })?
                    .to_utc()
                    .to_rfc3339_opts(SecondsFormat::Millis, true),
            ),
        };
        let attempt = match new.attempt {
            None => 1,
            Some(0) => return Err(InvalidSubmission::ZeroAttempt),
            Some(n) => n,
        };
        Ok(Self { id: new.id, name, pressed_at, attempt, image: None })
    }
}

impl ValidSubmission {
    /// The original pattern's `GET /sync?name=…`: the server makes the id.
    pub fn from_query_name(raw: &str) -> Result<Self, InvalidSubmission> {
        Ok(Self { id: Uuid::new_v4(), name: normalize_name(raw)?, pressed_at: None, attempt: 1, image: None })
    }
}
