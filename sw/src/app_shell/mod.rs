//! The app shell: the page and the files it needs, cached at install under the build's version, so
//! the form opens with no network. `route` says how each request is answered; this file caches the
//! shell (`install`), drops older versions once it is complete (`activate`) and answers the
//! `fetch` event.

pub mod route;

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FetchEvent, Request, RequestMode, Response};

use crate::browser::cache;
use crate::browser::fetch::fetch_request;
use crate::browser::scope::{describe, global, warn};
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
        let page = || async { Some(with_page_id(cache::matching(&self.cache_name, "/").await?).await) };
        let mut answer = std::pin::pin!(network(event, request));
        match select(answer.as_mut(), TimeoutFuture::new(self.navigation_timeout_ms)).await {
            Either::Left((Ok(response), _)) if response.status() < 500 => Ok(response),
            Either::Left((Ok(response), _)) => Ok(page().await.unwrap_or(response)),
            Either::Left((Err(e), _)) => page().await.ok_or(e),
            Either::Right(((), _)) => match page().await {
                Some(cached) => Ok(cached),
                None => answer.await,
            },
        }
    }
}

/// The cached page as this navigation shows it: with an id of its own in its form, as the server
/// gives each page it renders (the cached copy has none: it serves many visits), so a post of its
/// form by the browser itself is told apart from another visit's with the same text.
async fn with_page_id(page: Response) -> Response {
    let stamped = async {
        let html = JsFuture::from(page.clone()?.text()?).await?.as_string().unwrap_or_default();
        let html = route::with_page_id(&html, &crate::browser::env::new_id().to_string())
            .ok_or_else(|| JsValue::from_str("the cached page has no form id to fill"))?;
        let init = web_sys::ResponseInit::new();
        init.set_status(page.status());
        init.set_headers(&page.headers());
        Response::new_with_opt_str_and_init(Some(&html), &init)
    };
    stamped.await.unwrap_or(page)
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
