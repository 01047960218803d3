//! Deletion: the owner deletes a submission (its images too) with `DELETE /api/submissions/{id}` or
//! the delete button of `/admin`; a deleted id sent again (a queue offline for long) is answered
//! 410 and not stored again, alone or in a batch. On both stores.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;

use common::{postgres_app, sqlite_app, TestApp, OWNER_TOKEN};

on_both_stores!(
    the_owner_deletes_a_submission_and_it_is_not_stored_again,
    only_the_owner_deletes_and_an_unknown_id_is_404,
    the_admin_page_deletes_a_row,
);

const ID: &str = "7a6b7c8d-0000-4000-8000-000000000001";
const OTHER: &str = "7a6b7c8d-0000-4000-8000-000000000002";

async fn delete(app: &TestApp, id: &str, token: Option<&str>) -> StatusCode {
    let mut request = Request::delete(format!("/api/submissions/{id}"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    app.get_response_of(request.body(Body::empty()).unwrap()).await.status()
}

async fn the_owner_deletes_a_submission_and_it_is_not_stored_again(app: TestApp) {
    assert_eq!(app.post_json(&json!({"id": ID, "name": "erase me"}).to_string()).await.0, StatusCode::CREATED);
    assert_eq!(app.post_json(&json!({"id": OTHER, "name": "keep me"}).to_string()).await.0, StatusCode::CREATED);
    assert_eq!(delete(&app, ID, Some(OWNER_TOKEN)).await, StatusCode::NO_CONTENT);
    let names: Vec<String> = app.list().await.into_iter().map(|r| r.fields.as_str().to_string()).collect();
    assert_eq!(names, [r#"{"name":"keep me"}"#], "only the other one is left");

    // Sent again by a queue that was offline: 410 with words a person can act on, nothing stored.
    let (status, answer) = app.post_json(&json!({"id": ID, "name": "erase me", "attempt": 7}).to_string()).await;
    assert_eq!(status, StatusCode::GONE, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("deleted by the site's owner"), "{answer}");
    let batch = json!({"submissions": [{"id": ID, "name": "erase me"}, {"id": OTHER, "name": "keep me"}]});
    let (status, answer) = app.post_batch(&batch).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["results"][0]["status"], 410, "{answer}");
    assert_eq!(answer["results"][1]["status"], 200, "{answer}");
    assert_eq!(app.list().await.len(), 1);
    assert_eq!(delete(&app, ID, Some(OWNER_TOKEN)).await, StatusCode::NOT_FOUND, "deleted already");
}

async fn only_the_owner_deletes_and_an_unknown_id_is_404(app: TestApp) {
    assert_eq!(app.post_json(&json!({"id": ID, "name": "mine"}).to_string()).await.0, StatusCode::CREATED);
    assert_eq!(delete(&app, ID, None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(delete(&app, ID, Some("not the token")).await, StatusCode::UNAUTHORIZED);
    assert_eq!(app.list().await.len(), 1, "nothing deleted without the owner's token");
    assert_eq!(delete(&app, OTHER, Some(OWNER_TOKEN)).await, StatusCode::NOT_FOUND);
    assert_eq!(delete(&app, "not-a-uuid", Some(OWNER_TOKEN)).await, StatusCode::NOT_FOUND);
}

async fn the_admin_page_deletes_a_row(app: TestApp) {
    assert_eq!(app.post_json(&json!({"id": ID, "name": "spam"}).to_string()).await.0, StatusCode::CREATED);
    let sign_in = Request::post("/admin/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={OWNER_TOKEN}")))
        .unwrap();
    let signed_in = app.get_response_of(sign_in).await;
    let cookie = signed_in.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
    let page = app.get_response_of(Request::get("/admin").header(header::COOKIE, &cookie).body(Body::empty()).unwrap());
    let html = String::from_utf8(page.await.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains(r#"action="/admin/delete""#) && html.contains(&format!(r#"value="{ID}""#)), "{html}");

    let post = |cookie: Option<&str>| {
        let mut request =
            Request::post("/admin/delete").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.body(Body::from(format!("id={ID}&form=tutorial"))).unwrap()
    };
    assert_eq!(app.get_response_of(post(None)).await.status(), StatusCode::UNAUTHORIZED, "signed out: nothing");
    assert_eq!(app.list().await.len(), 1);
    let deleted = app.get_response_of(post(Some(&cookie))).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert_eq!(deleted.headers()[header::LOCATION], "/admin?form=tutorial");
    assert!(app.list().await.is_empty());
}
