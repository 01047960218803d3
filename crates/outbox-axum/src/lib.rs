//! The server's side of Outbox for an Axum app: every form the app declares (`outbox_protocol::Form`)
//! taken from the worker exactly once by id, stored in SQLite or PostgreSQL with a group commit,
//! shown on the owner's page and exported; the worker's files; and one router that serves the
//! app's Leptos pages beside them.
//!
//! An app's server is its `main`, one call (`examples/inspection` and `server/` in this workspace):
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     outbox_axum::launch::main(outbox_axum::Forms::of::<MyForm>(), my_app::App, my_app::shell)
//! }
//! ```
//!
//! That, with [`Forms`], is all most apps need (`prelude`). An app that builds its own router
//! (as this crate's HTTP suites do, in `tests/`) assembles [`Api`] from its [`ApiParts`] (a
//! [`Store`], an [`OwnerToken`], [`ImageRules`], [`ClientLimit`]s, a [`PageLook`]) and hands it with
//! an [`AppShell`] to [`router`]. Everything else is private.
//!
//! Module map (private modules):
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

#![deny(missing_docs)]

mod admin_session;
mod app_shell;
mod backup;
mod config;
mod connection_activity;
mod error;
mod field_words;
mod forms;
mod forwarding;
mod json_object;
pub mod launch;
mod malloc_tuning;
mod owner_token;
mod rate_limit;
mod request_language;
mod retention;
mod routes;
mod serve;
mod site_files;
mod site_router;
mod store;
mod submission;
mod telemetry;
mod test_postgres;
mod uploaded_image;
mod worker_assets;

pub use app_shell::AppShell;
pub use forms::Forms;
pub use outbox_leptos::PageLook;
pub use owner_token::OwnerToken;
pub use rate_limit::ClientLimit;
pub use routes::{Api, ApiParts};
pub use site_router::router;
pub use store::{Store, StoreConfig};
pub use uploaded_image::ImageRules;

/// What an app's server uses, in one line: `use outbox_axum::prelude::*;` (the forms it serves,
/// the call that runs it, and what a form's type implements).
pub mod prelude {
    pub use crate::forms::Forms;
    pub use crate::launch;
    pub use outbox_protocol::{Column, FieldError, Form};
}

/// What this workspace's HTTP tests reach besides the router: not part of the API an app uses.
#[doc(hidden)]
pub mod testing {
    pub use crate::rate_limit::SIGN_INS_PER_MINUTE;
    pub use crate::telemetry::install as install_metrics;
    pub use crate::test_postgres::fresh_database;
    pub use crate::uploaded_image::{check as check_image, DECODE_BUDGET_BYTES};
}
