//! What the page knows of its form: its name (the worker delivers it under that name) and its
//! columns (the first is the field a line of the person's list shows; each labels its field). The
//! form's type lives with the server (`Form`); the page reads the fields the worker carries
//! (`RawJson`) through this, so it needs no serde.

use outbox_protocol::json::{FromJson, JsonValue};
use outbox_protocol::{Column, RawJson, SubmissionRecord};

/// A form as the page shows it; give it to [`crate::use_outbox`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormView {
    /// The form's name (`Form::NAME`).
    pub name: &'static str,
    /// The form's columns (`Form::COLUMNS`): a line of the list shows the first one's field; each
    /// gives its field's label where the list names a field (the one the server refused).
    pub columns: &'static [Column],
    /// What a line shows when that field is empty (the tutorial's `anonymous`).
    pub untitled: &'static str,
}

impl FormView {
    /// The field a line of the list shows (the first column's).
    pub fn title_field(&self) -> &'static str {
        self.columns.first().map_or("", |c| c.field)
    }

    /// The label of `field`: its column's, or the field's own name if no column shows it.
    pub fn label_of(&self, field: &str) -> String {
        self.columns.iter().find(|c| c.field == field).map_or_else(|| field.to_string(), |c| c.label.to_string())
    }

    /// Whether an outbox entry naming `form` is of this form (an entry of an earlier version names
    /// none: it is the default form's, which a page of the default form shows).
    pub fn is_its(&self, form: Option<&str>) -> bool {
        form.is_none_or(|form| form == self.name)
    }

    /// The line's title: the title field's text, trimmed, or `untitled`.
    pub fn title_of(&self, fields: &RawJson) -> String {
        let text = self.text_of(fields, self.title_field());
        match text.trim() {
            "" => self.untitled.to_string(),
            text => text.to_string(),
        }
    }

    /// The text of field `field` (empty when it is missing or not text).
    pub fn text_of(&self, fields: &RawJson, field: &str) -> String {
        let members = parse::<Members>(fields).unwrap_or_default();
        members.0.into_iter().find(|m| m.key == field).and_then(|m| m.text).unwrap_or_default()
    }

    /// The fields with `field` set to `text`, every other field kept (a failed entry edited and
    /// sent again).
    pub fn with_text(&self, fields: &RawJson, field: &str, text: &str) -> RawJson {
        let members = parse::<Members>(fields).unwrap_or_default();
        RawJson::object(|o| {
            o.text(field, text);
            for member in members.0.iter().filter(|m| m.key != field) {
                o.raw(&member.key, &member.raw);
            }
        })
    }

    /// The server's record of this form, as the worker passed it on; `None` if it is not one.
    pub fn record(&self, raw: &RawJson) -> Option<SubmissionRecord> {
        parse::<SubmissionRecord>(raw).ok().filter(|r| r.form == self.name)
    }
}

/// An object's members, each with its text when it is one.
#[derive(Default)]
struct Members(Vec<Member>);

struct Member {
    key: String,
    text: Option<String>,
    raw: RawJson,
}

impl FromJson for Members {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let members = value.keys().into_iter().filter_map(|key| {
            let member = value.get_field(&key)?;
            Some(Member { text: member.as_text(), raw: RawJson::from_json(&member).ok()?, key })
        });
        Ok(Members(members.collect()))
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

    const FORM: FormView = FormView {
        name: "tutorial",
        columns: &[Column::new("name", "Name"), Column::new("email", "E-mail")],
        untitled: "anonymous",
    };

    #[test]
    fn a_field_is_labelled_by_its_column_or_its_name() {
        assert_eq!(FORM.title_field(), "name");
        assert_eq!((FORM.label_of("name"), FORM.label_of("email")), ("Name".to_string(), "E-mail".to_string()));
        assert_eq!(FORM.label_of("age"), "age", "a field no column shows");
    }

    fn fields(json: serde_json::Value) -> RawJson {
        RawJson::serialized(&json).unwrap()
    }

    #[test]
    fn a_line_shows_the_title_field_or_untitled() {
        assert_eq!(FORM.title_of(&fields(serde_json::json!({"name": " Zoë "}))), "Zoë");
        assert_eq!(FORM.title_of(&fields(serde_json::json!({"name": "  "}))), "anonymous", "as the server stores it");
        assert_eq!(FORM.title_of(&fields(serde_json::json!({"name": 7}))), "anonymous");
        assert_eq!(FORM.title_of(&RawJson::object(|_| {})), "anonymous");
    }

    #[test]
    fn an_edited_field_keeps_the_other_fields() {
        let before = fields(serde_json::json!({"email": "zoe@example.org", "name": "x", "age": 7}));
        let edited: serde_json::Value = serde_json::from_str(FORM.with_text(&before, "name", "Zoë").as_str()).unwrap();
        assert_eq!(edited, serde_json::json!({"name": "Zoë", "email": "zoe@example.org", "age": 7}));
    }

    #[test]
    fn a_page_shows_its_own_forms_entries_and_records() {
        assert!(FORM.is_its(None) && FORM.is_its(Some("tutorial")) && !FORM.is_its(Some("inspection")));
        let record = |form: &str| {
            fields(
                serde_json::json!({"id": uuid::Uuid::nil(), "form": form, "name": "a", "received_at": "t", "attempts": 1}),
            )
        };
        assert!(FORM.record(&record("tutorial")).is_some());
        assert!(FORM.record(&record("inspection")).is_none());
    }
}
