//! The form, declared once: what the page shows of it (`FORM_VIEW`) and the type the server reads,
//! checks and stores (`Inspection`). Adding a field is a line here and an input in `page.rs`.

use outbox_leptos::prelude::*;

/// The owner's table and export show these, in order; the person's list shows the title.
pub const COLUMNS: &[Column] = &[
    Column::new("title", "Title"),
    Column::new("finding", "Finding"),
    Column::new("depth_cm", "Depth (cm)"),
    Column::new("note", "Note"),
];

pub const FORM_VIEW: FormView = FormView { name: "inspection", columns: COLUMNS, untitled: "untitled" };

/// What was found: the choices of the form's list.
pub const FINDINGS: &[(&str, &str)] =
    &[("ok", "All fine"), ("leak", "Leak"), ("crack", "Crack"), ("corrosion", "Corrosion")];

#[cfg(feature = "ssr")]
pub use form::Inspection;

#[cfg(feature = "ssr")]
mod form {
    use outbox_leptos::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Inspection {
        pub title: String,
        pub finding: Finding,
        /// How deep the damage goes, in whole centimetres.
        pub depth_cm: u32,
        #[serde(default)]
        pub note: String,
    }

    #[derive(Debug, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Finding {
        Ok,
        Leak,
        Crack,
        Corrosion,
    }

    impl Form for Inspection {
        const NAME: &'static str = super::FORM_VIEW.name;
        const COLUMNS: &'static [Column] = super::COLUMNS;

        fn validate(mut self) -> Result<Self, FieldError> {
            self.title = self.title.trim().to_string();
            self.note = self.note.trim().to_string();
            if self.title.is_empty() {
                return Err(FieldError::new("title", "give the inspection a title"));
            }
            if self.depth_cm > 500 {
                return Err(FieldError::new("depth_cm", "a depth is at most 500 cm"));
            }
            if matches!(self.finding, Finding::Ok) && self.depth_cm > 0 {
                return Err(FieldError::new("finding", "all fine has no depth: pick what was found"));
            }
            if matches!(self.finding, Finding::Crack) && self.note.is_empty() {
                return Err(FieldError::new("note", "a crack needs a note: where it runs, how long"));
            }
            Ok(self)
        }
    }
}
