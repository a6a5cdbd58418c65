//! Chats and the agencies they speak for: bindings, one-time invite codes, wrong codes, buttons.

use async_trait::async_trait;

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::chat::{ChatBinding, ChatKey, Invite, Redeemed, Unbound};

#[async_trait]
pub trait ChatStore: Send + Sync {
    /// Binds a chat to an agency, replacing any earlier binding of that chat.
    async fn bind_chat(&self, binding: &ChatBinding) -> Result<(), StoreError>;

    async fn chat_binding(&self, chat: &ChatKey) -> Result<Option<ChatBinding>, StoreError>;

    /// The bindings of these chats of one platform, in one query (those that have one).
    async fn chat_bindings_of(&self, platform: &str, chat_ids: &[String]) -> Result<Vec<ChatBinding>, StoreError>;

    /// Records that a chat bound to an agency that ended was told who carries on its work; true only the
    /// first time (binding the chat again resets it).
    async fn note_succession_told(&self, chat: &ChatKey, at: DateTime<Utc>) -> Result<bool, StoreError>;

    async fn create_invite(&self, invite: &Invite) -> Result<(), StoreError>;

    /// Uses a code: binds the chat if the code is known, unused and unexpired, in one transaction —
    /// unless that would leave the chat's catalog without a coordinator chat.
    async fn redeem_invite(&self, code_hash: &str, chat: &ChatKey, at: DateTime<Utc>) -> Result<Redeemed, StoreError>;

    /// Records a wrong code from a person (`user_id` on the chat's platform) in a chat.
    async fn record_bind_failure(&self, chat: &ChatKey, user_id: &str, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// The wrong codes since `since`: this person's (on any chat of the platform), this chat's, and all.
    async fn bind_failures_since(
        &self,
        chat: &ChatKey,
        user_id: &str,
        since: DateTime<Utc>,
    ) -> Result<BindFailures, StoreError>;

    /// Every chat bound to an agency of the catalog, oldest binding first.
    async fn chat_bindings(&self, catalog: &str) -> Result<Vec<ChatBinding>, StoreError>;

    /// Unbinds a chat, unless it is the last coordinator chat of its catalog.
    async fn unbind_chat(&self, chat: &ChatKey) -> Result<Unbound, StoreError>;

    /// A chat that got a new id (a Telegram group upgraded to a supergroup) keeps its binding.
    async fn move_chat(&self, from: &ChatKey, to: &ChatKey) -> Result<bool, StoreError>;

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

/// Wrong codes in a window, counted three ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct BindFailures {
    pub by_user: i64,
    pub in_chat: i64,
    pub everywhere: i64,
}

/// The columns of a [`BindingRow`](super::rows::BindingRow).
macro_rules! binding_select {
    () => {
        "SELECT platform, chat_id, catalog, agency, coordinator, plan, bound_at FROM chat_bindings"
    };
}

/// True of a row of `chat_bindings` that is the only coordinator chat of its catalog.
macro_rules! last_coordinator {
    () => {
        "coordinator AND NOT EXISTS (SELECT 1 FROM chat_bindings other WHERE other.catalog = chat_bindings.catalog
           AND other.coordinator AND NOT (other.platform = chat_bindings.platform
           AND other.chat_id = chat_bindings.chat_id))"
    };
}

/// Implements [`ChatStore`] for `$store` over `$db` (see [`sql_store!`]).
macro_rules! chats_sql {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::ChatStore for $store {
            async fn bind_chat(&self, b: &$crate::chat::ChatBinding) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO chat_bindings (platform, chat_id, catalog, agency, coordinator, bound_at, plan)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (platform, chat_id) DO UPDATE SET catalog = excluded.catalog,
                       agency = excluded.agency, coordinator = excluded.coordinator, bound_at = excluded.bound_at,
                       plan = excluded.plan, succession_told_at = NULL",
                )
                .bind(&b.chat.platform)
                .bind(&b.chat.chat_id)
                .bind(&b.catalog)
                .bind(&b.agency)
                .bind(b.coordinator)
                .bind(b.bound_at)
                .bind(&b.plan)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn note_succession_told(
                &self,
                chat: &$crate::chat::ChatKey,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query::<$db>(
                    "UPDATE chat_bindings SET succession_told_at = $3
                     WHERE platform = $1 AND chat_id = $2 AND succession_told_at IS NULL",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(at)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(done.rows_affected() == 1)
            }

            async fn create_invite(&self, i: &$crate::chat::Invite) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO invite_codes (code_hash, catalog, agency, coordinator, created_by, created_at, expires_at,
                       plan)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&i.code_hash)
                .bind(&i.catalog)
                .bind(&i.agency)
                .bind(i.coordinator)
                .bind(&i.created_by)
                .bind(i.created_at)
                .bind(i.expires_at)
                .bind(&i.plan)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn redeem_invite(
                &self,
                code_hash: &str,
                chat: &$crate::chat::ChatKey,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::chat::Redeemed, $crate::store::StoreError> {
                use $crate::chat::Redeemed;
                use $crate::store::db_error;
                use $crate::store::rows::{GrantRow, KnownCodeRow};
                let mut tx = self.begin().await.map_err(db_error)?;
                write_lock!($db, $store, tx);
                let used = sqlx::query_as::<$db, GrantRow>(
                    "UPDATE invite_codes SET used_at = $1, used_platform = $2, used_chat_id = $3
                     WHERE code_hash = $4 AND used_at IS NULL AND expires_at > $1
                     RETURNING catalog, agency, coordinator, plan",
                )
                .bind(at)
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(code_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
                let Some(grant) = used else {
                    let known = sqlx::query_as::<$db, KnownCodeRow>(
                        "SELECT used_at IS NOT NULL AS used, c.catalog, c.agency, c.coordinator, c.plan, b.bound_at
                         FROM invite_codes c LEFT JOIN chat_bindings b ON b.platform = c.used_platform
                           AND b.chat_id = c.used_chat_id AND b.catalog = c.catalog AND b.agency = c.agency
                           AND c.used_platform = $2 AND c.used_chat_id = $3
                         WHERE c.code_hash = $1",
                    )
                    .bind(code_hash)
                    .bind(&chat.platform)
                    .bind(&chat.chat_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    let Some(known) = known else { return Ok(Redeemed::Unknown) };
                    if !known.used {
                        return Ok(Redeemed::Expired);
                    }
                    // The same code from the chat it bound (the message handled again after a crash) binds
                    // nothing new and says so the same way.
                    return Ok(match known.bound_at {
                        Some(bound_at) => Redeemed::Bound(known.grant.bind(chat, bound_at)),
                        None => Redeemed::Used,
                    });
                };
                let binding = grant.bind(chat, at);
                let keeps_role = sqlx::query_scalar::<$db, i64>(concat!(
                    "SELECT COUNT(*) FROM chat_bindings WHERE platform = $1 AND chat_id = $2 AND ",
                    last_coordinator!(),
                    " AND NOT ($3 AND catalog = $4)"
                ))
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(binding.coordinator)
                .bind(&binding.catalog)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error)?;
                if keeps_role > 0 {
                    // Dropping the transaction leaves the code unused.
                    return Ok(Redeemed::LastCoordinator);
                }
                sqlx::query::<$db>(
                    "INSERT INTO chat_bindings (platform, chat_id, catalog, agency, coordinator, bound_at, plan)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (platform, chat_id) DO UPDATE SET catalog = excluded.catalog,
                       agency = excluded.agency, coordinator = excluded.coordinator, bound_at = excluded.bound_at,
                       plan = excluded.plan, succession_told_at = NULL",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(&binding.catalog)
                .bind(&binding.agency)
                .bind(binding.coordinator)
                .bind(at)
                .bind(&binding.plan)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                tx.commit().await.map_err(db_error)?;
                Ok(Redeemed::Bound(binding))
            }

            async fn record_bind_failure(
                &self,
                chat: &$crate::chat::ChatKey,
                user_id: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO bind_failures (platform, chat_id, user_id, failed_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(user_id)
                .bind(at)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn bind_failures_since(
                &self,
                chat: &$crate::chat::ChatKey,
                user_id: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::BindFailures, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::BindFailures>(
                    "SELECT COALESCE(SUM(CASE WHEN platform = $1 AND user_id = $3 THEN 1 ELSE 0 END), 0) AS by_user,
                            COALESCE(SUM(CASE WHEN platform = $1 AND chat_id = $2 THEN 1 ELSE 0 END), 0) AS in_chat,
                            COUNT(*) AS everywhere
                     FROM bind_failures WHERE failed_at >= $4",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(user_id)
                .bind(since)
                .fetch_one(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
            }

            async fn chat_bindings(&self, catalog: &str) -> Result<Vec<$crate::chat::ChatBinding>, $crate::store::StoreError> {
                use $crate::store::rows::BindingRow;
                Ok(sqlx::query_as::<$db, BindingRow>(concat!(
                    binding_select!(),
                    " WHERE catalog = $1 ORDER BY bound_at, platform, chat_id"
                ))
                .bind(catalog)
                .fetch_all(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?
                .into_iter()
                .map(BindingRow::into_binding)
                .collect())
            }

            async fn unbind_chat(
                &self,
                chat: &$crate::chat::ChatKey,
            ) -> Result<$crate::chat::Unbound, $crate::store::StoreError> {
                use $crate::chat::Unbound;
                use $crate::store::db_error;
                // Under the write lock, so that two coordinator chats unbinding each other at once
                // cannot both succeed.
                let mut tx = self.begin().await.map_err(db_error)?;
                write_lock!($db, $store, tx);
                let done = sqlx::query::<$db>(concat!(
                    "DELETE FROM chat_bindings WHERE platform = $1 AND chat_id = $2 AND NOT (",
                    last_coordinator!(),
                    ")"
                ))
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?
                .rows_affected();
                let outcome = if done > 0 {
                    Unbound::Done
                } else {
                    let bound = sqlx::query_scalar::<$db, i64>(
                        "SELECT COUNT(*) FROM chat_bindings WHERE platform = $1 AND chat_id = $2",
                    )
                    .bind(&chat.platform)
                    .bind(&chat.chat_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    if bound > 0 { Unbound::LastCoordinator } else { Unbound::NotBound }
                };
                tx.commit().await.map_err(db_error)?;
                Ok(outcome)
            }

            async fn move_chat(
                &self,
                from: &$crate::chat::ChatKey,
                to: &$crate::chat::ChatKey,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query::<$db>(
                    "UPDATE chat_bindings SET chat_id = $1 WHERE platform = $2 AND chat_id = $3
                     AND NOT EXISTS (SELECT 1 FROM chat_bindings WHERE platform = $2 AND chat_id = $1)",
                )
                .bind(&to.chat_id)
                .bind(&from.platform)
                .bind(&from.chat_id)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?
                .rows_affected();
                // Replies still queued for the old id go to the new one.
                sqlx::query::<$db>(
                    "UPDATE outbox SET chat_id = $1 WHERE platform = $2 AND chat_id = $3 AND state = 'pending'",
                )
                .bind(&to.chat_id)
                .bind(&from.platform)
                .bind(&from.chat_id)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(done > 0)
            }

            async fn put_button(
                &self,
                token: &str,
                chat: &$crate::chat::ChatKey,
                message: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO button_tokens (token, platform, chat_id, message, created_at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (token) DO UPDATE SET platform = excluded.platform, chat_id = excluded.chat_id,
                       message = excluded.message, created_at = excluded.created_at",
                )
                .bind(token)
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(message)
                .bind(at)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn take_button(
                &self,
                token: &str,
                chat: &$crate::chat::ChatKey,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<String>, $crate::store::StoreError> {
                sqlx::query_scalar::<$db, String>(
                    "DELETE FROM button_tokens WHERE token = $1 AND platform = $2 AND chat_id = $3 AND created_at >= $4
                     RETURNING message",
                )
                .bind(token)
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(since)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
            }

            async fn chat_bindings_of(
                &self,
                platform: &str,
                chat_ids: &[String],
            ) -> Result<Vec<$crate::chat::ChatBinding>, $crate::store::StoreError> {
                use $crate::store::rows::BindingRow;
                let mut found = Vec::with_capacity(chat_ids.len());
                for chunk in chat_ids.chunks($crate::store::ROWS_PER_STATEMENT) {
                    let mut select = sqlx::QueryBuilder::<$db>::new(concat!(binding_select!(), " WHERE platform = "));
                    select.push_bind(platform).push(" AND chat_id IN (");
                    let mut list = select.separated(", ");
                    for id in chunk {
                        list.push_bind(id.as_str());
                    }
                    select.push(")");
                    let rows = select
                        .build_query_as::<BindingRow>()
                        .fetch_all(&mut *self.conn().await?)
                        .await
                        .map_err($crate::store::db_error)?;
                    found.extend(rows.into_iter().map(BindingRow::into_binding));
                }
                Ok(found)
            }

            async fn chat_binding(
                &self,
                chat: &$crate::chat::ChatKey,
            ) -> Result<Option<$crate::chat::ChatBinding>, $crate::store::StoreError> {
                use $crate::store::rows::BindingRow;
                Ok(sqlx::query_as::<$db, BindingRow>(concat!(
                    binding_select!(),
                    " WHERE platform = $1 AND chat_id = $2"
                ))
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?
                .map(BindingRow::into_binding))
            }
        }
    };
}
