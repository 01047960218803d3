//! Serving connections with the limits `axum::serve` does not set, so slow or silent clients cannot
//! hold the server: a connection must send its first request within `FIRST_REQUEST_TIMEOUT` (HTTP/2
//! and the protocol's detection included), may stay idle between requests for `IDLE_TIMEOUT`, and
//! when every permit is taken the idlest makes room (`connection_activity`); its request headers
//! come within `HEADER_TIMEOUT`; a body must keep
//! coming (no gap between chunks over `BODY_IDLE_TIMEOUT`, all of a request within
//! `REQUEST_TIMEOUT`: a 5 MB photo at 30 KB/s still arrives); at most `max_connections` are open
//! at once (the rest wait in the kernel's backlog), kept under the process's open-file limit, which
//! is raised to its hard maximum at start. On shutdown no connection is accepted any more, requests
//! in flight are answered and idle ones closed.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::connection_activity::{Connections, TrackedBody};

/// How long a connection may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest gap between two chunks of a request body.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a whole request (its body read, its answer made) may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);
/// How often an idle HTTP/2 connection is pinged (a peer that does not answer within
/// `HEADER_TIMEOUT` is gone).
const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(20);
/// How long a connection being closed (idle, or the server stopping) may take to finish.
const CLOSE_GRACE: Duration = Duration::from_secs(REQUEST_TIMEOUT.as_secs());
/// How long an idle connection being closed may take (nothing of it is in flight).
const IDLE_CLOSE_GRACE: Duration = Duration::from_secs(1);
/// Open files kept free for the database, logs and the listening socket.
const RESERVED_FILES: u64 = 64;

/// How many connections may be open at once: `wanted`, but never more than the open-file limit
/// allows (a server out of file descriptors cannot even open its database).
pub fn connection_limit(wanted: usize) -> usize {
    let files = raise_open_file_limit();
    let allowed = files.saturating_sub(RESERVED_FILES).max(16);
    wanted.min(usize::try_from(allowed).unwrap_or(usize::MAX))
}

/// Raises the soft limit on open files to the hard one; answers the limit now in force.
fn raise_open_file_limit() -> u64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit/setrlimit only read and write the struct passed.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
                if limit.rlim_cur < limit.rlim_max {
                    let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                        limit.rlim_cur = limit.rlim_max;
                    }
                }
                return limit.rlim_cur;
            }
        }
    }
    1024
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the connections finish.
pub async fn serve(listener: TcpListener, router: Router, max_connections: usize, shutdown: impl Future<Output = ()>) {
    let permits = Arc::new(Semaphore::new(max_connections));
    let connections = Arc::new(Connections::new());
    let (stopping, stop_signal) = tokio::sync::watch::channel(false);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    // A peer that stops answering pings is gone: its connection is closed.
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(KEEP_ALIVE_INTERVAL)
        .keep_alive_timeout(HEADER_TIMEOUT);
    tokio::pin!(shutdown);
    loop {
        // Every permit taken: the connection idle longest makes room (a silent socket first).
        if permits.available_permits() == 0 {
            connections.evict_idlest();
        }
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of files, or a connection reset before it was accepted: go on shortly.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer's address reaches the handlers as axum's `ConnectInfo` (the rate limit's key).
        let peer = stream.peer_addr().ok();
        let (key, activity) = connections.open();
        let router = router.clone();
        let tracked = activity.clone();
        let service = tower::service_fn(move |request: axum::extract::Request<hyper::body::Incoming>| {
            let in_flight = tracked.begin();
            let mut request = request.map(axum::body::Body::new);
            if let Some(peer) = peer {
                request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            }
            let answer = tower::ServiceExt::oneshot(router.clone(), request);
            async move {
                let response = answer.await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| axum::body::Body::new(TrackedBody::new(body, in_flight))),
                )
            }
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let (connections, mut stop_signal) = (connections.clone(), stop_signal.clone());
        crate::telemetry::open_connections(1.0);
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let grace = tokio::select! {
                _ = connection.as_mut() => None,
                () = activity.expired() => Some(IDLE_CLOSE_GRACE),
                _ = stop_signal.wait_for(|stop| *stop) => Some(CLOSE_GRACE),
            };
            if let Some(grace) = grace {
                // Idle or stopping: close politely (HTTP/2 says GOAWAY; a request in flight is
                // answered), and drop what does not close within the grace.
                connection.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(grace, connection.as_mut()).await;
            }
            connections.close(key);
            crate::telemetry::open_connections(-1.0);
            drop(permit);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    // Every connection has closed once every permit is back.
    let _ = permits.acquire_many(u32::try_from(max_connections).unwrap_or(u32::MAX)).await;
}
