//! The page at `/`: the form, the worker's reports, and what the server received.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use outbox_protocol::PageToWorker;

use super::outbox_panel::OutboxPanel;
use super::received_list::ReceivedList;
use super::status_view::StatusView;
use super::submit_form::SubmitForm;
use crate::submission_status::StatusBoard;
use crate::worker_bridge;

/// The least time between two readings of the received list.
const REFRESH_GAP: Duration = Duration::from_millis(200);

#[component]
pub fn HomePage() -> impl IntoView {
    let board = RwSignal::new(StatusBoard::default());
    let refresh = RwSignal::new(0u32);
    let hydrated = RwSignal::new(false);
    let worker = RwSignal::new("registering");
    // A drain of hundreds reports hundreds of deliveries: read the list again at most every
    // REFRESH_GAP, not once per delivery.
    let refresh_pending = StoredValue::new(false);
    let refresh_soon = move || {
        if !refresh_pending.get_value() {
            refresh_pending.set_value(true);
            set_timeout(
                move || {
                    refresh_pending.set_value(false);
                    refresh.update(|n| *n += 1);
                },
                REFRESH_GAP,
            );
        }
    };

    // Effects run in the browser only, once the page is hydrated.
    Effect::new(move |_| {
        hydrated.set(true);
        let listening = worker_bridge::listen(move |report| {
            let mut delivered = false;
            board.update(|b| delivered = b.apply(report));
            if delivered {
                refresh_soon();
            }
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
            <h1>"Outbox"</h1>
            <p class="lead">
                "What you send here reaches the server once, even offline: the service worker "
                "keeps it and sends it when the network is back."
            </p>
            <SubmitForm board />
            <StatusView board />
            <OutboxPanel board />
            <ReceivedList refresh />
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
