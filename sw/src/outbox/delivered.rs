//! What this browser delivered: the server's record of each submission, kept by the worker so the
//! person sees their own list (the server's page shows nobody's), for `DELIVERED_KEEP_MS` and at
//! most `DELIVERED_KEEP_COUNT` records. Stored as JSON text beside the outbox.

use outbox_protocol::json::{field, required_uuid, Fields, FromJson, JsonValue, JsonWriter, ToJson};
use outbox_protocol::RawJson;
use uuid::Uuid;

/// How long a delivered record stays in the person's list.
pub const DELIVERED_KEEP_MS: u64 = 30 * 24 * 60 * 60 * 1_000;
/// The most records the list keeps (the newest).
pub const DELIVERED_KEEP_COUNT: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveredRecord {
    /// The submission's id (the record's own `id`).
    pub id: Uuid,
    /// The server's record, as it answered it (the worker does not read it).
    pub record: RawJson,
    /// When the worker heard the server's acknowledgement (its clock, ms since the epoch).
    pub delivered_at_ms: u64,
}

impl ToJson for DeliveredRecord {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { id: _, record, delivered_at_ms } = self;
        out.object(|o| {
            o.value("record", record).uint("delivered_at_ms", *delivered_at_ms);
        });
    }
}

impl FromJson for DeliveredRecord {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let id = field(value, "record").and_then(|record| required_uuid(&record, "id"));
        let read = Self { id: f.keep(id), record: f.value("record"), delivered_at_ms: f.uint("delivered_at_ms") };
        f.finish(read)
    }
}

/// Splits the stored list into what the person sees (newest first, within the limits) and the ids
/// to forget.
pub fn keep_newest(mut all: Vec<DeliveredRecord>, now_ms: u64) -> (Vec<RawJson>, Vec<Uuid>) {
    super::sort::sort_by_key(&mut all, |d| std::cmp::Reverse((d.delivered_at_ms, d.id)));
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for delivered in all {
        let fresh = now_ms.saturating_sub(delivered.delivered_at_ms) <= DELIVERED_KEEP_MS;
        if fresh && kept.len() < DELIVERED_KEEP_COUNT {
            kept.push(delivered.record);
        } else {
            dropped.push(delivered.id);
        }
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivered(n: u128, at: u64) -> DeliveredRecord {
        let record = outbox_protocol::SubmissionRecord {
            id: Uuid::from_u128(n),
            form: outbox_protocol::TUTORIAL_FORM.into(),
            fields: RawJson::object(|o| {
                o.text("name", &format!("{n}"));
            }),
            received_at: "t".into(),
            pressed_at: None,
            attempts: 1,
            images: Vec::new(),
            image_url: None,
            thumbnail_url: None,
        };
        DeliveredRecord { id: record.id, record: RawJson::written(&record), delivered_at_ms: at }
    }

    #[test]
    fn the_list_is_newest_first_and_forgets_the_old_and_the_surplus() {
        let now = DELIVERED_KEEP_MS + 1_000_000;
        let mut all: Vec<_> = (0..250).map(|n| delivered(n, now - 1_000 + n as u64)).collect();
        all.push(delivered(900, now - DELIVERED_KEEP_MS - 1));
        let (kept, dropped) = keep_newest(all, now);
        assert_eq!(kept.len(), DELIVERED_KEEP_COUNT);
        assert!(kept[0].as_str().contains(r#""name":"249""#), "newest first");
        assert_eq!(dropped.len(), 51);
        assert!(dropped.contains(&Uuid::from_u128(900)), "older than 30 days");
        assert!(dropped.contains(&Uuid::from_u128(0)), "beyond the newest 200");
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let value = delivered(1, 42);
        let json: serde_json::Value = serde_json::from_str(&value.to_json_text()).unwrap();
        let read = DeliveredRecord::from_json(&json).unwrap();
        assert_eq!((read.id, read.delivered_at_ms), (value.id, value.delivered_at_ms));
        let record = |r: &RawJson| serde_json::from_str::<serde_json::Value>(r.as_str()).unwrap();
        assert_eq!(record(&read.record), record(&value.record));
    }
}
