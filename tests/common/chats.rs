//! Chats bound to agencies, talking to the core on a real database: what most scenario tests need.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use phoihop::bot::{Bot, Incoming, Reply};
use phoihop::chat::{ChatBinding, ChatKey};
use phoihop::store::Store;

pub const PLAN: &str = "quang-ngai-16-kh-ubnd-2022";

/// The core on the bundled plan, with a chat "group-<agency>" per agency bound as asked.
pub struct Chats {
    pub store: Arc<dyn Store>,
    pub bot: Bot,
    pub now: DateTime<Utc>,
}

impl Chats {
    pub async fn new(url: &str, now: DateTime<Utc>, bound: &[(&str, bool)]) -> Self {
        let (store, bot) = super::core(url).await;
        let chats = Self { store, bot, now };
        for (agency, coordinator) in bound {
            chats.bind(agency, *coordinator).await;
        }
        chats
    }

    pub async fn bind(&self, agency: &str, coordinator: bool) {
        let binding = ChatBinding {
            chat: ChatKey::new("test", format!("group-{agency}")),
            catalog: "quang-ngai".into(),
            agency: agency.into(),
            coordinator,
            plan: None,
            bound_at: self.now,
        };
        self.store.bind_chat(&binding).await.unwrap();
    }

    /// Every reply to `text` from the group bound (first) to `agency`, sent at `at`.
    pub async fn say_on(&self, agency: &str, text: &str, at: DateTime<Utc>) -> Vec<Reply> {
        let msg = Incoming {
            chat: ChatKey::new("test", format!("group-{agency}")),
            user_id: format!("user-{agency}"),
            user_name: format!("Đầu mối {agency}"),
            text: text.into(),
            at,
            message_id: None,
            addressed: true,
            file_id: None,
            source: None,
        };
        self.bot.handle(&msg).await
    }

    pub async fn reports(&self) -> Vec<phoihop::progress::Report> {
        self.store.all_reports(PLAN).await.unwrap()
    }
}
