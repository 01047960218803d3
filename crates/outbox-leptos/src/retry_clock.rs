//! No due entry waits for the browser: while a page of the app is open, it asks the worker to send
//! when the outbox's next retry is due.
//!
//! The worker keeps a timer of its own, but the browser stops an idle worker (its timers die with
//! it), and Background Sync's own retries come minutes later (Firefox and Safari have none): a
//! person looking at "next at 12:32:44" with a working network should see it go then.

use leptos::prelude::*;
use outbox_protocol::EntryState;

use crate::submission_status::StatusBoard;

/// When the earliest retry of the reported outbox is due (ms since the epoch).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn next_retry_at_ms(board: &StatusBoard) -> Option<u64> {
    let entries = board.outbox.as_ref()?.entries.iter();
    entries
        .filter_map(|e| match e.state {
            EntryState::Retrying { next_attempt_at_ms } => Some(next_attempt_at_ms),
            _ => None,
        })
        .min()
}

/// Calls `drain` when the next retry is due, again after every report that moves it.
pub fn keep(board: RwSignal<StatusBoard>, drain: impl Fn() + Clone + 'static) {
    /// A little after the entry is due, so the worker's clock agrees that it is.
    const MARGIN_MS: u64 = 250;
    // An effect, so it runs in the browser only, and it holds the one timer itself (its value
    // from one run to the next): a `StoredValue` made here would also be made, and dropped on
    // another thread, in the server's render, which panics.
    Effect::new(move |previous: Option<Option<gloo_timers::callback::Timeout>>| {
        // Dropping the previous timeout cancels it: one timer, for the earliest retry.
        drop(previous);
        board.with(next_retry_at_ms).map(|at| {
            let wait = at.saturating_sub(js_sys::Date::now() as u64) + MARGIN_MS;
            gloo_timers::callback::Timeout::new(wait.min(u32::MAX as u64) as u32, drain.clone())
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_protocol::{DeliveryMode, EntryView, OutboxCounts, OutboxView};
    use uuid::Uuid;

    fn entry(n: u128, state: EntryState) -> EntryView {
        EntryView {
            id: Uuid::from_u128(n),
            form: None,
            fields: outbox_protocol::RawJson::object(|_| {}),
            created_at_ms: 0,
            attempts: 1,
            state,
            last_error: None,
            refused_field: None,
            images: Vec::new(),
        }
    }

    #[test]
    fn the_earliest_retry_counts_and_nothing_else_is_waited_for() {
        let mut board = StatusBoard::default();
        assert_eq!(next_retry_at_ms(&board), None, "no report yet");
        board.outbox = Some(OutboxView {
            mode: DeliveryMode::BackgroundSync,
            online: true,
            counts: OutboxCounts::default(),
            entries: vec![
                entry(1, EntryState::Retrying { next_attempt_at_ms: 9_000 }),
                entry(2, EntryState::Failed),
                entry(3, EntryState::Retrying { next_attempt_at_ms: 7_000 }),
                entry(4, EntryState::Queued),
            ],
            delivered: Vec::new(),
        });
        assert_eq!(next_retry_at_ms(&board), Some(7_000));
    }
}

#[cfg(all(test, feature = "ssr"))]
mod server_render {
    use super::*;

    /// The server renders a page on one thread and may drop its reactive owner on another (the
    /// body is streamed from whichever worker thread polls it): nothing the clock sets up there
    /// may be bound to the thread that made it.
    #[test]
    fn a_render_whose_owner_is_dropped_on_another_thread_does_not_panic() {
        let owner = Owner::new();
        owner.with(|| keep(RwSignal::new(StatusBoard::default()), || {}));
        let dropped = std::thread::spawn(move || {
            owner.cleanup();
            drop(owner);
        })
        .join();
        assert!(dropped.is_ok(), "dropping the render's owner on another thread panicked");
    }
}
