//! What the worker's queue needs from where it runs, as one trait: the browser in the worker
//! (`crate::browser::host::BrowserHost`), fakes in the native tests (`tests::fake_host`). The
//! queue (`queue`, `intake`, `scheduling`, `sync_event`) is written against it alone, so every
//! event's handling runs natively with a fake store, transport and clock.

use std::future::Future;

use outbox_protocol::{FormRoute, WorkerToPage};
use uuid::Uuid;

use super::drain::{DrainEnv, Transport};
use super::store::{OutboxStore, StorageError};

#[allow(async_fn_in_trait)]
pub trait Host: DrainEnv + 'static {
    /// The outbox's storage: a handle that is cheap to clone (IndexedDB's connection).
    type Store: OutboxStore + Clone + 'static;
    type Transport: Transport;

    /// Opens the outbox's storage (once per worker start).
    async fn open_store(&self) -> Result<Self::Store, StorageError>;
    /// How submissions reach the server.
    fn transport(&self) -> &Self::Transport;
    /// The app's forms: where each one's submissions go, its tags, what a sync with no data
    /// sends. The default first (never empty: `WorkerConfig` refuses a config without one).
    fn forms(&self) -> &[FormRoute];

    /// Tells every page, without holding the caller up.
    fn tell(&self, messages: Vec<WorkerToPage>);
    /// Tells every page, and returns once it is posted (inside the event that caused it).
    async fn tell_now(&self, message: WorkerToPage);
    /// The outbox changed: report it (its entries and the person's list) to every page, soon.
    fn outbox_changed(&self, store: &Self::Store);

    /// Whether the browser offers Background Sync to the worker.
    fn sync_available(&self) -> bool;
    /// Asks the browser to fire `tag` when the network is there (again, if already registered).
    async fn register_sync(&self, tag: &str) -> Result<(), String>;
    /// A new version of the worker is installed and waits for this one's events to end.
    fn new_version_waits(&self) -> bool;
    /// The original pattern's data-less `GET` of a form's address: its status.
    async fn ping(&self, form: &FormRoute) -> Result<u16, String>;

    /// Completes after `ms` (the worker's clock; the tests' moves by hand).
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> + 'static;
    /// Runs `task` beside the caller (the worker's own timer, reports).
    fn spawn(&self, task: impl Future<Output = ()> + 'static);

    /// A new submission id (for a message that carries none).
    fn new_id(&self) -> Uuid;
    /// An RFC 3339 time in ms since the epoch (NaN when it cannot be read).
    fn parse_time(&self, text: &str) -> f64;
    fn log(&self, text: &str);
    fn warn(&self, text: &str);
}
