//! What falls due at a time: the weekly digest for each coordinator chat, a reminder for each agency chat
//! whose lead agency has not reported this week. Each send is claimed in the database in the transaction
//! that queues it, so it happens at most once per chat and period whatever the restarts and replicas;
//! after downtime only the latest missed one goes out.

use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};

use crate::bot::{Bot, Reply};
use crate::chat::ChatKey;
use crate::clock::{ZONE, local_date};
use crate::plan::Role;
use crate::progress::week::Week;
use crate::store::StoreError;

/// A reply the scheduler wants delivered: the send of `job` for `period` to `chat`, to be claimed when
/// it is queued.
#[derive(Debug, Clone)]
pub struct Due {
    pub job: &'static str,
    pub period: String,
    pub chat: ChatKey,
    pub reply: Reply,
}

/// The latest instant at or before `now` that falls on `day` at `time`, Vietnam time.
pub fn latest_occurrence(now: DateTime<Utc>, day: Weekday, time: NaiveTime) -> DateTime<Utc> {
    let local = now.with_timezone(&ZONE);
    let back = (7 + local.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    let date = local.date_naive() - TimeDelta::days(i64::from(back));
    let at = |d: chrono::NaiveDate| {
        ZONE.from_local_datetime(&d.and_time(time)).single().expect("no DST").with_timezone(&Utc)
    };
    let candidate = at(date);
    if candidate > now { at(date - TimeDelta::days(7)) } else { candidate }
}

/// The sends due on `platform` at `now` and not claimed yet: the caller claims and queues them.
pub async fn due_sends(core: &Bot, platform: &str, now: DateTime<Utc>) -> Result<Vec<Due>, StoreError> {
    let bindings: Vec<_> = core
        .store()
        .chat_bindings(core.catalog_id())
        .await?
        .into_iter()
        .filter(|b| b.chat.platform == platform && core.bound_agency(b).is_some())
        .collect();
    let mut due = Vec::new();

    // The digest of the week that ended before the latest digest time.
    let digest_at = latest_occurrence(now, core.settings().digest_day, core.settings().digest_time);
    let digest_week = Week::of(local_date(digest_at)).previous();
    let mut digest: Option<Reply> = None;
    let period = digest_week.to_string();
    for b in bindings.iter().filter(|b| b.coordinator) {
        if core.store().send_claimed("digest", &period, &b.chat).await? {
            continue;
        }
        if digest.is_none() {
            digest = Some(match core.digest(digest_week, now).await? {
                Ok(reply) => reply,
                Err(why) => core.no_digest_reply(&why),
            });
        }
        let reply = digest.clone().expect("made above");
        due.push(Due { job: "digest", period: period.clone(), chat: b.chat.clone(), reply });
    }

    // Reminders for this week, if its reminder time has come and the week is not over.
    let remind_at = latest_occurrence(now, core.settings().reminder_day, core.settings().reminder_time);
    let week = Week::of(local_date(now));
    if Week::of(local_date(remind_at)) == week {
        let today = local_date(now);
        let plan = core.plan_on(today);
        let reported = core.store().reported_since(core.timeline().id(), week.start()).await?;
        // Read once, for every reminder: the expected days that have passed.
        let mut progress: Option<crate::progress::state::Progress> = None;
        for b in bindings.iter().filter(|b| !b.coordinator) {
            // A chat of an agency that ended is reminded for its one successor (its next message
            // re-binds it); with several successors it has nothing of its own to report.
            let agency = match plan.catalog().agency(&b.agency) {
                Some(a) if a.ended_before(today) => match plan.catalog().successors_on(&a.code, today).as_slice() {
                    [one] => one.to_string(),
                    _ => continue,
                },
                _ => b.agency.clone(),
            };
            let leads = plan.assignments(&agency).iter().any(|a| a.role == Role::Lead);
            if !leads || reported.iter().any(|(a, _)| *a == agency) {
                continue;
            }
            let period = week.to_string();
            if !core.store().send_claimed("reminder", &period, &b.chat).await? {
                if progress.is_none() {
                    progress = Some(crate::progress::state::Progress::new(
                        core.store().latest_reports(core.timeline().id()).await?,
                    ));
                }
                let latest = progress.as_ref().expect("read above");
                due.push(Due {
                    job: "reminder",
                    period,
                    chat: b.chat.clone(),
                    reply: core.reminder(&agency, week, today, latest),
                });
            }
        }
    }
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn occurrences_in_vietnam_time() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        // Monday 08:05 → that same morning.
        assert_eq!(
            latest_occurrence(t("2026-11-30T08:05:00+07:00"), Weekday::Mon, eight),
            t("2026-11-30T08:00:00+07:00")
        );
        // Monday 07:55 → the Monday before.
        assert_eq!(
            latest_occurrence(t("2026-11-30T07:55:00+07:00"), Weekday::Mon, eight),
            t("2026-11-23T08:00:00+07:00")
        );
        // Saturday → Friday 09:00 of the same week.
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(
            latest_occurrence(t("2026-11-28T10:00:00+07:00"), Weekday::Fri, nine),
            t("2026-11-27T09:00:00+07:00")
        );
    }
}
