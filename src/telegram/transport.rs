//! Telegram as a [`Transport`]: stored updates read back into messages for the core, replies rendered
//! as HTML messages with inline buttons, and one send at a time with its outcome classified.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};
use teloxide::payloads::{AnswerCallbackQuerySetters, SendMessageSetters};
use teloxide::prelude::Requester;
use teloxide::types::{
    CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions, Message,
    MessageId, ParseMode, Update, UpdateKind, UserId,
};
use teloxide::{ApiError, RequestError};

use super::PLATFORM;
use super::render::{self, Button, Part};
use crate::bot::{Incoming, Reply};
use crate::chat::ChatKey;
use crate::clock::Clock;
use crate::delivery::{InboxItem, Outgoing, Read, Sent, Transport};
use crate::i18n::{Lang, Messages};
use crate::store::ButtonToken;
use crate::store::Store;

/// A button works this long after the bot sent it.
const BUTTON_LIFETIME: TimeDelta = TimeDelta::days(7);

/// What the outbox keeps of a Telegram message.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Payload {
    /// The buttons' tokens are stored when the message is queued, so a retry sends the same buttons.
    Text {
        html: String,
        keyboard: Option<InlineKeyboardMarkup>,
        /// No link preview: Telegram's fetch would use up a one-time link.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        no_preview: bool,
    },
    /// The file's bytes are in the outbox row's `file`.
    Document { file_name: String },
    /// A picture shown in the chat; its bytes likewise.
    Photo { file_name: String },
    /// A message of another chat shown again here (the file a report came with).
    Copy { from_chat: i64, message_id: i32 },
}

pub(super) struct TelegramTransport {
    bot: teloxide::Bot,
    /// `None`: sends go out as fast as the server takes them.
    pacer: Option<crate::delivery::pace::Pacer>,
    clock: Clock,
    messages: Arc<Messages>,
    lang: Lang,
    me: UserId,
    username: String,
}

impl TelegramTransport {
    pub fn new(
        bot: teloxide::Bot,
        pacer: Option<crate::delivery::pace::Pacer>,
        core: &crate::bot::Bot,
        clock: Clock,
        me: UserId,
        username: String,
    ) -> Self {
        let (messages, lang) = core.messages();
        Self { bot, pacer, clock, messages: messages.clone(), lang, me, username }
    }
}

pub(super) fn chat_key(chat: ChatId) -> ChatKey {
    ChatKey::new(PLATFORM, chat.0.to_string())
}

/// The chat an update belongs to, for ordering; "" for updates of no chat.
pub(super) fn chat_of(update: &Update) -> String {
    update.chat().map(|c| c.id.0.to_string()).unwrap_or_default()
}

#[async_trait]
impl Transport for TelegramTransport {
    fn platform(&self) -> &'static str {
        PLATFORM
    }

    async fn incoming(&self, store: &dyn Store, item: &InboxItem) -> Read {
        let update: Update = match serde_json::from_str(&item.update.payload) {
            Ok(u) => u,
            Err(e) => return Read::Unreadable(e.to_string()),
        };
        let at = item.update.received_at;
        let message = match update.kind {
            UpdateKind::Message(msg) => self.message(store, msg, at).await,
            UpdateKind::CallbackQuery(q) => self.callback(store, q, at).await,
            // Edits, channel posts, member changes…: nothing to answer.
            _ => None,
        };
        message.map_or(Read::Nothing, Read::Message)
    }

    async fn render(&self, chat_id: &str, replies: &[Reply]) -> Vec<Outgoing> {
        let mut out = Vec::new();
        for reply in replies {
            // A message of a Telegram chat can be copied here; one of another platform is named.
            let copy = reply.evidence.as_ref().and_then(|e| {
                let from_chat = e.chat.chat_id.parse().ok().filter(|_| e.chat.platform == PLATFORM)?;
                Some(Payload::Copy { from_chat, message_id: e.message_id.parse().ok()? })
            });
            let elsewhere;
            let reply = if reply.evidence.is_some() && copy.is_none() {
                elsewhere = Reply {
                    text: format!("{}\n{}", reply.text, self.messages.tr(self.lang, "evidence-elsewhere", &[])),
                    ..reply.clone()
                };
                &elsewhere
            } else {
                reply
            };
            for part in render::render(reply) {
                let (keyboard, buttons) = keyboard(&part);
                let text = Payload::Text { html: part.html, keyboard, no_preview: reply.no_preview };
                out.push(Outgoing { buttons, ..outgoing(chat_id, &text, None) });
            }
            if let Some(copy) = &copy {
                out.push(outgoing(chat_id, copy, None));
            }
            if let Some(picture) = &reply.picture {
                let payload = Payload::Photo { file_name: picture.file_name.clone() };
                out.push(outgoing(chat_id, &payload, Some(picture.bytes.clone())));
            }
            if let Some(file) = &reply.file {
                let payload = Payload::Document { file_name: file.file_name.clone() };
                out.push(outgoing(chat_id, &payload, Some(file.bytes.clone())));
            }
        }
        out
    }

    async fn send(&self, message: &Outgoing) -> Sent {
        let Ok(chat) = message.chat_id.parse::<i64>().map(ChatId) else {
            return Sent::Failed(format!("“{}” is not a Telegram chat", message.chat_id));
        };
        let payload: Payload = match serde_json::from_str(&message.payload) {
            Ok(p) => p,
            Err(e) => return Sent::Failed(format!("unreadable queued message: {e}")),
        };
        if let Some(pacer) = &self.pacer {
            pacer.wait(&message.chat_id).await;
        }
        let result = match payload {
            Payload::Text { html, keyboard, no_preview } => {
                let mut request = self.bot.send_message(chat, html).parse_mode(ParseMode::Html);
                if no_preview {
                    request = request.link_preview_options(LinkPreviewOptions {
                        is_disabled: true,
                        url: None,
                        prefer_small_media: false,
                        prefer_large_media: false,
                        show_above_text: false,
                    });
                }
                if let Some(k) = keyboard {
                    request = request.reply_markup(k);
                }
                request.await.map(|_| ())
            }
            Payload::Document { file_name } => {
                let bytes = message.file.clone().unwrap_or_default();
                self.bot.send_document(chat, InputFile::memory(bytes).file_name(file_name)).await.map(|_| ())
            }
            Payload::Copy { from_chat, message_id } => {
                self.bot.copy_message(chat, ChatId(from_chat), MessageId(message_id)).await.map(|_| ())
            }
            Payload::Photo { file_name } => {
                let bytes = message.file.clone().unwrap_or_default();
                self.bot.send_photo(chat, InputFile::memory(bytes).file_name(file_name)).await.map(|_| ())
            }
        };
        match result {
            Ok(()) => Sent::Delivered,
            Err(RequestError::MigrateToChatId(to)) => Sent::Moved(to.0.to_string()),
            Err(RequestError::RetryAfter(wait)) => Sent::RetryAfter(wait.duration()),
            Err(e) if transient(&e) => Sent::Transient(e.to_string()),
            Err(e) => Sent::Failed(e.to_string()),
        }
    }
}

fn outgoing(chat_id: &str, payload: &Payload, file: Option<Vec<u8>>) -> Outgoing {
    Outgoing {
        platform: PLATFORM.to_string(),
        chat_id: chat_id.to_string(),
        payload: serde_json::to_string(payload).expect("a message always serialises"),
        file,
        buttons: Vec::new(),
    }
}

impl TelegramTransport {
    async fn message(&self, store: &dyn Store, msg: Message, at: chrono::DateTime<chrono::Utc>) -> Option<Incoming> {
        if msg.chat.is_channel() {
            return None;
        }
        // Telegram announces an upgrade in both chats; whichever comes first moves the binding, and the
        // new chat's own notice comes before anything else said there.
        let migration = match (msg.migrate_to_chat_id(), msg.migrate_from_chat_id()) {
            (Some(to), _) => Some((msg.chat.id, *to)),
            (_, Some(from)) => Some((*from, msg.chat.id)),
            _ => None,
        };
        if let Some((from, to)) = migration {
            match store.move_chat(&chat_key(from), &chat_key(to)).await {
                Ok(moved) => tracing::info!(from = from.0, to = to.0, moved, "group upgraded to a supergroup"),
                Err(e) => tracing::error!(error = %e, "cannot move the binding of an upgraded group"),
            }
            return None;
        }
        let raw = msg.text().or_else(|| msg.caption())?;
        let private = msg.chat.is_private();
        let stripped = crate::text::without_mention(raw, &self.username);
        let mentioned = stripped.is_some();
        let replied_to_bot = msg.reply_to_message().and_then(|r| r.from.as_ref()).is_some_and(|u| u.id == self.me);
        let command = raw.trim_start().starts_with('/');
        // A command for another bot in the same group is not ours.
        if command && !private {
            let head = raw.split_whitespace().next().unwrap_or_default();
            if let Some((_, target)) = head.split_once('@')
                && !target.eq_ignore_ascii_case(&self.username)
            {
                return None;
            }
        }
        let text = stripped.unwrap_or_else(|| raw.to_string());
        let file_id = msg
            .document()
            .map(|d| d.file.id.to_string())
            .or_else(|| msg.photo().and_then(|p| p.last()).map(|p| p.file.id.to_string()));
        let user = msg.from.as_ref();
        Some(Incoming {
            chat: chat_key(msg.chat.id),
            user_id: user.map(|u| u.id.0.to_string()).unwrap_or_default(),
            user_name: user.map(|u| u.full_name()).unwrap_or_default(),
            text,
            at,
            message_id: Some(msg.id.0.to_string()),
            addressed: private || command || mentioned || replied_to_bot,
            file_id,
            source: None,
        })
    }

    /// A pressed button: answered at once (Telegram shows a spinner until then), then handled as the
    /// command it stands for.
    async fn callback(
        &self,
        store: &dyn Store,
        q: CallbackQuery,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Option<Incoming> {
        let Some(chat) = q.message.as_ref().map(|m| m.chat().id) else {
            self.answer_callback(&q, None).await;
            return None;
        };
        let token = q.data.as_deref().and_then(|d| d.strip_prefix("b:")).unwrap_or_default();
        let since = self.clock.now() - BUTTON_LIFETIME;
        let command = match store.take_button(token, &chat_key(chat), since).await {
            Ok(command) => command,
            Err(e) => {
                tracing::error!(error = %e, "cannot read a button");
                None
            }
        };
        let Some(command) = command else {
            self.answer_callback(&q, Some(self.messages.tr(self.lang, "button-expired", &[]))).await;
            return None;
        };
        self.answer_callback(&q, None).await;
        Some(Incoming {
            chat: chat_key(chat),
            user_id: q.from.id.0.to_string(),
            user_name: q.from.full_name(),
            text: command,
            at,
            message_id: None,
            addressed: true,
            file_id: None,
            source: None,
        })
    }

    /// Best effort: an unanswered press only leaves a spinner, and a stale query cannot be answered later.
    async fn answer_callback(&self, q: &CallbackQuery, text: Option<String>) {
        let mut request = self.bot.answer_callback_query(q.id.clone());
        if let Some(text) = text {
            request = request.text(text);
        }
        if let Err(e) = request.await {
            tracing::warn!(error = %e, "cannot answer a button press");
        }
    }
}

/// The inline keyboard of a message, and the command behind each of its buttons, kept under a short
/// token when the message is queued.
fn keyboard(part: &Part) -> (Option<InlineKeyboardMarkup>, Vec<ButtonToken>) {
    if part.buttons.is_empty() {
        return (None, Vec::new());
    }
    let mut tokens = Vec::new();
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
            buttons.push(InlineKeyboardButton::callback(label.clone(), format!("b:{token}")));
            tokens.push(ButtonToken { token, message: command.clone() });
        }
        rows.push(buttons);
    }
    (Some(InlineKeyboardMarkup::new(rows)), tokens)
}

/// Errors that may pass: the network, a server error, an answer that was not JSON.
pub(super) fn transient(e: &RequestError) -> bool {
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
