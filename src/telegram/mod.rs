//! The Telegram adapter: teloxide around the transport-free core. It turns updates into
//! [`Incoming`] messages, renders [`crate::bot::Reply`]s as HTML with inline buttons, and owns
//! everything that is Telegram's: mentions, callback queries, group migrations, rate limits, retries.

pub mod render;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::payloads::{AnswerCallbackQuerySetters, SendMessageSetters};
use teloxide::prelude::{Requester, RequesterExt};
use teloxide::types::{
    BotCommand, CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, ParseMode,
    Update, UserId,
};
use teloxide::update_listeners::{Polling, webhooks};
use teloxide::{ApiError, Bot as TgBot, RequestError, dptree};

use crate::bot::{Bot, Incoming};
use crate::chat::ChatKey;
use crate::clock::Clock;
use crate::i18n::{Lang, Messages};
use crate::store::Store;
use render::{Button, Outgoing};

pub const PLATFORM: &str = "telegram";
/// A button works this long after the bot sent it.
const BUTTON_LIFETIME: TimeDelta = TimeDelta::days(7);
/// Attempts at delivering one message before it is logged as failed.
const SEND_ATTEMPTS: u32 = 8;

type TgRequester = Throttle<TgBot>;

#[derive(Debug, Clone)]
pub struct Webhook {
    pub listen: SocketAddr,
    pub url: url::Url,
    /// Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; requests without it are refused.
    pub secret: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error(
        "TELOXIDE_TOKEN is not set: create a bot with @BotFather in Telegram and export its token \
         (TELOXIDE_TOKEN=123456:ABC… phoihop serve)"
    )]
    NoToken,
    #[error("TELOXIDE_API_URL “{0}” is not a URL")]
    BadApiUrl(String),
    #[error("cannot reach the Telegram Bot API: {0}")]
    Unreachable(#[source] RequestError),
}

/// What every handler needs.
struct App {
    core: Arc<Bot>,
    store: Arc<dyn Store>,
    clock: Clock,
    messages: Arc<Messages>,
    lang: Lang,
    me: UserId,
    username: String,
}

/// The bot with the token and API URL from the environment (`TELOXIDE_TOKEN`, `TELOXIDE_API_URL`).
pub fn bot_from_env() -> Result<TgBot, TelegramError> {
    let token = std::env::var("TELOXIDE_TOKEN").ok().filter(|t| !t.trim().is_empty()).ok_or(TelegramError::NoToken)?;
    let bot = TgBot::new(token.trim());
    match std::env::var("TELOXIDE_API_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let parsed = url::Url::parse(url.trim()).map_err(|_| TelegramError::BadApiUrl(url.clone()))?;
            Ok(bot.set_api_url(parsed))
        }
        _ => Ok(bot),
    }
}

/// Serves the bot until SIGINT or SIGTERM: long polling, or a webhook when one is given.
pub async fn serve(
    bot: TgBot,
    core: Arc<Bot>,
    store: Arc<dyn Store>,
    clock: Clock,
    messages: Arc<Messages>,
    lang: Lang,
    webhook: Option<Webhook>,
) -> anyhow::Result<()> {
    let me = get_me(&bot).await?;
    let username = me.username().to_string();
    tracing::info!(bot = %username, "connected to the Telegram Bot API");
    let commands = command_list(&messages, lang);
    if let Err(e) = bot.set_my_commands(commands).await {
        tracing::warn!(error = %e, "could not register the command list");
    }
    let requester = bot.clone().throttle(Limits::default());
    let store_for_health = store.clone();
    let app = Arc::new(App { core, store, clock, messages, lang, me: me.id, username });
    let app_for_schedule = app.clone();

    let handler = dptree::entry()
        .filter_async(|update: Update, app: Arc<App>| async move { first_delivery(&app, &update).await })
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback));
    let mut dispatcher = Dispatcher::builder(requester.clone(), handler)
        .dependencies(dptree::deps![app])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("a Telegram update failed"))
        .build();
    let scheduler = tokio::spawn(run_schedule(requester.clone(), app_for_schedule));
    let shutdown = dispatcher.shutdown_token();
    tokio::spawn(async move {
        stop_signal().await;
        tracing::info!("stopping: finishing the updates already accepted");
        if let Ok(done) = shutdown.shutdown() {
            done.await;
        }
    });
    let listener_errors = LoggingErrorHandler::with_custom_text("receiving Telegram updates failed");
    match webhook {
        None => {
            let listener = Polling::builder(requester).timeout(Duration::from_secs(25)).delete_webhook().await.build();
            dispatcher.dispatch_with_listener(listener, listener_errors).await;
        }
        Some(hook) => {
            let options = webhooks::Options::new(hook.listen, hook.url).secret_token(hook.secret);
            let (listener, stopped, router) = webhooks::axum_to_router(requester, options).await?;
            let router = router.merge(crate::health::router(store_for_health));
            let tcp = tokio::net::TcpListener::bind(hook.listen).await?;
            let server = tokio::spawn(async move { axum::serve(tcp, router).with_graceful_shutdown(stopped).await });
            dispatcher.dispatch_with_listener(listener, listener_errors).await;
            if let Ok(Err(e)) = server.await {
                tracing::error!(error = %e, "the webhook server failed");
            }
        }
    }
    scheduler.abort();
    tracing::info!("stopped");
    Ok(())
}

/// Seconds between two looks at the schedule (`PHOIHOP_SCHEDULE_SECONDS`, default 30); 0 turns scheduled
/// sends off in this process (another process on the same database may send them).
pub fn schedule_interval() -> Option<Duration> {
    let seconds = std::env::var("PHOIHOP_SCHEDULE_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30u64);
    (seconds > 0).then(|| Duration::from_secs(seconds.min(3600)))
}

/// Delivers the scheduled digests and reminders as they fall due.
async fn run_schedule(bot: TgRequester, app: Arc<App>) {
    let Some(interval) = schedule_interval() else { return };
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        ticks.tick().await;
        let due = match app.core.due_sends(PLATFORM, app.clock.now()).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the schedule");
                continue;
            }
        };
        for send in due {
            let Ok(chat) = send.chat.chat_id.parse::<i64>() else { continue };
            tracing::info!(chat, "sending a scheduled message");
            if !send_replies(&bot, app.store.as_ref(), &app.clock, ChatId(chat), std::slice::from_ref(&send.reply))
                .await
            {
                tracing::warn!(chat, "a scheduled message was not delivered; the other chats still get theirs");
            }
        }
    }
}

/// Sends a reply to every coordinator chat on Telegram now (`phoihop digest` without `--print`).
pub async fn send_to_coordinators(
    bot: TgBot,
    store: Arc<dyn Store>,
    clock: Clock,
    catalog: &str,
    reply: &crate::bot::Reply,
) -> anyhow::Result<usize> {
    let requester = bot.throttle(Limits::default());
    let mut delivered = 0;
    for b in store.chat_bindings(catalog).await?.into_iter().filter(|b| b.coordinator && b.chat.platform == PLATFORM) {
        let Ok(chat) = b.chat.chat_id.parse::<i64>() else { continue };
        if send_replies(&requester, store.as_ref(), &clock, ChatId(chat), std::slice::from_ref(reply)).await {
            delivered += 1;
        }
    }
    Ok(delivered)
}

async fn get_me(bot: &TgBot) -> Result<teloxide::types::Me, TelegramError> {
    let mut delay = Duration::from_millis(500);
    for attempt in 1.. {
        match bot.get_me().await {
            Ok(me) => return Ok(me),
            Err(e @ RequestError::Api(ApiError::InvalidToken)) => {
                return Err(TelegramError::Unreachable(e));
            }
            Err(e) if attempt >= 6 => return Err(TelegramError::Unreachable(e)),
            Err(e) => {
                tracing::warn!(error = %e, attempt, "the Bot API did not answer getMe; retrying");
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        }
    }
    unreachable!("the loop returns")
}

pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The commands shown in Telegram's menu, described in the bot's language.
fn command_list(messages: &Messages, lang: Lang) -> Vec<BotCommand> {
    [
        ("nhiemvu", "cmd-nhiemvu"),
        ("capnhat", "cmd-capnhat"),
        ("quahan", "cmd-quahan"),
        ("tonghop", "cmd-tonghop"),
        ("chuabaocao", "cmd-chuabaocao"),
        ("tim", "cmd-tim"),
        ("lichsu", "cmd-lichsu"),
        ("hoantac", "cmd-hoantac"),
        ("ketnoi", "cmd-ketnoi"),
        ("help", "cmd-help"),
    ]
    .into_iter()
    .map(|(command, key)| BotCommand::new(command, messages.tr(lang, key, &[])))
    .collect()
}

/// Telegram may deliver an update twice; it is handled once.
async fn first_delivery(app: &App, update: &Update) -> bool {
    match app.store.first_delivery(PLATFORM, &update.id.0.to_string(), app.clock.now()).await {
        Ok(first) => {
            if !first {
                tracing::info!(update = update.id.0, "skipping an update delivered twice");
            }
            first
        }
        // Better to answer twice than to drop a message because the database hiccupped.
        Err(e) => {
            tracing::error!(error = %e, "cannot record the update id; handling it anyway");
            true
        }
    }
}

fn chat_key(chat: ChatId) -> ChatKey {
    ChatKey::new(PLATFORM, chat.0.to_string())
}

async fn on_message(bot: TgRequester, msg: Message, app: Arc<App>) -> Result<(), RequestError> {
    if msg.chat.is_channel() {
        return Ok(());
    }
    // Telegram announces an upgrade in both chats; whichever comes first moves the binding, and the
    // new chat's own notice comes before anything else said there.
    let migration = match (msg.migrate_to_chat_id(), msg.migrate_from_chat_id()) {
        (Some(to), _) => Some((msg.chat.id, *to)),
        (_, Some(from)) => Some((*from, msg.chat.id)),
        _ => None,
    };
    if let Some((from, to)) = migration {
        match app.store.move_chat(&chat_key(from), &chat_key(to)).await {
            Ok(moved) => tracing::info!(from = from.0, to = to.0, moved, "group upgraded to a supergroup"),
            Err(e) => tracing::error!(error = %e, "cannot move the binding of an upgraded group"),
        }
        return Ok(());
    }
    let Some(raw) = msg.text().or_else(|| msg.caption()) else {
        return Ok(());
    };
    let private = msg.chat.is_private();
    let mention = format!("@{}", app.username);
    let mentioned = raw.to_lowercase().contains(&mention.to_lowercase());
    let replied_to_bot = msg.reply_to_message().and_then(|r| r.from.as_ref()).is_some_and(|u| u.id == app.me);
    let command = raw.trim_start().starts_with('/');
    // A command for another bot in the same group is not ours.
    if command && !private {
        let head = raw.split_whitespace().next().unwrap_or_default();
        if let Some((_, target)) = head.split_once('@')
            && !target.eq_ignore_ascii_case(&app.username)
        {
            return Ok(());
        }
    }
    let text = if mentioned { strip_mention(raw, &mention) } else { raw.to_string() };
    let file_id = msg
        .document()
        .map(|d| d.file.id.to_string())
        .or_else(|| msg.photo().and_then(|p| p.last()).map(|p| p.file.id.to_string()));
    let user = msg.from.as_ref();
    let incoming = Incoming {
        chat: chat_key(msg.chat.id),
        user_id: user.map(|u| u.id.0.to_string()).unwrap_or_default(),
        user_name: user.map(|u| u.full_name()).unwrap_or_default(),
        text,
        at: app.clock.now(),
        message_id: Some(msg.id.0.to_string()),
        addressed: private || command || mentioned || replied_to_bot,
        file_id,
    };
    let replies = app.core.handle(&incoming).await;
    deliver(&bot, &app, msg.chat.id, &replies).await;
    Ok(())
}

/// "@phoihop_bot nhiệm vụ của tôi" → "nhiệm vụ của tôi".
fn strip_mention(text: &str, mention: &str) -> String {
    let lower = text.to_lowercase();
    match lower.find(&mention.to_lowercase()) {
        Some(at) if text.is_char_boundary(at) && text.is_char_boundary(at + mention.len()) => {
            format!("{} {}", &text[..at], &text[at + mention.len()..]).trim().to_string()
        }
        _ => text.to_string(),
    }
}

async fn on_callback(bot: TgRequester, q: CallbackQuery, app: Arc<App>) -> Result<(), RequestError> {
    let Some(chat) = q.message.as_ref().map(|m| m.chat().id) else {
        bot.answer_callback_query(q.id.clone()).await?;
        return Ok(());
    };
    let token = q.data.as_deref().and_then(|d| d.strip_prefix("b:")).unwrap_or_default();
    let since = app.clock.now() - BUTTON_LIFETIME;
    let command = match app.store.take_button(token, &chat_key(chat), since).await {
        Ok(command) => command,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a button");
            None
        }
    };
    let Some(command) = command else {
        let text = app.messages.tr(app.lang, "button-expired", &[]);
        bot.answer_callback_query(q.id.clone()).text(text).await?;
        return Ok(());
    };
    bot.answer_callback_query(q.id.clone()).await?;
    let incoming = Incoming {
        chat: chat_key(chat),
        user_id: q.from.id.0.to_string(),
        user_name: q.from.full_name(),
        text: command,
        at: app.clock.now(),
        message_id: None,
        addressed: true,
        file_id: None,
    };
    let replies = app.core.handle(&incoming).await;
    deliver(&bot, &app, chat, &replies).await;
    Ok(())
}

/// Sends replies in order, each reply's file after its text. A message that cannot be delivered (a chat
/// that blocked the bot, a network that stays down) is logged with its chat and the reason.
async fn deliver(bot: &TgRequester, app: &App, chat: ChatId, replies: &[crate::bot::Reply]) {
    send_replies(bot, app.store.as_ref(), &app.clock, chat, replies).await;
}

/// Sends replies to a chat; returns whether everything was delivered.
pub async fn send_replies(
    bot: &TgRequester,
    store: &dyn Store,
    clock: &Clock,
    mut chat: ChatId,
    replies: &[crate::bot::Reply],
) -> bool {
    for reply in replies {
        for part in render::render(reply) {
            let keyboard = match keyboard(store, clock, chat, &part).await {
                Ok(k) => k,
                Err(e) => {
                    tracing::error!(error = %e, chat = chat.0, "cannot store the buttons; sending without them");
                    None
                }
            };
            match send(bot, chat, &part.html, keyboard.as_ref()).await {
                Ok(Some(moved)) => {
                    let _ = store.move_chat(&chat_key(chat), &chat_key(moved)).await;
                    chat = moved;
                }
                Ok(None) => {}
                Err(reason) => {
                    tracing::error!(chat = chat.0, reason = %reason, "a reply could not be delivered");
                    return false;
                }
            }
        }
        if let Some(file) = &reply.file
            && let Err(reason) = send_file(bot, chat, file).await
        {
            tracing::error!(chat = chat.0, reason = %reason, file = %file.file_name, "a file could not be delivered");
            return false;
        }
    }
    true
}

async fn send_file(bot: &TgRequester, chat: ChatId, file: &crate::bot::Attachment) -> Result<(), RequestError> {
    let mut retry = Retry::default();
    loop {
        let input = InputFile::memory(file.bytes.clone()).file_name(file.file_name.clone());
        match bot.send_document(chat, input).await {
            Ok(_) => return Ok(()),
            Err(e) if retry.after(&e).await => {}
            Err(e) => return Err(e),
        }
    }
}

/// The inline keyboard of a message; each button's command is kept in the store under a short token.
async fn keyboard(
    store: &dyn Store,
    clock: &Clock,
    chat: ChatId,
    part: &Outgoing,
) -> Result<Option<InlineKeyboardMarkup>, crate::store::StoreError> {
    if part.buttons.is_empty() {
        return Ok(None);
    }
    let mut rows = Vec::with_capacity(part.buttons.len());
    for row in &part.buttons {
        let mut buttons = Vec::with_capacity(row.len());
        for Button { label, command } in row {
            let token = match crate::invite::random_token(16) {
                Ok(t) => t,
                Err(e) => {
                    tracing::error!(error = %e, "no randomness for a button token");
                    continue;
                }
            };
            store.put_button(&token, &chat_key(chat), command, clock.now()).await?;
            buttons.push(InlineKeyboardButton::callback(label.clone(), format!("b:{token}")));
        }
        rows.push(buttons);
    }
    Ok(Some(InlineKeyboardMarkup::new(rows)))
}

/// Sends one message, retrying what can succeed later: rate limits after their `retry_after`, server
/// and network errors with backoff. Returns the chat's new id if it moved to a supergroup.
async fn send(
    bot: &TgRequester,
    mut chat: ChatId,
    html: &str,
    keyboard: Option<&InlineKeyboardMarkup>,
) -> Result<Option<ChatId>, RequestError> {
    let mut moved = None;
    let mut retry = Retry::default();
    loop {
        let mut request = bot.send_message(chat, html).parse_mode(ParseMode::Html);
        if let Some(k) = keyboard {
            request = request.reply_markup(k.clone());
        }
        match request.await {
            Ok(_) => return Ok(moved),
            Err(RequestError::MigrateToChatId(to)) if moved.is_none() => {
                chat = to;
                moved = Some(to);
            }
            Err(e) if retry.after(&e).await => {}
            Err(e) => return Err(e),
        }
    }
}

/// Retrying a request that failed: rate limits after their `retry_after`, server and network errors with
/// growing, jittered delays, at most [`SEND_ATTEMPTS`] tries.
struct Retry {
    attempts: u32,
    delay: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self { attempts: 0, delay: Duration::from_millis(300) }
    }
}

impl Retry {
    /// Waits as `error` asks and returns true, or returns false when the error is final or the attempts
    /// are spent.
    async fn after(&mut self, error: &RequestError) -> bool {
        self.attempts += 1;
        if self.attempts >= SEND_ATTEMPTS {
            return false;
        }
        match error {
            RequestError::RetryAfter(wait) => tokio::time::sleep(wait.duration().min(Duration::from_secs(120))).await,
            e if transient(e) => {
                tokio::time::sleep(self.delay + jitter(self.delay)).await;
                self.delay = (self.delay * 2).min(Duration::from_secs(30));
            }
            _ => return false,
        }
        true
    }
}

/// Errors that may pass: the network, a server error, an answer that was not JSON.
fn transient(e: &RequestError) -> bool {
    match e {
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(description)) => {
            let d = description.to_lowercase();
            ["internal server error", "bad gateway", "service unavailable", "gateway timeout", "timeout"]
                .iter()
                .any(|s| d.contains(s))
        }
        _ => false,
    }
}

/// Up to a quarter of the delay, so that many senders do not retry in step.
fn jitter(delay: Duration) -> Duration {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    delay.mul_f64(f64::from(nanos % 1000) / 4000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_stripped() {
        assert_eq!(strip_mention("@PhoiHop_bot nhiệm vụ của tôi", "@phoihop_bot"), "nhiệm vụ của tôi");
        assert_eq!(strip_mention("cập nhật III.2 @phoihop_bot xong", "@phoihop_bot"), "cập nhật III.2   xong".trim());
    }
}
