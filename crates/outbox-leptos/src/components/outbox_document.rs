//! The HTML document around an app that uses Outbox, rendered on the server: what Outbox needs in
//! the head (the hydration scripts, the page's security policy with the response's nonce, the
//! server's image limit, the hashed stylesheet, the texts of the person's language) once, so an
//! app's `shell` is a few lines.

use leptos::prelude::*;

use crate::{image_limit, stylesheet};

/// More of the head: an app's icons, manifest, description.
#[slot]
pub struct Head {
    /// What goes into `<head>` after Outbox's own.
    children: Children,
}

/// The document: `<head>` with `title`, Outbox's needs and the app's `Head` slot if any; the app
/// (`children`) in `<body>`, kept its own type (not type-erased: erasing the app's deep view type
/// makes its hydration future too deep for the compiler's default query limit).
#[component]
pub fn OutboxDocument<A>(
    options: LeptosOptions,
    title: &'static str,
    #[prop(optional)] head: Option<Head>,
    children: TypedChildren<A>,
) -> impl IntoView
where
    A: IntoView + 'static,
{
    let app = children.into_inner();
    #[cfg(feature = "ssr")]
    crate::security_policy::ssr::set_page_policy();
    // The request's language (its Accept-Language), for every text below, and carried for the browser.
    let (language, texts) = crate::texts::for_document();
    view! {
        <!DOCTYPE html>
        <html lang=language>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // The stylesheet before the scripts: on a slow link it comes first, so the page is
                // shown (a browser paints nothing before it) while the wasm is still on its way,
                // and the form works as a plain form meanwhile.
                <link rel="stylesheet" id="leptos" href=stylesheet::href(&options) />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                <title>{title}</title>
                <meta name=image_limit::META_NAME content=image_limit::max_image_bytes().to_string() />
                <script type="application/json" id=crate::texts::TEXTS_ID inner_html=texts></script>
                {head.map(|head| (head.children)())}
            </head>
            <body>{app()}</body>
        </html>
    }
}
