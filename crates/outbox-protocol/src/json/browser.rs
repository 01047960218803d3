//! Reading JSON the browser parsed (`JSON.parse`) through the hand-written codec, so the worker
//! and the page carry no JSON parser of their own.

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;

use super::{FromJson, JsonValue};

/// A value from `JSON.parse` (or any plain JS object).
pub struct Js(pub JsValue);

impl JsonValue for Js {
    fn get_field(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        let value = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(Js(value))
    }
    fn as_text(&self) -> Option<String> {
        self.0.as_string()
    }
    fn as_number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn as_boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn as_elements(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(Js).collect())
    }
    fn is_object(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }
    fn keys(&self) -> Vec<String> {
        if !self.is_object() {
            return Vec::new();
        }
        Reflect::own_keys(&self.0).map(|keys| keys.iter().filter_map(|k| k.as_string()).collect()).unwrap_or_default()
    }
    fn to_text(&self) -> String {
        JSON::stringify(&self.0).ok().and_then(|t| t.as_string()).unwrap_or_else(|| "null".into())
    }
    /// `atob` gives one char per byte (0-255). It also takes what the strict decoder refuses:
    /// ASCII whitespace inside, missing `=` padding.
    fn as_base64_bytes(&self) -> Option<Vec<u8>> {
        let binary = atob(&self.0.as_string()?).ok()?;
        Some(binary.chars().map(|c| c as u8).collect())
    }
    /// A `Uint8Array` (a photo the page posted as it is) copied out, else base64 text.
    fn as_bytes(&self) -> Option<Vec<u8>> {
        use wasm_bindgen::JsCast;
        match self.0.dyn_ref::<js_sys::Uint8Array>() {
            Some(array) => Some(array.to_vec()),
            None => self.as_base64_bytes(),
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `atob` (in a page and in a worker).
    #[wasm_bindgen(catch)]
    fn atob(text: &str) -> Result<String, JsValue>;
}

/// Parses JSON text and reads a `T` from it.
pub fn parse<T: FromJson>(text: &str) -> Result<T, String> {
    let value = JSON::parse(text).map_err(|_| "not JSON".to_string())?;
    T::from_json(&Js(value))
}

/// The shared cases through `JSON.parse`, in a real JavaScript engine (`scripts/test.sh` runs them
/// with `wasm-bindgen-test-runner`, in Node.js).
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::Js;

    #[wasm_bindgen_test]
    fn the_shared_cases_read_through_json_parse() {
        super::super::cases::read_all_alike(|text| Js(super::JSON::parse(text).expect("the cases are JSON")));
    }

    #[wasm_bindgen_test]
    fn a_photo_posted_as_bytes_reads_as_the_same_photo_in_base64() {
        use crate::json::FromJson;
        use wasm_bindgen::JsValue;
        let bytes = [0u8, 1, 254, 255, 10];
        let object = super::JSON::parse(r#"{"file_name":"a.png","mime":"image/png"}"#).expect("JSON");
        js_sys::Reflect::set(&object, &JsValue::from_str("bytes"), &js_sys::Uint8Array::from(&bytes[..])).unwrap();
        let posted = crate::ImageAttachment::from_json(&Js(object)).expect("read as bytes");
        let text =
            super::parse::<crate::ImageAttachment>(r#"{"file_name":"a.png","mime":"image/png","bytes":"AAH+/wo="}"#);
        assert_eq!(posted.bytes, bytes);
        assert_eq!(Ok(posted), text);
    }

    #[wasm_bindgen_test]
    fn text_that_is_not_json_is_an_error() {
        assert_eq!(super::parse::<crate::ApiError>("{not json"), Err("not JSON".to_string()));
    }
}
