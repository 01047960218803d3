//! Hand-written bindings for Background Sync, which web-sys does not have: the `SyncEvent` the
//! browser fires, and `registration.sync` (the `SyncManager`) to register a tag from the worker.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::scope::{describe, global};

#[wasm_bindgen]
extern "C" {
    /// <https://wicg.github.io/background-sync/spec/#sync-event>
    #[wasm_bindgen(extends = web_sys::ExtendableEvent)]
    pub type SyncEvent;

    #[wasm_bindgen(method, getter)]
    pub fn tag(this: &SyncEvent) -> String;

    /// True on the browser's last attempt for this registration.
    #[wasm_bindgen(method, getter, js_name = lastChance)]
    pub fn last_chance(this: &SyncEvent) -> bool;

    type SyncManager;

    #[wasm_bindgen(method)]
    fn register(this: &SyncManager, tag: &str) -> Promise;
}

fn sync_manager() -> Option<SyncManager> {
    let registration = global().registration();
    let sync = Reflect::get(&registration, &JsValue::from_str("sync")).ok()?;
    (!sync.is_undefined() && !sync.is_null()).then(|| sync.unchecked_into())
}

/// Does this browser offer Background Sync to the worker?
pub fn available() -> bool {
    sync_manager().is_some()
}

/// Asks the browser to fire `tag` when the network is there (again, if already registered).
pub async fn register(tag: &str) -> Result<(), String> {
    let manager = sync_manager().ok_or("no Background Sync in this browser")?;
    JsFuture::from(manager.register(tag)).await.map(|_| ()).map_err(|e| describe(&e))
}

/// A new version of the worker is installed and waits for this one's events to end (a release).
pub fn new_version_waits() -> bool {
    super::scope::global().registration().waiting().is_some()
}
