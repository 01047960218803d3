//! The server's transactional outbox for forwarding: a forward is written by the submission's own
//! insert (alone, in a group, in a batch, with images) and by nothing else; claims lease what is
//! due, and two claims at once (PostgreSQL: two instances) never take the same forward; a forward
//! is settled only under its own lease; deleting a submission drops its forward.

use uuid::Uuid;

use super::{ForwardSettled, Store};
use crate::submission::tutorial_submission as submission;

async fn pending(store: &Store) -> i64 {
    store.forward_backlog().await.unwrap().into_iter().find(|(s, _)| s == "pending").map_or(0, |(_, n)| n)
}

async fn forwards_follow_the_submissions(store: Store) {
    store.insert(&submission(1)).await.unwrap();
    assert_eq!(pending(&store).await, 0, "no forward while forwarding is off");
    store.set_forwarding(true).await.unwrap();
    store.set_forwarding(true).await.unwrap(); // again, as a second instance starting would
    let singles = [submission(2), submission(3), submission(4)];
    futures::future::join_all(singles.iter().map(|s| store.insert(s))).await;
    store.insert_batch(&[submission(5), submission(6), submission(2)]).await.unwrap();
    assert_eq!(pending(&store).await, 5, "one forward per submission stored, none for a repeat");

    // Two claims at once take disjoint forwards.
    let (a, b) =
        futures::future::join(store.claim_forwards(1_000, 60_000, 3), store.claim_forwards(1_000, 60_000, 3)).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<Uuid> = a.iter().chain(&b).map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), a.len() + b.len(), "no forward claimed twice");
    assert_eq!(ids.len(), 5);
    assert!(store.claim_forwards(2_000, 60_000, 10).await.unwrap().is_empty(), "all leased");

    // Settled under its lease only; a retry is due again later, a failure is kept.
    let claims: Vec<_> = a.into_iter().chain(b).collect();
    let stale = super::ForwardClaim { lease_until: 1, ..claims[0].clone() };
    store.settle_forwards(&[(stale, ForwardSettled::Done)]).await.unwrap();
    assert_eq!(pending(&store).await, 5, "a stale lease settles nothing");
    let retry = ForwardSettled::Retry { next_attempt_at: 100_000, error: "503".into() };
    let settled = [
        (claims[0].clone(), ForwardSettled::Done),
        (claims[1].clone(), ForwardSettled::Failed("the receiver answered 400: no".into())),
        (claims[2].clone(), retry),
    ];
    store.settle_forwards(&settled).await.unwrap();
    assert_eq!(pending(&store).await, 3);
    let failures = store.forward_failures(10).await.unwrap();
    assert_eq!(failures, [(claims[1].id.to_string(), 1, Some("the receiver answered 400: no".into()))]);
    let later = store.claim_forwards(100_000, 60_000, 10).await.unwrap();
    assert!(later.iter().any(|c| c.id == claims[2].id && c.attempts == 1), "due again, attempt counted");

    // A deleted submission is not forwarded.
    store.delete(&[claims[3].id]).await.unwrap();
    assert_eq!(pending(&store).await, 2);
    store.set_forwarding(false).await.unwrap();
    store.insert(&submission(9)).await.unwrap();
    assert_eq!(pending(&store).await, 2, "off again: no new forward");
}

#[tokio::test]
async fn forwards_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("f.db").display())).await.unwrap();
    forwards_follow_the_submissions(store).await;
}

#[tokio::test]
async fn forwards_on_postgres() {
    let Some(url) = crate::test_postgres::fresh_database().await else { return };
    forwards_follow_the_submissions(Store::open(&url).await.unwrap()).await;
}

/// A database as the build before the `seq` key left it (its eight migrations run, its trigger on,
/// then two submissions: one forward pending, one failed).
fn before_the_seq_key(
    migrator: sqlx::migrate::Migrator,
    trigger: &'static str,
) -> (sqlx::migrate::Migrator, [&'static str; 3]) {
    let mut earlier = migrator;
    assert!(earlier.migrations.len() >= 9, "the seq key is the ninth migration");
    earlier.migrations = std::borrow::Cow::Owned(earlier.migrations[..8].to_vec());
    let rows = [
        trigger,
        "INSERT INTO submissions (id, form, fields, received_at, attempts) VALUES \
         ('00000000-0000-4000-8000-00000000000a', 'tutorial', '{\"name\":\"a\"}', '2026-12-02T10:00:00.000Z', 1), \
         ('00000000-0000-4000-8000-00000000000b', 'tutorial', '{\"name\":\"b\"}', '2026-12-02T10:00:01.000Z', 1)",
        "UPDATE forwards SET state = 'failed', attempts = 1, last_error = 'the receiver answered 400: no' \
         WHERE submission_id = '00000000-0000-4000-8000-00000000000b'",
    ];
    (earlier, rows)
}

/// This build opens it: the pending forward is still claimed and settled, the failed one still
/// listed, and the new trigger writes the next forward.
async fn the_earlier_forwards_are_kept(store: Store) {
    store.set_forwarding(true).await.unwrap();
    let failures = store.forward_failures(10).await.unwrap();
    let failed = ("00000000-0000-4000-8000-00000000000b".to_string(), 1, Some("the receiver answered 400: no".into()));
    assert_eq!(failures, [failed]);
    let claimed = store.claim_forwards(1_000, 60_000, 10).await.unwrap();
    let ids: Vec<String> = claimed.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["00000000-0000-4000-8000-00000000000a"]);
    store.settle_forwards(&[(claimed[0].clone(), ForwardSettled::Done)]).await.unwrap();
    assert_eq!(pending(&store).await, 0, "settled by its seq");
    store.insert(&submission(1)).await.unwrap();
    assert_eq!(pending(&store).await, 1, "the new trigger writes the next forward");
}

#[tokio::test]
async fn earlier_forwards_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("earlier.db").display());
    let trigger = "CREATE TRIGGER forward_submissions AFTER INSERT ON submissions \
                   BEGIN INSERT OR IGNORE INTO forwards (submission_id) VALUES (NEW.id); END";
    let (earlier, rows) = before_the_seq_key(sqlx::migrate!("./migrations/sqlite"), trigger);
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    earlier.run(&pool).await.unwrap();
    for statement in rows {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;
    the_earlier_forwards_are_kept(Store::open(&url).await.unwrap()).await;
}

#[tokio::test]
async fn earlier_forwards_on_postgres() {
    let Some(url) = crate::test_postgres::fresh_database().await else { return };
    let (earlier, rows) = before_the_seq_key(sqlx::migrate!("./migrations/postgres"), "SELECT 1");
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    earlier.run(&pool).await.unwrap();
    // The earlier build's trigger, as its `set_forwarding` made it.
    sqlx::query(
        "CREATE FUNCTION record_forwards() RETURNS trigger AS $$ BEGIN \
         INSERT INTO forwards (submission_id) SELECT id FROM stored ON CONFLICT DO NOTHING; \
         RETURN NULL; END $$ LANGUAGE plpgsql",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER forward_submissions AFTER INSERT ON submissions \
         REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION record_forwards()",
    )
    .execute(&pool)
    .await
    .unwrap();
    for statement in rows {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;
    the_earlier_forwards_are_kept(Store::open(&url).await.unwrap()).await;
}
