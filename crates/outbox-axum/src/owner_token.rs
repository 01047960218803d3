//! The owner's token: who may read every submission (`GET /api/submissions`). From
//! `OUTBOX_ADMIN_TOKEN`, or made at random when the server starts (and logged, so a development
//! server works with nothing set). Compared in constant time: the time a wrong guess takes tells
//! nothing about how close it was.

use std::sync::Arc;

use sha2::{Digest, Sha256};

/// The owner's token: who may list, export and delete every submission (by bearer header or
/// the signed session `/admin` gives for it).
#[derive(Clone)]
pub struct OwnerToken {
    /// The token's SHA-256: comparing fixed-length digests takes the same time for every guess.
    digest: [u8; 32],
    text: Arc<str>,
}

impl OwnerToken {
    /// The owner's token is `token`.
    pub fn new(token: &str) -> Self {
        Self { digest: Sha256::digest(token.as_bytes()).into(), text: token.into() }
    }

    /// A token nobody can guess: 256 random bits as hex.
    pub fn random() -> Self {
        let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        Self::new(&token)
    }

    /// Is `given` the owner's token? In constant time.
    pub fn matches(&self, given: &str) -> bool {
        let given: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        self.digest.iter().zip(given.iter()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
    }

    /// The token itself: the key of the admin session's MAC (a new token ends every session), and
    /// logged once when it was made at random.
    pub fn reveal(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Debug for OwnerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OwnerToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::OwnerToken;

    #[test]
    fn only_the_token_itself_matches() {
        let token = OwnerToken::new("s3cret-token");
        assert!(token.matches("s3cret-token"));
        assert!(!token.matches("s3cret-tokeN"));
        assert!(!token.matches(""));
        assert!(!token.matches("s3cret-token "));
        let random = OwnerToken::random();
        assert_eq!(random.reveal().len(), 64);
        assert!(random.matches(random.reveal()) && !random.matches(OwnerToken::random().reveal()));
        assert_eq!(format!("{token:?}"), "OwnerToken(…)", "never printed by accident");
    }
}
