//! Loading a plan directory (`catalog.toml` + `plan.toml`), the format a coordinator edits by hand.
//!
//! Everything is checked before anything is returned, and every error names the file, the line and the
//! field, so a half-valid plan never reaches the database.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use super::catalog::{Agency, AgencyKind, Assignee, Catalog, Group};
use super::task_ref::{TaskRef, parse_roman};
use super::timeframe::Timeframe;
use super::{Plan, PlanBundle, PlanMeta, Section, Task};

pub const CATALOG_FILE: &str = "catalog.toml";
pub const PLAN_FILE: &str = "plan.toml";

/// The plan that ships with phoihop and is loaded into an empty database.
pub const BUNDLED_DIR: &str = "seeds/quang-ngai-16-kh-ubnd-2022";
const BUNDLED_CATALOG: &str = include_str!("../../seeds/quang-ngai-16-kh-ubnd-2022/catalog.toml");
const BUNDLED_PLAN: &str = include_str!("../../seeds/quang-ngai-16-kh-ubnd-2022/plan.toml");

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
    parse(SeedFile { name: &catalog_name, text: &catalog_text }, SeedFile { name: &plan_name, text: &plan_text })
}

/// The Quảng Ngãi plan compiled into the binary, so a fresh install works from any directory.
pub fn bundled() -> Result<PlanBundle, SeedError> {
    let dir = Path::new(BUNDLED_DIR);
    parse(
        SeedFile { name: &dir.join(CATALOG_FILE), text: BUNDLED_CATALOG },
        SeedFile { name: &dir.join(PLAN_FILE), text: BUNDLED_PLAN },
    )
}

pub fn parse(catalog_file: SeedFile, plan_file: SeedFile) -> Result<PlanBundle, SeedError> {
    let catalog = parse_catalog(catalog_file)?;
    let plan = parse_plan(plan_file, &catalog)?;
    Ok(PlanBundle { catalog, plan })
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

fn parse_catalog(file: SeedFile) -> Result<Catalog, SeedError> {
    let raw: RawCatalogFile = from_toml(file)?;
    if !valid_code(raw.catalog.id.get_ref()) {
        return Err(file.error(raw.catalog.id.span(), "catalog.id", "use lower-case letters, digits and “-”"));
    }
    let mut seen = HashSet::new();
    let mut agencies = Vec::with_capacity(raw.agency.len());
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
        agencies.push(Agency { code, name: a.name.into_inner(), short: a.short, kind, aliases: a.aliases });
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

fn parse_plan(file: SeedFile, catalog: &Catalog) -> Result<Plan, SeedError> {
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
    let issued = m
        .issued
        .get_ref()
        .date
        .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
        .filter(|_| m.issued.get_ref().time.is_none())
        .ok_or_else(|| file.error(m.issued.span(), "plan.issued", "write the date as 2022-01-27"))?;
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
        let reference: TaskRef = t
            .reference
            .get_ref()
            .parse()
            .map_err(|e: super::task_ref::BadTaskRef| file.error(t.reference.span(), "task.ref", e.to_string()))?;
        let field = |name: &str| format!("task {reference}.{name}");
        if !sections.iter().any(|s| s.id == reference.section_id()) {
            return Err(file.error(
                t.reference.span(),
                field("ref"),
                format!("there is no section {}", reference.section_id()),
            ));
        }
        if tasks.iter().any(|x| x.reference == reference) {
            return Err(file.error(t.reference.span(), field("ref"), format!("task {reference} is listed twice")));
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
        tasks.push(Task {
            reference,
            title: t.title.into_inner(),
            lead,
            support,
            requested,
            product: t.product,
            timeframe_text: t.timeframe.into_inner(),
            timeframe,
        });
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
        },
        sections,
        tasks,
    })
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
