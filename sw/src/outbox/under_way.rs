//! A count of things under way (new submissions' sends, their writes), and the tasks waiting until
//! none is: the queue keeps one per kind instead of a counter and a waiting list each.

use std::cell::{Cell, RefCell};

use futures::channel::oneshot;

#[derive(Default)]
pub struct UnderWay {
    count: Cell<u32>,
    /// Tasks waiting for the count to reach zero.
    waiting: RefCell<Vec<oneshot::Sender<()>>>,
}

impl UnderWay {
    pub fn start(&self) {
        self.count.set(self.count.get() + 1);
    }

    /// One ended; at none, every waiting task goes on.
    pub fn end(&self) {
        self.count.set(self.count.get().saturating_sub(1));
        if self.count.get() == 0 {
            for waiting in self.waiting.take() {
                let _ = waiting.send(());
            }
        }
    }

    pub fn any(&self) -> bool {
        self.count.get() > 0
    }

    /// Completes once none is under way.
    pub async fn none(&self) {
        while self.any() {
            let (ended, wait) = oneshot::channel();
            self.waiting.borrow_mut().push(ended);
            let _ = wait.await;
        }
    }
}
