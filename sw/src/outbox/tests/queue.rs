//! The queue over a fake host, event by event as the worker meets them: a page's message online
//! and offline, the sync event and its rendezvous with the message, retries, and a burst of
//! wake-ups. Each test counts what a person or an operator would: the requests the server got,
//! the calls to the store (the browser's IndexedDB transactions), the reports and registrations.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;
use outbox_protocol::{PageToWorker, WorkerToPage};

use super::fake_host::{queue, FakeHost};
use super::*;
use crate::outbox::policy::SYNC_WAITS_FOR_MESSAGE_MS;
use crate::outbox::queue::Outbox;

const DATA_TAG: &str = "sample_sync_event";

fn submission(n: u128, text: &str) -> PageToWorker {
    PageToWorker::Bgsync { id: Some(id(n)), form: None, fields: name(text), pressed_at: None, images: Vec::new() }
}

/// Runs `task` to its end, moving the clock to each timer in turn while it waits on one (and
/// running whatever the queue spawned meanwhile); panics if it waits on nothing.
fn run<T: 'static>(pool: &mut LocalPool, host: &FakeHost, task: impl Future<Output = T> + 'static) -> T {
    let result = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&result);
    pool.spawner().spawn_local(async move { *slot.borrow_mut() = Some(task.await) }).unwrap();
    for _ in 0..100 {
        pool.run_until_stalled();
        if let Some(done) = result.borrow_mut().take() {
            return done;
        }
        let due = host.next_timer().expect("the task waits on no timer: it would never end");
        host.advance(due - host.now_ms());
    }
    panic!("the task did not end within 100 timers");
}

/// Runs whatever the queue spawned, moving the clock to each timer in turn, until the outbox is
/// empty.
fn until_empty(pool: &mut LocalPool, host: &FakeHost) {
    for _ in 0..100 {
        pool.run_until_stalled();
        if block_on(host.store.all()).unwrap().is_empty() {
            return;
        }
        let due = host.next_timer().expect("entries wait, and no timer will send them");
        host.advance(due - host.now_ms());
    }
    panic!("the outbox was not empty after 100 timers");
}

/// Every message the pages were told about the submission `n`, in order.
fn told_of(outbox: &Outbox<FakeHost>, n: u128) -> Vec<WorkerToPage> {
    let wanted = id(n);
    let told = outbox.host().told.borrow();
    told.iter()
        .filter(|m| match m {
            WorkerToPage::Queued { id } | WorkerToPage::Sending { id } | WorkerToPage::Failed { id, .. } => {
                *id == wanted
            }
            _ => false,
        })
        .cloned()
        .collect()
}

#[test]
fn an_online_submission_is_one_request_a_write_and_its_settling_and_its_sync_reads_nothing() {
    let (outbox, mut pool) = queue(&[]);
    let host = outbox.host();
    // The page's load asks for a drain: it finds nothing.
    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.act_on(PageToWorker::Drain).await }
    })
    .unwrap();
    assert_eq!(host.store.take_calls(), vec!["claim_due"]);
    let reports = host.reports.get();

    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.act_on(submission(1, "Alice")).await }
    })
    .unwrap();
    assert_eq!(*host.server.requests.borrow(), vec![vec![id(1)]]);
    host.server.assert_each_delivered_once(1);
    // The write, then the settling: no claim, no read of the outbox.
    assert_eq!(host.store.take_calls(), vec!["add", "apply_outcomes"]);
    assert_eq!(host.reports.get(), reports + 1, "one report of the outbox after it");
    // The pages hear "sending" and "queued" (in either order: online the send starts first), and
    // "sent" once, from the report, which lists it among the delivered.
    let mut told = told_of(&outbox, 1);
    told.sort_by_key(|m| matches!(m, WorkerToPage::Queued { .. }));
    assert_eq!(told, vec![WorkerToPage::Sending { id: id(1) }, WorkerToPage::Queued { id: id(1) }]);
    assert_eq!(host.store.delivered_ids(), vec![id(1)]);
    assert!(host.told.borrow().contains(&WorkerToPage::Queued { id: id(1) }));

    // The sync the page registers once it heard "queued": the message's own send answered it.
    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.on_sync(DATA_TAG, false).await }
    })
    .unwrap();
    assert_eq!(host.store.take_calls(), Vec::<&str>::new(), "the sync costs no store call");
    assert_eq!(host.server.requests.borrow().len(), 1, "and no request");
    assert!(host.registered.borrow().is_empty(), "nothing waits: no sync registered");
}

#[test]
fn a_submission_that_wakes_the_worker_with_a_drain_request_is_written_before_the_drain_reads() {
    // A stopped worker woken by a page's drain request and a submission at once (a page that
    // loads, or comes back online, as the person sends): one open of the store for both, and the
    // submission's write before the drain's reads, so that the page hears "queued" first.
    for online in [false, true] {
        let (outbox, mut pool) = queue(&[]);
        let host = outbox.host();
        host.offline.set(!online);
        for message in [PageToWorker::Drain, submission(1, "Alice")] {
            let o = Rc::clone(&outbox);
            pool.spawner().spawn_local(async move { o.act_on(message).await.unwrap() }).unwrap();
        }
        pool.run_until_stalled();
        assert_eq!(host.opens.get(), 1, "one open for both events (online: {online})");
        let calls = host.store.take_calls();
        assert_eq!(calls.first(), Some(&"add"), "the write first (online: {online}): {calls:?}");
        assert!(host.told.borrow().contains(&WorkerToPage::Queued { id: id(1) }));
    }
}

#[test]
fn an_offline_submission_is_kept_registers_the_sync_and_is_sent_once_by_it() {
    let (outbox, mut pool) = queue(&[]);
    let host = outbox.host();
    host.offline.set(true);
    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.act_on(submission(1, "Alice")).await }
    })
    .unwrap();
    assert!(host.server.requests.borrow().is_empty(), "no request while offline");
    assert!(host.told.borrow().contains(&WorkerToPage::Queued { id: id(1) }));
    assert_eq!(block_on(host.store.all()).unwrap().len(), 1, "kept on the device");
    assert_eq!(*host.registered.borrow(), vec![DATA_TAG.to_string()]);

    host.offline.set(false);
    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.on_sync(DATA_TAG, false).await }
    })
    .unwrap();
    assert_eq!(*host.server.requests.borrow(), vec![vec![id(1)]]);
    host.server.assert_each_delivered_once(1);
    assert!(block_on(host.store.all()).unwrap().is_empty());
    assert_eq!(host.store.delivered_ids(), vec![id(1)], "the next report lists it delivered");
}

#[test]
fn a_sync_that_fires_before_the_message_waits_for_it_and_sends_nothing_of_its_own() {
    let (outbox, mut pool) = queue(&[]);
    let host = outbox.host();
    let (o1, o2) = (Rc::clone(&outbox), Rc::clone(&outbox));
    // The original pattern: the tag registered first, the message posted after it.
    let both = async move { futures::join!(o1.on_sync(DATA_TAG, false), o2.act_on(submission(1, "Alice"))) };
    let (synced, acted) = run(&mut pool, host, both);
    synced.unwrap();
    acted.unwrap();
    assert_eq!(*host.server.requests.borrow(), vec![vec![id(1)]], "one request: the message's, no `anonymous`");
    host.server.assert_each_delivered_once(1);
}

#[test]
fn a_sync_that_gets_no_message_in_time_sends_the_forms_no_data_fields_once() {
    let (outbox, mut pool) = queue(&[]);
    let host = outbox.host();
    let started = host.now_ms();
    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.on_sync(DATA_TAG, false).await }
    })
    .unwrap();
    assert!(host.now_ms() - started >= u64::from(SYNC_WAITS_FOR_MESSAGE_MS), "it waited for the message");
    let requests = host.server.requests.borrow();
    assert_eq!(requests.len(), 1, "one `anonymous`");
    assert_eq!(*host.server.delivered.borrow(), requests[0]);
}

#[test]
fn a_retry_due_later_gives_the_sync_back_and_the_workers_timer_sends_it_once() {
    let failures = 8;
    let (outbox, mut pool) = queue(&[503; 8]);
    let host = outbox.host();
    run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.act_on(submission(1, "Alice")).await }
    })
    .unwrap();
    assert_eq!(host.server.requests.borrow().len(), 1, "sent at once, and refused 503");
    // The sync waits in place for retries due soon, and gives the event back once the next is
    // later than it may wait (the browser fires it again).
    let given_back = run(&mut pool, host, {
        let o = Rc::clone(&outbox);
        async move { o.on_sync(DATA_TAG, false).await }
    });
    assert!(given_back.unwrap_err().contains("wait for a retry"));
    assert!(host.next_timer().is_some(), "the worker's own timer is set");
    until_empty(&mut pool, host);
    assert_eq!(*host.server.requests.borrow(), vec![vec![id(1)]; failures + 1], "each attempt once");
    host.server.assert_each_delivered_once(1);
    assert_eq!(host.store.delivered_ids(), vec![id(1)], "the next report lists it delivered");
}

#[test]
fn a_burst_of_wake_ups_sends_each_waiting_submission_once_in_one_batch() {
    let (outbox, mut pool) = queue(&[]);
    let host = outbox.host();
    host.offline.set(true);
    for n in 1..=3 {
        run(&mut pool, host, {
            let o = Rc::clone(&outbox);
            async move { o.act_on(submission(n, "name")).await }
        })
        .unwrap();
    }
    host.offline.set(false);
    host.store.take_calls();
    let wakes: Vec<_> = (0..10)
        .map(|_| {
            let o = Rc::clone(&outbox);
            async move { o.wake().await }
        })
        .collect();
    for woke in run(&mut pool, host, futures::future::join_all(wakes)) {
        woke.unwrap();
    }
    host.server.assert_each_delivered_once(3);
    assert_eq!(host.server.requests.borrow().len(), 1, "one batch");
    let claims = host.store.take_calls().iter().filter(|c| **c == "claim_due").count();
    assert!(claims <= 4, "ten wake-ups are at most two drains (two claims each), not ten: {claims} claims");
}
