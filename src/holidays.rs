//! Working days in Vietnam: weekends, the public holidays (shipped as data in `seeds/holidays.toml`, with
//! their sources), and the days a deployment adds or removes (`phoihop settings set holidays_add …`).
//! The schedule moves a digest that falls on a day off to the next working day and a reminder to the
//! last working day before; deadlines ("quá hạn N ngày") stay in calendar days, as plans write them.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use serde::Deserialize;

const BUNDLED: &str = include_str!("../seeds/holidays.toml");

/// Settings keys whose values are comma-separated dates (2026-09-03, 2026-09-04).
pub const ADD_KEY: &str = "holidays_add";
pub const REMOVE_KEY: &str = "holidays_remove";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    days_off: BTreeSet<NaiveDate>,
    /// Saturdays worked in exchange for a day off (làm bù).
    working_saturdays: BTreeSet<NaiveDate>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    holiday: Vec<Entry>,
    #[serde(default)]
    working_saturday: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    date: toml::value::Datetime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a list of dates like 2026-09-03, 2026-09-04")]
pub struct BadDays(pub String);

impl Holidays {
    pub fn new(days_off: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { days_off: days_off.into_iter().collect(), working_saturdays: BTreeSet::new() }
    }

    /// The shipped days off, with the stored additions and removals (unreadable ones skipped and logged).
    pub fn from_stored(settings: &[(String, String)]) -> Self {
        let mut holidays = Self::bundled();
        for (key, value) in settings {
            let days = match parse_days(value) {
                Ok(days) => days,
                Err(e) => {
                    tracing::warn!(error = %e, key, "ignoring stored holidays");
                    continue;
                }
            };
            match key.as_str() {
                ADD_KEY => holidays.days_off.extend(days),
                REMOVE_KEY => days.iter().for_each(|d| {
                    holidays.days_off.remove(d);
                }),
                _ => {}
            }
        }
        holidays
    }

    /// The days off shipped in `seeds/holidays.toml` (checked by a test; an unreadable entry is skipped).
    pub fn bundled() -> Self {
        let file: File = toml::from_str(BUNDLED).unwrap_or(File { holiday: Vec::new(), working_saturday: Vec::new() });
        let date =
            |e: &Entry| e.date.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
        Self {
            days_off: file.holiday.iter().filter_map(date).collect(),
            working_saturdays: file.working_saturday.iter().filter_map(date).collect(),
        }
    }

    pub fn is_day_off(&self, day: NaiveDate) -> bool {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.working_saturdays.contains(&day);
        weekend || self.days_off.contains(&day)
    }

    /// `day`, or the first working day after it.
    pub fn on_or_after(&self, day: NaiveDate) -> NaiveDate {
        (0..60).map(|k| day + TimeDelta::days(k)).find(|d| !self.is_day_off(*d)).unwrap_or(day)
    }

    /// `day`, or the last working day before it.
    pub fn on_or_before(&self, day: NaiveDate) -> NaiveDate {
        (0..60).map(|k| day - TimeDelta::days(k)).find(|d| !self.is_day_off(*d)).unwrap_or(day)
    }
}

/// "2026-09-03, 2026-09-04" (empty: none).
pub fn parse_days(value: &str) -> Result<Vec<NaiveDate>, BadDays> {
    value
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<NaiveDate>().map_err(|_| BadDays(value.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_shipped_days_read_and_cover_2026_and_2027() {
        let h = Holidays::bundled();
        assert!(h.is_day_off(d("2026-01-01")) && h.is_day_off(d("2026-04-30")) && h.is_day_off(d("2026-09-02")));
        assert!(h.is_day_off(d("2027-01-01")) && h.is_day_off(d("2027-09-02")));
        assert!(!h.is_day_off(d("2026-11-30")), "an ordinary Monday");
        let file: File = toml::from_str(BUNDLED).expect("seeds/holidays.toml reads");
        assert!(file.holiday.len() >= 16, "two years of holidays");
    }

    #[test]
    fn days_move_to_working_days() {
        let h = Holidays::new([d("2026-04-30"), d("2026-05-01")]);
        // Friday 1 May and Thursday 30 April off: the last working day before is Wednesday 29 April.
        assert_eq!(h.on_or_before(d("2026-05-01")), d("2026-04-29"));
        // From Saturday 2 May, the next working day is Monday 4 May.
        assert_eq!(h.on_or_after(d("2026-05-02")), d("2026-05-04"));
        assert_eq!(h.on_or_after(d("2026-11-30")), d("2026-11-30"));
    }

    #[test]
    fn a_deployment_adds_and_removes_days() {
        let stored =
            [(ADD_KEY.to_string(), "2026-11-30".to_string()), (REMOVE_KEY.to_string(), "2026-09-02".to_string())];
        let h = Holidays::from_stored(&stored);
        assert!(h.is_day_off(d("2026-11-30")) && !h.is_day_off(d("2026-09-02")));
        assert!(parse_days("2026-02-30").is_err() && parse_days("").unwrap().is_empty());
    }
}
