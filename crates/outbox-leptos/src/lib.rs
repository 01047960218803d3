//! An offline form for Leptos that reaches the server exactly once: the page's side of Outbox.
//! The page calls [`use_outbox`] once with its form's [`FormView`]; [`components::outbox_form::OutboxForm`]
//! around the form's fields sends what they hold to Outbox's service worker, which keeps it in
//! IndexedDB until the server acknowledged it; [`components::submission_list::SubmissionList`]
//! shows the person's submissions with each one's state. Server-rendered (`ssr`) and hydrated
//! (`hydrate`); with `ssr`, the owner's page and the answer to a form posted without script too.
//!
//! Module map:
//! - `page_outbox`: the hook and its state; `form_view`: what the page knows of its form.
//! - `components/`: the form, its image picker, the list, the offline badge, the developers' details.
//! - `worker_bridge`: every call to `navigator.serviceWorker`; `acknowledgement_watch`: posts
//!   again until the worker acknowledges; `form_reading`: a form element's fields.
//! - `submission_status`, `submission_list` (rows merged by id, tested natively), `retry_clock`.
//! - `picked_file`, `image_limit`: the photo and the server's limit announced in the head.
//! - `client_dom`: what only the browser fills (the list's lines, the photos' previews, the
//!   worker's details), built with the DOM: smaller than a Leptos view per kind of line.
//! - `security_policy`, `stylesheet`: the document head's policy and hashed CSS link.
//! - `texts`: every text the library shows, in English and Chinese (and an app's languages).
//! - with `ssr`: `admin_page` (the owner's), `sent_page` (a native post's answer), `server_page`.

mod acknowledgement_watch;
#[cfg(feature = "ssr")]
pub mod admin_page;
mod client_dom;
pub mod components;
mod form_reading;
pub mod form_view;
pub mod image_limit;
mod local_time;
pub mod page_outbox;
pub mod picked_file;
mod retry_clock;
pub mod security_policy;
#[cfg(feature = "ssr")]
pub mod sent_page;
#[cfg(feature = "ssr")]
pub mod server_page;
pub mod stylesheet;
pub mod submission_list;
pub mod submission_status;
pub mod texts;
mod worker_bridge;

pub use form_view::FormView;
pub use page_outbox::{expect_outbox, use_outbox, PageOutbox};
pub use worker_bridge::StorageGrant;

/// What an app's page uses, in one line: `use outbox_leptos::prelude::*;` (the hook, the form's
/// view, the components, and with `ssr` the trait a form's type implements).
pub mod prelude {
    pub use crate::components::developer_details::DeveloperDetails;
    pub use crate::components::image_picker::ImagePicker;
    pub use crate::components::network_badge::NetworkBadge;
    pub use crate::components::outbox_document::{Head, OutboxDocument};
    pub use crate::components::outbox_form::OutboxForm;
    pub use crate::components::page_notices::PageNotices;
    pub use crate::components::submission_list::SubmissionList;
    pub use crate::texts::{t, Language};
    pub use crate::{expect_outbox, use_outbox, FormView, PageOutbox};
    pub use outbox_protocol::Column;
    #[cfg(feature = "ssr")]
    pub use outbox_protocol::{FieldError, Form};
}
