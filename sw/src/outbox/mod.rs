//! The durable outbox's logic, free of browser types so `cargo test` runs it natively: every
//! submission is stored before the page hears "queued", and removed only once the server
//! acknowledged it.
//!
//! As in Workbox's background-sync, the policy is kept apart from the storage: `entry` is what is
//! stored, `delivered` what the server acknowledged (the person's own list), `policy` decides
//! (backoff, expiry, leases, what an answer means, when to wake), `store` is the storage trait
//! (IndexedDB in the browser, `memory_store` in the tests), `drain` sends what is due, and
//! `run_again` folds a burst of drains or reports into one more; `sort` orders the outbox and
//! the delivered list.
//!
//! The queue that ties them is here too, over a `host` (the browser's side is
//! `crate::browser::host`): `queue` (`Outbox`, its state), `intake` (a page's message),
//! `scheduling` (drains outside a sync event, and what wakes the worker next), `sync_event` and
//! its `rendezvous` with the page's message; `under_way` counts sends and writes it waits for.

pub mod delivered;
pub mod drain;
pub mod entry;
pub mod host;
pub mod intake;
pub mod policy;
pub mod queue;
pub mod rendezvous;
pub mod run_again;
pub mod scheduling;
pub mod sort;
pub mod store;
pub mod sync_event;
pub mod under_way;

#[cfg(test)]
mod memory_store;
#[cfg(test)]
mod tests;
