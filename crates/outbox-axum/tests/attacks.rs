//! What an attack from outside found (issue 28), each as the person or the owner meets it, on both
//! stores: a native form re-posted after an edit, an export while records are deleted, a form
//! upload cut off midway, and the owner's routes (the token's scheme in any case, answers never
//! cached, actions only from the site's own pages, sign-in attempts limited).

mod common;

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{name_of, native_post, postgres_app, sqlite_app, TestApp, OWNER_TOKEN};

on_both_stores!(
    a_native_post_edited_and_reposted_is_each_version_once,
    an_export_is_whole_when_a_record_is_deleted_while_it_streams,
    a_form_upload_cut_off_is_a_408_and_stores_nothing,
    the_owners_routes_take_the_scheme_in_any_case_and_are_never_cached,
    the_owners_actions_come_from_the_sites_own_pages_only,
    sign_in_attempts_are_limited_per_client,
);

const PAGE_ID: &str = "7a9e4c1e-2f3b-4d5a-8c6b-0e1f2a3b4c5d";
const BOUNDARY: &str = "attack-boundary";

async fn status_of(app: &TestApp, request: Request<Body>) -> StatusCode {
    app.router.clone().oneshot(request).await.unwrap().status()
}

/// "Alice" posted, the page gone back to and edited to "Bob", posted, and the answer reloaded twice
/// (the browser posts the same form again): Alice once, Bob once (it was Alice, Bob, Bob, Bob). The
/// page the worker caches carries no id: the same holds there.
async fn a_native_post_edited_and_reposted_is_each_version_once(app: TestApp) {
    for (page_id, posts) in [(PAGE_ID, ["Alice", "Bob", "Bob", "Bob"]), ("", ["Carol", "Dave", "Dave", "Dave"])] {
        for name in posts {
            assert_eq!(status_of(&app, native_post(page_id, name)).await, StatusCode::OK);
        }
    }
    let mut names: Vec<String> = app.list().await.iter().map(name_of).collect();
    names.sort();
    assert_eq!(names, ["Alice", "Bob", "Carol", "Dave"]);
}

/// 1,200 records exported page by page (500 a query); the last record of the first page is deleted
/// once that page is sent: the file still holds every other record (it ended after 500).
async fn an_export_is_whole_when_a_record_is_deleted_while_it_streams(app: TestApp) {
    for batch in 0..6 {
        let submissions: Vec<Value> =
            (0..200).map(|i| json!({"id": uuid::Uuid::new_v4(), "name": format!("n{batch}-{i}")})).collect();
        let (status, _) = app.post_batch(&json!({ "submissions": submissions })).await;
        assert_eq!(status, StatusCode::OK);
    }
    let request = Request::get("/api/submissions/export?format=ndjson")
        .header(header::AUTHORIZATION, format!("Bearer {OWNER_TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let first_page = String::from_utf8(next_data(&mut body).await.to_vec()).unwrap();
    let lines: Vec<Value> = first_page.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 500, "the first page");
    let cursor = lines.last().unwrap()["id"].as_str().unwrap().to_string();
    let delete = Request::delete(format!("/api/submissions/{cursor}"))
        .header(header::AUTHORIZATION, format!("Bearer {OWNER_TOKEN}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(status_of(&app, delete).await, StatusCode::NO_CONTENT);

    let rest = body.collect().await.expect("the transfer ends cleanly").to_bytes();
    let rest = String::from_utf8(rest.to_vec()).unwrap();
    assert_eq!(lines.len() + rest.lines().count(), 1_200, "every record is in the file");

    // The owner's list, paged after the deleted record, says so instead of an empty page.
    let (status, answer) = app.get(&format!("/api/submissions?limit=10&before={cursor}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(answer["error"].as_str().unwrap().contains("list again from the first page"), "{answer}");
}

async fn next_data(body: &mut Body) -> Bytes {
    loop {
        let frame = body.frame().await.expect("more of the body").expect("no error");
        if let Ok(data) = frame.into_data() {
            return data;
        }
    }
}

/// A photo upload whose connection breaks midway: the person's client is told to send it again
/// (408, as a stalled JSON body), not "the server failed" (it was a 500, counted as one).
async fn a_form_upload_cut_off_is_a_408_and_stores_nothing(app: TestApp) {
    let start = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{PAGE_ID}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\
         Content-Type: image/png\r\n\r\n\u{89}PNG partial"
    );
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from(start)),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "the connection broke")),
    ];
    let request = Request::post("/sync")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .unwrap();
    let (status, answer) = app.send(request).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("send it again"), "{answer}");
    assert!(app.list().await.is_empty());
}

async fn the_owners_routes_take_the_scheme_in_any_case_and_are_never_cached(app: TestApp) {
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let request = Request::get("/api/submissions")
            .header(header::AUTHORIZATION, format!("{scheme} {OWNER_TOKEN}"))
            .body(Body::empty())
            .unwrap();
        let response = app.get_response_of(request).await;
        assert_eq!(response.status(), StatusCode::OK, "{scheme}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "{scheme}");
    }
    let refused = app.get_response("/api/submissions").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()[header::CACHE_CONTROL], "no-store");
    for uri in ["/admin", "/api/submissions/export", "/metrics"] {
        let response = app.get_response(uri).await;
        assert_eq!(
            response.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{uri}"
        );
    }
}

/// A form on a sibling subdomain (same site, so the SameSite=Strict cookie would go along) cannot
/// delete: 403; the site's own page can.
async fn the_owners_actions_come_from_the_sites_own_pages_only(app: TestApp) {
    let (_, stored) = app.post_json(&json!({"id": PAGE_ID, "name": "keep me"}).to_string()).await;
    let deletion = |origin: &'static str, site: &'static str| {
        Request::post("/admin/delete")
            .header(header::HOST, "outbox.example")
            .header(header::ORIGIN, origin)
            .header("sec-fetch-site", site)
            .header(header::AUTHORIZATION, format!("Bearer {OWNER_TOKEN}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("id={}&form=tutorial", stored["id"].as_str().unwrap())))
            .unwrap()
    };
    let (status, answer) = app.send(deletion("https://evil.outbox.example", "same-site")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(answer["error"].as_str().unwrap().contains("own pages"), "{answer}");
    assert_eq!(app.list().await.len(), 1, "nothing deleted");
    assert_eq!(status_of(&app, deletion("https://outbox.example", "same-origin")).await, StatusCode::SEE_OTHER);
    assert!(app.list().await.is_empty());
}

/// Wrong tokens at speed: after `SIGN_INS_PER_MINUTE` attempts a client is answered 429 with
/// `Retry-After`, even with the right token (it was 3,000 tries a second).
async fn sign_in_attempts_are_limited_per_client(app: TestApp) {
    let sign_in = |token: &str| {
        Request::post("/admin/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("token={token}")))
            .unwrap()
    };
    for _ in 0..outbox_axum::testing::SIGN_INS_PER_MINUTE {
        assert_eq!(status_of(&app, sign_in("guess")).await, StatusCode::UNAUTHORIZED);
    }
    let response = app.get_response_of(sign_in(OWNER_TOKEN)).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let html = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains("Too many sign-in attempts"), "{html}");
}
