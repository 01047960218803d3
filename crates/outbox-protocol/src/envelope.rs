//! The messages between the page and the worker, as JSON text in `postMessage`, and their
//! encoding. Both directions are `{"type": "…", "msg": {…}}`, the envelope of the original pattern.

use uuid::Uuid;

use crate::image::{read_images, ImageAttachment};
use crate::json::{
    field, optional, required_text, required_uuid, uuid_text, Fields, FromJson, JsonValue, JsonWriter, ToJson,
};
use crate::outbox_view::OutboxView;
use crate::raw_json::RawJson;

/// What the page posts to the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", content = "msg", rename_all = "snake_case"))]
pub enum PageToWorker {
    /// A submission: `{"type":"bgsync","msg":{"id":…,"form":…,"pressed_at":…,"images":[…], <fields>}}`,
    /// where every other member of `msg` is one of the form's fields (the tutorial's form: `name`),
    /// kept and sent as they are, and `form` names the form (none: the default). The original
    /// pattern's page sends no id (`{"type":"bgsync","msg":{"name":…}}`): the worker then gives it
    /// one when it stores it. A page of an earlier build sends one `"image"`: read as a list of one.
    Bgsync {
        /// The submission's id (none from a page of the original pattern: the worker gives one).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        id: Option<Uuid>,
        /// The form's name (none: the default form).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        form: Option<String>,
        /// The form's fields, carried unread.
        #[cfg_attr(feature = "serde", serde(flatten))]
        fields: RawJson,
        /// When the person pressed the button (RFC 3339).
        #[cfg_attr(feature = "serde", serde(default))]
        pressed_at: Option<String>,
        /// The picked images, with their bytes.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        images: Vec<ImageAttachment>,
    },
    /// The page loaded or the browser went online: send what waits, and tell me the outbox.
    Drain,
    /// Send a failed entry again now, optionally with edited fields.
    Retry {
        /// The failed entry's id.
        id: Uuid,
        /// The fields as the person edited them (none: as they were).
        #[cfg_attr(feature = "serde", serde(default))]
        fields: Option<RawJson>,
    },
    /// Remove a failed or expired entry from the outbox.
    Discard {
        /// The entry's id.
        id: Uuid,
    },
}

/// What the worker reports to the pages of its origin. A delivery is told once, by the `Outbox`
/// report that lists it among the delivered (no message of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", content = "msg", rename_all = "snake_case"))]
pub enum WorkerToPage {
    /// The submission is stored in the outbox (it survives a closed tab or browser).
    Queued {
        /// The entry's id.
        id: Uuid,
    },
    /// The worker is sending the submission now.
    Sending {
        /// The entry's id.
        id: Uuid,
    },
    /// Delivery failed; `reason` says why in words a person can act on. With `will_retry` the
    /// outbox keeps it and tries again by itself; without, the person must retry or discard it.
    Failed {
        /// The entry's id.
        id: Uuid,
        /// Why, in words a person can act on.
        reason: String,
        /// Whether the worker tries again by itself.
        #[cfg_attr(feature = "serde", serde(default))]
        will_retry: bool,
    },
    /// The whole outbox as it stands, after every change (all tabs get it).
    Outbox(OutboxView),
    /// The data-less `sample_sync` sync ran: what the server answered to `GET /sync`.
    Pinged {
        /// The server's status code.
        status: u16,
    },
    /// A message the worker could not act on (malformed, or storage full); nothing was kept.
    Error {
        /// Why, in words.
        reason: String,
    },
}

impl PageToWorker {
    /// Reads a message the browser already parsed, with a reason a developer can act on.
    pub fn from_json_value<V: JsonValue>(value: &V) -> Result<Self, String> {
        <Self as FromJson>::from_json(value).map_err(|e| format!("malformed message: {e}"))
    }
}

impl FromJson for PageToWorker {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let kind = required_text(value, "type")?;
        let msg = || field(value, "msg");
        Ok(match kind.as_str() {
            "bgsync" => {
                let msg = msg()?;
                if !msg.is_object() {
                    return Err("`msg` is not an object".into());
                }
                let mut f = Fields::of(&msg);
                let read = PageToWorker::Bgsync {
                    id: f.optional_uuid("id"),
                    form: f.optional_text("form"),
                    fields: RawJson::members_except(&msg, &["id", "form", "pressed_at", "image", "images"]),
                    pressed_at: f.optional_text("pressed_at"),
                    images: f.keep(read_images(&msg)),
                };
                return f.finish(read);
            }
            "drain" => PageToWorker::Drain,
            "retry" => {
                let msg = msg()?;
                PageToWorker::Retry { id: required_uuid(&msg, "id")?, fields: optional(&msg, "fields")? }
            }
            "discard" => PageToWorker::Discard { id: required_uuid(&msg()?, "id")? },
            other => return Err(format!("unknown message type `{other}`")),
        })
    }
}

impl ToJson for PageToWorker {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| match self {
            PageToWorker::Bgsync { id, form, fields, pressed_at, images } => {
                o.text("type", "bgsync").object("msg", |m| {
                    if let Some(id) = id {
                        m.text("id", &uuid_text(id));
                    }
                    if let Some(form) = form {
                        m.text("form", form);
                    }
                    m.members(fields).optional_text("pressed_at", pressed_at.as_deref());
                    if !images.is_empty() {
                        m.array("images", images);
                    }
                });
            }
            PageToWorker::Drain => {
                o.text("type", "drain");
            }
            PageToWorker::Retry { id, fields } => {
                o.text("type", "retry").object("msg", |m| {
                    m.text("id", &uuid_text(id));
                    match fields {
                        Some(fields) => m.raw("fields", fields),
                        None => m.optional_text("fields", None),
                    };
                });
            }
            PageToWorker::Discard { id } => {
                o.text("type", "discard").object("msg", |m| {
                    m.text("id", &uuid_text(id));
                });
            }
        });
    }
}

impl WorkerToPage {
    /// Reads a report the browser already parsed, with a reason a developer can act on.
    pub fn from_json_value<V: JsonValue>(value: &V) -> Result<Self, String> {
        <Self as FromJson>::from_json(value).map_err(|e| format!("malformed worker message: {e}"))
    }
}

impl FromJson for WorkerToPage {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let kind = required_text(value, "type")?;
        let msg = field(value, "msg")?;
        if kind == "outbox" {
            return FromJson::from_json(&msg).map(WorkerToPage::Outbox);
        }
        let mut f = Fields::of(&msg);
        let read = match kind.as_str() {
            "queued" => WorkerToPage::Queued { id: f.uuid("id") },
            "sending" => WorkerToPage::Sending { id: f.uuid("id") },
            "failed" => WorkerToPage::Failed {
                id: f.uuid("id"),
                reason: f.text("reason"),
                will_retry: f.optional_bool("will_retry").unwrap_or(false),
            },
            "pinged" => WorkerToPage::Pinged { status: f.uint_as("status") },
            "error" => WorkerToPage::Error { reason: f.text("reason") },
            other => return Err(format!("unknown worker message type `{other}`")),
        };
        f.finish(read)
    }
}

impl ToJson for WorkerToPage {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| match self {
            WorkerToPage::Queued { id } => {
                o.text("type", "queued").object("msg", |m| {
                    m.text("id", &uuid_text(id));
                });
            }
            WorkerToPage::Sending { id } => {
                o.text("type", "sending").object("msg", |m| {
                    m.text("id", &uuid_text(id));
                });
            }
            WorkerToPage::Failed { id, reason, will_retry } => {
                o.text("type", "failed").object("msg", |m| {
                    m.text("id", &uuid_text(id)).text("reason", reason).boolean("will_retry", *will_retry);
                });
            }
            WorkerToPage::Outbox(view) => {
                o.text("type", "outbox").value("msg", view);
            }
            WorkerToPage::Pinged { status } => {
                o.text("type", "pinged").object("msg", |m| {
                    m.uint("status", u64::from(*status));
                });
            }
            WorkerToPage::Error { reason } => {
                o.text("type", "error").object("msg", |m| {
                    m.text("reason", reason);
                });
            }
        });
    }
}
