//! The page's form posted by the browser itself (before hydration, or without script): the same
//! intake, answered with a page a person reads, on both stores.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use common::{form_post as post, name_of, native_post, postgres_app, sqlite_app, TestApp};

on_both_stores!(
    a_native_form_post_is_stored_once_and_answered_with_a_page,
    a_native_form_post_refused_says_why_on_a_page,
    two_presses_on_one_rendered_page_are_two_submissions,
    the_page_a_tab_navigates_to_carries_an_id_and_the_workers_copy_none,
    a_native_post_without_an_id_gets_one_and_a_script_post_does_not,
    the_queued_page_says_the_submission_waits_on_this_device
);

const ID: &str = "7a9e4c1e-2f3b-4d5a-8c6b-0e1f2a3b4c5d";

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
    assert_eq!(name_of(&records[0]), "<b>early</b>");
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
    let mut names: Vec<String> = app.list().await.into_iter().map(|r| name_of(&r)).collect();
    names.sort();
    assert_eq!(names, ["first press", "second press"]);
}

/// The value of the form's hidden `id` field in a rendering of `/`.
fn hidden_id(html: &str) -> String {
    let input = html.split("<input").find(|tag| tag.contains("type=\"hidden\"")).expect("a hidden input");
    let value = input.split("value=\"").nth(1).expect("a value attribute");
    value[..value.find('"').unwrap()].to_string()
}

async fn rendering(app: &TestApp, fetch_mode: &str) -> String {
    let request = Request::get("/").header("sec-fetch-mode", fetch_mode).body(Body::empty()).unwrap();
    let (status, _, html) = page(app, request).await;
    assert_eq!(status, StatusCode::OK);
    html
}

/// A tab's page gets an id per rendering (a reload of the answer is stored once); the page the
/// worker fetches at install is shown on many visits, so it carries none.
async fn the_page_a_tab_navigates_to_carries_an_id_and_the_workers_copy_none(app: TestApp) {
    let first = hidden_id(&rendering(&app, "navigate").await);
    let second = hidden_id(&rendering(&app, "navigate").await);
    assert!(uuid::Uuid::parse_str(&first).is_ok(), "{first}");
    assert_ne!(first, second, "one id per rendering");
    assert_eq!(hidden_id(&rendering(&app, "cors").await), "", "the worker's copy");
}

async fn a_native_post_without_an_id_gets_one_and_a_script_post_does_not(app: TestApp) {
    let (status, _, html) = page(&app, native_post("", "from the cached page")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("is stored"), "{html}");
    let records = app.list().await;
    assert_eq!(records.len(), 1);
    assert_eq!(name_of(&records[0]), "from the cached page");

    // A script's post (the worker's delivery) must carry its id: refused, with the reason.
    let response = app.router.clone().oneshot(post("", "no id", "cors")).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.list().await.len(), 1);
}

async fn the_queued_page_says_the_submission_waits_on_this_device(app: TestApp) {
    let (status, content_type, html) = page(&app, Request::get("/queued").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("saved on this device") && html.contains("href=\"/\""), "{html}");
    // Dressed as the app: its name (the test site's output-name, `outbox`) and its stylesheet.
    assert!(html.contains("<title>Outbox: saved on this device</title>"), "{html}");
    assert!(html.contains(r#"<link rel="stylesheet" href="/pkg/outbox.css">"#), "{html}");
}
