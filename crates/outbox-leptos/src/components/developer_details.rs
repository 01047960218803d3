//! For developers, folded away: how the worker delivers (Background Sync or the fallback), its view
//! of the network, the outbox's counts, and the original pattern's data-less sync. The worker's
//! part is drawn in the browser from its report (`client_dom`: as a Leptos view it cost the page's
//! wasm 2.7 KB gzip more, measured); the server renders "Reading the outbox…" in its place.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{DeliveryMode, OutboxCounts, OutboxView};

use crate::client_dom::{self, Node};
use crate::page_outbox::expect_outbox;
use crate::texts::{t, tf, words};
use crate::worker_bridge;

/// Where the worker's report is drawn (the details are on a page once).
const WORKER_STATE_ID: &str = "worker-state";

/// The developers' details of the page's outbox (`use_outbox`), folded away.
#[component]
pub fn DeveloperDetails() -> impl IntoView {
    let board = expect_outbox().board();
    let ping = move |_| {
        spawn_local(async move {
            let notice = match worker_bridge::request_ping().await {
                Ok(()) => tf("developer.ping_registered", &[("{tag}", outbox_protocol::PING_SYNC_TAG)]),
                Err(e) => tf("developer.ping_failed", &[("{reason}", &e)]),
            };
            board.update(|b| b.notice = Some(notice));
        });
    };
    client_dom::draw(WORKER_STATE_ID, move || board.with(|b| b.outbox.as_ref().map(worker_lines)));
    view! {
        <details class="developer outbox">
            <summary>{words("developer.summary", &[])}</summary>
            <div id=WORKER_STATE_ID>
                <p class="mode">{words("developer.reading", &[])}</p>
            </div>
            <button type="button" class="J_sync_ping" on:click=ping>{words("developer.ping", &[])}</button>
        </details>
    }
}

/// The worker's mode, its network and the outbox's counts, each a paragraph with its value in a
/// data attribute.
fn worker_lines(view: &OutboxView) -> Vec<leptos::web_sys::Element> {
    let OutboxCounts { waiting, failed, expired } = view.counts;
    let (mode_key, mode_text) = match view.mode {
        DeliveryMode::BackgroundSync => ("background_sync", t("developer.background_sync")),
        DeliveryMode::Fallback => ("fallback", t("developer.fallback")),
    };
    let network = t(if view.online { "developer.online" } else { "developer.offline" });
    let counts = tf(
        "developer.counts",
        &[("{waiting}", &waiting.to_string()), ("{failed}", &failed.to_string()), ("{expired}", &expired.to_string())],
    );
    vec![
        Node::new("p").class("mode").attr("data-mode", mode_key).text(&mode_text).element(),
        Node::new("p").class("network").attr("data-online", &view.online.to_string()).text(&network).element(),
        Node::new("p")
            .class("counts")
            .attr("data-waiting", &waiting.to_string())
            .attr("data-failed", &failed.to_string())
            .attr("data-expired", &expired.to_string())
            .text(&counts)
            .element(),
    ]
}
