//! Reporting the outbox to the pages, throttled: a change when nothing is being reported is
//! reported at once; changes during a report, or in the 100 ms after it, are folded into one more.
//! A burst of 1,000 submissions then costs a handful of reports, not 1,000 reports of up to 1,000
//! entries each (the page would parse and draw them all).

use std::cell::Cell;

use gloo_timers::future::TimeoutFuture;
use outbox_protocol::{DeliveryMode, OutboxView, WorkerToPage};

use crate::background_sync;
use crate::browser_env::BrowserEnv;
use crate::outbox::drain::DrainEnv;
use crate::idb_store::IdbStore;
use crate::outbox::entry::OutboxEntry;
use crate::outbox::store::OutboxStore;
use crate::pages;
use crate::scope::warn;

/// The least time between two reports.
const MIN_GAP_MS: u32 = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Reporting,
    /// Reporting, and something changed since the report started.
    ReportingChanged,
}

thread_local! {
    static STATE: Cell<State> = const { Cell::new(State::Idle) };
}

/// The outbox changed (or a page asked): report it to every page, soon.
pub fn request() {
    match STATE.with(Cell::get) {
        State::Idle => {
            STATE.with(|s| s.set(State::Reporting));
            wasm_bindgen_futures::spawn_local(run());
        }
        _ => STATE.with(|s| s.set(State::ReportingChanged)),
    }
}

async fn run() {
    loop {
        report_now().await;
        TimeoutFuture::new(MIN_GAP_MS).await;
        if STATE.with(Cell::get) == State::ReportingChanged {
            STATE.with(|s| s.set(State::Reporting));
            continue;
        }
        STATE.with(|s| s.set(State::Idle));
        return;
    }
}

async fn report_now() {
    let entries = match IdbStore::open().await {
        Ok(store) => store.all().await,
        Err(e) => Err(e),
    };
    match entries {
        Ok(entries) => pages::tell_all(&WorkerToPage::Outbox(view(&entries))).await,
        Err(e) => warn(&format!("cannot read the outbox to report it: {e}")),
    }
}

fn view(entries: &[OutboxEntry]) -> OutboxView {
    let mode = if background_sync::available() { DeliveryMode::BackgroundSync } else { DeliveryMode::Fallback };
    OutboxView::of(mode, BrowserEnv.online(), entries.iter().map(OutboxEntry::view).collect())
}
