//! The live outbox: what waits in the worker, where each entry stands, and what the person can do
//! with a failed one (edit and retry, or discard). Read from the worker, so a reload or another
//! tab shows the same.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{human_size, DeliveryMode, EntryState, EntryView, OutboxCounts, PageToWorker};

use crate::local_time::clock_time;
use crate::submission_status::StatusBoard;
use crate::worker_bridge;

#[component]
pub fn OutboxPanel(board: RwSignal<StatusBoard>) -> impl IntoView {
    let outbox = Memo::new(move |_| board.with(|b| b.outbox.clone()));
    view! {
        <section class="outbox" aria-label="Outbox">
            <h2>"Outbox"</h2>
            {move || match outbox.get() {
                None => Either::Left(view! { <p class="mode">"Reading the outbox from the service worker…"</p> }),
                Some(view) => {
                    let OutboxCounts { waiting, failed, expired } = view.counts;
                    let unlisted = view.unlisted();
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
                    let network = if view.online {
                        "Network: online."
                    } else {
                        "Network: offline. What waits is sent when it is back."
                    };
                    Either::Right(view! {
                        <p class="mode" data-mode=mode_key>{mode_text}</p>
                        <p class="network" data-online=view.online.to_string()>{network}</p>
                        <p class="counts" data-waiting=waiting data-failed=failed data-expired=expired>
                            {format!("{waiting} waiting, {failed} failed, {expired} expired")}
                        </p>
                        <ul class="outbox-entries">
                            {view.entries.into_iter().map(|entry| view! { <OutboxEntry entry /> }).collect_view()}
                        </ul>
                        {(unlisted > 0).then(|| view! { <p class="unlisted">{format!("and {unlisted} more waiting")}</p> })}
                    })
                }
            }}
        </section>
    }
}

fn state_key(state: &EntryState) -> &'static str {
    match state {
        EntryState::Queued => "queued",
        EntryState::Sending => "sending",
        EntryState::Retrying { .. } => "retrying",
        EntryState::Failed => "failed",
        EntryState::Expired => "expired",
    }
}

fn state_label(entry: &EntryView) -> String {
    let reason = entry.last_error.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
    match entry.state {
        EntryState::Queued => "queued".into(),
        EntryState::Sending => "sending…".into(),
        EntryState::Retrying { next_attempt_at_ms } => {
            format!("retrying at {} (attempt {} failed{reason})", clock_time(next_attempt_at_ms), entry.attempts)
        }
        EntryState::Failed => format!("failed{reason}"),
        EntryState::Expired => format!("expired{reason}"),
    }
}

fn send(message: PageToWorker) {
    spawn_local(async move {
        if let Err(e) = worker_bridge::post(message).await {
            leptos::logging::warn!("{e}");
        }
    });
}

#[component]
fn OutboxEntry(entry: EntryView) -> impl IntoView {
    let id = entry.id;
    let edited = RwSignal::new(entry.name.clone());
    let can_retry = entry.state == EntryState::Failed;
    let can_discard = matches!(entry.state, EntryState::Failed | EntryState::Expired);
    view! {
        <li data-id=id.to_string() data-state=state_key(&entry.state)>
            <span class="name">{entry.name.clone()}</span>
            {entry.image.as_ref().map(|i| {
                view! { <span class="attachment">{format!(" with {} ({})", i.file_name, human_size(i.size))}</span> }
            })}
            " — "
            <span class="state">{state_label(&entry)}</span>
            {can_retry
                .then(|| {
                    view! {
                        <label class="edit-label">
                            "Name "
                            <input class="edit" type="text" bind:value=edited />
                        </label>
                        <button
                            type="button"
                            class="retry"
                            on:click=move |_| send(PageToWorker::Retry { id, name: Some(edited.get_untracked()) })
                        >
                            "retry now"
                        </button>
                    }
                })}
            {can_discard
                .then(|| {
                    view! {
                        <button type="button" class="discard" on:click=move |_| send(PageToWorker::Discard { id })>
                            "discard"
                        </button>
                    }
                })}
        </li>
    }
}
