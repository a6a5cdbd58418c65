//! The Zalo Bot Platform adapter: the same core as Telegram over Zalo's Telegram-like HTTP API
//! (`POST <base>/bot<TOKEN>/<method>`, answers `{"ok", "result"}`). Zalo has no inline buttons, no HTML
//! and no files from the bot: choices become numbered lines answered with a number, actions become text
//! commands, and a file is replaced by a line saying where to get it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use crate::bot::{Bot, Incoming, Reply, split_text};
use crate::chat::ChatKey;
use crate::clock::Clock;
use crate::i18n::{Lang, Messages};
use crate::store::Store;

pub const PLATFORM: &str = "zalo";
/// Zalo's limit on a text message.
pub const MAX_MESSAGE_CHARS: usize = 2000;
pub const DEFAULT_API_URL: &str = "https://bot-api.zaloplatforms.com";
const SECRET_HEADER: &str = "x-bot-api-secret-token";
const POLL_SECONDS: u64 = 30;
const SEND_ATTEMPTS: u32 = 8;
/// Numbered choices can be answered this long after they were offered.
const CHOICE_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::days(1);

#[derive(Debug, thiserror::Error)]
pub enum ZaloError {
    #[error("ZALO_BOT_TOKEN is not set: create a bot at https://bot.zapps.me and export its token")]
    NoToken,
    #[error("ZALO_API_URL “{0}” is not a URL")]
    BadApiUrl(String),
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

impl ZaloClient {
    /// The client with the token from `ZALO_BOT_TOKEN` and the base URL from `ZALO_API_URL`.
    pub fn from_env() -> Result<Self, ZaloError> {
        let token = std::env::var("ZALO_BOT_TOKEN").ok().filter(|t| !t.trim().is_empty()).ok_or(ZaloError::NoToken)?;
        let base =
            std::env::var("ZALO_API_URL").ok().filter(|u| !u.trim().is_empty()).unwrap_or(DEFAULT_API_URL.into());
        url::Url::parse(base.trim()).map_err(|_| ZaloError::BadApiUrl(base.clone()))?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(POLL_SECONDS + 15))
            .build()
            .map_err(|e| ZaloError::Network(e.without_url().to_string()))?;
        Ok(Self { http, endpoint: format!("{}/bot{}/", base.trim().trim_end_matches('/'), token.trim()) })
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

    /// Calls with retries on 429, 5xx and network errors, with backoff and jitter.
    async fn call_retrying(&self, method: &str, body: Value) -> Result<Value, ZaloError> {
        let mut delay = Duration::from_millis(300);
        for attempt in 1..=SEND_ATTEMPTS {
            match self.call(method, body.clone()).await {
                Err(e) if e.transient() && attempt < SEND_ATTEMPTS => {
                    tracing::warn!(error = %e, method, attempt, "Zalo call failed; retrying");
                    tokio::time::sleep(delay + jitter(delay)).await;
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
                other => return other,
            }
        }
        unreachable!("the last attempt returns")
    }

    pub async fn get_me(&self) -> Result<Value, ZaloError> {
        self.call_retrying("getMe", json!({})).await
    }

    pub async fn send_message(&self, chat_id: &str, text: &str) -> Result<(), ZaloError> {
        self.call_retrying("sendMessage", json!({ "chat_id": chat_id, "text": text })).await.map(|_| ())
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

fn jitter(delay: Duration) -> Duration {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    delay.mul_f64(f64::from(nanos % 1000) / 4000.0)
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
    if reply.file.is_some() {
        text.push('\n');
        text.push_str(&messages.tr(lang, "zalo-no-file", &[]));
    }
    split_text(&text, MAX_MESSAGE_CHARS)
}

struct App {
    client: ZaloClient,
    core: Arc<Bot>,
    store: Arc<dyn Store>,
    clock: Clock,
    messages: Arc<Messages>,
    lang: Lang,
    bot_name: String,
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

impl App {
    async fn handle(&self, m: ZaloMessage) {
        match self.store.first_delivery(PLATFORM, &m.message_id, self.clock.now()).await {
            Ok(false) => return,
            Ok(true) => {}
            Err(e) => tracing::error!(error = %e, "cannot record the Zalo message id; handling it anyway"),
        }
        let chat = ChatKey::new(PLATFORM, m.chat_id.clone());
        // A number answers the choices offered last in this chat.
        let mut text = m.text.trim().to_string();
        if let Ok(n) = text.parse::<usize>()
            && (1..=50).contains(&n)
        {
            let since = self.clock.now() - CHOICE_LIFETIME;
            if let Ok(Some(message)) = self.store.take_button(&choice_token(&m.chat_id, n), &chat, since).await {
                text = message;
            }
        }
        let mention = format!("@{}", self.bot_name);
        let mentioned = !self.bot_name.is_empty() && text.to_lowercase().contains(&mention.to_lowercase());
        if mentioned {
            text = text.replace(&mention, " ").trim().to_string();
        }
        let incoming = Incoming {
            chat: chat.clone(),
            user_id: m.user_id,
            user_name: m.user_name,
            addressed: !m.group || mentioned || text.starts_with('/'),
            text,
            at: self.clock.now(),
            message_id: Some(m.message_id),
            file_id: None,
        };
        let replies = self.core.handle(&incoming).await;
        self.deliver(&m.chat_id, &replies).await;
    }

    async fn deliver(&self, chat_id: &str, replies: &[Reply]) -> bool {
        let chat = ChatKey::new(PLATFORM, chat_id);
        for reply in replies {
            for (i, choice) in reply.choices.iter().enumerate() {
                if let Err(e) =
                    self.store.put_button(&choice_token(chat_id, i + 1), &chat, &choice.message, self.clock.now()).await
                {
                    tracing::error!(error = %e, "cannot keep the choices offered");
                }
            }
            for part in render(reply, &self.messages, self.lang) {
                if let Err(e) = self.client.send_message(chat_id, &part).await {
                    tracing::error!(chat = chat_id, reason = %e, "a Zalo reply could not be delivered");
                    return false;
                }
            }
        }
        true
    }
}

/// Serves the bot on Zalo until SIGINT/SIGTERM: long polling, or a webhook when one is given.
pub async fn serve(
    client: ZaloClient,
    core: Arc<Bot>,
    store: Arc<dyn Store>,
    clock: Clock,
    messages: Arc<Messages>,
    lang: Lang,
    webhook: Option<ZaloWebhook>,
) -> anyhow::Result<()> {
    let me = client.get_me().await?;
    let bot_name = me["account_name"].as_str().or(me["name"].as_str()).unwrap_or_default().to_string();
    tracing::info!(bot = %bot_name, "connected to the Zalo Bot API");
    let app = Arc::new(App { client: client.clone(), core, store, clock, messages, lang, bot_name });
    let scheduler = tokio::spawn(run_schedule(app.clone()));
    let result = match webhook {
        None => {
            if let Err(e) = client.call("deleteWebhook", json!({})).await {
                tracing::warn!(error = %e, "could not remove a Zalo webhook before polling");
            }
            tokio::select! {
                _ = crate::telegram::stop_signal() => Ok(()),
                r = poll(app.clone()) => r,
            }
        }
        Some(hook) => serve_webhook(app.clone(), hook).await,
    };
    scheduler.abort();
    tracing::info!("Zalo stopped");
    result
}

async fn poll(app: Arc<App>) -> anyhow::Result<()> {
    let mut delay = Duration::from_millis(500);
    loop {
        match app.client.get_updates().await {
            Ok(events) => {
                delay = Duration::from_millis(500);
                for event in &events {
                    if let Some(m) = parse_event(event) {
                        app.handle(m).await;
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "receiving Zalo events failed; retrying");
                tokio::time::sleep(delay + jitter(delay)).await;
                delay = (delay * 2).min(Duration::from_secs(30));
            }
        }
    }
}

async fn serve_webhook(app: Arc<App>, hook: ZaloWebhook) -> anyhow::Result<()> {
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;

    app.client.call_retrying("setWebhook", json!({ "url": hook.url.as_str(), "secret_token": hook.secret })).await?;
    let secret = Arc::new(hook.secret.clone());
    let handler = |State((app, secret)): State<(Arc<App>, Arc<String>)>, headers: HeaderMap, body: String| async move {
        let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
        if !bool::from(given.ct_eq(secret.as_bytes())) {
            return StatusCode::UNAUTHORIZED;
        }
        let Ok(event) = serde_json::from_str::<Value>(&body) else { return StatusCode::BAD_REQUEST };
        if let Some(m) = parse_event(&event) {
            tokio::spawn(async move { app.handle(m).await });
        }
        StatusCode::OK
    };
    let health = crate::health::router(app.store.clone());
    let router = axum::Router::new().route(hook.url.path(), post(handler)).with_state((app, secret)).merge(health);
    let listener = tokio::net::TcpListener::bind(hook.listen).await?;
    axum::serve(listener, router).with_graceful_shutdown(crate::telegram::stop_signal()).await?;
    Ok(())
}

async fn run_schedule(app: Arc<App>) {
    let Some(interval) = crate::telegram::schedule_interval() else { return };
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        ticks.tick().await;
        match app.core.due_sends(PLATFORM, app.clock.now()).await {
            Ok(due) => {
                for send in due {
                    if !app.deliver(&send.chat.chat_id, std::slice::from_ref(&send.reply)).await {
                        tracing::warn!(chat = %send.chat.chat_id, "a scheduled Zalo message was not delivered");
                    }
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot read the schedule"),
        }
    }
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
        };
        let parts = render(&reply, &messages, Lang::Vi);
        assert!(parts.len() > 1 && parts.iter().all(|p| p.chars().count() <= MAX_MESSAGE_CHARS));
        let last = parts.last().unwrap();
        assert!(last.contains("1. III.2") && last.contains("Hoàn tác: /hoantac 3"), "{last}");
    }
}
