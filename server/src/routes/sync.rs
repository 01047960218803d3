//! `/sync`: where the worker delivers submissions.
//!
//! `GET /sync?name=…` is the request of the original Background Sync pattern (the server makes the
//! id); `POST /sync` takes `{id, name}` with the client's id, so a repeated delivery is harmless;
//! `POST /sync` also takes a `multipart/form-data` form with an image; `POST /sync/batch` takes many
//! (without images) at once and answers each one.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use outbox_protocol::{BatchItemResult, BatchRequest, BatchResponse, NewSubmission, MAX_BATCH};
use serde::{Deserialize, Serialize};

use super::{sync_form, Api, SYNC_BODY_LIMIT};
use crate::error::AppError;
use crate::store::{Store, Stored};
use crate::submission::ValidSubmission;

#[derive(Deserialize)]
pub struct SyncQuery {
    name: Option<String>,
}

/// The answer to the data-less `GET /sync` (no `name`): the server is there; nothing is stored.
#[derive(Serialize)]
struct Pong {
    status: u8,
    stored: bool,
}

pub async fn get_sync(
    State(store): State<Store>,
    query: Result<Query<SyncQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let Some(raw) = query.name else {
        return Ok(Json(Pong { status: 0, stored: false }).into_response());
    };
    let stored = store.insert(&ValidSubmission::from_query_name(&raw)?).await?;
    Ok(answer(stored))
}

/// JSON `{id, name, …}` (at most [`SYNC_BODY_LIMIT`] bytes), or `multipart/form-data` with the
/// same fields and an optional `image`.
pub async fn post_sync(State(api): State<Api>, request: Request) -> Result<Response, AppError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_form = content_type.starts_with("multipart/form-data");
    // A body announced too large is refused before a byte of it is read (a client that sent
    // `Expect: 100-continue` then never sends it).
    let limit = if is_form { api.form_limit() } else { SYNC_BODY_LIMIT };
    let announced = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if let Some(length) = announced.filter(|&length| length > limit as u64) {
        return Err(AppError::BadRequest {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!(
                "the request is {length} bytes; the server takes at most {limit} (an image up to {})",
                outbox_protocol::human_size(api.images.max_bytes)
            ),
        });
    }
    let submission = if is_form {
        sync_form::read(Multipart::from_request(request, &()).await?, api.images).await?
    } else if content_type.starts_with("application/json") {
        let body = axum::body::to_bytes(request.into_body(), SYNC_BODY_LIMIT).await.map_err(|_| AppError::BadRequest {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("a JSON submission is at most {SYNC_BODY_LIMIT} bytes"),
        })?;
        let Json(submission) = Json::<NewSubmission>::from_bytes(&body)?;
        ValidSubmission::try_from(submission)?
    } else {
        return Err(AppError::BadRequest {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "send the submission as JSON (Content-Type: application/json) or as multipart/form-data".into(),
        });
    };
    let stored = api.store.insert(&submission).await?;
    Ok(answer(stored))
}

/// Valid items are stored in one transaction; each item gets the status `POST /sync` would give it.
pub async fn post_batch(
    State(store): State<Store>,
    body: Result<Json<BatchRequest>, JsonRejection>,
) -> Result<Json<BatchResponse>, AppError> {
    let Json(batch) = body?;
    let count = batch.submissions.len();
    if count == 0 || count > MAX_BATCH {
        return Err(AppError::invalid(format!("a batch carries 1 to {MAX_BATCH} submissions, not {count}")));
    }
    let mut results: Vec<Option<BatchItemResult>> = Vec::with_capacity(count);
    let mut valid = Vec::with_capacity(count);
    for submission in batch.submissions {
        let id = submission.id;
        match ValidSubmission::try_from(submission) {
            Ok(v) => {
                valid.push(v);
                results.push(None);
            }
            Err(e) => results.push(Some(BatchItemResult {
                id,
                status: e.status().as_u16(),
                record: None,
                error: Some(e.to_string()),
            })),
        }
    }
    let mut stored = store.insert_batch(&valid).await?.into_iter();
    let results = results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                let s = stored.next().expect("one stored record per valid submission");
                BatchItemResult { id: s.record.id, status: status_of(&s).as_u16(), record: Some(s.record), error: None }
            })
        })
        .collect();
    tracing::info!(count, stored = valid.len(), "batch taken");
    Ok(Json(BatchResponse { results }))
}

fn status_of(stored: &Stored) -> StatusCode {
    if stored.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// 201 with the new record, or 200 with the original one when the id was already stored.
fn answer(stored: Stored) -> Response {
    // One line per submission is debug: at tens of thousands a second the database is the record,
    // not the log (refusals and failures are still logged at info and error).
    if stored.created {
        tracing::debug!(id = %stored.record.id, "stored a submission");
    } else {
        tracing::debug!(id = %stored.record.id, "repeated submission: already stored");
    }
    (status_of(&stored), Json(stored.record)).into_response()
}
