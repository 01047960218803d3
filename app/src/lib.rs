//! Outbox's page, the tutorial's form on `outbox_leptos`: rendered on the server, hydrated in the
//! browser. One page at `/`, so no router and no meta crate: the document head is written out in
//! `shell`, on `OutboxDocument` (20% less wasm than leptos_meta, measured).
//!
//! `tutorial_form` declares the form (the server's type and the page's view of it), `name_rule`
//! its one rule;
//! `components/` hold the page and the form's fields; `words` its texts in English and Chinese.
//! Everything else is `outbox_leptos`'s.

pub mod components;
pub mod name_rule;
pub mod tutorial_form;
pub mod words;

use leptos::prelude::*;
use outbox_leptos::{Head, OutboxDocument};

use components::home_page::HomePage;

/// The HTML document around the app, rendered on the server: Outbox's, with the app's icons, its
/// manifest and its description.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <OutboxDocument options title="Outbox">
            <Head slot>
                <link rel="icon" type="image/png" href="/icons/icon-192.png" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <meta name="theme-color" content="#1d4ed8" />
                <meta
                    name="description"
                    content="A form that works offline: what you send is kept in your browser and reaches the server exactly once."
                />
            </Head>
            <App />
        </OutboxDocument>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! { <HomePage /> }
}
