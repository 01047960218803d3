//! The identity of a form the browser posted itself (a navigation, not the page's script): derived
//! from what was posted, so the worker (which may keep the post when the server is slow) and the
//! server (which may store that very post meanwhile) name it alike, and the same post sent again
//! (the answer reloaded, the form posted twice) is one submission while an edited one is another.
//!
//! Both sides hash the same bytes (`NativePost::digest_input`) with SHA-256 (the server with `sha2`,
//! the worker with the browser's `crypto.subtle`, no hashing code in its wasm) and read the id
//! from the digest (`NativePost::id_from_digest`).

use uuid::Uuid;

/// What a native post is identified by, as the bytes hashed: a version tag, the id the page was
/// rendered with (empty on the page the worker caches, which serves many), every text it carries
/// but the id in the form's order, and each image's SHA-256 in order; each part tagged and
/// length-prefixed, so no two posts share them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativePost {
    input: Vec<u8>,
}

impl NativePost {
    /// Starts the digest of a post from the page's id (the hidden field a server-rendered form carries).
    pub fn new(page_id: &str) -> Self {
        let mut post = Self { input: b"outbox-native-post-1".to_vec() };
        post.put(b'P', page_id.trim().as_bytes());
        post
    }

    /// A text part of the form, in the order posted.
    pub fn text(&mut self, name: &str, value: &str) {
        self.put(b'N', name.as_bytes());
        self.put(b'V', value.as_bytes());
    }

    /// The SHA-256 of an image's bytes, in the order posted.
    pub fn image(&mut self, sha256: [u8; 32]) {
        self.put(b'I', &sha256);
    }

    fn put(&mut self, tag: u8, bytes: &[u8]) {
        self.input.push(tag);
        self.input.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.input.extend_from_slice(bytes);
    }

    /// The bytes to hash.
    pub fn digest_input(&self) -> &[u8] {
        &self.input
    }

    /// The submission's id: the digest's first 16 bytes as a UUID of version 8 (RFC 9562's
    /// custom kind).
    pub fn id_from_digest(digest: &[u8]) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(page: &str, name: &str) -> NativePost {
        let mut post = NativePost::new(page);
        post.text("name", name);
        post
    }

    #[test]
    fn the_same_post_has_the_same_input_and_an_edit_or_another_page_another() {
        assert_eq!(post("p", "Alice").digest_input(), post("p", "Alice").digest_input());
        assert_ne!(post("p", "Alice").digest_input(), post("p", "Bob").digest_input());
        assert_ne!(post("p", "Alice").digest_input(), post("q", "Alice").digest_input());
        // Parts cannot run into each other: ("ab", "c") is not ("a", "bc").
        let mut a = NativePost::new("");
        a.text("ab", "c");
        let mut b = NativePost::new("");
        b.text("a", "bc");
        assert_ne!(a.digest_input(), b.digest_input());
        let mut with_image = post("p", "Alice");
        with_image.image([1; 32]);
        assert_ne!(with_image.digest_input(), post("p", "Alice").digest_input());
    }

    #[test]
    fn the_id_is_a_version_8_uuid_of_the_digest() {
        let id = NativePost::id_from_digest(&[0xab; 32]);
        assert_eq!(id.get_version_num(), 8);
        assert_eq!(id, NativePost::id_from_digest(&[0xab; 32]));
    }
}
