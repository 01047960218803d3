//! The images that travel with a submission (up to [`MAX_IMAGES`]): from the page to the worker
//! (bytes in a structured-clone message; base64 where a message is JSON text), kept in the outbox
//! as bytes, sent as `image` parts of a `multipart/form-data` `POST /sync`, in the order picked.
//! Each type with its encoding.

use crate::json::{field, optional, Fields, FromJson, JsonValue, JsonWriter, ToJson};

/// The largest image the server takes unless `OUTBOX_MAX_IMAGE_BYTES` says otherwise (5 MiB).
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

/// The most images one submission carries.
pub const MAX_IMAGES: usize = 3;

/// A message's or entry's images: the list `images`, or the one `image` an earlier build wrote.
pub fn read_images<T: FromJson, V: JsonValue>(value: &V) -> Result<Vec<T>, String> {
    match optional::<Vec<T>, V>(value, "images")? {
        Some(images) => Ok(images),
        None => Ok(optional::<T, V>(value, "image")?.into_iter().collect()),
    }
}

/// The names of the parts of a `multipart/form-data` `POST /sync`.
pub mod form_fields {
    /// The submission's id (the idempotency key).
    pub const ID: &str = "id";
    /// When the person pressed the button (RFC 3339).
    pub const PRESSED_AT: &str = "pressed_at";
    /// Which delivery attempt this is.
    pub const ATTEMPT: &str = "attempt";
    /// One image (a part per image).
    pub const IMAGE: &str = "image";
}

/// What is known of an attached image besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ImageMeta {
    /// The file name the person picked (shown, never trusted).
    pub file_name: String,
    /// The type the browser declared (the server checks the bytes instead).
    pub mime: String,
    /// Its size in bytes.
    pub size: u64,
}

impl FromJson for ImageMeta {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let read = ImageMeta { file_name: f.text("file_name"), mime: f.text("mime"), size: f.uint("size") };
        f.finish(read)
    }
}

impl ToJson for ImageMeta {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { file_name, mime, size } = self;
        out.object(|o| {
            o.text("file_name", file_name).text("mime", mime).uint("size", *size);
        });
    }
}

/// An image with its bytes, as the page posts it to the worker (the bytes as a `Uint8Array` in the
/// page's structured-clone message; as base64 text in JSON).
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ImageAttachment {
    /// The file name the person picked (shown, never trusted).
    pub file_name: String,
    /// The type the browser declared (the server checks the bytes).
    pub mime: String,
    /// The file's bytes.
    #[cfg_attr(feature = "serde", serde(with = "base64_text"))]
    pub bytes: Vec<u8>,
}

impl FromJson for ImageAttachment {
    fn from_json<V: JsonValue>(value: &V) -> Result<Self, String> {
        let mut f = Fields::of(value);
        let bytes = field(value, "bytes")
            .and_then(|bytes| bytes.as_bytes().ok_or_else(|| "`bytes` is neither bytes nor base64".to_string()));
        let read = ImageAttachment { bytes: f.keep(bytes), file_name: f.text("file_name"), mime: f.text("mime") };
        f.finish(read)
    }
}

impl ToJson for ImageAttachment {
    fn write_json(&self, out: &mut JsonWriter) {
        let Self { file_name, mime, bytes } = self;
        out.object(|o| {
            o.text("file_name", file_name).text("mime", mime).text("bytes", &base64_text(bytes));
        });
    }
}

impl ImageAttachment {
    /// What is known of it besides its bytes.
    pub fn meta(&self) -> ImageMeta {
        ImageMeta { file_name: self.file_name.clone(), mime: self.mime.clone(), size: self.bytes.len() as u64 }
    }
}

impl std::fmt::Debug for ImageAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImageAttachment({:?}, {:?}, {} bytes)", self.file_name, self.mime, self.bytes.len())
    }
}

/// Bytes as standard base64 with padding (RFC 4648), what the `base64` crate's `STANDARD` engine
/// writes (the tests check both on every length up to 64): that crate's encoder cost the page's
/// wasm 2.9 KB gzip (measured), for a few lines. (Reading base64 is the browser's `atob` there.)
pub fn base64_text(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let bits = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        // A chunk of n bytes gives n + 1 characters; `=` pads them to four.
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            text.push(if i <= chunk.len() { char::from(ALPHABET[((bits >> shift) & 63) as usize]) } else { '=' });
        }
    }
    text
}

/// serde's side of the base64 bytes (the server and the tests).
#[cfg(feature = "serde")]
mod base64_text {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::base64_text(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// "3.2 MB": a size as a person reads it (whole-number arithmetic: float formatting would add
/// kilobytes to the page's wasm).
pub fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB / 10 {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_written_as_the_base64_crate_writes_it() {
        use base64::Engine;
        let bytes: Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
        for len in 0..=64 {
            for start in [0, 100, 250] {
                let slice = &bytes[start..start + len];
                assert_eq!(base64_text(slice), base64::engine::general_purpose::STANDARD.encode(slice), "{slice:?}");
            }
        }
    }

    #[test]
    fn sizes_read_as_a_person_reads_them() {
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MB");
        assert_eq!(human_size(3_300_000), "3.1 MB");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(104_858), "0.1 MB");
        assert_eq!(human_size(7 * 1024 * 1024 - 1), "7.0 MB");
    }
}
