//! The queue's host in the native tests: the in-memory store (each call counted, as the browser's
//! IndexedDB transactions are), the scripted server, a clock moved by hand (a timer fires when the
//! test moves the clock past it), and a single-threaded executor for what the queue spawns.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::executor::{LocalPool, LocalSpawner};
use futures::task::LocalSpawnExt;
use futures::FutureExt;
use outbox_protocol::{FormRoute, RawJson, WorkerToPage};
use uuid::Uuid;

use super::ScriptedServer;
use crate::outbox::drain::{DrainEnv, DrainEvent};
use crate::outbox::entry::OutboxEntry;
use crate::outbox::host::Host;
use crate::outbox::memory_store::MemoryStore;
use crate::outbox::queue::Outbox;
use crate::outbox::store::{Claim, Claimed, OutboxStore, RoundOutcomes, StorageError};

/// The memory store behind a shared handle, with the name of every call made to it.
#[derive(Clone, Default)]
pub(super) struct CountedStore {
    store: Rc<MemoryStore>,
    calls: Rc<RefCell<Vec<&'static str>>>,
}

impl CountedStore {
    /// The ids of the person's list of delivered records (what the next report lists).
    pub(super) fn delivered_ids(&self) -> Vec<Uuid> {
        self.store.delivered_ids()
    }

    /// Every call so far, in order; the list is emptied.
    pub(super) fn take_calls(&self) -> Vec<&'static str> {
        self.calls.take()
    }

    fn called(&self, name: &'static str) {
        self.calls.borrow_mut().push(name);
    }
}

impl OutboxStore for CountedStore {
    async fn add(&self, entry: OutboxEntry, images: Vec<Vec<u8>>) -> Result<bool, StorageError> {
        self.called("add");
        self.store.add(entry, images).await
    }
    async fn put(&self, entry: OutboxEntry) -> Result<(), StorageError> {
        self.called("put");
        self.store.put(entry).await
    }
    async fn remove(&self, id: Uuid) -> Result<(), StorageError> {
        self.called("remove");
        self.store.remove(id).await
    }
    async fn apply_outcomes(&self, outcomes: &RoundOutcomes) -> Result<(), StorageError> {
        self.called("apply_outcomes");
        self.store.apply_outcomes(outcomes).await
    }
    async fn entries_and_delivered(&self, now_ms: u64) -> Result<(Vec<OutboxEntry>, Vec<RawJson>), StorageError> {
        self.called("entries_and_delivered");
        self.store.entries_and_delivered(now_ms).await
    }
    async fn images(&self, id: Uuid) -> Result<Vec<Vec<u8>>, StorageError> {
        self.called("images");
        self.store.images(id).await
    }
    async fn get(&self, id: Uuid) -> Result<Option<OutboxEntry>, StorageError> {
        self.called("get");
        self.store.get(id).await
    }
    async fn all(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        self.called("all");
        self.store.all().await
    }
    async fn claim_due(&self, claim: Claim) -> Result<Claimed, StorageError> {
        self.called("claim_due");
        self.store.claim_due(claim).await
    }
    async fn last_delivery_ms(&self) -> Result<Option<u64>, StorageError> {
        self.called("last_delivery_ms");
        self.store.last_delivery_ms().await
    }
}

pub(super) struct FakeHost {
    pub(super) store: CountedStore,
    pub(super) server: ScriptedServer,
    forms: Vec<FormRoute>,
    now: Cell<u64>,
    /// Timers not fired yet: when each is due, and its firing.
    timers: RefCell<Vec<(u64, oneshot::Sender<()>)>>,
    pub(super) offline: Cell<bool>,
    pub(super) sync_available: Cell<bool>,
    /// Every message the pages were told, in order.
    pub(super) told: RefCell<Vec<WorkerToPage>>,
    /// How many times the outbox was reported to the pages.
    pub(super) reports: Cell<u32>,
    /// Every Background Sync tag registered, in order.
    pub(super) registered: RefCell<Vec<String>>,
    /// How many times the store was opened.
    pub(super) opens: Cell<u32>,
    spawner: LocalSpawner,
    next_id: Cell<u128>,
}

/// The tutorial's one form: `/sync`, its two tags, `anonymous` when a sync gets no data.
pub(super) fn tutorial_form() -> FormRoute {
    FormRoute {
        name: "tutorial".into(),
        action: "/sync".into(),
        batch_action: "/sync/batch".into(),
        data_tag: "sample_sync_event".into(),
        ping_tag: "sample_sync_event_ping".into(),
        no_data_fields: Some(super::name("anonymous")),
        queued_page: "/queued".into(),
    }
}

/// A queue over a fake host whose server answers `statuses` (then 200), and the executor that runs
/// what it spawns; the clock starts at `START_MS`.
pub(super) fn queue(statuses: &[u16]) -> (Rc<Outbox<FakeHost>>, LocalPool) {
    let pool = LocalPool::new();
    let host = FakeHost {
        store: CountedStore::default(),
        server: ScriptedServer::answering(statuses),
        forms: vec![tutorial_form()],
        now: Cell::new(START_MS),
        timers: RefCell::new(Vec::new()),
        offline: Cell::new(false),
        sync_available: Cell::new(true),
        told: RefCell::new(Vec::new()),
        reports: Cell::new(0),
        registered: RefCell::new(Vec::new()),
        opens: Cell::new(0),
        spawner: pool.spawner(),
        next_id: Cell::new(1_000),
    };
    (Rc::new(Outbox::new(host, super::CONFIG.retention_ms)), pool)
}

pub(super) const START_MS: u64 = 1_000_000;

impl FakeHost {
    /// Moves the clock on by `ms`, firing every timer due by then.
    pub(super) fn advance(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
        let now = self.now.get();
        let (due, later): (Vec<_>, Vec<_>) = self.timers.take().into_iter().partition(|(at, _)| *at <= now);
        *self.timers.borrow_mut() = later;
        for (_, fire) in due {
            let _ = fire.send(());
        }
    }

    /// When the earliest timer not fired yet is due.
    pub(super) fn next_timer(&self) -> Option<u64> {
        self.timers.borrow().iter().map(|(at, _)| *at).min()
    }
}

impl DrainEnv for FakeHost {
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
        self.told.borrow_mut().extend(events.into_iter().map(WorkerToPage::from));
    }
}

impl Host for FakeHost {
    type Store = CountedStore;
    type Transport = ScriptedServer;

    async fn open_store(&self) -> Result<CountedStore, StorageError> {
        self.opens.set(self.opens.get() + 1);
        // IndexedDB's open answers in a later event: other events are handled meanwhile.
        LaterTurn(false).await;
        Ok(self.store.clone())
    }
    fn transport(&self) -> &ScriptedServer {
        &self.server
    }
    fn forms(&self) -> &[FormRoute] {
        &self.forms
    }
    fn tell(&self, messages: Vec<WorkerToPage>) {
        self.told.borrow_mut().extend(messages);
    }
    async fn tell_now(&self, message: WorkerToPage) {
        self.told.borrow_mut().push(message);
    }
    /// Counted, not read: the browser's report is one read-only transaction of its own.
    fn outbox_changed(&self, _store: &CountedStore) {
        self.reports.set(self.reports.get() + 1);
    }
    fn sync_available(&self) -> bool {
        self.sync_available.get()
    }
    async fn register_sync(&self, tag: &str) -> Result<(), String> {
        self.registered.borrow_mut().push(tag.to_string());
        Ok(())
    }
    fn new_version_waits(&self) -> bool {
        false
    }
    async fn ping(&self, _form: &FormRoute) -> Result<u16, String> {
        Ok(200)
    }
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> + 'static {
        let (fire, fired) = oneshot::channel();
        self.timers.borrow_mut().push((self.now.get() + u64::from(ms), fire));
        fired.map(|_| ())
    }
    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        self.spawner.spawn_local(task).expect("the test's executor runs");
    }
    fn new_id(&self) -> Uuid {
        self.next_id.set(self.next_id.get() + 1);
        Uuid::from_u128(self.next_id.get())
    }
    fn parse_time(&self, text: &str) -> f64 {
        text.parse().unwrap_or(f64::NAN)
    }
    fn log(&self, _text: &str) {}
    fn warn(&self, _text: &str) {}
}

/// Pending once, then ready: an answer that comes in a later turn of the event loop.
struct LaterTurn(bool);

impl Future for LaterTurn {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}
