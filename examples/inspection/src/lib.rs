//! A field inspection that works offline, on Outbox's crates: the form (`inspection`), the page
//! (`page`), and the HTML document around it (`shell`). `main.rs` is the server.

pub mod inspection;
pub mod page;

use leptos::prelude::*;
use outbox_leptos::{image_limit, stylesheet};

pub use page::App;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    outbox_leptos::security_policy::ssr::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                <title>"Inspection"</title>
                <meta name=image_limit::META_NAME content=image_limit::max_image_bytes().to_string() />
                <link rel="stylesheet" id="leptos" href=stylesheet::href(&options) />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The browser's entry point: hydrate the page the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
