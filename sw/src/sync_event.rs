//! Hand-written bindings for the Background Sync `SyncEvent`, which web-sys does not have.

use wasm_bindgen::prelude::*;

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
