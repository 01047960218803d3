//! The body of `POST /sync` (and of `POST /forms/{form}`), read as in axum's
//! `parse-body-based-on-content-type` example: JSON `{id, …fields}` (at most `SYNC_BODY_LIMIT` bytes) or a `multipart/form-data`
//! form with the same fields and up to `MAX_IMAGES` images, told apart by `Content-Type`; either read into
//! the default form. A body announced
//! too large is refused before a byte of it is read (a client that sent `Expect: 100-continue`
//! then never sends it).

use super::{sent_page, sync_form, Api, SYNC_BODY_LIMIT};
use crate::error::AppError;
use crate::forms::DeclaredForm;
use crate::json_object::JsonObject;
use crate::submission::ValidSubmission;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use axum::Json;

/// A checked submission of `form`, from either kind of body.
pub async fn read(request: Request, api: &Api, form: &DeclaredForm) -> Result<ValidSubmission, AppError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_form = content_type.starts_with("multipart/form-data");
    let limit = if is_form { api.form_limit() } else { SYNC_BODY_LIMIT };
    let announced = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if let Some(length) = announced.filter(|&length| length > limit as u64) {
        return Err(AppError::Request {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!(
                "the request is {length} bytes; the server takes at most {limit} (up to {} images of {} each)",
                outbox_protocol::MAX_IMAGES,
                outbox_protocol::human_size(api.images.max_bytes)
            ),
        });
    }
    if is_form {
        let native = sent_page::is_native_form_post(request.headers());
        let multipart = Multipart::from_request(request, api).await?;
        return sync_form::read(multipart, form, api.images, native).await;
    }
    if !content_type.starts_with("application/json") {
        return Err(AppError::Request {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "send the submission as JSON (Content-Type: application/json) or as multipart/form-data".into(),
        });
    }
    let body = axum::body::to_bytes(request.into_body(), SYNC_BODY_LIMIT).await.map_err(|e| {
        if is_over_the_limit(&e) {
            AppError::Request {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: format!("a JSON submission is at most {SYNC_BODY_LIMIT} bytes"),
            }
        } else {
            AppError::Request { status: StatusCode::REQUEST_TIMEOUT, message: crate::error::BODY_STOPPED.into() }
        }
    })?;
    let Json(JsonObject(submission)) = Json::<JsonObject>::from_bytes(&body)?;
    Ok(ValidSubmission::from_json(form, submission)?)
}

/// Was reading the body stopped by the size limit (and not by a timeout or a broken connection)?
fn is_over_the_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}
