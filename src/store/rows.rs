//! Turning the rows of a stored plan back into the domain model, checking as it goes: a database edited
//! by hand must not become a plan that panics later.

use std::collections::HashMap;

use crate::plan::{
    Agency, AgencyKind, Assignee, Catalog, Group, Plan, PlanBundle, PlanMeta, Role, Section, Task, TaskRef, Timeframe,
};

use super::StoreError;

/// An agency as stored.
pub(crate) struct AgencyRow {
    pub code: String,
    pub name: String,
    pub short: Option<String>,
    pub kind: String,
    pub aliases: String,
    pub since: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    pub successors: String,
    pub former: String,
}
pub(crate) type GroupRow = (String, String, String);
pub(crate) type TaskRow = (String, String, String, String);

pub(crate) struct AssigneeRow {
    task: String,
    role: String,
    assignee: String,
    requested: bool,
}

pub(crate) fn row_to_assignee(task: String, role: String, assignee: String, requested: bool) -> AssigneeRow {
    AssigneeRow { task, role, assignee, requested }
}

pub(crate) fn row_to_group_member(group: String, agency: String) -> (String, String) {
    (group, agency)
}

pub(crate) struct PlanRows {
    pub meta: PlanMeta,
    pub catalog_name: String,
    pub agencies: Vec<AgencyRow>,
    pub groups: Vec<GroupRow>,
    pub members: Vec<(String, String)>,
    pub sections: Vec<Section>,
    pub tasks: Vec<TaskRow>,
    pub assignees: Vec<AssigneeRow>,
    /// The amendments as stored (JSON).
    pub amendments: String,
}

impl Default for PlanRows {
    fn default() -> Self {
        Self {
            meta: PlanMeta {
                id: String::new(),
                catalog: String::new(),
                code: String::new(),
                title: String::new(),
                short_title: None,
                issuer: String::new(),
                issued: chrono::NaiveDate::MIN,
                coordinator: String::new(),
                ends: 0,
            },
            catalog_name: String::new(),
            agencies: Vec::new(),
            groups: Vec::new(),
            members: Vec::new(),
            sections: Vec::new(),
            tasks: Vec::new(),
            assignees: Vec::new(),
            amendments: "[]".to_string(),
        }
    }
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
        for (group, agency) in self.members {
            members.entry(group).or_default().push(agency);
        }
        let groups = self
            .groups
            .into_iter()
            .map(|(code, name, alias_json)| {
                let aliases = aliases(&alias_json, &code)?;
                let members = members.remove(&code).unwrap_or_default();
                Ok(Group { code, name, aliases, members })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let catalog = Catalog::new(self.meta.catalog.clone(), self.catalog_name, agencies, groups);

        let mut named: HashMap<String, Named> = HashMap::new();
        for a in self.assignees {
            let entry = named.entry(a.task).or_default();
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
            .map(|(reference, title, product, timeframe_text)| {
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
        let amendments = serde_json::from_str(&self.amendments).map_err(|e| corrupt(format!("amendments: {e}")))?;
        Ok(PlanBundle { catalog, plan: Plan { meta: self.meta, sections: self.sections, tasks }, amendments })
    }
}

/// A report as stored, before its codes are checked.
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
            },
            retracted_at: self.retracted_at,
        })
    }
}
