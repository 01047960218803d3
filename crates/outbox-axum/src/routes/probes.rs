//! The probes a load balancer or Kubernetes asks, by their conventions: `/health` is liveness (the
//! process answers; it touches nothing, so a slow database never gets the process restarted) and
//! `/ready` is readiness (the database answers a trivial query within `READY_TIMEOUT`: else 503,
//! and traffic goes to another instance until it does).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;

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
