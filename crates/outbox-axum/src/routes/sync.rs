//! `/sync`: where the worker delivers submissions.
//!
//! `GET /sync?name=…` is the request of the original Background Sync pattern (the server makes the
//! id); `POST /sync` takes `{id, …fields}` with the client's id, so a repeated delivery is
//! harmless; `POST /sync` also takes a `multipart/form-data` form with an image; `POST /sync/batch`
//! takes many (without images) at once and answers each one. All of them submit to the default form
//! (`forms`), whose type reads and checks the fields.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use outbox_protocol::{BatchItemResult, BatchRequest, BatchResponse, MAX_BATCH};
use serde::Serialize;

use super::submission_answer::{answer, count_error, counted, respond};
use super::{sent_page, submission_body, Api};
use crate::error::AppError;
use crate::forms::DeclaredForm;
use crate::json_object::JsonObject;
use crate::store::{Store, Stored};
use crate::submission::{InvalidSubmission, ValidSubmission};

/// The answer to the data-less `GET /sync` (no `name`): the server is there; nothing is stored.
#[derive(Serialize)]
struct Pong {
    status: u8,
    stored: bool,
}

pub async fn get_sync(State(api): State<Api>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let Some(raw) = name_of_query(query.as_deref().unwrap_or_default())? else {
        return Ok(Json(Pong { status: 0, stored: false }).into_response());
    };
    let submission = counted(ValidSubmission::from_query_name(api.forms.default_form(), &raw))?;
    log_delivery(&submission);
    respond(counted(api.store.insert(&submission).await)?)
}

/// `POST /sync`: a submission of the default form.
pub async fn post_sync(State(api): State<Api>, request: Request) -> Result<Response, AppError> {
    post_to(&api, api.forms.default_form(), request).await
}

/// `POST /forms/{form}`: a submission of the form named.
pub async fn post_form(
    State(api): State<Api>,
    Path(name): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    post_to(&api, named_form(&api, &name)?, request).await
}

fn named_form<'a>(api: &'a Api, name: &str) -> Result<&'a DeclaredForm, AppError> {
    api.forms.get(name).ok_or_else(|| AppError::NotFound(format!("there is no form named {name:?}")))
}

/// JSON or a form with an image (`submission_body` reads either). A form the browser posted itself
/// (the page's form before hydration, or without script) is answered with a page instead.
async fn post_to(api: &Api, form: &DeclaredForm, request: Request) -> Result<Response, AppError> {
    let native = sent_page::is_native_form_post(request.headers());
    let body = submission_body::read(request, api, form).await;
    if native {
        return Ok(sent_page::answer_page(api, stored_natively(&api.store, body).await, form));
    }
    let submission = counted(body)?;
    log_delivery(&submission);
    respond(counted(api.store.insert(&submission).await)?)
}

/// A form the browser posted itself: its id is derived from what was posted (`sync_form`), so the
/// same post again is a repeat and an edited one another submission; either way answered with a page.
async fn stored_natively(store: &Store, body: Result<ValidSubmission, AppError>) -> Result<Stored, AppError> {
    let submission = counted(body)?;
    log_delivery(&submission);
    counted(store.insert(&submission).await)
}

/// Valid items are stored in one transaction; each item gets the status `POST /sync` would give it.
pub async fn post_batch(
    State(api): State<Api>,
    body: Result<Json<BatchRequest<JsonObject>>, JsonRejection>,
) -> Result<Json<BatchResponse>, AppError> {
    batch_to(&api, api.forms.default_form(), body).await
}

/// `POST /forms/{form}/batch`: a batch of the form named.
pub async fn post_form_batch(
    State(api): State<Api>,
    Path(name): Path<String>,
    body: Result<Json<BatchRequest<JsonObject>>, JsonRejection>,
) -> Result<Json<BatchResponse>, AppError> {
    batch_to(&api, named_form(&api, &name)?, body).await
}

async fn batch_to(
    api: &Api,
    form: &DeclaredForm,
    body: Result<Json<BatchRequest<JsonObject>>, JsonRejection>,
) -> Result<Json<BatchResponse>, AppError> {
    let Json(batch) = body?;
    let count = batch.submissions.len();
    if count == 0 || count > MAX_BATCH {
        return Err(AppError::Request {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!("a batch carries 1 to {MAX_BATCH} submissions, not {count}"),
        });
    }
    let mut results: Vec<Option<BatchItemResult>> = Vec::with_capacity(count);
    let mut valid = Vec::with_capacity(count);
    for JsonObject(submission) in batch.submissions {
        // An item refused before its id is read is answered under the nil id.
        let id = submission.get("id").and_then(|id| uuid::Uuid::parse_str(id.as_str()?).ok()).unwrap_or_default();
        match ValidSubmission::from_json(form, submission) {
            Ok(v) => {
                log_delivery(&v);
                valid.push(v);
                results.push(None);
            }
            Err(e) => results.push(Some(refused_item(id, e))),
        }
    }
    let mut stored = api.store.insert_batch(&valid).await?.into_iter().zip(valid.iter().map(|v| v.id));
    let results = results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| match stored.next().expect("one answer per valid submission") {
                (Ok(stored), id) => match answer(stored) {
                    Ok((status, record)) => {
                        BatchItemResult { id, status: status.as_u16(), record: Some(record), error: None, field: None }
                    }
                    Err(e) => item_error(id, e),
                },
                (Err(e), id) => refused_item(id, e),
            })
        })
        .collect();
    tracing::info!(count, stored = valid.len(), "batch taken");
    Ok(Json(BatchResponse { results }))
}

/// The `name` of the original pattern's query, decoded strictly: bytes that are not UTF-8 are
/// refused, not replaced (a lossy decoding would store a name nobody typed).
fn name_of_query(query: &str) -> Result<Option<String>, InvalidSubmission> {
    let Some(encoded) = query.split('&').find_map(|pair| pair.strip_prefix("name=")) else {
        return Ok(None);
    };
    let spaced = encoded.replace('+', " ");
    match percent_encoding::percent_decode_str(&spaced).decode_utf8() {
        Ok(name) => Ok(Some(name.into_owned())),
        Err(_) => Err(InvalidSubmission::NameNotUtf8),
    }
}

/// A batch item refused before it reached an outcome of the store, counted in the metrics.
fn refused_item(id: uuid::Uuid, error: impl Into<AppError>) -> BatchItemResult {
    let error = error.into();
    count_error(&error);
    item_error(id, error)
}

/// A batch item answered as `POST /sync` would answer it alone (and logged as it would be).
fn item_error(id: uuid::Uuid, error: AppError) -> BatchItemResult {
    error.log();
    let field = error.field();
    BatchItemResult { id, status: error.status().as_u16(), record: None, error: Some(error.to_string()), field }
}

/// One line per submission that reached the store, under the target `delivery` (off unless asked
/// for: `RUST_LOG=delivery=debug`). The end-to-end tests count these lines per id: how many
/// requests carried each submission, which counting records (deduplicated) cannot tell.
fn log_delivery(submission: &ValidSubmission) {
    tracing::debug!(target: "delivery", id = %submission.id, "delivery");
}
