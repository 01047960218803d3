//! The server's metrics, in the Prometheus text format at `GET /metrics` (the owner's token, or
//! unguarded on the separate address `OUTBOX_METRICS_ADDR`), recorded with the `metrics` crate
//! into `metrics-exporter-prometheus`'s recorder. Names follow Prometheus' conventions (`_total`
//! counters, `_seconds` histograms, base units). `OUTBOX_METRICS=off` installs no recorder: every
//! recording is then a no-op and `/metrics` answers 404.
//!
//! - `outbox_submissions_total{outcome}`: stored, repeated, conflict, deleted, refused,
//!   unavailable, failed: what each submission that reached the intake came to.
//! - `outbox_http_request_duration_seconds{method,route,status}`: each API request, by its route.
//! - `outbox_group_size`, `outbox_group_commit_seconds`: the group writer's groups.
//! - `outbox_db_pool_connections{state}` (in_use, idle), `outbox_db_pool_max_connections`: read at
//!   each scrape; `outbox_db_pool_waiting`: the writes waiting for a connection now (every write
//!   path takes its connection through `waiting_for_pool`; sqlx counts no waiters itself).
//! - `outbox_open_connections`: HTTP connections open now; `outbox_rate_limited_total`.
//! - `outbox_forward_backlog{state}` (pending, failed): forwards not yet delivered, at each scrape.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// How often the recorder's histograms are drained into their buckets.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's recorder once (unless `enabled` is false the first time); answers its
/// handle, or none when metrics are off.
pub fn install(enabled: bool) -> Option<&'static PrometheusHandle> {
    HANDLE.get_or_init(|| enabled.then(recorder).flatten()).as_ref()
}

fn recorder() -> Option<PrometheusHandle> {
    let seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let sizes = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];
    let built = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &seconds)
        .and_then(|b| b.set_buckets_for_metric(Matcher::Full("outbox_group_size".into()), &sizes))
        .and_then(PrometheusBuilder::install_recorder);
    match built {
        Ok(handle) => Some(handle),
        Err(e) => {
            tracing::warn!("metrics are off: the recorder cannot be installed ({e})");
            None
        }
    }
}

/// The handle, when metrics are on.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE.get().and_then(Option::as_ref)
}

/// Drains the histograms every few seconds while the server runs (their samples would otherwise
/// pile up between scrapes).
pub fn spawn_upkeep(handle: &'static PrometheusHandle) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(UPKEEP_EVERY);
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    });
}

/// A submission that reached an outcome (`store::Outcome::label`) or was refused on its way
/// (`AppError::outcome_label`).
pub fn count_submission(outcome: &'static str) {
    metrics::counter!("outbox_submissions_total", "outcome" => outcome).increment(1);
}

/// A request refused by the rate limit.
pub fn count_rate_limited() {
    metrics::counter!("outbox_rate_limited_total").increment(1);
}

/// A group of the group writer, stored in `took`.
pub fn record_group(size: usize, took: Duration) {
    metrics::histogram!("outbox_group_size").record(size as f64);
    metrics::histogram!("outbox_group_commit_seconds").record(took.as_secs_f64());
}

/// An HTTP connection opened (`+1`) or closed (`-1`).
pub fn open_connections(change: f64) {
    metrics::gauge!("outbox_open_connections").increment(change);
}

/// The pool's connections, read at each scrape.
pub fn record_pool(size: u32, idle: usize, max: u32) {
    let idle = idle as f64;
    metrics::gauge!("outbox_db_pool_connections", "state" => "in_use").set((f64::from(size) - idle).max(0.0));
    metrics::gauge!("outbox_db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("outbox_db_pool_max_connections").set(f64::from(max));
}

/// Takes a connection (or a transaction) from the pool, counted in `outbox_db_pool_waiting` while
/// it waits.
pub async fn waiting_for_pool<T>(taking: impl std::future::Future<Output = T>) -> T {
    let waiting = metrics::gauge!("outbox_db_pool_waiting");
    waiting.increment(1.0);
    let taken = taking.await;
    waiting.decrement(1.0);
    taken
}

/// The forwards waiting, by state (`pending`, `failed`), read at each scrape; a state with none is 0.
pub fn record_forward_backlog(counts: &[(String, i64)]) {
    for state in ["pending", "failed"] {
        let count = counts.iter().find(|(s, _)| s == state).map_or(0, |(_, n)| *n);
        metrics::gauge!("outbox_forward_backlog", "state" => state).set(count as f64);
    }
}

/// The API's middleware (a route layer: the route is known): each request's duration by route.
pub async fn track_request(request: Request, next: Next) -> Response {
    if handle().is_none() {
        return next.run(request).await;
    }
    let route = request.extensions().get::<MatchedPath>().map_or_else(String::new, |p| p.as_str().to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("outbox_http_request_duration_seconds", "method" => method, "route" => route, "status" => status)
        .record(started.elapsed().as_secs_f64());
    response
}
