//! A unit of work: the store as seen from inside one transaction. The delivery workers handle a batch of
//! updates through it, so that the reports, replies and "done" marks of the whole batch are committed at
//! once (one commit instead of several per message) or not at all.

use std::ops::{Deref, DerefMut};

use async_trait::async_trait;
use sqlx::{Database, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use super::{Store, StoreError, db_error};

/// The store inside a transaction that is still open.
#[async_trait]
pub trait Batch: Store {
    /// Makes everything done through this batch durable, at once.
    async fn commit(&self) -> Result<(), StoreError>;

    /// Forgets everything done through this batch.
    async fn rollback(&self);
}

/// A transaction shared by the calls made through one batch, one at a time.
pub struct SqlBatch<DB: Database> {
    tx: Mutex<Option<Transaction<'static, DB>>>,
}

impl<DB: Database> std::fmt::Debug for SqlBatch<DB> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqlBatch")
    }
}

impl<DB: Database> SqlBatch<DB> {
    pub(crate) fn new(tx: Transaction<'static, DB>) -> Self {
        Self { tx: Mutex::new(Some(tx)) }
    }

    /// The batch's connection, for one statement.
    pub(crate) async fn conn(&self) -> Result<BatchConn<'_, DB>, StoreError> {
        let guard = self.tx.lock().await;
        if guard.is_none() {
            return Err(StoreError::Refused("the batch was already committed or rolled back".into()));
        }
        Ok(BatchConn(guard))
    }

    /// A transaction of the concern code inside the batch: the batch's own, whose commit waits for the
    /// batch's.
    pub(crate) async fn begin(&self) -> Result<BatchConn<'_, DB>, sqlx::Error> {
        let guard = self.tx.lock().await;
        if guard.is_none() {
            return Err(sqlx::Error::PoolClosed);
        }
        Ok(BatchConn(guard))
    }

    async fn finish(&self, commit: bool) -> Result<(), StoreError> {
        let Some(tx) = self.tx.lock().await.take() else { return Ok(()) };
        if commit { tx.commit().await.map_err(db_error) } else { tx.rollback().await.map_err(db_error) }
    }
}

/// The batch's connection, held for one call.
pub(crate) struct BatchConn<'a, DB: Database>(MutexGuard<'a, Option<Transaction<'static, DB>>>);

impl<DB: Database> BatchConn<'_, DB> {
    /// The end of a transaction of the concern code: nothing yet, the batch commits.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

impl<DB: Database> Deref for BatchConn<'_, DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &DB::Connection {
        self.0.as_ref().expect("checked when the connection was taken")
    }
}

impl<DB: Database> DerefMut for BatchConn<'_, DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        self.0.as_mut().expect("checked when the connection was taken")
    }
}

#[async_trait]
impl<DB: Database> Batch for SqlBatch<DB>
where
    Self: Store,
{
    async fn commit(&self) -> Result<(), StoreError> {
        self.finish(true).await
    }

    async fn rollback(&self) {
        if let Err(e) = self.finish(false).await {
            tracing::warn!(error = %e, "cannot roll a batch back; the database drops it with the connection");
        }
    }
}
