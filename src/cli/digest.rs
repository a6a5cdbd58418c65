//! `phoihop digest`: the weekly roll-up of a week, printed or sent to every coordinator chat on Telegram.

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use phoihop::bot::Reply;
use phoihop::progress::week::Week;

use super::{Ctx, TelegramArgs};

#[derive(clap::Args)]
pub struct Args {
    /// ISO week, e.g. 2026-W48.
    #[arg(long)]
    week: Option<String>,
    /// Print it instead of sending it.
    #[arg(long)]
    print: bool,
    /// Write its chart to this PNG file instead of sending it (one plan: --plan when several).
    #[arg(long)]
    chart: Option<std::path::PathBuf>,
    #[command(flatten)]
    telegram: TelegramArgs,
}

/// Checked before the database is opened: a missing token fails at once.
pub fn check(args: &Args) -> Result<()> {
    if !args.print && args.chart.is_none() {
        args.telegram.config()?;
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if let Some(path) = &args.chart {
        let week =
            args.week.as_deref().map(str::parse::<Week>).transpose()?.unwrap_or(Week::of(ctx.today()).previous());
        let bot = super::core(ctx, ctx.one_plan().await?);
        let now = ctx.clock.now();
        let data = match bot.digest_data(week, now).await? {
            Ok(data) => data,
            Err(why) => bail!(bot.no_digest_reply(&why).text),
        };
        let Some(picture) = bot.chart(&data).await? else { bail!("the chart could not be drawn (see the log)") };
        std::fs::write(path, &picture.bytes).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("{}: {} bytes", path.display(), picture.bytes.len());
        return Ok(());
    }
    let core = super::core_for(ctx, ctx.plans().await?);
    let plans = core.plans().clone();
    let now = ctx.clock.now();
    let today = ctx.today();
    let week = match args.week {
        Some(w) => w.parse::<Week>()?,
        None => Week::of(today).previous(),
    };
    // Each plan's digest, under its heading when there are several.
    let mut made = Vec::with_capacity(plans.len());
    let mut refusal = None;
    for i in 0..plans.len() {
        let bot = core.in_plan(i);
        match bot.digest(week, now).await? {
            Ok(reply) if plans.len() > 1 => made.push((i, format!("{}\n{}", bot.plan_heading(today), reply.text))),
            Ok(reply) => made.push((i, reply.text)),
            Err(why) => refusal = refusal.or(Some(bot.no_digest_reply(&why).text)),
        }
    }
    if made.is_empty() {
        bail!(refusal.unwrap_or_default());
    }
    if args.print {
        let all: Vec<&str> = made.iter().map(|(_, t)| t.as_str()).collect();
        println!("{}", phoihop::text::for_terminal(&all.join("\n\n")));
        return Ok(());
    }
    // Every coordinator chat gets the digests of the plans it coordinates.
    let mut sends = Vec::new();
    for catalog in plans.catalogs() {
        let among = plans.of_catalog(catalog);
        for b in ctx.store.chat_bindings(catalog).await?.into_iter().filter(|b| b.coordinator) {
            let mine = plans.coordinated_by(&among, &b.agency, b.plan.as_deref(), today);
            let texts: Vec<&str> = made.iter().filter(|(i, _)| mine.contains(i)).map(|(_, t)| t.as_str()).collect();
            if !texts.is_empty() {
                sends.push((b.chat, Reply::text(texts.join("\n\n"))));
            }
        }
    }
    let config = args.telegram.config()?;
    let (chats, waiting) = phoihop::telegram::send_now(&config, Arc::new(core), ctx.clock, &sends).await?;
    eprintln!("queued for {chats} coordinator chats; {waiting} messages still waiting to be sent");
    Ok(())
}
