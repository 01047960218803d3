//! An in-memory outbox store for the native tests: the reference behaviour of `OutboxStore`.

use std::cell::RefCell;
use std::collections::BTreeMap;

use uuid::Uuid;

use outbox_protocol::RawJson;

use super::delivered::{keep_newest, DeliveredRecord};
use super::entry::OutboxEntry;
use super::store::{plan_claim, sort_oldest_first, Claim, Claimed, OutboxStore, RoundOutcomes, StorageError};

/// An in-memory store for tests (and the reference behaviour of the trait).
#[derive(Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<Uuid, OutboxEntry>>,
    images: RefCell<BTreeMap<Uuid, Vec<Vec<u8>>>>,
    delivered: RefCell<BTreeMap<Uuid, DeliveredRecord>>,
}

impl MemoryStore {
    /// The ids of the person's list of delivered records.
    pub fn delivered_ids(&self) -> Vec<Uuid> {
        self.delivered.borrow().keys().copied().collect()
    }
}

impl OutboxStore for MemoryStore {
    async fn add(&self, entry: OutboxEntry, images: Vec<Vec<u8>>) -> Result<bool, StorageError> {
        if self.entries.borrow().contains_key(&entry.id) {
            return Ok(false);
        }
        if !images.is_empty() {
            self.images.borrow_mut().insert(entry.id, images);
        }
        self.entries.borrow_mut().insert(entry.id, entry);
        Ok(true)
    }
    async fn apply_outcomes(&self, outcomes: &RoundOutcomes) -> Result<(), StorageError> {
        let RoundOutcomes { remove, put, delivered } = outcomes;
        for record in delivered {
            self.delivered.borrow_mut().insert(record.id, record.clone());
        }
        for id in remove {
            self.remove(*id).await?;
        }
        for entry in put {
            self.put(entry.clone()).await?;
        }
        Ok(())
    }
    async fn put(&self, entry: OutboxEntry) -> Result<(), StorageError> {
        self.entries.borrow_mut().insert(entry.id, entry);
        Ok(())
    }
    async fn remove(&self, id: Uuid) -> Result<(), StorageError> {
        self.entries.borrow_mut().remove(&id);
        self.images.borrow_mut().remove(&id);
        Ok(())
    }
    async fn images(&self, id: Uuid) -> Result<Vec<Vec<u8>>, StorageError> {
        Ok(self.images.borrow().get(&id).cloned().unwrap_or_default())
    }
    async fn get(&self, id: Uuid) -> Result<Option<OutboxEntry>, StorageError> {
        Ok(self.entries.borrow().get(&id).cloned())
    }
    async fn all(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        let mut all: Vec<_> = self.entries.borrow().values().cloned().collect();
        sort_oldest_first(&mut all);
        Ok(all)
    }
    async fn claim_due(&self, claim: Claim) -> Result<Claimed, StorageError> {
        let all = self.all().await?;
        let (writes, claimed) = plan_claim(all, claim);
        let mut entries = self.entries.borrow_mut();
        for entry in writes {
            entries.insert(entry.id, entry);
        }
        Ok(claimed)
    }
    async fn last_delivery_ms(&self) -> Result<Option<u64>, StorageError> {
        Ok(self.delivered.borrow().values().map(|d| d.delivered_at_ms).max())
    }
    async fn entries_and_delivered(&self, now_ms: u64) -> Result<(Vec<OutboxEntry>, Vec<RawJson>), StorageError> {
        let (kept, dropped) = keep_newest(self.delivered.borrow().values().cloned().collect(), now_ms);
        for id in dropped {
            self.delivered.borrow_mut().remove(&id);
        }
        Ok((self.all().await?, kept))
    }
}
