//! A page's message, once read (`crate::browser::message` reads it and answers what it cannot
//! act on): a new submission (stored before the page hears "queued", and sent at once when
//! online), a drain request, or the person's "retry now" and "discard" on a failed entry.

use std::rc::Rc;

use futures::FutureExt;
use outbox_protocol::json::uuid_text;
use outbox_protocol::{ImageAttachment, PageToWorker, RawJson, WorkerToPage};
use uuid::Uuid;

use super::drain::send_claimed;
use super::entry::{OutboxEntry, Stage};
use super::host::Host;
use super::policy;
use super::queue::Outbox;
use super::store::{OutboxStore, StorageError};

impl<H: Host> Outbox<H> {
    /// Acts on a page's message, as read (`crate::browser::message`); answers why it did not.
    pub async fn act_on(self: &Rc<Self>, message: PageToWorker) -> Result<(), String> {
        match message {
            PageToWorker::Bgsync { id, form, fields, pressed_at, images } => {
                // The original pattern's page sends no id: this is its one submission, so it gets one.
                let id = id.unwrap_or_else(|| self.host().new_id());
                self.submit(id, form, fields, pressed_at, images).await
            }
            PageToWorker::Drain => self.wake().await,
            PageToWorker::Retry { id, fields } => self.retry(id, fields).await,
            PageToWorker::Discard { id } => self.discard(id).await,
        }
    }

    /// Keeps a submission of the form named `form` (none: the default) and sends it when it can.
    pub(crate) async fn submit(
        self: &Rc<Self>,
        id: Uuid,
        form: Option<String>,
        fields: RawJson,
        pressed_at: Option<String>,
        images: Vec<ImageAttachment>,
    ) -> Result<(), String> {
        if !self.host().online() {
            let store = self.keep(id, form, fields, pressed_at, images).await?;
            self.drain_coalesced(&store).await;
            return Ok(());
        }
        let writing = self.intake_storing();
        let (entry, bytes) = self.entry_of(id, form, fields, pressed_at, images)?;
        let store = self.store_for(id).await?;
        // Online: the entry is stored already claimed (leased to this send) and sent at the same
        // time. IndexedDB runs read-write transactions on the same stores in the order they were
        // created, so the send's settling (removing it when the server has it) always comes after
        // this write. Exactly once still holds (the id), and nothing is lost: the entry is kept
        // until the server acknowledged it. (A second post of an id already stored is sent once
        // more, harmlessly.)
        //
        // Without images the request goes out first and the write is started in the same turn,
        // so it still comes before any settling (measured with temporary timestamps, medians of
        // 30: 0.6-0.9 ms from message to request, 0.7-1.4 ms with the write first). With images
        // the write goes first: the send reads the bytes back from IndexedDB, and that read must
        // come after the write.
        let host = self.host();
        let claimed = policy::claim(entry, host.now_ms());
        let has_images = !bytes.is_empty();
        // The page hears "queued" once the entry is durable, not once the send is over: a stalled
        // request (up to 30 s) would otherwise keep it waiting, and the page would give it up.
        let storing = store.add(claimed.clone(), bytes).map(|added| {
            drop(writing);
            self.stored(id, added)
        });
        self.send_started();
        let sending = send_claimed(&store, host.transport(), host, vec![claimed], 1);
        let (added, sent) = if has_images {
            futures::future::join(storing, sending).await
        } else {
            let (sent, added) = futures::future::join(sending, storing).await;
            (added, sent)
        };
        let delivered = match sent {
            Ok(summary) => summary.delivered == 1,
            Err(e) => {
                host.warn(&format!("sending the new submission stopped: {e}"));
                false
            }
        };
        self.send_ended(delivered);
        self.after_storing(&store, id, added, delivered).await
    }

    /// Keeps a submission in the outbox without sending it yet; answers the store, for the drain
    /// that sends it (the caller's to start: a form's post is answered once it is kept).
    pub(crate) async fn keep(
        self: &Rc<Self>,
        id: Uuid,
        form: Option<String>,
        fields: RawJson,
        pressed_at: Option<String>,
        images: Vec<ImageAttachment>,
    ) -> Result<H::Store, String> {
        let writing = self.intake_storing();
        let (entry, bytes) = self.entry_of(id, form, fields, pressed_at, images)?;
        let store = self.store_for(id).await?;
        let added = self.stored(id, store.add(entry, bytes).await);
        drop(writing);
        if let Err(e) = added {
            return Err(self.not_saved(id, e).await);
        }
        self.something_waits();
        self.offer_new_entry(id);
        Ok(store)
    }

    /// The entry of a new submission of the form named `form` (none: the default), and its images'
    /// bytes.
    fn entry_of(
        &self,
        id: Uuid,
        form: Option<String>,
        fields: RawJson,
        pressed_at: Option<String>,
        images: Vec<ImageAttachment>,
    ) -> Result<(OutboxEntry, Vec<Vec<u8>>), String> {
        // Stored under the form's own name, so the default form's entries go in one batch however
        // the page named it.
        let form = match self.form(form.as_deref()) {
            Some(route) => route.name.clone(),
            None => return Err(format!("this app has no form `{}`", form.unwrap_or_default())),
        };
        let host = self.host();
        let created = policy::created_at_ms(pressed_at.map(|t| host.parse_time(&t)), host.now_ms());
        let metas = images.iter().map(ImageAttachment::meta).collect();
        let entry = OutboxEntry::new(id, Some(form), fields, created, metas);
        Ok((entry, images.into_iter().map(|image| image.bytes).collect()))
    }

    /// The outbox's store for submission `id`; if it cannot be opened, the page is told that `id`
    /// was not saved.
    async fn store_for(&self, id: Uuid) -> Result<H::Store, String> {
        match self.store().await {
            Ok(store) => Ok(store),
            Err(e) => Err(self.not_saved(id, e).await),
        }
    }

    /// Tells the pages a submission could not be kept; answers why.
    async fn not_saved(&self, id: Uuid, e: StorageError) -> String {
        let reason = format!("not saved: {e}");
        self.host().tell_now(WorkerToPage::Failed { id, reason: reason.clone(), will_retry: false }).await;
        reason
    }

    /// Tells the pages "queued" when the entry was written.
    fn stored(&self, id: Uuid, added: Result<bool, StorageError>) -> Result<bool, StorageError> {
        if added.is_ok() {
            self.host().tell(vec![WorkerToPage::Queued { id }]);
        }
        added
    }

    /// Tells the page when the submission was not stored, else offers it to a waiting sync event
    /// and drains the rest; when it was `delivered` and nothing else waits, there is no rest to
    /// look for: the pages only hear the outbox.
    async fn after_storing(
        self: &Rc<Self>,
        store: &H::Store,
        id: Uuid,
        added: Result<bool, StorageError>,
        delivered: bool,
    ) -> Result<(), String> {
        if let Err(e) = added {
            return Err(self.not_saved(id, e).await);
        }
        self.offer_new_entry(id);
        if delivered && self.knows_nothing_waits() {
            self.host().outbox_changed(store);
        } else {
            self.drain_coalesced(store).await;
        }
        Ok(())
    }

    async fn retry(self: &Rc<Self>, id: Uuid, fields: Option<RawJson>) -> Result<(), String> {
        let store = self.store().await?;
        let entry = store.get(id).await?.ok_or("that submission is no longer in the outbox")?;
        store.put(policy::retry_now(entry, fields, self.host().now_ms())).await?;
        self.something_waits();
        self.drain_coalesced(&store).await;
        Ok(())
    }

    async fn discard(&self, id: Uuid) -> Result<(), String> {
        let store = self.store().await?;
        match store.get(id).await? {
            Some(entry) if matches!(entry.stage, Stage::Failed | Stage::Expired) => {
                store.remove(id).await?;
                self.host().log(&format!("submission {} discarded by the person", uuid_text(&id)));
            }
            Some(_) => return Err("only a failed or expired submission can be discarded".into()),
            None => {}
        }
        self.host().outbox_changed(&store);
        Ok(())
    }
}
