//! Reporting terms (kỳ báo cáo): the spans a periodic report covers, as the office names them — a
//! quarter, six months, a year, a stage of the plan ("giai đoạn 2021–2025").

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A span of whole months or years that a periodic report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    /// Quý I–IV.
    Quarter {
        year: i32,
        quarter: u8,
    },
    /// 6 tháng đầu năm (1) or cuối năm (2).
    Half {
        year: i32,
        half: u8,
    },
    Year(i32),
    /// A stage of several years, both included.
    Years {
        first: i32,
        last: i32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a reporting term: write 2026, 2026-H2, 2026-Q3 or 2021-2025")]
pub struct BadTerm(pub String);

/// Years outside this range are typing mistakes, not plans.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl Term {
    /// The first day the term covers.
    pub fn first_day(&self) -> NaiveDate {
        let (year, month) = match *self {
            Term::Quarter { year, quarter } => (year, u32::from(quarter) * 3 - 2),
            Term::Half { year, half } => (year, if half == 1 { 1 } else { 7 }),
            Term::Year(year) => (year, 1),
            Term::Years { first, .. } => (first, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("terms are validated")
    }

    /// The last day the term covers.
    pub fn last_day(&self) -> NaiveDate {
        let (year, month) = match *self {
            Term::Quarter { year, quarter } => (year, u32::from(quarter) * 3),
            Term::Half { year, half } => (year, if half == 1 { 6 } else { 12 }),
            Term::Year(year) => (year, 12),
            Term::Years { last, .. } => (last, 12),
        };
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        next.expect("terms are validated").pred_opt().expect("not the first day of time")
    }

    /// The term a report made on `today` would most likely mean: the year so far.
    pub fn current(today: NaiveDate) -> Self {
        Term::Year(today.year())
    }

    /// Reads a term as the command line writes it ("2026", "2026-H2", "2026-Q3", "2021-2025") or as
    /// people say it, with or without diacritics ("6 tháng cuối năm 2026", "quý 3", "năm nay",
    /// "giai đoạn 2021-2025"). A term without a year is in the year of `today`.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, BadTerm> {
        let bad = || BadTerm(text.trim().to_string());
        let folded = crate::text::fold(text).replace(['–', '—', '/'], "-");
        let words: Vec<&str> =
            folded.split(|c: char| c.is_whitespace() || c == ',' || c == '.').filter(|w| !w.is_empty()).collect();
        // Years written in full; "2021-2025" as one word is split here.
        let mut years = Vec::new();
        let mut half = None;
        let mut quarter = None;
        let mut this_year = false;
        let mut i = 0;
        while i < words.len() {
            let word = words[i];
            let next = words.get(i + 1).copied();
            match word {
                // The words around a term: "báo cáo định kỳ năm 2026", "xuất word sơ kết 6 tháng đầu năm".
                "nam" | "giai" | "doan" | "ky" | "bao" | "cao" | "-" | "den" | "tu" | "dinh" | "so" | "ket"
                | "tong" | "xuat" | "file" | "tep" | "ban" | "word" | "cho" | "gui" | "lap" | "lam" | "cua" | "toi" => {
                    if word == "nam" && next == Some("nay") {
                        this_year = true;
                        i += 1;
                    }
                }
                "nay" => this_year = true,
                "6" | "06" | "sau" if next == Some("thang") => {
                    half = match words.get(i + 2).copied() {
                        Some("dau") => Some(1),
                        Some("cuoi") => Some(2),
                        _ => return Err(bad()),
                    };
                    i += 2;
                }
                "quy" => {
                    let q = next.and_then(quarter_number).ok_or_else(bad)?;
                    quarter = Some(q);
                    i += 1;
                }
                _ => {
                    for part in word.split('-').filter(|p| !p.is_empty()) {
                        if let Ok(year) = part.parse::<i32>() {
                            if !YEARS.contains(&year) {
                                return Err(bad());
                            }
                            years.push(year);
                        } else if let Some(h) = part.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()) {
                            half = Some(h);
                        } else if let Some(q) = part.strip_prefix('q').and_then(quarter_number) {
                            quarter = Some(q);
                        } else {
                            return Err(bad());
                        }
                    }
                }
            }
            i += 1;
        }
        let year_of = |years: &[i32]| match years {
            [] => Ok(today.year()),
            [year] => Ok(*year),
            _ => Err(bad()),
        };
        if this_year && !years.is_empty() {
            return Err(bad());
        }
        let term = match (half, quarter) {
            (Some(h @ (1 | 2)), None) => Term::Half { year: year_of(&years)?, half: h },
            (None, Some(q)) => Term::Quarter { year: year_of(&years)?, quarter: q },
            (None, None) => match years.as_slice() {
                [] if this_year => Term::Year(today.year()),
                [year] => Term::Year(*year),
                [first, last] if first < last => Term::Years { first: *first, last: *last },
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        };
        Ok(term)
    }
}

fn quarter_number(word: &str) -> Option<u8> {
    match word {
        "1" | "i" => Some(1),
        "2" | "ii" => Some(2),
        "3" | "iii" => Some(3),
        "4" | "iv" => Some(4),
        _ => None,
    }
}

/// The command line's form: "2026-Q3", "2026-H2", "2026", "2021-2025" (also in file names).
impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Term::Half { year, half } => write!(f, "{year}-H{half}"),
            Term::Year(year) => write!(f, "{year}"),
            Term::Years { first, last } => write!(f, "{first}-{last}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_command_line_forms_and_spans_whole_months() {
        let today = day("2026-11-29");
        for (text, term, first, last) in [
            ("2026", Term::Year(2026), "2026-01-01", "2026-12-31"),
            ("2026-H2", Term::Half { year: 2026, half: 2 }, "2026-07-01", "2026-12-31"),
            ("2026-h1", Term::Half { year: 2026, half: 1 }, "2026-01-01", "2026-06-30"),
            ("2026-Q1", Term::Quarter { year: 2026, quarter: 1 }, "2026-01-01", "2026-03-31"),
            ("2024-Q4", Term::Quarter { year: 2024, quarter: 4 }, "2024-10-01", "2024-12-31"),
            ("2021-2025", Term::Years { first: 2021, last: 2025 }, "2021-01-01", "2025-12-31"),
        ] {
            let parsed = Term::parse(text, today).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed, term, "{text}");
            assert_eq!((parsed.first_day(), parsed.last_day()), (day(first), day(last)), "{text}");
            assert_eq!(Term::parse(&parsed.to_string(), today), Ok(parsed), "{text} round trip");
        }
    }

    #[test]
    fn reads_terms_as_people_say_them() {
        let today = day("2026-11-29");
        for (text, term) in [
            ("6 tháng cuối năm 2026", Term::Half { year: 2026, half: 2 }),
            ("6 thang dau nam", Term::Half { year: 2026, half: 1 }),
            ("sáu tháng đầu năm 2025", Term::Half { year: 2025, half: 1 }),
            ("quý 3", Term::Quarter { year: 2026, quarter: 3 }),
            ("quý III năm 2025", Term::Quarter { year: 2025, quarter: 3 }),
            ("năm nay", Term::Year(2026)),
            ("năm 2025", Term::Year(2025)),
            ("giai đoạn 2021–2025", Term::Years { first: 2021, last: 2025 }),
            ("2021 - 2025", Term::Years { first: 2021, last: 2025 }),
            ("bao cao dinh ky 6 thang cuoi nam", Term::Half { year: 2026, half: 2 }),
            ("xuất word báo cáo tổng kết giai đoạn 2021-2025", Term::Years { first: 2021, last: 2025 }),
        ] {
            assert_eq!(Term::parse(text, today), Ok(term), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_term() {
        let today = day("2026-11-29");
        for text in [
            "",
            "abc",
            "báo cáo định kỳ",
            "2026-H3",
            "2026-Q5",
            "quý",
            "2025-2021",
            "2026 2027 2028",
            "năm nay 2025",
            "99999",
        ] {
            assert!(Term::parse(text, today).is_err(), "{text} read as a term");
        }
    }
}
