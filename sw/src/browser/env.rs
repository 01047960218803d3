//! What a drain needs from the browser: the clock, the network's state, randomness, time
//! formatting, and reports to the pages (through `Pages`, without holding the drain up).

use outbox_protocol::WorkerToPage;
use wasm_bindgen::JsValue;

use super::pages::Pages;
use super::scope::{now_ms, online};
use crate::outbox::drain::{DrainEnv, DrainEvent};

/// A new submission id (for a message that carries none).
pub use outbox_browser::ids::new_id;

/// The SHA-256 of `bytes`, by the browser's `crypto.subtle` (no hashing code in the worker's wasm).
pub async fn sha256(bytes: &[u8]) -> Result<[u8; 32], JsValue> {
    let crypto = super::scope::global().crypto()?;
    let digest =
        wasm_bindgen_futures::JsFuture::from(crypto.subtle().digest_with_str_and_u8_array("SHA-256", bytes)?).await?;
    let mut out = [0u8; 32];
    js_sys::Uint8Array::new(&digest).copy_to(&mut out);
    Ok(out)
}

pub struct BrowserEnv<'a> {
    pub pages: &'a Pages,
}

impl DrainEnv for BrowserEnv<'_> {
    fn now_ms(&self) -> u64 {
        now_ms()
    }

    fn online(&self) -> bool {
        online()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    fn format_time(&self, ms: u64) -> Option<String> {
        js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_iso_string().as_string()
    }

    fn report(&self, events: Vec<DrainEvent>) {
        let messages = events
            .into_iter()
            .map(|event| match event {
                DrainEvent::Sending { id } => WorkerToPage::Sending { id },
                DrainEvent::Sent { id, record } => WorkerToPage::Sent { id, record },
                DrainEvent::NotSent { id, reason, retrying } => {
                    WorkerToPage::Failed { id, reason, will_retry: retrying }
                }
            })
            .collect();
        self.pages.tell(messages);
    }
}
