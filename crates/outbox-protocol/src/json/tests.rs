//! The hand-written codec against serde: what one writes the other reads, field for field; and the
//! shared cases (`cases`) read through serde_json's `Value`.

use serde::Serialize;
use serde_json::Value;

use super::cases::*;
use super::*;
use crate::*;

/// The codec writes exactly the JSON serde writes (as values: key order aside).
fn writes_like_serde<T: ToJson + Serialize>(value: &T) {
    let ours: Value = serde_json::from_str(&value.to_json_text()).expect("the codec writes valid JSON");
    assert_eq!(ours, serde_json::to_value(value).unwrap());
}

/// The codec reads what serde writes, back to the same value.
fn reads_like_serde<T: FromJson + Serialize + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_value(value).unwrap();
    assert_eq!(&T::from_json(&json).unwrap(), value);
}

#[test]
fn the_shared_cases_read_through_serde_json() {
    read_all_alike(|text| serde_json::from_str::<Value>(text).expect("the cases are JSON"));
}

/// Both ways: serde reads what the codec writes, and the codec reads what serde writes.
fn round_trips_with_serde<T>(value: &T)
where
    T: ToJson + FromJson + Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    writes_like_serde(value);
    assert!(same_json(&serde_json::from_str::<T>(&value.to_json_text()).unwrap(), value));
    let read = T::from_json(&serde_json::to_value(value).unwrap()).unwrap();
    assert!(same_json(&read, value), "{}", read.to_json_text());
}

#[test]
fn worker_messages_are_written_and_read_as_serde_does() {
    worker_messages().iter().for_each(round_trips_with_serde);
}

#[test]
fn page_messages_are_written_and_read_as_serde_does() {
    page_messages().iter().for_each(round_trips_with_serde);
    // The original pattern's envelope, as its page wrote it.
    let json = r#"{"type":"bgsync","msg":{"id":"00000000-0000-0000-0000-000000000000","name":"张三"}}"#;
    let expected = PageToWorker::Bgsync {
        id: Some(uuid::Uuid::nil()),
        form: None,
        fields: name("张三"),
        pressed_at: None,
        images: Vec::new(),
    };
    assert_eq!(from_text::<PageToWorker>(json).unwrap(), expected);
    assert_eq!(serde_json::from_str::<PageToWorker>(json).unwrap(), expected);
    // The tutorial's page, character for character: no id.
    let json = r#"{"type":"bgsync","msg":{"name":"张三"}}"#;
    let expected =
        PageToWorker::Bgsync { id: None, form: None, fields: name("张三"), pressed_at: None, images: Vec::new() };
    assert_eq!(from_text::<PageToWorker>(json).unwrap(), expected);
}

/// The tutorial's submission as a server of an earlier build read it (before forms were declared):
/// a delivery of the tutorial's form must still read as one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSubmission {
    /// The client-generated id.
    id: uuid::Uuid,
    /// The tutorial's one field.
    name: String,
    /// When the person pressed the button (RFC 3339), as the browser's clock saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pressed_at: Option<String>,
    /// Which delivery attempt this is, counting from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attempt: Option<u32>,
}

impl ToJson for NewSubmission {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { id, name, pressed_at, attempt } = self;
        out.object(|o| {
            o.text("id", &uuid_text(id)).text("name", name);
            if let Some(pressed_at) = pressed_at {
                o.text("pressed_at", pressed_at);
            }
            if let Some(attempt) = attempt {
                o.uint("attempt", u64::from(*attempt));
            }
        });
    }
}

/// The worker sends a form's fields as members of the submission: for the tutorial's form, what
/// the server reads as a `NewSubmission`, the same as before the worker knew no form.
#[test]
fn a_delivery_of_the_tutorials_form_is_the_submission_the_server_reads() {
    let delivery =
        Delivery { id: id(7), fields: name("a\u{7f}b\u{1f}"), pressed_at: Some("t".into()), attempt: Some(2) };
    let read: NewSubmission = serde_json::from_str(&delivery.to_json_text()).unwrap();
    assert_eq!(
        read,
        NewSubmission { id: id(7), name: "a\u{7f}b\u{1f}".into(), pressed_at: Some("t".into()), attempt: Some(2) }
    );
    let bare = Delivery { id: id(8), fields: name(""), pressed_at: None, attempt: None };
    let read: BatchRequest<NewSubmission> =
        serde_json::from_str(&BatchRequest { submissions: vec![delivery.clone(), bare] }.to_json_text()).unwrap();
    assert_eq!(read.submissions[1], NewSubmission { id: id(8), name: String::new(), pressed_at: None, attempt: None });
    writes_like_serde(&delivery);
    writes_like_serde(&Delivery { id: id(9), fields: inspection(), pressed_at: None, attempt: Some(1) });
}

#[test]
fn malformed_page_messages_are_refused_by_serde_too() {
    for bad in MALFORMED_PAGE_MESSAGES {
        assert!(serde_json::from_str::<PageToWorker>(bad).is_err(), "serde should refuse {bad}");
    }
    assert!(from_text::<PageToWorker>("not json").is_err());
}

#[test]
fn submissions_are_written_as_serde_writes_them() {
    let full =
        NewSubmission { id: id(7), name: "a\u{7f}b\u{1f}".into(), pressed_at: Some("t".into()), attempt: Some(2) };
    let bare = NewSubmission { id: id(8), name: String::new(), pressed_at: None, attempt: None };
    writes_like_serde(&full);
    writes_like_serde(&bare);
    writes_like_serde(&BatchRequest { submissions: vec![full, bare] });
    writes_like_serde(&BatchRequest::<NewSubmission> { submissions: vec![] });
    writes_like_serde(&meta());
}

#[test]
fn server_answers_are_read_as_serde_reads_them() {
    reads_like_serde(&record(0));
    reads_like_serde(&record(2));
    reads_like_serde(&meta());
    reads_like_serde(&ApiError { error: "name is too long".into(), field: None });
    reads_like_serde(&ApiError { error: "name: too long".into(), field: Some("name".into()) });
    reads_like_serde(&vec![record(2), record(0)]);
    writes_like_serde(&vec![record(2), record(0)]);
    reads_like_serde(&BatchResponse {
        results: vec![
            BatchItemResult { id: id(1), status: 201, record: Some(record(0)), error: None, field: None },
            BatchItemResult {
                id: id(2),
                status: 422,
                record: None,
                error: Some("name: control characters".into()),
                field: Some("name".into()),
            },
        ],
    });
    let old = serde_json::json!({"id": id(1), "name": "x", "received_at": "t", "pressed_at": null});
    assert_eq!(SubmissionRecord::from_json(&old).unwrap(), serde_json::from_value::<SubmissionRecord>(old).unwrap());
}

#[test]
fn image_bytes_travel_as_base64_with_both() {
    let image = ImageAttachment { file_name: "a.png".into(), mime: "image/png".into(), bytes: (0..=255).collect() };
    let json = serde_json::to_string(&image).unwrap();
    assert!(json.contains("\"bytes\":\"AAECAw"));
    assert_eq!(serde_json::from_str::<ImageAttachment>(&json).unwrap(), image);
    writes_like_serde(&image);
    assert!(serde_json::from_str::<ImageAttachment>(r#"{"file_name":"a","mime":"b","bytes":"!!"}"#).is_err());
}

/// A form's route as the server writes it (its scheme is the server's: `outbox_axum::routes::scheme`).
fn route(name: &str, action: &str) -> FormRoute {
    FormRoute {
        name: name.into(),
        action: action.into(),
        batch_action: format!("{action}/batch"),
        data_tag: format!("outbox:{name}"),
        ping_tag: format!("outbox:{name}:ping"),
        no_data_fields: Some(RawJson::object(|o| {
            o.text("name", "anonymous");
        })),
        queued_page: "/queued".into(),
    }
}

#[test]
fn the_workers_config_is_read_as_the_server_writes_it() {
    let config = WorkerConfig {
        version: "0123abcd".into(),
        shell_files: vec!["/".into(), "/queued".into(), "/pkg/outbox.abc.js".into()],
        navigation_timeout_ms: 3_000,
        database: "outbox".into(),
        forms: vec![route("tutorial", "/sync"), route("inspection", "/forms/inspection")],
    };
    assert_eq!(config.forms[1].batch_action, "/forms/inspection/batch");
    assert_eq!(config.forms[0].batch_action, "/sync/batch");
    round_trips_with_serde(&config);
    assert_eq!(config.form(None).map(|f| f.name.as_str()), Some("tutorial"), "the first is the default");
    assert_eq!(config.form(Some("inspection")).map(|f| f.action.as_str()), Some("/forms/inspection"));
    assert_eq!(config.form(Some("nope")), None);
    let none = r#"{"version":"v","shell_files":[],"navigation_timeout_ms":1,"database":"d","forms":[]}"#;
    assert!(WorkerConfig::from_json(&serde_json::from_str::<serde_json::Value>(none).unwrap()).is_err());
}

#[test]
fn a_uuid_is_read_as_the_uuid_crate_reads_its_two_plain_forms() {
    let id = uuid::Uuid::from_u128(0x6f9619ff_8b86_4d01_b42d_00cf4fc964ff);
    for text in [
        "6f9619ff-8b86-4d01-b42d-00cf4fc964ff",
        "6F9619FF-8B86-4D01-B42D-00CF4FC964FF",
        "6f9619ff8b864d01b42d00cf4fc964ff",
    ] {
        assert_eq!(crate::json::parse_uuid(text), Some(id), "{text}");
        assert_eq!(uuid::Uuid::try_parse(text).ok(), Some(id), "{text}");
    }
    for text in [
        "",
        "6f9619ff-8b86-4d01-b42d-00cf4fc964f",
        "6f9619ff-8b86-4d01-b42d-00cf4fc964fg",
        "6f9619ff+8b86-4d01-b42d-00cf4fc964ff",
        "6f9619ff-8b86-4d01-b42d00cf4fc964ff0",
        "é9619ff-8b86-4d01-b42d-00cf4fc964f",
        "{6f9619ff-8b86-4d01-b42d-00cf4fc964ff}",
    ] {
        assert_eq!(crate::json::parse_uuid(text), None, "{text}");
    }
}
