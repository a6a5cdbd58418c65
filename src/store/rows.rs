//! Turning the rows of a stored plan back into the domain model, checking as it goes: a database edited
//! by hand must not become a plan that panics later.

use std::collections::HashMap;

use crate::plan::{
    Agency, AgencyKind, Assignee, Catalog, Group, Plan, PlanBundle, PlanMeta, Role, Section, Task, TaskRef, Timeframe,
};

use super::StoreError;
use crate::chat::{ChatBinding, ChatKey};

/// The row of a plan, before its catalog and tasks are read.
#[derive(sqlx::FromRow)]
pub(crate) struct PlanRow {
    pub id: String,
    pub catalog: String,
    pub code: String,
    pub title: String,
    pub short_title: Option<String>,
    pub issuer: String,
    pub issued: chrono::NaiveDate,
    pub coordinator: String,
    pub ends: i32,
    pub review_done: bool,
    /// The amendments as stored (JSON).
    pub amendments: String,
}

/// An agency as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct AgencyRow {
    pub code: String,
    pub name: String,
    #[sqlx(rename = "short_name")]
    pub short: Option<String>,
    pub kind: String,
    pub aliases: String,
    #[sqlx(rename = "valid_from")]
    pub since: Option<chrono::NaiveDate>,
    #[sqlx(rename = "valid_until")]
    pub until: Option<chrono::NaiveDate>,
    pub successors: String,
    #[sqlx(rename = "former_names")]
    pub former: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct GroupRow {
    pub code: String,
    pub name: String,
    pub aliases: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct MemberRow {
    pub group_code: String,
    pub agency_code: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SectionRow {
    pub id: String,
    pub title: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    #[sqlx(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub product: String,
    pub timeframe: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AssigneeRow {
    pub task_ref: String,
    pub role: String,
    pub assignee: String,
    pub requested: bool,
}

/// Every row of a stored plan.
pub(crate) struct PlanRows {
    pub plan: PlanRow,
    pub catalog_name: String,
    pub agencies: Vec<AgencyRow>,
    pub groups: Vec<GroupRow>,
    pub members: Vec<MemberRow>,
    pub sections: Vec<SectionRow>,
    pub tasks: Vec<TaskRow>,
    pub assignees: Vec<AssigneeRow>,
}

/// A task's lead, support and requested agencies, as read from its rows.
type Named = (Vec<Assignee>, Vec<Assignee>, Vec<String>);

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

fn aliases(json: &str, owner: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|e| corrupt(format!("aliases of {owner}: {e}")))
}

impl PlanRows {
    pub fn into_bundle(self) -> Result<PlanBundle, StoreError> {
        let agencies = self
            .agencies
            .into_iter()
            .map(|row| {
                let AgencyRow { code, name, short, kind, aliases: alias_json, since, until, successors, former } = row;
                let kind =
                    AgencyKind::parse(&kind).ok_or_else(|| corrupt(format!("agency {code} has kind “{kind}”")))?;
                let aliases = aliases(&alias_json, &code)?;
                let successors =
                    serde_json::from_str(&successors).map_err(|e| corrupt(format!("successors of {code}: {e}")))?;
                let former =
                    serde_json::from_str(&former).map_err(|e| corrupt(format!("former names of {code}: {e}")))?;
                Ok(Agency { code, name, short, kind, aliases, since, until, successors, former })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for MemberRow { group_code, agency_code } in self.members {
            members.entry(group_code).or_default().push(agency_code);
        }
        let groups = self
            .groups
            .into_iter()
            .map(|GroupRow { code, name, aliases: alias_json }| {
                let aliases = aliases(&alias_json, &code)?;
                let members = members.remove(&code).unwrap_or_default();
                Ok(Group { code, name, aliases, members })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let PlanRow {
            id,
            catalog,
            code,
            title,
            short_title,
            issuer,
            issued,
            coordinator,
            ends,
            review_done,
            amendments,
        } = self.plan;
        let meta = PlanMeta { id, catalog, code, title, short_title, issuer, issued, coordinator, ends, review_done };
        let catalog = Catalog::new(meta.catalog.clone(), self.catalog_name, agencies, groups);

        let mut named: HashMap<String, Named> = HashMap::new();
        for a in self.assignees {
            let entry = named.entry(a.task_ref).or_default();
            let assignee = Assignee::parse(&a.assignee);
            if a.requested {
                entry.2.push(a.assignee.clone());
            }
            match a.role.as_str() {
                r if r == Role::Lead.as_str() => entry.0.push(assignee),
                _ => entry.1.push(assignee),
            }
        }
        let tasks = self
            .tasks
            .into_iter()
            .map(|TaskRow { reference, title, product, timeframe: timeframe_text }| {
                let parsed: TaskRef = reference.parse().map_err(|e| corrupt(format!("task {reference}: {e}")))?;
                let timeframe =
                    Timeframe::parse(&timeframe_text).map_err(|e| corrupt(format!("task {reference}: {e}")))?;
                let (lead, support, requested) = named.remove(&reference).unwrap_or_default();
                Ok(Task {
                    reference: parsed,
                    title,
                    lead,
                    support,
                    requested,
                    product,
                    timeframe_text,
                    timeframe,
                    due: None,
                    succession: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let amendments = serde_json::from_str(&amendments).map_err(|e| corrupt(format!("amendments: {e}")))?;
        let sections = self.sections.into_iter().map(|SectionRow { id, title }| Section { id, title }).collect();
        Ok(PlanBundle { catalog, plan: Plan { meta, sections, tasks }, amendments })
    }
}

/// A chat binding as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct BindingRow {
    pub platform: String,
    pub chat_id: String,
    #[sqlx(flatten)]
    pub grant: GrantRow,
    pub bound_at: chrono::DateTime<chrono::Utc>,
}

impl BindingRow {
    pub fn into_binding(self) -> ChatBinding {
        let chat = ChatKey::new(self.platform, self.chat_id);
        self.grant.bind(&chat, self.bound_at)
    }
}

/// What a sign-in link or web session grants, and the chat it was asked from.
#[derive(sqlx::FromRow)]
pub(crate) struct WebGrantRow {
    pub catalog: String,
    pub agency: String,
    pub coordinator: bool,
    pub plan: Option<String>,
    pub platform: String,
    pub chat_id: String,
}

impl WebGrantRow {
    pub fn into_grant(self) -> crate::chat::WebGrant {
        crate::chat::WebGrant {
            catalog: self.catalog,
            agency: self.agency,
            coordinator: self.coordinator,
            plan: self.plan,
            chat: ChatKey::new(self.platform, self.chat_id),
        }
    }
}

/// What an invite code grants: an agency of a catalog, and whether the chat coordinates.
#[derive(sqlx::FromRow)]
pub(crate) struct GrantRow {
    pub catalog: String,
    pub agency: String,
    pub coordinator: bool,
    pub plan: Option<String>,
}

impl GrantRow {
    pub fn bind(self, chat: &ChatKey, bound_at: chrono::DateTime<chrono::Utc>) -> ChatBinding {
        let GrantRow { catalog, agency, coordinator, plan } = self;
        ChatBinding { chat: chat.clone(), catalog, agency, coordinator, plan, bound_at }
    }
}

/// An invite code that did not bind: whether it was used, and the binding it made if it was this chat's.
#[derive(sqlx::FromRow)]
pub(crate) struct KnownCodeRow {
    pub used: bool,
    #[sqlx(flatten)]
    pub grant: GrantRow,
    pub bound_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A report as stored, before its codes are checked. Its fields are in the order of `report_columns!`.
#[derive(serde::Deserialize)]
pub(crate) struct ReportRow {
    pub id: i64,
    pub plan_id: String,
    pub task_ref: String,
    pub agency: String,
    pub role: String,
    pub period: String,
    pub status: String,
    pub percent: Option<i32>,
    pub note: Option<String>,
    pub platform: String,
    pub chat_id: String,
    pub user_id: String,
    pub user_name: String,
    pub message_id: Option<String>,
    pub reported_at: chrono::DateTime<chrono::Utc>,
    pub retracted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub evidence: Option<String>,
    pub source: Option<String>,
    pub as_of: Option<chrono::NaiveDate>,
    pub entered_by: Option<String>,
    pub expected: Option<chrono::NaiveDate>,
    pub confirmed_by_id: Option<String>,
    pub confirmed_by: Option<String>,
    pub review: Option<String>,
    pub review_note: Option<String>,
}

impl ReportRow {
    pub fn into_report(self) -> Result<crate::progress::Report, StoreError> {
        use crate::progress::{NewReport, Report, Status};
        let id = self.id;
        let bad = |what: &str, value: &str| corrupt(format!("report {id}: {what} “{value}”"));
        Ok(Report {
            id,
            report: NewReport {
                plan_id: self.plan_id,
                task: self.task_ref.parse().map_err(|_| bad("task", &self.task_ref))?,
                agency: self.agency,
                role: Role::parse(&self.role).ok_or_else(|| bad("role", &self.role))?,
                period: self.period,
                status: Status::parse(&self.status).ok_or_else(|| bad("status", &self.status))?,
                percent: self
                    .percent
                    .map(|p| u8::try_from(p).ok().filter(|p| *p <= 100).ok_or_else(|| bad("percent", &p.to_string())))
                    .transpose()?,
                note: self.note,
                chat: crate::chat::ChatKey::new(self.platform, self.chat_id),
                user_id: self.user_id,
                user_name: self.user_name,
                message_id: self.message_id,
                at: self.reported_at,
                evidence: self.evidence,
                source: self.source,
                stated_on: self.as_of,
                proxy: self.entered_by,
                expected: self.expected,
                confirmed_by: match (self.confirmed_by_id, self.confirmed_by) {
                    (Some(user_id), Some(user_name)) => Some(crate::progress::Person { user_id, user_name }),
                    _ => None,
                },
                review: match self.review {
                    Some(r) => Some(crate::progress::Review::parse(&r).ok_or_else(|| bad("review", &r))?),
                    None => None,
                },
                review_note: self.review_note,
            },
            retracted_at: self.retracted_at,
        })
    }
}

/// Decodes the columns of `report_columns!`, by position: a digest reads thousands of reports, and finding
/// 25 columns by name in every row costs more than reading them.
impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for ReportRow
where
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    chrono::DateTime<chrono::Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    chrono::NaiveDate: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get(0)?,
            plan_id: row.try_get(1)?,
            task_ref: row.try_get(2)?,
            agency: row.try_get(3)?,
            role: row.try_get(4)?,
            period: row.try_get(5)?,
            status: row.try_get(6)?,
            percent: row.try_get(7)?,
            note: row.try_get(8)?,
            platform: row.try_get(9)?,
            chat_id: row.try_get(10)?,
            user_id: row.try_get(11)?,
            user_name: row.try_get(12)?,
            message_id: row.try_get(13)?,
            reported_at: row.try_get(14)?,
            retracted_at: row.try_get(15)?,
            evidence: row.try_get(16)?,
            source: row.try_get(17)?,
            as_of: row.try_get(18)?,
            entered_by: row.try_get(19)?,
            expected: row.try_get(20)?,
            confirmed_by_id: row.try_get(21)?,
            confirmed_by: row.try_get(22)?,
            review: row.try_get(23)?,
            review_note: row.try_get(24)?,
        })
    }
}

/// A report as stored, and whether it was the latest at each of two times (the two columns after the
/// report's 25).
pub(crate) struct ReportAtRow {
    pub report: ReportRow,
    pub in_first: bool,
    pub in_second: bool,
}

impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for ReportAtRow
where
    ReportRow: sqlx::FromRow<'r, R>,
    usize: sqlx::ColumnIndex<R>,
    bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        Ok(Self { report: ReportRow::from_row(row)?, in_first: row.try_get(25)?, in_second: row.try_get(26)? })
    }
}

/// A row that can also be read from a JSON array (see `fetch_many!`).
pub(crate) trait JsonRow: Sized {
    type Json: serde::de::DeserializeOwned;
    fn from_json(json: Self::Json) -> Self;
}

/// Serde reads a struct from an array in the order of its fields, which is `report_columns!`'s.
impl JsonRow for ReportRow {
    type Json = ReportRow;

    fn from_json(json: ReportRow) -> Self {
        json
    }
}

impl JsonRow for ReportAtRow {
    /// The report's columns as an array of their own, then the two flags (SQLite has no JSON booleans).
    type Json = (ReportRow, i64, i64);

    fn from_json((report, in_first, in_second): Self::Json) -> Self {
        Self { report, in_first: in_first != 0, in_second: in_second != 0 }
    }
}

/// Reports as stored, checked.
pub(crate) fn reports(rows: Vec<ReportRow>) -> Result<Vec<crate::progress::Report>, StoreError> {
    rows.into_iter().map(ReportRow::into_report).collect()
}
