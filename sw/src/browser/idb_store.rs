//! The outbox in IndexedDB: an object store of JSON entries keyed by the submission id, and one of
//! image bytes (a `Uint8Array`, not a Blob: Safari cannot keep Blobs in IndexedDB) under the same
//! key, written and removed in the entry's transaction. It lives as long as the origin's storage,
//! across worker stops and browser restarts; `claim_due` runs in one read-write transaction, so
//! two drains never claim the same entry.

use js_sys::{Array, Uint8Array};
use outbox_protocol::json::{uuid_text, ToJson};
use outbox_protocol::RawJson;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbObjectStore};

use super::idb::{self, IdbError};
use crate::outbox::delivered::{keep_newest, DeliveredRecord};
use crate::outbox::entry::OutboxEntry;
use crate::outbox::store::{plan_claim, sort_oldest_first, Claim, Claimed, OutboxStore, RoundOutcomes, StorageError};
use outbox_protocol::json::browser as js_json;

/// 1: entries; 2: images; 3: delivered.
const DB_VERSION: u32 = 3;
const ENTRIES: &str = "entries";
const IMAGES: &str = "images";
/// The server's records of what this browser delivered (`outbox::delivered`), by id.
const DELIVERED: &str = "delivered";

/// A handle on the open database (cheap to clone: the same connection). The `Outbox` opens it once
/// per worker start and keeps it.
#[derive(Clone)]
pub struct IdbStore {
    db: IdbDatabase,
}

impl From<IdbError> for StorageError {
    fn from(e: IdbError) -> Self {
        let text = format!("{}: {}", e.name, e.message);
        if e.name == "QuotaExceededError" {
            StorageError::QuotaExceeded(text)
        } else {
            StorageError::Other(text)
        }
    }
}

fn key(id: &Uuid) -> JsValue {
    JsValue::from_str(&uuid_text(id))
}

impl IdbStore {
    /// Opens the outbox database (created, or upgraded, on first use).
    pub async fn open(name: &str) -> Result<Self, StorageError> {
        Ok(Self { db: idb::open(name, DB_VERSION, &[ENTRIES, IMAGES, DELIVERED]).await? })
    }

    async fn read_all(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        let tx = idb::transaction(&self.db, &[ENTRIES], false)?;
        read_entries(&idb::store(&tx, ENTRIES)?).await
    }
}

/// Every delivered record of the list, inside the caller's transaction.
async fn read_delivered(list: &IdbObjectStore) -> Result<Vec<DeliveredRecord>, StorageError> {
    let all = idb::request(list.get_all().map_err(IdbError::thrown)?).await?;
    Ok(Array::from(&all)
        .iter()
        .filter_map(|value| value.as_string().and_then(|text| js_json::parse(&text).ok()))
        .collect())
}

/// Every entry of the object store, oldest first, inside the caller's transaction.
async fn read_entries(store: &IdbObjectStore) -> Result<Vec<OutboxEntry>, StorageError> {
    let all = idb::request(store.get_all().map_err(IdbError::thrown)?).await?;
    let mut entries: Vec<OutboxEntry> = Array::from(&all).iter().filter_map(|value| parse(&value)).collect();
    sort_oldest_first(&mut entries);
    Ok(entries)
}

/// An entry that cannot be read (written by another version) is skipped and logged, not fatal.
fn parse(value: &JsValue) -> Option<OutboxEntry> {
    let read = match value.as_string() {
        Some(text) => js_json::parse(&text),
        None => Err("not text".into()),
    };
    read.map_err(|e| super::scope::warn(&format!("unreadable outbox entry left in place: {e}"))).ok()
}

/// Puts every entry, all requests issued at once and none awaited: a write that fails aborts the
/// transaction, and `idb::commit` then says why (awaiting each would cost a round trip per entry).
fn put_all(store: &IdbObjectStore, entries: &[OutboxEntry]) -> Result<(), StorageError> {
    for entry in entries {
        store.put_with_key(&JsValue::from_str(&entry.to_json_text()), &key(&entry.id)).map_err(IdbError::thrown)?;
    }
    Ok(())
}

impl OutboxStore for IdbStore {
    async fn last_delivery_ms(&self) -> Result<Option<u64>, StorageError> {
        let tx = idb::transaction(&self.db, &[DELIVERED], false)?;
        Ok(read_delivered(&idb::store(&tx, DELIVERED)?).await?.iter().map(|d| d.delivered_at_ms).max())
    }

    async fn add(&self, entry: OutboxEntry, images: Vec<Vec<u8>>) -> Result<bool, StorageError> {
        let tx = idb::transaction(&self.db, &[ENTRIES, IMAGES], true)?;
        let key = key(&entry.id);
        // No read first: `add` refuses a key that is there (a submission already kept) with a
        // ConstraintError, which aborts the transaction, the images' put with it.
        let value = JsValue::from_str(&entry.to_json_text());
        let added = idb::store(&tx, ENTRIES)?.add_with_key(&value, &key).map_err(IdbError::thrown)?;
        if !images.is_empty() {
            // An array of the images' bytes, in order (the one-image build kept one array of bytes).
            let list: Array = images.iter().map(|bytes| Uint8Array::from(&bytes[..])).collect();
            idb::store(&tx, IMAGES)?.put_with_key(&list, &key).map_err(IdbError::thrown)?;
        }
        match idb::request(added).await {
            Err(e) if e.name == "ConstraintError" => return Ok(false),
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        idb::commit(tx).await?;
        Ok(true)
    }

    async fn apply_outcomes(&self, outcomes: &RoundOutcomes) -> Result<(), StorageError> {
        let RoundOutcomes { remove, put, delivered } = outcomes;
        let stores: &[&str] = if delivered.is_empty() { &[ENTRIES, IMAGES] } else { &[ENTRIES, IMAGES, DELIVERED] };
        let tx = idb::transaction(&self.db, stores, true)?;
        if !delivered.is_empty() {
            let list = idb::store(&tx, DELIVERED)?;
            for d in delivered {
                list.put_with_key(&JsValue::from_str(&d.to_json_text()), &key(&d.id)).map_err(IdbError::thrown)?;
            }
        }
        let entries = idb::store(&tx, ENTRIES)?;
        let images = idb::store(&tx, IMAGES)?;
        for id in remove {
            let key = key(id);
            entries.delete(&key).map_err(IdbError::thrown)?;
            images.delete(&key).map_err(IdbError::thrown)?;
        }
        put_all(&entries, put)?;
        idb::commit(tx).await?;
        Ok(())
    }

    async fn put(&self, entry: OutboxEntry) -> Result<(), StorageError> {
        self.apply_outcomes(&RoundOutcomes { put: vec![entry], ..Default::default() }).await
    }

    async fn remove(&self, id: Uuid) -> Result<(), StorageError> {
        self.apply_outcomes(&RoundOutcomes { remove: vec![id], ..Default::default() }).await
    }

    async fn images(&self, id: Uuid) -> Result<Vec<Vec<u8>>, StorageError> {
        let tx = idb::transaction(&self.db, &[IMAGES], false)?;
        let store = idb::store(&tx, IMAGES)?;
        let value = idb::request(store.get(&key(&id)).map_err(IdbError::thrown)?).await?;
        Ok(match value.dyn_into::<Uint8Array>() {
            Ok(one) => vec![one.to_vec()],
            Err(value) if Array::is_array(&value) => Array::from(&value)
                .iter()
                .filter_map(|bytes| bytes.dyn_into::<Uint8Array>().ok())
                .map(|b| b.to_vec())
                .collect(),
            Err(_) => Vec::new(),
        })
    }

    async fn get(&self, id: Uuid) -> Result<Option<OutboxEntry>, StorageError> {
        let tx = idb::transaction(&self.db, &[ENTRIES], false)?;
        let store = idb::store(&tx, ENTRIES)?;
        let value = idb::request(store.get(&key(&id)).map_err(IdbError::thrown)?).await?;
        Ok(if value.is_undefined() { None } else { parse(&value) })
    }

    async fn all(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        self.read_all().await
    }

    async fn claim_due(&self, claim: Claim) -> Result<Claimed, StorageError> {
        let tx = idb::transaction(&self.db, &[ENTRIES], true)?;
        let store = idb::store(&tx, ENTRIES)?;
        let (writes, claimed) = plan_claim(read_entries(&store).await?, claim);
        put_all(&store, &writes)?;
        idb::commit(tx).await?;
        Ok(claimed)
    }

    async fn entries_and_delivered(&self, now_ms: u64) -> Result<(Vec<OutboxEntry>, Vec<RawJson>), StorageError> {
        let tx = idb::transaction(&self.db, &[ENTRIES, DELIVERED], false)?;
        let entries = read_entries(&idb::store(&tx, ENTRIES)?).await?;
        let (kept, dropped) = keep_newest(read_delivered(&idb::store(&tx, DELIVERED)?).await?, now_ms);
        if !dropped.is_empty() {
            // Past the list's limits (rarely: a record a day for 200 days, or a month old): forgotten
            // in a write of its own, so the read stays read-only.
            let tx = idb::transaction(&self.db, &[DELIVERED], true)?;
            let list = idb::store(&tx, DELIVERED)?;
            for id in &dropped {
                list.delete(&key(id)).map_err(IdbError::thrown)?;
            }
            idb::commit(tx).await?;
        }
        Ok((entries, kept))
    }
}
