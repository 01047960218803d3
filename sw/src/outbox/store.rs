//! The outbox's storage, as a trait: IndexedDB in the worker (`crate::browser::idb_store`), memory
//! in the tests (`memory_store`).

use uuid::Uuid;

use outbox_protocol::RawJson;

use super::delivered::DeliveredRecord;
use super::entry::{OutboxEntry, Stage};
use super::policy;

/// Why the outbox's storage failed; `QuotaExceeded` is reported to the person as "storage full".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    QuotaExceeded(String),
    Other(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::QuotaExceeded(m) => write!(f, "the browser's storage for this site is full: {m}"),
            StorageError::Other(m) => write!(f, "the outbox storage failed: {m}"),
        }
    }
}

/// The worker answers a page with the error's words.
impl From<StorageError> for String {
    fn from(e: StorageError) -> String {
        e.to_string()
    }
}

#[allow(async_fn_in_trait)]
pub trait OutboxStore {
    /// Stores a new entry and its image's bytes, together, and answers true; a known id is left
    /// as it is (the page may post the same one twice) and answers false.
    async fn add(&self, entry: OutboxEntry, images: Vec<Vec<u8>>) -> Result<bool, StorageError>;
    /// Replaces an entry (its image stays).
    async fn put(&self, entry: OutboxEntry) -> Result<(), StorageError>;
    /// Removes an entry and its image.
    async fn remove(&self, id: Uuid) -> Result<(), StorageError>;
    /// What a drain round came to, in one step.
    async fn apply_outcomes(&self, outcomes: &RoundOutcomes) -> Result<(), StorageError>;
    /// In one read: every entry, oldest first, and the person's list of delivered records, newest
    /// first, within its limits (what falls outside them is forgotten here).
    async fn entries_and_delivered(&self, now_ms: u64) -> Result<(Vec<OutboxEntry>, Vec<RawJson>), StorageError>;
    /// The bytes of an entry's image.
    async fn images(&self, id: Uuid) -> Result<Vec<Vec<u8>>, StorageError>;
    async fn get(&self, id: Uuid) -> Result<Option<OutboxEntry>, StorageError>;
    /// Every entry, oldest first.
    async fn all(&self) -> Result<Vec<OutboxEntry>, StorageError>;
    /// In one atomic step: expires entries older than `retention_ms`, then takes up to `max` due
    /// entries (oldest first; an entry with an image ends the claim, so a round sends at most one
    /// image and stays well inside the lease), marks them Sending with a lease and counts the
    /// attempt. Two drains never get the same entry while its lease holds, unless the lease was
    /// taken before this instance of the worker started (`Claim::leases_since_ms`).
    async fn claim_due(&self, claim: Claim) -> Result<Claimed, StorageError>;
    /// When this browser last heard the server acknowledge a submission (its clock).
    async fn last_delivery_ms(&self) -> Result<Option<u64>, StorageError>;
}

/// What a claim took, and every other entry as the claim left it (what a drain that ends on an
/// empty claim leaves, with no read of its own).
#[derive(Debug, Default)]
pub struct Claimed {
    pub taken: Vec<OutboxEntry>,
    pub left: Vec<OutboxEntry>,
}

/// What one drain round changes in the store, written in one step.
#[derive(Debug, Default)]
pub struct RoundOutcomes {
    /// Entries (and their images) to remove: delivered, or gone for good.
    pub remove: Vec<Uuid>,
    /// Entries to replace (a retry scheduled, a refusal kept).
    pub put: Vec<OutboxEntry>,
    /// The server's records of what was delivered (the person's own list).
    pub delivered: Vec<DeliveredRecord>,
}

/// What one drain round may take: due entries at `now_ms`, up to `max`, after expiring those older
/// than `retention_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub now_ms: u64,
    pub retention_ms: u64,
    pub max: usize,
    /// When this instance of the worker started: a lease taken before then was taken by an
    /// instance that no longer runs (one runs at a time), so it holds nothing back.
    pub leases_since_ms: u64,
}

/// The claim rule shared by every store: the part of `claim_due` that is not storage.
/// Returns the entries to write back (expired or claimed) and what was claimed and left.
pub fn plan_claim(entries: Vec<OutboxEntry>, claim: Claim) -> (Vec<OutboxEntry>, Claimed) {
    let Claim { now_ms, retention_ms, max, leases_since_ms } = claim;
    let mut writes = Vec::new();
    let mut claimed = Claimed::default();
    for mut entry in entries {
        if policy::is_pending(&entry) && policy::is_expired(&entry, now_ms, retention_ms) {
            entry.stage = Stage::Expired;
            entry.last_error = Some("waited longer than the retention limit; not sent".into());
            writes.push(entry.clone());
            claimed.left.push(entry);
        } else if claimed.taken.len() < max
            && !ends_claim(&claimed.taken)
            && policy::is_due(&entry, now_ms, leases_since_ms)
        {
            let entry = policy::claim(entry, now_ms);
            writes.push(entry.clone());
            claimed.taken.push(entry);
        } else {
            claimed.left.push(entry);
        }
    }
    (writes, claimed)
}

/// An entry with images is sent alone (a form of up to megabytes): nothing is claimed after one.
fn ends_claim(claimed: &[OutboxEntry]) -> bool {
    claimed.last().is_some_and(|e| !e.images.is_empty())
}

/// Entries oldest first (by press time, then id for a stable order).
pub fn sort_oldest_first(entries: &mut [OutboxEntry]) {
    super::sort::sort_by_key(entries, |e| (e.created_at_ms, e.id));
}
