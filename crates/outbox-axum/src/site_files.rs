//! The built site's files (`/pkg/…`, the icons, the manifest), served with their precompressed
//! twins and a cache lifetime: a file whose name carries its hash is cached for good; any other is
//! revalidated on each use (its `Last-Modified` makes that a 304).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app_shell::AppShell;
use crate::worker_assets::IMMUTABLE;

/// The files under `site_root`; anything else is a plain 404 (the page is only at `/`).
pub fn service(site_root: &str, shell: AppShell) -> Router {
    let files =
        ServeDir::new(site_root).precompressed_br().precompressed_gzip().not_found_service(not_found.into_service());
    Router::new().fallback_service(files).layer(middleware::from_fn_with_state(Arc::new(shell), cache_lifetime))
}

/// The benchmark's reference (`OUTBOX_PEER_DIR`) at `/peer/`, revalidated on each use.
pub fn with_peer_dir(router: Router, dir: &std::path::Path) -> Router {
    let files = Router::new()
        .fallback_service(ServeDir::new(dir))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
    router.nest_service("/peer", files)
}

async fn not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "Page not found. Outbox lives at /.")
}

async fn cache_lifetime(State(shell): State<Arc<AppShell>>, request: Request, next: Next) -> Response {
    let lifetime = if shell.is_hashed(request.uri().path()) { IMMUTABLE } else { "no-cache" };
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(lifetime));
    }
    response
}
