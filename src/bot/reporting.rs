//! Recording progress: a report from a bound chat, checked, restated, and undoable.

use super::answers::{arg, date};
use crate::nlu::{OnBehalf, RefSlot, ReportSlots, Understanding};
use crate::progress::{MAX_NOTE_CHARS, NewReport, Retraction, Status};
use crate::store::StoreError;

use super::{Bot, Reply, Speaker};

/// When a report needs its author's word before it is recorded.
enum Doubt {
    /// "hoàn thành" with a percentage under 100.
    DoneBelowFull,
    /// A lower percentage than the current one.
    Lower(u8),
    /// An expected date after the plan's last day: a typo as often as a real delay.
    ExpectedAfterPlan,
}

/// Who a message's reports are for, and who entered them.
struct Reporter<'a> {
    agency: &'a str,
    /// The coordinator's agency, where it enters reports for another agency.
    proxy: Option<String>,
}

impl Bot {
    pub(super) async fn update(&self, who: &Speaker<'_>, u: &Understanding) -> Result<Reply, StoreError> {
        let today = who.today();
        let say = self.answers(today);
        if let Some(done) = self.recorded_before(who).await? {
            return Ok(done);
        }
        // A sender named that the catalog does not know: said so, nothing recorded.
        if let Some(named) = &u.unreadable {
            return Ok(say.not_recorded(say.unknown_sender(named)));
        }
        // Who reports: the chat's agency, or the one the coordinator enters a report for.
        let reporter = match &u.on_behalf {
            None => Reporter { agency: who.agency.as_str(), proxy: None },
            Some(_) if !who.coordinator => return Ok(say.not_recorded(say.on_behalf_coordinator_only())),
            Some(OnBehalf::Unnamed) => return Ok(say.not_recorded(say.on_behalf_which())),
            Some(OnBehalf::Agency(code)) => Reporter { agency: code.as_str(), proxy: Some(who.agency.clone()) },
        };
        let slots = u.reports.clone();
        if let [only] = slots.as_slice() {
            // One report: a reference still to ask about is asked, with the report kept.
            match only.task {
                Some(RefSlot::NumberOnly(n)) => {
                    return Ok(say.which_task_to_update(reporter.agency, Some(n), u.rest.as_deref(), None));
                }
                None => {
                    let ranked = u.query.as_deref().map(|q| self.nlu_on(today).search(q, usize::MAX));
                    return Ok(say.which_task_to_update(reporter.agency, None, u.rest.as_deref(), ranked));
                }
                Some(RefSlot::Exact(_)) => {}
            }
        }
        // Reports of several agencies in one message are not guessed at, even from the coordinator's chat:
        // each agency's go in a message of their own.
        let mut senders: Vec<&str> = slots.iter().map(|s| s.sender.as_deref().unwrap_or(reporter.agency)).collect();
        senders.dedup();
        if slots.len() > 1 && senders.len() > 1 {
            return Ok(say.not_recorded(say.several_senders(&senders)));
        }
        let mut reports = Vec::with_capacity(slots.len());
        let mut problems = Vec::new();
        for (k, slot) in slots.iter().enumerate() {
            match self.report_from(who, &reporter, slot, k) {
                Ok(report) if reports.iter().any(|r: &NewReport| r.task == report.task) => {
                    problems.push((
                        slot.task,
                        Reply::text(say.t("reports-same-task", &[arg("ref", report.task.to_string())])),
                    ));
                }
                Ok(report) => reports.push(report),
                Err(reply) => problems.push((slot.task, *reply)),
            }
        }
        if slots.len() == 1 {
            if let Some((_, reply)) = problems.pop() {
                return Ok(reply);
            }
        } else if !problems.is_empty() {
            return Ok(say.reports_refused(&problems));
        }
        // What repeats the current state adds nothing.
        let last_day = self.timeline().bundle().plan.meta.last_day();
        let mut fresh = Vec::with_capacity(reports.len());
        let mut doubts = Vec::new();
        let mut unchanged = Vec::new();
        for report in reports {
            let current = self
                .store
                .current_report(&report.plan_id, &report.task.to_string(), &report.agency, &report.period)
                .await?;
            if let Some(current) = &current
                && current.status == report.status
                && current.percent == report.percent
                && (report.note.is_none() || report.note == current.note)
                && (report.stated_on.is_none() || report.stated_on == current.stated_on)
                && (report.expected.is_none() || report.expected == current.expected)
            {
                unchanged.push(current.clone());
                continue;
            }
            match (report.status, report.percent, current.as_ref().and_then(|c| c.percent)) {
                (Status::Done, Some(p), _) if p < 100 => doubts.push((fresh.len(), Doubt::DoneBelowFull)),
                (_, Some(p), Some(before)) if p < before => doubts.push((fresh.len(), Doubt::Lower(before))),
                _ => {}
            }
            if report.expected.is_some_and(|d| d > last_day) {
                doubts.push((fresh.len(), Doubt::ExpectedAfterPlan));
            }
            fresh.push(report);
        }
        if fresh.is_empty() {
            return Ok(match unchanged.as_slice() {
                [one] => say.unchanged(one),
                all => say.all_unchanged(all),
            });
        }
        // Sources follow the reports kept: the first is the update's own key.
        let source = who.msg.source.as_ref().map(|s| s.key.as_str());
        for (k, report) in fresh.iter_mut().enumerate() {
            report.source = source.map(|s| crate::store::source_of(s, k));
        }
        if !doubts.is_empty() {
            self.store.put_pending(&fresh).await?;
            return Ok(match (fresh.as_slice(), doubts.as_slice()) {
                ([report], [(_, Doubt::DoneBelowFull)]) => say.confirm_done_below_full(report),
                ([report], [(_, Doubt::Lower(before))]) => say.confirm_lower(report, *before),
                ([report], [(_, Doubt::ExpectedAfterPlan)]) => say.confirm_expected_after_plan(report, last_day),
                _ => {
                    let questions: Vec<String> = doubts
                        .iter()
                        .map(|(i, doubt)| match doubt {
                            Doubt::DoneBelowFull => say.doubt_done_below_full(&fresh[*i]),
                            Doubt::Lower(before) => say.doubt_lower(&fresh[*i], *before),
                            Doubt::ExpectedAfterPlan => say.doubt_expected_after_plan(&fresh[*i], last_day),
                        })
                        .collect();
                    say.confirm_several(&questions, &fresh)
                }
            });
        }
        let recorded = if let [one] = fresh.as_slice() {
            vec![self.store.add_report(one).await?]
        } else {
            self.store.add_report_batch(&fresh).await?
        };
        Ok(say.recorded_all(&recorded, &unchanged, self.settings.undo_window))
    }

    /// One report of a message, checked: what it would record, or the answer that says why it cannot.
    fn report_from(
        &self,
        who: &Speaker<'_>,
        reporter: &Reporter<'_>,
        slot: &ReportSlots,
        k: usize,
    ) -> Result<NewReport, Box<Reply>> {
        let today = who.today();
        let say = self.answers(today);
        let Some(RefSlot::Exact(reference)) = slot.task else {
            return Err(Box::new(say.not_recorded(Reply::text(say.t("update-which-task", &[])))));
        };
        // A sender named in the message: the chat's own agency, or (from the coordinator) one it reports for.
        let (agency, proxy) = match slot.sender.as_deref() {
            Some(sender) if sender != reporter.agency && who.coordinator && reporter.proxy.is_none() => {
                (sender, Some(who.agency.clone()))
            }
            Some(sender) if sender != reporter.agency => {
                return Err(Box::new(say.not_recorded(say.other_sender(sender, reporter.agency, reference))));
            }
            _ => (reporter.agency, reporter.proxy.clone()),
        };
        // The day the state held: a report may bring in what happened before anyone reported.
        let meta = &self.timeline().bundle().plan.meta;
        let issued = meta.issued;
        let stated_on = match slot.held.map(|h| h.resolve(today)) {
            None => None,
            Some(None) => return Err(Box::new(say.not_recorded(Reply::text(say.t("day-invalid", &[]))))),
            Some(Some(day)) if day > today => {
                return Err(Box::new(say.not_recorded(Reply::text(say.t("day-in-future", &[arg("day", date(day))])))));
            }
            Some(Some(day)) if day < issued => {
                let text = say.t("day-before-plan", &[arg("day", date(day)), arg("issued", date(issued))]);
                return Err(Box::new(say.not_recorded(Reply::text(text))));
            }
            Some(Some(day)) => Some(day),
        };
        let expected = match slot.expected.map(|e| e.resolve_ahead(today)) {
            None => None,
            Some(None) => return Err(Box::new(say.not_recorded(Reply::text(say.t("day-invalid", &[]))))),
            Some(Some(day)) => Some(day),
        };
        let day = stated_on.unwrap_or(today);
        // After the plan's life a report says how things stood by its end, and must say so.
        if day > meta.last_day() {
            let text = say.t(
                "day-after-plan",
                &[arg("day", date(day)), arg("last", date(meta.last_day())), arg("plan", meta.code.as_str())],
            );
            return Err(Box::new(say.not_recorded(Reply::text(text))));
        }
        let catalog = say.plan.catalog();
        let Some(found) = catalog.agency(agency) else {
            return Err(Box::new(say.not_recorded(say.unknown(None))));
        };
        // An agency that had ended by that day reports nothing for it: its successors do.
        if found.ended_before(day) {
            return Err(Box::new(say.not_recorded(say.ended_cannot_report(agency, reference, proxy.is_some()))));
        }
        // The assignments in force that day; an agency set up later answers for its predecessors' part.
        let plan = if found.started_by(day) { self.plan_on(day) } else { say.plan };
        let then = self.answers(day);
        let Some(index) = plan.task_index(reference) else {
            return Err(Box::new(say.not_recorded(then.no_such_task(reference))));
        };
        let Some(assignment) = plan.role_in(agency, index) else {
            return Err(Box::new(then.not_assigned(agency, index)));
        };
        let Some(status) = slot.status else {
            return Err(Box::new(say.what_to_update(reference)));
        };
        let percent = match slot.percent {
            None => None,
            Some(p) if (0..=100).contains(&p) => Some(p as u8),
            Some(p) => return Err(Box::new(say.impossible_percent(p))),
        };
        if let Some(note) = &slot.note
            && note.chars().count() > MAX_NOTE_CHARS
        {
            return Err(Box::new(say.note_too_long(MAX_NOTE_CHARS)));
        }
        let task = plan.task_at(index);
        let period = plan.plan().period_at(task, day);
        // A result an agency reports done waits for the plan's coordinator (of the day it speaks of); the
        // coordinator's own, and what it enters for others, need no review.
        let coordinator = &plan.plan().meta.coordinator;
        let reviewed = self.settings.review_done
            && plan.plan().meta.review_done
            && status == Status::Done
            && proxy.is_none()
            && agency != coordinator;
        Ok(NewReport {
            plan_id: self.timeline().id().to_string(),
            task: reference,
            agency: agency.to_string(),
            role: assignment.role,
            period: period.key,
            status,
            percent,
            note: slot.note.clone(),
            chat: who.msg.chat.clone(),
            user_id: who.msg.user_id.clone(),
            user_name: who.msg.user_name.clone(),
            message_id: who.msg.message_id.clone(),
            at: who.msg.at,
            // The file sent with a message belongs to its first report.
            evidence: if k == 0 { who.msg.file_id.clone() } else { None },
            source: None,
            stated_on,
            proxy,
            expected,
            confirmed_by: None,
            review: reviewed.then_some(crate::progress::Review::Pending),
            review_note: None,
        })
    }

    pub(super) async fn undo(&self, who: &Speaker<'_>, id: Option<i64>) -> Result<Reply, StoreError> {
        if let Some(source) = who.msg.source.as_ref().filter(|s| s.replayed)
            && let Some(report) = self.store.retracted_by_source(&source.key).await?
        {
            return Ok(self.of_plan(&report.plan_id).answers(who.today()).retracted(&report));
        }
        let by = Retraction {
            chat: who.msg.chat.clone(),
            user_id: who.msg.user_id.clone(),
            user_name: who.msg.user_name.clone(),
            at: who.msg.at,
            source: who.msg.source.as_ref().map(|s| s.key.clone()),
        };
        let since = who.msg.at - self.settings.undo_window;
        Ok(match self.store.retract(id, since, &by).await? {
            Some(report) => self.of_plan(&report.plan_id).answers(who.today()).retracted(&report),
            None => self.answers(who.today()).nothing_to_undo(self.settings.undo_window),
        })
    }

    /// Records (yes) or drops (no) the chat's report waiting for confirmation; `None` when none waits.
    pub(super) async fn answer_pending(&self, who: &Speaker<'_>, yes: bool) -> Result<Option<Reply>, StoreError> {
        if yes {
            if let Some(done) = self.recorded_before(who).await? {
                return Ok(Some(done));
            }
            let since = who.msg.at - self.settings.confirm_window;
            let source = who.msg.source.as_ref().map(|s| s.key.as_str());
            let by = crate::progress::Person { user_id: who.msg.user_id.clone(), user_name: who.msg.user_name.clone() };
            let recorded = self.store.commit_pending(&who.msg.chat, since, source, &by).await?;
            if recorded.is_empty() {
                return Ok(None);
            }
            let bot = self.of_plan(&recorded[0].plan_id);
            let say = bot.answers(who.today());
            let mut reply = say.recorded_all(&recorded, &[], self.settings.undo_window);
            // Any member may answer the question: the group sees who did, for someone else's report.
            if let Some(author) = recorded.iter().find(|r| r.user_id != by.user_id) {
                let args = [arg("name", by.user_name.as_str()), arg("author", author.user_name.as_str())];
                reply.text.push_str(&format!("\n{}", say.t("confirmed-for-another", &args)));
            }
            Ok(Some(reply))
        } else if self.store.drop_pending(&who.msg.chat).await? {
            Ok(Some(self.answers(who.today()).pending_dropped()))
        } else {
            Ok(None)
        }
    }

    /// The answer to a message that recorded its report already: the same message handled again (after a
    /// crash between recording and replying) says the same and records nothing more.
    async fn recorded_before(&self, who: &Speaker<'_>) -> Result<Option<Reply>, StoreError> {
        let Some(source) = who.msg.source.as_ref().filter(|s| s.replayed) else { return Ok(None) };
        let found = self.store.reports_by_source(&source.key).await?;
        if found.is_empty() {
            return Ok(None);
        }
        let bot = self.of_plan(&found[0].plan_id);
        Ok(Some(bot.answers(who.today()).recorded_all(&found, &[], self.settings.undo_window)))
    }
}
