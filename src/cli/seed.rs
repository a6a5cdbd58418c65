//! `phoihop seed PATH`: loads a plan directory; loading the same plan again changes nothing.

use std::path::PathBuf;

use anyhow::Result;
use fluent_bundle::FluentValue;
use phoihop::plan::seed;
use phoihop::store::SaveOutcome;

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// The plan directory (catalog.toml + plan.toml).
    path: PathBuf,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let bundle = seed::load_dir(&args.path)?;
    let key = match ctx.store.save_plan(&bundle).await? {
        SaveOutcome::Created => "cli-seed-created",
        SaveOutcome::Updated => "cli-seed-updated",
        SaveOutcome::Unchanged => "cli-seed-unchanged",
    };
    let args = [
        ("plan", FluentValue::from(bundle.plan.meta.id.as_str())),
        ("tasks", FluentValue::from(bundle.plan.tasks.len())),
        ("agencies", FluentValue::from(bundle.catalog.agencies().len())),
    ];
    println!("{}", ctx.tr(key, &args));
    Ok(())
}
