//! Writing JSON text by hand: objects of strings, integers, booleans, nulls and nested values.
//! Integers only: nothing in the wire format is a fraction.

use std::fmt::Write;

/// A value that writes itself as JSON text.
pub trait ToJson {
    /// Writes the value to `out`.
    fn write_json(&self, out: &mut JsonWriter);

    /// The value as JSON text.
    fn to_json_text(&self) -> String {
        let mut out = JsonWriter::default();
        self.write_json(&mut out);
        out.into_text()
    }
}

/// The text being written.
#[derive(Default)]
pub struct JsonWriter {
    text: String,
}

impl JsonWriter {
    /// Writes an object whose fields `fields` adds.
    pub fn object(&mut self, fields: impl FnOnce(&mut ObjectWriter<'_>)) {
        self.text.push('{');
        fields(&mut ObjectWriter { out: self, empty: true });
        self.text.push('}');
    }

    /// Writes an array of `items`.
    pub fn array<T: ToJson>(&mut self, items: &[T]) {
        self.text.push('[');
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                self.text.push(',');
            }
            item.write_json(self);
        }
        self.text.push(']');
    }

    /// Writes a string, escaped.
    pub fn text(&mut self, value: &str) {
        self.text.reserve(value.len() + 2);
        self.text.push('"');
        for c in value.chars() {
            match c {
                '"' => self.text.push_str("\\\""),
                '\\' => self.text.push_str("\\\\"),
                '\n' => self.text.push_str("\\n"),
                '\r' => self.text.push_str("\\r"),
                '\t' => self.text.push_str("\\t"),
                // As `JSON.stringify` and serde_json write them, so carried text compares alike.
                '\u{8}' => self.text.push_str("\\b"),
                '\u{c}' => self.text.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.text, "\\u{:04x}", c as u32);
                }
                c => self.text.push(c),
            }
        }
        self.text.push('"');
    }

    /// Writes a whole number.
    pub fn uint(&mut self, value: u64) {
        let _ = write!(self.text, "{value}");
    }

    /// Writes `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.text.push_str(if value { "true" } else { "false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.text.push_str("null");
    }

    /// JSON text written as it is (a `RawJson`).
    pub fn raw(&mut self, json: &str) {
        self.text.push_str(json);
    }

    /// The text written.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// The fields of one object; each method adds one.
pub struct ObjectWriter<'a> {
    out: &'a mut JsonWriter,
    empty: bool,
}

impl ObjectWriter<'_> {
    fn key(&mut self, key: &str) -> &mut JsonWriter {
        if !self.empty {
            self.out.text.push(',');
        }
        self.empty = false;
        self.out.text(key);
        self.out.text.push(':');
        self.out
    }

    /// A string field.
    pub fn text(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key).text(value);
        self
    }

    /// A string, or `null` without one.
    pub fn optional_text(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.key(key).text(v),
            None => self.key(key).null(),
        }
        self
    }

    /// A whole-number field.
    pub fn uint(&mut self, key: &str, value: u64) -> &mut Self {
        self.key(key).uint(value);
        self
    }

    /// A `true` or `false` field.
    pub fn boolean(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).boolean(value);
        self
    }

    /// A field of any value that writes itself.
    pub fn value(&mut self, key: &str, value: &impl ToJson) -> &mut Self {
        value.write_json(self.key(key));
        self
    }

    /// The field only when there is a value (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn value_if_some(&mut self, key: &str, value: Option<&impl ToJson>) -> &mut Self {
        if let Some(v) = value {
            self.value(key, v);
        }
        self
    }

    /// An array field.
    pub fn array<T: ToJson>(&mut self, key: &str, items: &[T]) -> &mut Self {
        self.key(key).array(items);
        self
    }

    /// A value given as JSON text.
    pub fn raw(&mut self, key: &str, value: &crate::RawJson) -> &mut Self {
        self.key(key).raw(value.as_str());
        self
    }

    /// The members of an object, written as members of this one (serde's `flatten`).
    pub fn members(&mut self, object: &crate::RawJson) -> &mut Self {
        let members = object.members_text();
        if !members.is_empty() {
            if !self.empty {
                self.out.text.push(',');
            }
            self.empty = false;
            self.out.text.push_str(members);
        }
        self
    }

    /// A nested object whose fields `fields` adds.
    pub fn object(&mut self, key: &str, fields: impl FnOnce(&mut ObjectWriter<'_>)) -> &mut Self {
        self.key(key).object(fields);
        self
    }
}

/// A UUID as serde writes it (hyphenated, lower case).
pub fn uuid_text(id: &uuid::Uuid) -> String {
    id.hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()).to_owned()
}

impl ToJson for str {
    fn write_json(&self, out: &mut JsonWriter) {
        out.text(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonWriter) {
        out.text(self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.array(self);
    }
}
