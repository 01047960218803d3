//! Background Sync's `registration.sync` (the `SyncManager`), which web-sys does not bind: the page
//! registers the data sync once the worker has a submission, the worker registers it again for
//! what remains.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::ServiceWorkerRegistration;

use crate::errors::describe;

#[wasm_bindgen]
extern "C" {
    type SyncManager;

    #[wasm_bindgen(method)]
    fn register(this: &SyncManager, tag: &str) -> Promise;
}

fn sync_manager(registration: &ServiceWorkerRegistration) -> Option<SyncManager> {
    let sync = Reflect::get(registration, &JsValue::from_str("sync")).ok()?;
    (!sync.is_undefined() && !sync.is_null()).then(|| sync.unchecked_into())
}

/// Does this registration offer Background Sync? (Firefox, Safari and WebViews do not.)
pub fn available(registration: &ServiceWorkerRegistration) -> bool {
    sync_manager(registration).is_some()
}

/// Asks the browser to fire `tag` when the network is there (again, if already registered).
pub async fn register(registration: &ServiceWorkerRegistration, tag: &str) -> Result<(), String> {
    let manager =
        sync_manager(registration).ok_or("this browser has no Background Sync (registration.sync is missing)")?;
    JsFuture::from(manager.register(tag)).await.map(|_| ()).map_err(|e| describe(&e))
}
