//! The Zalo Bot Platform adapter: the same core as Telegram over Zalo's Telegram-like HTTP API
//! (`POST <base>/bot<TOKEN>/<method>`, answers `{"ok", "result"}`). Zalo has no inline buttons, no HTML
//! and no files from the bot: choices become numbered lines answered with a number, actions become text
//! commands, and a file is replaced by a line saying where to get it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::bot::{Bot, Incoming, Reply, split_text};
use crate::chat::ChatKey;
use crate::clock::Clock;
use crate::delivery::{Delivery, InboxItem, Outgoing, Read, Sent, Transport};
use crate::i18n::{Lang, Messages};
use crate::store::{ButtonToken, Store};

pub const PLATFORM: &str = "zalo";
/// Zalo's limit on a text message.
pub const MAX_MESSAGE_CHARS: usize = 2000;
pub const DEFAULT_API_URL: &str = "https://bot-api.zaloplatforms.com";
const SECRET_HEADER: &str = "x-bot-api-secret-token";
const POLL_SECONDS: u64 = 30;
const START_ATTEMPTS: u32 = 8;
/// Numbered choices can be answered this long after they were offered.
const CHOICE_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::days(1);

#[derive(Debug, thiserror::Error)]
pub enum ZaloError {
    #[error("ZALO_BOT_TOKEN is not set: create a bot at https://bot.zapps.me and export its token")]
    NoToken,
    /// The token is never part of the message: reqwest errors are stripped of their URL.
    #[error("the Zalo API could not be reached: {0}")]
    Network(String),
    #[error("the Zalo API answered {code}: {description}")]
    Api { code: i64, description: String },
}

impl ZaloError {
    fn transient(&self) -> bool {
        match self {
            ZaloError::Network(_) => true,
            ZaloError::Api { code, .. } => *code == 429 || *code >= 500,
            _ => false,
        }
    }
}

/// A thin client of the Zalo Bot API.
#[derive(Clone)]
pub struct ZaloClient {
    http: reqwest::Client,
    /// `<base>/bot<TOKEN>/`: never logged.
    endpoint: String,
}

impl std::fmt::Debug for ZaloClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ZaloClient")
    }
}

/// How to reach Zalo, as the deployment configures it (read once, by the binary).
#[derive(Clone)]
pub struct Config {
    token: String,
    api_url: url::Url,
    pub webhook: Option<ZaloWebhook>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("Config").field("api_url", &self.api_url.as_str()).finish_non_exhaustive()
    }
}

impl Config {
    /// The configuration with this token (required) and API server (Zalo's by default).
    pub fn new(token: Option<&str>, api_url: Option<url::Url>) -> Result<Self, ZaloError> {
        let token = token.map(str::trim).filter(|t| !t.is_empty()).ok_or(ZaloError::NoToken)?;
        let api_url = api_url.unwrap_or_else(|| url::Url::parse(DEFAULT_API_URL).expect("a valid URL"));
        Ok(Self { token: token.to_string(), api_url, webhook: None })
    }
}

impl ZaloClient {
    pub fn new(config: &Config) -> Result<Self, ZaloError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(POLL_SECONDS + 15))
            .build()
            .map_err(|e| ZaloError::Network(e.without_url().to_string()))?;
        let base = config.api_url.as_str().trim_end_matches('/');
        Ok(Self { http, endpoint: format!("{base}/bot{}/", config.token) })
    }

    async fn call(&self, method: &str, body: Value) -> Result<Value, ZaloError> {
        let response = self
            .http
            .post(format!("{}{method}", self.endpoint))
            .json(&body)
            .send()
            .await
            .map_err(|e| ZaloError::Network(e.without_url().to_string()))?;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap_or_else(|_| json!({"ok": false, "error_code": status}));
        if answer["ok"].as_bool() == Some(true) {
            return Ok(answer["result"].clone());
        }
        Err(ZaloError::Api {
            code: answer["error_code"].as_i64().unwrap_or(i64::from(status)),
            description: answer["description"].as_str().unwrap_or("").to_string(),
        })
    }

    /// Calls with retries on 429, 5xx and network errors, with backoff and jitter (for the calls made at
    /// start; messages are retried by the outbox).
    async fn call_retrying(&self, method: &str, body: Value) -> Result<Value, ZaloError> {
        for attempt in 1..=START_ATTEMPTS {
            match self.call(method, body.clone()).await {
                Err(e) if e.transient() && attempt < START_ATTEMPTS => {
                    tracing::warn!(error = %e, method, attempt, "Zalo call failed; retrying");
                    tokio::time::sleep(crate::delivery::backoff(attempt)).await;
                }
                other => return other,
            }
        }
        unreachable!("the last attempt returns")
    }

    pub async fn get_me(&self) -> Result<Value, ZaloError> {
        self.call_retrying("getMe", json!({})).await
    }

    /// One attempt; the outbox retries.
    pub async fn send_message(&self, chat_id: &str, text: &str) -> Result<(), ZaloError> {
        self.call("sendMessage", json!({ "chat_id": chat_id, "text": text })).await.map(|_| ())
    }

    /// Waits for the next events; a timeout (error 408) is no event, not a fault.
    async fn get_updates(&self) -> Result<Vec<Value>, ZaloError> {
        match self.call("getUpdates", json!({ "timeout": POLL_SECONDS.to_string() })).await {
            Ok(Value::Array(events)) => Ok(events),
            Ok(Value::Null) => Ok(Vec::new()),
            Ok(event) => Ok(vec![event]),
            Err(ZaloError::Api { code: 408, .. }) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }
}

/// A received text message, read from the variants of the event format published samples show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZaloMessage {
    pub message_id: String,
    pub chat_id: String,
    pub group: bool,
    pub user_id: String,
    pub user_name: String,
    pub text: String,
}

fn as_id(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses an event; `None` for anything but a text message.
pub fn parse_event(event: &Value) -> Option<ZaloMessage> {
    let message = if event["message"].is_object() { &event["message"] } else { event };
    let name = event["event_name"].as_str().or(message["event_name"].as_str()).unwrap_or("message.text.received");
    if name != "message.text.received" {
        return None;
    }
    let text = message["text"].as_str()?.to_string();
    let from = &message["from"];
    let user_name = ["display_name", "name", "displayName", "account_name"]
        .iter()
        .find_map(|k| from[*k].as_str())
        .unwrap_or_default()
        .to_string();
    Some(ZaloMessage {
        message_id: as_id(&message["message_id"])?,
        chat_id: as_id(&message["chat"]["id"])?,
        group: message["chat"]["chat_type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case("group")),
        user_id: as_id(&from["id"]).unwrap_or_default(),
        user_name,
        text,
    })
}

/// A reply as Zalo texts: parts under 2,000 characters, choices numbered, actions as commands, and a
/// line in place of a file.
pub fn render(reply: &Reply, messages: &Messages, lang: Lang) -> Vec<String> {
    let mut text = reply.text.clone();
    if !reply.choices.is_empty() {
        for (i, choice) in reply.choices.iter().enumerate() {
            text.push_str(&format!("\n{}. {}", i + 1, choice.label));
        }
        text.push('\n');
        text.push_str(&messages.tr(lang, "console-choice-hint", &[]));
    }
    for action in &reply.actions {
        text.push_str(&format!("\n{}: {}", action.label, action.command));
    }
    if reply.evidence.is_some() {
        text.push('\n');
        text.push_str(&messages.tr(lang, "evidence-elsewhere", &[]));
    }
    // Zalo's bots send pictures only from a public address, which phoihop does not have.
    if let Some(picture) = &reply.picture {
        text.push('\n');
        text.push_str(&messages.tr(lang, "zalo-no-picture", &[("name", picture.file_name.as_str().into())]));
    }
    if let Some(file) = &reply.file {
        text.push('\n');
        text.push_str(&messages.tr(lang, "zalo-no-file", &[("name", file.file_name.as_str().into())]));
    }
    split_text(&text, MAX_MESSAGE_CHARS)
}

/// Where Zalo's webhook requests arrive.
#[derive(Debug, Clone)]
pub struct ZaloWebhook {
    pub listen: SocketAddr,
    pub url: url::Url,
    pub secret: String,
}

fn choice_token(chat: &str, number: usize) -> String {
    format!("zalo:{chat}:{number}")
}

/// What the outbox keeps of a Zalo message.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    text: String,
}

struct ZaloTransport {
    client: ZaloClient,
    clock: Clock,
    messages: Arc<Messages>,
    lang: Lang,
    bot_name: String,
}

#[async_trait]
impl Transport for ZaloTransport {
    fn platform(&self) -> &'static str {
        PLATFORM
    }

    async fn incoming(&self, store: &dyn Store, item: &InboxItem) -> Read {
        let event: Value = match serde_json::from_str(&item.update.payload) {
            Ok(event) => event,
            Err(e) => return Read::Unreadable(e.to_string()),
        };
        let Some(m) = parse_event(&event) else { return Read::Nothing };
        let chat = ChatKey::new(PLATFORM, m.chat_id.clone());
        // A number answers the choices offered last in this chat.
        let mut text = m.text.trim().to_string();
        if let Ok(n) = text.parse::<usize>()
            && (1..=50).contains(&n)
        {
            let since = self.clock.now() - CHOICE_LIFETIME;
            if let Ok(Some(message)) = store.take_button(&choice_token(&m.chat_id, n), &chat, since).await {
                text = message;
            }
        }
        // A mention in any case ("@PhoiHop …") is taken out, as on Telegram.
        let stripped = crate::text::without_mention(&text, &self.bot_name);
        let mentioned = stripped.is_some();
        if let Some(stripped) = stripped {
            text = stripped;
        }
        Read::Message(Incoming {
            chat,
            user_id: m.user_id,
            user_name: m.user_name,
            addressed: !m.group || mentioned || text.starts_with('/'),
            text,
            at: item.update.received_at,
            message_id: Some(m.message_id),
            file_id: None,
            source: None,
        })
    }

    async fn render(&self, chat_id: &str, replies: &[Reply]) -> Vec<Outgoing> {
        let mut out = Vec::new();
        for reply in replies {
            // The numbers a reply offers are kept with its first part.
            let mut buttons: Vec<ButtonToken> = reply
                .choices
                .iter()
                .enumerate()
                .map(|(i, choice)| ButtonToken { token: choice_token(chat_id, i + 1), message: choice.message.clone() })
                .collect();
            for text in render(reply, &self.messages, self.lang) {
                out.push(Outgoing {
                    platform: PLATFORM.to_string(),
                    chat_id: chat_id.to_string(),
                    payload: serde_json::to_string(&Payload { text }).expect("a message always serialises"),
                    file: None,
                    buttons: std::mem::take(&mut buttons),
                });
            }
        }
        out
    }

    async fn send(&self, message: &Outgoing) -> Sent {
        let payload: Payload = match serde_json::from_str(&message.payload) {
            Ok(p) => p,
            Err(e) => return Sent::Failed(format!("unreadable queued message: {e}")),
        };
        match self.client.send_message(&message.chat_id, &payload.text).await {
            Ok(()) => Sent::Delivered,
            Err(e) if e.transient() => Sent::Transient(e.to_string()),
            Err(e) => Sent::Failed(e.to_string()),
        }
    }
}

/// Serves the bot on Zalo until SIGINT/SIGTERM: long polling, or a webhook when one is given.
pub async fn serve(config: &Config, core: Arc<Bot>, clock: Clock, jobs: crate::jobs::Config) -> anyhow::Result<()> {
    let client = ZaloClient::new(config)?;
    let store = core.store().clone();
    let me = client.get_me().await?;
    let bot_name = me["account_name"].as_str().or(me["name"].as_str()).unwrap_or_default().to_string();
    tracing::info!(bot = %bot_name, "connected to the Zalo Bot API");
    let (messages, lang) = core.messages();
    let messages = messages.clone();
    let transport = ZaloTransport { client: client.clone(), clock, messages, lang, bot_name };
    let delivery = Delivery::new(store.clone(), core, clock, Arc::new(transport));
    let (stop, stopped) = watch::channel(false);
    let workers = tokio::spawn(delivery.clone().run(stopped.clone()));
    let scheduled = tokio::spawn(crate::jobs::run(delivery.clone(), jobs, stopped));
    let result = match config.webhook.clone() {
        None => {
            if let Err(e) = client.call("deleteWebhook", json!({})).await {
                tracing::warn!(error = %e, "could not remove a Zalo webhook before polling");
            }
            tokio::select! {
                _ = crate::delivery::stop_signal() => Ok(()),
                r = poll(&client, &delivery) => r,
            }
        }
        Some(hook) => serve_webhook(&client, delivery.clone(), store, hook).await,
    };
    let _ = stop.send(true);
    let _ = scheduled.await;
    let _ = workers.await;
    tracing::info!("Zalo stopped");
    result
}

/// A webhook body or polled event as an update to store: its message id and chat; `None` for events
/// that are not text messages.
pub fn read_event(body: &str) -> Result<Option<(String, String)>, String> {
    let event: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok(parse_event(&event).map(|m| (m.message_id, m.chat_id)))
}

/// Zalo forgets an event once it has handed it out, so an event the database cannot take yet is held
/// here, in order, and the next events are not fetched until it is stored.
async fn poll(client: &ZaloClient, delivery: &Delivery) -> anyhow::Result<()> {
    let mut held: std::collections::VecDeque<(String, String, String)> = Default::default();
    let mut failures = 0u32;
    loop {
        while let Some((id, chat, payload)) = held.front().cloned() {
            match delivery.accept(&id, &chat, payload).await {
                Ok(_) => {
                    held.pop_front();
                    failures = 0;
                }
                Err(e) => {
                    failures += 1;
                    tracing::warn!(error = %e, "cannot store Zalo events; holding them until the database is back");
                    for (_, chat, _) in &held {
                        delivery.tell_busy(chat).await;
                    }
                    tokio::time::sleep(crate::delivery::outage_wait(failures)).await;
                }
            }
        }
        match client.get_updates().await {
            Ok(events) => {
                failures = 0;
                for event in events {
                    let body = event.to_string();
                    if let Ok(Some((id, chat))) = read_event(&body) {
                        held.push_back((id, chat, body));
                    }
                }
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(error = %e, "receiving Zalo events failed; retrying");
                tokio::time::sleep(crate::delivery::outage_wait(failures)).await;
            }
        }
    }
}

async fn serve_webhook(
    client: &ZaloClient,
    delivery: Arc<Delivery>,
    store: Arc<dyn Store>,
    hook: ZaloWebhook,
) -> anyhow::Result<()> {
    let router = crate::webhook::router(hook.url.path(), SECRET_HEADER, hook.secret.clone(), delivery, read_event)
        .merge(crate::health::router(store));
    let listener = tokio::net::TcpListener::bind(hook.listen).await?;
    client.call_retrying("setWebhook", json!({ "url": hook.url.as_str(), "secret_token": hook.secret })).await?;
    axum::serve(listener, router).with_graceful_shutdown(crate::delivery::stop_signal()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_published_event_variants() {
        let a = json!({"event_name": "message.text.received", "message": {"message_id": "m1", "date": 1_764_295_200_000u64,
            "text": "nhiệm vụ của tôi", "from": {"id": "u1", "display_name": "Lan"}, "chat": {"id": "c1", "chat_type": "PRIVATE"}}});
        let b = json!({"message": {"event_name": "message.text.received", "message_id": 7, "text": "hi",
            "from": {"id": 9, "name": "Minh"}, "chat": {"id": "g1", "chat_type": "GROUP"}}});
        let m = parse_event(&a).unwrap();
        assert_eq!(
            (m.message_id.as_str(), m.chat_id.as_str(), m.user_name.as_str(), m.group),
            ("m1", "c1", "Lan", false)
        );
        let m = parse_event(&b).unwrap();
        assert_eq!(
            (m.message_id.as_str(), m.user_id.as_str(), m.user_name.as_str(), m.group),
            ("7", "9", "Minh", true)
        );
        assert_eq!(parse_event(&json!({"event_name": "message.sticker.received", "message": {}})), None);
    }

    #[test]
    fn renders_for_zalo() {
        let messages = Messages::load().unwrap();
        let reply = Reply {
            text: "dòng\n".repeat(600),
            choices: vec![crate::bot::Choice { label: "III.2".into(), message: "/nhiemvu III.2".into() }],
            actions: vec![crate::bot::Action { label: "Hoàn tác".into(), command: "/hoantac 3".into() }],
            file: None,
            picture: None,
            evidence: None,
            no_preview: false,
        };
        let parts = render(&reply, &messages, Lang::Vi);
        assert!(parts.len() > 1 && parts.iter().all(|p| p.chars().count() <= MAX_MESSAGE_CHARS));
        let last = parts.last().unwrap();
        assert!(last.contains("1. III.2") && last.contains("Hoàn tác: /hoantac 3"), "{last}");
    }

    #[test]
    fn says_where_a_chart_and_a_file_are_since_zalo_takes_neither() {
        let messages = Messages::load().unwrap();
        let attached = |name: &str| crate::bot::reply::Attachment {
            file_name: name.into(),
            mime: String::new(),
            bytes: vec![1, 2, 3],
        };
        let reply = Reply {
            picture: Some(attached("bieu-do-2026-W48.png")),
            file: Some(attached("tong-hop-2026-W48.xlsx")),
            ..Reply::text("TỔNG HỢP TUẦN 48/2026")
        };
        let text = render(&reply, &messages, Lang::Vi).join("\n");
        assert!(text.contains("phoihop digest --chart bieu-do-2026-W48.png"), "{text}");
        assert!(text.contains("tệp tong-hop-2026-W48.xlsx có trong nhóm Telegram"), "{text}");
    }
}
