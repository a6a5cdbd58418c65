//! Answers about progress: what was recorded, what is overdue, the roll-up, who has not reported, a
//! task's history.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::answers::{Answers, arg, date};
use super::reply::{Action, Choice, Reply};
use crate::clock::ZONE;
use crate::plan::{AgencyKind, Assignee, Role, TaskRef};
use crate::progress::state::{Category, Progress, Tally};
use crate::progress::{NewReport, Report, Review, Status};

/// At most this many tasks are offered as choices when a report names none.
const MAX_TASK_CHOICES: usize = 12;
/// "Sắp đến hạn": open tasks due within this many days, in answers and in the weekly digest.
pub(super) const DUE_AHEAD_DAYS: i64 = 30;

fn time(at: DateTime<Utc>) -> String {
    at.with_timezone(&ZONE).format("%H:%M %d/%m/%Y").to_string()
}

/// The message naming the kind of agencies `kind` is listed under ("Sở, ban, ngành").
pub(super) fn kind_key(kind: AgencyKind) -> &'static str {
    match kind {
        AgencyKind::Department => "kind-departments",
        AgencyKind::District => "kind-districts",
        AgencyKind::Commune => "kind-communes",
        AgencyKind::Party | AgencyKind::Front | AgencyKind::Association | AgencyKind::Press => "kind-others",
    }
}

impl Answers<'_> {
    pub fn status_label(&self, status: Status) -> String {
        self.t(
            match status {
                Status::Done => "status-done",
                Status::InProgress => "status-in-progress",
                Status::NotStarted => "status-not-started",
                Status::Blocked => "status-blocked",
            },
            &[],
        )
    }

    /// "chủ trì" or "phối hợp".
    pub(super) fn role_label(&self, role: Role) -> String {
        self.t(if role == Role::Lead { "role-lead" } else { "role-support" }, &[])
    }

    pub(super) fn category_label(&self, category: Category) -> String {
        self.t(
            match category {
                Category::DoneOnTime => "category-done-on-time",
                Category::DoneLate => "category-done-late",
                Category::OpenOnTime => "category-open-on-time",
                Category::OpenOverdue => "category-open-overdue",
                Category::AwaitingReview => "category-awaiting-review",
            },
            &[],
        )
    }

    pub(super) fn agency_name<'b>(&'b self, code: &'b str) -> &'b str {
        self.plan.catalog().agency(code).map_or(code, |a| a.short_name())
    }

    /// The short name an agency bore on `day`.
    pub(super) fn agency_name_on<'b>(&'b self, code: &'b str, day: NaiveDate) -> &'b str {
        self.plan.catalog().agency(code).map_or(code, |a| a.short_name_on(day))
    }

    /// The status a report counts as, in a word: "chờ xác nhận" for a result that waits for review, the
    /// work in progress again for one returned.
    pub(super) fn counted_label(&self, r: &NewReport) -> String {
        if r.awaiting_review() {
            self.t("category-awaiting-review", &[])
        } else {
            self.status_label(r.counted_status())
        }
    }

    /// A report's state with where the coordinator's review leaves it: "hoàn thành, 100% (chờ xác nhận)".
    pub(super) fn report_state(&self, r: &crate::progress::NewReport) -> String {
        let state = self.state_text(r.status, r.percent);
        match (r.review, r.review_note.as_deref()) {
            (Some(Review::Pending), _) => self.t("review-suffix-pending", &[arg("state", state)]),
            (Some(Review::Confirmed), _) => self.t("review-suffix-confirmed", &[arg("state", state)]),
            (Some(Review::Returned), note) => {
                self.t("review-suffix-returned", &[arg("state", state), arg("reason", note.unwrap_or_default())])
            }
            (None, _) => state,
        }
    }

    /// "đang thực hiện, 40%".
    pub(super) fn state_text(&self, status: Status, percent: Option<u8>) -> String {
        match percent {
            Some(p) => self.t("state-with-percent", &[arg("status", self.status_label(status)), arg("percent", p)]),
            None => self.status_label(status),
        }
    }

    /// What a report says, restated in full.
    fn restate(&self, r: &NewReport) -> Vec<String> {
        let task = self.plan.task(r.task).map(|t| crate::text::shorten(&t.title, 90)).unwrap_or_default();
        let mut lines = vec![
            self.t("report-task", &[arg("ref", r.task.to_string()), arg("title", task)]),
            self.t(
                "report-agency",
                &[arg("agency", self.agency_name(&r.agency)), arg("role", self.role_label(r.role))],
            ),
            self.t("report-period", &[arg("period", self.period_label(&r.period))]),
            self.t("report-status", &[arg("status", self.status_label(r.status))]),
        ];
        if let Some(day) = r.stated_on {
            lines.push(self.t("report-as-of", &[arg("day", date(day))]));
        }
        if let Some(proxy) = &r.proxy {
            lines.push(self.t("report-entered-by", &[arg("agency", self.agency_name(proxy))]));
        }
        if let Some(p) = r.percent {
            lines.push(self.t("report-percent", &[arg("percent", p)]));
        }
        if let Some(day) = r.expected {
            lines.push(self.t("report-expected", &[arg("day", date(day))]));
        }
        if let Some(note) = &r.note {
            lines.push(self.t("report-note", &[arg("note", note.as_str())]));
        }
        if r.awaiting_review() {
            lines.push(self.t("report-awaiting-review", &[arg("coordinator", self.coordinator_name())]));
        }
        lines
    }

    /// One report in a line: "• III.8 — Sở Y tế: đang thực hiện, 40% — đang rà soát quỹ đất".
    fn report_summary(&self, r: &NewReport) -> String {
        let args = [
            arg("ref", r.task.to_string()),
            arg("agency", self.agency_name(&r.agency)),
            arg("role", self.role_label(r.role)),
            arg("state", self.report_state(r)),
        ];
        match &r.note {
            Some(note) => {
                let mut args = args.to_vec();
                args.push(arg("note", note.as_str()));
                self.t("reports-line-note", &args)
            }
            None => self.t("reports-line", &args),
        }
    }

    /// What a message's reports recorded, with an undo for each; what repeated the current state, named.
    pub fn recorded_all(&self, recorded: &[Report], unchanged: &[Report], undo_window: TimeDelta) -> Reply {
        if let ([one], []) = (recorded, unchanged) {
            return self.recorded(one, undo_window);
        }
        let mut lines = vec![self.t("reports-recorded", &[arg("count", recorded.len())])];
        lines.extend(recorded.iter().map(|r| self.report_summary(r)));
        if !unchanged.is_empty() {
            let refs: Vec<String> = unchanged.iter().map(|r| r.task.to_string()).collect();
            lines.push(self.t("reports-unchanged-also", &[arg("refs", refs.join(", "))]));
        }
        lines.push(self.t("report-undo-hint", &[arg("hours", undo_window.num_hours())]));
        Reply {
            text: lines.join("\n"),
            actions: recorded
                .iter()
                .map(|r| Action {
                    label: self.t("action-undo-ref", &[arg("ref", r.task.to_string())]),
                    command: format!("/hoantac {}", r.id),
                })
                .collect(),
            ..Reply::default()
        }
    }

    /// Every report of a message repeats the current state.
    pub fn all_unchanged(&self, current: &[Report]) -> Reply {
        let refs: Vec<String> = current.iter().map(|r| r.task.to_string()).collect();
        Reply::text(self.t("reports-unchanged", &[arg("refs", refs.join(", "))]))
    }

    /// A report whose sender's name is not an agency the bot knows.
    pub fn unknown_sender(&self, named: &str) -> Reply {
        Reply::text(self.t("unknown-sender", &[arg("named", named), arg("coordinator", self.coordinator_name())]))
    }

    /// A message with reports of several agencies: which, and how to send them.
    pub fn several_senders(&self, senders: &[&str]) -> Reply {
        let names: Vec<&str> = senders.iter().map(|c| self.agency_name(c)).collect();
        let example = senders.get(1).map_or("", |c| self.agency_name(c));
        Reply::text(self.t("several-senders", &[arg("agencies", names.join(", ")), arg("example", example)]))
    }

    /// A message with several reports, one of which cannot be recorded: nothing is, and each is said why.
    pub fn reports_refused(&self, problems: &[(Option<crate::nlu::RefSlot>, Reply)]) -> Reply {
        let not_recorded = self.t("not-recorded", &[]);
        let mut lines = vec![self.t("reports-refused", &[])];
        for (slot, reply) in problems {
            let why = reply.text.replace(&not_recorded, "").split_whitespace().collect::<Vec<_>>().join(" ");
            let reference = match slot {
                Some(crate::nlu::RefSlot::Exact(r)) => r.to_string(),
                Some(crate::nlu::RefSlot::NumberOnly(n)) => n.to_string(),
                None => "?".to_string(),
            };
            lines.push(self.t("reports-refused-line", &[arg("ref", reference), arg("why", why)]));
        }
        lines.push(self.t("reports-refused-footer", &[]));
        Reply::text(lines.join("\n"))
    }

    pub fn doubt_done_below_full(&self, r: &NewReport) -> String {
        self.t("doubt-done-below-full", &[arg("ref", r.task.to_string()), arg("percent", r.percent.unwrap_or(0))])
    }

    pub fn doubt_lower(&self, r: &NewReport, before: u8) -> String {
        self.t(
            "doubt-lower",
            &[arg("ref", r.task.to_string()), arg("before", before), arg("percent", r.percent.unwrap_or(0))],
        )
    }

    pub fn doubt_expected_after_plan(&self, r: &NewReport, last_day: NaiveDate) -> String {
        let expected = r.expected.map(date).unwrap_or_default();
        self.t(
            "doubt-expected-after-plan",
            &[arg("ref", r.task.to_string()), arg("expected", expected), arg("last", date(last_day))],
        )
    }

    /// A question that a report waits on, with "confirm" and "cancel" as choices.
    fn asking_to_confirm(&self, lines: Vec<String>) -> Reply {
        Reply {
            text: lines.join("\n"),
            choices: vec![
                Choice { label: self.t("choice-confirm", &[]), message: "/xacnhan".into() },
                Choice { label: self.t("choice-cancel", &[]), message: "/huy".into() },
            ],
            ..Reply::default()
        }
    }

    /// Several reports wait for one confirmation: the doubts first, then every report.
    pub fn confirm_several(&self, doubts: &[String], reports: &[NewReport]) -> Reply {
        let mut lines = vec![self.t("confirm-several", &[arg("count", reports.len())])];
        lines.extend(doubts.iter().map(|d| format!("• {d}")));
        lines.push(self.t("confirm-several-reports", &[]));
        lines.extend(reports.iter().map(|r| self.report_summary(r)));
        lines.push(self.t("confirm-hint", &[]));
        self.asking_to_confirm(lines)
    }

    /// A report the message says another agency sends, in a chat that is not the coordinator's.
    pub fn other_sender(&self, sender: &str, agency: &str, reference: TaskRef) -> Reply {
        Reply::text(self.t(
            "other-sender",
            &[
                arg("sender", self.agency_name(sender)),
                arg("agency", self.agency_name(agency)),
                arg("ref", reference.to_string()),
            ],
        ))
    }

    pub fn recorded(&self, report: &Report, undo_window: TimeDelta) -> Reply {
        let mut lines = vec![self.t("report-recorded", &[])];
        lines.extend(self.restate(report));
        lines.push(self.t("report-undo-hint", &[arg("hours", undo_window.num_hours())]));
        Reply {
            text: lines.join("\n"),
            actions: vec![Action { label: self.t("action-undo", &[]), command: format!("/hoantac {}", report.id) }],
            ..Reply::default()
        }
    }

    pub fn unchanged(&self, current: &Report) -> Reply {
        Reply::text(self.t(
            "report-unchanged",
            &[
                arg("ref", current.task.to_string()),
                arg("state", self.state_text(current.status, current.percent)),
                arg("when", time(current.at)),
            ],
        ))
    }

    fn confirm(&self, question: String, report: &NewReport) -> Reply {
        let mut lines = vec![question];
        lines.extend(self.restate(report));
        lines.push(self.t("confirm-hint", &[]));
        self.asking_to_confirm(lines)
    }

    pub fn confirm_done_below_full(&self, report: &NewReport) -> Reply {
        self.confirm(self.t("confirm-done-below-full", &[arg("percent", report.percent.unwrap_or(0))]), report)
    }

    pub fn confirm_lower(&self, report: &NewReport, before: u8) -> Reply {
        self.confirm(
            self.t("confirm-lower", &[arg("before", before), arg("percent", report.percent.unwrap_or(0))]),
            report,
        )
    }

    pub fn confirm_expected_after_plan(&self, report: &NewReport, last_day: NaiveDate) -> Reply {
        let expected = report.expected.map(date).unwrap_or_default();
        self.confirm(
            self.t("confirm-expected-after-plan", &[arg("expected", expected), arg("last", date(last_day))]),
            report,
        )
    }

    pub fn pending_dropped(&self) -> Reply {
        Reply::text(self.t("pending-dropped", &[]))
    }

    /// A coordinator's bare "/xacnhan" with nothing of its own waiting: the results that wait for its
    /// review, each with the command that confirms it.
    pub fn results_to_review(&self, waiting: &[Report]) -> Reply {
        if waiting.is_empty() {
            return Reply::text(format!("{}\n{}", self.t("nothing-pending", &[]), self.t("review-none-waiting", &[])));
        }
        let mut lines = vec![self.t("review-waiting-header", &[arg("count", waiting.len())])];
        lines.extend(waiting.iter().map(|r| {
            self.t(
                "review-waiting-line",
                &[
                    arg("id", r.id),
                    arg("ref", r.task.to_string()),
                    arg("agency", self.agency_name(&r.agency)),
                    arg("day", date(r.as_of())),
                ],
            )
        }));
        Reply::text(lines.join("\n"))
    }

    /// "có"/"xác nhận" or "hủy" with no report waiting: nothing was recorded, and nothing is now.
    pub fn nothing_pending(&self, cancel: bool) -> Reply {
        Reply::text(self.t(if cancel { "nothing-to-cancel" } else { "nothing-pending" }, &[]))
    }

    pub fn retracted(&self, report: &Report) -> Reply {
        Reply::text(self.t(
            "report-retracted",
            &[
                arg("ref", report.task.to_string()),
                arg("state", self.report_state(report)),
                arg("when", time(report.at)),
            ],
        ))
    }

    pub fn nothing_to_undo(&self, window: TimeDelta) -> Reply {
        Reply::text(self.t("nothing-to-undo", &[arg("hours", window.num_hours())]))
    }

    pub fn not_recorded(&self, mut reply: Reply) -> Reply {
        reply.text = format!("{}\n{}", reply.text, self.t("not-recorded", &[]));
        reply
    }

    pub fn impossible_percent(&self, percent: i64) -> Reply {
        Reply::text(self.t("impossible-percent", &[arg("percent", percent)]))
    }

    pub fn note_too_long(&self, max: usize) -> Reply {
        Reply::text(self.t("note-too-long", &[arg("max", max)]))
    }

    pub fn too_long(&self, max: usize) -> Reply {
        Reply::text(self.t("message-too-long", &[arg("max", max)]))
    }

    pub fn what_to_update(&self, reference: TaskRef) -> Reply {
        Reply::text(self.t("what-to-update", &[arg("ref", reference.to_string())]))
    }

    /// A report whose task is missing or ambiguous records nothing: it asks, offering the agency's tasks —
    /// those nearest the report's topic first, where it names one (`ranked`: search hits, best first).
    pub fn which_task_to_update(
        &self,
        agency: &str,
        number: Option<u16>,
        rest: Option<&str>,
        ranked: Option<Vec<crate::nlu::Hit>>,
    ) -> Reply {
        // The tasks the agency leads before those it supports, each part in plan order.
        let mut assigned: Vec<&crate::plan::Assignment> = self.plan.assignments(agency).iter().collect();
        assigned.sort_by_key(|a| a.role != Role::Lead);
        let mine: Vec<TaskRef> = assigned.iter().map(|a| self.plan.task_at(a.task).reference).collect();
        let leads =
            |r: &TaskRef| assigned.iter().any(|a| a.role == Role::Lead && self.plan.task_at(a.task).reference == *r);
        let mut on_topic = false;
        let candidates: Vec<TaskRef> = match (number, ranked) {
            (Some(n), _) => {
                let numbered = self.plan.refs_numbered(n);
                let own: Vec<TaskRef> = numbered.iter().copied().filter(|r| mine.contains(r)).collect();
                if own.is_empty() { numbered } else { own }
            }
            (None, Some(hits)) => {
                let mut ordered: Vec<TaskRef> =
                    hits.iter().map(|h| self.plan.task_at(h.task).reference).filter(|r| mine.contains(r)).collect();
                // Nearest the topic first among the tasks it leads, then among those it supports.
                ordered.sort_by_key(|r| !leads(r));
                on_topic = !ordered.is_empty();
                ordered.extend(mine.iter().copied().filter(|r| !ordered.contains(r)).collect::<Vec<_>>());
                ordered
            }
            (None, None) => mine,
        };
        let text = match number {
            Some(n) if candidates.is_empty() => {
                return Reply::text(self.t("update-number-missing", &[arg("number", n)]));
            }
            Some(n) => self.t("update-which-section", &[arg("number", n)]),
            None if on_topic => self.t("update-which-topic", &[]),
            None => self.t("update-which-task", &[]),
        };
        let rest = rest.map(|r| format!(" {r}")).unwrap_or_default();
        let offered: Vec<TaskRef> = candidates.into_iter().take(MAX_TASK_CHOICES).collect();
        // The titles beside the references: a choice between bare numbers is a guess.
        let lines: Vec<String> = offered
            .iter()
            .filter_map(|r| self.plan.task(*r))
            .map(|t| {
                self.t(
                    "task-line",
                    &[arg("ref", t.reference.to_string()), arg("title", crate::text::shorten(&t.title, 80))],
                )
            })
            .collect();
        Reply {
            text: format!("{}\n{text}\n{}", self.t("not-recorded", &[]), lines.join("\n")),
            choices: offered
                .into_iter()
                .map(|r| Choice { label: r.to_string(), message: format!("/capnhat {r}{rest}") })
                .collect(),
            ..Reply::default()
        }
    }

    /// Only a coordinator chat enters reports for other agencies.
    pub fn on_behalf_coordinator_only(&self) -> Reply {
        Reply::text(self.t("on-behalf-coordinator-only", &[arg("coordinator", self.coordinator_name())]))
    }

    pub fn on_behalf_which(&self) -> Reply {
        Reply::text(self.t("on-behalf-which", &[]))
    }

    /// A report from an agency that ended before the day it reports on: who reports for the task now, and
    /// how its state before it ended can still be brought in (from its chat, or `entered_for` it by the
    /// coordinator's).
    pub fn ended_cannot_report(&self, agency: &str, reference: TaskRef, entered_for: bool) -> Reply {
        let catalog = self.plan.catalog();
        let index = self.plan.task_index(reference);
        let mut now: Vec<&str> = index.map(|i| self.plan.successors_in_task(i, agency)).unwrap_or_default();
        if now.is_empty() {
            now = catalog.successors_on(agency, self.day);
        }
        let since =
            catalog.agency(agency).and_then(|a| a.until).map(|u| date(u + TimeDelta::days(1))).unwrap_or_default();
        let names: Vec<&str> = now.iter().map(|c| self.agency_name(c)).collect();
        Reply::text(self.t(
            if entered_for { "ended-cannot-report-entered" } else { "ended-cannot-report" },
            &[
                arg("agency", self.agency_name(agency)),
                arg("since", since),
                arg("ref", reference.to_string()),
                arg("successors", names.join(", ")),
                arg("coordinator", self.coordinator_name()),
            ],
        ))
    }

    /// A report on a task the agency has no part in: refused, naming who leads it.
    pub fn not_assigned(&self, agency: &str, index: usize) -> Reply {
        let task = self.plan.task_at(index);
        let catalog = self.plan.catalog();
        let leads = task.lead.iter().map(|a| catalog.display_name(a)).collect::<Vec<_>>().join("; ");
        Reply::text(self.t(
            "not-assigned",
            &[arg("agency", self.agency_name(agency)), arg("ref", task.reference.to_string()), arg("leads", leads)],
        ))
    }

    /// Each assigned agency's latest report in the task's current period.
    pub fn progress_lines(&self, index: usize, today: NaiveDate, progress: &Progress) -> Vec<String> {
        let state = progress.task_state(self.plan, index, today);
        let task = self.plan.task_at(index);
        let period = &state.period;
        let mut lines = vec![self.t(
            "progress-header",
            &[
                arg("period", self.period_label(&period.key)),
                arg("due", date(period.end)),
                arg("category", self.category_label(state.category)),
            ],
        )];
        let agencies = self.plan.task_agencies(index);
        for role in [Role::Lead, Role::Support] {
            let mut role_lines = Vec::new();
            // Agencies named directly: each one's state, reported or not.
            for (code, assignment) in agencies.iter().filter(|(_, a)| a.role == role && a.via_group.is_none()) {
                let line = match progress.latest_for(task.reference, code, assignment, &period.key) {
                    Some(r) => self.report_line(code, r),
                    None if role == Role::Lead => {
                        self.t("progress-not-reported", &[arg("agency", self.agency_name(code))])
                    }
                    None => continue,
                };
                role_lines.push(line);
            }
            // Groups: a tally, then the members that reported.
            let groups: Vec<&Assignee> =
                if role == Role::Lead { task.lead.iter().collect() } else { task.support.iter().collect() };
            for group in groups.into_iter().filter(|a| matches!(a, Assignee::Group(_))) {
                let Assignee::Group(code) = group else { continue };
                let members: Vec<&(String, crate::plan::Assignment)> = agencies
                    .iter()
                    .filter(|(_, a)| a.role == role && a.via_group.as_deref() == Some(code.as_str()))
                    .collect();
                let mut tally = Tally::default();
                let mut reported = Vec::new();
                for (member, assignment) in members {
                    let latest = progress.latest_for(task.reference, member, assignment, &period.key);
                    match latest {
                        Some(r) => {
                            reported.push(self.report_line(member, r));
                            tally.add_report(Some(r));
                        }
                        None => tally.add(None),
                    }
                }
                if role == Role::Support && reported.is_empty() {
                    continue;
                }
                role_lines.push(self.group_tally(self.plan.catalog().display_name(group), &tally));
                role_lines.extend(reported.into_iter().map(|l| format!("  {l}")));
            }
            if !role_lines.is_empty() {
                lines.push(self.t(if role == Role::Lead { "progress-leads" } else { "progress-support" }, &[]));
                lines.extend(role_lines);
            }
        }
        lines
    }

    /// `agency`'s state as its latest report (or its predecessor's, named so) says.
    fn report_line(&self, agency: &str, r: &Report) -> String {
        let mut state = self.report_state(r);
        if let Some(day) = r.expected.filter(|_| r.status != Status::Done) {
            let key = if day < self.day { "expected-passed" } else { "expected-by" };
            state.push_str(&self.t(key, &[arg("day", date(day))]));
        }
        let mut name = self.agency_name(agency).to_string();
        if r.agency != agency {
            name.push_str(
                &self.t("reported-by-predecessor", &[arg("agency", self.agency_name_on(&r.agency, r.as_of()))]),
            );
        }
        match &r.note {
            Some(note) => self.t(
                "progress-line-note",
                &[arg("agency", name), arg("state", state), arg("when", date(r.as_of())), arg("note", note.as_str())],
            ),
            None => self.t("progress-line", &[arg("agency", name), arg("state", state), arg("when", date(r.as_of()))]),
        }
    }

    /// "UBND các huyện, thị xã, thành phố: 8/13 hoàn thành, 2 đang thực hiện, 3 chưa báo cáo".
    pub(super) fn group_tally(&self, name: &str, tally: &Tally) -> String {
        self.t("progress-group", &[arg("group", name), arg("tally", self.tally_text(tally))])
    }

    /// "8/13 đã hoàn thành, 2 đang thực hiện, 3 chưa báo cáo".
    pub(super) fn tally_text(&self, tally: &Tally) -> String {
        let mut parts = vec![self.t("tally-done", &[arg("done", tally.done), arg("total", tally.total())])];
        for (key, n) in [
            ("tally-awaiting", tally.awaiting),
            ("tally-in-progress", tally.in_progress),
            ("tally-blocked", tally.blocked),
            ("tally-not-started", tally.not_started),
            ("tally-not-reported", tally.not_reported),
        ] {
            if n > 0 {
                parts.push(self.t(key, &[arg("count", n)]));
            }
        }
        parts.join(", ")
    }

    /// Lead reports not done whose expected day has passed, in plan order: (task index, agency, day).
    pub(super) fn expected_passed(&self, progress: &Progress, agency: Option<&str>) -> Vec<(usize, String, NaiveDate)> {
        let mut out = Vec::new();
        for (i, task) in self.plan.plan().tasks.iter().enumerate() {
            let period = self.plan.plan().period_at(task, self.day);
            for (code, assignment) in self.plan.task_agencies(i) {
                if assignment.role != Role::Lead || agency.is_some_and(|a| a != code) {
                    continue;
                }
                if let Some(r) = progress.latest_for(task.reference, code, assignment, &period.key)
                    && r.status != Status::Done
                    && let Some(day) = r.expected.filter(|d| *d < self.day)
                {
                    out.push((i, code.clone(), day));
                }
            }
        }
        out
    }

    /// Tasks whose current period has passed without their leads done, the latest first. Tasks of a
    /// period that ended with no report at all are counted apart: for a coordinator starting mid-plan they
    /// are work to bring in, not work reported late.
    pub fn overdue(&self, progress: &Progress, today: NaiveDate, agency: Option<&str>) -> Reply {
        let (mut late, never): (Vec<_>, Vec<_>) = (0..self.plan.plan().tasks.len())
            .filter(|&i| agency.is_none_or(|a| self.plan.role_in(a, i).is_some_and(|x| x.role == Role::Lead)))
            .map(|i| progress.task_state(self.plan, i, today))
            .filter(|s| s.category == Category::OpenOverdue)
            .partition(|s| s.reported);
        late.sort_by_key(|s| (std::cmp::Reverse(s.days_late), s.task));
        let scope = self.scope(agency);
        let earlier = self.earlier_unreported(progress, today, agency);
        let mut lines = vec![if late.is_empty() && never.is_empty() {
            self.t("overdue-none", &[arg("scope", scope), arg("today", date(today))])
        } else {
            self.t(
                "overdue-header",
                &[arg("count", late.len() + never.len()), arg("scope", scope), arg("today", date(today))],
            )
        }];
        for s in &late {
            let task = self.plan.task_at(s.task);
            lines.push(self.t(
                "overdue-line",
                &[
                    arg("ref", task.reference.to_string()),
                    arg("title", crate::text::shorten(&task.title, 80)),
                    arg("days", s.days_late.unwrap_or(0)),
                    arg("due", date(s.period.end)),
                    arg("done", s.leads.done),
                    arg("total", s.leads.total()),
                ],
            ));
        }
        if !never.is_empty() || !earlier.is_empty() {
            lines.push(String::new());
        }
        if !never.is_empty() {
            lines.push(self.never_reported_line(&never));
        }
        if !earlier.is_empty() {
            lines.push(self.earlier_unreported_line(&earlier, true));
        }
        if !never.is_empty() || !earlier.is_empty() {
            lines.push(self.t("never-reported-how", &[]));
        }
        if !late.is_empty() {
            lines.push(self.t("overdue-footer", &[]));
        }
        Reply::text(lines.join("\n"))
    }

    /// Open tasks whose current period ends within [`DUE_AHEAD_DAYS`], soonest first. When none does, the
    /// nearest deadline after that and its tasks: "nothing in 30 days" alone would leave the person to guess
    /// whether the next one is in 31 days or in a year.
    pub fn due_soon(&self, progress: &Progress, today: NaiveDate, agency: Option<&str>) -> Reply {
        let mut open: Vec<_> = (0..self.plan.plan().tasks.len())
            .filter(|&i| agency.is_none_or(|a| self.plan.role_in(a, i).is_some_and(|x| x.role == Role::Lead)))
            .map(|i| progress.task_state(self.plan, i, today))
            .filter(|s| s.category == Category::OpenOnTime)
            .collect();
        open.sort_by_key(|s| (s.period.end, s.task));
        let scope = self.scope(agency);
        let left = |s: &crate::progress::state::TaskState| (s.period.end - today).num_days();
        let Some(nearest) = open.first() else {
            return Reply::text(self.t("due-soon-nothing-open", &[arg("scope", scope), arg("today", date(today))]));
        };
        let ahead = open.iter().take_while(|s| left(s) <= DUE_AHEAD_DAYS).count();
        let mut lines = Vec::new();
        let listed = if ahead > 0 {
            lines.push(self.t(
                "due-soon-header",
                &[arg("count", ahead), arg("scope", scope), arg("days", DUE_AHEAD_DAYS), arg("today", date(today))],
            ));
            &open[..ahead]
        } else {
            let next = open.iter().take_while(|s| s.period.end == nearest.period.end).count();
            lines.push(
                self.t("due-soon-none", &[arg("scope", scope), arg("days", DUE_AHEAD_DAYS), arg("today", date(today))]),
            );
            lines.push(self.t(
                "due-soon-next",
                &[arg("due", date(nearest.period.end)), arg("left", left(nearest)), arg("count", next)],
            ));
            &open[..next]
        };
        for s in listed {
            let task = self.plan.task_at(s.task);
            lines.push(self.t(
                "due-soon-line",
                &[
                    arg("ref", task.reference.to_string()),
                    arg("title", crate::text::shorten(&task.title, 80)),
                    arg("due", date(s.period.end)),
                    arg("left", left(s)),
                    arg("done", s.leads.done),
                    arg("total", s.leads.total()),
                ],
            ));
        }
        lines.push(self.t("overdue-footer", &[]));
        Reply::text(lines.join("\n"))
    }

    /// The obstacles reported now: each agency whose latest report in its task's current period says it
    /// is blocked, with its reason and the day it said so, in plan order.
    pub fn blocked(&self, progress: &Progress, today: NaiveDate, agency: Option<&str>) -> Reply {
        let found: Vec<_> = self
            .current_where(progress, today, |r| r.status == Status::Blocked)
            .into_iter()
            .filter(|(_, code, _)| agency.is_none_or(|a| a == code))
            .collect();
        let scope = self.scope(agency);
        if found.is_empty() {
            return Reply::text(self.t("blocked-none", &[arg("scope", scope), arg("today", date(today))]));
        }
        let mut lines = vec![
            self.t("blocked-header", &[arg("count", found.len()), arg("scope", scope), arg("today", date(today))]),
        ];
        for (reference, code, report) in &found {
            let mut args = vec![
                arg("ref", reference.to_string()),
                arg("agency", self.agency_name(code)),
                // Since the day the state held, when the report said ("vướng từ 15/11").
                arg("since", date(report.as_of())),
            ];
            let key = match &report.note {
                Some(note) => {
                    args.push(arg("note", note.clone()));
                    "blocked-line"
                }
                None => "blocked-line-bare",
            };
            lines.push(self.t(key, &args));
        }
        lines.push(self.t("overdue-footer", &[]));
        Reply::text(lines.join("\n"))
    }

    /// " của Sở Y tế" after "nhiệm vụ" in a list's heading, or nothing for the whole plan.
    fn scope(&self, agency: Option<&str>) -> String {
        agency.map(|a| self.t("scope-agency", &[arg("agency", self.agency_name(a))])).unwrap_or_default()
    }

    /// "3 nhiệm vụ đã hết hạn mà chưa có báo cáo nào: III.2 (năm 2022), …".
    pub(super) fn never_reported_line(&self, states: &[crate::progress::state::TaskState]) -> String {
        let refs: Vec<String> = states
            .iter()
            .map(|s| {
                self.t(
                    "never-reported-ref",
                    &[
                        arg("ref", self.plan.task_at(s.task).reference.to_string()),
                        arg("period", self.period_label(&s.period.key)),
                    ],
                )
            })
            .collect();
        self.t("never-reported", &[arg("count", states.len()), arg("refs", refs.join(", "))])
    }

    /// The tasks (led by `agency`, or all) with periods that ended before their current one and had no
    /// report at all: an annual task's earlier years, a phase that closed. They are not overdue now (the
    /// task has moved on), but a coordinator starting mid-plan has them to bring in.
    pub(super) fn earlier_unreported(
        &self,
        progress: &Progress,
        today: NaiveDate,
        agency: Option<&str>,
    ) -> Vec<(TaskRef, Vec<String>)> {
        let plan = self.plan.plan();
        plan.tasks
            .iter()
            .enumerate()
            .filter(|(i, _)| agency.is_none_or(|a| self.plan.role_in(a, *i).is_some_and(|x| x.role == Role::Lead)))
            .filter_map(|(_, task)| {
                let missing: Vec<String> = plan
                    .earlier_periods(task, today)
                    .into_iter()
                    .filter(|p| !progress.any_report(task.reference, &p.key))
                    .map(|p| p.key)
                    .collect();
                (!missing.is_empty()).then_some((task.reference, missing))
            })
            .collect()
    }

    /// "18 nhiệm vụ có kỳ trước chưa có báo cáo nào: I.1 (năm 2022, năm 2023), III.6 (giai đoạn 2021–2025)";
    /// in the digest, which comes every week, the tasks alone.
    pub(super) fn earlier_unreported_line(&self, tasks: &[(TaskRef, Vec<String>)], periods: bool) -> String {
        let refs: Vec<String> = tasks
            .iter()
            .map(|(reference, keys)| {
                if !periods {
                    return reference.to_string();
                }
                let labels: Vec<String> = keys.iter().map(|p| self.period_label(p)).collect();
                self.t("never-reported-ref", &[arg("ref", reference.to_string()), arg("period", labels.join(", "))])
            })
            .collect();
        let key = if periods { "earlier-unreported" } else { "earlier-unreported-brief" };
        self.t(key, &[arg("count", tasks.len()), arg("refs", refs.join(", "))])
    }

    /// Counts by the official categories, overall and by section.
    pub fn summary(
        &self,
        progress: &Progress,
        today: NaiveDate,
        agency: Option<&str>,
        reporters: usize,
        window: TimeDelta,
    ) -> Reply {
        let plan = self.plan.plan();
        let states: Vec<_> = (0..plan.tasks.len())
            .filter(|&i| agency.is_none_or(|a| self.plan.role_in(a, i).is_some_and(|x| x.role == Role::Lead)))
            .map(|i| progress.task_state(self.plan, i, today))
            .collect();
        let scope = self.scope(agency);
        let mut lines = vec![self.t(
            "summary-header",
            &[
                arg("plan", plan.meta.code.as_str()),
                arg("scope", scope),
                arg("today", date(today)),
                arg("count", states.len()),
            ],
        )];
        for category in Category::ALL {
            let n = states.iter().filter(|s| s.category == category).count();
            let label = crate::text::capitalize(&self.category_label(category));
            lines.push(self.t("summary-category", &[arg("category", label), arg("count", n)]));
        }
        lines.extend(self.section_lines(&states));
        lines.push(self.t("summary-reporters", &[arg("count", reporters), arg("days", window.num_days())]));
        Reply::text(lines.join("\n"))
    }

    /// "Theo mục:" and a line per section: tasks, done, overdue.
    pub(super) fn section_lines(&self, states: &[crate::progress::state::TaskState]) -> Vec<String> {
        let mut by_section: BTreeMap<u8, (usize, usize, usize)> = BTreeMap::new();
        for s in states {
            let entry = by_section.entry(self.plan.task_at(s.task).reference.section).or_default();
            entry.0 += 1;
            entry.1 += usize::from(matches!(s.category, Category::DoneOnTime | Category::DoneLate));
            entry.2 += usize::from(s.category == Category::OpenOverdue);
        }
        let mut lines = Vec::with_capacity(by_section.len() + 1);
        if !by_section.is_empty() {
            lines.push(self.t("summary-by-section", &[]));
        }
        for (section, (total, done, overdue)) in by_section {
            lines.push(self.t(
                "summary-section",
                &[
                    arg("section", crate::plan::task_ref::roman(section)),
                    arg("total", total),
                    arg("done", done),
                    arg("overdue", overdue),
                ],
            ));
        }
        lines
    }

    /// Agencies that lead a task not yet done and have not reported within the window.
    pub fn not_reported(
        &self,
        progress: &Progress,
        today: NaiveDate,
        recent: &[(String, DateTime<Utc>)],
        agency: Option<&str>,
        window: TimeDelta,
    ) -> Reply {
        let reported: HashSet<&str> = recent.iter().map(|(a, _)| a.as_str()).collect();
        let days = window.num_days();
        if let Some(code) = agency {
            return self.last_report_of(code, recent, days);
        }
        let silent = self.silent_leads(progress, today, &reported);
        if silent.is_empty() {
            return Reply::text(self.t("not-reported-none", &[arg("days", days)]));
        }
        let mut lines = vec![self.t("not-reported-header", &[arg("count", silent.len()), arg("days", days)])];
        let catalog = self.plan.catalog();
        for key in ["kind-departments", "kind-districts", "kind-communes", "kind-others"] {
            let names: Vec<&str> = silent
                .iter()
                .filter_map(|c| catalog.agency(c.as_str()))
                .filter(|a| kind_key(a.kind) == key)
                .map(|a| a.short_name())
                .collect();
            if !names.is_empty() {
                lines.push(self.t(
                    "not-reported-group",
                    &[arg("kind", self.t(key, &[])), arg("count", names.len()), arg("names", names.join(", "))],
                ));
            }
        }
        Reply::text(lines.join("\n"))
    }

    /// Whether one agency reported within the window, and when last.
    fn last_report_of(&self, code: &str, recent: &[(String, DateTime<Utc>)], days: i64) -> Reply {
        let name = arg("agency", self.agency_name(code));
        Reply::text(match recent.iter().find(|(a, _)| a == code) {
            Some((_, at)) => self.t("agency-reported", &[name, arg("when", time(*at))]),
            None => self.t("agency-not-reported", &[name, arg("days", days)]),
        })
    }

    /// "ai đã báo cáo": the agencies that reported within the window, the latest first.
    pub fn reported(&self, recent: &[(String, DateTime<Utc>)], agency: Option<&str>, window: TimeDelta) -> Reply {
        let days = window.num_days();
        if let Some(code) = agency {
            return self.last_report_of(code, recent, days);
        }
        if recent.is_empty() {
            return Reply::text(self.t("reported-none", &[arg("days", days)]));
        }
        let mut latest_first: Vec<&(String, DateTime<Utc>)> = recent.iter().collect();
        latest_first.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut lines = vec![self.t("reported-header", &[arg("count", recent.len()), arg("days", days)])];
        lines.extend(latest_first.iter().map(|(code, at)| {
            self.t("reported-line", &[arg("agency", self.agency_name(code)), arg("when", time(*at))])
        }));
        Reply::text(lines.join("\n"))
    }

    pub fn history_which(&self) -> Reply {
        Reply::text(self.t("history-which", &[]))
    }

    /// A task's reports, newest first; retracted ones marked.
    pub fn history(&self, reference: TaskRef, reports: &[Report], shown: usize) -> Reply {
        if reports.is_empty() {
            return Reply::text(self.t("history-none", &[arg("ref", reference.to_string())]));
        }
        let mut lines = vec![self.t("history-header", &[arg("ref", reference.to_string())])];
        let index = self.plan.task_index(reference);
        for r in reports.iter().take(shown) {
            let mut line = self.t(
                "history-line",
                &[
                    arg("when", time(r.at)),
                    arg("agency", self.reporter_name(&r.agency, index, r.as_of())),
                    arg("state", self.report_state(r)),
                    arg("author", r.user_name.as_str()),
                ],
            );
            if let Some(day) = r.stated_on {
                line.push_str(&self.t("history-as-of", &[arg("day", date(day))]));
            }
            if let Some(proxy) = &r.proxy {
                line.push_str(&self.t("history-entered-by", &[arg("agency", self.agency_name_on(proxy, r.as_of()))]));
            }
            if let Some(by) = r.confirmed_by.as_ref().filter(|by| by.user_id != r.user_id) {
                line.push_str(&self.t("history-confirmed-by", &[arg("name", by.user_name.as_str())]));
            }
            if let Some(note) = &r.note {
                line.push_str(&self.t("history-note", &[arg("note", note.as_str())]));
            }
            if r.retracted_at.is_some() {
                line.push_str(&self.t("history-retracted", &[]));
            }
            lines.push(line);
        }
        if reports.len() > shown {
            lines.push(self.t("history-more", &[]));
        }
        Reply::text(lines.join("\n"))
    }
}
