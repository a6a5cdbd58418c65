//! What falls due at a time: the weekly digest for each coordinator chat, a reminder for each agency chat
//! whose lead agency has not reported this week. Each send is claimed in the database in the transaction
//! that queues it, so it happens at most once per chat and period whatever the restarts and replicas;
//! after downtime only the latest missed one goes out.

use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};

use std::collections::HashMap;

use crate::bot::{Bot, Reply};
use crate::chat::{ChatBinding, ChatKey};
use crate::clock::{ZONE, local_date};
use crate::holidays::Holidays;
use crate::plan::Role;
use crate::progress::Review;
use crate::progress::state::Progress;
use crate::progress::week::Week;
use crate::store::StoreError;

/// A reply the scheduler wants delivered: the send of `job` for `period` to `chat`, to be claimed when
/// it is queued.
#[derive(Debug, Clone)]
pub struct Due {
    pub job: &'static str,
    pub period: String,
    pub chat: ChatKey,
    /// The messages, in order (a digest of several plans is a text, then each plan's workbook).
    pub replies: Vec<Reply>,
    /// Further sends of `job` this message makes (`period`s of the same chat), claimed once it is queued:
    /// an alert folds several tasks' deadlines into one message, each alerted once.
    pub also: Vec<String>,
}

/// Each plan's current state, read once per run and only for the plans that need it.
#[derive(Default)]
struct States(HashMap<usize, Progress>);

impl States {
    async fn of(&mut self, core: &Bot, plan: usize) -> Result<&Progress, StoreError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(plan) {
            slot.insert(Progress::new(core.store().latest_reports(core.plans().get(plan).id()).await?));
        }
        Ok(&self.0[&plan])
    }
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

/// The nominal time of the latest send of a weekly job that has gone out by `now`, once a day off moves it:
/// to the next working day (`later`, a digest) or the last working day before (a reminder). The nominal
/// day says which week the send is for.
pub fn latest_scheduled(
    now: DateTime<Utc>,
    day: Weekday,
    time: NaiveTime,
    holidays: &Holidays,
    later: bool,
) -> DateTime<Utc> {
    let nominal = latest_occurrence(now, day, time);
    let moved = |n: DateTime<Utc>| {
        let d = local_date(n);
        let d = if later { holidays.on_or_after(d) } else { holidays.on_or_before(d) };
        ZONE.from_local_datetime(&d.and_time(time)).single().expect("no DST").with_timezone(&Utc)
    };
    let week = TimeDelta::days(7);
    if later {
        if moved(nominal) <= now { nominal } else { nominal - week }
    } else if moved(nominal + week) <= now {
        nominal + week
    } else {
        nominal
    }
}

/// The sends due on `platform` at `now` and not claimed yet, for every plan served: the caller claims
/// and queues them.
pub async fn due_sends(core: &Bot, platform: &str, now: DateTime<Utc>) -> Result<Vec<Due>, StoreError> {
    let plans = core.plans();
    let catalogs = plans.catalogs();
    let holidays = Holidays::from_stored(&core.store().settings().await?);
    // Deadlines are looked at once a working day, from the digest's time on: the scan reads every plan's
    // current state. The day's look is claimed like a send, with nothing to send.
    let scan = ChatKey::new(platform, "*");
    let today = local_date(now);
    let scan_deadlines = !holidays.is_day_off(today)
        && now.with_timezone(&ZONE).time() >= core.settings().digest_time
        && !core.store().send_claimed("deadline_scan", &today.to_string(), &scan).await?;
    let mut due = Vec::new();
    for catalog in catalogs {
        let among = plans.of_catalog(catalog);
        let home = core.in_plan(among[0]);
        let bindings: Vec<_> = core
            .store()
            .chat_bindings(catalog)
            .await?
            .into_iter()
            .filter(|b| b.chat.platform == platform && home.bound_agency(b).is_some())
            .collect();
        due.extend(reviews(core, &among, &bindings, platform, now).await?);
        due.extend(digests(core, &among, &bindings, now, &holidays).await?);
        due.extend(reminders(core, &among, &bindings, now, &holidays).await?);
        if scan_deadlines {
            due.extend(deadlines(core, &among, &bindings, now).await?);
        }
    }
    if scan_deadlines {
        due.push(Due {
            job: "deadline_scan",
            period: today.to_string(),
            chat: scan,
            replies: Vec::new(),
            also: Vec::new(),
        });
    }
    Ok(due)
}

/// The digest of the week that ended before the latest digest time, for each coordinator chat: one per
/// plan it coordinates, or one with a part per plan (`digest_per_plan = together`).
async fn digests(
    core: &Bot,
    among: &[usize],
    bindings: &[ChatBinding],
    now: DateTime<Utc>,
    holidays: &Holidays,
) -> Result<Vec<Due>, StoreError> {
    let s = core.settings();
    let digest_at = latest_scheduled(now, s.digest_day, s.digest_time, holidays, true);
    let week = Week::of(local_date(digest_at)).previous();
    let today = local_date(now);
    // Each plan's digest is made once, for all the chats that get it.
    let mut made: HashMap<usize, Reply> = HashMap::new();
    let mut due = Vec::new();
    for b in bindings.iter().filter(|b| b.coordinator) {
        let mine = core.plans().coordinated_by(among, &b.agency, b.plan.as_deref(), today);
        // The plans of each message, and the period it is claimed under.
        let parts: Vec<(Vec<usize>, String)> = if core.settings().digest_per_plan && among.len() > 1 {
            mine.iter().map(|&i| (vec![i], format!("{week} {}", core.plans().get(i).id()))).collect()
        } else {
            vec![(mine, week.to_string())]
        };
        for (wanted, period) in parts {
            if core.store().send_claimed("digest", &period, &b.chat).await? {
                continue;
            }
            for i in &wanted {
                if !made.contains_key(i) {
                    let bot = core.in_plan(*i);
                    let mut reply = match bot.digest(week, now).await? {
                        Ok(reply) => reply,
                        Err(why) => bot.no_digest_reply(&why),
                    };
                    if among.len() > 1 {
                        reply.text = format!("{}\n{}", bot.plan_heading(today), reply.text);
                    }
                    made.insert(*i, reply);
                }
            }
            let replies = match wanted.as_slice() {
                [one] => vec![made[one].clone()],
                // Together: one text with a part per plan, then each plan's chart and workbook under its heading.
                several => {
                    let text = several.iter().map(|i| made[i].text.as_str()).collect::<Vec<_>>().join("\n\n");
                    let files =
                        several.iter().filter(|i| made[i].file.is_some() || made[i].picture.is_some()).map(|i| {
                            let (file, picture) = (made[i].file.clone(), made[i].picture.clone());
                            Reply { file, picture, ..Reply::text(core.in_plan(*i).plan_heading(today)) }
                        });
                    std::iter::once(Reply::text(text)).chain(files).collect()
                }
            };
            due.push(Due { job: "digest", period, chat: b.chat.clone(), replies, also: Vec::new() });
        }
    }
    Ok(due)
}

/// How long a returned result's notice may still go out (after downtime).
const RETURN_NOTICE: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// Each result that waits for review, to every coordinator chat of its plan, once; each result returned
/// lately, to the chat that reported it, once.
async fn reviews(
    core: &Bot,
    among: &[usize],
    bindings: &[ChatBinding],
    platform: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Due>, StoreError> {
    let today = local_date(now);
    let mut due = Vec::new();
    for &i in among {
        let bot = core.in_plan(i);
        let under_review = core.store().reports_under_review(bot.timeline().id(), now - RETURN_NOTICE).await?;
        for report in under_review {
            let id = report.id.to_string();
            match report.review {
                Some(Review::Pending) => {
                    for b in bindings.iter().filter(|b| b.coordinator) {
                        let theirs = core.plans().coordinated_by(among, &b.agency, b.plan.as_deref(), today);
                        if theirs.contains(&i) && !core.store().send_claimed("review", &id, &b.chat).await? {
                            let replies = vec![bot.review_request(&report)];
                            due.push(Due {
                                job: "review",
                                period: id.clone(),
                                chat: b.chat.clone(),
                                replies,
                                also: Vec::new(),
                            });
                        }
                    }
                }
                Some(Review::Returned)
                    if report.chat.platform == platform
                        && !core.store().send_claimed("returned", &id, &report.chat).await? =>
                {
                    let replies = vec![bot.review_returned(&report)];
                    due.push(Due { job: "returned", period: id, chat: report.chat.clone(), replies, also: Vec::new() });
                }
                _ => {}
            }
        }
    }
    Ok(due)
}

/// Alerts before deadlines: for each agency chat, the tasks its agency leads that are not done and whose
/// due date is within a threshold (`deadline_alerts`, 30 and 7 days by default), each alerted once per
/// period and threshold, folded into one message.
async fn deadlines(
    core: &Bot,
    among: &[usize],
    bindings: &[ChatBinding],
    now: DateTime<Utc>,
) -> Result<Vec<Due>, StoreError> {
    let today = local_date(now);
    let mut thresholds: Vec<i64> =
        core.settings().deadline_alerts.iter().filter(|d| **d > 0).map(|d| i64::from(*d)).collect();
    thresholds.sort_unstable();
    if thresholds.is_empty() {
        return Ok(Vec::new());
    }
    let mut progress = States::default();
    let mut due = Vec::new();
    for b in bindings.iter().filter(|b| !b.coordinator) {
        let mut parts: Vec<(usize, Vec<String>)> = Vec::new();
        let mut keys = Vec::new();
        for &i in among {
            let served = core.plans().get(i);
            let plan = served.at(today);
            if plan.assignments(&b.agency).iter().all(|a| a.role != Role::Lead) {
                continue;
            }
            let state = progress.of(core, i).await?;
            let bot = core.in_plan(i);
            let mut lines = Vec::new();
            for a in plan.assignments(&b.agency).iter().filter(|a| a.role == Role::Lead) {
                let task = plan.task_at(a.task);
                let period = plan.plan().period_at(task, today);
                let left = (period.end - today).num_days();
                let Some(threshold) = thresholds.iter().find(|t| left <= **t).filter(|_| left >= 0) else { continue };
                let latest = state.latest_for(task.reference, &b.agency, a, &period.key);
                if latest.is_some_and(|r| r.counted_status() == crate::progress::Status::Done) {
                    continue;
                }
                let key = format!("{}|{}|{}|{threshold}", served.id(), task.reference, period.key);
                if core.store().send_claimed("deadline", &key, &b.chat).await? {
                    continue;
                }
                keys.push(key);
                lines.push(bot.deadline_line(task, period.end, left));
            }
            if !lines.is_empty() {
                parts.push((i, lines));
            }
        }
        if keys.is_empty() {
            continue;
        }
        let many = among.len() > 1;
        let mut text = vec![core.in_plan(among[0]).deadline_header(&b.agency, today)];
        for (i, lines) in parts {
            if many {
                text.push(core.in_plan(i).plan_heading(today));
            }
            text.extend(lines);
        }
        let period = keys.remove(0);
        let replies = vec![Reply::text(text.join("\n"))];
        due.push(Due { job: "deadline", period, chat: b.chat.clone(), replies, also: keys });
    }
    Ok(due)
}

/// Reminders for this week, if its reminder time has come and the week is not over: one message per
/// agency chat, covering every plan where its agency leads a task and has not reported this week.
async fn reminders(
    core: &Bot,
    among: &[usize],
    bindings: &[ChatBinding],
    now: DateTime<Utc>,
    holidays: &Holidays,
) -> Result<Vec<Due>, StoreError> {
    let s = core.settings();
    let remind_at = latest_scheduled(now, s.reminder_day, s.reminder_time, holidays, false);
    let week = Week::of(local_date(now));
    if Week::of(local_date(remind_at)) != week {
        return Ok(Vec::new());
    }
    let today = local_date(now);
    let period = week.to_string();
    // Read once per plan, for every reminder: who reported this week, and (when someone is reminded)
    // the current state.
    let mut reported: HashMap<usize, Vec<(String, DateTime<Utc>)>> = HashMap::new();
    for &i in among {
        reported.insert(i, core.store().reported_since(core.plans().get(i).id(), week.start()).await?);
    }
    let mut progress = States::default();
    let mut due = Vec::new();
    for b in bindings.iter().filter(|b| !b.coordinator) {
        // A chat of an agency that ended is reminded for its one successor (its next message re-binds
        // it); with several successors it has nothing of its own to report.
        let catalog = core.plans().get(among[0]).at(today).catalog();
        let agency = match catalog.agency(&b.agency) {
            Some(a) if a.ended_before(today) => match catalog.successors_on(&a.code, today).as_slice() {
                [one] => one.to_string(),
                _ => continue,
            },
            _ => b.agency.clone(),
        };
        let silent: Vec<usize> = among
            .iter()
            .copied()
            .filter(|i| {
                let leads = core.plans().get(*i).at(today).assignments(&agency).iter().any(|a| a.role == Role::Lead);
                leads && !reported[i].iter().any(|(a, _)| *a == agency)
            })
            .collect();
        if silent.is_empty() || core.store().send_claimed("reminder", &period, &b.chat).await? {
            continue;
        }
        let mut texts = Vec::with_capacity(silent.len());
        for i in silent {
            let bot = core.in_plan(i);
            let text = bot.reminder(&agency, week, today, progress.of(core, i).await?).text;
            texts.push(if among.len() > 1 { format!("{}\n{text}", bot.plan_heading(today)) } else { text });
        }
        let replies = vec![Reply::text(texts.join("\n\n"))];
        due.push(Due { job: "reminder", period: period.clone(), chat: b.chat.clone(), replies, also: Vec::new() });
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
    fn days_off_move_the_schedule() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let off = Holidays::new(["2026-04-27", "2026-04-30", "2026-05-01"].map(|d| d.parse().unwrap()));
        // Friday 1 May and Thursday 30 April off: the reminder of that week goes on Wednesday 29 April.
        assert_eq!(
            latest_scheduled(t("2026-04-29T09:30:00+07:00"), Weekday::Fri, nine, &off, false),
            t("2026-05-01T09:00:00+07:00")
        );
        assert_eq!(
            latest_scheduled(t("2026-04-29T08:30:00+07:00"), Weekday::Fri, nine, &off, false),
            t("2026-04-24T09:00:00+07:00"),
            "not before its time on that Wednesday"
        );
        // Monday 27 April off: the digest waits for Tuesday.
        assert_eq!(
            latest_scheduled(t("2026-04-27T09:00:00+07:00"), Weekday::Mon, eight, &off, true),
            t("2026-04-20T08:00:00+07:00")
        );
        assert_eq!(
            latest_scheduled(t("2026-04-28T08:01:00+07:00"), Weekday::Mon, eight, &off, true),
            t("2026-04-27T08:00:00+07:00")
        );
        // Without days off, the nominal time.
        let none = Holidays::default();
        assert_eq!(
            latest_scheduled(t("2026-11-30T08:05:00+07:00"), Weekday::Mon, eight, &none, true),
            t("2026-11-30T08:00:00+07:00")
        );
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
