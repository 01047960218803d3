//! The queue's host in the browser: IndexedDB for the store, `fetch` for the transport, the pages
//! (`Pages`, the one route of reports to them), Background Sync, the global scope's clock, timers
//! and console.

use std::future::Future;

use outbox_protocol::{FormRoute, WorkerToPage};
use uuid::Uuid;
use wasm_bindgen::JsValue;

use super::fetch::{self, FetchTransport};
use super::idb_store::IdbStore;
use super::pages::Pages;
use super::{background_sync, scope};
use crate::outbox::drain::{DrainEnv, DrainEvent};
use crate::outbox::host::Host;
use crate::outbox::store::StorageError;

pub struct BrowserHost {
    /// The IndexedDB database of the outbox (one for every form).
    database: String,
    transport: FetchTransport,
    pages: Pages,
}

impl BrowserHost {
    pub fn new(database: String, forms: Vec<FormRoute>) -> Self {
        Self { database, transport: FetchTransport::new(forms), pages: Pages::default() }
    }
}

impl DrainEnv for BrowserHost {
    fn now_ms(&self) -> u64 {
        scope::now_ms()
    }

    fn online(&self) -> bool {
        scope::online()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    fn format_time(&self, ms: u64) -> Option<String> {
        js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_iso_string().as_string()
    }

    fn report(&self, events: Vec<DrainEvent>) {
        self.pages.tell(events.into_iter().map(WorkerToPage::from).collect());
    }
}

impl Host for BrowserHost {
    type Store = IdbStore;
    type Transport = FetchTransport;

    fn open_store(&self) -> impl Future<Output = Result<IdbStore, StorageError>> {
        IdbStore::open(&self.database)
    }

    fn transport(&self) -> &FetchTransport {
        &self.transport
    }

    fn forms(&self) -> &[FormRoute] {
        self.transport.forms()
    }

    fn tell(&self, messages: Vec<WorkerToPage>) {
        self.pages.tell(messages);
    }

    fn tell_now(&self, message: WorkerToPage) -> impl Future<Output = ()> {
        self.pages.tell_now(message)
    }

    fn outbox_changed(&self, store: &IdbStore) {
        self.pages.outbox_changed(store);
    }

    fn sync_available(&self) -> bool {
        background_sync::available()
    }

    fn register_sync(&self, tag: &str) -> impl Future<Output = Result<(), String>> {
        background_sync::register(tag)
    }

    fn new_version_waits(&self) -> bool {
        background_sync::new_version_waits()
    }

    fn ping(&self, form: &FormRoute) -> impl Future<Output = Result<u16, String>> {
        fetch::ping(form)
    }

    fn sleep(&self, ms: u32) -> impl Future<Output = ()> + 'static {
        scope::sleep(ms)
    }

    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn new_id(&self) -> Uuid {
        outbox_browser::ids::new_id()
    }

    fn parse_time(&self, text: &str) -> f64 {
        js_sys::Date::parse(text)
    }

    fn log(&self, text: &str) {
        scope::log(text);
    }

    fn warn(&self, text: &str) {
        scope::warn(text);
    }
}
