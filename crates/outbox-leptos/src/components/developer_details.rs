//! For developers, folded away: how the worker delivers (Background Sync or the fallback), its view
//! of the network, the outbox's counts, and the original pattern's data-less sync.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{DeliveryMode, OutboxCounts};

use crate::submission_status::StatusBoard;
use crate::worker_bridge;

#[component]
pub fn DeveloperDetails(board: RwSignal<StatusBoard>) -> impl IntoView {
    let outbox = Memo::new(move |_| board.with(|b| b.outbox.clone()));
    let ping = move |_| {
        spawn_local(async move {
            let notice = match worker_bridge::request_ping().await {
                Ok(()) => "data-less sync registered (sample_sync)".to_string(),
                Err(e) => format!("cannot register the data-less sync: {e}"),
            };
            board.update(|b| b.notice = Some(notice));
        });
    };
    view! {
        <details class="developer outbox">
            <summary>"Details for developers"</summary>
            {move || match outbox.get() {
                None => Either::Left(view! { <p class="mode">"Reading the outbox from the service worker…"</p> }),
                Some(view) => {
                    let OutboxCounts { waiting, failed, expired } = view.counts;
                    let (mode_key, mode_text) = match view.mode {
                        DeliveryMode::BackgroundSync => (
                            "background_sync",
                            "Mode: Background Sync (the browser sends what waits when the network is back, even with this page closed).",
                        ),
                        DeliveryMode::Fallback => (
                            "fallback",
                            "Mode: fallback, no Background Sync in this browser (what waits is sent when this page opens or the network is back).",
                        ),
                    };
                    let network = if view.online { "Worker's network: online." } else { "Worker's network: offline." };
                    Either::Right(view! {
                        <p class="mode" data-mode=mode_key>{mode_text}</p>
                        <p class="network" data-online=view.online.to_string()>{network}</p>
                        <p class="counts" data-waiting=waiting data-failed=failed data-expired=expired>
                            {format!("Outbox: {waiting} waiting, {failed} failed, {expired} expired")}
                        </p>
                    })
                }
            }}
            <button type="button" class="J_sync_ping" on:click=ping>"sync without data"</button>
        </details>
    }
}
