//! The page at `/`: the form, the worker's reports, and the person's own delivered submissions (from
//! the worker: the server renders nobody's records).

use leptos::prelude::*;
use leptos::task::spawn_local;

use outbox_protocol::PageToWorker;

use super::delivered_list::DeliveredList;
use super::outbox_panel::OutboxPanel;
use super::status_view::StatusView;
use super::submit_form::SubmitForm;
use crate::submission_status::StatusBoard;
use crate::worker_bridge;

#[component]
pub fn HomePage() -> impl IntoView {
    let board = RwSignal::new(StatusBoard::default());
    let hydrated = RwSignal::new(false);
    let worker = RwSignal::new("registering");

    // Effects run in the browser only, once the page is hydrated.
    Effect::new(move |_| {
        hydrated.set(true);
        let listening = worker_bridge::listen(move |report| board.update(|b| b.apply(report)));
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
            <h1>"Outbox"</h1>
            <p class="lead">
                "What you send here reaches the server once, even offline: the service worker "
                "keeps it and sends it when the network is back."
            </p>
            <SubmitForm board />
            <StatusView board />
            <OutboxPanel board />
            <DeliveredList board />
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
