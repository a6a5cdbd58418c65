//! Where plans, bindings and (later) progress live. The core sees only the [`Store`] trait; SQLite (the
//! embedded default) and PostgreSQL implement it with the same SQL where the dialects agree.

#[macro_use]
mod sql;
pub mod postgres;
mod rows;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

use chrono::{DateTime, Utc};

use crate::chat::{ChatBinding, ChatKey, Invite, Redeemed};
use crate::delivery::{InboxItem, NewUpdate, OutboxItem, Outgoing, SendOutcome};
use crate::plan::PlanBundle;
use crate::progress::{NewReport, Report, Retraction};

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

/// How a worker claims rows: until `until` (business clock), as instance `by`, which counts the claims of
/// instances with no heartbeat since `alive_since` (wall clock) as free.
#[derive(Debug, Clone, Copy)]
pub struct Lease<'a> {
    pub by: &'a str,
    pub now: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub alive_since: DateTime<Utc>,
}

/// A serving process, as it shows itself to the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub platform: String,
    pub host: String,
    pub pid: i64,
    pub started_at: DateTime<Utc>,
    /// Wall-clock time of its last heartbeat.
    pub heartbeat_at: DateTime<Utc>,
}

/// A scheduled send (the digest of a week, a reminder) to one chat, claimed once.
#[derive(Debug, Clone, Copy)]
pub struct SendClaim<'a> {
    pub job: &'a str,
    pub period: &'a str,
    pub chat: &'a ChatKey,
}

#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// "sqlite" or "postgres", for logs and messages.
    fn backend(&self) -> &'static str;

    /// Whether the database answers (for readiness checks).
    async fn ping(&self) -> Result<(), StoreError>;

    /// Stores a plan and its catalog in one transaction. Saving what is already there changes nothing.
    async fn save_plan(&self, bundle: &PlanBundle) -> Result<SaveOutcome, StoreError>;

    /// The plan `id`, or without an id the most recently loaded plan.
    async fn load_plan(&self, id: Option<&str>) -> Result<Option<PlanBundle>, StoreError>;

    /// Ids of every stored plan, most recently loaded first.
    async fn plan_ids(&self) -> Result<Vec<String>, StoreError>;

    /// Binds a chat to an agency, replacing any earlier binding of that chat.
    async fn bind_chat(&self, binding: &ChatBinding) -> Result<(), StoreError>;

    async fn chat_binding(&self, chat: &ChatKey) -> Result<Option<ChatBinding>, StoreError>;

    /// Records that a chat bound to an agency that ended was told who carries on its work; true only the
    /// first time (binding the chat again resets it).
    async fn note_succession_told(&self, chat: &ChatKey, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Appends a report; returns it with its id.
    async fn add_report(&self, report: &NewReport) -> Result<Report, StoreError>;

    /// Appends the reports of one message in one transaction; returns them with their ids.
    async fn add_report_batch(&self, reports: &[NewReport]) -> Result<Vec<Report>, StoreError>;

    /// Appends many reports at once (imports, synthetic data), in one transaction; returns how many.
    async fn add_reports(&self, reports: &[NewReport]) -> Result<u64, StoreError>;

    /// The latest live report of one (task, agency, period).
    async fn current_report(
        &self,
        plan_id: &str,
        task: &str,
        agency: &str,
        period: &str,
    ) -> Result<Option<Report>, StoreError>;

    /// The latest live report of every (task, agency, period) of a plan.
    async fn latest_reports(&self, plan_id: &str) -> Result<Vec<Report>, StoreError>;

    /// The latest live reports of one task, every agency and period.
    async fn latest_task_reports(&self, plan_id: &str, task: &str) -> Result<Vec<Report>, StoreError>;

    /// The latest report of every (task, agency, period) as it stood just before `until`.
    async fn latest_reports_as_of(&self, plan_id: &str, until: DateTime<Utc>) -> Result<Vec<Report>, StoreError>;

    /// The latest report of every (task, agency, period) as it stood just before `first` and just before
    /// `second` (`first` ≤ `second`), read in one pass: the two ends of a week, for its digest.
    async fn latest_reports_at_both(
        &self,
        plan_id: &str,
        first: DateTime<Utc>,
        second: DateTime<Utc>,
    ) -> Result<(Vec<Report>, Vec<Report>), StoreError>;

    /// Reports made in `[from, to)`, retracted ones included, oldest first.
    async fn reports_between(
        &self,
        plan_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Report>, StoreError>;

    /// Every report of a task, retracted ones included, newest first, at most `limit`.
    async fn task_history(&self, plan_id: &str, task: &str, limit: i64) -> Result<Vec<Report>, StoreError>;

    /// Every report of a plan, oldest first.
    async fn all_reports(&self, plan_id: &str) -> Result<Vec<Report>, StoreError>;

    /// Agencies with a live report at or after `since`, with the time of their latest.
    async fn reported_since(
        &self,
        plan_id: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError>;

    /// Retracts the chat's report `id` (or, without an id, its latest live report) if it was made at or
    /// after `since` and is not retracted yet. Returns the report retracted.
    async fn retract(
        &self,
        id: Option<i64>,
        since: DateTime<Utc>,
        by: &Retraction,
    ) -> Result<Option<Report>, StoreError>;

    /// Keeps the reports of one message until their author confirms them; replaces the chat's earlier
    /// pending ones.
    async fn put_pending(&self, reports: &[NewReport]) -> Result<(), StoreError>;

    /// Records the chat's pending reports if they were put at or after `since`, in one transaction, as made
    /// by the update `source` that confirmed them (see [`source_of`]). Empty when none waited.
    async fn commit_pending(
        &self,
        chat: &ChatKey,
        since: DateTime<Utc>,
        source: Option<&str>,
    ) -> Result<Vec<Report>, StoreError>;

    /// Drops the chat's pending report; whether there was one.
    async fn drop_pending(&self, chat: &ChatKey) -> Result<bool, StoreError>;

    async fn create_invite(&self, invite: &Invite) -> Result<(), StoreError>;

    /// Uses a code: binds the chat if the code is known, unused and unexpired, in one transaction.
    async fn redeem_invite(&self, code_hash: &str, chat: &ChatKey, at: DateTime<Utc>) -> Result<Redeemed, StoreError>;

    async fn record_bind_failure(&self, chat: &ChatKey, at: DateTime<Utc>) -> Result<(), StoreError>;

    async fn bind_failures_since(&self, chat: &ChatKey, since: DateTime<Utc>) -> Result<i64, StoreError>;

    /// Every chat bound to an agency of the catalog, oldest binding first.
    async fn chat_bindings(&self, catalog: &str) -> Result<Vec<ChatBinding>, StoreError>;

    /// Unbinds a chat; whether it was bound.
    async fn unbind_chat(&self, chat: &ChatKey) -> Result<bool, StoreError>;

    /// A chat that got a new id (a Telegram group upgraded to a supergroup) keeps its binding.
    async fn move_chat(&self, from: &ChatKey, to: &ChatKey) -> Result<bool, StoreError>;

    /// Every stored setting, by key.
    async fn settings(&self) -> Result<Vec<(String, String)>, StoreError>;

    async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError>;

    /// Whether the send of `job` for `period` to `chat` was claimed already.
    async fn send_claimed(&self, job: &str, period: &str, chat: &ChatKey) -> Result<bool, StoreError>;

    /// Queues messages in the outbox. With a claim, only if that send was never claimed before (claiming it
    /// in the same transaction): true for exactly one caller, ever. Returns whether they were queued.
    async fn enqueue(
        &self,
        messages: &[Outgoing],
        claim: Option<&SendClaim<'_>>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Stores updates in the inbox, in order and in one transaction, skipping any already there (same
    /// platform and id); returns how many were new.
    async fn inbox_put(&self, updates: &[NewUpdate]) -> Result<usize, StoreError>;

    /// Takes up to `limit` open updates of a platform under `lease`: only the oldest open update of each
    /// chat, and none that a live worker holds. Oldest first.
    async fn inbox_claim(&self, platform: &str, lease: &Lease<'_>, limit: i64) -> Result<Vec<InboxItem>, StoreError>;

    /// Marks an update handled (or given up) and queues its replies, in one transaction.
    async fn inbox_finish(
        &self,
        id: i64,
        failed: bool,
        replies: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Takes up to `limit` messages of a platform that are due, as [`Store::inbox_claim`] takes updates.
    async fn outbox_claim(&self, platform: &str, lease: &Lease<'_>, limit: i64) -> Result<Vec<OutboxItem>, StoreError>;

    /// Records that a serving process is alive (registering it the first time).
    async fn heartbeat(&self, instance: &Instance) -> Result<(), StoreError>;

    /// Every serving process that has registered and not been forgotten.
    async fn instances(&self) -> Result<Vec<Instance>, StoreError>;

    /// Forgets a serving process: one that stopped, or died. Its claims are free at once.
    async fn forget_instance(&self, id: &str) -> Result<(), StoreError>;

    /// Records what came of an attempt at sending a message.
    async fn outbox_outcome(&self, id: i64, outcome: &SendOutcome, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// How many messages of a platform wait to be sent.
    async fn outbox_open(&self, platform: &str) -> Result<i64, StoreError>;

    /// The reports an update made, if it made any, in order.
    async fn reports_by_source(&self, source: &str) -> Result<Vec<Report>, StoreError>;

    /// The report an update retracted, if it retracted one.
    async fn retracted_by_source(&self, source: &str) -> Result<Option<Report>, StoreError>;

    /// Forgets bookkeeping older than `before`: handled updates, sent messages, wrong codes, stale buttons
    /// and expired pending reports. Returns how many rows went.
    async fn prune(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Remembers what a button sent to a chat stands for.
    async fn put_button(&self, token: &str, chat: &ChatKey, message: &str, at: DateTime<Utc>)
    -> Result<(), StoreError>;

    /// What a pressed button stands for, if the bot sent it to this chat since `since`; single use.
    async fn take_button(
        &self,
        token: &str,
        chat: &ChatKey,
        since: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError>;
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
