//! The durable outbox's logic, free of browser types so `cargo test` runs it natively: every
//! submission is stored before the page hears "queued", and removed only once the server
//! acknowledged it.
//!
//! As in Workbox's background-sync, the policy is kept apart from the storage: `entry` is what is
//! stored, `delivered` what the server acknowledged (the person's own list), `policy` decides
//! (backoff, expiry, leases, what an answer means, when to wake), `store` is the storage trait
//! (IndexedDB in the browser, `memory_store` in the tests), `drain` sends what is due, and
//! `run_again` folds a burst of drains or reports into one more. The browser's side is
//! `crate::browser`; the object that ties them is `crate::queue::Outbox`.

pub mod delivered;
pub mod drain;
pub mod entry;
pub mod policy;
pub mod run_again;
pub mod store;

#[cfg(test)]
mod memory_store;
#[cfg(test)]
mod tests;
