//! The one clock. Tests and demos set its starting point (`--now`, `PHOIHOP_NOW`); from there time
//! advances normally, so timers and "24 hours later" behave as in production.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// Plans are Vietnamese: dates and deadlines are read in Vietnam's zone.
pub const ZONE: Tz = chrono_tz::Asia::Ho_Chi_Minh;

#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self { offset: start - Utc::now() }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// The calendar date in Vietnam at an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&ZONE).date_naive()
}

/// The first instant of a day in Vietnam.
pub fn local_midnight(date: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    ZONE.from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .single()
        .expect("Vietnam has no DST")
        .with_timezone(&Utc)
}

#[derive(Debug, thiserror::Error)]
#[error("“{0}” is not a time: write it as RFC 3339 (2026-11-28T09:00:00+07:00) or a date (2026-11-28)")]
pub struct BadTime(String);

/// RFC 3339, or a bare date meaning 09:00 that day in Vietnam.
pub fn parse_time(s: &str) -> Result<DateTime<Utc>, BadTime> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let date: NaiveDate = s.parse().map_err(|_| BadTime(s.to_string()))?;
    let nine = NaiveDateTime::from(date) + TimeDelta::hours(9);
    ZONE.from_local_datetime(&nine).single().map(|t| t.with_timezone(&Utc)).ok_or_else(|| BadTime(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_where_told_and_advances() {
        let start = parse_time("2026-11-28T09:00:00+07:00").unwrap();
        let clock = Clock::starting_at(start);
        let now = clock.now();
        assert!(now >= start && now - start < TimeDelta::seconds(5));
        assert_eq!(local_date(now), "2026-11-28".parse::<NaiveDate>().unwrap());
    }

    #[test]
    fn local_date_is_vietnamese() {
        // 20:00 UTC on the 27th is already the 28th in Hà Nội.
        let t = parse_time("2026-11-27T20:00:00Z").unwrap();
        assert_eq!(local_date(t).to_string(), "2026-11-28");
    }

    #[test]
    fn accepts_bare_dates_and_rejects_garbage() {
        assert_eq!(local_date(parse_time("2026-11-28").unwrap()).to_string(), "2026-11-28");
        assert!(parse_time("tomorrow").is_err());
    }
}
