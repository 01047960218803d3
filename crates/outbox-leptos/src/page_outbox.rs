//! The hook a page calls once, [`use_outbox`]: it registers the worker, listens to its reports,
//! asks it to send what waits (now, and when the network comes back), registers the data sync once
//! the worker stored a submission, asks the browser to keep the outbox's storage, and notices a new
//! version taking over. Its state is one `PageOutbox`, given to the components below as context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{PageToWorker, WorkerToPage};

use crate::client_dom;
use crate::form_view::FormView;
use crate::retry_clock;
use crate::submission_status::StatusBoard;
use crate::worker_bridge::{self, StorageGrant};

/// The page's outbox: its form, the person's submissions and the worker's state, as signals.
#[derive(Clone, Copy)]
pub struct PageOutbox {
    form: FormView,
    board: RwSignal<StatusBoard>,
    hydrated: RwSignal<bool>,
    worker: RwSignal<&'static str>,
    new_version: RwSignal<bool>,
    storage: RwSignal<StorageGrant>,
}

impl PageOutbox {
    /// The form this page's outbox sends (`use_outbox`'s).
    pub fn form(&self) -> FormView {
        self.form
    }

    /// The person's submissions with each one's state (the components update it).
    pub fn board(&self) -> RwSignal<StatusBoard> {
        self.board
    }

    /// Whether the page is hydrated (rendered `false` by the server). The document says it too, for
    /// tests and scripts: `<html data-hydrated="true">`.
    pub fn hydrated(&self) -> ReadSignal<bool> {
        self.hydrated.read_only()
    }

    /// The worker's registration: `registering`, `registered` or `failed`.
    pub fn worker(&self) -> ReadSignal<&'static str> {
        self.worker.read_only()
    }

    /// Whether a new version of the worker took over since the page was loaded.
    pub fn new_version(&self) -> ReadSignal<bool> {
        self.new_version.read_only()
    }

    /// The browser's answer to keeping the outbox's storage (asked when a first submission waits).
    pub fn storage(&self) -> ReadSignal<StorageGrant> {
        self.storage.read_only()
    }
}

/// The page's outbox for `form`; call it once, in the page's component (its components find it).
pub fn use_outbox(form: FormView) -> PageOutbox {
    let outbox = PageOutbox {
        form,
        board: RwSignal::new(StatusBoard::default()),
        hydrated: RwSignal::new(false),
        worker: RwSignal::new("registering"),
        new_version: RwSignal::new(false),
        storage: RwSignal::new(StorageGrant::NotAsked),
    };
    provide_context(outbox);
    let PageOutbox { board, hydrated, worker, new_version, storage, .. } = outbox;
    retry_clock::keep(board, move || ask_for_drain(board));

    // Effects run in the browser only, once the page is hydrated.
    Effect::new(move |_| {
        hydrated.set(true);
        client_dom::mark_hydrated();
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
            board.update(|b| b.notice = Some(no_worker(&e)));
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
                    board.update(|b| b.notice = Some(no_worker(&format!("cannot register the service worker: {e}"))));
                }
            }
        });
    });
    outbox
}

/// The page's outbox, from a component inside the page that called [`use_outbox`].
pub fn expect_outbox() -> PageOutbox {
    expect_context::<PageOutbox>()
}

/// The notice of a page whose worker cannot keep what it sends, with the browser's reason.
fn no_worker(reason: &str) -> String {
    crate::texts::tf("notice.no_worker", &[("{reason}", reason)])
}

/// Asks the worker to send what is due and to report its outbox.
fn ask_for_drain(board: RwSignal<StatusBoard>) {
    spawn_local(async move {
        if let Err(e) = worker_bridge::post(PageToWorker::Drain).await {
            board.update(|b| b.notice = Some(no_worker(&format!("cannot reach the service worker: {e}"))));
        }
    });
}
