//! The transport-free core: one entry point takes a message from any chat platform and returns the
//! replies. It knows nothing of Telegram, Zalo or SQL; adapters call [`Bot::handle`] and render
//! [`Reply`]s, and the store is reached only through [`crate::store::Store`].

mod across;
mod answers;
mod binding;
pub mod desk;
pub mod digest;
mod export;
pub mod import;
pub mod periodic;
pub mod plans;
mod progress;
mod reminder;
pub mod reply;
mod reporting;
mod review;
mod web;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::chat::{ChatBinding, ChatKey};
use crate::clock::local_date;
use crate::i18n::{Lang, Messages};
use crate::nlu::command::{self, Command};
use crate::nlu::{Intent, Nlu, RefSlot, Understanding};
use crate::plan::{PlanIndex, PlanTimeline};
use crate::progress::state::Progress;
pub use crate::settings::Settings;
use crate::store::{Store, StoreError};
pub use plans::{LivePlans, Plans, PlansError, ServedPlan};
pub use reply::{Action, Attachment, Choice, Reply, split_text};

/// Longer messages are refused: no chat platform sends more, and no report needs it.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// A message as a platform delivered it.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub chat: ChatKey,
    pub user_id: String,
    pub user_name: String,
    pub text: String,
    pub at: DateTime<Utc>,
    /// The platform's id of the message, kept with what it causes.
    pub message_id: Option<String>,
    /// The message speaks to the bot: a private chat, a command, a mention or a reply to the bot. In a
    /// group that does not, only what the bot understands gets an answer; small talk gets silence.
    pub addressed: bool,
    /// A document or photo that came with the text (its caption), as the platform's file id.
    pub file_id: Option<String>,
    /// The stored update it came from: what it records is keyed by it, so that handling it again after a
    /// crash finds the first result instead of repeating it.
    pub source: Option<Source>,
}

impl Incoming {
    /// The message with controls and hidden marks taken out of what people wrote (its text and the
    /// sender's name), or `None` when there were none.
    fn cleaned(&self) -> Option<Incoming> {
        let (text, name) = (crate::text::clean(&self.text), crate::text::clean(&self.user_name));
        if matches!((&text, &name), (Cow::Borrowed(_), Cow::Borrowed(_))) {
            return None;
        }
        Some(Incoming { text: text.into_owned(), user_name: name.into_owned(), ..self.clone() })
    }
}

/// Where a message came from, for handling it at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// `platform:update id` (see [`crate::store::InboxItem::source`]).
    pub key: String,
    /// A worker took it before and may have done part of it: look for what it did. (On a first attempt
    /// there is nothing to find, and the look-up is skipped.)
    pub replayed: bool,
}

pub struct Bot {
    store: Arc<dyn Store>,
    /// Every plan served, each through time: a message is answered from the versions in force on its day.
    plans: Arc<Plans>,
    /// The plan this bot answers for when one is meant (see [`Bot::in_plan`]).
    current: usize,
    /// While serving: where changed plans come from (see [`Bot::refreshed`]).
    live: Option<Arc<LivePlans>>,
    messages: Arc<Messages>,
    lang: Lang,
    settings: Settings,
    /// The bindings of a batch's chats, read at once (a chat without one is there as `None`).
    bindings: Option<Arc<HashMap<ChatKey, Option<ChatBinding>>>>,
    /// The web page's public address, when it is served: `/web` gives sign-in links under it.
    web: Option<Arc<url::Url>>,
}

/// The chat's agency, resolved for one message.
struct Speaker<'a> {
    msg: &'a Incoming,
    agency: String,
    coordinator: bool,
    /// The one plan a coordinator chat was bound for, if it was.
    plan: Option<String>,
    /// The chat's agency ended with several successors: who carries on its work now.
    ended: Option<Vec<String>>,
}

impl Speaker<'_> {
    fn today(&self) -> NaiveDate {
        local_date(self.msg.at)
    }
}

impl Bot {
    /// The bot for `plans`, which must not be empty.
    pub fn new(
        store: Arc<dyn Store>,
        plans: Arc<Plans>,
        messages: Arc<Messages>,
        lang: Lang,
        settings: Settings,
    ) -> Self {
        assert!(!plans.is_empty(), "a bot serves at least one plan");
        Self { store, plans, current: 0, live: None, messages, lang, settings, bindings: None, web: None }
    }

    /// The bot for the plans in service, taking up plans loaded or retired while it serves.
    pub fn serving(
        store: Arc<dyn Store>,
        live: Arc<LivePlans>,
        messages: Arc<Messages>,
        lang: Lang,
        settings: Settings,
    ) -> Self {
        Self { live: Some(live.clone()), ..Self::new(store, live.current(), messages, lang, settings) }
    }

    /// The same bot with the plans as they are now in the store (the same plans when not serving).
    pub async fn refreshed(&self) -> Self {
        match &self.live {
            Some(live) => Self {
                plans: live.refresh(self.store.as_ref()).await,
                current: 0,
                ..self.with_store(self.store.clone())
            },
            None => self.with_store(self.store.clone()),
        }
    }

    /// The same bot, answering for the plan at position `i` of [`Bot::plans`].
    pub fn in_plan(&self, i: usize) -> Self {
        Self { current: i, bindings: self.bindings.clone(), ..self.with_store(self.store.clone()) }
    }

    pub fn plans(&self) -> &Arc<Plans> {
        &self.plans
    }

    /// The same bot working through another store: a batch's, whose writes are committed together.
    pub fn with_store(&self, store: Arc<dyn Store>) -> Self {
        Self {
            store,
            plans: self.plans.clone(),
            current: self.current,
            live: self.live.clone(),
            messages: self.messages.clone(),
            lang: self.lang,
            settings: self.settings,
            bindings: None,
            web: self.web.clone(),
        }
    }

    /// The same bot, giving sign-in links to the web page at `base`.
    pub fn with_web(self, base: url::Url) -> Self {
        Self { web: Some(Arc::new(base)), ..self }
    }

    /// The same bot for a batch of messages: working through the batch's store, with the bindings of the
    /// batch's chats read in one query instead of one per message.
    pub async fn for_batch(&self, store: Arc<dyn Store>, chats: &[ChatKey]) -> Result<Self, StoreError> {
        let mut bindings: HashMap<ChatKey, Option<ChatBinding>> = chats.iter().map(|c| (c.clone(), None)).collect();
        let mut by_platform: HashMap<&str, Vec<String>> = HashMap::new();
        for chat in chats {
            by_platform.entry(chat.platform.as_str()).or_default().push(chat.chat_id.clone());
        }
        for (platform, ids) in by_platform {
            for binding in store.chat_bindings_of(platform, &ids).await? {
                bindings.insert(binding.chat.clone(), Some(binding));
            }
        }
        // Through the batch's store: it may hold the only connection that can write.
        let plans = match &self.live {
            Some(live) => live.refresh(store.as_ref()).await,
            None => self.plans.clone(),
        };
        Ok(Self { plans, current: 0, bindings: Some(Arc::new(bindings)), ..self.with_store(store) })
    }

    /// A chat's binding: the one read for its batch, or from the store.
    async fn binding_of(&self, chat: &ChatKey) -> Result<Option<ChatBinding>, StoreError> {
        match self.bindings.as_ref().and_then(|known| known.get(chat)) {
            Some(known) => Ok(known.clone()),
            None => self.store.chat_binding(chat).await,
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The bot's words, and the language it speaks.
    pub fn messages(&self) -> (&Arc<Messages>, Lang) {
        (&self.messages, self.lang)
    }

    fn served(&self) -> &ServedPlan {
        self.plans.get(self.current)
    }

    /// The plan answered for, through time.
    pub fn timeline(&self) -> &PlanTimeline {
        &self.served().timeline
    }

    /// The plan as in force on `day`.
    pub fn plan_on(&self, day: NaiveDate) -> &PlanIndex {
        self.served().at(day)
    }

    /// The id of the catalog whose agencies the plan names.
    pub fn catalog_id(&self) -> &str {
        self.served().catalog()
    }

    fn nlu_on(&self, day: NaiveDate) -> &Nlu {
        self.served().nlu_on(day)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Said straight away to a chat whose messages wait for the database to come back.
    pub fn busy_reply(&self) -> Reply {
        Reply::text(self.messages.tr(self.lang, "store-busy", &[]))
    }

    /// Said once for a message the database refused (a bug or bad data): nothing was recorded.
    pub fn refused_reply(&self) -> Reply {
        Reply::text(self.messages.tr(self.lang, "store-refused", &[]))
    }

    /// The answers of `day`, from the plan in force then.
    fn answers(&self, day: NaiveDate) -> answers::Answers<'_> {
        answers::Answers { plan: self.plan_on(day), messages: &self.messages, lang: self.lang, day }
    }

    /// The replies to a message; a database failure becomes a reply saying nothing was recorded.
    pub async fn handle(&self, msg: &Incoming) -> Vec<Reply> {
        match self.respond(msg).await {
            Ok(replies) => replies,
            Err(e) if e.is_transient() => {
                tracing::warn!(error = %e, chat = ?msg.chat, "the database is away");
                vec![self.answers(local_date(msg.at)).store_unavailable()]
            }
            Err(e) => {
                tracing::error!(error = %e, chat = ?msg.chat, "the database refused a message");
                vec![self.refused_reply()]
            }
        }
    }

    /// The replies to a message, or the database failure that stopped it (for a caller that will handle
    /// the message again later rather than answer now).
    pub async fn respond(&self, msg: &Incoming) -> Result<Vec<Reply>, StoreError> {
        // What people typed is cleaned once, here, before anything reads or keeps it.
        let cleaned;
        let msg = match msg.cleaned() {
            Some(clean) => {
                cleaned = clean;
                &cleaned
            }
            None => msg,
        };
        let today = local_date(msg.at);
        let say = self.answers(today);
        if msg.text.chars().count() > MAX_MESSAGE_CHARS {
            return Ok(vec![say.too_long(MAX_MESSAGE_CHARS)]);
        }
        if let Some((spec, args)) = command::parse(&msg.text).filter(|(spec, _)| spec.binds()) {
            let binding = self.store.chat_binding(&msg.chat).await?;
            return Ok(vec![self.binding_command(msg, spec.command, args, binding.as_ref()).await?]);
        }
        let understood = self.nlu_on(today).understand(&msg.text);
        // In a group, talk that is not addressed to the bot and not understood is not for it — except a
        // short "có"/"không", which may answer the bot's question.
        if !msg.addressed && understood.intent == Intent::Unknown && crate::nlu::yes_or_no(&msg.text).is_none() {
            return Ok(Vec::new());
        }
        let binding = self.binding_of(&msg.chat).await?;
        // The plans of the chat's catalog; the first answers what concerns them all.
        let among = binding.as_ref().map(|b| self.plans.of_catalog(&b.catalog)).unwrap_or_default();
        let home = among.first().map(|&i| self.in_plan(i));
        let binding = binding.filter(|b| home.as_ref().is_some_and(|h| h.bound_agency(b).is_some()));
        if understood.intent == Intent::Help {
            // The guide answers in any chat, and lists a coordinator chat's own commands there.
            let coordinator = binding.as_ref().is_some_and(|b| b.coordinator);
            let codes: Vec<&str> =
                among.iter().map(|&i| self.plans.get(i).at(today).plan().meta.code.as_str()).collect();
            let plans = match codes.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    say.t("plans-and", &[answers::arg("first", rest.join(", ")), answers::arg("last", *last)])
                }
                _ => say.plan.plan().meta.code.clone(),
            };
            return Ok(vec![if understood.command == Some(Command::Start) {
                say.start(&msg.user_name, coordinator, &plans)
            } else {
                say.help_for(coordinator, &plans)
            }]);
        }
        let (Some(binding), Some(home)) = (binding, home) else {
            return Ok(vec![say.unbound()]);
        };
        let (speaker, notice) = home.speaker(msg, &binding).await?;
        let mut replies = if among.len() > 1 {
            home.act_across(&speaker, &among).await?
        } else if home.current == self.current {
            home.act(&speaker, &understood).await?
        } else {
            home.act(&speaker, &home.nlu_on(today).understand(&msg.text)).await?
        };
        // "nhiệm vụ của tôi" in the chat of an agency that ended says who succeeded it already.
        let answered = speaker.ended.is_some() && understood.intent == Intent::MyTasks;
        if let Some(notice) = notice.filter(|_| !answered) {
            replies.insert(0, notice);
        }
        Ok(replies)
    }

    /// Who speaks in a bound chat. A chat bound to an agency that has ended is re-bound to its successor
    /// when there is exactly one, and told so; with several, it is told once who carries on its work.
    async fn speaker<'a>(
        &self,
        msg: &'a Incoming,
        binding: &ChatBinding,
    ) -> Result<(Speaker<'a>, Option<Reply>), StoreError> {
        let today = local_date(msg.at);
        let say = self.answers(today);
        let mut speaker = Speaker {
            msg,
            agency: binding.agency.clone(),
            coordinator: binding.coordinator,
            plan: binding.plan.clone(),
            ended: None,
        };
        let catalog = say.plan.catalog();
        if !catalog.agency(&binding.agency).is_some_and(|a| a.ended_before(today)) {
            return Ok((speaker, None));
        }
        let successors: Vec<String> =
            catalog.successors_on(&binding.agency, today).into_iter().map(str::to_string).collect();
        if let [one] = successors.as_slice() {
            let moved = ChatBinding { agency: one.clone(), bound_at: msg.at, ..binding.clone() };
            self.store.bind_chat(&moved).await?;
            tracing::info!(chat = ?msg.chat, from = %binding.agency, to = %one, "re-bound a chat to the successor");
            speaker.agency = one.clone();
            return Ok((speaker, Some(say.rebound(&binding.agency, one))));
        }
        let notice = if self.store.note_succession_told(&msg.chat, msg.at).await? {
            Some(say.succeeded(&binding.agency, &successors))
        } else {
            None
        };
        speaker.ended = Some(successors);
        Ok((speaker, notice))
    }

    async fn act(&self, who: &Speaker<'_>, u: &Understanding) -> Result<Vec<Reply>, StoreError> {
        let today = who.today();
        let say = self.answers(today);
        let plan_id = self.timeline().id();
        // A short "có" / "không" answers a report waiting for confirmation, if there is one.
        if let Some(yes) = crate::nlu::yes_or_no(&who.msg.text)
            && !matches!(u.intent, Intent::Confirm | Intent::Cancel)
            && let Some(reply) = self.answer_pending(who, yes).await?
        {
            return Ok(vec![reply]);
        }
        Ok(match u.intent {
            Intent::MyTasks => say.agency_tasks(&who.agency, true),
            Intent::AgencyTasks => {
                let agency = u.agency.as_deref().unwrap_or(&who.agency);
                say.agency_tasks(agency, agency == who.agency)
            }
            Intent::TaskDetail => match u.task {
                Some(RefSlot::Exact(reference)) if say.plan.task(reference).is_some() => {
                    let reports = self.store.latest_task_reports(plan_id, &reference.to_string()).await?;
                    let progress = Progress::new(reports);
                    vec![say.task_detail(RefSlot::Exact(reference), Some(&who.agency), &progress)]
                }
                Some(slot) => vec![say.task_detail(slot, Some(&who.agency), &Progress::default())],
                None => vec![say.unknown(None)],
            },
            Intent::Search => vec![say.search(self.nlu_on(today), u.query.as_deref())],
            Intent::Overdue | Intent::DueSoon | Intent::Blocked => {
                let progress = Progress::new(self.store.latest_reports(plan_id).await?);
                // "của tôi": the chat's agency; a name: that agency; neither: the whole plan.
                let agency = u.agency.as_deref().or(u.own.then_some(who.agency.as_str()));
                vec![match u.intent {
                    Intent::Overdue => say.overdue(&progress, today, agency),
                    Intent::DueSoon => say.due_soon(&progress, today, agency),
                    _ => say.blocked(&progress, today, agency),
                }]
            }
            // `/tonghop` in a coordinator chat: the digest of the week so far.
            Intent::Summary if who.coordinator && u.command == Some(Command::Summary) => {
                let week = crate::progress::week::Week::of(today);
                match self.digest(week, who.msg.at).await? {
                    Ok(reply) => vec![reply],
                    Err(why) => vec![self.no_digest_reply(&why)],
                }
            }
            Intent::Summary => {
                let progress = Progress::new(self.store.latest_reports(plan_id).await?);
                let recent = self.store.reported_since(plan_id, who.msg.at - self.settings.report_window).await?;
                vec![say.summary(&progress, today, u.agency.as_deref(), recent.len(), self.settings.report_window)]
            }
            Intent::NotReported => {
                let progress = Progress::new(self.store.latest_reports(plan_id).await?);
                let recent = self.store.reported_since(plan_id, who.msg.at - self.settings.report_window).await?;
                vec![say.not_reported(&progress, today, &recent, u.agency.as_deref(), self.settings.report_window)]
            }
            Intent::Reported => {
                let recent = self.store.reported_since(plan_id, who.msg.at - self.settings.report_window).await?;
                vec![say.reported(&recent, u.agency.as_deref(), self.settings.report_window)]
            }
            Intent::History => match u.task {
                Some(RefSlot::Exact(reference)) if say.plan.task(reference).is_some() => {
                    let history = self.store.task_history(plan_id, &reference.to_string(), HISTORY_LINES + 1).await?;
                    vec![say.history(reference, &history, HISTORY_LINES as usize)]
                }
                Some(slot) => vec![say.task_detail(slot, Some(&who.agency), &Progress::default())],
                None => vec![say.history_which()],
            },
            Intent::Update => vec![self.update(who, u).await?],
            Intent::Undo => match &u.unreadable {
                Some(arg) => {
                    vec![Reply::text(say.t("undo-which", &[answers::arg("arg", crate::text::shorten(arg, 40))]))]
                }
                None => vec![self.undo(who, u.report_id).await?],
            },
            Intent::Confirm => match self.answer_pending(who, true).await? {
                Some(reply) => vec![reply],
                // A coordinator with nothing of its own waiting most likely means the results to review.
                None if who.coordinator => {
                    let waiting: Vec<_> = self
                        .store
                        .reports_under_review(plan_id, who.msg.at)
                        .await?
                        .into_iter()
                        .filter(|r| r.awaiting_review())
                        .collect();
                    vec![say.results_to_review(&waiting)]
                }
                None => vec![say.nothing_pending(false)],
            },
            Intent::Cancel => {
                vec![self.answer_pending(who, false).await?.unwrap_or_else(|| say.nothing_pending(true))]
            }
            // The workbook holds every agency's notes and the names of who sent them: the coordinator's.
            Intent::Export if !who.coordinator => {
                vec![Reply::text(say.t("coordinator-command", &[answers::arg("coordinator", say.coordinator_name())]))]
            }
            Intent::Export => match self.export(who.msg.at).await? {
                Ok(file) => vec![Reply { text: say.t("export-ready", &[]), file: Some(file), ..Reply::default() }],
                Err(e) => {
                    tracing::error!(error = %e, "cannot write the spreadsheet");
                    vec![say.store_unavailable()]
                }
            },
            Intent::PeriodicReport => vec![self.periodic_report(who, u).await?],
            Intent::Review if !who.coordinator => vec![Reply::text(say.t("coordinator-only", &[]))],
            Intent::Review => vec![self.review(who, u, &[self.current]).await?],
            Intent::Help => vec![say.help(who.coordinator)],
            Intent::Unknown if !who.msg.addressed => Vec::new(),
            Intent::Unknown => vec![say.unknown(u.small_talk)],
        })
    }

    /// The same bot answering for the plan `id`, where a report of it is shown (itself if not served).
    fn of_plan(&self, id: &str) -> Self {
        match self.plans.position(id) {
            Some(i) => self.in_plan(i),
            None => self.with_store(self.store.clone()),
        }
    }

    /// The agency a binding speaks for, if it belongs to this plan's catalog (it may have ended).
    pub fn bound_agency(&self, binding: &ChatBinding) -> Option<&str> {
        let catalog = &self.timeline().bundle().catalog;
        (binding.catalog == catalog.id).then_some(())?;
        catalog.agency(&binding.agency).map(|a| a.code.as_str())
    }
}

/// A task's history shows this many reports; older ones are counted.
const HISTORY_LINES: i64 = 20;
