//! The owner's actions (sign in and out, delete) are taken only from the site's own pages: the
//! session cookie is `SameSite=Strict`, but a sibling subdomain counts as the same site, so a form
//! posted from there would carry it. A browser names where a request comes from (`Sec-Fetch-Site`,
//! and `Origin` on every POST); one from another origin is refused with 403. A client that sends
//! neither (curl with the owner's token) is not a browser riding on a cookie, and passes.

use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if let Err(why) = check(request.headers()) {
        return AppError::Request { status: StatusCode::FORBIDDEN, message: why }.into_response();
    }
    next.run(request).await
}

/// `Err(why)` when the browser says the request comes from another origin.
pub fn check(headers: &HeaderMap) -> Result<(), String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // The browser's own word, which no page can change: `none`, the person typed or bookmarked it;
    // `same-origin`, one of the site's own pages.
    if let Some(site) = text("sec-fetch-site") {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err(format!(
                "the owner's actions are taken from this site's own pages only (this request came from a {site} page)"
            )),
        };
    }
    // An older browser: its `Origin`, unless it is `null` (what the site's own pages send too, their
    // referrer policy being `no-referrer`).
    match (text(header::ORIGIN.as_str()), text(header::HOST.as_str())) {
        (Some(origin), Some(host)) if origin != "null" && authority(origin) != Some(host) => {
            Err(format!("the owner's actions are taken from this site's own pages only, not from {origin}"))
        }
        _ => Ok(()),
    }
}

/// The `host[:port]` of an origin (`https://example.com:8443` → `example.com:8443`).
fn authority(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    #[test]
    fn the_sites_own_pages_pass_and_a_sibling_subdomain_does_not() {
        assert!(check(&headers(&[("host", "outbox.example"), ("origin", "https://outbox.example")])).is_ok());
        assert!(check(&headers(&[("sec-fetch-site", "same-origin"), ("host", "a:3000"), ("origin", "http://a:3000")]))
            .is_ok());
        assert!(check(&headers(&[])).is_ok(), "no browser: the token or the cookie decides");
        assert!(check(&headers(&[("sec-fetch-site", "same-site")])).is_err());
        assert!(check(&headers(&[("sec-fetch-site", "cross-site")])).is_err());
        assert!(check(&headers(&[("host", "outbox.example"), ("origin", "https://evil.outbox.example")])).is_err());
        assert!(check(&headers(&[("sec-fetch-site", "same-origin"), ("host", "a"), ("origin", "null")])).is_ok());
        assert!(check(&headers(&[("sec-fetch-site", "cross-site"), ("host", "a"), ("origin", "null")])).is_err());
    }
}
