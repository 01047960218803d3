//! The app shell: the page and the files it needs, cached at install under the build's version, so
//! the form opens with no network. `route` says how each request is answered; this file caches the
//! shell (`install`), drops older versions once it is complete (`activate`) and answers the
//! `fetch` event.

pub mod route;

use std::pin::pin;

use futures::future::{select, Either};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FetchEvent, Request, RequestMode, Response};

use crate::browser::cache;
use crate::browser::fetch::fetch_request;
use crate::browser::scope::{describe, global, sleep, warn};
use route::Route;

/// The shell the worker's config names: the cache's name (with the version), the shell's URLs
/// (`/` first), and how long a navigation waits for the network.
pub struct AppShell {
    pub cache_name: String,
    pub files: Vec<String>,
    pub navigation_timeout_ms: u32,
}

// Navigation preload's answer, which web-sys does not bind: a navigation's request starts while
// the worker boots, instead of after it (the shim turns preload on at `activate`).
#[wasm_bindgen]
extern "C" {
    /// A fetch event with `preloadResponse` (`undefined` in a browser without the feature).
    type PreloadingFetchEvent;
    #[wasm_bindgen(method, getter, js_name = preloadResponse)]
    fn preload_response(this: &PreloadingFetchEvent) -> JsValue;

}

impl AppShell {
    /// `install`: every file of the shell, or the install fails (and the previous worker, with its
    /// complete shell, stays; this version's partial cache goes).
    pub async fn install(&self) -> Result<(), JsValue> {
        let cached = cache::add_all(&self.cache_name, &self.files).await;
        if let Err(e) = &cached {
            warn(&format!("the app shell cannot be cached, so this version does not install: {}", describe(e)));
            let _ = cache::delete(&self.cache_name).await;
        }
        cached
    }

    /// `activate`: the new shell is complete (the install succeeded), so older ones can go.
    pub async fn activate(&self) {
        if let Err(e) = cache::delete_all_but(&self.cache_name).await {
            warn(&format!("cannot delete older caches: {}", describe(&e)));
        }
    }

    /// `fetch`: the answer to one GET request of a page in the worker's scope.
    pub async fn respond(&self, event: FetchEvent) -> Result<Response, JsValue> {
        let request = event.request();
        let url = web_sys::Url::new(&request.url())?;
        let same_origin = url.origin() == global().location().origin();
        let navigation = request.mode() == RequestMode::Navigate;
        match route::route(&url.pathname(), navigation, same_origin, &self.files) {
            Route::Network if navigation => network(&event, &request).await,
            Route::Network => fetch_request(&request).await,
            Route::CacheFirst => match cache::matching(&self.cache_name, &request.url()).await {
                Some(cached) => Ok(cached),
                None => fetch_request(&request).await,
            },
            Route::NetworkFirst => self.network_first(&event, &request).await,
        }
    }

    /// The network's page, unless it fails, answers a server error or is slower than the timeout:
    /// then the cached page (the network's answer still counts when there is none).
    async fn network_first(&self, event: &FetchEvent, request: &Request) -> Result<Response, JsValue> {
        let mut answer = pin!(network(event, request));
        // What stands when there is no cached page: the server's error, the failure, or the wait.
        let otherwise = match select(answer.as_mut(), pin!(sleep(self.navigation_timeout_ms))).await {
            Either::Left((Ok(response), _)) if response.status() < 500 => return Ok(response),
            Either::Left((network, _)) => Some(network),
            Either::Right(((), _)) => None,
        };
        match cache::matching(&self.cache_name, "/").await {
            Some(cached) => Ok(cached),
            None => match otherwise {
                Some(network) => network,
                None => answer.await,
            },
        }
    }
}

/// A navigation's answer: the preloaded request's when the browser started one, else a fetch.
async fn network(event: &FetchEvent, request: &Request) -> Result<Response, JsValue> {
    if let Ok(preloading) = event.unchecked_ref::<PreloadingFetchEvent>().preload_response().dyn_into::<Promise>() {
        if let Ok(response) = JsFuture::from(preloading).await?.dyn_into::<Response>() {
            return Ok(response);
        }
    }
    fetch_request(request).await
}
