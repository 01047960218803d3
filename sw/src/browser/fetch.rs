//! Sending to the server with `fetch`: `POST` to the form's `action` (`/sync`) for one submission
//! (a `multipart/form-data` form when it carries images), to its `batch_action` (`/sync/batch`)
//! for several, and reading what each answer means (the server's own words, `Retry-After`).

use outbox_protocol::json::browser::Js;
use outbox_protocol::json::{uuid_text, FromJson, JsonValue, ToJson};
use outbox_protocol::{
    form_fields, server_answered, ApiError, BatchItemResult, BatchRequest, BatchResponse, Delivery, FormRoute,
    ImageMeta, RawJson,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, BlobPropertyBag, FormData, Request, RequestInit, Response};

use super::scope::{describe, global};
use crate::outbox::drain::Transport;
use crate::outbox::policy::{outcome_of_status, refused_for, Outcome, IMAGE_REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS};

/// Sends each submission to its form's addresses.
pub struct FetchTransport {
    forms: Vec<FormRoute>,
}

impl FetchTransport {
    pub fn new(forms: Vec<FormRoute>) -> Self {
        Self { forms }
    }

    pub fn forms(&self) -> &[FormRoute] {
        &self.forms
    }

    /// The form's route; an entry of a form this app no longer has is refused (kept, shown failed).
    fn route(&self, form: Option<&str>) -> Result<&FormRoute, Outcome> {
        FormRoute::find(&self.forms, form).ok_or_else(|| Outcome::Refused {
            reason: format!("this app no longer has the form `{}`", form.unwrap_or_default()),
            field: None,
        })
    }
}

struct HttpAnswer {
    status: u16,
    body: String,
    retry_after_ms: Option<u64>,
}

impl Transport for FetchTransport {
    async fn send_one(&self, form: Option<&str>, submission: &Delivery) -> Result<RawJson, Outcome> {
        let answer = post_json(&self.route(form)?.action, &submission.to_json_text()).await?;
        record_of(answer)
    }

    async fn send_with_images(
        &self,
        form: Option<&str>,
        submission: &Delivery,
        images: &[ImageMeta],
        bytes: Vec<Vec<u8>>,
    ) -> Result<RawJson, Outcome> {
        let action = &self.route(form)?.action;
        let body = image_form(submission, images, bytes).map_err(|e| Outcome::Refused {
            reason: format!("the form cannot be built: {}", describe(&e)),
            field: None,
        })?;
        record_of(post(action, &body.into(), None, IMAGE_REQUEST_TIMEOUT_MS).await?)
    }

    async fn send_batch(
        &self,
        form: Option<&str>,
        submissions: &[Delivery],
    ) -> Result<Vec<BatchItemResult<RawJson>>, Outcome> {
        let route = self.route(form)?;
        let body = BatchRequest { submissions: submissions.to_vec() }.to_json_text();
        let answer = post_json(&route.batch_action, &body).await?;
        match outcome_of(&answer) {
            Outcome::Delivered => read::<BatchResponse<RawJson>>(&answer).map(|r| r.results),
            // The batch itself was refused (an older server, a body too large, or one of them): send
            // them one by one, each answer read as the batch's answer would have said it.
            Outcome::Refused { .. } => {
                let mut results = Vec::with_capacity(submissions.len());
                for s in submissions {
                    let answer = post_json(&route.action, &s.to_json_text()).await?;
                    let (status, id) = (answer.status, s.id);
                    results.push(match outcome_of(&answer) {
                        Outcome::Delivered => {
                            BatchItemResult { id, status, record: Some(read(&answer)?), error: None, field: None }
                        }
                        Outcome::Refused { .. } => {
                            let refusal = outbox_protocol::json::browser::parse::<ApiError>(&answer.body).ok();
                            let (error, field) = refusal.map_or((None, None), |e| (Some(e.error), e.field));
                            BatchItemResult { id, status, record: None, error, field }
                        }
                        retry => return Err(retry),
                    });
                }
                Ok(results)
            }
            retry => Err(retry),
        }
    }
}

fn record_of(answer: HttpAnswer) -> Result<RawJson, Outcome> {
    match outcome_of(&answer) {
        Outcome::Delivered => read(&answer),
        other => Err(other),
    }
}

/// The fields of `POST /sync` as a form, each image as an `image` file part with its type and name,
/// in order.
fn image_form(submission: &Delivery, images: &[ImageMeta], bytes: Vec<Vec<u8>>) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    form.append_with_str(form_fields::ID, &uuid_text(&submission.id))?;
    // The form's fields as parts of their own (text as it is, anything else as JSON text).
    let fields = Js(js_sys::JSON::parse(submission.fields.as_str())?);
    for key in fields.keys() {
        if let Some(value) = fields.get_field(&key) {
            form.append_with_str(&key, &value.as_text().unwrap_or_else(|| value.to_text()))?;
        }
    }
    if let Some(pressed_at) = &submission.pressed_at {
        form.append_with_str(form_fields::PRESSED_AT, pressed_at)?;
    }
    if let Some(attempt) = submission.attempt {
        form.append_with_str(form_fields::ATTEMPT, &attempt.to_string())?;
    }
    for (image, bytes) in images.iter().zip(bytes) {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
        let options = BlobPropertyBag::new();
        options.set_type(&image.mime);
        let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
        form.append_with_blob_and_filename(form_fields::IMAGE, &blob, &image.file_name)?;
    }
    Ok(form)
}

/// A 2xx answer's body. Stored but unreadable: keep the entry and resend; the id makes that safe.
fn read<T: FromJson>(answer: &HttpAnswer) -> Result<T, Outcome> {
    outbox_protocol::json::browser::parse(&answer.body).map_err(|e| Outcome::RetryLater {
        reason: format!("server answered {} with an unreadable body: {e}", answer.status),
        retry_after_ms: None,
    })
}

fn outcome_of(answer: &HttpAnswer) -> Outcome {
    let (reason, field) = match outbox_protocol::json::browser::parse::<ApiError>(&answer.body) {
        Ok(ApiError { error, field }) => (server_answered(answer.status, Some(&error)), field),
        Err(_) => (server_answered(answer.status, None), None),
    };
    refused_for(outcome_of_status(answer.status, reason, answer.retry_after_ms), field)
}

async fn post_json(url: &str, body: &str) -> Result<HttpAnswer, Outcome> {
    post(url, &JsValue::from_str(body), Some("application/json"), REQUEST_TIMEOUT_MS).await
}

/// The network's answer to `request`, as if there were no worker (every request the worker makes,
/// and those it passes on).
pub async fn fetch_request(request: &Request) -> Result<Response, JsValue> {
    Ok(JsFuture::from(global().fetch_with_request(request)).await?.unchecked_into())
}

/// A POST; without `content_type` the browser sets it from the body (a form's boundary). Given up
/// after `timeout_ms` (a network error: retried later), so a stalled request never outlives the
/// entry's lease.
async fn post(url: &str, body: &JsValue, content_type: Option<&str>, timeout_ms: u64) -> Result<HttpAnswer, Outcome> {
    let network =
        |e: JsValue| Outcome::RetryLater { reason: format!("network error: {}", describe(&e)), retry_after_ms: None };
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(timeout_ms as u32)));
    let request = Request::new_with_str_and_init(url, &init).map_err(network)?;
    if let Some(content_type) = content_type {
        request.headers().set("Content-Type", content_type).map_err(network)?;
    }
    let response = fetch_request(&request).await.map_err(network)?;
    let retry_after_ms = response.headers().get("Retry-After").ok().flatten().and_then(|v| parse_retry_after(&v));
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(HttpAnswer { status: response.status(), body, retry_after_ms })
}

/// `Retry-After`: delay-seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<u64> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(seconds.saturating_mul(1_000));
    }
    let at = js_sys::Date::parse(value);
    (!at.is_nan()).then(|| (at - js_sys::Date::now()).max(0.0) as u64)
}

/// The data-less sync of the original pattern: a plain `GET` of the form's address (`/sync`),
/// answering the status.
pub async fn ping(form: &FormRoute) -> Result<u16, String> {
    let request = Request::new_with_str(&form.action).map_err(|e| describe(&e))?;
    let response = fetch_request(&request).await.map_err(|e| describe(&e))?;
    Ok(response.status())
}
