//! The wire format's JSON without serde, for the service worker and the page: serde_json's generic
//! code was most of the worker's wasm (measured: 125 KB gzip with it, 69 KB without). Each type
//! writes and reads itself beside its definition (`ToJson`, `FromJson`); this module holds the
//! tools: [`JsonWriter`] writes text, and a type is read from any parsed JSON value through the
//! small [`JsonValue`] trait (the browser's own `JSON.parse` in the worker and the page, `browser`;
//! `serde_json::Value` on the server and in the tests, which check every type against what serde
//! writes and reads, so both encodings stay one format), field by field with [`Fields`] (`reader`
//! holds the single reads it is made of).

#[cfg(feature = "browser")]
pub mod browser;
mod fields;
mod reader;
mod writer;

#[cfg(test)]
pub(crate) mod cases;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
#[cfg(test)]
mod tests;

pub use fields::Fields;
#[cfg(feature = "serde")]
pub use reader::from_text;
pub use reader::{field, parse_uuid, required_uint, required_uuid, FromJson, JsonValue};
// The single reads `Fields` is made of, and the types' own encodings use.
pub(crate) use reader::{narrow, optional, required_text};
pub use writer::{uuid_text, JsonWriter, ObjectWriter, ToJson};
