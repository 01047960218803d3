//! Outbox's page: rendered on the server, hydrated in the browser. One page at `/`, so no router
//! and no meta crate: the document head is written out in `shell` (20% less wasm, measured).
//!
//! Components live in `components/`; every call to `navigator.serviceWorker` goes through
//! `worker_bridge`; what the page knows of each submission is modelled in `submission_status`, and
//! of its form (the worker knows none) in `tutorial_form`.

mod acknowledgement_watch;
#[cfg(feature = "ssr")]
pub mod admin_page;
pub mod components;
mod form_reading;
pub mod image_limit;
mod local_time;
pub mod picked_file;
mod retry_clock;
pub mod security_policy;
#[cfg(feature = "ssr")]
pub mod sent_page;
#[cfg(feature = "ssr")]
mod server_page;
mod stylesheet;
pub mod submission_list;
pub mod submission_status;
pub mod tutorial_form;
mod worker_bridge;

use leptos::prelude::*;

use components::home_page::HomePage;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security_policy::ssr::set_page_policy();
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
