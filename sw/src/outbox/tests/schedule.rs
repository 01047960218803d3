//! Scheduling: when the worker looks at the outbox again, and what a `sync` event does meanwhile.

use super::*;
use crate::outbox::policy::{
    created_at_ms, next_due, next_wake, replaces_timer, sync_sends_anonymous, sync_step, sync_waits_for_message,
    SyncStep, DELIVERY_ANSWERS_SYNC_MS, LEASE_POLL_MS, OFFLINE_RECHECK_MS, SYNC_EVENT_BUDGET_MS,
    SYNC_INLINE_WAIT_MAX_MS,
};

fn entry(n: u128, stage: Stage, next_attempt_at_ms: u64) -> OutboxEntry {
    let mut entry = OutboxEntry::new(id(n), None, name(&format!("name {n}")), 0, Vec::new());
    entry.stage = stage;
    entry.next_attempt_at_ms = next_attempt_at_ms;
    entry
}

#[test]
fn the_next_due_time_is_the_earliest_pending_entry_and_a_held_one_is_checked_soon() {
    let now = 10_000;
    assert_eq!(next_due(&[], now), None);
    let failed = entry(1, Stage::Failed, 0);
    let expired = entry(2, Stage::Expired, 0);
    assert_eq!(next_due(&[failed.clone(), expired.clone()], now), None, "nothing will be sent by itself");
    let waiting = entry(3, Stage::Waiting, now + 5_000);
    assert_eq!(next_due(&[failed, waiting.clone(), expired], now), Some(now + 5_000));
    // Held by another drain for a minute: look again within LEASE_POLL_MS, not in a minute.
    let held = entry(4, Stage::Sending { lease_until_ms: now + LEASE_MS }, 0);
    assert_eq!(next_due(&[waiting.clone(), held], now), Some(now + LEASE_POLL_MS));
    // A lease about to end: at its end.
    let ending = entry(5, Stage::Sending { lease_until_ms: now + 10 }, 0);
    assert_eq!(next_due(&[waiting, ending], now), Some(now + 10));
}

#[test]
fn offline_the_worker_never_wakes_in_a_busy_loop() {
    let now = 50_000;
    let overdue = [entry(1, Stage::Waiting, now - 1_000)];
    assert_eq!(next_wake(&overdue, now, true), Some(now - 1_000), "online: at once");
    assert_eq!(next_wake(&overdue, now, false), Some(now + OFFLINE_RECHECK_MS), "offline: a re-check later");
    let later = [entry(1, Stage::Waiting, now + 60_000)];
    assert_eq!(next_wake(&later, now, false), Some(now + 60_000), "offline, a later due time stays");
    assert_eq!(next_wake(&[], now, false), None);
}

#[test]
fn only_an_earlier_wake_up_replaces_the_timer() {
    assert!(replaces_timer(None, 5));
    assert!(replaces_timer(Some(10), 5));
    assert!(!replaces_timer(Some(10), 10));
    assert!(!replaces_timer(Some(10), 20));
}

#[test]
fn a_sync_waits_for_the_message_only_when_nothing_is_pending() {
    assert!(sync_waits_for_message(&[]));
    assert!(sync_waits_for_message(&[entry(1, Stage::Failed, 0), entry(2, Stage::Expired, 0)]));
    assert!(!sync_waits_for_message(&[entry(1, Stage::Waiting, 99)]));
    assert!(!sync_waits_for_message(&[entry(1, Stage::Sending { lease_until_ms: 9 }, 0)]));
}

#[test]
fn a_sync_waits_in_place_for_a_retry_due_soon_within_its_budget() {
    let started = 1_000_000;
    assert_eq!(sync_step(None, started, started, false, false), SyncStep::Done);
    assert_eq!(sync_step(Some(started + 2_000), started, started, false, false), SyncStep::WaitInPlace { ms: 2_000 });
    assert_eq!(
        sync_step(Some(started - 5), started, started, false, false),
        SyncStep::WaitInPlace { ms: 0 },
        "overdue: at once"
    );
    let edge = started + SYNC_INLINE_WAIT_MAX_MS;
    assert_eq!(
        sync_step(Some(edge), started, started, false, false),
        SyncStep::WaitInPlace { ms: SYNC_INLINE_WAIT_MAX_MS }
    );
    // Late in the event, even a short wait would outlive the browser's patience.
    let late = started + SYNC_EVENT_BUDGET_MS - 1_000;
    assert_eq!(
        sync_step(Some(late + 2_000), started, late, false, false),
        SyncStep::GiveBack { wake_at: late + 2_000 }
    );
}

#[test]
fn a_retry_not_due_soon_gives_the_sync_back_or_on_the_last_chance_registers_it_again() {
    let started = 0;
    let far = SYNC_INLINE_WAIT_MAX_MS + 1;
    assert_eq!(sync_step(Some(far), started, started, false, false), SyncStep::GiveBack { wake_at: far });
    assert_eq!(sync_step(Some(far), started, started, true, false), SyncStep::RegisterAgain { wake_at: far });
    // The last chance changes nothing while the wait is short.
    assert_eq!(sync_step(Some(10), started, started, true, false), SyncStep::WaitInPlace { ms: 10 });
    // A new version of the worker waits for this event to end: it neither waits in place nor
    // registers again (that sync would fire here); the new worker drains at its activation.
    assert_eq!(sync_step(Some(started + 2_000), started, started, false, true), SyncStep::HandOver);
    assert_eq!(sync_step(Some(started + 600_000), started, started, true, true), SyncStep::HandOver);
    assert_eq!(sync_step(None, started, started, false, true), SyncStep::Done);
}

#[test]
fn the_press_time_comes_from_the_page_or_else_the_worker_clock() {
    assert_eq!(created_at_ms(Some(1_700_000_000_000.0), 5), 1_700_000_000_000);
    assert_eq!(created_at_ms(Some(f64::NAN), 5), 5, "unreadable text");
    assert_eq!(created_at_ms(None, 5), 5);
}

#[test]
fn a_drain_never_sends_while_entries_wait_for_a_due_time() {
    // The scheduling and the drain agree: an entry that next_due puts in the future is not claimed.
    let store = store_with(1, 0);
    let server = ScriptedServer::answering(&[503]);
    let env = FakeEnv::default();
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    let entries = block_on(store.all()).unwrap();
    let due = next_due(&entries, env.now.get()).expect("a retry is pending");
    assert!(due > env.now.get());
    env.now.set(due - 1);
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(server.requests.borrow().len(), 1, "not sent before it is due");
    env.now.set(due);
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(server.requests.borrow().len(), 2, "sent once due");
}

#[test]
fn a_sync_without_data_sends_anonymous_unless_a_recent_delivery_answered_it() {
    let now = 10 * DELIVERY_ANSWERS_SYNC_MS;
    assert!(sync_sends_anonymous(None, now), "nothing ever delivered: the original pattern's lost message");
    assert!(!sync_sends_anonymous(Some(now - 1_000), now), "a drain delivered what it was registered for");
    assert!(!sync_sends_anonymous(Some(now - DELIVERY_ANSWERS_SYNC_MS), now), "Chromium's retries come within it");
    assert!(sync_sends_anonymous(Some(now - DELIVERY_ANSWERS_SYNC_MS - 1), now));
}
