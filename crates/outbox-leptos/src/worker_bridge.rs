//! The one place where the page talks to `navigator.serviceWorker`: register the worker, post
//! submissions, ask for the data-less sync, and listen to the worker's reports.
//!
//! Components call these functions only from event handlers and effects, which run in the
//! browser: the server build compiles the same code and never runs it (no stand-ins to keep).

use js_sys::{Promise, Reflect};
use outbox_protocol::json::browser::Js;
use outbox_protocol::json::ToJson;
use outbox_protocol::{ImageAttachment, PageToWorker, RawJson, WorkerToPage, DATA_SYNC_TAG, PING_SYNC_TAG};
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AddEventListenerOptions, MessageEvent, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
};

/// What the browser said when asked to keep the outbox's storage (`navigator.storage.persist()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageGrant {
    /// Not asked yet (nothing has waited in the outbox).
    NotAsked,
    /// Asked; no answer yet (Firefox asks the person, who may never answer).
    Asked,
    /// Kept until the person clears it.
    Granted,
    /// Best effort only: the browser may clear it under storage pressure (or, in Safari, after
    /// 7 days without a visit unless the app is installed).
    Refused,
    /// No Storage API here: nothing to ask.
    Unavailable,
}

/// Asks the browser to keep this origin's storage (the outbox) instead of evicting it.
pub async fn persist_storage() -> StorageGrant {
    let Some(window) = web_sys::window() else { return StorageGrant::Unavailable };
    let manager = window.navigator().storage();
    if manager.is_undefined() {
        return StorageGrant::Unavailable;
    }
    let Ok(asked) = manager.persist() else { return StorageGrant::Unavailable };
    match JsFuture::from(asked).await.map(|granted| granted.as_bool()) {
        Ok(Some(true)) => StorageGrant::Granted,
        Ok(Some(false)) => StorageGrant::Refused,
        _ => StorageGrant::Unavailable,
    }
}

/// How long a first visit waits for the new worker to take control of the page.
const CONTROL_TIMEOUT_MS: i32 = 10_000;

fn describe(error: JsValue) -> String {
    outbox_browser::errors::describe(&error)
}

fn container() -> Result<ServiceWorkerContainer, String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    if !Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return Err(crate::texts::t("notice.no_service_workers"));
    }
    Ok(navigator.service_worker())
}

pub use outbox_browser::ids::new_id;

/// Passes every report the worker posts to this page to `on_report`.
pub fn listen(on_report: impl Fn(WorkerToPage) + 'static) -> Result<(), String> {
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let read = |text: String| match js_sys::JSON::parse(&text) {
            Ok(value) => WorkerToPage::from_json_value(&Js(value)),
            Err(_) => Err("malformed worker message: not JSON".to_string()),
        };
        match event.data().as_string().map(read) {
            Some(Ok(report)) => on_report(report),
            Some(Err(e)) => web_sys::console::warn_1(&JsValue::from_str(&e)),
            None => web_sys::console::warn_1(&JsValue::from_str("ignored a non-text message from the worker")),
        }
    });
    container()?.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The page lives as long as the listener: hand the closure to JS for good.
    handler.forget();
    Ok(())
}

/// Does this browser offer Background Sync? (Firefox, Safari and WebViews do not.)
pub fn background_sync_available() -> bool {
    let global = js_sys::global();
    Reflect::has(&global, &JsValue::from_str("SyncManager")).unwrap_or(false)
}

/// Registers the worker; without Background Sync the worker is told to take the fallback too.
pub async fn register_worker() -> Result<(), String> {
    let url = if background_sync_available() { "/sw.js" } else { "/sw.js?background-sync=off" };
    JsFuture::from(container()?.register(url)).await.map(|_| ()).map_err(describe)
}

/// Calls `callback` whenever the browser says the network is back.
pub fn on_online(callback: impl Fn() + 'static) {
    on_window_event("online", callback);
}

/// Calls `callback` whenever the browser says the network is gone.
pub fn on_offline(callback: impl Fn() + 'static) {
    on_window_event("offline", callback);
}

fn on_window_event(name: &str, callback: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let handler = Closure::<dyn Fn()>::new(callback);
    let _ = window.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    handler.forget();
}

/// The browser's view of the network.
pub fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `callback` when a new worker (a new release) takes over this page from the one that
/// controlled it (a first visit's first worker does not count).
pub fn on_new_worker(callback: impl Fn() + 'static) {
    let Ok(container) = container() else { return };
    let controlled = std::cell::Cell::new(container.controller().is_some());
    let handler = Closure::<dyn Fn()>::new(move || {
        if controlled.replace(true) {
            callback();
        }
    });
    let _ = container.add_event_listener_with_callback("controllerchange", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Posts a message to the worker controlling this page (waiting for one on a first visit).
pub async fn post(message: PageToWorker) -> Result<(), String> {
    post_value(&JsValue::from_str(&message.to_json_text())).await
}

/// A submission as posted: an object, its photos' bytes as `Uint8Array`s (structured clone
/// copies them once; as base64 inside JSON text a photo was copied about six times).
pub struct Posted(JsValue);

/// Posts a submission again as it was posted the first time.
pub async fn post_again(posted: &Posted) -> Result<(), String> {
    post_value(&posted.0).await
}

async fn post_value(message: &JsValue) -> Result<(), String> {
    let worker = controller().await?;
    worker.post_message(message).map_err(describe)
}

async fn ready() -> Result<ServiceWorkerRegistration, String> {
    let ready = container()?.ready().map_err(describe)?;
    Ok(JsFuture::from(ready).await.map_err(describe)?.unchecked_into())
}

async fn register_sync(tag: &str) -> Result<(), String> {
    outbox_browser::background_sync::register(&ready().await?, tag).await
}

/// The worker controlling this page; on a first visit, waits until the new worker claims it.
async fn controller() -> Result<ServiceWorker, String> {
    let container = container()?;
    if let Some(worker) = container.controller() {
        return Ok(worker);
    }
    let target = container.clone();
    let changed = Promise::new(&mut |resolve, reject| {
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            "controllerchange",
            &resolve,
            &options,
        );
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                CONTROL_TIMEOUT_MS,
                &JsValue::from_str(&crate::texts::t("notice.not_controlled")),
            );
        }
    });
    JsFuture::from(changed).await.map_err(describe)?;
    container.controller().ok_or_else(|| crate::texts::t("notice.not_controlled"))
}

/// Posts a submission of the form named `form` to the worker. Answers the message as posted, to post it again if the worker
/// never acknowledges it (`acknowledgement_watch`).
pub async fn submit(id: Uuid, form: &str, fields: RawJson, images: Vec<ImageAttachment>) -> Result<Posted, String> {
    let pressed_at = js_sys::Date::new_0().to_iso_string().as_string();
    let form = Some(form.to_string());
    // The envelope and the fields as the protocol writes them, then each photo put in as bytes.
    let text = PageToWorker::Bgsync { id: Some(id), form, fields, pressed_at, images: Vec::new() }.to_json_text();
    let message = js_sys::JSON::parse(&text).map_err(describe)?;
    if !images.is_empty() {
        let list: js_sys::Array = images.iter().map(image_value).collect();
        let msg = Reflect::get(&message, &JsValue::from_str("msg")).map_err(describe)?;
        Reflect::set(&msg, &JsValue::from_str("images"), &list).map_err(describe)?;
    }
    let posted = Posted(message);
    post_again(&posted).await.map(|()| posted)
}

/// An image as the worker reads it (`ImageAttachment`), its bytes a `Uint8Array`.
fn image_value(image: &ImageAttachment) -> JsValue {
    let value = js_sys::Object::new();
    let ImageAttachment { file_name, mime, bytes } = image;
    let _ = Reflect::set(&value, &JsValue::from_str("file_name"), &JsValue::from_str(file_name));
    let _ = Reflect::set(&value, &JsValue::from_str("mime"), &JsValue::from_str(mime));
    let _ = Reflect::set(&value, &JsValue::from_str("bytes"), &js_sys::Uint8Array::from(&bytes[..]));
    value.into()
}

/// Registers the data sync once the worker has stored a submission (its "queued"), when the
/// browser has Background Sync; the worker pairs it with the stored entry. Registered only
/// then: a data sync that never gets its data sends `anonymous` (the original pattern), and
/// this page's lost message must not. Without Background Sync the outbox alone carries it.
pub fn register_data_sync() {
    if !background_sync_available() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        // Without the registration the data is still in the outbox, sent on the next wake-up.
        if let Err(e) = register_sync(DATA_SYNC_TAG).await {
            web_sys::console::warn_1(&JsValue::from_str(&format!("Background Sync refused the registration: {e}")));
        }
    });
}

/// The pattern's data-less sync: the worker answers it with a plain `GET /sync`.
pub async fn request_ping() -> Result<(), String> {
    register_sync(PING_SYNC_TAG).await
}
