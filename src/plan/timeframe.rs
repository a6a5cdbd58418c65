//! "Thời gian thực hiện": when a task is due, parsed from the words the plan uses.
//!
//! Reporting runs in periods: an annual task reports every calendar year, a phased task once per phase,
//! a task of one year once. For any date the task has one current period, whose last day is its due date.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::fold;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timeframe {
    /// "Hàng năm": every calendar year of the plan.
    Annual,
    /// "Định kỳ 02 năm": every `years` years, counted from the plan's first year.
    Every { years: u8 },
    /// "Năm 2022".
    Year { year: i32 },
    /// "Giai đoạn 2021-2025 và giai đoạn 2026-2030": consecutive multi-year phases.
    Phases { phases: Vec<(i32, i32)> },
}

/// The years a plan runs: annual and periodic tasks report within them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanYears {
    pub first: i32,
    pub last: i32,
}

/// One reporting period of a task: reports are grouped by `key` ("2026", "2021-2025").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub key: String,
    pub start: NaiveDate,
    /// The due date: the last day of the period.
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the timeframe “{text}”: {reason}")]
pub struct TimeframeError {
    pub text: String,
    pub reason: &'static str,
}

const MIN_YEAR: i32 = 1945;
const MAX_YEAR: i32 = 2200;

impl Timeframe {
    pub fn parse(text: &str) -> Result<Self, TimeframeError> {
        let err = |reason| TimeframeError { text: text.to_string(), reason };
        let folded = fold(text).replace(" - ", "-");
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let years = year_tokens(&words).ok_or_else(|| err("a year is out of range"))?;
        let rest: Vec<&str> = words.iter().copied().filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect();
        let rest = rest.join(" ");

        if years.is_empty() {
            return match rest.as_str() {
                "hang nam"
                | "hangnam"
                | "moi nam"
                | "thuong xuyen"
                | "thuong xuyen hang nam"
                | "hang nam thuong xuyen" => Ok(Timeframe::Annual),
                _ if rest.starts_with("dinh ky") => every(&words).ok_or_else(|| err("no period")),
                _ => Err(err("no year and no recurring period")),
            };
        }
        if rest.starts_with("dinh ky") {
            return Err(err("a recurring period with a year"));
        }
        match (rest.as_str(), years.as_slice()) {
            ("nam" | "trong nam" | "", [Years::One(y)]) => Ok(Timeframe::Year { year: *y }),
            (_, _) if only_phase_words(&rest) && years.iter().all(|y| matches!(y, Years::Range(..))) => {
                let phases: Vec<(i32, i32)> = years
                    .iter()
                    .map(|y| match y {
                        Years::Range(a, b) => (*a, *b),
                        Years::One(y) => (*y, *y),
                    })
                    .collect();
                if phases.iter().any(|(a, b)| a > b) {
                    return Err(err("a phase ends before it starts"));
                }
                if phases.windows(2).any(|w| w[1].0 <= w[0].1) {
                    return Err(err("phases overlap or are out of order"));
                }
                Ok(Timeframe::Phases { phases })
            }
            _ => Err(err("unrecognised wording")),
        }
    }

    /// The reporting period in force on `date`. Before the first period it is the first, after the last
    /// it is the last (which is then overdue or done).
    pub fn period_at(&self, date: NaiveDate, plan: PlanYears) -> Period {
        let year = date.year();
        match self {
            Timeframe::Annual => years_period(year.clamp(plan.first, plan.last.max(plan.first)), 1),
            Timeframe::Every { years } => {
                let n = i32::from((*years).max(1));
                let last = plan.last.max(plan.first);
                let index = (year.clamp(plan.first, last) - plan.first) / n;
                let start = plan.first + index * n;
                years_period(start, (start + n - 1).min(last) - start + 1)
            }
            Timeframe::Year { year: y } => years_period(*y, 1),
            Timeframe::Phases { phases } => {
                let (a, b) = phases
                    .iter()
                    .copied()
                    .find(|&(_, b)| year <= b)
                    .unwrap_or_else(|| *phases.last().expect("parse never yields empty phases"));
                years_period(a, b - a + 1)
            }
        }
    }

    /// The last day the timeframe covers.
    pub fn last_day(&self, plan: PlanYears) -> NaiveDate {
        let last_year = match self {
            Timeframe::Annual | Timeframe::Every { .. } => plan.last.max(plan.first),
            Timeframe::Year { year } => *year,
            Timeframe::Phases { phases } => phases.last().map(|p| p.1).unwrap_or(plan.last),
        };
        dec31(last_year)
    }
}

fn years_period(start: i32, count: i32) -> Period {
    let end = start + count.max(1) - 1;
    Period {
        key: if count <= 1 { start.to_string() } else { format!("{start}-{end}") },
        start: NaiveDate::from_ymd_opt(start, 1, 1).expect("years are range-checked"),
        end: dec31(end),
    }
}

fn dec31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("years are range-checked")
}

enum Years {
    One(i32),
    Range(i32, i32),
}

/// Years in the words: "2022" or "2021-2025" (also "2021-" followed by "2025"). `None` when a number that
/// looks like a year is out of range.
fn year_tokens(words: &[&str]) -> Option<Vec<Years>> {
    let joined = words.join(" ").replace("- ", "-");
    let mut out = Vec::new();
    for word in joined.split(' ') {
        let parts: Vec<&str> = word.trim_matches(['.', ',']).split('-').collect();
        let nums: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let looks_like_years = !nums.is_empty() && parts.iter().all(|p| p.len() == 4 || p.is_empty());
        if !looks_like_years {
            continue;
        }
        if nums.iter().any(|y| !(MIN_YEAR..=MAX_YEAR).contains(y)) {
            return None;
        }
        match nums.as_slice() {
            [y] => out.push(Years::One(*y)),
            [a, b] => out.push(Years::Range(*a, *b)),
            _ => {}
        }
    }
    Some(out)
}

fn only_phase_words(rest: &str) -> bool {
    rest.split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| matches!(w, "giai" | "doan" | "va" | "tu" | "den" | "-" | "&" | "nam"))
}

/// "Định kỳ 02 năm" → every 2 years.
fn every(words: &[&str]) -> Option<Timeframe> {
    let n: u8 = words.iter().find_map(|w| w.parse().ok())?;
    (1..=10).contains(&n).then_some(Timeframe::Every { years: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: PlanYears = PlanYears { first: 2022, last: 2030 };

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_plan_wordings() {
        assert_eq!(Timeframe::parse("Hàng năm"), Ok(Timeframe::Annual));
        assert_eq!(Timeframe::parse("Hằng năm"), Ok(Timeframe::Annual));
        assert_eq!(Timeframe::parse("Định kỳ 02 năm"), Ok(Timeframe::Every { years: 2 }));
        assert_eq!(Timeframe::parse("Năm 2022"), Ok(Timeframe::Year { year: 2022 }));
        assert_eq!(Timeframe::parse("Giai đoạn 2021-2025"), Ok(Timeframe::Phases { phases: vec![(2021, 2025)] }));
        assert_eq!(Timeframe::parse("Giai đoạn 2021-2030"), Ok(Timeframe::Phases { phases: vec![(2021, 2030)] }));
        let two = Timeframe::Phases { phases: vec![(2021, 2025), (2026, 2030)] };
        for text in [
            "Giai đoạn 2021-2025 và giai đoạn 2026-2030",
            "Giai đoạn 2021-2025 và giai đoạn 2026- 2030",
            "giai doan 2021 – 2025 va giai doan 2026–2030",
            "Giai đoạn 2021-2025, 2026-2030",
        ] {
            assert_eq!(Timeframe::parse(text), Ok(two.clone()), "{text}");
        }
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for text in [
            "",
            "Sớm",
            "Quý IV",
            "Giai đoạn 2025-2021",
            "Giai đoạn 2021-2025 và giai đoạn 2024-2030",
            "Năm 20222",
            "Năm 1800",
            "Định kỳ năm",
            "Năm 2022 và năm 2023 rồi tính",
        ] {
            assert!(Timeframe::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn periods_on_the_reference_date() {
        let today = day("2026-11-28");
        let annual = Timeframe::Annual.period_at(today, PLAN);
        assert_eq!((annual.key.as_str(), annual.end), ("2026", day("2026-12-31")));

        let year = Timeframe::Year { year: 2022 }.period_at(today, PLAN);
        assert_eq!((year.key.as_str(), year.end), ("2022", day("2022-12-31")));

        let phase = Timeframe::Phases { phases: vec![(2021, 2025)] }.period_at(today, PLAN);
        assert_eq!((phase.key.as_str(), phase.end), ("2021-2025", day("2025-12-31")));

        let two = Timeframe::Phases { phases: vec![(2021, 2025), (2026, 2030)] };
        assert_eq!(two.period_at(today, PLAN).key, "2026-2030");
        assert_eq!(two.period_at(day("2023-05-01"), PLAN).key, "2021-2025");

        let every2 = Timeframe::Every { years: 2 };
        assert_eq!(every2.period_at(today, PLAN).key, "2026-2027");
        assert_eq!(every2.period_at(day("2022-03-01"), PLAN).key, "2022-2023");
        assert_eq!(every2.period_at(day("2030-03-01"), PLAN).key, "2030");
    }

    #[test]
    fn clamps_outside_the_plan() {
        let before = Timeframe::Annual.period_at(day("2019-06-01"), PLAN);
        assert_eq!(before.key, "2022");
        let after = Timeframe::Annual.period_at(day("2033-06-01"), PLAN);
        assert_eq!(after.end, day("2030-12-31"));
    }

    #[test]
    fn last_days() {
        assert_eq!(Timeframe::Annual.last_day(PLAN), day("2030-12-31"));
        assert_eq!(Timeframe::Year { year: 2022 }.last_day(PLAN), day("2022-12-31"));
        let phases = Timeframe::Phases { phases: vec![(2021, 2025)] };
        assert_eq!(phases.last_day(PLAN), day("2025-12-31"));
    }
}
