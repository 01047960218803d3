//! `GET /api/submissions`: every stored record, newest first (a public contract).

use axum::extract::State;
use axum::Json;
use outbox_protocol::SubmissionRecord;

use crate::error::AppError;
use crate::store::Store;

pub async fn list(State(store): State<Store>) -> Result<Json<Vec<SubmissionRecord>>, AppError> {
    Ok(Json(store.list(None).await?))
}
