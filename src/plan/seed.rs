//! Loading a plan directory (`catalog.toml` + `plan.toml`, and `amendments.toml` where the plan was
//! amended), the format a coordinator edits by hand.
//!
//! Everything is checked before anything is returned, and every error names the file, the line and the
//! field, so a half-valid plan never reaches the database.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use super::amendment::{Amendment, Deadline, GroupReplacement, Reword, Transfer};
use super::catalog::{Agency, AgencyKind, Assignee, Catalog, FormerName, Group};
use super::task_ref::{TaskRef, parse_roman};
use super::timeframe::Timeframe;
use super::timeline::{Anchor, PlanTimeline};
use super::{Plan, PlanBundle, PlanMeta, Section, Task};

pub const CATALOG_FILE: &str = "catalog.toml";
pub const PLAN_FILE: &str = "plan.toml";
pub const AMENDMENTS_FILE: &str = "amendments.toml";

/// The plan that ships with phoihop and is loaded into an empty database.
pub const BUNDLED_DIR: &str = "seeds/quang-ngai-16-kh-ubnd-2022";
const BUNDLED_CATALOG: &str = include_str!("../../seeds/quang-ngai-16-kh-ubnd-2022/catalog.toml");
const BUNDLED_PLAN: &str = include_str!("../../seeds/quang-ngai-16-kh-ubnd-2022/plan.toml");
const BUNDLED_AMENDMENTS: &str = include_str!("../../seeds/quang-ngai-16-kh-ubnd-2022/amendments.toml");

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {field}: {message}")]
    Invalid { file: PathBuf, line: usize, field: String, message: String },
}

/// One seed file's name (for messages) and text.
#[derive(Debug, Clone, Copy)]
pub struct SeedFile<'a> {
    pub name: &'a Path,
    pub text: &'a str,
}

impl SeedFile<'_> {
    fn error(&self, span: Range<usize>, field: impl Into<String>, message: impl Into<String>) -> SeedError {
        SeedError::Invalid {
            file: self.name.to_path_buf(),
            line: line_of(self.text, span.start),
            field: field.into(),
            message: message.into(),
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

pub fn load_dir(dir: &Path) -> Result<PlanBundle, SeedError> {
    let read = |name: &str| {
        let file = dir.join(name);
        std::fs::read_to_string(&file).map(|text| (file.clone(), text)).map_err(|source| SeedError::Io { file, source })
    };
    let (catalog_name, catalog_text) = read(CATALOG_FILE)?;
    let (plan_name, plan_text) = read(PLAN_FILE)?;
    let amendments = match read(AMENDMENTS_FILE) {
        Ok(found) => Some(found),
        Err(SeedError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    parse_amended(
        SeedFile { name: &catalog_name, text: &catalog_text },
        SeedFile { name: &plan_name, text: &plan_text },
        amendments.as_ref().map(|(name, text)| SeedFile { name, text }),
    )
}

/// The Quảng Ngãi plan compiled into the binary, so a fresh install works from any directory.
pub fn bundled() -> Result<PlanBundle, SeedError> {
    let dir = Path::new(BUNDLED_DIR);
    parse_amended(
        SeedFile { name: &dir.join(CATALOG_FILE), text: BUNDLED_CATALOG },
        SeedFile { name: &dir.join(PLAN_FILE), text: BUNDLED_PLAN },
        Some(SeedFile { name: &dir.join(AMENDMENTS_FILE), text: BUNDLED_AMENDMENTS }),
    )
}

/// A plan that was never amended.
pub fn parse(catalog_file: SeedFile, plan_file: SeedFile) -> Result<PlanBundle, SeedError> {
    parse_amended(catalog_file, plan_file, None)
}

/// A plan with its amendments; the plan is checked on every day it changes before it is returned.
pub fn parse_amended(
    catalog_file: SeedFile,
    plan_file: SeedFile,
    amendments_file: Option<SeedFile>,
) -> Result<PlanBundle, SeedError> {
    let mut places = Places::default();
    let catalog = parse_catalog(catalog_file, &mut places)?;
    let plan = parse_plan(plan_file, &catalog, &mut places)?;
    let amendments = match amendments_file {
        Some(file) => parse_amendments(file, &catalog, &plan, &mut places)?,
        None => Vec::new(),
    };
    let bundle = PlanBundle { catalog, plan, amendments };
    if let Err(e) = PlanTimeline::new(bundle.clone()) {
        let (file, span, prefix) = match &e.at {
            Anchor::Plan => (plan_file, places.coordinator.clone(), String::new()),
            Anchor::Amendment(i) => (
                amendments_file.unwrap_or(plan_file),
                places.amendments.get(*i).cloned().unwrap_or(0..0),
                format!("amendment {}.", i + 1),
            ),
            Anchor::Task(reference) => match places.tasks.get(reference) {
                Some((true, span)) => (plan_file, span.clone(), format!("task {reference}.")),
                Some((false, span)) => {
                    (amendments_file.unwrap_or(plan_file), span.clone(), format!("task {reference}."))
                }
                None => (plan_file, 0..0, format!("task {reference}.")),
            },
            Anchor::Agency(code) => {
                (catalog_file, places.agencies.get(code).cloned().unwrap_or(0..0), format!("agency {code}."))
            }
        };
        return Err(file.error(span, format!("{prefix}{}", e.field), e.message));
    }
    Ok(bundle)
}

/// Where things were written, for pointing at them when the plan as a whole does not hold together.
#[derive(Default)]
struct Places {
    agencies: HashMap<String, Range<usize>>,
    coordinator: Range<usize>,
    /// Per task: whether it is in plan.toml (else added by an amendment), and where.
    tasks: HashMap<TaskRef, (bool, Range<usize>)>,
    /// The date of each amendment, in date order.
    amendments: Vec<Range<usize>>,
}

/// A date written as a TOML date (2025-03-01).
fn date(file: SeedFile, value: &Spanned<toml::value::Datetime>, field: &str) -> Result<NaiveDate, SeedError> {
    value
        .get_ref()
        .date
        .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
        .filter(|_| value.get_ref().time.is_none())
        .ok_or_else(|| file.error(value.span(), field, "write the date as 2025-03-01"))
}

fn from_toml<T: serde::de::DeserializeOwned>(file: SeedFile) -> Result<T, SeedError> {
    toml::from_str(file.text).map_err(|e| {
        let message = e.message().trim().to_string();
        // serde names the offending field between backticks ("missing field `lead`").
        let field = message.split('`').nth(1).unwrap_or("-").to_string();
        file.error(e.span().unwrap_or(0..0), field, message)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogFile {
    catalog: RawCatalogMeta,
    #[serde(default)]
    agency: Vec<RawAgency>,
    #[serde(default)]
    group: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogMeta {
    id: Spanned<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgency {
    code: Spanned<String>,
    name: Spanned<String>,
    short: Option<String>,
    kind: Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    since: Option<Spanned<toml::value::Datetime>>,
    until: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    successors: Vec<Spanned<String>>,
    #[serde(default)]
    former: Vec<RawFormerName>,
    /// Where the facts about the agency come from; for people, not for the bot.
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormerName {
    until: Spanned<toml::value::Datetime>,
    name: String,
    short: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    code: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    members: Vec<Spanned<String>>,
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_catalog(file: SeedFile, places: &mut Places) -> Result<Catalog, SeedError> {
    let raw: RawCatalogFile = from_toml(file)?;
    if !valid_code(raw.catalog.id.get_ref()) {
        return Err(file.error(raw.catalog.id.span(), "catalog.id", "use lower-case letters, digits and “-”"));
    }
    let mut seen = HashSet::new();
    let mut agencies = Vec::with_capacity(raw.agency.len());
    let mut successor_spans: Vec<Vec<Spanned<String>>> = Vec::with_capacity(raw.agency.len());
    for a in raw.agency {
        let code = a.code.get_ref().clone();
        let field = format!("agency {code}");
        if !valid_code(&code) {
            return Err(file.error(a.code.span(), format!("{field}.code"), "use lower-case letters, digits and “-”"));
        }
        if !seen.insert(code.clone()) {
            return Err(file.error(a.code.span(), format!("{field}.code"), "this code is used twice"));
        }
        if a.name.get_ref().trim().is_empty() {
            return Err(file.error(a.name.span(), format!("{field}.name"), "the name is empty"));
        }
        let kind = AgencyKind::parse(a.kind.get_ref()).ok_or_else(|| {
            let kinds: Vec<_> = AgencyKind::ALL.iter().map(|k| k.as_str()).collect();
            file.error(a.kind.span(), format!("{field}.kind"), format!("must be one of {}", kinds.join(", ")))
        })?;
        let since = a.since.as_ref().map(|d| date(file, d, &format!("{field}.since"))).transpose()?;
        let until = a.until.as_ref().map(|d| date(file, d, &format!("{field}.until"))).transpose()?;
        if let (Some(since), Some(until), Some(span)) = (since, until, a.until.as_ref().map(Spanned::span))
            && until < since
        {
            return Err(file.error(span, format!("{field}.until"), "it ends before it was set up"));
        }
        if until.is_none()
            && let Some(first) = a.successors.first()
        {
            return Err(file.error(
                first.span(),
                format!("{field}.successors"),
                "only an agency that ended (until = …) has successors",
            ));
        }
        let mut former = Vec::with_capacity(a.former.len());
        for f in a.former {
            let day = date(file, &f.until, &format!("{field}.former.until"))?;
            if former.last().is_some_and(|p: &FormerName| p.until >= day) || until.is_some_and(|u| day > u) {
                return Err(file.error(
                    f.until.span(),
                    format!("{field}.former.until"),
                    "former names go oldest first, each before the agency ended",
                ));
            }
            former.push(FormerName { until: day, name: f.name, short: f.short, aliases: f.aliases });
        }
        places.agencies.insert(code.clone(), a.code.span());
        successor_spans.push(a.successors.clone());
        agencies.push(Agency {
            code,
            name: a.name.into_inner(),
            short: a.short,
            kind,
            aliases: a.aliases,
            since,
            until,
            successors: a.successors.into_iter().map(Spanned::into_inner).collect(),
            former,
        });
    }
    // Successors: known, set up by the day after their predecessor ended.
    for (agency, spans) in agencies.iter().zip(&successor_spans) {
        for s in spans {
            let field = format!("agency {}.successors", agency.code);
            let Some(successor) = agencies.iter().find(|a| a.code == *s.get_ref()) else {
                return Err(file.error(s.span(), field, format!("unknown agency “{}”", s.get_ref())));
            };
            if successor.code == agency.code {
                return Err(file.error(s.span(), field, "an agency cannot succeed itself"));
            }
            let next_day = agency.until.map(|u| u + chrono::TimeDelta::days(1));
            if let (Some(next), Some(since)) = (next_day, successor.since)
                && since > next
            {
                return Err(file.error(
                    s.span(),
                    field,
                    format!("“{}” was set up on {since}, after “{}” ended", successor.code, agency.code),
                ));
            }
        }
    }
    let known: HashSet<&str> = agencies.iter().map(|a| a.code.as_str()).collect();
    let mut groups = Vec::with_capacity(raw.group.len());
    for g in raw.group {
        let code = g.code.get_ref().clone();
        if !valid_code(&code) {
            return Err(file.error(
                g.code.span(),
                format!("group {code}.code"),
                "use lower-case letters, digits and “-”",
            ));
        }
        if !seen.insert(code.clone()) {
            return Err(file.error(g.code.span(), format!("group {code}.code"), "this code is used twice"));
        }
        let mut members = Vec::with_capacity(g.members.len());
        for m in g.members {
            if !known.contains(m.get_ref().as_str()) {
                return Err(file.error(
                    m.span(),
                    format!("group {code}.members"),
                    format!("unknown agency “{}”", m.get_ref()),
                ));
            }
            members.push(m.into_inner());
        }
        groups.push(Group { code, name: g.name, aliases: g.aliases, members });
    }
    Ok(Catalog::new(raw.catalog.id.into_inner(), raw.catalog.name, agencies, groups))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanFile {
    plan: RawPlanMeta,
    #[serde(default)]
    section: Vec<RawSection>,
    #[serde(default)]
    task: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanMeta {
    id: Spanned<String>,
    catalog: Spanned<String>,
    code: String,
    title: String,
    short_title: Option<String>,
    issuer: String,
    issued: Spanned<toml::value::Datetime>,
    coordinator: Spanned<String>,
    ends: Spanned<i32>,
    #[serde(default)]
    review_done: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    #[serde(rename = "ref")]
    reference: Spanned<String>,
    title: Spanned<String>,
    lead: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    support: Vec<Spanned<String>>,
    #[serde(default)]
    requested: Vec<Spanned<String>>,
    product: String,
    timeframe: Spanned<String>,
}

fn parse_plan(file: SeedFile, catalog: &Catalog, places: &mut Places) -> Result<Plan, SeedError> {
    let raw: RawPlanFile = from_toml(file)?;
    let m = raw.plan;
    if !valid_code(m.id.get_ref()) {
        return Err(file.error(m.id.span(), "plan.id", "use lower-case letters, digits and “-”"));
    }
    if m.catalog.get_ref() != &catalog.id {
        return Err(file.error(
            m.catalog.span(),
            "plan.catalog",
            format!("the catalog beside this plan is “{}”, not “{}”", catalog.id, m.catalog.get_ref()),
        ));
    }
    if catalog.agency(m.coordinator.get_ref()).is_none() {
        return Err(unknown_agency(file, &m.coordinator, "plan.coordinator", catalog));
    }
    places.coordinator = m.coordinator.span();
    let issued = date(file, &m.issued, "plan.issued")?;
    let ends = *m.ends.get_ref();
    if !(issued.year()..=2200).contains(&ends) {
        return Err(file.error(m.ends.span(), "plan.ends", "the last year must not be before the plan is issued"));
    }

    let mut sections = Vec::with_capacity(raw.section.len());
    for s in raw.section {
        if parse_roman(s.id.get_ref()).is_none() || s.id.get_ref().to_ascii_uppercase() != *s.id.get_ref() {
            return Err(file.error(s.id.span(), "section.id", "a section is a Roman numeral: I, II, III …"));
        }
        if sections.iter().any(|x: &Section| x.id == *s.id.get_ref()) {
            return Err(file.error(s.id.span(), "section.id", format!("section {} is listed twice", s.id.get_ref())));
        }
        sections.push(Section { id: s.id.into_inner(), title: s.title });
    }

    let mut tasks: Vec<Task> = Vec::with_capacity(raw.task.len());
    for t in raw.task {
        let span = t.reference.span();
        let task = parse_task(file, t, catalog, &sections, "task")?;
        if tasks.iter().any(|x| x.reference == task.reference) {
            let reference = task.reference;
            return Err(file.error(span, format!("task {reference}.ref"), format!("task {reference} is listed twice")));
        }
        places.tasks.insert(task.reference, (true, span));
        tasks.push(task);
    }
    tasks.sort_by_key(|t| t.reference);

    Ok(Plan {
        meta: PlanMeta {
            id: m.id.into_inner(),
            catalog: m.catalog.into_inner(),
            code: m.code,
            title: m.title,
            short_title: m.short_title,
            issuer: m.issuer,
            issued,
            coordinator: m.coordinator.into_inner(),
            ends,
            review_done: m.review_done.unwrap_or(true),
        },
        sections,
        tasks,
    })
}

/// One `[[task]]` (or `[[amendment.add_task]]`), checked against the catalog and the plan's sections.
fn parse_task(
    file: SeedFile,
    t: RawTask,
    catalog: &Catalog,
    sections: &[Section],
    prefix: &str,
) -> Result<Task, SeedError> {
    let reference: TaskRef = t.reference.get_ref().parse().map_err(|e: super::task_ref::BadTaskRef| {
        file.error(t.reference.span(), format!("{prefix}.ref"), e.to_string())
    })?;
    let field = |name: &str| format!("{prefix} {reference}.{name}");
    if !sections.iter().any(|s| s.id == reference.section_id()) {
        return Err(file.error(
            t.reference.span(),
            field("ref"),
            format!("there is no section {}", reference.section_id()),
        ));
    }
    if t.title.get_ref().trim().is_empty() {
        return Err(file.error(t.title.span(), field("title"), "the title is empty"));
    }
    if t.lead.get_ref().is_empty() {
        return Err(file.error(t.lead.span(), field("lead"), "a task needs at least one lead agency"));
    }
    let assignees = |list: &[Spanned<String>], name: &str| -> Result<Vec<Assignee>, SeedError> {
        list.iter()
            .map(|s| {
                let a = Assignee::parse(s.get_ref());
                if catalog.knows(&a) { Ok(a) } else { Err(unknown_agency(file, s, &field(name), catalog)) }
            })
            .collect()
    };
    let lead = assignees(t.lead.get_ref(), "lead")?;
    let support = assignees(&t.support, "support")?;
    let mut requested = Vec::with_capacity(t.requested.len());
    for r in t.requested {
        if !support.contains(&Assignee::Agency(r.get_ref().clone())) {
            return Err(file.error(
                r.span(),
                field("requested"),
                format!("“{}” must also be listed in support", r.get_ref()),
            ));
        }
        requested.push(r.into_inner());
    }
    let timeframe = Timeframe::parse(t.timeframe.get_ref())
        .map_err(|e| file.error(t.timeframe.span(), field("timeframe"), e.to_string()))?;
    Ok(Task {
        reference,
        title: t.title.into_inner(),
        lead,
        support,
        requested,
        product: t.product,
        timeframe_text: t.timeframe.into_inner(),
        timeframe,
        due: None,
        succession: Vec::new(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmendmentsFile {
    #[serde(default)]
    amendment: Vec<RawAmendment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmendment {
    date: Spanned<toml::value::Datetime>,
    title: String,
    basis: Spanned<String>,
    coordinator: Option<Spanned<String>>,
    #[serde(default)]
    transfer: Vec<RawTransfer>,
    #[serde(default)]
    replace_group: Vec<RawGroupReplacement>,
    #[serde(default)]
    add_task: Vec<RawTask>,
    #[serde(default)]
    remove_tasks: Vec<Spanned<String>>,
    #[serde(default)]
    reword: Vec<RawReword>,
    #[serde(default)]
    deadline: Vec<RawDeadline>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransfer {
    from: Spanned<String>,
    to: Vec<Spanned<String>>,
    #[serde(default)]
    tasks: Vec<Spanned<String>>,
    /// Why this successor takes these tasks; for people, not for the bot.
    #[serde(default)]
    #[allow(dead_code)]
    why: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroupReplacement {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    within_successors: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReword {
    #[serde(rename = "ref")]
    reference: Spanned<String>,
    title: Option<String>,
    product: Option<String>,
    timeframe: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    #[serde(rename = "ref")]
    reference: Spanned<String>,
    due: Spanned<toml::value::Datetime>,
}

fn parse_amendments(
    file: SeedFile,
    catalog: &Catalog,
    plan: &Plan,
    places: &mut Places,
) -> Result<Vec<Amendment>, SeedError> {
    let raw: RawAmendmentsFile = from_toml(file)?;
    let reference = |s: &Spanned<String>, field: &str| -> Result<TaskRef, SeedError> {
        s.get_ref().parse().map_err(|e: super::task_ref::BadTaskRef| file.error(s.span(), field, e.to_string()))
    };
    let agency = |s: &Spanned<String>, field: &str| -> Result<String, SeedError> {
        match catalog.agency(s.get_ref()) {
            Some(a) => Ok(a.code.clone()),
            None => Err(unknown_agency(file, s, field, catalog)),
        }
    };
    let group = |s: &Spanned<String>, field: &str| -> Result<String, SeedError> {
        let code = s.get_ref().trim_start_matches('@');
        match catalog.group(code) {
            Some(g) => Ok(g.code.clone()),
            None => Err(unknown_agency(file, s, field, catalog)),
        }
    };
    let mut out: Vec<(Range<usize>, Amendment)> = Vec::with_capacity(raw.amendment.len());
    for a in raw.amendment {
        let day = date(file, &a.date, "amendment.date")?;
        if day < plan.meta.issued {
            return Err(file.error(
                a.date.span(),
                "amendment.date",
                format!("{day} is before the plan was issued ({})", plan.meta.issued),
            ));
        }
        if a.basis.get_ref().trim().is_empty() {
            return Err(file.error(a.basis.span(), "amendment.basis", "name the legal basis of the amendment"));
        }
        let coordinator = a.coordinator.as_ref().map(|c| agency(c, "amendment.coordinator")).transpose()?;
        let mut transfers = Vec::with_capacity(a.transfer.len());
        for t in &a.transfer {
            transfers.push(Transfer {
                from: agency(&t.from, "amendment.transfer.from")?,
                to: t.to.iter().map(|c| agency(c, "amendment.transfer.to")).collect::<Result<_, _>>()?,
                tasks: t.tasks.iter().map(|r| reference(r, "amendment.transfer.tasks")).collect::<Result<_, _>>()?,
            });
        }
        let replace_groups = a
            .replace_group
            .iter()
            .map(|r| {
                Ok(GroupReplacement {
                    from: group(&r.from, "amendment.replace_group.from")?,
                    to: group(&r.to, "amendment.replace_group.to")?,
                    within_successors: r.within_successors,
                })
            })
            .collect::<Result<Vec<_>, SeedError>>()?;
        let mut add_tasks = Vec::with_capacity(a.add_task.len());
        for t in a.add_task {
            let span = t.reference.span();
            let task = parse_task(file, t, catalog, &plan.sections, "amendment.add_task")?;
            places.tasks.entry(task.reference).or_insert((false, span));
            add_tasks.push(task);
        }
        let remove_tasks =
            a.remove_tasks.iter().map(|r| reference(r, "amendment.remove_tasks")).collect::<Result<_, _>>()?;
        let mut rewords = Vec::with_capacity(a.reword.len());
        for r in a.reword {
            if let Some(text) = &r.timeframe {
                Timeframe::parse(text.get_ref())
                    .map_err(|e| file.error(text.span(), "amendment.reword.timeframe", e.to_string()))?;
            }
            rewords.push(Reword {
                reference: reference(&r.reference, "amendment.reword.ref")?,
                title: r.title,
                product: r.product,
                timeframe: r.timeframe.map(Spanned::into_inner),
            });
        }
        let mut deadlines = Vec::with_capacity(a.deadline.len());
        for d in &a.deadline {
            let due = date(file, &d.due, "amendment.deadline.due")?;
            if due < plan.meta.issued {
                return Err(file.error(
                    d.due.span(),
                    "amendment.deadline.due",
                    "a deadline before the plan was issued",
                ));
            }
            deadlines.push(Deadline { reference: reference(&d.reference, "amendment.deadline.ref")?, due });
        }
        out.push((
            a.date.span(),
            Amendment {
                date: day,
                title: a.title,
                basis: a.basis.into_inner(),
                coordinator,
                transfers,
                replace_groups,
                add_tasks,
                remove_tasks,
                rewords,
                deadlines,
            },
        ));
    }
    out.sort_by_key(|(_, a)| a.date);
    places.amendments = out.iter().map(|(span, _)| span.clone()).collect();
    Ok(out.into_iter().map(|(_, a)| a).collect())
}

fn unknown_agency(file: SeedFile, code: &Spanned<String>, field: &str, catalog: &Catalog) -> SeedError {
    let wanted = code.get_ref().trim_start_matches('@');
    let closest = catalog.closest_codes(wanted, 3);
    file.error(
        code.span(),
        field,
        format!("unknown agency or group “{}” (closest: {})", code.get_ref(), closest.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
