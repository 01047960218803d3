//! The outbox in IndexedDB (through `indexed_db_futures`): an object store of JSON entries keyed
//! by the submission id, and one of image bytes (a `Uint8Array`, not a Blob: Safari cannot keep
//! Blobs in IndexedDB) under the same key, written and removed in the entry's transaction. It lives as long as the origin's storage, across worker stops and browser
//! restarts; `claim_due` runs in one read-write transaction, so two drains never claim the same entry.

use std::cell::RefCell;
use std::future::IntoFuture;

use futures::future::try_join_all;

use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use crate::outbox::entry::OutboxEntry;
use crate::outbox::store::{plan_claim, sort_oldest_first, OutboxStore, StoreError};

const DB_NAME: &str = "outbox";
/// 1: entries; 2: images.
const DB_VERSION: u8 = 2;
const ENTRIES: &str = "entries";
const IMAGES: &str = "images";

thread_local! {
    static OPEN: RefCell<Option<Database>> = const { RefCell::new(None) };
}

pub struct IdbStore {
    db: Database,
}

fn store_error(e: impl std::fmt::Debug) -> StoreError {
    let text = format!("{e:?}");
    if text.contains("QuotaExceeded") {
        StoreError::QuotaExceeded(text)
    } else {
        StoreError::Other(text)
    }
}

impl IdbStore {
    /// The outbox database, opened once per worker start (and created on first use).
    pub async fn open() -> Result<Self, StoreError> {
        if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
            return Ok(Self { db });
        }
        let db = Database::open(DB_NAME)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(|_event, db| {
                for name in [ENTRIES, IMAGES] {
                    if !db.object_store_names().any(|known| known == name) {
                        db.create_object_store(name).build()?;
                    }
                }
                Ok(())
            })
            .await
            .map_err(store_error)?;
        OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
        Ok(Self { db })
    }

    async fn read_all(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let tx = self.db.transaction(ENTRIES).build().map_err(store_error)?;
        read_entries(&tx.object_store(ENTRIES).map_err(store_error)?).await
    }
}

/// Every entry of the object store, oldest first, inside the caller's transaction.
async fn read_entries(store: &ObjectStore<'_>) -> Result<Vec<OutboxEntry>, StoreError> {
    let texts: Vec<String> = store
        .get_all::<String>()
        .await
        .map_err(store_error)?
        .collect::<Result<_, _>>()
        .map_err(store_error)?;
    Ok(parse_all(texts))
}

/// Entries that cannot be read (written by another version) are skipped and logged, not fatal.
fn parse_all(texts: Vec<String>) -> Vec<OutboxEntry> {
    let mut entries: Vec<OutboxEntry> = texts
        .iter()
        .filter_map(|t| match serde_json::from_str(t) {
            Ok(e) => Some(e),
            Err(e) => {
                crate::scope::warn(&format!("unreadable outbox entry left in place: {e}"));
                None
            }
        })
        .collect();
    sort_oldest_first(&mut entries);
    entries
}

/// Puts every entry, all requests issued at once (awaiting each in turn would cost a round trip to
/// the database per entry).
async fn put_all(store: &ObjectStore<'_>, entries: &[OutboxEntry]) -> Result<(), StoreError> {
    let puts = entries.iter().map(|entry| store.put(to_json(entry)).with_key(entry.id.to_string()).into_future());
    try_join_all(puts).await.map_err(store_error)?;
    Ok(())
}

fn to_json(entry: &OutboxEntry) -> String {
    serde_json::to_string(entry).expect("an OutboxEntry always serializes")
}

impl OutboxStore for IdbStore {
    async fn add(&self, entry: OutboxEntry, image: Option<Vec<u8>>) -> Result<bool, StoreError> {
        let tx = self.db.transaction([ENTRIES, IMAGES]).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let store = tx.object_store(ENTRIES).map_err(store_error)?;
        let key = entry.id.to_string();
        let known: Option<String> = store.get(key.clone()).await.map_err(store_error)?;
        if known.is_none() {
            if let Some(bytes) = image {
                let images = tx.object_store(IMAGES).map_err(store_error)?;
                let array: JsValue = js_sys::Uint8Array::from(&bytes[..]).into();
                images.put(array).with_key(key.clone()).await.map_err(store_error)?;
            }
            store.put(to_json(&entry)).with_key(key).await.map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(known.is_none())
    }

    async fn settle_round(&self, remove: &[Uuid], put: &[OutboxEntry]) -> Result<(), StoreError> {
        let tx = self.db.transaction([ENTRIES, IMAGES]).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let entries = tx.object_store(ENTRIES).map_err(store_error)?;
        let images = tx.object_store(IMAGES).map_err(store_error)?;
        let keys: Vec<String> = remove.iter().map(Uuid::to_string).collect();
        let deletes = keys.iter().flat_map(|key| [entries.delete(key.as_str()), images.delete(key.as_str())]);
        try_join_all(deletes.map(|d| d.into_future())).await.map_err(store_error)?;
        put_all(&entries, put).await?;
        tx.commit().await.map_err(store_error)
    }

    async fn put(&self, entry: OutboxEntry) -> Result<(), StoreError> {
        let tx = self.db.transaction(ENTRIES).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let store = tx.object_store(ENTRIES).map_err(store_error)?;
        store.put(to_json(&entry)).with_key(entry.id.to_string()).await.map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn remove(&self, id: Uuid) -> Result<(), StoreError> {
        self.settle_round(&[id], &[]).await
    }

    async fn image(&self, id: Uuid) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.db.transaction(IMAGES).build().map_err(store_error)?;
        let store = tx.object_store(IMAGES).map_err(store_error)?;
        let value: Option<JsValue> = store.get(id.to_string()).await.map_err(store_error)?;
        Ok(value.filter(|v| v.is_instance_of::<js_sys::Uint8Array>()).map(|v| js_sys::Uint8Array::new(&v).to_vec()))
    }

    async fn get(&self, id: Uuid) -> Result<Option<OutboxEntry>, StoreError> {
        let tx = self.db.transaction(ENTRIES).build().map_err(store_error)?;
        let store = tx.object_store(ENTRIES).map_err(store_error)?;
        let text: Option<String> = store.get(id.to_string()).await.map_err(store_error)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    async fn all(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read_all().await
    }

    async fn claim_due(&self, now_ms: u64, retention_ms: u64, max: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        let tx = self.db.transaction(ENTRIES).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let store = tx.object_store(ENTRIES).map_err(store_error)?;
        let (writes, claimed) = plan_claim(read_entries(&store).await?, now_ms, retention_ms, max);
        put_all(&store, &writes).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(claimed)
    }
}
