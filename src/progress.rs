//! Progress words shared by understanding and reporting.

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
    pub const ALL: [Status; 4] = [
        Status::Done,
        Status::InProgress,
        Status::NotStarted,
        Status::Blocked,
    ];

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
