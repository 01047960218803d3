//! The page's components, one per file: the document around the app, the form around a form's
//! fields, its image picker, the person's list of submissions (`submission_rows`: its lines), the
//! offline badge, the page's notices (a new version, storage not kept), and the developers' details.

pub mod developer_details;
pub mod image_picker;
pub mod network_badge;
pub mod outbox_document;
pub mod outbox_form;
pub mod page_notices;
pub mod submission_list;
mod submission_rows;
