//! Cache Storage: the app shell's files under one cache per version (`outbox-sw-<version>`, the
//! shim's name, which also holds the worker's own wasm).

use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheQueryOptions, Request, RequestCredentials, RequestInit, Response};

use super::scope::global;

/// The prefix of every cache this worker makes.
pub const CACHE_PREFIX: &str = "outbox-sw-";

async fn open(name: &str) -> Result<Cache, JsValue> {
    Ok(JsFuture::from(global().caches()?.open(name)).await?.unchecked_into())
}

/// Fetches and stores every URL, or none: `addAll` rejects when any answer is not a 2xx (a server
/// error page is never cached), and the install then fails. Sent without cookies: the shell is the
/// page as rendered for nobody in particular.
pub async fn add_all(name: &str, urls: &[String]) -> Result<(), JsValue> {
    let requests = Array::new();
    for url in urls {
        let init = RequestInit::new();
        init.set_credentials(RequestCredentials::Omit);
        requests.push(&Request::new_with_str_and_init(url, &init)?.into());
    }
    JsFuture::from(open(name).await?.add_all_with_request_sequence(&requests)).await?;
    Ok(())
}

/// The cached answer for `url` in cache `name`, if any.
pub async fn matching(name: &str, url: &str) -> Option<Response> {
    let options = CacheQueryOptions::new();
    // The server's files vary by encoding; the cache holds one answer per URL.
    options.set_ignore_vary(true);
    let found = JsFuture::from(open(name).await.ok()?.match_with_str_and_options(url, &options)).await.ok()?;
    found.dyn_into::<Response>().ok()
}

/// Deletes cache `name`.
pub async fn delete(name: &str) -> Result<(), JsValue> {
    JsFuture::from(global().caches()?.delete(name)).await.map(|_| ())
}

/// Deletes this worker's caches of other versions (called once the current one is complete).
pub async fn delete_all_but(keep: &str) -> Result<(), JsValue> {
    let caches = global().caches()?;
    let names: Array = JsFuture::from(caches.keys()).await?.unchecked_into();
    let deleting: Vec<Promise> = names
        .iter()
        .filter_map(|n| n.as_string())
        .filter(|n| n.starts_with(CACHE_PREFIX) && n != keep)
        .map(|n| caches.delete(&n))
        .collect();
    for promise in deleting {
        JsFuture::from(promise).await?;
    }
    Ok(())
}
