//! The largest image the server takes, announced to the page so that it refuses a bigger one
//! before anything is queued (the server checks again: `OUTBOX_MAX_IMAGE_BYTES`).

use leptos::prelude::*;

#[server]
pub async fn max_image_bytes() -> Result<u64, ServerFnError> {
    let limit = use_context::<ssr::ImageLimit>().ok_or_else(|| ServerFnError::new("the server did not provide its image limit"))?;
    Ok(limit.0)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    /// The server's image limit in bytes.
    #[derive(Clone, Copy)]
    pub struct ImageLimit(pub u64);
}
