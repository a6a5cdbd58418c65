//! The SQL both backends share. SQLite and PostgreSQL agree on everything used here (`$n` parameters,
//! `ON CONFLICT … DO UPDATE`), so one body, instantiated per driver, serves both; each backend only
//! adds how it connects and how it serialises writers.

/// The migrations of one backend: (version, description, SQL), in order.
pub(crate) fn migrator(files: &[(i64, &'static str, &'static str)]) -> sqlx::migrate::Migrator {
    use sqlx::SqlSafeStr;
    use sqlx::migrate::{Migration, MigrationType, Migrator};
    Migrator::with_migrations(
        files
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(version, description.into(), MigrationType::Simple, sql.into_sql_str(), false)
            })
            .collect(),
    )
}

/// Takes the database's write lock inside the transaction `$tx`, where the backend needs a statement
/// for it (SQLite's transactions take it as they begin).
macro_rules! write_lock {
    ($db:ty, $store:ty, $tx:ident) => {
        if let Some(lock) = <$store>::WRITE_LOCK {
            sqlx::query::<$db>(lock).execute(&mut *$tx).await.map_err($crate::store::db_error)?;
        }
    };
}

/// Implements [`crate::store::Store`] and each concern's trait for `$store`, which has `conn()` (a
/// connection for one statement), `begin()` (a transaction), `open_batch()`, and a `WRITE_LOCK` statement
/// taking the database's write lock inside a transaction where one is needed:
/// the SQL of each concern is in its own file (`plans.rs`, `chats.rs`, `reports.rs`, `queue.rs`,
/// `settings.rs`, `web.rs`), shared by both backends.
macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn backend(&self) -> &'static str {
                <$store>::BACKEND
            }

            async fn ping(&self) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>("SELECT 1")
                    .execute(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn begin_batch(&self) -> Result<std::sync::Arc<dyn $crate::store::Batch>, $crate::store::StoreError> {
                self.open_batch().await
            }
        }

        plans_sql!($store, $db);
        chats_sql!($store, $db);
        reports_sql!($store, $db);
        queue_sql!($store, $db);
        settings_sql!($store, $db);
        web_sql!($store, $db);
    };
}
