//! The embedded default: one SQLite file, in WAL mode, created on first use.

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use super::StoreError;
use super::batch::SqlBatch;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// Each schema change, in order; the files live in `migrations/sqlite/`.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "plans and chats", include_str!("../../migrations/sqlite/0001_plans_and_chats.sql")),
    (2, "reports", include_str!("../../migrations/sqlite/0002_reports.sql")),
    (3, "chats", include_str!("../../migrations/sqlite/0003_chats.sql")),
    (4, "schedule", include_str!("../../migrations/sqlite/0004_schedule.sql")),
    (5, "inbox and outbox", include_str!("../../migrations/sqlite/0005_inbox_outbox.sql")),
    (6, "plan as it stands", include_str!("../../migrations/sqlite/0006_plan_as_it_stands.sql")),
    (7, "expected dates", include_str!("../../migrations/sqlite/0007_expected_dates.sql")),
    (8, "instances", include_str!("../../migrations/sqlite/0008_instances.sql")),
    (9, "current reports", include_str!("../../migrations/sqlite/0009_current_reports.sql")),
    (10, "retractions by time", include_str!("../../migrations/sqlite/0010_retractions_by_time.sql")),
    (11, "bind failures by user", include_str!("../../migrations/sqlite/0011_bind_failures_by_user.sql")),
    (12, "confirmed by", include_str!("../../migrations/sqlite/0012_confirmed_by.sql")),
    (13, "many plans", include_str!("../../migrations/sqlite/0013_many_plans.sql")),
    (14, "plan coordinators", include_str!("../../migrations/sqlite/0014_plan_coordinators.sql")),
    (15, "reviews", include_str!("../../migrations/sqlite/0015_reviews.sql")),
    (16, "plan review", include_str!("../../migrations/sqlite/0016_plan_review.sql")),
    (17, "web sessions", include_str!("../../migrations/sqlite/0017_web.sql")),
    (18, "web indexes", include_str!("../../migrations/sqlite/0018_web_indexes.sql")),
    (19, "current by report", include_str!("../../migrations/sqlite/0019_current_by_report.sql")),
];

impl SqliteStore {
    pub(crate) const BACKEND: &'static str = "sqlite";
    /// Transactions begin IMMEDIATE, taking the write lock: no statement is needed for it.
    pub(crate) const WRITE_LOCK: Option<&'static str> = None;
    /// Rows cross from the driver's worker thread one by one: many come faster as one JSON text.
    pub(crate) const ROWS_AS_JSON: bool = true;

    /// One UPDATE statement: SQLite runs it under the database's write lock, so two workers never take
    /// the same row.
    pub(crate) const CLAIM_INBOX: &'static str = claim_inbox!("INDEXED BY inbox_open", "");
    pub(crate) const CLAIM_OUTBOX: &'static str = claim_outbox!("INDEXED BY outbox_open", "");
    /// Inside a batch, which holds the write lock from its start: a plain read.
    pub(crate) const TAKE_INBOX: &'static str = take_inbox!("INDEXED BY inbox_open", "");

    pub(crate) async fn conn(&self) -> Result<PoolConnection<Sqlite>, StoreError> {
        self.pool.acquire().await.map_err(super::db_error)
    }

    /// A transaction that holds SQLite's write lock from its start, so that two writers (this process
    /// and a command run beside it) queue on the busy timeout instead of failing when a reader upgrades.
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    async fn open_batch(&self) -> Result<std::sync::Arc<dyn super::Batch>, StoreError> {
        let tx = self.begin().await.map_err(super::db_error)?;
        Ok(std::sync::Arc::new(SqlBatch::new(tx)))
    }

    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let open_error = |e: sqlx::Error| StoreError::Open { url: url.to_string(), source: Box::new(e) };
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)
            .map_err(open_error)?
            .create_if_missing(true)
            .journal_mode(if in_memory { SqliteJournalMode::Memory } else { SqliteJournalMode::Wal })
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Rows come from SQLite's worker thread through a channel: a roomy one lets it run ahead
            // instead of waking this side for every few rows (a digest reads thousands).
            .row_buffer_size(1024);
        // One connection, used in turn: SQLite takes one writer at a time anyway, and several connections
        // only wait for each other in its busy handler (sleeping up to 100 ms a try). Queued in the pool,
        // the bot's short queries and writes run back to back instead.
        // Not checked each time it is taken (a trip to the driver's thread and back): an embedded file
        // cannot hang up, and with no await between taking the connection and handing it over, a caller
        // that is cancelled cannot make the pool drop it (and with it an in-memory database).
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory { None } else { Some(Duration::from_secs(600)) })
            .max_lifetime(if in_memory { None } else { Some(Duration::from_secs(3600)) })
            .connect_with(options)
            .await
            .map_err(open_error)?;
        super::sql::migrator(MIGRATIONS)
            .run(&pool)
            .await
            .map_err(|e| StoreError::Open { url: url.to_string(), source: Box::new(e) })?;
        Ok(Self { pool })
    }
}

sql_store!(SqliteStore, Sqlite);

impl SqlBatch<Sqlite> {
    pub(crate) const BACKEND: &'static str = "sqlite";
    /// The batch began IMMEDIATE: it holds the write lock already.
    pub(crate) const WRITE_LOCK: Option<&'static str> = None;
    pub(crate) const ROWS_AS_JSON: bool = SqliteStore::ROWS_AS_JSON;
    pub(crate) const CLAIM_INBOX: &'static str = SqliteStore::CLAIM_INBOX;
    pub(crate) const CLAIM_OUTBOX: &'static str = SqliteStore::CLAIM_OUTBOX;
    pub(crate) const TAKE_INBOX: &'static str = SqliteStore::TAKE_INBOX;

    async fn open_batch(&self) -> Result<std::sync::Arc<dyn super::Batch>, StoreError> {
        Err(StoreError::Refused("a batch cannot open inside another".into()))
    }
}

sql_store!(SqlBatch<Sqlite>, Sqlite);
