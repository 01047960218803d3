//! The offline badge: the browser's own view of the network (shown before the worker reports, and
//! on a page opened from the worker's cache).

use leptos::prelude::*;

use crate::worker_bridge;

#[component]
pub fn NetworkBadge() -> impl IntoView {
    // The server renders it hidden: a page is served by a reachable server, or by the worker's
    // cache, and then hydration shows it at once.
    let online = RwSignal::new(true);
    Effect::new(move |_| {
        online.set(worker_bridge::browser_online());
        worker_bridge::on_online(move || online.set(true));
        worker_bridge::on_offline(move || online.set(false));
    });
    view! {
        <span class="offline-badge" hidden=move || online.get() title="What you send waits in this browser and goes when the network is back">
            "Offline"
        </span>
    }
}
