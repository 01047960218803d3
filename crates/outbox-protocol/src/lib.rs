//! The wire format of Outbox, defined once and used by the page, the worker and the server.
//!
//! Nothing here depends on a browser or a server. Each type is written and read by hand beside its
//! definition (`json`: serde's generic code would double the worker's wasm), destructuring the
//! type, so a field added here is a compile error until it is written and read. serde derives the
//! same format behind the `serde` feature, for the server and the tests only.

mod envelope;
mod form;
mod image;
pub mod json;
mod name;
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
pub use name::{name_or_anonymous, normalize_name, NameError, ANONYMOUS, MAX_NAME_CHARS};
pub use native_post::NativePost;
pub use outbox_view::{DeliveryMode, EntryState, EntryView, OutboxCounts, OutboxView, OUTBOX_VIEW_MAX_ENTRIES};
pub use raw_json::RawJson;
pub use record::{
    ApiError, BatchItemResult, BatchRequest, BatchResponse, Delivery, ImageLinks, NewSubmission, SubmissionRecord,
    MAX_BATCH, RECORD_KEYS, TUTORIAL_FORM,
};
pub use refusal::{server_answered, server_words};
pub use worker_config::{FormRoute, WorkerConfig};

/// The Background Sync tag whose sync event carries the page's data (the rendezvous).
pub const DATA_SYNC_TAG: &str = "sample_sync_event";
/// The data-less Background Sync tag of the original pattern: the worker sends a plain `GET /sync`.
pub const PING_SYNC_TAG: &str = "sample_sync";
/// The page that says a form the browser posted itself is saved on this device (the server could
/// not be reached): served by the server, cached by the worker with the app shell.
pub const QUEUED_PAGE: &str = "/queued";
