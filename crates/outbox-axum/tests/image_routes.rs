//! A submission with an image: the multipart `POST /sync` through the router (`oneshot`), on
//! SQLite and on PostgreSQL: the bytes kept as sent, the thumbnail made, both served with their
//! checked type; what is not an image, too large or corrupt refused with a JSON error, nothing stored.

mod common;

use std::io::Cursor;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use image::{ImageBuffer, ImageFormat, Rgb, RgbImage};
use outbox_axum::ImageRules;
use serde_json::Value;

use common::{postgres_app, sqlite_app, sqlite_app_with, TestApp};

on_both_stores!(
    an_image_is_stored_byte_for_byte_with_a_thumbnail,
    a_repeated_id_with_an_image_stores_nothing_new,
    a_repeated_id_with_another_image_is_422_and_the_first_stays,
    a_text_file_named_png_is_415_and_nothing_is_stored,
    a_corrupt_image_is_422_and_nothing_is_stored,
    three_images_are_stored_in_order_each_at_its_own_address,
    a_fourth_image_is_422_and_nothing_is_stored,
);

const ID: &str = "5a6b7c8d-0000-4000-8000-000000000001";
const BOUNDARY: &str = "outbox-test-boundary";

fn png(width: u32, height: u32) -> Vec<u8> {
    let img: RgbImage = ImageBuffer::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 200]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A multipart form body: text fields, then the image part.
fn form(fields: &[(&str, &str)], image: Option<(&str, &str, &[u8])>) -> Vec<u8> {
    form_with(fields, image.as_slice())
}

/// A multipart form body: text fields, then an image part for each image, in order.
fn form_with(fields: &[(&str, &str)], images: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (file_name, mime, bytes) in images {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{file_name}\"\r\nContent-Type: {mime}\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_form(app: &TestApp, body: Vec<u8>) -> (StatusCode, Value) {
    let request = Request::post("/sync")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

/// GET of a binary resource: status, content type, nosniff header, bytes.
async fn fetch(app: &TestApp, uri: &str) -> (StatusCode, String, Option<String>, Vec<u8>) {
    let response = app.get_response(uri).await;
    let header_text =
        |name| response.headers().get(name).map(|v: &header::HeaderValue| v.to_str().unwrap().to_string());
    let (status, content_type, nosniff) = (
        response.status(),
        header_text(header::CONTENT_TYPE).unwrap_or_default(),
        header_text(header::X_CONTENT_TYPE_OPTIONS),
    );
    (status, content_type, nosniff, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

async fn an_image_is_stored_byte_for_byte_with_a_thumbnail(app: TestApp) {
    let original = png(600, 300);
    let (status, record) = post_form(
        &app,
        form(&[("id", ID), ("name", "receipt"), ("attempt", "2")], Some(("r.png", "image/png", &original))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["name"], "receipt");
    assert_eq!(record["attempts"], 2);
    assert_eq!(record["image_url"], format!("/images/{ID}"));
    assert_eq!(record["thumbnail_url"], format!("/images/{ID}/thumbnail"));

    let (status, content_type, nosniff, bytes) = fetch(&app, &format!("/images/{ID}")).await;
    assert_eq!((status, content_type.as_str(), nosniff.as_deref()), (StatusCode::OK, "image/png", Some("nosniff")));
    assert_eq!(bytes, original, "the original comes back byte for byte");

    let (status, content_type, nosniff, bytes) = fetch(&app, &format!("/images/{ID}/thumbnail")).await;
    assert_eq!((status, content_type.as_str(), nosniff.as_deref()), (StatusCode::OK, "image/jpeg", Some("nosniff")));
    let thumb = image::load_from_memory_with_format(&bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (256, 128));

    let listed = app.get("/api/submissions").await.1;
    assert_eq!(listed[0]["image_url"], format!("/images/{ID}"));
    // Without an image, the URLs are null.
    let (status, plain) = app.post_json(r#"{"id":"5a6b7c8d-0000-4000-8000-000000000002","name":"no picture"}"#).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(plain["image_url"].is_null() && plain["thumbnail_url"].is_null(), "{plain}");
    assert_eq!(fetch(&app, "/images/5a6b7c8d-0000-4000-8000-000000000002").await.0, StatusCode::NOT_FOUND);
}

async fn a_repeated_id_with_an_image_stores_nothing_new(app: TestApp) {
    let first = png(40, 40);
    let (status, _) =
        post_form(&app, form(&[("id", ID), ("name", "once")], Some(("a.png", "image/png", &first)))).await;
    assert_eq!(status, StatusCode::CREATED);
    // The same name and bytes (another file name, a later attempt): the original record.
    let again = form(&[("id", ID), ("name", "once"), ("attempt", "2")], Some(("b.png", "image/png", &first)));
    let (status, record) = post_form(&app, again).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(record["name"], "once", "the original record is answered");
    assert_eq!(fetch(&app, &format!("/images/{ID}")).await.3, first, "the first image stays");
    assert_eq!(app.list().await.len(), 1);
}

async fn a_repeated_id_with_another_image_is_422_and_the_first_stays(app: TestApp) {
    let first = png(40, 40);
    let (status, _) =
        post_form(&app, form(&[("id", ID), ("name", "once")], Some(("a.png", "image/png", &first)))).await;
    assert_eq!(status, StatusCode::CREATED);
    let other = form(&[("id", ID), ("name", "once")], Some(("a.png", "image/png", &png(50, 50))));
    let (status, answer) = post_form(&app, other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer["error"].as_str().unwrap().contains("already used for other data"), "{answer}");
    // Without the image (JSON), the same id is other data too.
    let (status, _) = app.post_json(&format!(r#"{{"id":"{ID}","name":"once"}}"#)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fetch(&app, &format!("/images/{ID}")).await.3, first, "the first image stays");
    assert_eq!(app.list().await.len(), 1);
}

async fn a_text_file_named_png_is_415_and_nothing_is_stored(app: TestApp) {
    let (status, answer) = post_form(
        &app,
        form(&[("id", ID), ("name", "fake")], Some(("photo.png", "image/png", b"just some text, not a picture"))),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(answer["error"].as_str().unwrap().contains("not a PNG, JPEG, WebP or GIF"), "{answer}");
    assert!(app.list().await.is_empty());
}

async fn a_corrupt_image_is_422_and_nothing_is_stored(app: TestApp) {
    let mut bytes = png(300, 300);
    bytes.truncate(bytes.len() / 2);
    let (status, answer) =
        post_form(&app, form(&[("id", ID), ("name", "torn")], Some(("torn.png", "image/png", &bytes)))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("corrupt"), "{answer}");
    assert!(app.list().await.is_empty());
}

async fn three_images_are_stored_in_order_each_at_its_own_address(app: TestApp) {
    let pngs = [png(30, 10), png(40, 20), png(50, 30)];
    let images: Vec<(&str, &str, &[u8])> =
        vec![("a.png", "image/png", &pngs[0]), ("b.png", "image/png", &pngs[1]), ("c.png", "image/png", &pngs[2])];
    let (status, record) = post_form(&app, form_with(&[("id", ID), ("name", "three")], &images)).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let urls: Vec<&str> = record["images"].as_array().unwrap().iter().map(|i| i["url"].as_str().unwrap()).collect();
    assert_eq!(urls, [format!("/images/{ID}"), format!("/images/{ID}/1"), format!("/images/{ID}/2")]);
    assert_eq!(record["image_url"], format!("/images/{ID}"), "the first where one image was");
    assert_eq!(record["images"][2]["thumbnail_url"], format!("/images/{ID}/2/thumbnail"));
    for (n, bytes) in pngs.iter().enumerate() {
        assert_eq!(&fetch(&app, &format!("/images/{ID}/{n}")).await.3, bytes, "image {n} byte for byte");
        let (status, content_type, _, thumb) = fetch(&app, &format!("/images/{ID}/{n}/thumbnail")).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "image/jpeg"));
        let thumb = image::load_from_memory_with_format(&thumb, ImageFormat::Jpeg).unwrap();
        assert_eq!(thumb.width(), 256, "image {n}'s own thumbnail");
    }
    assert_eq!(fetch(&app, &format!("/images/{ID}/3")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/submissions").await.1[0]["images"].as_array().unwrap().len(), 3, "listed with all three");

    // The same three again: the original. In another order, or one left out: other data.
    let (status, _) = post_form(&app, form_with(&[("id", ID), ("name", "three"), ("attempt", "2")], &images)).await;
    assert_eq!(status, StatusCode::OK);
    let reordered = [images[1], images[0], images[2]];
    let (status, answer) = post_form(&app, form_with(&[("id", ID), ("name", "three")], &reordered)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, _) = post_form(&app, form_with(&[("id", ID), ("name", "three")], &images[..2])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.list().await.len(), 1);
}

async fn a_fourth_image_is_422_and_nothing_is_stored(app: TestApp) {
    let small = png(8, 8);
    let four = [("a.png", "image/png", &small[..]); 4];
    let (status, answer) = post_form(&app, form_with(&[("id", ID), ("name", "four")], &four)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("at most 3 images"), "{answer}");
    assert!(app.list().await.is_empty());
}

#[tokio::test]
async fn an_image_over_the_limit_is_413_with_a_json_error() {
    let app = sqlite_app_with(ImageRules { max_bytes: 2_000, ..ImageRules::default() }).await;
    let big = png(300, 300);
    assert!(big.len() > 2_000);
    // Over the image limit but within the form's allowance: the image check answers.
    let (status, answer) =
        post_form(&app, form(&[("id", ID), ("name", "big")], Some(("big.png", "image/png", &big)))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer["error"].as_str().unwrap().contains("limit"), "{answer}");
    // Far over: the body limit answers, in JSON too.
    let huge = vec![0u8; 200_000];
    let (status, answer) =
        post_form(&app, form(&[("id", ID), ("name", "huge")], Some(("huge.png", "image/png", &huge)))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer["error"].is_string(), "{answer}");
    assert!(app.list().await.is_empty());
}

#[tokio::test]
async fn a_form_without_an_id_or_with_an_unknown_field_is_422() {
    let app = sqlite_app().await;
    let (status, answer) = post_form(&app, form(&[("name", "no id")], None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer["error"].as_str().unwrap().contains("no id"), "{answer}");
    let (status, _) = post_form(&app, form(&[("id", ID), ("name", "x"), ("colour", "red")], None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A form without an image is a plain submission.
    let (status, record) = post_form(&app, form(&[("id", ID), ("name", "words only")], None)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(record["image_url"].is_null());
}
