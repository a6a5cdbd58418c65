//! The transport-free core: one entry point takes a message from any chat platform and returns the
//! replies. It knows nothing of Telegram, Zalo or SQL; adapters call [`Bot::handle`] and render
//! [`Reply`]s, and the store is reached only through [`crate::store::Store`].

mod answers;
pub mod reply;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::chat::{ChatBinding, ChatKey};
use crate::i18n::{Lang, Messages};
use crate::nlu::{Intent, Nlu};
use crate::plan::PlanIndex;
use crate::store::Store;
pub use reply::{Action, Attachment, Choice, Reply, split_text};

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
}

pub struct Bot {
    store: Arc<dyn Store>,
    plan: Arc<PlanIndex>,
    nlu: Nlu,
    messages: Arc<Messages>,
    lang: Lang,
}

impl Bot {
    pub fn new(store: Arc<dyn Store>, plan: Arc<PlanIndex>, messages: Arc<Messages>, lang: Lang) -> Self {
        let nlu = Nlu::new(plan.bundle());
        Self { store, plan, nlu, messages, lang }
    }

    pub fn plan(&self) -> &PlanIndex {
        &self.plan
    }

    pub async fn handle(&self, msg: &Incoming) -> Vec<Reply> {
        let say = answers::Answers { plan: &self.plan, messages: &self.messages, lang: self.lang };
        let understood = self.nlu.understand(&msg.text);
        match understood.intent {
            Intent::Help if understood.start => return vec![say.start(&msg.user_name)],
            Intent::Help => return vec![say.help()],
            _ => {}
        }
        let binding = match self.store.chat_binding(&msg.chat).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, chat = ?msg.chat, "cannot read the chat's binding");
                return vec![say.store_unavailable()];
            }
        };
        let Some(agency) = binding.as_ref().and_then(|b| self.bound_agency(b)) else {
            return vec![say.unbound()];
        };
        match understood.intent {
            Intent::MyTasks => say.agency_tasks(agency),
            Intent::AgencyTasks => match understood.agency.as_deref() {
                Some(other) => say.agency_tasks(other),
                None => say.agency_tasks(agency),
            },
            Intent::TaskDetail => match understood.task {
                Some(slot) => vec![say.task_detail(slot, Some(agency), msg.at)],
                None => vec![say.unknown(None)],
            },
            Intent::Search => vec![say.search(&self.nlu, understood.query.as_deref())],
            Intent::Overdue | Intent::NotReported | Intent::Summary | Intent::Update => {
                vec![say.unknown(None)]
            }
            Intent::Help => vec![say.help()],
            Intent::Unknown => vec![say.unknown(understood.small_talk)],
        }
    }

    /// The agency a binding speaks for, if it belongs to this plan's catalog.
    fn bound_agency(&self, binding: &ChatBinding) -> Option<&str> {
        let catalog = self.plan.catalog();
        (binding.catalog == catalog.id).then_some(())?;
        catalog.agency(&binding.agency).map(|a| a.code.as_str())
    }
}
