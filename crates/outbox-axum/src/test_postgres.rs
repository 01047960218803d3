//! For the test suites: a fresh PostgreSQL database on the server that `OUTBOX_TEST_POSTGRES_URL`
//! names (`scripts/test.sh` starts one). Without it the PostgreSQL half of a suite is skipped, and
//! the run says so once, past the test harness's capture, so a green run cannot hide it.

use std::io::Write;
use std::sync::Once;

static SKIPPED: Once = Once::new();

/// The URL of a new, empty database; `None` (and a note on stderr) when no server is named.
pub async fn fresh_database() -> Option<String> {
    let Ok(admin) = std::env::var("OUTBOX_TEST_POSTGRES_URL") else {
        SKIPPED.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "note: OUTBOX_TEST_POSTGRES_URL is not set: the PostgreSQL half of this suite was skipped \
                 (scripts/test.sh starts PostgreSQL and runs both)"
            );
        });
        return None;
    };
    let database = format!("outbox_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("OUTBOX_TEST_POSTGRES_URL is set but cannot be reached: {e}"));
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
    match admin.rfind('/') {
        Some(slash) => Some(format!("{}/{database}", &admin[..slash])),
        None => panic!("OUTBOX_TEST_POSTGRES_URL has no database part: {admin}"),
    }
}
