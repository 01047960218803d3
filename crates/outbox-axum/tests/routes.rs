//! The HTTP API through the router, without a socket (`tower::ServiceExt::oneshot`): the same
//! suite on a real SQLite file and on a real PostgreSQL database (a fresh one per test, on the
//! server `OUTBOX_TEST_POSTGRES_URL` names; `scripts/test.sh` starts one).

mod common;

use app::name_rule::MAX_NAME_CHARS;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use outbox_protocol::MAX_BATCH;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{name_of, postgres_app, sqlite_app, TestApp};

on_both_stores!(
    get_sync_of_the_original_pattern_stores_the_decoded_unicode_name,
    data_less_get_sync_answers_and_stores_nothing,
    post_sync_stores_once_and_a_repeated_id_answers_the_original,
    a_repeated_id_with_other_data_is_422_and_nothing_is_overwritten,
    empty_name_is_stored_as_anonymous,
    list_is_newest_first,
    only_the_owner_lists_submissions,
    the_list_pages_with_a_cursor,
    bad_input_gets_a_json_error_with_a_4xx_status_and_stores_nothing,
    worker_assets_are_served_with_their_types,
    each_record_keeps_its_press_time_and_attempt,
    a_batch_is_answered_per_record_and_repeats_store_nothing_new,
    an_empty_or_oversized_batch_is_refused,
    health_answers_ok,
    concurrent_posts_of_repeated_ids_store_each_once,
    a_refused_field_is_named_in_the_422,
    records_carry_their_form_and_list_by_it
);

const ID: &str = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

async fn get_sync_of_the_original_pattern_stores_the_decoded_unicode_name(app: TestApp) {
    let (status, body) = app.get("/sync?name=%E5%BC%A0%E4%B8%89").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["name"], "张三");
    let list = app.list().await;
    assert_eq!(list.len(), 1);
    assert_eq!(name_of(&list[0]), "张三");
}

async fn data_less_get_sync_answers_and_stores_nothing(app: TestApp) {
    let (status, body) = app.get("/sync").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"status": 0, "stored": false}));
    assert!(app.list().await.is_empty());
}

async fn post_sync_stores_once_and_a_repeated_id_answers_the_original(app: TestApp) {
    let (status, first) = app.post_json(&json!({"id": ID, "name": " 张三 & <b>x</b> "}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["name"], "张三 & <b>x</b>");
    assert_eq!(first["id"], ID);

    // The same payload again (a later attempt, another press time): the original record.
    let resent = json!({"id": ID, "name": "张三 & <b>x</b>", "attempt": 2, "pressed_at": "2026-11-28T00:00:00Z"});
    let (status, again) = app.post_json(&resent.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first, "a repeated id answers the record first stored");
    assert_eq!(app.list().await.len(), 1);
}

async fn a_repeated_id_with_other_data_is_422_and_nothing_is_overwritten(app: TestApp) {
    let (status, first) = app.post_json(&json!({"id": ID, "name": "first"}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, answer) = app.post_json(&json!({"id": ID, "name": "changed"}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = answer["error"].as_str().unwrap();
    assert!(error.contains(ID) && error.contains("already used for other data"), "{error}");
    let listed = app.list().await;
    assert_eq!(listed.len(), 1);
    assert_eq!(serde_json::to_value(&listed[0]).unwrap(), first, "the original is kept as it was");
}

async fn empty_name_is_stored_as_anonymous(app: TestApp) {
    let (status, body) = app.post_json(&json!({"id": ID, "name": "   "}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["name"], "anonymous");
}

async fn list_is_newest_first(app: TestApp) {
    for (i, name) in ["first", "second", "third"].iter().enumerate() {
        let id = format!("00000000-0000-4000-8000-00000000000{i}");
        let (status, _) = app.post_json(&json!({"id": id, "name": name}).to_string()).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let names: Vec<_> = app.list().await.into_iter().map(|r| name_of(&r)).collect();
    assert_eq!(names, ["third", "second", "first"]);

    let (status, newest) = app.get("/api/submissions?limit=2").await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<_> = newest.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["third", "second"]);
    let (status, error) = app.get("/api/submissions?limit=many").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"].as_str().unwrap().contains("limit"), "{error}");
}

async fn only_the_owner_lists_submissions(app: TestApp) {
    let (status, _) = app.post_json(&json!({"id": ID, "name": "private"}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    for authorization in [None, Some("Bearer wrong-token"), Some("Basic dGVzdA=="), Some("Bearer ")] {
        let mut request = Request::get("/api/submissions");
        if let Some(value) = authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        let response = app.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let body: Value = serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
        assert!(body["error"].as_str().unwrap().contains("owner"), "{body}");
        assert!(!body.to_string().contains("private"), "no record leaks with the refusal");
    }
    assert_eq!(app.list().await.len(), 1, "the owner's token lists it");
}

async fn the_list_pages_with_a_cursor(app: TestApp) {
    for i in 0..5 {
        let id = format!("00000000-0000-4000-8000-00000000000{i}");
        app.post_json(&json!({"id": id, "name": format!("r{i}")}).to_string()).await;
    }
    let mut names = Vec::new();
    let mut uri = "/api/submissions?limit=2".to_string();
    loop {
        let bearer = format!("Bearer {}", common::OWNER_TOKEN);
        let request = Request::get(&uri).header(header::AUTHORIZATION, bearer).body(Body::empty()).unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        let next = response.headers().get(header::LINK).map(|l| l.to_str().unwrap().to_string());
        let page: Value = serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
        names.extend(page.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()));
        match next {
            Some(link) => uri = link.trim_start_matches('<').split('>').next().unwrap().to_string(),
            None => break,
        }
    }
    assert_eq!(names, ["r4", "r3", "r2", "r1", "r0"], "every record once, newest first");
}

async fn bad_input_gets_a_json_error_with_a_4xx_status_and_stores_nothing(app: TestApp) {
    let too_long = "a".repeat(MAX_NAME_CHARS + 1);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (json!({"id": ID, "name": too_long}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "at most 200"),
        (json!({"id": ID, "name": "a\nb"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "control characters"),
        ("not json".to_string(), StatusCode::BAD_REQUEST, "not a valid submission"),
        (json!({"name": "no id"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "id"),
        (json!({"id": "nope", "name": "x"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "id"),
        (json!({"id": ID}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "name"),
    ];
    for (body, expected, words) in cases {
        let (status, answer) = app.post_json(&body).await;
        assert_eq!(status, expected, "{body}: {answer}");
        let error = answer["error"].as_str().unwrap_or_else(|| panic!("no error text for {body}"));
        assert!(error.contains(words), "{body}: {error:?} should mention {words:?}");
    }

    let (status, answer) = app.get(&format!("/sync?name={}", "b".repeat(MAX_NAME_CHARS + 1))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer["error"].is_string());

    let untyped = Request::post("/sync").body(Body::from(json!({"id": ID, "name": "x"}).to_string())).unwrap();
    let (status, answer) = app.send(untyped).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(answer["error"].as_str().unwrap().contains("Content-Type: application/json"));

    let huge = json!({"id": ID, "name": "x".repeat(100_000)}).to_string();
    let (status, answer) = app.post_json(&huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer["error"].is_string());

    assert!(app.list().await.is_empty(), "nothing is stored from bad input");
}

async fn worker_assets_are_served_with_their_types(app: TestApp) {
    for (uri, content_type) in [
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/sw/outbox_sw.js", "text/javascript; charset=utf-8"),
        ("/sw/outbox_sw_bg.wasm", "application/wasm"),
    ] {
        let response = app.get_response(uri).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], content_type, "{uri}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{uri}");
    }
    let shim = app.get_response("/sw.js").await;
    let text = String::from_utf8(shim.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(!text.contains("__OUTBOX_CONFIG__"), "the shim carries its config");
    let config = text.lines().find_map(|line| line.strip_prefix("const OUTBOX = ")?.strip_suffix(';')).unwrap();
    let config: outbox_protocol::WorkerConfig = serde_json::from_str(config).unwrap();
    let default = &config.forms[0];
    assert_eq!(
        (default.name.as_str(), default.action.as_str(), default.data_tag.as_str(), default.ping_tag.as_str()),
        ("tutorial", "/sync", "sample_sync_event", "sample_sync"),
        "the tutorial's form, the default"
    );
    let anonymous = default.no_data_fields.as_ref().map(|fields| fields.as_str());
    assert_eq!(anonymous, Some(r#"{"name":"anonymous"}"#), "a sync with no data sends the tutorial's anonymous");
    assert_eq!(config.shell_files.first().map(String::as_str), Some("/"));
}

async fn post_batch(app: &TestApp, body: &str) -> (StatusCode, Value) {
    let request = Request::post("/sync/batch")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

async fn each_record_keeps_its_press_time_and_attempt(app: TestApp) {
    let body = json!({"id": ID, "name": "x", "pressed_at": "2026-11-26T10:00:00.000+01:00", "attempt": 3});
    let (status, record) = app.post_json(&body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(record["pressed_at"], "2026-11-26T09:00:00.000Z");
    assert_eq!(record["attempts"], 3);
    let (status, answer) = app.post_json(&json!({"id": ID, "name": "x", "pressed_at": "yesterday"}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer["error"].as_str().unwrap().contains("RFC 3339"));
}

async fn a_batch_is_answered_per_record_and_repeats_store_nothing_new(app: TestApp) {
    let (_, _) = app.post_json(&json!({"id": ID, "name": "already here"}).to_string()).await;
    let fresh = "00000000-0000-4000-8000-000000000001";
    let bad = "00000000-0000-4000-8000-000000000002";
    let batch = json!({"submissions": [
        {"id": fresh, "name": "new one"},
        {"id": ID, "name": "already here", "attempt": 4},
        {"id": bad, "name": "x".repeat(MAX_NAME_CHARS + 1)},
        {"id": fresh, "name": "new one"},
        {"id": ID, "name": "other data"},
    ]});
    let (status, answer) = post_batch(&app, &batch.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let results = answer["results"].as_array().unwrap();
    let statuses: Vec<u64> = results.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [201, 200, 422, 200, 422]);
    assert_eq!(results[1]["record"]["name"], "already here");
    assert_eq!(results[3]["record"]["name"], "new one");
    assert!(results[2]["error"].as_str().unwrap().contains("at most 200"));
    assert!(results[4]["error"].as_str().unwrap().contains("already used for other data"));
    assert!(results[4]["record"].is_null());
    let names: Vec<_> = app.list().await.into_iter().map(|r| name_of(&r)).collect();
    assert_eq!(names, ["new one", "already here"]);
}

async fn an_empty_or_oversized_batch_is_refused(app: TestApp) {
    let (status, answer) = post_batch(&app, &json!({"submissions": []}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer["error"].as_str().unwrap().contains(&format!("1 to {MAX_BATCH}")));
    let many: Vec<Value> =
        (0..=MAX_BATCH).map(|i| json!({"id": format!("00000000-0000-4000-8000-{i:012}"), "name": "n"})).collect();
    let (status, _) = post_batch(&app, &json!({"submissions": many}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.list().await.is_empty());
}

async fn health_answers_ok(app: TestApp) {
    let response = app.get_response("/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(&response.into_body().collect().await.unwrap().to_bytes()[..], b"ok");
}

/// Many posts at once, each id five times: on SQLite they land in the same group commits.
async fn concurrent_posts_of_repeated_ids_store_each_once(app: TestApp) {
    let mut posts = tokio::task::JoinSet::new();
    for _ in 0..5 {
        for n in 0..20 {
            let router = app.router.clone();
            posts.spawn(async move {
                // Each id with its own payload, repeated: the deliveries of one submission.
                let body =
                    json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "name": format!("n{n}")}).to_string();
                let request = Request::post("/sync")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body))
                    .unwrap();
                let response = router.oneshot(request).await.unwrap();
                let status = response.status();
                let record: Value =
                    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
                (n, status, record["name"].as_str().unwrap().to_string())
            });
        }
    }
    let mut created = [0; 20];
    let mut names: Vec<Option<String>> = vec![None; 20];
    while let Some(answer) = posts.join_next().await {
        let (n, status, name) = answer.unwrap();
        assert!(status == StatusCode::CREATED || status == StatusCode::OK, "{status}");
        if status == StatusCode::CREATED {
            created[n] += 1;
        }
        // Every answer for an id names the same stored record.
        let first = names[n].get_or_insert_with(|| name.clone());
        assert_eq!(*first, name);
    }
    assert_eq!(created, [1; 20], "each id created exactly once");
    assert_eq!(app.list().await.len(), 20);
}

#[tokio::test]
async fn an_unknown_path_is_a_plain_404() {
    let app = sqlite_app().await;
    let response = app.get_response("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let text = response.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&text).contains("Page not found"));
}

#[tokio::test]
async fn over_the_rate_limit_a_client_gets_429_with_retry_after_and_others_do_not() {
    use std::num::NonZeroU32;
    let dir = tempfile::tempdir().unwrap();
    let store = outbox_axum::Store::open(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    // Behind one trusted proxy: the client is the proxy's entry of X-Forwarded-For.
    let limit = outbox_axum::ClientLimit::per_minute(NonZeroU32::new(3).unwrap(), 1);
    let (_site, leptos, shell) = common::test_site();
    let owner = outbox_axum::OwnerToken::new(common::OWNER_TOKEN);
    let forms = common::test_forms();
    let api = outbox_axum::Api::new(outbox_axum::ApiParts {
        store,
        forms,
        images: Default::default(),
        owner,
        intake_limit: Some(limit),
        sign_in_limit: outbox_axum::ClientLimit::sign_in(0),
        look: outbox_leptos::PageLook::of(&leptos),
    });
    let router = common::tutorial_router(api, leptos, shell);
    let post = |client: &str, n: u32| {
        let body = json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "name": "x"}).to_string();
        Request::post("/sync")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", format!("203.0.113.9, {client}"))
            .body(Body::from(body))
            .unwrap()
    };
    for n in 0..3 {
        assert_eq!(router.clone().oneshot(post("198.51.100.1", n)).await.unwrap().status(), StatusCode::CREATED);
    }
    let refused = router.clone().oneshot(post("198.51.100.1", 3)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let seconds: u64 = refused.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&seconds), "{seconds}");
    assert_eq!(router.clone().oneshot(post("198.51.100.2", 4)).await.unwrap().status(), StatusCode::CREATED);
    // The owner's list is not the intake: not limited.
    let list = Request::get("/api/submissions")
        .header(header::AUTHORIZATION, format!("Bearer {}", common::OWNER_TOKEN))
        .header("x-forwarded-for", "198.51.100.1")
        .body(Body::empty())
        .unwrap();
    assert_eq!(router.clone().oneshot(list).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn the_worker_files_go_compressed_to_a_client_that_takes_it() {
    let app = sqlite_app().await;
    let get = |encoding: Option<&str>| {
        let mut request = Request::get("/sw/outbox_sw_bg.wasm");
        if let Some(encoding) = encoding {
            request = request.header(header::ACCEPT_ENCODING, encoding);
        }
        request.body(Body::empty()).unwrap()
    };
    let plain = app.router.clone().oneshot(get(None)).await.unwrap();
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain_bytes = plain.into_body().collect().await.unwrap().to_bytes().len();
    for encoding in ["gzip", "br"] {
        let compressed = app.router.clone().oneshot(get(Some(encoding))).await.unwrap();
        assert_eq!(compressed.headers()[header::CONTENT_ENCODING], encoding);
        let bytes = compressed.into_body().collect().await.unwrap().to_bytes().len();
        assert!(bytes * 3 < plain_bytes * 2, "{encoding}: {bytes} of {plain_bytes} bytes");
    }
    // The intake's answers stay as they are (small JSON, many a second), even to such a client.
    let post = Request::post("/sync")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::from(json!({"id": ID, "name": "x"}).to_string()))
        .unwrap();
    let answer = app.router.clone().oneshot(post).await.unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    assert!(answer.headers().get(header::CONTENT_ENCODING).is_none());
}

async fn a_refused_field_is_named_in_the_422(app: TestApp) {
    let too_long = "n".repeat(MAX_NAME_CHARS + 1);
    let cases = [
        (json!({"id": ID, "name": too_long}), Some("name"), "at most 200"),
        (json!({"id": ID, "name": 7}), Some("name"), "name: 7 is not a text"),
        (json!({"id": ID}), Some("name"), "name: a value is required"),
        (json!({"id": ID, "name": "x", "admin": true}), Some("admin"), "admin: this form has no such field"),
        (json!({"id": ID, "name": "x", "attempt": 0}), None, "attempt counts from 1"),
    ];
    for (body, field, says) in cases {
        let (status, answer) = app.post_json(&body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(answer["field"].as_str(), field, "{body}: {answer}");
        assert!(answer["error"].as_str().unwrap().contains(says), "{body}: {answer}");
    }
    // A batch item is refused alone, with the same words.
    let batch = json!({"submissions": [{"id": ID, "name": "x", "role": 1}]});
    let request = Request::post("/sync/batch")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(batch.to_string()))
        .unwrap();
    let (status, answer) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["results"][0]["status"], 422);
    assert!(answer["results"][0]["error"].as_str().unwrap().contains("role: this form has no such field"), "{answer}");
    assert!(app.list().await.is_empty());
}

async fn records_carry_their_form_and_list_by_it(app: TestApp) {
    let (status, record) = app.post_json(&json!({"id": ID, "name": "x"}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(record["form"], "tutorial");
    let (_, listed) = app.get("/api/submissions?form=tutorial").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["name"], "x");
    let (_, other) = app.get("/api/submissions?form=inspection").await;
    assert_eq!(other, json!([]));
}
