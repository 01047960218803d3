//! The probes: `/health` answers while the process runs; `/ready` answers 200 while the database
//! answers a trivial query in time and 503 while it does not (here: every connection of the pool
//! taken, so no query can run), then 200 again. On both stores; `database_down.spec.ts` stops and
//! starts PostgreSQL itself.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use outbox_axum::{Store, StoreConfig};

use common::{router, TestApp};

async fn readiness_follows_the_database(url: String) {
    let mut config = StoreConfig::new(url);
    config.pool_size = 1;
    let store = Store::open_with(&config).await.unwrap();
    let (router, site) = router(store.clone(), Default::default());
    let app = TestApp::from_parts(router, site);
    assert_eq!(app.get_response("/ready").await.status(), StatusCode::OK);

    let held = match &store {
        Store::Sqlite(s) => Held::Sqlite(s.pool().acquire().await.unwrap()),
        Store::Postgres(s) => Held::Postgres(s.pool().acquire().await.unwrap()),
    };
    let asked = Instant::now();
    let response = app.get_response("/ready").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(asked.elapsed() < Duration::from_secs(3), "answered within the probe's timeout: {:?}", asked.elapsed());
    assert_eq!(app.get_response("/health").await.status(), StatusCode::OK, "alive all the same");

    drop(held);
    assert_eq!(app.get_response("/ready").await.status(), StatusCode::OK, "ready again");
}

#[allow(dead_code)]
enum Held {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

#[tokio::test]
async fn readiness_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    readiness_follows_the_database(format!("sqlite://{}", dir.path().join("ready.db").display())).await;
}

#[tokio::test]
async fn readiness_on_postgres() {
    if let Some(url) = outbox_axum::testing::fresh_database().await {
        readiness_follows_the_database(url).await;
    }
}
