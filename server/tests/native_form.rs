//! The page's form posted by the browser itself (before hydration, or without script): the same
//! intake, answered with a page a person reads, on both stores.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use common::{postgres_app, sqlite_app, TestApp};

on_both_stores!(
    a_native_form_post_is_stored_once_and_answered_with_a_page,
    a_native_form_post_refused_says_why_on_a_page,
    two_presses_on_one_rendered_page_are_two_submissions
);

const ID: &str = "7a9e4c1e-2f3b-4d5a-8c6b-0e1f2a3b4c5d";
const BOUNDARY: &str = "native-form-boundary";

/// The form as a browser posts it: `id` (made by the server with the page), `name`, and an empty
/// file input; a navigation (`Sec-Fetch-Mode: navigate`).
fn native_post(id: &str, name: &str) -> Request<Body> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{id}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n\r\n--{BOUNDARY}--\r\n"
    );
    Request::post("/sync")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("sec-fetch-mode", "navigate")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .body(Body::from(body))
        .unwrap()
}

async fn page(app: &TestApp, request: Request<Body>) -> (StatusCode, String, String) {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_string();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn a_native_form_post_is_stored_once_and_answered_with_a_page(app: TestApp) {
    let (status, content_type, html) = page(&app, native_post(ID, "<b>early</b>")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("&lt;b&gt;early&lt;/b&gt;") && html.contains("is stored"), "{html}");
    assert!(!html.contains("<b>early"), "the name is text, not markup");

    // The answer reloaded (the same form posted again): the same id, stored once.
    let (status, _, html) = page(&app, native_post(ID, "<b>early</b>")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("was already stored"), "{html}");
    let records = app.list().await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].name, "<b>early</b>");
}

async fn a_native_form_post_refused_says_why_on_a_page(app: TestApp) {
    let (status, content_type, html) = page(&app, native_post("not-a-uuid", "x")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("Not stored:") && html.contains("not-a-uuid"), "{html}");
    assert!(app.list().await.is_empty());
}

/// The page the worker cached at install was rendered once, with one id, for every later press
/// made on it before hydration: other data under that id is another submission, not a conflict.
async fn two_presses_on_one_rendered_page_are_two_submissions(app: TestApp) {
    let (status, _, html) = page(&app, native_post(ID, "first press")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("is stored"), "{html}");
    let (status, _, html) = page(&app, native_post(ID, "second press")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("second press") && html.contains("is stored"), "{html}");
    let mut names: Vec<String> = app.list().await.into_iter().map(|r| r.name).collect();
    names.sort();
    assert_eq!(names, ["first press", "second press"]);
}
