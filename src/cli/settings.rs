//! `phoihop settings [set KEY VALUE]`: the settings a coordinator may change without code.

use anyhow::{Context, Result};

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    change: Option<Change>,
}

#[derive(clap::Subcommand)]
enum Change {
    /// Store a setting: digest_day, digest_time, reminder_day, reminder_time, report_window_days.
    Set { key: String, value: String },
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if let Some(Change::Set { key, value }) = args.change {
        let mut checked = ctx.settings;
        checked.apply(&key, &value)?;
        let canonical = checked.value_of(&key).context("every key has a value")?;
        ctx.store.set_setting(&key, &canonical).await?;
        println!("{key} = {canonical}");
        return Ok(());
    }
    for key in phoihop::settings::KEYS {
        println!("{key} = {}", ctx.settings.value_of(key).unwrap_or_default());
    }
    Ok(())
}
