//! The one error type of the HTTP API: each kind knows its status code, and every answer is JSON
//! `{"error": "…"}` that a person can act on. Bad input is never a 500.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use outbox_protocol::{ApiError, NameError};

use crate::store::StoreError;
use crate::uploaded_image::ImageError;

/// How long a client should wait before retrying when the database is unavailable.
const RETRY_AFTER_SECS: &str = "5";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    InvalidName(#[from] NameError),
    #[error("{message}")]
    BadRequest { status: StatusCode, message: String },
    #[error("{0}")]
    Image(#[from] ImageError),
    #[error("the database is unavailable; try again shortly")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl From<MultipartRejection> for AppError {
    fn from(rejection: MultipartRejection) -> Self {
        AppError::BadRequest { status: rejection.status(), message: format!("the form cannot be read: {}", rejection.body_text()) }
    }
}

impl From<MultipartError> for AppError {
    fn from(error: MultipartError) -> Self {
        let status = error.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "the form is larger than the server takes (the image limit plus 64 KiB)".to_string()
        } else {
            format!("the form cannot be read: {}", error.body_text())
        };
        AppError::BadRequest { status, message }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let message = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "send the submission as JSON with the header Content-Type: application/json".to_string()
            }
            _ => format!("the body is not a valid submission {{\"id\": uuid, \"name\": text}}: {}", rejection.body_text()),
        };
        AppError::BadRequest { status: rejection.status(), message }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest {
            status: rejection.status(),
            message: format!("the query string cannot be read: {}", rejection.body_text()),
        }
    }
}

impl AppError {
    /// A field that breaks the rules: 422 with the reason.
    pub fn invalid(message: String) -> Self {
        AppError::BadRequest { status: StatusCode::UNPROCESSABLE_ENTITY, message }
    }

    /// Something that should not happen did (a panicked task): 500, and it is logged.
    pub fn internal(message: String) -> Self {
        AppError::Internal(message)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::InvalidName(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest { status, .. } => *status,
            AppError::Image(e) => e.status(),
            AppError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Store(e) = &self {
            tracing::error!("store failure: {e}");
        } else if let AppError::Internal(e) = &self {
            tracing::error!("internal error: {e}");
        } else {
            tracing::info!(%status, "refused: {self}");
        }
        let body = Json(ApiError { error: self.to_string() });
        if status == StatusCode::SERVICE_UNAVAILABLE {
            return (status, [(header::RETRY_AFTER, RETRY_AFTER_SECS)], body).into_response();
        }
        (status, body).into_response()
    }
}
