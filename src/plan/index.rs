//! Look-ups over one plan, built once when the plan is loaded so that answering a message never scans.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Assignee, Catalog, Plan, PlanBundle, Role, Task, TaskRef};

/// One agency's part in one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Index into the plan's tasks.
    pub task: usize,
    pub role: Role,
    /// The group through which the agency is named, when it is not named itself.
    pub via_group: Option<String>,
    /// The plan requests (đề nghị) rather than assigns this cooperation.
    pub requested: bool,
    /// Agencies whose part in the task this one carries on after a reorganisation: their reports count as
    /// its own.
    pub predecessors: Vec<String>,
}

#[derive(Debug)]
pub struct PlanIndex {
    bundle: PlanBundle,
    by_ref: HashMap<TaskRef, usize>,
    by_agency: HashMap<String, Vec<Assignment>>,
    /// Per task, in plan order: every agency it names (groups expanded) with its part.
    by_task: Vec<Vec<(String, Assignment)>>,
    /// The first day this version of the plan is in force.
    from: NaiveDate,
}

impl PlanIndex {
    /// The plan as its bundle has it, in force from the day it was issued (see
    /// [`super::PlanTimeline`] for the plan as amended).
    pub fn new(bundle: PlanBundle) -> Self {
        let issued = bundle.plan.meta.issued;
        let catalog = &bundle.catalog;
        let catalog = catalog.with_members(|g| catalog.members_on(&g.code, issued).map(|a| a.code.clone()).collect());
        Self::dated(PlanBundle { catalog, ..bundle }, issued)
    }

    /// One version of a plan: `bundle` holds the tasks and group members in force from `from`.
    pub fn dated(bundle: PlanBundle, from: NaiveDate) -> Self {
        let by_ref = bundle.plan.tasks.iter().enumerate().map(|(i, t)| (t.reference, i)).collect();
        let mut by_agency: HashMap<String, Vec<Assignment>> = HashMap::new();
        let mut by_task = Vec::with_capacity(bundle.plan.tasks.len());
        for (i, task) in bundle.plan.tasks.iter().enumerate() {
            let named = assignments_of(&bundle.catalog, task, i);
            for (code, assignment) in &named {
                by_agency.entry(code.clone()).or_default().push(assignment.clone());
            }
            by_task.push(named);
        }
        Self { bundle, by_ref, by_agency, by_task, from }
    }

    /// The first day this version is in force.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Whether the agency exists while this version is in force.
    pub fn in_force(&self, code: &str) -> bool {
        self.bundle.catalog.agency(code).is_some_and(|a| a.exists_on(self.from))
    }

    /// The agencies that carry on `code`'s part in task `index` now that it has ended: where the plan's
    /// reorganisations sent it, followed to the agencies the task names today.
    pub fn successors_in_task(&self, index: usize, code: &str) -> Vec<&str> {
        let task = self.task_at(index);
        let named = &self.by_task[index];
        let mut out: Vec<&str> = Vec::new();
        let mut frontier = vec![code];
        let mut seen = vec![code];
        while let Some(c) = frontier.pop() {
            for (from, to) in &task.succession {
                if from == c && !seen.contains(&to.as_str()) {
                    seen.push(to);
                    if named.iter().any(|(n, _)| n == to) {
                        out.push(to);
                    } else {
                        frontier.push(to);
                    }
                }
            }
        }
        out
    }

    pub fn plan(&self) -> &Plan {
        &self.bundle.plan
    }

    pub fn catalog(&self) -> &Catalog {
        &self.bundle.catalog
    }

    pub fn bundle(&self) -> &PlanBundle {
        &self.bundle
    }

    pub fn task(&self, reference: TaskRef) -> Option<&Task> {
        self.by_ref.get(&reference).map(|&i| &self.bundle.plan.tasks[i])
    }

    pub fn task_index(&self, reference: TaskRef) -> Option<usize> {
        self.by_ref.get(&reference).copied()
    }

    /// Every agency a task names, groups expanded, with its part in it.
    pub fn task_agencies(&self, index: usize) -> &[(String, Assignment)] {
        &self.by_task[index]
    }

    /// The agency's part in a task, if it has one.
    pub fn role_in(&self, agency: &str, index: usize) -> Option<&Assignment> {
        self.assignments(agency).iter().find(|a| a.task == index)
    }

    /// Agencies that lead at least one task, in catalog order.
    pub fn lead_agencies(&self) -> impl Iterator<Item = &str> {
        self.bundle
            .catalog
            .agencies()
            .iter()
            .map(|a| a.code.as_str())
            .filter(|code| self.assignments(code).iter().any(|a| a.role == Role::Lead))
    }

    pub fn task_at(&self, index: usize) -> &Task {
        &self.bundle.plan.tasks[index]
    }

    /// Every task the agency leads or cooperates on, in plan order.
    pub fn assignments(&self, agency: &str) -> &[Assignment] {
        self.by_agency.get(agency).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn tasks_in_section(&self, section: u8) -> impl Iterator<Item = &Task> {
        self.bundle.plan.tasks.iter().filter(move |t| t.reference.section == section)
    }

    /// The references that exist with this task number, one per section ("2" → I.2, II.2, III.2 …).
    pub fn refs_numbered(&self, number: u16) -> Vec<TaskRef> {
        self.bundle.plan.tasks.iter().map(|t| t.reference).filter(|r| r.number == number).collect()
    }
}

/// How each agency is named by a task. An agency named directly takes that role over one it has through
/// a group (Sở LĐ-TB&XH cooperates on I.1 although "các sở, ban, ngành" lead it); lead beats support.
/// A support it holds only as a successor (Sở NN&MT for Sở LĐ-TB&XH on I.1) does not take away the lead
/// it has in its own right through a group (as a department, the one Sở NN&PTNT had): it carries on both.
fn assignments_of(catalog: &Catalog, task: &Task, index: usize) -> Vec<(String, Assignment)> {
    let mut best: Vec<(String, (u8, Assignment))> = Vec::new();
    let named = task.lead.iter().map(|a| (a, Role::Lead)).chain(task.support.iter().map(|a| (a, Role::Support)));
    for (assignee, role) in named {
        let via_group = match assignee {
            Assignee::Group(code) => Some(code.clone()),
            Assignee::Agency(_) => None,
        };
        for agency in catalog.expand(assignee) {
            let inherited = || task.succession.iter().any(|(_, to)| *to == agency.code);
            let rank = match (via_group.is_none(), role) {
                (true, Role::Lead) => 0,
                (true, Role::Support) if !inherited() => 1,
                (false, Role::Lead) => 2,
                (true, Role::Support) => 3,
                (false, Role::Support) => 4,
            };
            let assignment = Assignment {
                task: index,
                role,
                via_group: via_group.clone(),
                requested: via_group.is_none() && task.requested.contains(&agency.code),
                predecessors: predecessors(task, &agency.code),
            };
            match best.iter_mut().find(|(code, _)| *code == agency.code) {
                Some((_, current)) if current.0 <= rank => {}
                Some((_, current)) => *current = (rank, assignment),
                None => best.push((agency.code.clone(), (rank, assignment))),
            }
        }
    }
    best.into_iter().map(|(code, (_, a))| (code, a)).collect()
}

/// Every agency whose part in the task passed, directly or through others, to `code`.
fn predecessors(task: &Task, code: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut frontier = vec![code.to_string()];
    while let Some(c) = frontier.pop() {
        for (from, to) in &task.succession {
            if *to == c && *from != code && !out.contains(from) {
                out.push(from.clone());
                frontier.push(from.clone());
            }
        }
    }
    out
}
