//! A submission as the worker sends it and as the server stores and lists it, and the answers of
//! `POST /sync/batch` and of every error; each with its encoding.

use uuid::Uuid;

use crate::json::{narrow, uuid_text, Fields, FromJson, JsonValue, JsonWriter, ToJson};
use crate::raw_json::RawJson;

/// One submission as the worker sends it in `POST /sync` (and in each item of `POST /sync/batch`),
/// whatever its form: the client-generated id (which makes delivery idempotent), the form's fields
/// as the page gave them (written as members of the same object), when it was pressed, and the
/// attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Delivery {
    /// The submission's id.
    pub id: Uuid,
    /// The form's fields, written as members of the same object.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub fields: RawJson,
    /// When the person pressed the button (RFC 3339).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub pressed_at: Option<String>,
    /// Which delivery attempt this is, counting from 1.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub attempt: Option<u32>,
}

impl ToJson for Delivery {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { id, fields, pressed_at, attempt } = self;
        out.object(|o| {
            o.text("id", &uuid_text(id)).members(fields);
            if let Some(pressed_at) = pressed_at {
                o.text("pressed_at", pressed_at);
            }
            if let Some(attempt) = attempt {
                o.uint("attempt", u64::from(*attempt));
            }
        });
    }
}

/// A stored submission, as `GET /api/submissions` lists it (a public contract): the form's fields
/// are members of the record beside its own (for the tutorial's form `{"id", "form", "name", …}`),
/// so a form's field may not take one of [`RECORD_KEYS`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SubmissionRecord {
    /// The submission's id.
    pub id: Uuid,
    /// The name of the form it was submitted with (`Form::NAME`).
    #[cfg_attr(feature = "serde", serde(default = "tutorial_form"))]
    pub form: String,
    /// The form's fields as the server checked and stored them.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub fields: RawJson,
    /// When the server stored it, RFC 3339 in UTC with milliseconds.
    pub received_at: String,
    /// When the person pressed the button, if the client said so.
    #[cfg_attr(feature = "serde", serde(default))]
    pub pressed_at: Option<String>,
    /// The delivery attempt that stored it (1 = the first try got through).
    #[cfg_attr(feature = "serde", serde(default = "one"))]
    pub attempts: u32,
    /// Where the first image is served (`/images/{id}`), null without one (kept for clients of
    /// the one-image record: `images` lists them all).
    #[cfg_attr(feature = "serde", serde(default))]
    pub image_url: Option<String>,
    /// Where the first image's thumbnail is served (`/images/{id}/thumbnail`), null without one.
    #[cfg_attr(feature = "serde", serde(default))]
    pub thumbnail_url: Option<String>,
    /// Every image, in the order picked (empty without one; a record of an earlier build has none).
    #[cfg_attr(feature = "serde", serde(default))]
    pub images: Vec<ImageLinks>,
}

/// Where one stored image and its thumbnail are served.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ImageLinks {
    /// The image.
    pub url: String,
    /// Its thumbnail.
    pub thumbnail_url: String,
}

impl ImageLinks {
    /// The links of a submission's image at `position` (stable: they name the submission; the
    /// first keeps the address it had when a submission carried one image).
    pub fn of(id: Uuid, position: usize) -> Self {
        let url = match position {
            0 => format!("/images/{id}"),
            n => format!("/images/{id}/{n}"),
        };
        ImageLinks { thumbnail_url: format!("{url}/thumbnail"), url }
    }
}

impl FromJson for ImageLinks {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = ImageLinks { url: f.text("url"), thumbnail_url: f.text("thumbnail_url") };
        f.finish(read)
    }
}

impl ToJson for ImageLinks {
    fn write_json(&self, out: &mut JsonWriter) {
        out.object(|o| {
            o.text("url", &self.url).text("thumbnail_url", &self.thumbnail_url);
        });
    }
}

/// The record's own members; every other member of a record is a field of its form.
pub const RECORD_KEYS: &[&str] = &[
    "id",
    "form",
    "received_at",
    "pressed_at",
    "attempts",
    "attempt",
    "image_url",
    "thumbnail_url",
    "image",
    "images",
];

/// The form of records stored before forms were declared (and of the original pattern).
pub const TUTORIAL_FORM: &str = "tutorial";

#[cfg(feature = "serde")]
fn one() -> u32 {
    1
}

#[cfg(feature = "serde")]
fn tutorial_form() -> String {
    TUTORIAL_FORM.to_string()
}

impl SubmissionRecord {
    /// The record with the links of its `count` stored images.
    pub fn with_images(mut self, count: usize) -> Self {
        self.images = (0..count).map(|position| ImageLinks::of(self.id, position)).collect();
        self.image_url = self.images.first().map(|first| first.url.clone());
        self.thumbnail_url = self.images.first().map(|first| first.thumbnail_url.clone());
        self
    }
}

impl FromJson for SubmissionRecord {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = SubmissionRecord {
            id: f.uuid("id"),
            // A record written before forms were declared names none: it is the tutorial's.
            form: f.optional_text("form").unwrap_or_else(|| TUTORIAL_FORM.to_string()),
            fields: RawJson::members_except(value, RECORD_KEYS),
            received_at: f.text("received_at"),
            pressed_at: f.optional_text("pressed_at"),
            attempts: match f.optional_uint("attempts") {
                Some(n) => f.keep(narrow(n, "attempts")),
                None => 1,
            },
            image_url: f.optional_text("image_url"),
            thumbnail_url: f.optional_text("thumbnail_url"),
            images: f.optional("images").unwrap_or_default(),
        };
        f.finish(read)
    }
}

impl ToJson for SubmissionRecord {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { id, form, fields, received_at, pressed_at, attempts, image_url, thumbnail_url, images } = self;
        out.object(|o| {
            o.text("id", &uuid_text(id))
                .text("form", form)
                .members(fields)
                .text("received_at", received_at)
                .optional_text("pressed_at", pressed_at.as_deref())
                .uint("attempts", u64::from(*attempts))
                .optional_text("image_url", image_url.as_deref())
                .optional_text("thumbnail_url", thumbnail_url.as_deref())
                .array("images", images);
        });
    }
}

/// `POST /sync/batch`: up to [`MAX_BATCH`] submissions, answered one by one. The worker writes
/// [`Delivery`]s (it knows no form); the server reads each as an object of its form's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
pub struct BatchRequest<S> {
    /// The submissions, in order.
    pub submissions: Vec<S>,
}

/// The most submissions one batch may carry.
pub const MAX_BATCH: usize = 250;

impl<S: ToJson> ToJson for BatchRequest<S> {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { submissions } = self;
        out.object(|o| {
            o.array("submissions", submissions);
        });
    }
}

/// The answer to a batch: one result per submission, in the order sent. The worker reads each
/// record as [`RawJson`] (it passes it on to the page unread).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BatchResponse<R = SubmissionRecord> {
    /// One result per submission, in the order sent.
    pub results: Vec<BatchItemResult<R>>,
}

impl<R: FromJson> FromJson for BatchResponse<R> {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = BatchResponse { results: f.list("results") };
        f.finish(read)
    }
}

/// One submission's fate in a batch: `status` is what `POST /sync` would have answered for it
/// alone (201 stored, 200 already stored, 422 refused…).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BatchItemResult<R = SubmissionRecord> {
    /// The submission's id.
    pub id: Uuid,
    /// The status `POST /sync` would have answered for it alone.
    pub status: u16,
    /// The stored record (when stored).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub record: Option<R>,
    /// Why it was refused (when refused).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub error: Option<String>,
    /// The form's field the error is about, as `ApiError::field`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub field: Option<String>,
}

impl<R: FromJson> FromJson for BatchItemResult<R> {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = BatchItemResult {
            id: f.uuid("id"),
            status: f.uint_as("status"),
            record: f.optional("record"),
            error: f.optional_text("error"),
            field: f.optional_text("field"),
        };
        f.finish(read)
    }
}

/// Every error the server answers with: `{"error": "…"}`, a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ApiError {
    /// The message.
    pub error: String,
    /// The form's field the error is about, when it is about one (a 422 of the form's validation):
    /// the page shows the error on that field.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub field: Option<String>,
}

impl FromJson for ApiError {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = ApiError { error: f.text("error"), field: f.optional_text("field") };
        f.finish(read)
    }
}
