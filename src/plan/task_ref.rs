//! The reference people cite a task by: its appendix section (a Roman numeral) and its number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Task `number` of appendix section `section` (1-based), shown as "III.2".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskRef {
    pub section: u8,
    pub number: u16,
}

/// Sections are few; a plan with more than this many is not a plan a person could follow.
pub const MAX_SECTION: u8 = 39;

impl TaskRef {
    /// A reference as typed; number 0 is kept so that "III.0" can be answered as a task the plan lacks.
    pub fn new(section: u8, number: u16) -> Option<Self> {
        (1..=MAX_SECTION).contains(&section).then_some(Self { section, number })
    }

    pub fn section_id(&self) -> String {
        roman(self.section)
    }
}

impl fmt::Display for TaskRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", roman(self.section), self.number)
    }
}

impl Serialize for TaskRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TaskRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a task reference like “III.2”")]
pub struct BadTaskRef(pub String);

/// The canonical form only ("III.2"); the many forms people type are the understanding module's job.
impl FromStr for TaskRef {
    type Err = BadTaskRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadTaskRef(s.to_string());
        let (section, number) = s.split_once('.').ok_or_else(bad)?;
        let section = parse_roman(section).ok_or_else(bad)?;
        let number: u16 = number.parse().map_err(|_| bad())?;
        if number == 0 || number.to_string() != number_text(s) {
            return Err(bad());
        }
        TaskRef::new(section, number).ok_or_else(bad)
    }
}

fn number_text(s: &str) -> &str {
    s.split_once('.').map(|(_, n)| n).unwrap_or_default()
}

const ROMAN: [(u8, &str); 5] = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];

/// 1 → "I", 14 → "XIV".
pub fn roman(mut n: u8) -> String {
    let mut out = String::new();
    for &(value, digits) in &ROMAN {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// "III" or "iii" → 3; only canonical numerals (no "IIII") up to [`MAX_SECTION`].
pub fn parse_roman(s: &str) -> Option<u8> {
    let upper = s.to_ascii_uppercase();
    if upper.is_empty() || !upper.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) || upper.len() > 7 {
        return None;
    }
    (1..=MAX_SECTION).find(|&n| roman(n) == upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_round_trip() {
        for n in 1..=MAX_SECTION {
            assert_eq!(parse_roman(&roman(n)), Some(n));
        }
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(parse_roman("iiii"), None);
        assert_eq!(parse_roman("vx"), None);
        assert_eq!(parse_roman(""), None);
    }

    #[test]
    fn parses_canonical_refs_only() {
        assert_eq!("III.2".parse(), Ok(TaskRef { section: 3, number: 2 }));
        assert_eq!("V.4".parse::<TaskRef>().unwrap().to_string(), "V.4");
        for bad in ["III", "3.2", "III.0", "III.02", "III.x", "XL.1", ".1", "III.2.1"] {
            assert!(bad.parse::<TaskRef>().is_err(), "{bad}");
        }
    }
}
