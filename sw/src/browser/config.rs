//! The worker's settings, read once from its own URL (`/sw.js?…`), so the page that registers it (or a
//! test) can set them: `retention-ms` (default 7 days) and `background-sync=off` (the shim then
//! hides the API, as in browsers that lack it).

use super::scope::global;
use crate::outbox::policy::DEFAULT_RETENTION_MS;

fn param(name: &str) -> Option<String> {
    let href = global().location().href();
    web_sys::Url::new(&href).ok()?.search_params().get(name)
}

pub fn retention_ms() -> u64 {
    param("retention-ms").and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_RETENTION_MS)
}
