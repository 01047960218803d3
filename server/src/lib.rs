//! Outbox's server as a library, so the router is tested without a socket (`tower::ServiceExt`).

pub mod admin_session;
pub mod app_router;
pub mod app_shell;
pub mod config;
pub mod error;
pub mod forms;
pub mod json_object;
pub mod malloc_tuning;
pub mod owner_token;
pub mod rate_limit;
pub mod routes;
pub mod serve;
pub mod site_files;
pub mod store;
pub mod submission;
#[doc(hidden)]
pub mod test_postgres;
pub mod uploaded_image;
pub mod worker_assets;
