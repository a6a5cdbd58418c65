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

            async fn save_plan(
                &self,
                bundle: &$crate::plan::PlanBundle,
            ) -> Result<$crate::store::SaveOutcome, $crate::store::StoreError> {
                use $crate::store::{SaveOutcome, content_of, db_error};
                use sqlx::Row;
                let content = content_of(bundle);
                let (catalog, plan) = (&bundle.catalog, &bundle.plan);
                let meta = &plan.meta;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                sqlx::query::<$db>(<$store>::WRITE_LOCK).execute(&mut *tx).await.map_err(db_error)?;
                let existing: Option<String> = sqlx::query::<$db>("SELECT content FROM plans WHERE id = $1")
                    .bind(&meta.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .map(|row| row.try_get(0))
                    .transpose()
                    .map_err(db_error)?;
                if existing.as_deref() == Some(content.as_str()) {
                    return Ok(SaveOutcome::Unchanged);
                }

                sqlx::query::<$db>(
                    "INSERT INTO catalogs (id, name) VALUES ($1, $2)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                )
                .bind(&catalog.id)
                .bind(&catalog.name)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                for (i, a) in catalog.agencies().iter().enumerate() {
                    sqlx::query::<$db>(
                        "INSERT INTO agencies (catalog, code, name, short_name, kind, aliases, position, valid_from,
                           valid_until, successors, former_names)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                         ON CONFLICT (catalog, code) DO UPDATE SET name = excluded.name,
                           short_name = excluded.short_name, kind = excluded.kind,
                           aliases = excluded.aliases, position = excluded.position,
                           valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                           successors = excluded.successors, former_names = excluded.former_names",
                    )
                    .bind(&catalog.id)
                    .bind(&a.code)
                    .bind(&a.name)
                    .bind(&a.short)
                    .bind(a.kind.as_str())
                    .bind(serde_json::to_string(&a.aliases).expect("strings serialise"))
                    .bind(i as i32)
                    .bind(a.since)
                    .bind(a.until)
                    .bind(serde_json::to_string(&a.successors).expect("strings serialise"))
                    .bind(serde_json::to_string(&a.former).expect("names serialise"))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                }
                sqlx::query::<$db>("DELETE FROM agency_group_members WHERE catalog = $1")
                    .bind(&catalog.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let stored_groups: Vec<String> =
                    sqlx::query::<$db>("SELECT code FROM agency_groups WHERE catalog = $1")
                        .bind(&catalog.id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(db_error)?
                        .iter()
                        .map(|r| r.try_get(0))
                        .collect::<Result<_, _>>()
                        .map_err(db_error)?;
                for code in stored_groups.iter().filter(|c| catalog.group(c).is_none()) {
                    sqlx::query::<$db>("DELETE FROM agency_groups WHERE catalog = $1 AND code = $2")
                        .bind(&catalog.id)
                        .bind(code)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                }
                for (i, g) in catalog.groups().iter().enumerate() {
                    sqlx::query::<$db>(
                        "INSERT INTO agency_groups (catalog, code, name, aliases, position)
                         VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (catalog, code) DO UPDATE SET name = excluded.name,
                           aliases = excluded.aliases, position = excluded.position",
                    )
                    .bind(&catalog.id)
                    .bind(&g.code)
                    .bind(&g.name)
                    .bind(serde_json::to_string(&g.aliases).expect("strings serialise"))
                    .bind(i as i32)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    for (j, m) in g.members.iter().enumerate() {
                        sqlx::query::<$db>(
                            "INSERT INTO agency_group_members (catalog, group_code, agency_code, position)
                             VALUES ($1, $2, $3, $4)",
                        )
                        .bind(&catalog.id)
                        .bind(&g.code)
                        .bind(m)
                        .bind(j as i32)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    }
                }

                sqlx::query::<$db>(
                    "INSERT INTO plans (id, catalog, code, title, short_title, issuer, issued, coordinator,
                       ends, content, loaded_at, amendments)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                     ON CONFLICT (id) DO UPDATE SET catalog = excluded.catalog, code = excluded.code,
                       title = excluded.title, short_title = excluded.short_title, issuer = excluded.issuer,
                       issued = excluded.issued, coordinator = excluded.coordinator, ends = excluded.ends,
                       content = excluded.content, loaded_at = excluded.loaded_at,
                       amendments = excluded.amendments",
                )
                .bind(&meta.id)
                .bind(&meta.catalog)
                .bind(&meta.code)
                .bind(&meta.title)
                .bind(&meta.short_title)
                .bind(&meta.issuer)
                .bind(meta.issued)
                .bind(&meta.coordinator)
                .bind(meta.ends)
                .bind(&content)
                .bind(chrono::Utc::now())
                .bind(serde_json::to_string(&bundle.amendments).expect("amendments serialise"))
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                sqlx::query::<$db>("DELETE FROM plan_sections WHERE plan_id = $1")
                    .bind(&meta.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                for (i, s) in plan.sections.iter().enumerate() {
                    sqlx::query::<$db>(
                        "INSERT INTO plan_sections (plan_id, id, title, position) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&meta.id)
                    .bind(&s.id)
                    .bind(&s.title)
                    .bind(i as i32)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                }
                sqlx::query::<$db>("DELETE FROM task_assignees WHERE plan_id = $1")
                    .bind(&meta.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let stored_tasks: Vec<String> = sqlx::query::<$db>("SELECT ref FROM tasks WHERE plan_id = $1")
                    .bind(&meta.id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<_, _>>()
                    .map_err(db_error)?;
                for gone in stored_tasks.iter().filter(|r| !plan.tasks.iter().any(|t| t.reference.to_string() == **r)) {
                    sqlx::query::<$db>("DELETE FROM tasks WHERE plan_id = $1 AND ref = $2")
                        .bind(&meta.id)
                        .bind(gone)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                }
                for (i, t) in plan.tasks.iter().enumerate() {
                    let reference = t.reference.to_string();
                    sqlx::query::<$db>(
                        "INSERT INTO tasks (plan_id, ref, section, position, title, product, timeframe, due)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                         ON CONFLICT (plan_id, ref) DO UPDATE SET section = excluded.section,
                           position = excluded.position, title = excluded.title, product = excluded.product,
                           timeframe = excluded.timeframe, due = excluded.due",
                    )
                    .bind(&meta.id)
                    .bind(&reference)
                    .bind(t.reference.section_id())
                    .bind(i as i32)
                    .bind(&t.title)
                    .bind(&t.product)
                    .bind(&t.timeframe_text)
                    .bind(plan.due(t))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    let named = t
                        .lead
                        .iter()
                        .map(|a| ($crate::plan::Role::Lead, a))
                        .chain(t.support.iter().map(|a| ($crate::plan::Role::Support, a)));
                    for (j, (role, assignee)) in named.enumerate() {
                        let requested = matches!(assignee, $crate::plan::Assignee::Agency(code) if t.requested.contains(code));
                        sqlx::query::<$db>(
                            "INSERT INTO task_assignees (plan_id, task_ref, role, assignee, requested, position)
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&meta.id)
                        .bind(&reference)
                        .bind(role.as_str())
                        .bind(assignee.to_string())
                        .bind(requested)
                        .bind(j as i32)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    }
                }
                // Agencies dropped from the catalog go last, once nothing in this plan names them.
                let stored_agencies: Vec<String> = sqlx::query::<$db>("SELECT code FROM agencies WHERE catalog = $1")
                    .bind(&catalog.id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<_, _>>()
                    .map_err(db_error)?;
                for code in stored_agencies.iter().filter(|c| catalog.agency(c).is_none()) {
                    sqlx::query::<$db>("DELETE FROM agencies WHERE catalog = $1 AND code = $2")
                        .bind(&catalog.id)
                        .bind(code)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(if existing.is_some() { SaveOutcome::Updated } else { SaveOutcome::Created })
            }

            async fn load_plan(
                &self,
                id: Option<&str>,
            ) -> Result<Option<$crate::plan::PlanBundle>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use $crate::store::rows::{PlanRows, row_to_assignee, row_to_group_member};
                use sqlx::Row;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let plan_row = match id {
                    Some(id) => sqlx::query::<$db>(
                        "SELECT id, catalog, code, title, short_title, issuer, issued, coordinator, ends, amendments
                         FROM plans WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await,
                    None => sqlx::query::<$db>(
                        "SELECT id, catalog, code, title, short_title, issuer, issued, coordinator, ends, amendments
                         FROM plans ORDER BY loaded_at DESC, id LIMIT 1",
                    )
                    .fetch_optional(&mut *tx)
                    .await,
                }
                .map_err(db_error)?;
                let Some(p) = plan_row else { return Ok(None) };
                let mut rows = PlanRows {
                    meta: $crate::plan::PlanMeta {
                        id: p.try_get("id").map_err(db_error)?,
                        catalog: p.try_get("catalog").map_err(db_error)?,
                        code: p.try_get("code").map_err(db_error)?,
                        title: p.try_get("title").map_err(db_error)?,
                        short_title: p.try_get("short_title").map_err(db_error)?,
                        issuer: p.try_get("issuer").map_err(db_error)?,
                        issued: p.try_get("issued").map_err(db_error)?,
                        coordinator: p.try_get("coordinator").map_err(db_error)?,
                        ends: p.try_get("ends").map_err(db_error)?,
                    },
                    amendments: p.try_get("amendments").map_err(db_error)?,
                    ..Default::default()
                };
                let (plan_id, catalog_id) = (rows.meta.id.clone(), rows.meta.catalog.clone());
                rows.catalog_name = sqlx::query::<$db>("SELECT name FROM catalogs WHERE id = $1")
                    .bind(&catalog_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .try_get(0)
                    .map_err(db_error)?;
                for r in sqlx::query::<$db>(
                    "SELECT code, name, short_name, kind, aliases, valid_from, valid_until, successors, former_names
                     FROM agencies WHERE catalog = $1 ORDER BY position",
                )
                .bind(&catalog_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?
                {
                    rows.agencies.push($crate::store::rows::AgencyRow {
                        code: r.try_get("code").map_err(db_error)?,
                        name: r.try_get("name").map_err(db_error)?,
                        short: r.try_get("short_name").map_err(db_error)?,
                        kind: r.try_get("kind").map_err(db_error)?,
                        aliases: r.try_get("aliases").map_err(db_error)?,
                        since: r.try_get("valid_from").map_err(db_error)?,
                        until: r.try_get("valid_until").map_err(db_error)?,
                        successors: r.try_get("successors").map_err(db_error)?,
                        former: r.try_get("former_names").map_err(db_error)?,
                    });
                }
                for r in sqlx::query::<$db>(
                    "SELECT code, name, aliases FROM agency_groups WHERE catalog = $1 ORDER BY position",
                )
                .bind(&catalog_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?
                {
                    rows.groups.push((r.try_get(0).map_err(db_error)?, r.try_get(1).map_err(db_error)?, r.try_get(2).map_err(db_error)?));
                }
                for r in sqlx::query::<$db>(
                    "SELECT group_code, agency_code FROM agency_group_members WHERE catalog = $1
                     ORDER BY group_code, position",
                )
                .bind(&catalog_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?
                {
                    rows.members.push(row_to_group_member(r.try_get(0).map_err(db_error)?, r.try_get(1).map_err(db_error)?));
                }
                for r in sqlx::query::<$db>("SELECT id, title FROM plan_sections WHERE plan_id = $1 ORDER BY position")
                    .bind(&plan_id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                {
                    rows.sections.push($crate::plan::Section { id: r.try_get(0).map_err(db_error)?, title: r.try_get(1).map_err(db_error)? });
                }
                for r in sqlx::query::<$db>(
                    "SELECT ref, title, product, timeframe FROM tasks WHERE plan_id = $1 ORDER BY position",
                )
                .bind(&plan_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?
                {
                    rows.tasks.push((r.try_get(0).map_err(db_error)?, r.try_get(1).map_err(db_error)?, r.try_get(2).map_err(db_error)?, r.try_get(3).map_err(db_error)?));
                }
                for r in sqlx::query::<$db>(
                    "SELECT task_ref, role, assignee, requested FROM task_assignees WHERE plan_id = $1
                     ORDER BY task_ref, position",
                )
                .bind(&plan_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?
                {
                    rows.assignees.push(row_to_assignee(r.try_get(0).map_err(db_error)?, r.try_get(1).map_err(db_error)?, r.try_get(2).map_err(db_error)?, r.try_get(3).map_err(db_error)?));
                }
                tx.commit().await.map_err(db_error)?;
                rows.into_bundle().map(Some)
            }

            async fn plan_ids(&self) -> Result<Vec<String>, $crate::store::StoreError> {
                use sqlx::Row;
                Ok(sqlx::query::<$db>("SELECT id FROM plans ORDER BY loaded_at DESC, id")
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::db_error)?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<_, _>>()
                    .map_err($crate::store::db_error)?)
            }

            async fn bind_chat(&self, b: &$crate::chat::ChatBinding) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO chat_bindings (platform, chat_id, catalog, agency, coordinator, bound_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (platform, chat_id) DO UPDATE SET catalog = excluded.catalog,
                       agency = excluded.agency, coordinator = excluded.coordinator, bound_at = excluded.bound_at,
                       succession_told_at = NULL",
                )
                .bind(&b.chat.platform)
                .bind(&b.chat.chat_id)
                .bind(&b.catalog)
                .bind(&b.agency)
                .bind(b.coordinator)
                .bind(b.bound_at)
                .execute(&self.pool)
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
                .execute(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                Ok(done.rows_affected() == 1)
            }

            async fn add_report(
                &self,
                report: &$crate::progress::NewReport,
            ) -> Result<$crate::progress::Report, $crate::store::StoreError> {
                let id = insert_report!($db, &self.pool, report)?;
                Ok($crate::progress::Report { id, report: report.clone(), retracted_at: None })
            }

            async fn add_report_batch(
                &self,
                reports: &[$crate::progress::NewReport],
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let mut recorded = Vec::with_capacity(reports.len());
                for report in reports {
                    let id = insert_report!($db, &mut *tx, report)?;
                    recorded.push($crate::progress::Report { id, report: report.clone(), retracted_at: None });
                }
                tx.commit().await.map_err(db_error)?;
                Ok(recorded)
            }

            async fn add_reports(
                &self,
                reports: &[$crate::progress::NewReport],
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let mut written = 0;
                // 19 parameters a row: 1,000 rows stay under both databases' limits on parameters.
                for chunk in reports.chunks(1000) {
                    let mut insert = reports_insert!($db, chunk);
                    written += insert.build().execute(&mut *tx).await.map_err(db_error)?.rows_affected();
                }
                tx.commit().await.map_err(db_error)?;
                Ok(written)
            }

            async fn current_report(
                &self,
                plan_id: &str,
                task: &str,
                agency: &str,
                period: &str,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                let row = sqlx::query::<$db>(concat!(
                    report_select!(),
                    " WHERE r.plan_id = $1 AND r.task_ref = $2 AND r.agency = $3 AND r.period = $4
                      AND x.report_id IS NULL ORDER BY r.id DESC LIMIT 1"
                ))
                .bind(plan_id)
                .bind(task)
                .bind(agency)
                .bind(period)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                row.as_ref().map(decode_report).transpose()
            }

            async fn latest_reports(&self, plan_id: &str) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query::<$db>(latest_select!("x.report_id IS NULL AND r.plan_id = $1"))
                    .bind(plan_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::db_error)
                    .and_then(|rows| decode_reports(&rows))
            }

            async fn latest_task_reports(
                &self,
                plan_id: &str,
                task: &str,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query::<$db>(latest_select!("x.report_id IS NULL AND r.plan_id = $1 AND r.task_ref = $2"))
                    .bind(plan_id)
                    .bind(task)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::db_error)
                    .and_then(|rows| decode_reports(&rows))
            }

            async fn latest_reports_as_of(
                &self,
                plan_id: &str,
                until: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                let rows = sqlx::query::<$db>(latest_select!(
                    "r.plan_id = $1 AND r.reported_at < $2 AND (x.report_id IS NULL OR x.retracted_at >= $2)"
                ))
                .bind(plan_id)
                .bind(until)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                // As of `until` none of them was retracted yet.
                rows.iter()
                    .map(|row| decode_report(row).map(|r| $crate::progress::Report { retracted_at: None, ..r }))
                    .collect()
            }

            async fn latest_reports_at_both(
                &self,
                plan_id: &str,
                first: chrono::DateTime<chrono::Utc>,
                second: chrono::DateTime<chrono::Utc>,
            ) -> Result<(Vec<$crate::progress::Report>, Vec<$crate::progress::Report>), $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                // One aggregate finds each group's newest id at both times; the rows are then read once.
                let rows = sqlx::query::<$db>(concat!(
                    "WITH latest AS MATERIALIZED (
                       SELECT MAX(CASE WHEN r.reported_at < $2 AND (x.report_id IS NULL OR x.retracted_at >= $2)
                                       THEN r.id END) AS first_id,
                              MAX(CASE WHEN x.report_id IS NULL OR x.retracted_at >= $3 THEN r.id END) AS second_id
                       FROM reports r LEFT JOIN report_retractions x ON x.report_id = r.id
                       WHERE r.plan_id = $1 AND r.reported_at < $3
                       GROUP BY r.task_ref, r.agency, r.period)
                     SELECT ",
                    report_columns!(),
                    ", l.first_id IS NOT NULL AND l.first_id = r.id, 1 = 1
                     FROM latest l JOIN reports r ON r.id = l.second_id
                       LEFT JOIN report_retractions x ON x.report_id = r.id
                     UNION ALL
                     SELECT ",
                    report_columns!(),
                    ", 1 = 1, 1 = 0
                     FROM latest l JOIN reports r ON r.id = l.first_id
                       LEFT JOIN report_retractions x ON x.report_id = r.id
                     WHERE l.second_id IS NULL OR l.second_id <> l.first_id"
                ))
                .bind(plan_id)
                .bind(first)
                .bind(second)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                let (mut at_first, mut at_second) = (Vec::new(), Vec::new());
                for row in &rows {
                    // As of either time none of them was retracted yet.
                    let report = $crate::progress::Report { retracted_at: None, ..decode_report(row)? };
                    let (in_first, in_second): (bool, bool) =
                        (row.try_get(21).map_err(db_error)?, row.try_get(22).map_err(db_error)?);
                    match (in_first, in_second) {
                        (true, true) => {
                            at_first.push(report.clone());
                            at_second.push(report);
                        }
                        (true, false) => at_first.push(report),
                        _ => at_second.push(report),
                    }
                }
                at_first.sort_by_key(|r| r.id);
                at_second.sort_by_key(|r| r.id);
                Ok((at_first, at_second))
            }

            async fn reports_between(
                &self,
                plan_id: &str,
                from: chrono::DateTime<chrono::Utc>,
                to: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query::<$db>(concat!(
                    report_select!(),
                    " WHERE r.plan_id = $1 AND r.reported_at >= $2 AND r.reported_at < $3 ORDER BY r.id"
                ))
                .bind(plan_id)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::db_error)
                .and_then(|rows| decode_reports(&rows))
            }

            async fn task_history(
                &self,
                plan_id: &str,
                task: &str,
                limit: i64,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query::<$db>(concat!(
                    report_select!(),
                    " WHERE r.plan_id = $1 AND r.task_ref = $2 ORDER BY r.id DESC LIMIT $3"
                ))
                .bind(plan_id)
                .bind(task)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::db_error)
                .and_then(|rows| decode_reports(&rows))
            }

            async fn all_reports(&self, plan_id: &str) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query::<$db>(concat!(report_select!(), " WHERE r.plan_id = $1 ORDER BY r.id"))
                    .bind(plan_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::db_error)
                    .and_then(|rows| decode_reports(&rows))
            }

            async fn reported_since(
                &self,
                plan_id: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                sqlx::query::<$db>(
                    "SELECT r.agency, MAX(r.reported_at) FROM reports r
                     LEFT JOIN report_retractions x ON x.report_id = r.id
                     WHERE r.plan_id = $1 AND r.reported_at >= $2 AND x.report_id IS NULL
                     GROUP BY r.agency",
                )
                .bind(plan_id)
                .bind(since)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?
                .iter()
                .map(|r| Ok((r.try_get(0).map_err(db_error)?, r.try_get(1).map_err(db_error)?)))
                .collect()
            }

            async fn retract(
                &self,
                id: Option<i64>,
                since: chrono::DateTime<chrono::Utc>,
                by: &$crate::progress::Retraction,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                sqlx::query::<$db>(<$store>::WRITE_LOCK).execute(&mut *tx).await.map_err(db_error)?;
                let row = match id {
                    Some(id) => sqlx::query::<$db>(concat!(
                        report_select!(),
                        " WHERE r.id = $1 AND r.platform = $2 AND r.chat_id = $3"
                    ))
                    .bind(id)
                    .bind(&by.chat.platform)
                    .bind(&by.chat.chat_id)
                    .fetch_optional(&mut *tx)
                    .await,
                    None => sqlx::query::<$db>(concat!(
                        report_select!(),
                        " WHERE r.platform = $1 AND r.chat_id = $2 AND x.report_id IS NULL ORDER BY r.id DESC LIMIT 1"
                    ))
                    .bind(&by.chat.platform)
                    .bind(&by.chat.chat_id)
                    .fetch_optional(&mut *tx)
                    .await,
                }
                .map_err(db_error)?;
                let Some(mut report) = row.as_ref().map(decode_report).transpose()? else { return Ok(None) };
                if report.retracted_at.is_some() || report.at < since {
                    return Ok(None);
                }
                let done = sqlx::query::<$db>(
                    "INSERT INTO report_retractions (report_id, platform, chat_id, user_id, user_name, retracted_at,
                       source)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (report_id) DO NOTHING",
                )
                .bind(report.id)
                .bind(&by.chat.platform)
                .bind(&by.chat.chat_id)
                .bind(&by.user_id)
                .bind(&by.user_name)
                .bind(by.at)
                .bind(&by.source)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?
                .rows_affected();
                tx.commit().await.map_err(db_error)?;
                report.retracted_at = Some(by.at);
                Ok((done == 1).then_some(report))
            }

            async fn put_pending(&self, reports: &[$crate::progress::NewReport]) -> Result<(), $crate::store::StoreError> {
                let Some(report) = reports.first() else { return Ok(()) };
                let payload = serde_json::to_string(reports).expect("reports always serialise");
                sqlx::query::<$db>(
                    "INSERT INTO pending_reports (platform, chat_id, payload, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (platform, chat_id) DO UPDATE SET payload = excluded.payload,
                       created_at = excluded.created_at",
                )
                .bind(&report.chat.platform)
                .bind(&report.chat.chat_id)
                .bind(payload)
                .bind(report.at)
                .execute(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn commit_pending(
                &self,
                chat: &$crate::chat::ChatKey,
                since: chrono::DateTime<chrono::Utc>,
                source: Option<&str>,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                sqlx::query::<$db>(<$store>::WRITE_LOCK).execute(&mut *tx).await.map_err(db_error)?;
                let row = sqlx::query::<$db>(
                    "DELETE FROM pending_reports WHERE platform = $1 AND chat_id = $2 RETURNING payload, created_at",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
                let Some(row) = row else { return Ok(Vec::new()) };
                let created: chrono::DateTime<chrono::Utc> = row.try_get(1).map_err(db_error)?;
                if created < since {
                    tx.commit().await.map_err(db_error)?;
                    return Ok(Vec::new());
                }
                let payload: String = row.try_get(0).map_err(db_error)?;
                let reports = $crate::store::pending_payload(&payload)?;
                let mut recorded = Vec::with_capacity(reports.len());
                for (k, mut report) in reports.into_iter().enumerate() {
                    // The reports come from the answer that confirmed them.
                    report.source = source.map(|s| $crate::store::source_of(s, k));
                    let id = insert_report!($db, &mut *tx, &report)?;
                    recorded.push($crate::progress::Report { id, report, retracted_at: None });
                }
                tx.commit().await.map_err(db_error)?;
                Ok(recorded)
            }

            async fn drop_pending(&self, chat: &$crate::chat::ChatKey) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query::<$db>("DELETE FROM pending_reports WHERE platform = $1 AND chat_id = $2")
                    .bind(&chat.platform)
                    .bind(&chat.chat_id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::db_error)?
                    .rows_affected();
                Ok(done > 0)
            }

            async fn create_invite(&self, i: &$crate::chat::Invite) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO invite_codes (code_hash, catalog, agency, coordinator, created_by, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&i.code_hash)
                .bind(&i.catalog)
                .bind(&i.agency)
                .bind(i.coordinator)
                .bind(&i.created_by)
                .bind(i.created_at)
                .bind(i.expires_at)
                .execute(&self.pool)
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
                use $crate::chat::{ChatBinding, Redeemed};
                use $crate::store::db_error;
                use sqlx::Row;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                sqlx::query::<$db>(<$store>::WRITE_LOCK).execute(&mut *tx).await.map_err(db_error)?;
                let used = sqlx::query::<$db>(
                    "UPDATE invite_codes SET used_at = $1, used_platform = $2, used_chat_id = $3
                     WHERE code_hash = $4 AND used_at IS NULL AND expires_at > $1
                     RETURNING catalog, agency, coordinator",
                )
                .bind(at)
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(code_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
                let Some(row) = used else {
                    let known = sqlx::query::<$db>(
                        "SELECT used_at IS NOT NULL, c.catalog, c.agency, c.coordinator, b.bound_at
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
                    if !known.try_get::<bool, _>(0).map_err(db_error)? {
                        return Ok(Redeemed::Expired);
                    }
                    // The same code from the chat it bound (the message handled again after a crash) binds
                    // nothing new and says so the same way.
                    let bound_at: Option<chrono::DateTime<chrono::Utc>> = known.try_get(4).map_err(db_error)?;
                    return Ok(match bound_at {
                        Some(bound_at) => Redeemed::Bound(ChatBinding {
                            chat: chat.clone(),
                            catalog: known.try_get(1).map_err(db_error)?,
                            agency: known.try_get(2).map_err(db_error)?,
                            coordinator: known.try_get(3).map_err(db_error)?,
                            bound_at,
                        }),
                        None => Redeemed::Used,
                    });
                };
                let binding = ChatBinding {
                    chat: chat.clone(),
                    catalog: row.try_get(0).map_err(db_error)?,
                    agency: row.try_get(1).map_err(db_error)?,
                    coordinator: row.try_get(2).map_err(db_error)?,
                    bound_at: at,
                };
                sqlx::query::<$db>(
                    "INSERT INTO chat_bindings (platform, chat_id, catalog, agency, coordinator, bound_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (platform, chat_id) DO UPDATE SET catalog = excluded.catalog,
                       agency = excluded.agency, coordinator = excluded.coordinator, bound_at = excluded.bound_at,
                       succession_told_at = NULL",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(&binding.catalog)
                .bind(&binding.agency)
                .bind(binding.coordinator)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                tx.commit().await.map_err(db_error)?;
                Ok(Redeemed::Bound(binding))
            }

            async fn record_bind_failure(
                &self,
                chat: &$crate::chat::ChatKey,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>("INSERT INTO bind_failures (platform, chat_id, failed_at) VALUES ($1, $2, $3)")
                    .bind(&chat.platform)
                    .bind(&chat.chat_id)
                    .bind(at)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn bind_failures_since(
                &self,
                chat: &$crate::chat::ChatKey,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<i64, $crate::store::StoreError> {
                use sqlx::Row;
                sqlx::query::<$db>(
                    "SELECT COUNT(*) FROM bind_failures WHERE platform = $1 AND chat_id = $2 AND failed_at >= $3",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(since)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::db_error)?
                .try_get(0)
                .map_err($crate::store::db_error)
            }

            async fn chat_bindings(&self, catalog: &str) -> Result<Vec<$crate::chat::ChatBinding>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                sqlx::query::<$db>(
                    "SELECT platform, chat_id, agency, coordinator, bound_at FROM chat_bindings WHERE catalog = $1
                     ORDER BY bound_at, platform, chat_id",
                )
                .bind(catalog)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?
                .iter()
                .map(|r| {
                    Ok($crate::chat::ChatBinding {
                        chat: $crate::chat::ChatKey::new(
                            r.try_get::<String, _>(0).map_err(db_error)?,
                            r.try_get::<String, _>(1).map_err(db_error)?,
                        ),
                        catalog: catalog.to_string(),
                        agency: r.try_get(2).map_err(db_error)?,
                        coordinator: r.try_get(3).map_err(db_error)?,
                        bound_at: r.try_get(4).map_err(db_error)?,
                    })
                })
                .collect()
            }

            async fn unbind_chat(&self, chat: &$crate::chat::ChatKey) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query::<$db>("DELETE FROM chat_bindings WHERE platform = $1 AND chat_id = $2")
                    .bind(&chat.platform)
                    .bind(&chat.chat_id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::db_error)?
                    .rows_affected();
                Ok(done > 0)
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
                .execute(&self.pool)
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
                .execute(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                Ok(done > 0)
            }

            async fn settings(&self) -> Result<Vec<(String, String)>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                sqlx::query::<$db>("SELECT key, value FROM settings ORDER BY key")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|r| Ok((r.try_get(0).map_err(db_error)?, r.try_get(1).map_err(db_error)?)))
                    .collect()
            }

            async fn set_setting(&self, key: &str, value: &str) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
                .execute(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

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
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                Ok(found.is_some())
            }

            async fn enqueue(
                &self,
                messages: &[$crate::delivery::Outgoing],
                claim: Option<&$crate::store::SendClaim<'_>>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
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
                insert_outgoing!($db, &mut tx, messages, at);
                tx.commit().await.map_err(db_error)?;
                Ok(true)
            }

            async fn inbox_put(
                &self,
                updates: &[$crate::delivery::NewUpdate],
            ) -> Result<usize, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let mut new = 0;
                for update in updates {
                    new += sqlx::query::<$db>(
                        "INSERT INTO inbox (platform, update_id, chat_id, payload, received_at)
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, update_id) DO NOTHING",
                    )
                    .bind(&update.platform)
                    .bind(&update.update_id)
                    .bind(&update.chat_id)
                    .bind(&update.payload)
                    .bind(update.received_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .rows_affected() as usize;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(new)
            }

            async fn inbox_claim(
                &self,
                platform: &str,
                lease: &$crate::store::Lease<'_>,
                limit: i64,
            ) -> Result<Vec<$crate::delivery::InboxItem>, $crate::store::StoreError> {
                Ok(claim_rows!($db, &self.pool, <$store>::CLAIM_INBOX, (platform, lease, limit), |row| {
                    Ok($crate::delivery::InboxItem {
                        id: row.try_get(0)?,
                        update: $crate::delivery::NewUpdate {
                            platform: row.try_get(1)?,
                            update_id: row.try_get(2)?,
                            chat_id: row.try_get(3)?,
                            payload: row.try_get(4)?,
                            received_at: row.try_get(5)?,
                        },
                        attempts: row.try_get(6)?,
                    })
                }))
            }

            async fn inbox_finish(
                &self,
                id: i64,
                failed: bool,
                replies: &[$crate::delivery::Outgoing],
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let done = sqlx::query::<$db>(
                    "UPDATE inbox SET state = $2, done_at = $3, claimed_until = NULL WHERE id = $1 AND state = 'new'",
                )
                .bind(id)
                .bind(if failed { "failed" } else { "done" })
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?
                .rows_affected();
                // Another worker finished it first (its lease had run out): its replies are queued already.
                if done == 0 {
                    return Ok(());
                }
                insert_outgoing!($db, &mut tx, replies, at);
                tx.commit().await.map_err(db_error)?;
                Ok(())
            }

            async fn outbox_claim(
                &self,
                platform: &str,
                lease: &$crate::store::Lease<'_>,
                limit: i64,
            ) -> Result<Vec<$crate::delivery::OutboxItem>, $crate::store::StoreError> {
                Ok(claim_rows!($db, &self.pool, <$store>::CLAIM_OUTBOX, (platform, lease, limit), |row| {
                    Ok($crate::delivery::OutboxItem {
                        id: row.try_get(0)?,
                        message: $crate::delivery::Outgoing {
                            platform: row.try_get(1)?,
                            chat_id: row.try_get(2)?,
                            payload: row.try_get(3)?,
                            file: row.try_get(4)?,
                        },
                        attempts: row.try_get(5)?,
                    })
                }))
            }

            async fn outbox_outcome(
                &self,
                id: i64,
                outcome: &$crate::delivery::SendOutcome,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::delivery::SendOutcome;
                let query = match outcome {
                    SendOutcome::Sent => sqlx::query::<$db>(
                        "UPDATE outbox SET state = 'sent', sent_at = $2, claimed_until = NULL, error = NULL,
                           attempts = attempts + 1 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(at),
                    SendOutcome::Retry { at: next, error } => sqlx::query::<$db>(
                        "UPDATE outbox SET next_attempt_at = $2, claimed_until = NULL, error = $3,
                           attempts = attempts + 1 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(*next)
                    .bind(error.as_str()),
                    SendOutcome::Failed { error } => sqlx::query::<$db>(
                        "UPDATE outbox SET state = 'failed', sent_at = $2, claimed_until = NULL, error = $3,
                           attempts = attempts + 1 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(at)
                    .bind(error.as_str()),
                };
                query.execute(&self.pool).await.map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn outbox_open(&self, platform: &str) -> Result<i64, $crate::store::StoreError> {
                use sqlx::Row;
                sqlx::query::<$db>("SELECT COUNT(*) FROM outbox WHERE platform = $1 AND state = 'pending'")
                    .bind(platform)
                    .fetch_one(&self.pool)
                    .await
                    .and_then(|row| row.try_get::<i64, _>(0))
                    .map_err($crate::store::db_error)
            }

            async fn reports_by_source(
                &self,
                source: &str,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                // The update's own key, and "key#2", "key#3" … for the further reports of one message: a
                // range of the unique index ('$' sorts right after '#').
                sqlx::query::<$db>(concat!(
                    report_select!(),
                    " WHERE r.source = $1 OR (r.source >= $2 AND r.source < $3) ORDER BY r.id"
                ))
                .bind(source)
                .bind(format!("{source}#"))
                .bind(format!("{source}$"))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::db_error)
                .and_then(|rows| decode_reports(&rows))
            }

            async fn retracted_by_source(
                &self,
                source: &str,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query::<$db>(concat!(report_select!(), " WHERE x.source = $1"))
                    .bind(source)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::store::db_error)?
                    .as_ref()
                    .map(decode_report)
                    .transpose()
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
                .execute(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn instances(&self) -> Result<Vec<$crate::store::Instance>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                sqlx::query::<$db>("SELECT id, platform, host, pid, started_at, heartbeat_at FROM instances ORDER BY id")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|r| {
                        Ok($crate::store::Instance {
                            id: r.try_get("id").map_err(db_error)?,
                            platform: r.try_get("platform").map_err(db_error)?,
                            host: r.try_get("host").map_err(db_error)?,
                            pid: r.try_get("pid").map_err(db_error)?,
                            started_at: r.try_get("started_at").map_err(db_error)?,
                            heartbeat_at: r.try_get("heartbeat_at").map_err(db_error)?,
                        })
                    })
                    .collect()
            }

            async fn forget_instance(&self, id: &str) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>("DELETE FROM instances WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
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
                ] {
                    gone += sqlx::query::<$db>(sql)
                        .bind(before)
                        .execute(&self.pool)
                        .await
                        .map_err($crate::store::db_error)?
                        .rows_affected();
                }
                Ok(gone)
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
                .execute(&self.pool)
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
                use sqlx::Row;
                let row = sqlx::query::<$db>(
                    "DELETE FROM button_tokens WHERE token = $1 AND platform = $2 AND chat_id = $3 AND created_at >= $4
                     RETURNING message",
                )
                .bind(token)
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(since)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::db_error)?;
                row.map(|r| r.try_get(0)).transpose().map_err($crate::store::db_error)
            }

            async fn chat_binding(
                &self,
                chat: &$crate::chat::ChatKey,
            ) -> Result<Option<$crate::chat::ChatBinding>, $crate::store::StoreError> {
                use $crate::store::db_error;
                use sqlx::Row;
                let row = sqlx::query::<$db>(
                    "SELECT catalog, agency, coordinator, bound_at FROM chat_bindings
                     WHERE platform = $1 AND chat_id = $2",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
                let Some(r) = row else { return Ok(None) };
                Ok(Some($crate::chat::ChatBinding {
                    chat: chat.clone(),
                    catalog: r.try_get(0).map_err(db_error)?,
                    agency: r.try_get(1).map_err(db_error)?,
                    coordinator: r.try_get(2).map_err(db_error)?,
                    bound_at: r.try_get(3).map_err(db_error)?,
                }))
            }
        }

        /// Reads rows of `report_select!()` columns.
        fn decode_reports(
            rows: &[<$db as sqlx::Database>::Row],
        ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
            rows.iter().map(decode_report).collect()
        }

        /// Reads a row of `report_select!()` columns.
        fn decode_report(
            row: &<$db as sqlx::Database>::Row,
        ) -> Result<$crate::progress::Report, $crate::store::StoreError> {
            use $crate::store::db_error;
            use sqlx::Row;
            $crate::store::rows::ReportRow {
                id: row.try_get(0).map_err(db_error)?,
                plan_id: row.try_get(1).map_err(db_error)?,
                task_ref: row.try_get(2).map_err(db_error)?,
                agency: row.try_get(3).map_err(db_error)?,
                role: row.try_get(4).map_err(db_error)?,
                period: row.try_get(5).map_err(db_error)?,
                status: row.try_get(6).map_err(db_error)?,
                percent: row.try_get(7).map_err(db_error)?,
                note: row.try_get(8).map_err(db_error)?,
                platform: row.try_get(9).map_err(db_error)?,
                chat_id: row.try_get(10).map_err(db_error)?,
                user_id: row.try_get(11).map_err(db_error)?,
                user_name: row.try_get(12).map_err(db_error)?,
                message_id: row.try_get(13).map_err(db_error)?,
                reported_at: row.try_get(14).map_err(db_error)?,
                retracted_at: row.try_get(15).map_err(db_error)?,
                evidence: row.try_get(16).map_err(db_error)?,
                source: row.try_get(17).map_err(db_error)?,
                as_of: row.try_get(18).map_err(db_error)?,
                entered_by: row.try_get(19).map_err(db_error)?,
                expected: row.try_get(20).map_err(db_error)?,
            }
            .into_report()
        }
    };
}
