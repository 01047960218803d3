//! The whole HTTP surface in one router: the API, the worker's files, and the Leptos page.

use app::image_limit::ssr::ImageLimit;
use app::{shell, App};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::Layer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

use crate::owner_token::OwnerToken;
use crate::rate_limit::IntakeLimit;
use crate::routes::{self, Api};
use crate::store::Store;
use crate::uploaded_image::ImageRules;
use crate::{serve, worker_assets};

/// The whole router; `intake_limit`: the optional rate limit per client on `/sync`.
pub fn router(
    store: Store,
    images: ImageRules,
    owner: OwnerToken,
    intake_limit: Option<IntakeLimit>,
    leptos: LeptosOptions,
) -> Router {
    let image_limit = ImageLimit(images.max_bytes);
    let page_routes = generate_route_list(App);
    Router::new()
        .merge(routes::router(Api { store, images, owner, intake_limit }))
        // The worker's files and the site's (wasm, JS, CSS) go compressed to a browser that takes it
        // (brotli or gzip: the frontend's wasm is 265 KB raw, 108 KB gzip); the API's small JSON
        // answers do not pay for it.
        .merge(worker_assets::router().layer(CompressionLayer::new()))
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
        // The built site (`/pkg/…`); anything else is a plain 404 (the page is only at `/`).
        .fallback_service(
            CompressionLayer::new()
                .layer(ServeDir::new(&*leptos.site_root).not_found_service(not_found.into_service())),
        )
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

async fn not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "Page not found. Outbox lives at /.")
}
