//! A plan through time: the plan as issued, then as each amendment and each reorganisation of its
//! agencies left it. Answers, reports and roll-ups use the version in force on their day.
//!
//! Versions change only on a few days (an amendment, an agency set up or ended), so every version is
//! built once when the plan is loaded, with its own look-up index; a message then only finds its
//! version by date.
//!
//! Nghị quyết 190/2025/QH15 is applied as the rule it states: where a document names an agency that was
//! reorganised, the agency that took over the function carries on its tasks. An agency with one successor
//! hands its part on by itself; one with several (split by function) must be told, task by task, in an
//! amendment — the loader refuses to guess.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta};

use super::amendment::Amendment;
use super::{Assignee, Catalog, Plan, PlanBundle, PlanIndex, PlanMeta, Task, TaskRef, Timeframe};

/// Where in the plan's files an error is: the loader turns it into a file and a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The plan's own metadata (its coordinator).
    Plan,
    /// The amendment at this position (oldest first).
    Amendment(usize),
    Task(TaskRef),
    Agency(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TimelineError {
    pub at: Anchor,
    /// The field the error is about, as the loader names fields ("transfer.to", "lead").
    pub field: String,
    pub message: String,
}

fn error(at: Anchor, field: impl Into<String>, message: impl Into<String>) -> TimelineError {
    TimelineError { at, field: field.into(), message: message.into() }
}

/// Every version of one plan, oldest first.
#[derive(Debug)]
pub struct PlanTimeline {
    bundle: PlanBundle,
    versions: Vec<Arc<PlanIndex>>,
}

impl PlanTimeline {
    /// Applies the amendments and the catalog's reorganisations; refuses a plan that would leave a task
    /// to an agency that no longer exists, or to nobody.
    pub fn new(bundle: PlanBundle) -> Result<Self, TimelineError> {
        let versions = build(&bundle)?.into_iter().map(Arc::new).collect();
        Ok(Self { bundle, versions })
    }

    /// The plan as loaded: as issued, with its amendments.
    pub fn bundle(&self) -> &PlanBundle {
        &self.bundle
    }

    pub fn id(&self) -> &str {
        &self.bundle.plan.meta.id
    }

    /// The version in force on `day` (before the plan was issued: the plan as issued).
    pub fn at(&self, day: NaiveDate) -> &Arc<PlanIndex> {
        &self.versions[self.position(day)]
    }

    /// Where the version in force on `day` stands in [`PlanTimeline::versions`].
    pub fn position(&self, day: NaiveDate) -> usize {
        self.versions.partition_point(|v| v.from() <= day).saturating_sub(1)
    }

    pub fn versions(&self) -> &[Arc<PlanIndex>] {
        &self.versions
    }
}

/// The tasks and coordinator as amendments have left them so far.
struct State {
    tasks: Vec<Task>,
    coordinator: String,
    /// Groups that count only the successors of another group's members, for this plan: (group, old).
    within: HashMap<String, String>,
}

fn build(bundle: &PlanBundle) -> Result<Vec<PlanIndex>, TimelineError> {
    let catalog = &bundle.catalog;
    let meta = &bundle.plan.meta;
    let issued = meta.issued;
    let mut days = BTreeSet::from([issued]);
    for (i, a) in bundle.amendments.iter().enumerate() {
        if a.date < issued {
            return Err(error(
                Anchor::Amendment(i),
                "date",
                format!("dated {} — before the plan was issued ({})", a.date, issued),
            ));
        }
        days.insert(a.date);
    }
    for a in catalog.agencies() {
        days.extend(a.since.filter(|d| *d > issued));
        days.extend(a.until.map(|d| d + TimeDelta::days(1)).filter(|d| *d > issued));
    }

    let mut state =
        State { tasks: bundle.plan.tasks.clone(), coordinator: meta.coordinator.clone(), within: HashMap::new() };
    let mut versions = Vec::with_capacity(days.len());
    for day in days {
        for (i, a) in bundle.amendments.iter().enumerate().filter(|(_, a)| a.date == day) {
            state.amend(i, a, catalog, day)?;
        }
        state.carry_on(catalog, day)?;
        let members = |group: &super::Group| state.members_on(catalog, &group.code, day);
        let version = PlanBundle {
            catalog: catalog.with_members(members),
            plan: Plan {
                meta: PlanMeta { coordinator: state.coordinator.clone(), ..meta.clone() },
                sections: bundle.plan.sections.clone(),
                tasks: state.tasks.clone(),
            },
            amendments: bundle.amendments.iter().filter(|a| a.date <= day).cloned().collect(),
        };
        versions.push(PlanIndex::dated(version, day));
    }
    Ok(versions)
}

/// Replaces agency `from` in a list by `to` (those not there already), where `from` stood.
fn replace_agency(list: &mut Vec<Assignee>, from: &str, to: &[String]) -> bool {
    let Some(at) = list.iter().position(|a| matches!(a, Assignee::Agency(c) if c == from)) else { return false };
    list.remove(at);
    let mut at = at;
    for code in to {
        let a = Assignee::Agency(code.clone());
        if !list.contains(&a) {
            list.insert(at, a);
            at += 1;
        }
    }
    true
}

fn names_directly(task: &Task, code: &str) -> bool {
    task.lead.iter().chain(&task.support).any(|a| matches!(a, Assignee::Agency(c) if c == code))
}

fn names_group(task: &Task, code: &str) -> bool {
    task.lead.iter().chain(&task.support).any(|a| matches!(a, Assignee::Group(c) if c == code))
}

impl State {
    fn task_mut(&mut self, reference: TaskRef, at: &Anchor, field: &str) -> Result<&mut Task, TimelineError> {
        self.tasks
            .iter_mut()
            .find(|t| t.reference == reference)
            .ok_or_else(|| error(at.clone(), field, format!("the plan has no task {reference} on this date")))
    }

    /// Hands `from`'s part in `task` to `to`, remembering who carries on whose work.
    fn transfer(task: &mut Task, from: &str, to: &[String]) {
        let in_lead = replace_agency(&mut task.lead, from, to);
        let in_support = replace_agency(&mut task.support, from, to);
        if in_lead {
            // An agency that leads a task and also cooperates on it is its lead.
            task.support.retain(|a| !matches!(a, Assignee::Agency(c) if to.contains(c)));
        }
        if in_lead || in_support {
            if let Some(at) = task.requested.iter().position(|c| c == from) {
                task.requested.remove(at);
                task.requested
                    .extend(to.iter().filter(|c| task.support.contains(&Assignee::Agency((*c).clone()))).cloned());
            }
            task.succession.extend(to.iter().map(|t| (from.to_string(), t.clone())));
        }
    }

    fn amend(&mut self, i: usize, a: &Amendment, catalog: &Catalog, day: NaiveDate) -> Result<(), TimelineError> {
        let at = Anchor::Amendment(i);
        let in_force = |code: &str, field: &str| -> Result<(), TimelineError> {
            match catalog.agency(code) {
                None => Err(error(at.clone(), field, format!("unknown agency “{code}”"))),
                Some(agency) if !agency.exists_on(day) => Err(error(
                    at.clone(),
                    field,
                    match (agency.since, agency.until) {
                        (Some(since), _) if day < since => {
                            format!("“{code}” does not exist on {day}: it was set up on {since}")
                        }
                        (_, Some(until)) => format!("“{code}” does not exist on {day}: it ended on {until}"),
                        _ => format!("“{code}” does not exist on {day}"),
                    },
                )),
                Some(_) => Ok(()),
            }
        };
        if let Some(code) = &a.coordinator {
            in_force(code, "coordinator")?;
            self.coordinator = code.clone();
        }
        for t in &a.transfers {
            if catalog.agency(&t.from).is_none() {
                return Err(error(at.clone(), "transfer.from", format!("unknown agency “{}”", t.from)));
            }
            if t.to.is_empty() {
                return Err(error(at.clone(), "transfer.to", "name at least one agency that takes over"));
            }
            for code in &t.to {
                in_force(code, "transfer.to")?;
            }
            let refs: Vec<TaskRef> = if t.tasks.is_empty() {
                self.tasks.iter().filter(|task| names_directly(task, &t.from)).map(|task| task.reference).collect()
            } else {
                t.tasks.clone()
            };
            if refs.is_empty() {
                return Err(error(at.clone(), "transfer.from", format!("no task names “{}” on {day}", t.from)));
            }
            for reference in refs {
                let task = self.task_mut(reference, &at, "transfer.tasks")?;
                if !names_directly(task, &t.from) {
                    return Err(error(
                        at.clone(),
                        "transfer.tasks",
                        format!("task {reference} does not name “{}” on {day}", t.from),
                    ));
                }
                Self::transfer(task, &t.from, &t.to);
            }
        }
        for r in &a.replace_groups {
            for code in [&r.from, &r.to] {
                if catalog.group(code).is_none() {
                    return Err(error(at.clone(), "replace_group", format!("unknown group “@{code}”")));
                }
            }
            let mut any = false;
            for task in &mut self.tasks {
                if !names_group(task, &r.from) {
                    continue;
                }
                any = true;
                for list in [&mut task.lead, &mut task.support] {
                    let to = Assignee::Group(r.to.clone());
                    let had_to = list.contains(&to);
                    if let Some(pos) = list.iter().position(|x| *x == Assignee::Group(r.from.clone())) {
                        if had_to {
                            list.remove(pos);
                        } else {
                            list[pos] = to;
                        }
                    }
                }
                // Each old member's part passes to its successors among the new group's members.
                let new_members: HashSet<&str> = catalog.members_on(&r.to, day).map(|m| m.code.as_str()).collect();
                let old = catalog.group(&r.from).map(|g| g.members.clone()).unwrap_or_default();
                for member in old {
                    for successor in catalog.successors_on(&member, day) {
                        if new_members.contains(successor) {
                            task.succession.push((member.clone(), successor.to_string()));
                        }
                    }
                }
            }
            if !any {
                return Err(error(at.clone(), "replace_group.from", format!("no task names “@{}” on {day}", r.from)));
            }
            if r.within_successors {
                self.within.insert(r.to.clone(), r.from.clone());
            }
        }
        for reference in &a.remove_tasks {
            let before = self.tasks.len();
            self.tasks.retain(|t| t.reference != *reference);
            if self.tasks.len() == before {
                return Err(error(at.clone(), "remove_tasks", format!("the plan has no task {reference} on {day}")));
            }
        }
        for task in &a.add_tasks {
            if self.tasks.iter().any(|t| t.reference == task.reference) {
                return Err(error(
                    at.clone(),
                    "add_task.ref",
                    format!("task {} exists already on {day}", task.reference),
                ));
            }
            self.tasks.push(task.clone());
            self.tasks.sort_by_key(|t| t.reference);
        }
        for r in &a.rewords {
            let task = self.task_mut(r.reference, &at, "reword.ref")?;
            if let Some(title) = &r.title {
                task.title = title.clone();
            }
            if let Some(product) = &r.product {
                task.product = product.clone();
            }
            if let Some(text) = &r.timeframe {
                task.timeframe =
                    Timeframe::parse(text).map_err(|e| error(at.clone(), "reword.timeframe", e.to_string()))?;
                task.timeframe_text = text.clone();
            }
        }
        for d in &a.deadlines {
            self.task_mut(d.reference, &at, "deadline.ref")?.due = Some(d.due);
        }
        Ok(())
    }

    /// After the day's amendments: agencies that ended hand their part to their one successor; anything
    /// that would still name an agency no longer there, or a group with nobody left, is an error.
    fn carry_on(&mut self, catalog: &Catalog, day: NaiveDate) -> Result<(), TimelineError> {
        for task in &mut self.tasks {
            let at = Anchor::Task(task.reference);
            let named: Vec<(String, &str)> = task
                .lead
                .iter()
                .map(|a| (a, "lead"))
                .chain(task.support.iter().map(|a| (a, "support")))
                .filter_map(|(a, field)| match a {
                    Assignee::Agency(code) => Some((code.clone(), field)),
                    Assignee::Group(_) => None,
                })
                .collect();
            for (code, field) in named {
                let Some(agency) = catalog.agency(&code) else {
                    return Err(error(at, field, format!("unknown agency “{code}”")));
                };
                if agency.exists_on(day) {
                    continue;
                }
                if !agency.started_by(day) {
                    let since = agency.since.map(|d| d.to_string()).unwrap_or_default();
                    return Err(error(at, field, format!("names “{code}” on {day}, but it was set up on {since}")));
                }
                let until = agency.until.map(|d| d.to_string()).unwrap_or_default();
                let successors: Vec<String> =
                    catalog.successors_on(&code, day).into_iter().map(str::to_string).collect();
                match successors.as_slice() {
                    [one] => Self::transfer(task, &code, std::slice::from_ref(one)),
                    [] => {
                        return Err(error(
                            at,
                            field,
                            format!(
                                "“{code}” ended on {until} with no successor: say in an amendment who takes over \
                                 its part ([[amendment.transfer]])"
                            ),
                        ));
                    }
                    many => {
                        return Err(error(
                            at,
                            field,
                            format!(
                                "“{code}” ended on {until} and its work went to several agencies ({}): say which \
                                 takes task {} in an amendment ([[amendment.transfer]] from = \"{code}\")",
                                many.join(", "),
                                task.reference
                            ),
                        ));
                    }
                }
            }
            if task.lead.is_empty() {
                return Err(error(at, "lead", format!("task {} is left without a lead on {day}", task.reference)));
            }
        }
        for task in &self.tasks {
            let named = task.lead.iter().map(|a| (a, "lead")).chain(task.support.iter().map(|a| (a, "support")));
            for (assignee, field) in named {
                if let Assignee::Group(code) = assignee
                    && self.members_on(catalog, code, day).is_empty()
                {
                    return Err(error(
                        Anchor::Task(task.reference),
                        field,
                        format!(
                            "“@{code}” has no member on {day}: replace it in an amendment ([[amendment.replace_group]])"
                        ),
                    ));
                }
            }
        }
        if !catalog.agency(&self.coordinator).is_some_and(|a| a.exists_on(day)) {
            match catalog.successors_on(&self.coordinator, day).as_slice() {
                [one] => self.coordinator = one.to_string(),
                _ => {
                    return Err(error(
                        Anchor::Plan,
                        "plan.coordinator",
                        format!(
                            "the coordinator “{}” does not exist on {day}: name the new one in an amendment \
                             (coordinator = …)",
                            self.coordinator
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A group's members on `day`, as this plan counts them.
    fn members_on(&self, catalog: &Catalog, group: &str, day: NaiveDate) -> Vec<String> {
        let members = catalog.members_on(group, day).map(|a| a.code.clone());
        match self.within.get(group) {
            Some(old) => {
                let old_members = catalog.group(old).map(|g| g.members.as_slice()).unwrap_or(&[]);
                let heirs: HashSet<&str> = old_members.iter().flat_map(|m| catalog.successors_on(m, day)).collect();
                members.filter(|m| heirs.contains(m.as_str())).collect()
            }
            None => members.collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Role;
    use crate::plan::seed;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn timeline() -> PlanTimeline {
        PlanTimeline::new(seed::bundled().unwrap()).unwrap()
    }

    fn leads(v: &PlanIndex, reference: &str) -> Vec<String> {
        v.task(reference.parse().unwrap()).unwrap().lead.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_plan_as_issued_before_the_reorganisation() {
        let t = timeline();
        let v = t.at(day("2022-06-01"));
        assert_eq!(v.plan().meta.coordinator, "sldtbxh");
        assert_eq!(leads(v, "III.2"), ["sldtbxh"]);
        assert_eq!(leads(v, "III.9"), ["@ubnd-huyen", "lmhtx"]);
        assert_eq!(v.catalog().group("ubnd-huyen").unwrap().members.len(), 13);
        assert!(v.catalog().group("ubnd-xa").unwrap().members.is_empty());
        // Before the plan was issued: the plan as issued.
        assert_eq!(t.at(day("2020-01-01")).plan().meta.coordinator, "sldtbxh");
    }

    #[test]
    fn the_plan_as_it_stands_today() {
        let t = timeline();
        let v = t.at(day("2026-11-28"));
        assert_eq!(v.plan().meta.coordinator, "snnmt");
        assert_eq!(leads(v, "III.2"), ["snnmt"]);
        assert_eq!(leads(v, "III.6"), ["snv"]);
        assert_eq!(leads(v, "III.4"), ["stc", "sct", "@ubnd-xa"]);
        assert_eq!(leads(v, "I.3"), ["snnmt", "svhttdl"]);
        assert_eq!(leads(v, "V.3"), ["snnmt", "skhcn"]);
        assert_eq!(leads(v, "III.9"), ["@ubnd-xa", "lmhtx"]);
        let i4 = v.task("I.4".parse().unwrap()).unwrap();
        assert!(i4.support.contains(&Assignee::Agency("baoqn".into())));
        assert!(!i4.support.contains(&Assignee::Agency("dptth".into())));
        // Only the communes formed on the former Quảng Ngãi carry this plan.
        let communes = &v.catalog().group("ubnd-xa").unwrap().members;
        assert_eq!(communes.len(), 56);
        assert!(communes.contains(&"dac-khu-ly-son".to_string()));
        assert!(!communes.contains(&"phuong-kon-tum".to_string()));
        // No agency that ended leads or cooperates on anything.
        for task in &v.plan().tasks {
            for (code, _) in v.task_agencies(v.task_index(task.reference).unwrap()) {
                assert!(v.in_force(code), "{code} in {}", task.reference);
            }
        }
    }

    #[test]
    fn successors_carry_the_reports_of_those_they_replaced() {
        let v = timeline().at(day("2026-11-28")).clone();
        let iii2 = v.task_index("III.2".parse().unwrap()).unwrap();
        let a = v.role_in("snnmt", iii2).unwrap();
        assert_eq!((a.role, a.predecessors.as_slice()), (Role::Lead, ["sldtbxh".to_string()].as_slice()));
        assert_eq!(v.successors_in_task(iii2, "sldtbxh"), ["snnmt"]);
        let iii9 = v.task_index("III.9".parse().unwrap()).unwrap();
        let ly_son = v.role_in("dac-khu-ly-son", iii9).unwrap();
        assert_eq!(ly_son.predecessors, ["lyson"]);
        let dong_son = v.role_in("xa-dong-son", iii9).unwrap();
        assert_eq!(dong_son.predecessors, ["tp-quangngai", "binhson"]);
        assert_eq!(v.successors_in_task(iii9, "lyson"), ["dac-khu-ly-son"]);
    }

    #[test]
    fn between_the_two_reorganisations() {
        let v = timeline().at(day("2025-04-01")).clone();
        assert_eq!(v.plan().meta.coordinator, "snnmt");
        assert_eq!(leads(&v, "III.4"), ["stc", "sct", "@ubnd-huyen"]);
        assert_eq!(v.catalog().group("ubnd-huyen").unwrap().members.len(), 13);
        let members = &v.catalog().group("so-ban-nganh").unwrap().members;
        assert!(members.contains(&"snnmt".to_string()) && !members.contains(&"sldtbxh".to_string()));
    }
}
