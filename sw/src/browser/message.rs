//! A page's message as the worker receives it: JSON text (the tutorial's page), or an object as
//! the page posted it (structured clone: a photo's bytes arrive as a Uint8Array, never as base64
//! text). What cannot be read, or acted on, is answered to its sender with the reason.

use outbox_protocol::json::browser::Js;
use outbox_protocol::json::ToJson;
use outbox_protocol::{PageToWorker, WorkerToPage};
use wasm_bindgen::{JsCast, JsValue};

use super::scope::{describe, warn};

/// The message, or why it is not one the worker knows.
pub fn read(data: JsValue) -> Result<PageToWorker, String> {
    match data.as_string() {
        Some(text) => match js_sys::JSON::parse(&text) {
            Ok(value) => PageToWorker::from_json_value(&Js(value)),
            Err(_) => Err("malformed message: not JSON".to_string()),
        },
        None if data.is_object() => PageToWorker::from_json_value(&Js(data)),
        None => Err("malformed message: expected JSON text or an object".to_string()),
    }
}

/// Answers the sender of a message (a page, or whatever posted it) why it was not acted on.
pub fn refuse(source: Option<js_sys::Object>, reason: String) {
    warn(&format!("message not acted on: {reason}"));
    let Some(source) = source else { return };
    let post = js_sys::Reflect::get(&source, &JsValue::from_str("postMessage"));
    match post.ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        Some(post) => {
            let text = WorkerToPage::Error { reason }.to_json_text();
            if let Err(e) = post.call1(&source, &JsValue::from_str(&text)) {
                warn(&format!("cannot reply: {}", describe(&e)));
            }
        }
        None => warn("the message's sender cannot be answered"),
    }
}
