//! The hand-written codec against serde: what one writes the other reads, field for field.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::*;
use crate::*;

/// The codec writes exactly the JSON serde writes (as values: key order aside).
fn writes_like_serde<T: ToJson + Serialize>(value: &T) {
    let ours: Value = serde_json::from_str(&value.to_json_text()).expect("the codec writes valid JSON");
    assert_eq!(ours, serde_json::to_value(value).unwrap());
}

/// The codec reads what serde writes, back to the same value.
fn reads_like_serde<T: FromJson + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_value(value).unwrap();
    assert_eq!(&T::from_json(&json).unwrap(), value);
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n * 0x1234_5678_9abc_def0_1234)
}

fn record(image: bool) -> SubmissionRecord {
    let (image_url, thumbnail_url) = SubmissionRecord::image_urls(id(1));
    SubmissionRecord {
        id: id(1),
        name: "Zoë \"quoted\" \\ back\tslash 张三 \u{1}".into(),
        received_at: "2026-11-27T01:02:03.456Z".into(),
        pressed_at: image.then(|| "2026-11-27T01:02:03.400Z".into()),
        attempts: 3,
        image_url: image.then_some(image_url),
        thumbnail_url: image.then_some(thumbnail_url),
    }
}

fn meta() -> ImageMeta {
    ImageMeta { file_name: "photo \"1\".jpg".into(), mime: "image/jpeg".into(), size: 3_300_000 }
}

#[test]
fn worker_messages_are_written_as_serde_writes_them() {
    let entry = |n: u128, state: EntryState, image: Option<ImageMeta>| EntryView {
        id: id(n),
        name: format!("name {n}"),
        created_at_ms: 1_790_000_000_000 + n as u64,
        attempts: n as u32,
        state,
        last_error: n.is_multiple_of(2).then(|| "server answered 503: busy\n".into()),
        image,
    };
    let view = OutboxView::of(
        DeliveryMode::Fallback,
        false,
        vec![
            entry(1, EntryState::Queued, None),
            entry(2, EntryState::Sending, Some(meta())),
            entry(3, EntryState::Retrying { next_attempt_at_ms: 9_007_199_254_740_000 }, None),
            entry(4, EntryState::Failed, None),
            entry(5, EntryState::Expired, None),
        ],
    );
    for message in [
        WorkerToPage::Queued { id: id(1) },
        WorkerToPage::Sending { id: id(2) },
        WorkerToPage::Sent { id: id(1), record: record(false) },
        WorkerToPage::Sent { id: id(1), record: record(true) },
        WorkerToPage::Failed { id: id(3), reason: "offline".into(), will_retry: true },
        WorkerToPage::Failed { id: id(3), reason: "server answered 422".into(), will_retry: false },
        WorkerToPage::Outbox(view),
        WorkerToPage::Outbox(OutboxView::of(DeliveryMode::BackgroundSync, true, vec![])),
        WorkerToPage::Pinged { status: 200 },
        WorkerToPage::Error { reason: "malformed message".into() },
    ] {
        writes_like_serde(&message);
        // And reads back: with serde, and with the codec (the page) from what serde writes.
        assert_eq!(WorkerToPage::from_json(&message.to_json_text()).unwrap(), message);
        assert_eq!(WorkerToPage::from_json_value(&serde_json::to_value(&message).unwrap()).unwrap(), message);
    }
}

#[test]
fn submissions_are_written_as_serde_writes_them() {
    let full = NewSubmission { id: id(7), name: "a\u{7f}b\u{1f}".into(), pressed_at: Some("t".into()), attempt: Some(2) };
    let bare = NewSubmission { id: id(8), name: String::new(), pressed_at: None, attempt: None };
    writes_like_serde(&full);
    writes_like_serde(&bare);
    writes_like_serde(&BatchRequest { submissions: vec![full, bare] });
    writes_like_serde(&BatchRequest { submissions: vec![] });
    writes_like_serde(&meta());
}

#[test]
fn server_answers_are_read_as_serde_reads_them() {
    reads_like_serde(&record(false));
    reads_like_serde(&record(true));
    reads_like_serde(&meta());
    reads_like_serde(&ApiError { error: "name is too long".into() });
    reads_like_serde(&vec![record(true), record(false)]);
    writes_like_serde(&vec![record(true), record(false)]);
    reads_like_serde(&BatchResponse {
        results: vec![
            BatchItemResult { id: id(1), status: 201, record: Some(record(false)), error: None },
            BatchItemResult { id: id(2), status: 422, record: None, error: Some("control characters".into()) },
        ],
    });
    // serde's defaults: a record without `attempts` is a first attempt; nulls are absent.
    let old = json!({"id": id(1), "name": "x", "received_at": "t", "pressed_at": null});
    assert_eq!(SubmissionRecord::from_json(&old).unwrap(), serde_json::from_value::<SubmissionRecord>(old).unwrap());
}

#[test]
fn page_messages_are_read_as_serde_reads_them() {
    let image = ImageAttachment { file_name: "a.png".into(), mime: "image/png".into(), bytes: (0..=255).collect() };
    for message in [
        PageToWorker::Bgsync { id: id(1), name: "张三".into(), pressed_at: Some("t".into()), image: Some(image) },
        PageToWorker::Bgsync { id: id(1), name: String::new(), pressed_at: None, image: None },
        PageToWorker::Drain,
        PageToWorker::Retry { id: id(2), name: Some("edited".into()) },
        PageToWorker::Retry { id: id(2), name: None },
        PageToWorker::Discard { id: id(3) },
    ] {
        let json: Value = serde_json::from_str(&message.to_json()).unwrap();
        assert_eq!(PageToWorker::from_json_value(&json).unwrap(), message);
        // The page writes them with the codec: serde reads the same message.
        writes_like_serde(&message);
        assert_eq!(PageToWorker::from_json(&message.to_json_text()).unwrap(), message);
    }
}

#[test]
fn malformed_page_messages_are_refused_by_both() {
    for bad in [
        r#"{"type":"nope","msg":{}}"#,
        r#"{"type":"bgsync","msg":{"name":"no id"}}"#,
        r#"{"type":"bgsync","msg":{"id":"not-a-uuid","name":"x"}}"#,
        r#"{"type":"bgsync","msg":{"id":"00000000-0000-0000-0000-000000000000","name":7}}"#,
        r#"{"type":"bgsync","msg":{"id":"00000000-0000-0000-0000-000000000000","name":"x","image":{"file_name":"a","mime":"b","bytes":"!!"}}}"#,
        r#"{"type":"bgsync"}"#,
        r#"{"type":"retry","msg":{}}"#,
        r#"["bgsync"]"#,
        r#""bgsync""#,
    ] {
        assert!(PageToWorker::from_json(bad).is_err(), "serde should refuse {bad}");
        let json: Value = serde_json::from_str(bad).unwrap();
        let ours = PageToWorker::from_json_value(&json);
        assert!(ours.as_ref().is_err_and(|e| e.starts_with("malformed message: ")), "{bad} gave {ours:?}");
    }
}

#[test]
fn numbers_must_be_whole_and_exact() {
    for bad in [json!({"n": -1}), json!({"n": 1.5}), json!({"n": "1"}), json!({"n": 1e300})] {
        assert!(required_uint(&bad, "n").is_err(), "{bad}");
    }
    assert_eq!(required_uint(&json!({"n": 9_007_199_254_740_992u64}), "n"), Ok(9_007_199_254_740_992));
    assert_eq!(narrow::<u16>(70_000, "status"), Err("`status` is too large".to_string()));
}

#[test]
fn malformed_worker_messages_are_errors() {
    for bad in [
        json!({"type": "outbox", "msg": {"mode": "carrier_pigeon", "online": true, "counts": {"waiting": 0, "failed": 0, "expired": 0}, "entries": []}}),
        json!({"type": "outbox", "msg": {"mode": "fallback", "online": true, "entries": []}}),
        json!({"type": "queued", "msg": {}}),
        json!({"type": "shrug", "msg": {}}),
    ] {
        assert!(WorkerToPage::from_json_value(&bad).is_err(), "{bad}");
    }
}
