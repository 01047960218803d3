//! The service worker's files, built by `build.rs` and embedded in the binary: the shim at
//! `/sw.js` (never cached, so updates are seen), the wasm-bindgen glue and the wasm.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const SHIM: &str = include_str!(concat!(env!("OUT_DIR"), "/sw/sw.js"));
const GLUE: &str = include_str!(concat!(env!("OUT_DIR"), "/sw/outbox_sw.js"));
const WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sw/outbox_sw_bg.wasm"));

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
/// The worker's own policy (a worker script's response sets it): its glue from here, its wasm
/// compiled, requests to this origin only.
const WORKER_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'";

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/sw.js", get(shim))
        .route("/sw/outbox_sw.js", get(glue))
        .route("/sw/outbox_sw_bg.wasm", get(wasm))
}

async fn shim() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, JAVASCRIPT),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, WORKER_POLICY),
        ],
        SHIM,
    )
}

async fn glue() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, JAVASCRIPT), (header::CACHE_CONTROL, "no-cache")], GLUE)
}

async fn wasm() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/wasm"), (header::CACHE_CONTROL, "no-cache")], WASM)
}
