//! The owner's session on `/admin`: after signing in with the token, a cookie holding an expiry and
//! its HMAC-SHA256, keyed by the owner's token (a new token ends every session). HttpOnly (no
//! script reads it), `SameSite=Strict` (no other site sends it), `Secure` behind HTTPS.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::owner_token::OwnerToken;

pub const COOKIE: &str = "outbox_owner";
/// How long a sign-in lasts.
pub const LIFETIME_SECS: u64 = 12 * 60 * 60;

fn mac(owner: &OwnerToken, expires: u64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(owner.reveal().as_bytes()).expect("HMAC takes any key");
    mac.update(b"outbox-owner-session:");
    mac.update(expires.to_string().as_bytes());
    mac
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The cookie's value for a session starting now: `expires.hex-mac`.
pub fn issue(owner: &OwnerToken) -> String {
    let expires = now() + LIFETIME_SECS;
    let tag: String = mac(owner, expires).finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("{expires}.{tag}")
}

/// Is `value` a session this owner issued, not yet expired? (The MAC is checked in constant time.)
pub fn is_valid(owner: &OwnerToken, value: &str) -> bool {
    let Some((expires, tag)) = value.split_once('.') else { return false };
    let Ok(expires) = expires.parse::<u64>() else { return false };
    let Some(tag) = hex(tag) else { return false };
    expires > now() && mac(owner, expires).verify_slice(&tag).is_ok()
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// The `Set-Cookie` value that starts a session (`secure`: the request came over HTTPS).
pub fn set_cookie(value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={LIFETIME_SECS}{secure}")
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The session cookie's value in a `Cookie` header, if any.
pub fn from_cookie_header(header: &str) -> Option<&str> {
    header.split(';').map(str::trim).find_map(|pair| pair.strip_prefix(COOKIE)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_valid_for_its_owner_only_and_cannot_be_forged() {
        let owner = OwnerToken::new("owner");
        let session = issue(&owner);
        assert!(is_valid(&owner, &session));
        assert!(!is_valid(&OwnerToken::new("another owner"), &session), "a new token ends the session");
        let (expires, tag) = session.split_once('.').unwrap();
        let later = expires.parse::<u64>().unwrap() + 1_000_000;
        assert!(!is_valid(&owner, &format!("{later}.{tag}")), "the expiry is signed");
        assert!(!is_valid(&owner, &format!("1.{tag}")), "an expired session");
        assert!(!is_valid(&owner, "garbage") && !is_valid(&owner, "1.zz"));
    }

    #[test]
    fn the_cookie_is_http_only_and_strict() {
        let cookie = set_cookie("v", true);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.ends_with("; Secure"));
        assert!(!set_cookie("v", false).contains("Secure"));
        assert_eq!(from_cookie_header("a=1; outbox_owner=abc.def; b=2"), Some("abc.def"));
        assert_eq!(from_cookie_header("outbox_ownerx=1"), None);
    }
}
