//! What a drain needs from the browser: the clock, randomness, time formatting, and reports to
//! the pages (sent without holding the drain up).

use outbox_protocol::WorkerToPage;
use wasm_bindgen::JsValue;

use crate::outbox::drain::{DrainEnv, DrainEvent};
use crate::pages;

pub struct BrowserEnv;

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl DrainEnv for BrowserEnv {
    fn now_ms(&self) -> u64 {
        now_ms()
    }

    fn online(&self) -> bool {
        crate::scope::global().navigator().on_line()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    fn format_time(&self, ms: u64) -> Option<String> {
        js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_iso_string().as_string()
    }

    fn report(&self, events: Vec<DrainEvent>) {
        let messages: Vec<WorkerToPage> = events
            .into_iter()
            .map(|event| match event {
                DrainEvent::Sending { id } => WorkerToPage::Sending { id },
                DrainEvent::Sent { id, record } => WorkerToPage::Sent { id, record },
                DrainEvent::NotSent { id, reason, retrying } => WorkerToPage::Failed { id, reason, will_retry: retrying },
            })
            .collect();
        // One listing of the pages for the whole round, not one per entry.
        wasm_bindgen_futures::spawn_local(async move { pages::tell_all_many(&messages).await });
    }
}
