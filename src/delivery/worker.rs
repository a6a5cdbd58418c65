//! The workers of one platform in one process: the inbox worker handles stored updates, the sender
//! drains the outbox (which the jobs loop also fills). Every step is a claimed row, so several
//! processes on one database share the work without doing any of it twice.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::{InboxItem, NewUpdate, OutboxItem, Outgoing, Read, SendOutcome, Sent, Transport};
use crate::bot::Bot;
use crate::chat::ChatKey;
use crate::clock::Clock;
use crate::store::{Batch, Finished, Instance, Lease, SendClaim, Store, StoreError};

/// A worker holds a claimed row at most this long, even while its process beats: a task that hangs
/// gives its row up.
const LEASE: TimeDelta = TimeDelta::seconds(30);
/// Each process shows it is alive this often…
const HEARTBEAT: Duration = Duration::from_secs(1);
/// …and one silent for this long is dead: its claims are taken over (within this and one look, [`IDLE`]).
const DEAD_AFTER: TimeDelta = TimeDelta::seconds(3);
/// Rows claimed at once (each of a different chat), handled as one batch.
const BATCH: i64 = 64;
/// Updates left open by an earlier process handled one at a time after a start (see `Delivery::cautious`).
const ALONE_AFTER_START: usize = 8;
/// A batch still running after this long is given up and its updates handled one by one (as long as a
/// lease: a batch holds no claim, so this is what frees its rows from a hang).
const BATCH_TIME: Duration = Duration::from_secs(30);
/// Batches of messages being sent at once.
const SEND_BATCHES: usize = 2;
/// With nothing to do, look at the database this often for rows another replica stored.
const IDLE: Duration = Duration::from_millis(250);
/// An update whose handling failed (a bug, not the database) this many times is set aside.
const INBOX_ATTEMPTS: i32 = 5;
/// A message that keeps failing with server or network errors is given up after this many attempts
/// (about half an hour of backoff).
const SEND_ATTEMPTS: i32 = 15;
const FIRST_BACKOFF: Duration = Duration::from_millis(300);
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// During an outage each chat is told once in this long that its messages wait.
const BUSY_NOTICE_EVERY: Duration = Duration::from_secs(300);
/// After a stop is asked, due replies still go out for this long.
const DRAIN_ON_STOP: Duration = Duration::from_secs(3);

pub struct Delivery {
    store: Arc<dyn Store>,
    core: Arc<Bot>,
    clock: Clock,
    transport: Arc<dyn Transport>,
    inbox_ready: Notify,
    outbox_ready: Notify,
    /// Some queued message may wait behind one being sent (a reply's later part, or a chat's next reply
    /// queued while its last one was on its way): when a send ends, the sender looks at the outbox again.
    /// Otherwise the replies claimed with their batch are the whole outbox, and it needs no look.
    outbox_behind: AtomicBool,
    /// After a start, the oldest updates left open are handled one at a time under claims all can see
    /// ([`ALONE_AFTER_START`] of them). An update that brings the process down (an abort, not a panic)
    /// takes its batch down with it, uncounted; after each restart the oldest go alone, so it comes to
    /// the front within a few restarts, where its tries are counted and it is set aside after a few.
    cautious: AtomicUsize,
    told_busy: Mutex<HashMap<String, Instant>>,
    /// Replies being sent straight after their batch, outside the sender's own loop.
    sending: Mutex<JoinSet<()>>,
    /// This process, as the others see it; its heartbeat keeps its claims.
    instance: Instance,
}

/// What the inbox worker took: a batch, with its updates taken inside its transaction, or one update
/// claimed for all to see.
enum Taken {
    Batch(Arc<dyn Batch>, Vec<InboxItem>),
    Alone(InboxItem),
}

impl Delivery {
    pub fn new(store: Arc<dyn Store>, core: Arc<Bot>, clock: Clock, transport: Arc<dyn Transport>) -> Arc<Self> {
        let now = chrono::Utc::now();
        let instance = Instance {
            id: crate::invite::random_token(16)
                .unwrap_or_else(|_| format!("{}-{}", std::process::id(), now.timestamp_micros())),
            platform: transport.platform().to_string(),
            host: host_name(),
            pid: i64::from(std::process::id()),
            started_at: now,
            heartbeat_at: now,
        };
        Arc::new(Self {
            store,
            core,
            clock,
            transport,
            inbox_ready: Notify::new(),
            outbox_ready: Notify::new(),
            outbox_behind: AtomicBool::new(false),
            cautious: AtomicUsize::new(ALONE_AFTER_START),
            told_busy: Mutex::new(HashMap::new()),
            sending: Mutex::new(JoinSet::new()),
            instance,
        })
    }

    pub fn platform(&self) -> &'static str {
        self.transport.platform()
    }

    pub fn core(&self) -> &Arc<Bot> {
        &self.core
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// The terms of a claim made now: this instance's, for [`LEASE`], counting silent instances as dead.
    fn lease(&self) -> Lease<'_> {
        let now = self.clock.now();
        Lease { by: &self.instance.id, now, until: now + LEASE, alive_since: chrono::Utc::now() - DEAD_AFTER }
    }

    /// Shows this instance alive.
    async fn beat(&self) -> Result<(), StoreError> {
        let instance = Instance { heartbeat_at: chrono::Utc::now(), ..self.instance.clone() };
        self.store.heartbeat(&instance).await
    }

    /// Starts this instance: it beats, and forgets the instances of this host whose process is gone, so that
    /// their claims are taken at once rather than when their heartbeat goes stale.
    async fn start_instance(&self) {
        if let Err(e) = self.beat().await {
            tracing::warn!(error = %e, "cannot show this process alive yet");
        }
        let Ok(instances) = self.store.instances().await else { return };
        for other in instances.iter().filter(|i| i.id != self.instance.id && i.host == self.instance.host) {
            // The same process id on this host is an earlier life of this process (a container restarted).
            if other.pid == self.instance.pid || !process_runs(other.pid) {
                tracing::info!(instance = %other.id, pid = other.pid, "taking over from a process that is gone");
                let _ = self.store.forget_instance(&other.id).await;
            }
        }
    }

    /// Beats every [`HEARTBEAT`] until `stop`; then forgets this instance, freeing what it still holds.
    async fn heartbeat_loop(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let mut failures = 0;
        while !*stop.borrow() {
            match self.beat().await {
                Ok(()) => failures = 0,
                Err(e) => {
                    failures += 1;
                    if failures == 3 {
                        tracing::warn!(error = %e, "cannot show this process alive; others may take over its work");
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(HEARTBEAT) => {}
                _ = stop.changed() => {}
            }
        }
    }

    async fn stop_instance(&self) {
        if let Err(e) = self.store.forget_instance(&self.instance.id).await {
            tracing::warn!(error = %e, "cannot forget this process; its claims lapse in a few seconds");
        }
    }

    /// Stores an update in the inbox; only after this succeeds may the platform be told it arrived.
    /// Returns whether it is new (a redelivery is recognised and skipped).
    pub async fn accept(&self, update_id: &str, chat_id: &str, payload: String) -> Result<bool, StoreError> {
        Ok(self.accept_all(vec![(update_id.to_string(), chat_id.to_string(), payload)]).await? == 1)
    }

    /// Stores updates (id, chat, payload) in the inbox in one transaction, in order; returns how many
    /// were new.
    pub async fn accept_all(&self, updates: Vec<(String, String, String)>) -> Result<usize, StoreError> {
        let received_at = self.clock.now();
        let count = updates.len();
        let updates: Vec<NewUpdate> = updates
            .into_iter()
            .map(|(update_id, chat_id, payload)| NewUpdate {
                platform: self.platform().to_string(),
                update_id,
                chat_id,
                payload,
                received_at,
            })
            .collect();
        let new = self.store.inbox_put(&updates).await?;
        if new > 0 {
            self.inbox_ready.notify_one();
        }
        if new < count {
            tracing::info!(platform = self.platform(), skipped = count - new, "skipping updates delivered twice");
        }
        Ok(new)
    }

    /// Tells a chat, straight away and at most every few minutes, that its messages wait for the database.
    pub async fn tell_busy(&self, chat_id: &str) {
        if chat_id.is_empty() {
            return;
        }
        {
            let mut told = self.told_busy.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            told.retain(|_, at| now.duration_since(*at) < BUSY_NOTICE_EVERY);
            if told.contains_key(chat_id) {
                return;
            }
            told.insert(chat_id.to_string(), now);
        }
        for message in self.transport.render(chat_id, &[self.core.busy_reply()]).await {
            if let Sent::Failed(reason) | Sent::Transient(reason) = self.transport.send(&message).await {
                tracing::warn!(chat = chat_id, reason = %reason, "could not tell a chat that the bot is busy");
            }
        }
    }

    /// Runs the inbox worker and the sender until `stop` turns true.
    pub async fn run(self: Arc<Self>, stop: watch::Receiver<bool>) {
        self.start_instance().await;
        // Beating goes on through the drain after the stop: the heartbeat has a stop of its own.
        let (beat_stop, beat_until) = watch::channel(false);
        let heartbeat = tokio::spawn(self.clone().heartbeat_loop(beat_until));
        let inbox = tokio::spawn(self.clone().inbox_loop(stop.clone()));
        let outbox = tokio::spawn(self.clone().outbox_loop(stop.clone()));
        let _ = inbox.await;
        let _ = outbox.await;
        let mut sending = std::mem::take(&mut *self.sending());
        while let Some(done) = sending.join_next().await {
            log_panic(done);
        }
        let _ = beat_stop.send(true);
        let _ = heartbeat.await;
        self.stop_instance().await;
    }

    async fn inbox_loop(self: Arc<Self>, stop: watch::Receiver<bool>) {
        let take = || {
            let this = self.clone();
            async move { this.take().await }
        };
        let work = |taken| {
            let this = self.clone();
            async move {
                match taken {
                    Taken::Batch(batch, items) => this.handle_batch(batch, items).await,
                    Taken::Alone(item) => this.handle(item).await,
                }
            }
        };
        let at_once = self.batches_at_once();
        pipeline(&self.inbox_ready, stop, Duration::ZERO, "the inbox", at_once, take, work).await;
    }

    /// What to handle next: the first updates after a start one at a time (see [`Delivery::cautious`]),
    /// then batches; `None` when there is nothing to do.
    async fn take(&self) -> Result<Option<(Taken, bool)>, StoreError> {
        if self.cautious.load(Ordering::SeqCst) > 0 {
            match self.store.inbox_claim(self.platform(), &self.lease(), 1).await?.pop() {
                Some(item) => {
                    let _ = self.cautious.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
                    return Ok(Some((Taken::Alone(item), true)));
                }
                // Nothing was left open by an earlier process.
                None => self.cautious.store(0, Ordering::SeqCst),
            }
        }
        self.take_batch().await
    }

    /// Opens a batch and takes in it the oldest open update of up to [`BATCH`] chats. Taken inside the
    /// batch's transaction, they need no claim of their own: a batch that fails or a process that dies
    /// leaves them free for the next worker at once.
    async fn take_batch(&self) -> Result<Option<(Taken, bool)>, StoreError> {
        let batch = self.store.begin_batch().await?;
        match batch.inbox_take(self.platform(), &self.lease(), BATCH).await {
            Ok(items) if !items.is_empty() => {
                let full = items.len() as i64 == BATCH;
                Ok(Some((Taken::Batch(batch, items), full)))
            }
            outcome => {
                batch.rollback().await;
                outcome.map(|_| None)
            }
        }
    }

    /// Batches handled at once: one on SQLite, whose single connection a batch holds; a few on PostgreSQL.
    fn batches_at_once(&self) -> usize {
        if self.store.backend() == "sqlite" { 1 } else { 4 }
    }

    /// Handles updates of different chats as one unit of work: their effects, replies and "done" marks
    /// are committed together. If the database fails any of them, or the core panics on one, nothing of
    /// the batch is kept and the same chats' updates are handled again one at a time, so that one bad
    /// update cannot hold the others back.
    async fn handle_batch(self: Arc<Self>, batch: Arc<dyn Batch>, items: Vec<InboxItem>) {
        let count = items.len();
        let chats: Vec<String> = items.iter().map(|i| i.update.chat_id.clone()).collect();
        // A task of its own, so that a panic (a bug) or a batch that hangs still ends in a rollback and the
        // one-by-one path, where a try that never ends is counted.
        let mut work = tokio::spawn({
            let (this, batch) = (self.clone(), batch.clone());
            async move {
                let finished = this.handle_in(&batch, &items).await?;
                let queued = finished.iter().map(|f| f.replies.len()).sum::<usize>();
                let claimed = batch.inbox_finish(&finished, this.clock.now(), Some(&this.lease())).await?;
                Ok::<_, StoreError>((claimed, queued))
            }
        });
        let worked = match tokio::time::timeout(BATCH_TIME, &mut work).await {
            Ok(joined) => joined.map_err(|panic| panic.to_string()),
            Err(_) => {
                work.abort();
                Err(format!("still running after {} s", BATCH_TIME.as_secs()))
            }
        };
        let failure = match worked {
            Ok(Ok((claimed, queued))) => match batch.commit().await {
                Ok(()) => return self.send_soon(claimed, queued),
                Err(e) => e.to_string(),
            },
            Ok(Err(e)) => {
                batch.rollback().await;
                e.to_string()
            }
            Err(why) => {
                batch.rollback().await;
                why
            }
        };
        tracing::warn!(error = %failure, updates = count, "a batch failed; handling its updates one by one");
        // Claimed for all to see this time, so that a try that never ends counts towards setting it aside.
        match self.store.inbox_claim(self.platform(), &self.lease(), i64::try_from(count).unwrap_or(BATCH)).await {
            Ok(items) => {
                // Each in a task of its own: one that panics leaves the others to be handled.
                for item in items {
                    log_panic(tokio::spawn(self.clone().handle(item)).await);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim the updates of a failed batch; they wait");
                if e.is_transient() {
                    for chat in &chats {
                        self.tell_busy(chat).await;
                    }
                }
            }
        }
    }

    /// The core's answers to a batch of updates, worked out through the batch's store, in order.
    async fn handle_in(&self, batch: &Arc<dyn Batch>, items: &[InboxItem]) -> Result<Vec<Finished>, StoreError> {
        let store: Arc<dyn Store> = batch.clone();
        let mut finished = Vec::with_capacity(items.len());
        let mut messages = Vec::with_capacity(items.len());
        for item in items {
            if item.attempts > INBOX_ATTEMPTS {
                tracing::error!(update = %item.source(), attempts = item.attempts, "setting aside an update that keeps failing");
                finished.push(Finished { id: item.id, failed: true, replies: Vec::new() });
                continue;
            }
            match self.transport.incoming(store.as_ref(), item).await {
                Read::Nothing => finished.push(Finished { id: item.id, failed: false, replies: Vec::new() }),
                Read::Unreadable(why) => {
                    tracing::error!(update = %item.source(), error = %why, "an update that cannot be read; set aside");
                    finished.push(Finished { id: item.id, failed: true, replies: Vec::new() });
                }
                Read::Message(mut msg) => {
                    msg.source = Some(crate::bot::Source { key: item.source(), replayed: item.attempts > 1 });
                    messages.push((item.id, msg));
                }
            }
        }
        let chats: Vec<ChatKey> = messages.iter().map(|(_, msg)| msg.chat.clone()).collect();
        let core = self.core.for_batch(store, &chats).await?;
        for (id, msg) in messages {
            let replies = core.respond(&msg).await?;
            let replies = self.transport.render(&msg.chat.chat_id, &replies).await;
            finished.push(Finished { id, failed: false, replies });
        }
        Ok(finished)
    }

    /// Handles one stored update on its own: the core's answer and the update's "done" mark are stored
    /// together.
    async fn handle(self: Arc<Self>, item: InboxItem) {
        let chat = item.update.chat_id.clone();
        let finish = |failed: bool, replies: Vec<Outgoing>| vec![Finished { id: item.id, failed, replies }];
        if item.attempts > INBOX_ATTEMPTS {
            tracing::error!(update = %item.source(), attempts = item.attempts, "setting aside an update that keeps failing");
            let _ = self.store.inbox_finish(&finish(true, Vec::new()), self.clock.now(), None).await;
            return;
        }
        let (reply_to, replies) = match self.transport.incoming(self.store.as_ref(), &item).await {
            Read::Nothing => (chat.clone(), Vec::new()),
            Read::Unreadable(why) => {
                tracing::error!(update = %item.source(), error = %why, "an update that cannot be read; set aside");
                let _ = self.store.inbox_finish(&finish(true, Vec::new()), self.clock.now(), None).await;
                return;
            }
            Read::Message(mut msg) => {
                msg.source = Some(crate::bot::Source { key: item.source(), replayed: item.attempts > 1 });
                match self.core.respond(&msg).await {
                    Ok(replies) => (msg.chat.chat_id, replies),
                    Err(e) if e.is_transient() => {
                        // It stays in the inbox and is handled again when its lease runs out.
                        tracing::warn!(error = %e, update = %item.source(), "the database is away; the update waits");
                        self.tell_busy(&chat).await;
                        return;
                    }
                    Err(e) => {
                        // Trying again cannot help: answer once, and set the update aside for someone to read.
                        tracing::error!(error = %e, update = %item.source(), "the database refused an update; set aside");
                        let apology = self.core.refused_reply();
                        let outgoing = self.transport.render(&msg.chat.chat_id, &[apology]).await;
                        if let Err(e) = self.store.inbox_finish(&finish(true, outgoing), self.clock.now(), None).await {
                            tracing::error!(error = %e, update = %item.source(), "cannot set aside a refused update");
                        }
                        self.outbox_ready.notify_one();
                        return;
                    }
                }
            }
        };
        let outgoing = self.transport.render(&reply_to, &replies).await;
        let queued = outgoing.len();
        match self.store.inbox_finish(&finish(false, outgoing), self.clock.now(), Some(&self.lease())).await {
            Ok(claimed) => self.send_soon(claimed, queued),
            Err(e) => {
                tracing::warn!(error = %e, update = %item.source(), "cannot store the answer; the update waits");
                self.tell_busy(&chat).await;
            }
        }
    }

    /// Sends replies claimed as they were queued, without waiting for the sender's next look at the
    /// outbox; the rest of the outbox (of the `queued` replies, those behind an earlier message of their
    /// chat; retries) is the sender's.
    fn send_soon(self: &Arc<Self>, claimed: Vec<OutboxItem>, queued: usize) {
        if claimed.len() < queued {
            self.outbox_behind.store(true, Ordering::SeqCst);
            self.outbox_ready.notify_one();
        }
        if claimed.is_empty() {
            return;
        }
        let this = self.clone();
        self.sending().spawn(async move {
            let all_sent = this.clone().send_all(claimed).await;
            // What waited behind these messages may go now; one that failed waits for its retry.
            if !all_sent || this.outbox_behind.load(Ordering::SeqCst) {
                this.outbox_ready.notify_one();
            }
        });
    }

    /// Whether replies sent straight after their batch are still on their way.
    fn sending_soon(&self) -> bool {
        !self.sending().is_empty()
    }

    /// The sends under way straight after their batches, those that ended forgotten.
    fn sending(&self) -> std::sync::MutexGuard<'_, JoinSet<()>> {
        let mut sending = self.sending.lock().unwrap_or_else(|p| p.into_inner());
        while sending.try_join_next().is_some() {}
        sending
    }

    async fn outbox_loop(self: Arc<Self>, stop: watch::Receiver<bool>) {
        let platform = self.platform();
        let claim = || {
            let this = self.clone();
            async move {
                // Forgotten before looking; remembered again while something it may wait behind is out.
                this.outbox_behind.store(false, Ordering::SeqCst);
                let items = this.store.outbox_claim(platform, &this.lease(), BATCH).await;
                if !matches!(&items, Ok(items) if items.is_empty()) || this.sending_soon() {
                    this.outbox_behind.store(true, Ordering::SeqCst);
                }
                let items = items?;
                let full = items.len() as i64 == BATCH;
                Ok((!items.is_empty()).then_some((items, full)))
            }
        };
        let work = |items: Vec<OutboxItem>| {
            let this = self.clone();
            async move {
                this.send_all(items).await;
            }
        };
        pipeline(&self.outbox_ready, stop, DRAIN_ON_STOP, "the outbox", SEND_BATCHES, claim, work).await;
    }

    /// Sends messages of different chats at once, then records what came of each in one transaction.
    /// Returns whether all went out.
    async fn send_all(self: Arc<Self>, items: Vec<OutboxItem>) -> bool {
        let count = items.len();
        let mut sending = JoinSet::new();
        for item in items {
            sending.spawn(self.clone().send_one(item));
        }
        let mut outcomes = Vec::new();
        while let Some(done) = sending.join_next().await {
            match done {
                Ok(outcome) => outcomes.push(outcome),
                Err(e) => log_panic(Err(e)),
            }
        }
        // The messages went out; losing the marks would send them again, so insist a little.
        for attempt in 1..=5u32 {
            match self.store.outbox_outcomes(&outcomes, self.clock.now()).await {
                Ok(()) => break,
                Err(e) if attempt < 5 => {
                    tracing::warn!(error = %e, "cannot record sends; retrying");
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, messages = outcomes.len(), "cannot record sends; they may go out twice")
                }
            }
        }
        outcomes.len() == count && outcomes.iter().all(|(_, outcome)| matches!(outcome, SendOutcome::Sent))
    }

    /// One attempt at one queued message, and what the outbox should remember of it.
    async fn send_one(self: Arc<Self>, item: OutboxItem) -> (i64, SendOutcome) {
        let chat = item.message.chat_id.clone();
        let now = self.clock.now();
        let outcome = match self.transport.send(&item.message).await {
            Sent::Delivered => SendOutcome::Sent,
            Sent::Moved(to) => {
                let platform = self.platform();
                if let Err(e) = self.store.move_chat(&ChatKey::new(platform, &chat), &ChatKey::new(platform, &to)).await
                {
                    tracing::error!(error = %e, "cannot move the binding of an upgraded group");
                }
                SendOutcome::Retry { at: now, error: format!("the chat moved to {to}") }
            }
            Sent::RetryAfter(wait) => {
                tracing::info!(chat, seconds = wait.as_secs_f64(), "rate limited; the message waits");
                SendOutcome::Retry { at: now + delta(wait), error: "rate limited".into() }
            }
            Sent::Transient(error) if item.attempts + 1 < SEND_ATTEMPTS => {
                tracing::warn!(chat, error = %error, attempt = item.attempts + 1, "sending failed; will retry");
                let wait = backoff(u32::try_from(item.attempts + 1).unwrap_or(1));
                SendOutcome::Retry { at: now + delta(wait), error }
            }
            Sent::Transient(error) | Sent::Failed(error) => {
                tracing::error!(chat, reason = %error, "a message could not be delivered; giving up on it");
                SendOutcome::Failed { error }
            }
        };
        (item.id, outcome)
    }

    /// Queues replies to a chat unless the send `claim` names was claimed before (claiming it in the same
    /// transaction). Returns whether they were queued.
    pub async fn queue_once(
        &self,
        chat_id: &str,
        replies: &[crate::bot::Reply],
        claim: &SendClaim<'_>,
    ) -> Result<bool, StoreError> {
        let messages = self.transport.render(chat_id, replies).await;
        let queued = self.store.enqueue(&messages, Some(claim), self.clock.now()).await?;
        if queued {
            self.outbox_ready.notify_one();
        }
        Ok(queued)
    }

    /// Queues replies to a chat now (outside any update), e.g. a digest sent from the command line.
    pub async fn queue(&self, chat_id: &str, replies: &[crate::bot::Reply]) -> Result<(), StoreError> {
        let messages = self.transport.render(chat_id, replies).await;
        self.store.enqueue(&messages, None, self.clock.now()).await?;
        self.outbox_ready.notify_one();
        Ok(())
    }

    /// Sends what the outbox holds for this platform until it is empty or `within` has passed; returns
    /// how many messages still wait.
    pub async fn drain(self: Arc<Self>, within: Duration) -> Result<i64, StoreError> {
        let started = Instant::now();
        self.beat().await?;
        let left = loop {
            let items = self.store.outbox_claim(self.platform(), &self.lease(), BATCH).await?;
            if items.is_empty() {
                let open = self.store.outbox_open(self.platform()).await?;
                if open == 0 || started.elapsed() > within {
                    break open;
                }
                tokio::time::sleep(IDLE).await;
            } else {
                self.clone().send_all(items).await;
            }
            self.beat().await?;
        };
        self.stop_instance().await;
        Ok(left)
    }
}

/// Claims batches of rows and runs each batch as a task, at most `at_once` at a time; a claim says
/// whether more rows may be waiting (it took as many as it could). A row is the head
/// of its chat's queue, so the rows of running batches belong to different chats; when a batch ends, its
/// chats' next rows become claimable and are taken at once. After the stop, rows still come for `drain`;
/// then the running batches finish and the loop ends.
async fn pipeline<Item, Claim, ClaimFut, Work, WorkFut>(
    ready: &Notify,
    mut stop: watch::Receiver<bool>,
    drain: Duration,
    what: &'static str,
    at_once: usize,
    claim: Claim,
    work: Work,
) where
    Claim: Fn() -> ClaimFut,
    ClaimFut: Future<Output = Result<Option<(Item, bool)>, StoreError>>,
    Work: Fn(Item) -> WorkFut,
    WorkFut: Future<Output = ()> + Send + 'static,
{
    let mut running = JoinSet::new();
    let mut failures = 0u32;
    let mut stopping_since: Option<Instant> = None;
    loop {
        if *stop.borrow() && stopping_since.get_or_insert_with(Instant::now).elapsed() >= drain {
            break;
        }
        let mut wait = IDLE;
        if running.len() < at_once {
            match claim().await {
                Ok(taken) => {
                    failures = 0;
                    if let Some((taken, more)) = taken {
                        running.spawn(work(taken));
                        // A claim that took less than it could took all there was: the next rows come
                        // with a notice (new ones) or the end of a running task (its chats' next ones).
                        if more {
                            continue;
                        }
                    }
                }
                Err(e) => {
                    failures += 1;
                    tracing::warn!(error = %e, "cannot read {what}; waiting for the database");
                    wait = outage_wait(failures);
                }
            }
        }
        if stopping_since.is_some() && running.is_empty() {
            break;
        }
        tokio::select! {
            Some(done) = running.join_next(), if !running.is_empty() => log_panic(done),
            _ = ready.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed(), if stopping_since.is_none() => {}
        }
        while let Some(done) = running.try_join_next() {
            log_panic(done);
        }
    }
    while let Some(done) = running.join_next().await {
        log_panic(done);
    }
}

/// A task that panicked leaves its row claimed until the lease runs out; it is then taken again (and set
/// aside after a few tries).
fn log_panic(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done {
        tracing::error!(error = %e, "a delivery task failed; its row will be taken again");
    }
}

/// This machine's name, to tell the processes of this host from those of others.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Whether a process of this host still runs. Where that cannot be told, it is taken as running: its
/// heartbeat will say.
fn process_runs(pid: i64) -> bool {
    if !std::path::Path::new("/proc/self").exists() {
        return true;
    }
    // A process killed but not yet reaped by its parent lingers as a zombie ("Z"): it runs no more.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with(['Z', 'X'])),
        Err(_) => false,
    }
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

/// Growing, jittered waits: 0.3 s, 0.6 s, 1.2 s … up to five minutes, each plus up to a quarter more, so
/// that replicas and chats do not retry in step.
pub fn backoff(attempt: u32) -> Duration {
    let base = FIRST_BACKOFF.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(MAX_BACKOFF);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    base + base.mul_f64(f64::from(nanos % 1000) / 4000.0)
}

/// Waiting for a database or an API that is away: backoff, but never more than about five seconds, so
/// that the bot catches up soon after it returns.
pub fn outage_wait(failures: u32) -> Duration {
    backoff(failures.min(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_bounded() {
        assert!(backoff(1) >= FIRST_BACKOFF && backoff(1) < FIRST_BACKOFF * 2);
        assert!(backoff(3) >= FIRST_BACKOFF * 4);
        assert!(backoff(40) <= MAX_BACKOFF + MAX_BACKOFF / 4);
    }
}
