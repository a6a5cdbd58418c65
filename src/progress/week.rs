//! ISO weeks (Monday–Sunday) in Vietnam's zone: the unit of the weekly roll-up.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, IsoWeek, NaiveDate, Utc, Weekday};

use crate::clock::local_midnight;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Week {
    pub year: i32,
    pub number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not an ISO week like 2026-W48")]
pub struct BadWeek(pub String);

impl Week {
    pub fn of(date: NaiveDate) -> Self {
        let w: IsoWeek = date.iso_week();
        Week { year: w.year(), number: w.week() }
    }

    pub fn monday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.number, Weekday::Mon).expect("weeks are validated")
    }

    pub fn sunday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.number, Weekday::Sun).expect("weeks are validated")
    }

    pub fn previous(&self) -> Self {
        Week::of(self.monday() - chrono::TimeDelta::days(7))
    }

    /// The first instant of the week (Monday 00:00 in Vietnam).
    pub fn start(&self) -> DateTime<Utc> {
        local_midnight(self.monday())
    }

    /// The first instant after the week (the next Monday 00:00 in Vietnam).
    pub fn end(&self) -> DateTime<Utc> {
        local_midnight(self.sunday() + chrono::TimeDelta::days(1))
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.number)
    }
}

impl FromStr for Week {
    type Err = BadWeek;

    /// "2026-W48" (also "2026-w48", "2026W48").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadWeek(s.to_string());
        let t = s.trim().to_ascii_uppercase();
        let (year, number) = t.split_once('W').ok_or_else(bad)?;
        let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
        let number: u32 = number.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, number, Weekday::Mon).ok_or_else(bad)?;
        Ok(Week { year, number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_of_the_reference_date() {
        let w = Week::of("2026-11-28".parse().unwrap());
        assert_eq!(w.to_string(), "2026-W48");
        assert_eq!(w.monday().to_string(), "2026-11-23");
        assert_eq!(w.sunday().to_string(), "2026-11-29");
        assert_eq!(w.previous().to_string(), "2026-W47");
        assert_eq!(w.start().to_rfc3339(), "2026-11-22T17:00:00+00:00");
        assert_eq!(w.end() - w.start(), chrono::TimeDelta::days(7));
    }

    #[test]
    fn parses_and_refuses() {
        assert_eq!("2026-W48".parse::<Week>().unwrap(), Week { year: 2026, number: 48 });
        assert_eq!("2026w05".parse::<Week>().unwrap().to_string(), "2026-W05");
        assert_eq!("2020-W53".parse::<Week>().unwrap().number, 53);
        for bad in ["2026-W54", "2026-W00", "2026-48", "tuần 48", "2025-W53"] {
            assert!(bad.parse::<Week>().is_err(), "{bad}");
        }
    }
}
