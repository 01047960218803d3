//! A submission checked against the rules before it reaches the store: the name normalized, the
//! press time a real RFC 3339 time, the attempt counted from 1.

use chrono::{DateTime, SecondsFormat};
use outbox_protocol::{normalize_name, NewSubmission};
use uuid::Uuid;

use crate::error::AppError;
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

impl TryFrom<NewSubmission> for ValidSubmission {
    type Error = AppError;

    fn try_from(new: NewSubmission) -> Result<Self, AppError> {
        let name = normalize_name(&new.name)?;
        let pressed_at = match new.pressed_at {
            None => None,
            Some(text) => Some(
                DateTime::parse_from_rfc3339(&text)
                    .map_err(|e| AppError::invalid(format!("pressed_at {text:?} is not an RFC 3339 time: {e}")))?
                    .to_utc()
                    .to_rfc3339_opts(SecondsFormat::Millis, true),
            ),
        };
        let attempt = match new.attempt {
            None => 1,
            Some(0) => return Err(AppError::invalid("attempt counts from 1".to_string())),
            Some(n) => n,
        };
        Ok(Self { id: new.id, name, pressed_at, attempt, image: None })
    }
}

impl ValidSubmission {
    /// The original pattern's `GET /sync?name=…`: the server makes the id.
    pub fn from_query_name(raw: &str) -> Result<Self, AppError> {
        Ok(Self { id: Uuid::new_v4(), name: normalize_name(raw)?, pressed_at: None, attempt: 1, image: None })
    }
}
