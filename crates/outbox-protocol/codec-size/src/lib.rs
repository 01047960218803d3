//! What each codec costs the worker's wasm (`scripts/codec-size.sh` builds each variant and prints
//! the table): read a page's message, the worker's config and a batch's answer, write a delivery to
//! the server and a report to the page. Variants (features): none (the same boundary, no codec),
//! `hand` (outbox-protocol's own reader and writer, over the browser's `JSON.parse`), `sj`
//! (serde_json on the protocol's serde derives), `swb` (serde-wasm-bindgen on the same derives) and
//! `lean` (serde-wasm-bindgen at its best: fields kept as JS values, photos as bytes, no flatten).
#[allow(unused_imports)]
use outbox_protocol::{BatchItemResult, Delivery, PageToWorker, RawJson, WorkerConfig, WorkerToPage};
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Every report but the outbox view (which the `lean` mirror leaves out), so none is optimized away.
#[cfg(any(feature = "hand", feature = "sj", feature = "swb"))]
fn every_report(id: uuid::Uuid) -> Vec<WorkerToPage> {
    vec![
        WorkerToPage::Queued { id },
        WorkerToPage::Sending { id },
        WorkerToPage::Failed { id, reason: String::from("r"), will_retry: true },
        WorkerToPage::Pinged { status: 200 },
        WorkerToPage::Error { reason: String::from("e") },
    ]
}

#[cfg(not(any(feature = "hand", feature = "sj", feature = "swb", feature = "lean")))]
#[wasm_bindgen]
pub fn run(message: JsValue, config: JsValue, answer: JsValue) -> JsValue {
    // Baseline: the same boundary, no codec.
    let _ = (config, answer);
    message
}

#[cfg(feature = "hand")]
#[wasm_bindgen]
pub fn run(message: JsValue, config: JsValue, answer: JsValue) -> JsValue {
    use outbox_protocol::json::browser::{parse, Js};
    use outbox_protocol::json::ToJson;
    let text = message.as_string().unwrap_or_default();
    let m: Result<PageToWorker, String> = parse(&text);
    let c: Result<WorkerConfig, String> = parse(&config.as_string().unwrap_or_default());
    let a: Result<Vec<BatchItemResult<RawJson>>, String> = parse(&answer.as_string().unwrap_or_default());
    let _ = Js(JsValue::NULL);
    let out = match (m, c, a) {
        (Ok(PageToWorker::Bgsync { id: Some(id), fields, .. }), Ok(c), Ok(a)) => {
            let d = Delivery { id, fields: fields.clone(), pressed_at: Some(c.version), attempt: Some(a.len() as u32) };
            let mut s = d.to_json_text();
            for report in every_report(id) {
                s.push_str(&report.to_json_text());
            }
            s
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => WorkerToPage::Error { reason: e }.to_json_text(),
        _ => String::new(),
    };
    JsValue::from_str(&out)
}

#[cfg(feature = "sj")]
#[wasm_bindgen]
pub fn run(message: JsValue, config: JsValue, answer: JsValue) -> JsValue {
    let m: Result<PageToWorker, _> = serde_json::from_str(&message.as_string().unwrap_or_default());
    let c: Result<WorkerConfig, _> = serde_json::from_str(&config.as_string().unwrap_or_default());
    let a: Result<Vec<BatchItemResult<RawJson>>, _> = serde_json::from_str(&answer.as_string().unwrap_or_default());
    let out = match (m, c, a) {
        (Ok(PageToWorker::Bgsync { id: Some(id), fields, .. }), Ok(c), Ok(a)) => {
            let d = Delivery { id, fields: fields.clone(), pressed_at: Some(c.version), attempt: Some(a.len() as u32) };
            let mut s = serde_json::to_string(&d).unwrap_or_default();
            for report in every_report(id) {
                s.push_str(&serde_json::to_string(&report).unwrap_or_default());
            }
            s
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            serde_json::to_string(&WorkerToPage::Error { reason: e.to_string() }).unwrap_or_default()
        }
        _ => String::new(),
    };
    JsValue::from_str(&out)
}

#[cfg(feature = "swb")]
#[wasm_bindgen]
pub fn run(message: JsValue, config: JsValue, answer: JsValue) -> JsValue {
    use serde_wasm_bindgen::{from_value, to_value};
    let m: Result<PageToWorker, _> = from_value(message);
    let c: Result<WorkerConfig, _> = from_value(config);
    let a: Result<Vec<BatchItemResult<RawJson>>, _> = from_value(answer);
    match (m, c, a) {
        (Ok(PageToWorker::Bgsync { id: Some(id), fields, .. }), Ok(c), Ok(a)) => {
            let d = Delivery { id, fields: fields.clone(), pressed_at: Some(c.version), attempt: Some(a.len() as u32) };
            let arr = js_sys::Array::new();
            arr.push(&to_value(&d).unwrap_or(JsValue::NULL));
            for report in every_report(id) {
                arr.push(&to_value(&report).unwrap_or(JsValue::NULL));
            }
            arr.into()
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            to_value(&WorkerToPage::Error { reason: e.to_string() }).unwrap_or(JsValue::NULL)
        }
        _ => JsValue::NULL,
    }
}

/// serde at its best for the worker: the form's fields and the server's records stay JS values
/// (`preserve`), photos are bytes (`Uint8Array`), no `flatten` (it buffers through serde's Content).
#[cfg(feature = "lean")]
mod lean {
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;
    use wasm_bindgen::prelude::*;

    #[derive(Deserialize)]
    pub struct Image {
        pub file_name: String,
        pub mime: String,
        #[serde(with = "serde_bytes")]
        pub bytes: Vec<u8>,
    }
    #[derive(Deserialize)]
    #[serde(tag = "type", content = "msg", rename_all = "snake_case")]
    pub enum PageToWorker {
        Bgsync {
            #[serde(default)]
            id: Option<Uuid>,
            #[serde(default)]
            form: Option<String>,
            #[serde(with = "serde_wasm_bindgen::preserve")]
            fields: JsValue,
            #[serde(default)]
            pressed_at: Option<String>,
            #[serde(default)]
            images: Vec<Image>,
        },
        Drain,
        Retry {
            id: Uuid,
            #[serde(default, with = "serde_wasm_bindgen::preserve")]
            fields: JsValue,
        },
        Discard {
            id: Uuid,
        },
    }
    #[derive(Deserialize)]
    pub struct FormRoute {
        pub name: String,
        pub action: String,
        pub batch_action: String,
        pub data_tag: String,
        pub ping_tag: String,
        #[serde(default, with = "serde_wasm_bindgen::preserve")]
        pub no_data_fields: JsValue,
        pub queued_page: String,
    }
    #[derive(Deserialize)]
    pub struct WorkerConfig {
        pub version: String,
        pub shell_files: Vec<String>,
        pub navigation_timeout_ms: u64,
        pub database: String,
        pub forms: Vec<FormRoute>,
    }
    #[derive(Deserialize)]
    pub struct BatchItemResult {
        pub id: Uuid,
        pub status: u16,
        #[serde(default, with = "serde_wasm_bindgen::preserve")]
        pub record: JsValue,
        #[serde(default)]
        pub error: Option<String>,
        #[serde(default)]
        pub field: Option<String>,
    }
    #[derive(Serialize)]
    pub struct Delivery {
        pub id: Uuid,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        pub fields: JsValue,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub pressed_at: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub attempt: Option<u32>,
    }
    pub fn every_report(id: Uuid) -> Vec<WorkerToPage> {
        vec![
            WorkerToPage::Queued { id },
            WorkerToPage::Sending { id },
            WorkerToPage::Failed { id, reason: String::from("r"), will_retry: true },
            WorkerToPage::Pinged { status: 200 },
            WorkerToPage::Error { reason: String::from("e") },
        ]
    }

    #[derive(Serialize)]
    #[serde(tag = "type", content = "msg", rename_all = "snake_case")]
    pub enum WorkerToPage {
        Queued {
            id: Uuid,
        },
        Sending {
            id: Uuid,
        },
        Failed {
            id: Uuid,
            reason: String,
            will_retry: bool,
        },
        Pinged {
            status: u16,
        },
        Error {
            reason: String,
        },
    }
}

#[cfg(feature = "lean")]
#[wasm_bindgen]
pub fn run(message: JsValue, config: JsValue, answer: JsValue) -> JsValue {
    use lean::*;
    use serde_wasm_bindgen::{from_value, to_value};
    let m: Result<PageToWorker, _> = from_value(message);
    let c: Result<WorkerConfig, _> = from_value(config);
    let a: Result<Vec<BatchItemResult>, _> = from_value(answer);
    match (m, c, a) {
        (Ok(PageToWorker::Bgsync { id: Some(id), fields, .. }), Ok(c), Ok(a)) => {
            let d = Delivery { id, fields: fields.clone(), pressed_at: Some(c.version), attempt: Some(a.len() as u32) };
            let arr = js_sys::Array::new();
            arr.push(&to_value(&d).unwrap_or(JsValue::NULL));
            for report in every_report(id) {
                arr.push(&to_value(&report).unwrap_or(JsValue::NULL));
            }
            arr.into()
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            to_value(&WorkerToPage::Error { reason: e.to_string() }).unwrap_or(JsValue::NULL)
        }
        _ => JsValue::NULL,
    }
}
