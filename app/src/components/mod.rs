//! The page's components, one per file.

pub mod developer_details;
pub mod home_page;
pub mod image_picker;
pub mod network_badge;
pub mod submission_list;
pub mod submit_form;
