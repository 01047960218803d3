//! What the server tells its worker when it serves the worker's script: one JSON value in the shim
//! (`OUTBOX`), handed to the wasm as it is. The app shell to cache, the database of the outbox, and
//! the forms the worker delivers (each: where it goes, under which Background Sync tags, what a
//! sync with no data sends), so the worker names no URL, tag or field of the app that serves it.
//! Each with its encoding.

use crate::json::{Fields, FromJson, JsonValue, JsonWriter, ToJson};
use crate::raw_json::RawJson;

/// What the server tells its worker (the shim's `OUTBOX` value).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WorkerConfig {
    /// The app shell's version: a new one is a new worker and a new cache.
    pub version: String,
    /// The URLs cached at install, the page first.
    pub shell_files: Vec<String>,
    /// How long a navigation waits for the network before the cached page answers.
    pub navigation_timeout_ms: u64,
    /// The IndexedDB database that holds the outbox (one for every form).
    pub database: String,
    /// The forms, the default first: a page's message that names no form is the default's.
    pub forms: Vec<FormRoute>,
}

impl WorkerConfig {
    /// The form a message or an entry names (`None`: the default); `None` if there is no such form.
    pub fn form(&self, name: Option<&str>) -> Option<&FormRoute> {
        FormRoute::find(&self.forms, name)
    }
}

/// Where and how one form's submissions travel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FormRoute {
    /// The form's name (`Form::NAME`), as a page's message names it.
    pub name: String,
    /// Where one submission is posted; the page's form posts there natively too.
    pub action: String,
    /// Where several go at once.
    pub batch_action: String,
    /// The Background Sync tag whose event carries the page's data (the rendezvous).
    pub data_tag: String,
    /// The data-less tag: its sync is answered with a plain `GET` of `action`.
    pub ping_tag: String,
    /// What a `data_tag` sync sends when no message comes in time (the tutorial's `anonymous`);
    /// none: nothing.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub no_data_fields: Option<RawJson>,
    /// The cached page that answers a native post kept on this device.
    pub queued_page: String,
}

impl FormRoute {
    /// The form of `forms` named `name` (`None`: the default, the first).
    pub fn find<'a>(forms: &'a [FormRoute], name: Option<&str>) -> Option<&'a FormRoute> {
        match name {
            None => forms.first(),
            Some(name) => forms.iter().find(|f| f.name == name),
        }
    }
}

impl FromJson for WorkerConfig {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = WorkerConfig {
            version: f.text("version"),
            shell_files: f.list("shell_files"),
            navigation_timeout_ms: f.uint("navigation_timeout_ms"),
            database: f.text("database"),
            forms: f.list("forms"),
        };
        if read.forms.is_empty() {
            f.fail("`forms` names no form".into());
        }
        f.finish(read)
    }
}

impl FromJson for FormRoute {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = FormRoute {
            name: f.text("name"),
            action: f.text("action"),
            batch_action: f.text("batch_action"),
            data_tag: f.text("data_tag"),
            ping_tag: f.text("ping_tag"),
            no_data_fields: f.optional("no_data_fields"),
            queued_page: f.text("queued_page"),
        };
        f.finish(read)
    }
}

impl ToJson for WorkerConfig {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { version, shell_files, navigation_timeout_ms, database, forms } = self;
        out.object(|o| {
            o.text("version", version)
                .array("shell_files", shell_files)
                .uint("navigation_timeout_ms", *navigation_timeout_ms)
                .text("database", database)
                .array("forms", forms);
        });
    }
}

impl ToJson for FormRoute {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { name, action, batch_action, data_tag, ping_tag, no_data_fields, queued_page } = self;
        out.object(|o| {
            o.text("name", name)
                .text("action", action)
                .text("batch_action", batch_action)
                .text("data_tag", data_tag)
                .text("ping_tag", ping_tag)
                .value_if_some("no_data_fields", no_data_fields.as_ref())
                .text("queued_page", queued_page);
        });
    }
}
