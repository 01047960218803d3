//! Sending what is due: claim a round (leased), send it, and apply the policy to each answer,
//! until nothing is due. A single entry goes to `POST /sync`, several to `POST /sync/batch` (a
//! round's batches all at once: the server stores one while the next travels), an entry with
//! images alone as a form.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use outbox_protocol::{BatchItemResult, Delivery, ImageMeta, RawJson, WorkerToPage};
use uuid::Uuid;

use super::delivered::DeliveredRecord;
use super::entry::OutboxEntry;
use super::policy::{self, Next, Outcome};
use super::store::{Claim, OutboxStore, RoundOutcomes, StorageError};

/// How a drain reaches the server.
#[allow(async_fn_in_trait)]
/// Sends submissions of the form named `form` (none: the default form) to where that form goes.
pub trait Transport {
    async fn send_one(&self, form: Option<&str>, submission: &Delivery) -> Result<RawJson, Outcome>;
    /// The per-item answers, or one outcome for the whole batch when it got none.
    async fn send_batch(
        &self,
        form: Option<&str>,
        submissions: &[Delivery],
    ) -> Result<Vec<BatchItemResult<RawJson>>, Outcome>;
    /// One submission with its images (`multipart/form-data`): each image's bytes beside its meta.
    async fn send_with_images(
        &self,
        form: Option<&str>,
        submission: &Delivery,
        images: &[ImageMeta],
        bytes: Vec<Vec<u8>>,
    ) -> Result<RawJson, Outcome>;
}

/// The clock, the randomness and the reporting a drain needs from its surroundings.
pub trait DrainEnv {
    fn now_ms(&self) -> u64;
    /// False when the browser knows it is offline: no attempt is made (none is counted).
    fn online(&self) -> bool;
    /// A random number in [0, 1) for backoff jitter.
    fn jitter(&self) -> f64;
    /// RFC 3339 text of a time in ms since the epoch.
    fn format_time(&self, ms: u64) -> Option<String>;
    /// The events of one round (all "sending", then all outcomes), reported together.
    fn report(&self, events: Vec<DrainEvent>);
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrainEvent {
    Sending { id: Uuid },
    NotSent { id: Uuid, reason: String, retrying: bool },
}

/// What the pages are told of each event.
impl From<DrainEvent> for WorkerToPage {
    fn from(event: DrainEvent) -> Self {
        match event {
            DrainEvent::Sending { id } => WorkerToPage::Sending { id },
            DrainEvent::NotSent { id, reason, retrying } => WorkerToPage::Failed { id, reason, will_retry: retrying },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrainConfig {
    /// The most submissions in one request.
    pub batch_max: usize,
    /// Requests of one round in flight at once: a round claims up to `batch_max` × this many
    /// (measured, 1,000 queued: 4 rounds one request at a time took 650–700 ms from the reconnect
    /// to the last stored).
    pub requests_at_once: usize,
    pub retention_ms: u64,
    /// When this instance of the worker started (see `Claim::leases_since_ms`).
    pub started_at_ms: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrainSummary {
    pub delivered: usize,
    pub retry_later: usize,
    pub refused: usize,
    /// Every entry as the drain's last claim found it, when it ended on a claim that took nothing
    /// (so its caller needs no read of its own to decide when to look again).
    pub left: Option<Vec<OutboxEntry>>,
}

impl DrainSummary {
    fn add(&mut self, round: DrainSummary) {
        self.delivered += round.delivered;
        self.retry_later += round.retry_later;
        self.refused += round.refused;
    }
}

/// A bound on rounds, so a drain always ends (each round settles at least one entry).
const MAX_ROUNDS: usize = 1_000;

/// Claims and sends round after round until nothing is due (or the browser is offline).
pub async fn drain(
    store: &impl OutboxStore,
    transport: &impl Transport,
    env: &impl DrainEnv,
    config: DrainConfig,
) -> Result<DrainSummary, StorageError> {
    let mut summary = DrainSummary::default();
    if !env.online() {
        return Ok(summary);
    }
    for _ in 0..MAX_ROUNDS {
        let claim = Claim {
            now_ms: env.now_ms(),
            retention_ms: config.retention_ms,
            max: (config.batch_max * config.requests_at_once).max(1),
            leases_since_ms: config.started_at_ms,
        };
        let claimed = store.claim_due(claim).await?;
        if claimed.taken.is_empty() {
            summary.left = Some(claimed.left);
            break;
        }
        summary.add(send_claimed(store, transport, env, claimed.taken, config.batch_max).await?);
    }
    Ok(summary)
}

/// What sending one submission came to: the server's record, or the outcome to apply.
type SendResult = Result<RawJson, Outcome>;

/// One round: sends entries already claimed (leased) by the caller, and settles every answer in
/// one store step. A new submission is claimed as it is stored and sent at once through here.
pub async fn send_claimed(
    store: &impl OutboxStore,
    transport: &impl Transport,
    env: &impl DrainEnv,
    claimed: Vec<OutboxEntry>,
    batch_max: usize,
) -> Result<DrainSummary, StorageError> {
    let mut summary = DrainSummary::default();
    env.report(claimed.iter().map(|entry| DrainEvent::Sending { id: entry.id }).collect());
    let submissions: Vec<Delivery> =
        claimed.iter().map(|e| e.to_submission(env.format_time(e.created_at_ms))).collect();
    let answers = send(store, transport, &claimed, &submissions, batch_max.max(1)).await?;
    let mut events = Vec::with_capacity(claimed.len());
    let RoundOutcomes { mut remove, mut put, mut delivered } = RoundOutcomes::default();
    for (entry, answer) in claimed.into_iter().zip(answers) {
        let id = entry.id;
        match answer {
            Ok(record) => {
                remove.push(id);
                summary.delivered += 1;
                delivered.push(DeliveredRecord { id, record, delivered_at_ms: env.now_ms() });
            }
            Err(outcome) => {
                let retrying = matches!(outcome, Outcome::RetryLater { .. });
                match policy::after_attempt(entry, outcome, env.now_ms(), env.jitter()) {
                    Next::Remove => remove.push(id),
                    Next::Keep(entry) => {
                        let reason = entry.last_error.clone().unwrap_or_default();
                        put.push(entry);
                        if retrying {
                            summary.retry_later += 1;
                        } else {
                            summary.refused += 1;
                        }
                        events.push(DrainEvent::NotSent { id, reason, retrying });
                    }
                }
            }
        }
    }
    store.apply_outcomes(&RoundOutcomes { remove, put, delivered }).await?;
    env.report(events);
    Ok(summary)
}

/// One result per claimed entry, in order: entries with images one by one, the others together,
/// in batches of up to `batch_max` per form, all of them in flight at once.
async fn send(
    store: &impl OutboxStore,
    transport: &impl Transport,
    claimed: &[OutboxEntry],
    submissions: &[Delivery],
    batch_max: usize,
) -> Result<Vec<SendResult>, StorageError> {
    let answers: RefCell<Vec<Option<SendResult>>> = RefCell::new(vec![None; claimed.len()]);
    let mut plain = Vec::new();
    for (i, (entry, submission)) in claimed.iter().zip(submissions).enumerate() {
        if entry.images.is_empty() {
            plain.push(i);
            continue;
        }
        let bytes = store.images(entry.id).await?;
        answers.borrow_mut()[i] = Some(if bytes.len() == entry.images.len() {
            transport.send_with_images(entry.form.as_deref(), submission, &entry.images, bytes).await
        } else {
            Err(Outcome::Refused { reason: "the images' bytes are missing from the outbox".into(), field: None })
        });
    }
    let mut batches: Vec<Pin<Box<dyn Future<Output = ()> + '_>>> = Vec::new();
    while let Some(&first) = plain.first() {
        let form = claimed[first].form.as_deref();
        let (same, others): (Vec<usize>, Vec<usize>) =
            plain.into_iter().partition(|&i| claimed[i].form.as_deref() == form);
        plain = others;
        for batch in same.chunks(batch_max).map(<[usize]>::to_vec) {
            let same_form: Vec<Delivery> = batch.iter().map(|&i| submissions[i].clone()).collect();
            let answers = &answers;
            batches.push(Box::pin(async move {
                let results = send_plain(transport, form, &same_form).await;
                for (&i, answer) in batch.iter().zip(results) {
                    answers.borrow_mut()[i] = Some(answer);
                }
            }));
        }
    }
    all_at_once(batches).await;
    Ok(answers.into_inner().into_iter().map(|a| a.expect("every claimed entry was sent")).collect())
}

/// Runs the futures at once, until every one is done. (`futures::future::join_all` does it too,
/// and cost the worker's wasm 3.7 KB gzip, measured: it carries a second way for long lists. A
/// round has a handful.)
async fn all_at_once(mut running: Vec<Pin<Box<dyn Future<Output = ()> + '_>>>) {
    std::future::poll_fn(|cx| {
        running.retain_mut(|future| future.as_mut().poll(cx).is_pending());
        if running.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

async fn send_plain(transport: &impl Transport, form: Option<&str>, submissions: &[Delivery]) -> Vec<SendResult> {
    if let [single] = submissions {
        return vec![transport.send_one(form, single).await];
    }
    match transport.send_batch(form, submissions).await {
        Err(outcome) => submissions.iter().map(|_| Err(outcome.clone())).collect(),
        Ok(items) => submissions
            .iter()
            .map(|s| match items.iter().find(|item| item.id == s.id) {
                Some(BatchItemResult { status: 200..=299, record: Some(record), .. }) => Ok(record.clone()),
                Some(item) => {
                    let reason = outbox_protocol::server_answered(item.status, item.error.as_deref());
                    Err(policy::refused_for(policy::outcome_of_status(item.status, reason, None), item.field.clone()))
                }
                None => Err(Outcome::RetryLater {
                    reason: "the server's batch answer left this submission out".into(),
                    retry_after_ms: None,
                }),
            })
            .collect(),
    }
}
