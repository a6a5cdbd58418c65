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

/// An `INSERT INTO reports … VALUES` builder for `$reports` (an iterator of `&NewReport`), one row each.
macro_rules! reports_insert {
    ($db:ty, $reports:expr) => {{
        let mut insert = sqlx::QueryBuilder::<$db>::new(
            "INSERT INTO reports (plan_id, task_ref, agency, role, period, status, percent, note, platform,
               chat_id, user_id, user_name, message_id, reported_at, evidence, source, as_of, entered_by,
               expected) ",
        );
        insert.push_values($reports, |mut row, r: &$crate::progress::NewReport| {
            row.push_bind(r.plan_id.clone())
                .push_bind(r.task.to_string())
                .push_bind(r.agency.clone())
                .push_bind(r.role.as_str())
                .push_bind(r.period.clone())
                .push_bind(r.status.as_str())
                .push_bind(r.percent.map(i32::from))
                .push_bind(r.note.clone())
                .push_bind(r.chat.platform.clone())
                .push_bind(r.chat.chat_id.clone())
                .push_bind(r.user_id.clone())
                .push_bind(r.user_name.clone())
                .push_bind(r.message_id.clone())
                .push_bind(r.at)
                .push_bind(r.evidence.clone())
                .push_bind(r.source.clone())
                .push_bind(r.stated_on)
                .push_bind(r.proxy.clone())
                .push_bind(r.expected);
        });
        insert
    }};
}

/// Appends a report through an executor (the pool, or a transaction); evaluates to its id.
macro_rules! insert_report {
    ($db:ty, $executor:expr, $report:expr) => {{
        use sqlx::Row;
        let report: &$crate::progress::NewReport = $report;
        let mut insert = reports_insert!($db, std::iter::once(report));
        insert.push(" RETURNING id");
        insert
            .build()
            .fetch_one($executor)
            .await
            .and_then(|row| row.try_get::<i64, _>(0))
            .map_err($crate::store::db_error)
    }};
}

/// Queues messages in the outbox inside the transaction `$tx`, each due at once.
macro_rules! insert_outgoing {
    ($db:ty, $tx:expr, $messages:expr, $at:expr) => {
        for m in $messages {
            sqlx::query::<$db>(
                "INSERT INTO outbox (platform, chat_id, payload, file, created_at, next_attempt_at)
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(&m.platform)
            .bind(&m.chat_id)
            .bind(&m.payload)
            .bind(m.file.as_deref())
            .bind($at)
            .execute(&mut **$tx)
            .await
            .map_err($crate::store::db_error)?;
        }
    };
}

/// Runs a claim (`claim_inbox!` or `claim_outbox!`) for a platform, a lease and a limit, and decodes the
/// rows taken, oldest first (RETURNING gives no order).
macro_rules! claim_rows {
    ($db:ty, $pool:expr, $sql:expr, ($platform:expr, $lease:expr, $limit:expr), $decode:expr) => {{
        use sqlx::Row;
        let lease: &$crate::store::Lease<'_> = $lease;
        let rows = sqlx::query::<$db>($sql)
            .bind($platform)
            .bind(lease.now)
            .bind(lease.until)
            .bind($limit)
            .bind(lease.by)
            .bind(lease.alive_since)
            .fetch_all($pool)
            .await
            .map_err($crate::store::db_error)?;
        let mut items =
            rows.iter().map($decode).collect::<Result<Vec<_>, sqlx::Error>>().map_err($crate::store::db_error)?;
        items.sort_by_key(|i| i.id);
        items
    }};
}

/// Takes the open updates of a platform that may be handled now (`$1` platform, `$2` now, `$3` the lease's
/// end, `$4` how many, `$5` the claiming instance, `$6` the oldest heartbeat of an instance alive): the
/// first open update of each chat, unless a live worker holds it — its lease runs, and the instance that
/// took it still beats. `$lock` is the backend's row lock for the candidates, so that concurrent workers
/// skip each other's rows.
macro_rules! claim_inbox {
    ($lock:literal) => {
        concat!(
            "UPDATE inbox SET claimed_until = $3, claimed_by = $5, attempts = attempts + 1
             WHERE id IN (SELECT q.id FROM inbox q
               WHERE q.platform = $1 AND q.state = 'new' AND ",
            claimable!(),
            " AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.platform = q.platform AND e.chat_id = q.chat_id
                                 AND e.state = 'new' AND e.id < q.id)
               ORDER BY q.id LIMIT $4 ",
            $lock,
            ")
             RETURNING id, platform, update_id, chat_id, payload, received_at, attempts"
        )
    };
}

/// Whether the row `q` is free to claim: never claimed, its lease run out, or another claimer that no
/// longer beats (a claimer never takes its own rows back early: after an outage its heartbeat is stale,
/// but its tasks still run).
macro_rules! claimable {
    () => {
        "(q.claimed_until IS NULL OR q.claimed_until < $2
          OR (COALESCE(q.claimed_by, '') <> $5
              AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = q.claimed_by AND i.heartbeat_at >= $6)))"
    };
}

/// Takes the messages of a platform due now, the first of each chat, as [`claim_inbox!`] does updates.
macro_rules! claim_outbox {
    ($lock:literal) => {
        concat!(
            "UPDATE outbox SET claimed_until = $3, claimed_by = $5
             WHERE id IN (SELECT q.id FROM outbox q
               WHERE q.platform = $1 AND q.state = 'pending' AND q.next_attempt_at <= $2 AND ",
            claimable!(),
            " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.platform = q.platform AND e.chat_id = q.chat_id
                                 AND e.state = 'pending' AND e.id < q.id)
               ORDER BY q.id LIMIT $4 ",
            $lock,
            ")
             RETURNING id, platform, chat_id, payload, file, attempts"
        )
    };
}

/// The columns of a report, in the order `decode_report` reads them, from `reports r` joined with its
/// retraction `x`.
macro_rules! report_select {
    () => {
        concat!("SELECT ", report_columns!(), " FROM reports r LEFT JOIN report_retractions x ON x.report_id = r.id")
    };
}

/// The columns `decode_report` reads, in its order.
macro_rules! report_columns {
    () => {
        "r.id, r.plan_id, r.task_ref, r.agency, r.role, r.period, r.status, r.percent, r.note, r.platform,
         r.chat_id, r.user_id, r.user_name, r.message_id, r.reported_at, x.retracted_at, r.evidence, r.source,
         r.as_of, r.entered_by, r.expected"
    };
}

/// The latest report per (task, agency, period), as `report_select!` columns, among the reports `r` (with
/// retraction `x`) meeting the `WHERE` conditions given as a literal. The newest id of each group is
/// found first (an aggregate over narrow rows, which both databases do without sorting whole reports),
/// then only those rows are read: four times faster than a window over all the columns on a national
/// database.
macro_rules! latest_select {
    ($conditions:literal) => {
        concat!(
            report_select!(),
            " WHERE r.id IN (SELECT MAX(r.id) FROM reports r LEFT JOIN report_retractions x ON x.report_id = r.id
                             WHERE ",
            $conditions,
            " GROUP BY r.task_ref, r.agency, r.period) ORDER BY r.id"
        )
    };
}

/// Implements [`crate::store::Store`] for `$store` (which has a `pool: sqlx::Pool<$db>` and a
/// `WRITE_LOCK` statement taking the database's write lock inside a transaction).
/// Implements [`crate::store::Store`] and each concern's trait for `$store` (which has a `pool:
/// sqlx::Pool<$db>` and a `WRITE_LOCK` statement taking the database's write lock inside a transaction):
/// the SQL of each concern is in its own file (`plans.rs`, `chats.rs`, `reports.rs`, `queue.rs`,
/// `settings.rs`), shared by both backends.
macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn backend(&self) -> &'static str {
                <$store>::BACKEND
            }

            async fn ping(&self) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>("SELECT 1").execute(&self.pool).await.map_err($crate::store::db_error)?;
                Ok(())
            }
        }

        plans_sql!($store, $db);
        chats_sql!($store, $db);
        reports_sql!($store, $db);
        queue_sql!($store, $db);
        settings_sql!($store, $db);
    };
}
