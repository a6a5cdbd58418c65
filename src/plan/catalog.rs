//! The agencies of a province and the groups ("các sở, ban, ngành") that plans assign tasks to.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A provincial department or department-level agency.
    Department,
    /// A district-level People's Committee (abolished in 2025).
    District,
    /// A commune-level People's Committee: xã, phường, đặc khu.
    Commune,
    Party,
    Front,
    Association,
    Press,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 7] = [
        AgencyKind::Department,
        AgencyKind::District,
        AgencyKind::Commune,
        AgencyKind::Party,
        AgencyKind::Front,
        AgencyKind::Association,
        AgencyKind::Press,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Department => "department",
            AgencyKind::District => "district",
            AgencyKind::Commune => "commune",
            AgencyKind::Party => "party",
            AgencyKind::Front => "front",
            AgencyKind::Association => "association",
            AgencyKind::Press => "press",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    /// The name used in lists; the full name where none is given.
    pub short: Option<String>,
    pub kind: AgencyKind,
    pub aliases: Vec<String>,
    /// The first day the agency existed, when it was set up after the plans that name it began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// The last day it existed: it was merged, split or dissolved then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Who carries on its work after `until` (Nghị quyết 190/2025/QH15: the agency that took over the
    /// function carries on the tasks of the one reorganised).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
    /// Names it bore before it was renamed, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub former: Vec<FormerName>,
}

/// A name an agency bore up to a day (inclusive) before it was renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FormerName {
    pub until: NaiveDate,
    pub name: String,
    pub short: Option<String>,
    pub aliases: Vec<String>,
}

impl Agency {
    /// An agency as plans first knew it: no dates, no successors, no former names.
    pub fn new(code: impl Into<String>, name: impl Into<String>, kind: AgencyKind) -> Self {
        Self {
            code: code.into(),
            name: name.into(),
            short: None,
            kind,
            aliases: Vec::new(),
            since: None,
            until: None,
            successors: Vec::new(),
            former: Vec::new(),
        }
    }

    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// Whether the agency existed on `day`.
    pub fn exists_on(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| s <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether it had ended before `day`.
    pub fn ended_before(&self, day: NaiveDate) -> bool {
        self.until.is_some_and(|u| u < day)
    }

    /// Whether it had been set up by `day` (it may have ended since).
    pub fn started_by(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| s <= day)
    }

    /// The short name it bore on `day`: a renamed agency is shown under the name it had then.
    pub fn short_name_on(&self, day: NaiveDate) -> &str {
        match self.former.iter().find(|f| day <= f.until) {
            Some(f) => f.short.as_deref().unwrap_or(&f.name),
            None => self.short_name(),
        }
    }

    /// Every name it bore, with the last day it bore it (`None`: its name now).
    pub fn names(&self) -> impl Iterator<Item = (Option<NaiveDate>, &str)> {
        let current = std::iter::once(self.name.as_str())
            .chain(self.short.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
            .map(|n| (None, n));
        let former = self.former.iter().flat_map(|f| {
            std::iter::once(f.name.as_str())
                .chain(f.short.as_deref())
                .chain(f.aliases.iter().map(String::as_str))
                .map(move |n| (Some(f.until), n))
        });
        current.chain(former)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub members: Vec<String>,
}

/// The fields in which two entries for one agency differ.
fn agency_fields(a: &Agency, b: &Agency) -> Vec<&'static str> {
    [
        ("name", a.name == b.name),
        ("short", a.short == b.short),
        ("kind", a.kind == b.kind),
        ("aliases", a.aliases == b.aliases),
        ("since", a.since == b.since),
        ("until", a.until == b.until),
        ("successors", a.successors == b.successors),
        ("former", a.former == b.former),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(field, _)| field)
    .collect()
}

/// Who a task names: one agency, or a group written with a leading `@` in plan files.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Assignee {
    Agency(String),
    Group(String),
}

impl Assignee {
    pub fn parse(s: &str) -> Self {
        match s.strip_prefix('@') {
            Some(group) => Assignee::Group(group.to_string()),
            None => Assignee::Agency(s.to_string()),
        }
    }
}

impl std::fmt::Display for Assignee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Assignee::Agency(code) => f.write_str(code),
            Assignee::Group(code) => write!(f, "@{code}"),
        }
    }
}

impl Serialize for Assignee {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Assignee {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Assignee::parse(&s))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    agencies: Vec<Agency>,
    groups: Vec<Group>,
    agency_index: HashMap<String, usize>,
    group_index: HashMap<String, usize>,
}

impl Serialize for Catalog {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Catalog", 4)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("agencies", &self.agencies)?;
        st.serialize_field("groups", &self.groups)?;
        st.end()
    }
}

/// How a catalog brought again (with another plan's files) differs from the one kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogDifference {
    /// Kept, though the file does not have it (an older copy, or a trimmed one).
    Missing { code: String },
    /// New in the file: added.
    Added { code: String },
    /// In both, with these fields different.
    Differs { code: String, fields: Vec<&'static str> },
}

impl Catalog {
    /// The kept catalog (`self`) with what `incoming` adds. Where both have an entry and they differ, the
    /// kept one stays — one plan's copy must not undo what another plan's brought (the 2025
    /// reorganisation) — unless `incoming_wins`. Groups are named with a leading `@`.
    pub fn merged_with(&self, incoming: &Catalog, incoming_wins: bool) -> (Catalog, Vec<CatalogDifference>) {
        let mut differences = Vec::new();
        let mut agencies = Vec::with_capacity(self.agencies.len());
        for kept in &self.agencies {
            match incoming.agency(&kept.code) {
                None => {
                    differences.push(CatalogDifference::Missing { code: kept.code.clone() });
                    agencies.push(kept.clone());
                }
                Some(new) if new == kept => agencies.push(kept.clone()),
                Some(new) => {
                    differences
                        .push(CatalogDifference::Differs { code: kept.code.clone(), fields: agency_fields(kept, new) });
                    agencies.push(if incoming_wins { new.clone() } else { kept.clone() });
                }
            }
        }
        for new in incoming.agencies.iter().filter(|a| self.agency(&a.code).is_none()) {
            differences.push(CatalogDifference::Added { code: new.code.clone() });
            agencies.push(new.clone());
        }
        let mut groups = Vec::with_capacity(self.groups.len());
        for kept in &self.groups {
            let code = format!("@{}", kept.code);
            match incoming.group(&kept.code) {
                None => {
                    differences.push(CatalogDifference::Missing { code });
                    groups.push(kept.clone());
                }
                Some(new) if new == kept => groups.push(kept.clone()),
                Some(new) => {
                    let mut fields = Vec::new();
                    for (field, same) in [
                        ("name", new.name == kept.name),
                        ("aliases", new.aliases == kept.aliases),
                        ("members", new.members == kept.members),
                    ] {
                        if !same {
                            fields.push(field);
                        }
                    }
                    differences.push(CatalogDifference::Differs { code, fields });
                    groups.push(if incoming_wins { new.clone() } else { kept.clone() });
                }
            }
        }
        for new in incoming.groups.iter().filter(|g| self.group(&g.code).is_none()) {
            differences.push(CatalogDifference::Added { code: format!("@{}", new.code) });
            groups.push(new.clone());
        }
        let name = if incoming_wins { incoming.name.clone() } else { self.name.clone() };
        (Catalog::new(self.id.clone(), name, agencies, groups), differences)
    }

    /// Builds the catalog; codes must be unique and group members known (the seed loader checks both and
    /// reports where; here the first of each wins).
    pub fn new(id: String, name: String, agencies: Vec<Agency>, groups: Vec<Group>) -> Self {
        let mut agency_index = HashMap::new();
        for (i, a) in agencies.iter().enumerate() {
            agency_index.entry(a.code.clone()).or_insert(i);
        }
        let mut group_index = HashMap::new();
        for (i, g) in groups.iter().enumerate() {
            group_index.entry(g.code.clone()).or_insert(i);
        }
        Self { id, name, agencies, groups, agency_index, group_index }
    }

    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Where an agency stands in the catalog's order.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.agency_index.get(code).copied()
    }

    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agency_index.get(code).map(|&i| &self.agencies[i])
    }

    pub fn group(&self, code: &str) -> Option<&Group> {
        self.group_index.get(code).map(|&i| &self.groups[i])
    }

    pub fn knows(&self, assignee: &Assignee) -> bool {
        match assignee {
            Assignee::Agency(code) => self.agency(code).is_some(),
            Assignee::Group(code) => self.group(code).is_some(),
        }
    }

    /// The agencies an assignee stands for: itself, or a group's members.
    pub fn expand<'a>(&'a self, assignee: &'a Assignee) -> impl Iterator<Item = &'a Agency> + 'a {
        let codes: &[String] = match assignee {
            Assignee::Agency(code) => std::slice::from_ref(code),
            Assignee::Group(code) => self.group(code).map(|g| g.members.as_slice()).unwrap_or(&[]),
        };
        codes.iter().filter_map(|c| self.agency(c))
    }

    /// The agencies that carry on `code`'s work on `day`: its successors, and theirs where those ended too.
    /// Empty for an agency that exists on `day` or ended without successors.
    pub fn successors_on(&self, code: &str, day: NaiveDate) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut seen = vec![code];
        let mut queue: Vec<&str> =
            self.agency(code).map(|a| a.successors.iter().map(String::as_str).collect()).unwrap_or_default();
        queue.reverse();
        while let Some(next) = queue.pop() {
            if seen.contains(&next) {
                continue;
            }
            seen.push(next);
            match self.agency(next) {
                Some(a) if a.ended_before(day) => {
                    queue.extend(a.successors.iter().rev().map(String::as_str));
                }
                Some(a) => out.push(a.code.as_str()),
                None => {}
            }
        }
        out
    }

    /// The members of a group that exist on `day`.
    pub fn members_on<'a>(&'a self, group: &str, day: NaiveDate) -> impl Iterator<Item = &'a Agency> + 'a {
        self.group(group)
            .map(|g| g.members.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|c| self.agency(c))
            .filter(move |a| a.exists_on(day))
    }

    /// The same catalog with each group's members replaced by `members(group)`: the members in force for
    /// one stretch of a plan's life.
    pub fn with_members(&self, members: impl Fn(&Group) -> Vec<String>) -> Self {
        let groups = self.groups.iter().map(|g| Group { members: members(g), ..g.clone() }).collect();
        Self::new(self.id.clone(), self.name.clone(), self.agencies.clone(), groups)
    }

    /// The name to show for an assignee.
    pub fn display_name<'a>(&'a self, assignee: &'a Assignee) -> &'a str {
        match assignee {
            Assignee::Agency(code) => self.agency(code).map(Agency::short_name).unwrap_or(code),
            Assignee::Group(code) => self.group(code).map(|g| g.name.as_str()).unwrap_or(code),
        }
    }

    /// The known codes nearest to a mistyped one, nearest first (for "did you mean").
    pub fn closest_codes(&self, wanted: &str, limit: usize) -> Vec<&str> {
        let wanted = wanted.trim().to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .agencies
            .iter()
            .map(|a| a.code.as_str())
            .chain(self.groups.iter().map(|g| g.code.as_str()))
            .map(|code| {
                let mut score = strsim::jaro_winkler(&wanted, code);
                if !wanted.is_empty() && (code.contains(&wanted) || wanted.contains(code)) {
                    score += 0.2;
                }
                (score, code)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, code)| code).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(code: &str) -> Agency {
        Agency::new(code, code.to_uppercase(), AgencyKind::Department)
    }

    fn catalog() -> Catalog {
        Catalog::new(
            "t".into(),
            "Test".into(),
            vec![agency("syt"), agency("sxd"), agency("sldtbxh")],
            vec![Group {
                code: "so".into(),
                name: "các sở".into(),
                aliases: vec![],
                members: vec!["syt".into(), "sxd".into()],
            }],
        )
    }

    #[test]
    fn expands_groups_to_members() {
        let c = catalog();
        let group = Assignee::parse("@so");
        let members: Vec<_> = c.expand(&group).map(|a| a.code.as_str()).collect();
        assert_eq!(members, ["syt", "sxd"]);
        let single = Assignee::parse("syt");
        let one: Vec<_> = c.expand(&single).map(|a| a.code.as_str()).collect();
        assert_eq!(one, ["syt"]);
        assert_eq!(c.expand(&Assignee::parse("@nope")).count(), 0);
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn successors_follow_chains_of_reorganisations() {
        let mut old = agency("old");
        old.until = Some(day("2025-02-28"));
        old.successors = vec!["mid".into(), "keep".into()];
        let mut mid = agency("mid");
        mid.since = Some(day("2025-03-01"));
        mid.until = Some(day("2025-06-30"));
        mid.successors = vec!["new".into()];
        let mut new = agency("new");
        new.since = Some(day("2025-07-01"));
        let c = Catalog::new("t".into(), "T".into(), vec![old, mid, new, agency("keep")], vec![]);
        assert_eq!(c.successors_on("old", day("2025-04-01")), ["mid", "keep"]);
        assert_eq!(c.successors_on("old", day("2026-01-01")), ["new", "keep"]);
        assert!(c.successors_on("keep", day("2026-01-01")).is_empty());
        assert!(c.agency("mid").unwrap().exists_on(day("2025-03-01")));
        assert!(!c.agency("mid").unwrap().exists_on(day("2025-07-01")));
    }

    #[test]
    fn a_renamed_agency_shows_the_name_it_had() {
        let mut a = agency("btg");
        a.name = "Ban Tuyên giáo và Dân vận Tỉnh ủy".into();
        a.former = vec![FormerName {
            until: day("2025-02-28"),
            name: "Ban Tuyên giáo Tỉnh ủy".into(),
            short: None,
            aliases: vec!["BTG".into()],
        }];
        assert_eq!(a.short_name_on(day("2024-05-01")), "Ban Tuyên giáo Tỉnh ủy");
        assert_eq!(a.short_name_on(day("2026-05-01")), "Ban Tuyên giáo và Dân vận Tỉnh ủy");
        assert!(a.names().any(|(until, n)| n == "BTG" && until == Some(day("2025-02-28"))));
    }

    #[test]
    fn suggests_close_codes() {
        let c = catalog();
        assert_eq!(c.closest_codes("sytt", 1), ["syt"]);
        assert_eq!(c.closest_codes("ldtbxh", 1), ["sldtbxh"]);
    }
}
