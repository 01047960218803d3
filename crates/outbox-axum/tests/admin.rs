//! The owner's side: `/admin` signs in with the token (a session cookie: HttpOnly, SameSite=Strict),
//! lists every submission in pages, and exports them all, streamed, as CSV or NDJSON. Nobody else
//! gets in.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{postgres_app, sqlite_app, TestApp, OWNER_TOKEN};

on_both_stores!(the_owner_signs_in_lists_pages_and_signs_out, exports_stream_every_record_as_csv_and_ndjson);

async fn request(app: &TestApp, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn sign_in(app: &TestApp, token: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let form = format!("token={token}");
    let post = Request::post("/admin/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    request(app, post).await
}

async fn get_with_cookie(app: &TestApp, uri: &str, cookie: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    request(app, Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await
}

async fn the_owner_signs_in_lists_pages_and_signs_out(app: TestApp) {
    for i in 0..55 {
        let id = format!("00000000-0000-4000-8000-{i:012}");
        app.post_json(&json!({"id": id, "name": format!("person {i}")}).to_string()).await;
    }
    // Not signed in: the form, no record.
    let (status, headers, html) = request(&app, Request::get("/admin").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/admin/sign-in\"") && !html.contains("person 1"));
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none'") && !policy.contains("script-src"),
        "no script on the owner's page"
    );
    // In the owner's language, as their browser asks for it.
    let chinese = Request::get("/admin").header(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9").body(Body::empty()).unwrap();
    let (_, _, html) = request(&app, chinese).await;
    assert!(
        html.contains(r#"<html lang="zh-CN">"#) && html.contains("所有者令牌") && html.contains(">登录<"),
        "{html}"
    );

    // A wrong token: 401, the form again, no cookie.
    let (status, headers, html) = sign_in(&app, "guess").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers.get(header::SET_COOKIE).is_none() && html.contains("not the owner"));

    // The token: a session cookie, HttpOnly and SameSite=Strict, and back to /admin.
    let (status, headers, _) = sign_in(&app, OWNER_TOKEN).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set_cookie = headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    // The newest 50, then the older page through its link.
    let (status, _, html) = get_with_cookie(&app, "/admin", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("person 54") && html.contains("person 5<") && !html.contains("person 4<"), "newest 50");
    let at = html.find("/admin?before=").unwrap_or_else(|| panic!("no link to older records in {html}"));
    let older = html[at..].split('"').next().unwrap().replace("&amp;", "&");
    assert!(older.ends_with("&form=tutorial"), "the page after stays on its form: {older}");
    let (_, _, html) = get_with_cookie(&app, &older, &cookie).await;
    assert!(html.contains("person 4<") && html.contains("person 0<") && !html.contains("person 5<"), "the 5 older");

    // The same cookie lets the page's export link through; a forged one does not.
    assert_eq!(get_with_cookie(&app, "/api/submissions?limit=1", &cookie).await.0, StatusCode::OK);
    let forged = format!("outbox_owner=99999999999.{}", "0".repeat(64));
    assert_eq!(get_with_cookie(&app, "/api/submissions", &forged).await.0, StatusCode::UNAUTHORIZED);

    // Signing out clears the cookie.
    let (status, headers, _) = request(&app, Request::post("/admin/sign-out").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
}

async fn exports_stream_every_record_as_csv_and_ndjson(app: TestApp) {
    // More than one chunk of 500, names that need quoting and defusing.
    let names: Vec<String> =
        (0..1_203).map(|i| if i % 100 == 0 { format!("=cmd|{i}, \"x\"") } else { format!("n{i}") }).collect();
    for chunk in names.chunks(250).enumerate() {
        let submissions: Vec<Value> = chunk
            .1
            .iter()
            .enumerate()
            .map(|(j, name)| json!({"id": format!("00000000-0000-4000-8000-{:012}", chunk.0 * 250 + j), "name": name}))
            .collect();
        let post = Request::post("/sync/batch")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"submissions": submissions}).to_string()))
            .unwrap();
        assert_eq!(request(&app, post).await.0, StatusCode::OK);
    }
    let bearer = format!("Bearer {OWNER_TOKEN}");
    let get = |uri: &str| Request::get(uri).header(header::AUTHORIZATION, &bearer).body(Body::empty()).unwrap();

    let (status, headers, ndjson) = request(&app, get("/api/submissions/export?format=ndjson")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/x-ndjson");
    let lines: Vec<Value> = ndjson.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1_203, "every record, once");
    let mut exported: Vec<String> = lines.iter().map(|r| r["name"].as_str().unwrap().to_string()).collect();
    exported.sort();
    let mut expected = names.clone();
    expected.sort();
    assert_eq!(exported, expected);

    let (status, headers, csv) = request(&app, get("/api/submissions/export?format=csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("submissions.csv"));
    assert_eq!(csv.lines().count(), 1 + 1_203, "a header line and one line per record");
    assert!(csv.contains("\"'=cmd|0, \"\"x\"\"\""), "quoted, and the formula defused");

    let anonymous = Request::get("/api/submissions/export?format=csv").body(Body::empty()).unwrap();
    assert_eq!(request(&app, anonymous).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(request(&app, get("/api/submissions/export?format=xml")).await.0, StatusCode::BAD_REQUEST);
}
