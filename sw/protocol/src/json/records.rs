//! Submissions, images and the outbox view, read and written without serde.

use base64::Engine;
use uuid::Uuid;

use super::reader::{
    field, narrow, optional, optional_bool, optional_text, optional_uint, required_list, required_text, required_uint,
    required_uuid, FromJson, JsonValue,
};
use super::writer::{JsonWriter, ToJson};
use crate::image::{ImageAttachment, ImageMeta};
use crate::outbox_view::{DeliveryMode, EntryState, EntryView, OutboxCounts, OutboxView};
use crate::record::{ApiError, BatchItemResult, BatchRequest, BatchResponse, NewSubmission, SubmissionRecord};

/// A UUID as serde writes it (hyphenated, lower case).
pub fn uuid_text(id: &Uuid) -> String {
    id.hyphenated().encode_lower(&mut Uuid::encode_buffer()).to_owned()
}

impl ToJson for NewSubmission {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.text("id", &uuid_text(&self.id)).text("name", &self.name);
            if let Some(pressed_at) = &self.pressed_at {
                o.text("pressed_at", pressed_at);
            }
            if let Some(attempt) = self.attempt {
                o.uint("attempt", u64::from(attempt));
            }
        });
    }
}

impl ToJson for BatchRequest {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.array("submissions", &self.submissions);
        });
    }
}

impl FromJson for SubmissionRecord {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(SubmissionRecord {
            id: required_uuid(value, "id")?,
            name: required_text(value, "name")?,
            received_at: required_text(value, "received_at")?,
            pressed_at: optional_text(value, "pressed_at")?,
            attempts: optional_uint(value, "attempts")?.map_or(Ok(1), |n| narrow(n, "attempts"))?,
            image_url: optional_text(value, "image_url")?,
            thumbnail_url: optional_text(value, "thumbnail_url")?,
        })
    }
}

impl ToJson for SubmissionRecord {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.text("id", &uuid_text(&self.id))
                .text("name", &self.name)
                .text("received_at", &self.received_at)
                .optional_text("pressed_at", self.pressed_at.as_deref())
                .uint("attempts", u64::from(self.attempts))
                .optional_text("image_url", self.image_url.as_deref())
                .optional_text("thumbnail_url", self.thumbnail_url.as_deref());
        });
    }
}

/// A list of records, as `GET /api/submissions` answers it.
impl FromJson for Vec<SubmissionRecord> {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let items = value.as_elements().ok_or("expected an array of records")?;
        items.iter().map(SubmissionRecord::from_json).collect()
    }
}

impl FromJson for BatchItemResult {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(BatchItemResult {
            id: required_uuid(value, "id")?,
            status: narrow(required_uint(value, "status")?, "status")?,
            record: optional(value, "record")?,
            error: optional_text(value, "error")?,
        })
    }
}

impl FromJson for BatchResponse {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(BatchResponse { results: required_list(value, "results")? })
    }
}

impl FromJson for ApiError {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(ApiError { error: required_text(value, "error")? })
    }
}

impl FromJson for ImageMeta {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(ImageMeta {
            file_name: required_text(value, "file_name")?,
            mime: required_text(value, "mime")?,
            size: required_uint(value, "size")?,
        })
    }
}

impl ToJson for ImageMeta {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.text("file_name", &self.file_name).text("mime", &self.mime).uint("size", self.size);
        });
    }
}

impl FromJson for ImageAttachment {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(required_text(value, "bytes")?)
            .map_err(|_| "`bytes` is not base64".to_string())?;
        Ok(ImageAttachment { file_name: required_text(value, "file_name")?, mime: required_text(value, "mime")?, bytes })
    }
}

impl ToJson for ImageAttachment {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.text("file_name", &self.file_name)
                .text("mime", &self.mime)
                .text("bytes", &base64::engine::general_purpose::STANDARD.encode(&self.bytes));
        });
    }
}

impl FromJson for EntryView {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let state = match required_text(value, "state")?.as_str() {
            "queued" => EntryState::Queued,
            "sending" => EntryState::Sending,
            "retrying" => EntryState::Retrying { next_attempt_at_ms: required_uint(value, "next_attempt_at_ms")? },
            "failed" => EntryState::Failed,
            "expired" => EntryState::Expired,
            other => return Err(format!("unknown state `{other}`")),
        };
        Ok(EntryView {
            id: required_uuid(value, "id")?,
            name: required_text(value, "name")?,
            created_at_ms: required_uint(value, "created_at_ms")?,
            attempts: narrow(required_uint(value, "attempts")?, "attempts")?,
            state,
            last_error: optional_text(value, "last_error")?,
            image: optional(value, "image")?,
        })
    }
}

impl FromJson for OutboxView {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mode = match required_text(value, "mode")?.as_str() {
            "background_sync" => DeliveryMode::BackgroundSync,
            "fallback" => DeliveryMode::Fallback,
            other => return Err(format!("unknown mode `{other}`")),
        };
        let online = optional_bool(value, "online")?.ok_or("missing field `online`")?;
        let counts = field(value, "counts")?;
        let count = |key| required_uint(&counts, key).and_then(|n| narrow::<usize>(n, key));
        Ok(OutboxView {
            mode,
            online,
            counts: OutboxCounts { waiting: count("waiting")?, failed: count("failed")?, expired: count("expired")? },
            entries: required_list(value, "entries")?,
        })
    }
}

impl ToJson for EntryView {
    fn write_json(&self, out: &mut JsonWriter) {
        let state = match self.state {
            EntryState::Queued => "queued",
            EntryState::Sending => "sending",
            EntryState::Retrying { .. } => "retrying",
            EntryState::Failed => "failed",
            EntryState::Expired => "expired",
        };
        out.object(|o| {
            o.text("id", &uuid_text(&self.id))
                .text("name", &self.name)
                .uint("created_at_ms", self.created_at_ms)
                .uint("attempts", u64::from(self.attempts))
                .text("state", state);
            if let EntryState::Retrying { next_attempt_at_ms } = self.state {
                o.uint("next_attempt_at_ms", next_attempt_at_ms);
            }
            o.optional_text("last_error", self.last_error.as_deref()).value_if_some("image", self.image.as_ref());
        });
    }
}

impl ToJson for OutboxView {
    fn write_json(&self, out: &mut JsonWriter) {
        let mode = match self.mode {
            DeliveryMode::BackgroundSync => "background_sync",
            DeliveryMode::Fallback => "fallback",
        };
        out.object(|o| {
            o.text("mode", mode).boolean("online", self.online).value("counts", &self.counts).array("entries", &self.entries);
        });
    }
}

impl ToJson for OutboxCounts {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.uint("waiting", self.waiting as u64).uint("failed", self.failed as u64).uint("expired", self.expired as u64);
        });
    }
}
