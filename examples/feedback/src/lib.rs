//! A feedback form that works offline, on Outbox's crates: the form (`feedback`), the page (`page`)
//! and the document around it (`shell`). `main.rs` is the server.

pub mod feedback;
pub mod page;

use leptos::prelude::*;
use outbox_leptos::prelude::*;

pub use page::App;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! { <OutboxDocument options title="Feedback"><App /></OutboxDocument> }
}

/// The browser's entry point: hydrate the page the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
