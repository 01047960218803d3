//! `GET /api/submissions`: every stored record, newest first, for the owner only (`Owner`).
//! `?limit=N` keeps the newest N; `?before=<id>` starts after that record (a cursor: the next
//! page is named by a `Link: <…>; rel="next"` header when the page is full).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use super::owner::Owner;
use crate::error::AppError;
use crate::store::Store;

#[derive(Deserialize)]
pub struct ListParams {
    limit: Option<usize>,
    before: Option<Uuid>,
}

pub async fn list(
    _owner: Owner,
    State(store): State<Store>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(ListParams { limit, before }) = params?;
    let records = store.list(limit, before).await?;
    let next = match (limit, records.last()) {
        (Some(limit), Some(last)) if records.len() == limit => {
            Some(format!("</api/submissions?limit={limit}&before={}>; rel=\"next\"", last.id))
        }
        _ => None,
    };
    let mut response = Json(records).into_response();
    if let Some(link) = next.and_then(|l| l.parse().ok()) {
        response.headers_mut().insert(header::LINK, link);
    }
    Ok(response)
}
