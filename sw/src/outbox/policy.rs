//! The delivery policy: what an answer means, when to try again, when an entry expires, how long
//! a drain may hold an entry it is sending, and when the worker looks at the outbox again (the
//! scheduling decisions, as pure functions of the entries and the clock).

use outbox_protocol::RawJson;

use super::entry::{OutboxEntry, Stage};

pub const BACKOFF_MIN_MS: u64 = 1_000;
pub const BACKOFF_MAX_MS: u64 = 60 * 60 * 1_000;
/// A drain that has not finished sending an entry within this time is taken to have died.
pub const LEASE_MS: u64 = 60_000;
/// The same for an entry with images (an upload of megabytes on a slow link takes a while).
pub const IMAGE_LEASE_MS: u64 = 180_000;
/// A request is given up (and retried later) after this long: always inside the lease, so no
/// other drain takes an entry while a request for it may still arrive.
pub const REQUEST_TIMEOUT_MS: u64 = LEASE_MS / 2;
pub const IMAGE_REQUEST_TIMEOUT_MS: u64 = IMAGE_LEASE_MS * 5 / 6;
// A request that outlived its lease could arrive while another drain sends the same entry: every
// build that breaks this fails to compile.
const _: () = assert!(REQUEST_TIMEOUT_MS < LEASE_MS && IMAGE_REQUEST_TIMEOUT_MS < IMAGE_LEASE_MS);
/// Entries older than this expire (visibly) instead of being sent.
pub const DEFAULT_RETENTION_MS: u64 = 7 * 24 * 60 * 60 * 1_000;

/// What one delivery attempt of one entry came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: stored now or already. The entry can go.
    Delivered,
    /// Network error, 408, 429, 5xx: try again later (no sooner than `retry_after_ms`, if given).
    RetryLater { reason: String, retry_after_ms: Option<u64> },
    /// Another 4xx: the server refused the data itself (`field`: the form's field it named).
    Refused { reason: String, field: Option<String> },
}

/// The class of an HTTP status for a submission that was sent.
pub fn outcome_of_status(status: u16, reason: String, retry_after_ms: Option<u64>) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        408 | 429 => Outcome::RetryLater { reason, retry_after_ms },
        400..=499 => Outcome::Refused { reason, field: None },
        // 1xx/3xx never reach fetch() as final answers to a POST; treat them, like 5xx, as "not
        // stored": keeping data is always safe, and the id makes a resend harmless.
        _ => Outcome::RetryLater { reason, retry_after_ms },
    }
}

/// A refusal about the form's field `field` (an answer's other outcomes as they are).
pub fn refused_for(outcome: Outcome, field: Option<String>) -> Outcome {
    match outcome {
        Outcome::Refused { reason, .. } => Outcome::Refused { reason, field },
        other => other,
    }
}

/// Exponential backoff with "equal jitter": half the step fixed, half random (`jitter` in [0, 1)).
/// attempts = 1 after the first failure → 0.5–1 s; doubling each time, capped at 1 h.
pub fn backoff_ms(attempts: u32, jitter: f64) -> u64 {
    let exponent = attempts.saturating_sub(1).min(32);
    let step = BACKOFF_MIN_MS.saturating_mul(1u64 << exponent).min(BACKOFF_MAX_MS);
    let jitter = jitter.clamp(0.0, 1.0);
    step / 2 + ((step / 2) as f64 * jitter) as u64
}

/// What to do with an entry after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
// An entry is made once per attempt and moved on at once: a box would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Next {
    Remove,
    Keep(OutboxEntry),
}

/// Applies an outcome to the entry that was sent (its `attempts` already counts this attempt).
pub fn after_attempt(mut entry: OutboxEntry, outcome: Outcome, now_ms: u64, jitter: f64) -> Next {
    match outcome {
        Outcome::Delivered => Next::Remove,
        Outcome::RetryLater { reason, retry_after_ms } => {
            let wait = backoff_ms(entry.attempts, jitter).max(retry_after_ms.unwrap_or(0)).min(BACKOFF_MAX_MS);
            entry.stage = Stage::Waiting;
            entry.next_attempt_at_ms = now_ms + wait;
            entry.last_error = Some(reason);
            entry.refused_field = None;
            Next::Keep(entry)
        }
        Outcome::Refused { reason, field } => {
            entry.stage = Stage::Failed;
            entry.last_error = Some(reason);
            entry.refused_field = field;
            Next::Keep(entry)
        }
    }
}

pub fn is_expired(entry: &OutboxEntry, now_ms: u64, retention_ms: u64) -> bool {
    now_ms.saturating_sub(entry.created_at_ms) > retention_ms
}

/// May a drain take this entry now? Waiting and due, or Sending with a lease that ran out or that
/// was taken before `leases_since_ms` (by a worker that has stopped since: its send died with it).
pub fn is_due(entry: &OutboxEntry, now_ms: u64, leases_since_ms: u64) -> bool {
    match entry.stage {
        Stage::Waiting => entry.next_attempt_at_ms <= now_ms,
        Stage::Sending { lease_until_ms } => {
            lease_until_ms <= now_ms || lease_until_ms.saturating_sub(lease_ms(entry)) < leases_since_ms
        }
        Stage::Failed | Stage::Expired => false,
    }
}

/// How long a claim holds an entry: longer with images (an upload of megabytes takes a while).
fn lease_ms(entry: &OutboxEntry) -> u64 {
    if !entry.images.is_empty() {
        IMAGE_LEASE_MS
    } else {
        LEASE_MS
    }
}

/// Will the entry be sent some day without the person doing anything?
pub fn is_pending(entry: &OutboxEntry) -> bool {
    matches!(entry.stage, Stage::Waiting | Stage::Sending { .. })
}

/// Marks an entry taken by a drain: counted as an attempt, leased for `LEASE_MS` (an entry with
/// an image for `IMAGE_LEASE_MS`).
pub fn claim(mut entry: OutboxEntry, now_ms: u64) -> OutboxEntry {
    entry.attempts += 1;
    entry.stage = Stage::Sending { lease_until_ms: now_ms + lease_ms(&entry) };
    entry
}

/// The person asks to send a failed (or waiting) entry again now, possibly with edited fields.
pub fn retry_now(mut entry: OutboxEntry, fields: Option<RawJson>, now_ms: u64) -> OutboxEntry {
    if let Some(fields) = fields {
        entry.fields = fields;
    }
    entry.stage = Stage::Waiting;
    entry.next_attempt_at_ms = now_ms;
    entry.refused_field = None;
    entry
}

// ---- Scheduling: when to look at the outbox again, and what a `sync` event does meanwhile. ----

/// While another drain holds entries, check again this often.
pub const LEASE_POLL_MS: u64 = 1_000;
/// Offline nothing can be sent: look again after this long, not at once (the worker's `online`
/// event, the browser's `sync` and the page's message usually wake it sooner).
pub const OFFLINE_RECHECK_MS: u64 = 1_000;
/// How long a sync that finds the outbox empty waits for the page's message (online, the sync
/// may come first): five seconds, as in the original pattern.
pub const SYNC_WAITS_FOR_MESSAGE_MS: u32 = 5_000;
/// A delivery this recent answers a data sync that finds nothing to send: Chromium retries a
/// failed sync after 5 and 15 minutes, and a drain (the page's, the worker's own timer) may have
/// delivered what it was registered for before it fired.
pub const DELIVERY_ANSWERS_SYNC_MS: u64 = 30 * 60 * 1_000;
/// A sync event waits in place for a retry due within this time, instead of failing at once.
pub const SYNC_INLINE_WAIT_MAX_MS: u64 = 30_000;
/// Browsers stop a sync event after about 3 minutes; stay well inside.
pub const SYNC_EVENT_BUDGET_MS: u64 = 150_000;

/// When the earliest pending entry may be sent (entries held by another drain: soon, to check).
pub fn next_due(entries: &[OutboxEntry], now_ms: u64) -> Option<u64> {
    entries
        .iter()
        .filter_map(|e| match e.stage {
            Stage::Waiting => Some(e.next_attempt_at_ms),
            Stage::Sending { lease_until_ms } => Some(lease_until_ms.min(now_ms + LEASE_POLL_MS)),
            Stage::Failed | Stage::Expired => None,
        })
        .min()
}

/// When to look at the outbox again: when the next entry is due, but never in a busy loop while
/// the worker is offline (a drain then sends nothing, and every entry stays due).
pub fn next_wake(entries: &[OutboxEntry], now_ms: u64, online: bool) -> Option<u64> {
    let due = next_due(entries, now_ms)?;
    Some(if online { due } else { due.max(now_ms + OFFLINE_RECHECK_MS) })
}

/// Does a new wake-up at `due` replace the timer already set for `scheduled`? Only an earlier
/// one does, so timers do not pile up.
pub fn replaces_timer(scheduled: Option<u64>, due: u64) -> bool {
    scheduled.is_none_or(|at| due < at)
}

/// A `sync` event that finds nothing pending came before the page's message: it waits for it.
pub fn sync_waits_for_message(entries: &[OutboxEntry]) -> bool {
    !entries.iter().any(is_pending)
}

/// A data sync that found nothing to send and got no message in time sends `anonymous`, as the
/// original pattern does for its page's lost message, unless a recent delivery (`last_delivery_ms`)
/// already answered it. (Outbox's own page registers the sync only once the worker has its data,
/// so this is only ever the original pattern's page.)
pub fn sync_sends_anonymous(last_delivery_ms: Option<u64>, now_ms: u64) -> bool {
    last_delivery_ms.is_none_or(|at| now_ms.saturating_sub(at) > DELIVERY_ANSWERS_SYNC_MS)
}

/// What a `sync` event does after a drain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStep {
    /// Nothing is pending: the event succeeds.
    Done,
    /// A retry is due soon and the event's budget allows it: wait this long in place, then drain.
    WaitInPlace { ms: u64 },
    /// Not due soon: the event fails, so the browser fires the sync again later (with the
    /// worker's own timer armed for `wake_at` meanwhile).
    GiveBack { wake_at: u64 },
    /// Not due soon, on the browser's last attempt: register the tag again (a failed last chance
    /// would drop the registration) and arm the timer; the event succeeds.
    RegisterAgain { wake_at: u64 },
    /// A new version of the worker waits to take over (a release): the event succeeds at once and
    /// this worker registers nothing; the new one drains at its activation and registers for what
    /// remains. (Waiting in place, or a sync registered here, which would fire here again, would
    /// keep this worker busy and hold the new version's activation back.)
    HandOver,
}

/// `next_wake` is what `next_wake` answered after the drain; `started_ms` when the event began;
/// `new_version_waits`: a new worker is installed and waits for this one's events to end (a release).
pub fn sync_step(
    next_wake: Option<u64>,
    started_ms: u64,
    now_ms: u64,
    last_chance: bool,
    new_version_waits: bool,
) -> SyncStep {
    let Some(due) = next_wake else { return SyncStep::Done };
    if new_version_waits {
        return SyncStep::HandOver;
    }
    let wait = due.saturating_sub(now_ms);
    let past_budget = (now_ms + wait).saturating_sub(started_ms) > SYNC_EVENT_BUDGET_MS;
    if wait <= SYNC_INLINE_WAIT_MAX_MS && !past_budget {
        SyncStep::WaitInPlace { ms: wait }
    } else if last_chance {
        SyncStep::RegisterAgain { wake_at: due }
    } else {
        SyncStep::GiveBack { wake_at: due }
    }
}

/// When the person pressed the button, from the page's RFC 3339 text (already parsed to ms by
/// the caller, NaN when unreadable): the worker's clock when it is missing or unreadable.
pub fn created_at_ms(pressed_at_ms: Option<f64>, now_ms: u64) -> u64 {
    pressed_at_ms.filter(|ms| !ms.is_nan()).map_or(now_ms, |ms| ms as u64)
}
