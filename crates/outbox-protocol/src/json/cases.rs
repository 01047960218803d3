//! The cases every reader of parsed JSON must read alike: serde_json's `Value` (the native tests)
//! and the browser's `JSON.parse` (`browser`'s tests, run in wasm). Each case is JSON text as the
//! other side writes it, and the value it must read as (or a refusal).

use uuid::Uuid;

use super::{narrow, required_uint, FromJson, JsonValue, ToJson};
use crate::*;

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n * 0x1234_5678_9abc_def0_1234)
}

/// A record with `images` images.
pub fn record(images: usize) -> SubmissionRecord {
    let image = images > 0;
    SubmissionRecord {
        id: id(1),
        form: TUTORIAL_FORM.into(),
        fields: name("Zoë \"quoted\" \\ back\tslash 张三 \u{1}"),
        received_at: "2026-11-27T01:02:03.456Z".into(),
        pressed_at: image.then(|| "2026-11-27T01:02:03.400Z".into()),
        attempts: 3,
        image_url: None,
        thumbnail_url: None,
        images: Vec::new(),
    }
    .with_images(images)
}

/// The tutorial form's fields.
pub fn name(name: &str) -> RawJson {
    RawJson::object(|o| {
        o.text("name", name);
    })
}

/// Another form's fields: text with every escape, a number, a choice, a list, a nested object.
pub fn inspection() -> RawJson {
    RawJson::object(|o| {
        o.text("title", "Pump \"4\"\n\u{8}\u{c}\t\u{1}")
            .uint("depth_cm", 120)
            .boolean("urgent", true)
            .array("tags", &["a".to_string(), "张".to_string()])
            .object("site", |s| {
                s.text("code", "N-7");
            });
    })
}

pub fn meta() -> ImageMeta {
    ImageMeta { file_name: "photo \"1\".jpg".into(), mime: "image/jpeg".into(), size: 3_300_000 }
}

pub fn page_messages() -> Vec<PageToWorker> {
    let image = ImageAttachment { file_name: "a.png".into(), mime: "image/png".into(), bytes: (0..=255).collect() };
    let second = ImageAttachment { file_name: "b.jpg".into(), mime: "image/jpeg".into(), bytes: vec![0xff, 0xd8] };
    vec![
        PageToWorker::Bgsync {
            id: Some(id(1)),
            form: None,
            fields: name("张三"),
            pressed_at: Some("t".into()),
            images: vec![image, second],
        },
        PageToWorker::Bgsync { id: Some(id(1)), form: None, fields: name(""), pressed_at: None, images: Vec::new() },
        // The original pattern's page: no id.
        PageToWorker::Bgsync { id: None, form: None, fields: name("张三"), pressed_at: None, images: Vec::new() },
        // Another form's fields, of every JSON kind, and a form with none.
        PageToWorker::Bgsync {
            id: Some(id(4)),
            form: Some("inspection".into()),
            fields: inspection(),
            pressed_at: None,
            images: Vec::new(),
        },
        PageToWorker::Bgsync {
            id: Some(id(5)),
            form: None,
            fields: RawJson::object(|_| {}),
            pressed_at: None,
            images: Vec::new(),
        },
        PageToWorker::Drain,
        PageToWorker::Retry { id: id(2), fields: Some(name("edited")) },
        PageToWorker::Retry { id: id(2), fields: None },
        PageToWorker::Discard { id: id(3) },
    ]
}

pub fn worker_messages() -> Vec<WorkerToPage> {
    let entry = |n: u128, state: EntryState, images: Vec<ImageMeta>| EntryView {
        id: id(n),
        form: (n == 3).then(|| "inspection".into()),
        fields: if n == 3 { inspection() } else { name(&format!("name {n}")) },
        created_at_ms: 1_790_000_000_000 + n as u64,
        attempts: n as u32,
        state,
        last_error: n.is_multiple_of(2).then(|| "server answered 503: busy\n".into()),
        refused_field: None,
        images,
    };
    let view = OutboxView::of(
        DeliveryMode::Fallback,
        false,
        vec![
            entry(1, EntryState::Queued, Vec::new()),
            entry(2, EntryState::Sending, vec![meta(), meta()]),
            entry(3, EntryState::Retrying { next_attempt_at_ms: 9_007_199_254_740_000 }, Vec::new()),
            entry(4, EntryState::Failed, Vec::new()),
            entry(5, EntryState::Expired, Vec::new()),
        ],
        vec![RawJson::written(&record(3)), RawJson::written(&record(0))],
    );
    vec![
        WorkerToPage::Queued { id: id(1) },
        WorkerToPage::Sending { id: id(2) },
        WorkerToPage::Failed { id: id(3), reason: "offline".into(), will_retry: true },
        WorkerToPage::Failed { id: id(3), reason: "server answered 422".into(), will_retry: false },
        WorkerToPage::Outbox(view),
        WorkerToPage::Outbox(OutboxView::of(DeliveryMode::BackgroundSync, true, vec![], vec![])),
        WorkerToPage::Pinged { status: 200 },
        WorkerToPage::Error { reason: "malformed message".into() },
    ]
}

/// Page messages that must be refused, each with a reason.
pub const MALFORMED_PAGE_MESSAGES: &[&str] = &[
    r#"{"type":"nope","msg":{}}"#,
    r#"{"type":"bgsync","msg":{"name":"bad id","id":7}}"#,
    r#"{"type":"bgsync","msg":{"id":"not-a-uuid","name":"x"}}"#,
    r#"{"type":"bgsync","msg":"name"}"#,
    r#"{"type":"bgsync","msg":{"id":"00000000-0000-0000-0000-000000000000","name":"x","images":[{"file_name":"a","mime":"b","bytes":"!!"}]}}"#,
    r#"{"type":"bgsync","msg":{"name":"x","images":{"file_name":"a","mime":"b","bytes":""}}}"#,
    r#"{"type":"bgsync","msg":{"name":"x","images":[{"file_name":"a","bytes":""}]}}"#,
    r#"{"type":"bgsync"}"#,
    r#"{"type":"retry","msg":{}}"#,
    r#"["bgsync"]"#,
    r#""bgsync""#,
];

/// Worker messages that must be refused.
pub const MALFORMED_WORKER_MESSAGES: &[&str] = &[
    r#"{"type":"outbox","msg":{"mode":"carrier_pigeon","online":true,"counts":{"waiting":0,"failed":0,"expired":0},"entries":[]}}"#,
    r#"{"type":"outbox","msg":{"mode":"fallback","online":true,"entries":[]}}"#,
    r#"{"type":"queued","msg":{}}"#,
    r#"{"type":"shrug","msg":{}}"#,
];

/// The same JSON value (a `RawJson` read back may order an object's keys otherwise).
pub fn same_json(a: &impl ToJson, b: &impl ToJson) -> bool {
    let value = |x: &dyn Fn() -> String| serde_json::from_str::<serde_json::Value>(&x()).expect("valid JSON");
    value(&|| a.to_json_text()) == value(&|| b.to_json_text())
}

/// Reads every case through `parse` (JSON text to the adapter's value), panicking on the first
/// that reads differently.
pub fn read_all_alike<V: JsonValue>(parse: impl Fn(&str) -> V) {
    for message in page_messages() {
        let text = message.to_json_text();
        let read = PageToWorker::from_json_value(&parse(&text)).expect(&text);
        assert!(same_json(&read, &message), "{text} read as {}", read.to_json_text());
    }
    // The tutorial's page, character for character: its one field is `name`.
    let read = PageToWorker::from_json_value(&parse(r#"{"type":"bgsync","msg":{"name":"张三"}}"#));
    assert_eq!(
        read,
        Ok(PageToWorker::Bgsync { id: None, form: None, fields: name("张三"), pressed_at: None, images: Vec::new() })
    );
    // A page of the one-image build sends `image`: read as a list of one.
    let read = PageToWorker::from_json_value(&parse(
        r#"{"type":"bgsync","msg":{"name":"n","image":{"file_name":"a.png","mime":"image/png","bytes":"AAE="}}}"#,
    ));
    let one = ImageAttachment { file_name: "a.png".into(), mime: "image/png".into(), bytes: vec![0, 1] };
    assert_eq!(
        read,
        Ok(PageToWorker::Bgsync { id: None, form: None, fields: name("n"), pressed_at: None, images: vec![one] })
    );
    for bad in MALFORMED_PAGE_MESSAGES {
        let read = PageToWorker::from_json_value(&parse(bad));
        assert!(read.as_ref().is_err_and(|e| e.starts_with("malformed message: ")), "{bad} gave {read:?}");
    }
    for message in worker_messages() {
        let text = message.to_json_text();
        let read = WorkerToPage::from_json_value(&parse(&text)).expect(&text);
        assert!(same_json(&read, &message), "{text} read as {}", read.to_json_text());
    }
    for bad in MALFORMED_WORKER_MESSAGES {
        assert!(WorkerToPage::from_json_value(&parse(bad)).is_err(), "{bad}");
    }
    let records = vec![record(2), record(0)];
    assert_eq!(Vec::<SubmissionRecord>::from_json(&parse(&records.to_json_text())), Ok(records));
    // A record without `attempts` is a first attempt; nulls read as absent.
    let old = format!(r#"{{"id":"{}","name":"x","received_at":"t","pressed_at":null}}"#, id(1));
    let read = SubmissionRecord::from_json(&parse(&old)).unwrap();
    assert_eq!((read.attempts, read.pressed_at, read.image_url), (1, None, None));
    assert_eq!(
        ApiError::from_json(&parse(r#"{"error":"name is too long"}"#)),
        Ok(ApiError { error: "name is too long".into(), field: None })
    );
    assert_eq!(ImageMeta::from_json(&parse(&meta().to_json_text())), Ok(meta()));
    // Numbers: whole, from 0, exact in a JavaScript number.
    for bad in [r#"{"n":-1}"#, r#"{"n":1.5}"#, r#"{"n":"1"}"#, r#"{"n":1e300}"#] {
        assert!(required_uint(&parse(bad), "n").is_err(), "{bad}");
    }
    assert_eq!(required_uint(&parse(r#"{"n":9007199254740992}"#), "n"), Ok(9_007_199_254_740_992));
    assert_eq!(narrow::<u16>(70_000, "status"), Err("`status` is too large".to_string()));
}
