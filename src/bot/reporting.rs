//! Recording progress: a report from a bound chat, checked, restated, and undoable.

use super::answers::{arg, date};
use crate::nlu::{OnBehalf, RefSlot, Understanding};
use crate::progress::{MAX_NOTE_CHARS, NewReport, Retraction, Status};
use crate::store::StoreError;

use super::{Bot, Reply, Speaker};

/// When a report needs its author's word before it is recorded.
enum Doubt {
    /// "hoàn thành" with a percentage under 100.
    DoneBelowFull,
    /// A lower percentage than the current one.
    Lower(u8),
}

impl Bot {
    pub(super) async fn update(&self, who: &Speaker<'_>, u: &Understanding) -> Result<Reply, StoreError> {
        let today = who.today();
        let say = self.answers(today);
        if let Some(done) = self.recorded_before(who).await? {
            return Ok(done);
        }
        // Who reports: the chat's agency, or the one the coordinator enters a report for.
        let (reporter, proxy) = match &u.on_behalf {
            None => (who.agency.as_str(), None),
            Some(_) if !who.coordinator => return Ok(say.not_recorded(say.on_behalf_coordinator_only())),
            Some(OnBehalf::Unnamed) => return Ok(say.not_recorded(say.on_behalf_which())),
            Some(OnBehalf::Agency(code)) => (code.as_str(), Some(who.agency.clone())),
        };
        let reference = match u.task {
            Some(RefSlot::Exact(r)) => r,
            Some(RefSlot::NumberOnly(n)) => {
                return Ok(say.which_task_to_update(reporter, Some(n), u.rest.as_deref()));
            }
            None => return Ok(say.which_task_to_update(reporter, None, u.rest.as_deref())),
        };
        // The day the state held: a report may bring in what happened before anyone reported.
        let issued = self.timeline.bundle().plan.meta.issued;
        let stated_on = match u.held.map(|h| h.resolve(today)) {
            None => None,
            Some(None) => return Ok(say.not_recorded(Reply::text(say.t("day-invalid", &[])))),
            Some(Some(day)) if day > today => {
                return Ok(say.not_recorded(Reply::text(say.t("day-in-future", &[arg("day", date(day))]))));
            }
            Some(Some(day)) if day < issued => {
                let text = say.t("day-before-plan", &[arg("day", date(day)), arg("issued", date(issued))]);
                return Ok(say.not_recorded(Reply::text(text)));
            }
            Some(Some(day)) => Some(day),
        };
        let day = stated_on.unwrap_or(today);
        let catalog = say.plan.catalog();
        let Some(agency) = catalog.agency(reporter) else {
            return Ok(say.not_recorded(say.unknown(None)));
        };
        // An agency that had ended by that day reports nothing for it: its successors do.
        if agency.ended_before(day) {
            return Ok(say.not_recorded(say.ended_cannot_report(reporter, reference)));
        }
        // The assignments in force that day; an agency set up later answers for its predecessors' part.
        let plan = if agency.started_by(day) { self.plan_on(day) } else { say.plan };
        let then = self.answers(day);
        let Some(index) = plan.task_index(reference) else {
            return Ok(say.not_recorded(then.no_such_task(reference)));
        };
        let Some(assignment) = plan.role_in(reporter, index) else {
            return Ok(then.not_assigned(reporter, index));
        };
        let Some(status) = u.status else {
            return Ok(say.what_to_update(reference));
        };
        let percent = match u.percent {
            None => None,
            Some(p) if (0..=100).contains(&p) => Some(p as u8),
            Some(p) => return Ok(say.impossible_percent(p)),
        };
        if let Some(note) = &u.note
            && note.chars().count() > MAX_NOTE_CHARS
        {
            return Ok(say.note_too_long(MAX_NOTE_CHARS));
        }
        let task = plan.task_at(index);
        let period = plan.plan().period_at(task, day);
        let report = NewReport {
            plan_id: self.timeline.id().to_string(),
            task: reference,
            agency: reporter.to_string(),
            role: assignment.role,
            period: period.key,
            status,
            percent,
            note: u.note.clone(),
            chat: who.msg.chat.clone(),
            user_id: who.msg.user_id.clone(),
            user_name: who.msg.user_name.clone(),
            message_id: who.msg.message_id.clone(),
            at: who.msg.at,
            evidence: who.msg.file_id.clone(),
            source: who.msg.source.as_ref().map(|s| s.key.clone()),
            stated_on,
            proxy,
        };
        let reference_text = reference.to_string();
        let current = self.store.current_report(&report.plan_id, &reference_text, reporter, &report.period).await?;
        if let Some(current) = &current
            && current.status == report.status
            && current.percent == report.percent
            && (report.note.is_none() || report.note == current.note)
            && (report.stated_on.is_none() || report.stated_on == current.stated_on)
        {
            return Ok(say.unchanged(current));
        }
        let doubt = match (report.status, report.percent, current.as_ref().and_then(|c| c.percent)) {
            (Status::Done, Some(p), _) if p < 100 => Some(Doubt::DoneBelowFull),
            (_, Some(p), Some(before)) if p < before => Some(Doubt::Lower(before)),
            _ => None,
        };
        match doubt {
            Some(doubt) => {
                self.store.put_pending(&report).await?;
                Ok(match doubt {
                    Doubt::DoneBelowFull => say.confirm_done_below_full(&report),
                    Doubt::Lower(before) => say.confirm_lower(&report, before),
                })
            }
            None => {
                let recorded = self.store.add_report(&report).await?;
                Ok(say.recorded(&recorded, self.settings.undo_window))
            }
        }
    }

    pub(super) async fn undo(&self, who: &Speaker<'_>, id: Option<i64>) -> Result<Reply, StoreError> {
        if let Some(source) = who.msg.source.as_ref().filter(|s| s.replayed)
            && let Some(report) = self.store.retracted_by_source(&source.key).await?
        {
            return Ok(self.answers(who.today()).retracted(&report));
        }
        let by = Retraction {
            chat: who.msg.chat.clone(),
            user_id: who.msg.user_id.clone(),
            user_name: who.msg.user_name.clone(),
            at: who.msg.at,
            source: who.msg.source.as_ref().map(|s| s.key.clone()),
        };
        let since = who.msg.at - self.settings.undo_window;
        let say = self.answers(who.today());
        Ok(match self.store.retract(id, since, &by).await? {
            Some(report) => say.retracted(&report),
            None => say.nothing_to_undo(self.settings.undo_window),
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
            let recorded = self.store.commit_pending(&who.msg.chat, since, source).await?;
            Ok(recorded.map(|r| self.answers(who.today()).recorded(&r, self.settings.undo_window)))
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
        let found = self.store.report_by_source(&source.key).await?;
        Ok(found.map(|r| self.answers(who.today()).recorded(&r, self.settings.undo_window)))
    }
}
