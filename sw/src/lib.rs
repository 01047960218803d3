//! Outbox's service worker, compiled to wasm. The JS shim (`js/sw.js`) registers the event
//! listeners synchronously and calls these entry points inside `event.waitUntil(...)`.

mod delivery;
mod handlers;
pub mod outcome;
mod pages;
pub mod rendezvous;
mod scope;
mod sync_event;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{ExtendableEvent, ExtendableMessageEvent};

pub use sync_event::SyncEvent;

/// `install`: take over at once, so a first visit is controlled without a reload.
#[wasm_bindgen]
pub fn on_install(_event: ExtendableEvent) -> Promise {
    scope::global().skip_waiting().unwrap_or_else(|e| Promise::reject(&e))
}

/// `activate`: claim the open pages, so they can post to this worker right away.
#[wasm_bindgen]
pub fn on_activate(_event: ExtendableEvent) -> Promise {
    scope::global().clients().claim()
}

/// `message`: a page's submission (or anything else, which is answered with an error).
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
