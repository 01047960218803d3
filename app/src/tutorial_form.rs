//! The tutorial's form, declared once: its one field, `name` (an empty one stored as
//! `anonymous`). The server stores it as [`TutorialForm`]; the page writes the fields the worker
//! carries and reads them back from the outbox's entries and the server's records (the worker
//! knows no form).

use outbox_protocol::json::{optional_text, FromJson, JsonValue};
use outbox_protocol::{name_or_anonymous, RawJson, SubmissionRecord};

/// The form as the server reads, checks and stores it.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TutorialForm {
    pub name: String,
}

#[cfg(feature = "ssr")]
impl outbox_protocol::Form for TutorialForm {
    const NAME: &'static str = outbox_protocol::TUTORIAL_FORM;
    const COLUMNS: &'static [outbox_protocol::Column] = &[outbox_protocol::Column::new("name", "Name")];

    /// Trimmed; empty is `anonymous`; too long or with control characters is refused.
    fn validate(self) -> Result<Self, outbox_protocol::FieldError> {
        match outbox_protocol::normalize_name(&self.name) {
            Ok(name) => Ok(Self { name }),
            Err(e) => Err(outbox_protocol::FieldError::new("name", e.to_string())),
        }
    }

    /// The original pattern's sync with no data sends `anonymous`.
    fn without_data() -> Option<Self> {
        Some(Self { name: outbox_protocol::ANONYMOUS.into() })
    }
}

/// Whether an outbox entry naming `form` is of this form (an entry of an earlier version names
/// none: it is the default's, this one).
pub fn is_this_form(form: Option<&str>) -> bool {
    form.is_none_or(|form| form == outbox_protocol::TUTORIAL_FORM)
}

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

/// The server's record of this form, as the worker passed it on; `None` if it is not one.
pub fn record(raw: &RawJson) -> Option<SubmissionRecord> {
    parse::<SubmissionRecord>(raw).ok().filter(|r| r.form == outbox_protocol::TUTORIAL_FORM)
}

/// The fields with the name replaced by `name`, every other field kept (a failed entry edited and
/// sent again).
pub fn with_name(fields: &RawJson, name: &str) -> RawJson {
    let others = parse::<OtherFields>(fields).map(|o| o.0).unwrap_or_else(|_| RawJson::object(|_| {}));
    RawJson::object(|o| {
        o.text(outbox_protocol::form_fields::NAME, name).members(&others);
    })
}

struct OtherFields(RawJson);

impl FromJson for OtherFields {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        Ok(OtherFields(RawJson::members_except(value, &[outbox_protocol::form_fields::NAME])))
    }
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

    #[test]
    fn an_edited_name_keeps_the_other_fields() {
        let fields = RawJson::object(|o| {
            o.text("email", "zoe@example.org").text("name", "x".repeat(300).as_str()).uint("age", 7);
        });
        let edited: serde_json::Value = serde_json::from_str(with_name(&fields, "Zoë").as_str()).unwrap();
        assert_eq!(edited, serde_json::json!({"name": "Zoë", "email": "zoe@example.org", "age": 7}));
    }
}
