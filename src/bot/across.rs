//! One chat, several plans: a question is answered for each plan that concerns the chat, under the plan's
//! heading; a reference goes to the one plan it can mean, or is asked about — a report never lands in a
//! plan the person did not mean.

use chrono::TimeDelta;

use super::answers::arg;
use super::{Bot, Choice, Reply, Speaker};
use crate::nlu::command::Command;
use crate::nlu::{Intent, RefSlot, Understanding};
use crate::plan::TaskRef;
use crate::store::StoreError;

/// How long a chat's plan holds for references that fit several plans ("III.2" in a series of reports).
const REMEMBERED: TimeDelta = TimeDelta::minutes(30);

impl Bot {
    /// The answer in a chat whose catalog has several plans (`among`, their positions).
    pub(super) async fn act_across(&self, who: &Speaker<'_>, among: &[usize]) -> Result<Vec<Reply>, StoreError> {
        let today = who.today();
        // A plan named in the message scopes it.
        if let Some((i, rest)) = self.plans.named_in(&who.msg.text, among) {
            let bot = self.in_plan(i);
            let u = bot.nlu_on(today).understand(&rest);
            if u.intent == Intent::Update {
                self.store.remember_chat_plan(&who.msg.chat, bot.timeline().id(), who.msg.at).await?;
            }
            return bot.act(who, &u).await;
        }
        let first = self.in_plan(among[0]);
        let u = first.nlu_on(today).understand(&who.msg.text);
        let summary_command = u.intent == Intent::Summary && u.command == Some(Command::Summary);
        match u.intent {
            Intent::MyTasks
            | Intent::AgencyTasks
            | Intent::Overdue
            | Intent::DueSoon
            | Intent::Blocked
            | Intent::NotReported
            | Intent::Reported
            | Intent::Search => self.grouped(who, among, &u).await,
            Intent::Summary if !(who.coordinator && summary_command) => self.grouped(who, among, &u).await,
            // The coordinator's own outputs: one per plan it coordinates.
            Intent::Summary | Intent::Export | Intent::PeriodicReport if who.coordinator => {
                let mut replies = Vec::new();
                for i in self.plans.coordinated_by(among, &who.agency, who.plan.as_deref(), today) {
                    let bot = self.in_plan(i);
                    for mut reply in bot.act(who, &u).await? {
                        reply.text = format!("{}\n{}", bot.plan_heading(today), reply.text);
                        replies.push(reply);
                    }
                }
                Ok(replies)
            }
            // An agency's own report, one per plan that gives it tasks.
            Intent::PeriodicReport => {
                let mut replies = Vec::new();
                for &i in among {
                    let bot = self.in_plan(i);
                    if !bot.plan_on(today).assignments(&who.agency).is_empty() {
                        for mut reply in bot.act(who, &u).await? {
                            reply.text = format!("{}\n{}", bot.plan_heading(today), reply.text);
                            replies.push(reply);
                        }
                    }
                }
                if replies.is_empty() { first.act(who, &u).await } else { Ok(replies) }
            }
            Intent::TaskDetail | Intent::History | Intent::Update => self.by_reference(who, among, &u).await,
            Intent::Review if who.coordinator => {
                let mine = self.plans.coordinated_by(among, &who.agency, who.plan.as_deref(), today);
                Ok(vec![self.review(who, &u, &mine).await?])
            }
            _ => first.act(who, &u).await,
        }
    }

    /// "📋 Kế hoạch 16/KH-UBND — Giảm nghèo bền vững đến năm 2030".
    pub fn plan_heading(&self, day: chrono::NaiveDate) -> String {
        self.answers(day).t("plan-heading", &[arg("plan", self.plan_title(day))])
    }

    /// "Kế hoạch 16/KH-UBND — Giảm nghèo bền vững đến năm 2030".
    pub fn plan_title(&self, day: chrono::NaiveDate) -> String {
        let meta = &self.plan_on(day).plan().meta;
        let title = meta.short_title.as_deref().unwrap_or(&meta.title);
        self.answers(day).t("plan-title", &[arg("code", meta.code.as_str()), arg("title", title)])
    }

    /// A question asked of every plan that concerns it, each answer under its plan's heading.
    async fn grouped(&self, who: &Speaker<'_>, among: &[usize], u: &Understanding) -> Result<Vec<Reply>, StoreError> {
        let today = who.today();
        let mut parts = Vec::new();
        for &i in among {
            let bot = self.in_plan(i);
            let mine = bot.nlu_on(today).understand(&who.msg.text);
            let plan = bot.plan_on(today);
            let concerns = match mine.intent {
                Intent::MyTasks => !plan.assignments(&who.agency).is_empty(),
                Intent::AgencyTasks => !plan.assignments(mine.agency.as_deref().unwrap_or(&who.agency)).is_empty(),
                Intent::Search => mine.query.as_deref().is_some_and(|q| !bot.nlu_on(today).search(q, 1).is_empty()),
                _ => true,
            };
            if !concerns {
                continue;
            }
            let text = bot.act(who, &mine).await?.into_iter().map(|r| r.text).collect::<Vec<_>>().join("\n");
            parts.push(format!("{}\n{text}", bot.plan_heading(today)));
        }
        if parts.is_empty() {
            // No plan concerns it: the first plan's answer says so ("no tasks", "nothing found").
            return self.in_plan(among[0]).act(who, u).await;
        }
        Ok(vec![Reply::text(parts.join("\n\n"))])
    }

    /// A message about tasks by reference, in the plan it can only mean; otherwise the chat's plan of the
    /// last minutes; otherwise the person is asked, with the message kept in each choice.
    async fn by_reference(
        &self,
        who: &Speaker<'_>,
        among: &[usize],
        u: &Understanding,
    ) -> Result<Vec<Reply>, StoreError> {
        let today = who.today();
        let refs = references(u);
        let first = self.in_plan(among[0]);
        if refs.is_empty() {
            return first.act(who, u).await;
        }
        let has_all = |i: usize| refs.iter().all(|r| self.plans.get(i).at(today).task(*r).is_some());
        let candidates: Vec<usize> = among.iter().copied().filter(|&i| has_all(i)).collect();
        let concerned: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                let plan = self.plans.get(i).at(today);
                refs.iter().all(|r| plan.task_index(*r).is_some_and(|k| plan.role_in(&who.agency, k).is_some()))
            })
            .collect();
        // A coordinator chat bound for one plan means that plan where it has the task.
        let own = who.plan.as_deref().and_then(|id| self.plans.position(id)).filter(|i| candidates.contains(i));
        let chosen = match (candidates.as_slice(), concerned.as_slice()) {
            _ if own.is_some() => own,
            ([], _) => Some(among[0]),
            ([one], _) | (_, [one]) => Some(*one),
            _ => {
                let remembered = self.store.chat_plan(&who.msg.chat, who.msg.at - REMEMBERED).await?;
                remembered.and_then(|id| self.plans.position(&id)).filter(|i| candidates.contains(i))
            }
        };
        let Some(i) = chosen else {
            let asked = if concerned.is_empty() { candidates } else { concerned };
            return Ok(vec![self.which_plan(who, &refs, &asked, u.intent == Intent::Update)]);
        };
        let bot = self.in_plan(i);
        let mine = bot.nlu_on(today).understand(&who.msg.text);
        if mine.intent == Intent::Update {
            self.store.remember_chat_plan(&who.msg.chat, bot.timeline().id(), who.msg.at).await?;
        }
        bot.act(who, &mine).await
    }

    /// "III.2 có trong 2 kế hoạch. Bạn muốn nói kế hoạch nào?", each plan a choice that sends the message
    /// again with the plan's code in front.
    fn which_plan(&self, who: &Speaker<'_>, refs: &[TaskRef], asked: &[usize], report: bool) -> Reply {
        let today = who.today();
        let say = self.answers(today);
        let listed = refs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let mut text = say.t("plan-which", &[arg("refs", listed), arg("count", asked.len())]);
        if report {
            text = format!("{}\n{text}", say.t("not-recorded", &[]));
        }
        let choices = asked
            .iter()
            .map(|&i| {
                let meta = &self.plans.get(i).at(today).plan().meta;
                let title = meta.short_title.as_deref().unwrap_or(&meta.title);
                Choice {
                    label: format!("{} — {}", meta.code, crate::text::shorten(title, 40)),
                    message: format!("{}: {}", meta.code, who.msg.text),
                }
            })
            .collect();
        Reply { text, choices, ..Reply::default() }
    }
}

/// The exact references a message names, in order, once each.
fn references(u: &Understanding) -> Vec<TaskRef> {
    let mut refs = Vec::new();
    let slots = u.reports.iter().map(|r| r.task).chain(std::iter::once(u.task));
    for slot in slots {
        if let Some(RefSlot::Exact(r)) = slot
            && !refs.contains(&r)
        {
            refs.push(r);
        }
    }
    refs
}
