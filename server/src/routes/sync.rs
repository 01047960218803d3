//! `/sync`: where the worker delivers submissions.
//!
//! `GET /sync?name=…` is the request of the original Background Sync pattern (the server makes the
//! id); `POST /sync` takes `{id, name}` with the client's id, so a repeated delivery is harmless.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use outbox_protocol::{normalize_name, NewSubmission};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;
use crate::store::{Store, Stored};

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
    query: Result<Query<SyncQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let Some(raw) = query.name else {
        return Ok(Json(Pong { status: 0, stored: false }).into_response());
    };
    let name = normalize_name(&raw)?;
    let stored = store.insert(Uuid::new_v4(), &name).await?;
    Ok(answer(stored))
}

pub async fn post_sync(
    State(store): State<Store>,
    body: Result<Json<NewSubmission>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, AppError> {
    let Json(submission) = body?;
    let name = normalize_name(&submission.name)?;
    let stored = store.insert(submission.id, &name).await?;
    Ok(answer(stored))
}

/// 201 with the new record, or 200 with the original one when the id was already stored.
fn answer(stored: Stored) -> Response {
    let status = if stored.created { StatusCode::CREATED } else { StatusCode::OK };
    if stored.created {
        tracing::info!(id = %stored.record.id, "stored a submission");
    } else {
        tracing::info!(id = %stored.record.id, "repeated submission: already stored");
    }
    (status, Json(stored.record)).into_response()
}
