//! The HTTP API by resource: `/sync` (intake), `/api/submissions` (the stored list) and `/health`
//! (the process answers; it touches no database, so a load balancer's probe costs nothing).

mod submissions;
mod sync;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use outbox_protocol::MAX_BATCH;

use crate::store::Store;

/// A submission is a uuid, at most 200 characters and a time: 16 KiB is far more than any valid body.
pub const SYNC_BODY_LIMIT: usize = 16 * 1024;
/// A batch carries at most `MAX_BATCH` submissions.
pub const BATCH_BODY_LIMIT: usize = MAX_BATCH * SYNC_BODY_LIMIT;

pub fn router() -> Router<Store> {
    Router::new()
        .route("/sync", get(sync::get_sync).post(sync::post_sync).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)))
        .route("/sync/batch", post(sync::post_batch).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)))
        .route("/api/submissions", get(submissions::list))
        .route("/health", get(|| async { "ok" }))
}
