//! `GET /api/submissions`: every stored record, newest first, for the owner only (`Owner`).
//! `?limit=N` keeps the newest N; `?before=<id>` starts after that record (a cursor: the next
//! page is named by a `Link: <…>; rel="next"` header when the page is full); `?form=NAME` lists one
//! form's records only. `DELETE /api/submissions/{id}`: the owner deletes one, with its images.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use super::owner::Owner;
use crate::error::AppError;
use crate::store::Store;

/// What a query value escapes: everything but letters, digits and `-._~`.
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

#[derive(Deserialize)]
pub struct ListParams {
    limit: Option<usize>,
    before: Option<Uuid>,
    form: Option<String>,
}

pub async fn list(
    _owner: Owner,
    State(store): State<Store>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(ListParams { limit, before, form }) = params?;
    let records = store.list(form.as_deref(), limit, before).await?;
    let next = match (limit, records.last()) {
        (Some(limit), Some(last)) if records.len() == limit => {
            let form = form.map(|f| format!("&form={}", percent_encoding::utf8_percent_encode(&f, QUERY_VALUE)));
            Some(format!(
                "</api/submissions?limit={limit}&before={}{}>; rel=\"next\"",
                last.id,
                form.unwrap_or_default()
            ))
        }
        _ => None,
    };
    let mut response = Json(records).into_response();
    if let Some(link) = next.and_then(|l| l.parse().ok()) {
        response.headers_mut().insert(header::LINK, link);
    }
    Ok(response)
}

/// 204 once the submission and its images are deleted (its id is kept as deleted: sent again, it
/// gets 410); 404 when there is no such submission.
pub async fn delete(_owner: Owner, State(store): State<Store>, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    let not_found = || AppError::NotFound(format!("there is no submission {id:?}"));
    let uuid = Uuid::parse_str(&id).map_err(|_| not_found())?;
    match store.delete(&[uuid]).await? {
        0 => Err(not_found()),
        _ => {
            tracing::info!(id = %uuid, "the owner deleted a submission");
            Ok(StatusCode::NO_CONTENT)
        }
    }
}
