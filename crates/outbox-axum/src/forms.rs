//! The forms this server stores, each declared once as a type (`outbox_protocol::Form`) and kept
//! here without its type: its name, its columns, and how a submission's fields are read into it,
//! checked, and written back as the JSON that is stored (and compared when an id comes again).

use std::sync::Arc;

use outbox_protocol::{Column, FieldError, Form, FormRoute, RawJson, SubmissionRecord, RECORD_KEYS};
use serde_json::{Map, Value};

/// One declared form.
#[derive(Clone, Copy)]
pub struct DeclaredForm {
    name: &'static str,
    columns: &'static [Column],
    check: fn(Map<String, Value>) -> Result<Value, Refusal>,
    without_data: fn() -> Option<RawJson>,
}

impl DeclaredForm {
    pub fn of<F: Form>() -> Self {
        Self { name: F::NAME, columns: F::COLUMNS, check: check::<F>, without_data: without_data::<F> }
    }

    /// Where the worker sends this form's submissions (the default form's at `/sync`).
    pub fn route(&self, default: bool) -> FormRoute {
        crate::routes::scheme::form_route(self.name, default, (self.without_data)())
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn columns(&self) -> &'static [Column] {
        self.columns
    }

    /// The fields as the form's type reads, checks and writes them (an object). A form's fields
    /// often come as text: a browser's own post, the worker's multipart post with files, and the
    /// page that reads its form element all carry what the form's inputs hold. So where the type
    /// wants another kind (a number, a choice of `true`/`false`, a list) and a text was given, the
    /// text is read as JSON, an empty text as no value; a text field whose text looks like a number
    /// stays text, and a value of the wanted kind is taken as it is. A checkbox is a `bool`: ticked
    /// it sends `on`, unticked nothing (`false`). What the type cannot read is refused in words
    /// (`field_words`): "at most 255", not "invalid value: integer `300`, expected u8".
    pub fn check(&self, mut fields: Map<String, Value>) -> Result<Value, FieldError> {
        // Only a field the type could not read is read again from its text, once; should that
        // fail too for its kind, the refusal of the text as given is the answer. A value the type read and the
        // form's `validate` refused is refused as it is (a blank title is "give it a title", a
        // depth of "900" is "at most 500", not "a text is no number").
        let mut retyped = std::collections::HashMap::new();
        loop {
            let unreadable = match (self.check)(fields.clone()) {
                Ok(checked) => return Ok(checked),
                // A value of the wanted kind (read from its text, perhaps) out of its range is
                // refused as such: "300" for a `u8` is "at most 255".
                Err(Refusal::Invalid(refused) | Refusal::OutOfRange(refused)) => return Err(refused),
                Err(Refusal::Unreadable(refused)) => refused,
            };
            if let Some(as_given) = retyped.remove(&unreadable.field) {
                // An input left empty reads "a value is required", not "\"\" is not a number".
                let left_empty = fields.get(&unreadable.field) == Some(&Value::Null);
                return Err(if left_empty { unreadable } else { as_given });
            }
            let value = match fields.get(&unreadable.field) {
                // An unticked checkbox sends nothing: a yes-or-no field it leaves out is "no" (a
                // field of another kind still refuses it as missing).
                None => Value::Bool(false),
                Some(Value::String(text)) => match text.trim() {
                    "" => Value::Null,
                    // What a ticked checkbox without a `value` sends.
                    "on" => Value::Bool(true),
                    text => match serde_json::from_str(text) {
                        Ok(value) => value,
                        Err(_) => return Err(unreadable),
                    },
                },
                Some(_) => return Err(unreadable),
            };
            fields.insert(unreadable.field.clone(), value);
            retyped.insert(unreadable.field.clone(), unreadable);
        }
    }

    /// A record's cells under this form's columns (the owner's table, the CSV): a text as it is,
    /// nothing for a field the record lacks, any other value as its JSON.
    pub fn cells(&self, record: &SubmissionRecord) -> Vec<String> {
        let fields: Map<String, Value> = serde_json::from_str(record.fields.as_str()).unwrap_or_default();
        let cell = |value: Option<&Value>| match value {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        };
        self.columns.iter().map(|c| cell(fields.get(c.field))).collect()
    }
}

/// The forms, the first one the default: `/sync` and the original pattern's `GET /sync?name=`
/// submit to it, and the owner's page shows it first.
#[derive(Clone)]
pub struct Forms(Arc<Vec<DeclaredForm>>);

impl Forms {
    /// The server of one form, the default.
    pub fn of<F: Form>() -> Self {
        Self(Arc::new(vec![DeclaredForm::of::<F>()]))
    }

    /// These forms and `F` (a form whose name is taken is a programming error: it panics at
    /// start-up, where the forms are declared).
    pub fn with<F: Form>(self) -> Self {
        assert!(self.get(F::NAME).is_none(), "two forms are named {:?}", F::NAME);
        let mut forms: Vec<DeclaredForm> = self.0.iter().copied().collect();
        forms.push(DeclaredForm::of::<F>());
        Self(Arc::new(forms))
    }

    /// Every form, the default first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &DeclaredForm> {
        self.0.iter()
    }

    /// The first form, which `/sync` submits to.
    pub(crate) fn default_form(&self) -> &DeclaredForm {
        &self.0[0]
    }

    /// The form named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&DeclaredForm> {
        self.0.iter().find(|f| f.name == name)
    }

    /// The routes the worker is told (`WorkerConfig::forms`), the default first.
    pub(crate) fn routes(&self) -> Vec<FormRoute> {
        self.iter().enumerate().map(|(i, form)| form.route(i == 0)).collect()
    }
}

fn without_data<F: Form>() -> Option<RawJson> {
    Some(RawJson::serialized(&F::without_data()?).expect("a form's fields serialize"))
}

/// Why a form's fields were refused: its type could not read one (of another kind, or of the
/// kind but out of its range), or its `validate` refused them.
enum Refusal {
    Unreadable(FieldError),
    OutOfRange(FieldError),
    Invalid(FieldError),
}

/// Reads the fields into `F` (an error names the field), checks them, and writes them back.
fn check<F: Form>(fields: Map<String, Value>) -> Result<Value, Refusal> {
    let form: F = serde_path_to_error::deserialize(Value::Object(fields)).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let refused = FieldError::new(field_of(&path, &message), crate::field_words::in_words(&message));
        if message.starts_with("invalid value: integer") {
            Refusal::OutOfRange(refused)
        } else {
            Refusal::Unreadable(refused)
        }
    })?;
    let checked = serde_json::to_value(form.validate().map_err(Refusal::Invalid)?).map_err(|e| {
        Refusal::Invalid(FieldError::new("", format!("the form {} cannot be written as JSON: {e}", F::NAME)))
    })?;
    match &checked {
        Value::Object(members) => match members.keys().find(|k| RECORD_KEYS.contains(&k.as_str())) {
            Some(taken) => Err(Refusal::Invalid(FieldError::new(
                taken.clone(),
                format!("the form {} declares a field named {taken:?}, which a record uses itself", F::NAME),
            ))),
            None => Ok(checked),
        },
        _ => {
            Err(Refusal::Invalid(FieldError::new("", format!("the form {} is not written as a JSON object", F::NAME))))
        }
    }
}

/// The field an error is about: its path, or for a field missing or unknown (whose path is the
/// form itself) the name serde quotes.
fn field_of(path: &str, message: &str) -> String {
    if path != "." && !path.is_empty() {
        return path.to_string();
    }
    ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|start| message.strip_prefix(start)?.split('`').next())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use outbox_protocol::{Column, FieldError, Form};
    use serde_json::json;

    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inspection {
        title: String,
        depth_cm: u32,
        #[serde(default)]
        notes: Vec<String>,
    }

    impl Form for Inspection {
        const NAME: &'static str = "inspection";
        const COLUMNS: &'static [Column] = &[Column::new("title", "Title"), Column::new("depth_cm", "Depth (cm)")];

        fn validate(mut self) -> Result<Self, FieldError> {
            self.title = self.title.trim().to_string();
            if self.title.is_empty() {
                return Err(FieldError::new("title", "give the inspection a title"));
            }
            if self.depth_cm > 500 {
                return Err(FieldError::new("depth_cm", "at most 500 cm"));
            }
            Ok(self)
        }
    }

    fn fields(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn a_form_reads_checks_and_writes_its_fields() {
        let form = DeclaredForm::of::<Inspection>();
        let checked = form.check(fields(json!({"title": " Pump 4 ", "depth_cm": 120}))).unwrap();
        assert_eq!(checked, json!({"title": "Pump 4", "depth_cm": 120, "notes": []}));
    }

    #[test]
    fn every_refusal_names_its_field() {
        let form = DeclaredForm::of::<Inspection>();
        let refused = |value| form.check(fields(value)).unwrap_err();
        assert_eq!(refused(json!({"title": " ", "depth_cm": 1})).field, "title");
        assert_eq!(refused(json!({"title": 7, "depth_cm": 1})).field, "title", "a number is no text");
        assert_eq!(refused(json!({"title": "a", "depth_cm": -1})).field, "depth_cm");
        assert_eq!(refused(json!({"title": "a", "depth_cm": "deep"})).field, "depth_cm");
        assert_eq!(refused(json!({"title": "a"})).field, "depth_cm");
        assert_eq!(refused(json!({"title": "a", "depth_cm": 1, "role": "admin"})).field, "role");
        assert_eq!(refused(json!({"title": "a", "depth_cm": 1, "notes": [1]})).field, "notes[0]");
        let missing = refused(json!({"title": "a"}));
        assert_eq!(missing.to_string(), "depth_cm: a value is required");
    }

    /// The fields as a form posts them: every value a text.
    fn text(pairs: &[(&str, &str)]) -> Map<String, Value> {
        pairs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect()
    }

    #[test]
    fn a_form_posted_as_text_reads_numbers_lists_and_empty_values() {
        let form = DeclaredForm::of::<Inspection>();
        let checked = form.check(text(&[("title", "120"), ("depth_cm", "120"), ("notes", r#"["a","b"]"#)]));
        assert_eq!(
            checked.unwrap(),
            json!({"title": "120", "depth_cm": 120, "notes": ["a", "b"]}),
            "a title stays text"
        );
        let refused = form.check(text(&[("title", "a"), ("depth_cm", "deep")])).unwrap_err();
        assert_eq!(refused.field, "depth_cm");
        assert_eq!(refused.message, "\"deep\" is not a whole number", "the refusal of what was sent: {refused}");
        let refused = form.check(text(&[("title", "a"), ("depth_cm", "")])).unwrap_err();
        assert_eq!(refused.field, "depth_cm", "an empty number is no number: {refused}");
        let refused = form.check(text(&[("title", "a"), ("depth_cm", "-1")])).unwrap_err();
        assert_eq!(refused.field, "depth_cm", "{refused}");
        let refused = form.check(text(&[("title", "a"), ("depth_cm", "900")])).unwrap_err();
        assert_eq!(refused.message, "at most 500 cm", "read as a number, refused by validate: {refused}");
        let refused = form.check(text(&[("title", " "), ("depth_cm", "1")])).unwrap_err();
        assert_eq!(refused.message, "give the inspection a title", "a blank text is refused as it is");
    }

    /// The fields of a new app's first form: a number with a range, a checkbox, multi-line text.
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Feedback {
        rating: u8,
        subscribe: bool,
        message: String,
    }

    impl Form for Feedback {
        const NAME: &'static str = "feedback";
        const COLUMNS: &'static [Column] = &[Column::new("message", "Message")];
    }

    #[test]
    fn a_checkbox_is_yes_when_ticked_and_no_when_left_out() {
        let form = DeclaredForm::of::<Feedback>();
        let ticked = form.check(text(&[("rating", "4"), ("subscribe", "on"), ("message", "a\nb")])).unwrap();
        assert_eq!(ticked, json!({"rating": 4, "subscribe": true, "message": "a\nb"}));
        let unticked = form.check(text(&[("rating", "4"), ("message", "")])).unwrap();
        assert_eq!(unticked["subscribe"], json!(false));
        assert_eq!(
            form.check(text(&[("rating", "4"), ("subscribe", "true"), ("message", "")])).unwrap()["subscribe"],
            json!(true)
        );
        let refused = form.check(text(&[("rating", "4"), ("subscribe", "maybe"), ("message", "")])).unwrap_err();
        assert_eq!((refused.field.as_str(), refused.message.as_str()), ("subscribe", "\"maybe\" is not yes or no"));
        let refused = form.check(text(&[("rating", "4"), ("subscribe", "on")])).unwrap_err();
        assert_eq!(
            (refused.field.as_str(), refused.message.as_str()),
            ("message", "a value is required"),
            "a missing text is not taken for an unticked box"
        );
    }

    #[test]
    fn a_number_out_of_its_range_is_refused_in_words() {
        let form = DeclaredForm::of::<Feedback>();
        for (given, says) in [
            ("300", "at most 255"),
            ("-1", "at least 0"),
            ("4.5", "\"4.5\" is not a whole number"),
            ("", "a value is required"),
        ] {
            let refused = form.check(text(&[("rating", given), ("message", "")])).unwrap_err();
            assert_eq!((refused.field.as_str(), refused.message.as_str()), ("rating", says), "{given:?}");
        }
    }

    /// A form with dates, as `<input type="date">` posts them (`2026-12-04`).
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Visit {
        day: chrono::NaiveDate,
        until: Option<chrono::NaiveDate>,
    }

    impl Form for Visit {
        const NAME: &'static str = "visit";
        const COLUMNS: &'static [Column] = &[Column::new("day", "Day")];
    }

    #[test]
    fn a_date_is_read_as_its_input_posts_it() {
        let form = DeclaredForm::of::<Visit>();
        let checked = form.check(text(&[("day", "2026-12-04"), ("until", "")])).unwrap();
        assert_eq!(checked, json!({"day": "2026-12-04", "until": null}), "an optional date left empty is none");
        let checked = form.check(text(&[("day", "2026-12-04"), ("until", "2027-01-31")])).unwrap();
        assert_eq!(checked["until"], json!("2027-01-31"));
        for (given, says) in [
            ("", "a value is required"),
            ("04/12/2026", "not a date this form reads (such as 2026-12-04)"),
            ("2026-02-30", "not a date this form reads (such as 2026-12-04)"),
        ] {
            let refused = form.check(text(&[("day", given), ("until", "")])).unwrap_err();
            assert_eq!((refused.field.as_str(), refused.message.as_str()), ("day", says), "{given:?}");
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Clashing {
        received_at: String,
    }

    impl Form for Clashing {
        const NAME: &'static str = "clashing";
        const COLUMNS: &'static [Column] = &[];
    }

    #[test]
    fn a_field_may_not_take_a_name_the_record_uses() {
        let refused = DeclaredForm::of::<Clashing>().check(fields(json!({"received_at": "x"}))).unwrap_err();
        assert_eq!(refused.field, "received_at");
    }
}
