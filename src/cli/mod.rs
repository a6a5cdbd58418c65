//! The subcommands of `phoihop`, one file each, and what they share: the [`Ctx`] every command opens
//! once, the core for the plan, agency codes as typed.

pub mod bench_data;
pub mod chat;
pub mod digest;
pub mod export;
pub mod import;
pub mod invite;
pub mod nlu;
pub mod periodic;
pub mod plan;
pub mod reports;
pub mod seed;
pub mod serve;
pub mod settings;
pub mod web_link;

use std::sync::Arc;

use anyhow::{Result, bail};
use phoihop::bot::{Bot, Plans, Settings};
use phoihop::clock::Clock;
use phoihop::i18n::{Lang, Messages};
use phoihop::plan::PlanTimeline;
use phoihop::setup;
use phoihop::store::Store;

/// How to reach Telegram (`serve`, `digest`): flags, or the environment, read once here.
#[derive(clap::Args)]
pub struct TelegramArgs {
    /// The bot's token from @BotFather (prefer the environment: flags show in the process list).
    #[arg(long, env = "TELOXIDE_TOKEN", hide_env_values = true)]
    telegram_token: Option<String>,
    /// Another Bot API server (a local one, or a test's).
    #[arg(long, env = "TELOXIDE_API_URL", value_name = "URL")]
    telegram_api_url: Option<String>,
    /// Keep sends to Telegram's published limits; off (0) for a local Bot API server or a test.
    #[arg(long, env = "PHOIHOP_TELEGRAM_THROTTLE", default_value = "on", value_name = "on|off",
          action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    telegram_throttle: bool,
}

impl TelegramArgs {
    pub fn config(&self) -> Result<phoihop::telegram::Config> {
        let api_url = optional_url("TELOXIDE_API_URL", self.telegram_api_url.as_deref())?;
        let mut config = phoihop::telegram::Config::new(self.telegram_token.as_deref(), api_url)?;
        config.pacing = self.telegram_throttle;
        Ok(config)
    }
}

/// Where the web page is served and reached (`serve`, `web-link`).
#[derive(clap::Args)]
pub struct WebArgs {
    /// Serve the web page for the coordinator's office on this address, e.g. 127.0.0.1:8080 (alone, or
    /// beside Telegram or Zalo when they are named).
    #[arg(long, env = "PHOIHOP_WEB_LISTEN")]
    web_listen: Option<std::net::SocketAddr>,
    /// The address people open the page at, the base of sign-in links (behind a proxy: https://…);
    /// by default http:// and --web-listen.
    #[arg(long, env = "PHOIHOP_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
    /// The page is reached through a reverse proxy that appends the client's address to
    /// X-Forwarded-For: sign-in attempts are limited per client, not per proxy.
    #[arg(long, env = "PHOIHOP_WEB_BEHIND_PROXY", default_value = "off", value_name = "on|off",
          action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    web_behind_proxy: bool,
}

impl WebArgs {
    pub fn listens(&self) -> bool {
        self.web_listen.is_some()
    }

    /// The page's configuration, when it is served.
    pub fn config(&self) -> Result<Option<phoihop::web::Config>> {
        let Some(listen) = self.web_listen else { return Ok(None) };
        let public = optional_url("PHOIHOP_PUBLIC_URL", self.public_url.as_deref())?;
        let mut config = phoihop::web::Config::new(listen, public)?;
        config.behind_proxy = self.web_behind_proxy;
        Ok(Some(config))
    }

    /// Where sign-in links point: PHOIHOP_PUBLIC_URL, or http:// and the listening address.
    pub fn base(&self) -> Result<Option<url::Url>> {
        match optional_url("PHOIHOP_PUBLIC_URL", self.public_url.as_deref())? {
            Some(url) => Ok(Some(url)),
            None => Ok(self.config()?.map(|c| c.public_url)),
        }
    }
}

/// A URL setting; empty is unset (as a blank line of an environment file leaves it).
pub fn optional_url(name: &str, value: Option<&str>) -> Result<Option<url::Url>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(url::Url::parse(v).map_err(|e| anyhow::anyhow!("{name} “{v}” is not a URL: {e}"))?)),
        None => Ok(None),
    }
}

/// Everything a command needs, opened once.
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub messages: Arc<Messages>,
    pub lang: Lang,
    pub clock: Clock,
    pub settings: Settings,
    /// The plan asked for (`--plan`), or the most recently loaded.
    pub plan: Option<String>,
}

impl Ctx {
    /// The plan through time.
    pub async fn timeline(&self) -> Result<PlanTimeline> {
        Ok(setup::timeline(self.store.as_ref(), self.plan.as_deref()).await?)
    }

    /// The one plan a command works on: `--plan`, or the only plan in service; with several in service
    /// the command asks which rather than pick one.
    pub async fn one_plan(&self) -> Result<PlanTimeline> {
        if self.plan.is_none() {
            let overview = self.store.plan_overview().await?;
            let in_service: Vec<&str> =
                overview.iter().filter(|p| p.retired_at.is_none()).map(|p| p.id.as_str()).collect();
            if in_service.len() > 1 {
                bail!(self.tr("cli-which-plan", &[("plans", in_service.join(", ").into())]));
            }
        }
        self.timeline().await
    }

    /// The plans in service (or only `--plan`), each through time.
    pub async fn plans(&self) -> Result<Plans> {
        Ok(Plans::load(self.store.as_ref(), self.plan.as_deref()).await?)
    }

    /// A message in the bot's language.
    pub fn tr(&self, key: &str, args: &[(&str, fluent_bundle::FluentValue)]) -> String {
        self.messages.tr(self.lang, key, args)
    }

    pub fn today(&self) -> chrono::NaiveDate {
        phoihop::clock::local_date(self.clock.now())
    }
}

/// The core for the plan, with this command's store, messages and settings.
pub fn core(ctx: &Ctx, timeline: PlanTimeline) -> Bot {
    Bot::new(ctx.store.clone(), Arc::new(Plans::one(timeline)), ctx.messages.clone(), ctx.lang, ctx.settings)
}

/// The core for several plans, with this command's store, messages and settings.
pub fn core_for(ctx: &Ctx, plans: Plans) -> Bot {
    Bot::new(ctx.store.clone(), Arc::new(plans), ctx.messages.clone(), ctx.lang, ctx.settings)
}

/// An agency code as typed on the command line, or an error naming the closest codes.
pub fn resolve_agency(ctx: &Ctx, catalog: &phoihop::plan::Catalog, code: &str) -> Result<String> {
    let wanted = code.trim().to_lowercase();
    if catalog.agency(&wanted).is_some() {
        return Ok(wanted);
    }
    let closest = catalog.closest_codes(&wanted, 3).join(", ");
    bail!(ctx.tr("cli-unknown-agency", &[("code", code.into()), ("closest", closest.into())]))
}
