//! What a repeated id means, as the IETF `Idempotency-Key` draft (httpapi working group) and
//! Stripe define it: the same key with the same payload is the same request, answered with the
//! original result; the same key with a different payload is a client error, and nothing is
//! stored. The payload is what the person submitted: the name, and the image's SHA-256 where there
//! is one (the press time and the attempt count describe the delivery, not the data).

use outbox_protocol::SubmissionRecord;

use super::Outcome;
use crate::submission::ValidSubmission;

/// A repeated delivery or a conflict: `original` is what is stored under the submission's id,
/// `stored_sha256` its image's hash (when both have an image).
pub fn repeat_outcome(
    submission: &ValidSubmission,
    original: &SubmissionRecord,
    stored_sha256: Option<&str>,
) -> Outcome {
    let same_image = match (&submission.image, &original.image_url) {
        (None, None) => true,
        (Some(image), Some(_)) => stored_sha256 == Some(image.sha256.as_str()),
        _ => false,
    };
    if submission.name == original.name && same_image {
        Outcome::Repeated
    } else {
        Outcome::IdConflict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uploaded_image::{sha256_hex, CheckedImage};
    use uuid::Uuid;

    fn submission(name: &str, image: Option<&[u8]>) -> ValidSubmission {
        ValidSubmission {
            id: Uuid::nil(),
            name: name.into(),
            pressed_at: None,
            attempt: 2,
            image: image.map(|bytes| CheckedImage {
                content_type: "image/png",
                file_name: "a.png".into(),
                original: bytes.to_vec(),
                thumbnail: vec![],
                sha256: sha256_hex(bytes),
            }),
        }
    }

    fn original(name: &str, image: bool) -> SubmissionRecord {
        let (image_url, thumbnail_url) = SubmissionRecord::image_urls(Uuid::nil());
        SubmissionRecord {
            id: Uuid::nil(),
            name: name.into(),
            received_at: "t".into(),
            pressed_at: Some("earlier".into()),
            attempts: 1,
            image_url: image.then_some(image_url),
            thumbnail_url: image.then_some(thumbnail_url),
        }
    }

    #[test]
    fn the_same_name_and_image_is_a_repeat_whatever_the_attempt_and_press_time() {
        assert_eq!(repeat_outcome(&submission("a", None), &original("a", false), None), Outcome::Repeated);
        let stored = sha256_hex(b"png bytes");
        let same = submission("a", Some(b"png bytes"));
        assert_eq!(repeat_outcome(&same, &original("a", true), Some(&stored)), Outcome::Repeated);
    }

    #[test]
    fn another_name_or_image_or_an_image_added_or_left_out_is_a_conflict() {
        assert_eq!(repeat_outcome(&submission("b", None), &original("a", false), None), Outcome::IdConflict);
        let stored = sha256_hex(b"png bytes");
        let other = submission("a", Some(b"other bytes"));
        assert_eq!(repeat_outcome(&other, &original("a", true), Some(&stored)), Outcome::IdConflict);
        assert_eq!(repeat_outcome(&submission("a", Some(b"x")), &original("a", false), None), Outcome::IdConflict);
        assert_eq!(repeat_outcome(&submission("a", None), &original("a", true), None), Outcome::IdConflict);
    }
}
