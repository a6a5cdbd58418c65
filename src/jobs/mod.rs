//! The work a serving process does on its own clock rather than in answer to a message: the weekly digest
//! and the reminders ([`due`]), and forgetting old bookkeeping. Each platform's process runs one loop
//! beside its delivery workers; a replica may run none (`Config::every` empty).

pub mod due;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use tokio::sync::watch;

use crate::clock::local_date;
use crate::delivery::Delivery;
use crate::store::{SendClaim, StoreError};

pub use due::{Due, due_sends, latest_occurrence};

/// How often a process looks at the schedule; `None`: never (another process on the same database may).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub every: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Self { every: Some(Duration::from_secs(30)) }
    }
}

impl Config {
    /// From a number of seconds (fractions allowed, e.g. for tests); 0 turns the schedule off.
    pub fn every_seconds(seconds: f64) -> Self {
        let seconds = if seconds.is_finite() && seconds >= 0.0 { seconds } else { 30.0 };
        Self { every: (seconds > 0.0).then(|| Duration::from_secs_f64(seconds.clamp(0.01, 3600.0))) }
    }
}

/// Bookkeeping (handled update ids, wrong codes, buttons) is kept this long.
const BOOKKEEPING: TimeDelta = TimeDelta::days(30);

/// Looks at the schedule every `config.every` until `stop` turns true: prunes once a day, queues what has
/// fallen due.
pub async fn run(delivery: Arc<Delivery>, config: Config, mut stop: watch::Receiver<bool>) {
    let Some(every) = config.every else { return };
    let mut pruned: Option<NaiveDate> = None;
    while !*stop.borrow() {
        let now = delivery.clock().now();
        if pruned != Some(local_date(now)) {
            pruned = Some(local_date(now));
            prune(&delivery, now).await;
        }
        if let Err(e) = queue_due(&delivery, now).await {
            tracing::error!(error = %e, "cannot read the schedule");
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Forgets bookkeeping older than a month, so that busy deployments do not grow tables forever. (Several
/// replicas may each do it; deleting twice is harmless.)
async fn prune(delivery: &Delivery, now: DateTime<Utc>) {
    match delivery.core().store().prune(now - BOOKKEEPING).await {
        Ok(rows) => tracing::info!(rows, "pruned old bookkeeping"),
        Err(e) => tracing::warn!(error = %e, "cannot prune old bookkeeping"),
    }
}

/// Queues the digests and reminders that have fallen due on the delivery's platform, each claimed in the
/// transaction that queues it. Returns how many were queued.
pub async fn queue_due(delivery: &Delivery, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let mut queued = 0;
    let core = delivery.core().refreshed().await;
    for due in due_sends(&core, delivery.platform(), now).await? {
        let claim = SendClaim { job: due.job, period: &due.period, chat: &due.chat };
        if delivery.queue_once(&due.chat.chat_id, &due.replies, &claim).await? {
            // The further items the message alerted, each once. (A crash just here alerts them again next
            // time: a repeated alert, never a lost one.)
            for period in &due.also {
                let also = SendClaim { job: due.job, period, chat: &due.chat };
                delivery.core().store().enqueue(&[], Some(&also), now).await?;
            }
            tracing::info!(chat = %due.chat.chat_id, job = due.job, period = %due.period, "queued a scheduled message");
            queued += 1;
        }
    }
    Ok(queued)
}
