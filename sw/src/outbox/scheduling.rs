//! Draining outside a sync event, and what wakes the worker next: a drain on every wake-up (worker
//! start, `online`, a page's message, a new entry, the timer), coalesced so that a burst of
//! wake-ups is a few drains; then Background Sync registered for what remains, and the worker's own
//! timer (the only retry clock in a browser without Background Sync). The decisions themselves
//! (when, how often) are `outbox::policy`'s pure functions.

use std::rc::Rc;

use super::host::Host;
use super::policy;
use super::queue::Outbox;

impl<H: Host> Outbox<H> {
    /// A wake-up with nothing new (page load, `online`, worker start, the timer): send what is due.
    pub async fn wake(self: &Rc<Self>) -> Result<(), String> {
        let store = self.store().await?;
        self.drain_coalesced(&store).await;
        Ok(())
    }

    /// Drains, then makes sure something wakes the worker for what remains. A wake-up during a
    /// drain asks for one more round instead of running its own (a burst of 1,000 submissions is
    /// then a few drains, each reading the outbox once, not 1,000).
    pub(crate) async fn drain_coalesced(self: &Rc<Self>, store: &H::Store) {
        self.coalesce(&mut || Box::pin(self.drain_and_rearm(store))).await;
    }

    async fn drain_and_rearm(self: &Rc<Self>, store: &H::Store) {
        let entries = self.drain_and_report(store).await;
        let host = self.host();
        let Some(due) = policy::next_wake(&entries, host.now_ms(), host.online()) else {
            return;
        };
        // A new version waits to take over: it registers and wakes for what remains.
        if host.new_version_waits() {
            return;
        }
        if host.sync_available() {
            // The default form's tag: any form's data sync drains every form's entries.
            if let Err(e) = host.register_sync(&self.default_form().data_tag).await {
                host.warn(&format!("cannot register the sync: {e}"));
            }
        }
        self.set_wake_timer(due);
    }

    /// While the worker lives, its own timer drains at `due` (an earlier timer already set stays).
    pub(crate) fn set_wake_timer(self: &Rc<Self>, due: u64) {
        if !self.arm_wake_timer(due) {
            return;
        }
        let wait = due.saturating_sub(self.host().now_ms()).min(u64::from(u32::MAX)) as u32;
        let outbox = Rc::clone(self);
        let sleep = self.host().sleep(wait);
        self.host().spawn(async move {
            sleep.await;
            outbox.wake_timer_fired(due);
            if let Err(e) = outbox.wake().await {
                outbox.host().warn(&format!("timed retry failed: {e}"));
            }
        });
    }
}
