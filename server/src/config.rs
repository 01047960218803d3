//! The server's settings, from the environment (cargo-leptos's `LEPTOS_*` and `DATABASE_URL`).

use leptos::config::{get_configuration, LeptosOptions};

/// Where submissions are stored when `DATABASE_URL` is not set: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://outbox.db";

pub struct Config {
    pub database_url: String,
    pub leptos: LeptosOptions,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        // Built by cargo-leptos, the binary knows its settings; `LEPTOS_*` variables override them
        // (LEPTOS_SITE_ADDR for the address, LEPTOS_SITE_ROOT for the built site).
        let leptos = get_configuration(None)
            .map_err(|e| format!("cannot read the Leptos settings: {e}"))?
            .leptos_options;
        let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.into());
        Ok(Self { database_url, leptos })
    }
}
