//! The offline badge: the browser's own view of the network (shown before the worker reports, and
//! on a page opened from the worker's cache). Drawn by the browser (`client_dom`); the server
//! renders its empty place (a page is served by a reachable server, or by the worker's cache, and
//! then hydration shows it at once).

use leptos::prelude::*;

use crate::client_dom::{self, Node};
use crate::texts::t;
use crate::worker_bridge;

/// Where the badge is drawn (a page shows one).
const BADGE_ID: &str = "offline-badge";

/// "Offline" while the browser has no network (what is sent meanwhile waits on this device).
#[component]
pub fn NetworkBadge() -> impl IntoView {
    let online = RwSignal::new(true);
    Effect::new(move |_| {
        online.set(worker_bridge::browser_online());
        worker_bridge::on_online(move || online.set(true));
        worker_bridge::on_offline(move || online.set(false));
    });
    client_dom::draw(BADGE_ID, move || {
        let badge = (!online.get()).then(|| {
            Node::new("span")
                .class("offline-badge")
                .attr("title", &t("badge.offline_title"))
                .text(&t("badge.offline"))
                .element()
        });
        Some(badge.into_iter().collect())
    });
    view! { <span id=BADGE_ID></span> }
}
