//! The worker's global scope and its console, in one place.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::ServiceWorkerGlobalScope;

pub fn global() -> ServiceWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// The prefix of every line the worker logs.
const PREFIX: &str = "[outbox-sw]";

pub fn log(text: &str) {
    web_sys::console::log_2(&JsValue::from_str(PREFIX), &JsValue::from_str(text));
}

pub fn warn(text: &str) {
    web_sys::console::warn_2(&JsValue::from_str(PREFIX), &JsValue::from_str(text));
}

/// A readable text for a JS exception or rejection value.
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    // JSON of anything else (wasm-bindgen's `Debug` would bring its own describer into the glue).
    error.as_string().or_else(|| js_sys::JSON::stringify(error).ok().map(String::from)).unwrap_or_default()
}
