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

pub use outbox_browser::errors::describe;
