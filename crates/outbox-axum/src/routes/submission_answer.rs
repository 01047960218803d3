//! What a submission is answered once it reached the store (201 new, 200 already stored, 422 or
//! 410 refused), and each submission counted once in the metrics by what it came to: shared by
//! `/sync`, its batch and the page a form posted by the browser itself is answered with.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use outbox_protocol::SubmissionRecord;

use crate::error::AppError;
use crate::store::{Outcome, Stored};
use crate::telemetry::count_submission;

/// 201 with the new record, 200 with the original one when the id was already stored with the same
/// payload, 422 when it was stored with another (nothing is stored or overwritten).
pub(super) fn answer(stored: Stored) -> Result<(StatusCode, SubmissionRecord), AppError> {
    // One line per submission is debug: at tens of thousands a second the database is the record,
    // not the log (refusals and failures are still logged at info and error).
    let id = stored.record.id;
    count_submission(stored.outcome.label());
    match stored.outcome {
        Outcome::Created => {
            tracing::debug!(%id, "stored a submission");
            Ok((StatusCode::CREATED, stored.record))
        }
        Outcome::Repeated => {
            tracing::debug!(%id, "repeated submission: already stored");
            Ok((StatusCode::OK, stored.record))
        }
        Outcome::IdConflict => Err(AppError::IdConflict(id)),
        Outcome::Deleted => Err(AppError::Deleted(id)),
    }
}

/// `answer` as JSON.
pub(super) fn respond(stored: Stored) -> Result<Response, AppError> {
    answer(stored).map(|(status, record)| (status, Json(record)).into_response())
}

/// A submission refused, or not stored, by why.
pub(super) fn count_error(error: &AppError) {
    count_submission(error.outcome_label());
}

/// `counted(result)`: the result, its error (as the `AppError` it answers) counted.
pub(super) fn counted<T, E: Into<AppError>>(result: Result<T, E>) -> Result<T, AppError> {
    result.map_err(|e| {
        let e = e.into();
        count_error(&e);
        e
    })
}
