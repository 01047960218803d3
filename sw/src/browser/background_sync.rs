//! Background Sync in the worker: the `SyncEvent` the browser fires (web-sys has no binding for
//! it), and its own registration's `sync` (the binding shared with the page, `outbox_browser`).

use wasm_bindgen::prelude::*;

use super::scope::global;

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
}

/// Does this browser offer Background Sync to the worker?
pub fn available() -> bool {
    outbox_browser::background_sync::available(&global().registration())
}

/// Asks the browser to fire `tag` when the network is there (again, if already registered).
pub async fn register(tag: &str) -> Result<(), String> {
    outbox_browser::background_sync::register(&global().registration(), tag).await
}

/// A new version of the worker is installed and waits for this one's events to end (a release).
pub fn new_version_waits() -> bool {
    super::scope::global().registration().waiting().is_some()
}
