//! A `multipart/form-data` `POST /sync`, read into a submission of a form: the parts `id`,
//! `pressed_at` and `attempt` (as in the JSON body), every other text part a field of the form (as
//! text, read as JSON where the form wants a number or a list: `DeclaredForm::check`), and
//! the files `image` (up to `MAX_IMAGES`, in order), checked on a blocking thread.

use axum::extract::Multipart;
use outbox_protocol::form_fields;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppError;
use crate::forms::DeclaredForm;
use crate::submission::{parse_id, InvalidSubmission, ValidSubmission};
use crate::uploaded_image::{self, ImageRules};

/// `native`: the browser posted the form itself (see `sent_page`); its `id` may be empty (the page
/// the worker caches carries none), and the submission then gets one here.
pub async fn read(
    mut multipart: Multipart,
    form: &DeclaredForm,
    rules: ImageRules,
    native: bool,
) -> Result<ValidSubmission, AppError> {
    let (mut id, mut pressed_at, mut attempt) = (None, None, None);
    let mut images = Vec::new();
    let mut fields = Map::new();
    while let Some(part) = multipart.next_field().await? {
        let name = part.name().unwrap_or_default().to_string();
        if name == form_fields::IMAGE {
            let file_name = part.file_name().unwrap_or("image").to_string();
            let bytes = part.bytes().await?;
            // A form whose file input was left empty sends an empty part: no image.
            if !bytes.is_empty() {
                if images.len() == outbox_protocol::MAX_IMAGES {
                    return Err(InvalidSubmission::TooManyImages.into());
                }
                images.push((file_name, bytes.to_vec()));
            }
            continue;
        }
        if part.file_name().is_some() {
            return Err(InvalidSubmission::UnknownFile(name).into());
        }
        let slot = match name.as_str() {
            form_fields::ID => &mut id,
            form_fields::PRESSED_AT => &mut pressed_at,
            form_fields::ATTEMPT => &mut attempt,
            _ => {
                let text = part.text().await?;
                // A field given twice is refused, not silently overwritten by the second.
                if fields.insert(name.clone(), Value::String(text)).is_some() {
                    return Err(InvalidSubmission::DuplicateField(name).into());
                }
                continue;
            }
        };
        if slot.is_some() {
            return Err(InvalidSubmission::DuplicateField(name).into());
        }
        *slot = Some(part.text().await?);
    }
    let id = match id.ok_or(InvalidSubmission::MissingField("id"))? {
        text if native && text.trim().is_empty() => Uuid::new_v4(),
        text => parse_id(text)?,
    };
    let attempt = match attempt {
        None => None,
        Some(text) => Some(text.trim().parse().map_err(|_| InvalidSubmission::AttemptNotANumber(format!("{text:?}")))?),
    };
    let mut submission = ValidSubmission::new(form, id, fields, pressed_at, attempt)?;
    if !images.is_empty() {
        let checked = tokio::task::spawn_blocking(move || {
            images
                .into_iter()
                .map(|(file_name, bytes)| uploaded_image::check(bytes, file_name, &rules))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| AppError::Internal(format!("the image check stopped: {e}")))?;
        submission.images = checked?;
    }
    Ok(submission)
}
