//! Chats and the agencies they speak for.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A chat on some platform. The platform is an opaque name ("telegram", "zalo", "console"): the same id
/// on two platforms is two chats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChatKey {
    pub platform: String,
    pub chat_id: String,
}

impl ChatKey {
    pub fn new(platform: impl Into<String>, chat_id: impl Into<String>) -> Self {
        Self { platform: platform.into(), chat_id: chat_id.into() }
    }

    /// Reads `platform:chat_id`, as [`fmt::Display`] writes it (a chat id may itself hold colons).
    pub fn parse(written: &str) -> Option<Self> {
        let (platform, chat_id) = written.split_once(':')?;
        let plain = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        (plain(platform) && plain(chat_id)).then(|| Self::new(platform, chat_id))
    }
}

impl fmt::Display for ChatKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform, self.chat_id)
    }
}

/// A chat bound to an agency: whoever writes there speaks for that agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatBinding {
    pub chat: ChatKey,
    pub catalog: String,
    pub agency: String,
    /// A coordinator chat receives roll-ups and may manage bindings.
    pub coordinator: bool,
    /// A coordinator chat of one plan only (its digest); `None`: of every plan its agency coordinates.
    pub plan: Option<String>,
    pub bound_at: DateTime<Utc>,
}

/// What a web session may see: what the chat that asked for it speaks for (a coordinator chat sees every
/// agency of the plans it coordinates), and that chat, which may end its sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebGrant {
    pub catalog: String,
    pub agency: String,
    pub coordinator: bool,
    pub plan: Option<String>,
    pub chat: ChatKey,
}

impl ChatBinding {
    pub fn web_grant(&self) -> WebGrant {
        WebGrant {
            catalog: self.catalog.clone(),
            agency: self.agency.clone(),
            coordinator: self.coordinator,
            plan: self.plan.clone(),
            chat: self.chat.clone(),
        }
    }
}

/// A one-time code that binds a chat to an agency, as stored (hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub code_hash: String,
    pub catalog: String,
    pub agency: String,
    pub coordinator: bool,
    /// For a coordinator code: the one plan the chat will coordinate (`None`: every plan of its agency).
    pub plan: Option<String>,
    /// Who issued it: "cli", or the platform and chat of a coordinator.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What came of a code typed in a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    Bound(ChatBinding),
    Unknown,
    Expired,
    Used,
    /// The code would take the coordinator role from the last coordinator chat of its catalog: left
    /// unused, and the chat's binding unchanged.
    LastCoordinator,
}

/// What came of unbinding a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unbound {
    Done,
    NotBound,
    /// The chat is the last coordinator chat of its catalog: kept, since without one only the command
    /// line could issue codes again.
    LastCoordinator,
}
