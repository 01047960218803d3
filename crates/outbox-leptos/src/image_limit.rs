//! The largest image the server takes, announced to the page so that it refuses a bigger one
//! before anything is queued (the server checks again: `OUTBOX_MAX_IMAGE_BYTES`). The server
//! writes it into the document head (`<meta name="outbox-max-image-bytes">`), where the hydrating
//! page reads it: no request, and the rendered hint is the same on both sides.

use outbox_protocol::DEFAULT_MAX_IMAGE_BYTES;

/// The meta element's name.
pub const META_NAME: &str = "outbox-max-image-bytes";

/// The limit, on the server from its configuration, in the browser from the page's head.
pub fn max_image_bytes() -> u64 {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<ssr::ImageLimit>().map_or(DEFAULT_MAX_IMAGE_BYTES, |limit| limit.0);
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    return from_head().unwrap_or(DEFAULT_MAX_IMAGE_BYTES);
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    return DEFAULT_MAX_IMAGE_BYTES;
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn from_head() -> Option<u64> {
    let selector = format!("meta[name=\"{META_NAME}\"]");
    let meta = web_sys::window()?.document()?.query_selector(&selector).ok()??;
    meta.get_attribute("content")?.parse().ok()
}

#[cfg(feature = "ssr")]
pub mod ssr {
    /// The server's image limit in bytes.
    #[derive(Clone, Copy)]
    pub struct ImageLimit(pub u64);
}
