//! The wire format of Outbox, defined once and used by the page, the worker and the server.
//!
//! Nothing here depends on a browser or a server. Each type is written and read by hand beside its
//! definition (`json`: serde's generic code would double the worker's wasm), destructuring the
//! type, so a field added here is a compile error until it is written and read. serde derives the
//! same format behind the `serde` feature, for the server and the tests only.

#![deny(missing_docs)]

mod envelope;
mod form;
mod image;
pub mod json;
mod native_post;
mod outbox_view;
mod raw_json;
mod record;
mod refusal;
mod worker_config;

pub use envelope::{PageToWorker, WorkerToPage};
#[cfg(feature = "serde")]
pub use form::Form;
pub use form::{Column, FieldError};
pub use image::{
    form_fields, human_size, read_images, ImageAttachment, ImageMeta, DEFAULT_MAX_IMAGE_BYTES, MAX_IMAGES,
};
pub use native_post::NativePost;
pub use outbox_view::{DeliveryMode, EntryState, EntryView, OutboxCounts, OutboxView, OUTBOX_VIEW_MAX_ENTRIES};
pub use raw_json::RawJson;
pub use record::{
    ApiError, BatchItemResult, BatchRequest, BatchResponse, Delivery, ImageLinks, SubmissionRecord, MAX_BATCH,
    RECORD_KEYS, TUTORIAL_FORM,
};
pub use refusal::{server_answered, server_words};
pub use worker_config::{FormRoute, WorkerConfig};

/// The Background Sync tag of the default form whose sync event carries the page's data: the page
/// registers it with each message, the worker pairs the two (the rendezvous). Named as in the
/// tutorial the pattern comes from; the page and the worker both name it, so it is the protocol's.
pub const DATA_SYNC_TAG: &str = "sample_sync_event";
/// The default form's data-less Background Sync tag of the original pattern: the worker sends what
/// the form sends with no data (`FormRoute::no_data_fields`).
pub const PING_SYNC_TAG: &str = "sample_sync";
