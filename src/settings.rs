//! What a deployment may tune without code: stored in the database (`phoihop settings set KEY VALUE`),
//! shown by `/caidat` in a coordinator chat.

use chrono::{NaiveTime, TimeDelta, Weekday};

/// Keys of the stored settings.
pub const KEYS: [&str; 8] = [
    "digest_day",
    "digest_time",
    "reminder_day",
    "reminder_time",
    "report_window_days",
    "digest_per_plan",
    "review_done",
    "deadline_alerts",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// An agency that has not reported for this long is "chưa báo cáo".
    pub report_window: TimeDelta,
    /// How long a report can be undone.
    pub undo_window: TimeDelta,
    /// How long a report waits for its author's confirmation.
    pub confirm_window: TimeDelta,
    /// The weekly digest (of the week just ended) goes out on this day at this time, in Vietnam.
    pub digest_day: Weekday,
    pub digest_time: NaiveTime,
    /// Agencies with no report this week are reminded on this day at this time.
    pub reminder_day: Weekday,
    pub reminder_time: NaiveTime,
    /// A chat that coordinates several plans gets one digest per plan (`separate`), or one digest with a
    /// part per plan (`together`).
    pub digest_per_plan: bool,
    /// A result an agency reports done waits for the coordinator to confirm or return it.
    pub review_done: bool,
    /// The leads of a task not done are alerted this many days before its due date (0: not used).
    pub deadline_alerts: [u16; 2],
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            report_window: TimeDelta::days(7),
            undo_window: TimeDelta::hours(24),
            confirm_window: TimeDelta::hours(1),
            digest_day: Weekday::Mon,
            digest_time: NaiveTime::from_hms_opt(8, 0, 0).expect("a valid time"),
            reminder_day: Weekday::Fri,
            reminder_time: NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time"),
            digest_per_plan: true,
            review_done: true,
            deadline_alerts: [30, 7],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadSetting {
    #[error(
        "unknown setting “{0}”; settings: digest_day, digest_time, reminder_day, reminder_time, report_window_days, digest_per_plan, review_done, deadline_alerts"
    )]
    UnknownKey(String),
    #[error("{key}: “{value}” is not {expected}")]
    BadValue { key: String, value: String, expected: &'static str },
}

/// "mon", "monday", "thu2" (thứ 2), "t2", "cn" (chủ nhật).
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = crate::text::fold(s).replace(' ', "");
    match s.as_str() {
        "mon" | "monday" | "thu2" | "t2" => Some(Weekday::Mon),
        "tue" | "tuesday" | "thu3" | "t3" => Some(Weekday::Tue),
        "wed" | "wednesday" | "thu4" | "t4" => Some(Weekday::Wed),
        "thu" | "thursday" | "thu5" | "t5" => Some(Weekday::Thu),
        "fri" | "friday" | "thu6" | "t6" => Some(Weekday::Fri),
        "sat" | "saturday" | "thu7" | "t7" => Some(Weekday::Sat),
        "sun" | "sunday" | "chunhat" | "cn" => Some(Weekday::Sun),
        _ => None,
    }
}

impl Settings {
    /// Applies one stored setting.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), BadSetting> {
        let bad = |expected| BadSetting::BadValue { key: key.to_string(), value: value.to_string(), expected };
        let time = || NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| bad("a time like 08:00"));
        let day = || parse_weekday(value).ok_or_else(|| bad("a day like mon, fri or thu2"));
        match key {
            "digest_day" => self.digest_day = day()?,
            "digest_time" => self.digest_time = time()?,
            "reminder_day" => self.reminder_day = day()?,
            "reminder_time" => self.reminder_time = time()?,
            "report_window_days" => {
                let days: i64 = value.trim().parse().map_err(|_| bad("a number of days from 1 to 366"))?;
                if !(1..=366).contains(&days) {
                    return Err(bad("a number of days from 1 to 366"));
                }
                self.report_window = TimeDelta::days(days);
            }
            "digest_per_plan" => {
                self.digest_per_plan = match crate::text::fold(value).as_str() {
                    "separate" | "rieng" => true,
                    "together" | "chung" => false,
                    _ => return Err(bad("separate (one digest per plan) or together (one with a part per plan)")),
                }
            }
            "deadline_alerts" => {
                let days: Option<Vec<u16>> =
                    value.split(',').map(|d| d.trim().parse().ok().filter(|d| *d <= 366)).collect();
                match days.as_deref() {
                    Some([one]) => self.deadline_alerts = [*one, 0],
                    Some([far, near]) => self.deadline_alerts = [*far.max(near), *far.min(near)],
                    _ => return Err(bad("one or two numbers of days, like 30,7 (0: none)")),
                }
            }
            "review_done" => {
                self.review_done = match crate::text::fold(value).as_str() {
                    "on" | "bat" | "yes" | "true" => true,
                    "off" | "tat" | "no" | "false" => false,
                    _ => return Err(bad("on or off")),
                }
            }
            // Dates, kept apart (`holidays::Holidays::from_stored`): checked here, stored as given.
            crate::holidays::ADD_KEY | crate::holidays::REMOVE_KEY => {
                crate::holidays::parse_days(value).map_err(|_| bad("dates like 2026-09-03, 2026-09-04"))?;
            }
            other => return Err(BadSetting::UnknownKey(other.to_string())),
        }
        Ok(())
    }

    /// The defaults with the stored settings applied; a stored value that does not parse is skipped and
    /// logged rather than stopping the bot.
    pub fn from_stored(pairs: &[(String, String)]) -> Self {
        let mut settings = Settings::default();
        for (key, value) in pairs {
            if let Err(e) = settings.apply(key, value) {
                tracing::warn!(error = %e, "ignoring a stored setting");
            }
        }
        settings
    }

    /// The canonical text of a setting's value, for storing and showing.
    pub fn value_of(&self, key: &str) -> Option<String> {
        Some(match key {
            "digest_day" => weekday_code(self.digest_day).to_string(),
            "digest_time" => self.digest_time.format("%H:%M").to_string(),
            "reminder_day" => weekday_code(self.reminder_day).to_string(),
            "reminder_time" => self.reminder_time.format("%H:%M").to_string(),
            "report_window_days" => self.report_window.num_days().to_string(),
            "digest_per_plan" => if self.digest_per_plan { "separate" } else { "together" }.to_string(),
            "review_done" => if self.review_done { "on" } else { "off" }.to_string(),
            "deadline_alerts" => format!("{},{}", self.deadline_alerts[0], self.deadline_alerts[1]),
            _ => return None,
        })
    }
}

pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_settings_override_the_defaults() {
        let s = Settings::from_stored(&[
            ("digest_day".into(), "thứ 2".into()),
            ("digest_time".into(), "07:30".into()),
            ("reminder_day".into(), "thu".into()),
            ("report_window_days".into(), "14".into()),
            ("digest_time".into(), "bảy giờ".into()),
        ]);
        assert_eq!(s.digest_day, Weekday::Mon);
        assert_eq!(s.value_of("digest_time").as_deref(), Some("07:30"), "a bad value is skipped");
        assert_eq!(s.reminder_day, Weekday::Thu);
        assert_eq!(s.report_window, TimeDelta::days(14));
    }

    #[test]
    fn bad_settings_are_named() {
        let mut s = Settings::default();
        assert!(matches!(s.apply("digest_hour", "8"), Err(BadSetting::UnknownKey(_))));
        assert!(s.apply("report_window_days", "0").is_err());
        assert!(s.apply("reminder_time", "25:00").is_err());
    }
}
