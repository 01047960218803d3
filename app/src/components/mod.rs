//! The page's components, one per file.

pub mod delivered_list;
pub mod home_page;
pub mod image_picker;
pub mod outbox_panel;
pub mod status_view;
pub mod submit_form;
