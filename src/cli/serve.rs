//! `phoihop serve`: the bot on Telegram, Zalo or both, until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use phoihop::invite;

use super::{Ctx, TelegramArgs, WebArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Serve on Telegram; the default when neither Zalo nor the web page is named.
    #[arg(long)]
    telegram: bool,
    /// Serve on the Zalo Bot Platform.
    #[arg(long)]
    zalo: bool,
    #[command(flatten)]
    telegram_args: TelegramArgs,
    #[command(flatten)]
    web: WebArgs,
    /// Address to receive Telegram's webhook requests on, e.g. 0.0.0.0:8443 (behind a TLS proxy).
    #[arg(long, requires = "webhook_url")]
    webhook_listen: Option<SocketAddr>,
    /// Public HTTPS URL Telegram posts updates to, e.g. https://bot.example.vn/telegram.
    #[arg(long, requires = "webhook_listen")]
    webhook_url: Option<url::Url>,
    /// The Telegram webhook's secret token (8+ characters; random when unset). Set it when several
    /// replicas share the webhook.
    #[arg(long, env = "PHOIHOP_WEBHOOK_SECRET", hide_env_values = true)]
    webhook_secret: Option<String>,
    /// The Zalo bot's token (prefer the environment: flags show in the process list).
    #[arg(long, env = "ZALO_BOT_TOKEN", hide_env_values = true)]
    zalo_token: Option<String>,
    /// Another Zalo Bot API server (a test's).
    #[arg(long, env = "ZALO_API_URL", value_name = "URL")]
    zalo_api_url: Option<String>,
    /// Address to receive Zalo's webhook requests on.
    #[arg(long, requires = "zalo_webhook_url")]
    zalo_webhook_listen: Option<SocketAddr>,
    /// Public HTTPS URL Zalo posts events to.
    #[arg(long, requires = "zalo_webhook_listen")]
    zalo_webhook_url: Option<url::Url>,
    /// The Zalo webhook's secret (8 to 256 characters), required with a Zalo webhook.
    #[arg(long, env = "ZALO_WEBHOOK_SECRET", hide_env_values = true)]
    zalo_webhook_secret: Option<String>,
    /// How often to look at the schedule (digests, reminders), in seconds; 0: never, in this process.
    #[arg(long, env = "PHOIHOP_SCHEDULE_SECONDS", default_value_t = 30.0)]
    schedule_seconds: f64,
}

/// What to serve, as configured: checked before the database is opened, so that a missing token or
/// secret fails at once.
pub struct Platforms {
    telegram: Option<phoihop::telegram::Config>,
    zalo: Option<phoihop::zalo::Config>,
    web: Option<phoihop::web::Config>,
    jobs: phoihop::jobs::Config,
}

pub fn configure(args: &Args) -> Result<Platforms> {
    let telegram = if args.telegram || !(args.zalo || args.web.listens()) {
        let mut config = args.telegram_args.config()?;
        if let (Some(listen), Some(url)) = (args.webhook_listen, args.webhook_url.clone()) {
            let secret = match args.webhook_secret.as_ref().filter(|s| !s.is_empty()) {
                Some(s) if s.len() >= 8 => s.clone(),
                Some(_) => anyhow::bail!("PHOIHOP_WEBHOOK_SECRET must be 8 characters or more"),
                None => invite::random_token(32)?,
            };
            config.webhook = Some(phoihop::telegram::Webhook { listen, url, secret });
        }
        Some(config)
    } else {
        None
    };
    let zalo = if args.zalo {
        let api_url = super::optional_url("ZALO_API_URL", args.zalo_api_url.as_deref())?;
        let mut config = phoihop::zalo::Config::new(args.zalo_token.as_deref(), api_url)?;
        if let (Some(listen), Some(url)) = (args.zalo_webhook_listen, args.zalo_webhook_url.clone()) {
            let secret = args
                .zalo_webhook_secret
                .clone()
                .filter(|s| (8..=256).contains(&s.len()))
                .context("ZALO_WEBHOOK_SECRET must be set (8 to 256 characters) for a Zalo webhook")?;
            config.webhook = Some(phoihop::zalo::ZaloWebhook { listen, url, secret });
        }
        Some(config)
    } else {
        None
    };
    let web = args.web.config()?;
    Ok(Platforms { telegram, zalo, web, jobs: phoihop::jobs::Config::every_seconds(args.schedule_seconds) })
}

pub async fn run(ctx: &Ctx, platforms: Platforms) -> Result<()> {
    // One process serves every plan in service; plans loaded or retired meanwhile are taken up.
    if let Some(plan) = &ctx.plan {
        eprintln!("{}", ctx.tr("cli-serve-plan-deprecated", &[("plan", plan.as_str().into())]));
    }
    let live = Arc::new(phoihop::bot::LivePlans::load(ctx.store.as_ref()).await?);
    let mut core = phoihop::bot::Bot::serving(ctx.store.clone(), live, ctx.messages.clone(), ctx.lang, ctx.settings);
    if let Some(web) = &platforms.web {
        // `/web` in the chats gives links to this page.
        core = core.with_web(web.public_url.clone());
    }
    let core = Arc::new(core);
    let on_telegram = async {
        match &platforms.telegram {
            Some(config) => phoihop::telegram::serve(config, core.clone(), ctx.clock, platforms.jobs).await,
            None => Ok(()),
        }
    };
    let on_zalo = async {
        match &platforms.zalo {
            Some(config) => phoihop::zalo::serve(config, core.clone(), ctx.clock, platforms.jobs).await,
            None => Ok(()),
        }
    };
    let on_web = async {
        match &platforms.web {
            Some(config) => {
                // Files sent with reports are fetched from the platforms served beside the page.
                let mut files: Vec<Arc<dyn phoihop::delivery::FileSource>> = Vec::new();
                if let Some(telegram) = &platforms.telegram {
                    files.push(Arc::new(phoihop::telegram::TelegramFiles::new(telegram)));
                }
                Ok(phoihop::web::serve(config, core.clone(), ctx.clock, files).await?)
            }
            None => Ok::<(), anyhow::Error>(()),
        }
    };
    tokio::try_join!(on_telegram, on_zalo, on_web)?;
    Ok(())
}
