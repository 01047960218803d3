//! What the server tells its worker when it serves the worker's script: one JSON value in the shim
//! (`OUTBOX`), handed to the wasm as it is. The app shell to cache, and the form the worker delivers
//! (where it goes, under which Background Sync tags, in which database, what a sync with no data
//! sends), so the worker names no URL, tag or field of the app that serves it. Each with its encoding.

use crate::json::{
    field, required, required_list, required_text, required_uint, FromJson, JsonValue, JsonWriter, ToJson,
};
use crate::raw_json::RawJson;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WorkerConfig {
    /// The app shell's version: a new one is a new worker and a new cache.
    pub version: String,
    /// The URLs cached at install, the page first.
    pub shell_files: Vec<String>,
    /// How long a navigation waits for the network before the cached page answers.
    pub navigation_timeout_ms: u64,
    pub form: FormRoute,
}

/// Where and how one form's submissions travel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FormRoute {
    /// Where one submission is posted; the page's form posts there natively too.
    pub action: String,
    /// Where several go at once.
    pub batch_action: String,
    /// The Background Sync tag whose event carries the page's data (the rendezvous).
    pub data_tag: String,
    /// The data-less tag: its sync is answered with a plain `GET` of `action`.
    pub ping_tag: String,
    /// What a `data_tag` sync sends when no message comes in time (the tutorial's `anonymous`).
    pub no_data_fields: RawJson,
    /// The IndexedDB database that holds the outbox.
    pub database: String,
    /// The cached page that answers a native post kept on this device.
    pub queued_page: String,
}

impl FormRoute {
    /// The tutorial's form: `/sync`, its two tags, `anonymous` when no data comes, the `outbox`
    /// database, `/queued`.
    pub fn tutorial() -> Self {
        FormRoute {
            action: "/sync".into(),
            batch_action: "/sync/batch".into(),
            data_tag: crate::DATA_SYNC_TAG.into(),
            ping_tag: crate::PING_SYNC_TAG.into(),
            no_data_fields: RawJson::object(|o| {
                o.text(crate::form_fields::NAME, crate::ANONYMOUS);
            }),
            database: "outbox".into(),
            queued_page: crate::QUEUED_PAGE.into(),
        }
    }
}

impl FromJson for WorkerConfig {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(WorkerConfig {
            version: required_text(value, "version")?,
            shell_files: required_list(value, "shell_files")?,
            navigation_timeout_ms: required_uint(value, "navigation_timeout_ms")?,
            form: required(value, "form")?,
        })
    }
}

impl FromJson for FormRoute {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(FormRoute {
            action: required_text(value, "action")?,
            batch_action: required_text(value, "batch_action")?,
            data_tag: required_text(value, "data_tag")?,
            ping_tag: required_text(value, "ping_tag")?,
            no_data_fields: RawJson::from_json(&field(value, "no_data_fields")?)?,
            database: required_text(value, "database")?,
            queued_page: required_text(value, "queued_page")?,
        })
    }
}

impl ToJson for WorkerConfig {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { version, shell_files, navigation_timeout_ms, form } = self;
        out.object(|o| {
            o.text("version", version)
                .array("shell_files", shell_files)
                .uint("navigation_timeout_ms", *navigation_timeout_ms)
                .value("form", form);
        });
    }
}

impl ToJson for FormRoute {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { action, batch_action, data_tag, ping_tag, no_data_fields, database, queued_page } = self;
        out.object(|o| {
            o.text("action", action)
                .text("batch_action", batch_action)
                .text("data_tag", data_tag)
                .text("ping_tag", ping_tag)
                .raw("no_data_fields", no_data_fields)
                .text("database", database)
                .text("queued_page", queued_page);
        });
    }
}
