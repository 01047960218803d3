//! Upgrading keeps data: a database as the build before forms left it (its four migrations run,
//! rows written by its statements, one with an image) is opened by this build, which migrates it;
//! every row reads back as a record of the tutorial's form, its image still there, and a repeated
//! delivery of an old row is still recognized as a repeat.

use std::borrow::Cow;

use sqlx::migrate::Migrator;
use uuid::Uuid;

use super::{Outcome, Store};
use crate::submission::ValidSubmission;
use crate::uploaded_image::{sha256_hex, CheckedImage};

/// The migrations of the build before forms: all but the last.
fn earlier(mut migrator: Migrator) -> Migrator {
    let count = migrator.migrations.len();
    assert!(count >= 5, "the forms migration is the fifth");
    migrator.migrations = Cow::Owned(migrator.migrations[..4].to_vec());
    migrator
}

/// What the earlier build wrote: two submissions, the second with an image.
const EARLIER_ROWS: [&str; 3] = [
    "INSERT INTO submissions (id, name, received_at, pressed_at, attempts) \
     VALUES ('00000000-0000-4000-8000-000000000001', 'Zoë \"old\"', '2026-11-30T10:00:00.000Z', NULL, 1)",
    "INSERT INTO submissions (id, name, received_at, pressed_at, attempts) \
     VALUES ('00000000-0000-4000-8000-000000000002', 'with image', '2026-11-30T10:00:01.000Z', \
     '2026-11-30T09:59:59.000Z', 3)",
    "INSERT INTO images (submission_id, content_type, file_name, original, thumbnail, sha256) \
     VALUES ('00000000-0000-4000-8000-000000000002', 'image/png', 'a.png', $1, $1, NULL)",
];

async fn the_earlier_rows_read_back_as_tutorial_records(store: Store) {
    let records = store.list(None, None, None).await.unwrap();
    assert_eq!(records.len(), 2);
    let (newest, oldest) = (&records[0], &records[1]);
    assert_eq!((newest.form.as_str(), newest.fields.as_str()), ("tutorial", r#"{"name":"with image"}"#));
    assert_eq!(newest.attempts, 3);
    assert_eq!(newest.image_url.as_deref(), Some("/images/00000000-0000-4000-8000-000000000002"));
    assert_eq!(oldest.fields.as_str(), r#"{"name":"Zoë \"old\""}"#);
    assert_eq!(store.list(Some("tutorial"), None, None).await.unwrap().len(), 2, "listed by form");
    assert!(store.list(Some("other"), None, None).await.unwrap().is_empty());
    assert_eq!(newest.images.len(), 1, "the earlier image is the first");
    let image = store.image(newest.id, 0).await.unwrap().expect("the image is kept");
    assert_eq!(image, ("image/png".to_string(), b"png".to_vec()));
    // Its delivery repeated with the same bytes (the row has no stored hash) is a repeat.
    let png = CheckedImage {
        content_type: "image/png",
        file_name: "a.png".into(),
        original: b"png".to_vec(),
        thumbnail: Vec::new(),
        sha256: sha256_hex(b"png"),
    };
    let repeated = ValidSubmission {
        id: newest.id,
        form: "tutorial",
        fields: serde_json::json!({ "name": "with image" }),
        pressed_at: None,
        attempt: 4,
        images: vec![png],
    };
    assert_eq!(store.insert(&repeated).await.unwrap().outcome, Outcome::Repeated);

    // A queue that delivers an old row again gets its original; with another name, a conflict.
    let again = |name: &str| ValidSubmission {
        id: oldest.id,
        form: "tutorial",
        fields: serde_json::json!({ "name": name }),
        pressed_at: None,
        attempt: 2,
        images: Vec::new(),
    };
    assert_eq!(store.insert(&again("Zoë \"old\"")).await.unwrap().outcome, Outcome::Repeated);
    assert_eq!(store.insert(&again("other")).await.unwrap().outcome, Outcome::IdConflict);
    let new_id = Uuid::new_v4();
    let new = ValidSubmission { id: new_id, ..again("new") };
    assert_eq!(store.insert(&new).await.unwrap().outcome, Outcome::Created);
    assert_eq!(store.list(None, None, None).await.unwrap()[0].id, new_id);
}

#[tokio::test]
async fn an_earlier_sqlite_database_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("earlier.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    earlier(sqlx::migrate!("./migrations/sqlite")).run(&pool).await.unwrap();
    for statement in EARLIER_ROWS {
        let query = sqlx::query(statement);
        let query = if statement.contains("$1") { query.bind(b"png".to_vec()) } else { query };
        query.execute(&pool).await.unwrap();
    }
    pool.close().await;
    let store = Store::open(&url).await.unwrap();
    the_earlier_rows_read_back_as_tutorial_records(store).await;
}

#[tokio::test]
async fn an_earlier_postgres_database_keeps_its_rows() {
    let Some(url) = crate::test_postgres::fresh_database().await else { return };
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    earlier(sqlx::migrate!("./migrations/postgres")).run(&pool).await.unwrap();
    for statement in EARLIER_ROWS {
        let query = sqlx::query(statement);
        let query = if statement.contains("$1") { query.bind(b"png".to_vec()) } else { query };
        query.execute(&pool).await.unwrap();
    }
    pool.close().await;
    let store = Store::open(&url).await.unwrap();
    the_earlier_rows_read_back_as_tutorial_records(store).await;
}
