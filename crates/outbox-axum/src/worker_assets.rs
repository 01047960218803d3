//! The service worker's files: the shim at `/sw.js` with the app shell stamped in (never cached, so
//! updates are seen), and the wasm-bindgen glue and the wasm, built by `build.rs`, embedded in the
//! binary and compressed there (brotli or gzip, whichever the browser takes).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::app_shell::AppShell;
use crate::forms::Forms;

/// The shim (`sw/js/sw.js`), copied beside the built worker by `build.rs`.
const SHIM: &str = include_str!(concat!(env!("OUT_DIR"), "/sw/sw.js"));

/// One embedded file in its three encodings.
struct Embedded {
    content_type: &'static str,
    identity: &'static [u8],
    br: &'static [u8],
    gzip: &'static [u8],
}

macro_rules! embedded {
    ($name:literal, $content_type:expr) => {
        Embedded {
            content_type: $content_type,
            identity: include_bytes!(concat!(env!("OUT_DIR"), "/sw/", $name)),
            br: include_bytes!(concat!(env!("OUT_DIR"), "/sw/", $name, ".br")),
            gzip: include_bytes!(concat!(env!("OUT_DIR"), "/sw/", $name, ".gz")),
        }
    };
}

const GLUE: Embedded = embedded!("outbox_sw.js", JAVASCRIPT);
const WASM: Embedded = embedded!("outbox_sw_bg.wasm", "application/wasm");

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
/// The worker's own policy (a worker script's response sets it): its glue from here, its wasm
/// compiled, requests to this origin only.
const WORKER_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'";
/// For a file whose URL names this build's version: it never changes under that URL.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[derive(Clone)]
struct WorkerFiles {
    /// The shim with the shell stamped in, made once at start (each answer shares the bytes).
    shim: Bytes,
    version: Arc<str>,
}

/// The worker's files, its shim told the shell and where each of `forms` goes.
pub fn router<S: Clone + Send + Sync + 'static>(shell: &AppShell, forms: &Forms) -> Router<S> {
    let stamped = shell.stamp(SHIM, forms.routes());
    let files = WorkerFiles { shim: Bytes::from(stamped), version: shell.version.as_str().into() };
    Router::new()
        .route("/sw.js", get(shim))
        .route("/sw/outbox_sw.js", get(glue))
        .route("/sw/outbox_sw_bg.wasm", get(wasm))
        .with_state(files)
}

async fn shim(State(files): State<WorkerFiles>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, JAVASCRIPT),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, WORKER_POLICY),
        ],
        files.shim,
    )
}

async fn glue(files: State<WorkerFiles>, query: Query<Version>, headers: HeaderMap) -> Response {
    embedded(files, query, headers, &GLUE)
}

async fn wasm(files: State<WorkerFiles>, query: Query<Version>, headers: HeaderMap) -> Response {
    embedded(files, query, headers, &WASM)
}

#[derive(Deserialize)]
struct Version {
    v: Option<String>,
}

/// The glue or the wasm: cached for good under this build's `?v=`, revalidated under any other URL.
fn embedded(
    State(files): State<WorkerFiles>,
    Query(query): Query<Version>,
    headers: HeaderMap,
    file: &'static Embedded,
) -> Response {
    let cache = if query.v.as_deref() == Some(&*files.version) { IMMUTABLE } else { "no-cache" };
    let accepted = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (body, encoding) = match preferred_encoding(accepted) {
        Some("br") => (file.br, Some("br")),
        Some(_) => (file.gzip, Some("gzip")),
        None => (file.identity, None),
    };
    let mut response = (
        [(header::CONTENT_TYPE, file.content_type), (header::CACHE_CONTROL, cache), (header::VARY, "accept-encoding")],
        body,
    )
        .into_response();
    if let Some(encoding) = encoding {
        response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// `br` over `gzip` when the browser accepts it (a `q=0` refuses); `None`: send it plain.
fn preferred_encoding(accept_encoding: &str) -> Option<&'static str> {
    let accepts = |wanted: &str| {
        accept_encoding.split(',').any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts
                .any(|p| matches!(p.trim().strip_prefix("q="), Some(q) if q.trim().parse::<f32>().ok() == Some(0.0)));
            name.eq_ignore_ascii_case(wanted) && !refused
        })
    };
    if accepts("br") {
        Some("br")
    } else if accepts("gzip") {
        Some("gzip")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::preferred_encoding;

    #[test]
    fn picks_brotli_then_gzip_and_respects_a_refusal() {
        assert_eq!(preferred_encoding("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(preferred_encoding("gzip, deflate"), Some("gzip"));
        assert_eq!(preferred_encoding("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(preferred_encoding("BR"), Some("br"));
        assert_eq!(preferred_encoding("identity"), None);
        assert_eq!(preferred_encoding(""), None);
    }
}
