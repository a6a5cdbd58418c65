//! `phoihop settings [set KEY VALUE]`: the settings a coordinator may change without code.

use anyhow::{Context, Result};

use phoihop::holidays;

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    change: Option<Change>,
}

#[derive(clap::Subcommand)]
enum Change {
    /// Store a setting: digest_day, digest_time, reminder_day, reminder_time, report_window_days,
    /// digest_per_plan, review_done, deadline_alerts; holidays_add and holidays_remove (dates like
    /// 2026-09-03, 2026-09-04, added to or taken from the shipped public holidays).
    Set { key: String, value: String },
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if let Some(Change::Set { key, value }) = args.change {
        if key == holidays::ADD_KEY || key == holidays::REMOVE_KEY {
            let days = holidays::parse_days(&value)?;
            let canonical = days.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            ctx.store.set_setting(&key, &canonical).await?;
            println!("{key} = {canonical}");
            return Ok(());
        }
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
    let stored = ctx.store.settings().await?;
    for key in [holidays::ADD_KEY, holidays::REMOVE_KEY] {
        let value = stored.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default();
        println!("{key} = {value}");
    }
    Ok(())
}
