//! Where plans, bindings and (later) progress live. The core sees only the [`Store`] trait; SQLite (the
//! embedded default) and PostgreSQL implement it with the same SQL where the dialects agree.

#[macro_use]
mod sql;
pub mod batch;
#[macro_use]
mod chats;
#[macro_use]
mod plans;
#[macro_use]
mod queue;
#[macro_use]
mod reports;
#[macro_use]
mod settings;
#[macro_use]
mod web;
pub mod postgres;
mod rows;
pub mod sqlite;

pub use batch::Batch;
pub use chats::{BindFailures, ChatStore};
pub use plans::{PlanOverview, PlanStore};
pub use queue::{
    ButtonToken, Finished, InboxItem, Instance, Lease, NewUpdate, OutboxItem, Outgoing, QueueStore, SendClaim,
    SendOutcome,
};
pub use reports::ReportStore;
pub use settings::SettingsStore;
pub use web::WebStore;

/// Rows written by one multi-row statement (at most 6 parameters a row here: both databases' limits on
/// parameters stay far off).
pub(crate) const ROWS_PER_STATEMENT: usize = 500;

use std::sync::Arc;

use async_trait::async_trait;

use crate::plan::PlanBundle;
use crate::progress::NewReport;

pub const DEFAULT_URL: &str = "sqlite://phoihop.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL “{0}”: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("cannot open the database {url}: {source}")]
    Open {
        url: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The database cannot be reached, is shutting down or busy: trying again later can help.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database refused the request itself (a constraint, a value it cannot decode, a statement it
    /// does not know): a bug or bad data, which trying again cannot mend.
    #[error("the database refused the request: {0}")]
    Refused(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("the stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether trying again later can help: the database was away, not wrong.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Unavailable(_) | StoreError::Open { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Created,
    Updated,
    Unchanged,
}

/// Everything the bot keeps, by concern; each backend implements every part.
#[async_trait]
pub trait Store: PlanStore + ChatStore + ReportStore + QueueStore + SettingsStore + WebStore + std::fmt::Debug {
    /// "sqlite" or "postgres", for logs and messages.
    fn backend(&self) -> &'static str;

    /// Whether the database answers (for readiness checks).
    async fn ping(&self) -> Result<(), StoreError>;

    /// Opens a unit of work: calls made through it happen in one transaction, committed together. While
    /// it is open on SQLite, the rest of the process waits for the database.
    async fn begin_batch(&self) -> Result<Arc<dyn Batch>, StoreError>;
}

/// Opens (and migrates) the database at `url`: `sqlite://FILE`, `sqlite::memory:`, a path ending in
/// `.db`, or `postgres://…`.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::open(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else if !url.contains("://") && (url.ends_with(".db") || url.ends_with(".sqlite")) {
        Ok(Arc::new(sqlite::SqliteStore::open(&format!("sqlite://{url}")).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_string()))
    }
}

/// The canonical text of a bundle: equal text, equal plan.
pub(crate) fn content_of(bundle: &PlanBundle) -> String {
    serde_json::to_string(bundle).expect("a plan always serialises")
}

/// A driver error as the store reports it: unavailable (try again) or refused (never).
pub(crate) fn db_error(e: sqlx::Error) -> StoreError {
    if transient(&e) { StoreError::Unavailable(Box::new(e)) } else { StoreError::Refused(Box::new(e)) }
}

fn transient(e: &sqlx::Error) -> bool {
    use sqlx::Error::*;
    match e {
        Io(_) | Tls(_) | Protocol(_) | PoolTimedOut | PoolClosed | WorkerCrashed | BeginFailed => true,
        Database(db) => db.code().is_some_and(|code| transient_code(&code)),
        _ => false,
    }
}

/// Database error codes that say the database, not the request, is the trouble.
fn transient_code(code: &str) -> bool {
    if code.len() == 5 {
        // PostgreSQL's SQLSTATE: connection exceptions (08), insufficient resources (53), operator
        // intervention such as a shutdown (57), system errors (58), serialization failure and deadlock.
        return ["08", "53", "57", "58"].iter().any(|class| code.starts_with(class))
            || matches!(code, "40001" | "40P01");
    }
    // SQLite's result codes (extended codes carry the primary one in their low byte): busy, locked, out of
    // memory, I/O error, disk full, cannot open.
    code.parse::<i32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 7 | 10 | 13 | 14))
}

/// The source key of the `k`th report (from 0) of the message `source`: the key itself, then "key#2" …
pub fn source_of(source: &str, k: usize) -> String {
    if k == 0 { source.to_string() } else { format!("{source}#{}", k + 1) }
}

/// The reports a pending row holds: a list, or one report as rows written before lists.
pub(crate) fn pending_payload(payload: &str) -> Result<Vec<NewReport>, StoreError> {
    serde_json::from_str::<Vec<NewReport>>(payload)
        .or_else(|_| serde_json::from_str::<NewReport>(payload).map(|r| vec![r]))
        .map_err(|e| StoreError::Corrupt(format!("pending report: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_tell_away_from_wrong() {
        for code in ["08006", "57P01", "53300", "40001", "40P01", "5", "517", "6", "10", "3338", "13"] {
            assert!(transient_code(code), "{code}");
        }
        for code in ["23505", "23503", "22P02", "42P01", "19", "2067", "1811", "1", "275"] {
            assert!(!transient_code(code), "{code}");
        }
        assert!(db_error(sqlx::Error::PoolTimedOut).is_transient());
        assert!(!db_error(sqlx::Error::RowNotFound).is_transient());
        assert!(!db_error(sqlx::Error::ColumnNotFound("x".into())).is_transient());
    }
}
