//! `phoihop seed PATH`: loads a plan directory; loading the same plan again changes nothing.

use std::path::PathBuf;

use anyhow::{Result, bail};
use fluent_bundle::FluentValue;
use phoihop::plan::{CatalogDifference, PlanTimeline, seed};
use phoihop::store::SaveOutcome;

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// The plan directory (catalog.toml + plan.toml).
    path: PathBuf,
    /// Where the directory's catalog.toml differs from the agencies already kept for that catalog, take
    /// the file's (a deliberate edit); by default the kept ones stay and the differences are listed.
    #[arg(long)]
    update_catalog: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut bundle = seed::load_dir(&args.path)?;
    // Plans of one province share its catalog: another plan's copy adds what is new and changes nothing
    // that is already kept, unless asked to.
    if let Some(kept) = kept_catalog(ctx, &bundle.catalog.id, &bundle.plan.meta.id).await? {
        let (merged, differences) = kept.merged_with(&bundle.catalog, args.update_catalog);
        warn_differences(ctx, &bundle.catalog.id, &differences, args.update_catalog);
        bundle.catalog = merged;
    }
    if let Err(e) = PlanTimeline::new(bundle.clone()) {
        bail!(ctx.tr(
            "cli-seed-timeline",
            &[("plan", bundle.plan.meta.id.as_str().into()), ("error", e.to_string().into())]
        ));
    }
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

/// The catalog as kept for the plans already stored, if any other plan uses it.
async fn kept_catalog(ctx: &Ctx, catalog: &str, plan: &str) -> Result<Option<phoihop::plan::Catalog>> {
    let overview = ctx.store.plan_overview().await?;
    let Some(other) = overview.iter().find(|p| p.catalog == catalog && p.id != plan) else { return Ok(None) };
    Ok(ctx.store.load_plan(Some(&other.id)).await?.map(|b| b.catalog))
}

fn warn_differences(ctx: &Ctx, catalog: &str, differences: &[CatalogDifference], file_wins: bool) {
    let list = |pick: fn(&CatalogDifference) -> Option<String>| differences.iter().filter_map(pick).collect::<Vec<_>>();
    let differs = list(|d| match d {
        CatalogDifference::Differs { code, fields } => Some(format!("{code} ({})", fields.join(", "))),
        _ => None,
    });
    let missing = list(|d| match d {
        CatalogDifference::Missing { code } => Some(code.clone()),
        _ => None,
    });
    let added = list(|d| match d {
        CatalogDifference::Added { code } => Some(code.clone()),
        _ => None,
    });
    let say = |key: &str, codes: &[String]| {
        if !codes.is_empty() {
            let args = [("catalog", catalog.into()), ("count", codes.len().into()), ("codes", codes.join(", ").into())];
            eprintln!("{}", ctx.tr(key, &args));
        }
    };
    say(if file_wins { "cli-seed-catalog-updated" } else { "cli-seed-catalog-differs" }, &differs);
    say("cli-seed-catalog-missing", &missing);
    say("cli-seed-catalog-added", &added);
}
