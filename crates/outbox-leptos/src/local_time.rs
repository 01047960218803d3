//! Times as the reader reads them: in their locale and time zone (the browser knows both). The
//! lists that show times are drawn in the browser only; without it (the server) the text stays as
//! the wire has it.

/// A time of day, from ms since the epoch.
#[cfg(feature = "hydrate")]
pub fn clock_time(ms: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(date.to_locale_time_string("default"))
}

#[cfg(not(feature = "hydrate"))]
pub fn clock_time(ms: u64) -> String {
    format!("{ms} ms after the epoch")
}

/// A date and time, from RFC 3339 text (unreadable text is shown as it is).
#[cfg(feature = "hydrate")]
pub fn date_and_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

#[cfg(not(feature = "hydrate"))]
pub fn date_and_time(rfc3339: &str) -> String {
    rfc3339.to_string()
}
