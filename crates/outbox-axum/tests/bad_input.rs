//! Bad input, everywhere: a table of malformed requests across every route. Each must get a 4xx
//! with a JSON error a person can act on (never a 5xx, never a panic), store nothing, and leave the
//! server healthy. On both stores.

mod common;

use app::name_rule::MAX_NAME_CHARS;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use common::{postgres_app, sqlite_app, TestApp, OWNER_TOKEN};

on_both_stores!(every_malformed_request_is_a_4xx_json_error_and_stores_nothing);

const ID: &str = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const BOUNDARY: &str = "bad-input-boundary";

/// One malformed request: what it is, how it is sent, and the status it must get.
struct Case {
    what: &'static str,
    method: Method,
    uri: String,
    content_type: Option<String>,
    body: Vec<u8>,
    status: StatusCode,
}

fn case(
    what: &'static str,
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: impl Into<Vec<u8>>,
    status: StatusCode,
) -> Case {
    Case { what, method, uri: uri.into(), content_type: content_type.map(str::to_owned), body: body.into(), status }
}

fn json_post(what: &'static str, body: impl Into<Vec<u8>>, status: StatusCode) -> Case {
    case(what, Method::POST, "/sync", Some("application/json"), body, status)
}

fn batch_post(what: &'static str, body: impl Into<Vec<u8>>, status: StatusCode) -> Case {
    case(what, Method::POST, "/sync/batch", Some("application/json"), body, status)
}

fn form_post(what: &'static str, parts: &[(&str, &str)], status: StatusCode) -> Case {
    let mut body = String::new();
    for (name, value) in parts {
        body.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    case(what, Method::POST, "/sync", Some(&content_type), body, status)
}

fn get(what: &'static str, uri: &str, status: StatusCode) -> Case {
    case(what, Method::GET, uri, None, Vec::new(), status)
}

fn cases() -> Vec<Case> {
    use StatusCode as S;
    let long_name = "n".repeat(MAX_NAME_CHARS + 1);
    vec![
        json_post("an empty JSON body", "", S::BAD_REQUEST),
        json_post("a truncated JSON body", r#"{"id": "3f2504e0-4f89"#, S::BAD_REQUEST),
        json_post(
            "invalid UTF-8 in the JSON body",
            b"{\"id\": \"\xff\xfe\", \"name\": \"x\"}".to_vec(),
            S::BAD_REQUEST,
        ),
        json_post("a JSON array instead of an object", "[]", S::UNPROCESSABLE_ENTITY),
        json_post("a JSON string instead of an object", r#""bgsync""#, S::UNPROCESSABLE_ENTITY),
        json_post("an id that is a number", json!({"id": 7, "name": "x"}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("an id that is not a UUID", json!({"id": "1234", "name": "x"}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("no id", json!({"name": "x"}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("no name", json!({"id": ID}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("a name with a NUL", json!({"id": ID, "name": "a\u{0}b"}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("a name with a bell", json!({"id": ID, "name": "a\u{7}b"}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("a name too long", json!({"id": ID, "name": long_name}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post("a duplicate field", format!(r#"{{"id":"{ID}","name":"a","name":"b"}}"#), S::UNPROCESSABLE_ENTITY),
        json_post(
            "an unknown field",
            json!({"id": ID, "name": "x", "admin": true}).to_string(),
            S::UNPROCESSABLE_ENTITY,
        ),
        json_post("attempt 0", json!({"id": ID, "name": "x", "attempt": 0}).to_string(), S::UNPROCESSABLE_ENTITY),
        json_post(
            "a negative attempt",
            json!({"id": ID, "name": "x", "attempt": -1}).to_string(),
            S::UNPROCESSABLE_ENTITY,
        ),
        json_post(
            "a press time that is no time",
            json!({"id": ID, "name": "x", "pressed_at": "noon"}).to_string(),
            S::UNPROCESSABLE_ENTITY,
        ),
        json_post(
            "a body over 16 KiB",
            json!({"id": ID, "name": "x".repeat(20_000)}).to_string(),
            S::PAYLOAD_TOO_LARGE,
        ),
        case(
            "no content type",
            Method::POST,
            "/sync",
            None,
            json!({"id": ID, "name": "x"}).to_string(),
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        case("a text/plain body", Method::POST, "/sync", Some("text/plain"), "name=x", S::UNSUPPORTED_MEDIA_TYPE),
        case(
            "a url-encoded form",
            Method::POST,
            "/sync",
            Some("application/x-www-form-urlencoded"),
            "id=1&name=x",
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        case(
            "multipart without a boundary",
            Method::POST,
            "/sync",
            Some("multipart/form-data"),
            "--x--",
            S::BAD_REQUEST,
        ),
        case(
            "multipart with a broken boundary",
            Method::POST,
            "/sync",
            Some("multipart/form-data; boundary=expected"),
            format!("--other\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{ID}\r\n--other--\r\n"),
            S::BAD_REQUEST,
        ),
        form_post("a form without an id", &[("name", "x")], S::UNPROCESSABLE_ENTITY),
        form_post("a form whose id is no UUID", &[("id", "../../etc"), ("name", "x")], S::UNPROCESSABLE_ENTITY),
        form_post(
            "a form with the id twice",
            &[("id", ID), ("id", "00000000-0000-4000-8000-000000000009"), ("name", "x")],
            S::UNPROCESSABLE_ENTITY,
        ),
        form_post(
            "a form with an unknown field",
            &[("id", ID), ("name", "x"), ("role", "admin")],
            S::UNPROCESSABLE_ENTITY,
        ),
        form_post(
            "a form whose attempt is no number",
            &[("id", ID), ("name", "x"), ("attempt", "many")],
            S::UNPROCESSABLE_ENTITY,
        ),
        batch_post("an empty batch body", "", S::BAD_REQUEST),
        batch_post("a batch of nothing", r#"{"submissions": []}"#, S::UNPROCESSABLE_ENTITY),
        batch_post("a batch that is a string", r#"{"submissions": "all"}"#, S::UNPROCESSABLE_ENTITY),
        batch_post("a batch with an item that is no object", r#"{"submissions": [7]}"#, S::UNPROCESSABLE_ENTITY),
        case("a batch as text", Method::POST, "/sync/batch", Some("text/plain"), "[]", S::UNSUPPORTED_MEDIA_TYPE),
        get("a negative limit", "/api/submissions?limit=-1", S::BAD_REQUEST),
        get("a limit beyond any number", "/api/submissions?limit=99999999999999999999999", S::BAD_REQUEST),
        get("a limit that is a word", "/api/submissions?limit=all", S::BAD_REQUEST),
        get("an image id that is no UUID", "/images/not-a-uuid", S::NOT_FOUND),
        get("path traversal in an image id", "/images/..%2F..%2Fetc%2Fpasswd", S::NOT_FOUND),
        get("path traversal in a thumbnail id", "/images/..%2Foutbox.db/thumbnail", S::NOT_FOUND),
        get("a NUL in the original pattern's name", "/sync?name=a%00b", S::UNPROCESSABLE_ENTITY),
        get("invalid UTF-8 in the original pattern's name", "/sync?name=%FF%FE", S::UNPROCESSABLE_ENTITY),
        case("DELETE on /sync", Method::DELETE, "/sync", None, "", S::METHOD_NOT_ALLOWED),
        case(
            "PUT on /api/submissions",
            Method::PUT,
            "/api/submissions",
            Some("application/json"),
            "{}",
            S::METHOD_NOT_ALLOWED,
        ),
    ]
}

async fn every_malformed_request_is_a_4xx_json_error_and_stores_nothing(app: TestApp) {
    let cases = cases();
    assert!(cases.len() >= 30, "the table has {} cases", cases.len());
    for case in cases {
        // As the owner: what is tested is the input, not who sends it.
        let mut request = Request::builder()
            .method(case.method.clone())
            .uri(&case.uri)
            .header(header::AUTHORIZATION, format!("Bearer {OWNER_TOKEN}"));
        if let Some(content_type) = &case.content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let (status, body) = app.send(request.body(Body::from(case.body)).unwrap()).await;
        assert_eq!(status, case.status, "{}: {body}", case.what);
        let error = body["error"].as_str().unwrap_or_else(|| panic!("{}: no JSON error in {body}", case.what));
        assert!(!error.is_empty(), "{}", case.what);
    }
    assert!(app.list().await.is_empty(), "a malformed request stored something");
    assert_eq!(app.get_response("/health").await.status(), StatusCode::OK, "the server is healthy after the table");
}
