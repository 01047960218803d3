//! The rendezvous of the page's `message` and the `sync` event, which may come in either order:
//! the heart of the original Background Sync pattern.
//!
//! What it pairs today: the submission itself travels through the IndexedDB outbox, so the
//! rendezvous carries only the *signal* that a new entry was stored (its id). Online, a sync may
//! fire before the page's message arrives: a sync that finds nothing pending in the outbox waits
//! here for the next stored entry, up to a timeout (then the original pattern sends `anonymous`,
//! `sync_event` decides). When the message comes first its id is held until a sync takes it, even
//! if a drain delivered the entry meanwhile: that sync is answered by it, and must not wait for
//! another. Nothing is ever dropped by it: the outbox keeps the data.
//! Free of browser types, so `cargo test` covers it.

use std::cell::RefCell;
use std::future::Future;

use futures::channel::oneshot;
use futures::future::{select, Either};

/// How many messages are held for syncs at most.
pub const MAX_HELD: usize = 256;

/// Messages waiting for a sync, and syncs waiting for a message.
pub struct Rendezvous<T> {
    // Plain vectors, oldest first: a few items at most, and the worker then carries no VecDeque.
    held: Vec<T>,
    waiting_syncs: Vec<oneshot::Sender<T>>,
}

impl<T> Default for Rendezvous<T> {
    fn default() -> Self {
        Self { held: Vec::new(), waiting_syncs: Vec::new() }
    }
}

impl<T> Rendezvous<T> {
    /// A message arrived: hand it to the oldest sync still waiting, or hold it (the newest
    /// `MAX_HELD`: in a browser without Background Sync no sync ever takes them).
    pub fn offer(&mut self, mut item: T) {
        while !self.waiting_syncs.is_empty() {
            let sync = self.waiting_syncs.remove(0);
            match sync.send(item) {
                Ok(()) => return,
                // That sync gave up (timed out); try the next one.
                Err(returned) => item = returned,
            }
        }
        if self.held.len() == MAX_HELD {
            self.held.remove(0);
        }
        self.held.push(item);
    }

    /// Everything held, oldest first.
    pub fn take_held(&mut self) -> Vec<T> {
        std::mem::take(&mut self.held)
    }

    fn wait(&mut self) -> oneshot::Receiver<T> {
        let (sender, receiver) = oneshot::channel();
        self.waiting_syncs.push(sender);
        receiver
    }
}

/// A sync event's side of the rendezvous: everything held, or else the next message to arrive
/// before `timeout` completes. `None` means no data came.
pub async fn claim_for_sync<T>(
    rendezvous: &RefCell<Rendezvous<T>>,
    timeout: impl Future<Output = ()>,
) -> Option<Vec<T>> {
    let mut receiver = {
        let held = rendezvous.borrow_mut().take_held();
        if !held.is_empty() {
            return Some(held);
        }
        rendezvous.borrow_mut().wait()
    };
    let first = match select(&mut receiver, std::pin::pin!(timeout)).await {
        Either::Left((Ok(item), _)) => item,
        Either::Left((Err(oneshot::Canceled), _)) => return None,
        Either::Right(((), _)) => {
            // Close first so no message can be handed to us any more, then take one that was
            // handed in the same instant the timeout fired: it must not be lost.
            receiver.close();
            match receiver.try_recv() {
                Ok(Some(item)) => item,
                _ => return None,
            }
        }
    };
    let mut items = vec![first];
    items.extend(rendezvous.borrow_mut().take_held());
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::rc::Rc;

    type Shared = Rc<RefCell<Rendezvous<&'static str>>>;

    fn held(r: &Shared) -> Vec<&'static str> {
        r.borrow_mut().take_held()
    }

    /// A timer the test fires by hand.
    fn manual_timer() -> (oneshot::Sender<()>, impl Future<Output = ()>) {
        let (fire, wait) = oneshot::channel::<()>();
        (fire, async move {
            let _ = wait.await;
        })
    }

    #[test]
    fn message_first_is_held_until_the_sync_takes_it() {
        let r = Shared::default();
        r.borrow_mut().offer("a");
        r.borrow_mut().offer("b");
        let (_fire, timer) = manual_timer();
        let got = futures::executor::block_on(claim_for_sync(&r, timer));
        assert_eq!(got, Some(vec!["a", "b"]));
        assert!(held(&r).is_empty(), "taken, not copied");
    }

    type Outcome = Rc<RefCell<Option<Option<Vec<&'static str>>>>>;

    /// Starts a sync that waits (on `timer`) in `pool`; its result lands in the returned cell.
    fn spawn_waiting_sync(pool: &LocalPool, r: &Shared, timer: impl Future<Output = ()> + 'static) -> Outcome {
        let result: Outcome = Rc::new(RefCell::new(None));
        let (out, r) = (result.clone(), r.clone());
        pool.spawner().spawn_local(async move { *out.borrow_mut() = Some(claim_for_sync(&r, timer).await) }).unwrap();
        result
    }

    #[test]
    fn sync_first_waits_for_the_message() {
        let r = Shared::default();
        let mut pool = LocalPool::new();
        let (_fire, timer) = manual_timer();
        let result = spawn_waiting_sync(&pool, &r, timer);
        pool.run_until_stalled();
        assert!(result.borrow().is_none(), "the sync must wait while no message came");
        r.borrow_mut().offer("late");
        assert!(held(&r).is_empty(), "handed to the waiting sync, not held");
        pool.run_until_stalled();
        assert_eq!(*result.borrow(), Some(Some(vec!["late"])));
    }

    #[test]
    fn a_sync_without_data_times_out_and_sends_nothing() {
        let r = Shared::default();
        let mut pool = LocalPool::new();
        let (fire, timer) = manual_timer();
        let result = spawn_waiting_sync(&pool, &r, timer);
        pool.run_until_stalled();
        fire.send(()).unwrap();
        pool.run_until_stalled();
        assert_eq!(*result.borrow(), Some(None));
        // A message after the timeout is not lost: it waits for the next sync.
        r.borrow_mut().offer("after");
        assert_eq!(held(&r), vec!["after"]);
    }

    #[test]
    fn at_most_max_held_messages_wait_the_oldest_go_first() {
        let mut r = Rendezvous::default();
        for n in 0..MAX_HELD + 2 {
            r.offer(n);
        }
        let held = r.take_held();
        assert_eq!(held.len(), MAX_HELD);
        assert_eq!(held[0], 2);
    }

    #[test]
    fn a_message_handed_as_the_timeout_fires_is_kept() {
        let r = Shared::default();
        let mut pool = LocalPool::new();
        let (fire, timer) = manual_timer();
        let result = spawn_waiting_sync(&pool, &r, timer);
        pool.run_until_stalled();
        // Both happen before the waiting sync is polled again.
        r.borrow_mut().offer("racing");
        fire.send(()).unwrap();
        pool.run_until_stalled();
        assert_eq!(*result.borrow(), Some(Some(vec!["racing"])));
        assert!(held(&r).is_empty());
    }
}
