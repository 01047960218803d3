//! Outbox's service worker, compiled to wasm. The JS shim (`js/sw.js`) adds every listener
//! synchronously, makes one `OutboxWorker` when the wasm is loaded, and calls its entry points
//! inside `event.waitUntil(...)`.
//!
//! Module map, in the order a submission meets them:
//! - `browser::message`: a page's message read; `form_post`: the page's form posted by the
//!   browser itself (before hydration) when the server cannot be reached.
//! - `outbox/`: the queue, free of browser types and tested natively over a fake host: `queue`
//!   (`Outbox`, the one object that owns the worker's state), `intake` (a page's message),
//!   `scheduling`, `sync_event` and its `rendezvous`, and below them the entry, policy, store
//!   trait and drain.
//! - `app_shell/`: the page and its files cached at install, and the `fetch` event (`route`).
//! - `browser/`: the queue's `host` (IndexedDB, fetch, Background Sync, the pages, the global
//!   scope), and Cache Storage.

pub mod app_shell;
mod browser;
mod form_post;
pub mod outbox;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ExtendableEvent, ExtendableMessageEvent, FetchEvent};

pub use browser::background_sync::SyncEvent;

// Talc instead of Rust's default wasm allocator (dlmalloc): the worker's gzip wasm is 1.x KB smaller
// with it (measured), under its 75 KB budget, and talc is the faster of the two.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use app_shell::AppShell;
use browser::host::BrowserHost;
use browser::scope::{global, warn};
use outbox::queue::Outbox;
use outbox_protocol::WorkerConfig;

/// The worker's queue, over the browser.
type BrowserOutbox = Outbox<BrowserHost>;

/// The worker's entry points, over the one `Outbox` and the `AppShell` made when the worker starts.
#[wasm_bindgen]
pub struct OutboxWorker {
    outbox: Rc<BrowserOutbox>,
    shell: Rc<AppShell>,
}

#[wasm_bindgen]
impl OutboxWorker {
    /// The worker's config as the server wrote it into the shim (`outbox_protocol::WorkerConfig`,
    /// JSON text); a config it cannot read is thrown, naming what is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str) -> Result<OutboxWorker, JsValue> {
        let WorkerConfig { version, shell_files, navigation_timeout_ms, database, forms } =
            outbox_protocol::json::browser::parse(config).map_err(|e| format!("the worker's config: {e}"))?;
        let shell = AppShell {
            cache_name: format!("{}{version}", browser::cache::CACHE_PREFIX),
            files: shell_files,
            navigation_timeout_ms: u32::try_from(navigation_timeout_ms).unwrap_or(u32::MAX),
        };
        let outbox = Outbox::new(BrowserHost::new(database, forms), browser::config::retention_ms());
        Ok(Self { outbox: Rc::new(outbox), shell: Rc::new(shell) })
    }

    /// `install`: cache the app shell (all of it, or the install fails and the previous worker
    /// stays), then take over at once, so a first visit is controlled without a reload.
    pub fn on_install(&self, _event: ExtendableEvent) -> Promise {
        let shell = Rc::clone(&self.shell);
        promise(async move {
            shell.install().await?;
            JsFuture::from(global().skip_waiting()?).await
        })
    }

    /// `activate`: drop the older shells, claim the open pages, then (once activated) send
    /// whatever an earlier worker left in the outbox.
    pub fn on_activate(&self, _event: ExtendableEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        let shell = Rc::clone(&self.shell);
        promise(async move {
            shell.activate().await;
            JsFuture::from(global().clients().claim()).await?;
            // The drain runs after the event, not inside it: what remains after it registers a
            // sync, and Chromium holds a registration made by an activating worker until the
            // activation is over, which would wait for this event: a deadlock, seen when a
            // release finds a queue (`new_release.spec.ts`).
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = outbox.wake().await {
                    warn(&format!("drain at activation failed: {e}"));
                }
            });
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `fetch` (a GET of a page in scope; the shim lets every other request go to the network).
    pub fn on_fetch(&self, event: FetchEvent) -> Promise {
        let shell = Rc::clone(&self.shell);
        promise(async move { shell.respond(event).await.map(JsValue::from) })
    }

    /// `fetch` of the page's form posted by the browser itself (a navigation `POST /sync`).
    pub fn on_form_post(&self, event: FetchEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        let shell = Rc::clone(&self.shell);
        promise(async move { outbox.take_form_post(&shell, event.request()).await.map(JsValue::from) })
    }

    /// `message`: a page's submission or request (anything else is answered with an error).
    pub fn on_message(&self, event: ExtendableMessageEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        promise(async move {
            let acted = match browser::message::read(event.data()) {
                Ok(message) => outbox.act_on(message).await,
                Err(reason) => Err(reason),
            };
            if let Err(reason) = acted {
                browser::message::refuse(event.source(), reason);
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `sync`: the browser says the network is there for a registered tag.
    pub fn on_sync(&self, event: SyncEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        promise(async move {
            outbox.on_sync(&event.tag(), event.last_chance()).await.map(|()| JsValue::UNDEFINED).map_err(JsValue::from)
        })
    }

    /// `online` (not an extendable event): the worker's own view of the network came back.
    pub fn on_online(&self) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        promise(async move {
            if let Err(e) = outbox.wake().await {
                warn(&format!("drain on online failed: {e}"));
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// An entry point's work as the promise its event waits for. Every entry point goes through one
/// instantiation of `future_to_promise` (and of the task that runs it): one for each of the seven
/// cost the worker's wasm 1.9 KB gzip (measured).
fn promise(work: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    fn boxed(work: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
        future_to_promise(work)
    }
    boxed(Box::pin(work))
}
