//! The durable queues: updates received (inbox), messages to send (outbox), scheduled sends claimed
//! once, the serving processes that claim them, and pruning what is no longer needed.

use async_trait::async_trait;

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::chat::ChatKey;

/// An update as a platform delivered it, about to enter the inbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NewUpdate {
    pub platform: String,
    /// The platform's id for it: the same id delivered twice is one update.
    pub update_id: String,
    /// The chat it belongs to ("" for updates of no chat); one chat's updates are handled in order.
    pub chat_id: String,
    /// The update as received (JSON), so that a later version can read what this one ignored.
    pub payload: String,
    pub received_at: DateTime<Utc>,
}

/// An update taken from the inbox by a worker.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxItem {
    pub id: i64,
    #[sqlx(flatten)]
    pub update: NewUpdate,
    /// How many times a worker has taken it, this time included.
    pub attempts: i32,
}

impl InboxItem {
    /// The key of what this update causes (reports, retractions), to find it if the update is handled again.
    pub fn source(&self) -> String {
        format!("{}:{}", self.update.platform, self.update.update_id)
    }
}

/// A message for a chat, rendered for its platform, about to enter the outbox.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Outgoing {
    pub platform: String,
    pub chat_id: String,
    /// What the platform adapter needs to send it (JSON of its own making).
    pub payload: String,
    /// A file to send with it.
    pub file: Option<Vec<u8>>,
    /// The buttons (or numbered choices) it offers, kept when it is queued so that a press can be read.
    #[sqlx(skip)]
    pub buttons: Vec<ButtonToken>,
}

/// What pressing a button sends, under the token the button carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ButtonToken {
    pub token: String,
    pub message: String,
}

/// An update a worker is done with: handled, with its replies, or given up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub id: i64,
    pub failed: bool,
    pub replies: Vec<Outgoing>,
}

/// A message taken from the outbox by a sender.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxItem {
    pub id: i64,
    #[sqlx(flatten)]
    pub message: Outgoing,
    /// Earlier attempts that failed.
    pub attempts: i32,
}

/// What the outbox records for a row after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    Retry { at: DateTime<Utc>, error: String },
    Failed { error: String },
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
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
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
pub trait QueueStore: Send + Sync {
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

    /// Inside a batch: the updates [`QueueStore::inbox_claim`] would take, held for the batch's transaction
    /// only. Nothing is written for them: the batch's commit marks them done, and its rollback (or the end
    /// of a process that dies) leaves them as they were, free for the next worker at once. `attempts`
    /// counts this one.
    async fn inbox_take(&self, platform: &str, lease: &Lease<'_>, limit: i64) -> Result<Vec<InboxItem>, StoreError>;

    /// Marks updates handled (or given up) and queues their replies, in one transaction. An update that
    /// another worker finished first (its lease had run out) keeps that worker's replies. With a lease,
    /// the replies that head their chat's queue are claimed under it in the same step, to be sent at
    /// once; they are returned, oldest first.
    async fn inbox_finish(
        &self,
        finished: &[Finished],
        at: DateTime<Utc>,
        send_now: Option<&Lease<'_>>,
    ) -> Result<Vec<OutboxItem>, StoreError>;

    /// Takes up to `limit` messages of a platform that are due, as [`QueueStore::inbox_claim`] takes updates.
    async fn outbox_claim(&self, platform: &str, lease: &Lease<'_>, limit: i64) -> Result<Vec<OutboxItem>, StoreError>;

    /// Records that a serving process is alive (registering it the first time).
    async fn heartbeat(&self, instance: &Instance) -> Result<(), StoreError>;

    /// Every serving process that has registered and not been forgotten.
    async fn instances(&self) -> Result<Vec<Instance>, StoreError>;

    /// Forgets a serving process: one that stopped, or died. Its claims are free at once.
    async fn forget_instance(&self, id: &str) -> Result<(), StoreError>;

    /// Records what came of attempts at sending messages (id and outcome), in one transaction.
    async fn outbox_outcomes(&self, outcomes: &[(i64, SendOutcome)], at: DateTime<Utc>) -> Result<(), StoreError>;

    /// How many messages of a platform wait to be sent.
    async fn outbox_open(&self, platform: &str) -> Result<i64, StoreError>;

    /// Forgets bookkeeping older than `before`: handled updates, sent messages, wrong codes, stale buttons
    /// and expired pending reports. Returns how many rows went.
    async fn prune(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}

/// Queues messages in the outbox inside the transaction `$tx`, each due at once. With a lease
/// (`Some(&Lease)`), each message that heads its chat's queue (the chat's first here, with nothing of the
/// chat pending before it) is queued already claimed under it, to be sent at once; those are returned,
/// in order, as the sender takes them. Claimed as they are written, the rows are not written again to be
/// claimed, nor read back (the claim was a statement of its own, the batch's third most costly).
macro_rules! insert_outgoing {
    ($db:ty, $tx:expr, $messages:expr, $at:expr, $claim:expr) => {{
        let messages: &[$crate::store::Outgoing] = $messages;
        let at: chrono::DateTime<chrono::Utc> = $at;
        let claim: Option<&$crate::store::Lease<'_>> = $claim;
        fn unless_pending(row: &mut sqlx::query_builder::Separated<'_, $db, &'static str>, m: &$crate::store::Outgoing) {
            row.push_unseparated(" WHERE NOT EXISTS (SELECT 1 FROM outbox e WHERE e.platform = ")
                .push_bind_unseparated(m.platform.clone())
                .push_unseparated(" AND e.chat_id = ")
                .push_bind_unseparated(m.chat_id.clone())
                .push_unseparated(" AND e.state = 'pending'))");
        }
        let mut claimed: Vec<$crate::store::OutboxItem> = Vec::new();
        // Only a chat's first message here may head its queue; whether one of the chat is pending already
        // is asked as the row is written (in SQLite a row also sees the rows written before it in the same
        // statement, which is why a chat's later messages are not asked at all).
        let mut firsts: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        let heads: Vec<bool> =
            messages.iter().map(|m| claim.is_some() && firsts.insert((&m.platform, &m.chat_id))).collect();
        // Rows in one statement keep their order in the ids, which keep each chat's messages in order.
        for (chunk, heads) in
            messages.chunks($crate::store::ROWS_PER_STATEMENT).zip(heads.chunks($crate::store::ROWS_PER_STATEMENT))
        {
            let mut insert = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO outbox (platform, chat_id, payload, file, created_at, next_attempt_at, claimed_until, claimed_by) ",
            );
            insert.push_values(chunk.iter().zip(heads), |mut row, (m, head)| {
                row.push_bind(m.platform.clone())
                    .push_bind(m.chat_id.clone())
                    .push_bind(m.payload.clone())
                    .push_bind(m.file.clone())
                    .push_bind(at)
                    .push_bind(at);
                match claim.filter(|_| *head) {
                    // The lease's terms, unless a message of the chat is pending already.
                    Some(lease) => {
                        row.push_unseparated(", (SELECT ").push_bind_unseparated(lease.until);
                        unless_pending(&mut row, m);
                        row.push_unseparated(", (SELECT ").push_bind_unseparated(lease.by.to_string());
                        unless_pending(&mut row, m);
                    }
                    None => {
                        row.push("NULL").push("NULL");
                    }
                }
            });
            insert.push(" RETURNING id, claimed_by");
            let rows: Vec<(i64, Option<String>)> =
                insert.build_query_as().fetch_all(&mut **$tx).await.map_err($crate::store::db_error)?;
            for ((id, by), m) in rows.into_iter().zip(chunk) {
                if by.is_some() {
                    claimed.push($crate::store::OutboxItem { id, message: m.clone(), attempts: 0 });
                }
            }
        }
        // A token offered twice (Zalo's numbered choices) stands for what was offered last.
        let mut buttons: Vec<(&$crate::store::ButtonToken, &$crate::store::Outgoing)> = Vec::new();
        for m in messages {
            for b in &m.buttons {
                buttons.retain(|(kept, _)| kept.token != b.token);
                buttons.push((b, m));
            }
        }
        for chunk in buttons.chunks($crate::store::ROWS_PER_STATEMENT) {
            let mut insert = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO button_tokens (token, platform, chat_id, message, created_at) ",
            );
            insert.push_values(chunk, |mut row, (b, m)| {
                row.push_bind(b.token.clone())
                    .push_bind(m.platform.clone())
                    .push_bind(m.chat_id.clone())
                    .push_bind(b.message.clone())
                    .push_bind(at);
            });
            insert.push(
                " ON CONFLICT (token) DO UPDATE SET platform = excluded.platform, chat_id = excluded.chat_id,
                   message = excluded.message, created_at = excluded.created_at",
            );
            insert.build().execute(&mut **$tx).await.map_err($crate::store::db_error)?;
        }
        claimed
    }};
}

/// Runs a claim (`claim_inbox!` or `claim_outbox!`) for a platform, a lease and a limit, and decodes the
/// rows taken as `$row`, oldest first (RETURNING gives no order).
macro_rules! claim_rows {
    ($db:ty, $pool:expr, $sql:expr, ($platform:expr, $lease:expr, $limit:expr), $row:ty) => {{
        let lease: &$crate::store::Lease<'_> = $lease;
        let mut items = sqlx::query_as::<$db, $row>($sql)
            .bind($platform)
            .bind(lease.now)
            .bind(lease.until)
            .bind($limit)
            .bind(lease.by)
            .bind(lease.alive_since)
            .fetch_all($pool)
            .await
            .map_err($crate::store::db_error)?;
        items.sort_by_key(|i| i.id);
        items
    }};
}

/// Takes the open updates of a platform that may be handled now (`$1` platform, `$2` now, `$3` the lease's
/// end, `$4` how many, `$5` the claiming instance, `$6` the oldest heartbeat of an instance alive), as
/// [`inbox_heads!`] finds them.
macro_rules! claim_inbox {
    ($index:literal, $lock:literal) => {
        concat!(
            "UPDATE inbox SET claimed_until = $3, claimed_by = $5, attempts = attempts + 1
             WHERE id IN (SELECT q.id ",
            inbox_heads!($index, "$2", "$5", "$6", "$4", $lock),
            ") RETURNING id, platform, update_id, chat_id, payload, received_at, attempts"
        )
    };
}

/// The rows [`claim_inbox!`] would take, read inside a batch's transaction instead of claimed for all to
/// see (`$1` platform, `$2` now, `$3` how many, `$4` the claiming instance, `$5` the oldest heartbeat of
/// an instance alive); the row lock keeps concurrent batches off them until the transaction ends.
macro_rules! take_inbox {
    ($index:literal, $lock:literal) => {
        concat!(
            "SELECT q.id, q.platform, q.update_id, q.chat_id, q.payload, q.received_at, q.attempts + 1 AS attempts ",
            inbox_heads!($index, "$2", "$4", "$5", "$3", $lock)
        )
    };
}

/// The first open update of each chat of platform `$1`, unless a live worker holds it — its lease runs,
/// and the instance that took it still beats (parameters named by the caller), oldest first. `$index`
/// names the index of open rows where the backend needs telling (the SQLite bundled with sqlx otherwise
/// walks every update the platform ever sent); `$lock` is the backend's row lock for the candidates, so
/// that concurrent workers skip each other's rows.
macro_rules! inbox_heads {
    ($index:literal, $now:literal, $by:literal, $alive_since:literal, $limit:literal, $lock:literal) => {
        concat!(
            "FROM inbox q ",
            $index,
            " WHERE q.platform = $1 AND q.state = 'new' AND ",
            claimable!($now, $by, $alive_since),
            " AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.platform = q.platform AND e.chat_id = q.chat_id
                                 AND e.state = 'new' AND e.id < q.id)
             ORDER BY q.id LIMIT ",
            $limit,
            " ",
            $lock
        )
    };
}

/// Whether the row `q` is free to claim: never claimed, its lease run out, or another claimer that no
/// longer beats (a claimer never takes its own rows back early: after an outage its heartbeat is stale,
/// but its tasks still run).
macro_rules! claimable {
    ($now:literal, $by:literal, $alive_since:literal) => {
        concat!(
            "(q.claimed_until IS NULL OR q.claimed_until < ",
            $now,
            " OR (COALESCE(q.claimed_by, '') <> ",
            $by,
            " AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = q.claimed_by AND i.heartbeat_at >= ",
            $alive_since,
            ")))"
        )
    };
}

/// Takes the messages of a platform due now, the first of each chat, as [`claim_inbox!`] does updates.
macro_rules! claim_outbox {
    ($index:literal, $lock:literal) => {
        concat!(
            "UPDATE outbox SET claimed_until = $3, claimed_by = $5
             WHERE id IN (SELECT q.id FROM outbox q ",
            $index,
            " WHERE q.platform = $1 AND q.state = 'pending' AND q.next_attempt_at <= $2 AND ",
            claimable!("$2", "$5", "$6"),
            " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.platform = q.platform AND e.chat_id = q.chat_id
                                 AND e.state = 'pending' AND e.id < q.id)
               ORDER BY q.id LIMIT $4 ",
            $lock,
            ")
             RETURNING id, platform, chat_id, payload, file, attempts"
        )
    };
}

/// Implements [`QueueStore`] for `$store` over `$db` (see [`sql_store!`]).
macro_rules! queue_sql {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::QueueStore for $store {
            async fn send_claimed(
                &self,
                job: &str,
                period: &str,
                chat: &$crate::chat::ChatKey,
            ) -> Result<bool, $crate::store::StoreError> {
                let found = sqlx::query::<$db>(
                    "SELECT 1 FROM scheduled_sends WHERE job = $1 AND period = $2 AND platform = $3 AND chat_id = $4",
                )
                .bind(job)
                .bind(period)
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(found.is_some())
            }

            async fn enqueue(
                &self,
                messages: &[$crate::store::Outgoing],
                claim: Option<&$crate::store::SendClaim<'_>>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.begin().await.map_err(db_error)?;
                if let Some(c) = claim {
                    let claimed = sqlx::query::<$db>(
                        "INSERT INTO scheduled_sends (job, period, platform, chat_id, claimed_at)
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job, period, platform, chat_id) DO NOTHING",
                    )
                    .bind(c.job)
                    .bind(c.period)
                    .bind(&c.chat.platform)
                    .bind(&c.chat.chat_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .rows_affected();
                    if claimed == 0 {
                        return Ok(false);
                    }
                }
                insert_outgoing!($db, &mut tx, messages, at, None);
                tx.commit().await.map_err(db_error)?;
                Ok(true)
            }

            async fn inbox_put(
                &self,
                updates: &[$crate::store::NewUpdate],
            ) -> Result<usize, $crate::store::StoreError> {
                use $crate::store::db_error;
                if updates.is_empty() {
                    return Ok(0);
                }
                // One statement for many rows; their ids keep the order they came in.
                let insert = |chunk: &[$crate::store::NewUpdate]| {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO inbox (platform, update_id, chat_id, payload, received_at) ",
                    );
                    insert.push_values(chunk, |mut row, u| {
                        row.push_bind(u.platform.clone())
                            .push_bind(u.update_id.clone())
                            .push_bind(u.chat_id.clone())
                            .push_bind(u.payload.clone())
                            .push_bind(u.received_at);
                    });
                    insert.push(" ON CONFLICT (platform, update_id) DO NOTHING");
                    insert
                };
                if updates.len() <= $crate::store::ROWS_PER_STATEMENT {
                    // A statement is a transaction of its own: a poll's updates need no other.
                    let done = insert(updates).build().execute(&mut *self.conn().await?).await.map_err(db_error)?;
                    return Ok(done.rows_affected() as usize);
                }
                let mut tx = self.begin().await.map_err(db_error)?;
                let mut new = 0;
                for chunk in updates.chunks($crate::store::ROWS_PER_STATEMENT) {
                    new += insert(chunk).build().execute(&mut *tx).await.map_err(db_error)?.rows_affected() as usize;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(new)
            }

            async fn inbox_claim(
                &self,
                platform: &str,
                lease: &$crate::store::Lease<'_>,
                limit: i64,
            ) -> Result<Vec<$crate::store::InboxItem>, $crate::store::StoreError> {
                Ok(claim_rows!(
                    $db,
                    &mut *self.conn().await?,
                    <$store>::CLAIM_INBOX,
                    (platform, lease, limit),
                    $crate::store::InboxItem
                ))
            }

            async fn inbox_take(
                &self,
                platform: &str,
                lease: &$crate::store::Lease<'_>,
                limit: i64,
            ) -> Result<Vec<$crate::store::InboxItem>, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::InboxItem>(<$store>::TAKE_INBOX)
                    .bind(platform)
                    .bind(lease.now)
                    .bind(limit)
                    .bind(lease.by)
                    .bind(lease.alive_since)
                    .fetch_all(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)
            }

            async fn inbox_finish(
                &self,
                finished: &[$crate::store::Finished],
                at: chrono::DateTime<chrono::Utc>,
                send_now: Option<&$crate::store::Lease<'_>>,
            ) -> Result<Vec<$crate::store::OutboxItem>, $crate::store::StoreError> {
                use $crate::store::db_error;
                if finished.is_empty() {
                    return Ok(Vec::new());
                }
                let mut tx = self.begin().await.map_err(db_error)?;
                let mut marked: Vec<i64> = Vec::with_capacity(finished.len());
                for (state, failed) in [("done", false), ("failed", true)] {
                    let ids: Vec<i64> = finished.iter().filter(|f| f.failed == failed).map(|f| f.id).collect();
                    if ids.is_empty() {
                        continue;
                    }
                    let mut update = sqlx::QueryBuilder::<$db>::new("UPDATE inbox SET state = ");
                    update.push_bind(state).push(", done_at = ").push_bind(at);
                    update.push(", claimed_until = NULL WHERE state = 'new' AND id IN (");
                    let mut list = update.separated(", ");
                    for id in &ids {
                        list.push_bind(*id);
                    }
                    update.push(") RETURNING id");
                    marked.extend(update.build_query_scalar::<i64>().fetch_all(&mut *tx).await.map_err(db_error)?);
                }
                // Another worker finished some first (their leases had run out): their replies are queued.
                let replies: Vec<$crate::store::Outgoing> = finished
                    .iter()
                    .filter(|f| marked.contains(&f.id))
                    .flat_map(|f| f.replies.iter().cloned())
                    .collect();
                let claimed = insert_outgoing!($db, &mut tx, &replies, at, send_now);
                tx.commit().await.map_err(db_error)?;
                Ok(claimed)
            }

            async fn outbox_claim(
                &self,
                platform: &str,
                lease: &$crate::store::Lease<'_>,
                limit: i64,
            ) -> Result<Vec<$crate::store::OutboxItem>, $crate::store::StoreError> {
                Ok(claim_rows!(
                    $db,
                    &mut *self.conn().await?,
                    <$store>::CLAIM_OUTBOX,
                    (platform, lease, limit),
                    $crate::store::OutboxItem
                ))
            }

            async fn outbox_outcomes(
                &self,
                outcomes: &[(i64, $crate::store::SendOutcome)],
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::{SendOutcome, db_error};
                if outcomes.is_empty() {
                    return Ok(());
                }
                // The messages sent, the common case, in one statement; the others one by one.
                let sent: Vec<i64> =
                    outcomes.iter().filter(|(_, o)| matches!(o, SendOutcome::Sent)).map(|(id, _)| *id).collect();
                let mark_sent = |chunk: &[i64]| {
                    let mut update = sqlx::QueryBuilder::<$db>::new("UPDATE outbox SET state = 'sent', sent_at = ");
                    update.push_bind(at);
                    update.push(", claimed_until = NULL, error = NULL, attempts = attempts + 1 WHERE id IN (");
                    let mut list = update.separated(", ");
                    for id in chunk {
                        list.push_bind(*id);
                    }
                    update.push(")");
                    update
                };
                if sent.len() == outcomes.len() && sent.len() <= $crate::store::ROWS_PER_STATEMENT {
                    // All went out, as they usually do: one statement, a transaction of its own.
                    mark_sent(&sent).build().execute(&mut *self.conn().await?).await.map_err(db_error)?;
                    return Ok(());
                }
                let mut tx = self.begin().await.map_err(db_error)?;
                for chunk in sent.chunks($crate::store::ROWS_PER_STATEMENT) {
                    mark_sent(chunk).build().execute(&mut *tx).await.map_err(db_error)?;
                }
                for (id, outcome) in outcomes {
                    let query = match outcome {
                        SendOutcome::Sent => continue,
                        SendOutcome::Retry { at: next, error } => sqlx::query::<$db>(
                            "UPDATE outbox SET next_attempt_at = $2, claimed_until = NULL, error = $3,
                               attempts = attempts + 1 WHERE id = $1",
                        )
                        .bind(*id)
                        .bind(*next)
                        .bind(error.as_str()),
                        SendOutcome::Failed { error } => sqlx::query::<$db>(
                            "UPDATE outbox SET state = 'failed', sent_at = $2, claimed_until = NULL, error = $3,
                               attempts = attempts + 1 WHERE id = $1",
                        )
                        .bind(*id)
                        .bind(at)
                        .bind(error.as_str()),
                    };
                    query.execute(&mut *tx).await.map_err(db_error)?;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(())
            }

            async fn outbox_open(&self, platform: &str) -> Result<i64, $crate::store::StoreError> {
                sqlx::query_scalar::<$db, i64>("SELECT COUNT(*) FROM outbox WHERE platform = $1 AND state = 'pending'")
                    .bind(platform)
                    .fetch_one(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)
            }

            async fn heartbeat(&self, instance: &$crate::store::Instance) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO instances (id, platform, host, pid, started_at, heartbeat_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
                )
                .bind(&instance.id)
                .bind(&instance.platform)
                .bind(&instance.host)
                .bind(instance.pid)
                .bind(instance.started_at)
                .bind(instance.heartbeat_at)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn instances(&self) -> Result<Vec<$crate::store::Instance>, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::Instance>(
                    "SELECT id, platform, host, pid, started_at, heartbeat_at FROM instances ORDER BY id",
                )
                .fetch_all(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
            }

            async fn forget_instance(&self, id: &str) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>("DELETE FROM instances WHERE id = $1")
                    .bind(id)
                    .execute(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn prune(&self, before: chrono::DateTime<chrono::Utc>) -> Result<u64, $crate::store::StoreError> {
                let mut gone = 0;
                for sql in [
                    "DELETE FROM inbox WHERE state <> 'new' AND done_at < $1",
                    "DELETE FROM outbox WHERE state <> 'pending' AND sent_at < $1",
                    "DELETE FROM bind_failures WHERE failed_at < $1",
                    "DELETE FROM button_tokens WHERE created_at < $1",
                    "DELETE FROM pending_reports WHERE created_at < $1",
                    "DELETE FROM instances WHERE heartbeat_at < $1",
                    "DELETE FROM web_links WHERE expires_at < $1",
                    "DELETE FROM web_sessions WHERE expires_at < $1",
                ] {
                    gone += sqlx::query::<$db>(sql)
                        .bind(before)
                        .execute(&mut *self.conn().await?)
                        .await
                        .map_err($crate::store::db_error)?
                        .rows_affected();
                }
                Ok(gone)
            }
        }
    };
}
