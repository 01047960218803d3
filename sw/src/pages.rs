//! Telling the pages what became of their submissions, with `postMessage` of JSON text.

use outbox_protocol::json::ToJson;
use outbox_protocol::WorkerToPage;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Client, ClientQueryOptions, ClientType};

use crate::scope::{global, warn};

/// Posts to every window of this origin, controlled or not, so every open tab sees the outcome.
pub async fn tell_all(message: &WorkerToPage) {
    tell_all_many(std::slice::from_ref(message)).await;
}

/// Posts several reports, in order, listing the pages once for all of them.
pub async fn tell_all_many(messages: &[WorkerToPage]) {
    if messages.is_empty() {
        return;
    }
    let options = ClientQueryOptions::new();
    options.set_include_uncontrolled(true);
    options.set_type(ClientType::Window);
    let texts: Vec<JsValue> = messages.iter().map(|m| JsValue::from_str(&m.to_json_text())).collect();
    let clients = match JsFuture::from(global().clients().match_all_with_options(&options)).await {
        Ok(list) => js_sys::Array::from(&list),
        Err(e) => {
            warn(&format!("cannot list the pages to tell them: {}", crate::scope::describe(&e)));
            return;
        }
    };
    for client in clients.iter() {
        let client: Client = client.unchecked_into();
        for text in &texts {
            if let Err(e) = client.post_message(text) {
                warn(&format!("cannot post to a page: {}", crate::scope::describe(&e)));
            }
        }
    }
}

/// Answers the sender of a message (a page, or whatever posted it), if it can be answered.
pub fn reply(source: Option<js_sys::Object>, message: &WorkerToPage) {
    let Some(source) = source else { return };
    let post = js_sys::Reflect::get(&source, &JsValue::from_str("postMessage"));
    match post.ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        Some(post) => {
            if let Err(e) = post.call1(&source, &JsValue::from_str(&message.to_json_text())) {
                warn(&format!("cannot reply: {}", crate::scope::describe(&e)));
            }
        }
        None => warn("the message's sender cannot be answered"),
    }
}
