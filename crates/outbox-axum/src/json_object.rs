//! A request's JSON object read with each key once. serde_json's `Value` keeps the last of a key
//! given twice; a submission whose field is given twice is refused instead (which of the two the
//! person meant cannot be known), as the derived readers of fixed types refuse it.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde_json::{Map, Value};

/// A JSON object whose keys are all different (checked at the top level, where the form's fields
/// are; a nested value is the form type's to read).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonObject(pub Map<String, Value>);

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = JsonObject;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonObject, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let value = map.next_value::<Value>()?;
            members.insert(key, value);
        }
        Ok(JsonObject(members))
    }
}

#[cfg(test)]
mod tests {
    use super::JsonObject;

    #[test]
    fn a_key_given_twice_is_refused() {
        let read = serde_json::from_str::<JsonObject>(r#"{"id":"x","name":"a","name":"b"}"#);
        assert!(read.unwrap_err().to_string().contains("duplicate field `name`"));
        assert!(serde_json::from_str::<JsonObject>("[]").is_err());
        let nested = serde_json::from_str::<JsonObject>(r#"{"a":{"b":1},"c":[1,2]}"#).unwrap();
        assert_eq!(nested.0.len(), 2);
    }
}
