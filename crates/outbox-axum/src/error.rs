//! The one error type of the HTTP API, as in axum's `error-handling` example: the domain errors
//! (`InvalidSubmission`, `ImageError`, `StoreError`) know nothing of HTTP; `AppError` wraps them
//! and its `IntoResponse` picks, in one place, each cause's status and log line. Every answer is
//! JSON `{"error": "…"}` that a person can act on; bad input is never a 500.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use outbox_protocol::ApiError;

use crate::store::StoreError;
use crate::submission::InvalidSubmission;
use crate::uploaded_image::ImageError;

/// The answer to a body that stopped coming, whatever its kind (JSON or a form with images).
pub const BODY_STOPPED: &str = "the body stopped coming (too slow, or cut off); send it again";

/// How long a client should wait before retrying when the database is unavailable.
const RETRY_AFTER_SECS: &str = "5";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request itself cannot be read as asked (its shape, type or size); the status says which.
    #[error("{message}")]
    Request { status: StatusCode, message: String },
    #[error("{0}")]
    Invalid(#[from] InvalidSubmission),
    #[error("{0}")]
    Image(#[from] ImageError),
    #[error("{0}")]
    NotFound(String),
    /// Over the client's rate limit: 429 with `Retry-After` (whole seconds, at least 1).
    #[error("too many submissions from this address; try again in {0} s")]
    TooManyRequests(u64),
    /// A route for the owner without the owner's token: 401 with `WWW-Authenticate: Bearer`.
    #[error("{0}")]
    Unauthorized(String),
    /// A repeated id with another payload (the IETF `Idempotency-Key` draft's 422).
    #[error("the id {0} was already used for other data (other fields or another image); nothing was stored")]
    IdConflict(uuid::Uuid),
    /// A submission the owner deleted (or retention did), sent again: 410, not stored again.
    #[error("the submission {0} was deleted by the site's owner; it is not stored again")]
    Deleted(uuid::Uuid),
    #[error("{}", store_message(.0))]
    Store(#[from] StoreError),
    /// Something that should not happen did (a task panicked): 500, logged.
    #[error("the server failed: {0}")]
    Internal(String),
}

/// What a person reads: an outage says "try again"; an internal failure gives no database detail.
fn store_message(e: &StoreError) -> String {
    match e {
        StoreError::CursorGone(_) => e.to_string(),
        e if e.is_unavailable() => "the database is unavailable; try again shortly".into(),
        _ => "the server failed to read or write its database; this is logged".into(),
    }
}

impl AppError {
    /// What a submission refused with this error came to, as the metrics name it
    /// (`outbox_submissions_total{outcome=…}`).
    pub fn outcome_label(&self) -> &'static str {
        match self {
            AppError::IdConflict(_) => "conflict",
            AppError::Deleted(_) => "deleted",
            AppError::Store(e) if e.is_unavailable() => "unavailable",
            AppError::Store(_) | AppError::Internal(_) => "failed",
            _ => "refused",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Request { status, .. } => *status,
            AppError::Invalid(_) | AppError::IdConflict(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Image(ImageError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Image(ImageError::NotAnImage) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Image(ImageError::TooManyPixels { .. } | ImageError::Corrupt(_)) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Deleted(_) => StatusCode::GONE,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Store(StoreError::CursorGone(_)) => StatusCode::NOT_FOUND,
            AppError::Store(e) if e.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The log line of this cause: failures as errors, outages as warnings, refusals as info.
    pub fn log(&self) {
        match self {
            AppError::Store(StoreError::CursorGone(_)) => tracing::info!("refused: {self}"),
            AppError::Store(e) if e.is_unavailable() => tracing::warn!("database unavailable: {e}"),
            AppError::Store(e) => tracing::error!("database failure: {e}"),
            AppError::Internal(e) => tracing::error!("internal error: {e}"),
            _ => tracing::info!(status = %self.status(), "refused: {self}"),
        }
    }

    /// The form's field the error is about, when it is about one.
    pub fn field(&self) -> Option<String> {
        match self {
            AppError::Invalid(e) => e.field().map(str::to_string),
            _ => None,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        self.log();
        let field = self.field();
        let body = Json(ApiError { error: self.to_string(), field });
        if status == StatusCode::SERVICE_UNAVAILABLE {
            return (status, [(header::RETRY_AFTER, RETRY_AFTER_SECS)], body).into_response();
        }
        if let AppError::TooManyRequests(seconds) = &self {
            return (status, [(header::RETRY_AFTER, seconds.to_string())], body).into_response();
        }
        if status == StatusCode::UNAUTHORIZED {
            return (status, [(header::WWW_AUTHENTICATE, "Bearer")], body).into_response();
        }
        (status, body).into_response()
    }
}

impl From<MultipartRejection> for AppError {
    fn from(rejection: MultipartRejection) -> Self {
        AppError::Request {
            status: rejection.status(),
            message: format!("the form cannot be read: {}", rejection.body_text()),
        }
    }
}

impl From<MultipartError> for AppError {
    fn from(error: MultipartError) -> Self {
        // axum answers 500 for any failure to read the body's stream: here that is the body
        // stopping (too slow, cut off, the connection gone), the client's side as on the JSON path.
        let (status, message) = match error.status() {
            StatusCode::PAYLOAD_TOO_LARGE => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "the form is larger than the server takes (the image limit plus 64 KiB)".to_string(),
            ),
            status if status.is_server_error() => (StatusCode::REQUEST_TIMEOUT, BODY_STOPPED.to_string()),
            status => (status, format!("the form cannot be read: {}", error.body_text())),
        };
        AppError::Request { status, message }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let message = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "send the submission as JSON with the header Content-Type: application/json".to_string()
            }
            _ => format!(
                "the body is not a valid submission (a JSON object {{\"id\": uuid, …the form's fields}}): {}",
                rejection.body_text()
            ),
        };
        AppError::Request { status: rejection.status(), message }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::Request {
            status: rejection.status(),
            message: format!("the query string cannot be read: {}", rejection.body_text()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_image_refusal_has_its_status() {
        let status = |e: ImageError| AppError::from(e).status();
        assert_eq!(status(ImageError::TooLarge { size: 2, max: 1 }), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(status(ImageError::NotAnImage), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(status(ImageError::Corrupt("x".into())), StatusCode::UNPROCESSABLE_ENTITY);
        let pixels = ImageError::TooManyPixels { width: 1, height: 1, max_side: 0, max_pixels: 0 };
        assert_eq!(status(pixels), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn an_outage_is_503_with_retry_after_and_an_unreadable_row_is_500() {
        let outage = AppError::from(StoreError::Unavailable("pool timed out".into())).into_response();
        assert_eq!(outage.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(outage.headers()[header::RETRY_AFTER], RETRY_AFTER_SECS);
        let broken = AppError::from(StoreError::Internal("cannot decode attempts".into())).into_response();
        assert_eq!(broken.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(broken.headers().get(header::RETRY_AFTER).is_none(), "not an outage to retry for days");
    }

    #[test]
    fn an_invalid_submission_is_422() {
        assert_eq!(AppError::from(InvalidSubmission::ZeroAttempt).status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}
