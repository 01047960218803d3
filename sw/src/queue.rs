//! The worker's one queue object, as Workbox keeps all of a queue's state in its `Queue`: made once
//! when the worker starts (`lib.rs`) and owning the outbox's storage handle, the rendezvous with
//! sync events, the drain coalescer, the wake-up timer and the route of reports to the pages.
//! Its work is split by event: `intake` (a page's message), `sync_event`, and `scheduling` (every
//! drain outside a sync event, and what wakes the worker next).

use std::cell::{Cell, RefCell};

use outbox_protocol::{FormRoute, MAX_BATCH};
use uuid::Uuid;

use crate::browser::env::BrowserEnv;
use crate::browser::fetch::FetchTransport;
use crate::browser::idb_store::IdbStore;
use crate::browser::pages::Pages;
use crate::browser::scope::{log, warn};
use crate::browser::{background_sync, config};
use crate::outbox::drain::{drain, DrainConfig};
use crate::outbox::entry::OutboxEntry;
use crate::outbox::store::{OutboxStore, StorageError};
use crate::rendezvous::Rendezvous;
use crate::scheduling::Coalescer;

pub struct Outbox {
    /// The IndexedDB connection, opened on first use and kept while the worker lives.
    store: RefCell<Option<IdbStore>>,
    pub(crate) pages: Pages,
    /// Ids of new entries, for a sync event that fired before the page's message (`rendezvous`).
    pub(crate) new_entries: RefCell<Rendezvous<Uuid>>,
    pub(crate) coalescer: Cell<Coalescer>,
    /// When the worker's own wake-up timer fires (none set: `None`).
    pub(crate) wake_timer: Cell<Option<u64>>,
    drain_config: DrainConfig,
    /// Where the form's submissions go, its tags, database and what a sync with no data sends.
    form: FormRoute,
}

impl Outbox {
    pub fn new(form: FormRoute) -> Self {
        Self {
            form,
            store: RefCell::new(None),
            pages: Pages::new(),
            new_entries: RefCell::new(Rendezvous::default()),
            coalescer: Cell::new(Coalescer::Idle),
            wake_timer: Cell::new(None),
            drain_config: DrainConfig {
                batch_max: MAX_BATCH,
                retention_ms: config::retention_ms(),
                started_at_ms: crate::browser::env::now_ms(),
            },
        }
    }

    /// The outbox's storage (opened once per worker start).
    pub(crate) async fn store(&self) -> Result<IdbStore, StorageError> {
        if let Some(store) = self.store.borrow().clone() {
            return Ok(store);
        }
        let store = IdbStore::open(&self.form.database).await?;
        *self.store.borrow_mut() = Some(store.clone());
        Ok(store)
    }

    pub(crate) fn form(&self) -> &FormRoute {
        &self.form
    }

    pub(crate) fn transport(&self) -> FetchTransport<'_> {
        FetchTransport { form: &self.form }
    }

    pub(crate) fn env(&self) -> BrowserEnv<'_> {
        BrowserEnv { pages: &self.pages }
    }

    /// Sends everything due until nothing is, tells every page the outbox, and returns what
    /// remains (for the caller to decide when to look again).
    pub(crate) async fn drain_and_report(&self, store: &IdbStore) -> Vec<OutboxEntry> {
        // A new version waits to take over (a release): it sends what waits at its activation. A
        // send started here could be cut off by the takeover, and its entry would then wait for
        // its lease to run out (60 s) before the new worker may send it.
        let outcome = if background_sync::new_version_waits() {
            log("a new version of the worker waits to take over: it will send what waits");
            Ok(Default::default())
        } else {
            drain(store, &self.transport(), &self.env(), self.drain_config).await
        };
        match outcome {
            Ok(s) if s.delivered + s.retry_later + s.refused > 0 => {
                log(&format!("drain: {} delivered, {} to retry, {} refused", s.delivered, s.retry_later, s.refused))
            }
            Ok(_) => {}
            Err(e) => warn(&format!("drain stopped: {e}")),
        }
        let entries = store.all().await.unwrap_or_else(|e| {
            warn(&format!("cannot read the outbox: {e}"));
            Vec::new()
        });
        self.pages.outbox_changed(store);
        entries
    }
}
