//! The `sync` event: for a form's data tag, drain (every form's entries) until nothing is due,
//! waiting in place for retries due soon; fail (so the browser fires it again later) while entries
//! wait for a later retry, and on the browser's last chance register the tag again instead, so no
//! entry is ever dropped with the registration. For a form's ping tag, the original pattern's
//! data-less `GET` of its address (`/sync`).

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use outbox_protocol::{FormRoute, WorkerToPage};
use wasm_bindgen::JsValue;

use crate::browser::env::new_id;
use crate::browser::scope::{log, now_ms, online, warn};
use crate::browser::{background_sync, fetch};
use crate::outbox::policy::{self, SyncStep, SYNC_WAITS_FOR_MESSAGE_MS};
use crate::outbox::store::OutboxStore;
use crate::queue::Outbox;

impl Outbox {
    pub async fn on_sync(self: &Rc<Self>, tag: &str, last_chance: bool) -> Result<JsValue, JsValue> {
        let form = match self.form_of_tag(tag) {
            Some((form, true)) => form,
            Some((form, false)) => return self.ping(form).await,
            None => {
                warn(&format!("sync with unknown tag `{tag}`: nothing to do"));
                return Ok(JsValue::UNDEFINED);
            }
        };
        let started = now_ms();
        let js_error = |e: crate::outbox::store::StorageError| JsValue::from_str(&e.to_string());
        let store = self.store().await.map_err(js_error)?;
        // A new submission's send in flight decides what this sync finds: wait for it (were the
        // worker stopped meanwhile, this event fails and the browser fires it again). Then what
        // the worker knows spares the read: after an online submission, the sync the page
        // registers costs no IndexedDB transaction.
        self.sends_ended().await;
        let waiting = if self.knows_nothing_waits() { Vec::new() } else { store.all().await.map_err(js_error)? };
        if policy::sync_waits_for_message(&waiting) {
            // Nothing was pending: the page's message is on its way (the original pattern registers
            // the sync first), or came and was sent already (Outbox's page registers it once the
            // worker said "queued"). The message's own send delivers it and registers a sync again
            // for whatever it leaves, so a sync that gets the message is done: no drain, no report.
            let timeout = TimeoutFuture::new(SYNC_WAITS_FOR_MESSAGE_MS);
            if self.claim_new_entries(timeout).await.is_some() {
                return Ok(JsValue::UNDEFINED);
            }
            let Some(fields) = form.no_data_fields.clone() else {
                log(&format!("sync `{tag}`: no data within {SYNC_WAITS_FOR_MESSAGE_MS} ms, none to send"));
                return Ok(JsValue::UNDEFINED);
            };
            let last_delivery = store.last_delivery_ms().await.map_err(js_error)?;
            if !policy::sync_sends_anonymous(last_delivery, now_ms()) {
                log(&format!(
                    "sync `{tag}`: no data within {SYNC_WAITS_FOR_MESSAGE_MS} ms, a recent delivery answered it"
                ));
                return Ok(JsValue::UNDEFINED);
            }
            log(&format!("sync `{tag}`: no data within {SYNC_WAITS_FOR_MESSAGE_MS} ms: sending {}", fields.as_str()));
            return self
                .submit(new_id(), Some(form.name.clone()), fields, None, Vec::new())
                .await
                .map(|()| JsValue::UNDEFINED)
                .map_err(JsValue::from);
        }
        loop {
            let entries = self.drain_and_report(&store).await;
            let next_wake = policy::next_wake(&entries, now_ms(), online());
            let pending = || entries.iter().filter(|e| policy::is_pending(e)).count();
            match policy::sync_step(next_wake, started, now_ms(), last_chance, background_sync::new_version_waits()) {
                SyncStep::Done => return Ok(JsValue::UNDEFINED),
                SyncStep::WaitInPlace { ms } => TimeoutFuture::new(ms as u32).await,
                SyncStep::HandOver => {
                    log("a new version of the worker takes over: it sends what waits");
                    return Ok(JsValue::UNDEFINED);
                }
                SyncStep::RegisterAgain { wake_at } => {
                    log(&format!(
                        "last chance of this sync: registering it again for {} waiting submission(s)",
                        pending()
                    ));
                    let _ = background_sync::register(&form.data_tag).await;
                    self.set_wake_timer(wake_at);
                    return Ok(JsValue::UNDEFINED);
                }
                SyncStep::GiveBack { wake_at } => {
                    self.set_wake_timer(wake_at);
                    return Err(JsValue::from_str(&format!("{} submission(s) wait for a retry", pending())));
                }
            }
        }
    }

    async fn ping(&self, form: &FormRoute) -> Result<JsValue, JsValue> {
        match fetch::ping(form).await {
            Ok(status) => {
                log(&format!("GET {} answered {status}", form.action));
                self.pages().tell_now(WorkerToPage::Pinged { status }).await;
                Ok(JsValue::UNDEFINED)
            }
            Err(reason) => {
                warn(&format!("GET {} failed: {reason}", form.action));
                Err(JsValue::from_str(&reason))
            }
        }
    }
}
