//! Outbox's service worker, compiled to wasm. The JS shim (`js/sw.js`) registers the event
//! listeners synchronously and calls these entry points inside `event.waitUntil(...)`.
//!
//! Browser-free logic (`outbox`, `rendezvous`) is unit-tested natively; the rest binds it to the
//! browser: IndexedDB (`idb_store`), fetch (`transport`), Background Sync (`background_sync`),
//! the pages (`pages`).

mod background_sync;
mod browser_env;
mod config;
mod handlers;
mod idb;
mod idb_store;
pub mod outbox;
mod outbox_report;
mod pages;
pub mod rendezvous;
mod scope;
mod transport;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ExtendableEvent, ExtendableMessageEvent};

pub use background_sync::SyncEvent;

/// `install`: take over at once, so a first visit is controlled without a reload.
#[wasm_bindgen]
pub fn on_install(_event: ExtendableEvent) -> Promise {
    scope::global().skip_waiting().unwrap_or_else(|e| Promise::reject(&e))
}

/// `activate`: claim the open pages, then send whatever an earlier worker left in the outbox.
#[wasm_bindgen]
pub fn on_activate(_event: ExtendableEvent) -> Promise {
    future_to_promise(async move {
        JsFuture::from(scope::global().clients().claim()).await?;
        if let Err(e) = handlers::wake().await {
            scope::warn(&format!("drain at activation failed: {e}"));
        }
        Ok(JsValue::UNDEFINED)
    })
}

/// `message`: a page's submission or request (anything else is answered with an error).
#[wasm_bindgen]
pub fn on_message(event: ExtendableMessageEvent) -> Promise {
    future_to_promise(async move {
        handlers::message(event.data(), event.source()).await;
        Ok(JsValue::UNDEFINED)
    })
}

/// `sync`: the browser says the network is there for a registered tag.
#[wasm_bindgen]
pub fn on_sync(event: SyncEvent) -> Promise {
    future_to_promise(async move { handlers::sync(&event.tag(), event.last_chance()).await })
}

/// `online` (not an extendable event): the worker's own view of the network came back.
#[wasm_bindgen]
pub fn on_online() -> Promise {
    future_to_promise(async move {
        if let Err(e) = handlers::wake().await {
            scope::warn(&format!("drain on online failed: {e}"));
        }
        Ok(JsValue::UNDEFINED)
    })
}
