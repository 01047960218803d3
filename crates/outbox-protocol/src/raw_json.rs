//! A JSON value carried as its text by whoever need not read it. A form's fields and the server's
//! record of a submission pass through the worker this way: the worker stores and sends them as
//! they are and knows no form, so a form can change without a new worker. The page and the server
//! know the form and read the text (`json::browser::parse`, `json::from_text`).

use crate::json::{FromJson, JsonValue, JsonWriter, ObjectWriter, ToJson};

/// JSON text, as written by `JSON.stringify`, serde_json or [`JsonWriter`] (no whitespace around).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawJson(String);

impl RawJson {
    /// An object whose members `members` writes.
    pub fn object(members: impl FnOnce(&mut ObjectWriter<'_>)) -> Self {
        let mut out = JsonWriter::default();
        out.object(members);
        Self(out.into_text())
    }

    /// The members of object `value` but those named in `except`, as an object.
    pub fn members_except<V: JsonValue>(value: &V, except: &[&str]) -> Self {
        Self::object(|o| {
            for key in value.keys() {
                if let Some(member) = value.get_field(&key).filter(|_| !except.contains(&key.as_str())) {
                    o.raw(&key, &RawJson(member.to_text()));
                }
            }
        })
    }

    /// What the hand-written codec writes for `value`.
    pub fn written<T: ToJson + ?Sized>(value: &T) -> Self {
        Self(value.to_json_text())
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text between an object's braces (empty for `{}` or for what is not an object).
    pub fn members_text(&self) -> &str {
        self.0.trim().strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or_default().trim()
    }
}

/// `null`.
impl Default for RawJson {
    fn default() -> Self {
        Self("null".into())
    }
}

impl FromJson for RawJson {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(Self(value.to_text()))
    }
}

impl ToJson for RawJson {
    fn write_json(&self, out: &mut JsonWriter) {
        out.raw(&self.0);
    }
}

/// serde's side: the value itself (the server and the tests).
#[cfg(feature = "serde")]
mod serde_side {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::RawJson;

    impl Serialize for RawJson {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let value: serde_json::Value = serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
            value.serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for RawJson {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Ok(RawJson(serde_json::Value::deserialize(d)?.to_string()))
        }
    }

    impl RawJson {
        /// What serde writes for `value`.
        pub fn serialized<T: Serialize>(value: &T) -> Result<Self, serde_json::Error> {
            serde_json::to_string(value).map(RawJson)
        }
    }
}
