//! The page at `/`: the form, and the person's own submissions with each one's state (from the
//! worker: the server renders nobody's records), the offline badge, and the developers' details.

use leptos::prelude::*;
use leptos::task::spawn_local;

use outbox_protocol::{PageToWorker, WorkerToPage};

use super::developer_details::DeveloperDetails;
use super::network_badge::NetworkBadge;
use super::submission_list::SubmissionList;
use super::submit_form::SubmitForm;
use crate::retry_clock;
use crate::submission_status::StatusBoard;
use crate::worker_bridge::{self, StorageGrant};

#[component]
pub fn HomePage() -> impl IntoView {
    let board = RwSignal::new(StatusBoard::default());
    let hydrated = RwSignal::new(false);
    let worker = RwSignal::new("registering");
    let new_version = RwSignal::new(false);
    // The browser's answer to `navigator.storage.persist()`, asked when the first submission waits.
    let storage = RwSignal::new(StorageGrant::NotAsked);

    retry_clock::keep(board, move || ask_for_drain(board));

    // Effects run in the browser only, once the page is hydrated.
    Effect::new(move |_| {
        hydrated.set(true);
        worker_bridge::on_new_worker(move || new_version.set(true));
        let listening = worker_bridge::listen(move |report| {
            // This page's submission is stored: now the data sync has its data.
            if let WorkerToPage::Queued { id } = &report {
                if board.with_untracked(|b| b.submissions.iter().any(|s| s.id == *id)) {
                    worker_bridge::register_data_sync();
                    // A best-effort origin's storage may be evicted (Chromium under pressure, Safari
                    // after 7 days unused): ask once that the outbox be kept.
                    if storage.get_untracked() == StorageGrant::NotAsked {
                        storage.set(StorageGrant::Asked);
                        spawn_local(async move { storage.set(worker_bridge::persist_storage().await) });
                    }
                }
            }
            board.update(|b| b.apply(report))
        });
        if let Err(e) = listening {
            board.update(|b| b.notice = Some(e));
        }
        spawn_local(async move {
            match worker_bridge::register_worker().await {
                Ok(()) => {
                    worker.set("registered");
                    // Send what waits from earlier visits, and get the outbox to show.
                    ask_for_drain(board);
                    worker_bridge::on_online(move || ask_for_drain(board));
                }
                Err(e) => {
                    worker.set("failed");
                    board.update(|b| b.notice = Some(format!("cannot register the service worker: {e}")));
                }
            }
        });
    });

    view! {
        <main data-hydrated=move || hydrated.get().to_string() data-worker=move || worker.get()>
            <header class="top">
                <h1>"Outbox"</h1>
                <NetworkBadge />
            </header>
            <p class="lead">
                "What you send here reaches the server once, even offline: this browser keeps it and "
                "sends it when the network is back."
            </p>
            {move || {
                new_version
                    .get()
                    .then(|| {
                        view! {
                            <p class="new-version" role="alert">
                                "A new version of Outbox took over; what waits to be sent was kept. "
                                <a href="/">"Reload"</a>
                                " for the new page."
                            </p>
                        }
                    })
            }}
            <SubmitForm board />
            {move || {
                (storage.get() == StorageGrant::Refused)
                    .then(|| {
                        view! {
                            <p class="storage-notice" role="status">
                                "This browser keeps what waits to be sent in storage it may clear when space runs "
                                "low (it did not grant persistent storage). Open Outbox again soon, or install it."
                            </p>
                        }
                    })
            }}
            <SubmissionList board />
            <DeveloperDetails board />
        </main>
    }
}

/// Asks the worker to send what is due and to report its outbox.
fn ask_for_drain(board: RwSignal<StatusBoard>) {
    spawn_local(async move {
        if let Err(e) = worker_bridge::post(PageToWorker::Drain).await {
            board.update(|b| b.notice = Some(format!("cannot reach the service worker: {e}")));
        }
    });
}
