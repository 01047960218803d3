//! The outbox as the page shows it: read from the worker, never kept in page memory, so a reload
//! or a second tab sees the same thing. Each type with its encoding.

use uuid::Uuid;

use crate::image::{read_images, ImageMeta};
use crate::json::{uuid_text, Fields, FromJson, JsonValue, JsonWriter, ToJson};
use crate::raw_json::RawJson;

/// Where an entry of the outbox stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "state", rename_all = "snake_case"))]
pub enum EntryState {
    /// Waiting for its first attempt (or for the network).
    Queued,
    /// A delivery is in flight.
    Sending,
    /// The last attempt failed for a reason that may pass; the next one is due at `next_attempt_at_ms`.
    Retrying {
        /// When the next attempt is due (milliseconds since the epoch).
        next_attempt_at_ms: u64,
    },
    /// The server refused it: it will not be sent again unless the person retries (or edits) it.
    Failed,
    /// It waited longer than the retention limit and will not be sent; the person may discard it.
    Expired,
}

/// One entry of the outbox, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EntryView {
    /// The submission's id.
    pub id: Uuid,
    /// The form it was submitted with (none: the default form).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub form: Option<String>,
    /// The form's fields as the page gave them.
    pub fields: RawJson,
    /// When it was kept (milliseconds since the epoch).
    pub created_at_ms: u64,
    /// How many attempts were made.
    pub attempts: u32,
    /// Where it stands.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub state: EntryState,
    /// Why the last attempt failed, in words.
    pub last_error: Option<String>,
    /// The form's field the server refused it for (the page shows the error on that field).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub refused_field: Option<String>,
    /// The attached images' names, types and sizes (the page shows them; the bytes stay in the worker).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub images: Vec<ImageMeta>,
}

impl FromJson for EntryView {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let state = match f.text("state").as_str() {
            "queued" => EntryState::Queued,
            "sending" => EntryState::Sending,
            "retrying" => EntryState::Retrying { next_attempt_at_ms: f.uint("next_attempt_at_ms") },
            "failed" => EntryState::Failed,
            "expired" => EntryState::Expired,
            other => {
                f.fail(format!("unknown state `{other}`"));
                EntryState::Queued
            }
        };
        let read = EntryView {
            id: f.uuid("id"),
            form: f.optional_text("form"),
            fields: f.value("fields"),
            created_at_ms: f.uint("created_at_ms"),
            attempts: f.uint_as("attempts"),
            state,
            last_error: f.optional_text("last_error"),
            refused_field: f.optional_text("refused_field"),
            images: f.keep(read_images(value)),
        };
        f.finish(read)
    }
}

impl ToJson for EntryView {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { id, form, fields, created_at_ms, attempts, state, last_error, refused_field, images } = self;
        out.object(|o| {
            o.text("id", &uuid_text(id));
            if let Some(form) = form {
                o.text("form", form);
            }
            o.raw("fields", fields).uint("created_at_ms", *created_at_ms).uint("attempts", u64::from(*attempts));
            // The state's fields sit beside the entry's own (serde's `flatten`).
            match state {
                EntryState::Queued => o.text("state", "queued"),
                EntryState::Sending => o.text("state", "sending"),
                EntryState::Retrying { next_attempt_at_ms } => {
                    o.text("state", "retrying").uint("next_attempt_at_ms", *next_attempt_at_ms)
                }
                EntryState::Failed => o.text("state", "failed"),
                EntryState::Expired => o.text("state", "expired"),
            };
            o.optional_text("last_error", last_error.as_deref()).value_if_some("refused_field", refused_field.as_ref());
            if !images.is_empty() {
                o.array("images", images);
            }
        });
    }
}

/// How the worker is woken to send what waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
pub enum DeliveryMode {
    /// The browser's Background Sync wakes the worker when the network is back.
    BackgroundSync,
    /// No Background Sync (Firefox, Safari, WebViews): the worker sends on every wake-up it gets.
    Fallback,
}

/// The most entries a report lists (the counts always cover them all).
pub const OUTBOX_VIEW_MAX_ENTRIES: usize = 100;

/// How many entries of the outbox stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OutboxCounts {
    /// Queued, sending or waiting for a retry.
    pub waiting: usize,
    /// Refused by the server: they wait for the person.
    pub failed: usize,
    /// Kept past the retention limit: they will not be sent.
    pub expired: usize,
}

impl ToJson for OutboxCounts {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { waiting, failed, expired } = self;
        out.object(|o| {
            o.uint("waiting", *waiting as u64).uint("failed", *failed as u64).uint("expired", *expired as u64);
        });
    }
}

/// The worker's report of the outbox: how it delivers, the network, the counts and the entries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OutboxView {
    /// How the worker delivers (Background Sync or the fallback).
    pub mode: DeliveryMode,
    /// Whether the worker saw the network as up when it made this report.
    pub online: bool,
    /// Every entry, counted by state.
    pub counts: OutboxCounts,
    /// At most [`OUTBOX_VIEW_MAX_ENTRIES`]: the failed and expired ones first (they need the
    /// person), then the waiting ones, oldest first.
    pub entries: Vec<EntryView>,
    /// What this browser delivered, as the server recorded it, newest first: the person's own
    /// list, kept by the worker (the server's page shows nobody's records). Each record as the
    /// server answered it (for the tutorial's form a [`crate::SubmissionRecord`]).
    #[cfg_attr(feature = "serde", serde(default))]
    pub delivered: Vec<RawJson>,
}

impl OutboxView {
    /// The report of `entries` (oldest first): counted, ordered and capped; with what was delivered.
    pub fn of(mode: DeliveryMode, online: bool, entries: Vec<EntryView>, delivered: Vec<RawJson>) -> Self {
        let mut counts = OutboxCounts::default();
        for entry in &entries {
            match entry.state {
                EntryState::Failed => counts.failed += 1,
                EntryState::Expired => counts.expired += 1,
                _ => counts.waiting += 1,
            }
        }
        let (mut listed, waiting): (Vec<_>, Vec<_>) =
            entries.into_iter().partition(|e| matches!(e.state, EntryState::Failed | EntryState::Expired));
        listed.extend(waiting);
        listed.truncate(OUTBOX_VIEW_MAX_ENTRIES);
        Self { mode, online, counts, entries: listed, delivered }
    }

    /// Entries counted but not listed.
    pub fn unlisted(&self) -> usize {
        (self.counts.waiting + self.counts.failed + self.counts.expired).saturating_sub(self.entries.len())
    }
}

impl FromJson for OutboxView {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let mode = match f.text("mode").as_str() {
            "background_sync" => DeliveryMode::BackgroundSync,
            "fallback" => DeliveryMode::Fallback,
            other => {
                f.fail(format!("unknown mode `{other}`"));
                DeliveryMode::Fallback
            }
        };
        let online = f.optional_bool("online").unwrap_or_else(|| {
            f.fail("missing field `online`".into());
            false
        });
        let read = OutboxView {
            mode,
            online,
            counts: f.value("counts"),
            entries: f.list("entries"),
            delivered: f.optional("delivered").unwrap_or_default(),
        };
        f.finish(read)
    }
}

impl FromJson for OutboxCounts {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read =
            OutboxCounts { waiting: f.uint_as("waiting"), failed: f.uint_as("failed"), expired: f.uint_as("expired") };
        f.finish(read)
    }
}

impl ToJson for OutboxView {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { mode, online, counts, entries, delivered } = self;
        let mode = match mode {
            DeliveryMode::BackgroundSync => "background_sync",
            DeliveryMode::Fallback => "fallback",
        };
        out.object(|o| {
            o.text("mode", mode)
                .boolean("online", *online)
                .value("counts", counts)
                .array("entries", entries)
                .array("delivered", delivered);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn entry(n: u128, state: EntryState) -> EntryView {
        EntryView {
            id: Uuid::from_u128(n),
            form: None,
            fields: RawJson::object(|o| {
                o.text("name", &format!("{n}"));
            }),
            created_at_ms: n as u64,
            attempts: 0,
            state,
            last_error: None,
            refused_field: None,
            images: Vec::new(),
        }
    }

    #[test]
    fn a_long_outbox_is_counted_in_full_and_listed_failed_first_up_to_the_cap() {
        let mut entries: Vec<EntryView> = (0..250).map(|n| entry(n, EntryState::Queued)).collect();
        entries.push(entry(900, EntryState::Failed));
        entries.push(entry(901, EntryState::Expired));
        let view = OutboxView::of(DeliveryMode::BackgroundSync, true, entries, vec![]);
        assert_eq!(view.counts, OutboxCounts { waiting: 250, failed: 1, expired: 1 });
        assert_eq!(view.entries.len(), OUTBOX_VIEW_MAX_ENTRIES);
        assert_eq!(view.entries[0].state, EntryState::Failed);
        assert_eq!(view.entries[1].state, EntryState::Expired);
        assert_eq!(view.entries[2].id, Uuid::from_u128(0), "then the waiting ones, oldest first");
        assert_eq!(view.unlisted(), 152);
    }
}
