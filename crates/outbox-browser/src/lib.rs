//! The browser calls Outbox's page and its service worker share, each written once (they were two
//! copies that drifted apart). They compile for any target and work in a browser only: callers
//! reach them from event handlers, effects and worker events, never while rendering on the server.
//!
//! Module map: `ids` (a new submission id), `errors` (a JS error in words), `background_sync`
//! (`registration.sync`), `form_data` (a form's text fields).

#![deny(missing_docs)]

pub mod background_sync;
pub mod errors;
pub mod form_data;
pub mod ids;
