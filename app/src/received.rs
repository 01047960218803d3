//! What the server has received, for the page's list: a server function over the server's store.

use leptos::prelude::*;
use outbox_protocol::SubmissionRecord;

/// How many of the newest records the page lists (`/api/submissions` lists them all).
pub const PAGE_LIST_LIMIT: usize = 50;

#[server]
pub async fn recent_submissions() -> Result<Vec<SubmissionRecord>, ServerFnError> {
    let source = use_context::<ssr::RecentSubmissions>()
        .ok_or_else(|| ServerFnError::new("the server did not provide its store"))?;
    (source.0)(PAGE_LIST_LIMIT).await.map_err(ServerFnError::new)
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
