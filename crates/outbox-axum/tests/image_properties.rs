//! Property tests of the image checks: random bytes, and valid images cut short or with bytes
//! flipped, are answered (an error, or a checked image) and never panic.

use std::io::Cursor;

use image::{ImageBuffer, ImageFormat, Rgb, RgbImage};
use outbox_axum::testing::check_image as check;
use outbox_axum::ImageRules;
use proptest::prelude::*;

fn encoded(format: ImageFormat) -> Vec<u8> {
    let img: RgbImage = ImageBuffer::from_fn(48, 32, |x, y| Rgb([(x * 5) as u8, (y * 7) as u8, 99]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn any_format() -> impl Strategy<Value = ImageFormat> {
    prop_oneof![Just(ImageFormat::Png), Just(ImageFormat::Jpeg), Just(ImageFormat::Gif), Just(ImageFormat::WebP)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_bytes_are_refused_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(check(bytes, "x".into(), &ImageRules::default()).is_err());
    }

    #[test]
    fn a_corrupted_image_is_answered_without_a_panic(
        format in any_format(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
        keep in any::<prop::sample::Index>(),
    ) {
        let mut bytes = encoded(format);
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= value;
        }
        bytes.truncate(keep.index(bytes.len() + 1));
        // Either refused with a reason or taken with a thumbnail: never a panic.
        if let Ok(checked) = check(bytes, "x".into(), &ImageRules::default()) {
            prop_assert!(!checked.thumbnail.is_empty());
        }
    }
}
