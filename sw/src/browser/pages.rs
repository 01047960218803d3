//! The one route by which the worker tells the pages anything: submission events (`tell`) and the
//! outbox as a whole (`outbox_changed`, throttled). (A message's sender hears why it was refused
//! through `message::refuse`.)
//! Everything goes as JSON text with `postMessage`, to every window of the origin, so every open
//! tab sees every outcome.
//!
//! The outbox report is throttled: a change when nothing is being reported is reported at once;
//! changes during a report, or in the 100 ms after it, are folded into one more. A burst of 1,000
//! submissions then costs a handful of reports, not 1,000 reports of up to 1,000 entries each.

use std::rc::Rc;

use outbox_protocol::json::ToJson;
use outbox_protocol::{DeliveryMode, OutboxView, RawJson, WorkerToPage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Client, ClientQueryOptions, ClientType};

use super::background_sync;
use super::idb_store::IdbStore;
use super::scope::{describe, global, now_ms, online, warn};
use crate::outbox::entry::OutboxEntry;
use crate::outbox::run_again::RunAgain;
use crate::outbox::store::OutboxStore;

/// The least time between two outbox reports.
const REPORT_GAP_MS: u32 = 100;

#[derive(Clone, Default)]
pub struct Pages {
    /// The outbox report: one at a time, and one more for the changes made during it.
    reporting: Rc<RunAgain>,
}

impl Pages {
    /// Tells every page, without holding the caller up.
    pub fn tell(&self, messages: Vec<WorkerToPage>) {
        spawn_local(async move { post_to_all(&messages).await });
    }

    /// Tells every page, and returns once it is posted (inside the event that caused it).
    pub async fn tell_now(&self, message: WorkerToPage) {
        post_to_all(std::slice::from_ref(&message)).await;
    }

    /// The outbox changed (or a page asked): report it to every page, soon.
    pub fn outbox_changed(&self, store: &IdbStore) {
        let (reporting, store) = (self.reporting.clone(), store.clone());
        spawn_local(async move { reporting.run(&mut || Box::pin(report_outbox(&store))).await });
    }
}

/// One report of the outbox to every page, then the gap before the next may start.
async fn report_outbox(store: &IdbStore) {
    match store.entries_and_delivered(now_ms()).await {
        Ok((entries, delivered)) => post_to_all(&[WorkerToPage::Outbox(view(&entries, delivered))]).await,
        Err(e) => warn(&format!("cannot read the outbox to report it: {e}")),
    }
    super::scope::sleep(REPORT_GAP_MS).await;
}

fn view(entries: &[OutboxEntry], delivered: Vec<RawJson>) -> OutboxView {
    let mode = if background_sync::available() { DeliveryMode::BackgroundSync } else { DeliveryMode::Fallback };
    OutboxView::of(mode, online(), entries.iter().map(OutboxEntry::view).collect(), delivered)
}

/// Posts the messages, in order, to every window of this origin (controlled or not), listing the
/// pages once for all of them.
async fn post_to_all(messages: &[WorkerToPage]) {
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
            warn(&format!("cannot list the pages to tell them: {}", describe(&e)));
            return;
        }
    };
    for client in clients.iter() {
        let client: Client = client.unchecked_into();
        for text in &texts {
            if let Err(e) = client.post_message(text) {
                warn(&format!("cannot post to a page: {}", describe(&e)));
            }
        }
    }
}
