//! What the server has received, for the page's list: read from the store while the server renders
//! the page, then (after each delivery) from `GET /api/submissions?limit=50` in the browser.
//!
//! The list travels from the server's render to the hydrating page as text written and read by
//! the protocol's hand-written codec, not serde: serde's generic code was a fifth of the page's wasm.

use std::fmt;
use std::str::FromStr;

use outbox_protocol::json::{optional_text, required_list, FromJson, JsonValue, JsonWriter, ToJson};
use outbox_protocol::SubmissionRecord;

/// How many of the newest records the page lists (`/api/submissions` lists them all).
pub const PAGE_LIST_LIMIT: usize = 50;

/// The page's list, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecentRecords {
    Records(Vec<SubmissionRecord>),
    Unavailable(String),
}

/// `{"records": […]}` or `{"error": "…"}`.
impl ToJson for RecentRecords {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| match self {
            RecentRecords::Records(records) => {
                o.array("records", records);
            }
            RecentRecords::Unavailable(reason) => {
                o.text("error", reason);
            }
        });
    }
}

impl FromJson for RecentRecords {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        match optional_text(value, "error")? {
            Some(reason) => Ok(RecentRecords::Unavailable(reason)),
            None => Ok(RecentRecords::Records(required_list(value, "records")?)),
        }
    }
}

/// The text that carries the list into the hydrating page (leptos' `FromToStringCodec`).
impl fmt::Display for RecentRecords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json_text())
    }
}

impl FromStr for RecentRecords {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        #[cfg(feature = "hydrate")]
        return outbox_protocol::json::browser::parse(text);
        #[cfg(not(feature = "hydrate"))]
        return outbox_protocol::json::from_text(text);
    }
}

/// The newest records: from the store on the server, over HTTP in the browser.
pub async fn recent() -> RecentRecords {
    match fetch_recent().await {
        Ok(records) => RecentRecords::Records(records),
        Err(reason) => RecentRecords::Unavailable(reason),
    }
}

#[cfg(feature = "ssr")]
async fn fetch_recent() -> Result<Vec<SubmissionRecord>, String> {
    let source =
        leptos::prelude::use_context::<ssr::RecentSubmissions>().ok_or("the server did not provide its store")?;
    (source.0)(PAGE_LIST_LIMIT).await
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
async fn fetch_recent() -> Result<Vec<SubmissionRecord>, String> {
    // A browser future is not Send; the page runs on one thread, which is all the wrapper checks.
    send_wrapper::SendWrapper::new(browser::get_json(&format!("/api/submissions?limit={PAGE_LIST_LIMIT}"))).await
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
async fn fetch_recent() -> Result<Vec<SubmissionRecord>, String> {
    Err("neither the server nor the browser".into())
}

#[cfg(feature = "hydrate")]
mod browser {
    use outbox_protocol::json::FromJson;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::Response;

    fn describe(error: wasm_bindgen::JsValue) -> String {
        error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "network error".into())
    }

    /// `GET url`, its JSON answer read as `T`.
    pub async fn get_json<T: FromJson>(url: &str) -> Result<T, String> {
        let window = web_sys::window().ok_or("no window")?;
        let response: Response = JsFuture::from(window.fetch_with_str(url)).await.map_err(describe)?.unchecked_into();
        let text = JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
        if !response.ok() {
            return Err(format!("the server answered {}", response.status()));
        }
        outbox_protocol::json::browser::parse(&text.as_string().unwrap_or_default())
    }
}

/// The server provides the store to the page through this context.
#[cfg(feature = "ssr")]
pub mod ssr {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;

    use outbox_protocol::SubmissionRecord;

    pub type RecentFuture = Pin<Box<dyn Future<Output = Result<Vec<SubmissionRecord>, String>> + Send>>;

    /// Lists the newest `n` records, newest first.
    #[derive(Clone)]
    pub struct RecentSubmissions(pub Arc<dyn Fn(usize) -> RecentFuture + Send + Sync>);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_survives_the_trip_into_the_page() {
        let (image_url, thumbnail_url) = SubmissionRecord::image_urls(uuid::Uuid::nil());
        let record = SubmissionRecord {
            id: uuid::Uuid::nil(),
            name: "Zoë </script> \"x\"".into(),
            received_at: "2026-11-27T01:02:03.456Z".into(),
            pressed_at: None,
            attempts: 1,
            image_url: Some(image_url),
            thumbnail_url: Some(thumbnail_url),
        };
        for list in [
            RecentRecords::Records(vec![record.clone(), record]),
            RecentRecords::Records(vec![]),
            RecentRecords::Unavailable("the database is unavailable".into()),
        ] {
            assert_eq!(list.to_string().parse::<RecentRecords>(), Ok(list));
        }
    }
}
