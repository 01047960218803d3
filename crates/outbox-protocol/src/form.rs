//! A form, declared once as a Rust type: its fields are the type's (serde), and this trait adds
//! what serde cannot say: the form's name, its checks (an error names the field), and the columns
//! the owner's table and export show. The server stores any form it is given this way; the worker
//! never sees the type (it carries the fields as JSON text). `Column` and `FieldError` need no
//! serde (the page's build has none); the trait does.

#[cfg(feature = "serde")]
use serde::de::DeserializeOwned;
#[cfg(feature = "serde")]
use serde::Serialize;

/// A form whose submissions Outbox queues, delivers and stores.
///
/// ```
/// use outbox_protocol::{Column, FieldError, Form};
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Contact {
///     name: String,
///     email: String,
/// }
///
/// impl Form for Contact {
///     const NAME: &'static str = "contact";
///     const COLUMNS: &'static [Column] = &[Column::new("name", "Name"), Column::new("email", "E-mail")];
///
///     fn validate(mut self) -> Result<Self, FieldError> {
///         self.email = self.email.trim().to_string();
///         if !self.email.contains('@') {
///             return Err(FieldError::new("email", "an e-mail address has an @"));
///         }
///         Ok(self)
///     }
/// }
/// ```
#[cfg(feature = "serde")]
pub trait Form: Serialize + DeserializeOwned + Send + 'static {
    /// The form's name: the `form` of its records, the key its submissions are stored under. Keep
    /// it once chosen (stored records name it).
    const NAME: &'static str;
    /// The fields the owner's table and export show, in order.
    const COLUMNS: &'static [Column];

    /// Checks the fields once read and normalizes them (what it returns is what is stored and what
    /// a repeated delivery is compared with). An error is a 422 naming the field.
    fn validate(self) -> Result<Self, FieldError> {
        Ok(self)
    }

    /// What a Background Sync of this form sends when the page's message never came in time (the
    /// original pattern's `anonymous`); none (the default): nothing.
    fn without_data() -> Option<Self> {
        None
    }
}

/// A column of the owner's table and export: a field of the form and its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The field's name, as the form's type serializes it.
    pub field: &'static str,
    /// The column's heading.
    pub label: &'static str,
}

impl Column {
    /// The column of `field` under the heading `label`.
    pub const fn new(field: &'static str, label: &'static str) -> Self {
        Self { field, label }
    }
}

/// Why a form's field cannot be stored, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name, as the form's type serializes it.
    pub field: String,
    /// What is wrong with it, and how to put it right.
    pub message: String,
}

impl FieldError {
    /// `message` about the field `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}
