//! Outbox's page, the tutorial's form on `outbox_leptos`: rendered on the server, hydrated in the
//! browser. One page at `/`, so no router and no meta crate: the document head is written out in
//! `shell` (20% less wasm, measured).
//!
//! `tutorial_form` declares the form (the server's type and the page's view of it);
//! `components/` hold the page and the form's fields. Everything else is `outbox_leptos`'s.

pub mod components;
pub mod tutorial_form;

use leptos::prelude::*;
use outbox_leptos::{image_limit, stylesheet};

use components::home_page::HomePage;

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
                <link rel="icon" type="image/png" href="/icons/icon-192.png" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <meta name="theme-color" content="#1d4ed8" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                <title>"Outbox"</title>
                <meta
                    name="description"
                    content="A form that works offline: what you send is kept in your browser and reaches the server exactly once."
                />
                <meta name=image_limit::META_NAME content=image_limit::max_image_bytes().to_string() />
                <link rel="stylesheet" id="leptos" href=stylesheet::href(&options) />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! { <HomePage /> }
}
