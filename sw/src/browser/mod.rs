//! Everything that touches the browser, in one place: the global scope and its console (`scope`),
//! the worker's settings from its URL (`config`), IndexedDB (`idb`, `idb_store`), Cache Storage
//! (`cache`), fetch (`fetch`),
//! Background Sync (`background_sync`), the pages (`pages`, the one route of reports to them) and
//! what a drain needs from its surroundings (`env`).

pub mod background_sync;
pub mod cache;
pub mod config;
pub mod env;
pub mod fetch;
pub mod idb;
pub mod idb_store;
pub mod pages;
pub mod scope;
