//! Every request is answered in its language (its `Accept-Language`, among the languages the app
//! offers: `outbox_leptos::texts::offer`): a field's refusal, the page that answers a form posted
//! without script, and an app's own words in its form's `validate` (`outbox_leptos::texts::t`).

use axum::extract::Request;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::middleware::Next;
use axum::response::Response;
use outbox_leptos::texts::{for_request, in_language};

/// Answers `request` in its language.
pub async fn set_language(request: Request, next: Next) -> Response {
    let accept = request.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    in_language(for_request(accept), next.run(request)).await
}
