//! The language of the request being answered (its `Accept-Language`, among the languages the app
//! offers: `outbox_leptos::texts::offer`), for every text the server words for a person: a field's
//! refusal, the page that answers a form posted without script. Set once per request by a
//! middleware, so the intake's functions need no language parameter of their own.

use axum::extract::Request;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::middleware::Next;
use axum::response::Response;
use outbox_leptos::texts::{for_request, Language};

tokio::task_local! {
    static LANGUAGE: &'static Language;
}

/// Answers `request` with its language set for what the handler words.
pub async fn set_language(request: Request, next: Next) -> Response {
    let accept = request.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    scoped(for_request(accept), next.run(request)).await
}

/// Runs `work` with `language` as the request's.
pub async fn scoped<F: std::future::Future>(language: &'static Language, work: F) -> F::Output {
    LANGUAGE.scope(language, work).await
}

/// The language of the request being answered (the app's default outside one).
pub fn current() -> &'static Language {
    LANGUAGE.try_with(|language| *language).unwrap_or_else(|_| for_request(None))
}

/// The text of `key` in the request's language.
pub fn text(key: &str) -> String {
    current().text(key)
}
