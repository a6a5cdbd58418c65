//! Settings a coordinator may change without code.

use async_trait::async_trait;

use super::StoreError;

#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// Every stored setting, by key.
    async fn settings(&self) -> Result<Vec<(String, String)>, StoreError>;

    async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError>;
}

/// Implements [`SettingsStore`] for `$store` over `$db` (see [`sql_store!`]).
macro_rules! settings_sql {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::SettingsStore for $store {
            async fn settings(&self) -> Result<Vec<(String, String)>, $crate::store::StoreError> {
                sqlx::query_as::<$db, (String, String)>("SELECT key, value FROM settings ORDER BY key")
                    .fetch_all(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)
            }

            async fn set_setting(&self, key: &str, value: &str) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }
        }
    };
}
