//! Progress: what focal points report, and the state of tasks derived from it.

use serde::{Deserialize, Serialize};

/// Where a task stands for an agency, as people report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// hoàn thành
    Done,
    /// đang thực hiện
    InProgress,
    /// chưa triển khai
    NotStarted,
    /// vướng mắc
    Blocked,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Done, Status::InProgress, Status::NotStarted, Status::Blocked];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::InProgress => "in_progress",
            Status::NotStarted => "not_started",
            Status::Blocked => "blocked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Where a result reported done stands with the plan's coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Waits for the coordinator: the task counts as "chờ xác nhận", not done.
    Pending,
    Confirmed,
    /// Sent back with a reason: the task is in progress again.
    Returned,
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Review::Pending => "pending",
            Review::Confirmed => "confirmed",
            Review::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Review::Pending, Review::Confirmed, Review::Returned].into_iter().find(|r| r.as_str() == s)
    }
}

pub mod state;
pub mod term;
pub mod week;

use chrono::{DateTime, NaiveDate, Utc};

use crate::chat::ChatKey;
use crate::clock::local_date;
use crate::plan::{Role, TaskRef};

/// Notes are a line or a paragraph, not a document.
pub const MAX_NOTE_CHARS: usize = 1000;

/// A report as the bot is about to record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReport {
    pub plan_id: String,
    pub task: TaskRef,
    pub agency: String,
    pub role: Role,
    /// The reporting period it counts for ("2026", "2026-2030").
    pub period: String,
    pub status: Status,
    pub percent: Option<u8>,
    pub note: Option<String>,
    pub chat: ChatKey,
    pub user_id: String,
    pub user_name: String,
    pub message_id: Option<String>,
    pub at: DateTime<Utc>,
    /// A file sent with the report (the platform's file id).
    #[serde(default)]
    pub evidence: Option<String>,
    /// The update it came from (`platform:update id`): handling that update again finds this report.
    #[serde(default)]
    pub source: Option<String>,
    /// The day the state held, when the report said so ("đã hoàn thành ngày 20/12/2025"); see
    /// [`NewReport::as_of`].
    #[serde(default)]
    pub stated_on: Option<NaiveDate>,
    /// The agency whose chat entered a report made for another one (the coordinator's "ghi nhận thay",
    /// an import); see [`NewReport::entered_by`].
    #[serde(default)]
    pub proxy: Option<String>,
    /// The day the report expects the task done ("phấn đấu xong vào 20/12").
    #[serde(default)]
    pub expected: Option<NaiveDate>,
    /// Who answered "có" to the question the report raised (a percentage going down, "done" below
    /// 100%): any member of the chat may, so it is kept who did. `None` for a report that asked nothing.
    #[serde(default)]
    pub confirmed_by: Option<Person>,
    /// For a result reported done by an agency other than the plan's coordinator: its review.
    #[serde(default)]
    pub review: Option<Review>,
    /// Why the coordinator returned it.
    #[serde(default)]
    pub review_note: Option<String>,
}

/// Someone in a chat, as the platform names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub user_id: String,
    pub user_name: String,
}

impl NewReport {
    /// The status that counts: a result the coordinator returned is work in progress again.
    pub fn counted_status(&self) -> Status {
        match (self.status, self.review) {
            (Status::Done, Some(Review::Returned)) => Status::InProgress,
            (status, _) => status,
        }
    }

    /// A result reported done that waits for the coordinator's review.
    pub fn awaiting_review(&self) -> bool {
        self.status == Status::Done && self.review == Some(Review::Pending)
    }

    /// The day the reported state held: the day stated, or else the day it was sent (Vietnam time). Its
    /// period and whether it was done on time follow from it.
    pub fn as_of(&self) -> NaiveDate {
        self.stated_on.unwrap_or_else(|| local_date(self.at))
    }

    /// The agency whose chat entered the report: the reporting agency itself, unless another entered it
    /// for it.
    pub fn entered_by(&self) -> &str {
        self.proxy.as_deref().unwrap_or(&self.agency)
    }
}

/// A recorded report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: i64,
    pub report: NewReport,
    pub retracted_at: Option<DateTime<Utc>>,
}

impl std::ops::Deref for Report {
    type Target = NewReport;

    fn deref(&self) -> &NewReport {
        &self.report
    }
}

/// Who retracted a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retraction {
    pub chat: ChatKey,
    pub user_id: String,
    pub user_name: String,
    pub at: DateTime<Utc>,
    /// The update that asked for it, as in [`NewReport::source`].
    pub source: Option<String>,
}
