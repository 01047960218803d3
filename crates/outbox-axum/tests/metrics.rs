//! `/metrics`: the owner's only, in the Prometheus text format, counting what each submission came
//! to (stored, repeated, refused, conflict), each API request's duration by route, the group
//! writer's groups and the pool's connections. The recorder is the process's: this suite installs
//! it (as the server does at start) and reads what its own requests added.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;

use common::{sqlite_app, TestApp, OWNER_TOKEN};

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String, String) {
    let mut request = Request::get("/metrics");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = app.get_response_of(request.body(Body::empty()).unwrap()).await;
    let (status, content_type) =
        (response.status(), response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_string());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8(body.to_vec()).unwrap())
}

/// The value of the sample `name{labels}` (a counter or gauge line), 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines().find_map(|line| line.strip_prefix(series)?.trim().parse().ok()).unwrap_or(0.0)
}

#[tokio::test]
async fn the_owner_scrapes_outcomes_latencies_groups_and_the_pool() {
    let handle = outbox_axum::testing::install_metrics(true).expect("the recorder installs");
    let app = sqlite_app().await;
    let id = "8a6b7c8d-0000-4000-8000-000000000001";
    assert_eq!(app.post_json(&json!({"id": id, "name": "counted"}).to_string()).await.0, StatusCode::CREATED);
    assert_eq!(app.post_json(&json!({"id": id, "name": "counted"}).to_string()).await.0, StatusCode::OK);
    assert_eq!(
        app.post_json(&json!({"id": id, "name": "other"}).to_string()).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.post_json(r#"{"name":"no id"}"#).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(scrape(&app, None).await.0, StatusCode::UNAUTHORIZED, "the owner's only");
    handle.run_upkeep();
    let (status, content_type, text) = scrape(&app, Some(OWNER_TOKEN)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    for (outcome, count) in [("stored", 1.0), ("repeated", 1.0), ("conflict", 1.0), ("refused", 1.0)] {
        assert_eq!(
            sample(&text, &format!("outbox_submissions_total{{outcome=\"{outcome}\"}}")),
            count,
            "{outcome}\n{text}"
        );
    }
    assert!(
        text.contains(r#"outbox_http_request_duration_seconds_count{method="POST",route="/sync",status="201"} 1"#),
        "{text}"
    );
    assert!(sample(&text, "outbox_group_size_count") >= 2.0, "two submissions went through the group writer\n{text}");
    assert!(text.contains("outbox_group_commit_seconds_bucket"), "{text}");
    assert!(sample(&text, "outbox_db_pool_max_connections") >= 1.0, "{text}");
    assert!(text.contains(r#"outbox_db_pool_connections{state="idle"}"#), "{text}");
    assert_eq!(sample(&text, "outbox_db_pool_waiting"), 0.0, "nothing waits once the writes are done\n{text}");
    assert!(text.contains("outbox_db_pool_waiting"), "{text}");
}
