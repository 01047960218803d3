//! Why a form's type could not read a field, in words a person can act on, in the request's
//! language: serde says "invalid value: integer `300`, expected u8", a person needs "at most 255"
//! (不能大于 255). Only serde's own phrasings are reworded; anything else is kept as serde said it.

use outbox_leptos::texts::{t, tf};

/// serde's refusal of one field, reworded (the field's name is not in it: the caller puts it
/// before). `message` is serde_json's text of the error.
pub fn in_words(message: &str) -> String {
    if message.starts_with("missing field `") {
        return t("field.required");
    }
    if message.starts_with("unknown field `") {
        return t("field.unknown");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (given, choices) = rest.split_once("`, expected ").unwrap_or((rest.trim_end_matches('`'), ""));
        let choices = choices.trim_start_matches("one of ").replace('`', "");
        return if choices.is_empty() {
            tf("field.not_a_choice", &[("{given}", given)])
        } else {
            tf("field.not_a_choice_of", &[("{given}", given), ("{choices}", &choices)])
        };
    }
    if CHRONO_REFUSALS.contains(&message) {
        return t("field.not_a_date");
    }
    let Some((given, expected)) = given_and_expected(message) else { return message.to_string() };
    // An input left empty (its text read as no value) where the type wants one.
    if given == "null" {
        return t("field.required");
    }
    if let Some(range) = integer_range(expected) {
        return match given.parse::<i128>() {
            Ok(n) if n < range.0 => tf("field.at_least", &[("{n}", &range.0.to_string())]),
            Ok(n) if n > range.1 => tf("field.at_most", &[("{n}", &range.1.to_string())]),
            _ => tf("field.not_whole", &[("{given}", given)]),
        };
    }
    let key = match expected {
        "f32" | "f64" => "field.not_number",
        "a boolean" => "field.not_yes_no",
        "a string" | "a character" => "field.not_text",
        _ => return message.to_string(),
    };
    tf(key, &[("{given}", given)])
}

/// chrono's refusals of a date or time it cannot read (its `ParseError`s, as serde passes them on):
/// a date input holds `2026-12-04`, but a text field a person types a date into may hold anything.
const CHRONO_REFUSALS: [&str; 7] = [
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "bad or unsupported format string",
];

/// What was given (`"deep"`, `300`, `12.5`) and what was expected (`u32`), from "invalid type: …"
/// or "invalid value: …".
fn given_and_expected(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "))?;
    let (given, expected) = rest.rsplit_once(", expected ")?;
    // "string \"deep\"", "integer `300`", "floating point `12.5`", "boolean `true`", "null".
    let kinds = ["string ", "integer ", "floating point ", "boolean ", "character "];
    let given = kinds.iter().find_map(|kind| given.strip_prefix(kind)).map_or(given, |value| value.trim_matches('`'));
    Some((given, expected))
}

/// The least and the most of an integer type serde names.
fn integer_range(expected: &str) -> Option<(i128, i128)> {
    Some(match expected {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use outbox_leptos::texts::Language;

    use super::in_words;

    #[tokio::test]
    async fn a_refusal_reads_in_the_requests_language() {
        let chinese: &'static Language = Box::leak(Box::new(Language::chinese()));
        let words = outbox_leptos::texts::in_language(chinese, async {
            ["invalid value: integer `300`, expected u8", "missing field `title`"].map(in_words)
        });
        assert_eq!(words.await, ["不能大于 255".to_string(), "必须填写".to_string()]);
    }

    #[test]
    fn serde_refusals_read_as_a_person_would_say_them() {
        for (serde, words) in [
            ("invalid value: integer `300`, expected u8", "at most 255"),
            ("invalid value: integer `-1`, expected u32", "at least 0"),
            ("invalid type: string \"deep\", expected u32", "\"deep\" is not a whole number"),
            ("invalid type: floating point `12.5`, expected u32", "12.5 is not a whole number"),
            ("invalid type: string \"x\", expected f64", "\"x\" is not a number"),
            ("invalid type: string \"maybe\", expected a boolean", "\"maybe\" is not yes or no"),
            ("invalid type: integer `7`, expected a string", "7 is not a text"),
            ("invalid type: null, expected u8", "a value is required"),
            ("missing field `title`", "a value is required"),
            ("unknown field `role`, expected `title` or `note`", "this form has no such field"),
            ("unknown variant `tank`, expected one of `ok`, `leak`", "\"tank\" is not one of the choices (ok, leak)"),
            ("something else entirely", "something else entirely"),
        ] {
            assert_eq!(in_words(serde), words, "{serde}");
        }
    }
}
