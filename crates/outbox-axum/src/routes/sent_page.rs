//! The answer to a form the browser posted itself to `POST /sync`: the page's form pressed before
//! hydration (a slow first visit) or with no script or wasm at all. The same intake as the
//! worker's, answered with a page a person reads (`outbox_leptos::sent_page`) instead of JSON.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use outbox_leptos::sent_page::{sent_document, SentView};

use super::submission_answer::answer;
use crate::error::AppError;
use crate::forms::DeclaredForm;
use crate::store::{Outcome, Stored};

/// No script runs on the answer; its style comes from here, and its link goes back to the form.
const SENT_POLICY: &str =
    "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Is this request a browser's own navigation (a form's submission), not a script's fetch?
/// `Sec-Fetch-Mode: navigate` says so, or a navigation's `Accept` (HTML first) where the worker
/// passed the navigation on (Firefox's `fetch(event.request)` is `same-origin`, no longer
/// `navigate`) or where an older engine sends no `Sec-Fetch-Mode`; a `cors` fetch is a script's.
pub fn is_native_form_post(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let asks_for_html = || text(header::ACCEPT.as_str()).is_some_and(|accept| accept.starts_with("text/html"));
    match text("sec-fetch-mode") {
        Some("navigate") => true,
        Some("cors" | "no-cors") => false,
        _ => asks_for_html(),
    }
}

/// `GET /queued`: the page the worker answers a form's post with when the server cannot be reached
/// (cached with the app shell at install; the worker has kept the submission).
pub async fn queued_page(axum::extract::State(api): axum::extract::State<super::Api>) -> Response {
    page(&api, StatusCode::OK, SentView::Queued)
}

/// The page for what the store did with the submission (or why it never got there), with the
/// status the JSON answer would have had.
pub fn answer_page(api: &super::Api, stored: Result<Stored, AppError>, form: &DeclaredForm) -> Response {
    let (status, view) = match stored.map(|stored| (stored.outcome == Outcome::Repeated, answer(stored))) {
        Ok((repeated, Ok((status, record)))) => {
            // Named by its first column's cell (the tutorial's: the name).
            let title = form.cells(&record).into_iter().next().unwrap_or_default();
            (status, SentView::Stored { record, title, repeated })
        }
        Ok((_, Err(e))) | Err(e) => {
            e.log();
            (e.status(), SentView::NotStored { reason: e.to_string() })
        }
    };
    page(api, status_for_page(status), view)
}

fn page(api: &super::Api, status: StatusCode, view: SentView) -> Response {
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, SENT_POLICY)];
    (status, headers, sent_document(&api.look, view)).into_response()
}

/// A page is 200 whether it was stored now or before (a 201 page is no different to a person);
/// refusals keep their status.
fn status_for_page(status: StatusCode) -> StatusCode {
    if status.is_success() {
        StatusCode::OK
    } else {
        status
    }
}
