//! PostgreSQL, for deployments that outgrow one machine: several bot replicas share one database.

use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

use super::StoreError;
use super::batch::SqlBatch;

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

/// Each schema change, in order; the files live in `migrations/postgres/`.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "plans and chats", include_str!("../../migrations/postgres/0001_plans_and_chats.sql")),
    (2, "reports", include_str!("../../migrations/postgres/0002_reports.sql")),
    (3, "chats", include_str!("../../migrations/postgres/0003_chats.sql")),
    (4, "schedule", include_str!("../../migrations/postgres/0004_schedule.sql")),
    (5, "inbox and outbox", include_str!("../../migrations/postgres/0005_inbox_outbox.sql")),
    (6, "plan as it stands", include_str!("../../migrations/postgres/0006_plan_as_it_stands.sql")),
    (7, "expected dates", include_str!("../../migrations/postgres/0007_expected_dates.sql")),
    (8, "instances", include_str!("../../migrations/postgres/0008_instances.sql")),
    (9, "current reports", include_str!("../../migrations/postgres/0009_current_reports.sql")),
    (10, "retractions by time", include_str!("../../migrations/postgres/0010_retractions_by_time.sql")),
    (11, "bind failures by user", include_str!("../../migrations/postgres/0011_bind_failures_by_user.sql")),
    (12, "confirmed by", include_str!("../../migrations/postgres/0012_confirmed_by.sql")),
    (13, "many plans", include_str!("../../migrations/postgres/0013_many_plans.sql")),
    (14, "plan coordinators", include_str!("../../migrations/postgres/0014_plan_coordinators.sql")),
    (15, "reviews", include_str!("../../migrations/postgres/0015_reviews.sql")),
    (16, "plan review", include_str!("../../migrations/postgres/0016_plan_review.sql")),
    (17, "web sessions", include_str!("../../migrations/postgres/0017_web.sql")),
    (18, "web indexes", include_str!("../../migrations/postgres/0018_web_indexes.sql")),
    (19, "current by report", include_str!("../../migrations/postgres/0019_current_by_report.sql")),
];

impl PgStore {
    pub(crate) const BACKEND: &'static str = "postgres";
    /// Replicas loading a plan at the same moment take turns (the key is arbitrary but fixed).
    pub(crate) const WRITE_LOCK: Option<&'static str> = Some("SELECT pg_advisory_xact_lock(1668246127)");
    /// Rows stream from the server and are read as they come: no reason to wrap them.
    pub(crate) const ROWS_AS_JSON: bool = false;

    /// Replicas claiming at the same moment skip the rows another has locked instead of waiting for them.
    pub(crate) const CLAIM_INBOX: &'static str = claim_inbox!("", "FOR UPDATE SKIP LOCKED");
    pub(crate) const CLAIM_OUTBOX: &'static str = claim_outbox!("", "FOR UPDATE SKIP LOCKED");
    /// Batches running side by side each lock the rows they take, and skip the others'.
    pub(crate) const TAKE_INBOX: &'static str = take_inbox!("", "FOR UPDATE SKIP LOCKED");

    pub(crate) async fn conn(&self) -> Result<PoolConnection<Postgres>, StoreError> {
        self.pool.acquire().await.map_err(super::db_error)
    }

    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    async fn open_batch(&self) -> Result<std::sync::Arc<dyn super::Batch>, StoreError> {
        let tx = self.begin().await.map_err(super::db_error)?;
        Ok(std::sync::Arc::new(SqlBatch::new(tx)))
    }

    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let open_error = |e: Box<dyn std::error::Error + Send + Sync>| StoreError::Open { url: redact(url), source: e };
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| open_error(Box::new(e)))?;
        // The migrator takes an advisory lock itself, so replicas starting together migrate once.
        super::sql::migrator(MIGRATIONS).run(&pool).await.map_err(|e| open_error(Box::new(e)))?;
        Ok(Self { pool })
    }
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

sql_store!(PgStore, Postgres);

impl SqlBatch<Postgres> {
    pub(crate) const BACKEND: &'static str = "postgres";
    /// A batch holds one update per chat, and a chat is in one batch at a time: its read-then-write steps
    /// cannot race, and a lock held to the batch's end would only make batches wait for each other.
    pub(crate) const WRITE_LOCK: Option<&'static str> = None;
    pub(crate) const ROWS_AS_JSON: bool = PgStore::ROWS_AS_JSON;
    pub(crate) const CLAIM_INBOX: &'static str = PgStore::CLAIM_INBOX;
    pub(crate) const CLAIM_OUTBOX: &'static str = PgStore::CLAIM_OUTBOX;
    pub(crate) const TAKE_INBOX: &'static str = PgStore::TAKE_INBOX;

    async fn open_batch(&self) -> Result<std::sync::Arc<dyn super::Batch>, StoreError> {
        Err(StoreError::Refused("a batch cannot open inside another".into()))
    }
}

sql_store!(SqlBatch<Postgres>, Postgres);

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
