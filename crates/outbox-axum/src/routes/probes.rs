//! The probes a load balancer or Kubernetes asks, by their conventions: `/health` is liveness (the
//! process answers; it touches nothing, so a slow database never gets the process restarted) and
//! `/ready` is readiness (the database answers a trivial query within `READY_TIMEOUT`: else 503,
//! and traffic goes to another instance until it does). And `/metrics`, for the owner.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::owner::Owner;
use crate::error::AppError;
use crate::store::Store;

/// How long the readiness query may take: a probe's own timeout is usually a second or more.
pub const READY_TIMEOUT: Duration = Duration::from_millis(800);

pub async fn health() -> &'static str {
    "ok"
}

pub async fn ready(State(store): State<Store>) -> (StatusCode, String) {
    match store.ping(READY_TIMEOUT).await {
        Ok(()) => (StatusCode::OK, "ready".into()),
        Err(e) => {
            tracing::warn!("not ready: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e}"))
        }
    }
}

/// `GET /metrics` for the owner (its token or session): the Prometheus text format.
pub async fn metrics(_owner: Owner, State(store): State<Store>) -> Result<Response, AppError> {
    metrics_text(&store).await
}

/// The metrics as Prometheus scrapes them (also served unguarded on `OUTBOX_METRICS_ADDR`).
pub async fn metrics_text(store: &Store) -> Result<Response, AppError> {
    let handle = crate::telemetry::handle()
        .ok_or_else(|| AppError::NotFound("metrics are off on this server (OUTBOX_METRICS=off)".into()))?;
    let (size, idle, max) = store.pool_stats();
    crate::telemetry::record_pool(size, idle, max);
    crate::telemetry::record_forward_backlog(&store.forward_backlog().await?);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response())
}

/// `metrics_text` as a handler of its own router (the metrics address).
pub async fn metrics_text_of(State(store): State<Store>) -> Result<Response, AppError> {
    metrics_text(&store).await
}
