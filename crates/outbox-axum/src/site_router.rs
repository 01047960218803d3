//! The whole HTTP surface of an app in one router: the API, the worker's files, the app's Leptos
//! pages, and its site files (as the worker caches them).

use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::{provide_context, IntoView};
use leptos_axum::{generate_route_list, LeptosRoutes};
use outbox_leptos::ImageLimit;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

use crate::app_shell::AppShell;
use crate::routes::{self, Api};
use crate::{serve, site_files, worker_assets};

/// The whole router: the API as `api` sets it up, the app's pages (`app`, its routes, inside
/// `shell`, the HTML document), and the site's files (`app_shell`: as the worker caches them).
pub fn router<A, AV, S, SV>(api: Api, leptos: LeptosOptions, app_shell: AppShell, app: A, shell: S) -> Router
where
    A: Fn() -> AV + Clone + Send + Sync + 'static,
    AV: IntoView + 'static,
    S: Fn(LeptosOptions) -> SV + Clone + Send + Sync + 'static,
    SV: IntoView + 'static,
{
    let image_limit = ImageLimit(api.images.max_bytes);
    let forms = api.forms.clone();
    let page_routes = generate_route_list(app.clone());
    let page = Router::new()
        .leptos_routes_with_context(
            &leptos,
            page_routes,
            move || {
                provide_context(image_limit);
            },
            {
                let leptos = leptos.clone();
                move || shell(leptos.clone())
            },
        )
        // Brotli at quality 6, not tower-http's default (4): the page 2470 -> 2340 bytes (it is
        // fetched twice on a first visit: the page, and the worker's copy), in the same 0.1 ms a
        // page, measured.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(6)));
    Router::new()
        .merge(routes::router(api))
        // The worker's files and the site's go compressed at build time (brotli or gzip, whichever
        // the browser takes: the frontend's wasm is 350 KB raw, 141 KB gzip), the page as it is
        // rendered; the API's small JSON answers do not pay for it.
        .merge(worker_assets::router(&app_shell, &forms))
        .merge(page)
        .fallback_service(site_files::service(&leptos.site_root, app_shell))
        // On every response: no type guessing, no referrer sent elsewhere.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        // A request body must keep coming; a whole request has a deadline (`serve` explains).
        .layer(RequestBodyTimeoutLayer::new(serve::BODY_IDLE_TIMEOUT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, serve::REQUEST_TIMEOUT))
        .layer(TraceLayer::new_for_http())
        .with_state(leptos)
}
