//! A `multipart/form-data` `POST /sync`, read into a submission of a form: the parts `id`,
//! `pressed_at` and `attempt` (as in the JSON body), every other text part a field of the form (as
//! text, read as JSON where the form wants a number or a list: `DeclaredForm::check`), and
//! the files `image` (up to `MAX_IMAGES`, in order), checked on a blocking thread within the
//! decoding memory budget.

use axum::extract::Multipart;
use outbox_protocol::{form_fields, NativePost};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::AppError;
use crate::forms::DeclaredForm;
use crate::submission::{parse_id, InvalidSubmission, ValidSubmission};
use crate::uploaded_image::{self, ImageRules};

/// `native`: the browser posted the form itself (see `sent_page`): its `id` is the page's (empty on
/// the page the worker caches), and the submission's id is derived from the page's id and what was
/// posted (`NativePost`), as the worker derives it: the same post sent again is a repeat, an edited
/// one another submission.
pub async fn read(
    mut multipart: Multipart,
    form: &DeclaredForm,
    rules: ImageRules,
    native: bool,
) -> Result<ValidSubmission, AppError> {
    let (mut id, mut pressed_at, mut attempt) = (None, None, None);
    let mut images = Vec::new();
    let mut fields = Map::new();
    // The texts in the order posted, for a native post's identity.
    let mut texts = Vec::new();
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
                texts.push((name.clone(), text.clone()));
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
        let text = part.text().await?;
        if name != form_fields::ID {
            texts.push((name.clone(), text.clone()));
        }
        *slot = Some(text);
    }
    let page_id = id.ok_or(InvalidSubmission::MissingField("id"))?;
    let id = match page_id.trim() {
        // The page the worker caches carries no id: the derived one follows below.
        "" if native => Uuid::nil(),
        _ => parse_id(page_id.clone())?,
    };
    let attempt = match attempt {
        None => None,
        Some(text) => Some(text.trim().parse().map_err(|_| InvalidSubmission::AttemptNotANumber(format!("{text:?}")))?),
    };
    let mut submission = ValidSubmission::new(form, id, fields, pressed_at, attempt)?;
    if !images.is_empty() {
        let checked = uploaded_image::check_within_budget(images, rules)
            .await
            .map_err(|e| AppError::Internal(format!("the image check stopped: {e}")))?;
        submission.images = checked?;
    }
    if native {
        let mut post = NativePost::new(&page_id);
        for (name, text) in &texts {
            post.text(name, text);
        }
        for image in &submission.images {
            post.image(image.sha256_bytes());
        }
        submission.id = NativePost::id_from_digest(&Sha256::digest(post.digest_input()));
    }
    Ok(submission)
}
