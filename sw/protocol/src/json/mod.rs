//! The same wire format without serde, for the service worker and the page: serde_json's generic
//! code was most of the worker's wasm (measured: 125 KB gzip with it, 69 KB without). JSON text is written by [`JsonWriter`];
//! it is read from any parsed JSON value through the small [`JsonValue`] trait (the browser's own
//! `JSON.parse` in the worker and the page, `serde_json::Value` in the tests, which check every type against
//! what serde writes and reads, so both encodings stay one format).

#[cfg(feature = "browser")]
pub mod browser;
mod messages;
mod reader;
mod records;
mod writer;

#[cfg(test)]
mod tests;

pub use reader::{
    field, from_text, narrow, optional, optional_bool, optional_text, optional_uint, required, required_list, required_text,
    required_uint, required_uuid, FromJson, JsonValue,
};
pub use records::uuid_text;
pub use writer::{JsonWriter, ObjectWriter, ToJson};
