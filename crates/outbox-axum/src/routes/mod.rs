//! The HTTP API by resource: `/sync` (intake), `/api/submissions` (the stored list), `/images`
//! (the images that came with submissions), `/health` and `/ready` (the probes), `/metrics`.

mod admin;
mod export;
mod images;
mod owner;
pub mod probes;
mod same_origin;
pub mod scheme;
mod sent_page;
mod submission_answer;
mod submission_body;
mod submissions;
mod sync;
mod sync_form;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{delete, get, post};
use axum::Router;

use outbox_protocol::MAX_BATCH;

pub use scheme::QUEUED_PAGE;

use crate::error::AppError;
use crate::forms::Forms;
use crate::owner_token::OwnerToken;
use crate::rate_limit::ClientLimit;
use crate::store::Store;
use crate::uploaded_image::ImageRules;

/// A submission is a uuid, at most 200 characters and a time: 16 KiB is far more than any valid
/// JSON body.
pub const SYNC_BODY_LIMIT: usize = 16 * 1024;
/// A batch carries at most `MAX_BATCH` submissions.
pub const BATCH_BODY_LIMIT: usize = MAX_BATCH * SYNC_BODY_LIMIT;
/// A multipart `POST /sync` may carry this much beyond its images (the other fields, part headers).
pub const FORM_OVERHEAD: usize = 64 * 1024;

/// What the API's handlers share, behind one `Arc`: axum clones the state for every request (and
/// its middleware), and cloning each part's own handles cost 5% of the intake's CPU (measured).
#[derive(Clone)]
pub struct Api(Arc<ApiParts>);

impl Api {
    /// The API of these parts.
    pub fn new(parts: ApiParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for Api {
    type Target = ApiParts;
    fn deref(&self) -> &ApiParts {
        &self.0
    }
}

/// The parts of `Api`.
pub struct ApiParts {
    /// Where submissions are stored.
    pub store: Store,
    /// The forms it stores (`/sync` submits to the first).
    pub forms: Forms,
    /// What an attached image may be.
    pub images: ImageRules,
    /// Who may list every submission.
    pub owner: OwnerToken,
    /// The optional limit per client on the intake.
    pub intake_limit: Option<ClientLimit>,
    /// The limit per client on the owner's sign-in.
    pub sign_in_limit: ClientLimit,
    /// The app's name and stylesheet, which the library's own pages (`/admin`, `/queued`, the
    /// answer to a form posted without script) wear.
    pub look: outbox_leptos::PageLook,
}

impl FromRef<Api> for Store {
    fn from_ref(api: &Api) -> Store {
        api.store.clone()
    }
}

impl ApiParts {
    /// The largest multipart `POST /sync`: the most images, each at the image limit, plus the
    /// other fields.
    pub fn form_limit(&self) -> usize {
        usize::try_from(self.images.max_bytes)
            .unwrap_or(usize::MAX)
            .saturating_mul(outbox_protocol::MAX_IMAGES)
            .saturating_add(FORM_OVERHEAD)
    }
}

/// The intake's rate limit per client, when one is set.
async fn limit_intake(
    axum::extract::State(api): axum::extract::State<Api>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Some(limit) = &api.intake_limit {
        let peer = request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        if let Err(wait) = limit.check(limit.client(peer, forwarded)) {
            crate::telemetry::count_rate_limited();
            return axum::response::IntoResponse::into_response(AppError::TooManyRequests(wait.as_secs().max(1)));
        }
    }
    next.run(request).await
}

/// A method a route does not take: 405 with a JSON error, like every other refusal.
async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    AppError::Request {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        message: format!("{} does not take {method}", uri.path()),
    }
}

pub fn router<S: Clone + Send + Sync + 'static>(api: Api) -> Router<S> {
    // Explicit limits: a JSON submission is held to SYNC_BODY_LIMIT by its handler; a multipart one
    // may carry its images, each of the configured size.
    let sync_limit = api.form_limit();
    let intake = Router::new()
        .route("/sync", get(sync::get_sync).post(sync::post_sync).layer(DefaultBodyLimit::max(sync_limit)))
        .route("/sync/batch", post(sync::post_batch).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)))
        .route("/forms/{form}", post(sync::post_form).layer(DefaultBodyLimit::max(sync_limit)))
        .route("/forms/{form}/batch", post(sync::post_form_batch).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)))
        .route_layer(axum::middleware::from_fn_with_state(api.clone(), limit_intake));
    // What changes the owner's data is taken from the site's own pages only.
    let owner_actions = Router::new()
        .route("/api/submissions/{id}", delete(submissions::delete))
        .route("/admin/sign-in", post(admin::sign_in))
        .route("/admin/sign-out", post(admin::sign_out))
        .route("/admin/delete", post(admin::delete))
        .route_layer(axum::middleware::from_fn(same_origin::same_origin_only));
    // Nothing of the owner's is kept by a browser's or a proxy's cache.
    let owner = Router::new()
        .merge(owner_actions)
        .route("/api/submissions", get(submissions::list))
        .route("/api/submissions/export", get(export::export))
        .route("/admin", get(admin::page))
        .route("/metrics", get(probes::metrics))
        .route_layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ));
    Router::new()
        .merge(intake)
        .merge(owner)
        .route(QUEUED_PAGE, get(sent_page::queued_page))
        .route("/images/{id}", get(images::first))
        .route("/images/{id}/thumbnail", get(images::first_thumbnail))
        .route("/images/{id}/{position}", get(images::original))
        .route("/images/{id}/{position}/thumbnail", get(images::thumbnail))
        .route("/health", get(probes::health))
        .route("/ready", get(probes::ready))
        .route_layer(axum::middleware::from_fn(crate::request_language::set_language))
        .route_layer(axum::middleware::from_fn(crate::telemetry::track_request))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(api)
}
