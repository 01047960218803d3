//! "Run once, and once more if asked meanwhile": the one state machine behind the worker's
//! coalesced drains and its throttled outbox reports. A burst of requests while a run is going is
//! folded into a single next run, so 1,000 submissions cost a handful of drains and reports.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Idle,
    Running,
    /// Running, and asked again meanwhile: one more round when this one ends.
    RunningAgain,
}

/// A job that runs once at a time, and once more after a round during which it was asked again.
pub struct RunAgain(Cell<State>);

impl Default for RunAgain {
    fn default() -> Self {
        Self(Cell::new(State::Idle))
    }
}

impl RunAgain {
    /// Runs `round` now, and again as long as it was asked again during the round; when a round is
    /// already going, only asks it to run once more and returns at once.
    pub async fn run<'a>(&self, round: &mut dyn FnMut() -> Pin<Box<dyn Future<Output = ()> + 'a>>) {
        if self.0.get() != State::Idle {
            self.0.set(State::RunningAgain);
            return;
        }
        loop {
            self.0.set(State::Running);
            round().await;
            if self.0.get() == State::Running {
                self.0.set(State::Idle);
                return;
            }
        }
    }

    /// Whether a round is going.
    #[cfg(test)]
    fn is_running(&self) -> bool {
        self.0.get() != State::Idle
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use futures::channel::oneshot;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;

    use super::*;

    #[test]
    fn asked_while_idle_it_runs_once() {
        let job = RunAgain::default();
        let rounds = Cell::new(0);
        futures::executor::block_on(job.run(&mut || Box::pin(async { rounds.set(rounds.get() + 1) })));
        assert_eq!(rounds.get(), 1);
        assert!(!job.is_running());
    }

    #[test]
    fn asked_many_times_during_a_round_it_runs_exactly_once_more() {
        let job = Rc::new(RunAgain::default());
        let rounds = Rc::new(Cell::new(0));
        // The first round waits for `go`, so the other requests come while it runs.
        let (go, gate) = oneshot::channel::<()>();
        let gate = Rc::new(RefCell::new(Some(gate)));
        let mut pool = LocalPool::new();
        let round = {
            let (rounds, gate) = (rounds.clone(), gate.clone());
            move || -> Pin<Box<dyn Future<Output = ()>>> {
                let (rounds, gate) = (rounds.clone(), gate.borrow_mut().take());
                Box::pin(async move {
                    if let Some(gate) = gate {
                        let _ = gate.await;
                    }
                    rounds.set(rounds.get() + 1);
                })
            }
        };
        for _ in 0..5 {
            let (job, round) = (job.clone(), round.clone());
            let mut round = round.clone();
            pool.spawner().spawn_local(async move { job.run(&mut round).await }).unwrap();
        }
        pool.run_until_stalled();
        assert!(job.is_running(), "the first round waits at its gate");
        assert_eq!(rounds.get(), 0);
        go.send(()).unwrap();
        pool.run_until_stalled();
        assert_eq!(rounds.get(), 2, "the four requests made during the first round are one more round");
        assert!(!job.is_running());
    }
}
