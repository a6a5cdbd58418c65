//! What the coordinator's desk (the web page) shows, as data: the plans a session may see, the grid of
//! tasks × agencies, a task with its whole history, an agency's tasks, who has not reported. Words are in
//! the reader's language already; the web adapter only lays them out.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::Bot;
use super::answers::Answers;
use super::progress::kind_key;
use crate::chat::WebGrant;
use crate::clock::{ZONE, local_date};
use crate::plan::{Assignee, Role, TaskRef};
use crate::progress::state::{Category, Progress, Tally};
use crate::progress::week::Week;
use crate::progress::{NewReport, Report, Review, Status};
use crate::store::StoreError;

/// Where an agency stands in a task, as a cell is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    Done,
    Awaiting,
    InProgress,
    Blocked,
    NotStarted,
    NotReported,
}

impl CellState {
    pub fn of(report: Option<&NewReport>) -> Self {
        match report {
            None => CellState::NotReported,
            Some(r) if r.awaiting_review() => CellState::Awaiting,
            Some(r) => match r.counted_status() {
                Status::Done => CellState::Done,
                Status::InProgress => CellState::InProgress,
                Status::Blocked => CellState::Blocked,
                Status::NotStarted => CellState::NotStarted,
            },
        }
    }

    /// The state a group of agencies shows: the worst of its members'.
    fn of_tally(t: &Tally) -> Self {
        if t.blocked > 0 {
            CellState::Blocked
        } else if t.done == t.total() {
            CellState::Done
        } else if t.done + t.awaiting == t.total() {
            CellState::Awaiting
        } else if t.not_reported == t.total() {
            CellState::NotReported
        } else {
            CellState::InProgress
        }
    }
}

/// What the grid is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridFilter {
    pub section: Option<u8>,
    pub agency: Option<String>,
    pub category: Option<Category>,
    /// Words of the task's title or its reference, matched without diacritics.
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// An agency's code, or a group's ("@ubnd-xa").
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub state: CellState,
    /// "hoàn thành, 100%", or a group's tally.
    pub label: String,
    /// The day of the report it shows.
    pub day: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    pub reference: TaskRef,
    pub title: String,
    pub due: NaiveDate,
    pub category: Category,
    pub category_label: String,
    /// One per column: `None` where the agency does not lead the task.
    pub cells: Vec<Option<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub day: NaiveDate,
    pub columns: Vec<Column>,
    pub rows: Vec<GridRow>,
    /// For the filter's choices: the sections and the agencies that lead tasks.
    pub sections: Vec<(u8, String)>,
    pub agencies: Vec<Column>,
    pub categories: Vec<(Category, String)>,
    /// The plan's tasks, before the filter.
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyPart {
    pub code: String,
    pub name: String,
    pub role: Role,
    pub requested: bool,
    pub state: String,
    pub cell: CellState,
}

/// One report as the task page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub id: i64,
    pub at: String,
    pub reference: TaskRef,
    pub agency: String,
    pub agency_code: String,
    pub sender: String,
    pub state: String,
    pub note: String,
    pub as_of: NaiveDate,
    pub review: Option<String>,
    pub retracted: bool,
    /// A file came with it (kept on the platform it was sent on).
    pub evidence: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskView {
    pub reference: TaskRef,
    pub section: String,
    pub title: String,
    pub product: String,
    pub timeframe: String,
    pub period: String,
    pub due: NaiveDate,
    pub category: Category,
    pub category_label: String,
    pub parts: Vec<AgencyPart>,
    /// Groups of leads: their names and tallies.
    pub groups: Vec<(String, String)>,
    pub reports: Vec<ReportLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyView {
    pub code: String,
    pub name: String,
    pub tasks: Vec<(TaskRef, String, Role, String, CellState)>,
    pub reports: Vec<ReportLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub day: NaiveDate,
    pub title: String,
    pub categories: Vec<(Category, String)>,
    /// A row per section: its number, its label and the count of each category, in `categories`' order.
    pub sections: Vec<(u8, String, Vec<usize>)>,
    pub week: Week,
    pub reports: Vec<ReportLine>,
}

/// An agency that leads tasks not done and has not reported lately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silent {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub open_tasks: Vec<TaskRef>,
    pub last_report: Option<NaiveDate>,
}

/// A task's or an agency's page lists at most this many reports.
const HISTORY_LINES: i64 = 1000;

impl Bot {
    /// The plans a web session may see, by position: a coordinator's, the plans it coordinates; an
    /// agency's, those of its catalog that give it tasks.
    pub fn visible_plans(&self, grant: &WebGrant, today: NaiveDate) -> Vec<usize> {
        let among = self.plans.of_catalog(&grant.catalog);
        if grant.coordinator {
            match grant.plan.as_deref() {
                // A session of one plan that is no longer served sees nothing, not more.
                Some(id) => among.into_iter().filter(|&i| self.plans.get(i).id() == id).collect(),
                // A coordinator chat sees the plans it sees in the chat; a command-line session, those its
                // agency coordinates today.
                None if grant.chat.platform == crate::signin::COMMAND_LINE => among
                    .into_iter()
                    .filter(|&i| self.plans.get(i).at(today).plan().meta.coordinator == grant.agency)
                    .collect(),
                None => self.plans.coordinated_by(&among, &grant.agency, None, today),
            }
        } else {
            among
                .into_iter()
                .filter(|&i| !self.in_plan(i).plan_on(today).assignments(&grant.agency).is_empty())
                .collect()
        }
    }

    /// The grid of tasks × lead agencies as of `now`, narrowed by `filter`.
    pub async fn grid(&self, filter: &GridFilter, now: DateTime<Utc>) -> Result<Grid, StoreError> {
        let progress = Progress::new(self.store.latest_reports(self.timeline().id()).await?);
        let today = local_date(now);
        Ok(self.answers(today).grid(&progress, filter, today))
    }

    /// A task with its whole history; `None` for a reference the plan does not have.
    pub async fn task_view(&self, reference: TaskRef, now: DateTime<Utc>) -> Result<Option<TaskView>, StoreError> {
        let today = local_date(now);
        let say = self.answers(today);
        let Some(index) = say.plan.task_index(reference) else { return Ok(None) };
        let plan_id = self.timeline().id();
        let task = reference.to_string();
        let (latest, history) = tokio::try_join!(
            self.store.latest_task_reports(plan_id, &task),
            self.store.task_history(plan_id, &task, HISTORY_LINES),
        )?;
        Ok(Some(say.task_view(index, &Progress::new(latest), &history, today)))
    }

    /// An agency's tasks and reports; `None` for an agency the plan gives nothing.
    pub async fn agency_view(&self, code: &str, now: DateTime<Utc>) -> Result<Option<AgencyView>, StoreError> {
        let today = local_date(now);
        let say = self.answers(today);
        if say.plan.assignments(code).is_empty() {
            return Ok(None);
        }
        let plan_id = self.timeline().id();
        let (latest, mine) = tokio::try_join!(
            self.store.latest_reports(plan_id),
            self.store.agency_history(plan_id, code, HISTORY_LINES),
        )?;
        Ok(Some(say.agency_view(code, &Progress::new(latest), &mine, today)))
    }

    /// The plan's official categories per section and the reports of the week so far.
    pub async fn overview(&self, now: DateTime<Utc>) -> Result<Overview, StoreError> {
        let today = local_date(now);
        let week = Week::of(today);
        let plan_id = self.timeline().id();
        let (latest, reports) = tokio::try_join!(
            self.store.latest_reports(plan_id),
            self.store.reports_between(plan_id, week.start(), now),
        )?;
        let say = self.answers(today);
        let states = say.states(&Progress::new(latest), today);
        let categories: Vec<(Category, String)> =
            Category::ALL.iter().map(|c| (*c, crate::text::capitalize(&say.category_label(*c)))).collect();
        let sections = say
            .section_counts(&states)
            .into_iter()
            .map(|(number, section, counts)| (number, format!("{}. {}", section.id, section.title), counts))
            .collect();
        let reports = reports.iter().rev().filter(|r| r.retracted_at.is_none()).map(|r| say.web_report(r)).collect();
        Ok(Overview { day: today, title: self.plan_title(today), categories, sections, week, reports })
    }

    /// Lead agencies with tasks not done that have not reported within the report window.
    pub async fn silent(&self, now: DateTime<Utc>) -> Result<Vec<Silent>, StoreError> {
        let today = local_date(now);
        let plan_id = self.timeline().id();
        let (latest, recent) = tokio::try_join!(
            self.store.latest_reports(plan_id),
            self.store.reported_since(plan_id, now - self.settings.report_window),
        )?;
        let progress = Progress::new(latest);
        let say = self.answers(today);
        let reported: HashSet<&str> = recent.iter().map(|(a, _)| a.as_str()).collect();
        let mut out = Vec::new();
        for code in say.silent_leads(&progress, today, &reported) {
            let last_report = say
                .plan
                .assignments(&code)
                .iter()
                .filter_map(|a| {
                    let task = say.plan.task_at(a.task);
                    let period = say.plan.plan().period_at(task, today);
                    progress.latest_for(task.reference, &code, a, &period.key).map(|r| local_date(r.at))
                })
                .max();
            out.push(Silent {
                name: say.agency_name(&code).to_string(),
                kind: say.plan.catalog().agency(&code).map_or("", |a| kind_key(a.kind)).to_string(),
                open_tasks: say.open_led(&progress, today, &code),
                code,
                last_report,
            });
        }
        Ok(out)
    }
}

impl Answers<'_> {
    /// A report's state in a grid cell: as it counts, with its percentage.
    fn cell_label(&self, report: &NewReport) -> String {
        if report.awaiting_review() {
            self.counted_label(report)
        } else {
            self.state_text(report.counted_status(), report.percent)
        }
    }

    pub(super) fn grid(&self, progress: &Progress, filter: &GridFilter, day: NaiveDate) -> Grid {
        let plan = self.plan.plan();
        let catalog = self.plan.catalog();
        let wanted = filter.text.as_deref().map(crate::text::fold).filter(|t| !t.trim().is_empty());
        let mut rows = Vec::new();
        // Columns in the catalog's order: agencies leading a shown task, then groups.
        let mut leading: BTreeSet<usize> = BTreeSet::new();
        let mut groups: Vec<String> = Vec::new();
        let position = |code: &str| catalog.position(code).unwrap_or(usize::MAX);
        let mut shown = Vec::new();
        for (index, task) in plan.tasks.iter().enumerate() {
            if filter.section.is_some_and(|s| s != task.reference.section) {
                continue;
            }
            if let Some(code) = &filter.agency
                && self.plan.role_in(code, index).is_none()
            {
                continue;
            }
            if let Some(words) = &wanted {
                let reference = crate::text::fold(&task.reference.to_string());
                if !crate::text::fold(&task.title).contains(words.trim()) && reference != words.trim() {
                    continue;
                }
            }
            let state = progress.task_state(self.plan, index, day);
            if filter.category.is_some_and(|c| c != state.category) {
                continue;
            }
            for (code, a) in self.plan.task_agencies(index) {
                if a.role == Role::Lead && a.via_group.is_none() {
                    leading.insert(position(code));
                }
            }
            for lead in &task.lead {
                if let Assignee::Group(g) = lead
                    && !groups.contains(g)
                {
                    groups.push(g.clone());
                }
            }
            shown.push((index, state));
        }
        // Groups of leads first (their tallies sum up many agencies), then the agencies named directly.
        let mut columns: Vec<Column> = groups
            .iter()
            .map(|g| Column {
                code: format!("@{g}"),
                name: crate::text::capitalize(catalog.display_name(&Assignee::Group(g.clone()))),
            })
            .collect();
        let group_columns = columns.len();
        columns.extend(
            leading
                .into_iter()
                .filter_map(|i| catalog.agencies().get(i))
                .map(|a| Column { code: a.code.clone(), name: a.short_name().to_string() }),
        );
        // An agency asked for that only supports is shown too: its cells say what it reported.
        if let Some(code) = &filter.agency
            && !columns.iter().any(|c| &c.code == code)
        {
            columns.push(Column { code: code.clone(), name: self.agency_name(code).to_string() });
        }
        for (index, state) in shown {
            let task = self.plan.task_at(index);
            let agencies = self.plan.task_agencies(index);
            let tallies = progress.lead_groups(self.plan, index, &state.period.key);
            let cells = columns
                .iter()
                .enumerate()
                .map(|(n, column)| {
                    if n < group_columns {
                        let group = column.code.trim_start_matches('@');
                        return tallies.iter().find(|(g, _)| matches!(g, Assignee::Group(c) if c == group)).map(
                            |(_, tally)| Cell {
                                state: CellState::of_tally(tally),
                                label: self.tally_text(tally),
                                day: None,
                            },
                        );
                    }
                    let (_, a) = agencies.iter().find(|(c, a)| {
                        c == &column.code && (a.via_group.is_none() || filter.agency.as_ref() == Some(c))
                    })?;
                    if a.role != Role::Lead && filter.agency.as_ref() != Some(&column.code) {
                        return None;
                    }
                    let latest = progress.latest_for(task.reference, &column.code, a, &state.period.key);
                    Some(Cell {
                        state: CellState::of(latest.map(|r| &r.report)),
                        label: latest.map_or_else(|| self.t("xlsx-not-reported", &[]), |r| self.cell_label(r)),
                        day: latest.map(|r| r.as_of()),
                    })
                })
                .collect();
            rows.push(GridRow {
                reference: task.reference,
                title: task.title.clone(),
                due: state.period.end,
                category: state.category,
                category_label: self.category_label(state.category),
                cells,
            });
        }
        let mut agencies: Vec<Column> = self
            .plan
            .lead_agencies()
            .map(|code| Column { code: code.to_string(), name: self.agency_name(code).to_string() })
            .collect();
        agencies.sort_by_key(|c| position(&c.code));
        Grid {
            day,
            columns,
            rows,
            sections: plan
                .sections
                .iter()
                .filter_map(|s| {
                    let number = crate::plan::task_ref::parse_roman(&s.id)?;
                    Some((number, format!("{}. {}", s.id, crate::text::shorten(&s.title, 60))))
                })
                .collect(),
            agencies,
            categories: Category::ALL.iter().map(|c| (*c, crate::text::capitalize(&self.category_label(*c)))).collect(),
            total: plan.tasks.len(),
        }
    }

    pub(super) fn web_report(&self, r: &Report) -> ReportLine {
        ReportLine {
            id: r.id,
            at: r.at.with_timezone(&ZONE).format("%d/%m/%Y %H:%M").to_string(),
            reference: r.task,
            agency: self.agency_name_on(&r.agency, r.as_of()).to_string(),
            agency_code: r.agency.clone(),
            sender: r.user_name.clone(),
            state: self.state_text(r.status, r.percent),
            note: r.note.clone().unwrap_or_default(),
            as_of: r.as_of(),
            review: r.review.map(|review| {
                self.t(
                    match review {
                        Review::Pending => "category-awaiting-review",
                        Review::Confirmed => "web-review-confirmed",
                        Review::Returned => "web-review-returned",
                    },
                    &[],
                ) + &r.review_note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
            }),
            retracted: r.retracted_at.is_some(),
            evidence: r.evidence.is_some(),
        }
    }

    fn task_view(&self, index: usize, progress: &Progress, history: &[Report], day: NaiveDate) -> TaskView {
        let plan = self.plan.plan();
        let task = self.plan.task_at(index);
        let state = progress.task_state(self.plan, index, day);
        let parts = self
            .plan
            .task_agencies(index)
            .iter()
            .filter(|(code, a)| {
                a.via_group.is_none() || progress.latest_for(task.reference, code, a, &state.period.key).is_some()
            })
            .map(|(code, a)| {
                let latest = progress.latest_for(task.reference, code, a, &state.period.key);
                AgencyPart {
                    code: code.clone(),
                    name: self.agency_name(code).to_string(),
                    role: a.role,
                    requested: a.requested,
                    state: latest.map_or_else(|| self.t("xlsx-not-reported", &[]), |r| self.report_state(r)),
                    cell: CellState::of(latest.map(|r| &r.report)),
                }
            })
            .collect();
        let groups = progress
            .lead_groups(self.plan, index, &state.period.key)
            .into_iter()
            .map(|(g, tally)| (crate::text::capitalize(self.plan.catalog().display_name(&g)), self.tally_text(&tally)))
            .collect();
        let section = plan.section(&task.reference.section_id()).map(|s| s.title.clone()).unwrap_or_default();
        TaskView {
            reference: task.reference,
            section,
            title: task.title.clone(),
            product: task.product.clone(),
            timeframe: task.timeframe_text.clone(),
            period: self.period_label(&state.period.key),
            due: state.period.end,
            category: state.category,
            category_label: self.category_label(state.category),
            parts,
            groups,
            reports: history.iter().map(|r| self.web_report(r)).collect(),
        }
    }

    fn agency_view(&self, code: &str, progress: &Progress, reports: &[Report], day: NaiveDate) -> AgencyView {
        let tasks = self
            .plan
            .assignments(code)
            .iter()
            .map(|a| {
                let task = self.plan.task_at(a.task);
                let period = self.plan.plan().period_at(task, day);
                let latest = progress.latest_for(task.reference, code, a, &period.key);
                (
                    task.reference,
                    task.title.clone(),
                    a.role,
                    latest.map_or_else(|| self.t("xlsx-not-reported", &[]), |r| self.report_state(r)),
                    CellState::of(latest.map(|r| &r.report)),
                )
            })
            .collect();
        AgencyView {
            code: code.to_string(),
            name: self.plan.catalog().agency(code).map_or(code, |a| a.name.as_str()).to_string(),
            tasks,
            reports: reports.iter().map(|r| self.web_report(r)).collect(),
        }
    }
}
