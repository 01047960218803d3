//! What the worker does with each event: hold or hand over a message, deliver on sync.

use std::cell::RefCell;

use gloo_timers::future::TimeoutFuture;
use outbox_protocol::{NewSubmission, PageToWorker, WorkerToPage, DATA_SYNC_TAG, PING_SYNC_TAG, ANONYMOUS};
use wasm_bindgen::JsValue;

use crate::delivery::{self, NotDelivered};
use crate::pages;
use crate::rendezvous::{claim_for_sync, Offered, Rendezvous};
use crate::scope::{log, warn};

/// How long a sync event waits for the page's message before it gives up (sending nothing).
const SYNC_WAITS_FOR_MESSAGE_MS: u32 = 10_000;

thread_local! {
    static SUBMISSIONS: RefCell<Rendezvous<NewSubmission>> = RefCell::new(Rendezvous::default());
}

pub async fn message(data: JsValue, source: Option<js_sys::Object>) {
    let parsed = match data.as_string() {
        Some(text) => PageToWorker::from_json(&text),
        None => Err("malformed message: expected JSON text, got a non-string value".to_string()),
    };
    match parsed {
        Ok(PageToWorker::Bgsync { id, name }) => {
            let name = if name.trim().is_empty() { ANONYMOUS.to_string() } else { name };
            let offered = SUBMISSIONS.with(|r| r.borrow_mut().offer(NewSubmission { id, name }));
            log(&format!("submission {id} {}", match offered {
                Offered::Handed => "handed to the waiting sync",
                Offered::Held => "held until its sync fires",
            }));
            pages::tell_all(&WorkerToPage::Queued { id }).await;
        }
        Err(reason) => {
            warn(&format!("ignored a message: {reason}"));
            pages::reply(source, &WorkerToPage::Error { reason });
        }
    }
}

/// Rejects (so the browser retries the sync later) when some submission must be sent again.
pub async fn sync(tag: &str, last_chance: bool) -> Result<JsValue, JsValue> {
    if tag == PING_SYNC_TAG {
        return ping().await;
    }
    if tag != DATA_SYNC_TAG {
        warn(&format!("sync with unknown tag {tag:?}: nothing to do"));
        return Ok(JsValue::UNDEFINED);
    }
    let timeout = TimeoutFuture::new(SYNC_WAITS_FOR_MESSAGE_MS);
    let Some(batch) = claim_for_sync(&SUBMISSIONS, timeout).await else {
        log(&format!(
            "sync {tag:?} fired but no data arrived within {SYNC_WAITS_FOR_MESSAGE_MS} ms: nothing sent"
        ));
        return Ok(JsValue::UNDEFINED);
    };
    let mut retry = Vec::new();
    for submission in batch {
        let id = submission.id;
        pages::tell_all(&WorkerToPage::Sending { id }).await;
        match delivery::post_submission(&submission).await {
            Ok(record) => {
                log(&format!("submission {id} delivered"));
                pages::tell_all(&WorkerToPage::Sent { id, record }).await;
            }
            Err(NotDelivered::Refused(reason)) => {
                warn(&format!("submission {id} refused: {reason}"));
                pages::tell_all(&WorkerToPage::Failed { id, reason }).await;
            }
            Err(NotDelivered::RetryLater(reason)) => {
                warn(&format!("submission {id} not delivered, kept for the next sync: {reason}"));
                let reason = if last_chance {
                    format!("{reason}; the browser gave up retrying: it is kept until the next sync")
                } else {
                    format!("{reason}; it will be retried")
                };
                pages::tell_all(&WorkerToPage::Failed { id, reason }).await;
                retry.push(submission);
            }
        }
    }
    if retry.is_empty() {
        return Ok(JsValue::UNDEFINED);
    }
    let count = retry.len();
    SUBMISSIONS.with(|r| r.borrow_mut().hold_again(retry));
    Err(JsValue::from_str(&format!("{count} submission(s) not delivered; retry the sync")))
}

async fn ping() -> Result<JsValue, JsValue> {
    match delivery::ping().await {
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
