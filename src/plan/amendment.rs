//! Amendments: what changed in a plan after it was issued, each dated and with its legal basis.
//!
//! Agencies that were merged, split or renamed are facts of the province and live in its catalog (they
//! hold for every plan). What a plan itself decides lives here: which successor takes each task of an
//! agency that was split, a group replaced by another (the districts by the communes), a new
//! coordinator, tasks added, removed or reworded, a deadline moved. See [`super::timeline`] for how they
//! are applied.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Task, TaskRef};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    /// The first day it is in force.
    pub date: NaiveDate,
    pub title: String,
    /// What it rests on: the decision, resolution or law, as an office would cite it.
    pub basis: String,
    /// The coordinating agency from `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinator: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replace_groups: Vec<GroupReplacement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_tasks: Vec<Task>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_tasks: Vec<TaskRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewords: Vec<Reword>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<Deadline>,
}

/// An agency's part in tasks passes to others: the successor by function of an agency that was split,
/// or any reassignment the province decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub from: String,
    pub to: Vec<String>,
    /// The tasks concerned; empty: every task that names `from`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskRef>,
}

/// Tasks that named one group name another from then on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupReplacement {
    pub from: String,
    pub to: String,
    /// The new group counts, for this plan, only the successors of the old group's members: a plan of a
    /// province that was merged with another applies within its former territory.
    #[serde(default)]
    pub within_successors: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reword {
    pub reference: TaskRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeframe: Option<String>,
}

/// A task's final due date moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub reference: TaskRef,
    pub due: NaiveDate,
}
