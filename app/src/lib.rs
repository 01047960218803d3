//! Outbox's page: rendered on the server, hydrated in the browser.
//!
//! Components live in `components/`; every call to `navigator.serviceWorker` goes through
//! `worker_bridge`; what the page knows of each submission is modelled in `submission_status`.

pub mod components;
pub mod image_limit;
pub mod picked_file;
pub mod received;
pub mod submission_status;
mod worker_bridge;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::StaticSegment;

use components::home_page::HomePage;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/outbox.css" />
        <Title text="Outbox" />
        <Router>
            <Routes fallback=|| "Page not found.".into_view()>
                <Route path=StaticSegment("") view=HomePage />
            </Routes>
        </Router>
    }
}
