//! The coordinator's web page: one-time sign-in links and the sessions they open, both stored hashed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::chat::{ChatKey, WebGrant};

#[async_trait]
pub trait WebStore: Send + Sync {
    /// Stores a sign-in link (its token hashed) for what `grant` may see, usable once until `expires_at`.
    async fn create_web_link(
        &self,
        token_hash: &str,
        grant: &WebGrant,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Uses a sign-in link, once and before it expires, opening a session (its id hashed) until
    /// `session_expires`, in one transaction: what the session may see, or `None` for a link unknown,
    /// used or expired.
    async fn open_web_session(
        &self,
        token_hash: &str,
        session_hash: &str,
        at: DateTime<Utc>,
        session_expires: DateTime<Utc>,
    ) -> Result<Option<WebGrant>, StoreError>;

    /// What a live session may see; `None` for one unknown, expired or revoked.
    async fn web_session(&self, session_hash: &str, at: DateTime<Utc>) -> Result<Option<WebGrant>, StoreError>;

    /// Ends every live session opened from a chat's links, and voids its links not used yet; how many
    /// sessions.
    async fn revoke_web_sessions(&self, chat: &ChatKey, at: DateTime<Utc>) -> Result<u64, StoreError>;
}

/// Implements [`WebStore`] for `$store` over `$db` (see [`sql_store!`]).
macro_rules! web_sql {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::WebStore for $store {
            async fn create_web_link(
                &self,
                token_hash: &str,
                g: &$crate::chat::WebGrant,
                at: chrono::DateTime<chrono::Utc>,
                expires_at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO web_links (token_hash, catalog, agency, coordinator, plan, platform, chat_id,
                       created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(token_hash)
                .bind(&g.catalog)
                .bind(&g.agency)
                .bind(g.coordinator)
                .bind(&g.plan)
                .bind(&g.chat.platform)
                .bind(&g.chat.chat_id)
                .bind(at)
                .bind(expires_at)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn open_web_session(
                &self,
                token_hash: &str,
                session_hash: &str,
                at: chrono::DateTime<chrono::Utc>,
                session_expires: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::chat::WebGrant>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use $crate::store::rows::WebGrantRow;
                let mut tx = self.begin().await.map_err(db_error)?;
                let used = sqlx::query_as::<$db, WebGrantRow>(
                    "UPDATE web_links SET used_at = $1
                     WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
                     RETURNING catalog, agency, coordinator, plan, platform, chat_id",
                )
                .bind(at)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
                let Some(grant) = used else { return Ok(None) };
                sqlx::query::<$db>(
                    "INSERT INTO web_sessions (id_hash, catalog, agency, coordinator, plan, platform, chat_id,
                       created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(session_hash)
                .bind(&grant.catalog)
                .bind(&grant.agency)
                .bind(grant.coordinator)
                .bind(&grant.plan)
                .bind(&grant.platform)
                .bind(&grant.chat_id)
                .bind(at)
                .bind(session_expires)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                tx.commit().await.map_err(db_error)?;
                Ok(Some(grant.into_grant()))
            }

            async fn web_session(
                &self,
                session_hash: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::chat::WebGrant>, $crate::store::StoreError> {
                let row = sqlx::query_as::<$db, $crate::store::rows::WebGrantRow>(
                    "SELECT catalog, agency, coordinator, plan, platform, chat_id FROM web_sessions
                     WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
                )
                .bind(session_hash)
                .bind(at)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(row.map($crate::store::rows::WebGrantRow::into_grant))
            }

            async fn revoke_web_sessions(
                &self,
                chat: &$crate::chat::ChatKey,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.begin().await.map_err(db_error)?;
                // A link posted before signing out must not open a session after it; the sessions end.
                let mut ended = 0;
                for sql in [
                    "UPDATE web_links SET used_at = $1
                     WHERE platform = $2 AND chat_id = $3 AND used_at IS NULL AND expires_at > $1",
                    "UPDATE web_sessions SET revoked_at = $1
                     WHERE platform = $2 AND chat_id = $3 AND revoked_at IS NULL AND expires_at > $1",
                ] {
                    ended = sqlx::query::<$db>(sql)
                        .bind(at)
                        .bind(&chat.platform)
                        .bind(&chat.chat_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?
                        .rows_affected();
                }
                tx.commit().await.map_err(db_error)?;
                // The second statement's count: the sessions.
                Ok(ended)
            }
        }
    };
}
