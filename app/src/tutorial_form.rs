//! The tutorial's form, declared once: its one field, `name` (an empty one stored as
//! `anonymous`). The server stores it as [`TutorialForm`]; the page shows it as [`FORM_VIEW`]
//! (the worker knows no form).

use outbox_protocol::Column;

/// The form's one field, as the page names its input and the server's type its member.
pub const NAME_FIELD: &str = "name";

/// The form's one column: the owner's table and the person's list show the name.
const COLUMNS: &[Column] = &[Column::new(NAME_FIELD, "Name")];

/// The form as the page shows it (an empty name is shown as the server stores it).
pub const FORM_VIEW: outbox_leptos::FormView = outbox_leptos::FormView {
    name: outbox_protocol::TUTORIAL_FORM,
    columns: COLUMNS,
    untitled: crate::name_rule::ANONYMOUS,
};

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
    const COLUMNS: &'static [Column] = COLUMNS;

    /// Trimmed; empty is `anonymous`; too long or with control characters is refused.
    fn validate(self) -> Result<Self, outbox_protocol::FieldError> {
        use crate::name_rule::{normalize_name, NameError, MAX_NAME_CHARS};
        use outbox_leptos::texts::{t, tf};
        match normalize_name(&self.name) {
            Ok(name) => Ok(Self { name }),
            Err(NameError::TooLong { chars }) => {
                let (chars, max) = (chars.to_string(), MAX_NAME_CHARS.to_string());
                Err(outbox_protocol::FieldError::new(
                    NAME_FIELD,
                    tf("app.name_too_long", &[("{chars}", &chars), ("{max}", &max)]),
                ))
            }
            Err(NameError::ControlCharacters) => {
                Err(outbox_protocol::FieldError::new(NAME_FIELD, t("app.name_control_characters")))
            }
        }
    }

    /// The original pattern's sync with no data sends `anonymous`.
    fn without_data() -> Option<Self> {
        Some(Self { name: crate::name_rule::ANONYMOUS.into() })
    }
}
