//! `GET /api/submissions`: every stored record, newest first, for the owner only (`Owner`).
//! `?limit=N` keeps the newest N; `?before=<id>` starts after that record (a cursor: the next
//! page is named by a `Link: <…>; rel="next"` header when the page is full); `?form=NAME` lists one
//! form's records only.

use axum::extract::{Query, State};
use axum::http::header;
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
