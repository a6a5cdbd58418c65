//! The coordinator's review of results reported done: `/xacnhan N` confirms, `/tralai N lý do` returns
//! with a reason; the requests and the returns reach their chats through the schedule (`jobs::due`).

use super::answers::{arg, date};
use super::{Action, Bot, Reply, Speaker};
use crate::nlu::Understanding;
use crate::progress::{Report, Review};
use crate::store::StoreError;

impl Bot {
    /// Decides the review of result `u.report_id` in the first of the plans at `plans` that has it waiting.
    pub(super) async fn review(
        &self,
        who: &Speaker<'_>,
        u: &Understanding,
        plans: &[usize],
    ) -> Result<Reply, StoreError> {
        let say = self.answers(who.today());
        let decision = u.review.unwrap_or(Review::Confirmed);
        let Some(id) = u.report_id.filter(|_| u.unreadable.is_none()) else {
            return Ok(Reply::text(say.t("review-which", &[])));
        };
        if decision == Review::Returned && u.note.is_none() {
            return Ok(Reply::text(say.t("review-reason", &[arg("id", id)])));
        }
        let by = format!("{} ({})", who.msg.user_name, say.agency_name(&who.agency));
        for &i in plans {
            let bot = self.in_plan(i);
            let plan = bot.timeline().id().to_string();
            if let Some(report) =
                self.store.review_report(&plan, id, decision, u.note.as_deref(), &by, who.msg.at).await?
            {
                let say = bot.answers(who.today());
                let key = if decision == Review::Returned { "review-returned" } else { "review-confirmed" };
                return Ok(Reply::text(say.t(
                    key,
                    &[
                        arg("ref", report.task.to_string()),
                        arg("agency", say.agency_name(&report.agency)),
                        arg("reason", u.note.clone().unwrap_or_default()),
                    ],
                )));
            }
        }
        Ok(Reply::text(say.t("review-none", &[arg("id", id)])))
    }

    /// What the coordinator chats get for a result that waits: the task, the agency, what it said, and
    /// the two decisions as buttons (numbered on Zalo).
    pub fn review_request(&self, report: &Report) -> Reply {
        let today = crate::clock::local_date(report.at);
        let say = self.answers(today);
        let title = say.plan.task(report.task).map(|t| crate::text::shorten(&t.title, 90)).unwrap_or_default();
        let mut lines = vec![
            say.t("review-request", &[arg("id", report.id), arg("ref", report.task.to_string()), arg("title", title)]),
            say.t(
                "review-request-who",
                &[
                    arg("agency", say.agency_name(&report.agency)),
                    arg("name", report.user_name.as_str()),
                    arg("day", date(report.as_of())),
                ],
            ),
            say.t("review-request-state", &[arg("state", say.state_text(report.status, report.percent))]),
        ];
        if let Some(note) = &report.note {
            lines.push(say.t("review-request-note", &[arg("note", note.as_str())]));
        }
        if report.evidence.is_some() {
            lines.push(say.t("review-request-evidence", &[]));
        }
        lines.push(say.t("review-request-how", &[arg("id", report.id)]));
        let evidence = report
            .evidence
            .as_ref()
            .and(report.message_id.clone())
            .map(|message_id| super::reply::Evidence { chat: report.chat.clone(), message_id });
        Reply {
            evidence,
            actions: vec![
                Action { label: say.t("action-review-confirm", &[]), command: format!("/xacnhan {}", report.id) },
                Action { label: say.t("action-review-return", &[]), command: format!("/tralai {}", report.id) },
            ],
            ..Reply::text(lines.join("\n"))
        }
    }

    /// What the reporting chat gets when its result is returned.
    pub fn review_returned(&self, report: &Report) -> Reply {
        let say = self.answers(crate::clock::local_date(report.at));
        Reply::text(say.t(
            "review-returned-notice",
            &[
                arg("ref", report.task.to_string()),
                arg("coordinator", say.coordinator_name()),
                arg("reason", report.review_note.clone().unwrap_or_default()),
            ],
        ))
    }
}
