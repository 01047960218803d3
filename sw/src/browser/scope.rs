//! The worker's global scope and its console, in one place.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::ServiceWorkerGlobalScope;

pub fn global() -> ServiceWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub fn log(text: &str) {
    web_sys::console::log_1(&JsValue::from_str(&format!("[outbox-sw] {text}")));
}

pub fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("[outbox-sw] {text}")));
}

/// A readable text for a JS exception or rejection value.
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
