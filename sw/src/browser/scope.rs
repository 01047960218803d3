//! The worker's global scope in one place: the scope itself, its clock and timers, its view of the
//! network, its hashing, and its console.

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

/// The SHA-256 of `bytes`, by the browser's `crypto.subtle` (no hashing code in the worker's wasm).
pub async fn sha256(bytes: &[u8]) -> Result<[u8; 32], JsValue> {
    let crypto = global().crypto()?;
    let digest =
        wasm_bindgen_futures::JsFuture::from(crypto.subtle().digest_with_str_and_u8_array("SHA-256", bytes)?).await?;
    let mut out = [0u8; 32];
    js_sys::Uint8Array::new(&digest).copy_to(&mut out);
    Ok(out)
}

/// Completes after `ms` (the global `setTimeout`). Dropped before then, the timer still fires and
/// finds nobody waiting. (gloo-timers' `TimeoutFuture` clears its timer when dropped, through a
/// thread-safe channel: 0.5 KB gzip of the worker's wasm, measured; the page keeps gloo-timers.)
pub fn sleep(ms: u32) -> impl std::future::Future<Output = ()> + 'static {
    let global = global();
    let timer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        let _ = global.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u32) as i32);
    }));
    async move {
        let _ = timer.await;
    }
}
