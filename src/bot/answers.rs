//! The answers themselves: what a focal point reads, built from the plan and the Fluent messages.

use chrono::{NaiveDate, TimeDelta};

use crate::i18n::{Arg, Lang, Messages};
use crate::nlu::{Nlu, RefSlot, SmallTalk};
use crate::plan::{Assignee, PlanIndex, Role, Task, TaskRef};
use crate::progress::state::Progress;
use crate::text::shorten;

use super::reply::{Choice, Reply};

/// Titles in lists are cut to fit a phone screen line or two.
const SHORT_TITLE_CHARS: usize = 90;
/// A search answers with the few best matches, not the whole plan.
const SEARCH_RESULTS: usize = 5;

pub(super) struct Answers<'a> {
    /// The plan as in force on `day`.
    pub plan: &'a PlanIndex,
    pub messages: &'a Messages,
    pub lang: Lang,
    /// The day being answered for (Vietnam time).
    pub day: NaiveDate,
}

pub(super) use crate::i18n::{arg, date};

impl Answers<'_> {
    pub(super) fn t(&self, key: &str, args: &[Arg]) -> String {
        self.messages.tr(self.lang, key, args)
    }

    fn plan_code(&self) -> &str {
        &self.plan.plan().meta.code
    }

    /// The guide, then the slash commands of this chat (a coordinator chat's own included).
    pub fn help(&self, coordinator: bool) -> Reply {
        self.help_for(coordinator, self.plan_code())
    }

    /// The guide for a chat that works on `plans` ("16/KH-UBND và 125/KH-UBND").
    pub fn help_for(&self, coordinator: bool, plans: &str) -> Reply {
        let mut text = self.t("help", &[arg("plan", plans)]);
        text.push_str("\n\n");
        text.push_str(&self.t("help-commands", &[]));
        for spec in crate::nlu::command::menu(coordinator) {
            text.push_str(&format!("\n/{} — {}", spec.name(), self.t(spec.about, &[])));
        }
        Reply::text(text)
    }

    pub fn start(&self, name: &str, coordinator: bool, plans: &str) -> Reply {
        let name = name.trim();
        let greeting = if name.is_empty() {
            self.t("start-greeting-anonymous", &[])
        } else {
            self.t("start-greeting", &[arg("name", name)])
        };
        Reply::text(format!("{greeting}\n{}", self.help_for(coordinator, plans).text))
    }

    pub fn unknown(&self, small_talk: Option<SmallTalk>) -> Reply {
        let key = match small_talk {
            Some(SmallTalk::Thanks) => "small-talk-thanks",
            Some(SmallTalk::Greeting) => "small-talk-greeting",
            None => "unknown",
        };
        Reply::text(self.t(key, &[]))
    }

    /// The tasks about a topic, best first, each with its lead.
    pub fn search(&self, nlu: &Nlu, query: Option<&str>) -> Reply {
        let Some(query) = query.map(str::trim).filter(|q| !q.is_empty()) else {
            return Reply::text(self.t("search-what", &[]));
        };
        let hits = nlu.search(query, SEARCH_RESULTS);
        if hits.is_empty() {
            return Reply::text(self.t("search-none", &[arg("query", query)]));
        }
        let catalog = self.plan.catalog();
        let mut lines = vec![self.t("search-header", &[arg("query", query), arg("count", hits.len())])];
        for hit in hits {
            let task = self.plan.task_at(hit.task);
            let lead = task.lead.iter().map(|a| catalog.display_name(a)).collect::<Vec<_>>().join("; ");
            lines.push(self.t(
                "search-line",
                &[
                    arg("ref", task.reference.to_string()),
                    arg("title", shorten(&task.title, SHORT_TITLE_CHARS)),
                    arg("lead", lead),
                ],
            ));
        }
        Reply::text(lines.join("\n"))
    }

    /// The coordinating agency's short name.
    pub fn coordinator_name(&self) -> &str {
        let code = &self.plan.plan().meta.coordinator;
        self.plan.catalog().agency(code).map_or(code.as_str(), |a| a.short_name())
    }

    pub fn unbound(&self) -> Reply {
        Reply::text(self.t("unbound", &[arg("coordinator", self.coordinator_name())]))
    }

    pub fn store_unavailable(&self) -> Reply {
        Reply::text(self.t("store-unavailable", &[]))
    }

    /// Every task an agency leads or cooperates on, leads first, in plan order; for an agency that has
    /// ended, who carries on its tasks (and, to its own chat, how to go on).
    pub fn agency_tasks(&self, agency: &str, own_chat: bool) -> Vec<Reply> {
        let catalog = self.plan.catalog();
        if catalog.agency(agency).is_some_and(|a| a.ended_before(self.day)) {
            return vec![self.ended_agency_tasks(agency, own_chat)];
        }
        let name = catalog.agency(agency).map(|a| a.short_name()).unwrap_or(agency);
        let assignments = self.plan.assignments(agency);
        if assignments.is_empty() {
            return vec![Reply::text(self.t("my-tasks-none", &[arg("agency", name), arg("plan", self.plan_code())]))];
        }
        let mut lines = vec![self.t("my-tasks-header", &[arg("agency", name), arg("plan", self.plan_code())])];
        for (role, key) in [(Role::Lead, "my-tasks-lead"), (Role::Support, "my-tasks-support")] {
            let mine: Vec<_> = assignments.iter().filter(|a| a.role == role).collect();
            if mine.is_empty() {
                continue;
            }
            lines.push(String::new());
            lines.push(self.t(key, &[arg("count", mine.len())]));
            for a in mine {
                let task = self.plan.task_at(a.task);
                let key = if a.requested { "task-line-requested" } else { "task-line" };
                lines.push(self.t(
                    key,
                    &[arg("ref", task.reference.to_string()), arg("title", shorten(&task.title, SHORT_TITLE_CHARS))],
                ));
            }
        }
        // The example points at a task the agency itself leads where there is one.
        let example =
            assignments.iter().find(|a| a.role == Role::Lead && a.via_group.is_none()).unwrap_or(&assignments[0]);
        let example = self.plan.task_at(example.task).reference.to_string();
        lines.push(String::new());
        lines.push(self.t("my-tasks-footer", &[arg("example", example)]));
        vec![Reply::text(lines.join("\n"))]
    }

    /// An agency that ended: when, and which of its successors carries on which of its tasks; its own
    /// chat is told how to go on.
    pub fn ended_agency_tasks(&self, code: &str, own_chat: bool) -> Reply {
        let catalog = self.plan.catalog();
        let successors = catalog.successors_on(code, self.day);
        let mut lines = vec![self.succession_line(code, &successors)];
        let mut parts = Vec::new();
        for successor in &successors {
            let inherited: Vec<_> =
                self.plan.assignments(successor).iter().filter(|a| a.predecessors.iter().any(|p| p == code)).collect();
            if inherited.is_empty() {
                continue;
            }
            let refs = |role: Role| {
                inherited
                    .iter()
                    .filter(|a| a.role == role)
                    .map(|a| self.plan.task_at(a.task).reference.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (lead, support) = (refs(Role::Lead), refs(Role::Support));
            let key = match (lead.is_empty(), support.is_empty()) {
                (false, false) => "ended-successor-tasks",
                (false, true) => "ended-successor-lead",
                _ => "ended-successor-support",
            };
            parts.push(
                self.t(key, &[arg("agency", self.agency_name(successor)), arg("lead", lead), arg("support", support)]),
            );
        }
        if parts.is_empty() {
            lines.push(self.t("ended-no-tasks", &[arg("plan", self.plan_code())]));
        } else {
            lines.push(self.t("ended-tasks-intro", &[arg("plan", self.plan_code())]));
            lines.extend(parts);
        }
        if own_chat {
            lines.push(String::new());
            lines.push(self.t("ended-footer", &[arg("coordinator", self.coordinator_name())]));
        }
        Reply::text(lines.join("\n"))
    }

    /// "Sở LĐ-TB&XH không còn từ ngày 01/03/2025; công việc của cơ quan này nay do …".
    fn succession_line(&self, code: &str, successors: &[&str]) -> String {
        let agency = self.plan.catalog().agency(code);
        let name = agency.map_or(code, |a| a.short_name());
        let since = agency.and_then(|a| a.until).map(|u| date(u + TimeDelta::days(1))).unwrap_or_default();
        let names: Vec<&str> = successors.iter().map(|c| self.agency_name(c)).collect();
        self.t("ended-header", &[arg("agency", name), arg("since", since), arg("successors", names.join(", "))])
    }

    /// Said once to a chat of an agency that ended with several successors.
    pub fn succeeded(&self, code: &str, successors: &[String]) -> Reply {
        let successors: Vec<&str> = successors.iter().map(String::as_str).collect();
        let line = self.succession_line(code, &successors);
        Reply::text(format!("{line}\n{}", self.t("ended-footer", &[arg("coordinator", self.coordinator_name())])))
    }

    /// Said to a chat re-bound from an agency that ended to its one successor.
    pub fn rebound(&self, from: &str, to: &str) -> Reply {
        let agency = self.plan.catalog().agency(from);
        let since = agency.and_then(|a| a.until).map(|u| date(u + TimeDelta::days(1))).unwrap_or_default();
        Reply::text(self.t(
            "rebound",
            &[
                arg("from", agency.map_or(from, |a| a.short_name())),
                arg("to", self.plan.catalog().agency(to).map_or(to, |a| a.short_name())),
                arg("since", since),
            ],
        ))
    }

    /// An agency's name as it was when it reported, with its successor in the task where it has ended:
    /// "Sở LĐ-TB&XH (nay là Sở Nông nghiệp và Môi trường)".
    pub(super) fn reporter_name(&self, code: &str, task: Option<usize>, on: NaiveDate) -> String {
        let catalog = self.plan.catalog();
        let Some(agency) = catalog.agency(code) else { return code.to_string() };
        if !agency.ended_before(self.day) {
            return agency.short_name_on(on).to_string();
        }
        let mut now: Vec<&str> = task.map(|i| self.plan.successors_in_task(i, code)).unwrap_or_default();
        if now.is_empty() {
            now = catalog.successors_on(code, self.day);
        }
        if now.is_empty() {
            return agency.short_name().to_string();
        }
        // One successor is named in full; several by their short names, to keep the line short.
        let full = now.len() == 1;
        let names: Vec<&str> = now
            .iter()
            .map(|c| catalog.agency(c).map_or(*c, |a| if full { a.name.as_str() } else { a.short_name() }))
            .collect();
        self.t("agency-now", &[arg("agency", agency.short_name_on(on)), arg("now", names.join(", "))])
    }

    /// One task in full, or what to do when the reference does not point at one.
    pub fn task_detail(&self, slot: RefSlot, asking: Option<&str>, progress: &Progress) -> Reply {
        let reference = match slot {
            RefSlot::Exact(r) => r,
            RefSlot::NumberOnly(n) => return self.ask_section(n),
        };
        match self.plan.task_index(reference) {
            Some(index) => self.describe(index, asking, self.day, progress),
            None => self.no_such_task(reference),
        }
    }

    /// "năm 2026", "giai đoạn 2026–2030".
    pub(super) fn period_label(&self, key: &str) -> String {
        match key.split_once('-') {
            Some((from, to)) => self.t("period-span", &[arg("from", from), arg("to", to)]),
            None => self.t("period-year", &[arg("year", key)]),
        }
    }

    fn ask_section(&self, number: u16) -> Reply {
        let refs = self.plan.refs_numbered(number);
        if refs.is_empty() {
            let sections = self.section_list();
            return Reply::text(self.t("task-number-missing", &[arg("number", number), arg("sections", sections)]));
        }
        let listed = refs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        Reply {
            text: self.t("task-ambiguous", &[arg("number", number), arg("refs", listed)]),
            choices: refs.iter().map(|r| Choice { label: r.to_string(), message: format!("/nhiemvu {r}") }).collect(),
            ..Reply::default()
        }
    }

    fn section_list(&self) -> String {
        self.plan.plan().sections.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    pub(super) fn no_such_task(&self, reference: TaskRef) -> Reply {
        let section = reference.section_id();
        let refs: Vec<String> =
            self.plan.tasks_in_section(reference.section).map(|t| t.reference.to_string()).collect();
        if refs.is_empty() {
            return Reply::text(self.t(
                "task-section-not-found",
                &[arg("ref", reference.to_string()), arg("section", section), arg("sections", self.section_list())],
            ));
        }
        Reply::text(self.t(
            "task-not-found",
            &[arg("ref", reference.to_string()), arg("section", section), arg("refs", refs.join(", "))],
        ))
    }

    fn describe(&self, index: usize, asking: Option<&str>, today: NaiveDate, progress: &Progress) -> Reply {
        let task = self.plan.task_at(index);
        let plan = self.plan.plan();
        let section_id = task.reference.section_id();
        let section_title = plan.section(&section_id).map(|s| s.title.as_str()).unwrap_or_default();
        let mut lines = vec![
            self.t(
                "task-header",
                &[
                    arg("ref", task.reference.to_string()),
                    arg("section", section_id.clone()),
                    arg("section_title", section_title),
                ],
            ),
            task.title.clone(),
            String::new(),
            self.t("task-lead", &[arg("agencies", self.assignee_names(index, task, &task.lead))]),
        ];
        // An agency named to support that leads the task anyway (a successor that carries on both parts)
        // is listed once, as a lead.
        let support: Vec<Assignee> = task
            .support
            .iter()
            .filter(|a| match a {
                Assignee::Agency(code) => self.plan.role_in(code, index).is_none_or(|r| r.role != Role::Lead),
                Assignee::Group(_) => true,
            })
            .cloned()
            .collect();
        lines.push(if support.is_empty() {
            self.t("task-support-none", &[])
        } else {
            self.t("task-support", &[arg("agencies", self.assignee_names(index, task, &support))])
        });
        lines.push(self.t("task-product", &[arg("product", task.product.as_str())]));
        lines.push(self.t("task-timeframe", &[arg("timeframe", task.timeframe_text.as_str())]));
        let due = plan.due(task);
        if today > due {
            lines.push(self.t("task-ended", &[arg("due", date(due))]));
        }
        lines.push(String::new());
        lines.extend(self.progress_lines(index, today, progress));
        if let Some(agency) = asking
            && let Some(a) =
                self.plan.assignments(agency).iter().find(|a| self.plan.task_at(a.task).reference == task.reference)
        {
            lines.push(String::new());
            lines
                .push(self.t(if a.role == Role::Lead { "task-your-role-lead" } else { "task-your-role-support" }, &[]));
        }
        Reply::text(lines.join("\n"))
    }

    /// "Sở LĐ-TB&XH; các sở, ban, ngành (22 cơ quan)" — groups named with their size.
    fn assignee_names(&self, index: usize, task: &Task, assignees: &[Assignee]) -> String {
        let catalog = self.plan.catalog();
        assignees
            .iter()
            .map(|a| match a {
                Assignee::Group(code) => self.t(
                    "group-with-count",
                    &[
                        arg("name", catalog.display_name(a)),
                        // Members named in their own right elsewhere in the task are counted there.
                        arg(
                            "count",
                            self.plan
                                .task_agencies(index)
                                .iter()
                                .filter(|(_, a)| a.via_group.as_deref() == Some(code.as_str()))
                                .count(),
                        ),
                    ],
                ),
                Assignee::Agency(code) => {
                    let name = catalog.agency(code).map_or(code.as_str(), |a| a.name.as_str());
                    if task.requested.contains(code) {
                        self.t("agency-requested", &[arg("name", name)])
                    } else {
                        name.to_string()
                    }
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}
