//! A JS exception or rejection value in words a person can read.

use wasm_bindgen::{JsCast, JsValue};

/// An `Error`'s message, a string as it is, anything else as JSON (wasm-bindgen's `Debug` would
/// bring its own value describer into the glue).
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    error.as_string().or_else(|| js_sys::JSON::stringify(error).ok().map(String::from)).unwrap_or_default()
}
