//! The page's own components: the page at `/` and the tutorial form's fields.

pub mod home_page;
pub mod submit_form;
