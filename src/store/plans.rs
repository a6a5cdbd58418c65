//! Plans and their catalogs: saved from seed files, read back whole.

use async_trait::async_trait;

use chrono::{DateTime, Utc};

use super::{SaveOutcome, StoreError};
use crate::chat::ChatKey;
use crate::plan::PlanBundle;

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Stores a plan and its catalog in one transaction. Saving what is already there changes nothing.
    async fn save_plan(&self, bundle: &PlanBundle) -> Result<SaveOutcome, StoreError>;

    /// The plan `id`, or without an id the most recently loaded plan.
    async fn load_plan(&self, id: Option<&str>) -> Result<Option<PlanBundle>, StoreError>;

    /// Ids of every stored plan, most recently loaded first.
    async fn plan_ids(&self) -> Result<Vec<String>, StoreError>;

    /// Every stored plan with its counts, in one query: retired ones included.
    async fn plan_overview(&self) -> Result<Vec<PlanOverview>, StoreError>;

    /// Retires a plan; whether it was in service.
    async fn retire_plan(&self, id: &str, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Changes whenever a plan is loaded, updated or retired: a serving process compares it to know
    /// when to load its plans again.
    async fn plans_stamp(&self) -> Result<String, StoreError>;

    /// Remembers the plan a chat meant.
    async fn remember_chat_plan(&self, chat: &ChatKey, plan: &str, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// The plan a chat last meant since `since`.
    async fn chat_plan(&self, chat: &ChatKey, since: DateTime<Utc>) -> Result<Option<String>, StoreError>;
}

/// A stored plan as `phoihop plan list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanOverview {
    pub id: String,
    pub catalog: String,
    pub code: String,
    pub title: String,
    pub short_title: Option<String>,
    pub coordinator: String,
    pub issued: chrono::NaiveDate,
    pub ends: i32,
    pub retired_at: Option<DateTime<Utc>>,
    pub tasks: i64,
    pub reports: i64,
}

/// The columns of a [`PlanRow`](super::rows::PlanRow).
macro_rules! plan_select {
    () => {
        "SELECT id, catalog, code, title, short_title, issuer, issued, coordinator, ends, review_done, amendments FROM plans"
    };
}

/// Implements [`PlanStore`] for `$store` over `$db` (see [`sql_store!`]).
macro_rules! plans_sql {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::PlanStore for $store {
            async fn save_plan(
                &self,
                bundle: &$crate::plan::PlanBundle,
            ) -> Result<$crate::store::SaveOutcome, $crate::store::StoreError> {
                use $crate::store::{SaveOutcome, content_of, db_error};
                let content = content_of(bundle);
                let (catalog, plan) = (&bundle.catalog, &bundle.plan);
                let meta = &plan.meta;
                let mut tx = self.begin().await.map_err(db_error)?;
                write_lock!($db, $store, tx);
                let existing: Option<String> = sqlx::query_scalar::<$db, String>("SELECT content FROM plans WHERE id = $1")
                    .bind(&meta.id)
                    .fetch_optional(&mut *tx)
                    .await
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
                    sqlx::query_scalar::<$db, String>("SELECT code FROM agency_groups WHERE catalog = $1")
                        .bind(&catalog.id)
                        .fetch_all(&mut *tx)
                        .await
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
                       ends, content, loaded_at, amendments, review_done)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                     ON CONFLICT (id) DO UPDATE SET catalog = excluded.catalog, code = excluded.code,
                       title = excluded.title, short_title = excluded.short_title, issuer = excluded.issuer,
                       issued = excluded.issued, coordinator = excluded.coordinator, ends = excluded.ends,
                       content = excluded.content, loaded_at = excluded.loaded_at,
                       amendments = excluded.amendments, review_done = excluded.review_done",
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
                .bind(meta.review_done)
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
                let stored_tasks: Vec<String> = sqlx::query_scalar::<$db, String>("SELECT ref FROM tasks WHERE plan_id = $1")
                    .bind(&meta.id)
                    .fetch_all(&mut *tx)
                    .await
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
                let stored_agencies: Vec<String> = sqlx::query_scalar::<$db, String>("SELECT code FROM agencies WHERE catalog = $1")
                    .bind(&catalog.id)
                    .fetch_all(&mut *tx)
                    .await
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
                use $crate::store::rows::{
                    AgencyRow, AssigneeRow, GroupRow, MemberRow, PlanRow, PlanRows, SectionRow, TaskRow,
                };
                let mut tx = self.begin().await.map_err(db_error)?;
                let plan = match id {
                    Some(id) => {
                        sqlx::query_as::<$db, PlanRow>(concat!(plan_select!(), " WHERE id = $1"))
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await
                    }
                    None => {
                        sqlx::query_as::<$db, PlanRow>(concat!(plan_select!(), " ORDER BY loaded_at DESC, id LIMIT 1"))
                            .fetch_optional(&mut *tx)
                            .await
                    }
                }
                .map_err(db_error)?;
                let Some(plan) = plan else { return Ok(None) };
                let catalog_name = sqlx::query_scalar::<$db, String>("SELECT name FROM catalogs WHERE id = $1")
                    .bind(&plan.catalog)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let agencies = sqlx::query_as::<$db, AgencyRow>(
                    "SELECT code, name, short_name, kind, aliases, valid_from, valid_until, successors, former_names
                     FROM agencies WHERE catalog = $1 ORDER BY position",
                )
                .bind(&plan.catalog)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                let groups = sqlx::query_as::<$db, GroupRow>(
                    "SELECT code, name, aliases FROM agency_groups WHERE catalog = $1 ORDER BY position",
                )
                .bind(&plan.catalog)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                let members = sqlx::query_as::<$db, MemberRow>(
                    "SELECT group_code, agency_code FROM agency_group_members WHERE catalog = $1
                     ORDER BY group_code, position",
                )
                .bind(&plan.catalog)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                let sections = sqlx::query_as::<$db, SectionRow>(
                    "SELECT id, title FROM plan_sections WHERE plan_id = $1 ORDER BY position",
                )
                .bind(&plan.id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                let tasks = sqlx::query_as::<$db, TaskRow>(
                    "SELECT ref, title, product, timeframe FROM tasks WHERE plan_id = $1 ORDER BY position",
                )
                .bind(&plan.id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                let assignees = sqlx::query_as::<$db, AssigneeRow>(
                    "SELECT task_ref, role, assignee, requested FROM task_assignees WHERE plan_id = $1
                     ORDER BY task_ref, position",
                )
                .bind(&plan.id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                let rows = PlanRows { plan, catalog_name, agencies, groups, members, sections, tasks, assignees };
                tx.commit().await.map_err(db_error)?;
                rows.into_bundle().map(Some)
            }

            async fn plan_ids(&self) -> Result<Vec<String>, $crate::store::StoreError> {
                sqlx::query_scalar::<$db, String>("SELECT id FROM plans ORDER BY loaded_at DESC, id")
                    .fetch_all(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)
            }

            async fn plan_overview(&self) -> Result<Vec<$crate::store::PlanOverview>, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::PlanOverview>(
                    "SELECT p.id, p.catalog, p.code, p.title, p.short_title, p.coordinator, p.issued, p.ends,
                            p.retired_at,
                            (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id) AS tasks,
                            (SELECT COUNT(*) FROM reports r WHERE r.plan_id = p.id) AS reports
                     FROM plans p ORDER BY p.issued, p.code, p.id",
                )
                .fetch_all(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
            }

            async fn retire_plan(
                &self,
                id: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query::<$db>("UPDATE plans SET retired_at = $2 WHERE id = $1 AND retired_at IS NULL")
                    .bind(id)
                    .bind(at)
                    .execute(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)?;
                Ok(done.rows_affected() == 1)
            }

            async fn plans_stamp(&self) -> Result<String, $crate::store::StoreError> {
                let (count, loaded, retired) = sqlx::query_as::<$db, (i64, Option<String>, i64)>(
                    "SELECT COUNT(*), CAST(MAX(loaded_at) AS TEXT), COUNT(retired_at) FROM plans",
                )
                .fetch_one(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(format!("{count}:{}:{retired}", loaded.unwrap_or_default()))
            }

            async fn remember_chat_plan(
                &self,
                chat: &$crate::chat::ChatKey,
                plan: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query::<$db>(
                    "INSERT INTO chat_plans (platform, chat_id, plan_id, chosen_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (platform, chat_id) DO UPDATE SET plan_id = excluded.plan_id,
                       chosen_at = excluded.chosen_at",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(plan)
                .bind(at)
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn chat_plan(
                &self,
                chat: &$crate::chat::ChatKey,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<String>, $crate::store::StoreError> {
                sqlx::query_scalar::<$db, String>(
                    "SELECT plan_id FROM chat_plans WHERE platform = $1 AND chat_id = $2 AND chosen_at >= $3",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .bind(since)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
            }
        }
    };
}
