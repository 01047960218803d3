//! The `Owner` extractor: a route that lists everyone's submissions takes it, and is answered 401
//! (`WWW-Authenticate: Bearer`) without `Authorization: Bearer <the owner's token>` or the owner's
//! session cookie (`/admin`, `admin_session`).

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::Api;
use crate::admin_session;
use crate::error::AppError;

/// Proof that the request carries the owner's token.
pub struct Owner;

impl FromRequestParts<Api> for Owner {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, AppError> {
        if is_signed_in(parts, api) {
            return Ok(Owner);
        }
        let given = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        // The scheme is case-insensitive (RFC 9110 11.1): `bearer` and `BEARER` are `Bearer`.
        let token = given.and_then(|v| v.split_once(' ')).filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"));
        match token.map(|(_, token)| token) {
            Some(token) if api.owner.matches(token.trim()) => Ok(Owner),
            Some(_) => Err(AppError::Unauthorized("that is not the owner's token".into())),
            None => Err(AppError::Unauthorized(
                "only the owner lists submissions: send Authorization: Bearer <OUTBOX_ADMIN_TOKEN>".into(),
            )),
        }
    }
}

/// Does the request carry a valid owner's session cookie?
fn is_signed_in(parts: &Parts, api: &Api) -> bool {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(admin_session::from_cookie_header)
        .any(|value| admin_session::is_valid(&api.owner, value))
}
