//! One submission waiting in the outbox, as stored (JSON text in IndexedDB; its images' bytes
//! beside it). The text is written and read by hand (`outbox_protocol::json`); its format is the
//! one serde gives it, which the tests check. The form's fields are kept as the page gave them
//! (`fields`), unread; an entry stored before the worker knew no form had the tutorial form's one
//! field at the top (`name`), and reads as those fields, so a queue left by an earlier version is
//! delivered by this one. An entry names its form (`form`); one that names none (every entry of
//! an earlier version) is the default form's.

use outbox_protocol::json::{field, required_uint, uuid_text, Fields, FromJson, JsonValue, JsonWriter, ToJson};
use outbox_protocol::{read_images, Delivery, EntryState, EntryView, ImageMeta, RawJson};
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
pub enum Stage {
    /// Due at `next_attempt_at_ms` (at once for a new entry).
    #[default]
    Waiting,
    /// Claimed by a drain until `lease_until_ms`; a drain that dies mid-send loses the lease.
    Sending { lease_until_ms: u64 },
    /// Refused by the server: kept for the person to edit-and-retry or discard.
    Failed,
    /// Older than the retention limit: kept for the person to see and discard, never sent.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct OutboxEntry {
    pub id: Uuid,
    /// The form it was submitted with (none: the default form).
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub form: Option<String>,
    /// The form's fields, as the page gave them.
    pub fields: RawJson,
    /// When the person pressed the button (ms since the epoch).
    pub created_at_ms: u64,
    /// Delivery attempts made so far.
    pub attempts: u32,
    pub next_attempt_at_ms: u64,
    pub stage: Stage,
    pub last_error: Option<String>,
    /// The form's field the server refused it for, while it is failed.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub refused_field: Option<String>,
    /// The attached images, in the order picked (their bytes are kept beside the entry, see
    /// `OutboxStore::images`). An entry of the one-image build has one `image`: read as a list of one.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub images: Vec<ImageMeta>,
}

impl OutboxEntry {
    pub fn new(id: Uuid, form: Option<String>, fields: RawJson, created_at_ms: u64, images: Vec<ImageMeta>) -> Self {
        Self {
            images,
            id,
            form,
            fields,
            created_at_ms,
            attempts: 0,
            next_attempt_at_ms: created_at_ms,
            stage: Stage::Waiting,
            last_error: None,
            refused_field: None,
        }
    }

    /// What goes on the wire for the attempt being made now.
    pub fn to_submission(&self, pressed_at: Option<String>) -> Delivery {
        Delivery { id: self.id, fields: self.fields.clone(), pressed_at, attempt: Some(self.attempts.max(1)) }
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
            form: self.form.clone(),
            fields: self.fields.clone(),
            created_at_ms: self.created_at_ms,
            attempts: self.attempts,
            state,
            last_error: self.last_error.clone(),
            refused_field: self.refused_field.clone(),
            images: self.images.clone(),
        }
    }
}

/// Stage as stored: `"waiting"`, `{"sending": {"lease_until_ms": …}}`, `"failed"`, `"expired"`.
impl ToJson for Stage {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Stage::Waiting => out.text("waiting"),
            Stage::Sending { lease_until_ms } => out.object(|o| {
                o.object("sending", |lease| {
                    lease.uint("lease_until_ms", *lease_until_ms);
                });
            }),
            Stage::Failed => out.text("failed"),
            Stage::Expired => out.text("expired"),
        }
    }
}

impl FromJson for Stage {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        if value.is_object() {
            let sending = field(value, "sending")?;
            return Ok(Stage::Sending { lease_until_ms: required_uint(&sending, "lease_until_ms")? });
        }
        match value.as_text().as_deref() {
            Some("waiting") => Ok(Stage::Waiting),
            Some("failed") => Ok(Stage::Failed),
            Some("expired") => Ok(Stage::Expired),
            _ => Err("unknown stage".into()),
        }
    }
}

impl ToJson for OutboxEntry {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self {
            id,
            form,
            fields,
            created_at_ms,
            attempts,
            next_attempt_at_ms,
            stage,
            last_error,
            refused_field,
            images,
        } = self;
        out.object(|o| {
            o.text("id", &uuid_text(id));
            if let Some(form) = form {
                o.text("form", form);
            }
            o.raw("fields", fields)
                .uint("created_at_ms", *created_at_ms)
                .uint("attempts", u64::from(*attempts))
                .uint("next_attempt_at_ms", *next_attempt_at_ms)
                .value("stage", stage)
                .optional_text("last_error", last_error.as_deref())
                .value_if_some("refused_field", refused_field.as_ref());
            if !images.is_empty() {
                o.array("images", images);
            }
        });
    }
}

impl FromJson for OutboxEntry {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = OutboxEntry {
            id: f.uuid("id"),
            form: f.optional_text("form"),
            fields: match value.get_field("fields") {
                Some(fields) => f.keep(RawJson::from_json(&fields)),
                // Stored by a version that knew the tutorial's form: its one field.
                None => {
                    let name = f.text("name");
                    RawJson::object(|o| {
                        o.text("name", &name);
                    })
                }
            },
            created_at_ms: f.uint("created_at_ms"),
            attempts: f.uint_as("attempts"),
            next_attempt_at_ms: f.uint("next_attempt_at_ms"),
            stage: f.value("stage"),
            last_error: f.optional_text("last_error"),
            refused_field: f.optional_text("refused_field"),
            images: f.keep(read_images(value)),
        };
        f.finish(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(name: &str) -> RawJson {
        RawJson::object(|o| {
            o.text("name", name);
        })
    }

    fn entries() -> Vec<OutboxEntry> {
        let image = ImageMeta { file_name: "p.jpg".into(), mime: "image/jpeg".into(), size: 12 };
        let base = OutboxEntry::new(Uuid::from_u128(42), None, name("Zoë \"x\"\n"), 1_790_000_000_000, Vec::new());
        [Stage::Waiting, Stage::Sending { lease_until_ms: 1_790_000_060_000 }, Stage::Failed, Stage::Expired]
            .into_iter()
            .enumerate()
            .map(|(n, stage)| OutboxEntry {
                stage,
                attempts: n as u32,
                last_error: (n % 2 == 1).then(|| "server answered 503".into()),
                refused_field: (n == 2).then(|| "name".into()),
                images: vec![image.clone(); n.saturating_sub(1)],
                form: (n == 3).then(|| "inspection".into()),
                ..base.clone()
            })
            .collect()
    }

    /// The stored text is the one serde wrote (earlier versions) and reads back the same.
    #[test]
    fn entries_are_stored_as_serde_stored_them() {
        for entry in entries() {
            let ours: serde_json::Value = serde_json::from_str(&entry.to_json_text()).unwrap();
            assert_eq!(ours, serde_json::to_value(&entry).unwrap());
            let stored_by_serde = serde_json::to_value(&entry).unwrap();
            assert_eq!(OutboxEntry::from_json(&stored_by_serde).unwrap(), entry);
        }
    }

    #[test]
    fn an_unknown_stage_is_an_error() {
        let mut json = serde_json::to_value(&entries()[0]).unwrap();
        json["stage"] = serde_json::json!("lost");
        assert!(OutboxEntry::from_json(&json).is_err());
    }

    /// A queue left by a version that knew the tutorial's form (its `name` at the top) is read,
    /// and sent, as that form's fields: the same request as that version sent.
    #[test]
    fn an_entry_stored_with_a_name_reads_as_the_tutorial_forms_fields() {
        let id = Uuid::from_u128(42);
        let stored = serde_json::json!({"id": id, "name": "Zoë", "created_at_ms": 1, "attempts": 2,
            "next_attempt_at_ms": 1, "stage": "waiting", "last_error": null});
        let entry = OutboxEntry::from_json(&stored).unwrap();
        assert_eq!((entry.form.as_deref(), &entry.fields), (None, &name("Zoë")), "the default form's");
        let sent: serde_json::Value = serde_json::from_str(&entry.to_submission(None).to_json_text()).unwrap();
        assert_eq!(sent, serde_json::json!({"id": id, "name": "Zoë", "attempt": 2}));
    }

    /// An entry of the one-image build keeps its image.
    #[test]
    fn an_entry_stored_with_one_image_reads_as_a_list_of_one() {
        let stored = serde_json::json!({"id": Uuid::from_u128(42), "fields": {"name": "Zoë"}, "created_at_ms": 1,
            "attempts": 0, "next_attempt_at_ms": 1, "stage": "waiting", "last_error": null,
            "image": {"file_name": "p.jpg", "mime": "image/jpeg", "size": 12}});
        let entry = OutboxEntry::from_json(&stored).unwrap();
        assert_eq!(entry.images, vec![ImageMeta { file_name: "p.jpg".into(), mime: "image/jpeg".into(), size: 12 }]);
    }
}
