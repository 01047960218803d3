//! What the page tells the person about Outbox itself, when it comes to that: a new version of the
//! worker took over (reload for the new page; what waits was kept), or the browser would not keep
//! the outbox's storage. Drawn by the browser (`client_dom`: as two Leptos views they cost the
//! page's wasm 5 KB gzip, measured); the server renders the empty place for them.

use leptos::prelude::*;

use crate::client_dom::{self, Node};
use crate::page_outbox::expect_outbox;
use crate::texts::t;
use crate::worker_bridge::StorageGrant;

/// Where the notices are drawn (a page shows them once).
const NOTICES_ID: &str = "outbox-notices";

/// The notices, inside a page that called `use_outbox`.
#[component]
pub fn PageNotices() -> impl IntoView {
    let outbox = expect_outbox();
    let (new_version, storage) = (outbox.new_version(), outbox.storage());
    client_dom::draw(NOTICES_ID, move || {
        let notices =
            [new_version.get().then(new_version_notice), (storage.get() == StorageGrant::Refused).then(storage_notice)];
        Some(notices.into_iter().flatten().collect())
    });
    view! { <div id=NOTICES_ID></div> }
}

fn new_version_notice() -> leptos::web_sys::Element {
    Node::new("p")
        .class("new-version")
        .attr("role", "alert")
        .text(&t("notice.new_version"))
        .text(" ")
        .child(Node::new("a").attr("href", "/").text(&t("notice.reload")))
        .element()
}

fn storage_notice() -> leptos::web_sys::Element {
    Node::new("p").class("storage-notice").attr("role", "status").text(&t("notice.storage")).element()
}
