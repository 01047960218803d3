//! The `sync` event: for a form's data tag, drain (every form's entries) until nothing is due,
//! waiting in place for retries due soon; fail (so the browser fires it again later) while entries
//! wait for a later retry, and on the browser's last chance register the tag again instead, so no
//! entry is ever dropped with the registration. For a form's ping tag, the original pattern's
//! data-less `GET` of its address (`/sync`).

use std::rc::Rc;

use outbox_protocol::{FormRoute, WorkerToPage};

use super::host::Host;
use super::policy::{self, SyncStep, SYNC_WAITS_FOR_MESSAGE_MS};
use super::queue::Outbox;
use super::store::OutboxStore;

impl<H: Host> Outbox<H> {
    /// The event's outcome: an error makes the browser fire it again later.
    pub async fn on_sync(self: &Rc<Self>, tag: &str, last_chance: bool) -> Result<(), String> {
        let host = self.host();
        let form = match self.form_of_tag(tag) {
            Some((form, true)) => form,
            Some((form, false)) => return self.ping(form).await,
            None => {
                host.warn(&format!("sync with unknown tag `{tag}`: nothing to do"));
                return Ok(());
            }
        };
        let started = host.now_ms();
        let store = self.store().await?;
        // A new submission's send in flight decides what this sync finds: wait for it (were the
        // worker stopped meanwhile, this event fails and the browser fires it again). Then what
        // the worker knows spares the read: after an online submission, the sync the page
        // registers costs no IndexedDB transaction.
        self.sends_ended().await;
        let waiting = if self.knows_nothing_waits() { Vec::new() } else { store.all().await? };
        if policy::sync_waits_for_message(&waiting) {
            // Nothing was pending: the page's message is on its way (the original pattern registers
            // the sync first), or came and was sent already (Outbox's page registers it once the
            // worker said "queued"). The message's own send delivers it and registers a sync again
            // for whatever it leaves, so a sync that gets the message is done: no drain, no report.
            let timeout = host.sleep(SYNC_WAITS_FOR_MESSAGE_MS);
            if self.claim_new_entries(timeout).await.is_some() {
                return Ok(());
            }
            let Some(fields) = form.no_data_fields.clone() else {
                host.log(&format!("sync `{tag}`: no data within {SYNC_WAITS_FOR_MESSAGE_MS} ms, none to send"));
                return Ok(());
            };
            let last_delivery = store.last_delivery_ms().await?;
            if !policy::sync_sends_anonymous(last_delivery, host.now_ms()) {
                host.log(&format!(
                    "sync `{tag}`: no data within {SYNC_WAITS_FOR_MESSAGE_MS} ms, a recent delivery answered it"
                ));
                return Ok(());
            }
            host.log(&format!(
                "sync `{tag}`: no data within {SYNC_WAITS_FOR_MESSAGE_MS} ms: sending {}",
                fields.as_str()
            ));
            return self.submit(host.new_id(), Some(form.name.clone()), fields, None, Vec::new()).await;
        }
        loop {
            let entries = self.drain_and_report(&store).await;
            let next_wake = policy::next_wake(&entries, host.now_ms(), host.online());
            let pending = || entries.iter().filter(|e| policy::is_pending(e)).count();
            match policy::sync_step(next_wake, started, host.now_ms(), last_chance, host.new_version_waits()) {
                SyncStep::Done => return Ok(()),
                SyncStep::WaitInPlace { ms } => host.sleep(ms as u32).await,
                SyncStep::HandOver => {
                    host.log("a new version of the worker takes over: it sends what waits");
                    return Ok(());
                }
                SyncStep::RegisterAgain { wake_at } => {
                    host.log(&format!(
                        "last chance of this sync: registering it again for {} waiting submission(s)",
                        pending()
                    ));
                    let _ = host.register_sync(&form.data_tag).await;
                    self.set_wake_timer(wake_at);
                    return Ok(());
                }
                SyncStep::GiveBack { wake_at } => {
                    self.set_wake_timer(wake_at);
                    return Err(format!("{} submission(s) wait for a retry", pending()));
                }
            }
        }
    }

    async fn ping(&self, form: &FormRoute) -> Result<(), String> {
        let host = self.host();
        match host.ping(form).await {
            Ok(status) => {
                host.log(&format!("GET {} answered {status}", form.action));
                host.tell_now(WorkerToPage::Pinged { status }).await;
                Ok(())
            }
            Err(reason) => {
                host.warn(&format!("GET {} failed: {reason}", form.action));
                Err(reason)
            }
        }
    }
}
