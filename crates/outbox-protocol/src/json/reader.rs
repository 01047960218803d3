//! Reading a parsed JSON value field by field, with errors that name the field.

use uuid::Uuid;

/// A parsed JSON value: what the codec needs to read one.
pub trait JsonValue: Sized {
    /// The field `key` of an object; `None` when absent, null, or when this is not an object.
    fn get_field(&self, key: &str) -> Option<Self>;
    /// A string's text.
    fn as_text(&self) -> Option<String>;
    /// A number.
    fn as_number(&self) -> Option<f64>;
    /// `true` or `false`.
    fn as_boolean(&self) -> Option<bool>;
    /// An array's elements.
    fn as_elements(&self) -> Option<Vec<Self>>;
    /// Whether this is an object.
    fn is_object(&self) -> bool;
    /// An object's keys, in order (none for what is not an object).
    fn keys(&self) -> Vec<String>;
    /// The value as JSON text again (for a value carried without being read: `RawJson`).
    fn to_text(&self) -> String;
    /// Base64 text as bytes; `None` when it is not a string or not base64. (The browser's adapter
    /// lets `atob` decode it: the decoder below costs the worker's wasm 1.6 KB gzip.)
    fn as_base64_bytes(&self) -> Option<Vec<u8>> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(self.as_text()?).ok()
    }
    /// Bytes: as they are where the value can hold them (a `Uint8Array` in a structured-clone
    /// message), else base64 text.
    fn as_bytes(&self) -> Option<Vec<u8>> {
        self.as_base64_bytes()
    }
}

/// A type read from a parsed JSON value.
pub trait FromJson: Sized {
    /// Reads the type from `value`, with a reason naming the field that could not be read.
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String>;
}

impl FromJson for String {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        value.as_text().ok_or_else(|| "expected text".to_string())
    }
}

/// A list (`GET /api/submissions`' records, the outbox's delivered records).
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        read_each(&value.as_elements().ok_or("expected an array")?)
    }
}

/// Each element read as `T`, the first error ended on. (A loop, not `collect` into a `Result`: its
/// adapter, once per type, cost the worker's wasm 0.8 KB gzip, measured.)
fn read_each<T: FromJson, V: JsonValue>(items: &[V]) -> Result<Vec<T>, String> {
    let mut read = Vec::with_capacity(items.len());
    for item in items {
        read.push(T::from_json(item)?);
    }
    Ok(read)
}

#[cfg(feature = "serde")]
impl JsonValue for serde_json::Value {
    fn get_field(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|v| !v.is_null()).cloned()
    }
    fn as_text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn as_boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn as_elements(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
    fn is_object(&self) -> bool {
        self.is_object()
    }
    fn keys(&self) -> Vec<String> {
        self.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
}

/// A field that must be there (and not null).
pub fn field<V: JsonValue>(value: &V, key: &str) -> Result<V, String> {
    if !value.is_object() {
        return Err(format!("expected an object with `{key}`"));
    }
    value.get_field(key).ok_or_else(|| format!("missing field `{key}`"))
}

/// A nested value that must be there.
pub fn required<T: FromJson, V: JsonValue>(value: &V, key: &str) -> Result<T, String> {
    T::from_json(&field(value, key)?).map_err(|e| format!("`{key}`: {e}"))
}

/// A nested value that may be absent or null.
pub fn optional<T: FromJson, V: JsonValue>(value: &V, key: &str) -> Result<Option<T>, String> {
    value.get_field(key).map(|v| T::from_json(&v).map_err(|e| format!("`{key}`: {e}"))).transpose()
}

pub fn required_text<V: JsonValue>(value: &V, key: &str) -> Result<String, String> {
    field(value, key)?.as_text().ok_or_else(|| format!("`{key}` is not a string"))
}

pub fn optional_text<V: JsonValue>(value: &V, key: &str) -> Result<Option<String>, String> {
    value.get_field(key).map(|v| v.as_text().ok_or_else(|| format!("`{key}` is not a string"))).transpose()
}

/// A whole number from 0 to 2^53 (what a JavaScript number holds exactly).
pub fn required_uint<V: JsonValue>(value: &V, key: &str) -> Result<u64, String> {
    let n = field(value, key)?.as_number().ok_or_else(|| format!("`{key}` is not a number"))?;
    if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0 {
        Ok(n as u64)
    } else {
        Err(format!("`{key}` is not a whole number from 0"))
    }
}

pub fn optional_uint<V: JsonValue>(value: &V, key: &str) -> Result<Option<u64>, String> {
    match value.get_field(key) {
        Some(_) => required_uint(value, key).map(Some),
        None => Ok(None),
    }
}

pub fn optional_bool<V: JsonValue>(value: &V, key: &str) -> Result<Option<bool>, String> {
    value.get_field(key).map(|v| v.as_boolean().ok_or_else(|| format!("`{key}` is not true or false"))).transpose()
}

/// The UUID at `key`, which must be there.
pub fn required_uuid<V: JsonValue>(value: &V, key: &str) -> Result<Uuid, String> {
    parse_uuid(&required_text(value, key)?).ok_or_else(|| format!("`{key}` is not a UUID"))
}

/// A UUID written hyphenated (`8-4-4-4-12` hex digits, as serde and `crypto.randomUUID()` write
/// it) or simple (32 hex digits). Not `Uuid::try_parse`: its error path (string slicing's panic
/// message, a char's `Debug`, Unicode tables) cost the worker's wasm 2.2 KB gzip (measured).
pub fn parse_uuid(text: &str) -> Option<Uuid> {
    let hyphenated = match text.len() {
        36 => true,
        32 => false,
        _ => return None,
    };
    let mut value: u128 = 0;
    for (i, byte) in text.bytes().enumerate() {
        if hyphenated && matches!(i, 8 | 13 | 18 | 23) {
            if byte != b'-' {
                return None;
            }
            continue;
        }
        value = value << 4 | u128::from(char::from(byte).to_digit(16)?);
    }
    Some(Uuid::from_u128(value))
}

pub fn optional_uuid<V: JsonValue>(value: &V, key: &str) -> Result<Option<Uuid>, String> {
    match value.get_field(key) {
        Some(_) => required_uuid(value, key).map(Some),
        None => Ok(None),
    }
}

/// A number that fits the type, or an error naming the field.
pub fn narrow<T: TryFrom<u64>>(n: u64, key: &str) -> Result<T, String> {
    T::try_from(n).map_err(|_| format!("`{key}` is too large"))
}

/// The elements of an array field, each read as `T`.
pub fn required_list<T: FromJson, V: JsonValue>(value: &V, key: &str) -> Result<Vec<T>, String> {
    let items = field(value, key)?.as_elements().ok_or_else(|| format!("`{key}` is not an array"))?;
    read_each(&items).map_err(|e| format!("`{key}`: {e}"))
}

/// Parses JSON text (with serde_json: on the server) and reads a `T` from it.
#[cfg(feature = "serde")]
pub fn from_text<T: FromJson>(text: &str) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    T::from_json(&value)
}
