//! Draining: what is sent, in which requests, and what each answer does to an entry.

use super::*;

#[test]
fn a_single_entry_goes_alone_and_is_removed_once_delivered() {
    let store = store_with(1, 0);
    let server = ScriptedServer::answering(&[201]);
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.delivered, 1);
    assert_eq!(*server.requests.borrow(), vec![vec![id(1)]]);
    assert!(block_on(store.all()).unwrap().is_empty());
    // The server's record joins the person's own list, in the same step.
    let delivered = block_on(store.entries_and_delivered(env.now.get())).unwrap().1;
    assert_eq!(delivered.len(), 1);
    assert!(delivered[0].as_str().contains(&id(1).to_string()), "{:?}", delivered[0]);
}

#[test]
fn a_long_queue_goes_in_batches() {
    let store = store_with(120, 0);
    let server = ScriptedServer::default();
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.delivered, 120);
    let sizes: Vec<usize> = server.requests.borrow().iter().map(Vec::len).collect();
    assert_eq!(sizes, [50, 50, 20]);
    server.assert_each_delivered_once(120);
    assert_eq!(block_on(store.entries_and_delivered(env.now.get())).unwrap().1.len(), 120);
}

#[test]
fn a_rounds_batches_travel_at_once_and_the_next_round_claims_what_is_left() {
    let store = store_with(250, 0);
    let server = ScriptedServer::default();
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.delivered, 250);
    let sizes: Vec<usize> = server.requests.borrow().iter().map(Vec::len).collect();
    assert_eq!(sizes, [50, 50, 50, 50, 50]);
    // A round claims `batch_max` × `requests_at_once` (200): its four requests at once, then one.
    assert_eq!(server.most_in_flight.get(), CONFIG.requests_at_once);
    server.assert_each_delivered_once(250);
    assert!(block_on(store.all()).unwrap().is_empty());
}

#[test]
fn a_5xx_keeps_the_entry_with_backoff_and_it_is_sent_once_due() {
    let store = store_with(1, 0);
    let server = ScriptedServer::answering(&[503, 503]);
    let env = FakeEnv::default();

    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    let entry = block_on(store.get(id(1))).unwrap().expect("kept after a 503");
    assert_eq!(entry.stage, Stage::Waiting);
    assert_eq!(entry.attempts, 1);
    assert_eq!(entry.next_attempt_at_ms, backoff_ms(1, 0.5));
    assert_eq!(entry.last_error.as_deref(), Some("server answered 503"));

    // Not yet due: nothing is sent.
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(server.requests.borrow().len(), 1);

    env.now.set(entry.next_attempt_at_ms);
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    let entry = block_on(store.get(id(1))).unwrap().unwrap();
    assert_eq!(entry.attempts, 2);
    assert!(entry.next_attempt_at_ms - env.now.get() >= 1_000, "the second wait is longer");

    env.now.set(entry.next_attempt_at_ms);
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.delivered, 1);
    server.assert_each_delivered_once(1);
    assert!(block_on(store.all()).unwrap().is_empty());
}

#[test]
fn a_refusal_is_kept_as_failed_and_not_retried_until_the_person_asks() {
    let store = store_with(1, 0);
    let server = ScriptedServer::answering(&[422]);
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.refused, 1);
    let entry = block_on(store.get(id(1))).unwrap().unwrap();
    assert_eq!(entry.stage, Stage::Failed);

    env.now.set(10 * BACKOFF_MAX_MS);
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(server.requests.borrow().len(), 1, "a failed entry is never retried by itself");

    block_on(store.put(policy::retry_now(entry, Some(name("edited")), env.now.get()))).unwrap();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.delivered, 1);
}

#[test]
fn outcomes_are_classified_by_status() {
    let class = |s| policy::outcome_of_status(s, String::new(), None);
    assert_eq!(class(200), Outcome::Delivered);
    assert_eq!(class(201), Outcome::Delivered);
    for retry in [408, 429, 500, 502, 503, 504, 302] {
        assert!(matches!(class(retry), Outcome::RetryLater { .. }), "{retry}");
    }
    for refused in [400, 401, 404, 413, 415, 422] {
        assert!(matches!(class(refused), Outcome::Refused { .. }), "{refused}");
    }
}

#[test]
fn backoff_grows_exponentially_with_jitter_and_is_capped() {
    assert_eq!(backoff_ms(1, 0.0), 500);
    assert_eq!(backoff_ms(1, 0.999_999), 999);
    assert_eq!(backoff_ms(2, 0.0), 1_000);
    assert_eq!(backoff_ms(5, 0.0), 8_000);
    assert_eq!(backoff_ms(40, 0.0), BACKOFF_MAX_MS / 2);
    assert!(backoff_ms(40, 0.999_999) < BACKOFF_MAX_MS);
    assert!(backoff_ms(u32::MAX, 1.0) <= BACKOFF_MAX_MS);
}

#[test]
fn retry_after_is_honoured() {
    let entry = policy::claim(OutboxEntry::new(id(1), None, name("x"), 0, Vec::new()), 0);
    let outcome = Outcome::RetryLater { reason: "429".into(), retry_after_ms: Some(30_000) };
    match policy::after_attempt(entry, outcome, 100, 0.5) {
        policy::Next::Keep(e) => assert_eq!(e.next_attempt_at_ms, 30_100),
        other => panic!("{other:?}"),
    }
}

#[test]
fn old_entries_expire_visibly_and_are_not_sent() {
    let store = store_with(1, 0);
    let server = ScriptedServer::default();
    let env = FakeEnv::default();
    env.now.set(DEFAULT_RETENTION_MS + 1);
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert!(server.requests.borrow().is_empty());
    let entry = block_on(store.get(id(1))).unwrap().expect("an expired entry is kept for the person to see");
    assert_eq!(entry.stage, Stage::Expired);
}

/// A claim at `now_ms` by a worker that started at `started_at_ms`.
fn claim_at(now_ms: u64, started_at_ms: u64) -> Claim {
    Claim { now_ms, retention_ms: DEFAULT_RETENTION_MS, max: 10, leases_since_ms: started_at_ms }
}

#[test]
fn a_leased_entry_is_not_claimed_twice_until_its_lease_runs_out() {
    let store = store_with(2, 0);
    let first = block_on(store.claim_due(claim_at(0, 0))).unwrap().taken;
    assert_eq!(first.len(), 2);
    // A second drain of the same worker at the same time gets nothing.
    assert!(block_on(store.claim_due(claim_at(1, 0))).unwrap().taken.is_empty());
    // The first drain died: once the lease ran out, the entries are taken again.
    let again = block_on(store.claim_due(claim_at(LEASE_MS, 0))).unwrap().taken;
    assert_eq!(again.len(), 2);
    assert_eq!(again[0].attempts, 2);
}

#[test]
fn a_worker_that_starts_takes_back_at_once_the_leases_of_one_that_stopped() {
    let store = store_with(1, 0);
    // Claimed at 1000 by a worker that started at 0, which the browser then stopped mid-send.
    assert_eq!(block_on(store.claim_due(claim_at(1_000, 0))).unwrap().taken.len(), 1);
    // A worker started at 5000 sends it at once, not 60 s later.
    let taken = block_on(store.claim_due(claim_at(5_000, 5_000))).unwrap().taken;
    assert_eq!(taken.len(), 1);
    // Its own lease holds against its own later drains.
    assert!(block_on(store.claim_due(claim_at(5_001, 5_000))).unwrap().taken.is_empty());
}

#[test]
fn a_batch_that_fails_as_a_whole_keeps_every_entry() {
    let store = store_with(3, 0);
    let server = ScriptedServer::answering(&[503]);
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.retry_later, 3);
    assert_eq!(block_on(store.all()).unwrap().len(), 3);
}

#[test]
fn adding_a_known_id_again_changes_nothing() {
    let store = store_with(1, 0);
    block_on(store.add(OutboxEntry::new(id(1), None, name("other"), 5, Vec::new()), Vec::new())).unwrap();
    assert_eq!(block_on(store.get(id(1))).unwrap().unwrap().fields, name("name 1"));
}

#[test]
fn offline_nothing_is_attempted_and_no_attempt_is_counted() {
    let store = store_with(2, 0);
    let server = ScriptedServer::default();
    let env = FakeEnv::default();
    env.offline.set(true);
    block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert!(server.requests.borrow().is_empty());
    assert!(block_on(store.all()).unwrap().iter().all(|e| e.attempts == 0 && e.stage == Stage::Waiting));
    env.offline.set(false);
    assert_eq!(block_on(drain(&store, &server, &env, CONFIG)).unwrap().delivered, 2);
}

fn image_meta(n: u8) -> ImageMeta {
    ImageMeta { file_name: format!("photo{n}.jpg"), mime: "image/jpeg".into(), size: 3 }
}

#[test]
fn entries_with_images_go_alone_with_their_bytes_and_the_rest_in_batches() {
    let store = MemoryStore::default();
    // Entry 2 has one image, entry 4 three.
    let images_of = |i: u8| -> Vec<u8> {
        match i {
            2 => vec![2],
            4 => vec![4, 5, 6],
            _ => vec![],
        }
    };
    for i in 1..=5u8 {
        let metas = images_of(i).into_iter().map(image_meta).collect();
        let bytes = images_of(i).into_iter().map(|n| vec![n; 3]).collect();
        block_on(
            store.add(OutboxEntry::new(id(u128::from(i)), None, name(&format!("n{i}")), u64::from(i), metas), bytes),
        )
        .unwrap();
    }
    let server = ScriptedServer::default();
    let env = FakeEnv::default();
    env.now.set(10);
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.delivered, 5);
    // A claim ends at an image: [1, 2] (1 plain, 2 as a form), then [3, 4], then [5].
    assert_eq!(*server.requests.borrow(), vec![vec![id(2)], vec![id(1)], vec![id(4)], vec![id(3)], vec![id(5)]]);
    let sent_with = |n: &[u8]| (n.iter().map(|&n| image_meta(n)).collect(), n.iter().map(|&n| vec![n; 3]).collect());
    assert_eq!(*server.images.borrow(), vec![sent_with(&[2]), sent_with(&[4, 5, 6])], "in the order picked");
    assert!(block_on(store.images(id(4))).unwrap().is_empty(), "the bytes go with the delivered entry");
}

#[test]
fn each_form_goes_to_its_own_address_in_a_batch_of_its_own() {
    let store = MemoryStore::default();
    for (i, form) in [None, Some("inspection"), None, Some("inspection"), Some("other")].into_iter().enumerate() {
        let entry = OutboxEntry::new(id(i as u128 + 1), form.map(String::from), name("n"), i as u64, Vec::new());
        block_on(store.add(entry, Vec::new())).unwrap();
    }
    let server = ScriptedServer::default();
    let env = FakeEnv::default();
    env.now.set(10);
    assert_eq!(block_on(drain(&store, &server, &env, CONFIG)).unwrap().delivered, 5);
    assert_eq!(*server.requests.borrow(), vec![vec![id(1), id(3)], vec![id(2), id(4)], vec![id(5)]]);
    let forms = server.request_forms.borrow();
    assert_eq!(forms.iter().map(Option::as_deref).collect::<Vec<_>>(), [None, Some("inspection"), Some("other")]);
}

#[test]
fn an_image_waiting_for_a_retry_keeps_its_bytes() {
    let store = MemoryStore::default();
    let entry = OutboxEntry::new(id(1), None, name("n"), 0, vec![image_meta(1), image_meta(2)]);
    block_on(store.add(entry, vec![vec![9; 3], vec![8; 2]])).unwrap();
    let server = ScriptedServer::answering(&[503]);
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.retry_later, 1);
    assert_eq!(block_on(store.images(id(1))).unwrap(), vec![vec![9; 3], vec![8; 2]]);
    env.now.set(BACKOFF_MAX_MS);
    assert_eq!(block_on(drain(&store, &server, &env, CONFIG)).unwrap().delivered, 1);
    assert_eq!(server.images.borrow().len(), 2, "sent again, with the same bytes");
    assert_eq!(server.images.borrow()[1].1, vec![vec![9; 3], vec![8; 2]]);
}

#[test]
fn an_entry_with_an_image_is_leased_longer_and_every_request_ends_inside_its_lease() {
    use super::policy::IMAGE_LEASE_MS;
    let plain = policy::claim(OutboxEntry::new(id(1), None, name("a"), 0, Vec::new()), 0);
    let with_image = policy::claim(OutboxEntry::new(id(2), None, name("b"), 0, vec![image_meta(2)]), 0);
    assert_eq!(plain.stage, Stage::Sending { lease_until_ms: LEASE_MS });
    assert_eq!(with_image.stage, Stage::Sending { lease_until_ms: IMAGE_LEASE_MS });
    // Every request ends inside its lease: a compile-time assertion in policy.rs, in every build.
}

#[test]
fn a_refusal_naming_a_field_keeps_it_until_the_entry_is_sent_again() {
    let store = store_with(2, 0);
    let server = ScriptedServer::default();
    server.refusing.borrow_mut().push((id(2), "name"));
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!((summary.delivered, summary.refused), (1, 1));
    let failed = block_on(store.get(id(2))).unwrap().unwrap();
    assert_eq!((failed.stage.clone(), failed.refused_field.as_deref()), (Stage::Failed, Some("name")));
    assert_eq!(failed.view().refused_field.as_deref(), Some("name"), "the page is told the field");
    assert_eq!(failed.last_error.as_deref(), Some("server answered 422: name: too long"));
    let again = policy::retry_now(failed, Some(name("short")), 5);
    assert_eq!(again.refused_field, None, "sent again: no longer refused");
}

#[test]
fn a_drain_ends_with_every_entry_as_its_last_claim_left_it() {
    // Two sent and refused for a retry: the drain's caller decides when to look again from what
    // the drain saw last, with no read of its own.
    let store = store_with(2, 0);
    let server = ScriptedServer::answering(&[503]);
    let env = FakeEnv::default();
    let summary = block_on(drain(&store, &server, &env, CONFIG)).unwrap();
    assert_eq!(summary.retry_later, 2);
    let left = summary.left.expect("ended on a claim that took nothing");
    assert_eq!(left, block_on(store.all()).unwrap());
    assert!(left.iter().all(|e| e.attempts == 1 && e.stage == Stage::Waiting));
}
