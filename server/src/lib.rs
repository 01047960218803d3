//! This app's server: its page and its form, served by `outbox_axum` (a library, so the router is
//! tested without a socket, `tower::ServiceExt`).

pub mod app_router;
