//! What a connection is doing, for `serve`: how many of its requests are in flight (an answer's
//! body still being sent counts), since when it has been idle, and whether it ever sent a request.
//! A connection idle past its deadline is closed (`FIRST_REQUEST_TIMEOUT` before its first request,
//! whatever its protocol, HTTP/2 and the protocol's detection included; `IDLE_TIMEOUT` between
//! requests); and when every connection permit is taken, the one idle longest is closed at once to
//! make room (`Connections::evict_idlest`), so idle or silent sockets can never lock a client out.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use tokio::sync::Notify;
use tokio::time::Instant;

/// How long a connection may stay open before its first request (its whole life until then:
/// the protocol's detection, an HTTP/2 preface, an HTTP/1 request's headers).
pub const FIRST_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay open with no request in flight after one.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// One connection's activity; shared by its requests, its watch and the registry.
pub struct Activity {
    in_flight: AtomicUsize,
    served_one: AtomicBool,
    /// Milliseconds after `epoch` when it last became idle.
    idle_since_ms: AtomicU64,
    epoch: Instant,
    evicted: Notify,
    /// Chosen to make room: not chosen again while it closes.
    evicting: AtomicBool,
}

impl Activity {
    fn new(epoch: Instant) -> Self {
        let activity = Self {
            in_flight: AtomicUsize::new(0),
            served_one: AtomicBool::new(false),
            idle_since_ms: AtomicU64::new(0),
            epoch,
            evicted: Notify::new(),
            evicting: AtomicBool::new(false),
        };
        activity.idle_since_ms.store(activity.now_ms(), Ordering::Relaxed);
        activity
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    /// A request began: it is in flight until the guard (held by its answer's body) is dropped.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.served_one.store(true, Ordering::Relaxed);
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.clone())
    }

    fn is_idle(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0
    }

    /// Completes when the connection has been idle past its deadline (or was evicted).
    pub async fn expired(&self) {
        loop {
            // Busy: look again a timeout from now (it cannot expire sooner once idle).
            let deadline = if self.is_idle() { self.idle_deadline() } else { Instant::now() + self.timeout() };
            tokio::select! {
                () = self.evicted.notified() => return,
                () = tokio::time::sleep_until(deadline) => {}
            }
            // Looked at anew: a request may have come and gone while it slept, which makes the
            // deadline the (longer) idle one.
            if self.is_idle() && Instant::now() >= self.idle_deadline() {
                return;
            }
        }
    }

    /// How long it may stay idle now: before its first request, or between requests.
    fn timeout(&self) -> Duration {
        if self.served_one.load(Ordering::Relaxed) {
            IDLE_TIMEOUT
        } else {
            FIRST_REQUEST_TIMEOUT
        }
    }

    /// When it expires if it stays idle.
    fn idle_deadline(&self) -> Instant {
        self.epoch + Duration::from_millis(self.idle_since_ms.load(Ordering::Relaxed)) + self.timeout()
    }
}

/// A request in flight on its connection.
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.idle_since_ms.store(self.0.now_ms(), Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Every open connection's activity, to find the idlest when the permits run out.
pub struct Connections {
    open: Mutex<HashMap<u64, Arc<Activity>>>,
    next: AtomicU64,
    /// What every activity's times count from.
    epoch: Instant,
}

impl Default for Connections {
    fn default() -> Self {
        Self { open: Mutex::default(), next: AtomicU64::new(0), epoch: Instant::now() }
    }
}

impl Connections {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new connection's activity, registered until `close` is called with its key.
    pub fn open(&self) -> (u64, Arc<Activity>) {
        let key = self.next.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity::new(self.epoch));
        self.open.lock().expect("never poisoned").insert(key, activity.clone());
        (key, activity)
    }

    pub fn close(&self, key: u64) {
        self.open.lock().expect("never poisoned").remove(&key);
    }

    /// Closes the connection idle longest, preferring those that never sent a request; answers
    /// whether there was one (with every connection busy, the new one waits in the backlog).
    pub fn evict_idlest(&self) -> bool {
        let open = self.open.lock().expect("never poisoned");
        let idlest = open
            .values()
            .filter(|a| a.is_idle() && !a.evicting.load(Ordering::Relaxed))
            .min_by_key(|a| (a.served_one.load(Ordering::Relaxed), a.idle_since_ms.load(Ordering::Relaxed)));
        match idlest {
            Some(activity) => {
                activity.evicting.store(true, Ordering::Relaxed);
                activity.evicted.notify_one();
                true
            }
            None => false,
        }
    }
}

/// An answer's body that keeps its request in flight until it is sent (or dropped).
pub struct TrackedBody {
    body: Body,
    _in_flight: InFlight,
}

impl TrackedBody {
    pub fn new(body: Body, in_flight: InFlight) -> Self {
        Self { body, _in_flight: in_flight }
    }
}

impl HttpBody for TrackedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_silent_connection_expires_after_the_first_request_timeout_and_a_busy_one_does_not() {
        let connections = Connections::new();
        let (_, silent) = connections.open();
        let started = Instant::now();
        silent.expired().await;
        assert_eq!(started.elapsed().as_secs(), FIRST_REQUEST_TIMEOUT.as_secs());

        let (_, busy) = connections.open();
        let request = busy.begin();
        let expired = tokio::time::timeout(IDLE_TIMEOUT * 3, busy.expired()).await;
        assert!(expired.is_err(), "a request in flight keeps its connection");
        drop(request);
        let started = Instant::now();
        busy.expired().await;
        assert_eq!(started.elapsed().as_secs(), IDLE_TIMEOUT.as_secs(), "then idle for IDLE_TIMEOUT");
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_made_while_the_first_deadline_runs_earns_the_idle_deadline() {
        // The watch sleeps toward the first request's deadline; a request comes and goes at once.
        // When the watch wakes, the connection has served one: it stays for IDLE_TIMEOUT (a watch
        // that kept the first deadline closed it when its timer woke a moment late).
        let connections = Connections::new();
        let (_, activity) = connections.open();
        let watch = tokio::spawn({
            let activity = activity.clone();
            async move { activity.expired().await }
        });
        tokio::task::yield_now().await;
        drop(activity.begin());
        let started = Instant::now();
        watch.await.expect("the watch ends");
        assert_eq!(started.elapsed().as_secs(), IDLE_TIMEOUT.as_secs());
    }

    #[tokio::test]
    async fn the_idlest_connection_that_never_asked_is_evicted_first() {
        let connections = Connections::new();
        let (_, served) = connections.open();
        drop(served.begin());
        let (_, silent) = connections.open();
        let (_, busy) = connections.open();
        let _request = busy.begin();
        assert!(connections.evict_idlest());
        tokio::time::timeout(Duration::from_secs(1), silent.expired()).await.expect("the silent one goes first");
    }
}
