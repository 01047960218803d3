//! A second form beside the tutorial's (`common::Inspection`: a title, a choice, a number, a
//! note), served at `/forms/inspection`: stored with its own fields, checked by its own type (a
//! 422 names the field), exactly once by id, listed and exported under its own columns, and kept
//! apart from the tutorial's records. The same suite on SQLite and PostgreSQL.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{postgres_app, sqlite_app, TestApp, OWNER_TOKEN};

on_both_stores!(
    a_submission_of_another_form_is_stored_with_its_fields_once,
    each_refusal_names_the_field_of_the_form,
    a_batch_of_another_form_is_answered_per_item,
    an_unknown_form_is_404,
    a_form_posted_as_multipart_has_its_numbers_read,
    fields_sent_as_the_form_element_holds_them_are_read_as_the_type_wants,
    the_owner_lists_exports_and_pages_each_form_apart
);

const ID: &str = "6f9619ff-8b86-4d01-b42d-00cf4fc964ff";

fn post(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()
}

async fn a_submission_of_another_form_is_stored_with_its_fields_once(app: TestApp) {
    let first = json!({"id": ID, "title": " Pump 4 ", "kind": "pump", "depth_cm": 120, "note": "rust\non the seal"});
    let (status, record) = app.send(post("/forms/inspection", &first)).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["form"], "inspection");
    assert_eq!((record["title"].as_str(), record["depth_cm"].as_u64()), (Some("Pump 4"), Some(120)), "checked");
    assert!(record.get("name").is_none());

    // Delivered again (keys in another order, a later attempt): the original; other data: 422.
    let again = json!({"depth_cm": 120, "note": "rust\non the seal", "kind": "pump", "title": "Pump 4", "id": ID, "attempt": 2});
    let (status, original) = app.send(post("/forms/inspection", &again)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(original, record);
    let (status, _) = app
        .send(post("/forms/inspection", &json!({"id": ID, "title": "Pump 4", "kind": "pump", "depth_cm": 121})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The same id under the tutorial's form is other data too.
    let (status, _) = app.post_json(&json!({"id": ID, "name": "x"}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (_, listed) = app.get("/api/submissions").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0], record);
}

async fn each_refusal_names_the_field_of_the_form(app: TestApp) {
    let base = json!({"id": ID, "title": "t", "kind": "valve", "depth_cm": 3});
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = base.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let cases = [
        (with("title", json!("   ")), "title", "give the inspection a title"),
        (without("title"), "title", "title: a value is required"),
        (with("kind", json!("tank")), "kind", "kind: \"tank\" is not one of the choices ("),
        (with("depth_cm", json!("deep")), "depth_cm", "depth_cm: \"deep\" is not a whole number"),
        (with("depth_cm", json!(-3)), "depth_cm", "depth_cm: at least 0"),
        (with("depth_cm", json!(20_000)), "depth_cm", "at most 10,000 cm"),
        (with("colour", json!("red")), "colour", "colour: this form has no such field"),
        (with("name", json!("the tutorial's field")), "name", "name: this form has no such field"),
    ];
    for (body, field, says) in cases {
        let (status, answer) = app.send(post("/forms/inspection", &body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(answer["field"], field, "{body}: {answer}");
        assert!(answer["error"].as_str().unwrap().contains(says), "{body}: {answer}");
    }
    // In the person's language (their browser's Accept-Language), the same refusals in Chinese.
    let mut chinese = post("/forms/inspection", &with("depth_cm", json!(-3)));
    chinese.headers_mut().insert(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9,en;q=0.5".parse().unwrap());
    let (status, answer) = app.send(chinese).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"], "depth_cm: 不能小于 0", "{answer}");
    assert!(app.list().await.is_empty(), "nothing refused is stored");
}

async fn a_batch_of_another_form_is_answered_per_item(app: TestApp) {
    let batch = json!({"submissions": [
        {"id": "00000000-0000-4000-8000-000000000001", "title": "a", "kind": "pipe", "depth_cm": 1},
        {"id": "00000000-0000-4000-8000-000000000002", "title": "b", "kind": "pipe", "depth_cm": "two"},
    ]});
    let (status, answer) = app.send(post("/forms/inspection/batch", &batch)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["results"][0]["status"], 201);
    assert_eq!(answer["results"][0]["record"]["form"], "inspection");
    assert_eq!(answer["results"][1]["status"], 422);
    assert_eq!(answer["results"][1]["field"], "depth_cm", "an item's refusal names the field as a lone post's does");
    assert!(answer["results"][0].get("field").is_none());
    assert_eq!(app.list().await.len(), 1);
}

async fn an_unknown_form_is_404(app: TestApp) {
    let (status, answer) = app.send(post("/forms/nope", &json!({"id": ID}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(answer["error"].as_str().unwrap().contains("no form named \"nope\""));
    let (status, _) = app.send(post("/forms/nope/batch", &json!({"submissions": [{"id": ID}]}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/submissions/export?format=csv&form=nope").await.0, StatusCode::NOT_FOUND);
}

async fn owner_get(app: &TestApp, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri).header(header::AUTHORIZATION, format!("Bearer {OWNER_TOKEN}")).body(Body::empty());
    let response = app.router.clone().oneshot(request.unwrap()).await.unwrap();
    let status = response.status();
    (status, String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
}

async fn the_owner_lists_exports_and_pages_each_form_apart(app: TestApp) {
    let inspection = json!({"id": ID, "title": "=cmd|' /C calc'!A0", "kind": "valve", "depth_cm": 7, "note": "a, b"});
    assert_eq!(app.send(post("/forms/inspection", &inspection)).await.0, StatusCode::CREATED);
    assert_eq!(
        app.post_json(&json!({"id": "00000000-0000-4000-8000-000000000009", "name": "tutorial"}).to_string()).await.0,
        StatusCode::CREATED
    );

    let (_, listed) = app.get("/api/submissions?form=inspection").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["kind"], "valve");

    let (status, csv) = owner_get(&app, "/api/submissions/export?format=csv&form=inspection").await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "id,title,kind,depth_cm,note,received_at,pressed_at,attempts,image_url,image_2_url,image_3_url"
    );
    assert!(lines[1].starts_with(&format!("{ID},\"'=cmd|' /C calc'!A0\",valve,7,\"a, b\",")), "{}", lines[1]);
    assert_eq!(lines.len(), 3, "one record and the final line break: {csv}");
    let (_, tutorial_csv) = owner_get(&app, "/api/submissions/export?format=csv").await;
    assert!(tutorial_csv.starts_with("id,name,"), "the default form's columns: {tutorial_csv}");
    assert!(tutorial_csv.contains(",tutorial,") && !tutorial_csv.contains("valve"));

    let (status, html) = owner_get(&app, "/admin?form=inspection").await;
    assert_eq!(status, StatusCode::OK);
    for heading in ["<th>Title</th>", "<th>Kind</th>", "<th>Depth (cm)</th>", "<th>Note</th>"] {
        assert!(html.contains(heading), "{heading} in {html}");
    }
    assert!(html.contains(r#"<td class="kind">valve</td>"#), "{html}");
    assert!(html.contains(r#"href="/admin?form=tutorial""#), "a link to the other form: {html}");
    assert!(!html.contains(">tutorial</td>"));
}

fn multipart(uri: &str, parts: &[(&str, &str)]) -> Request<Body> {
    const BOUNDARY: &str = "outbox-test-boundary";
    let mut body = String::new();
    for (name, value) in parts {
        body.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    Request::post(uri)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap()
}

async fn a_form_posted_as_multipart_has_its_numbers_read(app: TestApp) {
    let parts = [("id", ID), ("title", "42"), ("kind", "pipe"), ("depth_cm", "120"), ("note", "")];
    let (status, record) = app.send(multipart("/forms/inspection", &parts)).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!((record["title"].clone(), record["depth_cm"].clone()), (json!("42"), json!(120)));
    let (status, answer) = app
        .send(multipart("/forms/inspection", &[("id", ID), ("title", "t"), ("kind", "pipe"), ("depth_cm", "")]))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["field"], "depth_cm", "{answer}");
}

/// A page reads its form element's fields as text (`{"depth_cm": "120"}`): read as the form's
/// type wants them, the same payload as the numbers (a repeat, not a conflict).
async fn fields_sent_as_the_form_element_holds_them_are_read_as_the_type_wants(app: TestApp) {
    let as_text = json!({"id": ID, "title": "t", "kind": "pipe", "depth_cm": "120", "note": ""});
    let (status, record) = app.send(post("/forms/inspection", &as_text)).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["depth_cm"], json!(120));
    let as_numbers = json!({"id": ID, "title": "t", "kind": "pipe", "depth_cm": 120, "note": ""});
    let (status, again) = app.send(post("/forms/inspection", &as_numbers)).await;
    assert_eq!((status, again), (StatusCode::OK, record));
    let deep = json!({"id": ID, "title": "t", "kind": "pipe", "depth_cm": "deep"});
    let (status, answer) = app.send(post("/forms/inspection", &deep)).await;
    assert_eq!((status, &answer["field"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("depth_cm")), "{answer}");
}

/// The worker is told every form: the default at `/sync` under the original pattern's tags and
/// with its `anonymous`, the inspection at its own address under tags of its own, sending nothing
/// when a sync comes without data.
#[tokio::test]
async fn the_worker_is_told_where_each_form_goes() {
    let app = sqlite_app().await;
    let shim = app.get_response("/sw.js").await;
    let text = String::from_utf8(shim.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let config = text.lines().find_map(|line| line.strip_prefix("const OUTBOX = ")?.strip_suffix(';')).unwrap();
    let config: Value = serde_json::from_str(config).unwrap();
    let forms = config["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 2);
    assert_eq!(
        (&forms[0]["name"], &forms[0]["action"], &forms[0]["data_tag"], &forms[0]["no_data_fields"]),
        (&json!("tutorial"), &json!("/sync"), &json!("sample_sync_event"), &json!({"name": "anonymous"}))
    );
    assert_eq!(
        (&forms[1]["name"], &forms[1]["action"], &forms[1]["batch_action"], &forms[1]["data_tag"]),
        (
            &json!("inspection"),
            &json!("/forms/inspection"),
            &json!("/forms/inspection/batch"),
            &json!("outbox:inspection")
        )
    );
    assert!(forms[1].get("no_data_fields").is_none());
    assert_eq!(config["database"], "outbox");
}
