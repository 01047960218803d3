//! The HTTP API by resource: `/sync` (intake) and `/api/submissions` (the stored list).

mod submissions;
mod sync;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::store::Store;

/// A submission is a uuid and at most 200 characters: 16 KiB is far more than any valid body.
pub const SYNC_BODY_LIMIT: usize = 16 * 1024;

pub fn router() -> Router<Store> {
    Router::new()
        .route("/sync", get(sync::get_sync).post(sync::post_sync))
        .route("/api/submissions", get(submissions::list))
        .layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT))
}
