//! A `multipart/form-data` `POST /sync`, read into a submission: the fields `id`, `name`,
//! `pressed_at`, `attempt` (as in the JSON form) and `image` (a file), the image checked on a
//! blocking thread.

use axum::extract::Multipart;
use outbox_protocol::{form_fields, NewSubmission};
use uuid::Uuid;

use crate::error::AppError;
use crate::submission::{InvalidSubmission, ValidSubmission};
use crate::uploaded_image::{self, ImageRules};

/// `native`: the browser posted the form itself (see `sent_page`); its `id` may be empty (the page
/// the worker caches carries none), and the submission then gets one here.
pub async fn read(mut form: Multipart, rules: ImageRules, native: bool) -> Result<ValidSubmission, AppError> {
    let (mut id, mut name, mut pressed_at, mut attempt, mut image) = (None, None, None, None, None);
    while let Some(field) = form.next_field().await? {
        let field_name = field.name().unwrap_or_default().to_string();
        // A field given twice is refused, not silently overwritten by the second.
        let slot = match field_name.as_str() {
            form_fields::ID => Some(&mut id),
            form_fields::NAME => Some(&mut name),
            form_fields::PRESSED_AT => Some(&mut pressed_at),
            form_fields::ATTEMPT => Some(&mut attempt),
            _ => None,
        };
        if let Some(slot) = slot {
            if slot.is_some() {
                return Err(InvalidSubmission::DuplicateField(field_name).into());
            }
            *slot = Some(field.text().await?);
            continue;
        }
        match field_name.as_str() {
            form_fields::IMAGE => {
                if image.is_some() {
                    return Err(InvalidSubmission::DuplicateField(field_name).into());
                }
                let file_name = field.file_name().unwrap_or("image").to_string();
                let bytes = field.bytes().await?;
                // A form whose file input was left empty sends an empty part: no image.
                if !bytes.is_empty() {
                    image = Some((file_name, bytes.to_vec()));
                }
            }
            other => return Err(InvalidSubmission::UnknownField(other.to_string()).into()),
        }
    }
    let id = match id.ok_or(InvalidSubmission::MissingField("id"))? {
        text if native && text.trim().is_empty() => Uuid::new_v4(),
        text => Uuid::parse_str(text.trim()).map_err(|e| InvalidSubmission::Id { reason: e.to_string(), text })?,
    };
    let attempt = match attempt {
        None => None,
        Some(text) => Some(text.trim().parse().map_err(|_| InvalidSubmission::AttemptNotANumber(text.clone()))?),
    };
    let name = name.ok_or(InvalidSubmission::MissingField("name"))?;
    let mut submission = ValidSubmission::try_from(NewSubmission { id, name, pressed_at, attempt })?;
    if let Some((file_name, bytes)) = image {
        let checked = tokio::task::spawn_blocking(move || uploaded_image::check(bytes, file_name, &rules))
            .await
            .map_err(|e| AppError::Internal(format!("the image check stopped: {e}")))??;
        submission.image = Some(checked);
    }
    Ok(submission)
}
