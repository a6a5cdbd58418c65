//! The state of tasks, derived from the latest reports: who has done what in the current period, and the
//! official categories (hoàn thành đúng hạn / quá hạn, chưa hoàn thành trong hạn / quá hạn).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{NewReport, Report, Status};
use crate::plan::{Assignee, Assignment, Period, PlanIndex, Role, TaskRef};

/// The categories official reports count tasks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// hoàn thành đúng hạn
    DoneOnTime,
    /// hoàn thành quá hạn
    DoneLate,
    /// chưa hoàn thành trong hạn
    OpenOnTime,
    /// chưa hoàn thành quá hạn
    OpenOverdue,
    /// chờ xác nhận: every lead reported it done, and the coordinator has yet to confirm at least one
    AwaitingReview,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::DoneOnTime,
        Category::DoneLate,
        Category::AwaitingReview,
        Category::OpenOnTime,
        Category::OpenOverdue,
    ];
}

/// How many agencies stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub in_progress: usize,
    pub blocked: usize,
    pub not_started: usize,
    pub not_reported: usize,
    /// Reported done, waiting for the coordinator's review.
    pub awaiting: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.done + self.in_progress + self.blocked + self.not_started + self.not_reported + self.awaiting
    }

    /// Counts an agency by its latest report, as the coordinator's review leaves it.
    pub fn add_report(&mut self, report: Option<&NewReport>) {
        match report {
            Some(r) if r.awaiting_review() => self.awaiting += 1,
            Some(r) => self.add(Some(r.counted_status())),
            None => self.add(None),
        }
    }

    pub fn add(&mut self, status: Option<Status>) {
        match status {
            Some(Status::Done) => self.done += 1,
            Some(Status::InProgress) => self.in_progress += 1,
            Some(Status::Blocked) => self.blocked += 1,
            Some(Status::NotStarted) => self.not_started += 1,
            None => self.not_reported += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskState {
    /// Index of the task in the plan.
    pub task: usize,
    pub period: Period,
    pub leads: Tally,
    pub category: Category,
    /// The day the last lead reported it done, when all have.
    pub completed_on: Option<NaiveDate>,
    /// Days past the due date, for an overdue task that is not done.
    pub days_late: Option<i64>,
    /// Whether any agency the task names has a report in the period: a task of a period that ended before
    /// anyone reported is work to bring in, not work that was reported late.
    pub reported: bool,
}

/// The latest live report of every (task, agency, period), for answering from.
#[derive(Debug, Default)]
pub struct Progress {
    latest: HashMap<(TaskRef, String, String), Report>,
    /// The (task, period)s someone reported in: built with `latest`, so that asking whether a period
    /// had any report at all scans nothing.
    reported: HashSet<(TaskRef, String)>,
}

impl Progress {
    /// From reports that are already the latest live ones per (task, agency, period).
    pub fn new(latest: Vec<Report>) -> Self {
        let mut progress = Self { latest: HashMap::with_capacity(latest.len()), reported: HashSet::new() };
        for r in latest {
            progress.record(r);
        }
        progress
    }

    /// Takes a later report into account: it replaces an older one of its (task, agency, period); a
    /// retracted one counts for nothing.
    pub fn record(&mut self, r: Report) {
        if r.retracted_at.is_some() {
            return;
        }
        self.reported.insert((r.task, r.period.clone()));
        let key = (r.task, r.agency.clone(), r.period.clone());
        if self.latest.get(&key).is_none_or(|old| old.id < r.id) {
            self.latest.insert(key, r);
        }
    }

    pub fn latest(&self, task: TaskRef, agency: &str, period: &str) -> Option<&Report> {
        self.latest.get(&(task, agency.to_string(), period.to_string()))
    }

    /// An agency's state in a task: its own latest report, or that of an agency whose part in the task it
    /// carries on (a predecessor before a reorganisation), whichever came last.
    pub fn latest_for(&self, task: TaskRef, agency: &str, assignment: &Assignment, period: &str) -> Option<&Report> {
        std::iter::once(agency)
            .chain(assignment.predecessors.iter().map(String::as_str))
            .filter_map(|code| self.latest(task, code, period))
            .max_by_key(|r| r.id)
    }

    pub fn is_empty(&self) -> bool {
        self.latest.is_empty()
    }

    /// Whether anyone reported on the task in the period.
    pub fn any_report(&self, task: TaskRef, period: &str) -> bool {
        self.reported.contains(&(task, period.to_string()))
    }

    /// Every latest report, in no order.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.latest.values()
    }

    /// The state of task `index` in its period current on `today`.
    pub fn task_state(&self, plan: &PlanIndex, index: usize, today: NaiveDate) -> TaskState {
        let period = plan.plan().period_at(plan.task_at(index), today);
        self.task_state_in(plan, index, period, today)
    }

    /// The state of task `index` in `period` (current or ended), seen on `today`.
    pub fn task_state_in(&self, plan: &PlanIndex, index: usize, period: Period, today: NaiveDate) -> TaskState {
        let task = plan.task_at(index);
        let mut leads = Tally::default();
        let mut last_done: Option<NaiveDate> = None;
        let mut reported = false;
        for (code, assignment) in plan.task_agencies(index) {
            let report = self.latest_for(task.reference, code, assignment, &period.key);
            reported |= report.is_some();
            if assignment.role != Role::Lead {
                continue;
            }
            leads.add_report(report.map(|r| &r.report));
            if let Some(r) = report.filter(|r| r.counted_status() == Status::Done && !r.awaiting_review()) {
                let day = r.as_of();
                last_done = Some(last_done.map_or(day, |d| d.max(day)));
            }
        }
        let all_done = leads.total() > 0 && leads.done == leads.total();
        let completed_on = if all_done { last_done } else { None };
        let awaiting = leads.awaiting > 0 && leads.done + leads.awaiting == leads.total();
        let due = period.end;
        let category = match completed_on {
            Some(day) if day <= due => Category::DoneOnTime,
            Some(_) => Category::DoneLate,
            None if awaiting => Category::AwaitingReview,
            None if today <= due => Category::OpenOnTime,
            None => Category::OpenOverdue,
        };
        let days_late = (category == Category::OpenOverdue).then(|| (today - due).num_days());
        TaskState { task: index, period, leads, category, completed_on, days_late, reported }
    }

    /// Per lead group of a task (and one entry for agencies named directly), how its members stand.
    pub fn lead_groups(&self, plan: &PlanIndex, index: usize, period: &str) -> Vec<(Assignee, Tally)> {
        let task = plan.task_at(index);
        let agencies = plan.task_agencies(index);
        task.lead
            .iter()
            .filter(|a| matches!(a, Assignee::Group(_)))
            .map(|group| {
                let Assignee::Group(code) = group else { unreachable!("filtered to groups") };
                let mut tally = Tally::default();
                for (agency, assignment) in agencies {
                    if assignment.role == Role::Lead && assignment.via_group.as_deref() == Some(code) {
                        tally
                            .add_report(self.latest_for(task.reference, agency, assignment, period).map(|r| &r.report));
                    }
                }
                (group.clone(), tally)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::ChatKey;
    use crate::plan::seed;
    use crate::progress::NewReport;
    use chrono::{TimeZone, Utc};

    fn plan() -> PlanIndex {
        PlanIndex::new(seed::bundled().unwrap())
    }

    fn report(id: i64, task: &str, agency: &str, period: &str, status: Status, day: u32) -> Report {
        Report {
            id,
            report: NewReport {
                plan_id: "quang-ngai-16-kh-ubnd-2022".into(),
                task: task.parse().unwrap(),
                agency: agency.into(),
                role: Role::Lead,
                period: period.into(),
                status,
                percent: None,
                note: None,
                chat: ChatKey::new("test", agency),
                user_id: "u".into(),
                user_name: "U".into(),
                message_id: None,
                at: Utc.with_ymd_and_hms(2026, 11, day, 3, 0, 0).unwrap(),
                evidence: None,
                source: None,
                stated_on: None,
                proxy: None,
                expected: None,
                confirmed_by: None,
                review: None,
                review_note: None,
            },
            retracted_at: None,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn official_categories() {
        let plan = plan();
        let today = day("2026-11-28");
        let index = |r: &str| plan.task_index(r.parse().unwrap()).unwrap();
        let progress = Progress::new(vec![
            report(1, "III.2", "sldtbxh", "2022", Status::Done, 20),
            report(2, "I.3", "sldtbxh", "2026", Status::Done, 20),
            report(3, "I.3", "stttt", "2026", Status::Done, 21),
        ]);
        let state = |r: &str| progress.task_state(&plan, index(r), today);
        assert_eq!(state("III.2").category, Category::DoneLate, "done in 2026 for the 2022 period");
        assert_eq!(state("III.3").category, Category::OpenOverdue);
        assert_eq!(
            state("III.3").days_late,
            Some(day("2026-11-28").signed_duration_since(day("2025-12-31")).num_days())
        );
        assert_eq!(state("I.3").category, Category::DoneOnTime);
        assert_eq!(state("I.3").completed_on, Some(day("2026-11-21")));
        assert_eq!(state("I.5").category, Category::OpenOnTime);
    }

    #[test]
    fn a_task_is_done_when_every_lead_is() {
        let plan = plan();
        let i = plan.task_index("III.8".parse().unwrap()).unwrap();
        let progress = Progress::new(vec![report(1, "III.8", "syt", "2026-2030", Status::Done, 20)]);
        let state = progress.task_state(&plan, i, day("2026-11-28"));
        assert_eq!(state.leads.done, 1);
        assert_eq!(state.leads.not_reported, 7);
        assert_eq!(state.category, Category::OpenOnTime);
    }

    #[test]
    fn group_leads_are_tallied_per_group() {
        let plan = plan();
        let i = plan.task_index("III.9".parse().unwrap()).unwrap();
        let progress = Progress::new(vec![
            report(1, "III.9", "bato", "2026-2030", Status::Done, 20),
            report(2, "III.9", "lyson", "2026-2030", Status::Blocked, 20),
        ]);
        let groups = progress.lead_groups(&plan, i, "2026-2030");
        assert_eq!(groups.len(), 1);
        let tally = groups[0].1;
        assert_eq!((tally.done, tally.blocked, tally.not_reported, tally.total()), (1, 1, 11, 13));
    }

    #[test]
    fn the_latest_report_wins_and_retracted_ones_do_not_count() {
        let mut old = report(1, "V.4", "sldtbxh", "2021-2025", Status::InProgress, 1);
        old.retracted_at = None;
        let mut undone = report(3, "V.4", "sldtbxh", "2021-2025", Status::Done, 3);
        undone.retracted_at = Some(Utc::now());
        let newer = report(2, "V.4", "sldtbxh", "2021-2025", Status::Blocked, 2);
        let progress = Progress::new(vec![old, undone, newer]);
        let latest = progress.latest("V.4".parse().unwrap(), "sldtbxh", "2021-2025").unwrap();
        assert_eq!(latest.status, Status::Blocked);
    }
}
