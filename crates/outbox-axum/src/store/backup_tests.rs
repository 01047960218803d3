//! A backup under load: while submissions keep arriving (some with images), `backup_to` copies the
//! database; every submission acknowledged before the copy started is in it, with its images, and
//! the copy opens as a store of its own (a restore).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use super::{Store, StoreConfig, StoreError};
use crate::submission::ValidSubmission;
use crate::uploaded_image::{sha256_hex, CheckedImage};

fn submission(n: u32, with_image: bool) -> ValidSubmission {
    let bytes = format!("image of {n}").into_bytes();
    ValidSubmission {
        id: Uuid::new_v4(),
        form: outbox_protocol::TUTORIAL_FORM,
        fields: serde_json::json!({ "name": format!("n{n}") }),
        pressed_at: None,
        attempt: 1,
        images: if with_image {
            vec![CheckedImage {
                content_type: "image/png",
                file_name: "a.png".into(),
                sha256: sha256_hex(&bytes),
                thumbnail: bytes.clone(),
                original: bytes,
            }]
        } else {
            Vec::new()
        },
    }
}

#[tokio::test]
async fn a_backup_under_load_holds_every_submission_acknowledged_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let store = Store::open(&url).await.unwrap();
    let acknowledged = Arc::new(Mutex::new(Vec::<(Uuid, bool)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    // Four writers keep submitting until told to stop; each id is noted once the store answered.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (store, acknowledged, stop) = (store.clone(), acknowledged.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let s = submission(w * 1_000_000 + n, n % 5 == 0);
                    store.insert(&s).await.unwrap();
                    acknowledged.lock().unwrap().push((s.id, !s.images.is_empty()));
                    n += 1;
                }
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 300 {
        tokio::task::yield_now().await;
    }
    // A backup of a small database can end before the next group commits: back up again (each copy
    // checked) until one ran while submissions were being acknowledged.
    let mut under_load = false;
    for attempt in 0..20 {
        let before: Vec<(Uuid, bool)> = acknowledged.lock().unwrap().clone();
        let copy = dir.path().join(format!("copy-{attempt}.db"));
        Store::backup(&StoreConfig::new(&url), &copy).await.unwrap();
        under_load = acknowledged.lock().unwrap().len() > before.len();
        holds_every_one(&copy, &before).await;
        if under_load {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(under_load, "submissions kept arriving during one of the backups");
    let first_copy = dir.path().join("copy-0.db");
    assert!(Store::backup(&StoreConfig::new(&url), &first_copy).await.is_err(), "an existing file is not overwritten");
}

/// The copy opens as a store of its own and holds each of `before`, with its image.
async fn holds_every_one(copy: &std::path::Path, before: &[(Uuid, bool)]) {
    let restored = Store::open(&format!("sqlite://{}", copy.display())).await.unwrap();
    let records = restored.list(None, None, None).await.unwrap();
    let stored: std::collections::HashMap<Uuid, usize> = records.iter().map(|r| (r.id, r.images.len())).collect();
    for (id, with_image) in before {
        assert_eq!(stored.get(id), Some(&usize::from(*with_image)), "{id} is in the copy, with its image");
        if *with_image {
            assert!(restored.image(*id, 0).await.unwrap().is_some(), "the image's bytes are in the copy");
        }
    }
}

/// A mistyped `DATABASE_URL` (a path where no database is) is an error: no empty copy, and no new
/// database created at that path.
#[tokio::test]
async fn a_backup_of_a_database_that_is_not_there_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mistyped = dir.path().join("outbx.db");
    let copy = dir.path().join("copy.db");
    let failed = Store::backup(&StoreConfig::new(format!("sqlite://{}", mistyped.display())), &copy).await;
    assert!(matches!(failed, Err(StoreError::Open { .. })), "{failed:?}");
    assert!(!mistyped.exists(), "no database was created at the mistyped path");
    assert!(!copy.exists(), "no copy was written");

    // An empty file (or another app's database) is no Outbox database either.
    std::fs::write(&mistyped, b"").unwrap();
    let failed = Store::backup(&StoreConfig::new(format!("sqlite://{}", mistyped.display())), &copy).await;
    assert!(failed.unwrap_err().to_string().contains("not an Outbox database"));
    assert!(!copy.exists());
}
