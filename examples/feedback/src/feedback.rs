//! The form, declared once: what the page knows of it (`FORM_VIEW`) and the type the server reads,
//! checks and stores (`Feedback`).

use outbox_leptos::prelude::*;

/// The owner's table and export show these, in order; the person's list shows the first.
pub const COLUMNS: &[Column] = &[
    Column::new("email", "E-mail"),
    Column::new("rating", "Rating"),
    Column::new("message", "Message"),
    Column::new("subscribe", "Keep me posted"),
];

pub const FORM_VIEW: FormView = FormView { name: "feedback", columns: COLUMNS, untitled: "no e-mail" };

#[cfg(feature = "ssr")]
pub use form::Feedback;

#[cfg(feature = "ssr")]
mod form {
    use outbox_leptos::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Feedback {
        pub email: String,
        /// From 1 to 5.
        pub rating: u8,
        pub message: String,
        /// The "keep me posted" checkbox.
        pub subscribe: bool,
    }

    impl Form for Feedback {
        const NAME: &'static str = super::FORM_VIEW.name;
        const COLUMNS: &'static [Column] = super::COLUMNS;

        fn validate(mut self) -> Result<Self, FieldError> {
            self.email = self.email.trim().to_string();
            if !self.email.contains('@') {
                return Err(FieldError::new("email", "an e-mail address has an @"));
            }
            if !(1..=5).contains(&self.rating) {
                return Err(FieldError::new("rating", "a rating is from 1 to 5"));
            }
            Ok(self)
        }
    }
}
