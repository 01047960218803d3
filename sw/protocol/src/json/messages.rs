//! The page ↔ worker envelope, `{"type": "…", "msg": {…}}`, read and written without serde.

use super::reader::{
    field, narrow, optional, optional_bool, optional_text, required, required_text, required_uint, required_uuid, FromJson,
    JsonValue,
};
use super::records::uuid_text;
use super::writer::{JsonWriter, ToJson};
use crate::envelope::{PageToWorker, WorkerToPage};

impl FromJson for PageToWorker {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let kind = required_text(value, "type")?;
        let msg = || field(value, "msg");
        Ok(match kind.as_str() {
            "bgsync" => {
                let msg = msg()?;
                PageToWorker::Bgsync {
                    id: required_uuid(&msg, "id")?,
                    name: required_text(&msg, "name")?,
                    pressed_at: optional_text(&msg, "pressed_at")?,
                    image: optional(&msg, "image")?,
                }
            }
            "drain" => PageToWorker::Drain,
            "retry" => {
                let msg = msg()?;
                PageToWorker::Retry { id: required_uuid(&msg, "id")?, name: optional_text(&msg, "name")? }
            }
            "discard" => PageToWorker::Discard { id: required_uuid(&msg()?, "id")? },
            other => return Err(format!("unknown message type `{other}`")),
        })
    }
}

impl PageToWorker {
    /// Reads a message the browser already parsed, with a reason a developer can act on.
    pub fn from_json_value<V: JsonValue>(value: &V) -> Result<Self, String> {
        <Self as FromJson>::from_json(value).map_err(|e| format!("malformed message: {e}"))
    }
}

impl ToJson for PageToWorker {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| match self {
            PageToWorker::Bgsync { .. } => {
                o.text("type", "bgsync").value("msg", &Msg(self));
            }
            PageToWorker::Drain => {
                o.text("type", "drain");
            }
            PageToWorker::Retry { .. } => {
                o.text("type", "retry").value("msg", &Msg(self));
            }
            PageToWorker::Discard { .. } => {
                o.text("type", "discard").value("msg", &Msg(self));
            }
        });
    }
}

/// The `msg` object of a page message.
struct Msg<'a>(&'a PageToWorker);

impl ToJson for Msg<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| match self.0 {
            PageToWorker::Bgsync { id, name, pressed_at, image } => {
                o.text("id", &uuid_text(id))
                    .text("name", name)
                    .optional_text("pressed_at", pressed_at.as_deref())
                    .value_if_some("image", image.as_ref());
            }
            PageToWorker::Retry { id, name } => {
                o.text("id", &uuid_text(id)).optional_text("name", name.as_deref());
            }
            PageToWorker::Discard { id } => {
                o.text("id", &uuid_text(id));
            }
            PageToWorker::Drain => {}
        });
    }
}

impl FromJson for WorkerToPage {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let kind = required_text(value, "type")?;
        let msg = field(value, "msg")?;
        Ok(match kind.as_str() {
            "queued" => WorkerToPage::Queued { id: required_uuid(&msg, "id")? },
            "sending" => WorkerToPage::Sending { id: required_uuid(&msg, "id")? },
            "sent" => WorkerToPage::Sent { id: required_uuid(&msg, "id")?, record: required(&msg, "record")? },
            "failed" => WorkerToPage::Failed {
                id: required_uuid(&msg, "id")?,
                reason: required_text(&msg, "reason")?,
                will_retry: optional_bool(&msg, "will_retry")?.unwrap_or(false),
            },
            "outbox" => WorkerToPage::Outbox(FromJson::from_json(&msg)?),
            "pinged" => WorkerToPage::Pinged { status: narrow(required_uint(&msg, "status")?, "status")? },
            "error" => WorkerToPage::Error { reason: required_text(&msg, "reason")? },
            other => return Err(format!("unknown worker message type `{other}`")),
        })
    }
}

impl WorkerToPage {
    /// Reads a report the browser already parsed, with a reason a developer can act on.
    pub fn from_json_value<V: JsonValue>(value: &V) -> Result<Self, String> {
        <Self as FromJson>::from_json(value).map_err(|e| format!("malformed worker message: {e}"))
    }
}

impl ToJson for WorkerToPage {
    fn write_json(&self, out: &mut JsonWriter) {
        let kind = match self {
            WorkerToPage::Queued { .. } => "queued",
            WorkerToPage::Sending { .. } => "sending",
            WorkerToPage::Sent { .. } => "sent",
            WorkerToPage::Failed { .. } => "failed",
            WorkerToPage::Outbox(_) => "outbox",
            WorkerToPage::Pinged { .. } => "pinged",
            WorkerToPage::Error { .. } => "error",
        };
        out.object(|o| {
            o.text("type", kind);
            match self {
                WorkerToPage::Outbox(view) => {
                    o.value("msg", view);
                }
                _ => {
                    o.value("msg", &Fields(self));
                }
            }
        });
    }
}

/// The `msg` object of every struct-like variant.
struct Fields<'a>(&'a WorkerToPage);

impl ToJson for Fields<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| match self.0 {
            WorkerToPage::Queued { id } | WorkerToPage::Sending { id } => {
                o.text("id", &uuid_text(id));
            }
            WorkerToPage::Sent { id, record } => {
                o.text("id", &uuid_text(id)).value("record", record);
            }
            WorkerToPage::Failed { id, reason, will_retry } => {
                o.text("id", &uuid_text(id)).text("reason", reason).boolean("will_retry", *will_retry);
            }
            WorkerToPage::Pinged { status } => {
                o.uint("status", u64::from(*status));
            }
            WorkerToPage::Error { reason } => {
                o.text("reason", reason);
            }
            WorkerToPage::Outbox(_) => {}
        });
    }
}
