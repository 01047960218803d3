//! Everything that touches the browser, in one place: the global scope and its console (`scope`),
//! the worker's settings from its URL (`config`), IndexedDB (`idb`, `idb_store`), Cache Storage
//! (`cache`), fetch (`fetch`),
//! Background Sync (`background_sync`), the pages (`pages`, the one route of reports to them), a
//! page's message as read (`message`), and all of it as the queue's `host`.

pub mod background_sync;
pub mod cache;
pub mod config;
pub mod fetch;
pub mod host;
pub mod idb;
pub mod idb_store;
pub mod message;
pub mod pages;
pub mod scope;
