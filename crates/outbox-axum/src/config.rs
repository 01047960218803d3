//! The server's settings, from the environment (cargo-leptos's `LEPTOS_*`, `DATABASE_URL`,
//! `OUTBOX_DB_*`, `OUTBOX_MAX_IMAGE_BYTES`, `OUTBOX_ADMIN_TOKEN`, `OUTBOX_RETENTION_DAYS`, …), and
//! the built site's files.

use std::time::Duration;

use leptos::config::{get_configuration, LeptosOptions};

use crate::app_shell::{AppShell, DEFAULT_NAVIGATION_TIMEOUT_MS};
use crate::owner_token::OwnerToken;
use crate::rate_limit::ClientLimit;
use crate::store::StoreConfig;
use crate::uploaded_image::ImageRules;

/// Where submissions are stored when `DATABASE_URL` is not set: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://outbox.db";

pub struct Config {
    pub store: StoreConfig,
    /// Who may list every submission; `owner_token_is_random` when `OUTBOX_ADMIN_TOKEN` is unset.
    pub owner: OwnerToken,
    pub owner_token_is_random: bool,
    pub leptos: LeptosOptions,
    pub images: ImageRules,
    /// The most connections open at once (`OUTBOX_MAX_CONNECTIONS`; also held under the open-file
    /// limit).
    pub max_connections: usize,
    /// `OUTBOX_RATE_LIMIT` (submissions a minute per client; off unset) and `OUTBOX_TRUSTED_PROXIES`.
    pub intake_limit: Option<ClientLimit>,
    /// The owner's sign-in attempts per client (`rate_limit::SIGN_INS_PER_MINUTE`).
    pub sign_in_limit: ClientLimit,
    /// The site's files as the worker caches them (`OUTBOX_RELEASE_NAME` and
    /// `OUTBOX_NAVIGATION_TIMEOUT_MS` go into its version).
    pub app_shell: AppShell,
    /// `OUTBOX_PEER_DIR`, for the benchmark only: a directory served at `/peer/` (the Workbox
    /// reference, on the same origin and the same `/sync`).
    pub peer_dir: Option<std::path::PathBuf>,
    /// `OUTBOX_RETENTION_DAYS`: submissions received longer ago are deleted (`retention`); unset,
    /// they are kept.
    pub retention_days: Option<u64>,
    /// `OUTBOX_METRICS` (`on`, the default, or `off`) and `OUTBOX_METRICS_ADDR`: where `/metrics`
    /// is also served without the owner's token (a port only the scraper reaches).
    pub metrics: bool,
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// `OUTBOX_FORWARD_URL` (and `OUTBOX_FORWARD_SECRET`): where each stored submission is POSTed.
    pub forward: Option<crate::forwarding::ForwardConfig>,
    /// `OUTBOX_LANGUAGE`: every page in this language (a tag the app offers: `en`, `zh-CN`),
    /// whatever the browser asks; unset, each person gets the language their browser asks for.
    pub language: Option<String>,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        // Built by cargo-leptos, the binary knows its settings; `LEPTOS_*` variables override them
        // (LEPTOS_SITE_ADDR for the address, LEPTOS_SITE_ROOT for the built site).
        let mut leptos =
            get_configuration(None).map_err(|e| format!("cannot read the Leptos settings: {e}"))?.leptos_options;
        // cargo-leptos names the site's files by their hashes and lists them in a file beside the
        // binary; its own runs say so in LEPTOS_HASH_FILES, a binary started by hand finds the file.
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*leptos.hash_file)))
            .filter(|file| file.exists());
        if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
            leptos.hash_files = hash_file.is_some();
        }
        let release_name = std::env::var("OUTBOX_RELEASE_NAME").ok().filter(|n| !n.trim().is_empty());
        let navigation_timeout_ms = number("OUTBOX_NAVIGATION_TIMEOUT_MS")?.unwrap_or(DEFAULT_NAVIGATION_TIMEOUT_MS);
        let site_root = std::path::Path::new(&*leptos.site_root);
        let app_shell = AppShell::scan(
            site_root,
            hash_file.as_deref().filter(|_| leptos.hash_files),
            release_name.as_deref(),
            navigation_timeout_ms,
        )
        .map_err(|e| {
            format!("cannot read the built site in {} ({e}): build it with `cargo leptos build`", site_root.display())
        })?;
        let mut store = StoreConfig::new(std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.into()));
        if let Some(n) = number("OUTBOX_DB_POOL_SIZE")? {
            store.pool_size = n.max(1) as u32;
        }
        if let Some(ms) = number("OUTBOX_DB_STATEMENT_TIMEOUT_MS")? {
            store.statement_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = number("OUTBOX_DB_ACQUIRE_TIMEOUT_MS")? {
            store.acquire_timeout = Duration::from_millis(ms);
        }
        if let Some(n) = number("OUTBOX_DB_CONNECT_ATTEMPTS")? {
            store.connect_attempts = n.max(1) as u32;
        }
        let mut images = ImageRules::default();
        if let Some(n) = number("OUTBOX_MAX_IMAGE_BYTES")? {
            images.max_bytes = n;
        }
        let (owner, owner_token_is_random) = match std::env::var("OUTBOX_ADMIN_TOKEN") {
            Ok(token) if !token.trim().is_empty() => (OwnerToken::new(token.trim()), false),
            _ => (OwnerToken::random(), true),
        };
        let max_connections = number("OUTBOX_MAX_CONNECTIONS")?.map_or(10_000, |n| n.max(1) as usize);
        let trusted_proxies = number("OUTBOX_TRUSTED_PROXIES")?.unwrap_or(0) as usize;
        let intake_limit = number("OUTBOX_RATE_LIMIT")?
            .and_then(|n| std::num::NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX)))
            .map(|n| ClientLimit::per_minute(n, trusted_proxies));
        let peer_dir = std::env::var_os("OUTBOX_PEER_DIR").map(std::path::PathBuf::from);
        let retention_days = match number("OUTBOX_RETENTION_DAYS")? {
            Some(0) => return Err("OUTBOX_RETENTION_DAYS must be at least 1 (unset it to keep everything)".into()),
            days => days,
        };
        let metrics = match std::env::var("OUTBOX_METRICS").as_deref().map(str::trim) {
            Err(_) | Ok("" | "on") => true,
            Ok("off") => false,
            Ok(other) => return Err(format!("OUTBOX_METRICS must be on or off, not {other:?}")),
        };
        let forward = match std::env::var("OUTBOX_FORWARD_URL") {
            Err(_) => None,
            Ok(text) if text.trim().is_empty() => None,
            Ok(text) => {
                let url = reqwest::Url::parse(text.trim())
                    .ok()
                    .filter(|url| matches!(url.scheme(), "http" | "https"))
                    .ok_or_else(|| {
                        format!("OUTBOX_FORWARD_URL must be an http:// or https:// address, not {text:?}")
                    })?;
                let secret = std::env::var("OUTBOX_FORWARD_SECRET").ok().filter(|s| !s.is_empty());
                Some(crate::forwarding::ForwardConfig { url, secret })
            }
        };
        let metrics_addr = match std::env::var("OUTBOX_METRICS_ADDR") {
            Err(_) => None,
            Ok(text) => Some(text.trim().parse().map_err(|_| {
                format!("OUTBOX_METRICS_ADDR must be an address and port such as 127.0.0.1:9100, not {text:?}")
            })?),
        };
        Ok(Self {
            store,
            owner,
            owner_token_is_random,
            leptos,
            images,
            max_connections,
            intake_limit,
            sign_in_limit: ClientLimit::sign_in(trusted_proxies),
            app_shell,
            peer_dir,
            retention_days,
            metrics,
            metrics_addr,
            forward,
            language: std::env::var("OUTBOX_LANGUAGE").ok().map(|tag| tag.trim().to_string()).filter(|t| !t.is_empty()),
        })
    }
}

fn number(name: &str) -> Result<Option<u64>, String> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(text) => text.trim().parse().map(Some).map_err(|_| format!("{name} must be a whole number, not {text:?}")),
    }
}
