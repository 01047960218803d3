//! The server's transactional outbox for forwarding: every submission stored while forwarding is
//! on (alone, in a group, in a batch, with images) is handed on once from the cursor, and what
//! the receiver did not take is kept as a row of `forwards`; claims lease what they take, and two
//! claims at once (PostgreSQL: two instances) never take the same forward; a forward is settled
//! only under its own lease; a deleted submission is not forwarded; on PostgreSQL, a submission
//! whose transaction commits after a later one's is not passed over.

use uuid::Uuid;

use super::{ForwardSettled, ForwardSource, Store};
use crate::submission::tutorial_submission as submission;

async fn pending(store: &Store) -> i64 {
    store.forward_backlog().await.unwrap().into_iter().filter(|(s, _)| s == "pending").map(|(_, n)| n).sum()
}

/// Waits until no transaction older than the last submission's runs in the cluster: on
/// PostgreSQL the cursor waits for them, and other tests' run beside this one (SQLite: at once).
async fn no_earlier_transactions(store: &Store) {
    let Store::Postgres(pg) = store else { return };
    for _ in 0..1_000 {
        let (done,): (bool,) = sqlx::query_as(
            "SELECT COALESCE(MAX(xid), 0) < pg_snapshot_xmin(pg_current_snapshot())::text::bigint FROM submissions",
        )
        .fetch_one(pg.pool())
        .await
        .unwrap();
        if done {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("a transaction elsewhere in the cluster has run for 10 s");
}

fn ids(claims: &[super::ForwardClaim]) -> Vec<Uuid> {
    claims.iter().map(|c| c.id).collect()
}

async fn forwards_follow_the_submissions(store: Store) {
    store.insert(&submission(1)).await.unwrap();
    assert_eq!(pending(&store).await, 0, "no forward while forwarding is off");
    store.set_forwarding(true).await.unwrap();
    store.set_forwarding(true).await.unwrap(); // again, as a second instance starting would
    assert_eq!(pending(&store).await, 0, "what was stored before is not forwarded");
    let singles = [submission(2), submission(3), submission(4)];
    futures::future::join_all(singles.iter().map(|s| store.insert(s))).await;
    store.insert_batch(&[submission(5), submission(6), submission(2)]).await.unwrap();
    assert_eq!(pending(&store).await, 5, "one forward per submission stored, none for a repeat");

    // Two claims at once take disjoint forwards: one of them holds the cursor.
    no_earlier_transactions(&store).await;
    let (a, b) =
        futures::future::join(store.claim_forwards(1_000, 60_000, 3), store.claim_forwards(1_000, 60_000, 3)).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    let claims: Vec<_> = a.into_iter().chain(b).collect();
    let mut claimed = ids(&claims);
    claimed.sort();
    claimed.dedup();
    assert_eq!(claimed.len(), 3, "three claimed, none twice: {claims:?}");
    assert!(claims.iter().all(|c| matches!(c.source, ForwardSource::New { .. }) && c.attempts == 0));
    assert!(store.claim_forwards(2_000, 60_000, 10).await.unwrap().is_empty(), "the cursor is held");

    // Settled under its lease only; a retry is due again later, a failure is kept.
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
    assert_eq!(pending(&store).await, 3, "two after the cursor, one due again");
    let failures = store.forward_failures(10).await.unwrap();
    assert_eq!(failures, [(claims[1].id.to_string(), 1, Some("the receiver answered 400: no".into()))]);
    let later = store.claim_forwards(100_000, 60_000, 10).await.unwrap();
    assert_eq!(later.len(), 3, "the one due again and the two after the cursor: {later:?}");
    assert_eq!((later[0].id, later[0].attempts, later[0].source), (claims[2].id, 1, ForwardSource::Due));

    // A deleted submission is not forwarded, whether due again or still after the cursor.
    store.delete(&[later[0].id, later[1].id]).await.unwrap();
    assert_eq!(pending(&store).await, 1);
    let done: Vec<_> = later.iter().map(|c| (c.clone(), ForwardSettled::Done)).collect();
    store.settle_forwards(&done).await.unwrap();
    assert_eq!(pending(&store).await, 0);
    assert!(store.claim_forwards(200_000, 60_000, 10).await.unwrap().is_empty(), "nothing left");

    store.set_forwarding(false).await.unwrap();
    store.insert(&submission(9)).await.unwrap();
    assert_eq!(pending(&store).await, 0, "off again: no new forward");
    store.set_forwarding(true).await.unwrap();
    store.insert(&submission(10)).await.unwrap();
    no_earlier_transactions(&store).await;
    let again = store.claim_forwards(300_000, 60_000, 10).await.unwrap();
    assert_eq!(ids(&again), [submission(10).id], "on again: from then on (what came while off is not sent)");
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
/// listed, the earlier trigger is gone, and the next submission is handed on from the cursor.
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
    assert_eq!(pending(&store).await, 1, "after the cursor, and no row of an earlier trigger");
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

/// A submission whose transaction commits after a later submission's (PostgreSQL takes `seq`
/// values in one order and commits in another) is forwarded: the cursor waits for it.
#[tokio::test]
async fn a_late_commit_is_not_passed_over_on_postgres() {
    let Some(url) = crate::test_postgres::fresh_database().await else { return };
    let store = Store::open(&url).await.unwrap();
    store.set_forwarding(true).await.unwrap();
    let Store::Postgres(pg) = &store else { unreachable!() };
    let (early, late) = (submission(1), submission(2));
    let mut slow = pg.pool().begin().await.unwrap();
    sqlx::query("INSERT INTO submissions (id, form, fields, received_at) VALUES ($1, 'tutorial', '{}', 'now')")
        .bind(early.id.to_string())
        .execute(&mut *slow)
        .await
        .unwrap();
    store.insert(&late).await.unwrap();
    let (early_seq, late_seq): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT seq FROM submissions WHERE id = $2), (SELECT seq FROM submissions WHERE id = $1)",
    )
    .bind(late.id.to_string())
    .bind(early.id.to_string())
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    assert!(early_seq < late_seq, "the slow transaction took the earlier position");
    assert!(store.claim_forwards(1_000, 60_000, 10).await.unwrap().is_empty(), "the later one waits");
    slow.commit().await.unwrap();
    no_earlier_transactions(&store).await;
    let claimed = store.claim_forwards(2_000, 60_000, 10).await.unwrap();
    assert_eq!(ids(&claimed), [early.id, late.id]);
    let done: Vec<_> = claimed.iter().map(|c| (c.clone(), ForwardSettled::Done)).collect();
    store.settle_forwards(&done).await.unwrap();
    assert_eq!(pending(&store).await, 0);
}

/// The statements that leave a database as the build before the cursor did with forwarding on,
/// after its nine migrations: its trigger, then two submissions recorded by it.
const TWO_RECORDED_BY_THE_TRIGGER: &str = "INSERT INTO submissions (id, form, fields, received_at, attempts) VALUES \
     ('00000000-0000-4000-8000-00000000000a', 'tutorial', '{\"name\":\"a\"}', '2026-12-03T10:00:00.000Z', 1), \
     ('00000000-0000-4000-8000-00000000000b', 'tutorial', '{\"name\":\"b\"}', '2026-12-03T10:00:01.000Z', 1)";

fn before_the_cursor(migrator: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    let mut earlier = migrator;
    assert!(earlier.migrations.len() >= 10, "the cursor is the tenth migration");
    earlier.migrations = std::borrow::Cow::Owned(earlier.migrations[..9].to_vec());
    earlier
}

/// Opened by this build, before forwarding is started again: the trigger's two are still due, and
/// the cursor starts right after them (no submission stored in between is missed, none is
/// forwarded twice).
async fn the_cursor_follows_the_trigger(url: &str) {
    let store = Store::open(url).await.unwrap();
    store.insert(&submission(1)).await.unwrap();
    no_earlier_transactions(&store).await;
    assert_eq!(pending(&store).await, 3, "the trigger's two, and one after the cursor");
    let claimed = store.claim_forwards(1_000, 60_000, 10).await.unwrap();
    let sources: Vec<(String, ForwardSource)> =
        claimed.iter().map(|c| (c.id.to_string(), without_xid(c.source))).collect();
    assert_eq!(
        sources,
        [
            ("00000000-0000-4000-8000-00000000000a".to_string(), ForwardSource::Due),
            ("00000000-0000-4000-8000-00000000000b".to_string(), ForwardSource::Due),
            (submission(1).id.to_string(), ForwardSource::New { xid: 0 }),
        ]
    );
}

/// A claim's source with PostgreSQL's transaction id left out (it is not known beforehand).
fn without_xid(source: ForwardSource) -> ForwardSource {
    match source {
        ForwardSource::New { .. } => ForwardSource::New { xid: 0 },
        due => due,
    }
}

#[tokio::test]
async fn from_the_trigger_to_the_cursor_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("trigger.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    before_the_cursor(sqlx::migrate!("./migrations/sqlite")).run(&pool).await.unwrap();
    for statement in [
        "CREATE TRIGGER forward_submissions AFTER INSERT ON submissions \
         BEGIN INSERT OR IGNORE INTO forwards (seq, submission_id) VALUES (NEW.seq, NEW.id); END",
        TWO_RECORDED_BY_THE_TRIGGER,
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;
    the_cursor_follows_the_trigger(&url).await;
}

#[tokio::test]
async fn from_the_trigger_to_the_cursor_on_postgres() {
    let Some(url) = crate::test_postgres::fresh_database().await else { return };
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    before_the_cursor(sqlx::migrate!("./migrations/postgres")).run(&pool).await.unwrap();
    for statement in [
        "CREATE FUNCTION record_forwards() RETURNS trigger AS $$ BEGIN \
         INSERT INTO forwards (seq, submission_id) SELECT seq, id FROM stored ON CONFLICT DO NOTHING; \
         RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER forward_submissions AFTER INSERT ON submissions \
         REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION record_forwards()",
        TWO_RECORDED_BY_THE_TRIGGER,
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;
    the_cursor_follows_the_trigger(&url).await;
}
