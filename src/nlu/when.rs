//! Days named in a report: when the reported state held ("đã hoàn thành ngày 20/12/2025", "xong từ tháng
//! 4/2022") or when it is expected ("dự kiến xong ngày 20/12"). A coordinator starting mid-plan brings in
//! years of work this way, and a task finished on time in 2025 but reported today must count as on time.

use chrono::{Datelike, NaiveDate};

use super::words::{UNITS, Words};

/// A day as written: any of its parts may be missing ("20/12", "tháng 4/2022", "năm 2023").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatedDay {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// What a day in a report stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRole {
    /// The state held on (or since) that day.
    Held,
    /// The state is expected by then: a plan, not a fact.
    Expected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayMention {
    pub when: StatedDay,
    pub role: DayRole,
    /// The message words that said it, lead-in words ("ngày", "từ") included.
    pub words: Vec<usize>,
}

impl StatedDay {
    /// The date meant for work still to be done: a day without a year is the next such day from today.
    pub fn resolve_ahead(self, today: NaiveDate) -> Option<NaiveDate> {
        if self.year.is_some() {
            return self.resolve(today);
        }
        let on = |y: i32| StatedDay { year: Some(y), ..self }.resolve(today);
        (0..=4).find_map(|ahead| on(today.year() + ahead).filter(|d| *d >= today))
    }

    /// The date meant, read on `today`: a day without a year is the latest such day up to today; a month
    /// without a day, or a year alone, means its last day (the state held by then at the latest).
    /// `None` for a date that does not exist (31/02).
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        let last_of_month = |y: i32, m: u32| {
            let next =
                if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
            next.and_then(|d| d.pred_opt())
        };
        let on = |y: i32| match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
            (Some(m), None) => last_of_month(y, m),
            (None, _) => NaiveDate::from_ymd_opt(y, 12, 31),
        };
        match self.year {
            Some(y) => on(y),
            None => {
                // Check the day exists in some year (29/02) before choosing this year or the last.
                let this_year = on(today.year());
                match this_year {
                    Some(d) if d <= today => Some(d),
                    _ => (1..=4).find_map(|back| on(today.year() - back).filter(|d| *d <= today)),
                }
            }
        }
    }
}

/// Words before a day that make it an expectation, not a fact.
const EXPECTED_BEFORE: &[&str] =
    &["du kien", "phan dau", "se", "ke hoach", "truoc", "han", "den", "muc tieu", "cham nhat", "toi da", "hen"];

/// Lead-in words that belong to the day ("từ ngày", "vào tháng").
const LEAD_INS: &[&str] =
    &["ngay", "thang", "nam", "tu", "vao", "hoi", "luc", "trong", "tinh den", "den het", "het", "cuoi"];

const MIN_YEAR: i32 = 1945;
const MAX_YEAR: i32 = 2200;

/// The first day named in the message, if any, outside the words already `taken`.
pub fn find(w: &Words, taken: &std::collections::BTreeSet<usize>) -> Option<DayMention> {
    (0..w.words.len()).filter(|i| !taken.contains(i)).find_map(|i| day_at(w, i))
}

/// Every day named in the message, in order, outside the words already `taken`.
pub fn find_all(w: &Words, taken: &std::collections::BTreeSet<usize>) -> Vec<DayMention> {
    (0..w.words.len())
        .filter(|i| !taken.contains(i))
        .filter_map(|i| day_at(w, i))
        .filter(|m| m.words.iter().all(|k| !taken.contains(k)))
        .collect()
}

/// A day that starts at word `i`: "20/12/2025", "20-12-2025", "ngày 20 tháng 12 năm 2025",
/// "tháng 4/2022", "tháng 4 năm 2022", "từ năm 2023".
fn day_at(w: &Words, i: usize) -> Option<DayMention> {
    let text = w.text(i);
    let number = |k: usize| -> Option<u32> { w.text(k).parse().ok() };
    let (when, end) = if let Some(when) = slashed(text, w.text(i.wrapping_sub(1)) == "thang") {
        if when.year.is_none() && counts(w, i) {
            return None;
        }
        // "7/10 năm 2025": the year written apart.
        match year_after(w, i + 1) {
            (Some(year), end) if when.year.is_none() && w.text(i + 1) == "nam" => {
                (StatedDay { year: Some(year), ..when }, end)
            }
            _ => (when, i + 1),
        }
    } else if text == "ngay" && number(i + 1).is_some() {
        // "ngày 20 tháng 12 (năm 2025)"
        let day = number(i + 1)?;
        if w.text(i + 2) != "thang" {
            return None;
        }
        let month = number(i + 3)?;
        let (year, end) = year_after(w, i + 4);
        (StatedDay { year, month: Some(month), day: Some(day) }, end)
    } else if text == "thang" && number(i + 1).is_some() {
        // "tháng 4 năm 2022" (a month alone needs a lead-in: "chỉ tiêu tháng 4" names no day).
        let month = number(i + 1)?;
        let (year, end) = year_after(w, i + 2);
        if year.is_none()
            && !matches!(w.text(i.wrapping_sub(1)), "tu" | "vao" | "trong" | "hoi" | "den" | "het" | "cuoi")
        {
            return None;
        }
        (StatedDay { year, month: Some(month), day: None }, end)
    } else if text == "nam"
        && matches!(w.text(i.wrapping_sub(1)), "tu" | "trong" | "hoi" | "vao" | "cuoi" | "truoc" | "xong")
        || text == "nam" && w.text(i.wrapping_sub(1)) == "thanh" && w.text(i.wrapping_sub(2)) == "hoan"
    {
        // A year alone needs a word that makes it a time: "kế hoạch năm 2026" names no day.
        let (year, end) = year_after(w, i);
        (StatedDay { year: Some(year?), month: None, day: None }, end)
    } else {
        return None;
    };
    if when.month.is_some_and(|m| !(1..=12).contains(&m)) || when.day.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    if when.year.is_some_and(|y| !(MIN_YEAR..=MAX_YEAR).contains(&y)) {
        return None;
    }
    // The lead-in words before it belong to it ("tính đến hết tháng 10").
    let mut start = i;
    while let Some(len) = LEAD_INS.iter().map(|l| l.split(' ').count()).find(|&len| {
        start >= len && LEAD_INS.iter().any(|l| l.split(' ').count() == len && w.phrase_at(l, start - len))
    }) {
        start -= len;
    }
    // Within the few words before: "dự kiến hoàn thành ngày …", "phấn đấu xong trước …".
    let marked = |p: &str| {
        let len = p.split(' ').count();
        (start.saturating_sub(4 + len)..start).any(|k| k + len <= start && w.phrase_at(p, k))
    };
    // "đến 30/10/2026 đã đạt 60%": by that day it had, a state held, not one expected.
    let reached = matches!(w.text(end), "da" | "dat" | "duoc");
    let expected = EXPECTED_BEFORE.iter().any(|p| marked(p) && !(reached && *p == "den"));
    Some(DayMention {
        when,
        role: if expected { DayRole::Expected } else { DayRole::Held },
        words: (start..end).collect(),
    })
}

/// Whether "7/10" at word `i` counts things, not a day: no lead-in ("ngày", "từ") stands before it, and a
/// count unit follows ("7/10 xã"), or any other noun after a part smaller than its whole ("xong 8/10 công
/// trình"). A day is followed by nothing, a year, or a word of time or status ("20/12 theo kế hoạch").
pub fn counts(w: &Words, i: usize) -> bool {
    let lead_in = i > 0 && LEAD_INS.contains(&w.text(i - 1));
    let next = w.text(i + 1);
    let proper_part = w
        .text(i)
        .split_once('/')
        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
        .is_some_and(|(part, whole)| part < whole);
    let noun =
        !next.is_empty() && !next.starts_with(|c: char| c.is_ascii_digit()) && !NOT_COUNTED_AFTER.contains(&next);
    !lead_in && (counted_by(next) || proper_part && noun)
}

/// Words after "8/10" that make it a day, not a count: time ("7/10 năm 2025"), status and joining words.
const NOT_COUNTED_AFTER: &[&str] = &[
    "roi", "nhe", "a", "va", "da", "dang", "se", "hoan", "xong", "theo", "truoc", "sau", "den", "tu", "luc", "vao",
    "trong", "nay", "toi", "cua", "la", "thi", "ma", "nhung", "con", "nua", "vua", "moi", "dat", "duoc", "hoac", "tai",
    "o", "nhu", "cho", "voi", "bao", "cap", "nam", "thang", "ngay", "tuan", "quy",
];

/// Whether `word`, after a number, says what is counted: a unit, but not one of time ("7/10 năm 2025").
pub fn counted_by(word: &str) -> bool {
    UNITS.contains(&word) && !matches!(word, "nam" | "thang" | "ngay" | "tuan" | "quy")
}

/// "năm 2025" or "2025" at word `k`: the year and the word after it.
fn year_after(w: &Words, k: usize) -> (Option<i32>, usize) {
    let at = if w.text(k) == "nam" { k + 1 } else { k };
    match w.text(at).parse::<i32>() {
        Ok(y) if w.text(at).len() == 4 => (Some(y), at + 1),
        _ => (None, k),
    }
}

/// "20/12/2025", "20/12", "20-12-2025", "20.12.2025"; after "tháng", "4/2022" is a month and year.
fn slashed(text: &str, after_month_word: bool) -> Option<StatedDay> {
    let separator = ['/', '-', '.'].into_iter().find(|s| text.contains(*s))?;
    let parts: Vec<&str> = text.split(separator).collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 4) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [m, y] if after_month_word && y.len() == 4 => {
            Some(StatedDay { year: Some(y.parse().ok()?), month: n(m), day: None })
        }
        // A two-part "20.12" is a task reference in waiting ("3.2"): only slashes make a day of two parts.
        [d, m] if separator == '/' && d.len() <= 2 && m.len() <= 2 => {
            Some(StatedDay { year: None, month: n(m), day: n(d) })
        }
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            Some(StatedDay { year: Some(y.parse().ok()?), month: n(m), day: n(d) })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::words::analyse;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-28";

    fn held(text: &str) -> Option<NaiveDate> {
        let m = find(&analyse(text), &Default::default())?;
        (m.role == DayRole::Held).then(|| m.when.resolve(day(TODAY))).flatten()
    }

    #[test]
    fn days_as_people_write_them() {
        for (text, expected) in [
            ("đã hoàn thành ngày 20/12/2025", "2025-12-20"),
            ("xong từ 15/3/2024", "2024-03-15"),
            ("hoàn thành ngày 20 tháng 12 năm 2025", "2025-12-20"),
            ("xong từ tháng 4/2022", "2022-04-30"),
            ("hoàn thành vào tháng 4 năm 2022", "2022-04-30"),
            ("đã xong từ năm 2023", "2023-12-31"),
            ("đã hoàn thành năm 2024", "2024-12-31"),
            ("xong cuối năm 2025", "2025-12-31"),
            ("hoàn thành 20-12-2025", "2025-12-20"),
            ("đã ban hành ngày 5/1", "2026-01-05"),
            ("đã ban hành ngày 20/12", "2025-12-20"),
        ] {
            assert_eq!(held(text), Some(day(expected)), "{text}");
        }
    }

    #[test]
    fn expectations_are_not_facts() {
        for text in [
            "dự kiến hoàn thành ngày 20/12/2026",
            "phấn đấu xong trước 30/6/2027",
            "hạn 31/12/2026",
            "dự kiến hoàn thành năm 2027",
            "phấn đấu xong trước năm 2028",
        ] {
            let m = find(&analyse(text), &Default::default()).unwrap();
            assert_eq!(m.role, DayRole::Expected, "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_days() {
        for text in ["đạt 80%", "III.2 hoàn thành", "chỉ tiêu tháng 4", "kế hoạch năm 2026", "đạt 3.2 tỷ", "30/15/2025"]
        {
            assert_eq!(held(text), None, "{text}");
        }
        assert_eq!(StatedDay { year: Some(2025), month: Some(2), day: Some(30) }.resolve(day(TODAY)), None);
    }

    #[test]
    fn the_day_keeps_its_lead_in_words() {
        let w = analyse("III.3 đã hoàn thành từ ngày 20/12/2025, có biên bản");
        let m = find(&w, &Default::default()).unwrap();
        let words: Vec<&str> = m.words.iter().map(|&i| w.text(i)).collect();
        assert_eq!(words, ["tu", "ngay", "20/12/2025"]);
    }
}
