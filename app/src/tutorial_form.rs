//! What the page knows of its form (the worker knows none): its one field, `name`, written into
//! the fields the worker carries and read back from the outbox's entries, and the server's record
//! read from what the worker passes on unread.

use outbox_protocol::json::{optional_text, FromJson, JsonValue};
use outbox_protocol::{name_or_anonymous, RawJson, SubmissionRecord};

/// The fields of a submission of this form.
pub fn fields(name: &str) -> RawJson {
    RawJson::object(|o| {
        o.text(outbox_protocol::form_fields::NAME, name);
    })
}

/// The name an entry's fields carry, as the server will store it (empty: `anonymous`).
pub fn name(fields: &RawJson) -> String {
    let name = parse::<Name>(fields).map(|n| n.0).unwrap_or_default();
    name_or_anonymous(name.trim().to_string())
}

/// The server's record, as the worker passed it on; `None` if it is not one.
pub fn record(raw: &RawJson) -> Option<SubmissionRecord> {
    parse(raw).ok()
}

struct Name(String);

impl FromJson for Name {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(Name(optional_text(value, outbox_protocol::form_fields::NAME)?.unwrap_or_default()))
    }
}

/// Reads carried JSON text: with the browser's `JSON.parse` in the page, serde_json on the server.
fn parse<T: FromJson>(raw: &RawJson) -> Result<T, String> {
    #[cfg(feature = "hydrate")]
    return outbox_protocol::json::browser::parse(raw.as_str());
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    return outbox_protocol::json::from_text(raw.as_str());
    #[cfg(not(any(feature = "hydrate", feature = "ssr")))]
    Err(format!("no JSON reader in this build for {}", raw.as_str()))
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_name_goes_into_the_fields_and_comes_back() {
        assert_eq!(name(&fields("Zoë")), "Zoë");
        assert_eq!(name(&fields("  ")), "anonymous", "as the server stores it");
        assert_eq!(name(&RawJson::object(|_| {})), "anonymous");
    }
}
