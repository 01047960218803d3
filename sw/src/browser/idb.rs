//! IndexedDB's requests and transactions as futures, over web-sys: the few calls the outbox makes
//! (a wrapper crate added 20 KB gzip to the worker for them, measured).
//!
//! A request's `success`/`error` events resolve a promise; the continuation runs as a microtask
//! of that event, while the transaction is still active, so requests can be chained in it.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

/// An IndexedDB failure: the DOMException's name (e.g. `QuotaExceededError`) and message.
#[derive(Debug)]
pub struct IdbError {
    pub name: String,
    pub message: String,
}

impl IdbError {
    fn of(error: Option<DomException>, what: &str) -> Self {
        match error {
            Some(e) => IdbError { name: e.name(), message: e.message() },
            None => IdbError { name: "Error".into(), message: format!("{what} failed") },
        }
    }

    pub fn thrown(value: JsValue) -> Self {
        match value.dyn_into::<DomException>() {
            Ok(e) => IdbError { name: e.name(), message: e.message() },
            Err(v) => IdbError { name: "Error".into(), message: super::scope::describe(&v) },
        }
    }
}

/// A promise settled by the target's success (or complete) and error (and abort) handlers.
fn settled_by(set: impl FnOnce(&Function, &Function)) -> JsFuture {
    let mut set = Some(set);
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        if let Some(set) = set.take() {
            set(&resolve, &reject);
        }
    }))
}

/// The result of a request, once it succeeded.
pub async fn request(request: IdbRequest) -> Result<JsValue, IdbError> {
    let done = settled_by(|resolve, reject| {
        request.set_onsuccess(Some(resolve));
        request.set_onerror(Some(reject));
    });
    match done.await {
        Ok(_) => request.result().map_err(IdbError::thrown),
        Err(_) => Err(IdbError::of(request.error().ok().flatten(), "a request")),
    }
}

/// Opens (creating or upgrading) `name` at `version`, making sure each of `stores` exists.
pub async fn open(name: &str, version: u32, stores: &'static [&'static str]) -> Result<IdbDatabase, IdbError> {
    let factory = super::scope::global()
        .indexed_db()
        .map_err(IdbError::thrown)?
        .ok_or_else(|| IdbError { name: "NotSupportedError".into(), message: "no IndexedDB here".into() })?;
    let opening = factory.open_with_u32(name, version).map_err(IdbError::thrown)?;
    let target = opening.clone();
    let upgrade = Closure::<dyn FnMut()>::new(move || {
        let Ok(db) = target.result().map(|r| r.unchecked_into::<IdbDatabase>()) else {
            return;
        };
        for store in stores {
            if !db.object_store_names().contains(store) {
                if let Err(e) = db.create_object_store(store) {
                    super::scope::warn(&format!("cannot create {store}: {}", IdbError::thrown(e).message));
                }
            }
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = request(opening.clone().into()).await;
    opening.set_onupgradeneeded(None);
    drop(upgrade);
    Ok(db?.unchecked_into())
}

/// A transaction over `stores`, read-write or read-only.
pub fn transaction(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<IdbTransaction, IdbError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let mode = if write { IdbTransactionMode::Readwrite } else { IdbTransactionMode::Readonly };
    db.transaction_with_str_sequence_and_mode(&names, mode).map_err(IdbError::thrown)
}

pub fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, IdbError> {
    tx.object_store(name).map_err(IdbError::thrown)
}

/// Commits the transaction and waits until it is durable (or reports why it failed or aborted).
pub async fn commit(tx: IdbTransaction) -> Result<(), IdbError> {
    let done = settled_by(|resolve, reject| {
        tx.set_oncomplete(Some(resolve));
        tx.set_onerror(Some(reject));
        tx.set_onabort(Some(reject));
    });
    // Ends it now instead of when its last request's event is over (a throw where unsupported,
    // ignored: it then commits by itself). web-sys marks `commit` deprecated; browsers do not.
    #[allow(deprecated)]
    let _ = tx.commit();
    match done.await {
        Ok(_) => Ok(()),
        Err(_) => Err(IdbError::of(tx.error(), "the transaction")),
    }
}
