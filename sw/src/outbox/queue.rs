//! The worker's one queue object, as Workbox keeps all of a queue's state in its `Queue`: made once
//! when the worker starts (`lib.rs`) and owning the outbox's storage handle, the rendezvous with
//! sync events, the drain coalescer and the wake-up timer, over its `Host` (the browser, or the
//! tests' fakes). Its state is private to this file, changed only through the methods here; its
//! work is split by event: `intake` (a page's message), `sync_event`, and `scheduling` (every
//! drain outside a sync event, and what wakes the worker next).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;

use futures::channel::oneshot;

use outbox_protocol::{FormRoute, MAX_BATCH};
use uuid::Uuid;

use super::drain::{drain, DrainConfig};
use super::entry::OutboxEntry;
use super::host::Host;
use super::policy;
use super::rendezvous::{claim_for_sync, Rendezvous};
use super::run_again::RunAgain;
use super::store::{OutboxStore, StorageError};
use super::under_way::UnderWay;

pub struct Outbox<H: Host> {
    /// Where the queue runs: its storage, transport, pages, clock and timers.
    host: H,
    /// The storage, opened on first use and kept while the worker lives.
    store: RefCell<Option<H::Store>>,
    /// While the storage is being opened: the callers waiting for that open (one open at a time).
    waiting_for_store: RefCell<Option<Vec<oneshot::Sender<()>>>>,
    /// New submissions between their message and their write's end: a drain reads after them.
    intakes_storing: UnderWay,
    /// Ids of new entries, for a sync event that fired before the page's message (`rendezvous`).
    new_entries: RefCell<Rendezvous<Uuid>>,
    /// Drains outside a sync event: one at a time, and one more for the wake-ups during it.
    draining: RunAgain,
    /// When the worker's own wake-up timer fires (none set: `None`).
    wake_timer: Cell<Option<u64>>,
    /// The worker knows nothing in the outbox waits to be sent: its last drain left nothing
    /// pending and no submission was kept unsent since (unknown, so false, when it starts).
    nothing_waits: Cell<bool>,
    /// Sends of new submissions in flight (each one's entry waits until the server answers); sync
    /// events wait for them.
    sends_in_flight: UnderWay,
    drain_config: DrainConfig,
}

impl<H: Host> Outbox<H> {
    /// The queue over `host` (and its forms), keeping entries `retention_ms`.
    pub fn new(host: H, retention_ms: u64) -> Self {
        let started_at_ms = host.now_ms();
        Self {
            host,
            store: RefCell::new(None),
            waiting_for_store: RefCell::new(None),
            intakes_storing: UnderWay::default(),
            new_entries: RefCell::new(Rendezvous::default()),
            draining: RunAgain::default(),
            nothing_waits: Cell::new(false),
            sends_in_flight: UnderWay::default(),
            wake_timer: Cell::new(None),
            drain_config: DrainConfig { batch_max: MAX_BATCH, requests_at_once: 4, retention_ms, started_at_ms },
        }
    }

    /// The outbox's storage (opened once per worker start). Events that wake a stopped worker
    /// together (a page's drain request and a submission) wait for one open, not one each.
    pub(crate) async fn store(&self) -> Result<H::Store, StorageError> {
        loop {
            if let Some(store) = self.store.borrow().clone() {
                return Ok(store);
            }
            let opening = self.waiting_for_store.borrow_mut().as_mut().map(|waiting| {
                let (opened, wait) = oneshot::channel();
                waiting.push(opened);
                wait
            });
            match opening {
                // Then look again: opened, or failed (and this caller tries in its turn).
                Some(wait) => {
                    let _ = wait.await;
                }
                None => break,
            }
        }
        *self.waiting_for_store.borrow_mut() = Some(Vec::new());
        let opened = self.host.open_store().await;
        if let Ok(store) = &opened {
            *self.store.borrow_mut() = Some(store.clone());
        }
        for waiting in self.waiting_for_store.take().unwrap_or_default() {
            let _ = waiting.send(());
        }
        opened
    }

    /// A new submission's message arrived: until the guard is dropped (its write ended), drains
    /// wait to read the outbox. IndexedDB runs a read-write transaction after the transactions on
    /// the same stores created before it: a drain's reads, created first, would hold the
    /// submission's write, and the page's "queued", back (measured on a cold start woken by a
    /// drain request and a submission together: the write waited ~6 ms for two reads).
    pub(crate) fn intake_storing(&self) -> IntakeStoring<'_, H> {
        self.intakes_storing.start();
        IntakeStoring(self)
    }

    /// Where the queue runs (its pages, clock, timers and the browser's offers).
    pub(crate) fn host(&self) -> &H {
        &self.host
    }

    /// A new entry was stored: a sync event waiting for the page's message (or the next one to
    /// come) takes it.
    pub(crate) fn offer_new_entry(&self, id: Uuid) {
        self.new_entries.borrow_mut().offer(id);
    }

    /// A sync event's side of the rendezvous: the ids of new entries, or none within `timeout`.
    pub(crate) async fn claim_new_entries(&self, timeout: impl Future<Output = ()>) -> Option<Vec<Uuid>> {
        claim_for_sync(&self.new_entries, timeout).await
    }

    /// Runs `round` (a drain) now, or once more after the one going.
    pub(crate) async fn coalesce<'a>(&self, round: &mut dyn FnMut() -> Pin<Box<dyn Future<Output = ()> + 'a>>) {
        self.draining.run(round).await;
    }

    /// Records a wake-up timer due at `due` when it comes before the one set (or none is);
    /// answers whether it did, and so whether the caller must start it.
    pub(crate) fn arm_wake_timer(&self, due: u64) -> bool {
        if !policy::replaces_timer(self.wake_timer.get(), due) {
            return false;
        }
        self.wake_timer.set(Some(due));
        true
    }

    /// The timer due at `due` fired: none is set any more, unless an earlier one replaced it.
    pub(crate) fn wake_timer_fired(&self, due: u64) {
        if self.wake_timer.get() == Some(due) {
            self.wake_timer.set(None);
        }
    }

    /// Whether nothing waits to be sent, as far as the worker knows without reading the outbox
    /// (a new submission's own send, or a sync event, then need no drain or read of their own).
    pub(crate) fn knows_nothing_waits(&self) -> bool {
        self.nothing_waits.get() && !self.sends_in_flight.any()
    }

    /// A submission was kept unsent, or put back to be sent again.
    pub(crate) fn something_waits(&self) {
        self.nothing_waits.set(false);
    }

    /// A drain ended with `entries` in the outbox.
    fn drained(&self, entries: &[OutboxEntry]) {
        self.nothing_waits.set(!entries.iter().any(policy::is_pending));
    }

    /// A new submission's send starts (its entry stored already claimed).
    pub(crate) fn send_started(&self) {
        self.sends_in_flight.start();
    }

    /// A new submission's send ended: delivered, or its entry waits for a retry.
    pub(crate) fn send_ended(&self, delivered: bool) {
        if !delivered {
            self.something_waits();
        }
        self.sends_in_flight.end();
    }

    /// Completes once no new submission's send is in flight (each ends within the fetch timeout).
    pub(crate) async fn sends_ended(&self) {
        self.sends_in_flight.none().await;
    }

    /// The default form: a message that names none is its.
    pub(crate) fn default_form(&self) -> &FormRoute {
        &self.host.forms()[0]
    }

    /// The form named `name` (none: the default), if this app has it.
    pub(crate) fn form(&self, name: Option<&str>) -> Option<&FormRoute> {
        FormRoute::find(self.host.forms(), name)
    }

    /// The form a sync tag is one of, and whether it is the form's data tag (else its ping tag).
    pub(crate) fn form_of_tag(&self, tag: &str) -> Option<(&FormRoute, bool)> {
        self.host.forms().iter().find_map(|f| match tag {
            t if t == f.data_tag => Some((f, true)),
            t if t == f.ping_tag => Some((f, false)),
            _ => None,
        })
    }

    /// The form whose address a native post went to.
    pub(crate) fn form_of_action(&self, path: &str) -> Option<&FormRoute> {
        self.host.forms().iter().find(|f| f.action == path)
    }

    /// Sends everything due until nothing is, tells every page the outbox, and returns what
    /// remains (for the caller to decide when to look again).
    pub(crate) async fn drain_and_report(&self, store: &H::Store) -> Vec<OutboxEntry> {
        // Once no new submission's write is pending.
        self.intakes_storing.none().await;
        // A new version waits to take over (a release): it sends what waits at its activation. A
        // send started here could be cut off by the takeover, and its entry would then wait for
        // its lease to run out (60 s) before the new worker may send it.
        let host = &self.host;
        let outcome = if host.new_version_waits() {
            host.log("a new version of the worker waits to take over: it will send what waits");
            Ok(Default::default())
        } else {
            drain(store, host.transport(), host, self.drain_config).await
        };
        let left = match outcome {
            Ok(s) => {
                if s.delivered + s.retry_later + s.refused > 0 {
                    host.log(&format!(
                        "drain: {} delivered, {} to retry, {} refused",
                        s.delivered, s.retry_later, s.refused
                    ));
                }
                s.left
            }
            Err(e) => {
                host.warn(&format!("drain stopped: {e}"));
                None
            }
        };
        host.outbox_changed(store);
        let entries = match left {
            Some(entries) => entries,
            None => match store.all().await {
                Ok(entries) => entries,
                Err(e) => {
                    host.warn(&format!("cannot read the outbox: {e}"));
                    self.something_waits();
                    return Vec::new();
                }
            },
        };
        self.drained(&entries);
        entries
    }
}

/// A new submission's write pending (`Outbox::intake_storing`); dropped when it ended.
pub(crate) struct IntakeStoring<'a, H: Host>(&'a Outbox<H>);

impl<H: Host> Drop for IntakeStoring<'_, H> {
    fn drop(&mut self) {
        self.0.intakes_storing.end();
    }
}
