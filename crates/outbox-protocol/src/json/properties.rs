//! Property tests of the wire format: any value written and read again comes back equal (through
//! the codec alone, and across the codec and serde); any text at all is read without a panic.

use proptest::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::*;
use crate::*;

fn any_text() -> impl Strategy<Value = String> {
    // Every character class the writer escapes, and any Unicode.
    prop_oneof![any::<String>(), "[\\x00-\\x1f\"\\\\a-z\u{7f}\u{2028}]{0,20}"]
}

fn any_record() -> impl Strategy<Value = SubmissionRecord> {
    (any::<u128>(), any_text(), any_text(), proptest::option::of(any_text()), any::<u32>(), 0..=MAX_IMAGES).prop_map(
        |(id, name, received_at, pressed_at, attempts, images)| {
            let id = Uuid::from_u128(id);
            SubmissionRecord {
                id,
                form: TUTORIAL_FORM.into(),
                fields: RawJson::object(|o| {
                    o.text("name", &name);
                }),
                received_at,
                pressed_at,
                attempts,
                image_url: None,
                thumbnail_url: None,
                images: Vec::new(),
            }
            .with_images(images)
        },
    )
}

fn any_page_message() -> impl Strategy<Value = PageToWorker> {
    let image = (any_text(), any_text(), proptest::collection::vec(any::<u8>(), 0..64))
        .prop_map(|(file_name, mime, bytes)| ImageAttachment { file_name, mime, bytes });
    prop_oneof![
        (any::<u128>(), any_text(), proptest::option::of(any_text()), proptest::collection::vec(image, 0..=MAX_IMAGES))
            .prop_map(|(id, name, pressed_at, images)| PageToWorker::Bgsync {
                id: Some(Uuid::from_u128(id)),
                form: (name.len() % 2 == 1).then(|| name.clone()),
                fields: cases::name(&name),
                pressed_at,
                images
            }),
        Just(PageToWorker::Drain),
        (any::<u128>(), proptest::option::of(any_text())).prop_map(|(id, name)| PageToWorker::Retry {
            id: Uuid::from_u128(id),
            fields: name.as_deref().map(cases::name)
        }),
        any::<u128>().prop_map(|id| PageToWorker::Discard { id: Uuid::from_u128(id) }),
    ]
}

proptest! {
    #[test]
    fn a_record_written_is_read_back_equal_by_the_codec_and_by_serde(record in any_record()) {
        let text = record.to_json_text();
        let value: Value = serde_json::from_str(&text).expect("the codec writes JSON");
        prop_assert_eq!(&SubmissionRecord::from_json(&value).unwrap(), &record);
        prop_assert_eq!(&serde_json::from_str::<SubmissionRecord>(&text).unwrap(), &record);
    }

    #[test]
    fn a_page_message_written_is_read_back_equal(message in any_page_message()) {
        let value: Value = serde_json::from_str(&message.to_json_text()).unwrap();
        let read = PageToWorker::from_json_value(&value).unwrap();
        prop_assert!(cases::same_json(&read, &message), "{} read as {}", message.to_json_text(), read.to_json_text());
    }

    #[test]
    fn any_text_is_read_without_a_panic(text in any::<String>()) {
        let _ = from_text::<PageToWorker>(&text);
        let _ = from_text::<WorkerToPage>(&text);
        let _ = from_text::<SubmissionRecord>(&text);
    }

    #[test]
    fn any_json_shape_is_read_without_a_panic(kind in any_text(), field in any_text(), n in any::<f64>()) {
        let text = format!(
            r#"{{"type":{},"msg":{{"id":{},"name":{n},"record":[{n}],"status":{n},"image":{{"bytes":{}}}}}}}"#,
            serde_json::to_string(&kind).unwrap(),
            serde_json::to_string(&field).unwrap(),
            serde_json::to_string(&field).unwrap(),
        );
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            let _ = PageToWorker::from_json_value(&value);
            let _ = WorkerToPage::from_json_value(&value);
        }
    }
}
