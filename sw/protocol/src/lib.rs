//! The wire format of Outbox, defined once and used by the page, the worker and the server.
//!
//! Nothing here depends on a browser or a server: only serde, and (`json`) the same format written
//! and read by hand for the service worker, whose size serde's generic code would double. A field added here is seen by the
//! compiler in every place that reads or writes it.

mod envelope;
mod image;
pub mod json;
mod name;
mod outbox_view;
mod record;

pub use envelope::{PageToWorker, WorkerToPage};
pub use image::{form_fields, human_size, ImageAttachment, ImageMeta, DEFAULT_MAX_IMAGE_BYTES};
pub use name::{name_or_anonymous, normalize_name, NameError, ANONYMOUS, MAX_NAME_CHARS};
pub use outbox_view::{DeliveryMode, EntryState, EntryView, OutboxCounts, OutboxView, OUTBOX_VIEW_MAX_ENTRIES};
pub use record::{ApiError, BatchItemResult, BatchRequest, BatchResponse, NewSubmission, SubmissionRecord, MAX_BATCH};

/// The Background Sync tag whose sync event carries the page's data (the rendezvous).
pub const DATA_SYNC_TAG: &str = "sample_sync_event";
/// The data-less Background Sync tag of the original pattern: the worker sends a plain `GET /sync`.
pub const PING_SYNC_TAG: &str = "sample_sync";
