//! Outbox's service worker, compiled to wasm. The JS shim (`js/sw.js`) adds every listener
//! synchronously, makes one `OutboxWorker` when the wasm is loaded, and calls its entry points
//! inside `event.waitUntil(...)`.
//!
//! Module map, in the order a submission meets them:
//! - `intake`: a page's message (a submission, drain, retry, discard).
//! - `queue`: `Outbox`, the one object that owns the worker's state.
//! - `scheduling`: drains outside a sync event (coalesced), and what wakes the worker next.
//! - `sync_event`: the `sync` event; `rendezvous`: its pairing with the page's message.
//! - `outbox/`: the browser-free logic (entry, policy, store trait, drain), tested natively.
//! - `browser/`: IndexedDB, fetch, Background Sync, the pages, the global scope.

mod browser;
mod intake;
pub mod outbox;
mod queue;
pub mod rendezvous;
mod scheduling;
mod sync_event;

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ExtendableEvent, ExtendableMessageEvent};

pub use browser::background_sync::SyncEvent;
use browser::scope::{global, warn};
use queue::Outbox;

/// The worker's entry points, over the one `Outbox` made when the worker starts.
#[wasm_bindgen]
pub struct OutboxWorker {
    outbox: Rc<Outbox>,
}

#[wasm_bindgen]
impl OutboxWorker {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { outbox: Rc::new(Outbox::new()) }
    }

    /// `install`: take over at once, so a first visit is controlled without a reload.
    pub fn on_install(&self, _event: ExtendableEvent) -> Promise {
        global().skip_waiting().unwrap_or_else(|e| Promise::reject(&e))
    }

    /// `activate`: claim the open pages, then send whatever an earlier worker left in the outbox.
    pub fn on_activate(&self, _event: ExtendableEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        future_to_promise(async move {
            JsFuture::from(global().clients().claim()).await?;
            if let Err(e) = outbox.wake().await {
                warn(&format!("drain at activation failed: {e}"));
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `message`: a page's submission or request (anything else is answered with an error).
    pub fn on_message(&self, event: ExtendableMessageEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        future_to_promise(async move {
            outbox.on_message(event.data(), event.source()).await;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `sync`: the browser says the network is there for a registered tag.
    pub fn on_sync(&self, event: SyncEvent) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        future_to_promise(async move { outbox.on_sync(&event.tag(), event.last_chance()).await })
    }

    /// `online` (not an extendable event): the worker's own view of the network came back.
    pub fn on_online(&self) -> Promise {
        let outbox = Rc::clone(&self.outbox);
        future_to_promise(async move {
            if let Err(e) = outbox.wake().await {
                warn(&format!("drain on online failed: {e}"));
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}
