//! The store's fallback, reached under the API: when the multi-row insert fails, each submission is
//! stored on its own, once, and only the bad one fails. A trigger makes the database refuse one
//! name, which fails the multi-row statement as a whole.

use uuid::Uuid;

use super::{Outcome, Store, StoreError};
use crate::submission::ValidSubmission;

fn submission(n: u128, name: &str) -> ValidSubmission {
    ValidSubmission {
        id: Uuid::from_u128(n),
        form: outbox_protocol::TUTORIAL_FORM,
        fields: serde_json::json!({ "name": name }),
        pressed_at: None,
        attempt: 1,
        images: Vec::new(),
    }
}

async fn poison(store: &Store) {
    match store {
        Store::Sqlite(s) => {
            sqlx::query(
                "CREATE TRIGGER poison BEFORE INSERT ON submissions WHEN json_extract(NEW.fields, '$.name') = 'poison' \
                 BEGIN SELECT RAISE(ABORT, 'poisoned row'); END",
            )
            .execute(s.pool())
            .await
            .unwrap();
        }
        Store::Postgres(s) => {
            for statement in [
                "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN \
                 IF NEW.fields->>'name' = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER poison BEFORE INSERT ON submissions FOR EACH ROW EXECUTE FUNCTION poison()",
            ] {
                sqlx::query(statement).execute(s.pool()).await.unwrap();
            }
        }
    }
}

async fn stored_ids(store: &Store) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = store.list(None, None, None).await.unwrap().into_iter().map(|r| r.id).collect();
    ids.sort();
    ids
}

async fn a_failed_multi_row_insert_stores_each_submission_once_on_its_own(store: Store) {
    poison(&store).await;
    let batch = [submission(1, "a"), submission(2, "poison"), submission(3, "b")];
    let results = store.insert_batch(&batch).await.expect("a connection");
    assert!(results[0].as_ref().unwrap().outcome == Outcome::Created);
    assert!(matches!(&results[1], Err(StoreError::Internal(m)) if m.contains("poisoned row")), "{:?}", results[1]);
    assert!(results[2].as_ref().unwrap().outcome == Outcome::Created);
    assert_eq!(stored_ids(&store).await, vec![Uuid::from_u128(1), Uuid::from_u128(3)]);

    // The group writer takes the same way: single submissions arriving together.
    let singles = [submission(4, "c"), submission(5, "poison"), submission(6, "d"), submission(1, "a")];
    let answers = futures::future::join_all(singles.iter().map(|s| store.insert(s))).await;
    assert!(
        answers[0].as_ref().unwrap().outcome == Outcome::Created
            && answers[2].as_ref().unwrap().outcome == Outcome::Created
    );
    assert!(answers[1].is_err());
    assert_eq!(answers[3].as_ref().unwrap().outcome, Outcome::Repeated, "a known id answers its original");
    let expected: Vec<Uuid> = [1, 3, 4, 6].into_iter().map(Uuid::from_u128).collect();
    assert_eq!(stored_ids(&store).await, expected, "each stored once, the refused one not at all");
}

#[tokio::test]
async fn fallback_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    a_failed_multi_row_insert_stores_each_submission_once_on_its_own(store).await;
}

#[tokio::test]
async fn fallback_on_postgres() {
    let Some(url) = crate::test_postgres::fresh_database().await else {
        return;
    };
    a_failed_multi_row_insert_stores_each_submission_once_on_its_own(Store::open(&url).await.unwrap()).await;
}

/// An id twice in one multi-row insert (a client's retry arriving in the same group as its first
/// try) is stored once, and the second answers the first.
async fn an_id_twice_in_one_group_is_stored_once(store: Store) {
    let batch = [submission(1, "a"), submission(2, "b"), submission(1, "a")];
    let results = store.insert_batch(&batch).await.expect("a connection");
    let outcomes: Vec<Outcome> = results.into_iter().map(|r| r.unwrap().outcome).collect();
    assert_eq!(outcomes, [Outcome::Created, Outcome::Created, Outcome::Repeated]);
    assert_eq!(stored_ids(&store).await, vec![Uuid::from_u128(1), Uuid::from_u128(2)]);
}

#[tokio::test]
async fn an_id_twice_in_one_group_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    an_id_twice_in_one_group_is_stored_once(store).await;
}

#[tokio::test]
async fn an_id_twice_in_one_group_on_postgres() {
    let Some(url) = crate::test_postgres::fresh_database().await else {
        return;
    };
    an_id_twice_in_one_group_is_stored_once(Store::open(&url).await.unwrap()).await;
}
