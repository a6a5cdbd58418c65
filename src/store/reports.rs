//! Progress reports: an append-only history, its latest state, reports waiting for a confirmation.

use async_trait::async_trait;

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::chat::ChatKey;
use crate::progress::{NewReport, Report, Retraction, Review};

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Appends a report; returns it with its id.
    async fn add_report(&self, report: &NewReport) -> Result<Report, StoreError>;

    /// Appends the reports of one message in one transaction; returns them with their ids.
    async fn add_report_batch(&self, reports: &[NewReport]) -> Result<Vec<Report>, StoreError>;

    /// Appends many reports at once (imports, synthetic data), in one transaction; returns how many.
    async fn add_reports(&self, reports: &[NewReport]) -> Result<u64, StoreError>;

    /// The latest live report of one (task, agency, period).
    async fn current_report(
        &self,
        plan_id: &str,
        task: &str,
        agency: &str,
        period: &str,
    ) -> Result<Option<Report>, StoreError>;

    /// The latest live report of every (task, agency, period) of a plan.
    async fn latest_reports(&self, plan_id: &str) -> Result<Vec<Report>, StoreError>;

    /// The latest live reports of one task, every agency and period.
    async fn latest_task_reports(&self, plan_id: &str, task: &str) -> Result<Vec<Report>, StoreError>;

    /// The latest report of every (task, agency, period) as it stood just before `until`.
    async fn latest_reports_as_of(&self, plan_id: &str, until: DateTime<Utc>) -> Result<Vec<Report>, StoreError>;

    /// The latest report of every (task, agency, period) as it stood just before `first` and just before
    /// `second` (`first` ≤ `second`), read in one pass: the two ends of a week, for its digest.
    async fn latest_reports_at_both(
        &self,
        plan_id: &str,
        first: DateTime<Utc>,
        second: DateTime<Utc>,
    ) -> Result<(Vec<Report>, Vec<Report>), StoreError>;

    /// Reports made in `[from, to)`, retracted ones included, oldest first.
    async fn reports_between(
        &self,
        plan_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Report>, StoreError>;

    /// Every report of a task, retracted ones included, newest first, at most `limit`.
    async fn task_history(&self, plan_id: &str, task: &str, limit: i64) -> Result<Vec<Report>, StoreError>;

    /// Every report of an agency in a plan, retracted ones included, newest first, at most `limit`.
    async fn agency_history(&self, plan_id: &str, agency: &str, limit: i64) -> Result<Vec<Report>, StoreError>;

    /// Every report of a plan, oldest first.
    async fn all_reports(&self, plan_id: &str) -> Result<Vec<Report>, StoreError>;

    /// Agencies with a live report at or after `since`, with the time of their latest.
    async fn reported_since(
        &self,
        plan_id: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError>;

    /// Retracts the chat's report `id` (or, without an id, its latest live report) if it was made at or
    /// after `since` and is not retracted yet. Returns the report retracted.
    async fn retract(
        &self,
        id: Option<i64>,
        since: DateTime<Utc>,
        by: &Retraction,
    ) -> Result<Option<Report>, StoreError>;

    /// Keeps the reports of one message until their author confirms them; replaces the chat's earlier
    /// pending ones.
    async fn put_pending(&self, reports: &[NewReport]) -> Result<(), StoreError>;

    /// Records the chat's pending reports if they were put at or after `since`, in one transaction, as made
    /// by the update `source` that confirmed them (see [`source_of`](super::source_of)). Empty when none waited.
    async fn commit_pending(
        &self,
        chat: &ChatKey,
        since: DateTime<Utc>,
        source: Option<&str>,
        confirmed_by: &crate::progress::Person,
    ) -> Result<Vec<Report>, StoreError>;

    /// Drops the chat's pending report; whether there was one.
    async fn drop_pending(&self, chat: &ChatKey) -> Result<bool, StoreError>;

    /// The reports an update made, if it made any, in order.
    async fn reports_by_source(&self, source: &str) -> Result<Vec<Report>, StoreError>;

    /// The report an update retracted, if it retracted one.
    async fn retracted_by_source(&self, source: &str) -> Result<Option<Report>, StoreError>;

    /// Decides the review of a result that waits for one (confirmed, or returned with `note`); the report
    /// as it now stands, or `None` when report `id` of the plan waits for no review (decided already,
    /// retracted, or not there).
    async fn review_report(
        &self,
        plan_id: &str,
        id: i64,
        decision: Review,
        note: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<Report>, StoreError>;

    /// Report `id` of a plan, retracted or not.
    async fn report(&self, plan_id: &str, id: i64) -> Result<Option<Report>, StoreError>;

    /// The plan's live results that wait for review, and those returned since `since`, oldest first.
    async fn reports_under_review(&self, plan_id: &str, since: DateTime<Utc>) -> Result<Vec<Report>, StoreError>;
}

/// An `INSERT INTO reports … VALUES` builder for `$reports` (an iterator of `&NewReport`), one row each.
macro_rules! reports_insert {
    ($db:ty, $reports:expr) => {{
        let mut insert = sqlx::QueryBuilder::<$db>::new(
            "INSERT INTO reports (plan_id, task_ref, agency, role, period, status, percent, note, platform,
               chat_id, user_id, user_name, message_id, reported_at, evidence, source, as_of, entered_by,
               expected, confirmed_by_id, confirmed_by, review) ",
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
                .push_bind(r.expected)
                .push_bind(r.confirmed_by.as_ref().map(|p| p.user_id.clone()))
                .push_bind(r.confirmed_by.as_ref().map(|p| p.user_name.clone()))
                .push_bind(r.review.map(|v| v.as_str()));
        });
        insert
    }};
}

/// Appends a report through an executor (the pool, or a transaction); evaluates to its id.
macro_rules! insert_report {
    ($db:ty, $executor:expr, $report:expr) => {{
        let report: &$crate::progress::NewReport = $report;
        let mut insert = reports_insert!($db, std::iter::once(report));
        insert.push(" RETURNING id");
        insert.build_query_scalar::<i64>().fetch_one($executor).await.map_err($crate::store::db_error)
    }};
}

/// The columns of a [`ReportRow`](super::rows::ReportRow), from `reports r` joined with its
/// retraction `x`.
macro_rules! report_select {
    () => {
        concat!("SELECT ", report_columns!(), " FROM reports r LEFT JOIN report_retractions x ON x.report_id = r.id")
    };
}

/// The names of the columns of `report_columns!`, as a query selecting them calls them.
macro_rules! report_names {
    () => {
        "id, plan_id, task_ref, agency, role, period, status, percent, note, platform, chat_id, user_id, user_name,
         message_id, reported_at, retracted_at, evidence, source, as_of, entered_by, expected, confirmed_by_id,
         confirmed_by, review, review_note"
    };
}

/// Reads the rows of `$sql` (with its binds) as `$row`s. SQLite's driver hands rows over one at a time
/// from its worker thread, about 5 µs each: most of a digest's time on a national database. So where the
/// backend says so (`ROWS_AS_JSON`), the rows come as one JSON array of `json_array($columns)` instead.
macro_rules! fetch_many {
    ($db:ty, $store:ty, $conn:expr, $row:ty, $columns:expr, $sql:expr, [$($bind:expr),* $(,)?]) => {{
        if <$store>::ROWS_AS_JSON {
            let json = sqlx::query_scalar::<$db, String>(concat!(
                "SELECT json_group_array(json_array(",
                $columns,
                ")) FROM (",
                $sql,
                ")"
            ))
            $(.bind($bind))*
            .fetch_one($conn)
            .await
            .map_err($crate::store::db_error)?;
            serde_json::from_str::<Vec<<$row as $crate::store::rows::JsonRow>::Json>>(&json)
                .map_err(|e| $crate::store::StoreError::Corrupt(format!("reports read as JSON: {e}")))?
                .into_iter()
                .map(<$row as $crate::store::rows::JsonRow>::from_json)
                .collect::<Vec<$row>>()
        } else {
            sqlx::query_as::<$db, $row>($sql)
                $(.bind($bind))*
                .fetch_all($conn)
                .await
                .map_err($crate::store::db_error)?
        }
    }};
}

/// The newest `$limit` reports of a plan whose `$column` is `$key`, retracted ones included, newest
/// first: a task's or an agency's history.
macro_rules! newest_reports {
    ($db:ty, $self:ident, $column:literal, $plan:expr, $key:expr, $limit:expr) => {
        sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
            report_select!(),
            " WHERE r.plan_id = $1 AND ",
            $column,
            " = $2 ORDER BY r.id DESC LIMIT $3"
        ))
        .bind($plan)
        .bind($key)
        .bind($limit)
        .fetch_all(&mut *$self.conn().await?)
        .await
        .map_err($crate::store::db_error)
        .and_then($crate::store::rows::reports)
    };
}

/// The columns of a [`ReportRow`](super::rows::ReportRow).
macro_rules! report_columns {
    () => {
        "r.id, r.plan_id, r.task_ref, r.agency, r.role, r.period, r.status, r.percent, r.note, r.platform,
         r.chat_id, r.user_id, r.user_name, r.message_id, r.reported_at, x.retracted_at, r.evidence, r.source,
         r.as_of, r.entered_by, r.expected, r.confirmed_by_id, r.confirmed_by, r.review, r.review_note"
    };
}

/// The current report of each (task, agency, period) meeting the `WHERE` conditions on `report_current c`
/// given as a literal: one row per group, whatever the group's history.
macro_rules! current_select {
    ($conditions:literal) => {
        concat!(
            "SELECT ",
            report_columns!(),
            " FROM report_current c JOIN reports r ON r.id = c.report_id
              LEFT JOIN report_retractions x ON x.report_id = r.id WHERE ",
            $conditions,
            " ORDER BY r.id"
        )
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

/// Implements [`ReportStore`] for `$store` over `$db` (see [`sql_store!`]).
macro_rules! reports_sql {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::ReportStore for $store {
            async fn add_report(
                &self,
                report: &$crate::progress::NewReport,
            ) -> Result<$crate::progress::Report, $crate::store::StoreError> {
                let id = insert_report!($db, &mut *self.conn().await?, report)?;
                Ok($crate::progress::Report { id, report: report.clone(), retracted_at: None })
            }

            async fn add_report_batch(
                &self,
                reports: &[$crate::progress::NewReport],
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.begin().await.map_err(db_error)?;
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
                let mut tx = self.begin().await.map_err(db_error)?;
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
                let row = sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
                    report_select!(),
                    " WHERE r.plan_id = $1 AND r.task_ref = $2 AND r.agency = $3 AND r.period = $4
                      AND x.report_id IS NULL ORDER BY r.id DESC LIMIT 1"
                ))
                .bind(plan_id)
                .bind(task)
                .bind(agency)
                .bind(period)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                row.map($crate::store::rows::ReportRow::into_report).transpose()
            }

            async fn latest_reports(
                &self,
                plan_id: &str,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::rows::ReportRow;
                let rows = fetch_many!(
                    $db, $store, &mut *self.conn().await?, ReportRow, report_names!(),
                    current_select!("c.plan_id = $1"), [plan_id]
                );
                $crate::store::rows::reports(rows)
            }

            async fn latest_task_reports(
                &self,
                plan_id: &str,
                task: &str,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::rows::ReportRow;
                // A task of a group of agencies (the communes) has a current report for each of them.
                let rows = fetch_many!(
                    $db, $store, &mut *self.conn().await?, ReportRow, report_names!(),
                    current_select!("c.plan_id = $1 AND c.task_ref = $2"), [plan_id, task]
                );
                $crate::store::rows::reports(rows)
            }

            async fn latest_reports_as_of(
                &self,
                plan_id: &str,
                until: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::rows::ReportRow;
                let rows = fetch_many!(
                    $db, $store, &mut *self.conn().await?, ReportRow, report_names!(),
                    latest_select!(
                        "r.plan_id = $1 AND r.reported_at < $2 AND (x.report_id IS NULL OR x.retracted_at >= $2)"
                    ),
                    [plan_id, until]
                );
                // As of `until` none of them was retracted yet.
                rows.into_iter()
                    .map(|row| row.into_report().map(|r| $crate::progress::Report { retracted_at: None, ..r }))
                    .collect()
            }

            async fn latest_reports_at_both(
                &self,
                plan_id: &str,
                first: chrono::DateTime<chrono::Utc>,
                second: chrono::DateTime<chrono::Utc>,
            ) -> Result<(Vec<$crate::progress::Report>, Vec<$crate::progress::Report>), $crate::store::StoreError>
            {
                // Only the groups that changed since the first time need their history: for the others the
                // state at both times is their current one. Then the rows are read once.
                let rows = fetch_many!(
                    $db, $store, &mut *self.conn().await?, $crate::store::rows::ReportAtRow,
                    concat!("json_array(", report_names!(), "), in_first, in_second"),
                    concat!(
                    "WITH changed AS MATERIALIZED (
                       SELECT r.task_ref, r.agency, r.period FROM reports r
                       WHERE r.plan_id = $1 AND r.reported_at >= $2
                       UNION
                       SELECT r.task_ref, r.agency, r.period FROM report_retractions x JOIN reports r ON r.id = x.report_id
                       WHERE r.plan_id = $1 AND x.retracted_at >= $2),
                     latest AS MATERIALIZED (
                       SELECT MAX(CASE WHEN r.reported_at < $2 AND (x.report_id IS NULL OR x.retracted_at >= $2)
                                       THEN r.id END) AS first_id,
                              MAX(CASE WHEN r.reported_at < $3 AND (x.report_id IS NULL OR x.retracted_at >= $3)
                                       THEN r.id END) AS second_id
                       FROM changed g
                       JOIN reports r ON r.plan_id = $1 AND r.task_ref = g.task_ref AND r.agency = g.agency
                                     AND r.period = g.period
                       LEFT JOIN report_retractions x ON x.report_id = r.id
                       GROUP BY g.task_ref, g.agency, g.period
                       UNION ALL
                       SELECT c.report_id, c.report_id FROM report_current c
                       WHERE c.plan_id = $1 AND NOT EXISTS (SELECT 1 FROM changed g WHERE g.task_ref = c.task_ref
                                                            AND g.agency = c.agency AND g.period = c.period))
                     SELECT ",
                    report_columns!(),
                    ", l.first_id IS NOT NULL AND l.first_id = r.id AS in_first, 1 = 1 AS in_second
                     FROM latest l JOIN reports r ON r.id = l.second_id
                       LEFT JOIN report_retractions x ON x.report_id = r.id
                     UNION ALL
                     SELECT ",
                    report_columns!(),
                    ", 1 = 1 AS in_first, 1 = 0 AS in_second
                     FROM latest l JOIN reports r ON r.id = l.first_id
                       LEFT JOIN report_retractions x ON x.report_id = r.id
                     WHERE l.second_id IS NULL OR l.second_id <> l.first_id"
                    ),
                    [plan_id, first, second]
                );
                let (mut at_first, mut at_second) = (Vec::new(), Vec::new());
                for row in rows {
                    let (in_first, in_second) = (row.in_first, row.in_second);
                    // As of either time none of them was retracted yet.
                    let report = $crate::progress::Report { retracted_at: None, ..row.report.into_report()? };
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
                use $crate::store::rows::ReportRow;
                let rows = fetch_many!(
                    $db, $store, &mut *self.conn().await?, ReportRow, report_names!(),
                    concat!(
                        report_select!(),
                        " WHERE r.plan_id = $1 AND r.reported_at >= $2 AND r.reported_at < $3 ORDER BY r.id"
                    ),
                    [plan_id, from, to]
                );
                $crate::store::rows::reports(rows)
            }

            async fn task_history(
                &self,
                plan_id: &str,
                task: &str,
                limit: i64,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                newest_reports!($db, self, "r.task_ref", plan_id, task, limit)
            }

            async fn agency_history(
                &self,
                plan_id: &str,
                agency: &str,
                limit: i64,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                newest_reports!($db, self, "r.agency", plan_id, agency, limit)
            }

            async fn all_reports(
                &self,
                plan_id: &str,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::rows::ReportRow;
                let rows = fetch_many!(
                    $db, $store, &mut *self.conn().await?, ReportRow, report_names!(),
                    concat!(report_select!(), " WHERE r.plan_id = $1 ORDER BY r.id"),
                    [plan_id]
                );
                $crate::store::rows::reports(rows)
            }

            async fn reported_since(
                &self,
                plan_id: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, $crate::store::StoreError> {
                sqlx::query_as::<$db, (String, chrono::DateTime<chrono::Utc>)>(
                    "SELECT r.agency, MAX(r.reported_at) FROM reports r
                     LEFT JOIN report_retractions x ON x.report_id = r.id
                     WHERE r.plan_id = $1 AND r.reported_at >= $2 AND x.report_id IS NULL
                     GROUP BY r.agency",
                )
                .bind(plan_id)
                .bind(since)
                .fetch_all(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
            }

            async fn retract(
                &self,
                id: Option<i64>,
                since: chrono::DateTime<chrono::Utc>,
                by: &$crate::progress::Retraction,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.begin().await.map_err(db_error)?;
                write_lock!($db, $store, tx);
                let row = match id {
                    Some(id) => {
                        sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
                            report_select!(),
                            " WHERE r.id = $1 AND r.platform = $2 AND r.chat_id = $3"
                        ))
                        .bind(id)
                        .bind(&by.chat.platform)
                        .bind(&by.chat.chat_id)
                        .fetch_optional(&mut *tx)
                        .await
                    }
                    None => sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
                        report_select!(),
                        " WHERE r.platform = $1 AND r.chat_id = $2 AND x.report_id IS NULL ORDER BY r.id DESC LIMIT 1"
                    ))
                    .bind(&by.chat.platform)
                    .bind(&by.chat.chat_id)
                    .fetch_optional(&mut *tx)
                    .await,
                }
                .map_err(db_error)?;
                let Some(mut report) = row.map($crate::store::rows::ReportRow::into_report).transpose()? else {
                    return Ok(None);
                };
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

            async fn put_pending(
                &self,
                reports: &[$crate::progress::NewReport],
            ) -> Result<(), $crate::store::StoreError> {
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
                .execute(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?;
                Ok(())
            }

            async fn commit_pending(
                &self,
                chat: &$crate::chat::ChatKey,
                since: chrono::DateTime<chrono::Utc>,
                source: Option<&str>,
                confirmed_by: &$crate::progress::Person,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.begin().await.map_err(db_error)?;
                write_lock!($db, $store, tx);
                let row = sqlx::query_as::<$db, (String, chrono::DateTime<chrono::Utc>)>(
                    "DELETE FROM pending_reports WHERE platform = $1 AND chat_id = $2 RETURNING payload, created_at",
                )
                .bind(&chat.platform)
                .bind(&chat.chat_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
                let Some((payload, created)) = row else { return Ok(Vec::new()) };
                if created < since {
                    tx.commit().await.map_err(db_error)?;
                    return Ok(Vec::new());
                }
                let reports = $crate::store::pending_payload(&payload)?;
                let mut recorded = Vec::with_capacity(reports.len());
                for (k, mut report) in reports.into_iter().enumerate() {
                    // The reports come from the answer that confirmed them.
                    report.source = source.map(|s| $crate::store::source_of(s, k));
                    report.confirmed_by = Some(confirmed_by.clone());
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
                    .execute(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)?
                    .rows_affected();
                Ok(done > 0)
            }

            async fn review_report(
                &self,
                plan_id: &str,
                id: i64,
                decision: $crate::progress::Review,
                note: Option<&str>,
                by: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                use $crate::store::db_error;
                let mut tx = self.begin().await.map_err(db_error)?;
                let decided = sqlx::query::<$db>(
                    "UPDATE reports SET review = $3, review_note = $4, reviewed_by = $5, reviewed_at = $6
                     WHERE id = $1 AND plan_id = $2 AND review = 'pending'
                       AND NOT EXISTS (SELECT 1 FROM report_retractions x WHERE x.report_id = reports.id)",
                )
                .bind(id)
                .bind(plan_id)
                .bind(decision.as_str())
                .bind(note)
                .bind(by)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?
                .rows_affected();
                if decided == 0 {
                    return Ok(None);
                }
                let row = sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(report_select!(), " WHERE r.id = $1"))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?;
                tx.commit().await.map_err(db_error)?;
                row.into_report().map(Some)
            }

            async fn reports_under_review(
                &self,
                plan_id: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
                    report_select!(),
                    " WHERE r.plan_id = $1 AND r.review IS NOT NULL AND x.report_id IS NULL
                       AND (r.review = 'pending' OR (r.review = 'returned' AND r.reviewed_at >= $2)) ORDER BY r.id"
                ))
                .bind(plan_id)
                .bind(since)
                .fetch_all(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
                .and_then($crate::store::rows::reports)
            }

            async fn reports_by_source(
                &self,
                source: &str,
            ) -> Result<Vec<$crate::progress::Report>, $crate::store::StoreError> {
                // The update's own key, and "key#2", "key#3" … for the further reports of one message: a
                // range of the unique index ('$' sorts right after '#').
                sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
                    report_select!(),
                    " WHERE r.source = $1 OR (r.source >= $2 AND r.source < $3) ORDER BY r.id"
                ))
                .bind(source)
                .bind(format!("{source}#"))
                .bind(format!("{source}$"))
                .fetch_all(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)
                .and_then($crate::store::rows::reports)
            }

            async fn report(
                &self,
                plan_id: &str,
                id: i64,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(
                    report_select!(),
                    " WHERE r.plan_id = $1 AND r.id = $2"
                ))
                .bind(plan_id)
                .bind(id)
                .fetch_optional(&mut *self.conn().await?)
                .await
                .map_err($crate::store::db_error)?
                .map($crate::store::rows::ReportRow::into_report)
                .transpose()
            }

            async fn retracted_by_source(
                &self,
                source: &str,
            ) -> Result<Option<$crate::progress::Report>, $crate::store::StoreError> {
                sqlx::query_as::<$db, $crate::store::rows::ReportRow>(concat!(report_select!(), " WHERE x.source = $1"))
                    .bind(source)
                    .fetch_optional(&mut *self.conn().await?)
                    .await
                    .map_err($crate::store::db_error)?
                    .map($crate::store::rows::ReportRow::into_report)
                    .transpose()
            }
        }
    };
}
