//! The agencies of a province and the groups ("các sở, ban, ngành") that plans assign tasks to.

use std::collections::HashMap;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A provincial department or department-level agency.
    Department,
    /// A district-level People's Committee.
    District,
    Party,
    Front,
    Association,
    Press,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 6] = [
        AgencyKind::Department,
        AgencyKind::District,
        AgencyKind::Party,
        AgencyKind::Front,
        AgencyKind::Association,
        AgencyKind::Press,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Department => "department",
            AgencyKind::District => "district",
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
}

impl Agency {
    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub members: Vec<String>,
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

impl Catalog {
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
        Agency {
            code: code.into(),
            name: code.to_uppercase(),
            short: None,
            kind: AgencyKind::Department,
            aliases: vec![],
        }
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

    #[test]
    fn suggests_close_codes() {
        let c = catalog();
        assert_eq!(c.closest_codes("sytt", 1), ["syt"]);
        assert_eq!(c.closest_codes("ldtbxh", 1), ["sldtbxh"]);
    }
}
