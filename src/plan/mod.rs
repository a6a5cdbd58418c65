//! The plan as data: its metadata, sections and tasks, and the agencies they name.

pub mod amendment;
pub mod catalog;
pub mod index;
pub mod seed;
pub mod task_ref;
pub mod timeframe;
pub mod timeline;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use amendment::Amendment;
pub use catalog::{Agency, AgencyKind, Assignee, Catalog, CatalogDifference, FormerName, Group};
pub use index::{Assignment, PlanIndex};
pub use task_ref::TaskRef;
pub use timeframe::{Period, PlanYears, Timeframe};
pub use timeline::{Anchor, PlanTimeline, TimelineError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanMeta {
    /// Stable identifier of the plan in the database ("quang-ngai-16-kh-ubnd-2022").
    pub id: String,
    /// The catalog whose agencies the plan names.
    pub catalog: String,
    /// The document number, "16/KH-UBND".
    pub code: String,
    pub title: String,
    pub short_title: Option<String>,
    pub issuer: String,
    pub issued: NaiveDate,
    /// Code of the coordinating agency.
    pub coordinator: String,
    /// The last year the plan runs (annual tasks report up to it).
    pub ends: i32,
    /// Results its agencies report done wait for the coordinator's review (`review_done` in plan.toml,
    /// on unless set to false).
    pub review_done: bool,
}

impl PlanMeta {
    pub fn years(&self) -> PlanYears {
        PlanYears { first: self.issued.year(), last: self.ends }
    }

    /// The last day of the plan's life: 31 December of its last year.
    pub fn last_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.ends, 12, 31).unwrap_or(NaiveDate::MAX)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Roman numeral as in the appendix: "III".
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Lead,
    Support,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Role::Lead, Role::Support].into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub reference: TaskRef,
    pub title: String,
    /// Cơ quan chủ trì.
    pub lead: Vec<Assignee>,
    /// Cơ quan phối hợp.
    pub support: Vec<Assignee>,
    /// Those of `support` whose cooperation the plan requests rather than assigns.
    pub requested: Vec<String>,
    pub product: String,
    /// "Thời gian thực hiện" as written.
    pub timeframe_text: String,
    pub timeframe: Timeframe,
    /// A final due date moved by an amendment (the timeframe's last day otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Who took over whose part in this task after a reorganisation, in order: (from, to). Reports of
    /// `from` count as `to`'s (Nghị quyết 190/2025/QH15: the successor carries on unfinished work).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub succession: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub meta: PlanMeta,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
}

impl Plan {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The last day a task's timeframe covers, or the deadline an amendment set.
    pub fn due(&self, task: &Task) -> NaiveDate {
        task.due.unwrap_or_else(|| task.timeframe.last_day(self.meta.years()))
    }

    /// The task's reporting period on `date`. A moved deadline moves the end of the last period.
    pub fn period_at(&self, task: &Task, date: NaiveDate) -> Period {
        let mut period = task.timeframe.period_at(date, self.meta.years());
        if let Some(due) = task.due
            && period.end == task.timeframe.last_day(self.meta.years())
        {
            period.end = due;
        }
        period
    }

    /// The task's periods that ended before the one current on `today`, oldest first (none for a task
    /// with one period, or in its first).
    pub fn earlier_periods(&self, task: &Task, today: NaiveDate) -> Vec<Period> {
        let current = self.period_at(task, today);
        let mut day = self.meta.issued;
        let mut out: Vec<Period> = Vec::new();
        while day < current.start {
            let period = self.period_at(task, day);
            if period.key == current.key || period.end < day {
                break;
            }
            day = period.end + chrono::TimeDelta::days(1);
            out.push(period);
        }
        out
    }
}

/// What one seed directory holds: a catalog, a plan that names its agencies, and the plan's amendments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanBundle {
    pub catalog: Catalog,
    pub plan: Plan,
    /// Oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
}
