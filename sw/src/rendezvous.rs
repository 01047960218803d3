//! The rendezvous of the page's `message` and the `sync` event, which may come in either order.
//!
//! Online, Chromium fires the sync before the page's message arrives; offline, the message comes
//! first and the sync fires when the network returns. A message is held until a sync takes it (it
//! is never dropped); a sync that finds nothing held waits for the next message, up to a timeout,
//! and then gives up without inventing data. Free of browser types so `cargo test` covers it.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;

use futures::channel::oneshot;
use futures::future::{select, Either};

/// Messages waiting for a sync, and syncs waiting for a message.
pub struct Rendezvous<T> {
    held: VecDeque<T>,
    waiting_syncs: VecDeque<oneshot::Sender<T>>,
}

/// Where an offered message went.
#[derive(Debug, PartialEq, Eq)]
pub enum Offered {
    /// A waiting sync took it and will send it.
    Handed,
    /// No sync is waiting: it is held for the next one.
    Held,
}

impl<T> Default for Rendezvous<T> {
    fn default() -> Self {
        Self { held: VecDeque::new(), waiting_syncs: VecDeque::new() }
    }
}

impl<T> Rendezvous<T> {
    /// A message arrived: hand it to the oldest sync still waiting, or hold it.
    pub fn offer(&mut self, mut item: T) -> Offered {
        while let Some(sync) = self.waiting_syncs.pop_front() {
            match sync.send(item) {
                Ok(()) => return Offered::Handed,
                // That sync gave up (timed out); try the next one.
                Err(returned) => item = returned,
            }
        }
        self.held.push_back(item);
        Offered::Held
    }

    /// Everything held, oldest first.
    pub fn take_held(&mut self) -> Vec<T> {
        self.held.drain(..).collect()
    }

    pub fn held_count(&self) -> usize {
        self.held.len()
    }

    fn wait(&mut self) -> oneshot::Receiver<T> {
        let (sender, receiver) = oneshot::channel();
        self.waiting_syncs.push_back(sender);
        receiver
    }
}

/// A sync event's side of the rendezvous: everything held, or else the next message to arrive
/// before `timeout` completes. `None` means no data came: the caller sends nothing.
pub async fn claim_for_sync<T>(
    cell: &'static std::thread::LocalKey<RefCell<Rendezvous<T>>>,
    timeout: impl Future<Output = ()>,
) -> Option<Vec<T>> {
    let mut receiver = {
        let held = cell.with(|r| r.borrow_mut().take_held());
        if !held.is_empty() {
            return Some(held);
        }
        cell.with(|r| r.borrow_mut().wait())
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
    items.extend(cell.with(|r| r.borrow_mut().take_held()));
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::rc::Rc;

    thread_local! {
        static R: RefCell<Rendezvous<&'static str>> = RefCell::new(Rendezvous::default());
    }

    fn reset() {
        R.with(|r| *r.borrow_mut() = Rendezvous::default());
    }

    fn offer(item: &'static str) -> Offered {
        R.with(|r| r.borrow_mut().offer(item))
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
        reset();
        assert_eq!(offer("a"), Offered::Held);
        assert_eq!(offer("b"), Offered::Held);
        let (_fire, timer) = manual_timer();
        let got = futures::executor::block_on(claim_for_sync(&R, timer));
        assert_eq!(got, Some(vec!["a", "b"]));
        assert_eq!(R.with(|r| r.borrow().held_count()), 0);
    }

    type Outcome = Rc<RefCell<Option<Option<Vec<&'static str>>>>>;

    /// Starts a sync that waits (on `timer`) in `pool`; its result lands in the returned cell.
    fn spawn_waiting_sync(pool: &LocalPool, timer: impl Future<Output = ()> + 'static) -> Outcome {
        let result: Outcome = Rc::new(RefCell::new(None));
        let out = result.clone();
        pool.spawner()
            .spawn_local(async move { *out.borrow_mut() = Some(claim_for_sync(&R, timer).await) })
            .unwrap();
        result
    }

    #[test]
    fn sync_first_waits_for_the_message() {
        reset();
        let mut pool = LocalPool::new();
        let (_fire, timer) = manual_timer();
        let result = spawn_waiting_sync(&pool, timer);
        pool.run_until_stalled();
        assert!(result.borrow().is_none(), "the sync must wait while no message came");
        assert_eq!(offer("late"), Offered::Handed);
        pool.run_until_stalled();
        assert_eq!(*result.borrow(), Some(Some(vec!["late"])));
    }

    #[test]
    fn a_sync_without_data_times_out_and_sends_nothing() {
        reset();
        let mut pool = LocalPool::new();
        let (fire, timer) = manual_timer();
        let result = spawn_waiting_sync(&pool, timer);
        pool.run_until_stalled();
        fire.send(()).unwrap();
        pool.run_until_stalled();
        assert_eq!(*result.borrow(), Some(None));
        // A message after the timeout is not lost: it waits for the next sync.
        assert_eq!(offer("after"), Offered::Held);
        assert_eq!(R.with(|r| r.borrow().held_count()), 1);
    }

    #[test]
    fn a_message_handed_as_the_timeout_fires_is_kept() {
        reset();
        let mut pool = LocalPool::new();
        let (fire, timer) = manual_timer();
        let result = spawn_waiting_sync(&pool, timer);
        pool.run_until_stalled();
        // Both happen before the waiting sync is polled again.
        assert_eq!(offer("racing"), Offered::Handed);
        fire.send(()).unwrap();
        pool.run_until_stalled();
        assert_eq!(*result.borrow(), Some(Some(vec!["racing"])));
    }
}
