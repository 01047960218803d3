//! The `Owner` extractor: a route that lists everyone's submissions takes it, and is answered 401
//! (`WWW-Authenticate: Bearer`) without `Authorization: Bearer <the owner's token>`.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::Api;
use crate::error::AppError;

/// Proof that the request carries the owner's token.
pub struct Owner;

impl FromRequestParts<Api> for Owner {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, AppError> {
        let given = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        match given.and_then(|v| v.strip_prefix("Bearer ")) {
            Some(token) if api.owner.matches(token.trim()) => Ok(Owner),
            Some(_) => Err(AppError::Unauthorized("that is not the owner's token".into())),
            None => Err(AppError::Unauthorized(
                "only the owner lists submissions: send Authorization: Bearer <OUTBOX_ADMIN_TOKEN>".into(),
            )),
        }
    }
}
