//! The weekly roll-up for the coordinating department: short enough to read on a phone and to forward to
//! the provincial leadership as it is; the full detail goes in the attached spreadsheet.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

use super::answers::{Answers, arg, date};
use super::progress::DUE_AHEAD_DAYS;
use super::reply::Attachment;
use super::{Bot, Reply};
use crate::clock::local_date;
use crate::plan::Role;
use crate::progress::state::{Category, Progress, TaskState};
use crate::progress::week::Week;
use crate::progress::{Report, Status};
use crate::store::StoreError;

/// Each list in the digest shows this many lines; the rest are counted and left to the file.
const LIST_LINES: usize = 8;
const NAME_LIST: usize = 15;

/// Why there is no digest for a week.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoDigest {
    #[error("week {0} is before the plan started")]
    BeforePlan(Week),
    #[error("week {0} is after the plan ended")]
    AfterPlan(Week),
    #[error("week {0} has not started yet")]
    Future(Week),
}

/// Everything a digest is made of, read once.
pub struct DigestData {
    pub week: Week,
    /// The instant the digest describes: the end of the week, or now for the current week.
    pub as_of: DateTime<Utc>,
    pub now: Progress,
    pub before: Progress,
    /// Reports made during the week, retracted ones included.
    pub reports: Vec<Report>,
}

/// The chart shows tasks done over this many weeks.
const TREND_WEEKS: usize = 12;

impl Bot {
    /// Reads what the digest of `week` needs, as of `now`.
    pub async fn digest_data(
        &self,
        week: Week,
        now: DateTime<Utc>,
    ) -> Result<Result<DigestData, NoDigest>, StoreError> {
        let meta = &self.timeline().bundle().plan.meta;
        if week.sunday() < meta.issued {
            return Ok(Err(NoDigest::BeforePlan(week)));
        }
        if week.monday().year() > meta.ends {
            return Ok(Err(NoDigest::AfterPlan(week)));
        }
        if week.start() > now {
            return Ok(Err(NoDigest::Future(week)));
        }
        let as_of = week.end().min(now);
        let plan_id = &meta.id;
        // Two independent reads: on PostgreSQL they run side by side on the pool's connections.
        let ((before, current), reports) = tokio::try_join!(
            self.store.latest_reports_at_both(plan_id, week.start(), as_of),
            self.store.reports_between(plan_id, week.start(), as_of),
        )?;
        let (current, before) = (Progress::new(current), Progress::new(before));
        Ok(Ok(DigestData { week, as_of, now: current, before, reports }))
    }

    /// The digest of `week` as a reply, with the week's spreadsheet attached.
    pub async fn digest(&self, week: Week, now: DateTime<Utc>) -> Result<Result<Reply, NoDigest>, StoreError> {
        let data = match self.digest_data(week, now).await? {
            Ok(data) => data,
            Err(why) => return Ok(Err(why)),
        };
        let day = local_date(data.as_of - TimeDelta::seconds(1));
        let say = self.answers(day);
        // The week before is counted with the plan as it stood then.
        let day_before = week.monday() - TimeDelta::days(1);
        let before = self.answers(day_before).states(&data.before, day_before);
        let mut reply = say.digest(&data, &before);
        reply.picture = self.chart(&data).await?;
        let file_name = format!("tong-hop-{week}.xlsx");
        match say.workbook(self.timeline(), &data.now, &data.reports, day, &file_name) {
            Ok(file) => reply.file = Some(file),
            Err(e) => tracing::error!(error = %e, "the digest goes without its spreadsheet"),
        }
        Ok(Ok(reply))
    }

    /// The spreadsheet of the plan's progress as of `now`, with every report so far.
    pub async fn export(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Result<Attachment, rust_xlsxwriter::XlsxError>, StoreError> {
        let plan_id = self.timeline().id();
        let progress = Progress::new(self.store.latest_reports_as_of(plan_id, now).await?);
        let reports = self.store.all_reports(plan_id).await?;
        let day = local_date(now);
        let file_name = format!("tien-do-{}.xlsx", day.format("%Y-%m-%d"));
        Ok(self.answers(day).workbook(self.timeline(), &progress, &reports, day, &file_name))
    }

    /// The digest's chart: tasks by category per section on `day`, and tasks done at the end of each of
    /// the last weeks, read in two queries (the state when the weeks began, and the reports since); `None`
    /// if it cannot be drawn (logged: the digest goes without it).
    pub async fn chart(&self, data: &DigestData) -> Result<Option<Attachment>, StoreError> {
        let day = local_date(data.as_of - TimeDelta::seconds(1));
        let meta = &self.timeline().bundle().plan.meta;
        let mut weeks = vec![data.week];
        while weeks.len() < TREND_WEEKS {
            let earlier = weeks[weeks.len() - 1].previous();
            if earlier.sunday() < meta.issued {
                break;
            }
            weeks.push(earlier);
        }
        weeks.reverse();
        let start = weeks[0].start();
        let (base, since) = tokio::try_join!(
            self.store.latest_reports_as_of(&meta.id, start),
            self.store.reports_between(&meta.id, start, data.as_of),
        )?;
        // The state when the weeks began, moved forward report by report: one pass over the reports.
        let mut progress = Progress::new(base);
        let mut since = since.into_iter().peekable();
        let mut trend = Vec::with_capacity(weeks.len());
        for week in &weeks {
            let end = week.end().min(data.as_of);
            while let Some(r) = since.next_if(|r| r.at < end) {
                progress.record(r);
            }
            let last_day = local_date(end - TimeDelta::seconds(1));
            let done = self
                .answers(last_day)
                .states(&progress, last_day)
                .iter()
                .filter(|s| matches!(s.category, Category::DoneOnTime | Category::DoneLate))
                .count();
            trend.push((week.sunday(), done));
        }
        let say = self.answers(day);
        let chart = say.chart(&say.states(&data.now, day), &trend, day);
        match crate::chart::png(&chart) {
            Ok(bytes) => {
                let file_name = format!("bieu-do-{}.png", data.week);
                Ok(Some(Attachment { file_name, mime: "image/png".to_string(), bytes }))
            }
            Err(e) => {
                tracing::error!(error = %e, "the chart could not be drawn");
                Ok(None)
            }
        }
    }

    pub fn no_digest_reply(&self, why: &NoDigest) -> Reply {
        let say = self.answers(self.timeline().bundle().plan.meta.issued);
        Reply::text(match why {
            NoDigest::BeforePlan(w) => say.t("digest-before-plan", &[arg("week", w.to_string())]),
            NoDigest::AfterPlan(w) => say.t("digest-after-plan", &[arg("week", w.to_string())]),
            NoDigest::Future(w) => say.t("digest-future", &[arg("week", w.to_string())]),
        })
    }
}

/// The chart's colours of the official categories, in the order of [`Category::ALL`]: done in green,
/// waiting in blue, open in amber, overdue in red.
fn category_colour(category: Category) -> [u8; 3] {
    match category {
        Category::DoneOnTime => [46, 125, 50],
        Category::DoneLate => [124, 179, 66],
        Category::AwaitingReview => [30, 136, 229],
        Category::OpenOnTime => [255, 179, 0],
        Category::OpenOverdue => [229, 57, 53],
    }
}

impl Answers<'_> {
    /// The chart of the tasks' `states` on `day` and of tasks done at the end of each week (by its Sunday).
    fn chart(&self, states: &[TaskState], trend: &[(NaiveDate, usize)], day: NaiveDate) -> crate::chart::Chart {
        let plan = self.plan.plan();
        let bars = self
            .section_counts(states)
            .into_iter()
            .filter(|(_, _, counts)| counts.iter().sum::<usize>() > 0)
            .map(|(_, section, counts)| crate::chart::Bar {
                label: self.t(
                    "chart-section",
                    &[arg("id", section.id.as_str()), arg("title", crate::text::shorten(&section.title, 24))],
                ),
                counts,
            })
            .collect();
        crate::chart::Chart {
            title: self.t("chart-title", &[arg("plan", plan.meta.code.as_str()), arg("day", date(day))]),
            bars_title: self.t("chart-bars", &[]),
            bars,
            categories: Category::ALL
                .iter()
                .map(|c| (crate::text::capitalize(&self.category_label(*c)), category_colour(*c)))
                .collect(),
            trend_title: self.t("chart-trend", &[arg("weeks", trend.len())]),
            trend: trend.iter().map(|(sunday, done)| (sunday.format("%d/%m").to_string(), *done)).collect(),
            total: states.len(),
        }
    }

    /// Each section of the plan, by number, with how many of the tasks of `states` stand in each official
    /// category (in the order of [`Category::ALL`]).
    pub(super) fn section_counts(&self, states: &[TaskState]) -> Vec<(u8, &crate::plan::Section, Vec<usize>)> {
        self.plan
            .plan()
            .sections
            .iter()
            .filter_map(|section| Some((crate::plan::task_ref::parse_roman(&section.id)?, section)))
            .map(|(number, section)| {
                let mut counts = vec![0; Category::ALL.len()];
                for state in states.iter().filter(|s| self.plan.task_at(s.task).reference.section == number) {
                    if let Some(k) = Category::ALL.iter().position(|c| *c == state.category) {
                        counts[k] += 1;
                    }
                }
                (number, section, counts)
            })
            .collect()
    }

    pub(super) fn states(&self, progress: &Progress, day: NaiveDate) -> Vec<TaskState> {
        (0..self.plan.plan().tasks.len()).map(|i| progress.task_state(self.plan, i, day)).collect()
    }

    /// The current report of every (task, agency) of the tasks' periods on `day` that `keep` keeps.
    pub(super) fn current_where<'p>(
        &self,
        progress: &'p Progress,
        day: chrono::NaiveDate,
        keep: impl Fn(&Report) -> bool,
    ) -> Vec<(crate::plan::TaskRef, String, &'p Report)> {
        let mut found = Vec::new();
        for (i, task) in self.plan.plan().tasks.iter().enumerate() {
            let period = self.plan.plan().period_at(task, day);
            for (agency, assignment) in self.plan.task_agencies(i) {
                if let Some(r) =
                    progress.latest_for(task.reference, agency, assignment, &period.key).filter(|r| keep(r))
                {
                    found.push((task.reference, agency.clone(), r));
                }
            }
        }
        found
    }

    /// The digest of a week; `before` are the tasks' states the day before it began.
    pub fn digest(&self, data: &DigestData, before: &[TaskState]) -> Reply {
        let plan = self.plan.plan();
        let week = data.week;
        // The last day the digest covers.
        let day = local_date(data.as_of - TimeDelta::seconds(1));
        let now = self.states(&data.now, day);

        let mut lines = vec![
            self.t(
                "digest-title",
                &[
                    arg("number", week.number),
                    arg("year", week.year),
                    arg("from", date(week.monday())),
                    arg("to", date(week.sunday())),
                ],
            ),
            self.t(
                "digest-plan",
                &[
                    arg("plan", plan.meta.code.as_str()),
                    arg("title", plan.meta.short_title.as_deref().unwrap_or(&plan.meta.title)),
                ],
            ),
            String::new(),
            self.t("digest-headline", &[arg("count", now.len()), arg("day", date(day))]),
        ];
        for category in Category::ALL {
            let n = now.iter().filter(|s| s.category == category).count() as i64;
            let m = before.iter().filter(|s| s.category == category).count() as i64;
            let change = match n - m {
                0 => self.t("digest-same", &[]),
                d => self.t("digest-change", &[arg("delta", format!("{d:+}"))]),
            };
            let label = crate::text::capitalize(&self.category_label(category));
            lines.push(self.t("digest-category", &[arg("category", label), arg("count", n), arg("change", change)]));
        }

        lines.push(String::new());
        lines.extend(self.section_lines(&now));

        // Reports of the week, grouped by task.
        let live: Vec<&Report> = data.reports.iter().filter(|r| r.retracted_at.is_none()).collect();
        lines.push(String::new());
        lines.push(self.t("digest-reports", &[arg("count", live.len())]));
        let mut by_task: BTreeMap<crate::plan::TaskRef, Vec<&Report>> = BTreeMap::new();
        for r in &live {
            by_task.entry(r.task).or_default().push(r);
        }
        for (reference, reports) in by_task.iter().take(LIST_LINES) {
            // The latest report of each agency that week.
            let mut seen = HashSet::new();
            let parts: Vec<String> = reports
                .iter()
                .rev()
                .filter(|r| seen.insert(r.agency.clone()))
                .map(|r| {
                    self.t(
                        "digest-report-part",
                        &[arg("agency", self.agency_name(&r.agency)), arg("state", self.report_state(r))],
                    )
                })
                .collect();
            lines.push(
                self.t("digest-report-line", &[arg("ref", reference.to_string()), arg("parts", parts.join("; "))]),
            );
        }
        if by_task.len() > LIST_LINES {
            lines.push(self.t("digest-more", &[arg("count", by_task.len() - LIST_LINES)]));
        }

        // Blocked: the latest report of an agency in the task's current period says so.
        let blocked: Vec<_> = self
            .current_where(&data.now, day, |r| r.status == Status::Blocked)
            .into_iter()
            .map(|(reference, agency, r)| (reference, agency, r.note.clone()))
            .collect();
        // Results reported done that wait for the coordinator, the longest waiting first.
        let mut waiting: Vec<_> = self
            .current_where(&data.now, day, |r| r.awaiting_review())
            .into_iter()
            .map(|(reference, agency, r)| (reference, agency, crate::clock::local_date(r.at)))
            .collect();
        if !waiting.is_empty() {
            waiting.sort_by_key(|(_, _, since)| *since);
            lines.push(String::new());
            lines.push(self.t("digest-awaiting", &[arg("count", waiting.len())]));
            for (reference, agency, since) in waiting.iter().take(LIST_LINES) {
                lines.push(self.t(
                    "digest-awaiting-line",
                    &[
                        arg("ref", reference.to_string()),
                        arg("agency", self.agency_name(agency)),
                        arg("since", date(*since)),
                        arg("days", (day - *since).num_days()),
                    ],
                ));
            }
            if waiting.len() > LIST_LINES {
                lines.push(self.t("digest-more", &[arg("count", waiting.len() - LIST_LINES)]));
            }
        }

        lines.push(String::new());
        lines.push(self.t("digest-blocked", &[arg("count", blocked.len())]));
        for (reference, agency, note) in blocked.iter().take(LIST_LINES) {
            lines.push(self.t(
                "digest-blocked-line",
                &[
                    arg("ref", reference.to_string()),
                    arg("agency", self.agency_name(agency)),
                    arg("note", note.clone().unwrap_or_default()),
                ],
            ));
        }
        if blocked.len() > LIST_LINES {
            lines.push(self.t("digest-more", &[arg("count", blocked.len() - LIST_LINES)]));
        }

        let (mut overdue, never): (Vec<&TaskState>, Vec<&TaskState>) =
            now.iter().filter(|s| s.category == Category::OpenOverdue).partition(|s| s.reported);
        overdue.sort_by_key(|s| (std::cmp::Reverse(s.days_late), s.task));
        lines.push(String::new());
        lines.push(self.t("digest-overdue", &[arg("count", overdue.len() + never.len()), arg("never", never.len())]));
        for s in overdue.iter().take(LIST_LINES) {
            lines.push(self.t(
                "digest-overdue-line",
                &[
                    arg("ref", self.plan.task_at(s.task).reference.to_string()),
                    arg("days", s.days_late.unwrap_or(0)),
                    arg("due", date(s.period.end)),
                ],
            ));
        }
        if overdue.len() > LIST_LINES {
            lines.push(self.t("digest-more", &[arg("count", overdue.len() - LIST_LINES)]));
        }
        if !never.is_empty() {
            let never: Vec<TaskState> = never.into_iter().cloned().collect();
            lines.push(self.never_reported_line(&never));
        }
        let earlier = self.earlier_unreported(&data.now, day, None);
        if !earlier.is_empty() {
            lines.push(self.earlier_unreported_line(&earlier, false));
        }

        // What falls due in the next 30 days and is not done yet, soonest first.
        let mut ahead: Vec<&TaskState> = now
            .iter()
            .filter(|s| s.category == Category::OpenOnTime && (s.period.end - day).num_days() <= DUE_AHEAD_DAYS)
            .collect();
        if !ahead.is_empty() {
            ahead.sort_by_key(|s| (s.period.end, s.task));
            lines.push(String::new());
            lines.push(self.t("digest-due-ahead", &[arg("count", ahead.len()), arg("days", DUE_AHEAD_DAYS)]));
            for s in ahead.iter().take(LIST_LINES) {
                lines.push(self.t(
                    "digest-due-ahead-line",
                    &[
                        arg("ref", self.plan.task_at(s.task).reference.to_string()),
                        arg("due", date(s.period.end)),
                        arg("left", (s.period.end - day).num_days()),
                    ],
                ));
            }
            if ahead.len() > LIST_LINES {
                lines.push(self.t("digest-more", &[arg("count", ahead.len() - LIST_LINES)]));
            }
        }

        // Reports that promised a day now past, the task still not done.
        let passed = self.expected_passed(&data.now, None);
        if !passed.is_empty() {
            lines.push(String::new());
            lines.push(self.t("digest-expected-passed", &[arg("count", passed.len())]));
            for (task, agency, expected) in passed.iter().take(LIST_LINES) {
                lines.push(self.t(
                    "digest-expected-line",
                    &[
                        arg("ref", self.plan.task_at(*task).reference.to_string()),
                        arg("agency", self.agency_name(agency)),
                        arg("day", date(*expected)),
                    ],
                ));
            }
            if passed.len() > LIST_LINES {
                lines.push(self.t("digest-more", &[arg("count", passed.len() - LIST_LINES)]));
            }
        }

        let reported: HashSet<&str> = live.iter().map(|r| r.agency.as_str()).collect();
        let silent = self.silent_leads(&data.now, day, &reported);
        lines.push(String::new());
        lines.push(self.t("digest-silent", &[arg("count", silent.len())]));
        if !silent.is_empty() {
            let names: Vec<&str> = silent.iter().take(NAME_LIST).map(|c| self.agency_name(c)).collect();
            let mut text = names.join(", ");
            if silent.len() > NAME_LIST {
                text.push_str(&self.t("digest-and-more", &[arg("count", silent.len() - NAME_LIST)]));
            }
            lines.push(text);
        }
        lines.push(String::new());
        lines.push(self.t("digest-footer", &[]));
        Reply::text(lines.join("\n"))
    }

    /// Lead agencies that owe a report (a lead task not done in its current period) and sent none.
    pub fn silent_leads(&self, progress: &Progress, day: NaiveDate, reported: &HashSet<&str>) -> Vec<String> {
        self.plan
            .lead_agencies()
            .filter(|code| !reported.contains(code))
            .filter(|code| !self.open_led(progress, day, code).is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The tasks `code` leads that are not done in their current period on `day`.
    pub(super) fn open_led(&self, progress: &Progress, day: NaiveDate, code: &str) -> Vec<crate::plan::TaskRef> {
        self.plan
            .assignments(code)
            .iter()
            .filter(|a| a.role == Role::Lead)
            .map(|a| (a, self.plan.task_at(a.task)))
            .filter(|(a, task)| {
                let period = self.plan.plan().period_at(task, day);
                progress.latest_for(task.reference, code, a, &period.key).is_none_or(|r| r.status != Status::Done)
            })
            .map(|(_, task)| task.reference)
            .collect()
    }
}
