//! A field inspection that works offline, on Outbox's crates: the form (`inspection`), the page
//! (`page`), and the HTML document around it (`shell`). `main.rs` is the server.

pub mod inspection;
pub mod page;

use leptos::prelude::*;
use outbox_leptos::prelude::*;

pub use page::App;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <OutboxDocument options title="Inspection">
            <App />
        </OutboxDocument>
    }
}

/// The browser's entry point: hydrate the page the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
