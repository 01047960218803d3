//! A new submission id, from the browser's `crypto.randomUUID()` in a page or a worker alike, read
//! by the protocol's own UUID reader (not uuid's parser: a second one in each wasm file).

use uuid::Uuid;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `crypto.randomUUID()`; missing outside a secure context (then it throws).
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> Result<String, JsValue>;
}

/// A new random (v4) id.
pub fn new_id() -> Uuid {
    random_uuid().ok().and_then(|text| outbox_protocol::json::parse_uuid(&text)).unwrap_or_else(|| {
        // Outside a secure context there is no randomUUID; Math.random still gives a v4-shaped id.
        let mut bytes = [0u8; 16];
        for byte in bytes.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    })
}
