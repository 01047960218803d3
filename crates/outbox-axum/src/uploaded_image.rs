//! An image that came with a submission, checked before anything is stored: a PNG, JPEG, WebP or
//! GIF by its bytes (not by the declared type or the file name), within the size and pixel limits
//! (a small file may claim 20000×20000 pixels: a decompression bomb), decodable; then shrunk to a
//! thumbnail. CPU-bound: callers run it on a blocking thread, within the decoding memory budget
//! (`DECODE_BUDGET_BYTES`: a small file may decode to 200 MB, so how many decode at once is bounded
//! by what they cost, not by their count; `check_within_budget`).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, ImageReader, Limits};

/// The memory all images being decoded at once may take (their decoded pixels, by their headers).
/// An image that alone costs more decodes alone.
pub const DECODE_BUDGET_BYTES: u64 = 256 * MIB;
const MIB: u64 = 1024 * 1024;

/// Thumbnails fit in a square of this side.
pub const THUMBNAIL_SIDE: u32 = 256;
pub const THUMBNAIL_CONTENT_TYPE: &str = "image/jpeg";

/// What an image may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageRules {
    /// The largest file, in bytes.
    pub max_bytes: u64,
    /// Longest side in pixels.
    pub max_side: u32,
    /// Width × height.
    pub max_pixels: u64,
}

impl Default for ImageRules {
    fn default() -> Self {
        Self { max_bytes: outbox_protocol::DEFAULT_MAX_IMAGE_BYTES, max_side: 12_000, max_pixels: 50_000_000 }
    }
}

/// An image that passed the checks, with its thumbnail.
#[derive(Clone, PartialEq, Eq)]
pub struct CheckedImage {
    pub content_type: &'static str,
    pub file_name: String,
    pub original: Vec<u8>,
    pub thumbnail: Vec<u8>,
    /// The original's SHA-256 (lower-case hex): a repeated id is compared by it.
    pub sha256: String,
}

impl CheckedImage {
    /// The original's SHA-256 as bytes.
    pub fn sha256_bytes(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&self.sha256[2 * i..2 * i + 2], 16).unwrap_or(0);
        }
        bytes
    }
}

impl std::fmt::Debug for CheckedImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CheckedImage({}, {:?}, {} bytes)", self.content_type, self.file_name, self.original.len())
    }
}

/// Why an image is refused (the HTTP status is `error::AppError`'s choice).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("the image is {size} bytes; the limit is {max} bytes ({})", outbox_protocol::human_size(*max))]
    TooLarge { size: u64, max: u64 },
    #[error("the file is not a PNG, JPEG, WebP or GIF image (judged by its content, not its name or declared type)")]
    NotAnImage,
    #[error("the image is {width}×{height} pixels; at most {max_side} pixels a side and {max_pixels} pixels in all are taken")]
    TooManyPixels { width: u32, height: u32, max_side: u32, max_pixels: u64 },
    #[error("the image data is corrupt and cannot be decoded: {0}")]
    Corrupt(String),
}

/// Lower-case hex SHA-256 of an image's bytes, as stored beside it (a repeated id is compared by it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The content type of the formats taken, by the bytes' signature.
fn sniff(bytes: &[u8]) -> Option<(ImageFormat, &'static str)> {
    match image::guess_format(bytes).ok()? {
        ImageFormat::Png => Some((ImageFormat::Png, "image/png")),
        ImageFormat::Jpeg => Some((ImageFormat::Jpeg, "image/jpeg")),
        ImageFormat::WebP => Some((ImageFormat::WebP, "image/webp")),
        ImageFormat::Gif => Some((ImageFormat::Gif, "image/gif")),
        _ => None,
    }
}

/// What decoding `bytes` will take in memory, by its header (0 when it is not an image the
/// checks take: `check` refuses it before decoding).
pub fn decode_cost(bytes: &[u8]) -> u64 {
    use image::ImageDecoder;
    let Some((format, _)) = sniff(bytes) else { return 0 };
    match ImageReader::with_format(Cursor::new(bytes), format).into_decoder() {
        Ok(decoder) => decoder.total_bytes(),
        Err(_) => 0,
    }
}

/// The decoding budget (`DECODE_BUDGET_BYTES`), in MiB permits, shared by the whole process.
fn decode_budget() -> &'static tokio::sync::Semaphore {
    static BUDGET: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    BUDGET.get_or_init(|| tokio::sync::Semaphore::new((DECODE_BUDGET_BYTES / MIB) as usize))
}

/// Checks each image (`check`) on a blocking thread once the budget has room for its decoding;
/// waits for it meanwhile (a request in flight: the request's own timeout bounds the wait).
pub async fn check_within_budget(
    images: Vec<(String, Vec<u8>)>,
    rules: ImageRules,
) -> Result<Result<Vec<CheckedImage>, ImageError>, tokio::task::JoinError> {
    let mut checked = Vec::with_capacity(images.len());
    for (file_name, bytes) in images {
        let cost = decode_cost(&bytes).div_ceil(MIB).clamp(1, DECODE_BUDGET_BYTES / MIB);
        let _reserved = decode_budget().acquire_many(cost as u32).await.expect("the budget is never closed");
        match tokio::task::spawn_blocking(move || check(bytes, file_name, &rules)).await? {
            Ok(image) => checked.push(image),
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(checked))
}

/// Checks an image by its bytes against `rules` and makes its thumbnail.
pub fn check(original: Vec<u8>, file_name: String, rules: &ImageRules) -> Result<CheckedImage, ImageError> {
    let size = original.len() as u64;
    if size > rules.max_bytes {
        return Err(ImageError::TooLarge { size, max: rules.max_bytes });
    }
    let (format, content_type) = sniff(&original).ok_or(ImageError::NotAnImage)?;
    let reader = || ImageReader::with_format(Cursor::new(&original[..]), format);
    // The header alone says how big the decoded image would be: check before decoding.
    let (width, height) = reader().into_dimensions().map_err(|e| ImageError::Corrupt(e.to_string()))?;
    if width > rules.max_side || height > rules.max_side || u64::from(width) * u64::from(height) > rules.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            max_side: rules.max_side,
            max_pixels: rules.max_pixels,
        });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(rules.max_side);
    limits.max_image_height = Some(rules.max_side);
    limits.max_alloc = Some(rules.max_pixels.saturating_mul(4).saturating_add(64 << 20));
    let mut decoder = reader();
    decoder.limits(limits);
    let decoded = decoder.decode().map_err(|e| ImageError::Corrupt(e.to_string()))?;
    let small = decoded.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).into_rgb8();
    let mut thumbnail = Vec::new();
    JpegEncoder::new_with_quality(&mut thumbnail, 80)
        .encode_image(&small)
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    let sha256 = sha256_hex(&original);
    Ok(CheckedImage { content_type, file_name, original, thumbnail, sha256 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, RgbImage};

    fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let img: RgbImage = ImageBuffer::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn png_jpeg_gif_and_webp_are_taken_by_their_bytes_and_get_a_jpeg_thumbnail() {
        for (format, content_type) in [
            (ImageFormat::Png, "image/png"),
            (ImageFormat::Jpeg, "image/jpeg"),
            (ImageFormat::Gif, "image/gif"),
            (ImageFormat::WebP, "image/webp"),
        ] {
            let bytes = encoded(640, 480, format);
            let checked = check(bytes.clone(), "x.bin".into(), &ImageRules::default()).unwrap();
            assert_eq!(checked.content_type, content_type);
            assert_eq!(checked.original, bytes, "the original is kept byte for byte");
            let thumb = image::load_from_memory_with_format(&checked.thumbnail, ImageFormat::Jpeg).unwrap();
            assert_eq!((thumb.width(), thumb.height()), (256, 192));
        }
    }

    #[test]
    fn the_hash_is_lower_case_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn text_named_png_is_not_an_image() {
        let err = check(b"hello, I am text".to_vec(), "photo.png".into(), &ImageRules::default()).unwrap_err();
        assert_eq!(err, ImageError::NotAnImage);
    }

    #[test]
    fn over_the_byte_limit_is_413() {
        let rules = ImageRules { max_bytes: 100, ..ImageRules::default() };
        let err = check(encoded(64, 64, ImageFormat::Png), "a.png".into(), &rules).unwrap_err();
        assert!(matches!(err, ImageError::TooLarge { max: 100, .. }));
    }

    #[test]
    fn huge_dimensions_are_refused_before_decoding() {
        // A real 20000×20000 grey PNG compresses to a small file; decoding it would take 400 MB+.
        let mut bytes = Cursor::new(Vec::new());
        image::GrayImage::new(20_000, 20_000).write_to(&mut bytes, ImageFormat::Png).unwrap();
        let bytes = bytes.into_inner();
        assert!((bytes.len() as u64) < ImageRules::default().max_bytes, "a small file: {} bytes", bytes.len());
        let err = check(bytes, "bomb.png".into(), &ImageRules::default()).unwrap_err();
        assert!(matches!(err, ImageError::TooManyPixels { width: 20_000, height: 20_000, .. }));
    }

    #[test]
    fn a_truncated_image_is_corrupt() {
        let mut bytes = encoded(300, 300, ImageFormat::Png);
        bytes.truncate(bytes.len() / 2);
        let err = check(bytes, "half.png".into(), &ImageRules::default()).unwrap_err();
        assert!(matches!(err, ImageError::Corrupt(_)), "{err:?}");
    }
}
