//! The server's side of Outbox for an Axum app: every form the app declares (`outbox_protocol::Form`)
//! taken from the worker exactly once by id, stored in SQLite or PostgreSQL with a group commit,
//! shown on the owner's page and exported; the worker's files; and one router that serves the
//! app's Leptos pages beside them.
//!
//! An app's server is its `main`, one call (`examples/inspection` and `server/` in this workspace):
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     outbox_axum::launch::main(outbox_axum::forms::Forms::of::<MyForm>(), my_app::App, my_app::shell)
//! }
//! ```
//!
//! Module map:
//! - `config`: the settings, from the environment (`OUTBOX_*` and Leptos' own).
//! - `forms`: the declared forms, kept without their types: read, check, write back, show.
//! - `routes`: the HTTP API (`/sync`, `/forms/{form}`, the batch, the person's list, the owner's).
//! - `store`: SQLite or PostgreSQL behind one type, with the group writer and migrations.
//! - `launch`: an app's server process (and `backup`, its `backup FILE` command); `site_router`:
//!   the whole router; `serve`: the listener with its connection limit
//!   (`connection_activity`: each connection's deadlines).
//! - `worker_assets`, `app_shell`, `site_files`: the worker's files and what it caches.
//! - `owner_token`, `admin_session`, `rate_limit`, `uploaded_image`, `submission`, `error`: the
//!   rest of the intake, each on its own; `retention`: old submissions deleted on a schedule;
//!   `telemetry`: the metrics at `/metrics`; `forwarding`: each submission POSTed onward.

pub mod admin_session;
pub mod app_shell;
pub mod backup;
pub mod config;
pub mod connection_activity;
pub mod error;
mod field_words;
pub mod forms;
pub mod forwarding;
pub mod json_object;
pub mod launch;
pub mod malloc_tuning;
pub mod owner_token;
pub mod rate_limit;
mod request_language;
pub mod retention;
pub mod routes;
pub mod serve;
pub mod site_files;
pub mod site_router;
pub mod store;
pub mod submission;
pub mod telemetry;
#[doc(hidden)]
pub mod test_postgres;
pub mod uploaded_image;
pub mod worker_assets;

/// What an app's server uses, in one line: `use outbox_axum::prelude::*;` (the forms it serves,
/// the call that runs it, and what a form's type implements).
pub mod prelude {
    pub use crate::forms::Forms;
    pub use crate::launch;
    pub use outbox_protocol::{Column, FieldError, Form};
}
