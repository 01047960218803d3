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
