//! `phoihop digest`: the weekly roll-up of a week, printed or sent to every coordinator chat on Telegram.

use std::sync::Arc;

use anyhow::{Result, bail};
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
    #[command(flatten)]
    telegram: TelegramArgs,
}

/// Checked before the database is opened: a missing token fails at once.
pub fn check(args: &Args) -> Result<()> {
    if !args.print {
        args.telegram.config()?;
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let core = super::core(ctx, ctx.timeline().await?);
    let now = ctx.clock.now();
    let week = match args.week {
        Some(w) => w.parse::<Week>()?,
        None => Week::of(ctx.today()).previous(),
    };
    let reply = match core.digest(week, now).await? {
        Ok(reply) => reply,
        Err(why) => bail!(core.no_digest_reply(&why).text),
    };
    if args.print {
        println!("{}", phoihop::text::for_terminal(&reply.text));
        return Ok(());
    }
    let config = args.telegram.config()?;
    let (chats, waiting) = phoihop::telegram::send_to_coordinators(&config, Arc::new(core), ctx.clock, &reply).await?;
    eprintln!("queued for {chats} coordinator chats; {waiting} messages still waiting to be sent");
    Ok(())
}
