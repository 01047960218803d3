//! The outbox's logic against the in-memory store, a scripted server and a hand-moved clock:
//! `drain` (what is sent, and what each answer does to an entry), `schedule` (when to look again),
//! and `queue` (each event's handling, over `fake_host`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use futures::executor::block_on;
use outbox_protocol::{BatchItemResult, Delivery, ImageMeta, RawJson};
use uuid::Uuid;

use crate::outbox::drain::{drain, DrainConfig, DrainEnv, DrainEvent, Transport};
use crate::outbox::entry::{OutboxEntry, Stage};
use crate::outbox::memory_store::MemoryStore;
use crate::outbox::policy::{self, backoff_ms, Outcome, BACKOFF_MAX_MS, DEFAULT_RETENTION_MS, LEASE_MS};
use crate::outbox::store::{Claim, OutboxStore};

/// The tutorial form's fields.
pub(super) fn name(name: &str) -> RawJson {
    RawJson::object(|o| {
        o.text("name", name);
    })
}

/// The images of one multipart request: each one's meta and bytes, in order.
pub(super) type SentImages = (Vec<ImageMeta>, Vec<Vec<u8>>);

/// A server that answers each request with the next scripted status (200 when the script is out).
#[derive(Default)]
pub(super) struct ScriptedServer {
    statuses: RefCell<VecDeque<u16>>,
    pub(super) requests: RefCell<Vec<Vec<Uuid>>>,
    /// The form each request was sent as (none: the default), in the order of `requests`.
    pub(super) request_forms: RefCell<Vec<Option<String>>>,
    /// Every submission answered as stored, each time it was (a real server keeps one row per id;
    /// this counts what was sent, so a worker that delivers twice shows up twice here).
    pub(super) delivered: RefCell<Vec<Uuid>>,
    pub(super) images: RefCell<Vec<SentImages>>,
    /// Ids a batch answers 422 for, naming this field of the form.
    pub(super) refusing: RefCell<Vec<(Uuid, &'static str)>>,
    /// Requests sent and not answered yet, and the most there ever were at once.
    in_flight: Cell<usize>,
    pub(super) most_in_flight: Cell<usize>,
}

impl ScriptedServer {
    pub(super) fn answering(statuses: &[u16]) -> Self {
        Self { statuses: RefCell::new(statuses.iter().copied().collect()), ..Default::default() }
    }

    /// Asserts that ids 1..=n were each delivered exactly once, and nothing else was.
    pub(super) fn assert_each_delivered_once(&self, n: u128) {
        let mut delivered = self.delivered.borrow().clone();
        delivered.sort();
        assert_eq!(delivered, (1..=n).map(id).collect::<Vec<_>>(), "each delivered once");
    }

    /// One request's turn of the executor, as `fetch` takes, counted while it is in flight.
    async fn travel(&self) {
        self.in_flight.set(self.in_flight.get() + 1);
        self.most_in_flight.set(self.most_in_flight.get().max(self.in_flight.get()));
        a_turn().await;
        self.in_flight.set(self.in_flight.get() - 1);
    }

    fn next_status(&self) -> u16 {
        self.statuses.borrow_mut().pop_front().unwrap_or(200)
    }

    fn record(&self, s: &Delivery) -> RawJson {
        self.delivered.borrow_mut().push(s.id);
        RawJson::object(|o| {
            o.text("id", &s.id.to_string()).members(&s.fields).text("received_at", "t");
        })
    }
}

/// Pending once: a request takes at least a turn of the event loop, as `fetch` does (the queue
/// writes a new entry in the turn its send starts, before any answer can settle it).
async fn a_turn() {
    let mut pending = true;
    std::future::poll_fn(|cx| {
        if std::mem::take(&mut pending) {
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await
}

impl Transport for ScriptedServer {
    async fn send_one(&self, form: Option<&str>, s: &Delivery) -> Result<RawJson, Outcome> {
        self.travel().await;
        self.requests.borrow_mut().push(vec![s.id]);
        self.request_forms.borrow_mut().push(form.map(String::from));
        let status = self.next_status();
        match policy::outcome_of_status(status, format!("server answered {status}"), None) {
            Outcome::Delivered => Ok(self.record(s)),
            other => Err(other),
        }
    }

    async fn send_with_images(
        &self,
        form: Option<&str>,
        s: &Delivery,
        images: &[ImageMeta],
        bytes: Vec<Vec<u8>>,
    ) -> Result<RawJson, Outcome> {
        self.images.borrow_mut().push((images.to_vec(), bytes));
        self.send_one(form, s).await
    }

    async fn send_batch(
        &self,
        form: Option<&str>,
        subs: &[Delivery],
    ) -> Result<Vec<BatchItemResult<RawJson>>, Outcome> {
        self.travel().await;
        self.requests.borrow_mut().push(subs.iter().map(|s| s.id).collect());
        self.request_forms.borrow_mut().push(form.map(String::from));
        let status = self.next_status();
        if status >= 500 {
            return Err(Outcome::RetryLater { reason: format!("server answered {status}"), retry_after_ms: None });
        }
        Ok(subs
            .iter()
            .map(|s| match self.refusing.borrow().iter().find(|(id, _)| *id == s.id) {
                Some((id, field)) => BatchItemResult {
                    id: *id,
                    status: 422,
                    record: None,
                    error: Some(format!("{field}: too long")),
                    field: Some(field.to_string()),
                },
                None => {
                    BatchItemResult { id: s.id, status: 201, record: Some(self.record(s)), error: None, field: None }
                }
            })
            .collect())
    }
}

#[derive(Default)]
pub(super) struct FakeEnv {
    pub(super) now: Cell<u64>,
    pub(super) offline: Cell<bool>,
    pub(super) events: RefCell<Vec<DrainEvent>>,
}

impl DrainEnv for FakeEnv {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    fn online(&self) -> bool {
        !self.offline.get()
    }
    fn jitter(&self) -> f64 {
        0.5
    }
    fn format_time(&self, ms: u64) -> Option<String> {
        Some(format!("{ms}"))
    }
    fn report(&self, events: Vec<DrainEvent>) {
        self.events.borrow_mut().extend(events);
    }
}

pub(super) const CONFIG: DrainConfig =
    DrainConfig { batch_max: 50, requests_at_once: 4, retention_ms: DEFAULT_RETENTION_MS, started_at_ms: 0 };

pub(super) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(super) fn store_with(n: u128, now: u64) -> MemoryStore {
    let store = MemoryStore::default();
    for i in 1..=n {
        block_on(store.add(OutboxEntry::new(id(i), None, name(&format!("name {i}")), now, Vec::new()), Vec::new()))
            .unwrap();
    }
    store
}

mod drain;
mod fake_host;
mod queue;
mod schedule;
