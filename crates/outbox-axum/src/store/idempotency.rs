//! What a repeated id means, as the IETF `Idempotency-Key` draft (httpapi working group) and
//! Stripe define it: the same key with the same payload is the same request, answered with the
//! original result; the same key with a different payload is a client error, and nothing is
//! stored. The payload is what the person submitted: the form, its fields as the form's type
//! checked them, and each image's SHA-256 in order (the press time and the attempt count
//! describe the delivery, not the data), compared by a digest of a canonical writing of them (keys
//! sorted at every depth), so neither the order of the keys nor how a store keeps JSON matters.

use outbox_protocol::SubmissionRecord;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Outcome;
use crate::submission::ValidSubmission;

/// A repeated delivery or a conflict: `original` is what is stored under the submission's id,
/// `stored_sha256` its images' hashes in order (read only when both have images).
pub fn repeat_outcome(submission: &ValidSubmission, original: &SubmissionRecord, stored_sha256: &[String]) -> Outcome {
    let new_images: Vec<&str> = submission.images.iter().map(|i| i.sha256.as_str()).collect();
    let stored_images: Vec<&str> = match (new_images.is_empty(), original.images.len()) {
        (_, 0) => Vec::new(),
        (false, _) => stored_sha256.iter().map(String::as_str).collect(),
        // Stored with images, repeated without: no hash can match.
        (true, n) => vec!["an image"; n],
    };
    let stored_fields: Value = serde_json::from_str(original.fields.as_str()).unwrap_or(Value::Null);
    let same = submission.form == original.form
        && payload_digest(&submission.fields, &new_images) == payload_digest(&stored_fields, &stored_images);
    if same {
        Outcome::Repeated
    } else {
        Outcome::IdConflict
    }
}

/// The SHA-256 of the fields written canonically, then of each image's hash (each after a zero
/// byte, which no JSON text or hex hash holds).
pub fn payload_digest(fields: &Value, image_sha256: &[&str]) -> [u8; 32] {
    let mut text = String::new();
    canonical(fields, &mut text);
    let mut hash = Sha256::new();
    hash.update(text.as_bytes());
    for sha256 in image_sha256 {
        hash.update([0]);
        hash.update(sha256.as_bytes());
    }
    hash.finalize().into()
}

/// JSON with every object's keys in order, no whitespace, strings escaped as serde_json does.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical(&members[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use outbox_protocol::RawJson;
    use serde_json::json;
    use uuid::Uuid;

    use super::*;
    use crate::uploaded_image::{sha256_hex, CheckedImage};

    fn submission(fields: Value, images: &[&[u8]]) -> ValidSubmission {
        ValidSubmission {
            id: Uuid::nil(),
            form: "tutorial",
            fields,
            pressed_at: None,
            attempt: 2,
            images: images
                .iter()
                .map(|bytes| CheckedImage {
                    content_type: "image/png",
                    file_name: "a.png".into(),
                    original: bytes.to_vec(),
                    thumbnail: vec![],
                    sha256: sha256_hex(bytes),
                })
                .collect(),
        }
    }

    fn original(fields: &str, images: usize) -> SubmissionRecord {
        SubmissionRecord {
            id: Uuid::nil(),
            form: "tutorial".into(),
            fields: RawJson::serialized(&serde_json::from_str::<Value>(fields).unwrap()).unwrap(),
            received_at: "t".into(),
            pressed_at: Some("earlier".into()),
            attempts: 1,
            image_url: None,
            thumbnail_url: None,
            images: Vec::new(),
        }
        .with_images(images)
    }

    fn hashes(images: &[&[u8]]) -> Vec<String> {
        images.iter().map(|bytes| sha256_hex(bytes)).collect()
    }

    #[test]
    fn the_same_fields_and_image_is_a_repeat_whatever_the_attempt_press_time_and_key_order() {
        let repeat = |s, o, sha: &[String]| repeat_outcome(&s, &o, sha);
        assert_eq!(
            repeat(submission(json!({"name": "a"}), &[]), original(r#"{"name":"a"}"#, 0), &[]),
            Outcome::Repeated
        );
        let stored = hashes(&[b"png bytes"]);
        let same = submission(json!({"name": "a"}), &[b"png bytes"]);
        assert_eq!(repeat(same, original(r#"{"name":"a"}"#, 1), &stored), Outcome::Repeated);
        let three: [&[u8]; 3] = [b"1", b"2", b"3"];
        let same = submission(json!({"name": "a"}), &three);
        assert_eq!(repeat(same, original(r#"{"name":"a"}"#, 3), &hashes(&three)), Outcome::Repeated);
        let nested = json!({"b": [1, {"y": true, "x": "é\n"}], "a": 2});
        let reordered = r#"{"a":2,"b":[1,{"x":"é\n","y":true}]}"#;
        assert_eq!(repeat(submission(nested, &[]), original(reordered, 0), &[]), Outcome::Repeated);
    }

    #[test]
    fn other_fields_another_form_or_image_or_an_image_added_or_left_out_is_a_conflict() {
        let name = |n: &str| json!({ "name": n });
        let conflict = |s, o, sha: &[String]| assert_eq!(repeat_outcome(&s, &o, sha), Outcome::IdConflict);
        conflict(submission(name("b"), &[]), original(r#"{"name":"a"}"#, 0), &[]);
        conflict(submission(json!({"name": "a", "email": ""}), &[]), original(r#"{"name":"a"}"#, 0), &[]);
        let mut other_form = original(r#"{"name":"a"}"#, 0);
        other_form.form = "contact".into();
        conflict(submission(name("a"), &[]), other_form, &[]);
        let stored = hashes(&[b"png bytes"]);
        conflict(submission(name("a"), &[b"other bytes"]), original(r#"{"name":"a"}"#, 1), &stored);
        conflict(submission(name("a"), &[b"x"]), original(r#"{"name":"a"}"#, 0), &[]);
        conflict(submission(name("a"), &[]), original(r#"{"name":"a"}"#, 1), &[]);
        // Several images: one left out, or the same in another order.
        let two = hashes(&[b"1", b"2"]);
        conflict(submission(name("a"), &[b"1"]), original(r#"{"name":"a"}"#, 2), &two);
        conflict(submission(name("a"), &[b"2", b"1"]), original(r#"{"name":"a"}"#, 2), &two);
    }

    #[test]
    fn the_canonical_writing_sorts_keys_at_every_depth() {
        let digest = |v: Value| payload_digest(&v, &[]);
        assert_eq!(digest(json!({"a": {"d": 1, "c": 2}, "b": 3})), digest(json!({"b": 3, "a": {"c": 2, "d": 1}})));
        assert_ne!(digest(json!({"a": [1, 2]})), digest(json!({"a": [2, 1]})), "a list's order is data");
        assert_ne!(payload_digest(&json!({}), &["x"]), payload_digest(&json!({}), &[]));
        assert_ne!(payload_digest(&json!({}), &["ab", "c"]), payload_digest(&json!({}), &["a", "bc"]));
    }
}
