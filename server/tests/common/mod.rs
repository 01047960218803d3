//! The harness of the HTTP suites: the router on a real SQLite file or on a real PostgreSQL
//! database (a fresh one per test, on the server `OUTBOX_TEST_POSTGRES_URL` names), requests
//! through `tower::ServiceExt::oneshot`, no socket.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use outbox_protocol::SubmissionRecord;
use serde_json::Value;
use server::uploaded_image::ImageRules;
use server::{app_router, store::Store};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    _dir: Option<tempfile::TempDir>,
}

pub fn router(store: Store, images: ImageRules) -> Router {
    app_router::router(store, images, LeptosOptions::builder().output_name("outbox").build())
}

pub async fn sqlite_app() -> TestApp {
    sqlite_app_with(ImageRules::default()).await
}

pub async fn sqlite_app_with(images: ImageRules) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    TestApp { router: router(Store::open(&url).await.unwrap(), images), _dir: Some(dir) }
}

pub async fn postgres_app() -> TestApp {
    let admin = std::env::var("OUTBOX_TEST_POSTGRES_URL").expect(
        "OUTBOX_TEST_POSTGRES_URL must name a PostgreSQL server for the store suite \
         (scripts/test.sh starts one with scripts/postgres.sh)",
    );
    let database = format!("outbox_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {database}")).execute(&mut conn).await.unwrap();
    let url = match admin.rfind('/') {
        Some(slash) => format!("{}/{database}", &admin[..slash]),
        None => panic!("OUTBOX_TEST_POSTGRES_URL has no database part: {admin}"),
    };
    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    TestApp { router: router(store, ImageRules::default()), _dir: None }
}

/// Runs each test of the suite once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[tokio::test] async fn $name() { super::$name(super::sqlite_app().await).await })*
        }
        mod on_postgres {
            $(#[tokio::test] async fn $name() { super::$name(super::postgres_app().await).await })*
        }
    };
}



impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes)));
        (status, value)
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, body: &str) -> (StatusCode, Value) {
        let request = Request::post("/sync")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    pub async fn list(&self) -> Vec<SubmissionRecord> {
        let (status, value) = self.get("/api/submissions").await;
        assert_eq!(status, StatusCode::OK);
        serde_json::from_value(value).unwrap()
    }
}
