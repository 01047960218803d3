//! A form's fields as the page sends them to the worker: every text the form element holds, read
//! from the element itself (`FormData`), as the browser's own post would carry them (the worker's
//! native-post path and the server's multipart reading take the same). A field added to the view
//! travels with no code of its own. The id and the files go beside the fields, not in them.

use outbox_protocol::RawJson;

/// The form's text fields by name, in the form's order (called from the submit handler).
pub fn fields_of(form: &leptos::web_sys::HtmlFormElement) -> RawJson {
    let Ok(data) = web_sys::FormData::new_with_form(form) else { return RawJson::object(|_| {}) };
    RawJson::object(|o| {
        outbox_browser::form_data::text_fields(&data, |key, value| {
            o.text(key, value);
        })
    })
}
