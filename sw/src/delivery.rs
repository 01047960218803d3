//! Sending to the server: `POST /sync` with a JSON body, and reading what the answer means.

use outbox_protocol::{ApiError, NewSubmission, SubmissionRecord};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::outcome::{classify, OutcomeClass};
use crate::scope::{describe, global};

/// Why a submission was not delivered.
#[derive(Debug)]
pub enum NotDelivered {
    /// Worth sending again later (network down, server busy or failing).
    RetryLater(String),
    /// The server refused the data itself; sending it again cannot help.
    Refused(String),
}

pub async fn post_submission(submission: &NewSubmission) -> Result<SubmissionRecord, NotDelivered> {
    let body = serde_json::to_string(submission).expect("a NewSubmission always serializes");
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let request = Request::new_with_str_and_init("/sync", &init)
        .map_err(|e| NotDelivered::RetryLater(describe(&e)))?;
    request
        .headers()
        .set("Content-Type", "application/json")
        .map_err(|e| NotDelivered::RetryLater(describe(&e)))?;
    let response = fetch(&request).await?;
    let status = response.status();
    let text = read_text(&response).await.unwrap_or_default();
    match classify(status) {
        OutcomeClass::Delivered => serde_json::from_str::<SubmissionRecord>(&text).map_err(|e| {
            // Stored (2xx) but the answer is unreadable: keep it and resend; the id makes that safe.
            NotDelivered::RetryLater(format!("server answered {status} with an unreadable record: {e}"))
        }),
        OutcomeClass::RetryLater => Err(NotDelivered::RetryLater(server_message(status, &text))),
        OutcomeClass::Refused => Err(NotDelivered::Refused(server_message(status, &text))),
    }
}

/// The data-less sync of the original pattern: a plain `GET /sync`, answering the status.
pub async fn ping() -> Result<u16, String> {
    let request = Request::new_with_str("/sync").map_err(|e| describe(&e))?;
    let response = fetch(&request).await.map_err(|e| match e {
        NotDelivered::RetryLater(m) | NotDelivered::Refused(m) => m,
    })?;
    Ok(response.status())
}

async fn fetch(request: &Request) -> Result<Response, NotDelivered> {
    let response = JsFuture::from(global().fetch_with_request(request))
        .await
        .map_err(|e| NotDelivered::RetryLater(format!("network error: {}", describe(&e))))?;
    Ok(response.unchecked_into())
}

async fn read_text(response: &Response) -> Option<String> {
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// The server's own words (`{"error": …}`) when it gave them, else the status.
fn server_message(status: u16, body: &str) -> String {
    match serde_json::from_str::<ApiError>(body) {
        Ok(ApiError { error }) => format!("server answered {status}: {error}"),
        Err(_) => format!("server answered {status}"),
    }
}
