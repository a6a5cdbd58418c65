//! The Telegram adapter: teloxide for the Bot API around the transport-free core. Updates (long polling
//! or a webhook) go into the inbox before Telegram is told they arrived; the delivery workers handle them
//! and send the replies from the outbox (see [`crate::delivery`]). What is Telegram's — mentions, buttons,
//! group migrations, rate limits — lives in its `transport` module.

mod raw;
pub mod render;
mod transport;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::{GetUpdatesSetters, SetWebhookSetters};
use teloxide::prelude::Requester;
use teloxide::types::{BotCommand, Update, UserId};
use teloxide::{ApiError, Bot as TgBot, RequestError};
use tokio::sync::watch;

use crate::bot::Bot;
use crate::clock::Clock;
use crate::delivery::Delivery;
use crate::delivery::pace::{Pacer, Rate};
use crate::i18n::{Lang, Messages};
use transport::{TelegramTransport, chat_of};

pub const PLATFORM: &str = "telegram";
/// Telegram's header carrying the webhook's secret token.
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// How long one getUpdates call waits for updates.
const POLL_SECONDS: u32 = 25;

#[derive(Debug, Clone)]
pub struct Webhook {
    pub listen: SocketAddr,
    pub url: url::Url,
    /// Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; requests without it are refused.
    pub secret: String,
}

/// How to reach Telegram, as the deployment configures it (read once, by the binary).
#[derive(Clone)]
pub struct Config {
    token: String,
    api_url: Option<url::Url>,
    /// Whether sends keep to Telegram's limits (not for a local Bot API server or a test).
    pub pacing: bool,
    pub webhook: Option<Webhook>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("Config").field("api_url", &self.api_url).field("pacing", &self.pacing).finish_non_exhaustive()
    }
}

/// Files people sent the bot, fetched again from Telegram (up to its 20 MB limit for bots).
pub struct TelegramFiles {
    bot: TgBot,
}

impl TelegramFiles {
    pub fn new(config: &Config) -> Self {
        Self { bot: config.bot() }
    }
}

#[async_trait::async_trait]
impl crate::delivery::FileSource for TelegramFiles {
    fn platform(&self) -> &'static str {
        PLATFORM
    }

    async fn fetch(&self, file_id: &str) -> Result<(String, Vec<u8>), String> {
        use teloxide::net::Download;
        use teloxide::prelude::Requester;
        let file = self.bot.get_file(teloxide::types::FileId(file_id.to_string())).await.map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        self.bot.download_file(&file.path, &mut bytes).await.map_err(|e| e.to_string())?;
        let name = file.path.rsplit('/').next().unwrap_or(file_id).to_string();
        Ok((name, bytes))
    }
}

impl Config {
    /// The configuration with this token (required), another Bot API server if any, paced by default.
    pub fn new(token: Option<&str>, api_url: Option<url::Url>) -> Result<Self, TelegramError> {
        let token = token.map(str::trim).filter(|t| !t.is_empty()).ok_or(TelegramError::NoToken)?;
        Ok(Self { token: token.to_string(), api_url, pacing: true, webhook: None })
    }

    /// The Bot API client.
    pub fn bot(&self) -> TgBot {
        let bot = TgBot::new(&self.token);
        match &self.api_url {
            Some(url) => bot.set_api_url(url.clone()),
            None => bot,
        }
    }

    fn pacer(&self) -> Option<Pacer> {
        self.pacing.then(pacer)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error(
        "TELOXIDE_TOKEN is not set: create a bot with @BotFather in Telegram and export its token \
         (TELOXIDE_TOKEN=123456:ABC… phoihop serve)"
    )]
    NoToken,
    #[error("cannot reach the Telegram Bot API: {0}")]
    Unreachable(#[source] RequestError),
}

/// Telegram's published limits — 30 messages a second overall, about one a second in a private chat and
/// 20 a minute in a group, with short bursts — so that 429s stay rare.
fn pacer() -> Pacer {
    fn per_chat(chat: &str) -> Rate {
        if chat.starts_with('-') {
            Rate { burst: 5.0, per_second: 20.0 / 60.0 }
        } else {
            Rate { burst: 3.0, per_second: 1.0 }
        }
    }
    Pacer::new(Rate { burst: 30.0, per_second: 30.0 }, per_chat)
}

/// Serves the bot until SIGINT or SIGTERM: long polling, or a webhook when one is given.
pub async fn serve(config: &Config, core: Arc<Bot>, clock: Clock, jobs: crate::jobs::Config) -> anyhow::Result<()> {
    let bot = config.bot();
    let store = core.store().clone();
    let me = get_me(&bot).await?;
    let username = me.username().to_string();
    tracing::info!(bot = %username, "connected to the Telegram Bot API");
    let (messages, lang) = core.messages();
    if let Err(e) = bot.set_my_commands(command_list(messages, lang)).await {
        tracing::warn!(error = %e, "could not register the command list");
    }
    let transport = TelegramTransport::new(bot.clone(), config.pacer(), &core, clock, me.id, username);
    let delivery = Delivery::new(store.clone(), core, clock, Arc::new(transport));
    let (stop, stopped) = watch::channel(false);
    let workers = tokio::spawn(delivery.clone().run(stopped.clone()));
    let scheduled = tokio::spawn(crate::jobs::run(delivery.clone(), jobs, stopped));
    match config.webhook.clone() {
        None => {
            // Polling and a webhook exclude each other; updates waiting at Telegram are kept.
            if let Err(e) = bot.delete_webhook().await {
                tracing::warn!(error = %e, "could not remove a webhook before polling");
            }
            let stopping = crate::delivery::stop_signal();
            tokio::pin!(stopping);
            tokio::select! {
                _ = &mut stopping => {}
                _ = poll(&bot, &delivery) => {}
            }
        }
        Some(hook) => {
            let router = crate::webhook::router(
                hook.url.path(),
                SECRET_HEADER,
                hook.secret.clone(),
                delivery.clone(),
                read_update,
            )
            .merge(crate::health::router(store));
            let tcp = tokio::net::TcpListener::bind(hook.listen).await?;
            bot.set_webhook(hook.url.clone()).secret_token(hook.secret.clone()).await?;
            tracing::info!(listen = %hook.listen, url = %hook.url, "receiving Telegram updates by webhook");
            axum::serve(tcp, router).with_graceful_shutdown(crate::delivery::stop_signal()).await?;
        }
    }
    tracing::info!("stopping: sending the replies already due");
    let _ = stop.send(true);
    let _ = scheduled.await;
    let _ = workers.await;
    tracing::info!("stopped");
    Ok(())
}

/// A webhook body as an update: its id and chat, or `Err` for a body that is not one.
pub fn read_update(body: &str) -> Result<Option<(String, String)>, String> {
    let update: Update = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok(Some((update.id.0.to_string(), chat_of(&update))))
}

/// Long polling: Telegram's offset moves past an update only once the update is in the inbox. While the
/// database is away the updates stay at Telegram and their chats are told to wait.
async fn poll(bot: &TgBot, delivery: &Delivery) {
    let mut offset: i32 = 0;
    let mut failures = 0u32;
    loop {
        let updates = match bot.get_updates().offset(offset).timeout(POLL_SECONDS).await {
            Ok(updates) => updates,
            // One update the client cannot read must not stop the others: the answer is cut into its
            // updates by hand, the unreadable one kept as received, and the offset moves past all.
            Err(RequestError::InvalidJson { raw, source }) => match raw::updates(&raw) {
                Some(parts) if parts.iter().any(|p| p.id.is_some()) => {
                    tracing::error!(error = %source, "an answer with an unreadable update; passing over it");
                    let mut batch = Vec::with_capacity(parts.len());
                    let mut last = offset;
                    for part in parts {
                        let Some(id) = part.id else {
                            tracing::error!(after = last, "an update without a readable id; it cannot be kept");
                            continue;
                        };
                        last = i32::try_from(id).map_or(last, |id| id.saturating_add(1)).max(last);
                        let chat = serde_json::from_str::<Update>(part.json).map(|u| chat_of(&u)).unwrap_or_default();
                        batch.push((id.to_string(), chat, part.json.to_string()));
                    }
                    if store_updates(delivery, batch, &mut failures).await {
                        offset = last;
                    }
                    continue;
                }
                _ => {
                    failures += 1;
                    tracing::warn!(error = %source, "receiving Telegram updates failed; retrying");
                    tokio::time::sleep(crate::delivery::outage_wait(failures)).await;
                    continue;
                }
            },
            Err(e) => {
                failures += 1;
                tracing::warn!(error = %e, "receiving Telegram updates failed; retrying");
                tokio::time::sleep(crate::delivery::outage_wait(failures)).await;
                continue;
            }
        };
        // The whole batch in one transaction; Telegram's offset moves past it only once it is stored.
        let mut batch = Vec::with_capacity(updates.len());
        let mut last = offset;
        for update in &updates {
            last = next_offset(update, last);
            match serde_json::to_string(update) {
                Ok(payload) => batch.push((update.id.0.to_string(), chat_of(update), payload)),
                Err(e) => tracing::error!(error = %e, "an update that cannot be stored; skipped"),
            }
        }
        if store_updates(delivery, batch, &mut failures).await {
            offset = last;
        }
    }
}

/// Stores updates (id, chat, payload) in the inbox in one transaction; whether Telegram may be told they
/// arrived. While the database is away they stay at Telegram and their chats are told to wait.
async fn store_updates(delivery: &Delivery, batch: Vec<(String, String, String)>, failures: &mut u32) -> bool {
    if batch.is_empty() {
        return true;
    }
    let chats: Vec<String> = batch.iter().map(|(_, chat, _)| chat.clone()).collect();
    match delivery.accept_all(batch).await {
        Ok(_) => {
            *failures = 0;
            true
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot store updates; they stay at Telegram until the database is back");
            for chat in chats {
                delivery.tell_busy(&chat).await;
            }
            *failures += 1;
            tokio::time::sleep(crate::delivery::outage_wait(*failures)).await;
            false
        }
    }
}

fn next_offset(update: &Update, offset: i32) -> i32 {
    i32::try_from(update.id.0).map_or(offset, |id| id.saturating_add(1)).max(offset)
}

/// Queues a reply to every coordinator chat on Telegram and sends it now (`phoihop digest` without
/// `--print`). Returns the chats it was queued for and the messages still waiting after a minute.
pub async fn send_now(
    config: &Config,
    core: Arc<Bot>,
    clock: Clock,
    sends: &[(crate::chat::ChatKey, crate::bot::Reply)],
) -> anyhow::Result<(usize, i64)> {
    let store = core.store().clone();
    let transport = TelegramTransport::new(config.bot(), config.pacer(), &core, clock, UserId(0), String::new());
    let delivery = Delivery::new(store.clone(), core, clock, Arc::new(transport));
    let mut chats = 0;
    for (chat, reply) in sends.iter().filter(|(chat, _)| chat.platform == PLATFORM) {
        delivery.queue(&chat.chat_id, std::slice::from_ref(reply)).await?;
        chats += 1;
    }
    let waiting = delivery.drain(Duration::from_secs(60)).await?;
    Ok((chats, waiting))
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

/// The commands shown in Telegram's menu (everyone's: a coordinator chat's own are in its guide),
/// described in the bot's language.
fn command_list(messages: &Messages, lang: Lang) -> Vec<BotCommand> {
    crate::nlu::command::menu(false).map(|c| BotCommand::new(c.name(), messages.tr(lang, c.about, &[]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_bodies_are_read_or_refused() {
        let body = r#"{"update_id": 7, "message": {"message_id": 1, "date": 1764295200,
            "chat": {"id": -2002, "type": "group", "title": "Nhóm"}, "text": "hi"}}"#;
        assert_eq!(read_update(body), Ok(Some(("7".to_string(), "-2002".to_string()))));
        assert!(read_update("{not json").is_err());
        assert!(read_update(r#"{"message": {}}"#).is_err(), "an update has an id");
    }
}
