//! The durable outbox: every submission is stored before the page hears "queued", and removed
//! only once the server acknowledged it.
//!
//! As in Workbox's background-sync, the queue's policy is kept apart from its storage: `entry` is
//! what is stored, `policy` decides (backoff, expiry, leases, what an answer means), `store` is
//! the storage trait (IndexedDB in the browser, memory in tests), and `drain` sends what is due.
//! None of these modules touch a browser type, so `cargo test` runs them natively.

pub mod drain;
pub mod entry;
pub mod policy;
pub mod store;

#[cfg(test)]
mod tests;
