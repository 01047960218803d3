//! A form's fields as the page sends them to the worker: every text the form element holds, read
//! from the element itself (`FormData`), as the browser's own post would carry them (the worker's
//! native-post path and the server's multipart reading take the same). A field added to the view
//! travels with no code of its own. The id and the files go beside the fields, not in them.

use outbox_protocol::{form_fields, RawJson};

/// The form's text fields by name, in the form's order (an empty object outside the browser).
pub fn fields_of(form: &leptos::web_sys::HtmlFormElement) -> RawJson {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Ok(data) = web_sys::FormData::new_with_form(form) else { return RawJson::object(|_| {}) };
        RawJson::object(|o| {
            for pair in data.entries().into_iter().flatten() {
                let pair: js_sys::Array = pair.unchecked_into();
                // A file part is no text: `as_string` leaves it out.
                if let (Some(key), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    if key != form_fields::ID {
                        o.text(&key, &value);
                    }
                }
            }
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (form, form_fields::ID);
        RawJson::object(|_| {})
    }
}
