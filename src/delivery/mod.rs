//! Nothing lost, nothing doubled: every update a platform delivers is stored in an inbox before the
//! platform is told it arrived, and every message the bot sends is stored in an outbox before it is sent.
//! Workers claim rows atomically, so any number of replicas can share one database; updates and replies
//! of one chat keep their order. The platform adapters only read updates, render replies and send them,
//! through [`Transport`]; the rest lives here.

pub mod pace;
mod worker;

use std::time::Duration;

use async_trait::async_trait;

use crate::bot::{Incoming, Reply};

pub use crate::store::{InboxItem, NewUpdate, OutboxItem, Outgoing, SendOutcome};
pub use worker::{Delivery, backoff, outage_wait};

/// Files people sent with their reports, kept by the platform they were sent on: fetched again by id
/// (the web page's downloads).
#[async_trait]
pub trait FileSource: Send + Sync {
    /// The platform whose file ids it reads ("telegram").
    fn platform(&self) -> &'static str;

    /// A file's name and bytes; `Err` says why not (gone, too large, the platform away).
    async fn fetch(&self, file_id: &str) -> Result<(String, Vec<u8>), String>;
}

/// What came of one attempt at sending a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Delivered,
    /// The chat has a new id (a Telegram group became a supergroup); send there.
    Moved(String),
    /// The platform asked to wait (HTTP 429 with `retry_after`).
    RetryAfter(Duration),
    /// A server or network error: try again later, with backoff.
    Transient(String),
    /// The chat blocked the bot, the chat is gone, the message is refused: never retried.
    Failed(String),
}

/// What a stored update is to the core.
#[derive(Debug)]
pub enum Read {
    Message(Incoming),
    /// Nothing to answer (an edit, a member joining, a group's upgrade handled on the way).
    Nothing,
    /// Not an update this platform's client can read: set aside, with why, for someone to look at.
    Unreadable(String),
}

/// A chat platform, as the workers see it.
#[async_trait]
pub trait Transport: Send + Sync + 'static {
    fn platform(&self) -> &'static str;

    /// Reads a stored update into a message for the core, doing on the way what the platform requires
    /// (answering a button press, moving an upgraded group).
    /// Reads through `store`: the batch's, when the update is handled in one.
    async fn incoming(&self, store: &dyn crate::store::Store, item: &InboxItem) -> Read;

    /// Renders replies to a chat as the messages to send, in order.
    async fn render(&self, chat_id: &str, replies: &[Reply]) -> Vec<Outgoing>;

    /// One attempt at sending one message; retrying is the caller's business.
    async fn send(&self, message: &Outgoing) -> Sent;
}

/// SIGINT or SIGTERM: the end of `serve`, whichever platforms it serves.
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
