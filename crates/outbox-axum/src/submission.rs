//! A submission checked against the rules before it reaches the store: its form's fields read,
//! checked and normalized by the form's type (`forms`), the press time a real RFC 3339 time, the
//! attempt counted from 1. Its error says what is wrong in words a person can act on, names the
//! field when a field is wrong, and knows nothing of HTTP (`error::AppError` picks the status).

use chrono::{DateTime, SecondsFormat};
use outbox_protocol::FieldError;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::forms::DeclaredForm;
use crate::uploaded_image::CheckedImage;

#[derive(Debug, Clone, PartialEq)]
pub struct ValidSubmission {
    pub id: Uuid,
    /// The name of its form.
    pub form: &'static str,
    /// The form's fields as its type checked and wrote them (an object).
    pub fields: Value,
    pub pressed_at: Option<String>,
    pub attempt: u32,
    /// The checked images that came with it, in order (multipart `POST /sync` only).
    pub images: Vec<CheckedImage>,
}

/// Why a submission breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSubmission {
    /// The form's type refused a field: its message after the field's name (`rating: at most 5`),
    /// unless the message begins with that name already ("name is 201 characters long").
    #[error("{}", field_message(.0))]
    Field(FieldError),
    #[error("pressed_at {text:?} is not an RFC 3339 time: {reason}")]
    PressedAt { text: String, reason: String },
    #[error("attempt counts from 1")]
    ZeroAttempt,
    #[error("attempt {0} is not a whole number from 1")]
    AttemptNotANumber(String),
    #[error("id {text} is not a uuid: {reason}")]
    Id { text: String, reason: String },
    #[error("the submission has no {0} field")]
    MissingField(&'static str),
    #[error("unknown file {0:?}: a submission's files are its images, each named image")]
    UnknownFile(String),
    #[error("a submission carries at most {} images; this one has more", outbox_protocol::MAX_IMAGES)]
    TooManyImages,
    #[error("the form has the field {0:?} more than once")]
    DuplicateField(String),
    #[error("the name is not valid UTF-8 once decoded from the URL")]
    NameNotUtf8,
}

fn field_message(e: &FieldError) -> String {
    let names_it = e.message.strip_prefix(e.field.as_str()).is_some_and(|rest| rest.starts_with(' '));
    if e.field.is_empty() || names_it {
        e.message.clone()
    } else {
        e.to_string()
    }
}

impl InvalidSubmission {
    /// The form's field this is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            InvalidSubmission::Field(e) if !e.field.is_empty() => Some(&e.field),
            _ => None,
        }
    }
}

impl ValidSubmission {
    /// A submission as JSON (`POST /sync`, an item of `POST /sync/batch`): its own members `id`,
    /// `pressed_at` and `attempt`, every other member a field of `form`.
    pub fn from_json(form: &DeclaredForm, mut object: Map<String, Value>) -> Result<Self, InvalidSubmission> {
        let id = match object.remove("id") {
            None | Some(Value::Null) => return Err(InvalidSubmission::MissingField("id")),
            Some(Value::String(text)) => parse_id(text)?,
            Some(other) => return Err(InvalidSubmission::Id { text: other.to_string(), reason: "not text".into() }),
        };
        let pressed_at = match object.remove("pressed_at") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                return Err(InvalidSubmission::PressedAt { text: other.to_string(), reason: "not text".into() })
            }
        };
        let attempt = match object.remove("attempt") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or(InvalidSubmission::AttemptNotANumber(n.to_string()))?,
            ),
            Some(other) => return Err(InvalidSubmission::AttemptNotANumber(other.to_string())),
        };
        Self::new(form, id, object, pressed_at, attempt)
    }

    /// A submission from its parts, its fields checked by `form`.
    pub fn new(
        form: &DeclaredForm,
        id: Uuid,
        fields: Map<String, Value>,
        pressed_at: Option<String>,
        attempt: Option<u32>,
    ) -> Result<Self, InvalidSubmission> {
        let fields = form.check(fields).map_err(InvalidSubmission::Field)?;
        Self::checked(form, id, fields, pressed_at, attempt)
    }

    fn checked(
        form: &DeclaredForm,
        id: Uuid,
        fields: Value,
        pressed_at: Option<String>,
        attempt: Option<u32>,
    ) -> Result<Self, InvalidSubmission> {
        let pressed_at = match pressed_at {
            None => None,
            Some(text) => Some(
                DateTime::parse_from_rfc3339(&text)
                    .map_err(|e| InvalidSubmission::PressedAt { reason: e.to_string(), text: format!("{text:?}") })?
                    .to_utc()
                    .to_rfc3339_opts(SecondsFormat::Millis, true),
            ),
        };
        let attempt = match attempt {
            None => 1,
            Some(0) => return Err(InvalidSubmission::ZeroAttempt),
            Some(n) => n,
        };
        Ok(Self { id, form: form.name(), fields, pressed_at, attempt, images: Vec::new() })
    }

    /// The original pattern's `GET /sync?name=…`: the server makes the id.
    pub fn from_query_name(form: &DeclaredForm, raw: &str) -> Result<Self, InvalidSubmission> {
        let mut fields = Map::new();
        fields.insert("name".into(), Value::String(raw.to_string()));
        Self::new(form, Uuid::new_v4(), fields, None, None)
    }
}

/// A submission of the tutorial's form named `n{n}` with the id `n`, for the store's tests.
#[cfg(test)]
pub fn tutorial_submission(n: u128) -> ValidSubmission {
    ValidSubmission {
        id: Uuid::from_u128(n),
        form: outbox_protocol::TUTORIAL_FORM,
        fields: serde_json::json!({ "name": format!("n{n}") }),
        pressed_at: None,
        attempt: 1,
        images: Vec::new(),
    }
}

/// A client's id: a uuid in any of its usual spellings.
pub fn parse_id(text: String) -> Result<Uuid, InvalidSubmission> {
    Uuid::parse_str(text.trim()).map_err(|e| InvalidSubmission::Id { reason: e.to_string(), text: format!("{text:?}") })
}
