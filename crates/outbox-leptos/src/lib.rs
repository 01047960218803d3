//! An offline form for Leptos that reaches the server exactly once: the page's side of Outbox.
//! The page calls [`use_outbox`] once with its form's [`FormView`]; [`OutboxForm`]
//! around the form's fields sends what they hold to Outbox's service worker, which keeps it in
//! IndexedDB until the server acknowledged it; [`SubmissionList`]
//! shows the person's submissions with each one's state. Server-rendered (`ssr`) and hydrated
//! (`hydrate`); with `ssr`, the owner's page and the answer to a form posted without script too.
//!
//! Its API is at the crate's root (and in `prelude`), with [`texts`]; the modules are private.
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

#![deny(missing_docs)]

mod acknowledgement_watch;
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub mod admin_page;
mod client_dom;
mod components;
mod form_reading;
mod form_view;
mod image_limit;
mod local_time;
mod page_outbox;
mod picked_file;
mod retry_clock;
mod security_policy;
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub mod sent_page;
#[cfg(feature = "ssr")]
mod server_page;
mod stylesheet;
mod submission_list;
mod submission_status;
pub mod texts;
mod worker_bridge;

pub use components::developer_details::DeveloperDetails;
pub use components::image_picker::ImagePicker;
pub use components::network_badge::NetworkBadge;
pub use components::outbox_document::{Head, OutboxDocument};
pub use components::outbox_form::OutboxForm;
pub use components::page_notices::PageNotices;
pub use components::submission_list::SubmissionList;
pub use form_view::FormView;
/// The server's limit on an image, which the page announces in its head (`outbox-axum` provides it).
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub use image_limit::ssr::ImageLimit;
pub use page_outbox::{expect_outbox, use_outbox, PageOutbox};
#[cfg(feature = "ssr")]
pub use server_page::PageLook;
pub use worker_bridge::StorageGrant;

/// What an app's page uses, in one line: `use outbox_leptos::prelude::*;` (the hook, the form's
/// view, the components, and with `ssr` the trait a form's type implements).
pub mod prelude {
    pub use crate::texts::{t, Language};
    pub use crate::{
        expect_outbox, use_outbox, DeveloperDetails, FormView, Head, ImagePicker, NetworkBadge, OutboxDocument,
        OutboxForm, PageNotices, PageOutbox, SubmissionList,
    };
    pub use outbox_protocol::Column;
    #[cfg(feature = "ssr")]
    pub use outbox_protocol::{FieldError, Form};
}
