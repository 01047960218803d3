//! The page's components, one per file: the document around the app, the form around a form's
//! fields, its image picker, the person's list of submissions (`submission_rows`: its lines), the
//! offline badge, and the developers' details.

pub mod developer_details;
pub mod image_picker;
pub mod network_badge;
pub mod outbox_document;
pub mod outbox_form;
pub mod submission_list;
mod submission_rows;
