//! `GET /api/submissions`: the stored records, newest first (a public contract); `?limit=N` keeps
//! the newest N (the page lists 50).

use axum::extract::{Query, State};
use axum::Json;
use outbox_protocol::SubmissionRecord;
use serde::Deserialize;

use crate::error::AppError;
use crate::store::Store;

#[derive(Deserialize)]
pub struct ListParams {
    limit: Option<usize>,
}

pub async fn list(
    State(store): State<Store>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<SubmissionRecord>>, AppError> {
    let Query(ListParams { limit }) = params?;
    Ok(Json(store.list(limit).await?))
}
