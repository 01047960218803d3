//! The page at `/`: the form, and the person's own submissions with each one's state (from the
//! worker: the server renders nobody's records), the offline badge, and the developers' details.

use leptos::prelude::*;
use outbox_leptos::components::developer_details::DeveloperDetails;
use outbox_leptos::components::network_badge::NetworkBadge;
use outbox_leptos::components::submission_list::SubmissionList;
use outbox_leptos::{use_outbox, StorageGrant};

use super::submit_form::SubmitForm;
use crate::tutorial_form::FORM_VIEW;

#[component]
pub fn HomePage() -> impl IntoView {
    let outbox = use_outbox(FORM_VIEW);
    let (hydrated, worker, new_version, storage) =
        (outbox.hydrated(), outbox.worker(), outbox.new_version(), outbox.storage());
    let board = outbox.board();

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
            <SubmitForm />
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
            <SubmissionList />
            <DeveloperDetails board />
        </main>
    }
}
