//! Chats and the agencies they speak for.

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
}

/// A chat bound to an agency: whoever writes there speaks for that agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatBinding {
    pub chat: ChatKey,
    pub catalog: String,
    pub agency: String,
    /// A coordinator chat receives roll-ups and may manage bindings.
    pub coordinator: bool,
    pub bound_at: DateTime<Utc>,
}
