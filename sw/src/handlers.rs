//! What the worker does on each wake-up: store a submission, then drain the outbox; answer the
//! page's requests (drain, retry, discard); and on `sync`, keep sending until nothing is due.

use std::cell::{Cell, RefCell};

use gloo_timers::future::TimeoutFuture;
use outbox_protocol::{
    name_or_anonymous, ImageAttachment, PageToWorker, WorkerToPage, DATA_SYNC_TAG, MAX_BATCH,
    PING_SYNC_TAG,
};
use uuid::Uuid;
use wasm_bindgen::JsValue;

use crate::background_sync;
use crate::browser_env::{now_ms, BrowserEnv};
use crate::config;
use crate::idb_store::IdbStore;
use outbox_protocol::json::browser::Js;
use crate::outbox::drain::{drain, send_claimed, DrainConfig, DrainEnv};
use crate::outbox::entry::{OutboxEntry, Stage};
use crate::outbox::policy;
use crate::outbox::store::{OutboxStore, StoreError};
use crate::outbox_report;
use crate::pages;
use crate::rendezvous::{claim_for_sync, Rendezvous};
use crate::scope::{log, warn};
use crate::transport::{self, FetchTransport};

/// How long a sync that finds the outbox empty waits for the page's message (sync comes first online).
const SYNC_WAITS_FOR_MESSAGE_MS: u32 = 10_000;
/// A sync event waits in place for a retry due within this time, instead of failing at once.
const SYNC_INLINE_WAIT_MAX_MS: u64 = 30_000;
/// Browsers stop a sync event after about 3 minutes; stay well inside.
const SYNC_EVENT_BUDGET_MS: u64 = 150_000;
/// While another drain holds entries, check again this often.
const LEASE_POLL_MS: u64 = 1_000;
/// Offline nothing can be sent: look again after this long, not at once (the worker's `online`
/// event, the browser's `sync` and the page's message usually wake it sooner).
const OFFLINE_RECHECK_MS: u64 = 1_000;

thread_local! {
    /// Signals a new entry to a sync event that came before the page's message.
    static NEW_ENTRIES: RefCell<Rendezvous<Uuid>> = RefCell::new(Rendezvous::default());
    /// When the in-worker retry timer is due (0: none), so timers do not pile up.
    static TIMER_DUE: Cell<u64> = const { Cell::new(0) };
    static SETTLING: Cell<Settling> = const { Cell::new(Settling::Idle) };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Settling {
    Idle,
    Running,
    /// Running, and asked again meanwhile: one more round when this one ends.
    RunningAgain,
}

pub async fn message(data: JsValue, source: Option<js_sys::Object>) {
    let parsed = match data.as_string() {
        Some(text) => match js_sys::JSON::parse(&text) {
            Ok(value) => PageToWorker::from_json_value(&Js(value)),
            Err(_) => Err("malformed message: not JSON".to_string()),
        },
        None => Err("malformed message: expected JSON text, got a non-string value".to_string()),
    };
    let result = match parsed {
        Ok(PageToWorker::Bgsync { id, name, pressed_at, image }) => submit(id, name, pressed_at, image).await,
        Ok(PageToWorker::Drain) => wake().await,
        Ok(PageToWorker::Retry { id, name }) => retry(id, name).await,
        Ok(PageToWorker::Discard { id }) => discard(id).await,
        Err(reason) => Err(reason),
    };
    if let Err(reason) = result {
        warn(&format!("message not acted on: {reason}"));
        pages::reply(source, &WorkerToPage::Error { reason });
    }
}

async fn submit(id: Uuid, name: String, pressed_at: Option<String>, image: Option<ImageAttachment>) -> Result<(), String> {
    let name = name_or_anonymous(name);
    let created = pressed_at
        .map(|t| js_sys::Date::parse(&t))
        .filter(|ms| !ms.is_nan())
        .map_or_else(now_ms, |ms| ms as u64);
    let meta = image.as_ref().map(ImageAttachment::meta);
    let entry = OutboxEntry::new(id, name, created, meta);
    let store = match IdbStore::open().await {
        Ok(store) => store,
        Err(e) => return not_saved(id, e).await,
    };
    if !BrowserEnv.online() {
        let added = store.add(entry, image.map(|i| i.bytes)).await;
        return after_storing(&store, id, added).await;
    }
    // Online: the entry is stored already claimed (leased to this send) and sent at the same time.
    // IndexedDB runs read-write transactions on the same stores in the order they were created, so
    // the send's settling (removing it when the server has it) always comes after this write.
    // Exactly once still holds (the id), and nothing is lost: the entry is kept until the server
    // acknowledged it. (A second post of an id already stored is sent once more, harmlessly.)
    //
    // Without an image the request goes out first and the write is started in the same turn, so
    // it still comes before any settling (measured with temporary timestamps, medians of 30:
    // 0.6-0.9 ms from message to request, 0.7-1.4 ms with the write first). With an image the
    // write goes first: the send reads the bytes back from IndexedDB, and that read must come
    // after the write.
    let claimed = policy::claim(entry, now_ms());
    let has_image = image.is_some();
    let storing = store.add(claimed.clone(), image.map(|i| i.bytes));
    let sending = send_claimed(&store, &FetchTransport, &BrowserEnv, vec![claimed]);
    let (added, sent) = if has_image {
        futures::future::join(storing, sending).await
    } else {
        let (sent, added) = futures::future::join(sending, storing).await;
        (added, sent)
    };
    if let Err(e) = sent {
        warn(&format!("sending the new submission stopped: {e}"));
    }
    after_storing(&store, id, added).await
}

async fn not_saved(id: Uuid, e: StoreError) -> Result<(), String> {
    let reason = format!("not saved: {e}");
    pages::tell_all(&WorkerToPage::Failed { id, reason: reason.clone(), will_retry: false }).await;
    Err(reason)
}

/// Tells the page whether the submission is kept (only once it is stored), then drains the rest.
async fn after_storing(store: &IdbStore, id: Uuid, added: Result<bool, StoreError>) -> Result<(), String> {
    if let Err(e) = added {
        return not_saved(id, e).await;
    }
    wasm_bindgen_futures::spawn_local(async move { pages::tell_all(&WorkerToPage::Queued { id }).await });
    NEW_ENTRIES.with(|r| r.borrow_mut().offer(id));
    settle(store).await;
    Ok(())
}

/// A wake-up with nothing new (page load, `online`, worker start): send what is due.
pub async fn wake() -> Result<(), String> {
    let store = IdbStore::open().await?;
    settle(&store).await;
    Ok(())
}

async fn retry(id: Uuid, name: Option<String>) -> Result<(), String> {
    let store = IdbStore::open().await?;
    let entry = store.get(id).await?.ok_or("that submission is no longer in the outbox")?;
    let name = name.map(name_or_anonymous);
    store.put(policy::retry_now(entry, name, now_ms())).await?;
    settle(&store).await;
    Ok(())
}

async fn discard(id: Uuid) -> Result<(), String> {
    let store = IdbStore::open().await?;
    match store.get(id).await? {
        Some(entry) if matches!(entry.stage, Stage::Failed | Stage::Expired) => {
            store.remove(id).await?;
            log(&format!("submission {id} discarded by the person"));
        }
        Some(_) => return Err("only a failed or expired submission can be discarded".into()),
        None => {}
    }
    outbox_report::request();
    Ok(())
}

/// Drains once, tells every page the outbox, and returns what remains.
async fn drain_once(store: &IdbStore) -> Vec<OutboxEntry> {
    NEW_ENTRIES.with(|r| r.borrow_mut().take_held());
    let config = DrainConfig { batch_max: MAX_BATCH, retention_ms: config::retention_ms() };
    match drain(store, &FetchTransport, &BrowserEnv, config).await {
        Ok(s) if s.delivered + s.retry_later + s.refused > 0 => {
            log(&format!("drain: {} delivered, {} to retry, {} refused", s.delivered, s.retry_later, s.refused))
        }
        Ok(_) => {}
        Err(e) => warn(&format!("drain stopped: {e}")),
    }
    let entries = store.all().await.unwrap_or_else(|e| {
        warn(&format!("cannot read the outbox: {e}"));
        Vec::new()
    });
    outbox_report::request();
    entries
}

/// Outside a sync event: drain, then make sure something wakes the worker for what remains.
///
/// Coalesced: a wake-up during a settle asks for one more round instead of running its own (a
/// burst of 1,000 submissions is then a few settles, each reading the outbox once, not 1,000).
async fn settle(store: &IdbStore) {
    if SETTLING.with(Cell::get) != Settling::Idle {
        SETTLING.with(|s| s.set(Settling::RunningAgain));
        return;
    }
    loop {
        SETTLING.with(|s| s.set(Settling::Running));
        settle_once(store).await;
        if SETTLING.with(Cell::get) == Settling::Running {
            SETTLING.with(|s| s.set(Settling::Idle));
            return;
        }
    }
}

async fn settle_once(store: &IdbStore) {
    let entries = drain_once(store).await;
    let Some(due) = next_wake(&entries) else { return };
    if background_sync::available() {
        if let Err(e) = background_sync::register(DATA_SYNC_TAG).await {
            warn(&format!("cannot register the sync: {e}"));
        }
    }
    schedule_retry(due);
}

/// When the earliest pending entry may be sent (entries held by another drain: soon, to check).
fn next_due(entries: &[OutboxEntry]) -> Option<u64> {
    entries
        .iter()
        .filter_map(|e| match e.stage {
            Stage::Waiting => Some(e.next_attempt_at_ms),
            Stage::Sending { lease_until_ms } => Some(lease_until_ms.min(now_ms() + LEASE_POLL_MS)),
            Stage::Failed | Stage::Expired => None,
        })
        .min()
}

/// When to look at the outbox again: when the next entry is due, but never in a busy loop while
/// the worker is offline (a drain then sends nothing, and every entry stays due).
fn next_wake(entries: &[OutboxEntry]) -> Option<u64> {
    let due = next_due(entries)?;
    if BrowserEnv.online() {
        Some(due)
    } else {
        Some(due.max(now_ms() + OFFLINE_RECHECK_MS))
    }
}

/// While the worker lives, a timer retries at the due time (the only retry clock when the browser
/// has no Background Sync; page loads, `online` and new entries wake the worker too).
fn schedule_retry(due: u64) {
    let scheduled = TIMER_DUE.with(Cell::get);
    if scheduled != 0 && scheduled <= due {
        return;
    }
    TIMER_DUE.with(|t| t.set(due));
    let wait = due.saturating_sub(now_ms()).min(u64::from(u32::MAX)) as u32;
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(wait).await;
        if TIMER_DUE.with(Cell::get) == due {
            TIMER_DUE.with(|t| t.set(0));
        }
        if let Err(e) = wake().await {
            warn(&format!("timed retry failed: {e}"));
        }
    });
}

/// A `sync` event: rejects (so the browser retries the sync later) while entries wait for a retry
/// that is not due soon; on the browser's last chance it registers the tag again instead, so no
/// entry is ever dropped with the registration.
pub async fn sync(tag: &str, last_chance: bool) -> Result<JsValue, JsValue> {
    if tag == PING_SYNC_TAG {
        return ping().await;
    }
    if tag != DATA_SYNC_TAG {
        warn(&format!("sync with unknown tag {tag:?}: nothing to do"));
        return Ok(JsValue::UNDEFINED);
    }
    let started = now_ms();
    let store = IdbStore::open().await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    let waiting = store.all().await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    if !waiting.iter().any(policy::is_pending) {
        // Online, the sync fires before the page's message arrives: wait for it.
        if claim_for_sync(&NEW_ENTRIES, TimeoutFuture::new(SYNC_WAITS_FOR_MESSAGE_MS)).await.is_none() {
            log(&format!(
                "sync {tag:?} fired but no data arrived within {SYNC_WAITS_FOR_MESSAGE_MS} ms: nothing sent"
            ));
            return Ok(JsValue::UNDEFINED);
        }
    }
    loop {
        let entries = drain_once(&store).await;
        let Some(due) = next_wake(&entries) else { return Ok(JsValue::UNDEFINED) };
        let now = now_ms();
        let wait = due.saturating_sub(now);
        if wait > SYNC_INLINE_WAIT_MAX_MS || now + wait - started > SYNC_EVENT_BUDGET_MS {
            let count = entries.iter().filter(|e| policy::is_pending(e)).count();
            if last_chance {
                log(&format!("last chance of this sync: registering it again for {count} waiting submission(s)"));
                let _ = background_sync::register(DATA_SYNC_TAG).await;
                schedule_retry(due);
                return Ok(JsValue::UNDEFINED);
            }
            schedule_retry(due);
            return Err(JsValue::from_str(&format!("{count} submission(s) wait for a retry")));
        }
        TimeoutFuture::new(wait as u32).await;
    }
}

async fn ping() -> Result<JsValue, JsValue> {
    match transport::ping().await {
        Ok(status) => {
            log(&format!("GET /sync answered {status}"));
            pages::tell_all(&WorkerToPage::Pinged { status }).await;
            Ok(JsValue::UNDEFINED)
        }
        Err(reason) => {
            warn(&format!("GET /sync failed: {reason}"));
            Err(JsValue::from_str(&reason))
        }
    }
}
