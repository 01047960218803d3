//! A form's text fields as the browser's own post carries them (`FormData`), in the form's order:
//! what the page sends the worker, and what the worker keeps of a form the browser posted itself.

use outbox_protocol::form_fields;
use wasm_bindgen::JsCast;
use web_sys::FormData;

/// Calls `each` with every text field's name and value but the id (which goes beside the fields).
/// A file part is no text: it is left out.
pub fn text_fields(data: &FormData, mut each: impl FnMut(&str, &str)) {
    for pair in data.entries().into_iter().flatten() {
        let pair: js_sys::Array = pair.unchecked_into();
        if let (Some(key), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            if key != form_fields::ID {
                each(&key, &value);
            }
        }
    }
}
