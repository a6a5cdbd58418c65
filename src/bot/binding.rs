//! Binding chats to agencies: `/ketnoi CODE` in any chat; `/moi`, `/danhsach`, `/huyketnoi` in a
//! coordinator chat.

use chrono::TimeDelta;

use super::answers::arg;
use super::{Action, Bot, Incoming, Reply};
use crate::chat::{ChatBinding, ChatKey, Redeemed, Unbound};
use crate::clock::local_date;
use crate::invite;
use crate::nlu::command::Command;
use crate::store::StoreError;

/// Wrong codes a person may try within [`FAILURE_WINDOW`] before they are refused for that long…
const MAX_FAILURES_PER_USER: i64 = 5;
/// …and the wrong codes of a chat, and of the whole deployment, after which only people who have not
/// typed a wrong one yet are heard.
const MAX_FAILURES_PER_CHAT: i64 = 15;
const MAX_FAILURES_EVERYWHERE: i64 = 200;
const FAILURE_WINDOW: TimeDelta = TimeDelta::hours(1);

impl Bot {
    pub(super) async fn binding_command(
        &self,
        msg: &Incoming,
        command: Command,
        args: &str,
        binding: Option<&ChatBinding>,
    ) -> Result<Reply, StoreError> {
        let say = self.answers(local_date(msg.at));
        if let Command::Bind = command {
            return self.bind(msg, args, binding).await;
        }
        // Any bound chat may ask for a sign-in link: it sees what the chat sees.
        if let Command::Web = command {
            return self.web_command(msg, args, binding).await;
        }
        let Some(coordinator) = binding.filter(|b| b.coordinator && self.bound_agency(b).is_some()) else {
            return Ok(Reply::text(say.t("coordinator-only", &[])));
        };
        match command {
            Command::Invite => self.invite(msg, args, coordinator).await,
            Command::Chats => self.list_chats(msg).await,
            Command::Unbind => self.unbind(msg, args).await,
            Command::Settings => Ok(self.show_settings(msg)),
            // Only the binding commands come here (`CommandSpec::binds`); anything else is answered as help.
            _ => Ok(say.help(true)),
        }
    }

    /// `/ketnoi CODE`. Wrong codes are limited per person, per chat and across the deployment, but a
    /// person who has not typed a wrong one this hour always has their code checked: a member cannot
    /// lock the right code out of their group, and guessing needs a new account per try.
    async fn bind(&self, msg: &Incoming, pasted: &str, before: Option<&ChatBinding>) -> Result<Reply, StoreError> {
        let say = self.answers(local_date(msg.at));
        if pasted.is_empty() {
            return Ok(Reply::text(say.t("bind-how", &[arg("coordinator", say.coordinator_name())])));
        }
        let failures = self.store.bind_failures_since(&msg.chat, &msg.user_id, msg.at - FAILURE_WINDOW).await?;
        let minutes = arg("minutes", FAILURE_WINDOW.num_minutes());
        if failures.by_user >= MAX_FAILURES_PER_USER {
            return Ok(Reply::text(say.t("bind-locked-you", &[minutes])));
        }
        if failures.by_user > 0
            && (failures.in_chat >= MAX_FAILURES_PER_CHAT || failures.everywhere >= MAX_FAILURES_EVERYWHERE)
        {
            return Ok(Reply::text(say.t("bind-locked-busy", &[minutes])));
        }
        let outcome = match invite::code_in(pasted) {
            Some(code) => self.store.redeem_invite(&invite::hash(&code), &msg.chat, msg.at).await?,
            None => Redeemed::Unknown,
        };
        Ok(match outcome {
            Redeemed::Bound(binding) => {
                let agency =
                    say.plan.catalog().agency(&binding.agency).map_or(binding.agency.as_str(), |a| a.name.as_str());
                let key = if binding.coordinator { "bind-done-coordinator" } else { "bind-done" };
                let mut text = say.t(key, &[arg("agency", agency)]);
                // A coordinator chat that takes an agency's code is told what it gave up.
                if before.is_some_and(|b| b.coordinator) && !binding.coordinator {
                    text = format!("{text}\n{}", say.t("bind-no-longer-coordinator", &[]));
                }
                Reply::text(text)
            }
            Redeemed::LastCoordinator => Reply::text(say.t("bind-last-coordinator", &[])),
            // Only a wrong code counts: one that expired or was used is a real code.
            Redeemed::Unknown => {
                self.store.record_bind_failure(&msg.chat, &msg.user_id, msg.at).await?;
                let left = MAX_FAILURES_PER_USER - failures.by_user - 1;
                Reply::text(say.t("bind-wrong", &[arg("left", left), arg("coordinator", say.coordinator_name())]))
            }
            Redeemed::Expired => Reply::text(say.t("bind-expired", &[arg("coordinator", say.coordinator_name())])),
            Redeemed::Used => Reply::text(say.t("bind-used", &[arg("coordinator", say.coordinator_name())])),
        })
    }

    async fn invite(&self, msg: &Incoming, args: &str, by: &ChatBinding) -> Result<Reply, StoreError> {
        let today = local_date(msg.at);
        let say = self.answers(today);
        let folded = crate::text::fold(args);
        let as_coordinator =
            folded.contains("dieu phoi") || folded.contains("dieuphoi") || folded.contains("coordinator");
        let wanted = args.split_whitespace().next().unwrap_or_default();
        let catalog = say.plan.catalog();
        let agency = catalog
            .agency(&wanted.to_lowercase())
            .map(|a| a.code.clone())
            .or_else(|| self.nlu_on(today).agency_in(args));
        let Some(agency) = agency else {
            let closest = catalog.closest_codes(wanted, 5).join(", ");
            return Ok(Reply::text(say.t("invite-which", &[arg("closest", closest)])));
        };
        // A code binds a chat to an agency that exists: one that ended is answered with its successors.
        if !catalog.agency(&agency).is_some_and(|a| a.exists_on(today)) {
            return Ok(say.ended_agency_tasks(&agency, false));
        }
        let created_by = by.chat.to_string();
        // A coordinator code may be for one plan: the one named ("/moi snnmt điều phối KH 125"), or the
        // one plan of the chat that issues it.
        let among = self.plans.of_catalog(&catalog.id);
        let named = self.plans.named_in(args, &among).map(|(i, _)| self.plans.get(i).id().to_string());
        let plan = named.or_else(|| by.plan.clone()).filter(|_| as_coordinator);
        let issued = invite::issue(
            self.store.as_ref(),
            &catalog.id,
            &agency,
            as_coordinator,
            plan.as_deref(),
            &created_by,
            msg.at,
        );
        let code = match issued.await {
            Ok(code) => code,
            Err(invite::IssueError::Store(e)) => return Err(e),
            Err(invite::IssueError::Randomness(e)) => {
                tracing::error!(error = %e, "cannot issue an invite code");
                return Ok(say.store_unavailable());
            }
        };
        let name = catalog.agency(&agency).map_or(agency.as_str(), |a| a.name.as_str());
        Ok(Reply::text(
            say.t(
                "invite-issued",
                &[arg("agency", name), arg("code", code), arg("hours", invite::VALIDITY.num_hours())],
            ),
        ))
    }

    fn show_settings(&self, msg: &Incoming) -> Reply {
        let say = self.answers(local_date(msg.at));
        let s = &self.settings;
        let day = |d| say.t(&format!("day-{}", crate::settings::weekday_code(d)), &[]);
        let lines = [
            say.t("settings-header", &[]),
            say.t(
                "settings-digest",
                &[arg("day", day(s.digest_day)), arg("time", s.digest_time.format("%H:%M").to_string())],
            ),
            say.t(
                "settings-reminder",
                &[arg("day", day(s.reminder_day)), arg("time", s.reminder_time.format("%H:%M").to_string())],
            ),
            say.t("settings-window", &[arg("days", s.report_window.num_days())]),
            say.t("settings-digest-per-plan", &[arg("mode", if s.digest_per_plan { "separate" } else { "together" })]),
            say.t("settings-coordinator", &[arg("agency", say.coordinator_name())]),
            say.t("settings-how", &[]),
        ];
        Reply::text(lines.join("\n"))
    }

    async fn list_chats(&self, msg: &Incoming) -> Result<Reply, StoreError> {
        let say = self.answers(local_date(msg.at));
        let bindings = self.store.chat_bindings(self.catalog_id()).await?;
        if bindings.is_empty() {
            return Ok(Reply::text(say.t("chats-none", &[])));
        }
        let mut lines = vec![say.t("chats-header", &[arg("count", bindings.len())])];
        for (i, b) in bindings.iter().enumerate() {
            let agency = say.reporter_name(&b.agency, None, say.day);
            let key = if b.coordinator { "chats-line-coordinator" } else { "chats-line" };
            lines.push(say.t(
                key,
                &[
                    arg("number", i + 1),
                    arg("agency", agency),
                    arg("platform", b.chat.platform.as_str()),
                    arg("chat", b.chat.chat_id.as_str()),
                    arg("since", super::answers::date(crate::clock::local_date(b.bound_at))),
                ],
            ));
        }
        lines.push(say.t("chats-footer", &[]));
        Ok(Reply::text(lines.join("\n")))
    }

    /// `/huyketnoi N` names a chat of `/danhsach` and asks for a confirmation, which names the chat itself
    /// (`/huyketnoi platform:chat xacnhan`), so that a list changed in between cannot unbind another.
    async fn unbind(&self, msg: &Incoming, args: &str) -> Result<Reply, StoreError> {
        let say = self.answers(local_date(msg.at));
        let mut words = args.split_whitespace();
        let first = words.next().unwrap_or_default();
        let confirmed =
            matches!(crate::text::fold(&words.collect::<Vec<_>>().join("")).as_str(), "xacnhan" | "confirm");
        let bindings = self.store.chat_bindings(self.catalog_id()).await?;
        let target = match ChatKey::parse(first) {
            Some(chat) => bindings.iter().find(|b| b.chat == chat),
            None => first.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| bindings.get(i)),
        };
        let Some(target) = target else {
            return Ok(Reply::text(say.t("unbind-which", &[])));
        };
        if target.chat == msg.chat {
            return Ok(Reply::text(say.t("unbind-self", &[])));
        }
        let agency = say.plan.catalog().agency(&target.agency).map_or(target.agency.as_str(), |a| a.short_name());
        let about = [
            arg("agency", agency),
            arg("platform", target.chat.platform.as_str()),
            arg("chat", target.chat.chat_id.as_str()),
        ];
        if !(confirmed && ChatKey::parse(first).is_some()) {
            let command = format!("/huyketnoi {} xacnhan", target.chat);
            let key = if target.coordinator { "unbind-confirm-coordinator" } else { "unbind-confirm" };
            let mut with_command = about.to_vec();
            with_command.push(arg("command", command.as_str()));
            let text = say.t(key, &with_command);
            return Ok(Reply {
                actions: vec![Action { label: say.t("action-unbind", &[]), command }],
                ..Reply::text(text)
            });
        }
        Ok(Reply::text(match self.store.unbind_chat(&target.chat).await? {
            Unbound::Done => say.t("unbind-done", &about),
            Unbound::NotBound => say.t("unbind-which", &[]),
            Unbound::LastCoordinator => say.t("unbind-last-coordinator", &about),
        }))
    }
}
