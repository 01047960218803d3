//! `/images/{id}/{position}` and `/images/{id}/{position}/thumbnail`: a submission's image as
//! received and its thumbnail, at URLs that never change (the id names the submission, the position
//! the image in the order picked), with their checked content type. The first image is also at
//! `/images/{id}` and `/images/{id}/thumbnail`, its address from when a submission had one.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::error::AppError;
use crate::store::Store;
use crate::uploaded_image::THUMBNAIL_CONTENT_TYPE;

pub async fn first(store: State<Store>, Path(id): Path<String>) -> Result<Response, AppError> {
    original(store, Path((id, 0))).await
}

pub async fn first_thumbnail(store: State<Store>, Path(id): Path<String>) -> Result<Response, AppError> {
    thumbnail(store, Path((id, 0))).await
}

pub async fn original(
    State(store): State<Store>,
    Path((id, position)): Path<(String, usize)>,
) -> Result<Response, AppError> {
    match store.image(parse_id(&id, position)?, position).await? {
        Some((content_type, bytes)) => Ok(image_response(&content_type, bytes)),
        None => Err(no_image(&id, position)),
    }
}

pub async fn thumbnail(
    State(store): State<Store>,
    Path((id, position)): Path<(String, usize)>,
) -> Result<Response, AppError> {
    match store.thumbnail(parse_id(&id, position)?, position).await? {
        Some(bytes) => Ok(image_response(THUMBNAIL_CONTENT_TYPE, bytes)),
        None => Err(no_image(&id, position)),
    }
}

fn parse_id(id: &str, position: usize) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| no_image(id, position))
}

fn no_image(id: &str, position: usize) -> AppError {
    AppError::NotFound(match position {
        0 => format!("no image for the submission {id:?}"),
        n => format!("no image {n} for the submission {id:?} (the first is 0)"),
    })
}

fn image_response(content_type: &str, bytes: Vec<u8>) -> Response {
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            // The type was checked from the bytes: the browser must not guess another.
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            // A submission's image never changes; it is a person's, so no shared cache keeps it.
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable")),
        ],
        bytes,
    )
        .into_response()
}
