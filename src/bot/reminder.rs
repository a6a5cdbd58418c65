//! "Nhắc báo cáo": the reminder an agency that has not reported this week receives.

use super::answers::{arg, date};
use super::{Bot, Reply};
use crate::plan::Role;
use crate::progress::week::Week;

impl Bot {
    /// "Nhắc báo cáo": the agency's lead tasks and an example line.
    pub fn reminder(
        &self,
        agency: &str,
        week: Week,
        today: chrono::NaiveDate,
        progress: &crate::progress::state::Progress,
    ) -> Reply {
        let say = self.answers(today);
        let mut lines = vec![say.t(
            "reminder-header",
            &[arg("agency", say.agency_name(agency)), arg("number", week.number), arg("to", date(week.sunday()))],
        )];
        let leads: Vec<_> = say.plan.assignments(agency).iter().filter(|a| a.role == Role::Lead).collect();
        // The example names a task the agency leads itself, not through a group, where there is one.
        let example =
            leads.iter().find(|a| a.via_group.is_none()).or(leads.first()).map(|a| say.plan.task_at(a.task).reference);
        for a in &leads {
            let task = say.plan.task_at(a.task);
            lines.push(say.t(
                "task-line",
                &[arg("ref", task.reference.to_string()), arg("title", crate::text::shorten(&task.title, 80))],
            ));
        }
        // What the agency said it would have done by now, and has not reported done.
        let passed = say.expected_passed(progress, Some(agency));
        if !passed.is_empty() {
            lines.push(say.t("reminder-expected-passed", &[]));
            for (task, _, day) in &passed {
                let reference = say.plan.task_at(*task).reference.to_string();
                lines.push(say.t("reminder-expected-line", &[arg("ref", reference), arg("day", date(*day))]));
            }
        }
        if let Some(r) = example {
            lines.push(say.t("reminder-example", &[arg("ref", r.to_string())]));
        }
        Reply::text(lines.join("\n"))
    }

    /// "⏰ Sắp đến hạn — Sở Y tế:".
    pub fn deadline_header(&self, agency: &str, today: chrono::NaiveDate) -> String {
        let say = self.answers(today);
        say.t("deadline-header", &[arg("agency", say.agency_name(agency))])
    }

    /// "• I.1 — Đẩy mạnh công tác …: hạn 31/12/2026 (còn 26 ngày)".
    pub fn deadline_line(&self, task: &crate::plan::Task, due: chrono::NaiveDate, left: i64) -> String {
        let say = self.answers(due);
        say.t(
            "deadline-line",
            &[
                arg("ref", task.reference.to_string()),
                arg("title", crate::text::shorten(&task.title, 80)),
                arg("due", date(due)),
                arg("left", left),
            ],
        )
    }
}
