//! The worker's global scope in one place: the scope itself, its clock, its view of the network,
//! and its console.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::ServiceWorkerGlobalScope;

pub fn global() -> ServiceWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The browser's own view of the network (false: certainly offline).
pub fn online() -> bool {
    global().navigator().on_line()
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
