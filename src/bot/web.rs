//! `/web` in a bound chat: a sign-in link to the web page for the chat's agency; `/web tat` ends the
//! sessions the chat's links opened.

use super::answers::arg;
use super::{Bot, Incoming, Reply};
use crate::chat::ChatBinding;
use crate::clock::local_date;
use crate::store::StoreError;

/// What `/web` takes to end the sessions, folded.
const OFF: &[&str] = &["tat", "off", "dangxuat", "thoat", "logout"];

impl Bot {
    pub(super) async fn web_command(
        &self,
        msg: &Incoming,
        args: &str,
        binding: Option<&ChatBinding>,
    ) -> Result<Reply, StoreError> {
        let say = self.answers(local_date(msg.at));
        // Signing out needs no agency in force: a chat whose agency ended may still end its sessions.
        let folded: String = crate::text::fold(args).chars().filter(|c| !c.is_whitespace()).collect();
        if OFF.contains(&folded.as_str()) && binding.is_some() {
            let ended = self.store.revoke_web_sessions(&msg.chat, msg.at).await?;
            return Ok(Reply::text(say.t("web-signed-out", &[arg("count", ended)])));
        }
        let Some(binding) = binding.filter(|b| self.bound_agency(b).is_some()) else {
            return Ok(say.unbound());
        };
        let Some(base) = &self.web else {
            return Ok(Reply::text(say.t("web-off", &[])));
        };
        match crate::signin::new_link(self.store.as_ref(), base, &binding.web_grant(), msg.at).await {
            Ok(link) => Ok(Reply {
                text: say.t(
                    "web-link",
                    &[
                        arg("agency", say.agency_name(&binding.agency)),
                        arg("minutes", crate::signin::LINK_LIFETIME.num_minutes()),
                        arg("days", crate::signin::SESSION_LIFETIME.num_days()),
                        arg("link", link),
                    ],
                ),
                // A preview fetched by the platform would use the link up before the person opens it.
                no_preview: true,
                ..Reply::default()
            }),
            Err(crate::signin::SigninError::Store(e)) => Err(e),
            Err(e) => {
                tracing::error!(error = %e, "cannot make a sign-in link");
                Ok(say.store_unavailable())
            }
        }
    }
}
